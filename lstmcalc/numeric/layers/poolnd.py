"""Forward passes of 2D/3D pooling, up-sampling, zero-padding, cropping and spatial dropout,
with Keras 3's inference arithmetic (TensorFlow backend): numpy only.

Pooling is separable (a box's max is the max of per-axis maxima; its mean, with windows
clipped at the borders as TensorFlow's SAME pooling clips them, is the mean of per-axis
means), so each spatial axis is pooled in turn. Bilinear up-sampling follows
tf.image.resize (half-pixel centres, no antialiasing when enlarging), also axis by axis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np

from lstmcalc.layers.poolnd import INTERPOLATIONS, spatial_axes
from lstmcalc.numeric.forward import RunError, forwards

Array = Any
Forward = Callable[[Any, list[Array], list[Array], Array | None], tuple[list[Array], Array | None]]


def _forwards(*kinds: str) -> Callable[[Forward], Forward]:
    """`forwards`, typed for mypy."""
    return cast("Callable[[Forward], Forward]", forwards(*kinds))


def _pool_axis(x: Array, axis: int, pool: int, stride: int, *, same: bool, is_max: bool) -> Array:
    steps = x.shape[axis]
    if same:
        out = -(-steps // stride)
        left = max((out - 1) * stride + pool - steps, 0) // 2
    else:
        out = (steps - pool) // stride + 1
        left = 0
    pieces = []
    for i in range(out):
        start = i * stride - left
        lo, hi = max(start, 0), min(start + pool, steps)
        window = np.take(x, np.arange(lo, hi), axis=axis)
        pieces.append(window.max(axis=axis) if is_max else window.mean(axis=axis))
    return np.stack(pieces, axis=axis)


@_forwards("MaxPooling2D", "MaxPooling3D", "AveragePooling2D", "AveragePooling3D")
def pool(layer: Any, weights: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    pool_size, strides = layer.sizes()
    x = inputs[0]
    is_max = layer.type_name.startswith("Max")
    for i, axis in enumerate(spatial_axes(layer, x.ndim)):
        x = _pool_axis(x, axis, pool_size[i], strides[i], same=layer.padding == "same", is_max=is_max)
    return [x.astype(inputs[0].dtype)], None


@_forwards("GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling2D", "GlobalAveragePooling3D")
def global_pool(layer: Any, weights: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    axes = tuple(spatial_axes(layer, x.ndim))
    reduce = np.max if "Max" in layer.type_name else np.mean
    return [reduce(x, axis=axes, keepdims=bool(layer.keepdims)).astype(x.dtype)], None


@_forwards("UpSampling1D")
def up_sampling1d(layer: Any, weights: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    return [np.repeat(inputs[0], layer.size, axis=1)], None


def _bilinear_axis(x: Array, axis: int, factor: int) -> Array:
    """tf.image.resize(method='bilinear') along one axis, enlarging by an integer factor."""
    size = x.shape[axis]
    centres = (np.arange(size * factor) + 0.5) / factor - 0.5
    below = np.floor(centres)
    frac = (centres - below).astype(np.float32)
    lo = np.clip(below.astype(np.int64), 0, size - 1)
    hi = np.clip(below.astype(np.int64) + 1, 0, size - 1)
    shape = [1] * x.ndim
    shape[axis] = -1
    frac = frac.reshape(shape)
    a, b = np.take(x, lo, axis=axis), np.take(x, hi, axis=axis)
    return a + (b - a) * frac


@_forwards("UpSampling2D", "UpSampling3D")
def up_sampling(layer: Any, weights: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    interpolation = str(layer.__dict__.get("interpolation", "nearest")).lower()
    if interpolation not in INTERPOLATIONS:
        raise RunError(f"layer {layer.label}: Keras refuses to run UpSampling2D with this interpolation: Invalid "
                       f"value for argument `interpolation`. Expected of one {INTERPOLATIONS}. Received: "
                       f"interpolation={interpolation[:40]}")
    if interpolation not in ("nearest", "bilinear"):
        raise NotImplementedError(f"UpSampling2D with interpolation={interpolation} (layer {layer.label}): lstmcalc "
                                  "run implements nearest and bilinear only")
    for factor, axis in zip(layer.factors(), spatial_axes(layer, x.ndim), strict=True):
        x = np.repeat(x, factor, axis=axis) if interpolation == "nearest" else _bilinear_axis(x, axis, factor)
    return [x.astype(inputs[0].dtype)], None


@_forwards("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D")
def zero_padding(layer: Any, weights: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    if any(v < 0 for pair in layer.amounts() for v in pair):  # Keras builds it, then TensorFlow's Pad refuses
        raise RunError(f"layer {layer.label}: Keras refuses to run {layer.type_name} with a negative padding: "
                       "Paddings must be non-negative (TensorFlow's Pad)")
    widths = [(0, 0)] * x.ndim
    for pair, axis in zip(layer.amounts(), spatial_axes(layer, x.ndim), strict=True):
        widths[axis] = pair
    return [np.pad(x, widths)], None


@_forwards("Cropping1D", "Cropping2D", "Cropping3D")
def cropping(layer: Any, weights: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    index: list[slice] = [slice(None)] * x.ndim
    for (before, after), axis in zip(layer.amounts(), spatial_axes(layer, x.ndim), strict=True):
        index[axis] = slice(before, x.shape[axis] - after)
    return [x[tuple(index)]], None


@_forwards("SpatialDropout2D", "SpatialDropout3D")
def spatial_dropout(layer: Any, weights: list[Array], inputs: list[Array],
                    mask: Array | None) -> tuple[list[Array], Array | None]:
    return [inputs[0]], mask  # inference: identity, and the mask passes (a Dropout subclass)


