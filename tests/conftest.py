"""Shared test options: --update-goldens rewrites tests/goldens from the current output."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/goldens/* from the current output instead of comparing")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many generated cases the property tests tried (see test_properties.py)."""
    import sys

    module = sys.modules.get("test_properties") or sys.modules.get("tests.test_properties")
    tried = getattr(module, "TRIED", None)
    if tried and sum(tried.values()):
        terminalreporter.write_line(f"property tests tried {sum(tried.values())} generated cases: {tried}")
