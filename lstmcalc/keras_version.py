"""Which Keras lstmcalc answers for: Keras 3 (the default) or tf.keras 2 (`--keras 2`).

The version is set once, at the edge (the command line, the REPL, `summarize(keras=2)`),
and read where Keras 2 and Keras 3 differ: automatic names (spec/naming.py), the arguments a
layer takes and how a first layer's input arguments build the model (engine, readers), the
words of a refusal, and the printed table (render/keras2_table.py). A context variable keeps
the engine's functions pure: nothing is written, and the value is restored on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: The Keras versions lstmcalc answers for: Keras 3.15 and tf_keras 2.21 (the last Keras 2).
KERAS_VERSIONS = (2, 3)
DEFAULT_KERAS = 3
#: What each version is, for messages and the JSON.
KERAS_RELEASES = {2: "tf_keras 2.21", 3: "Keras 3.15"}

_CURRENT: ContextVar[int] = ContextVar("lstmcalc_keras", default=DEFAULT_KERAS)


def keras_version() -> int:
    """The Keras being answered for (3 unless the caller asked for 2)."""
    return _CURRENT.get()


def is_keras2() -> bool:
    return _CURRENT.get() == 2


@contextmanager
def using_keras(version: int | None) -> Iterator[int]:
    """Answer for Keras VERSION inside the block (None: leave it as it is)."""
    if version is None:
        yield _CURRENT.get()
        return
    if version not in KERAS_VERSIONS:
        raise ValueError(f"lstmcalc answers for Keras {' or '.join(map(str, KERAS_VERSIONS))}, not {version!r}")
    token = _CURRENT.set(version)
    try:
        yield version
    finally:
        _CURRENT.reset(token)
