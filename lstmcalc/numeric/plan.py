"""Before a single array is allocated: the concrete shape of every tensor of this run.

The engine's shapes keep None for the batch and for variable timesteps. A run knows them:
the input arrays' headers (or --batch and --timesteps) give the real sizes, and each
layer's own `output_shapes` carries them through the graph, so a too-short sequence is
refused with the layer's own Keras message, the memory estimate counts the real
timesteps, and the work a run would take is known before it starts.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from lstmcalc.engine.results import Summary
from lstmcalc.layers.base import Refusal, Shape, fmt_shape
from lstmcalc.numeric.forward import RunError, initializer_for
from lstmcalc.safety.text import visible

Dims = tuple[int, ...]

#: Python-level loop iterations of one run (recurrent timesteps, pooling windows, kernel
#: taps), each a handful of numpy calls: a few seconds
MAX_STEPS = 100_000
#: Multiply-accumulates of one run: far more than a reference check needs, far less than a
#: run that looks like a hang.
MAX_MACS = 10_000_000_000
_FLOAT = 4  # bytes: every tensor of the run is float32
_RECURRENT = ("LSTM", "GRU", "SimpleRNN")


class Plan(NamedTuple):
    """Every layer's output shapes (batch included), and what the run will cost."""

    batch: int
    shapes: dict[str, list[Dims]]
    memory: int  # bytes: weights, every kept output, and the largest temporaries
    steps: int  # Python loop iterations
    macs: int  # multiply-accumulates, drawing the initial weights included
    init_macs: int = 0  # of which the QR factorisations behind orthogonal initial weights


def _initial_cost(summary: Summary) -> tuple[int, int]:
    """(multiply-adds, peak temporary bytes) of drawing random initial weights: an
    orthogonal weight is the Q of a float64 QR factorisation, O(rows x cols x min^2)."""
    macs = peak = 0
    for row in summary.layers:
        if row.layer is None:
            continue
        for weight in row.weights:
            if len(weight.shape) < 2 or initializer_for(row.layer, weight.name) != "orthogonal":
                continue
            rows, cols = math.prod(weight.shape[:-1]), weight.shape[-1]
            # 2 m n^2 flops, weighted x4: LAPACK's QR runs far below a matmul's speed (measured).
            macs += 8 * max(rows, cols) * min(rows, cols) ** 2
            peak = max(peak, 3 * rows * cols * 8)  # the normal draw, Q and R, in float64
    return macs, peak


def model_inputs(summary: Summary) -> list[tuple[str, Shape]]:
    """(name, Keras shape with None) of each input the run needs, in feed order."""
    if summary.functional:
        return [(r.name, r.output_shape) for r in summary.layers if r.is_input and r.output_shape is not None]
    first = summary.layers[0]
    return [(first.name, first.input_shape or ())]


def _name(name: str) -> str:
    return visible(name, 60)


def _unbatched(shape: Dims) -> Shape:
    return (None, *shape[1:])


def _batched(shape: Shape, batch: int, layer: str) -> Dims:
    out = []
    for i, d in enumerate(shape):
        if i == 0 and d is None:
            out.append(batch)
        elif d is None or not isinstance(d, int):
            raise RunError(f"layer {_name(layer)}: lstmcalc cannot size its output {fmt_shape(shape)} for this run")
        else:
            out.append(d)
    dims = tuple(out)
    if any(d <= 0 for d in dims):
        raise RunError(f"layer {_name(layer)} would output shape {fmt_shape(dims)}, with an empty axis; "
                       "give the model longer sequences (more timesteps)")
    return dims


def _rnn_of(layer: Any) -> Any:
    return layer.layer if layer.type_name == "Bidirectional" else layer


def _check_states(name: str, layer: Any, states: list[Dims], batch: int) -> None:
    """Keras checks initial states only when it runs the model (lint LC209 warns earlier)."""
    rnn = _rnn_of(layer)
    if rnn.type_name not in _RECURRENT:
        raise RunError(f"layer {_name(name)} takes no initial_state")
    per_direction = 2 if rnn.type_name == "LSTM" else 1
    want = per_direction * (2 if layer.type_name == "Bidirectional" else 1)
    units = [rnn.units] * per_direction
    if layer.type_name == "Bidirectional":
        back = layer.__dict__.get("backward_layer") or rnn
        units += [back.units] * per_direction
    got = [fmt_shape(s) for s in states]
    expected = [fmt_shape((batch, u)) for u in units]
    if len(states) != want or got != expected:
        raise RunError(f"layer {_name(name)} expects initial_state {', '.join(expected)} ({want} state"
                       f"{'s' if want != 1 else ''}: batch x units), got {', '.join(got) or 'none'}; "
                       "feed it the states of a recurrent layer of the same units (see lint LC209)")


def _check_backward(name: str, layer: Any) -> None:
    """Keras sizes a Bidirectional's output from the forward layer alone, so a backward_layer
    of other units gives tensors of another shape than its summary says."""
    back = layer.__dict__.get("backward_layer")
    inner = layer.layer
    if back is None:
        return
    same = back.type_name == inner.type_name and back.units == inner.units and \
        back.return_sequences == inner.return_sequences and back.return_state == inner.return_state
    if not same:
        raise RunError(f"layer {_name(name)}: its backward_layer ({back.type_name}, {back.units} units) differs "
                       f"from the forward layer ({inner.type_name}, {inner.units} units) in type, units, "
                       "return_sequences or return_state; Keras's summary sizes the output from the forward "
                       "layer only, so the arithmetic cannot match it: make the two layers alike")


def _cost(layer: Any, weights: int, source: Dims, outs: list[Dims]) -> tuple[int, int]:
    """(loop iterations, multiply-accumulates) of one layer, roughly."""
    kind = layer.type_name
    inner = layer.__dict__.get("layer")
    positions = math.prod(source[:-1]) if source else 1
    macs = weights * positions + sum(math.prod(o) for o in outs)
    steps = 1
    if kind in _RECURRENT or (kind == "Bidirectional") or (kind == "TimeDistributed" and inner is not None
                                                              and inner.type_name in _RECURRENT):
        timesteps = source[1] if len(source) > 1 else 1
        directions = 2 if kind == "Bidirectional" else 1
        steps = timesteps * directions
        macs = weights * math.prod(source[:1]) * timesteps
        if kind == "TimeDistributed":
            steps = source[2] if len(source) > 2 else 1
            macs = weights * positions
    elif kind == "Conv1D":
        steps = layer.groups * (layer.kernel_size[0] if isinstance(layer.kernel_size, (list, tuple))
                                else layer.kernel_size)
    elif kind in ("MaxPooling1D", "AveragePooling1D"):
        steps = outs[0][1] if len(outs[0]) > 1 else 1
    return steps, macs


def _runnable(name: str, layer: Any) -> None:
    """What `run` refuses rather than guess: tf.keras 2's cuDNN layers (tf_keras has no CPU
    kernel for them, so model.predict raises on a CPU, and there is no reference to match)
    and time_major=True (its (timesteps, batch, ...) layout), in the layer or a wrapped one."""
    inner = getattr(layer, "layer", None)
    if inner is not None and hasattr(inner, "type_name"):
        _runnable(name, inner)
    if layer.type_name in ("CuDNNLSTM", "CuDNNGRU"):
        raise RunError(f"layer {_name(name)} is a {layer.type_name}: tf.keras 2 runs it only on a GPU with cuDNN "
                       "(on a CPU model.predict raises: no CudnnRNN kernel), so lstmcalc has no reference to match; "
                       f"use keras.layers.{layer.type_name[5:]} for `run`")
    if layer.__dict__.get("time_major"):
        raise RunError(f"layer {_name(name)} has time_major=True; lstmcalc run reads (batch, timesteps, ...) only")


def plan(summary: Summary, inputs: list[Dims], with_output_file: bool = False,
         extra_bytes: int = 0, random_weights: bool = False) -> Plan:
    """The run's concrete shapes and costs for INPUTS (one shape per model input, batch
    first). Raises RunError where a layer cannot take them."""
    batch = inputs[0][0] if inputs else 1
    rows = {r.name: r for r in summary.layers}
    shapes: dict[str, list[Dims]] = {}
    feed = iter(inputs)
    last: list[Dims] = [] if summary.functional else [next(feed)]
    weights = sum(w.size for w in summary.weights)
    steps = 0
    macs = 0
    kept = 0
    largest = 0
    for built in summary.constructed:
        name = built.name
        if built.spec.type == "Input":
            shapes[name] = last = [next(feed)]
            kept += math.prod(last[0])
            continue
        row = rows.get(name)
        layer = built.layer
        if row is None or layer is None:
            raise RunError(f"layer {_name(name)} has no shape; fix the spec's errors first")
        _runnable(name, layer)
        refs = built.spec.inputs
        sources = last if refs is None else [
            t for ref in refs for t in (shapes[ref.name] if ref.output is None else [shapes[ref.name][ref.output]])]
        states = [t for ref in built.spec.initial_state for t in (
            shapes[ref.name] if ref.output is None else [shapes[ref.name][ref.output]])]
        try:
            if layer.merge:
                outs = layer.merged_shapes([_unbatched(s) for s in sources])
            else:
                layer.check_input(_unbatched(sources[0]))
                outs = layer.output_shapes(_unbatched(sources[0]))
        except Refusal as refusal:
            given = ", ".join(fmt_shape(s) for s in sources)
            message = refusal.message.rstrip(". ")
            raise RunError(f"layer {_name(name)} cannot take this run's input {given}: {message}"
                           + (f"; {refusal.hint}" if refusal.hint else "")) from None
        if states:
            _check_states(name, layer, states, batch)
        if layer.type_name == "Bidirectional":
            _check_backward(name, layer)
        dims = [_batched(o, batch, name) for o in outs]
        if any(s[0] != batch for s in sources):
            raise RunError(f"layer {_name(name)} receives batches of different sizes: "
                           f"{', '.join(fmt_shape(s) for s in sources)}")
        shapes[name] = last = dims
        size = sum(math.prod(d) for d in dims)
        kept += size
        largest = max(largest, size)
        more_steps, more_macs = _cost(layer, row.params, sources[0], dims)
        steps += more_steps
        macs += more_macs
    # Temporaries: a layer's working arrays are a few times its output (gates, padding,
    # stacking); the output file is built in memory, then copied once into bytes.
    memory = (weights + kept + 3 * largest + (2 * kept if with_output_file else 0)) * _FLOAT + extra_bytes
    init_macs, init_bytes = _initial_cost(summary) if random_weights else (0, 0)
    return Plan(batch, shapes, memory + init_bytes, steps, macs + init_macs, init_macs)
