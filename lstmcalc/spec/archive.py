""".keras archives: a zip with config.json (and metadata.json), read without TensorFlow.

Only the two small JSON members are read; the weights are never opened. The archive is
untrusted down to its headers, so before a byte is decompressed the member must be the only
one of its name, unencrypted, stored or deflated (as Keras writes it), and declare a size
under the cap; then it is inflated through `safety.reading.read_member`, which counts the
bytes that actually come out and stops at the cap whatever the header claims. The central
directory is sized before zipfile reads it whole. Every problem is a diagnostic.

An archive too large to read into memory (its weights) is first cut down to its JSON
members by `shrink_archive`, with the same checks; a problem found there travels in the
bytes it returns, so the report is the same as for a small archive.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from typing import Any, BinaryIO

from lstmcalc.diagnostics import Diagnostic, error, warning
from lstmcalc.safety.limits import MAX_ARCHIVE_MEMBER, MAX_ZIP_DIRECTORY
from lstmcalc.safety.reading import ZIP_ERRORS, member_refusal, read_member, zip_directory_size
from lstmcalc.safety.text import excerpt, visible
from lstmcalc.span import Span

MAX_MEMBER = MAX_ARCHIVE_MEMBER
MAX_DIRECTORY = MAX_ZIP_DIRECTORY  # a Keras archive's is a few hundred bytes
ORIGIN = Span(1, 1)
CONFIG, METADATA = "config.json", "metadata.json"
_RESAVE = "save the model again with model.save('model.keras')"
#: Starts the bytes shrink_archive returns for a problem. The random part is new in each
#: process, so no file can pose as a carried problem.
_CARRIED = b"PK\x03\x04lstmcalc-problem:" + secrets.token_hex(16).encode() + b"\n"


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _reason(exc: object) -> str:
    return visible(str(exc) or type(exc).__name__, 200)


def _open(handle: BinaryIO) -> zipfile.ZipFile | Diagnostic:
    size = zip_directory_size(handle)
    if size is not None and size > MAX_DIRECTORY:
        return error("LC002", f"the archive's central directory is {size:,} bytes (limit {MAX_DIRECTORY:,}); a "
                              "Keras archive lists three files", ORIGIN, None, _RESAVE)
    try:
        handle.seek(0)
        return zipfile.ZipFile(handle)
    except ZIP_ERRORS as exc:
        return error("LC001", f"not a readable zip archive: {_reason(exc)}", ORIGIN, None, _RESAVE)


def _member(archive: zipfile.ZipFile, name: str) -> bytes | Diagnostic | None:
    """The bytes of member NAME (None if there is none), or why they cannot be had."""
    infos = [info for info in archive.infolist() if info.filename == name]
    if not infos:
        return None
    if len(infos) > 1:
        return error("LC001", f"the archive holds {len(infos)} members named {name}, so which one is the model is "
                              "not defined", ORIGIN, None, _RESAVE)
    info = infos[0]
    refusal = member_refusal(info)
    if refusal is not None:
        return error("LC001", f"{name} {refusal}", ORIGIN, None, _RESAVE)
    if info.file_size > MAX_MEMBER:
        return error("LC002", f"{name} would unpack to {info.file_size:,} bytes (limit {MAX_MEMBER:,})", ORIGIN,
                     None, "a model config is a few hundred kilobytes at most")
    try:
        data = read_member(archive, info, MAX_MEMBER)
    except ZIP_ERRORS as exc:
        return error("LC001", f"cannot unpack {name}: {_reason(exc)}", ORIGIN, None, _RESAVE)
    if data is None:
        return error("LC002", f"{name} unpacks to more than {MAX_MEMBER:,} bytes, though its header says "
                              f"{info.file_size:,}", ORIGIN, None, "the archive is damaged or hostile")
    return data


def _config(archive: zipfile.ZipFile) -> bytes | Diagnostic:
    config = _member(archive, CONFIG)
    if config is None:
        return error("LC010", f"the archive has no {CONFIG}; is this a Keras 3 .keras file?", ORIGIN, None,
                     "save the model with model.save('model.keras')")
    return config


def _version_notes(meta: bytes | Diagnostic | None) -> list[Diagnostic]:
    """A warning when metadata.json names another major Keras version. The metadata does
    not change the model, so a missing or broken one is passed over."""
    if not isinstance(meta, bytes):
        return []
    try:
        value: Any = json.loads(meta)
    except (ValueError, RecursionError):
        return []
    version = value.get("keras_version") if isinstance(value, dict) else None
    if not isinstance(version, str) or not version or version.startswith("3."):
        return []
    return [warning("LC021", f"the archive was saved by Keras {excerpt(version, 40)}; lstmcalc follows Keras 3.15",
                    ORIGIN)]


def read_keras_archive(data: bytes) -> tuple[bytes | None, list[Diagnostic]]:
    """The config.json bytes of a .keras archive, with notes from metadata.json."""
    if data.startswith(_CARRIED):
        return None, [_carried(data[len(_CARRIED):])]
    opened = _open(io.BytesIO(data))
    if isinstance(opened, Diagnostic):
        return None, [opened]
    with opened as archive:
        config = _config(archive)
        if isinstance(config, Diagnostic):
            return None, [config]
        return config, _version_notes(_member(archive, METADATA))


def shrink_archive(path: str) -> bytes:
    """A .keras archive too big to read whole (its weights) as the bytes of a small archive
    holding only its JSON members, read with the same checks and caps as a small one."""
    try:
        with open(path, "rb") as handle:
            opened = _open(handle)
            if isinstance(opened, Diagnostic):
                return _carry(opened)
            with opened as archive:
                config = _config(archive)
                if isinstance(config, Diagnostic):
                    return _carry(config)
                meta = _member(archive, METADATA)
    except OSError as exc:
        return _carry(error("LC001", f"cannot read the archive: {_reason(exc.strerror or exc)}", ORIGIN))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as small:
        small.writestr(CONFIG, config)
        if isinstance(meta, bytes):
            small.writestr(METADATA, meta)
    return out.getvalue()


def _carry(problem: Diagnostic) -> bytes:
    fields = {"code": problem.code, "message": problem.message, "hint": problem.hint}
    return _CARRIED + json.dumps(fields).encode()


def _carried(data: bytes) -> Diagnostic:
    fields = json.loads(data)
    return error(fields["code"], fields["message"], ORIGIN, None, fields["hint"])
