"""Diagnostics as text lines and as JSON objects."""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import Diagnostic


def diagnostic_line(path: str, d: Diagnostic) -> str:
    """`path:line:col: CODE [severity] message (hint: ...)`, the compiler-style line."""
    hint = f" (hint: {d.hint})" if d.hint else ""
    return f"{path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity}] {d.message}{hint}"


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code, "severity": str(d.severity), "message": d.message, "layer": d.layer,
        "line": d.span.line, "column": d.span.column, "hint": d.hint,
    }
