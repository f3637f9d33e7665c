"""Check realworld.py's Keras 2 fit stub against tf_keras's real fit: same summary() tables, same History keys.

    /tmp/k2env/bin/python tools/keras_oracle/realworld_k2_selfcheck.py

realworld.py --keras 2 does not train: fit() traces the first step's forward pass, loss and
metrics on the data's spec (see its docstring). This one-off runs three models through the real
tf_keras 2.21 fit() (one epoch on zeros, with validation data) and then through the stub, and
prints whether the tables summary() prints (the model's and a nested Sequential's) and the
History's keys are the same: a Sequential with no input shape (built by fit), a keras.Model
subclass holding a Sequential, and a two-output functional model (per-output loss and metric
names). Exit status 1 if any differs. lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.update(TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")

import numpy as np
import tf_keras as k

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realworld


class Sub(k.Model):
    def __init__(self) -> None:
        super().__init__()
        self.inner = k.Sequential([k.layers.LSTM(6), k.layers.Dense(3)])
        self.out = k.layers.Dense(2)

    def call(self, x: Any) -> Any:
        return self.out(self.inner(x))


def deferred() -> Any:
    k.backend.clear_session()
    model = k.Sequential([k.layers.LSTM(8, return_sequences=True), k.layers.TimeDistributed(k.layers.Dense(3)),
                          k.layers.GRU(4), k.layers.Dense(2, activation="softmax")])
    model.compile("adam", "categorical_crossentropy", metrics=["acc"])
    return model


def subclass() -> Any:
    k.backend.clear_session()
    model = Sub()
    model.compile("adam", "mse", metrics=["mae"])
    return model


def two_outputs() -> Any:
    k.backend.clear_session()
    inputs = k.Input((5, 7))
    h = k.layers.LSTM(4)(inputs)
    model = k.Model(inputs, [k.layers.Dense(1, name="a")(h), k.layers.Dense(2, name="b")(h)])
    model.compile("adam", ["mse", "mse"], metrics=["accuracy"])
    return model


CASES = {"deferred Sequential": (deferred, np.zeros((10, 2))), "Model subclass": (subclass, np.zeros((10, 2))),
         "two outputs": (two_outputs, [np.zeros((10, 1)), np.zeros((10, 2))])}


def tables(model: Any, summary: Any) -> list[str]:
    found = [realworld.summary_text(model, summary)]
    if isinstance(model, Sub):
        found.append(realworld.summary_text(model.inner, summary))
    return found


def main() -> int:
    x = np.zeros((10, 5, 7))
    summary = k.Model.summary
    real = {}
    for name, (make, y) in CASES.items():
        model = make()
        history = model.fit(x, y, epochs=1, verbose=0, validation_data=(x, y))
        real[name] = (tables(model, summary), sorted(history.history))
    realworld.install_stubs_keras2(realworld.Recorder(), realworld.Oracle())
    same = True
    for name, (make, y) in CASES.items():
        model = make()
        history = model.fit(x, y, epochs=1, validation_data=(x, y))
        ok = (tables(model, summary), sorted(history.history)) == real[name]
        same &= ok
        print(f"{name:<20} {'same' if ok else 'DIFFERENT'}  History keys {sorted(history.history)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
