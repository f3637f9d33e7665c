"""Bounded reads: every byte lstmcalc takes from a file, stdin or an archive is counted.

A declared size (a zip header, a file's stat) is never trusted: reads stop one byte past
the cap, and decompression is streamed and cut at the cap.
"""

from __future__ import annotations

import lzma
import os
import sys
import zipfile
import zlib
from typing import BinaryIO

from lstmcalc.errors import LstmcalcError
from lstmcalc.safety.text import visible

_CHUNK = 1024 * 1024
#: What a corrupt or hostile zip member can raise while being read.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, OSError, EOFError,
              RuntimeError, NotImplementedError, ValueError, OverflowError, KeyError, IndexError, TypeError)
#: The only compression methods read_member inflates: zipfile streams these with a bounded
#: output per read; bzip2 and LZMA members are decompressed without such a bound (200
#: bytes of bzip2 become 256 MiB in one step). Keras and numpy write only these two.
STREAMABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}


class ReadError(LstmcalcError):
    """The input could not be read; the message says why."""


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most LIMIT + 1 bytes from STREAM, so the caller can tell 'too big' from 'full'."""
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def read_path(path: str, limit: int) -> bytes:
    """At most LIMIT + 1 bytes of PATH ('-' is stdin). Raises ReadError for OS errors."""
    if path == "-":
        return read_stream(sys.stdin.buffer, limit)
    shown = visible(path, 300)
    try:
        if "\x00" in path:
            raise ReadError(f"cannot read {shown}: a file name cannot hold a NUL byte")
        if os.path.isdir(path):
            raise ReadError(f"cannot read {shown}: it is a directory")
        with open(path, "rb") as handle:
            return read_stream(handle, limit)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ReadError(f"cannot read {shown}: {visible(reason, 200)}") from None


def read_path_capped(path: str, limit: int, what: str = "file") -> bytes:
    """The whole of PATH, or ReadError when it holds more than LIMIT bytes."""
    data = read_path(path, limit)
    if len(data) > limit:
        raise ReadError(f"{path}: the {what} is larger than {limit:,} bytes")
    return data


def zip_directory_size(handle: BinaryIO) -> int | None:
    """The central directory's size as the zip's end record declares it (zip64 included),
    found the way zipfile finds it; None when there is none (zipfile then says why)."""
    find = getattr(zipfile, "_EndRecData", None)  # zipfile's own end-record search
    if find is None:  # pragma: no cover - present in every CPython since 2.x
        return None
    try:
        record = find(handle)
        return int(record[getattr(zipfile, "_ECD_SIZE", 5)]) if record else None
    except ZIP_ERRORS:
        return None
    finally:
        handle.seek(0)


def member_refusal(info: zipfile.ZipInfo) -> str | None:
    """Why a member is not read at all (encrypted, or a method read_member cannot bound)."""
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.compress_type not in STREAMABLE:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        return f"is compressed with {method}; lstmcalc reads only stored or deflated members"
    return None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The decompressed bytes of one archive member, or None once more than LIMIT come out.
    Raises one of ZIP_ERRORS for a corrupt member, and NotImplementedError for one that
    member_refusal refuses."""
    refusal = member_refusal(info)
    if refusal is not None:
        raise NotImplementedError(f"{info.filename} {refusal}")
    parts: list[bytes] = []
    total = 0
    with archive.open(info) as handle:
        while True:
            chunk = handle.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                return None
    return b"".join(parts)
