"""The sanitizer: every string from the input passes here before it reaches any output.

Untrusted text (layer names, types, argument keys, file paths, messages that quote the
input) is made *visible* first: one line, printable, with every control character, escape
sequence, line separator, bidirectional override and lone surrogate shown as a Python-style
escape (`\\n`, `\\x1b`, `\\u202e`) instead of acting on the reader's terminal or log. Each
output kind then adds its own escaping with the library that owns that syntax: rich's
`escape` for console markup (render/keras_table.markup_literal, since the engine may use
this module and must not import rich), `xml.sax.saxutils` for XML/SVG, `json` for JSON.

The rule this keeps: one finding, one line; nothing from the input is ever interpreted.
"""

from __future__ import annotations

import re

from lstmcalc.safety.limits import MAX_EXCERPT

# C0 and C1 controls, DEL, Unicode line/paragraph separators, bidi embeddings, overrides
# and isolates (Trojan Source), zero-width joiners that hide text, BOMs, surrogates and
# the two non-characters at the end of the BMP.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, limit: int | None = None) -> str:
    """TEXT as one printable line; cut to LIMIT characters with an ellipsis if given."""
    value = text if isinstance(text, str) else str(text)
    if limit is not None and len(value) > limit * 4:
        value = value[: limit * 4]  # escaping can only lengthen it; no need to scan more
    value = _UNSAFE.sub(_escape, value)
    if limit is not None and len(value) > limit:
        value = value[: max(limit - 1, 0)] + "…"
    return value


def excerpt(text: object, limit: int = MAX_EXCERPT) -> str:
    """A short, quoted-safe excerpt of input text for a message."""
    return visible(text, limit)


def quoted(value: object, limit: int = MAX_EXCERPT) -> str:
    """repr() of an input value, visible and capped: for 'got X' in messages."""
    try:
        shown = repr(value) if not isinstance(value, int) or isinstance(value, bool) else _int_text(value)
    except (ValueError, RecursionError, MemoryError):  # huge ints, deep nesting
        shown = f"<{type(value).__name__}>"
    return visible(shown, limit)


def _int_text(value: int) -> str:
    if value.bit_length() > 200:
        return f"<an integer of about {int(value.bit_length() * 0.30103)} digits>"
    return repr(value)


def xml_text(text: object, limit: int | None = None) -> str:
    """Visible text escaped for XML/SVG/HTML content and attribute values."""
    from xml.sax.saxutils import escape

    return escape(visible(text, limit), {'"': "&quot;", "'": "&apos;"})


def markdown_cell(text: object, limit: int | None = None) -> str:
    """Visible text safe inside a Markdown table cell: no pipe, no raw HTML, no link or
    emphasis (markdown_escape). The backslash is escaped too, so a name ending in one
    cannot turn the cell's `\\|` back into a pipe."""
    return markdown_escape(visible(text, limit))


def github_message(text: object) -> str:
    """Visible text for a GitHub workflow-command message (after `::`)."""
    return visible(text).replace("%", "%25")


def github_property(text: object) -> str:
    """Visible text for a GitHub workflow-command property value (file=, title=)."""
    return github_message(text).replace(":", "%3A").replace(",", "%2C")


def markdown_code(text: object, *, in_table: bool = False) -> str:
    """Visible text as a Markdown code span whose fence outlasts any backticks inside it
    (CommonMark); in a table cell the pipe is escaped too, as GitHub's tables need."""
    value = visible(text)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    if value.startswith("`") or value.endswith("`"):
        value = f" {value} "
    if in_table:
        value = value.replace("|", "\\|")
    return f"{fence}{value}{fence}"


def markdown_text(text: object) -> str:
    """Visible text as literal Markdown inline text: its punctuation cannot start markup."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~&])", r"\\\1", visible(text))


# What can start inline markup or end a table cell. A bracket is left alone (rnn[0][0] stays
# readable): with its `(` escaped it cannot make a link, and no line we write can define a
# reference. An underscore inside a word (return_sequences) is never emphasis in CommonMark.
_PROSE_PUNCTUATION = re.compile(r"[\\`*<>|~&]|(?<=\])\(|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def markdown_escape(value: str) -> str:
    """VALUE (already visible) with every character that could become Markdown markup or
    break a table cell backslash-escaped; it renders as written."""
    return _PROSE_PUNCTUATION.sub(r"\\\g<0>", value)


_CODE_SPAN = re.compile(r"`([^`]+)`")


def markdown_prose(text: object, *, in_table: bool = False) -> str:
    """Visible text as Markdown inline text in which `code` spans stay code spans and nothing
    else can become markup: backslash-escapes the punctuation that opens links, emphasis,
    raw HTML or a table cell (an underscore inside a word, as in return_sequences, is left:
    CommonMark never reads it as emphasis)."""
    value = visible(text)
    out, position = [], 0
    for match in _CODE_SPAN.finditer(value):
        out.append(markdown_escape(value[position:match.start()]))
        out.append(markdown_code(match.group(1), in_table=in_table))
        position = match.end()
    out.append(markdown_escape(value[position:]))
    return "".join(out)
