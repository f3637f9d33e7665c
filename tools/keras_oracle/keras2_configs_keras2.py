"""Record what tf.keras 2 itself makes of the tf.keras 2 files keras2_configs.py saved.

    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/keras2_configs_keras2.py tests/fixtures \
        > tests/fixtures/keras2_configs_keras2.json

For each model NAME, two readings in tf_keras 2.21 (COLUMNS=120, as the conformance corpus):
- "json": `tf_keras.models.model_from_json(text of keras2_configs/NAME.json)`;
- "h5": `tf_keras.models.load_model("keras2_h5/NAME.h5", compile=False)`.
Each reading holds the exception tf.keras 2 raised (class and message), or the summary text
`model.summary()` printed, its layer rows (name, class, output shape as tf.keras 2's
`layer.output_shape`, parameters) and totals. `lstmcalc summary --keras 2` must agree
(tests/test_keras2_configs.py). A one-off in the throwaway tf_keras venv (see keras2_configs.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ["COLUMNS"] = "120"


def _shape(layer: Any) -> Any:
    try:
        shape = layer.output_shape
    except (AttributeError, RuntimeError):
        return "multiple"
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


def _answer(load: Any) -> dict[str, Any]:
    import tf_keras as keras

    keras.backend.clear_session()
    try:
        model = load()
    except Exception as exc:  # noqa: BLE001 - the answer we record
        return {"raises": type(exc).__name__, "message": str(exc)}
    lines: list[str] = []
    try:
        model.summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))
    except Exception as exc:  # noqa: BLE001 - the answer we record
        return {"raises": type(exc).__name__, "message": str(exc), "at": "summary"}
    layers = [{"name": layer.name, "class": type(layer).__name__, "output_shape": _shape(layer),
               "params": layer.count_params()} for layer in model.layers]
    trainable = sum(int(w.shape.num_elements()) for w in model.trainable_weights)
    return {"layers": layers, "total_params": model.count_params(), "trainable_params": trainable,
            "summary": "\n".join(lines)}


def main() -> None:
    import tf_keras as keras

    folder = Path(sys.argv[1])
    out: dict[str, Any] = {"keras_version": keras.__version__}
    for path in sorted((folder / "keras2_configs").glob("*.json")):
        name = path.stem
        text = path.read_text()
        h5 = folder / "keras2_h5" / f"{name}.h5"
        out[name] = {"json": _answer(lambda text=text: keras.models.model_from_json(text)),
                     "h5": _answer(lambda h5=h5: keras.models.load_model(h5, compile=False)) if h5.exists() else None}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
