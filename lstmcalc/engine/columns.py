"""The values of `summary --columns`, lstmcalc's torchinfo-style extension of the table.

Keras's summary() prints none of these; they are computed here, as data, from what the
engine already knows (every call's shapes, every layer's weights), and rendered by
render/columns.py. Pure: no I/O, no click, no rich.
"""

from __future__ import annotations

from typing import NamedTuple

from lstmcalc.engine.macs import UNBUILT, Macs, layer_macs, total
from lstmcalc.engine.results import MODEL_CLASSES, LayerResult, Summary
from lstmcalc.layers.base import Shape

#: the extension's columns, in the order `all` lists them (torchinfo's order)
COLUMNS = ("input_shape", "kernel_shape", "macs", "params_percent", "trainable")


class Row(NamedTuple):
    """One table row with the extension's values."""

    layer: LayerResult
    level: int  # 0, or how deep in a nested model (expand_nested)
    #: the shapes flowing into the layer's latest call (all of them for a merge or states);
    #: () for an InputLayer, None when unknown (an unbuilt model)
    input_shapes: tuple[Shape, ...] | None
    #: (name, shape) of the weights a product multiplies by: kernels, embeddings
    kernel_shapes: tuple[tuple[str, tuple[int, ...]], ...]
    #: every call of the layer in this model, one sample
    macs: Macs
    #: the row's parameters as a share of the model's total, in percent; None if no total
    params_percent: float | None
    #: "Yes", "No" or "Partial" (some weights frozen); None when the layer has no weights
    trainable: str | None


class Table(NamedTuple):
    rows: tuple[Row, ...]
    macs: Macs  # the sum over the top-level rows (a nested model's row holds its layers')


def _is_main(name: str) -> bool:
    last = name.rsplit("/", 1)[-1]
    return not last.startswith("lora_") and (last.endswith("kernel") or last == "embeddings")


def _producers(rows: tuple[LayerResult, ...]) -> dict[tuple[str, int], LayerResult]:
    found: dict[tuple[str, int], LayerResult] = {}
    for row in rows:
        for node, call in enumerate(row.nodes):
            found.setdefault((row.name, node), call)
    return found


def _output(call: LayerResult, index: int) -> Shape | None:
    if call.outputs:
        return call.outputs[index] if index < len(call.outputs) else None
    return call.output_shape if index == 0 else None


def input_shapes(call: LayerResult, producers: dict[tuple[str, int], LayerResult]) -> tuple[Shape, ...] | None:
    """Every data tensor CALL consumes, as its node lists them; a mask op's tensor is not
    data and is left out. None when a producer cannot be found for a merge (whose inputs
    would then be guessed)."""
    if call.is_input:
        return ()
    shapes: list[Shape] = []
    for name, node, index in call.links():
        producer = producers.get((name, node))
        if producer is None:
            break
        if producer.is_op and producer.type != "Cast":
            continue  # a mask (NotEqual, Any, ...): not a data input
        shape = _output(producer, index)
        if shape is None:
            break
        shapes.append(shape)
    else:
        if shapes:
            return tuple(shapes)
    merge = call.layer is not None and call.layer.merge
    if merge or call.input_shape is None:
        return None
    return (call.input_shape,)


def model_calls(layer: LayerResult) -> list[LayerResult]:
    return list(layer.nodes) if layer.model_nodes is None else [layer.nodes[n] for n in layer.model_nodes]


def row_macs(layer: LayerResult, producers: dict[tuple[str, int], LayerResult]) -> Macs:
    """MACs of every call of LAYER in its model: a shared layer runs once per call, a
    nested model runs all its layers once per call."""
    if layer.is_input or layer.is_op:
        return Macs(0)
    calls = model_calls(layer)
    if layer.type in MODEL_CLASSES and layer.layer is None:
        inner = _producers(layer.nested)
        once = total(row_macs(r, inner) for r in layer.nested)
        return once if once.value is None else Macs(once.value * len(calls))
    if layer.layer is None:
        return Macs(None, UNBUILT)
    counts = []
    for call in calls:
        if call.output_shape is None or call.input_shape is None:
            counts.append(Macs(None, UNBUILT))
            continue
        shapes = input_shapes(call, producers) if layer.layer.merge else (call.input_shape,)
        if not shapes:
            counts.append(Macs(None, UNBUILT))
            continue
        counts.append(layer_macs(layer.layer, list(shapes), call.output_shape, list(layer.weights)))
    return total(counts)


def trainable(layer: LayerResult) -> str | None:
    flags = {w.trainable for w in layer.weights}
    if not flags:
        return None
    return "Partial" if len(flags) > 1 else ("Yes" if True in flags else "No")


def _rows(layer: LayerResult, expand: bool, level: int) -> list[tuple[LayerResult, int]]:
    """As Keras's print_layer: the row, then (expand_nested) a nested model's layers."""
    out = [(layer, level)]
    if expand:
        for inner in layer.nested:
            out.extend(_rows(inner, expand, level + 1))
    return out


def describe(summary: Summary, layer: LayerResult, level: int,
             producers: dict[tuple[str, int], LayerResult] | None = None) -> Row:
    """LAYER's row (LEVEL deep in nested models), its links resolved among PRODUCERS (the
    rows of its own model; default: the summary's)."""
    if producers is None:
        producers = scope(summary)
    grand = summary.total_params
    return Row(
        layer, level,
        input_shapes(layer.last_call, producers) if summary.built else None,
        tuple((w.name, w.shape) for w in layer.weights if _is_main(w.name)),
        row_macs(layer, producers) if summary.built else Macs(None, UNBUILT),
        round(100 * layer.params / grand, 1) if grand and summary.built else None,
        trainable(layer),
    )


def scope(summary: Summary) -> dict[tuple[str, int], LayerResult]:
    """The calls a top-level row's links name: every layer's and every op's."""
    return _producers(summary.layers + summary.operations)


def inner_scope(model: LayerResult) -> dict[tuple[str, int], LayerResult]:
    """The calls a nested model's rows' links name: its own rows'."""
    return _producers(model.nested)


def column_table(summary: Summary, *, expand_nested: bool = False) -> Table:
    """The rows Keras's table prints (InputLayer only for a functional model; a nested
    model's layers with EXPAND_NESTED), each with the extension's values."""
    top = scope(summary)
    rows: list[Row] = []
    for first in summary.table_rows:
        if first.is_input and not summary.functional:
            continue
        scopes = {0: top}
        for layer, level in _rows(first, expand_nested, 0):
            if layer.nested:
                scopes[level + 1] = inner_scope(layer)
            rows.append(describe(summary, layer, level, scopes.get(level, top)))
    macs = total(r.macs for r in rows if r.level == 0) if summary.built else Macs(None, UNBUILT)
    return Table(tuple(rows), macs)


def parse_columns(text: str) -> tuple[str, ...]:
    """`--columns input_shape,macs` as column names, in the given order; `all` for every
    one. A ValueError says what is wrong (an unknown name, with a suggestion)."""
    from lstmcalc.diagnostics import did_you_mean
    from lstmcalc.safety.text import quoted

    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if not names:
        raise ValueError(f"name one or more columns: {', '.join(COLUMNS)}, or all")
    if "all" in names:
        if len(names) > 1:
            raise ValueError("`all` already lists every column; give it alone, or name the columns")
        return COLUMNS
    for name in names:
        if name not in COLUMNS:
            close = did_you_mean(name, [*COLUMNS, "all"])
            hint = f" (did you mean {close}?)" if close else ""
            raise ValueError(f"unknown column {quoted(name)}{hint}; choose from {', '.join(COLUMNS)}, or all")
        if names.count(name) > 1:
            raise ValueError(f"column {quoted(name)} is named twice")
    return tuple(names)
