"""Record what Keras 3 makes of the tf.keras 2 files keras2_configs.py saved.

    /tmp/kenv/bin/python tools/keras_oracle/keras2_in_keras3.py tests/fixtures \
        > tests/fixtures/keras2_configs_keras3.json

For each model NAME, these readings in Keras 3.15 (COLUMNS=120, as the conformance corpus):
- "json": `keras.models.model_from_json(text of keras2_configs/NAME.json)`;
- "h5": `keras.models.load_model("keras2_h5/NAME.h5")`, which also compiles the model from
  the file's training_config and loads its weights;
- "h5_no_compile": the same with `compile=False`;
- "h5_model_config": the model alone, built from the .h5 file's `model_config` attribute by
  the function load_model builds it with (keras.src.legacy.saving.saving_utils.
  model_from_config), without compiling or weights: what lstmcalc answers for a .h5 file;
- "h5_config_as_json": `keras.models.model_from_json(that model_config text)`.
Each reading holds the exception Keras raised (its class and message), or the summary text
`model.summary()` printed with its layer rows (name, class, output shape, parameters) and
totals, plus the warnings Keras gave. A one-off in a throwaway Keras venv.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"


def _shape(layer: Any) -> Any:
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return None
    if isinstance(output, (list, tuple)):
        return [list(t.shape) for t in output]
    return list(output.shape)


def _answer(load: Any) -> dict[str, Any]:
    import keras

    keras.backend.clear_session()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = load()
        except Exception as exc:  # noqa: BLE001 - the answer we record
            return {"raises": type(exc).__name__, "message": str(exc)}
    lines: list[str] = []
    model.summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))
    layers = [{"name": layer.name, "class": type(layer).__name__, "output_shape": _shape(layer),
               "params": layer.count_params() if layer.built else None} for layer in model.layers]
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    total = model.count_params() if model.built else None
    return {"built": model.built, "layers": layers, "total_params": total, "trainable_params": trainable,
            "warnings": sorted({str(w.message).split("\n")[0][:200] for w in caught}),
            "summary": "\n".join(lines)}


def main() -> int:
    import h5py
    import keras
    from keras.src.legacy.saving.saving_utils import model_from_config  # what load_model calls on .h5

    folder = Path(sys.argv[1])
    out: dict[str, Any] = {"keras_version": keras.__version__, "cases": {}}
    for config in sorted((folder / "keras2_configs").glob("*.json")):
        name = config.stem
        h5 = folder / "keras2_h5" / f"{name}.h5"
        with h5py.File(h5, "r") as handle:
            h5_config = handle.attrs["model_config"]
        text = config.read_text()
        out["cases"][name] = {
            "json": _answer(lambda text=text: keras.models.model_from_json(text)),
            "h5": _answer(lambda h5=h5: keras.models.load_model(h5)),
            "h5_no_compile": _answer(lambda h5=h5: keras.models.load_model(h5, compile=False)),
            "h5_model_config": _answer(lambda c=h5_config: model_from_config(json.loads(c))),
            "h5_config_as_json": _answer(lambda c=h5_config: keras.models.model_from_json(c)),
        }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
