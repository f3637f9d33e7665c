"""`explain` for 2D/3D pooling, up-sampling, zero-padding, cropping and spatial dropout.

None of them has weights (0 parameters); the explanation is the shape arithmetic, axis by
axis, with the layer's own numbers (Keras's compute_output_shape).
"""

from __future__ import annotations

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer
from lstmcalc.layers.poolnd import (
    CroppingND,
    PoolingND,
    UpSampling1D,
    UpSamplingND,
    ZeroPaddingND,
    channels_first,
    spatial_axes,
)
from lstmcalc.teach.explain import Parts, explains, fmt

NO_WEIGHTS = "no weights: 0 parameters"


def _axes(layer: Layer, result: LayerResult) -> list[tuple[int, int | None, int | None]]:
    """(axis, input size, output size) of each spatial axis."""
    shape, out = result.input_shape or (), result.output_shape or ()
    return [(axis, shape[axis], out[axis]) for axis in spatial_axes(layer, len(shape))
            if axis < len(shape) and axis < len(out)]


def _layout(layer: Layer) -> str:
    return "channels_first: (batch, channels, spatial...)" if channels_first(layer) else \
        "channels_last: (batch, spatial..., channels)"


@explains("MaxPooling2D", "MaxPooling3D", "AveragePooling2D", "AveragePooling3D")
def _pooling(layer: Layer, result: LayerResult) -> Parts:
    assert isinstance(layer, PoolingND)
    pool, strides = layer.sizes()
    what = "maximum" if layer.type_name.startswith("Max") else "mean"
    steps = []
    for i, (axis, size, out) in enumerate(_axes(layer, result)):
        if size is None:
            steps.append(f"axis {axis}: any size → any size")
        elif layer.padding == "valid":
            steps.append(f"axis {axis}: floor(({size} − {pool[i]}) / {strides[i]}) + 1 = {out}")
        else:
            steps.append(f"axis {axis}: floor(({size} − 1) / {strides[i]}) + 1 = {out}")
    why = (f"the {what} of each {' × '.join(map(str, pool))} window, moved by strides {tuple(strides)}, "
           f"padding={layer.padding} → {fmt(result.output_shape)}")
    default = ("strides defaults to pool_size",) if layer.strides is None else ()
    return Parts(why, "", {}, (*steps, _layout(layer), *default, NO_WEIGHTS), None, 0)


@explains("GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling2D", "GlobalAveragePooling3D")
def _global(layer: Layer, result: LayerResult) -> Parts:
    what = "maximum" if "Max" in layer.type_name else "mean"
    keep = " (keepdims=True leaves each spatial axis as 1)" if layer.__dict__.get("keepdims") else ""
    why = f"the {what} over every spatial axis, one value per channel{keep} → {fmt(result.output_shape)}"
    return Parts(why, "", {}, (_layout(layer), NO_WEIGHTS), None, 0)


@explains("UpSampling1D", "UpSampling2D", "UpSampling3D")
def _up(layer: Layer, result: LayerResult) -> Parts:
    factors = (layer.size,) if isinstance(layer, UpSampling1D) else \
        layer.factors() if isinstance(layer, UpSamplingND) else ()
    steps = [f"axis {axis}: {factor} × {size} = {out}" if size is not None else f"axis {axis}: any size"
             for factor, (axis, size, out) in zip(factors, _axes(layer, result), strict=False)]
    how = str(layer.__dict__.get("interpolation", "nearest")).lower()
    method = "by repeating each position" if how == "nearest" else f"with {how} interpolation"
    why = f"enlarges the spatial axes {' × '.join(map(str, factors))} times {method} → {fmt(result.output_shape)}"
    return Parts(why, "", {}, (*steps, NO_WEIGHTS), None, 0)


@explains("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D")
def _pad_crop(layer: Layer, result: LayerResult) -> Parts:
    assert isinstance(layer, (ZeroPaddingND, CroppingND))
    sign, verb = ("+", "adds zeros") if isinstance(layer, ZeroPaddingND) else ("−", "removes positions")
    steps = [f"axis {axis}: {size} {sign} {before} {sign} {after} = {out}" if size is not None
             else f"axis {axis}: any size" for (before, after), (axis, size, out)
             in zip(layer.amounts(), _axes(layer, result), strict=False)]
    why = f"{verb} before and after each spatial axis → {fmt(result.output_shape)}"
    return Parts(why, "", {}, (*steps, NO_WEIGHTS), None, 0)


@explains("SpatialDropout2D", "SpatialDropout3D")
def _spatial_dropout(layer: Layer, result: LayerResult) -> Parts:
    why = (f"drops whole channels (rate {layer.__dict__.get('rate')}) while training, identity at inference; "
           f"shape unchanged → {fmt(result.output_shape)}")
    return Parts(why, "", {}, (_layout(layer), NO_WEIGHTS), None, 0)
