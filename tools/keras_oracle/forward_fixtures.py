"""Reference outputs from real Keras for `lstmcalc run`, as small npz files.

    /tmp/kenv/bin/python tools/keras_oracle/forward_fixtures.py tests/fixtures/forward
    /tmp/k2env/bin/python tools/keras_oracle/forward_fixtures.py tests/fixtures/forward --keras 2

With --keras 2 (in the throwaway tf_keras 2.21 venv) each CASE.yaml is built as tf.keras 2
builds it (keras2_oracle.py) and its outputs go to tests/fixtures/forward_keras2/CASE.npz, for
`run --keras 2`; a case tf.keras 2 refuses or cannot run on a CPU is left out and listed.

For each CASE.yaml: build the model with Keras (tools/keras_oracle/oracle.py), set every
weight to seeded random values (positive variances for BatchNormalization), feed a seeded
random input (integer ids for an Embedding; some padded timesteps where the model masks),
and save CASE.npz with the inputs ("input/<i>"), the weights ("<layer>/<i>", Keras's
get_weights() order, the layout `lstmcalc run --weights` reads) and every layer's outputs
("out/<layer>/<j>") from model.predict.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).parent))

KERAS2 = sys.argv[2:4] == ["--keras", "2"]
if KERAS2:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import keras2_oracle as oracle
    import tensorflow as tf
    import tf_keras as keras
else:
    import keras
    import oracle
import numpy as np  # noqa: E402
import yaml  # noqa: E402


def flatten(value):  # type: ignore[no-untyped-def]
    return tf.nest.flatten(value) if KERAS2 else keras.tree.flatten(value)


def inputs_for(spec: dict, model: keras.Model, rng: np.random.Generator) -> list:
    arrays = []
    embedding = any(layer["type"] == "Embedding" for layer in spec["layers"])
    masking = any(layer["type"] == "Masking" for layer in spec["layers"])
    for tensor in model.inputs:
        shape = (2, *tensor.shape[1:])
        if embedding:
            x = rng.integers(1, 12, size=shape).astype("float32")
            x[0, -2:] = 0  # padding the mask skips
            x[1, -1:] = 0
        else:
            x = rng.normal(size=shape).astype("float32")
            if masking:
                x[0, 2] = 0.0
                x[1, -2:] = 0.0
        arrays.append(x)
    return arrays


def main() -> int:
    folder = Path(sys.argv[1])
    out_folder = folder.parent / "forward_keras2" if KERAS2 else folder
    out_folder.mkdir(exist_ok=True)
    for case in sorted(folder.glob("*.yaml")):
        spec = yaml.safe_load(case.read_text())
        try:
            model = oracle.build(spec)
        except Exception as exc:  # noqa: BLE001 - tf.keras 2 refuses it: no reference to record
            print(f"{case.stem}: not built: {type(exc).__name__}: {str(exc)[:160]}")
            continue
        rng = np.random.default_rng(sum(map(ord, case.stem)))  # stable across runs
        data: dict[str, np.ndarray] = {}
        for layer in model.layers:
            weights = [rng.normal(scale=0.5, size=w.shape).astype("float32" if w.dtype.kind == "f" else w.dtype)
                       for w in layer.get_weights()]  # Normalization's count is an int64
            names = [v.name.rsplit(":", 1)[0] if KERAS2 else v.path for v in layer.weights]
            weights = [np.abs(v) + 0.5 if n.endswith("variance") else v for v, n in zip(weights, names, strict=True)]
            layer.set_weights(weights)
            if isinstance(layer, keras.layers.Normalization) and not KERAS2:
                # set_weights leaves Normalization's cached mean/variance stale; loading a saved
                # model (load_own_variables) refreshes them, which is what `run --weights` means.
                layer.finalize_state()
            for i, value in enumerate(weights):
                data[f"{layer.name}/{i}"] = value
        xs = inputs_for(spec, model, rng)
        for i, x in enumerate(xs):
            data[f"input/{i}"] = x
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        tensors = [t for layer in layers for t in flatten(layer.output)]  # stacked cells' states nest
        probe = keras.Model(model.inputs, tensors)
        try:
            outputs = probe.predict(xs if len(xs) > 1 else xs[0], verbose=0)
        except Exception as exc:  # noqa: BLE001 - a model tf.keras 2 cannot run here
            print(f"{case.stem}: not run: {type(exc).__name__}: {str(exc)[:160]}")
            continue
        outputs = outputs if isinstance(outputs, list) else [outputs]
        flat = iter(outputs)
        for layer in layers:
            count = len(flatten(layer.output))
            for j in range(count):
                data[f"out/{layer.name}/{j}"] = np.asarray(next(flat))
        np.savez_compressed(out_folder / f"{case.stem}.npz", **data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
