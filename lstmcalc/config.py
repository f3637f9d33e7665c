"""Read `[tool.lstmcalc]` from the nearest pyproject.toml (or a file given with --config)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lstmcalc.errors import ConfigError

KEYS = {"select", "ignore", "severity", "strict", "max-params"}


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


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
    section = data.get("tool", {}).get("lstmcalc")
    if section is None:
        section = {k: v for k, v in data.items() if k in KEYS} if explicit else {}
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.lstmcalc] must be a table")
    unknown = set(section) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown [tool.lstmcalc] key(s): {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(KEYS))}")
    return section, path
