"""N-D convolutions (keras/src/layers/convolutional/): Conv2D, Conv3D, the transposed,
separable and depthwise convolutions, with Keras's aliases (Convolution2D, ...).

The arithmetic follows keras/src/ops/operation_utils.py `compute_conv_output_shape` and
keras/src/backend/common/backend_utils.py `compute_conv_transpose_output_shape`, axis by
axis; the checks and their messages are those of the base classes' constructors and
`build()` (base_conv.py, base_conv_transpose.py, base_separable_conv.py,
base_depthwise_conv.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    BASE_ARGS,
    BOOL,
    INT,
    STR,
    _is_int,
    activation,
    constraint,
    initializer,
    regularizer,
)
from lstmcalc.layers.base import Arg, Kind, Layer, Refusal, Shape, Weight, fmt_shape, register
from lstmcalc.layers.conv import DATA_FORMAT
from lstmcalc.safety.text import excerpt, quoted

NINTS = Kind(
    "an integer or a list of integers",
    lambda v: _is_int(v) or (isinstance(v, list) and len(v) >= 1 and all(_is_int(x) for x in v)),
    {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]},
)
OPT_NINTS = Kind("an integer, a list of integers, or null", lambda v: v is None or NINTS.test(v),
                 {"oneOf": [*NINTS.schema["oneOf"], {"type": "null"}]})


def _keras_set(values: set[int]) -> str:
    return "{" + ", ".join(str(v) for v in sorted(values)) + "}"


def n_ints(what: str, n: int, allow_zero: bool = False) -> Any:
    """Keras's standardize_tuple(value, n, what): n integers, each > 0 (or >= 0)."""

    def check(v: int | list[int] | None) -> str | None:
        if v is None:
            return None
        values = (v,) * n if isinstance(v, int) else tuple(v)
        msg = f"The `{what}` argument must be a tuple of {n} integers. Received {what}={quoted(v)}"
        if len(values) != n:
            return msg
        bad = {x for x in values if x < 0 or (x == 0 and not allow_zero)}
        if bad:
            return f"{msg}, including values {_keras_set(bad)} that do not satisfy `value {'>= 0' if allow_zero else '> 0'}`"
        return None

    return check


def padding_check(allow_causal: bool = False) -> Any:
    def check(v: str) -> str | None:
        allowed = "{'valid', 'same', 'causal'}" if allow_causal else "{'valid', 'same'}"
        if v.lower() not in ("valid", "same", "causal")[: 3 if allow_causal else 2]:
            return f"The `padding` argument must be a list/tuple or one of {allowed}. Received: {excerpt(v.lower())}"
        return None
    return check


def _strictly_positive(what: str) -> Any:
    def check(v: int) -> str | None:
        if v <= 0:
            return f"Invalid value for argument `{what}`. Expected a strictly positive value. Received {what}={v}."
        return None
    return check


def ntuple(value: int | list[int] | None, n: int) -> tuple[int, ...]:
    if value is None:
        return ()
    return (value,) * n if isinstance(value, int) else tuple(value)


def channels_first(layer: Layer) -> bool:
    return getattr(layer, "data_format", None) == "channels_first"


def split_shape(layer: Layer, shape: Shape) -> tuple[Shape, int | None]:
    """(spatial dims, channels) of a batched input, by the layer's data_format."""
    if channels_first(layer):
        return tuple(shape[2:]), shape[1]
    return tuple(shape[1:-1]), shape[-1]


def join_shape(layer: Layer, batch: int | None, spatial: Shape, channels: int | None) -> Shape:
    if channels_first(layer):
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def _tuple_text(values: tuple[int | None, ...]) -> str:
    return "(" + ", ".join(str(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def _np_text(values: tuple[int, ...]) -> str:
    """How numpy prints an int array: [1 2]."""
    return "[" + " ".join(str(v) for v in values) + "]"


def conv_output_shape(layer: Layer, shape: Shape, filters: int, kernel: tuple[int, ...], *, strides: tuple[int, ...],
                      dilation: tuple[int, ...], padding: str) -> Shape:
    """keras.src.ops.operation_utils.compute_conv_output_shape, with its messages."""
    spatial, channels = split_shape(layer, shape)
    kernel_shape = (*kernel, channels, filters)
    if len(kernel_shape) != len(shape):
        raise Refusal(
            "LC100",
            f"Kernel shape must have the same length as input, but received kernel of shape "
            f"{_tuple_text(kernel_shape)} and input of shape {fmt_shape(shape)}.",
            f"{layer.type_name} takes {len(kernel) + 2}D input (batch, {len(kernel)} spatial axes, channels); "
            "reshape the input or pick the convolution of matching rank",
        )
    out: list[int | None] = []
    for size, k, s, d in zip(spatial, kernel, strides, dilation, strict=True):
        if size is None:
            out.append(None)
        elif padding == "valid":
            out.append((size - d * (k - 1) - 1) // s + 1)
        else:
            out.append((size - 1) // s + 1)
    if padding == "valid" and any(o is not None and o <= 0 for o in out):
        raise Refusal(
            "LC102",
            f"Computed output size would be zero or negative. Received `inputs shape={fmt_shape(shape)}`, "
            f"`kernel shape={_tuple_text(kernel_shape)}`, `dilation_rate={_np_text(dilation)}`, "
            f"`strides={_tuple_text(strides)}`, `padding={padding}`.",
            f"the spatial size {fmt_shape(spatial)} is too small for a kernel spanning "
            f"{_tuple_text(tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True)))}; use "
            "padding='same', a smaller kernel_size, or a larger input",
        )
    return join_shape(layer, shape[0], tuple(out), filters)


def _require_channels(layer: Layer, shape: Shape) -> int:
    _, channels = split_shape(layer, shape)
    if channels is None:
        raise Refusal("LC101", f"The channel dimension of the inputs to {layer.type_name} should be defined. "
                      f"Found None in input of shape {fmt_shape(shape)}",
                      f"the {'second' if channels_first(layer) else 'last'} axis (channels) must have a fixed size")
    return channels


def _common_args(rank: int, *, causal: bool = False) -> tuple[Arg, ...]:
    return (
        Arg("kernel_size", NINTS, check=n_ints("kernel_size", rank),
            doc=f"window size: an integer or {rank} integers"),
        Arg("strides", NINTS, 1, n_ints("strides", rank)),
        Arg("padding", STR, "valid", padding_check(causal), "valid or same" + (" or causal" if causal else "")),
        DATA_FORMAT,
        Arg("dilation_rate", NINTS, 1, n_ints("dilation_rate", rank)),
    )


_FILTERS = Arg("filters", INT, check=_strictly_positive("filters"), doc="number of output channels")
_TAIL = (
    initializer("kernel_initializer", "glorot_uniform"),
    initializer("bias_initializer", "zeros"),
    regularizer("kernel_regularizer"), regularizer("bias_regularizer"),
    constraint("kernel_constraint"), constraint("bias_constraint"),
)


class ConvGeometry(Layer):
    """kernel_size, strides and dilation_rate as tuples of `rank` integers, and Keras's
    InputSpec(min_ndim=rank + 2), shared by every convolution here."""

    rank: ClassVar[int] = 1
    kernel_size: int | list[int]
    strides: int | list[int]
    dilation_rate: int | list[int]

    @property
    def k(self) -> tuple[int, ...]:
        return ntuple(self.kernel_size, self.rank)

    @property
    def s(self) -> tuple[int, ...]:
        return ntuple(self.strides, self.rank)

    @property
    def d(self) -> tuple[int, ...]:
        return ntuple(self.dilation_rate, self.rank)

    def check_input(self, shape: Shape) -> None:
        if len(shape) < self.rank + 2:
            raise Refusal("LC100", self._rank_message(f"min_ndim={self.rank + 2}", shape))


class ConvND(ConvGeometry):
    """Shared logic of Conv2D and Conv3D (Keras's BaseConv).

    kernel (*kernel_size, channels / groups, filters) + bias (filters,):
    params = prod(kernel_size) x channels / groups x filters + filters.
    Each spatial axis: valid -> floor((L - dilation x (k - 1) - 1) / strides) + 1;
    same -> ceil(L / strides).
    """

    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 2
    positional = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation",
                  "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                  "activity_regularizer", "kernel_constraint", "bias_constraint")
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    data_format: str | None
    dilation_rate: int | list[int]
    groups: int
    use_bias: bool

    @classmethod
    def make_args(cls, rank: int) -> tuple[Arg, ...]:
        return (
            *BASE_ARGS, _FILTERS, *_common_args(rank),
            Arg("groups", INT, 1, lambda v: None if v > 0 else
                f"The number of groups must be a positive integer. Received: groups={v}."),
            activation(), Arg("use_bias", BOOL, True), *_TAIL,
        )

    def output_shape(self, shape: Shape) -> Shape:
        batch_rank = len(shape) - self.rank - 1
        if batch_rank > 1 and keras_version() == 2:
            inner = conv_output_shape(self, self.folded(shape), self.filters, self.k, strides=self.s,
                                      dilation=self.d, padding=self.padding.lower())
            return (*shape[:batch_rank], *inner[1:])
        return conv_output_shape(self, shape, self.filters, self.k, strides=self.s, dilation=self.d,
                                 padding=self.padding.lower())

    def folded(self, shape: Shape) -> Shape:
        """tf_keras Conv treats the axes before the last rank + 1 as batch axes
        (convolutional/base_conv.py compute_output_shape: input_shape[:batch_rank];
        tf.nn.convolution folds them), recorded for channels_first and groups too: the input
        as one batch axis. Keras 3 refuses them (conv_output_shape)."""
        batch_rank = len(shape) - self.rank - 1
        if batch_rank > 1 and keras_version() == 2:
            return (shape[0], *shape[batch_rank:])
        return shape

    def weights(self, shape: Shape) -> list[Weight]:
        shape = self.folded(shape)
        channels = _require_channels(self, shape)
        if channels % self.groups:
            raise Refusal(
                "LC104",
                f"The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {channels} channels "
                f"(full input shape is {fmt_shape(shape)}).",
                "make the input channels a multiple of groups",
            )
        self.output_shape(shape)
        out = [Weight("kernel", (*self.k, channels // self.groups, self.filters))]
        if self.use_bias:
            out.append(Weight("bias", (self.filters,)))
        return out

    def validate(self) -> str | None:
        if self.filters % self.groups:
            return ("The number of filters must be evenly divisible by the number of groups. "
                    f"Received: groups={self.groups}, filters={self.filters}.")
        return strides_dilation(self.s, self.d)


def strides_dilation(strides: tuple[int, ...], dilation: tuple[int, ...]) -> str | None:
    if strides and dilation and max(strides) > 1 and max(dilation) > 1:
        return ("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                f"strides={_tuple_text(strides)} and dilation_rate={_tuple_text(dilation)}")
    return None


@register
class Conv2D(ConvND):
    """2D convolution over (rows, cols). (Formula: see ConvND.)"""

    type_name = "Conv2D"
    auto_name = "conv2d"
    rank = 2
    args = ConvND.make_args(2)


@register
class Conv3D(ConvND):
    """3D convolution over (depth, rows, cols). (Formula: see ConvND.)"""

    type_name = "Conv3D"
    auto_name = "conv3d"
    rank = 3
    args = ConvND.make_args(3)


# --- transposed ---------------------------------------------------------------------------------
def transpose_size(size: int | None, k: int, s: int, *, padding: str, output_padding: int | None,
                   d: int) -> int | None:
    """keras.src.backend.common.backend_utils._get_output_shape_given_tf_padding."""
    if size is None:
        return None
    k = (k - 1) * d + 1
    if padding == "valid":
        pad = max(k, s) - k if output_padding is None else output_padding
        return (size - 1) * s + k + pad
    if output_padding is None:
        return size * s
    return (size - 1) * s + k % 2 + output_padding


class ConvTranspose(ConvGeometry):
    """Shared logic of Conv1DTranspose, Conv2DTranspose and Conv3DTranspose.

    kernel (*kernel_size, filters, channels) + bias (filters,):
    params = prod(kernel_size) x filters x channels + filters.
    Each spatial axis, with k' = dilation x (k - 1) + 1: valid -> (L - 1) x strides + k' +
    (output_padding or max(k', strides) - k'); same -> L x strides, or with output_padding
    (L - 1) x strides + k' mod 2 + output_padding.
    """

    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 1
    positional = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate",
                  "activation", "use_bias")
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    output_padding: int | list[int] | None
    data_format: str | None
    dilation_rate: int | list[int]
    use_bias: bool

    @classmethod
    def make_args(cls, rank: int) -> tuple[Arg, ...]:
        return (
            *BASE_ARGS, _FILTERS, *_common_args(rank),
            Arg("output_padding", OPT_NINTS, None, n_ints("output_padding", rank, allow_zero=True),
                "extra size added to one side of each output axis (less than strides)"),
            activation(), Arg("use_bias", BOOL, True), *_TAIL,
        )

    @property
    def op(self) -> tuple[int, ...] | None:
        return None if self.output_padding is None else ntuple(self.output_padding, self.rank)

    def output_shape(self, shape: Shape) -> Shape:
        if len(shape) != self.rank + 2:
            raise Refusal("LC100", f"In {self.type_name}.call(): tuple index out of range (a "
                          f"{self.rank}D transposed convolution on input of shape {fmt_shape(shape)})",
                          f"{self.type_name} takes {self.rank + 2}D input (batch, {self.rank} spatial axes, channels)")
        spatial, _ = split_shape(self, shape)
        op = self.op
        # tf_keras's Conv3DTranspose sizes its output, and runs tf.nn.conv3d_transpose, without
        # the dilation (convolutional/conv3d_transpose.py call: deconv_output_length, no dilation)
        plain = keras_version() == 2 and self.type_name == "Conv3DTranspose"
        out = tuple(transpose_size(size, self.k[i], self.s[i], padding=self.padding.lower(),
                                   output_padding=None if op is None else op[i], d=1 if plain else self.d[i])
                    for i, size in enumerate(spatial))
        return join_shape(self, shape[0], out, self.filters)

    def weights(self, shape: Shape) -> list[Weight]:
        channels = _require_channels(self, shape)
        self.output_shape(shape)
        out = [Weight("kernel", (*self.k, self.filters, channels))]
        if self.use_bias:
            out.append(Weight("bias", (self.filters,)))
        return out

    def validate(self) -> str | None:
        op = self.op
        if op is not None:
            for i, (o, s) in enumerate(zip(op, self.s, strict=True)):
                if o >= s:
                    return ("`output_padding` must be strictly less than `strides` for all dimensions. "
                            f"At dimension {i}, `output_padding` is {o} but `strides` is {s}. "
                            f"Received: output_padding={_tuple_text(op)}, strides={_tuple_text(self.s)}")
        return strides_dilation(self.s, self.d)


@register
class Conv1DTranspose(ConvTranspose):
    """1D transposed convolution (deconvolution). (Formula: see ConvTranspose.)"""

    type_name = "Conv1DTranspose"
    auto_name = "conv1d_transpose"
    rank = 1
    args = ConvTranspose.make_args(1)


@register
class Conv2DTranspose(ConvTranspose):
    """2D transposed convolution. (Formula: see ConvTranspose.)"""

    type_name = "Conv2DTranspose"
    auto_name = "conv2d_transpose"
    rank = 2
    args = ConvTranspose.make_args(2)


@register
class Conv3DTranspose(ConvTranspose):
    """3D transposed convolution. (Formula: see ConvTranspose.)"""

    type_name = "Conv3DTranspose"
    auto_name = "conv3d_transpose"
    rank = 3
    positional = ("filters", "kernel_size", "strides", "padding", "data_format", "output_padding", "dilation_rate",
                  "activation", "use_bias")
    args = ConvTranspose.make_args(3)


# --- separable and depthwise -------------------------------------------------------------------
_DEPTH_MULTIPLIER = Arg("depth_multiplier", INT, 1, _strictly_positive("depth_multiplier"),
                        "output channels per input channel of the depthwise step")


class SeparableConv(ConvGeometry):
    """Shared logic of SeparableConv1D and SeparableConv2D: a depthwise convolution, then a
    1x1 (pointwise) one.

    depthwise_kernel (*kernel_size, channels, depth_multiplier), pointwise_kernel
    (1, ..., channels x depth_multiplier, filters), bias (filters,):
    params = prod(kernel_size) x channels x dm + channels x dm x filters + filters.
    Output spatial size as ConvND.
    """

    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 1
    positional = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
                  "activation", "use_bias")
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    data_format: str | None
    dilation_rate: int | list[int]
    depth_multiplier: int
    use_bias: bool

    @classmethod
    def make_args(cls, rank: int) -> tuple[Arg, ...]:
        return (
            *BASE_ARGS, _FILTERS, *_common_args(rank), _DEPTH_MULTIPLIER,
            activation(), Arg("use_bias", BOOL, True),
            initializer("depthwise_initializer", "glorot_uniform"),
            initializer("pointwise_initializer", "glorot_uniform"),
            initializer("bias_initializer", "zeros"),
            regularizer("depthwise_regularizer"), regularizer("pointwise_regularizer"),
            regularizer("bias_regularizer"),
            constraint("depthwise_constraint"), constraint("pointwise_constraint"), constraint("bias_constraint"),
        )


    def output_shape(self, shape: Shape) -> Shape:
        return conv_output_shape(self, shape, self.filters, self.k, strides=self.s, dilation=self.d,
                                 padding=self.padding.lower())

    def weights(self, shape: Shape) -> list[Weight]:
        channels = _require_channels(self, shape)
        self.output_shape(shape)
        dm = self.depth_multiplier
        out = [Weight("depthwise_kernel", (*self.k, channels, dm)),
               Weight("pointwise_kernel", (*(1,) * self.rank, dm * channels, self.filters))]
        if self.use_bias:
            out.append(Weight("bias", (self.filters,)))
        return out


@register
class SeparableConv1D(SeparableConv):
    """Depthwise-separable 1D convolution. (Formula: see SeparableConv.)"""

    type_name = "SeparableConv1D"
    auto_name = "separable_conv1d"
    rank = 1
    args = SeparableConv.make_args(1)


@register
class SeparableConv2D(SeparableConv):
    """Depthwise-separable 2D convolution. (Formula: see SeparableConv.)"""

    type_name = "SeparableConv2D"
    auto_name = "separable_conv2d"
    rank = 2
    args = SeparableConv.make_args(2)


class DepthwiseConv(ConvGeometry):
    """Shared logic of DepthwiseConv1D and DepthwiseConv2D: each input channel convolved
    with its own depth_multiplier kernels.

    kernel (*kernel_size, channels, depth_multiplier), bias (channels x depth_multiplier,):
    params = prod(kernel_size) x channels x dm + channels x dm.
    Output channels = channels x depth_multiplier; spatial size as ConvND.
    """

    family: ClassVar[str] = "conv"
    rank: ClassVar[int] = 1
    positional = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate",
                  "activation", "use_bias")
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    data_format: str | None
    dilation_rate: int | list[int]
    depth_multiplier: int
    use_bias: bool

    @classmethod
    def make_args(cls, rank: int) -> tuple[Arg, ...]:
        return (
            *BASE_ARGS, *_common_args(rank), _DEPTH_MULTIPLIER,
            activation(), Arg("use_bias", BOOL, True),
            initializer("depthwise_initializer", "glorot_uniform"),
            initializer("bias_initializer", "zeros"),
            regularizer("depthwise_regularizer"), regularizer("bias_regularizer"),
            constraint("depthwise_constraint"), constraint("bias_constraint"),
        )


    def output_shape(self, shape: Shape) -> Shape:
        _, channels = split_shape(self, shape)
        filters = None if channels is None else channels * self.depth_multiplier
        return conv_output_shape(self, shape, filters, self.k, strides=self.s,  # type: ignore[arg-type]
                                 dilation=self.d, padding=self.padding.lower())

    def weights(self, shape: Shape) -> list[Weight]:
        self.output_shape(shape)
        channels = _require_channels(self, shape)
        dm = self.depth_multiplier
        # tf_keras's DepthwiseConv names it depthwise_kernel (convolutional/depthwise_conv2d.py build)
        out = [Weight("depthwise_kernel" if keras_version() == 2 else "kernel", (*self.k, channels, dm))]
        if self.use_bias:
            out.append(Weight("bias", (dm * channels,)))
        return out



@register
class DepthwiseConv1D(DepthwiseConv):
    """Depthwise 1D convolution. (Formula: see DepthwiseConv.)"""

    type_name = "DepthwiseConv1D"
    auto_name = "depthwise_conv1d"
    rank = 1
    args = DepthwiseConv.make_args(1)


@register
class DepthwiseConv2D(DepthwiseConv):
    """Depthwise 2D convolution. (Formula: see DepthwiseConv.)"""

    type_name = "DepthwiseConv2D"
    auto_name = "depthwise_conv2d"
    rank = 2
    args = DepthwiseConv.make_args(2)
