"""How Keras's model.summary() options shape the table: pure arithmetic, no printing.

keras/src/utils/summary_utils.py (Keras 3.15), print_summary and
get_layer_index_bound_by_layer_name: the column positions (scaled by 0.90 and given a
Trainable column for show_trainable), the default width, which top-level rows a
layer_range keeps, and the errors Keras raises for options it cannot print. The renderer
draws what `plan` returns; `check` turns Keras's errors into diagnostics.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.span import Span

#: (natural width, positions, header, alignment) of Keras's two tables
SEQUENTIAL = (88, (0.45, 0.80, 1.0), ("Layer (type)", "Output Shape", "Param #"),
              ("left", "left", "right"))
FUNCTIONAL = (108, (0.3, 0.56, 0.74, 1.0), ("Layer (type)", "Output Shape", "Param #", "Connected to"),
              ("left", "left", "right", "left"))
#: what show_trainable adds: 12 columns of width, a centred column, positions scaled by 0.90
TRAINABLE = (12, 0.90, "Trainable", "center")


class TableOptions(NamedTuple):
    """summary(line_length, positions, expand_nested, show_trainable, layer_range), plus
    lstmcalc's expand_wrappers (Bidirectional's and TimeDistributed's inner layers)."""

    line_length: int | None = None
    positions: tuple[float, ...] | None = None
    expand_nested: bool = False
    show_trainable: bool = False
    #: two names or regular expressions, as Keras takes them (any value the code gave, to
    #: report Keras's errors for the wrong kind)
    layer_range: Any = None
    expand_wrappers: bool = False
    #: where the options were written (the summary() call in code); None: the command line
    span: Span | None = None

    @property
    def expanded(self) -> bool:
        return self.expand_nested or self.expand_wrappers


class Layout(NamedTuple):
    """The table to draw: its width, columns and top-level rows."""

    line_length: int
    widths: tuple[int, ...]
    header: tuple[str, ...]
    justify: tuple[str, ...]
    rows: tuple[LayerResult, ...]


class OptionError(Exception):
    """What Keras raises for these options (`kind`: ValueError, IndexError, ...), in Keras's words."""

    def __init__(self, message: str, kind: str = "ValueError") -> None:
        super().__init__(message)
        self.kind = kind


#: the terminal the engine assumes when it checks a summary() call in code: wide enough that
#: only the options themselves can make Keras raise (the CLI checks again with its own)
WIDE = 1004


def requested(summary: Summary) -> TableOptions:
    """The options the source's own summary(...) call gives (Python code), as recorded by
    the reader in `Summary.print_options`."""
    asked = dict(summary.print_options)
    length = asked.get("line_length")
    positions = asked.get("positions")
    return TableOptions(
        line_length=length if isinstance(length, int) and not isinstance(length, bool) else None,
        positions=tuple(positions) if positions else None,
        expand_nested=asked.get("expand_nested") is True,
        show_trainable=asked.get("show_trainable") is True,
        layer_range=asked.get("layer_range"),
        span=asked.get("at"),
    )


def top_rows(summary: Summary) -> list[LayerResult]:
    """The list Keras prints and layer_range indexes: model.layers for a Sequential (no
    InputLayer), model._operations for a functional model (its InputLayers and mask ops)."""
    return [r for r in summary.table_rows if not (r.is_input and not summary.functional)]


def natural_length(summary: Summary, show_trainable: bool) -> int:
    """Keras's own width before the terminal: 88 or 108 (+12 with show_trainable)."""
    natural = SEQUENTIAL[0] if summary.sequential_like else FUNCTIONAL[0]
    return natural + (TRAINABLE[0] if show_trainable else 0)


def default_length(summary: Summary, show_trainable: bool, columns: int) -> int:
    """Keras's default: 88 or 108 (+12 with show_trainable), at most the terminal's columns - 4."""
    return min(natural_length(summary, show_trainable), columns - 4)


#: Characters of a layer_range pattern from code, and the backtracking steps (longest name
#: ** repeats) lstmcalc lets one cost: Python's re has no timeout, and a file is untrusted.
MAX_PATTERN = 200
MAX_MATCH_STEPS = 10**7


def _risky(pattern: str, longest: int) -> str | None:
    """Why re.match of PATTERN could take far too long on names up to LONGEST characters
    (a repeat inside a repeat, alternatives inside a repeat, a backreference, or too many
    repeats for names this long), or None."""
    if len(pattern) > MAX_PATTERN:
        return f"it is over {MAX_PATTERN} characters"
    import importlib
    import sys

    sre_parse = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None  # reported as Keras's own re.error
    repeats = 0

    def walk(node: Any, in_repeat: bool) -> str | None:
        nonlocal repeats
        for op, av in node:
            name = str(op)
            inner = in_repeat
            if name.startswith("GROUPREF"):
                return "it holds a backreference"
            if name.endswith("REPEAT") and av[1] > 1:
                if in_repeat:
                    return "it repeats a group that repeats"
                repeats, inner = repeats + 1, True
            if name == "BRANCH" and in_repeat:
                return "it repeats alternatives"
            for child in _children(av):
                found = walk(child, inner)
                if found:
                    return found
        return None

    found = walk(tree, False)
    if found:
        return found
    if repeats > 1 and max(longest, 1) ** repeats > MAX_MATCH_STEPS:
        return f"its {repeats} repeats could backtrack through the {longest:,}-character layer name"
    return None


def _children(value: Any) -> list[Any]:
    """The sub-patterns inside one parsed regex node's argument."""
    if hasattr(value, "data") and isinstance(value.data, list):
        return [value]
    if isinstance(value, (tuple, list)):
        return [c for v in value for c in _children(v)]
    return []


def layer_bounds(names: list[str], layer_range: Any, untrusted: bool = False) -> tuple[int, int]:
    """Keras's get_layer_index_bound_by_layer_name: [first index, last index + 1] of the
    rows from the first name re.match-ing layer_range[0] to the last matching [1].
    UNTRUSTED patterns (from a file) that could backtrack for too long are refused first."""
    if layer_range is None:
        return 0, len(names)
    if not hasattr(layer_range, "__len__"):
        raise OptionError(f"object of type '{type(layer_range).__name__}' has no len()", "TypeError")
    if len(layer_range) != 2:
        raise OptionError("layer_range must be a list or tuple of length 2. Received: "
                          f"layer_range = {_repr(layer_range)} of length {len(layer_range)}")
    if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
        raise OptionError(f"layer_range should contain string type only. Received: {_repr(layer_range)}")
    for pattern in layer_range if untrusted else ():
        why = _risky(pattern, max((len(n) for n in names), default=0))
        if why:
            raise OptionError(f"lstmcalc does not run the layer_range pattern {pattern[:40]!r}: {why} (Python's "
                              "re has no time limit, so a pattern like this can make matching run for hours)",
                              "refused")
    try:
        lower = [i for i, name in enumerate(names) if re.match(layer_range[0], name)]
        upper = [i for i, name in enumerate(names) if re.match(layer_range[1], name)]
    except re.error as exc:
        raise OptionError(f"{exc} (layer_range = {_repr(layer_range)} holds a pattern Python's re "
                          "module refuses)", "re.error") from None
    if not lower or not upper:
        raise OptionError("Passed layer_names do not match the layer names in the model. "
                          f"Received: {_repr(layer_range)}")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def _repr(value: Any) -> str:
    """The value as Keras's f-string shows it: ['a', 'b'] for a list, ('a', 'b') for a tuple."""
    return str(value)


def plan(summary: Summary, options: TableOptions, columns: int) -> Layout:
    """The layout Keras's print_summary computes, or OptionError with Keras's message."""
    natural = SEQUENTIAL if summary.sequential_like else FUNCTIONAL
    positions: list[float] = list(options.positions or natural[1])
    header, justify = list(natural[2]), list(natural[3])
    if options.show_trainable:
        positions = [p * TRAINABLE[1] for p in positions] + [1.0]
        header.append(TRAINABLE[2])
        justify.append(TRAINABLE[3])
    length = options.line_length or default_length(summary, options.show_trainable, columns)
    widths, current = [], 0
    for position in positions:
        width = int(position * length) - current
        if width < 4:
            raise OptionError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    if len(widths) < len(header):  # Keras indexes column_widths[i] for every header
        raise OptionError(f"list index out of range: positions gives {len(widths)} column position"
                          f"{'s' if len(widths) != 1 else ''} for the {len(header)} columns "
                          f"({', '.join(header)})", "IndexError")
    rows = top_rows(summary)
    first, last = layer_bounds([r.name for r in rows], options.layer_range, untrusted=options.span is not None)
    return Layout(length, tuple(widths[:len(header)]), tuple(header), tuple(justify), tuple(rows[first:last]))


def check(summary: Summary, options: TableOptions, columns: int) -> Diagnostic | None:
    """LC038 when Keras's summary() raises for these options on this model."""
    if not summary.ok or (not summary.layers and not summary.name):
        return None
    try:
        plan(summary, options, columns)
    except OptionError as exc:
        where = "this summary() call" if options.span is not None else "the command line's options"
        said = f"Keras's summary() raises {exc.kind} for {where}: {exc}" if exc.kind != "refused" else str(exc)
        return error("LC038", said, options.span or Span(1, 1), None, _hint(str(exc)))
    return None


def _hint(message: str) -> str:
    if message.startswith("lstmcalc does not run"):
        return "give a layer name, or a simpler pattern such as 'lstm.*'"
    if message.startswith("Insufficient"):
        return "give a longer line length, or positions whose columns are at least 4 characters wide"
    if message.startswith("list index"):
        return "give one position per column (the last is usually 1.0)"
    return ("give two layer names (or regular expressions re.match tries at the start of each name) "
            "of the model's top-level layers")
