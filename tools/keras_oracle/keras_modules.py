"""Keras 3's public modules and the names each one has, as TensorFlow 2.21 / Keras 3.15 has them.

    /tmp/kenv/bin/python tools/keras_oracle/keras_modules.py > lstmcalc/readers/python/keras3_modules.json
    /tmp/k2env/bin/python tools/keras_oracle/keras_modules.py --keras 2 > lstmcalc/readers/python/keras2_modules.json

Real code imports `keras.layers.recurrent`, `keras.utils.np_utils` or `tensorflow.keras.layers.CuDNNLSTM`,
all gone in Keras 3: the script stops there with ModuleNotFoundError, ImportError or
AttributeError. The Python reader checks every Keras import and attribute against this table,
so it gives Keras 3's answer instead of guessing what the name meant. Recorded from the
installed packages: every importable module under `keras` (the private `keras.src` excluded)
and the same under `tensorflow.keras`, with its public names. Roots that Keras 3 does not
install (`keras_core`, `tf_keras`, `tensorflow_core`) are listed as absent.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def public_modules(root: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    module = importlib.import_module(root)
    pending = [(root, module)]
    while pending:
        name, mod = pending.pop()
        names = sorted(n for n in dir(mod) if not n.startswith("_"))
        out[name] = names
        for attr in names:
            value = getattr(mod, attr, None)
            if type(value).__name__ in ("module", "KerasLazyLoader") and (name + "." + attr) not in out:
                full = name + "." + attr
                try:
                    sub = importlib.import_module(full)
                except ImportError:
                    continue
                if ".src" not in full:
                    pending.append((full, sub))
    return out


def main_keras2() -> None:
    """tf_keras 2.21's modules (`--keras 2`): `keras` stands for tf_keras, as `import keras`
    was under Keras 2 and as lstmcalc reads it; `tensorflow.keras` (TF_USE_LEGACY_KERAS=1) and
    `tensorflow.compat.v1.keras` (which keeps CuDNNLSTM and CuDNNGRU) are recorded too. The
    `tf_keras` root is read as `keras`."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow
    import tf_keras

    table: dict[str, object] = {"keras_version": tf_keras.__version__, "tensorflow_version": tensorflow.__version__}
    modules = {"keras" + name[len("tf_keras"):]: names for name, names in public_modules("tf_keras").items()}
    modules.update(public_modules("tensorflow.keras"))
    modules.update(public_modules("tensorflow.compat.v1.keras"))
    table["modules"] = dict(sorted(modules.items()))
    absent = []
    for root in ("keras_core", "tensorflow_core"):
        try:
            importlib.import_module(root)
        except ImportError:
            absent.append(root)
    table["absent"] = absent
    print(json.dumps(table, separators=(",", ":")))


def main() -> None:
    if "--keras" in sys.argv and sys.argv[sys.argv.index("--keras") + 1] == "2":
        main_keras2()
        return
    import keras
    import tensorflow

    table: dict[str, object] = {"keras_version": keras.__version__, "tensorflow_version": tensorflow.__version__}
    modules = public_modules("keras")
    try:
        tf_modules = public_modules("tensorflow.keras")
    except ImportError:
        tf_modules = {}
    modules.update(tf_modules)
    table["modules"] = dict(sorted(modules.items()))
    absent = []
    for root in ("keras_core", "tf_keras", "tensorflow_core", "tensorflow.python.keras"):
        try:
            importlib.import_module(root)
        except ImportError:
            absent.append(root)
    table["absent"] = absent
    _ = pkgutil  # walked through attributes instead: Keras's API modules are generated namespaces
    print(json.dumps(table, separators=(",", ":")))


if __name__ == "__main__":
    main()
