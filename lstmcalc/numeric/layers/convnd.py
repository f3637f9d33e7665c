"""Forward passes of the N-D convolutions and the ConvLSTMs, Keras inference semantics.

Everything is computed channels-last (a channels_first layer moves its channel axis to the
end and back); arithmetic in float64, results in the input's dtype. 'same' padding puts
the smaller half before, as TensorFlow does; a transposed convolution is the adjoint of the
convolution that maps its output size back to its input size (tf.nn.conv_transpose).

Known difference (recorded with Keras 3.15.1 / TensorFlow 2.21 CPU): a channels_first
convolution whose output width equals its channel count gets its bias added along the
width axis by TensorFlow (Conv2D, SeparableConv2D and DepthwiseConv2D alike), so
model.predict differs from Keras's own per-channel formula there; lstmcalc adds the bias
per channel as Keras's code says. The fixtures avoid that coincidence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np

from lstmcalc.layers.convnd import ntuple, transpose_size
from lstmcalc.numeric.forward import forwards as _forwards
from lstmcalc.numeric.ops import activation

Array = Any
Forward = Callable[[Any, list[Array], list[Array], Array | None], tuple[list[Array], Array | None]]


def forwards(*kinds: str) -> Callable[[Forward], Forward]:
    """lstmcalc.numeric.forward.forwards, typed."""
    return cast("Callable[[Forward], Forward]", _forwards(*kinds))


def _first(layer: Any) -> bool:
    return bool(layer.__dict__.get("data_format") == "channels_first")


def _to_last(x: Array, axis: int = 1) -> Array:
    return np.moveaxis(x, axis, -1)


def _pad(x: Array, kernel: tuple[int, ...], strides: tuple[int, ...], dilation: tuple[int, ...],
         padding: str) -> Array:
    """Pad the spatial axes (1 .. n) of a channels-last X as TensorFlow's conv does."""
    if padding == "valid":
        return x
    widths = [(0, 0)]
    for i, (k, s, d) in enumerate(zip(kernel, strides, dilation, strict=True)):
        size, span = x.shape[1 + i], d * (k - 1) + 1
        if padding == "causal":
            widths.append((span - 1, 0))
            continue
        out = -(-size // s)
        total = max((out - 1) * s + span - size, 0)
        widths.append((total // 2, total - total // 2))
    widths.append((0, 0))
    return np.pad(x, widths)


def _windows(x: Array, kernel: tuple[int, ...], strides: tuple[int, ...], dilation: tuple[int, ...]) -> Any:
    """(offset, window) pairs: for each kernel position, the input values it meets."""
    out = [(x.shape[1 + i] - (d * (k - 1) + 1)) // s + 1
           for i, (k, s, d) in enumerate(zip(kernel, strides, dilation, strict=True))]
    for offset in np.ndindex(*kernel):
        index = tuple(slice(o * d, o * d + s * (n - 1) + 1, s)
                      for o, s, d, n in zip(offset, strides, dilation, out, strict=True))
        key = (slice(None), *index)
        yield offset, x[key]


def conv(x: Array, kernel: Array, strides: tuple[int, ...], dilation: tuple[int, ...], *, padding: str,
         groups: int = 1) -> Array:
    """Keras's ops.conv on a channels-last X with kernel (*k, channels / groups, filters)."""
    n = kernel.ndim - 2
    k = tuple(kernel.shape[:n])
    x = _pad(x.astype(np.float64), k, strides, dilation, padding)
    per_in, filters = kernel.shape[-2], kernel.shape[-1]
    per_out = filters // groups
    y: Array = None
    for offset, window in _windows(x, k, strides, dilation):
        w = kernel[offset].astype(np.float64)
        if groups == 1:
            part = window @ w
        else:
            part = np.concatenate([window[..., g * per_in:(g + 1) * per_in] @ w[:, g * per_out:(g + 1) * per_out]
                                   for g in range(groups)], axis=-1)
        y = part if y is None else y + part
    return y


def depthwise(x: Array, kernel: Array, strides: tuple[int, ...], dilation: tuple[int, ...], padding: str) -> Array:
    """Each channel c with its own depth_multiplier kernels; output channel c x dm + m."""
    n = kernel.ndim - 2
    k = tuple(kernel.shape[:n])
    x = _pad(x.astype(np.float64), k, strides, dilation, padding)
    y: Array = None
    for offset, window in _windows(x, k, strides, dilation):
        part = window[..., :, None] * kernel[offset].astype(np.float64)
        y = part if y is None else y + part
    return y.reshape((*y.shape[:-2], -1))


def conv_transpose(x: Array, kernel: Array, strides: tuple[int, ...], dilation: tuple[int, ...], *, padding: str,
                   output_padding: tuple[int, ...] | None) -> Array:
    """tf.nn.conv_transpose with Keras's output size; kernel (*k, filters, channels)."""
    n = kernel.ndim - 2
    k = tuple(kernel.shape[:n])
    sizes = x.shape[1:-1]
    outs, befores, fulls = [], [], []
    for i in range(n):
        span = dilation[i] * (k[i] - 1) + 1
        out = transpose_size(sizes[i], k[i], strides[i], padding=padding,
                             output_padding=None if output_padding is None else output_padding[i], d=dilation[i])
        assert out is not None
        before = 0 if padding == "valid" else max((sizes[i] - 1) * strides[i] + span - out, 0) // 2
        outs.append(out)
        befores.append(before)
        fulls.append(max((sizes[i] - 1) * strides[i] + span, before + out))
    y = np.zeros((x.shape[0], *fulls, kernel.shape[-2]))
    xf = x.astype(np.float64)
    for offset in np.ndindex(*k):
        index = tuple(slice(o * d, o * d + s * (size - 1) + 1, s)
                      for o, s, d, size in zip(offset, strides, dilation, sizes, strict=True))
        key = (slice(None), *index)
        y[key] += xf @ kernel[offset].astype(np.float64).T
    crop = tuple(slice(b, b + o) for b, o in zip(befores, outs, strict=True))
    key = (slice(None), *crop)
    return y[key]


def _finish(layer: Any, y: Array, bias: Array | None, dtype: Any) -> Array:
    if bias is not None:
        y = y + bias.astype(np.float64)
    y = activation(layer.__dict__.get("activation"))(y).astype(dtype)
    return np.moveaxis(y, -1, 1) if _first(layer) else y


@forwards("Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D")
def _conv_nd(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    xl = _to_last(x) if _first(layer) else x
    rank = w[0].ndim - 2  # Convolution1D (Conv1D's alias) has no `rank`
    y = conv(xl, w[0], ntuple(layer.strides, rank), ntuple(layer.dilation_rate, rank), padding=layer.padding.lower(),
             groups=layer.groups)
    return [_finish(layer, y, w[1] if layer.use_bias else None, x.dtype)], None


@forwards("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Convolution1DTranspose",
          "Convolution2DTranspose", "Convolution3DTranspose")
def _conv_transpose(layer: Any, w: list[Array], inputs: list[Array],
                    mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    xl = _to_last(x) if _first(layer) else x
    op = None if layer.output_padding is None else ntuple(layer.output_padding, layer.rank)
    y = conv_transpose(xl, w[0], ntuple(layer.strides, layer.rank), ntuple(layer.dilation_rate, layer.rank),
                       padding=layer.padding.lower(), output_padding=op)
    return [_finish(layer, y, w[1] if layer.use_bias else None, x.dtype)], None


@forwards("SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D")
def _separable(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    xl = _to_last(x) if _first(layer) else x
    mid = depthwise(xl, w[0], ntuple(layer.strides, layer.rank), ntuple(layer.dilation_rate, layer.rank),
                    layer.padding.lower())
    y = mid @ w[1].reshape(w[1].shape[-2:]).astype(np.float64)
    return [_finish(layer, y, w[2] if layer.use_bias else None, x.dtype)], None


@forwards("DepthwiseConv1D", "DepthwiseConv2D")
def _depthwise(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    xl = _to_last(x) if _first(layer) else x
    y = depthwise(xl, w[0], ntuple(layer.strides, layer.rank), ntuple(layer.dilation_rate, layer.rank),
                  layer.padding.lower())
    return [_finish(layer, y, w[1] if layer.use_bias else None, x.dtype)], None


@forwards("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
def _conv_lstm(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    outs = conv_lstm_forward(layer, w, inputs[0], mask)
    return outs, (mask if layer.return_sequences else None)


def _cell(z: Array, c: Array, act: Any, rec: Any) -> tuple[Array, Array]:
    """ConvLSTMCell's gates [i | f | c | o] from the summed convolutions Z: (h, c)."""
    i, f, cc, o = np.split(z, 4, axis=-1)
    i, f, o = (rec(v) for v in (i, f, o))
    c_new = f * c + i * act(cc)
    return o * act(c_new), c_new


def _plus_bias(z: Array, bias: Array | None) -> Array:
    """Z + BIAS; no `+ 0.0` without a bias (lstmcalc cost counts the arithmetic that runs)."""
    return z if bias is None else z + bias


def conv_lstm_forward(layer: Any, w: list[Array], x: Array, mask: Array | None, *,
                      states: list[Array] | None = None, zero_output_for_mask: bool | None = None) -> list[Array]:
    """Keras's ConvLSTMCell over the time axis, with RNN's go_backwards, return_sequences,
    return_state and mask handling (a (batch, time) mask keeps the previous state); also
    the forward and backward copies inside Bidirectional (lstmcalc.numeric.ops)."""
    args = layer.__dict__
    first = args.get("data_format") == "channels_first"
    xl = np.moveaxis(x, 2, -1) if first else x  # (batch, time, *spatial, channels)
    kernel, recurrent = w[0], w[1]
    rank = kernel.ndim - 2
    filters = kernel.shape[-1] // 4
    strides, dilation = ntuple(args.get("strides", 1), rank), ntuple(args.get("dilation_rate", 1), rank)
    ones = (1,) * rank
    act = activation(args.get("activation", "tanh"))
    rec = activation(args.get("recurrent_activation", "sigmoid"))
    use_bias = args.get("use_bias", True)
    bias = w[2].astype(np.float64) if use_bias else None
    padding = str(args.get("padding", "valid")).lower()
    if mask is not None and mask.ndim != 2:
        raise NotImplementedError("a ConvLSTM mask other than (batch, timesteps) is not implemented in lstmcalc run")
    batch, steps = xl.shape[0], xl.shape[1]
    h: Array = None
    c: Array = None
    if states:
        h, c = (np.moveaxis(s, 1, -1) if first else s for s in states[:2])
        h, c = h.astype(np.float64), c.astype(np.float64)
    previous: Array = None
    outputs = []
    order = range(steps - 1, -1, -1) if args.get("go_backwards", False) else range(steps)
    zero_out = args.get("zero_output_for_mask", False) if zero_output_for_mask is None else zero_output_for_mask
    sequences = args.get("return_sequences", False)
    for t in order:
        z = _plus_bias(conv(xl[:, t], kernel, strides, dilation, padding=padding), bias)
        if h is None:
            h = np.zeros((*z.shape[:-1], filters))
            c = np.zeros_like(h)
        if previous is None:
            previous = np.zeros_like(h)
        h_new, c_new = _cell(z + conv(h, recurrent, ones, ones, padding="same"), c, act, rec)
        if mask is not None:
            keep = mask[:, t].reshape((batch, *(1,) * (h.ndim - 1))).astype(bool)
            h_new = np.where(keep, h_new, h)
            c_new = np.where(keep, c_new, c)
            out = np.where(keep, h_new, 0 if zero_out else previous)
        else:
            out = h_new
        h, c, previous = h_new, c_new, out
        if sequences:
            outputs.append(out)
    result = np.stack(outputs, axis=1) if sequences else previous
    if first:
        result = np.moveaxis(result, -1, 2 if sequences else 1)
        h, c = np.moveaxis(h, -1, 1), np.moveaxis(c, -1, 1)
    outs = [result, h, c] if args.get("return_state", False) else [result]
    return [o.astype(x.dtype) for o in outs]
