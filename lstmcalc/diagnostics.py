"""Diagnostics: the values every stage returns to describe a problem with a spec."""

from __future__ import annotations

from enum import Enum
from typing import Any, NamedTuple

from lstmcalc.safety.limits import MAX_FINDINGS_PER_FILE
from lstmcalc.span import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value



#: The layer of a diagnostic about the model as a whole: Keras raises it when it builds the
#: Model (duplicate names, an output not connected to the inputs), in no layer. The
#: conformance corpora record such refusals with this error layer.
MODEL_LEVEL = "<model>"


class Edit(NamedTuple):
    """One mechanical change to a spec file, addressed by the layer it touches.

    `layer` is the start of the layer's mapping (LayerSpec.span), which the fixer finds
    again in the file. `kind` is one of:
    - "set": set argument `key` to `value` (added at the end if absent);
    - "remove": delete argument `key`;
    - "rename": rename argument `key` to `new_key`, keeping its value and place;
    - "insert_before": insert the layer mapping `value` into the list before this layer.
    """

    kind: str
    layer: Span
    key: str = ""
    value: Any = None
    new_key: str = ""


class Fix(NamedTuple):
    """The edits that resolve one diagnostic (all or none), with a one-line description."""

    title: str
    edits: tuple[Edit, ...]


class Diagnostic(NamedTuple):
    """One finding: what was expected, what came in, and how to fix it.

    `layer` is the Keras name of the layer concerned (None for file-level problems);
    `span` is where in the file the offending node starts.
    """

    code: str
    severity: Severity
    message: str
    span: Span
    layer: str | None = None
    hint: str = ""
    #: the mechanical edit that removes this finding, when there is one (`lint --fix`)
    fix: Fix | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(code: str, message: str, span: Span, layer: str | None = None, hint: str = "", *,
          fix: Fix | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, layer, hint, fix)


def warning(code: str, message: str, span: Span, layer: str | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, span, layer, hint)


def did_you_mean(word: str, choices: list[str]) -> str:
    """A ' (did you mean X?)'-style suggestion, matching case-insensitively; '' if none fits."""
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    import difflib  # only on the error path; keeps start-up lean

    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.7)
    return lowered[close[0]] if close else ""


def cap_findings(found: list[Diagnostic], limit: int = MAX_FINDINGS_PER_FILE) -> list[Diagnostic]:
    """The first LIMIT findings and, past that, one line that counts the rest (an error if
    any of them is one), so a hostile file cannot flood a CI log or a SARIF upload."""
    if len(found) <= limit:
        return found
    rest = found[limit:]
    worst = min(rest, key=lambda d: list(Severity).index(d.severity)).severity
    codes = sorted({d.code for d in rest})
    listed = ", ".join(codes[:10]) + (", ..." if len(codes) > 10 else "")
    more = Diagnostic("LC002", worst, f"… {len(rest):,} more findings not shown ({listed})", rest[0].span,
                      None, f"fix the findings above first; lstmcalc reports at most {limit} per file")
    return [*found[:limit], more]
