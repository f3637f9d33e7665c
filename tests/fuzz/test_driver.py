"""The driver's own checks: each invariant flags what it should and passes what it should."""

from __future__ import annotations

from .driver import Outcome, _check_markdown, _check_outputs, _outside_code_spans, run_case

GOOD = b"layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 4}\n"


def test_a_clean_case_passes() -> None:
    outcome = run_case({"argv": ["summary", "m.yaml", "--format", "json"], "files": {"m.yaml": GOOD}, "stdin": None})
    assert outcome.ok, outcome.problems
    assert outcome.exit_code == 0


def test_an_exit_code_outside_the_allowed_set_fails() -> None:
    outcome = run_case({"argv": ["summary", "m.yaml"], "files": {"m.yaml": GOOD}, "stdin": None}, {1})
    assert not outcome.ok and "exit status 0" in outcome.problems[0]


def test_overwriting_an_existing_file_without_force_is_caught_or_refused() -> None:
    case = {"argv": ["convert", "m.yaml", "--to", "yaml", "-o", "m.yaml"], "files": {"m.yaml": GOOD}, "stdin": None}
    outcome = run_case(case)
    assert outcome.ok and outcome.exit_code == 2  # refused: the atomic writer keeps the file


def _problems(argv: list[str], stdout: str = "", stderr: str = "") -> list[str]:
    problems: list[str] = []
    _check_outputs({"argv": argv, "files": {}}, Outcome(stdout=stdout, stderr=stderr), problems)
    return problems


def test_output_checks() -> None:
    assert _problems(["lint", "m"], "m:1:1: LC201 [warning] x\n1 error, 0 warnings, 0 info in 1 file (0 clean)\n") == []
    assert _problems(["lint", "m"], "m:1:1: LC201 [warning] x\ninjected\n1 error, 0 warnings, 0 info in 1 file (0 clean)\n")
    assert _problems(["lint", "m", "--format", "github"], "::error file=m,line=1,col=1,title=LC201::x\n"
                     "0 errors, 0 warnings, 0 info in 1 file (1 clean)\n") == []
    assert _problems(["lint", "m", "--format", "github"], "::error file=m::x,line=1,col=1,title=LC201::x\n")
    assert _problems(["summary", "m"], "\x1b[2J")
    assert _problems(["summary", "m"], "a\u202eb")
    assert _problems(["summary", "m", "--format", "json"], "{")
    assert _problems(["lint", "m", "--format", "sarif"], '{"version": "2.0.0"}')
    assert _problems(["summary", "m", "--format", "svg"], "<svg><g></svg>")
    assert _problems(["summary", "m", "--format", "html"], "<p><script>alert(1)</script></p>")
    assert _problems(["explain", "m"], stderr="m:1:1: LC001 [error] x\nsecond line\n")
    assert _problems(["explain", "m"], stderr="Usage: lstmcalc explain\nTry 'lstmcalc explain -h'\n\nError: x\n") == []
    assert _problems(["summary", "m"], stderr="internal error: KeyError")


def test_markdown_checks() -> None:
    problems: list[str] = []
    _check_markdown("| a | b |\n| --- | --- |\n| x\\|y | z |\n", problems)
    assert problems == []
    _check_markdown("| a | b |\n| --- | --- |\n| x|y | z |\n", problems)
    assert problems
    assert _outside_code_spans("``a`<script>`` b") == " b"
    problems = []
    _check_markdown("# Model ``x` <script> `y``\n", problems)
    assert problems == []
    _check_markdown("# Model `x` <script> `y`\n", problems)
    assert problems
