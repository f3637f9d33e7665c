"""End positions for findings: where the YAML/JSON text that a span starts ends.

Spans record where a node starts. For editors and code-quality reports (ruff's JSON,
GitLab, SARIF regions) a finding also needs an end: the flow collection (`{...}`, `[...]`)
(or a Python call's parentheses) or the `key: value` / scalar text starting there, up to the end of its line for block
style. Pure text scanning, bounded: at most MAX_LINES lines and MAX_CHARS characters per
finding (a hostile one-line file cannot make each of its findings scan megabytes); past
that, the end is the end of the start line, at most MAX_CHARS on.
"""

from __future__ import annotations

from lstmcalc.span import Span

MAX_LINES = 200
MAX_CHARS = 20_000
_CLOSERS = {"{": "}", "[": "]", "(": ")"}


def with_end(span: Span, lines: list[str]) -> Span:
    """SPAN with end_line/end_column filled in from LINES (the file's text), if it has none."""
    if span.end_line is not None or span.cell is not None or not 1 <= span.line <= len(lines):
        return span
    line, start = span.line, span.column - 1
    text = lines[line - 1]
    if start >= len(text) or start < 0:
        return span._replace(end_line=line, end_column=span.column)
    opened = text[start] in _CLOSERS  # the span starts a flow collection or a call's parentheses
    depth, quote, budget = 0, "", MAX_CHARS
    for number in range(line, min(len(lines), line + MAX_LINES) + 1):
        text = lines[number - 1]
        begin = start if number == line else 0
        stop = min(len(text), begin + budget)
        budget -= stop - begin
        for index in range(begin, stop):
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
                if depth == 0 and opened:
                    return span._replace(end_line=number, end_column=index + 2)
            elif depth == 0 and (char == "," or (char == "#" and (index == 0 or text[index - 1] in " \t"))):
                return _stop(span, number, text, index)
        if budget <= 0:
            break
        if depth == 0:
            return _stop(span, number, text, len(text))
    return span._replace(end_line=line, end_column=min(len(lines[line - 1]), start + MAX_CHARS) + 1)


def _stop(span: Span, number: int, text: str, index: int) -> Span:
    """The end just before INDEX on line NUMBER, trailing blanks dropped."""
    end = len(text[:index].rstrip())
    if number == span.line:
        end = max(end, span.column - 1)
    return span._replace(end_line=number, end_column=end + 1)
