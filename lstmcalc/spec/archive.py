"""`.keras` archives: a zip with config.json (and metadata.json), read without TensorFlow.

Only the two small JSON members are read, with their declared and actual sizes capped, so
a zip bomb costs nothing; the weights file is never opened.
"""

from __future__ import annotations

import io
import json
import zipfile

from lstmcalc.diagnostics import Diagnostic, error, warning
from lstmcalc.span import Span

MAX_MEMBER = 20 * 1024 * 1024
ORIGIN = Span(1, 1)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _read(archive: zipfile.ZipFile, name: str) -> bytes | Diagnostic:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return error("LC010", f"the archive has no {name}; is this a Keras 3 .keras file?", ORIGIN, None,
                     "save the model with model.save('model.keras')")
    if info.file_size > MAX_MEMBER:
        return error("LC002", f"{name} would unpack to {info.file_size:,} bytes (limit {MAX_MEMBER:,})", ORIGIN)
    try:
        with archive.open(info) as fh:
            data = fh.read(MAX_MEMBER + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        return error("LC001", f"cannot unpack {name}: {exc}", ORIGIN)
    if len(data) > MAX_MEMBER:
        return error("LC002", f"{name} unpacks to more than {MAX_MEMBER:,} bytes", ORIGIN)
    return data


def read_keras_archive(data: bytes) -> tuple[bytes | None, list[Diagnostic]]:
    """The config.json bytes of a .keras archive, with notes from metadata.json."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return None, [error("LC001", f"not a readable zip archive: {exc}", ORIGIN)]
    notes: list[Diagnostic] = []
    with archive:
        config = _read(archive, "config.json")
        if isinstance(config, Diagnostic):
            return None, [config]
        if "metadata.json" in archive.namelist():
            meta = _read(archive, "metadata.json")
            if not isinstance(meta, Diagnostic):
                try:
                    version = str(json.loads(meta).get("keras_version", ""))
                except (ValueError, AttributeError):
                    version = ""
                if version and not version.startswith("3."):
                    notes.append(warning("LC021", f"the archive was saved by Keras {version}; lstmcalc follows "
                                                  "Keras 3.15", ORIGIN))
    return config, notes
