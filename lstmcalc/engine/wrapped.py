"""The layers inside a wrapper, as rows: lstmcalc's --expand-wrappers, which Keras lacks.

Keras's summary lists a Bidirectional or TimeDistributed as one row. Inside it are layers
of their own (keras/src/layers/rnn/bidirectional.py, time_distributed.py): a Bidirectional
holds `forward_layer`, named `forward_<layer>`, and `backward_layer`, named
`backward_<layer>` unless one was given; a TimeDistributed holds `layer`. Each is built on
the wrapper's first input shape (a TimeDistributed's without the time axis), so these rows
show what Keras's format_layer_shape and count_params give for those objects.
"""

from __future__ import annotations

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer, Shape


def _removeprefix(name: str, prefix: str) -> str:
    return name[len(prefix):] if name.startswith(prefix) else name


def _parts(row: LayerResult) -> list[tuple[str, Layer, Shape | None]]:
    wrapper, shape = row.layer, row.input_shape
    if wrapper is None or not wrapper.wrapper:
        return []
    inner: Layer = wrapper.layer  # type: ignore[attr-defined]
    if wrapper.type_name == "Bidirectional":
        backward: Layer | None = wrapper.backward_layer  # type: ignore[attr-defined]
        backward_name = backward.name if backward is not None else f"backward_{_removeprefix(inner.name, 'backward_')}"
        return [(f"forward_{_removeprefix(inner.name, 'forward_')}", inner, shape),
                (backward_name, backward or inner, shape)]
    if wrapper.type_name == "TimeDistributed":
        return [(inner.name, inner, None if shape is None else wrapper.child_shape(shape))]  # type: ignore[attr-defined]
    return []


def inner_rows(row: LayerResult) -> list[LayerResult]:
    """The layers a Bidirectional or TimeDistributed row holds, as rows of their own."""
    rows = []
    for name, layer, shape in _parts(row):
        outputs = layer.output_shapes(shape) if shape is not None else []
        weights = tuple(layer.effective_weights(shape)) if shape is not None else ()
        rows.append(LayerResult(
            name, layer.type_name, outputs[0] if outputs else None, weights, row.span, input_shape=shape,
            outputs=tuple(outputs) if len(outputs) > 1 else (), layer=layer))
    return rows
