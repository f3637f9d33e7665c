"""Keras 3's tables for the user-defined layer programs of tests/fixtures/custom_layers/.

    /tmp/kenv/bin/python tools/keras_oracle/custom_layers.py > tests/fixtures/keras3_custom_layers.json

Each program runs in this one process after keras.backend.clear_session() (automatic names
restart as in a fresh process); the fixture keeps what model.summary() printed, or the
error Keras raised, with the Keras version. Each custom layer's weights (path, shape,
trainable) and the model's Keras config (model.to_json()) are recorded too.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "80"  # the width the tests print with

HERE = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "custom_layers"


def main() -> None:
    import keras

    out: dict[str, object] = {"keras": keras.__version__, "programs": {}}
    for path in sorted(HERE.glob("*.py")):
        keras.backend.clear_session()
        buffer = io.StringIO()
        scope: dict[str, object] = {"__name__": "__main__"}
        record: dict[str, object] = {}
        try:
            with contextlib.redirect_stdout(buffer):
                exec(compile(path.read_text(), str(path), "exec"), scope)
            record["table"] = buffer.getvalue()
            model = scope.get("model")
            if isinstance(model, keras.Model):
                record["config"] = model.to_json()  # a Keras config naming the user's classes
                record["weights"] = {
                    layer.name: [[w.path, list(w.shape), bool(w.trainable)] for w in layer.weights]
                    for layer in model.layers if type(layer).__module__ == "__main__"}
        except Exception as exc:  # noqa: BLE001 - Keras's own refusal is the answer
            record["error"] = f"{type(exc).__name__}: {exc}"
        out["programs"][path.name] = record  # type: ignore[index]
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
