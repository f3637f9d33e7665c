"""1D convolution and pooling (keras/src/layers/convolutional, keras/src/layers/pooling)."""

from __future__ import annotations

from typing import Any, ClassVar

from lstmcalc.layers.args import (
    BASE_ARGS,
    BOOL,
    INT,
    INTS,
    OPT_INTS,
    OPT_STR,
    STR,
    activation,
    constraint,
    initializer,
    one_of,
    regularizer,
)
from lstmcalc.layers.base import (
    REQUIRED,
    Arg,
    Layer,
    Refusal,
    Shape,
    Weight,
    fmt_shape,
    pooling_input_str,
    register,
)
from lstmcalc.safety.text import excerpt, quoted

DATA_FORMAT = Arg("data_format", OPT_STR, None, one_of(None, "channels_last", "channels_first"),
                  "channels_last (batch, steps, channels) or channels_first")


def as_tuple(value: int | list[int] | None) -> tuple[int, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, int) else tuple(value)


def _one_int(what: str, allow_zero: bool = False) -> Any:
    """Keras's standardize_tuple(value, 1, what): one integer, > 0 (or >= 0)."""

    def check(v: int | list[int] | None) -> str | None:
        if v is None:
            return None
        values = as_tuple(v)
        msg = f"The `{what}` argument must be a tuple of 1 integers. Received {what}={quoted(v)}"
        if len(values) != 1:
            return msg
        if values[0] < 0 or (values[0] == 0 and not allow_zero):
            return f"{msg}, including values {{{values[0]}}} that do not satisfy `value {'>= 0' if allow_zero else '> 0'}`"
        return None

    return check


def _padding(allow_causal: bool) -> Any:
    def check(v: str) -> str | None:
        allowed = {"valid", "same", "causal"} if allow_causal else {"valid", "same"}
        if v.lower() not in allowed:
            return f"The `padding` argument must be a list/tuple or one of {sorted(allowed)}. Received: {excerpt(v)}"
        return None
    return check


def _steps_axis(layer: Layer) -> int:
    return 2 if getattr(layer, "data_format", None) == "channels_first" else 1


def _channel_axis(layer: Layer) -> int:
    return 1 if getattr(layer, "data_format", None) == "channels_first" else -1


@register
class Conv1D(Layer):
    """Temporal convolution: `filters` kernels of width `kernel_size` slide over the steps.

    kernel (kernel_size, channels / groups, filters) + bias (filters,):
    params = kernel_size x channels / groups x filters + filters.
    Output steps: valid -> floor((L - dilation x (k - 1) - 1) / strides) + 1;
    same and causal -> ceil(L / strides).
    """

    positional = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation")

    type_name = "Conv1D"
    auto_name = "conv1d"
    family: ClassVar[str] = "conv"
    min_ndim = 3
    args = (
        *BASE_ARGS,
        Arg("filters", INT, check=lambda v: None if v > 0 else
            f"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={v}.",
            doc="number of output channels"),
        Arg("kernel_size", INTS, check=_one_int("kernel_size"), doc="window width in steps"),
        Arg("strides", INTS, 1, _one_int("strides")),
        Arg("padding", STR, "valid", _padding(True), "valid, same or causal"),
        DATA_FORMAT,
        Arg("dilation_rate", INTS, 1, _one_int("dilation_rate")),
        Arg("groups", INT, 1, lambda v: None if v > 0 else
            f"The number of groups must be a positive integer. Received: groups={v}."),
        activation(),
        Arg("use_bias", BOOL, True),
        initializer("kernel_initializer", "glorot_uniform"),
        initializer("bias_initializer", "zeros"),
        regularizer("kernel_regularizer"), regularizer("bias_regularizer"),
        constraint("kernel_constraint"), constraint("bias_constraint"),
    )
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    dilation_rate: int | list[int]
    groups: int
    use_bias: bool
    data_format: str | None

    def output_shape(self, shape: Shape) -> Shape:
        k, s, d = as_tuple(self.kernel_size)[0], as_tuple(self.strides)[0], as_tuple(self.dilation_rate)[0]
        if len(shape) != 3:
            raise Refusal(
                "LC100",
                f"Kernel shape must have the same length as input, but received kernel of shape "
                f"({k}, {shape[_channel_axis(self)]}, {self.filters}) and input of shape {fmt_shape(shape)}.",
                "Conv1D takes (batch, steps, channels); wrap it in TimeDistributed for 4D input",
            )
        steps = shape[_steps_axis(self)]
        out = conv_steps(steps, k, s, d, self.padding.lower())
        if out is not None and out <= 0:
            raise Refusal(
                "LC102",
                f"Computed output size would be zero or negative. Received `inputs shape={fmt_shape(shape)}`, "
                f"`kernel shape=({k}, {shape[-1]}, {self.filters})`, `dilation_rate=[{d}]`, "
                f"`strides=({s},)`, `padding={self.padding.lower()}`.",
                f"{steps} steps are too few for a kernel spanning {d * (k - 1) + 1}; use "
                "padding='same' (or 'causal'), a smaller kernel_size, or longer sequences",
            )
        if self.data_format == "channels_first":
            return (shape[0], self.filters, out)
        return (shape[0], out, self.filters)

    def weights(self, shape: Shape) -> list[Weight]:
        channels = shape[_channel_axis(self)]
        if channels is None:
            raise Refusal("LC101", f"The channel dimension of the inputs to Conv1D should be defined. "
                          f"Found None in input of shape {fmt_shape(shape)}",
                          "the last axis (channels) must have a fixed size")
        if max(as_tuple(self.strides)) > 1 and max(as_tuple(self.dilation_rate)) > 1:
            raise Refusal("LC104", "`strides > 1` not supported in conjunction with `dilation_rate > 1`.")
        if channels % self.groups:
            raise Refusal(
                "LC104",
                f"The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {channels} channels "
                f"(full input shape is {fmt_shape(shape)}).",
            )
        self.output_shape(shape)  # Keras validates the output size while building
        k = as_tuple(self.kernel_size)[0]
        out = [Weight("kernel", (k, channels // self.groups, self.filters))]
        if self.use_bias:
            out.append(Weight("bias", (self.filters,)))
        return out

    def validate(self) -> str | None:
        return check_conv(self)


def conv_steps(steps: int | None, kernel: int, stride: int, dilation: int, padding: str) -> int | None:
    if steps is None:
        return None
    if padding == "valid":
        return (steps - dilation * (kernel - 1) - 1) // stride + 1
    return (steps - 1) // stride + 1


def check_conv(layer: Conv1D) -> str | None:
    if layer.filters % layer.groups:
        return ("The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={layer.groups}, filters={layer.filters}.")
    if max(as_tuple(layer.strides)) > 1 and max(as_tuple(layer.dilation_rate)) > 1:
        return ("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                f"strides={as_tuple(layer.strides)} and dilation_rate={as_tuple(layer.dilation_rate)}")
    return None


class Pooling1D(Layer):
    """Shared logic of MaxPooling1D and AveragePooling1D: no weights.

    Output steps: valid -> floor((L - pool_size) / strides) + 1; same -> ceil(L / strides).
    strides defaults to pool_size.
    """

    positional = ("pool_size", "strides", "padding", "data_format")

    family: ClassVar[str] = "conv"
    ndim = 3
    pool_size: int | list[int]
    strides: int | list[int] | None
    padding: str
    data_format: str | None

    def output_shape(self, shape: Shape) -> Shape:
        pool = as_tuple(self.pool_size)[0]
        stride = as_tuple(self.strides)[0] if self.strides is not None else pool
        if stride == 0:  # Keras accepts it in the constructor, then divides by it in call()
            raise Refusal("LC104", f"In {self.type_name}.call(). integer division or modulo by zero "
                          "(strides=0)", "strides must be at least 1")
        channels_first = self.data_format == "channels_first"
        spatial = shape[2:] if channels_first else shape[1:-1]
        out: list[int | None] = []
        for steps in spatial:
            if steps is None:
                out.append(None)
            elif self.padding == "valid":
                size = (steps - pool) // stride + 1
                if size <= 0:
                    raise Refusal(
                        "LC102",
                        f"In {self.type_name}.call(). Computed output size would be zero or negative. "
                        f"Received: `inputs.shape={pooling_input_str(shape, channels_first)}`, `pool_size=[{pool}]`, "
                        f"`strides=({stride},)`, `padding=valid`.",
                        f"{steps} steps are fewer than pool_size={pool}; use padding='same', a "
                        "smaller pool_size, or longer sequences",
                    )
                out.append(size)
            elif self.padding == "same":
                out.append((steps - 1) // stride + 1)
            else:
                raise Refusal("LC104", "Argument `padding` must be either 'valid' or 'same'. "
                              f"Received: padding={self.padding}")
        if channels_first:
            return (shape[0], shape[1], *out)
        return (shape[0], *out, shape[-1])


def _pool_args(default_pool: Any) -> tuple[Arg, ...]:
    return (
        *BASE_ARGS,
        Arg("pool_size", INTS, default_pool, _one_int("pool_size"), "window width in steps"),
        Arg("strides", OPT_INTS, None, _one_int("strides", allow_zero=True), "defaults to pool_size"),
        Arg("padding", STR, "valid", None, "valid or same"),
        DATA_FORMAT,
    )


@register
class MaxPooling1D(Pooling1D):
    """Max over windows of `pool_size` steps. (Formula: see Pooling1D.)"""

    type_name = "MaxPooling1D"
    auto_name = "max_pooling1d"
    args = _pool_args(2)


@register
class AveragePooling1D(Pooling1D):
    """Mean over windows of `pool_size` steps. (Formula: see Pooling1D.)"""

    type_name = "AveragePooling1D"
    auto_name = "average_pooling1d"
    args = _pool_args(REQUIRED)  # unlike MaxPooling1D, Keras gives it no default


class GlobalPooling1D(Layer):
    """Reduces the steps axis: (batch, channels), or (batch, 1, channels) with keepdims."""

    positional = ("data_format", "keepdims")

    family: ClassVar[str] = "conv"
    ndim = 3
    args = (*BASE_ARGS, DATA_FORMAT, Arg("keepdims", BOOL, False))
    keepdims: bool
    data_format: str | None

    def output_shape(self, shape: Shape) -> Shape:
        from lstmcalc.layers.poolnd import keras2_check_reduction

        keras2_check_reduction(self, shape)
        spatial = len(shape) - 2
        if self.data_format == "channels_first":
            return (shape[0], shape[1], *(1,) * spatial) if self.keepdims else (shape[0], shape[1])
        return (shape[0], *(1,) * spatial, shape[-1]) if self.keepdims else (shape[0], shape[-1])


@register
class GlobalAveragePooling1D(GlobalPooling1D):
    """Mean over all steps. (Formula: see GlobalPooling1D.)"""

    type_name = "GlobalAveragePooling1D"
    auto_name = "global_average_pooling1d"


@register
class GlobalMaxPooling1D(GlobalPooling1D):
    """Max over all steps. (Formula: see GlobalPooling1D.)"""

    type_name = "GlobalMaxPooling1D"
    auto_name = "global_max_pooling1d"
