"""What Keras 3 does with Keras 2 input arguments (and spread *args/**kwargs) in Python code,
recorded for the tests.

    /tmp/kenv/bin/python tools/keras_oracle/legacy_args.py > tests/fixtures/keras3_legacy_args.json

Each case is a one-line Keras program (`keras.Sequential([...])`); the fixture records, per
case, whether Keras raised (the exception class and message) or built (and whether the
model is built, with each layer's output shape and parameter count), plus the warnings
Keras gave. tests/test_legacy_args.py runs lstmcalc on the same programs. What tf_keras 2.21
does with them (`--keras 2`) is recorded by the sibling legacy_args_keras2.py. A one-off, in a
throwaway Keras venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import json
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"  # as the conformance corpus records: Keras's table is then 88 wide

CASES = [
    "keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3))])",
    "keras.Sequential([keras.layers.LSTM(4, batch_input_shape=(2, 10, 3))])",
    "keras.Sequential([keras.layers.LSTM(4, input_dim=3)])",
    "keras.Sequential([keras.layers.LSTM(4, input_dim=3, input_shape=(10, 3))])",
    "keras.Sequential([keras.layers.LSTM(4, input_length=10, input_shape=(10, 3))])",
    "keras.Sequential([keras.layers.GRU(4, input_length=10, input_dim=3)])",
    "keras.Sequential([keras.layers.Dense(4, batch_size=2, input_shape=(3,))])",
    "keras.Sequential([keras.layers.Dense(4, input_dim=3)])",
    "keras.Sequential([keras.layers.Dense(4, input_dim=3), keras.layers.Dense(2, input_dim=7)])",
    "keras.Sequential([keras.layers.Embedding(100, 8, input_length=10)])",
    "keras.Sequential([keras.layers.Embedding(100, 8, input_length=10), keras.layers.LSTM(4)])",
    "keras.Sequential([keras.layers.Embedding(100, 8, input_shape=(10,))])",
    "keras.Sequential([keras.layers.Bidirectional(keras.layers.LSTM(4), input_shape=(10, 3))])",
    "keras.Sequential([keras.layers.Bidirectional(keras.layers.LSTM(4, input_shape=(10, 3)))])",
    "keras.Sequential([keras.layers.SimpleRNN(4, batch_input_shape=(None, 10, 3)), keras.layers.Dense(1)])",
    # *args and **kwargs spread into layer calls (they once made a layer vanish from the table)
    "keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(4, **{'return_sequences': True}), "
    "keras.layers.LSTM(2)])",
    "keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(*[4], **dict(return_sequences=True, "
    "activation='relu')), keras.layers.GRU(*(2,))])",
    "keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(4, **{'return_sequences': True, "
    "'input_length': 5})])",
    "keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.Dense(**{'units': 3, 'use_bias': False})])",
]


def main() -> None:
    import keras

    out = []
    for program in CASES:
        keras.backend.clear_session()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                model = eval(program, {"keras": keras})  # our own fixed programs, in the throwaway venv
            except Exception as exc:  # noqa: BLE001 - the answer we record
                out.append({"program": program, "raises": type(exc).__name__, "message": str(exc)})
                continue
        layers = [{"name": layer.name, "output_shape": list(layer.output.shape) if model.built else None,
                   "params": layer.count_params() if layer.built else None} for layer in model.layers]
        lines: list[str] = []
        model.summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))
        out.append({"program": program, "built": model.built, "layers": layers,
                    "warnings": sorted({str(w.message).split(".")[0] for w in caught}),
                    "summary": "\n".join(lines)})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
