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


# --- the fuzzing harness (tests/fuzz): its options; its fixtures and summary live in
# tests/fuzz/conftest.py. The hook above is kept and extended, not replaced.
_addoption_before_fuzz = pytest_addoption


def pytest_addoption(parser: pytest.Parser) -> None:  # type: ignore[no-redef]
    _addoption_before_fuzz(parser)
    group = parser.getgroup("fuzz", "lstmcalc fuzzing harness (tests/fuzz)")
    group.addoption("--fuzz-long", action="store_true", default=False,
                    help="run the long fuzzing budget (100,000+ cases across input kinds) instead of the CI one")
    group.addoption("--fuzz-seed", type=int, default=None,
                    help="seed for the fuzz tests (turns derandomize off); default: derandomized in CI, 0 when long")
    group.addoption("--fuzz-examples", type=int, default=None,
                    help="cases per fuzz test, overriding the CI or long budget")
    group.addoption("--fuzz-collect", default=None, metavar="FILE",
                    help="record every distinct fuzz failure (smallest case per signature) to FILE as JSON "
                         "instead of stopping at the first")
