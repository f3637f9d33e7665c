"""The one way lstmcalc writes a file: atomically, at the exact path named, never over an
existing file without consent.

The data goes to a temporary file in the same directory, is flushed to disk, then renamed
over the target, so a failure (a full disk, a killed process) leaves the old file whole
and no fragment behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from lstmcalc.errors import LstmcalcError
from lstmcalc.safety.text import visible


class WriteError(LstmcalcError):
    """The file was not written; the message says why and what to do."""


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return exc.strerror or str(exc)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, force: bool = False,
                 confirm: Callable[[str], bool] | None = None) -> Path:
    """Write DATA to exactly PATH. An existing file is replaced only with FORCE or when
    CONFIRM(path) says yes. Raises WriteError, never a bare OSError."""
    target = Path(path)
    shown = visible(os.fspath(path), 300)
    try:
        if "\x00" in os.fspath(path):
            raise ValueError("embedded null byte")
        is_dir = target.is_dir()
        folder = target.parent if str(target.parent) else Path(".")
        folder_ok = folder.is_dir()
        present = target.exists() or target.is_symlink()
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise WriteError(f"cannot write {shown}: {reason}") from None
    if is_dir:
        raise WriteError(f"{shown} is a directory; name a file to write")
    if not folder_ok:
        raise WriteError(f"cannot write {shown}: the directory {visible(os.fspath(folder), 300)} does not exist")
    if present and not force and not (confirm is not None and confirm(shown)):
        raise WriteError(f"{shown} exists; pass --force to overwrite it")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write {shown}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write {shown}: {_reason(exc)}") from None
    return target
