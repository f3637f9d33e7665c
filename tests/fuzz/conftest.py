"""Fuzz budget and the end-of-run count (the options are declared in tests/conftest.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from .stats import FAILURES, HITS, TRIED

#: Cases per test in CI (derandomized), chosen so the whole folder runs in under a minute
#: on a 2-core machine (measured: see README.md).
CI_EXAMPLES = {"spec": 500, "keras": 350, "archive": 350, "python": 350, "arrays": 200, "repl": 200, "config": 250,
               "names": 450, "calc": 300, "stdin": 250}
#: Cases per test with --fuzz-long: 100,000+ across kinds.
LONG_EXAMPLES = {"spec": 20_000, "keras": 12_000, "archive": 10_000, "python": 12_000, "arrays": 6_000,
                 "repl": 8_000, "config": 6_000, "names": 14_000, "calc": 8_000, "stdin": 6_000}


@dataclass
class Budget:
    long: bool
    seed: int | None
    examples: int | None
    collect: str | None

    def settings(self, kind: str) -> settings:
        count = self.examples or (LONG_EXAMPLES if self.long else CI_EXAMPLES)[kind]
        extra: dict[str, Any] = {}
        if self.collect:  # record and go on: shrinking is for a failure that stops the test
            extra["phases"] = [p for p in settings.default.phases if p.name != "shrink"]
        return settings(
            max_examples=count, deadline=None, database=None, derandomize=self.seed is None and not self.long,
            suppress_health_check=list(HealthCheck), print_blob=True, **extra,
        )

    def seeded(self, test: Any) -> Any:
        from hypothesis import seed

        if self.seed is not None:
            return seed(self.seed)(test)
        if self.long:
            return seed(0)(test)
        return test


@pytest.fixture
def fuzz_budget(request: pytest.FixtureRequest) -> Budget:
    opt = request.config.getoption
    return Budget(bool(opt("--fuzz-long")), opt("--fuzz-seed"), opt("--fuzz-examples"), opt("--fuzz-collect"))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if sum(TRIED.values()):
        terminalreporter.write_line(f"fuzz tests ran {sum(TRIED.values())} cases: {dict(sorted(TRIED.items()))}")
    target = config.getoption("--fuzz-collect", default=None)
    if target:
        path = Path(target)
        old: dict[str, Any] = {}
        if path.exists():
            old = json.loads(path.read_text())
        for sig, found in FAILURES.items():
            entry = dict(found, hits=HITS[sig] + old.get(sig, {}).get("hits", 0))
            if sig not in old or entry["size"] < old[sig]["size"]:
                old[sig] = entry
            else:
                old[sig]["hits"] = entry["hits"]
        path.write_text(json.dumps(old, indent=1, ensure_ascii=True))
        terminalreporter.write_line(f"fuzz failures: {len(FAILURES)} distinct this run, {len(old)} in {path}")
        for sig in sorted(FAILURES):
            terminalreporter.write_line(f"  {HITS[sig]:>6}  {sig}")
