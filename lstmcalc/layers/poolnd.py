"""2D/3D pooling, up-sampling, zero-padding, cropping and spatial dropout, plus Keras's
pooling aliases (keras/src/layers/pooling, keras/src/layers/reshaping,
keras/src/layers/regularization/spatial_dropout.py).

None of them has weights. Each follows Keras's `compute_output_shape` and its
constructor checks (argument_validation.standardize_tuple, backend.standardize_data_format),
with Keras's own messages.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    BASE_ARGS,
    BOOL,
    INT,
    INTS,
    NUMBER,
    OPT_INT,
    OPT_INTS,
    OPT_STR,
    STR,
    in_unit_interval,
)
from lstmcalc.layers.base import (
    REQUIRED,
    Arg,
    Kind,
    Layer,
    Refusal,
    Shape,
    fmt_shape,
    np_array_str,
    pooling_input_str,
    register,
)
from lstmcalc.safety.text import excerpt, quoted


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


#: pool_size, strides, size: one integer for every spatial axis, or one per axis
NINTS = Kind("an integer or a list of integers (one per spatial axis)", INTS.test, INTS.schema)
OPT_NINTS = Kind("an integer, a list of integers (one per spatial axis), or null", OPT_INTS.test, OPT_INTS.schema)

#: ZeroPadding/Cropping: an int, a list of ints, or a list of (int or list of ints)
PADDING = Kind(
    "an integer, a list of integers, or a list of [before, after] pairs",
    lambda v: _is_int(v) or (isinstance(v, list) and len(v) >= 1 and all(
        _is_int(x) or (isinstance(x, list) and len(x) >= 1 and all(_is_int(y) for y in x)) for x in v)),
    {"oneOf": [{"type": "integer"},
               {"type": "array", "items": {"oneOf": [{"type": "integer"},
                                                      {"type": "array", "items": {"type": "integer"}}]}}]},
)


def _data_format_check(v: str | None) -> str | None:
    """Keras's backend.standardize_data_format: case-insensitive, two values."""
    if v is None or v.lower() in ("channels_first", "channels_last"):
        return None
    return ("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={excerpt(str(v).lower())}")


DATA_FORMAT = Arg("data_format", OPT_STR, None, _data_format_check,
                  "channels_last (batch, ..., channels) or channels_first (batch, channels, ...)")


def standardize_tuple(value: Any, n: int, name: str, allow_zero: bool = False) -> tuple[tuple[int, ...] | None, str | None]:
    """Keras's argument_validation.standardize_tuple: (the tuple, None) or (None, its message)."""
    msg = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={quoted(value)}"
    values = (value,) * n if _is_int(value) else tuple(value)
    if len(values) != n:
        return None, msg
    bad = sorted({v for v in values if v < 0 or (v == 0 and not allow_zero)})
    if bad:
        shown = "{" + ", ".join(str(b) for b in bad) + "}"
        return None, f"{msg}, including values {shown} that do not satisfy `value {'>= 0' if allow_zero else '> 0'}`"
    return values, None


def _tuple_check(name: str, n: int, allow_zero: bool = False) -> Any:
    def check(v: Any) -> str | None:
        return None if v is None else standardize_tuple(v, n, name, allow_zero)[1]
    return check


def channels_first(layer: Layer) -> bool:
    return str(layer.__dict__.get("data_format") or "channels_last").lower() == "channels_first"


def spatial_axes(layer: Layer, rank: int) -> list[int]:
    """The spatial axes of a rank-RANK tensor (batch first) under the layer's data_format."""
    return list(range(2, rank)) if channels_first(layer) else list(range(1, rank - 1))


def guard_rank(layer: Layer, shape: Shape) -> None:
    """Refuse a wrong rank reaching output_shape (only TimeDistributed's path gets here: the
    engine checks the InputSpec first). Keras's TimeDistributed asks the inner layer's
    compute_output_shape without that check, which for some of these layers gives a shape
    on paper (MaxPooling2D on (None, 4, 3) broadcasts to (None, 2, 2, 3)) for a model that
    cannot run; lstmcalc does not imitate that and says so."""
    if layer.ndim is not None and len(shape) != layer.ndim:
        raise Refusal(
            "LC100",
            f"{layer.label} expects {layer.ndim}D input but TimeDistributed hands it {fmt_shape(shape)} per "
            f"timestep (ndim={len(shape)}). Keras 3.15 may still build this on paper, computing a shape without "
            "checking the rank, but the model cannot run; lstmcalc does not compute that shape",
            f"give the wrapped {layer.type_name} {layer.ndim - 1}D per-timestep input (the TimeDistributed input "
            f"needs {layer.ndim + 1} axes)",
        )


# --- pooling ---------------------------------------------------------------------------------
class PoolingND(Layer):
    """Shared logic of Max/AveragePooling2D/3D: no weights.

    Per spatial axis: valid -> floor((L - pool) / stride) + 1; same -> floor((L - 1) / stride) + 1.
    strides defaults to pool_size.
    """

    positional = ("pool_size", "strides", "padding", "data_format")
    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 2
    pool_size: int | list[int]
    strides: int | list[int] | None
    padding: str
    data_format: str | None

    def sizes(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        pool = standardize_tuple(self.pool_size, self.rank, "pool_size")[0] or ()
        strides = pool if self.strides is None else standardize_tuple(self.strides, self.rank, "strides", True)[0] or ()
        return pool, strides

    def output_shape(self, shape: Shape) -> Shape:
        guard_rank(self, shape)
        pool, strides = self.sizes()
        where = f"Exception encountered when calling {self.type_name}.call(). "
        axes = spatial_axes(self, len(shape))
        out = list(shape)
        if self.padding not in ("valid", "same"):
            raise Refusal("LC104", where + "Argument `padding` must be either 'valid' or 'same'. "
                          f"Received: padding={excerpt(str(self.padding))}", "padding is 'valid' or 'same', in lower case")
        if 0 in strides:
            raise Refusal("LC104", where + "division by zero", "strides must be at least 1")
        for i, axis in enumerate(axes):
            size = shape[axis]
            if size is None:
                continue
            if self.padding == "valid":
                out[axis] = (size - pool[i]) // strides[i] + 1
            else:
                out[axis] = (size - 1) // strides[i] + 1
        for i, axis in enumerate(axes):
            size = out[axis]
            if shape[axis] is not None and size is not None and size <= 0:
                raise Refusal(
                    "LC102",
                    where + "Computed output size would be zero or negative. Received: "
                    f"`inputs.shape={pooling_input_str(shape, axes[0] == 2)}`, "
                    f"`pool_size={np_array_str(pool)}`, `strides={strides}`, "
                    f"`padding={self.padding}`.",
                    f"spatial size {shape[axis]} is smaller than pool_size {pool[i]}; use padding='same', a "
                    "smaller pool_size, or a larger input",
                )
        return tuple(out)


def _pool_args(rank: int, default_pool: Any) -> tuple[Arg, ...]:
    return (
        *BASE_ARGS,
        Arg("pool_size", NINTS, default_pool, _tuple_check("pool_size", rank), "window size per spatial axis"),
        Arg("strides", OPT_NINTS, None, _tuple_check("strides", rank, allow_zero=True), "defaults to pool_size"),
        Arg("padding", STR, "valid", None, "valid or same"),
        DATA_FORMAT,
    )


@register
class MaxPooling2D(PoolingND):
    """Max over pool_size windows of (height, width). (Formula: see PoolingND.)"""

    type_name = "MaxPooling2D"
    auto_name = "max_pooling2d"
    ndim = 4
    rank = 2
    args = _pool_args(2, [2, 2])


@register
class MaxPooling3D(PoolingND):
    """Max over pool_size windows of (depth, height, width). (Formula: see PoolingND.)"""

    type_name = "MaxPooling3D"
    auto_name = "max_pooling3d"
    ndim = 5
    rank = 3
    args = _pool_args(3, [2, 2, 2])


@register
class AveragePooling2D(PoolingND):
    """Mean over pool_size windows of (height, width). (Formula: see PoolingND.)"""

    type_name = "AveragePooling2D"
    auto_name = "average_pooling2d"
    ndim = 4
    rank = 2
    args = _pool_args(2, REQUIRED)  # unlike MaxPooling2D, Keras gives it no default


@register
class AveragePooling3D(PoolingND):
    """Mean over pool_size windows of (depth, height, width). (Formula: see PoolingND.)"""

    type_name = "AveragePooling3D"
    auto_name = "average_pooling3d"
    ndim = 5
    rank = 3
    args = _pool_args(3, REQUIRED)


def keras2_check_reduction(layer: Layer, shape: Shape) -> None:
    """tf_keras 2.21's global pooling build refuses a reduced axis of size 0
    (pooling/base_global_pooling{1,2,3}d.py _validate_reduction_axis); Keras 3 does not."""
    if keras_version() != 2:
        return
    axes = range(2, len(shape)) if getattr(layer, "data_format", None) == "channels_first" else range(1, len(shape) - 1)
    for axis in axes:
        if shape[axis] == 0:
            dims = ", ".join("None" if d is None else str(d) for d in shape)
            raise Refusal("LC102", f"Incorrect input shape [{dims}] with dimension 0 at reduction axis {axis}.",
                          "give the pooled axes at least one position")


class GlobalPoolingND(Layer):
    """Reduces every spatial axis: (batch, channels), or with keepdims 1 per spatial axis."""

    positional = ("data_format", "keepdims")
    family: ClassVar[str] = "conv"
    args = (*BASE_ARGS, DATA_FORMAT, Arg("keepdims", BOOL, False))
    keepdims: bool
    data_format: str | None

    def output_shape(self, shape: Shape) -> Shape:
        guard_rank(self, shape)
        keras2_check_reduction(self, shape)
        spatial = len(shape) - 2
        if channels_first(self):
            return (shape[0], shape[1], *(1,) * spatial) if self.keepdims else (shape[0], shape[1])
        return (shape[0], *(1,) * spatial, shape[-1]) if self.keepdims else (shape[0], shape[-1])


@register
class GlobalMaxPooling2D(GlobalPoolingND):
    """Max over height and width. (Formula: see GlobalPoolingND.)"""

    type_name = "GlobalMaxPooling2D"
    auto_name = "global_max_pooling2d"
    ndim = 4


@register
class GlobalMaxPooling3D(GlobalPoolingND):
    """Max over depth, height and width. (Formula: see GlobalPoolingND.)"""

    type_name = "GlobalMaxPooling3D"
    auto_name = "global_max_pooling3d"
    ndim = 5


@register
class GlobalAveragePooling2D(GlobalPoolingND):
    """Mean over height and width. (Formula: see GlobalPoolingND.)"""

    type_name = "GlobalAveragePooling2D"
    auto_name = "global_average_pooling2d"
    ndim = 4


@register
class GlobalAveragePooling3D(GlobalPoolingND):
    """Mean over depth, height and width. (Formula: see GlobalPoolingND.)"""

    type_name = "GlobalAveragePooling3D"
    auto_name = "global_average_pooling3d"
    ndim = 5


# --- up-sampling -----------------------------------------------------------------------------
@register
class UpSampling1D(Layer):
    """Repeats each step `size` times: (b, L, F) -> (b, size x L, F)."""

    positional = ("size",)
    type_name = "UpSampling1D"
    auto_name = "up_sampling1d"
    family: ClassVar[str] = "conv"
    ndim = 3
    args = (*BASE_ARGS, Arg("size", INT, 2, lambda v: None if v > 0 else
                            f"Argument `size` should be a positive integer. Received: size={v}", "repeats per step"))
    size: int

    def output_shape(self, shape: Shape) -> Shape:
        guard_rank(self, shape)
        return (shape[0], None if shape[1] is None else self.size * shape[1], shape[2])


#: the interpolations keras.ops.image.resize accepts (checked when the model runs)
INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")
#: tf_keras 2.21's UpSampling2D: the names of tf.image.ResizeMethod, checked by its
#: constructor (reshaping/up_sampling2d.py __init__, utils/image_utils.py get_interpolation)
KERAS2_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


class UpSamplingND(Layer):
    """Repeats each spatial position size[i] times along spatial axis i."""

    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 2
    size: int | list[int]
    data_format: str | None

    def factors(self) -> tuple[int, ...]:
        return standardize_tuple(self.size, self.rank, "size")[0] or ()

    def output_shape(self, shape: Shape) -> Shape:
        guard_rank(self, shape)
        out = list(shape)
        axes = spatial_axes(self, len(shape))
        if self.rank == 2 and keras_version() == 2 and any(shape[a] is None for a in axes):
            # tf_keras backend.resize_images: a spatial size unknown, the new size is a tensor
            # (tf.shape(x)[rows:cols + 1] * factors), and tf.image.resize knows neither axis
            return tuple(None if i in axes else d for i, d in enumerate(shape))
        for factor, axis in zip(self.factors(), axes, strict=True):
            size = shape[axis]
            out[axis] = None if size is None else factor * size
        return tuple(out)


@register
class UpSampling2D(UpSamplingND):
    """(b, H, W, C) -> (b, size[0] x H, size[1] x W, C); nearest repeats, bilinear interpolates."""

    positional = ("size", "data_format", "interpolation")
    type_name = "UpSampling2D"
    auto_name = "up_sampling2d"
    ndim = 4
    rank = 2
    args = (*BASE_ARGS, Arg("size", NINTS, [2, 2], _tuple_check("size", 2), "factor per spatial axis"),
            DATA_FORMAT, Arg("interpolation", STR, "nearest", None, ", ".join(INTERPOLATIONS)))
    interpolation: str

    def validate(self) -> str | None:
        if keras_version() == 2 and self.interpolation.lower() not in KERAS2_INTERPOLATIONS:
            # image_utils.get_interpolation lowers the name first
            return (f"NotImplementedError: Value not recognized for `interpolation`: "
                    f"{excerpt(self.interpolation.lower())}. "
                    f"Supported values are: dict_keys({list(KERAS2_INTERPOLATIONS)})")
        return None


@register
class UpSampling3D(UpSamplingND):
    """(b, D, H, W, C) -> (b, s0 x D, s1 x H, s2 x W, C), by repetition."""

    positional = ("size", "data_format")
    type_name = "UpSampling3D"
    auto_name = "up_sampling3d"
    ndim = 5
    rank = 3
    args = (*BASE_ARGS, Arg("size", NINTS, [2, 2, 2], _tuple_check("size", 3), "factor per spatial axis"),
            DATA_FORMAT)


# --- zero-padding and cropping ---------------------------------------------------------------
ORDINALS = ("1st", "2nd", "3rd")


def pairs(value: Any, rank: int, what: str, *, int_negative_ok: bool) -> tuple[tuple[tuple[int, int], ...] | None, str | None]:
    """Keras's ZeroPadding2D/3D and Cropping2D/3D reading of `padding`/`cropping`: (pairs, None)
    or (None, Keras's message)."""
    if _is_int(value):
        if value < 0 and not int_negative_ok:
            return None, f"`{what}` cannot be negative. Received: {what}={value}."
        return tuple((value, value) for _ in range(rank)), None
    if len(value) != rank:
        if rank == 2:
            return None, f"`{what}` should have two elements. Received: {what}={quoted(value)}."
        return None, f"`{what}` should have 3 elements. Received: {quoted(value)}."
    out = []
    for i, entry in enumerate(value):
        pair, problem = standardize_tuple(entry, 2, f"{ORDINALS[i]} entry of {what}", allow_zero=True)
        if problem or pair is None:
            return None, problem
        out.append((pair[0], pair[1]))
    return tuple(out), None


def _one_pair(what: str) -> Any:
    def check(v: Any) -> str | None:
        if isinstance(v, list) and not all(_is_int(x) for x in v):
            return f"The `{what}` argument must be a tuple of 2 integers. Received {what}={quoted(v)}"
        return standardize_tuple(v, 2, what, allow_zero=True)[1]
    return check


def pairs_check(rank: int, what: str, int_negative_ok: bool) -> Any:
    def check(v: Any) -> str | None:
        return pairs(v, rank, what, int_negative_ok=int_negative_ok)[1]
    return check


class ZeroPaddingND(Layer):
    """Adds zeros before and after each spatial axis: L -> L + before + after."""

    positional = ("padding", "data_format")
    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 1
    padding: Any
    data_format: str | None

    def amounts(self) -> tuple[tuple[int, int], ...]:
        if self.rank == 1:
            pair = standardize_tuple(self.padding, 2, "padding", allow_zero=True)[0] or (0, 0)
            return ((pair[0], pair[1]),)
        return pairs(self.padding, self.rank, "padding", int_negative_ok=True)[0] or ()

    def output_shape(self, shape: Shape) -> Shape:
        guard_rank(self, shape)
        amounts = self.amounts()
        if keras_version() == 2 and any(p < 0 for pair in amounts for p in pair):
            # tf_keras ZeroPadding2D/3D keep a negative int (reshaping/zero_padding2d.py __init__);
            # tf.pad refuses it when the layer is called
            dims = ",".join("?" if d is None else str(d) for d in shape)
            raise Refusal("LC104", f'Exception encountered when calling layer "{self.label}" (type {self.type_name}). '
                          f"Paddings must be non-negative (tf.pad) with input shapes: [{dims}]",
                          "padding must be 0 or more in tf.keras 2 (Keras 3 crops for a negative int)")
        out = list(shape)
        for (before, after), axis in zip(amounts, spatial_axes(self, len(shape)), strict=True):
            size = shape[axis]
            if size is not None:
                out[axis] = size + before + after
        return tuple(out)


@register
class ZeroPadding1D(ZeroPaddingND):
    """(b, L, F) -> (b, L + left + right, F)."""

    type_name = "ZeroPadding1D"
    auto_name = "zero_padding1d"
    ndim = 3
    rank = 1
    args = (*BASE_ARGS, Arg("padding", PADDING, 1, _one_pair("padding"), "an int, or [left, right]"), DATA_FORMAT)


@register
class ZeroPadding2D(ZeroPaddingND):
    """(b, H, W, C) -> (b, H + top + bottom, W + left + right, C)."""

    type_name = "ZeroPadding2D"
    auto_name = "zero_padding2d"
    ndim = 4
    rank = 2
    args = (*BASE_ARGS, Arg("padding", PADDING, [[1, 1], [1, 1]], pairs_check(2, "padding", True),
                            "an int, [h, w], or [[top, bottom], [left, right]]"), DATA_FORMAT)


@register
class ZeroPadding3D(ZeroPaddingND):
    """(b, D, H, W, C) -> each spatial axis grows by its before + after padding."""

    type_name = "ZeroPadding3D"
    auto_name = "zero_padding3d"
    ndim = 5
    rank = 3
    args = (*BASE_ARGS, Arg("padding", PADDING, [[1, 1], [1, 1], [1, 1]], pairs_check(3, "padding", True),
                            "an int, [d, h, w], or three [before, after] pairs"), DATA_FORMAT)


class CroppingND(Layer):
    """Removes `before` and `after` positions of each spatial axis: L -> L - before - after > 0."""

    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 1
    cropping: Any
    data_format: str | None

    def amounts(self) -> tuple[tuple[int, int], ...]:
        if self.rank == 1:
            pair = standardize_tuple(self.cropping, 2, "cropping", allow_zero=True)[0] or (0, 0)
            return ((pair[0], pair[1]),)
        return pairs(self.cropping, self.rank, "cropping", int_negative_ok=keras_version() == 2)[0] or ()

    def _shown(self) -> str:
        amounts = self.amounts()
        if self.rank == 1:
            return str(amounts[0])
        return "(" + ", ".join(str(p) for p in amounts) + ")"

    def keras2_output_shape(self, shape: Shape) -> Shape:
        """tf_keras 2.21's Cropping call (reshaping/cropping{1,2,3}d.py): Cropping1D and 2D
        refuse `sum(cropping) >= size` for a known size, Cropping3D checks nothing; then each
        axis is sliced `inputs[before:-after]` (`[before:]` for after=0), so the printed shape
        is Python slicing's length (0 when nothing is left; an int cropping may be negative)."""
        out = list(shape)
        for (before, after), axis in zip(self.amounts(), spatial_axes(self, len(shape)), strict=True):
            size = shape[axis]
            if size is None:
                continue
            if self.rank < 3 and before + after >= size:
                lead = "cropping parameter of Cropping layer" if self.rank == 1 else "Argument `cropping`"
                cropping = self.amounts()[0] if self.rank == 1 else self.amounts()
                raise Refusal("LC102", f'Exception encountered when calling layer "{self.label}" (type '
                              f"{self.type_name}). {lead} must be greater than the input shape. Received: "
                              f"inputs.shape={fmt_shape(shape)}, and cropping={cropping}",
                              f"cropping {before} + {after} leaves no positions of the {size} on that axis; "
                              "crop less or feed a larger input")
            out[axis] = len(range(size)[before:-after if after else None])
        return tuple(out)

    def output_shape(self, shape: Shape) -> Shape:
        guard_rank(self, shape)
        if keras_version() == 2:
            return self.keras2_output_shape(shape)
        out = list(shape)
        for (before, after), axis in zip(self.amounts(), spatial_axes(self, len(shape)), strict=True):
            size = shape[axis]
            if size is None:
                continue
            out[axis] = size - before - after
            if size - before - after <= 0:
                where = f"Exception encountered when calling {self.type_name}.call(). "
                if self.rank == 1:
                    message = ("`cropping` parameter of `Cropping1D` layer must be smaller than the input length. "
                               f"Received: input_shape={fmt_shape(shape)}, cropping={self._shown()}")
                else:
                    message = ("Values in `cropping` argument should be smaller than the corresponding spatial "
                               f"dimension of the input. Received: input_shape={fmt_shape(shape)}, "
                               f"cropping={self._shown()}")
                raise Refusal("LC102", where + message,
                              f"cropping {before} + {after} leaves no positions of the {size} on that axis; "
                              "crop less or feed a larger input")
        return tuple(out)


@register
class Cropping1D(CroppingND):
    """(b, L, F) -> (b, L - left - right, F)."""

    positional = ("cropping",)
    type_name = "Cropping1D"
    auto_name = "cropping1d"
    ndim = 3
    rank = 1
    args = (*BASE_ARGS, Arg("cropping", PADDING, [1, 1], _one_pair("cropping"), "an int, or [left, right]"))


@register
class Cropping2D(CroppingND):
    """(b, H, W, C) -> (b, H - top - bottom, W - left - right, C)."""

    positional = ("cropping", "data_format")
    type_name = "Cropping2D"
    auto_name = "cropping2d"
    ndim = 4
    rank = 2
    args = (*BASE_ARGS, Arg("cropping", PADDING, [[0, 0], [0, 0]], pairs_check(2, "cropping", False),
                            "an int, [h, w], or [[top, bottom], [left, right]]"), DATA_FORMAT)


@register
class Cropping3D(CroppingND):
    """(b, D, H, W, C) -> each spatial axis shrinks by its before + after cropping."""

    positional = ("cropping", "data_format")
    type_name = "Cropping3D"
    auto_name = "cropping3d"
    ndim = 5
    rank = 3
    args = (*BASE_ARGS, Arg("cropping", PADDING, [[1, 1], [1, 1], [1, 1]], pairs_check(3, "cropping", False),
                            "an int, [d, h, w], or three [before, after] pairs"), DATA_FORMAT)


# --- spatial dropout -------------------------------------------------------------------------
def _spatial_dropout_args() -> tuple[Arg, ...]:
    # Keras's constructor takes exactly these (no **kwargs): trainable is refused.
    return (Arg("rate", NUMBER, check=in_unit_interval("rate"), doc="fraction of channels dropped"),
            DATA_FORMAT, Arg("seed", OPT_INT, None), BASE_ARGS[0])


@register
class SpatialDropout2D(Layer):
    """Drops whole channels of (b, H, W, C) while training; identity at inference. No weights."""

    positional = ("rate", "data_format", "seed")
    type_name = "SpatialDropout2D"
    auto_name = "spatial_dropout2d"
    ndim = 4
    args = _spatial_dropout_args()
    trainable = True


@register
class SpatialDropout3D(Layer):
    """Drops whole channels of (b, D, H, W, C) while training; identity at inference. No weights."""

    positional = ("rate", "data_format", "seed")
    type_name = "SpatialDropout3D"
    auto_name = "spatial_dropout3d"
    ndim = 5
    args = _spatial_dropout_args()
    trainable = True
