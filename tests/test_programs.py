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
