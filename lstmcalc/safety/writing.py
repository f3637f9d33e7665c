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
import stat
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
    CONFIRM(path) says yes. Raises WriteError, never a bare OSError.

    A symlink is followed, so the file it points to is replaced and the link kept. A
    character device or FIFO (/dev/stdout, a pipe) is a stream: it is written in place,
    never replaced by a rename (which would swap the device node for a regular file).
    """
    shown = visible(os.fspath(path), 300)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode, target, folder = _target(path, shown, force, confirm)
    if target is None:
        return _write_stream(Path(path), payload, shown)
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write {shown}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(temporary, mode & 0o7777)
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


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Refuse PATH now, as write_atomic would refuse it later (a directory, a missing
    folder, an existing file without FORCE): a long run checks before it starts. Raises
    WriteError with the same message; every command reports it with the same status."""
    _target(path, visible(os.fspath(path), 300), force, None)


def _target(path: str | os.PathLike[str], shown: str, force: bool, confirm: Callable[[str], bool] | None,
            ) -> tuple[int | None, Path | None, Path]:
    """(mode of the existing file or None, the path to replace or None for a stream, its folder);
    WriteError when PATH may not be written."""
    try:
        if "\x00" in os.fspath(path):
            raise ValueError("embedded null byte")
        mode = os.stat(path).st_mode if os.path.exists(path) else None  # follows links
        if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            return mode, None, Path(".")
        target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        folder = target.parent if str(target.parent) else Path(".")
        folder_ok = folder.is_dir()
    except (OSError, ValueError, RuntimeError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise WriteError(f"cannot write {shown}: {reason}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise WriteError(f"{shown} is a directory; name a file to write")
    if mode is not None and not stat.S_ISREG(mode):
        raise WriteError(f"{shown} is not a regular file; name a file to write")
    if not folder_ok:
        raise WriteError(f"cannot write {shown}: the directory {visible(os.fspath(folder), 300)} does not exist")
    if mode is not None and not force and not (confirm is not None and confirm(shown)):
        raise WriteError(f"{shown} exists; pass --force to overwrite it")
    return mode, target, folder


def _write_stream(target: Path, payload: bytes, shown: str) -> Path:
    """Write to a device or pipe as a stream: there is no file to replace."""
    try:
        with open(target, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise WriteError(f"cannot write {shown}: {_reason(exc)}") from None
    return target
