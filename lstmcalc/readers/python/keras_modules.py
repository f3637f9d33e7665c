"""Keras 3's public modules and their names (keras3_modules.json, recorded from Keras 3.15 by
tools/keras_oracle/keras_modules.py), so that an import or attribute Keras 3 no longer has
stops the read with Keras's own error, as the script would stop."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

#: Roots whose modules the table describes.
CHECKED = ("keras", "tensorflow.keras")


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).parent / "keras3_modules.json").read_text(encoding="utf-8"))
    return data


def checked(path: str) -> bool:
    """Whether PATH is a module the table speaks for (under keras or tensorflow.keras)."""
    return any(path == root or path.startswith(root + ".") for root in CHECKED)


def absent(root: str) -> bool:
    """A top-level module that a Keras 3 installation does not have (keras_core, tf_keras, ...)."""
    return root in _table()["absent"]


def is_module(path: str) -> bool:
    return path in _table()["modules"]


def has(path: str, name: str) -> bool:
    """Whether module PATH has NAME (an attribute or a submodule)."""
    modules: dict[str, list[str]] = _table()["modules"]
    return name in modules.get(path, ()) or f"{path}.{name}" in modules


def version() -> str:
    return str(_table()["keras_version"])


def module_version(path: str) -> str | None:
    """`__version__` of keras, tensorflow or tensorflow.keras, as recorded."""
    if path in ("keras", "tensorflow.keras"):
        return version()
    if path == "tensorflow":
        return str(_table()["tensorflow_version"])
    return None


def names(path: str) -> list[str]:
    """The public names of module PATH (what `from PATH import *` binds)."""
    found: list[str] = _table()["modules"].get(path, [])
    return found
