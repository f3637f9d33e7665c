"""Explanations of the N-D convolutions and the ConvLSTMs, with their parameter formulas."""

from __future__ import annotations

import math

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer
from lstmcalc.teach.explain import Parts, _shape_of, explains, fmt


def _k(kernel: tuple[int, ...], n: int) -> str:
    return " × ".join(str(d) for d in kernel[:n])


def _spatial(result: LayerResult, layer: Layer, skip: int = 1) -> int | None:
    """Output positions per sample (None when a size is unknown)."""
    out = result.output_shape or ()
    first = layer.__dict__.get("data_format") == "channels_first"
    dims = out[skip + 1:] if first else out[skip:-1]
    if any(d is None for d in dims):
        return None
    return math.prod(d for d in dims if d is not None)


@explains("Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D")
def _conv(layer: Layer, result: LayerResult) -> Parts:
    kernel = _shape_of(result.weights, "kernel") or (1, 1, 1)
    n = len(kernel) - 2
    per_group, filters = kernel[-2], kernel[-1]
    groups = int(layer.__dict__.get("groups", 1))
    bias = _shape_of(result.weights, "bias") is not None
    formula = f"{_k(kernel, n)} × {per_group} × {filters}" + (f" + {filters}" if bias else "")
    padding = layer.__dict__.get("padding", "valid")
    why = (f"{filters} filters of size {_k(kernel, n).replace(' × ', 'x')} slide over the {n} spatial axes "
           f"(padding={padding!r}) → {fmt(result.output_shape)}")
    labels = {"kernel": f"{_k(kernel, n)} window × {per_group} input channels{' per group' if groups > 1 else ''} "
                        f"× {filters} filters",
              "bias": f"one per filter ({filters})"}
    macs_each = math.prod(kernel)
    positions = _spatial(result, layer)
    return Parts(why, formula, labels, (), None, None if positions is None else macs_each * positions)


@explains("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Convolution1DTranspose",
          "Convolution2DTranspose", "Convolution3DTranspose")
def _conv_transpose(layer: Layer, result: LayerResult) -> Parts:
    kernel = _shape_of(result.weights, "kernel") or (1, 1, 1)
    n = len(kernel) - 2
    filters, channels = kernel[-2], kernel[-1]
    bias = _shape_of(result.weights, "bias") is not None
    formula = f"{_k(kernel, n)} × {filters} × {channels}" + (f" + {filters}" if bias else "")
    why = (f"each input position spreads a {_k(kernel, n).replace(' × ', 'x')} window of {filters} filters "
           f"over the output, strides {layer.__dict__.get('strides')} apart → {fmt(result.output_shape)}")
    labels = {"kernel": f"{_k(kernel, n)} window × {filters} filters × {channels} input channels "
                        "(Keras stores a transposed kernel as (..., filters, channels))",
              "bias": f"one per filter ({filters})"}
    return Parts(why, formula, labels, (), None, None)


@explains("SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D")
def _separable(layer: Layer, result: LayerResult) -> Parts:
    depthwise = _shape_of(result.weights, "depthwise_kernel") or (1, 1, 1)
    pointwise = _shape_of(result.weights, "pointwise_kernel") or (1, 1, 1)
    n = len(depthwise) - 2
    channels, dm = depthwise[-2], depthwise[-1]
    mid, filters = pointwise[-2], pointwise[-1]
    bias = _shape_of(result.weights, "bias") is not None
    formula = (f"{_k(depthwise, n)} × {channels} × {dm} + {mid} × {filters}" + (f" + {filters}" if bias else ""))
    why = (f"a depthwise step ({dm} kernel{'s' if dm > 1 else ''} per channel) then a 1x1 convolution to "
           f"{filters} filters → {fmt(result.output_shape)}")
    labels = {"depthwise_kernel": f"{_k(depthwise, n)} window × {channels} channels × depth_multiplier {dm}",
              "pointwise_kernel": f"1x1: {mid} (= {channels} × {dm}) channels × {filters} filters",
              "bias": f"one per filter ({filters})"}
    return Parts(why, formula, labels, (), None, None)


@explains("DepthwiseConv1D", "DepthwiseConv2D")
def _depthwise(layer: Layer, result: LayerResult) -> Parts:
    # tf.keras 2 names the kernel depthwise_kernel (Keras 3: kernel)
    name = "depthwise_kernel" if _shape_of(result.weights, "depthwise_kernel") else "kernel"
    kernel = _shape_of(result.weights, name) or (1, 1, 1)
    n = len(kernel) - 2
    channels, dm = kernel[-2], kernel[-1]
    bias = _shape_of(result.weights, "bias") is not None
    formula = f"{_k(kernel, n)} × {channels} × {dm}" + (f" + {channels} × {dm}" if bias else "")
    why = (f"each of the {channels} channels is convolved on its own with {dm} kernel{'s' if dm > 1 else ''} "
           f"→ {channels * dm} output channels → {fmt(result.output_shape)}")
    labels = {name: f"{_k(kernel, n)} window × {channels} channels × depth_multiplier {dm}",
              "bias": f"one per output channel ({channels} × {dm})"}
    return Parts(why, formula, labels, (), None, None)


@explains("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
def _conv_lstm(layer: Layer, result: LayerResult) -> Parts:
    kernel = _shape_of(result.weights, "kernel") or (1, 1, 4)
    n = len(kernel) - 2
    channels, gates4 = kernel[-2], kernel[-1]
    f = gates4 // 4
    bias = _shape_of(result.weights, "bias") is not None
    window = _k(kernel, n)
    formula = f"4 × ({window} × {channels} × {f} + {window} × {f} × {f}" + (f" + {f})" if bias else ")")
    seq = layer.__dict__.get("return_sequences", False)
    why = (f"an LSTM whose four gates [i | f | c | o] are convolutions: the input with padding="
           f"{layer.__dict__.get('padding', 'valid')!r}, the previous state h always with 'same'; "
           f"{'every timestep' if seq else 'the last timestep'} → {fmt(result.output_shape)}")
    labels = {"kernel": f"{window} window × {channels} input channels × [i | f | c | o] × {f} filters",
              "recurrent_kernel": f"{window} window × {f} state channels × [i | f | c | o] × {f} filters",
              "bias": f"[i | f | c | o] × {f}" + (" (forget part starts at 1)" if layer.__dict__.get(
                  "unit_forget_bias", True) else "")}
    notes = ("the recurrent convolution runs with strides 1 and padding 'same', so h keeps the output's "
             "spatial size at every step",)
    return Parts(why, formula, labels, notes, None, None)
