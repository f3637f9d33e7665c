"""End positions for findings: where the YAML/JSON text that a span starts ends.

Spans record where a node starts. For editors and code-quality reports (ruff's JSON,
GitLab, SARIF regions) a finding also needs an end: the flow collection (`{...}`, `[...]`)
(or a Python call's parentheses) or the `key: value` / scalar text starting there, up to the end of its line for block
style. Pure text scanning, bounded: at most MAX_LINES lines per finding.
"""

from __future__ import annotations

from lstmcalc.span import Span

MAX_LINES = 200
_CLOSERS = {"{": "}", "[": "]", "(": ")"}


def with_end(span: Span, lines: list[str]) -> Span:
    """SPAN with end_line/end_column filled in from LINES (the file's text), if it has none."""
    if span.end_line is not None or span.cell is not None or not 1 <= span.line <= len(lines):
        return span
    line, start = span.line, span.column - 1
    text = lines[line - 1]
    if start >= len(text) or start < 0:
        return span._replace(end_line=line, end_column=span.column)
    depth, quote = 0, ""
    for number in range(line, min(len(lines), line + MAX_LINES) + 1):
        text = lines[number - 1]
        begin = start if number == line else 0
        for index in range(begin, len(text)):
            char = text[index]
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char in _CLOSERS:
                depth += 1
            elif char in "}])":
                if depth == 0:
                    return _stop(span, number, text, index)
                depth -= 1
                if depth == 0 and text[start] in _CLOSERS and number >= line:
                    return span._replace(end_line=number, end_column=index + 2)
            elif depth == 0 and (char == "," or (char == "#" and (index == 0 or text[index - 1] in " \t"))):
                return _stop(span, number, text, index)
        if depth == 0:
            return _stop(span, number, text, len(text))
    return span._replace(end_line=line, end_column=len(lines[line - 1]) + 1)


def _stop(span: Span, number: int, text: str, index: int) -> Span:
    """The end just before INDEX on line NUMBER, trailing blanks dropped."""
    end = len(text[:index].rstrip())
    if number == span.line:
        end = max(end, span.column - 1)
    return span._replace(end_line=number, end_column=end + 1)
