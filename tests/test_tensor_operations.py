"""Operations written between layers (`x + y`, `y * 2.0`, keras.ops.mean): Keras 3 records each
as a row of its own (tests/fixtures/tensor_operations, recorded by
tools/keras_oracle/tensor_operations.py). lstmcalc does not model them, so it refuses (LC012),
naming each one, in a Keras config and in Python code alike; its hint (write the layer Add)
gives Keras's own table where Keras says it does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "tensor_operations"
RECORD = json.loads((FIXTURES / "keras3.json").read_text())


def summary(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


def test_a_config_with_written_operations_is_refused_naming_each() -> None:
    code, out, err = summary(FIXTURES / "written_ops.json")
    assert code == 1 and not out.strip()
    refused = [line for line in err.splitlines() if " LC012 " in line]
    named = [line.split("'")[1] for line in refused]
    rows = [line.split("│")[1].strip() for line in RECORD["written_ops"].splitlines() if line.startswith("│ ")]
    assert named == ["add", "multiply", "mean"] and all(f"{n} ({n.title()})" in rows for n in named)
    assert "keras.src.ops.numpy" in refused[0] and "keras.layers.Add()" in refused[0]


RESIDUAL = '''import keras
from keras import layers
i = keras.Input((10, 8))
x = layers.LSTM(8, return_sequences=True)(i)
a = layers.Dense(8)(x)
s = {merge}
model = keras.Model(i, layers.LSTM(4)(s))
model.summary(line_length=120)
'''


@pytest.mark.parametrize(("merge", "words"), [("x + a", "Add"), ("x - a", "Subtract"), ("x * 2.0", "Multiply"),
                                              ("x / a", "TrueDivide"), ("x @ a", "Matmul"), ("-x", "Negative")])
def test_python_operators_on_keras_tensors_are_refused_at_their_line(tmp_path: Path, merge: str, words: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(RESIDUAL.format(merge=merge))
    code, out, err = summary(path)
    assert code == 1 and not out.strip()
    assert f"model.py:6:5: LC012 [error] `{merge}` applies Keras's {words} operation" in err


def test_the_hint_gives_keras_s_table_where_keras_prints_the_same() -> None:
    """Without a mask, Keras prints `x + a` and Add()([x, a]) alike; lstmcalc prints the layer's."""
    assert RECORD["unmasked_operation"] == RECORD["unmasked_layer"]
    assert RECORD["masked_operation"] != RECORD["masked_layer"]  # why the hint says "no mask"
    result = CliRunner().invoke(cli, ["summary", "-"], input=RESIDUAL.format(merge="layers.Add()([x, a])"),
                                env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") == RECORD["unmasked_layer"].rstrip("\n")


def test_a_keras_operation_function_on_keras_tensors_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(RESIDUAL.format(merge="keras.ops.mean(x, axis=1)"))
    code, out, err = summary(path)
    assert code == 1 and not out.strip()
    assert "model.py:6:5: LC012 [error] `keras.ops.mean(...)` applies a Keras operation to Keras tensors" in err


@pytest.mark.parametrize("call", sorted(RECORD["tensorflow_functions"]))
def test_a_tensorflow_function_on_keras_tensors_stops_where_keras_does(tmp_path: Path, call: str) -> None:
    keras_says = RECORD["tensorflow_functions"][call]
    assert keras_says.startswith("ValueError: A KerasTensor cannot be used as input to a TensorFlow function")
    path = tmp_path / "model.py"
    path.write_text("import tensorflow as tf\n" + RESIDUAL.format(merge=call))
    code, out, err = summary(path)
    assert code == 1 and not out.strip()
    assert "model.py:7:5: LC036 [error] " + keras_says.split(".")[0] in err


def test_looking_at_a_keras_tensor_s_shape_is_not_an_operation(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(RESIDUAL.format(merge="x") + "steps = keras.ops.shape(x)[1]\n")
    code, out, err = summary(path)
    assert code == 0 and "LC012" not in err and "lstm_1 (LSTM)" in out


def test_every_operation_the_engine_derives_is_one_a_config_may_hold() -> None:
    """A Keras config's mask operations are skipped by class (MASK_OP_KINDS); every kind of
    operation row the engine makes over the masked corpora must be in that set, or a
    config holding it would be refused as an operation the user wrote."""
    from lstmcalc.engine import summarize
    from lstmcalc.engine.masking import MASK_OP_KINDS

    root = Path(__file__).parent
    kinds = set()
    for path in [*sorted((root / "keras_graph" / "cases").glob("*.yaml")),
                 *sorted((root / "keras_layers" / "mixed" / "cases").glob("*.yaml"))]:
        kinds |= {r.type for r in summarize(path.read_bytes(), str(path)).operations if r.is_op}
    assert kinds and kinds <= MASK_OP_KINDS, kinds - MASK_OP_KINDS
