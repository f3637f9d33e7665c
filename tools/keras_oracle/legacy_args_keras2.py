"""What tf.keras 2 (tf_keras 2.21) does with Keras 2 input arguments, model construction and
Keras 2 imports in Python code, recorded for tests/test_keras2_python.py (`--keras 2`).

    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/legacy_args_keras2.py \
        > tests/fixtures/keras2_legacy_args.json

The Keras 3 sibling is legacy_args.py. Each case is a short program that binds `model`; it
runs in a fresh namespace with `keras` taken as tf_keras (what `import keras` was under
Keras 2, and what `--keras 2` assumes), and `tensorflow` with TF_USE_LEGACY_KERAS=1, so
`tf.keras` is tf_keras too. The fixture records, per case, what Python raised (class,
message, and the program line) or the model built: its name, whether it is built, and each
layer's name, class, output shape and parameter count, plus the model's input names. A
one-off in a throwaway venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

K = "import keras\n"
TF = "import tensorflow as tf\n"


def seq(*layers: str, head: str = K, prefix: str = "keras.layers.") -> str:
    return head + "model = keras.Sequential([" + ", ".join(prefix + layer for layer in layers) + "])"


CASES = [
    # first-layer input arguments, per layer type
    seq("LSTM(4, input_shape=(10, 3))"),
    seq("LSTM(4, batch_input_shape=(2, 10, 3))"),
    seq("LSTM(4, input_dim=3)"),
    seq("LSTM(4, input_length=10)"),
    seq("LSTM(4, input_length=10, input_dim=3)"),
    seq("LSTM(4, input_dim=3, input_shape=(10, 3))"),
    seq("LSTM(4, input_dim=5, input_shape=(10, 3))"),
    seq("LSTM(4, input_length=10, input_shape=(10, 3))"),
    seq("LSTM(4, batch_size=2, input_shape=(10, 3))"),
    seq("LSTM(4, batch_size=2, input_dim=3, input_length=7)"),
    seq("LSTM(4, batch_size=2)"),
    seq("LSTM(4, batch_input_shape=(2, 10, 3), input_shape=(5, 7))"),
    seq("LSTM(4, batch_input_shape=(None, None, 3), return_sequences=True)", "Dense(2)"),
    seq("LSTM(4, input_shape=(None, 3), return_sequences=True)", "LSTM(2)"),
    seq("GRU(4, input_length=10, input_dim=3)"),
    seq("GRU(4, input_shape=(10, 3), reset_after=False)"),
    seq("GRU(4, batch_input_shape=(8, 5, 2), stateful=True)"),
    seq("SimpleRNN(4, input_dim=3)"),
    seq("SimpleRNN(4, batch_input_shape=(None, 10, 3))", "Dense(1)"),
    seq("SimpleRNN(4, input_length=6, input_dim=2, return_sequences=True)", "SimpleRNN(3)"),
    seq("Dense(4, input_dim=3)"),
    seq("Dense(4, input_shape=(3,))"),
    seq("Dense(4, batch_size=2, input_shape=(3,))"),
    seq("Dense(4, batch_input_shape=(5, 3))"),
    seq("Dense(4, input_dim=3, input_shape=(7,))"),
    seq("Dense(4, input_length=3)"),
    seq("Dense(4, input_dim=3)", "Dense(2, input_dim=7)"),
    seq("Dense(4, input_dim=3)", "Dense(2, input_shape=(9,))"),
    seq("Dense(4, input_dim=3)", "Dense(2, batch_input_shape=(1, 9))"),
    seq("Conv1D(8, 3, input_shape=(20, 4))"),
    seq("Conv1D(8, 3, input_dim=4)"),
    seq("Conv1D(8, 3, batch_input_shape=(2, 20, 4))", "GlobalMaxPooling1D()"),
    seq("Embedding(100, 8, input_length=10)"),
    seq("Embedding(100, 8)"),
    seq("Embedding(100, 8)", "LSTM(4)"),
    seq("Embedding(100, 8, input_length=10)", "LSTM(4)"),
    seq("Embedding(100, 8, input_shape=(10,))"),
    seq("Embedding(100, 8, input_length=10, input_shape=(12,))"),
    seq("Embedding(100, 8, batch_input_shape=(4, 10))", "GRU(3)"),
    seq("Embedding(100, 8, batch_size=4, input_length=10)"),
    seq("Embedding(input_dim=100, output_dim=8, input_length=10)", "LSTM(4)"),
    seq("Embedding(100, 8, input_length=0)"),
    seq("LSTM(4, input_shape=(10, 3), return_sequences=True)", "LSTM(2, input_length=10)"),
    seq("LSTM(4, input_shape=(10, 3), return_sequences=True)", "LSTM(2, input_dim=99)"),
    seq("LSTM(4, input_shape=(10, 3), return_sequences=True)", "LSTM(2, batch_size=7)"),
    seq("Dense(4, input_shape=(3,))", "Embedding(10, 2, input_length=99)"),
    seq("Dense(4, input_shape=(3,))", "RepeatVector(5)", "LSTM(2, input_length=10, input_shape=(5, 4))"),
    seq("Bidirectional(keras.layers.LSTM(4), input_shape=(10, 3))"),
    seq("Bidirectional(keras.layers.LSTM(4, input_shape=(10, 3)))"),
    seq("Bidirectional(keras.layers.LSTM(4), batch_input_shape=(2, 10, 3))"),
    seq("Bidirectional(keras.layers.GRU(4, return_sequences=True), input_shape=(10, 3))", "GRU(2)"),
    seq("Bidirectional(keras.layers.LSTM(4, input_dim=3))"),
    seq("TimeDistributed(keras.layers.Dense(4), input_shape=(10, 3))"),
    seq("TimeDistributed(keras.layers.Dense(4, input_dim=3))"),
    seq("TimeDistributed(keras.layers.Dense(4), batch_input_shape=(2, 10, 3))"),
    seq("Flatten(input_shape=(4, 5))", "Dense(2)"),
    seq("Dropout(0.5, input_shape=(4,))", "Dense(2)"),
    # unknown keyword arguments: TypeError from Layer.__init__
    seq("LSTM(4, input_shape=(10, 3), foo=1)"),
    seq("Dense(4, input_shape=(3,), input_lenght=5)"),
    seq("Dense(4, input_shape=(3,), seed=1)"),
    seq("LSTM(4, input_shape=(10, 3), seed=1)"),
    seq("GRU(4, input_shape=(10, 3), seed=1)"),
    seq("SimpleRNN(4, input_shape=(10, 3), seed=1)"),
    seq("LSTM(4, input_shape=(10, 3), use_cudnn=True)"),
    seq("Dense(4, input_shape=(3,), lora_rank=2)"),
    seq("Conv1D(8, 3, input_shape=(20, 4), foo=None)"),
    seq("Embedding(10, 4, input_length=5, foo=1)"),
    seq("Bidirectional(keras.layers.LSTM(4), input_shape=(10, 3), foo=1)"),
    seq("LSTM(4, input_shape=(10, 3), weights=None)"),
    seq("LSTM(4, input_shape=(10, 3), implementation=1)"),
    seq("Dense(4, input_shape=(3,), autocast=False)"),
    seq("Dense(4, input_shape=(3,), implementation=2)"),
    # explicit inputs
    K + "model = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.Input(batch_shape=(2, 10, 3)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.Input(shape=(10, 3), batch_size=2), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.layers.InputLayer(input_shape=(10, 3)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.layers.InputLayer(batch_input_shape=(2, 10, 3)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.layers.InputLayer(shape=(10, 3)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.LSTM(4, input_shape=(7, 2))])",
    K + "model = keras.Sequential([keras.Input(shape=(10, 3), name='x'), keras.layers.LSTM(4)])",
    # .add()
    K + "model = keras.Sequential()\nmodel.add(keras.layers.LSTM(4, input_shape=(10, 3)))\nmodel.add(keras.layers.Dense(1))",
    K + "model = keras.Sequential()\nmodel.add(keras.layers.Embedding(50, 4, input_length=6))\nmodel.add(keras.layers.GRU(3))",
    K + "model = keras.Sequential()\nmodel.add(keras.layers.Embedding(50, 4))\nmodel.add(keras.layers.GRU(3))",
    K + "model = keras.Sequential()\nmodel.add(keras.layers.Dense(4, input_dim=3))\n"
        "model.add(keras.layers.Dense(2, input_dim=7))",
    K + "model = keras.Sequential(name='net')\nmodel.add(keras.layers.LSTM(4, input_shape=(10, 3), name='enc'))",
    K + "model = keras.Sequential()\nmodel.add(keras.layers.LSTM(4))\nmodel.add(keras.layers.Dense(1))",
    K + "model = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3), name='enc'), keras.layers.Dense(1)])",
    # functional models
    K + "x = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4)(x)\nmodel = keras.Model(x, y)",
    K + "x = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4)(x)\nmodel = keras.Model(inputs=x, outputs=y)",
    K + "x = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4)(x)\nmodel = keras.Model(input=x, output=y)",
    K + "x = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4)(x)\nmodel = keras.models.Model(x, y, name='m')",
    K + "x = keras.Input(batch_shape=(2, 10, 3))\ny = keras.layers.LSTM(4)(x)\nmodel = keras.Model(x, y)",
    K + "x = keras.Input(shape=(10, 3), batch_size=2)\ny = keras.layers.GRU(4)(x)\nmodel = keras.Model(x, y)",
    K + "a = keras.Input(shape=(10, 3))\nb = keras.Input(shape=(4,))\n"
        "y = keras.layers.concatenate([keras.layers.LSTM(4)(a), b])\nmodel = keras.Model([a, b], y)",
    K + "x = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4, input_shape=(99, 9))(x)\nmodel = keras.Model(x, y)",
    K + "x = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4, seed=3)(x)\nmodel = keras.Model(x, y)",
    K + "x = keras.layers.Input(shape=(10,))\ny = keras.layers.Embedding(20, 4)(x)\ny = keras.layers.LSTM(4)(y)\n"
        "model = keras.Model(x, y)",
    K + "x = keras.Input(shape=(10, 3))\nm1 = keras.Model(x, keras.layers.LSTM(4)(x))\n"
        "z = keras.Input(shape=(10, 3))\nmodel = keras.Model(z, keras.layers.Dense(2)(m1(z)))",
    # names: a Sequential's own input is `<first layer>_input` and takes no `input_N`, and a
    # Keras 2 Sequential builds no inner model (no `model` name taken)
    K + "inner = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3))])\nx = keras.Input(shape=(10, 3))\n"
        "model = keras.Model(x, keras.layers.Dense(2)(inner(x)))",
    K + "inner = keras.Sequential([keras.layers.LSTM(4)])\nx = keras.Input(shape=(10, 3))\n"
        "y = inner(x)\nz = keras.Input(shape=(2,))\nmodel = keras.Model([x, z], keras.layers.concatenate([y, z]))",
    K + "a = keras.Sequential([keras.layers.Dense(3, input_dim=2)])\nb = keras.Sequential()\n"
        "b.add(keras.layers.Dense(3, input_shape=(3,)))\nb.add(keras.layers.Dense(1))\n"
        "x = keras.Input(shape=(2,))\nmodel = keras.Model(x, b(a(keras.layers.Dense(2)(x))))",
    K + "model = keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(1)])\nmodel.build((None, 5))",
    K + "m0 = keras.Sequential([keras.layers.LSTM(3)])\nm0.build((2, 7, 5))\n"
        "x = keras.Input(shape=(4,))\nmodel = keras.Model(x, keras.layers.Dense(1)(x))",
    K + "m0 = keras.Sequential([keras.layers.LSTM(3)])\nm0.build((2, 7, 5))\nmodel = keras.Sequential([m0])",
    K + "m1 = keras.Sequential([keras.layers.GRU(3, input_shape=(5, 2))])\n"
        "model = keras.Sequential([keras.layers.GRU(3, input_shape=(5, 2))])",
    K + "x = keras.Input(shape=(5, 2))\nm1 = keras.Model(x, keras.layers.GRU(3)(x))\n"
        "model = keras.Sequential([keras.layers.Dense(2, input_dim=4)])",
    K + "x = keras.Input(batch_input_shape=(3, 5, 2))\nmodel = keras.Model(x, keras.layers.GRU(3)(x))",
    K + "x = keras.Input(shape=(5, 2), batch_shape=(3, 5, 2))\nmodel = keras.Model(x, keras.layers.GRU(3)(x))",
    K + "x = keras.layers.InputLayer(input_shape=(5, 2)).output\nmodel = keras.Model(x, keras.layers.GRU(3)(x))",
    K + "model = keras.Sequential([keras.layers.InputLayer(input_shape=(5, 2), batch_size=4), keras.layers.GRU(3)])",
    K + "model = keras.Sequential([keras.layers.InputLayer(input_shape=(5, 2), foo=1), keras.layers.GRU(3)])",
    K + "model = keras.Sequential([keras.layers.InputLayer(input_shape=(5, 2), batch_input_shape=(1, 5, 2)), "
        "keras.layers.GRU(3)])",
    K + "model = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3), time_major=False)])",
    K + "model = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3), unroll=True, zero_output_for_mask=True)])",
    K + "model = keras.Sequential([keras.layers.GRU(4, input_shape=(10, 3), use_cudnn=False)])",
    K + "model = keras.Sequential([keras.layers.Embedding(10, 4, input_length=5, lora_rank=2)])",
    K + "model = keras.Sequential([keras.layers.Embedding(10, 4, input_length=5, weights=None)])",
    K + "model = keras.Sequential([keras.layers.Embedding(10, 4, mask_zero=True), keras.layers.LSTM(3)])",
    K + "model = keras.Sequential([keras.layers.Embedding(10, 4, input_length=5), keras.layers.Flatten(), "
        "keras.layers.Dense(1)])",
    K + "model = keras.Sequential([keras.layers.Embedding(10, 4), keras.layers.Flatten(), keras.layers.Dense(1)])",
    K + "model = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3), **{'input_dim': 3})])",
    K + "model = keras.Sequential([keras.layers.LSTM(4, **{'input_length': 10, 'input_dim': 3})])",
    K + "model = keras.Sequential([keras.layers.GRU(4, input_dim=3, input_length=None)])",
    K + "model = keras.Sequential([keras.layers.Masking(input_shape=(10, 3)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.layers.Reshape((5, 2), input_shape=(10,)), keras.layers.LSTM(4)])",
    K + "model = keras.Sequential([keras.layers.RepeatVector(3, input_dim=4), keras.layers.LSTM(2)])",
    K + "model = keras.Sequential([keras.layers.ConvLSTM1D(2, 3, input_shape=(4, 8, 3))])",
    K + "model = keras.Sequential([keras.layers.SimpleRNN(4, batch_input_shape=(None, 10, 3), stateful=False), "
        "keras.layers.Dense(1, input_dim=4)])",
    K + "x = keras.Input(shape=(10, 3))\nmodel = keras.models.Model(inputs=[x], outputs=[keras.layers.LSTM(4)(x)])",
    K + "x = keras.Input(shape=(10, 3))\nmodel = keras.Model(x, keras.layers.LSTM(4, batch_input_shape=(9, 9, 9))(x))",
    K + "x = keras.Input(shape=(10, 3))\nmodel = keras.Model(x, keras.layers.LSTM(4, input_length=10)(x))",
    K + "x = keras.Input(shape=(10, 3))\nmodel = keras.Model(x, keras.layers.LSTM(4, foo=1)(x))",
    K + "x = keras.Input(shape=(3,))\nmodel = keras.Model(x, keras.layers.Dense(2)(x), foo=1)",
    K + "x = keras.Input(shape=(3,))\nmodel = keras.Model(x, keras.layers.Dense(2)(x), dtype='float32')",
    K + "x = keras.Input(shape=(3,))\nmodel = keras.Model(inputs=x, outputs=keras.layers.Dense(2)(x), input=x)",
    K + "x = keras.Input(shape=(3,))\nmodel = keras.Model(x, keras.layers.Dense(2)(x), name='m', trainable=False)",
    K + "model = keras.Sequential([keras.layers.Dense(2, input_dim=3)], trainable=False)",
    K + "model = keras.Sequential(layers=[keras.layers.Dense(2, input_dim=3)], name='s')",
    # few-line programs as Keras 2 code was written
    "from keras import backend as K\nfrom keras.models import Sequential\nfrom keras.layers import LSTM, Dense, Dropout\n"
    "K.clear_session()\nK.set_learning_phase(0)\nmodel = Sequential()\n"
    "model.add(LSTM(32, batch_input_shape=(16, 10, 3), stateful=True, return_sequences=True))\n"
    "model.add(Dropout(0.2))\nmodel.add(LSTM(16, stateful=True))\nmodel.add(Dense(1))\n"
    "model.compile(loss='mse', optimizer='adam')",
    "import tensorflow as tf\nfrom tensorflow.keras.layers import Input, LSTM, Dense, Embedding\n"
    "enc_in = Input(shape=(None,))\nx = Embedding(100, 16)(enc_in)\n_, h, c = LSTM(32, return_state=True)(x)\n"
    "dec_in = Input(shape=(None,))\ny = Embedding(100, 16)(dec_in)\n"
    "y = LSTM(32, return_sequences=True)(y, initial_state=[h, c])\n"
    "out = Dense(100, activation='softmax')(y)\nmodel = tf.keras.Model([enc_in, dec_in], out)",
    "from keras.layers import *\nfrom keras.models import Sequential\nmodel = Sequential()\n"
    "model.add(Bidirectional(LSTM(20, return_sequences=True), input_shape=(12, 4)))\n"
    "model.add(TimeDistributed(Dense(3, activation='softmax')))",
    "import keras\nfrom keras.layers import Embedding, GRU, Dense\nvocab, maxlen = 5000, 80\n"
    "model = keras.models.Sequential([Embedding(vocab, 64, input_length=maxlen), GRU(32, dropout=0.2, "
    "recurrent_dropout=0.2, input_dim=64), Dense(1, activation='sigmoid', input_dim=32)])",
    # imports and module paths
    TF + "model = tf.keras.Sequential([tf.keras.layers.LSTM(4, input_shape=(10, 3))])",
    TF + "model = tf.keras.models.Sequential([tf.keras.layers.GRU(4, input_dim=3, input_length=5)])",
    "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import LSTM, Dense\n"
    "model = Sequential([LSTM(4, input_shape=(10, 3)), Dense(1)])",
    "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, batch_input_shape=(3, 10, 3))])",
    "import tf_keras\nmodel = tf_keras.Sequential([tf_keras.layers.LSTM(4, input_shape=(10, 3))])",
    "from keras.models import Sequential\nfrom keras.layers import Embedding, LSTM, Dense\n"
    "model = Sequential()\nmodel.add(Embedding(1000, 32, input_length=20))\nmodel.add(LSTM(16))\nmodel.add(Dense(1))",
    "from keras.layers.recurrent import LSTM\nmodel = None",
    "from keras.layers import CuDNNLSTM\nmodel = None",
    "from tensorflow.keras.layers import CuDNNLSTM\nmodel = None",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.CuDNNLSTM(4, input_shape=(10, 3))])",
    "from tensorflow.compat.v1.keras.layers import CuDNNLSTM\n"
    "import keras\nmodel = keras.Sequential([CuDNNLSTM(4, input_shape=(10, 3))])",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.compat.v1.keras.layers.CuDNNGRU(4, input_shape=(10, 3))])",
    # CuDNN layers skip RNN.__init__: input_dim is the base Layer's (input_dim,), input_length unknown
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.compat.v1.keras.layers.CuDNNLSTM(4, input_dim=3)])",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.compat.v1.keras.layers.CuDNNLSTM(4, input_dim=3, "
    "input_length=5)])",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.LSTM(4, input_shape=(5, 3), "
    "time_major=True)])",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.compat.v1.keras.layers.CuDNNLSTM(4, "
    "input_shape=(10, 3), return_sequences=True), tf.compat.v1.keras.layers.CuDNNGRU(2)])",
    "from keras.layers.recurrent_v2 import LSTM\nmodel = None",
    "from keras.layers.core import Dense\nmodel = None",
    "from keras.utils.np_utils import to_categorical\nmodel = None",
    "from keras.utils import to_categorical\nimport keras\nmodel = keras.Sequential([keras.layers.Dense(2, input_dim=3)])",
    "from keras import backend as K\nimport keras\nK.clear_session()\n"
    "model = keras.Sequential([keras.layers.Dense(2, input_dim=3)])",
    "from keras.layers import LSTM\nmodel = None\nimport keras.layers.rnn",
    "import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3))])\nkeras.ops",
    "import keras\nx = keras.Input(shape=(3,))\nmodel = keras.Model(x, keras.ops.add(x, x))",
    "import keras\nmodel = keras.Sequential([keras.layers.Input(shape=(3,)), keras.layers.Dense(2)])",
    "import tensorflow as tf\nfrom tensorflow.keras import backend as K\nK.clear_session()\n"
    "model = tf.keras.Sequential([tf.keras.layers.LSTM(4, input_dim=3)])",
    "from keras import layers, models\nmodel = models.Sequential([layers.LSTM(4, input_shape=(10, 3))])",
    "from keras.layers import *\nfrom keras.models import Sequential\n"
    "model = Sequential([LSTM(4, input_shape=(10, 3)), Dense(1)])",
    "import tf_keras as keras\nmodel = keras.Sequential([keras.layers.GRU(4, batch_input_shape=(1, 2, 3))])",
    "from tf_keras.layers import LSTM\nfrom tf_keras import Sequential\nmodel = Sequential([LSTM(4, input_dim=2)])",
    "from tensorflow.keras.layers import LSTM\nimport tensorflow as tf\n"
    "model = tf.keras.Sequential([LSTM(4, input_length=3, input_dim=2)])",
    "import keras\nfrom keras.layers.experimental import preprocessing\n"
    "model = keras.Sequential([keras.layers.Dense(2, input_dim=3)])",
    "import keras\nimport keras.layers.rnn\nmodel = None",
    "from keras.engine.sequential import Sequential\nmodel = None",
    "from keras.src.layers import LSTM\nimport keras\nmodel = keras.Sequential([LSTM(4, input_shape=(10, 3))])",
    "import keras\nmodel = keras.Sequential([keras.layers.Identity(input_shape=(3,))])",
    "import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3))])\nkeras.saving.load_model",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.LSTM(4, input_shape=(10, 3))])\n"
    "tf.keras.layers.CuDNNGRU",
]


def _alias_keras() -> None:
    """`keras` is tf_keras, as `import keras` was under Keras 2 and as `--keras 2` reads it."""
    import importlib
    import pkgutil

    import tf_keras

    for info in pkgutil.walk_packages(tf_keras.__path__, "tf_keras."):
        if ".src" in info.name:
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:
            continue
    for name, module in list(sys.modules.items()):
        if name == "tf_keras" or (name.startswith("tf_keras.") and ".src" not in name):
            sys.modules["keras" + name[len("tf_keras"):]] = module


def _shape(shape: object) -> object:
    if isinstance(shape, (tuple, list)):
        return [_shape(s) for s in shape]
    return getattr(shape, "as_list", lambda: shape)()


def main() -> None:
    import tensorflow as tf

    _alias_keras()
    import tf_keras

    assert tf.keras is tf_keras or tf.keras.__name__.startswith("tf_keras") or "tf_keras" in repr(tf.keras.Sequential)
    out = []
    for program in CASES:
        tf_keras.backend.clear_session()
        namespace: dict[str, object] = {}
        try:
            exec(compile(program, "<program>", "exec"), namespace)  # our own fixed programs, in the throwaway venv
        except Exception as exc:  # noqa: BLE001 - the answer we record
            lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<program>"]
            out.append({"program": program, "raises": type(exc).__name__, "message": str(exc),
                        "line": lines[-1] if lines else None})
            continue
        model = namespace["model"]
        if model is None:
            out.append({"program": program, "imports": True})
            continue
        layers = [{"name": layer.name, "class": type(layer).__name__,
                   "output_shape": _shape(layer.output_shape) if model.built else None,
                   "params": layer.count_params() if layer.built else None} for layer in model.layers]
        out.append({"program": program, "name": model.name, "built": model.built, "layers": layers,
                    "inputs": list(model.input_names) if model.built else None})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
