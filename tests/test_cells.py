"""The cells family read from every source: Keras configs, Python code, specs; the Lambda
refusals; run and convert. Expected tables were printed by Keras 3.15.1 itself
(tests/fixtures/cells/*.txt: model.summary() of the model each .json/.py builds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "cells"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


@pytest.mark.parametrize("source", ["stacked_config.json", "sequential_config.json", "code.py"])
def test_summary_matches_keras(source: str) -> None:
    code, out = invoke("summary", str(FIXTURES / source))
    want = (FIXTURES / source).with_suffix(".txt").read_text()
    assert code == 0, out
    assert [line.rstrip() for line in out.splitlines()] == [line.rstrip() for line in want.splitlines()]


def test_lambda_without_output_shape_is_refused_with_a_fix() -> None:
    code, out = invoke("summary", str(FIXTURES / "lambda_noshape_config.json"))
    assert code == 1
    assert "LC104" in out and "lambda_1 is a Lambda without `output_shape`" in out
    assert "give lambda_1 output_shape" in out and "lambda_noshape_config.json:1:" in out


def test_run_refuses_lambda_by_name() -> None:
    spec = "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: Lambda, name: my_fn, output_shape: [3]}\n"
    code, out = invoke("run", "-", stdin=spec)
    assert code == 1 and "'my_fn' is a Lambda" in out and "Traceback" not in out


@pytest.mark.parametrize(("cell", "message"), [
    ("{type: LSTMCell, units: 0}", "expected a positive integer, got 0"),
    ("{type: LSTMCel, units: 4}", "LSTMCel is not a Keras RNN cell"),
    ("{type: GRUCell, units: 4, colour: red}", "Unrecognized keyword arguments passed to GRUCell"),
    ("[]", "StackedRNNCells needs at least one cell"),
    ("{type: GRUCell}", "missing 1 required positional argument: 'units'"),
])
def test_bad_cells_are_refused(cell: str, message: str) -> None:
    spec = f"layers:\n  - {{type: Input, shape: [5, 3]}}\n  - {{type: RNN, cell: {cell}}}\n"
    code, out = invoke("summary", "-", stdin=spec)
    assert code == 1 and message in out and "Traceback" not in out


def test_convert_writes_cells_and_lambda() -> None:
    spec = ("layers:\n  - {type: Input, shape: [5, 3]}\n"
            "  - {type: RNN, cell: [{type: LSTMCell, units: 4}, {type: StackedRNNCells, cells: "
            "[{type: GRUCell, units: 2}]}], return_sequences: true}\n"
            "  - {type: Lambda, output_shape: [5, 2]}\n")
    code, out = invoke("convert", "-", "--to", "keras", stdin=spec)
    assert code == 0, out
    assert ("layers.RNN(cell=[layers.LSTMCell(units=4), layers.StackedRNNCells(cells=[layers.GRUCell(units=2)])], "
            "return_sequences=True)") in out
    assert "layers.Lambda(lambda x: x, output_shape=(5, 2))" in out


def test_lambda_output_shape_list_in_code_fails_as_in_keras(tmp_path: Path) -> None:
    # recorded from Keras 3.15.1: Lambda(fn, output_shape=[3]) raises TypeError "can only
    # concatenate tuple (not "TrackedList") to tuple" when called; a tuple works
    code_text = ("import keras\nfrom keras import layers\n"
                 "m = keras.Sequential([keras.Input((5, 3)), layers.Lambda(lambda t: t[:, 0], output_shape={})])\n"
                 "m.summary()\n")
    (tmp_path / "bad.py").write_text(code_text.format("[3]"))
    (tmp_path / "good.py").write_text(code_text.format("(3,)"))
    code, out = invoke("summary", str(tmp_path / "bad.py"))
    assert code == 1 and "TrackedList" in out and "output_shape=(3,)" in out
    code, out = invoke("summary", str(tmp_path / "good.py"))
    assert code == 0 and "(None, 3)" in out
