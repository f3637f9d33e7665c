"""What a renderer needs to know about where it writes."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, NamedTuple, TextIO

if TYPE_CHECKING:
    from lstmcalc.engine.results import Summary
    from lstmcalc.engine.table_options import TableOptions



class Theme(str, Enum):
    """The handouts' colour themes (palettes in render/themes.py, loaded only to draw one)."""

    LIGHT = "light"
    TERMINAL = "terminal"

    def __str__(self) -> str:
        return self.value


class RenderContext(NamedTuple):
    out: TextIO
    err: TextIO
    line_length: int | None = None
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    #: list a nested model's layers under its row, as Keras's summary(expand_nested=True)
    expand_nested: bool = False
    #: the handouts' colours (SVG, HTML): "light" or "terminal" (render/themes.py)
    theme: str = "light"
    #: summary(show_trainable=True): the Trainable column
    show_trainable: bool = False
    #: summary(positions=...): the columns' right edges, fractions of the line length
    positions: tuple[float, ...] | None = None
    #: summary(layer_range=(START, END)): names or regular expressions
    layer_range: tuple[str, str] | None = None
    #: lstmcalc's extension: a wrapper's inner layers as rows too (implies expand_nested)
    expand_wrappers: bool = False

    def table_options(self, summary: Summary) -> tuple[int | None, bool]:
        """(line length, expand_nested) for SUMMARY's table: the command line's, else what
        the source asked for (`model.summary(line_length=100, expand_nested=True)` in code)."""
        asked = dict(summary.print_options)
        length = self.line_length or asked.get("line_length")
        return (length if isinstance(length, int) else None), self.expand_nested or asked.get("expand_nested") is True

    def table(self, summary: Summary) -> TableOptions:
        """Every summary() option for SUMMARY's table: the command line's, else what the
        source's summary() call gave (show_trainable=True, positions, layer_range in code)."""
        from lstmcalc.engine.table_options import requested

        asked = requested(summary)
        length, expand = self.table_options(summary)
        from_command_line = self.layer_range is not None or self.positions is not None
        return asked._replace(
            line_length=length,
            positions=self.positions or asked.positions,
            expand_nested=expand or self.expand_wrappers,
            show_trainable=self.show_trainable or asked.show_trainable,
            layer_range=list(self.layer_range) if self.layer_range is not None else asked.layer_range,
            expand_wrappers=self.expand_wrappers,
            span=None if from_command_line else asked.span,
        )
