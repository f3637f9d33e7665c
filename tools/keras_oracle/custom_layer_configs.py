"""Keras configs of models with a user-defined layer class, as Keras 3 writes and loads them.

    /tmp/kenv/bin/python tools/keras_oracle/custom_layer_configs.py tests/fixtures/keras3_custom_layers

For each model below (the classic attention layer after an LSTM, defined here as users write
it), the folder gets NAME.json (`model.to_json()`), NAME.keras (`model.save`) and one record in
records.json: what summary() printed, and what `keras.models.model_from_json` raises when the
class is not importable (a fresh process, as a user loading someone's config would be). The
config names the class (`class_name`, `registered_name`, `module`: null for a class defined in
a script, the module for one registered with a package). A one-off, in a throwaway Keras venv:
lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import warnings
from contextlib import redirect_stdout
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"
warnings.filterwarnings("ignore")

import keras  # noqa: E402
from keras import layers, ops  # noqa: E402


class AttentionLayer(layers.Layer):
    def build(self, input_shape):  # type: ignore[no-untyped-def]
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1), initializer="normal")
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1), initializer="zeros")

    def call(self, x):  # type: ignore[no-untyped-def]
        e = ops.tanh(ops.matmul(x, self.W) + self.b)
        return ops.sum(x * ops.softmax(e, axis=1), axis=1)


@keras.saving.register_keras_serializable(package="MyLayers")
class ContextAttention(AttentionLayer):
    pass


def functional() -> keras.Model:
    inp = keras.Input((20, 8))
    x = layers.LSTM(16, return_sequences=True)(inp)
    return keras.Model(inp, layers.Dense(1)(AttentionLayer()(x)))


def sequential() -> keras.Model:
    return keras.Sequential([keras.Input((30, 4)), layers.Bidirectional(layers.GRU(8, return_sequences=True)),
                             ContextAttention(), layers.Dense(3, activation="softmax")])


LOAD = """
import os, sys, warnings
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
warnings.filterwarnings("ignore")
import keras
try:
    keras.models.model_from_json(open(sys.argv[1]).read())
except Exception as exc:
    print(type(exc).__name__ + ": " + str(exc))
"""


def main() -> int:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    records = {}
    for name, make in (("functional_attention", functional), ("sequential_registered_attention", sequential)):
        keras.backend.clear_session()
        model = make()
        text = io.StringIO()
        with redirect_stdout(text):
            model.summary()
        (folder / f"{name}.json").write_text(model.to_json())
        model.save(folder / f"{name}.keras")
        loaded = subprocess.run([sys.executable, "-c", LOAD, str(folder / f"{name}.json")], capture_output=True,
                                text=True, check=True)
        records[name] = {"summary": text.getvalue(), "model_from_json": loaded.stdout.strip()}
    (folder / "records.json").write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
