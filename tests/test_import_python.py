"""Keras Python code in, read with ast and never run: the classic tutorial snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize


def model(code: str, settings: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    return summarize(code.encode(), "model.py", settings)


def shapes(summary) -> list[tuple[str, tuple[int | None, ...] | None, int]]:  # type: ignore[no-untyped-def]
    return [(r.name, r.output_shape, r.params) for r in summary.layers if not r.is_input]


SEQUENTIAL_STACK = '''
from keras.models import Sequential
from keras.layers import LSTM, Dense, Dropout

model = Sequential()
model.add(LSTM(50, return_sequences=True, input_shape=(60, 1)))
model.add(Dropout(0.2))
model.add(LSTM(50, return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(50))
model.add(Dropout(0.2))
model.add(Dense(units=1))
model.compile(optimizer="adam", loss="mean_squared_error")
'''


def test_sequential_add_stack_with_dropout_between_lstms() -> None:
    s = model(SEQUENTIAL_STACK)
    assert s.ok and not s.functional
    assert shapes(s) == [("lstm", (None, 60, 50), 10_400), ("dropout", (None, 60, 50), 0),
                         ("lstm_1", (None, 60, 50), 20_200), ("dropout_1", (None, 60, 50), 0),
                         ("lstm_2", (None, 50), 20_200), ("dropout_2", (None, 50), 0), ("dense", (None, 1), 51)]


def test_sequential_list_with_input_dim_and_input_length() -> None:
    code = '''
import tensorflow as tf
model = tf.keras.Sequential([
    tf.keras.layers.LSTM(128, input_dim=64, input_length=5, return_sequences=True, name="lstm_a"),
    tf.keras.layers.LSTM(256, name="lstm_b"),
], name="legacy_input_dim")
'''
    # Keras 3 (the summary lstmcalc gives) refuses input_length on an RNN: recorded for
    # GRU(4, input_length=10, input_dim=3) in tests/fixtures/keras3_legacy_args.json.
    s = model(code)
    assert not s.ok
    (d,) = [d for d in s.diagnostics if d.is_error]
    assert d.code == "LC013" and d.message == "Unrecognized keyword arguments passed to LSTM: {'input_length': 5}"


def test_bidirectional_with_merge_mode_and_constants() -> None:
    code = '''
from tensorflow.keras import layers, models
TIMESTEPS, FEATURES = 30, 4
timesteps = 30
features = 2 * 2
units = 16
m = models.Sequential()
m.add(layers.Input(shape=(timesteps, features)))
m.add(layers.Bidirectional(layers.LSTM(units * 4, return_sequences=True), merge_mode="sum"))
m.add(layers.Bidirectional(layers.LSTM(units), merge_mode="concat"))
m.add(layers.Dense(1, activation="sigmoid"))
'''
    s = model(code)
    assert s.ok
    assert shapes(s) == [("bidirectional", (None, 30, 64), 35_328), ("bidirectional_1", (None, 32), 10_368),
                         ("dense", (None, 1), 33)]


FUNCTIONAL = '''
import keras
from keras import layers

inputs = keras.Input(shape=(x_train.shape[1], x_train.shape[2]))
x = layers.LSTM(128, return_sequences=True)(inputs)
x = layers.LSTM(64)(x)
x = layers.Dense(128, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="understanding_lstm")
'''


def test_functional_two_lstm_classifier_needs_the_data_shape() -> None:
    s = model(FUNCTIONAL)
    assert not s.ok
    codes = [(d.code, d.span.line, d.span.column) for d in s.diagnostics]
    assert codes == [("LC030", 5, 29), ("LC030", 5, 47)]
    assert "--set 'x_train.shape[1]=60'" in s.diagnostics[0].hint
    good = model(FUNCTIONAL, {"x_train.shape[1]": 50, "x_train.shape[2]": 10})
    assert good.ok and good.functional and good.name == "understanding_lstm"
    assert [r.params for r in good.layers] == [0, 71_168, 49_408, 8_320, 129]


def test_set_option_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(FUNCTIONAL)
    runner = CliRunner(env={"COLUMNS": "120"})
    missing = runner.invoke(cli, ["summary", str(path)])
    assert missing.exit_code == 1 and "LC030" in missing.output
    ok = runner.invoke(cli, ["summary", str(path), "--set", "x_train.shape[1]=50", "--set", "x_train.shape[2]=10"])
    assert ok.exit_code == 0 and 'Model: "understanding_lstm"' in ok.output and "129" in ok.output
    bad = runner.invoke(cli, ["summary", str(path), "--set", "x_train.shape[1]"])
    assert bad.exit_code == 2


def test_encoder_decoder_with_return_state() -> None:
    code = '''
from keras.layers import Input, LSTM, Dense
from keras.models import Model
encoder_inputs = Input(shape=(None, 71))
encoder = LSTM(256, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
decoder_inputs = Input(shape=(None, 93))
decoder_lstm = LSTM(256, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=[state_h, state_c])
decoder_dense = Dense(93, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)
model = Model([encoder_inputs, decoder_inputs], decoder_outputs)
'''
    s = model(code)
    assert s.ok, s.diagnostics
    rows = {r.name: r for r in s.layers}
    # Keras's order (map_graph: by depth from the outputs), as recorded for the same graph in
    # tests/fixtures/keras3_programs.json "seq2seq_states_in_a_list"
    assert [r.name for r in s.layers] == ["input_layer", "input_layer_1", "lstm", "lstm_1", "dense"]
    assert rows["lstm"].outputs == ((None, 256), (None, 256), (None, 256))
    assert rows["lstm_1"].inputs == ("input_layer_1", "lstm", "lstm") and rows["lstm_1"].input_indices == (0, 1, 2)
    assert rows["dense"].output_shape == (None, None, 93)
    assert s.total_params == 335_872 + 358_400 + 23_901
    assert not s.sequential_like


@pytest.mark.parametrize("code", [
    "import os\nos.system('touch /tmp/lstmcalc_pwned')\nmodel = Sequential([LSTM(4, input_shape=(3, 2))])\n",
    "__import__('os').system('touch /tmp/lstmcalc_pwned')\nfrom keras import Sequential\n",
    "while True:\n    pass\nmodel = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])\n",
    "from keras import Sequential\nmodel = Sequential([LSTM(open('/etc/passwd').read())])\n",
    "from keras import Sequential\nmodel = Sequential([LSTM(2 ** 10 ** 10, input_shape=(3, 2))])\n",
])
def test_code_that_would_do_harm_is_never_run(code: str) -> None:
    marker = Path("/tmp/lstmcalc_pwned")
    marker.unlink(missing_ok=True)
    summarize(code.encode(), "evil.py")
    assert not marker.exists()


def test_syntax_error_points_at_the_line() -> None:
    s = model("from keras import Sequential\nmodel = Sequential([LSTM(4,]\n")
    assert s.diagnostics[0].code == "LC001" and s.diagnostics[0].span.line == 2


def test_stdin_python_is_detected_by_content() -> None:
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, ["summary", "-"], input=SEQUENTIAL_STACK)
    assert result.exit_code == 0 and "lstm_2 (LSTM)" in result.output


def test_no_model_found() -> None:
    s = model("import keras\nx = 3\n")
    assert s.diagnostics[0].code == "LC010" and "no Keras model" in s.diagnostics[0].message


def test_what_fit_evaluate_and_predict_return_is_only_known_when_run() -> None:
    """fit() returns a History, evaluate() losses and predict() an array: code that goes on to
    use them (a threshold, a plot of the loss) neither changes the model nor stops the read."""
    built = '''
import numpy as np
from keras import Sequential, Input
from keras.layers import LSTM, Dense
x = np.zeros((64, 1, 7))
y = np.zeros((64, 1))
model = Sequential([Input((1, 7)), LSTM(4), Dense(1)])
model.compile(loss="binary_crossentropy", optimizer="adam")
'''
    used = built + '''
history = model.fit(x, y, epochs=2)
losses = history.history["loss"]
loss, accuracy = model.evaluate(x, y)
predictions = (model.predict(x[[1, 2]]) > 0.5).astype(int).flatten()
if loss < 0.1:
    print("good")
'''
    alone, after = model(built), model(used)
    assert after.ok, [d.message for d in after.diagnostics]
    assert shapes(after) == shapes(alone) and len(shapes(after)) == 2
