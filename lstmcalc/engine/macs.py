"""Multiply-accumulate operations (MACs) of one forward pass for one sample (batch 1).

The convention (docs/columns.md says it in full): a MAC is one multiply and one add of a
matrix product, a convolution or an attention contraction. Bias additions, activations,
the elementwise gate products of the recurrent cells (LSTM's f*c + i*g, o*tanh(c); GRU's
blend), normalization, pooling, merges, dropout and softmax are excluded. These are the
matrix terms of ptflops; torchinfo counts one MAC more per bias value and position.

Checked against TensorFlow's profiler (tf.compat.v1.profiler, float_operation()) on real Keras 3
models with unroll=True, one layer type and argument variant per spec: 2 x these MACs equal the
flops of the profiler's matrix-product ops (MatMul, BatchMatMul, Conv2D/3D, DepthwiseConv2dNative,
...) layer by layer, except where the profiler's own count is known to differ (tests/
test_cost_profiler.py names each such reason: Einsum and Conv3DBackpropInputV2 have no flops
registration, Conv2DBackpropInput's formula assumes 'same' padding, grouped (and channels_first 3D)
convolutions run in an XLA function the profiler does not enter, dilated 2D convolutions are padded by
SpaceToBatchND, AdditiveAttention's scale product is an elementwise Mul and a Sum).

A dimension that is None (unknown timesteps, a free spatial size) makes the count unknown,
never guessed; so does a layer whose computation lstmcalc cannot see (Lambda, a custom
layer). The batch axis is never counted.

Pure: shapes in, numbers out. No I/O, no rendering.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

from lstmcalc.layers.base import Layer, Shape, Weight

#: why a count is unknown
UNKNOWN_DIMENSION = "unknown-dimension"
UNKNOWN_COMPUTATION = "unknown-computation"
UNBUILT = "unbuilt"
#: each reason in words, for every report that says why a count is missing
WHY = {
    UNKNOWN_COMPUTATION: "lstmcalc does not see what this layer computes (a Lambda's function, a custom layer's call(), "
                         "an operation `lstmcalc run` does not implement)",
    UNKNOWN_DIMENSION: "a size is known only at run time; give it (cost --timesteps T)",
    UNBUILT: "the model is not built (no input shape)",
}


class Macs(NamedTuple):
    """A MAC count, or None with the reason it is unknown."""

    value: int | None
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


class _Unknown(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _prod(dims: Iterable[int | None]) -> int:
    values = list(dims)
    if any(d is None for d in values):
        raise _Unknown(UNKNOWN_DIMENSION)
    return math.prod(int(d) for d in values if d is not None)


def _dim(value: int | None) -> int:
    if value is None:
        raise _Unknown(UNKNOWN_DIMENSION)
    return value


def _kernels(weights: list[Weight]) -> int:
    """Values in the weights a matrix product or convolution multiplies by: every
    `...kernel` (kernel, recurrent_kernel, depthwise_kernel, pointwise_kernel, query/kernel),
    not the LoRA factors (counted apart) and not the biases."""
    return sum(w.size for w in weights if _is_kernel(w.name))


def _is_kernel(name: str) -> bool:
    last = name.rsplit("/", 1)[-1]
    return last.endswith("kernel") and not last.startswith("lora_")


def _channels_first(layer: Layer) -> bool:
    return getattr(layer, "data_format", None) == "channels_first"


def _spatial(layer: Layer, shape: Shape) -> Shape:
    """The spatial axes of a (batch, *spatial, channels) or (batch, channels, *spatial) shape."""
    return tuple(shape[2:]) if _channels_first(layer) else tuple(shape[1:-1])


# --- the families ---------------------------------------------------------------------------------
def dense(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """positions x input features x units, positions = the product of the axes between batch
    and features (1 for a (batch, features) input). With LoRA, Keras adds lora_a @ lora_b to
    the kernel on every call: in x rank x units more."""
    shape = inputs[0]
    n_in, units = _dim(shape[-1]), int(getattr(layer, "units"))  # noqa: B009 - the Dense's declared argument
    macs = _prod(shape[1:-1]) * n_in * units
    rank = getattr(layer, "lora_rank", None)
    return macs + (n_in * int(rank) * units if rank else 0)


def embedding(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """A table lookup: 0. With LoRA, Keras adds lora_a @ lora_b to the table on every call:
    input_dim x rank x output_dim."""
    rank = getattr(layer, "lora_rank", None)
    if not rank:
        return 0
    return int(getattr(layer, "input_dim")) * int(rank) * int(getattr(layer, "output_dim"))  # noqa: B009


def recurrent(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """timesteps x (size(kernel) + size(recurrent_kernel)), summed over stacked cells:
    LSTM T*4u(f+u), GRU T*3u(f+u), SimpleRNN T*u(f+u), whatever go_backwards, masking
    or return_sequences."""
    shape = inputs[0]
    return _dim(shape[1]) * _kernels(weights)


def conv_lstm(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """timesteps x output positions x (size(kernel) + size(recurrent_kernel)): both
    convolutions (input and recurrent, the latter 'same' with stride 1) produce every output
    position's 4 x filters gate values at every step."""
    shape = inputs[0]
    steps = _dim(shape[1])
    per_step = output[1:] if not getattr(layer, "return_sequences", False) else output[2:]
    spatial = per_step[1:] if _channels_first(layer) else per_step[:-1]
    return steps * _prod(spatial) * _kernels(weights)


def conv(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """Output positions x kernel size: Conv (k x channels/groups x filters per position),
    DepthwiseConv (k x channels x depth_multiplier) and SeparableConv (its depthwise and its
    1x1 pointwise kernel, both applied at every output position)."""
    return _prod(_spatial(layer, output)) * _kernels(weights)


def conv_transpose(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """Input positions x kernel size: each input value is scattered through the whole kernel
    (k x filters x channels), as ptflops counts a transposed convolution. (TF's profiler
    estimates Conv2DBackpropInput as output positions / strides x kernel size, the same for
    'same' padding and more for 'valid', dilation or output_padding.)"""
    return _prod(_spatial(layer, inputs[0])) * _kernels(weights)


def dot_attention(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """Attention on [query (B, Tq, d), value (B, Tv, dv), key (B, Tv, d)]: the scores
    query.keyᵀ, Tq x Tv x d (score_mode='dot'; 'concat' sums a tanh, no product: 0), then
    scores.value, Tq x Tv x dv. Axes before Tq count as positions."""
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    positions, tv = _prod(query[1:-1]), _dim(key[-2])
    scores = positions * tv * _dim(query[-1]) if getattr(layer, "score_mode", "dot") == "dot" else 0
    return scores + positions * tv * _dim(value[-1])


def additive_attention(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """AdditiveAttention: the scores sum(scale * tanh(q + k)) contract Tq x Tv x d with the
    `scale` vector (use_scale=True; a plain sum otherwise: 0), then scores.value, Tq x Tv x dv.
    Keras computes the scale product as an elementwise multiply then a sum (and multiplies by
    the constant 1.0 when use_scale=False, no product)."""
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    positions, tv = _prod(query[1:-1]), _dim(key[-2])
    scores = positions * tv * _dim(query[-1]) if getattr(layer, "use_scale", True) else 0
    return scores + positions * tv * _dim(value[-1])


def multi_head_attention(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """MultiHeadAttention: the projections (query and gate at each query position, key and
    value at each key position: positions x size(kernel)), the scores heads x key_dim x Tq x
    Tv, the context heads x value_dim x Tq x Tv, and the output projection at each query
    position. Tq and Tv are the attended axes (attention_axes; default all but batch and
    features); the other axes count as positions of both."""
    n_out = len(getattr(layer, "output_shape_arg", None) or (0,)) if not isinstance(
        getattr(layer, "output_shape_arg", None), int) else 1
    query_steps = output[1:len(output) - n_out]
    value = _value_of(inputs)
    rank = len(query_steps) + 2
    axes = getattr(layer, "attention_axes", None)
    attended = (tuple(range(1, rank - 1)) if axes is None else
                tuple(a % rank for a in ([axes] if isinstance(axes, int) else axes)))
    q_positions, v_positions = _prod(query_steps), _prod(value[1:-1])
    tv = _prod(value[a] for a in attended)
    heads, kd = int(getattr(layer, "num_heads")), int(getattr(layer, "key_dim"))  # noqa: B009
    vd = int(getattr(layer, "value_dim", None) or kd)

    def kernel(name: str) -> int:
        return sum(w.size for w in weights if w.name == f"{name}/kernel")

    projections = (q_positions * (kernel("query") + kernel("gate") + kernel("attention_output"))
                   + v_positions * (kernel("key") + kernel("value")))
    return projections + q_positions * tv * heads * (kd + vd)


def _value_of(inputs: list[Shape]) -> Shape:
    """The value's shape, or the key's: they share their steps, which is all the count
    needs. The node lists keyword inputs sorted by keyword (key, query, value), so with
    three the query may not come first, but two of the three share their steps."""
    if len(inputs) < 3:
        return inputs[1]
    steps = [s[1:-1] for s in inputs]
    return next((s for s in inputs if steps.count(s[1:-1]) >= 2), inputs[1])


def dot(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """Dot: every output value sums the product along the contracted axis: output size x
    that axis (normalize=True's l2 normalisation is excluded)."""
    axes = layer.resolved_axes(inputs)  # type: ignore[attr-defined]
    return _prod(output[1:]) * _dim(inputs[0][axes[0]])


def bidirectional(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """The forward layer plus the backward layer (a copy of it unless backward_layer is
    given), each on the whole input: 2 x the wrapped layer's for a copy."""
    forward = getattr(layer, "layer")  # noqa: B009
    backward = getattr(layer, "backward_layer", None) or forward
    return sum(_count(inner, inputs, inner.output_shape(inputs[0]), inner.weights(inputs[0]))
               for inner in (forward, backward))


def time_distributed(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """The wrapped layer on one step (batch, *input[2:]) times the steps, input[1]."""
    inner = getattr(layer, "layer")  # noqa: B009
    child = (inputs[0][0], *inputs[0][2:])
    return _dim(inputs[0][1]) * _count(inner, [child], inner.output_shape(child), inner.weights(child))


def unknown(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    """Code lstmcalc does not see (a Lambda's function, a custom layer's call())."""
    raise _Unknown(UNKNOWN_COMPUTATION)


Counter = Callable[[Layer, list[Shape], Shape, list[Weight]], int]

#: Layer class -> its count. A layer not listed does no matrix product (0 MACs), unless it
#: holds a kernel, which makes its count unknown rather than a wrong 0.
FAMILIES: dict[str, Counter] = {
    "Dense": dense,
    "Embedding": embedding,
    **dict.fromkeys(("LSTM", "GRU", "SimpleRNN", "RNN"), recurrent),
    **dict.fromkeys(("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"), conv_lstm),
    **dict.fromkeys(("Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
                     "SeparableConv2D"), conv),
    **dict.fromkeys(("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"), conv_transpose),
    "Attention": dot_attention,
    "AdditiveAttention": additive_attention,
    "MultiHeadAttention": multi_head_attention,
    "Dot": dot,
    "Bidirectional": bidirectional,
    "TimeDistributed": time_distributed,
    "Lambda": unknown,
    "Custom": unknown,
    # a model inside a wrapper: its rows are counted where it is a row (engine/columns.py),
    # not here, where only its weights would be seen
    "Functional": unknown,
    "Sequential": unknown,
}


def _count(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight]) -> int:
    counter = FAMILIES.get(layer.type_name)
    if counter is not None:
        return counter(layer, inputs, output, weights)
    if _kernels(weights):
        raise _Unknown(UNKNOWN_COMPUTATION)
    return 0


def layer_macs(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight] | None = None) -> Macs:
    """MACs of one call of LAYER on INPUTS (the main input first; a merge's as its node lists
    them) producing OUTPUT (its first output), for one sample. WEIGHTS: the layer's, as
    built (default: built again from the inputs)."""
    try:
        if weights is None:
            weights = layer.merged_weights(inputs) if layer.merge else layer.weights(inputs[0])
        return Macs(_count(layer, inputs, output, list(weights)))
    except _Unknown as reason:
        return Macs(None, reason.reason)


def total(counts: Iterable[Macs]) -> Macs:
    """The sum, unknown when any part is (the first reason wins)."""
    value = 0
    for macs in counts:
        if macs.value is None:
            return macs
        value += macs.value
    return Macs(value)
