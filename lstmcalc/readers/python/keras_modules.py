"""Keras's public modules and their names, for the Keras being answered for: Keras 3.15
(keras3_modules.json) or, under `--keras 2`, tf_keras 2.21 (keras2_modules.json), both
recorded by tools/keras_oracle/keras_modules.py, so that an import or attribute that Keras
does not have stops the read with Python's own error, as the script would stop.

Under `--keras 2`, `keras` is read as tf_keras (what `import keras` was under Keras 2), the
`tf_keras` root is the same package, and `tensorflow.compat.v1.keras` (CuDNNLSTM, CuDNNGRU)
is listed too."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from lstmcalc.keras_version import keras_version

#: Roots whose modules the tables describe, per Keras version.
ROOTS = {3: ("keras", "tensorflow.keras"), 2: ("keras", "tensorflow.keras", "tf_keras", "tensorflow.compat.v1.keras")}


@cache
def _load(version: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).parent / f"keras{version}_modules.json").read_text(
        encoding="utf-8"))
    return data


def _table() -> dict[str, Any]:
    return _load(keras_version())


def _key(path: str) -> str:
    """The table's name for PATH: under Keras 2 `tf_keras.layers` is `keras.layers`."""
    if keras_version() == 2 and (path == "tf_keras" or path.startswith("tf_keras.")):
        return "keras" + path[len("tf_keras"):]
    return path


def checked(path: str) -> bool:
    """Whether PATH is a module the table speaks for (under keras or tensorflow.keras). Under
    Keras 2 the private `keras.src` tree, which tf_keras has but the table does not list, is
    not checked: its layer classes are then known by name, as anywhere else."""
    if keras_version() == 2 and _key(path).split(".")[:2] == ["keras", "src"]:
        return False
    return any(path == root or path.startswith(root + ".") for root in ROOTS[keras_version()])


def root_of(path: str) -> str:
    """The longest root of the table that PATH is under (PATH itself when none)."""
    roots = [root for root in ROOTS[keras_version()] if path == root or path.startswith(root + ".")]
    return max(roots, key=len) if roots else path


def absent(root: str) -> bool:
    """A top-level module that the Keras installation does not have (keras_core, and tf_keras
    beside Keras 3, ...)."""
    return root in _table()["absent"]


def is_module(path: str) -> bool:
    return _key(path) in _table()["modules"]


def has(path: str, name: str) -> bool:
    """Whether module PATH has NAME (an attribute or a submodule)."""
    modules: dict[str, list[str]] = _table()["modules"]
    key = _key(path)
    return name in modules.get(key, ()) or f"{key}.{name}" in modules


def version() -> str:
    return str(_table()["keras_version"])


def label() -> str:
    """The Keras the table was recorded from, for messages: `Keras 3.15.1`, `tf_keras 2.21.0`."""
    return f"{'tf_keras' if keras_version() == 2 else 'Keras'} {version()}"


def module_version(path: str) -> str | None:
    """`__version__` of keras, tensorflow or tensorflow.keras, as recorded."""
    if _key(path) in ("keras", "tensorflow.keras"):
        return version()
    if path == "tensorflow":
        return str(_table()["tensorflow_version"])
    return None


def names(path: str) -> list[str]:
    """The public names of module PATH (what `from PATH import *` binds)."""
    found: list[str] = _table()["modules"].get(_key(path), [])
    return found


def keras2_has(path: str, name: str | None = None) -> bool:
    """Whether tf_keras 2.21 has module PATH (and NAME in it): for the hint of a Keras 3
    refusal, that `--keras 2` gives the tf.keras 2 answer."""
    modules: dict[str, Any] = _load(2)["modules"]
    if path == "tf_keras" or path.startswith("tf_keras."):
        path = "keras" + path[len("tf_keras"):]
    if path not in modules:
        return False
    return name is None or name == "*" or name in modules[path] or f"{path}.{name}" in modules


#: The hint a Keras 3 refusal of a Keras 2 idiom adds.
KERAS2_HINT = "`--keras 2` shows the tf.keras 2 answer"


def with_keras2_hint(hint: str, keras2_answers: bool) -> str:
    """HINT, plus KERAS2_HINT when answering for Keras 3 and tf.keras 2 would take the code."""
    if keras_version() == 3 and keras2_answers:
        return f"{hint}; {KERAS2_HINT}" if hint else KERAS2_HINT
    return hint
