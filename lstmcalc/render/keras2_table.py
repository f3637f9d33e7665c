"""The summary table exactly as Keras 2 prints it (tf_keras 2.21, src/utils/layer_utils.py).

A port of tf_keras's `print_summary`: plain text, no colours. Its rules differ from Keras 3's
in every part: the `sequential_like` test is made on the graph without Keras 3's mask
operations; the widths default to 65 / 98 with positions [.45, .85, 1] / [.3, .6, .7, 1]
(absolute positions when the last is above 1); show_trainable adds 11 characters and a Y/N
column; a cell is the `str()` of Keras 2's value (`[(None, 10)]` for an InputLayer's list of
shapes, a list of tuples for several outputs, "multiple" when the layer's calls disagree,
`['input_1[0][0]']` for the connections), wrapped by print_row at its cutoffs and at "),",
"},", "]," and "',"; expand_nested draws `|` borders and `¯` rules; the footer counts are
plain integers and the table closes with a rule of underscores. Model.summary() raises
ValueError for an unbuilt model: `refusal` says so instead of a table.

Imported only when a Keras 2 summary is rendered (start-up stays cheap).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine.results import MODEL_CLASSES, LayerResult, Summary
from lstmcalc.engine.table_options import OptionError, TableOptions, layer_bounds
from lstmcalc.safety.text import visible
from lstmcalc.span import Span

#: Model.summary()'s ValueError for a model without weights yet (training.py)
UNBUILT = ("This model has not yet been built. Build the model first by calling `build()` "
           "or by calling the model on a batch of data.")

SEQUENTIAL = (65, (0.45, 0.85, 1.0), ["Layer (type)", "Output Shape", "Param #"])
FUNCTIONAL = (98, (0.3, 0.6, 0.70, 1.0), ["Layer (type)", "Output Shape", "Param #", "Connected to"])
#: print_row loops forever when no column can take a character; lstmcalc stops at this many lines
MAX_ROW_LINES = 10_000


class Keras2Error(Exception):
    """What Keras 2's summary() raises (or would loop forever on) for this model and options."""

    def __init__(self, message: str, kind: str = "ValueError") -> None:
        super().__init__(message)
        self.kind = kind


def readable_memory_size(size: float) -> str:
    """tf_keras's readable_memory_size: "Byte" for the first unit."""
    for unit in ("Byte", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def is_graph_network(layer: LayerResult) -> bool:
    """A model used as a layer (expand_nested lists its layers)."""
    return layer.type in MODEL_CLASSES and not layer.is_op


def top_rows(summary: Summary) -> list[LayerResult]:
    """model.layers: a Sequential's layers (no InputLayer), a functional model's layers by
    depth with its InputLayers; Keras 2 has no mask operations among them."""
    if summary.functional:
        return [r for r in summary.table_rows if not r.is_op]
    return [r for r in summary.layers if not r.is_input and not r.is_op]


def _in_model(layer: LayerResult) -> list[int]:
    return list(range(len(layer.nodes))) if layer.model_nodes is None else list(layer.model_nodes)


def sequential_like(summary: Summary) -> bool:
    """print_summary's test on model._nodes_by_depth: one node at every depth, none with
    several input tensors, and no layer with two nodes in the model."""
    if not summary.functional:
        return True
    rows = top_rows(summary)
    ops = {r.name for r in summary.table_rows if r.is_op}
    by_name = {r.name: r for r in rows}
    parents: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for row in rows:
        calls = _in_model(row)
        if len(calls) > 1:
            return False
        for n in calls:
            links = [(name, node) for name, node, _ in row.nodes[n].links() if name not in ops]
            if len(links) > 1:
                return False
            parents[(row.name, n)] = [link for link in links if link[0] in by_name]
    children: dict[tuple[str, int], list[tuple[str, int]]] = {node: [] for node in parents}
    for node, links in parents.items():
        for link in links:
            children.setdefault(link, []).append(node)
    depth: dict[tuple[str, int], int] = {}

    def depth_of(node: tuple[str, int]) -> int | None:
        """The node's depth, or None on a cycle (two layers of one name link to each other;
        Keras refuses such a model, but the table of what came before must still end)."""
        stack, on_path = [node], {node}
        while stack:
            top = stack[-1]
            pending = [c for c in children.get(top, []) if c not in depth]
            if any(c in on_path for c in pending):
                return None
            if pending:
                stack.append(pending[0])
                on_path.add(pending[0])
                continue
            stack.pop()
            on_path.discard(top)
            depth[top] = max((depth[c] + 1 for c in children.get(top, [])), default=0)
        return depth[node]

    seen: set[int] = set()
    for node in parents:
        d = depth_of(node)
        if d is None:
            return False
        if d in seen:
            return False
        seen.add(d)
    return True


def _shape_text(shape: tuple[int | None, ...]) -> str:
    return str(tuple(shape))


def node_shape(layer: LayerResult, call: LayerResult) -> str | None:
    """str(node.output_shapes) of one call: a list for an InputLayer or several outputs."""
    if call.outputs:  # a list, or a tuple where call() returns one (attention scores, a user's layer)
        opening, closing = ("(", ")") if getattr(call.layer or layer.layer, "tuple_outputs", False) else ("[", "]")
        return opening + ", ".join(_shape_text(s) for s in call.outputs) + closing
    if call.output_shape is None:
        return None
    if layer.is_input:
        return "[" + _shape_text(call.output_shape) + "]"
    return _shape_text(call.output_shape)


def output_shape(layer: LayerResult) -> str:
    """str(layer.output_shape): the shape all the layer's nodes agree on (any model's), else
    "multiple" (Keras 2 raises AttributeError and print_summary prints that)."""
    shapes = {node_shape(layer, call) for call in layer.nodes}
    if len(shapes) != 1 or None in shapes:
        return "multiple"
    return shapes.pop() or "multiple"


def connections(layer: LayerResult, ops: set[str], nested: bool) -> str:
    """str() of the list of `inbound[node][tensor]` over the layer's nodes in this model (a
    nested model's layers have none in it: `[]`)."""
    if nested:
        return "[]"
    links = []
    for n in _in_model(layer):
        for name, node, tensor in layer.nodes[n].links():
            if name in ops:
                continue
            links.append(f"{visible(name)}[{node}][{tensor}]")
    return str(links)


class Plan(NamedTuple):
    line_length: int
    positions: list[int]
    header: list[str]
    sequential_like: bool
    rows: list[LayerResult]


def plan(summary: Summary, options: TableOptions) -> Plan:
    """Keras 2's width, positions, header and top-level rows for these options, or
    Keras2Error where its summary() raises."""
    if not summary.built:
        raise Keras2Error(UNBUILT)
    if options.expand_wrappers:
        raise Keras2Error("--expand-wrappers is lstmcalc's extension of Keras 3's table; the Keras 2 table "
                          "has no such rows (use --expand-nested, Keras 2's own option)", "refused")
    like = sequential_like(summary)
    natural, default_positions, header = SEQUENTIAL if like else FUNCTIONAL
    header = list(header)
    length = options.line_length or natural
    given = list(options.positions) if options.positions else list(default_positions)
    if given[-1] <= 1:
        positions = [int(length * p) for p in given]
    elif all(isinstance(p, int) or float(p).is_integer() for p in given):
        positions = [int(p) for p in given]
    else:
        raise Keras2Error("slice indices must be integers or None or have an __index__ method "
                          f"(positions = {list(options.positions or ())} are absolute, and not all integers)",
                          "TypeError")
    if options.show_trainable:
        length += 11
        positions.append(length)
        header.append("Trainable")
    if len(positions) < len(header):
        raise Keras2Error(f"list index out of range: positions gives {len(positions)} column positions for "
                          f"{len(header)} columns", "IndexError")
    rows = top_rows(summary)
    try:
        start, end = layer_bounds([r.name for r in rows], options.layer_range, untrusted=options.span is not None)
    except OptionError as exc:
        raise Keras2Error(str(exc), exc.kind) from None
    return Plan(length, positions, header, like, rows[start:end])


def print_row(fields: Sequence[object], positions: list[int], emit: Callable[[str], None], nested_level: int = 0) -> None:
    """tf_keras's print_row, line for line."""
    left = [str(x) for x in fields]
    lines = 0
    while any(left):
        before = list(left)
        line = ""
        for col in range(len(left)):
            start = positions[col - 1] if col > 0 else 0
            end = positions[col]
            space = 2 if col != len(positions) - 1 else 0
            cutoff = end - start - space
            if col != len(positions) - 1:
                cutoff -= 1
            if col == 0:
                cutoff -= nested_level
            fit = left[col][:cutoff]
            candidates = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
            if candidates:
                cutoff = min(candidates)
                fit = fit[:cutoff]
            if col == 0:
                line += "|" * nested_level + " "
            line += fit
            line += " " * space if space else ""
            left[col] = left[col][cutoff:]
            if nested_level and col == len(positions) - 1:
                line += " " * (positions[col] - len(line) - nested_level)
            else:
                line += " " * (positions[col] - len(line))
        line += "|" * nested_level
        emit(line)
        lines += 1
        if left == before or lines > MAX_ROW_LINES:
            raise Keras2Error("Keras 2's print_row would print lines forever here: a column is too narrow "
                              "to take a single character (give a longer line length or other positions)",
                              "refused")


def layer_trainable(layer: LayerResult) -> bool:
    return not layer.frozen and getattr(layer.layer, "trainable", True) is not False


def table_lines(summary: Summary, options: TableOptions) -> list[str]:
    """Every line print_summary prints for SUMMARY, or Keras2Error."""
    p = plan(summary, options)
    out: list[str] = []
    emit = out.append
    length, positions = p.line_length, p.positions
    ops = {r.name for r in summary.table_rows if r.is_op}

    def print_layer(layer: LayerResult, level: int = 0, last: bool = False, frozen: bool = False) -> None:
        trainable = not frozen and layer_trainable(layer)
        fields: list[object] = [f"{visible(layer.name)} ({visible(layer.type)})", output_shape(layer), layer.params]
        if not p.sequential_like:
            fields.append(connections(layer, ops, nested=level > 0))
        if options.show_trainable:
            fields.append("Y" if trainable else "N")
        print_row(fields, positions, emit, level)
        inner = [r for r in layer.nested if not r.is_op] if is_graph_network(layer) else []
        if inner and options.expand_nested:
            emit("|" * (level + 1) + "¯" * (length - 2 * level - 2) + "|" * (level + 1))
            for i, row in enumerate(inner):
                print_layer(row, level + 1, i == len(inner) - 1, not trainable)
            emit("|" * level + "¯" * (length - 2 * level) + "|" * level)
            last = True  # tf_keras's loop leaves is_nested_last True: no blank line after the block
        if not last:
            emit("|" * level + " " * (length - 2 * level) + "|" * level)

    emit(f'Model: "{visible(summary.name)}"')  # names made printable (safety.text), as Keras 3's table
    emit("_" * length)
    print_row(p.header, positions, emit)
    emit("=" * length)
    for layer in p.rows:
        print_layer(layer)
    emit("=" * length)
    trainable, frozen = summary.trainable_bytes, summary.non_trainable_bytes
    emit(f"Total params: {summary.total_params} ({readable_memory_size(trainable + frozen)})")
    emit(f"Trainable params: {summary.trainable_params} ({readable_memory_size(trainable)})")
    emit(f"Non-trainable params: {summary.non_trainable_params} ({readable_memory_size(frozen)})")
    emit("_" * length)
    return out


def refusal(summary: Summary, options: TableOptions) -> str | None:
    """Why Keras 2 prints no table for SUMMARY with these options (its exception), or None."""
    try:
        table_lines(summary, options)
    except Keras2Error as exc:
        return f"Keras 2's model.summary() raises {exc.kind}: {exc}" if exc.kind != "refused" else str(exc)
    return None


def check(summary: Summary, options: TableOptions) -> Diagnostic | None:
    """LC038 where Keras 2's summary() raises for these options (an unbuilt model is not
    an option problem: the renderer says so in place of the table)."""
    if not summary.ok or (not summary.layers and not summary.name) or not summary.built:
        return None
    try:
        table_lines(summary, options)
    except Keras2Error as exc:
        where = "this summary() call" if options.span is not None else "the command line's options"
        said = f"Keras 2's summary() raises {exc.kind} for {where}: {exc}" if exc.kind != "refused" else str(exc)
        return error("LC038", said, options.span or Span(1, 1), None,
                     "give two layer names (or regular expressions) of the model's top-level layers, "
                     "or positions and a line length Keras 2 can print")
    return None


def summary_text(summary: Summary, options: TableOptions) -> str:
    """The table as Keras 2 prints it, each line ending in a newline; Keras2Error if it raises."""
    return "".join(line + "\n" for line in table_lines(summary, options))
