"""Source positions."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A 1-based line and column in the spec file."""

    line: int
    column: int
