"""Record what Keras 3 does with operations written between layers (`x + y`, `y * 2.0`,
keras.ops.mean): the config it saves, the table it prints, and whether the same model written
with the merge layer Add prints the same table (it does without a mask; with one it does not,
as an operation drops the mask and Add keeps it). Run once in a throwaway Keras venv:

    /tmp/kenv/bin/python tools/keras_oracle/tensor_operations.py tests/fixtures/tensor_operations

lstmcalc refuses such operations (LC012); tests/test_tensor_operations.py checks that, and that
its hint (the layer Add prints the same row) holds where Keras says it does.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"  # rich cuts the table at the terminal width otherwise

import keras
from keras import layers


def table(model: keras.Model) -> str:
    lines: list[str] = []
    model.summary(line_length=120, print_fn=lambda text, **_: lines.append(text))
    return "\n".join(lines)


def written_ops() -> keras.Model:
    i = keras.Input((10, 8))
    x = layers.LSTM(8, return_sequences=True)(i)
    a = layers.MultiHeadAttention(2, 4)(x, x)
    y = layers.LayerNormalization()(x + a)
    z = y * 2.0
    return keras.Model(i, keras.ops.mean(z, axis=1))


def residual(merge, masked: bool) -> keras.Model:
    i = keras.Input((10,) if masked else (10, 8))
    e = layers.Embedding(50, 8, mask_zero=True)(i) if masked else i
    x = layers.LSTM(8, return_sequences=True)(e)
    a = layers.Dense(8)(x)
    return keras.Model(i, layers.LSTM(4)(merge(x, a)))


def tensorflow_functions() -> dict[str, str]:
    """What Keras 3 does when a TensorFlow function is given Keras tensors: the first line
    of the exception it raises, for each call."""
    import tensorflow as tf

    calls = {"tf.reduce_sum(x, axis=1)": lambda x: tf.reduce_sum(x, axis=1),
             "tf.concat([x, x], axis=1)": lambda x: tf.concat([x, x], axis=1),
             "tf.expand_dims(x, -1)": lambda x: tf.expand_dims(x, -1)}
    found = {}
    for text, call in calls.items():
        try:
            call(layers.LSTM(8, return_sequences=True)(keras.Input((10, 8))))
            found[text] = "no exception"
        except Exception as exc:  # noqa: BLE001 - what Keras raises is the record
            found[text] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return found


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    keras.utils.clear_session()
    model = written_ops()
    (out / "written_ops.json").write_text(model.to_json())
    record = {"keras_version": keras.__version__, "written_ops": table(model)}
    for masked in (False, True):
        tables = []
        for merge in (lambda p, q: p + q, lambda p, q: layers.Add()([p, q])):
            keras.utils.clear_session()
            tables.append(table(residual(merge, masked)))
        key = "masked" if masked else "unmasked"
        record[f"{key}_operation"], record[f"{key}_layer"] = tables
    record["tensorflow_functions"] = tensorflow_functions()
    (out / "keras3.json").write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
