"""Run Keras programs in this Python's Keras and print each built model's facts as JSON.

    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/run_programs.py < programs.json
    /tmp/kenv/bin/python tools/keras_oracle/run_programs.py < programs.json

Standard input: a JSON list of {"case", "code"}; each code defines `model`. Standard output:
a JSON list of {"case", "ok", "error"?, "name", "layers": [{name, type, output_shape, params}],
"total"} (total: the model's parameters, 0 while it is unbuilt).
Used by check_emitted_keras2.py, which runs lstmcalc outside these venvs (they have only Keras).
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")


def _shape(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (int, type(None))):
        return [_shape(v) for v in value]
    shape = getattr(value, "shape", value)
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return list(shape) if shape is not None else None


def _output_shape(layer: Any) -> Any:
    try:
        return _shape(layer.output_shape)  # tf.keras 2
    except AttributeError:  # Keras 3: no output_shape on layers
        pass
    except RuntimeError:  # a layer called more than once: Keras 2 has no single output_shape
        return None
    try:
        return _shape(layer.output)
    except (AttributeError, ValueError):  # a layer never called (an unbuilt model)
        return None


def _params(layer: Any) -> int | None:
    try:
        return int(layer.count_params())
    except ValueError:  # Keras 3: a layer never built
        return None


def main() -> int:
    programs = json.load(sys.stdin)
    import keras  # tf.keras 2 with TF_USE_LEGACY_KERAS=1 through tensorflow, else Keras 3

    if os.environ.get("TF_USE_LEGACY_KERAS") == "1":
        import tensorflow as tf

        keras = tf.keras
    results = []
    for program in programs:
        keras.backend.clear_session()
        scope: dict[str, Any] = {}
        try:
            code = program["code"].replace("model.summary()", "")
            exec(compile(code, program["case"], "exec"), scope)  # lstmcalc's own emitted code, in a throwaway venv
            model = scope["model"]
            rows = [{"name": layer.name, "type": type(layer).__name__, "output_shape": _output_shape(layer),
                     "params": _params(layer)} for layer in model.layers]
            total = int(model.count_params()) if model.built else 0
            results.append({"case": program["case"], "ok": True, "name": model.name, "layers": rows, "total": total})
        except Exception as exc:  # noqa: BLE001 - recorded, and the run goes on
            results.append({"case": program["case"], "ok": False, "error": f"{type(exc).__name__}: {exc}"[:400]})
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
