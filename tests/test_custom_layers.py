"""User-defined layers: Keras 3.15's tables for the programs of tests/fixtures/custom_layers/
(recorded by tools/keras_oracle/custom_layers.py), and the Custom spec type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

HERE = Path(__file__).parent / "fixtures"
RECORDED = json.loads((HERE / "keras3_custom_layers.json").read_text())
PROGRAMS = sorted(RECORDED["programs"])


def test_fixture_comes_from_keras_3_15() -> None:
    assert RECORDED["keras"].startswith("3.15")
    assert len(PROGRAMS) >= 8


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_prints_keras_table(program: str) -> None:
    record = RECORDED["programs"][program]
    result = CliRunner().invoke(cli, ["summary", str(HERE / "custom_layers" / program)], env={"COLUMNS": "80"})
    if "error" in record:
        assert result.exit_code != 0, result.output
        return
    assert result.output == record["table"], result.output
