"""Keras programs read as their authors wrote them; expectations recorded from Keras 3.15 by
tools/keras_oracle/programs.py into tests/fixtures/keras3_programs.json (COLUMNS=120)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

CASES = json.loads((Path(__file__).parent / "fixtures" / "keras3_programs.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_program_prints_what_keras_printed(case: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(case["program"])
    result = CliRunner().invoke(cli, ["summary", str(source)], env={"COLUMNS": "120"})
    assert "raises" not in case  # every recorded program builds
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["summary"].rstrip("\n")


def test_an_alias_bound_twice_is_refused_not_guessed(tmp_path: Path) -> None:
    """`Rec` means LSTM on one path and GRU on another: lstmcalc names the call instead of
    picking one (Python would use whichever assignment ran last)."""
    source = tmp_path / "model.py"
    source.write_text("import sys\nimport keras\nfrom keras import layers\nflag = len(sys.argv) > 1\n"
                      "Rec = layers.LSTM\nif flag:\n    Rec = layers.GRU\n"
                      "model = keras.Sequential([keras.Input(shape=(5, 3)), Rec(4)])\n")
    result = CliRunner().invoke(cli, ["summary", str(source)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "`Rec` depends on `flag` (line 6)" in result.stderr and "--set 'flag=True'" in result.stderr


def test_keras_lstm_seq2seq_untouched_names_only_its_run_time_values() -> None:
    """The Keras 2 examples' lstm_seq2seq.py as found (tests/realworld/005): its token counts
    come from the data file, so lstmcalc must name them and nothing else. A data loop that
    calls set.add() does not build layers, and the states list built from unfollowed
    tensors must not be reported as a second, misleading error."""
    path = Path(__file__).parent / "realworld" / "005_keras2_lstm_seq2seq" / "lstm_seq2seq.py"
    result = CliRunner().invoke(cli, ["summary", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(" LC030 [error] `num_" in line for line in lines), lines
    assert {line.split("`")[1] for line in lines} == {"num_encoder_tokens", "num_decoder_tokens"}
