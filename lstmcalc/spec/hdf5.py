""".h5 model files (tf.keras 2's `model.save("model.h5")`, Keras 3's legacy H5 format): the
model config, read without TensorFlow.

Keras writes the config as JSON text in the root group's `model_config` attribute; only that
attribute is read, never the weights, and it goes on to the Keras config reader. h5py (an
optional extra, `pip install 'lstmcalc[h5]'`) is imported only here, and only for an .h5 file.

The file is untrusted. A fixed-size attribute is sized before it is read; a variable-length
string (what h5py and Keras write) has its length only in the file's heap, which the HDF5
library reads within the file's own bounds, so it costs at most the file's size, and its text
is then held to MAX_CONFIG. A file too large to read into memory (its weights) is opened by
`shrink_h5` from its path instead, with the same checks. Every problem is a diagnostic.
"""

from __future__ import annotations

import io
import json
import secrets
from typing import Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.safety.limits import MAX_INPUT_BYTES
from lstmcalc.safety.text import visible
from lstmcalc.span import Span

#: Bytes of the model_config text: a config is a JSON file like any other input.
MAX_CONFIG = MAX_INPUT_BYTES
SIGNATURE = b"\x89HDF\r\n\x1a\n"
ORIGIN = Span(1, 1)
ATTRIBUTE = "model_config"
INSTALL = "pip install 'lstmcalc[h5]'"
_RESAVE = "save the whole model with model.save('model.h5'), or as Keras 3's model.save('model.keras')"
#: Starts the bytes shrink_h5 returns: new in each process, so no file can pose as them.
_CARRIED = SIGNATURE + b"lstmcalc-carried:" + secrets.token_hex(16).encode() + b"\n"


def is_hdf5(data: bytes) -> bool:
    return data[:8] == SIGNATURE


def _reason(exc: BaseException) -> str:
    return visible(str(exc) or type(exc).__name__, 200)


def _config(handle: Any) -> bytes | Diagnostic:
    """The model_config text of an open h5py File."""
    import numpy as np

    if ATTRIBUTE not in handle.attrs:
        names = sorted(str(name) for name in list(handle.attrs)[:20])
        weights = "model_weights" in handle or "layer_names" in handle.attrs or "layers" in handle
        what = "a weights file" if weights else "an HDF5 file"
        return error("LC010", f"the file has no `{ATTRIBUTE}` attribute, so it holds no model: {what} "
                              f"(root attributes: {', '.join(names) or 'none'})", ORIGIN, None,
                     "give lstmcalc the file model.save('model.h5') writes, or the model's JSON config")
    attr = handle.attrs.get_id(ATTRIBUTE)
    kind = attr.dtype
    if attr.shape not in ((), (1,)) or kind.kind not in ("S", "U", "O"):
        return error("LC010", f"`{ATTRIBUTE}` must be one JSON string, got an attribute of type {visible(kind, 40)} "
                              f"and shape {visible(attr.shape, 40)}", ORIGIN, None, _RESAVE)
    if kind.kind != "O" and kind.itemsize > MAX_CONFIG:
        return error("LC002", f"`{ATTRIBUTE}` is {kind.itemsize:,} bytes (limit {MAX_CONFIG:,})", ORIGIN, None,
                     "a model config is a few hundred kilobytes at most")
    value = handle.attrs[ATTRIBUTE]
    if isinstance(value, np.ndarray):
        value = value.reshape(-1)[0]
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    if not isinstance(value, bytes):
        return error("LC010", f"`{ATTRIBUTE}` must be JSON text, got {visible(type(value).__name__, 40)}",
                     ORIGIN, None, _RESAVE)
    if len(value) > MAX_CONFIG:
        return error("LC002", f"`{ATTRIBUTE}` is {len(value):,} bytes (limit {MAX_CONFIG:,})", ORIGIN, None,
                     "a model config is a few hundred kilobytes at most")
    return value


def _open_and_read(source: Any) -> bytes | Diagnostic:
    try:
        import h5py
    except ImportError:
        return error("LC001", "reading .h5 model files needs h5py, which is not installed", ORIGIN, None,
                     f"{INSTALL}; or give lstmcalc the model's JSON config")
    try:
        with h5py.File(source, "r") as handle:
            return _config(handle)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, UnicodeError, MemoryError,
            OverflowError, IndexError) as exc:
        return error("LC001", f"not a readable HDF5 model file: {_reason(exc)}", ORIGIN, None, _RESAVE)


def read_h5(data: bytes) -> tuple[bytes | None, list[Diagnostic]]:
    """The model_config JSON bytes of an .h5 model file's bytes (or of shrink_h5's answer)."""
    if data.startswith(_CARRIED):
        return _carried(data[len(_CARRIED):])
    found = _open_and_read(io.BytesIO(data))
    if isinstance(found, Diagnostic):
        return None, [found]
    return found, []


def shrink_h5(path: str) -> bytes:
    """An .h5 file too big to read whole (its weights), read from PATH: its model_config (or
    the problem) carried in bytes that read_h5 takes."""
    found = _open_and_read(path)
    if isinstance(found, Diagnostic):
        fields = {"code": found.code, "message": found.message, "hint": found.hint}
        return _CARRIED + b"P" + json.dumps(fields).encode()
    return _CARRIED + b"C" + found


def _carried(data: bytes) -> tuple[bytes | None, list[Diagnostic]]:
    if data[:1] == b"C":
        return data[1:], []
    fields = json.loads(data[1:])
    return None, [error(fields["code"], fields["message"], ORIGIN, None, fields["hint"])]
