"""What a renderer needs to know about where it writes."""

from __future__ import annotations

from typing import NamedTuple, TextIO


class RenderContext(NamedTuple):
    out: TextIO
    err: TextIO
    line_length: int | None = None
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    #: list a nested model's layers under its row, as Keras's summary(expand_nested=True)
    expand_nested: bool = False
