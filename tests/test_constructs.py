"""Each Python construct the interpreter models, in a small Keras program, printed as Keras
3.15 printed it (tests/fixtures/keras3_constructs.json, recorded by
tools/keras_oracle/constructs.py with COLUMNS=120)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

CASES = json.loads((Path(__file__).parent / "fixtures" / "keras3_constructs.json").read_text())


def _sets(case: dict[str, Any]) -> list[str]:
    out = []
    for key, value in case.get("set", {}).items():
        out += ["--set", f"{key}={tuple(value) if isinstance(value, list) else value!r}"]
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_construct_prints_what_keras_printed(case: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(case["program"])
    result = CliRunner().invoke(cli, ["summary", str(source), *_sets(case)], env={"COLUMNS": "120"})
    if "raises" in case:  # Keras stopped the program: lstmcalc prints what it printed before, and says why
        printed = "\n\n".join(s.rstrip("\n") for s in case.get("summaries", []))
        assert result.exit_code == 1 and result.stdout.rstrip("\n") == printed, result.output
        assert "[error]" in result.stderr
        return
    assert result.exit_code == 0, result.output
    expected = "\n\n".join(s.rstrip("\n") for s in case["summaries"])
    assert result.stdout.rstrip("\n") == expected


def test_several_models_say_which_was_chosen_and_why(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "the_model_passed_to_compile")
    source = tmp_path / "model.py"
    source.write_text(case["program"])
    result = CliRunner().invoke(cli, ["summary", str(source)])
    notes = [line for line in result.stderr.splitlines() if "LC034" in line]
    assert len(notes) == 1 and "`second`" in notes[0] and ".compile" in notes[0]


def test_model_option_picks_a_model_by_variable(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "the_last_model_built")
    source = tmp_path / "model.py"
    source.write_text(case["program"])
    result = CliRunner().invoke(cli, ["summary", str(source), "--model", "a"], env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "lstm (LSTM)" in result.stdout and "gru" not in result.stdout
    missing = CliRunner().invoke(cli, ["summary", str(source), "--model", "nope"])
    assert missing.exit_code == 1 and "no model is held by a variable named `nope`" in missing.stderr
