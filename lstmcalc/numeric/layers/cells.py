"""Forward passes of the cells family: Dot, Lambda (refused), Normalization, GroupNormalization
and UnitNormalization, with Keras 3.15's inference arithmetic. Keras's RNN over cells runs
with the other recurrent layers (lstmcalc.numeric.ops.cells_forward)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lstmcalc.numeric.forward import RunError
from lstmcalc.numeric.forward import forwards as _register
from lstmcalc.safety.text import visible

Array = Any
EPSILON = 1e-7  # keras.config.epsilon()
Forward = Callable[[Any, list[Array], list[Array], Array | None], tuple[list[Array], Array | None]]


def forwards(*kinds: str) -> Callable[[Forward], Forward]:
    """lstmcalc.numeric.forward.forwards, typed."""
    decorator: Callable[[Forward], Forward] = _register(*kinds)
    return decorator


def _l2_normalize(x: Array, axis: int | tuple[int, ...]) -> Array:
    """keras.ops.normalize(order=2): x * min(rsqrt(sum(x**2)), 1/epsilon)."""
    square_sum = np.sum(np.square(x), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        inv = 1.0 / np.sqrt(square_sum)
    return x * np.minimum(inv, 1.0 / EPSILON)


@forwards("Dot")
def _dot(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    x1, x2 = inputs
    if isinstance(layer.axes, int):
        axes = [layer.axes % x1.ndim, layer.axes % x2.ndim] if layer.axes < 0 else [layer.axes] * 2
    else:
        axes = [a % x.ndim for a, x in zip(layer.axes, inputs, strict=True)]
    if 0 in axes:  # Keras builds the model, and fails here when it runs
        raise RunError("Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch "
                       "dimension to your inputs using keras.ops.expand_dims(x, 0) "
                       f"(layer {visible(repr(layer.name), 60)})")
    if layer.normalize:
        x1 = _l2_normalize(x1, axes[0])
        x2 = _l2_normalize(x2, axes[1])
    y = np.stack([np.tensordot(a, b, axes=(axes[0] - 1, axes[1] - 1)) for a, b in zip(x1, x2, strict=True)])
    if y.ndim == 1:
        y = y[:, None]
    return [y.astype(np.float32)], None


@forwards("Lambda")
def _lambda(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None) -> tuple[list[Array], Array | None]:
    raise RunError(f"layer {visible(repr(layer.name), 60)} is a Lambda: its Python function is not part of the "
                   "model lstmcalc reads, so lstmcalc run cannot compute it (run the model in Keras instead)")


def _broadcast(value: Any, x: Array, keep: list[int]) -> Array:
    """Normalization's given mean/variance, shaped as Keras's build() broadcasts them."""
    arr = np.asarray(value, dtype=np.float32)
    shape = [1] * x.ndim
    broadcast = [x.shape[d] if d in keep else 1 for d in range(x.ndim)]
    if arr.ndim == 0:
        return np.broadcast_to(arr, broadcast)
    for i in range(1, arr.ndim + 1):
        shape[keep[-i]] = arr.shape[-i]
    return np.broadcast_to(arr.reshape(shape), broadcast)


@forwards("Normalization")
def _normalization(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None,
                   ) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    keep = layer.kept(x.shape)
    if layer.mean is not None:
        mean, variance = _broadcast(layer.mean, x, keep), _broadcast(layer.variance, x, keep)
    else:
        broadcast = [x.shape[d] if d in keep else 1 for d in range(x.ndim)]
        mean, variance = w[0].reshape(broadcast), w[1].reshape(broadcast)
    scale = np.maximum(np.sqrt(variance), EPSILON)
    y = mean + x * scale if layer.invert else (x - mean) / scale
    return [y.astype(np.float32)], mask


@forwards("GroupNormalization")
def _group_normalization(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None,
                         ) -> tuple[list[Array], Array | None]:
    x = inputs[0].astype(np.float32)
    axis = layer.axis % x.ndim
    dim = x.shape[axis]
    groups = dim if layer.groups == -1 else layer.groups
    grouped_shape = [*x.shape[:axis], groups, dim // groups, *x.shape[axis + 1:]]
    g = x.reshape(grouped_shape)
    reduce = tuple(i for i in range(1, g.ndim) if i != axis)  # every axis but batch and the group axis
    mean = g.mean(axis=reduce, keepdims=True)
    variance = g.var(axis=reduce, keepdims=True)
    inv = 1.0 / np.sqrt(variance + layer.epsilon)
    broadcast = [1] * g.ndim
    broadcast[axis], broadcast[axis + 1] = groups, dim // groups
    i = 0
    if layer.scale:
        inv = inv * w[i].reshape(broadcast)
        i += 1
    res = -mean * inv
    if layer.center:
        res = res + w[i].reshape(broadcast)
    y = g * inv + res
    return [y.reshape(x.shape).astype(np.float32)], mask


@forwards("UnitNormalization")
def _unit_normalization(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None,
                        ) -> tuple[list[Array], Array | None]:
    x = inputs[0]
    axes = tuple(a % x.ndim for a in ([layer.axis] if isinstance(layer.axis, int) else layer.axis))
    # keras.ops.normalize(order=2, epsilon=1e-12)
    square_sum = np.sum(np.square(x), axis=axes, keepdims=True)
    with np.errstate(divide="ignore"):
        inv = 1.0 / np.sqrt(square_sum)
    return [(x * np.minimum(inv, 1e12)).astype(np.float32)], mask
