"""What an optimizer adds to a model's summary once fit() has built it, in Keras 3.

    /tmp/kenv/bin/python tools/keras_oracle/optimizer_slots.py > tests/fixtures/keras3_optimizer_slots.json

After fit(), Keras's summary prints `Optimizer params: N (size)` and counts it in Total.
N is the size of the optimizer's variables: scalars (iterations, an int64, and the learning
rate) and slots shaped like each trainable weight. For each optimizer as compile() is
usually given it (a name, or the class with an option that adds slots), this fits a small
model twice over with different sizes and records N = slots * trainable + scalars, and the
summary Keras prints after a fit of a recurrent model, to check the footer against.
lstmcalc/readers/python/optimizers.py holds the same table; a test keeps them equal.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"

CASES = [
    ("adam", {}), ("sgd", {}), ("rmsprop", {}), ("adagrad", {}), ("adadelta", {}), ("adamax", {}),
    ("nadam", {}), ("adamw", {}), ("ftrl", {}), ("lion", {}),
    ("Adam", {"amsgrad": True}), ("SGD", {"momentum": 0.9}), ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("RMSprop", {"momentum": 0.9}), ("RMSprop", {"centered": True}), ("AdamW", {"amsgrad": True}),
]


def fitted(name: str, options: dict[str, object], model):  # type: ignore[no-untyped-def]
    import keras
    import numpy as np

    optimizer = name if not options else getattr(keras.optimizers, name)(**options)
    model.compile(optimizer=optimizer, loss="mse")
    x = np.zeros((2, *model.input_shape[1:]))
    model.fit(x, np.zeros((2, *model.output_shape[1:])), epochs=1, verbose=0)
    return model


def optimizer_params(model) -> int:  # type: ignore[no-untyped-def]
    import numpy as np

    return int(sum(int(np.prod(v.shape)) for v in model.optimizer.variables))


def main() -> None:
    import keras

    table = []
    for name, options in CASES:
        counts = []
        for units in (1, 3):
            keras.backend.clear_session()
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units)])
            counts.append(optimizer_params(fitted(name, options, model)))
        slots = (counts[1] - counts[0]) // (15 - 5)
        table.append({"optimizer": name, "options": options, "slots": slots, "scalars": counts[0] - slots * 5})
    summaries = []
    for name, options in (("adam", {}), ("RMSprop", {"centered": True}), ("sgd", {})):
        keras.backend.clear_session()
        model = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(8), keras.layers.Dense(1)])
        lines: list[str] = []
        fitted(name, options, model).summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))
        summaries.append({"optimizer": name, "options": options, "summary": "\n".join(lines)})
    print(json.dumps({"keras_version": keras.__version__, "optimizers": table, "summaries": summaries}, indent=1))


if __name__ == "__main__":
    main()
