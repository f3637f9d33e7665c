"""Read `[tool.lstmcalc]` from the nearest pyproject.toml (or a file given with --config)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lstmcalc.errors import ConfigError
from lstmcalc.safety.limits import MAX_CONFIG_BYTES
from lstmcalc.safety.reading import ReadError, read_path_capped
from lstmcalc.safety.text import visible

KEYS = {"select", "ignore", "severity", "strict", "max-params"}


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


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


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
        section = {k: v for k, v in data.items() if k in KEYS} if explicit else {}
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
    return section, path
