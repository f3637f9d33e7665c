"""Bounded reading of the .npy and .npz files that `lstmcalc run` takes.

Nothing in an array file is trusted. The kind is told from the bytes, not the name; an
npz's central directory is sized before zipfile parses it; each array's shape and dtype
come from its .npy header, read on its own (a few kilobytes at most), so the caller can
refuse an array before a byte of its data is inflated; and the data itself is read with a
streamed cap, so a member that inflates past what its header declares is cut off. Python
objects are never unpickled.
"""

from __future__ import annotations

import io
import math
import os
import stat
import struct
import zipfile
from typing import Any, BinaryIO, NamedTuple

import numpy as np

from lstmcalc.safety.limits import MAX_ARRAY_FILE_BYTES, MAX_ZIP_DIRECTORY
from lstmcalc.safety.reading import (
    ZIP_ERRORS,
    ReadError,
    member_refusal,
    read_member,
    read_stream,
    zip_directory_size,
)
from lstmcalc.safety.text import quoted, visible

#: numpy's own cap on an .npy header (numpy.lib.format._MAX_HEADER_SIZE).
MAX_HEADER_BYTES = 10_000
#: Axes of one array; numpy itself stops at 64.
MAX_RANK = 32
_NPY_MAGIC = b"\x93NUMPY"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
#: dtype kinds a model input or weight can be: bool, signed and unsigned ints, floats.
NUMERIC_KINDS = "biuf"


class ArrayFileError(ReadError):
    """The file is not a readable .npy/.npz (status 2, like any unreadable input)."""


class Header(NamedTuple):
    """What an .npy header declares, checked for sanity but not yet for fit."""

    shape: tuple[int, ...]
    dtype: np.dtype[Any]
    fortran_order: bool
    offset: int  # bytes before the data

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize

    @property
    def numeric(self) -> bool:
        return self.dtype.kind in NUMERIC_KINDS and self.dtype.fields is None and self.dtype.subdtype is None


def describe_dtype(dtype: Any) -> str:
    """A dtype as a person reads it: 'float32', 'complex128', 'object (pickled Python objects)'."""
    if dtype.hasobject:
        return "object (pickled Python objects)"
    if dtype.fields is not None:
        return "a structured record"
    if dtype.kind in "US":
        return f"text ({dtype.str})"
    if dtype.kind == "c":
        return f"complex numbers ({dtype.name})"
    if dtype.kind in "mM":
        return f"dates or times ({dtype.name})"
    return visible(dtype.name, 40)


def fmt_dims(shape: tuple[object, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _parse_header(stream: BinaryIO, where: str) -> Header:
    """The .npy header at the start of STREAM, reading no more than the header itself."""
    lead = read_stream(stream, 9)[:10]
    if len(lead) < 10 or not lead.startswith(_NPY_MAGIC):
        raise ArrayFileError(f"{where} is not an .npy array (it starts with {quoted(lead[:8])})")
    version = (lead[6], lead[7])
    if version == (1, 0):
        length = struct.unpack("<H", lead[8:10])[0]
        prefix = lead[:10]
    elif version == (2, 0):
        more = read_stream(stream, 1)[:2]
        if len(more) < 2:
            raise ArrayFileError(f"{where} ends inside its .npy header")
        length = struct.unpack("<I", lead[8:10] + more)[0]
        prefix = lead + more
    else:
        raise ArrayFileError(f"{where} uses .npy format version {version[0]}.{version[1]}; lstmcalc reads "
                             "versions 1.0 and 2.0 (what numpy.save writes for numeric arrays)")
    if length > MAX_HEADER_BYTES:
        raise ArrayFileError(f"{where} declares an .npy header of {length:,} bytes (numpy allows "
                             f"{MAX_HEADER_BYTES:,}); the file is corrupt or hostile")
    text = read_stream(stream, length - 1)[:length] if length else b""
    if len(text) < length:
        raise ArrayFileError(f"{where} ends inside its .npy header")
    try:
        fake = io.BytesIO(prefix + text)
        np.lib.format.read_magic(fake)
        reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = reader(fake)
    except (ValueError, TypeError, SyntaxError, KeyError, OverflowError, MemoryError, RecursionError) as exc:
        raise ArrayFileError(f"{where} has a corrupt .npy header ({visible(exc, 120)})") from None
    if len(shape) > MAX_RANK or any(not isinstance(d, int) or isinstance(d, bool) or d < 0 for d in shape):
        raise ArrayFileError(f"{where} declares an impossible shape {quoted(shape)}")
    return Header(tuple(shape), dtype, bool(fortran), len(prefix) + length)


def _check_directory(handle: BinaryIO, where: str) -> None:
    """Refuse a zip whose central directory is too big to hold in memory."""
    directory = zip_directory_size(handle)
    if directory is not None and directory > MAX_ZIP_DIRECTORY:
        raise ArrayFileError(f"{where} has a zip directory of {directory:,} bytes (lstmcalc reads up to "
                             f"{MAX_ZIP_DIRECTORY:,}, about 20,000 arrays); the file is corrupt or hostile")


class ArrayFile:
    """An .npy or .npz file opened for bounded reading: headers first, data on demand.

    `label` names the option it came from (`--weights`), for messages. An .npy file holds
    one array under the key ''.
    """

    def __init__(self, path: str, label: str) -> None:
        self.path = path
        self.label = label
        self.where = f"{label} {visible(path, 200)}"
        self._headers: dict[str, Header] = {}
        self._loaded = 0
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._handle = self._open()
        try:
            self.kind = self._identify()
        except BaseException:
            self.close()
            raise

    # --- opening ------------------------------------------------------------------------
    def _open(self) -> BinaryIO:
        try:
            # O_NONBLOCK: opening a FIFO with no writer must not hang; regular files ignore it.
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise ArrayFileError(f"cannot read {self.where}: {exc.strerror or exc}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ArrayFileError(f"{self.where} is not a regular file; give an .npy or .npz file")
            if info.st_size > MAX_ARRAY_FILE_BYTES:
                raise ArrayFileError(f"{self.where} holds {info.st_size:,} bytes, over lstmcalc's limit of "
                                     f"{MAX_ARRAY_FILE_BYTES:,} for an array file")
            os.set_blocking(fd, True)
            self.size = info.st_size
            return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise

    def _identify(self) -> str:
        try:
            head = self._handle.read(6)
            self._handle.seek(0)
        except OSError as exc:
            raise ArrayFileError(f"cannot read {self.where}: {exc.strerror or exc}") from None
        if head.startswith(_NPY_MAGIC):
            return "npy"
        if head[:4] in _ZIP_MAGICS:
            self._open_zip()
            return "npz"
        shown = "it is empty" if not head else f"it starts with {quoted(head)}"
        raise ArrayFileError(f"{self.where} is neither an .npy nor an .npz file ({shown}); save arrays with "
                             "numpy.save or numpy.savez")

    def _open_zip(self) -> None:
        try:
            _check_directory(self._handle, self.where)
            self._zip = zipfile.ZipFile(self._handle)
            infos = self._zip.infolist()
        except ArrayFileError:
            raise
        except ZIP_ERRORS as exc:
            raise ArrayFileError(f"{self.where} is not a readable .npz ({visible(exc, 120)}); the file is "
                                 "truncated or corrupt") from None
        for info in infos:
            name = info.filename
            self._members[name[:-4] if name.endswith(".npy") else name] = info

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        self._handle.close()

    def __enter__(self) -> ArrayFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what it holds -------------------------------------------------------------------
    def __contains__(self, key: object) -> bool:
        return key in self.keys()

    def keys(self) -> list[str]:
        return [""] if self.kind == "npy" else list(self._members)

    def key_list(self, limit: int = 8) -> str:
        """The first few keys, for 'it holds: ...' in messages."""
        keys = self.keys()
        shown = ", ".join(quoted(k, 40) for k in keys[:limit])
        return (shown + f", ... ({len(keys)} in all)" if len(keys) > limit else shown) or "nothing"

    def describe(self, key: str) -> str:
        return self.where if self.kind == "npy" else f"{self.where} member {quoted(key, 60)}"

    def header(self, key: str) -> Header:
        """KEY's declared shape and dtype, reading only its header. KeyError if absent."""
        if key in self._headers:
            return self._headers[key]
        if self.kind == "npy":
            if key != "":
                raise KeyError(key)
            self._handle.seek(0)
            found = _parse_header(self._handle, self.where)
        else:
            info = self._members[key]
            where = self.describe(key)
            self._check_member(info, where)
            assert self._zip is not None
            try:
                with self._zip.open(info) as stream:
                    found = _parse_header(stream, where)  # type: ignore[arg-type]
            except ArrayFileError:
                raise
            except ZIP_ERRORS as exc:
                raise ArrayFileError(f"{where} cannot be read ({visible(exc, 120)}); the .npz is corrupt") from None
        self._headers[key] = found
        return found

    def _check_member(self, info: zipfile.ZipInfo, where: str) -> None:
        refusal = member_refusal(info)
        if refusal is not None:
            raise ArrayFileError(f"{where} {refusal}; save the arrays with numpy.savez or numpy.savez_compressed")

    def load(self, key: str, limit: int) -> Any:
        """KEY's array, refused when its header declares more than LIMIT bytes or the file's
        arrays together exceed MAX_ARRAY_FILE_BYTES; data is read with a streamed cap."""
        head = self.header(key)
        where = self.describe(key)
        need = head.nbytes
        if need > limit or self._loaded + need > MAX_ARRAY_FILE_BYTES:
            raise ArrayFileError(f"{where} declares {fmt_dims(head.shape)} {head.dtype.name} values, "
                                 f"{need:,} bytes, over the {min(limit, MAX_ARRAY_FILE_BYTES):,} allowed")
        if self.kind == "npy":
            try:
                self._handle.seek(head.offset)
                data = read_stream(self._handle, need)
            except OSError as exc:
                raise ArrayFileError(f"cannot read {where}: {exc.strerror or exc}") from None
            body = memoryview(data)[:need]
        else:
            info = self._members[key]
            assert self._zip is not None
            try:
                raw = read_member(self._zip, info, head.offset + need)
            except ZIP_ERRORS as exc:
                raise ArrayFileError(f"{where} cannot be read ({visible(exc, 120)}); the .npz is corrupt") from None
            if raw is None:
                raise ArrayFileError(f"{where} inflates to more than the {head.offset + need:,} bytes its header "
                                     "declares; refusing it (a corrupt or hostile archive)")
            body = memoryview(raw)[head.offset:]
        if len(body) < need:
            raise ArrayFileError(f"{where} is truncated: its header declares {fmt_dims(head.shape)} "
                                 f"{head.dtype.name} values ({need:,} bytes) but {len(body):,} bytes follow")
        self._loaded += need
        if head.size == 0:
            return np.zeros(head.shape, head.dtype)
        flat = np.frombuffer(body, dtype=head.dtype, count=head.size)
        return flat.reshape(head.shape, order="F" if head.fortran_order else "C")
