"""Small Keras programs (Python code as users write it) and what Keras 3 printed for each.

    /tmp/kenv/bin/python tools/keras_oracle/programs.py > tests/fixtures/keras3_programs.json

Each program builds `model`; the fixture records `model.summary()` (COLUMNS=120, no colour)
or the exception Keras raised. tests/test_programs.py reads each program with lstmcalc and
compares. A one-off, in a throwaway Keras venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"

PROGRAMS = {
    "concatenate_helper": """
import tensorflow as tf
inp = tf.keras.layers.Input(shape=(10, 3))
x = tf.keras.layers.LSTM(8, return_sequences=True)(inp)
y = tf.keras.layers.LSTM(8, return_sequences=True)(inp)
z = tf.keras.layers.concatenate([x, y])
out = tf.keras.layers.Dense(1)(z)
model = tf.keras.Model(inp, out)
""",
    "helpers_with_arguments": """
import keras
from keras import layers
a = keras.Input(shape=(6, 4), name="a")
b = keras.Input(shape=(6, 4), name="b")
s = layers.add([a, b])
m = layers.multiply([a, b], name="product")
c = layers.concatenate([s, m], axis=1)
hi = layers.maximum([a, b])
lo = layers.minimum([a, b])
d = layers.subtract([hi, lo])
dd = layers.concatenate([d, d], 1)
e = layers.average([c, dd])
h = layers.GRU(5)(e)
model = keras.Model([a, b], h)
""",
    "seq2seq_states_in_a_list": """
import keras
from keras.layers import Input, LSTM, Dense
from keras.models import Model
num_encoder_tokens = 71
num_decoder_tokens = 93
latent_dim = 256
encoder_inputs = Input(shape=(None, num_encoder_tokens))
encoder = LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]
decoder_inputs = Input(shape=(None, num_decoder_tokens))
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = Dense(num_decoder_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)
model = Model([encoder_inputs, decoder_inputs], decoder_outputs)
""",
    "loop_and_branches": """
import keras
from keras import layers
n_layers = 3
units = [64, 32, 16]
bidirectional = False
model = keras.Sequential()
model.add(keras.Input(shape=(20, 8)))
for i in range(n_layers):
    last = i == n_layers - 1
    if bidirectional:
        model.add(layers.Bidirectional(layers.LSTM(units[i], return_sequences=not last)))
    elif i % 2 == 0:
        model.add(layers.LSTM(units[i], return_sequences=not last))
    else:
        model.add(layers.GRU(units[i], return_sequences=not last))
    model.add(layers.Dropout(0.2))
model.add(layers.Dense(1, activation="sigmoid"))
""",
    "kwargs_from_a_config_dict": """
import keras
from keras import layers
config = {"units": 32, "dropout": 0.1}
rnn_args = dict(return_sequences=True, recurrent_dropout=0.0)
inputs = keras.Input(shape=(None, 12))
x = layers.LSTM(**config, **rnn_args)(inputs)
x = layers.GRU(config["units"] // 2)(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="configured")
""",
    "initializer_regularizer_constraint_objects": """
import keras
from keras import layers, initializers, regularizers
model = keras.Sequential([
    keras.Input(shape=(10, 3)),
    layers.LSTM(8, kernel_initializer=initializers.RandomNormal(stddev=0.01),
                kernel_regularizer=regularizers.l2(1e-4), recurrent_initializer=keras.initializers.Orthogonal()),
    layers.Dense(1, kernel_constraint=keras.constraints.MaxNorm(3),
                 bias_regularizer=keras.regularizers.L1L2(0.01, 0.02)),
])
""",
    "aliases": """
import keras.layers as L
from keras.layers import LSTM as Rec, Dense
from tensorflow.keras.models import Sequential
RNN = L.GRU
model = Sequential()
model.add(L.Input(shape=(10, 3)))
model.add(Rec(16, return_sequences=True))
model.add(RNN(8))
model.add(Dense(1))
""",
}


def main() -> None:
    import keras

    out = []
    for name, program in PROGRAMS.items():
        keras.backend.clear_session()
        scope: dict[str, object] = {}
        try:
            exec(compile(program, name, "exec"), scope)  # our own fixed programs, in the throwaway venv
        except Exception as exc:  # noqa: BLE001 - the answer we record
            out.append({"name": name, "program": program, "raises": type(exc).__name__, "message": str(exc)})
            continue
        lines: list[str] = []
        scope["model"].summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))  # type: ignore[attr-defined]
        out.append({"name": name, "program": program, "summary": "\\n".join(lines)})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
