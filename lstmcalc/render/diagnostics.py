"""Diagnostics as text lines and as JSON objects."""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import Diagnostic
from lstmcalc.safety.limits import MAX_MESSAGE
from lstmcalc.safety.text import visible


def message_text(d: Diagnostic) -> str:
    """The message and hint as one visible line."""
    hint = f" (hint: {visible(d.hint, MAX_MESSAGE)})" if d.hint else ""
    return f"{visible(d.message, MAX_MESSAGE)}{hint}"


def diagnostic_line(path: str, d: Diagnostic) -> str:
    """`path:line:col: CODE [severity] message (hint: ...)`, the compiler-style line: one
    finding, one line, whatever the input held. In a notebook the position is ruff's
    `path:cell 3:4:17:`."""
    return f"{visible(path, 300)}:{d.span.where()}: {d.code} [{d.severity}] {message_text(d)}"


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code, "severity": str(d.severity), "message": visible(d.message, MAX_MESSAGE),
        "layer": d.layer, "cell": d.span.cell, "line": d.span.line, "column": d.span.column,
        "hint": visible(d.hint, MAX_MESSAGE),
    }
