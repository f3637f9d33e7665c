"""`explain` for the cells family: RNN over cells, Dot, Lambda, Normalization,
GroupNormalization and UnitNormalization."""

from __future__ import annotations

import math

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer
from lstmcalc.teach.explain import EXPLAINERS, Parts, _value, explains, fmt

_GATES = {"LSTMCell": "i | f | c | o", "GRUCell": "z | r | h", "SimpleRNNCell": "h"}


def _cell_parts(layer: Layer, result: LayerResult) -> tuple[list[str], dict[str, str], int]:
    """Each cell's formula, labels for the weight names, and MACs per timestep."""
    shape = result.input_shape or ()
    features = shape[-1] if shape and shape[-1] is not None else 0
    formulas: list[str] = []
    labels: dict[str, str] = {}
    macs = 0
    for cell in layer.__dict__.get("cells", []):
        g, u = cell.spec.gates, cell.units
        inner = f"{u} × ({features} + {u})"
        if cell.use_bias:
            inner += f" + {u}"
            if cell.kind == "GRUCell" and cell.reset_after:
                inner += f" + {u}"
        formulas.append(f"{g} × ({inner})" if g > 1 else inner)
        macs += g * u * (features + u)
        labels.setdefault("kernel", "each cell's input weights: its input → gates × units "
                          f"([{'], ['.join(_GATES[c.kind] for c in layer.__dict__.get('cells', []))}])")
        labels.setdefault("recurrent_kernel", "each cell's recurrent weights: h(t-1) → gates × units")
        labels.setdefault("bias", "each cell's bias (a GRUCell with reset_after: input and recurrent rows)")
        features = u
    return formulas, labels, macs


@explains("RNN")
def _rnn(layer: Layer, result: LayerResult) -> Parts:
    cells = layer.__dict__.get("cells", [])
    formulas, labels, macs = _cell_parts(layer, result)
    formula = " + ".join(f"({f})" if len(formulas) > 1 else f for f in formulas)
    names = ", ".join(f"{c.kind}({c.units})" for c in cells)
    out = result.output_shape
    units = cells[-1].units if cells else 0
    seq = bool(layer.__dict__.get("return_sequences"))
    why = (f"runs {names} over the timesteps"
           + (" (stacked: each cell reads the previous cell's output)" if len(cells) > 1 else "")
           + (f"; return_sequences=True → one {units}-vector per timestep" if seq
              else f"; return_sequences=False → only the last timestep's {units}-vector") + f" → {fmt(out)}")
    if layer.__dict__.get("return_state"):
        why += "; return_state=True adds every cell's final states, in order (h and c for an LSTMCell)"
    if layer.__dict__.get("go_backwards"):
        why += "; go_backwards=True reads the sequence from the end"
    notes = ("the same weights as the matching LSTM/GRU/SimpleRNN layer: kernel, recurrent_kernel and bias per cell",)
    shape = result.input_shape or ()
    steps = shape[1] if len(shape) > 1 else None
    return Parts(why, formula, labels, notes, macs, None if steps is None else macs * steps)


_plain_bidirectional = EXPLAINERS["Bidirectional"]


@explains("Bidirectional")
def _bidirectional(layer: Layer, result: LayerResult) -> Parts:
    """Bidirectional around an RNN over cells: two copies of the cells' weights."""
    inner: Layer = layer.__dict__["layer"]
    if inner.type_name != "RNN":
        return _plain_bidirectional(layer, result)
    parts = _rnn(inner, result._replace(output_shape=inner.output_shape(result.input_shape or ())))
    labels = {prefix + k: v for k, v in parts.labels.items() for prefix in ("forward_", "backward_")}
    why = (f"a forward and a backward RNN each give {fmt(inner.output_shape(result.input_shape or ()))}; "
           f"merge_mode={layer.__dict__.get('merge_mode')!r} → {fmt(result.output_shape)}")
    return Parts(why, f"2 × ({parts.formula})", labels, parts.notes,
                 None if parts.macs_step is None else 2 * parts.macs_step,
                 None if parts.macs_total is None else 2 * parts.macs_total)


@explains("Dot")
def _dot(layer: Layer, result: LayerResult) -> Parts:
    why = (f"dot product of the two inputs over axes={_value(layer.__dict__.get('axes'))}"
           + (" after L2-normalising them (cosine similarity)" if layer.__dict__.get("normalize") else "")
           + f": the first input's other axes, then the second's (without its batch axis) → {fmt(result.output_shape)}")
    shapes = (result.input_shape,) if result.input_shape else ()  # the first input's shape
    out = result.output_shape or ()
    summed = _summed(layer, shapes)
    macs = None if summed is None or any(d is None for d in out[1:]) else math.prod(
        d for d in out[1:] if d is not None) * summed
    return Parts(why, "", {}, ("no weights",), None, macs)


def _summed(layer: Layer, shapes: tuple[tuple[int | None, ...], ...]) -> int | None:
    """The size of the axis the dot product sums over, when known."""
    if not shapes:
        return None
    axes = layer.__dict__.get("axes")
    first = shapes[0]
    axis = axes if isinstance(axes, int) else axes[0] if isinstance(axes, list) and axes else None
    if axis is None or not -len(first) <= axis < len(first):
        return None
    return first[axis]


@explains("Lambda")
def _lambda(layer: Layer, result: LayerResult) -> Parts:
    why = (f"runs a Python function lstmcalc does not read; output_shape gives the per-sample shape "
           f"→ {fmt(result.output_shape)}")
    return Parts(why, "", {}, ("no weights; `lstmcalc run` cannot compute a Lambda",), None, None)


@explains("Normalization")
def _normalization(layer: Layer, result: LayerResult) -> Parts:
    weights = result.weights
    formula = " + ".join(str(math.prod(w.shape)) for w in weights)
    labels = {"mean": "the mean per kept axis position (set by adapt(), non-trainable)",
              "variance": "the variance per kept axis position (set by adapt(), non-trainable)",
              "count": "how many samples adapt() has seen: one int64 (non-trainable)"}
    axis = layer.__dict__.get("axis")
    why = (f"(x - mean) / sqrt(variance) with one mean and variance per position of axis {_value(axis)}"
           + ("; invert=True undoes it" if layer.__dict__.get("invert") else "")
           + f"; the shape is unchanged → {fmt(result.output_shape)}")
    notes = (("mean and variance were given: constants, not variables, so no parameters",) if not weights else
             ("mean, variance and count are statistics adapt() computes, not learned: Keras counts them as "
              "non-trainable (count is an int64, 8 bytes)",))
    return Parts(why, formula, labels, notes, None, 0)


@explains("GroupNormalization")
def _group_normalization(layer: Layer, result: LayerResult) -> Parts:
    formula = " + ".join(str(math.prod(w.shape)) for w in result.weights)
    groups = layer.__dict__.get("groups")
    why = (f"normalises each sample over {'one group per channel' if groups == -1 else f'{groups} groups'} of the "
           f"channels on axis {_value(layer.__dict__.get('axis'))}; the shape is unchanged → {fmt(result.output_shape)}")
    return Parts(why, formula, {"gamma": "learned scale per channel", "beta": "learned shift per channel"},
                 (), None, 0)


@explains("UnitNormalization")
def _unit_normalization(layer: Layer, result: LayerResult) -> Parts:
    why = (f"divides each sample by its L2 norm over axis {_value(layer.__dict__.get('axis'))}; the shape is "
           f"unchanged → {fmt(result.output_shape)}")
    return Parts(why, "", {}, ("no weights",), None, 0)
