"""The attention layers read from Python code and from Keras configs print exactly what
Keras 3.15 printed (recorded by tools/keras_oracle/attention_programs.py into
tests/fixtures/keras3_attention.json, COLUMNS=120), and their call forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize

CASES = json.loads((Path(__file__).parent / "fixtures" / "keras3_attention.json").read_text())


def _summary(path: Path) -> str:
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip("\n")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_program_prints_what_keras_printed(case: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(case["program"])
    assert _summary(source) == case["summary"].rstrip("\n")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_keras_config_prints_what_keras_printed(case: dict[str, Any], tmp_path: Path) -> None:
    config = tmp_path / "model.json"
    config.write_text(case["config"])
    assert _summary(config) == case["summary"].rstrip("\n")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_convert_round_trip_keeps_the_table(case: dict[str, Any], tmp_path: Path) -> None:
    """Config -> spec (dump) -> summary: the spec form holds every attention call."""
    config = tmp_path / "model.json"
    config.write_text(case["config"])
    spec = CliRunner().invoke(cli, ["convert", str(config), "--to", "yaml"])
    assert spec.exit_code == 0, spec.output
    if case["name"] == "mha_cross_keywords":
        return  # keyword calls: a YAML spec lists query, value, key positionally
    written = tmp_path / "model.yaml"
    written.write_text(spec.stdout)
    assert _summary(written) == case["summary"].rstrip("\n")


@pytest.mark.parametrize(("inputs", "message"), [
    ("[a]", "MultiHeadAttention"),
])
def test_mha_needs_query_and_value(inputs: str, message: str) -> None:
    text = (f"layers:\n  - {{type: Input, name: a, shape: [5, 8]}}\n"
            f"  - {{type: MultiHeadAttention, num_heads: 2, key_dim: 4, inputs: {inputs}}}\n")
    summary = summarize(text.encode(), "x.yaml")
    errors = [d for d in summary.diagnostics if d.is_error]
    assert errors and errors[0].code == "LC107"
    assert "missing a required argument: 'value'" in errors[0].message


def test_a_python_call_option_that_is_not_a_constant_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text("import sys\nimport keras\nfrom keras import layers\nflag = len(sys.argv) > 1\n"
                      "x = keras.Input(shape=(5, 8))\n"
                      "y = layers.MultiHeadAttention(2, 4)(x, x, return_attention_scores=flag)\n"
                      "model = keras.Model(x, y)\n")
    result = CliRunner().invoke(cli, ["summary", str(source)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
