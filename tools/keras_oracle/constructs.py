"""Python constructs the interpreter models, each in a small Keras program, and what Keras 3
printed for it.

    /tmp/kenv/bin/python tools/keras_oracle/constructs.py > tests/fixtures/keras3_constructs.json

Each program runs in a fresh Keras session (clear_session, so automatic names start over).
`model.summary()` is patched to record every table it prints (COLUMNS=120, print_fn), in
call order. A program with no summary() call names the model lstmcalc must choose
(`expect`: the variable), and its table is recorded. `set` gives values the program reads
from data at run time: the oracle defines them as data of that shape (numpy zeros), the
way lstmcalc's --set names them. An exception Keras raises is recorded instead.
tests/test_constructs.py reads each program with lstmcalc and compares. A one-off, in a
throwaway Keras venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"

HEAD = "import keras\nfrom keras import layers\n"

PROGRAMS: list[dict[str, object]] = [
    {"name": "activation_noise_and_shape_layers", "program": HEAD + """
inputs = keras.Input(shape=(12, 4))
x = layers.Permute((2, 1))(inputs)
x = layers.GaussianNoise(0.1)(x)
x = layers.LSTM(16, return_sequences=True)(x)
x = layers.LeakyReLU(negative_slope=0.2)(x)
x = layers.PReLU(shared_axes=[1])(x)
x = layers.GaussianDropout(0.2)(x)
x = layers.AlphaDropout(0.1)(x)
x = layers.ActivityRegularization(l1=0.01)(x)
x = layers.Identity()(x)
x = layers.MaxPool1D(2)(x)
x = layers.ELU(alpha=0.5)(x)
x = layers.ReLU(max_value=6.0)(x)
x = layers.GlobalAvgPool1D()(x)
x = layers.Dense(3)(x)
outputs = layers.Softmax()(x)
model = keras.Model(inputs, outputs)
model.summary()
"""},
    {"name": "function_defaults_and_keywords", "program": HEAD + """
def build(units, depth=2, dropout=0.1, name="stack"):
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(24, 6)))
    for i in range(depth):
        model.add(layers.LSTM(units, return_sequences=i < depth - 1))
        model.add(layers.Dropout(dropout))
    model.add(layers.Dense(3, activation="softmax"))
    return model

model = build(32, depth=3, name="deep")
model.summary()
"""},
    {"name": "class_init_and_method", "program": HEAD + """
class Forecaster:
    def __init__(self, timesteps, features, units=(64, 32)):
        self.timesteps = timesteps
        self.features = features
        self.units = list(units)
        self.model = None

    def build(self):
        inputs = keras.Input(shape=(self.timesteps, self.features))
        x = inputs
        for i, u in enumerate(self.units):
            x = layers.GRU(u, return_sequences=i + 1 < len(self.units), name=f"gru_{i}")(x)
        outputs = layers.Dense(1)(x)
        self.model = keras.Model(inputs, outputs, name="forecaster")
        return self.model

f = Forecaster(48, 5, units=[40, 20, 10])
f.build().summary()
"""},
    {"name": "property_staticmethod_classmethod", "program": HEAD + """
class Config:
    base = 16

    @staticmethod
    def width(k):
        return Config.base * k

    @classmethod
    def depth(cls):
        return 2

    @property
    def shape(self):
        return (12, 3)

c = Config()
model = keras.Sequential([keras.Input(shape=c.shape)])
for k in range(Config.depth()):
    model.add(layers.SimpleRNN(Config.width(k + 1), return_sequences=k == 0))
model.summary()
"""},
    {"name": "comprehensions_slices_and_builtins", "program": HEAD + """
sizes = [2 ** i for i in range(4, 8)][::-1]
pairs = {f"layer_{i}": s for i, s in enumerate(sizes) if s > 16}
total = sum(s for s in sizes)
model = keras.Sequential([keras.Input(shape=(10, max(sizes[-1], 4)))])
for name, units in pairs.items():
    model.add(layers.LSTM(units, return_sequences=True, name=name))
model.add(layers.LSTM(min(sizes), name="last"))
model.add(layers.Dense(round(total / 48), name="head_%d" % abs(-3)))
model.summary()
"""},
    {"name": "kwargs_dicts_and_star_args", "program": HEAD + """
common = dict(return_sequences=True, dropout=0.2)
specs = [{"units": 32, **common}, {"units": 16}]
shape = (20, 7)
inputs = keras.Input(shape=(*shape,))
x = inputs
for kw in specs:
    x = layers.LSTM(**kw)(x)
dense_args = (5,)
outputs = layers.Dense(*dense_args, activation="relu")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.summary()
"""},
    {"name": "starred_shape_from_data", "set": {"x_train.shape": [500, 30, 4]}, "program": HEAD + """
import numpy as np
x_train = np.load("train.npy")
model = keras.Sequential([
    keras.Input(shape=(*x_train.shape[1:],)),
    layers.Bidirectional(layers.LSTM(16)),
    layers.Dense(x_train.shape[2]),
])
model.summary()
"""},
    {"name": "if_elif_else_on_config", "program": HEAD + """
cell = "gru"
bidirectional = True
def rnn(units, **kw):
    if cell == "lstm":
        layer = layers.LSTM(units, **kw)
    elif cell == "gru":
        layer = layers.GRU(units, **kw)
    else:
        layer = layers.SimpleRNN(units, **kw)
    return layers.Bidirectional(layer) if bidirectional else layer

model = keras.Sequential([keras.Input(shape=(15, 2)), rnn(8, return_sequences=True), rnn(4)])
model.summary()
"""},
    {"name": "early_return_and_closure", "program": HEAD + """
def make(units, head=True):
    def block(x, n):
        return layers.LSTM(n, return_sequences=True)(x)
    inputs = keras.Input(shape=(9, 3))
    x = block(inputs, units)
    x = block(x, units // 2)
    if not head:
        return keras.Model(inputs, x)
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, layers.Dense(1)(x))

trunk = make(20, head=False)
full = make(20)
trunk.summary()
full.summary()
"""},
    {"name": "layer_objects_in_variables_and_lists", "program": HEAD + """
encoder = layers.LSTM(32, return_sequences=True)
stack = [encoder, layers.Dropout(0.3), layers.LSTM(8)]
model = keras.Sequential()
model.add(keras.Input(shape=(40, 12)))
for layer in stack:
    model.add(layer)
model.add(layers.Dense(2))
model.summary()
"""},
    {"name": "several_models_each_summarised", "program": HEAD + """
def build(units, n_layers=2, bidirectional=False):
    model = keras.Sequential(name=f"stack_{units}")
    model.add(keras.Input(shape=(20, 8)))
    for i in range(n_layers):
        rec = layers.LSTM(units, return_sequences=i < n_layers - 1)
        model.add(layers.Bidirectional(rec) if bidirectional else rec)
    model.add(layers.Dense(1))
    return model

small = build(16)
big = build(32, n_layers=3, bidirectional=True)
small.summary()
big.summary()
"""},
    {"name": "the_model_passed_to_compile", "expect": "second", "program": HEAD + """
import numpy as np
first = keras.Sequential([keras.Input(shape=(5, 2)), layers.LSTM(4)])
second = keras.Sequential([keras.Input(shape=(5, 2)), layers.GRU(6), layers.Dense(1)])
second.compile(optimizer="adam", loss=keras.losses.MeanSquaredError(), metrics=[np.sqrt])
third = keras.Sequential([keras.Input(shape=(5, 2)), layers.SimpleRNN(3)])
"""},
    {"name": "the_last_model_built", "expect": "b", "program": HEAD + """
a = keras.Sequential([keras.Input(shape=(3, 2)), layers.LSTM(2)])
b = keras.Sequential([keras.Input(shape=(3, 2)), layers.GRU(5)])
"""},
    {"name": "layer_outputs_of_a_functional_model", "program": HEAD + """
inputs = keras.Input(shape=(16, 4))
x = layers.LSTM(12, return_sequences=True)(inputs)
x = layers.LSTM(6)(x)
out = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, out)
features = keras.Model(inputs=model.input, outputs=model.layers[2].output, name="features")
features.summary()
also = keras.Model(model.inputs, model.get_layer(index=1).output)
also.summary()
"""},
    {"name": "trainable_set_after_construction", "program": HEAD + """
model = keras.Sequential([keras.Input(shape=(8, 3)), layers.LSTM(10), layers.Dense(4)])
model.layers[0].trainable = False
model.summary()
"""},
    {"name": "lambda_and_nested_calls", "program": HEAD + """
dense = lambda n, **kw: layers.Dense(n, **kw)
rec = lambda n: layers.LSTM(n)
inputs = keras.Input(shape=(6, 2))
model = keras.Model(inputs, dense(3, activation="tanh")(rec(int("7"))(inputs)))
model.summary()
"""},
    {"name": "while_loop_of_plain_values", "program": HEAD + """
units = 256
while units > 40:
    units //= 2
model = keras.Sequential([keras.Input(shape=(4, 4)), layers.GRU(units)])
model.summary()
"""},
    {"name": "shared_layer_siamese", "program": HEAD + """
a = keras.Input(shape=(10, 4), name="a")
b = keras.Input(shape=(10, 4), name="b")
shared = layers.LSTM(8)
x = layers.concatenate([shared(a), shared(b)])
model = keras.Model([a, b], layers.Dense(1)(x))
model.summary()
"""},
    {"name": "seq2seq_inference_models_reuse_layers", "program": HEAD + """
latent_dim = 16
encoder_inputs = keras.Input(shape=(None, 7))
encoder = layers.LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]
decoder_inputs = keras.Input(shape=(None, 9))
decoder_lstm = layers.LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = layers.Dense(9, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
encoder_model = keras.Model(encoder_inputs, encoder_states)
decoder_state_input_h = keras.Input(shape=(latent_dim,))
decoder_state_input_c = keras.Input(shape=(latent_dim,))
decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
decoder_outputs, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=decoder_states_inputs)
decoder_states = [state_h, state_c]
decoder_outputs = decoder_dense(decoder_outputs)
decoder_model = keras.Model([decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states)
model.summary()
encoder_model.summary()
decoder_model.summary()
"""},
    {"name": "names_after_sequential_builds", "program": HEAD + """
seq = keras.Sequential([keras.Input(shape=(6, 3)), layers.LSTM(4), layers.Dense(2)])
seq.add(layers.Dense(1))
first = keras.Sequential()
first.add(layers.GRU(3, input_shape=(6, 3)))
first.add(layers.Dense(2))
inp = keras.Input(shape=(6, 3))
out = layers.Dense(1)(layers.SimpleRNN(5)(inp))
model = keras.Model(inp, out)
model.summary()
"""},
    {"name": "feature_extractor_from_a_sequential", "program": HEAD + """
seq = keras.Sequential()
seq.add(keras.Input(shape=(12, 4)))
seq.add(layers.LSTM(8, return_sequences=True))
seq.add(layers.LSTM(6))
seq.add(layers.Dense(3))
features = keras.Model(inputs=seq.inputs, outputs=seq.layers[1].output)
features.summary()
"""},
    {"name": "sequential_input_attribute_raises", "program": HEAD + """
seq = keras.Sequential([keras.Input(shape=(5, 2)), layers.LSTM(3)])
model = keras.Model(seq.input, seq.output)
model.summary()
"""},
    {"name": "every_import_style", "program": """
import tensorflow as tf
import keras.layers as L
from tensorflow.keras import layers as KL
from keras.layers import *
from keras.layers import GRU as Recurrent
from tensorflow import keras as tfk
Rec = KL.LSTM
model = tfk.Sequential([tf.keras.Input(shape=(9, 2)), Rec(6, return_sequences=True),
                        Recurrent(5, return_sequences=True), L.SimpleRNN(4), Dense(2),
                        tf.compat.v1.keras.layers.Dense(1)])
model.summary()
"""},
    {"name": "unbuilt_sequential_rows", "program": HEAD + """
def build_model():
    model = keras.Sequential()
    model.add(layers.Embedding(1024, output_dim=16))
    model.add(layers.LSTM(8, return_sequences=True))
    model.add(layers.SpatialDropout1D(0.1))
    model.add(layers.GlobalMaxPooling1D())
    model.add(layers.Dropout(0.5))
    model.add(layers.Activation("relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    return model

build_model().summary()
"""},
    {"name": "enumerate_with_a_start", "program": HEAD + """
sizes = [16, 8]
model = keras.Sequential([keras.Input(shape=(10, 4))])
for i, size in enumerate(sizes, 1):
    model.add(layers.LSTM(size, return_sequences=i < len(sizes), name=f"rnn_{i}"))
model.summary()
"""},
    {"name": "prints_then_raises", "program": """
import tensorflow as tf
from tensorflow.keras import layers
model = tf.keras.Sequential()
model.add(layers.Embedding(input_dim=1000, output_dim=64))
model.add(layers.LSTM(128))
model.add(layers.Dense(10, activation="softmax"))
model.summary()
encoder_input = layers.Input(shape=(None,))
encoder_embedded = layers.Embedding(input_dim=1000, output_dim=64)(encoder_input)
output, state_h, state_c = layers.LSTM(64, return_state=True, name="encoder")(encoder_embedded)
decoder_output = layers.LSTM(64, name="decoder")(decoder_embedded, initial_state=[state_h, state_c])
model = tf.keras.Model([encoder_input, decoder_input], layers.Dense(10)(decoder_output))
model.summary()
"""},
    {"name": "branches_on_the_versions", "program": """
import tensorflow as tf
import keras
if tf.__version__[0] == "1":
    from tensorflow.keras.layers import CuDNNLSTM as LSTM
else:
    from tensorflow.keras.layers import LSTM
units = 8 if int(keras.__version__.split(".")[0]) >= 3 else 4
model = keras.Sequential([keras.Input((5, 2)), LSTM(units)])
model.summary()
"""},
    {"name": "keras1_model_keywords_raise", "program": """
import keras.layers as L
import keras.models as M
model_input = L.Input(shape=(2, 3))
model_output = L.LSTM(4, return_sequences=True)(model_input)
model = M.Model(input=model_input, output=model_output)
model.summary()
"""},
    {"name": "nested_models_from_code", "program": HEAD + """
inner = keras.Sequential([keras.Input((10, 4)), layers.LSTM(8, return_sequences=True)], name="encoder")
outer = keras.Sequential([keras.Input((10, 4)), inner, layers.LSTM(4), layers.Dense(1)])
outer.summary()
outer.summary(expand_nested=True)
inp = keras.Input((10, 4))
enc_in = keras.Input((None, 4))
enc = keras.Model(enc_in, layers.GRU(6)(enc_in), name="enc")
a = enc(inp)
b = enc(layers.Dense(4)(inp))
model = keras.Model(inp, layers.add([a, b]))
model.summary(line_length=100)
model.summary(100, expand_nested=True)
"""},
    {"name": "nested_sequential_without_input", "program": HEAD + """
head = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])
inputs = keras.Input(shape=(20, 3))
x = layers.Bidirectional(layers.LSTM(16))(inputs)
model = keras.Model(inputs, head(x))
model.summary()
"""},
    {"name": "freezing_a_pretrained_part", "program": HEAD + """
enc_in = keras.Input((20, 3))
enc = keras.Model(enc_in, layers.LSTM(16)(enc_in), name="pretrained")
for layer in enc.layers:
    layer.trainable = False
head = keras.Sequential([keras.Input((20, 3)), enc, layers.Dense(8), layers.Dense(1)])
head.layers[1].trainable = False
head.summary()
head.get_layer("pretrained").trainable = True
head.summary(expand_nested=True)
"""},
    {"name": "numpy_shapes_from_literal_data", "program": """
import numpy as np
from numpy import array
from keras.models import Sequential
from keras.layers import LSTM, Dense, Bidirectional

def split_sequence(sequence, n_steps):
    X, y = list(), list()
    for i in range(len(sequence)):
        end_ix = i + n_steps
        if end_ix > len(sequence) - 1:
            break
        X.append(sequence[i:end_ix])
        y.append(sequence[end_ix])
    return array(X), array(y)

raw_seq = [10, 20, 30, 40, 50, 60, 70, 80, 90]
X, y = split_sequence(raw_seq, 3)
X = X.reshape((X.shape[0], X.shape[1], 1))
Z = np.zeros((32, 12, 5))[:, 2:, :]
W = np.expand_dims(np.arange(48).reshape(6, -1), -1)
model = Sequential()
model.add(LSTM(50, activation="relu", input_shape=(X.shape[1], X.shape[2])))
model.add(Dense(len(y)))
model.summary()
m2 = Sequential([Bidirectional(LSTM(4), input_shape=Z.shape[1:]), Dense(W.shape[1])])
m2.summary()
"""},
    {"name": "clear_session_restarts_names", "program": """
import keras
import tensorflow as tf
from keras import layers
for units in (4, 8):
    tf.keras.backend.clear_session()
    model = keras.Sequential([keras.Input((6, 3)), layers.LSTM(units), layers.Dense(1)])
    model.summary()
"""},
    {"name": "summary_after_fit_counts_the_optimizer", "program": """
import numpy as np
import keras
from keras import layers
from keras.optimizers import RMSprop
x, y = np.zeros((4, 6, 3)), np.zeros((4, 1))
first = keras.Sequential([keras.Input((6, 3)), layers.LSTM(8), layers.Dense(1)])
first.compile(optimizer="adam", loss="mse")
first.fit(x, y, epochs=1, verbose=0)
first.summary()
second = keras.Sequential([keras.Input((6, 3)), layers.GRU(5), layers.Dense(1)])
second.compile(RMSprop(learning_rate=0.01, centered=True), "mse")
second.fit(x, y, epochs=1, verbose=0)
second.summary()
third = keras.Sequential([keras.Input((6, 3)), layers.SimpleRNN(4), layers.Dense(1)])
third.compile(optimizer=keras.optimizers.SGD(momentum=0.9, nesterov=True), loss="mse")
third.train_on_batch(x, y)
third.summary()
"""},
    {"name": "fit_before_compile_raises", "program": """
import numpy as np
import keras
model = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(8)])
model.summary()
model.fit(np.zeros((2, 6, 3)), np.zeros((2, 8)), verbose=0)
model.compile(optimizer="adam", loss="mse")
"""},
    {"name": "argparse_defaults", "program": """
import argparse
import keras
from keras import layers

def get_args():
    parser = argparse.ArgumentParser(description="train")
    parser.add_argument("--units", type=int, default=48)
    parser.add_argument("--n-layers", type=int, default="3")
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--bidirectional", action="store_true")
    parser.add_argument("--cell", choices=["lstm", "gru"], default="gru")
    return parser.parse_args()

args = get_args()
rnn = layers.GRU if args.cell == "gru" else layers.LSTM
model = keras.Sequential([keras.Input((30, 4))])
for i in range(args.n_layers):
    layer = rnn(args.units, return_sequences=i < args.n_layers - 1, dropout=args.dropout)
    model.add(layers.Bidirectional(layer) if args.bidirectional else layer)
model.add(layers.Dense(1))
model.summary()
"""},
    {"name": "sequential_built_by_build", "program": HEAD + """
m = keras.Sequential([layers.LSTM(8), layers.Dense(1)])
m.build((None, 10, 3))
m.summary()
i = keras.Input((3,))
f = keras.Model(i, layers.Dense(2)(i))
f.summary()
m2 = keras.Sequential([layers.Dense(4)])
m2.build(input_shape=(None, 5))
m2.summary()
"""},
    {"name": "built_by_fit_from_its_data", "program": """
import numpy as np
import keras
from keras import layers
x, y = np.zeros((64, 12, 3)), np.zeros((64, 1))
a = keras.Sequential([layers.LSTM(16, return_sequences=True), layers.LSTM(8), layers.Dense(1)])
a.compile(optimizer="adam", loss="mse")
a.fit(x, y, epochs=1, verbose=0)
a.summary()
b = keras.Sequential([layers.GRU(4), layers.Dense(1)])
b.compile(optimizer="sgd", loss="mse")
b.fit(x, y, batch_size=32, validation_split=0.25, epochs=1, verbose=0)
b.summary()
c = keras.Sequential([layers.SimpleRNN(4), layers.Dense(1)])
c.compile(optimizer="rmsprop", loss="mse")
c.train_on_batch(x[:10], y[:10])
c.summary()
"""},
    {"name": "user_loss_metric_and_callback_classes", "program": """
import tensorflow as tf

class FocalLoss(tf.keras.losses.Loss):
    def __init__(self, alpha=0.25, gamma=2.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.gamma = gamma

    def call(self, y_true, y_pred):
        return tf.reduce_mean(self.alpha * (1 - y_pred) ** self.gamma)

class Hits(tf.keras.metrics.Metric):
    def update_state(self, y_true, y_pred, sample_weight=None):
        pass

    def result(self):
        return 0.0

class StopEarly(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        pass

inputs = tf.keras.Input(shape=(20,))
x = tf.keras.layers.Embedding(100, 8)(inputs)
x = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(4))(x)
out = tf.keras.layers.Dense(1, activation="sigmoid")(x)
model = tf.keras.Model(inputs, out)
model.compile(optimizer="adam", loss=FocalLoss(alpha=0.9), metrics=["accuracy", Hits()])
callbacks = [StopEarly()]
model.summary()
"""},
    {"name": "string_methods_for_names", "program": HEAD + """
prefix = "Encoder"
names = ["{}_{}".format(prefix.lower(), i) for i in range(2)]
model = keras.Sequential([keras.Input(shape=(7, 3))])
model.add(layers.LSTM(5, return_sequences=True, name=names[0]))
model.add(layers.LSTM(5, name="_".join([names[1], "final"])))
model.summary()
"""},
]


def main() -> None:
    import keras
    import numpy as np

    out = []
    for case in PROGRAMS:
        keras.backend.clear_session()
        printed: list[str] = []
        original = keras.Model.summary

        def record(self, *args, _printed=printed, _original=original, **kwargs):  # type: ignore[no-untyped-def]
            lines: list[str] = []
            kwargs.pop("print_fn", None)
            _original(self, *args, print_fn=lambda line, _lines=lines, **_: _lines.append(line), **kwargs)
            _printed.append("\n".join(lines))

        keras.Model.summary = record  # type: ignore[method-assign]
        scope: dict[str, object] = {"__name__": "__main__"}
        program = str(case["program"])
        settings = case.get("set", {})
        if settings:  # data of the stated shape where the program loads it
            np.load = lambda *_a, _s=settings, **_k: np.zeros(tuple(_s["x_train.shape"]))  # type: ignore[assignment]
        record_out = dict(case)
        try:
            exec(compile(program, str(case["name"]), "exec"), scope)  # our own fixed programs, in the throwaway venv
            if "expect" in case:
                chosen = scope[str(case["expect"])]
                lines: list[str] = []
                original(chosen, print_fn=lambda line, _lines=lines, **_: _lines.append(line))  # type: ignore[arg-type]
                printed.append("\n".join(lines))
            record_out["summaries"] = printed
        except Exception as exc:  # noqa: BLE001 - the answer we record
            record_out["raises"] = type(exc).__name__
            record_out["message"] = str(exc)
            record_out["summaries"] = printed  # the tables printed before it raised
        finally:
            keras.Model.summary = original  # type: ignore[method-assign]
        out.append(record_out)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
