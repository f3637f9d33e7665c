"""Source positions."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A 1-based line and column in the input file; in a notebook, `cell` is the 1-based
    index of the cell among all the notebook's cells (as Jupyter and ruff count them) and
    line and column are within that cell."""

    line: int
    column: int
    cell: int | None = None
    #: Where the finding's text ends (1-based, the column just past its last character), when
    #: known; lint fills it in from the file's text (see lstmcalc.lint.ends).
    end_line: int | None = None
    end_column: int | None = None

    def where(self) -> str:
        """`4:17`, or `cell 3:4:17` in a notebook: the position as compilers and ruff print it."""
        return f"{self.line}:{self.column}" if self.cell is None else f"cell {self.cell}:{self.line}:{self.column}"

    def order(self) -> tuple[int, int, int]:
        """A sort key: cells in order, then lines and columns within them."""
        return (self.cell or 0, self.line, self.column)
