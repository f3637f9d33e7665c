"""`lstmcalc convert`: spec -> Keras code -> import reproduces the summary, over the corpus."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rich.console import Console

from lstmcalc.cli import cli
from lstmcalc.engine import Summary, summarize
from lstmcalc.render.json_out import summary_json
from lstmcalc.render.keras_table import print_summary
from lstmcalc.spec import load_spec
from lstmcalc.spec.dump import to_yaml
from lstmcalc.writers.keras_code import to_keras_python

CASES = sorted((Path(__file__).parent / "conformance" / "cases").glob("*.yaml")) + sorted(
    (Path(__file__).parent / "keras_graph" / "cases").glob("*.yaml"))


def fingerprint(summary: Summary) -> tuple[object, ...]:
    data = summary_json(summary)
    # JSON rows follow the source (a spec's order, or Keras's for code); the table is Keras's order
    rows = sorted((r["name"], r["type"], r["output_shape"], r["params"], r["trainable_params"], r["inputs"])
                  for r in data["layers"])
    errors = [(d["code"], d["layer"]) for d in data["diagnostics"] if d["severity"] == "error"]
    table = ""
    if summary.ok:
        console = Console(file=io.StringIO(), width=120, color_system=None, highlight=False)
        print_summary(summary, console, 88)
        table = console.file.getvalue()  # type: ignore[attr-defined]
    return data["name"], rows, data["total_params"], errors[:1], table


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_round_trip_through_keras_code(case: Path) -> None:
    spec, problems = load_spec(case.read_bytes(), str(case))
    assert spec is not None and not problems
    code = to_keras_python(spec)
    again = summarize(code.encode(), "model.py")
    assert fingerprint(again) == fingerprint(summarize(case.read_bytes(), str(case)))


@pytest.mark.parametrize("case", CASES[:60], ids=[p.stem for p in CASES[:60]])
def test_round_trip_through_yaml(case: Path) -> None:
    spec, _ = load_spec(case.read_bytes(), str(case))
    assert spec is not None
    text = to_yaml(spec.layers, spec.name)
    assert yaml.safe_load(text) == yaml.safe_load(case.read_text())
    assert fingerprint(summarize(text.encode(), "again.yaml")) == fingerprint(summarize(case.read_bytes(), "x"))


@pytest.mark.parametrize("target", ["yaml", "json", "keras"])
def test_convert_command(target: str, tmp_path: Path) -> None:
    out = tmp_path / f"model.{'py' if target == 'keras' else target}"
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", "specs/understanding_lstm.yaml", "--to", target, "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = summarize(out.read_bytes(), str(out))
    assert back.ok and back.total_params == 137_217 and back.name == "understanding_lstm"
    again = runner.invoke(cli, ["convert", "specs/understanding_lstm.yaml", "--to", target, "-o", str(out)])
    assert again.exit_code == 2  # never overwrites without --force


def test_emitted_code_is_idiomatic_keras() -> None:
    spec, _ = load_spec(Path("specs/three_stacked_classifier.yaml").read_bytes(), "s.yaml")
    assert spec is not None
    assert to_keras_python(spec) == (
        "import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n"
        "    keras.Input(shape=(8, 16)),\n"
        "    layers.LSTM(units=32, return_sequences=True),\n"
        "    layers.LSTM(units=32, return_sequences=True),\n"
        "    layers.LSTM(units=32),\n"
        "    layers.Dense(units=10, activation='softmax'),\n"
        "], name='three_stacked_classifier')\nmodel.summary()\n")


def test_convert_reports_unreadable_input() -> None:
    result = CliRunner().invoke(cli, ["convert", "-", "--to", "yaml"], input="layers: [")
    assert result.exit_code == 1 and "LC001" in result.output
