"""What a renderer needs to know about where it writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from lstmcalc.engine.results import Summary


class RenderContext(NamedTuple):
    out: TextIO
    err: TextIO
    line_length: int | None = None
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    #: list a nested model's layers under its row, as Keras's summary(expand_nested=True)
    expand_nested: bool = False
    #: the handouts' colours (SVG, HTML): "light" or "terminal" (render/themes.py)
    theme: str = "light"

    def table_options(self, summary: Summary) -> tuple[int | None, bool]:
        """(line length, expand_nested) for SUMMARY's table: the command line's, else what
        the source asked for (`model.summary(line_length=100, expand_nested=True)` in code)."""
        asked = dict(summary.print_options)
        length = self.line_length or asked.get("line_length")
        return (length if isinstance(length, int) else None), self.expand_nested or asked.get("expand_nested") is True
