"""The keyword arguments Keras 3's layers take that tf_keras 2.21's refuse, per layer type:
tf_keras's Layer.__init__ raises TypeError('Keyword argument not understood:', key) for them.

    python -c "import json; from lstmcalc.layers import REGISTRY; print(json.dumps({t: sorted(c.arg_table())
        for t, c in REGISTRY.items() if t not in ('Custom', 'Input')}))" > /tmp/k3args.json
    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/keras3_only_args.py /tmp/k3args.json

For each layer type lstmcalc knows and each of its Keras 3 arguments, the tf_keras class is
constructed with its required arguments and KEY=None; a key is Keras 3-only when tf_keras
raises exactly that TypeError for it (lstmcalc/layers/keras2.py's KERAS3_ONLY_ARGS, left
out of the layers' tf.keras 2 argument table). The other way, `keras2_only`: the named
parameters of the tf_keras class's __init__ chain that
Keras 3's layer lacks, with their defaults (pycall.py's KERAS2_ONLY_ARGUMENTS: lstmcalc takes
them at their default, which changes nothing, and refuses other values, except those the
engine models, which are in the layer's tf.keras 2 argument table: time_major, ...). A one-off in a
throwaway venv.
"""

from __future__ import annotations

import inspect
import json
import os
import sys

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

BASE = {"input_dim", "input_shape", "batch_input_shape", "batch_size", "weights", "activity_regularizer", "autocast",
        "implementation"}  # tf_keras/src/engine/base_layer.py: allowed_kwargs
REQUIRED = {"units": 4, "filters": 2, "kernel_size": 3, "rate": 0.5, "input_dim": 5, "output_dim": 2, "n": 2,
            "target_shape": (2,), "dims": (1,), "stddev": 0.1, "num_heads": 2, "key_dim": 2, "groups": 2}


def main() -> None:
    import tf_keras as keras

    with open(sys.argv[1], encoding="utf-8") as handle:
        keras3 = json.load(handle)
    out: dict[str, list[str] | None] = {}
    keras2_only: dict[str, dict[str, object]] = {}
    for type_name, keys in keras3.items():
        cls = getattr(keras.layers, type_name, None)
        if cls is None:
            out[type_name] = None
            continue
        need: dict[str, object] = {}
        for p in list(inspect.signature(cls.__init__).parameters.values())[1:]:
            if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                need[p.name] = REQUIRED.get(p.name, 1)
        if "function" in need:
            need["function"] = lambda x: x
        if "cell" in need:
            need["cell"] = keras.layers.LSTMCell(2)
        if "layer" in need:
            need["layer"] = keras.layers.LSTM(2) if type_name == "Bidirectional" else keras.layers.Dense(2)
        only = []
        for key in keys:
            if key in need or key in BASE:
                continue
            try:
                cls(**need, **{key: None})
            except TypeError as exc:
                if exc.args == ("Keyword argument not understood:", key):
                    only.append(key)
            except Exception:  # noqa: BLE001 - another complaint: the key itself was understood
                pass
        out[type_name] = only
        # the other way: named parameters of tf_keras's __init__ chain that Keras 3 lacks, with
        # their defaults, each checked to be understood
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if init is None or klass.__module__.startswith(("tensorflow", "builtins")):
                continue
            for p in list(inspect.signature(init).parameters.values())[1:]:
                if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) or p.name in keys or p.name in need \
                        or p.name in BASE or p.name == "name" or p.name in keras2_only.get(type_name, {}):
                    continue
                if p.default is inspect.Parameter.empty or not isinstance(p.default, (int, float, str, bool,
                                                                                      type(None))):
                    continue
                try:
                    cls(**need, **{p.name: p.default})
                except TypeError as exc:
                    if exc.args == ("Keyword argument not understood:", p.name):
                        continue
                except Exception:  # noqa: BLE001 - understood, complained of otherwise
                    continue
                keras2_only.setdefault(type_name, {})[p.name] = p.default
    print(json.dumps({"keras3_only": {k: v for k, v in out.items() if v != []}, "keras2_only": keras2_only},
                     indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
