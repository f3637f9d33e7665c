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
#: for the programs Keras refuses: the words of Keras's error lstmcalc must report
KERAS_SAYS = {
    "err_keras3_backend_dot.py": "module 'keras.backend' has no attribute 'dot'",
    "err_positional_name.py": "`name` must be passed as a keyword argument. Received: add_weight('W', ...).",
    "err_unknown_kwarg.py": "Unrecognized keyword arguments passed to Pool: {'units': 3}",
    "err_squeeze_shape.py": "Can not squeeze dim[2], expected a dimension of 1, got 4",
    "err_as_list.py": "AttributeError: 'tuple' object has no attribute 'as_list'",
    "err_trainable_weights.py": "property 'trainable_weights' of 'Attention' object has no setter",
}


def test_fixture_comes_from_keras_3_15() -> None:
    assert RECORDED["keras"].startswith("3.15")
    assert len(PROGRAMS) >= 8


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_prints_keras_table(program: str) -> None:
    record = RECORDED["programs"][program]
    result = CliRunner().invoke(cli, ["summary", str(HERE / "custom_layers" / program)], env={"COLUMNS": "80"})
    if "error" in record:
        phrase = KERAS_SAYS[program]
        assert phrase in record["error"]  # the phrase is Keras's own
        assert result.exit_code != 0 and phrase in result.output, result.output
        return
    assert result.output == record["table"], result.output


def run(*args: str, source: str | None = None, name: str = "m.yaml", tmp: Path | None = None) -> tuple[int, str]:
    paths = []
    if source is not None:
        assert tmp is not None
        path = tmp / name
        path.write_text(source)
        paths = [str(path)]
    result = CliRunner().invoke(cli, [*args, *paths], env={"COLUMNS": "80"})
    return result.exit_code, result.output


SPEC = """
layers:
  - {type: Input, shape: [40, 16]}
  - {type: LSTM, units: 64, return_sequences: true}
  - {type: Custom, class_name: Attention, output_shape: [null, 64],
     weights: {att_weight: [64, 32], att_bias: [32], att_u: [32]}}
  - {type: Dense, units: 1, activation: sigmoid}
"""


def test_custom_spec_prints_the_table_keras_prints_for_the_class(tmp_path: Path) -> None:
    # the same model as attention_wbu.py, declared instead of read
    code, out = run("summary", source=SPEC, tmp=tmp_path)
    assert code == 0
    assert out == RECORDED["programs"]["attention_wbu.py"]["table"]


def test_custom_spec_automatic_names_share_keras_counters(tmp_path: Path) -> None:
    source = """
layers:
  - {type: Input, shape: [8]}
  - {type: Custom, class_name: Dense, output_shape: [null, 8]}
  - {type: Dense, units: 4}
  - {type: Custom, class_name: MyHTTPLayer2D, output_shape: [null, 4]}
"""
    code, out = run("summary", source=source, tmp=tmp_path)
    assert code == 0
    # keras.src.utils.naming: to_snake_case, one counter per prefix shared with built-in layers
    assert "│ dense (Dense)" in out and "│ dense_1 (Dense)" in out
    assert "my_http_layer2d (MyHTTPLayer2D)" in out


def test_custom_spec_several_outputs_and_frozen_weights(tmp_path: Path) -> None:
    source = """
layers:
  - {type: Input, shape: [25, 12]}
  - {type: LSTM, units: 48, return_sequences: true}
  - {type: Custom, class_name: AttentionWithWeights, name: attn, output_shape: [[null, 48], [null, 25, 1]],
     weights: {w: [48, 1], b: [25, 1]}, non_trainable_weights: {steps: [3]}}
  - {type: Dense, units: 2, inputs: ["attn[0]"]}
"""
    code, out = run("summary", source=source, tmp=tmp_path)
    assert code == 0, out
    assert "[(None, 48), (None," in out
    assert "Non-trainable params: 3 (12.00 B)" in out


def test_custom_spec_needs_an_output_shape(tmp_path: Path) -> None:
    code, out = run("summary", source=SPEC.replace("output_shape: [null, 64],", ""), tmp=tmp_path)
    assert code != 0 and "needs `output_shape`" in out


def test_custom_spec_is_explained_linted_and_refused_by_run_and_convert(tmp_path: Path) -> None:
    code, out = run("explain", source=SPEC, tmp=tmp_path)
    assert code == 0 and "a user-defined layer (Attention)" in out and "64 × 32 + 32 + 32 = 2,112" in out
    code, out = run("lint", source=SPEC, tmp=tmp_path)
    assert code == 0, out
    code, out = run("convert", "--to", "keras", source=SPEC, tmp=tmp_path)
    assert code != 0 and "user-defined layer" in out and "'Attention'" in out
    assert "layers.Custom" not in out  # never code that silently differs
    code, out = run("run", source=SPEC, tmp=tmp_path)
    assert code != 0 and "attention is a user-defined layer (Attention)" in out


def test_an_op_outside_the_table_is_named_with_its_line(tmp_path: Path) -> None:
    source = """import tensorflow as tf
from tensorflow import keras


class Attention(keras.layers.Layer):
    def build(self, input_shape):
        self.W = self.add_weight(name="W", shape=(input_shape[-1], 1))

    def call(self, x):
        e = tf.einsum("btd,dk->btk", x, self.W)
        return tf.reduce_sum(x * e, axis=1)


inputs = keras.Input(shape=(10, 4))
x = keras.layers.LSTM(8, return_sequences=True)(inputs)
model = keras.Model(inputs, keras.layers.Dense(1)(Attention()(x)))
model.summary()
"""
    code, out = run("summary", source=source, name="m.py", tmp=tmp_path)
    assert code != 0
    assert "`tf.einsum` (line 10) is not an op lstmcalc traces" in out
    assert "compute_output_shape" in out and "Custom spec" in out


def test_compute_output_shape_spares_the_trace(tmp_path: Path) -> None:
    source = """import tensorflow as tf
from tensorflow import keras


class Attention(keras.layers.Layer):
    def build(self, input_shape):
        self.W = self.add_weight(name="W", shape=(input_shape[-1], 1))

    def call(self, x):
        return tf.einsum("btd,dk->bk", x, self.W)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 1)


inputs = keras.Input(shape=(10, 4))
x = keras.layers.LSTM(8, return_sequences=True)(inputs)
model = keras.Model(inputs, Attention()(x))
model.summary()
"""
    code, out = run("summary", source=source, name="m.py", tmp=tmp_path)
    assert code == 0, out
    assert "│ attention (Attention)           │ (None, 1)              │             8 │" in out


@pytest.mark.parametrize("program", [p for p in PROGRAMS if "config" in RECORDED["programs"][p]])
def test_keras_config_of_a_custom_class_is_refused_naming_it(program: str, tmp_path: Path) -> None:
    config = json.loads(RECORDED["programs"][program]["config"])
    custom = [layer["class_name"] for layer in config["config"]["layers"] if layer.get("module") is None]
    code, out = run("summary", source=RECORDED["programs"][program]["config"], name="model.json", tmp=tmp_path)
    assert code != 0
    assert f"'{custom[0]}' is a user-defined layer class" in out
    assert f"type: Custom, class_name: {custom[0]}" in out and "Python file that defines" in out


@pytest.mark.parametrize("program", [p for p in PROGRAMS if "table" in RECORDED["programs"][p]])
def test_convert_to_yaml_declares_what_the_class_amounts_to(program: str, tmp_path: Path) -> None:
    """A class read from code converts to a Custom entry (output shape and weights of its
    call); the spec prints Keras's table again."""
    result = CliRunner().invoke(cli, ["convert", str(HERE / "custom_layers" / program), "--to", "yaml"])
    assert result.exit_code == 0, result.output
    assert "type: Custom" in result.stdout and "definition" not in result.stdout
    code, out = run("summary", source=result.stdout, tmp=tmp_path)
    assert code == 0 and out == RECORDED["programs"][program]["table"], out


def test_custom_spec_called_on_nothing_is_refused(tmp_path: Path) -> None:
    source = """
layers:
  - {type: Input, shape: [3], name: a}
  - {type: Custom, class_name: Pool, output_shape: [null, 3], takes_list: true, inputs: []}
"""
    code, out = run("summary", source=source, tmp=tmp_path)
    assert code != 0 and "LC107" in out


def test_custom_spec_on_several_tensors_needs_takes_list(tmp_path: Path) -> None:
    body = """
layers:
  - {type: Input, shape: [10, 8], name: q}
  - {type: Input, shape: [12, 8], name: v}
  - {type: Custom, class_name: Luong, output_shape: [null, 10, 16], weights: {Wa: [8, 8]}, inputs: [q, v]%s}
"""
    code, out = run("summary", source=body % "", tmp=tmp_path)
    assert code != 0 and "LC106" in out
    code, out = run("summary", source=body % ", takes_list: true", tmp=tmp_path)
    assert code == 0 and "luong (Luong)" in out and "(None, 10, 16)" in out


def test_custom_spec_inside_time_distributed(tmp_path: Path) -> None:
    source = """
layers:
  - {type: Input, shape: [9, 12]}
  - {type: TimeDistributed, layer: {type: Custom, class_name: Score, output_shape: [null, 1],
     weights: {kernel: [12, 4], bias: [4], out: [4, 1]}}}
"""
    code, out = run("summary", source=source, tmp=tmp_path)
    assert code == 0 and "(None, 9, 1)" in out and "Total params: 56 " in out
