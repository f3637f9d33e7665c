"""Every tests/fuzz/regressions/*.json file is a case that once failed; each must now pass
the driver's invariants, with its exit status among the file's allowed codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .driver import case_from_regression, run_case

FOLDER = Path(__file__).parent / "regressions"
CASES = sorted(FOLDER.glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_regression(path: Path) -> None:
    case, exits = case_from_regression(json.loads(path.read_text(encoding="utf-8")))
    outcome = run_case(case, exits)
    assert outcome.ok, (f"{path.name}: {outcome.signature}\nproblems: {outcome.problems}\n"
                        f"exit: {outcome.exit_code}\nstderr: {outcome.stderr[-2000:]}\n{outcome.trace}")
