"""Hypothesis fuzzing of the whole CLI, one test per input kind and command family.

Each test draws cases from strategies.py and runs them in-process through driver.py, which
checks the invariants (no crash-barrier exit 3, no escaped exception, clean outputs per
format, no file written where it should not be). The CI budget is small and derandomized;
`--fuzz-long` runs 100,000+ cases, `--fuzz-seed N` picks another seed, and
`--fuzz-collect FILE` records every distinct failure instead of stopping at the first.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from . import strategies
from .driver import regression_json, run_case
from .stats import FAILURES, HITS, TRIED


def check(case: dict[str, Any], budget: Any) -> None:
    TRIED[case["kind"]] += 1
    outcome = run_case(case)
    if outcome.ok:
        return
    reproduction = regression_json(case, f"fuzz {case['kind']}: {outcome.problems[0]}"[:200])
    if budget.collect:
        sig = f"{case['kind']}: {outcome.signature}"
        HITS[sig] += 1
        size = len(json.dumps(reproduction))
        if sig not in FAILURES or size < FAILURES[sig]["size"]:
            FAILURES[sig] = {"size": size, "problems": outcome.problems[:5], "trace": outcome.trace,
                             "exit": outcome.exit_code, "case": reproduction,
                             "stderr": outcome.stderr[-1500:], "stdout": outcome.stdout[-1500:]}
        return
    raise AssertionError(
        f"{outcome.signature}\nproblems: {outcome.problems}\nexit: {outcome.exit_code}\n"
        f"stderr: {outcome.stderr[-2000:]}\n{outcome.trace}\n"
        f"reproduction (save under tests/fuzz/regressions/):\n{json.dumps(reproduction)[:20000]}")


def _fuzz(kind: str, budget: Any) -> None:
    @budget.seeded
    @budget.settings(kind)
    @given(strategies.KINDS[kind]())
    def inner(case: dict[str, Any]) -> None:
        check(case, budget)

    inner()


@pytest.mark.parametrize("kind", sorted(strategies.KINDS))
def test_fuzz(kind: str, fuzz_budget: Any) -> None:
    _fuzz(kind, fuzz_budget)


#: the commands that take --keras 2 (tf.keras 2's rules): every kind again under them
KERAS_COMMANDS = {"summary", "lint", "explain", "calc", "interactive", "run", "convert", "diagram"}


def _as_keras2(case: dict[str, Any]) -> dict[str, Any]:
    argv = list(case["argv"])
    if argv and argv[0] in KERAS_COMMANDS:
        argv[1:1] = ["--keras", "2"]
    return {**case, "argv": argv}


@pytest.mark.parametrize("kind", sorted(strategies.KINDS))
def test_fuzz_keras2(kind: str, fuzz_budget: Any) -> None:
    """The same cases answered as tf.keras 2 (its own argument sets, refusals and table)."""
    @fuzz_budget.seeded
    @fuzz_budget.settings(kind)
    @given(strategies.KINDS[kind]().map(_as_keras2))
    def inner(case: dict[str, Any]) -> None:
        check(case, fuzz_budget)

    inner()
