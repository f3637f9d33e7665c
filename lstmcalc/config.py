"""Read lstmcalc's settings: `[tool.lstmcalc]` in a pyproject.toml, or the top level of an
lstmcalc.toml, from the nearest such file above a path (or a file given with --config).

As ruff does, a pyproject.toml without a `[tool.lstmcalc]` table is passed over, and in one
folder lstmcalc.toml wins over pyproject.toml.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from lstmcalc.errors import ConfigError
from lstmcalc.safety.limits import MAX_CONFIG_BYTES
from lstmcalc.safety.reading import ReadError, read_path_capped
from lstmcalc.safety.text import visible

KEYS = {"select", "ignore", "severity", "strict", "max-params", "max-flops", "max-train-memory", "budget-batch",
        "budget-timesteps",
        "exclude", "extend-exclude", "include", "respect-gitignore", "keras"}
#: Keys whose value is a list of glob patterns (a single string is taken as a list of one).
PATTERN_KEYS = ("exclude", "extend-exclude", "include")
CONFIG_NAMES = ("lstmcalc.toml", "pyproject.toml")


def _toml(path: Path) -> dict[str, Any]:
    """The file's TOML, read with a byte cap (a device such as /dev/zero ends there)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    shown = visible(path, 300)
    try:
        raw = read_path_capped(str(path), MAX_CONFIG_BYTES, "settings file")
    except ReadError as exc:
        raise ConfigError(visible(exc, 400)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8") from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {visible(exc, 200)}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{shown}: the TOML nests too deeply to read") from None
    return data


def has_settings(path: Path) -> bool:
    """True for an lstmcalc.toml, or a pyproject.toml whose text has a [tool.lstmcalc] table
    (a text check first, so most projects' pyproject.toml is not parsed at all)."""
    if path.name != "pyproject.toml":
        return True
    try:
        raw = read_path_capped(str(path), MAX_CONFIG_BYTES, "settings file")
    except ReadError:
        return True  # load_config then says why it cannot be read
    if b"lstmcalc" not in raw:
        return False
    tool = _toml(path).get("tool", {})
    return isinstance(tool, dict) and "lstmcalc" in tool


def settings_file_in(folder: Path) -> Path | None:
    """FOLDER's settings file, if it holds one."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file() and has_settings(candidate):
            return candidate
    return None


def find_pyproject(start: Path) -> Path | None:
    """The nearest settings file at or above START (kept under its old name for callers)."""
    for folder in [start, *start.parents]:
        found = settings_file_in(folder)
        if found is not None:
            return found
    return None


find_config = find_pyproject


def load_config(explicit: str | None, start: Path) -> tuple[dict[str, Any], Path | None]:
    """The lstmcalc settings and the file they came from ({} and None when there are none)."""
    path = Path(explicit) if explicit else find_pyproject(start)
    if path is None:
        return {}, None
    data = _toml(path)
    shown = visible(path, 300)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{shown}: `tool` must be a table")
    section = tool.get("lstmcalc")
    if section is None:
        # --config and lstmcalc.toml hold the keys at the top level, as ruff.toml does
        top_level = explicit or path.name == "lstmcalc.toml"
        section = {k: v for k, v in data.items() if k in KEYS} if top_level else {}
    if not isinstance(section, dict):
        raise ConfigError(f"{shown}: [tool.lstmcalc] must be a table")
    unknown = set(section) - KEYS
    if unknown:
        names = ", ".join(visible(k, 40) for k in sorted(unknown)[:10])
        raise ConfigError(f"{shown}: unknown [tool.lstmcalc] key(s): {names}; known: {', '.join(sorted(KEYS))}")
    strict = section.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(f"{shown}: [tool.lstmcalc] strict must be true or false (a TOML boolean), "
                          f"not {visible(repr(strict), 40)}")
    if "keras" in section:
        keras = section["keras"]
        if isinstance(keras, str) and keras.strip() in ("2", "3"):
            section["keras"] = keras = int(keras)
        if isinstance(keras, bool) or keras not in (2, 3):
            raise ConfigError(f"{shown}: [tool.lstmcalc] keras must be 2 (tf.keras 2) or 3 (Keras 3), "
                              f"not {visible(repr(keras), 40)}")
    for key in (*PATTERN_KEYS, "respect-gitignore"):
        if key not in section:
            continue
        value = section[key]
        if key == "respect-gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{shown}: [tool.lstmcalc] respect-gitignore must be true or false")
            continue
        if isinstance(value, str):
            section[key] = value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{shown}: [tool.lstmcalc] {key} must be a list of glob patterns (strings)")
    return section, path


#: a `keras =` key anywhere (a line of its own, or an inline table `lstmcalc = {keras = 2}`)
_KERAS_KEY = re.compile(rb"(?<![\w.-])keras[ \t]*=")


def configured_keras(start: Path) -> int | None:
    """`keras = 2` (or 3) from the settings file nearest START, if it says. Every command asks,
    so a tree whose files hold no `keras =` line at all is answered from their text, without
    parsing TOML (a summary's start-up: bench/bench_summary.py)."""
    if not any(_KERAS_KEY.search(_head(folder / name)) for folder in [start, *start.parents] for name in CONFIG_NAMES):
        return None
    path = find_pyproject(start)
    if path is None:
        return None
    section, _ = load_config(str(path), start)
    value = section.get("keras")
    return value if isinstance(value, int) else None


def _head(path: Path) -> bytes:
    """A possible settings file's bytes (b"" when there is none or it cannot be read)."""
    try:
        return read_path_capped(str(path), MAX_CONFIG_BYTES, "settings file") if path.is_file() else b""
    except (ReadError, OSError):
        return b""
