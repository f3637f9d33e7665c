"""Core layers: Input, Dense, Embedding, Activation, dropout, masking and reshaping."""

from __future__ import annotations

from typing import Any, ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    ANY,
    BASE_ARGS,
    BOOL,
    INT,
    NUMBER,
    OPT_INT,
    OPT_SHAPE,
    OPT_STR,
    SHAPE,
    activation,
    constraint,
    in_unit_interval,
    initializer,
    one_of,
    regularizer,
    with_schema,
)
from lstmcalc.layers.base import (
    REQUIRED,
    Arg,
    Layer,
    Refusal,
    Shape,
    Weight,
    checked_prod,
    fmt_shape,
    register,
    require_defined,
)
from lstmcalc.safety.text import quoted


def _lora_rank(v: int) -> str | None:
    # Keras enables LoRA for any truthy rank and builds factors of shape (input_dim, rank).
    if v < 0:
        return (f"Cannot convert a shape with lora_rank={v} to a shape. Negative dimensions are not allowed. "
                "(Keras builds the LoRA factors with shape (input_dim, lora_rank))")
    return None


def _no_negative_dims(v: list[int | None]) -> str | None:
    if any(d is not None and d < 0 for d in v):
        return f"Cannot convert '{quoted(tuple(v))}' to a shape. Negative dimensions are not allowed."
    return None


@register
class Input(Layer):
    """The model's input: `shape` is per sample; the batch axis (None unless fixed) is added.

    Output shape: (batch_size, *shape). No weights.
    """

    positional = ("shape", "batch_size", "dtype")

    type_name = "Input"
    auto_name = "input_layer"
    keras_class: ClassVar[str] = "InputLayer"
    args = (
        Arg("shape", OPT_SHAPE, None, _no_negative_dims, "per-sample shape; null marks a variable size"),
        Arg("batch_size", OPT_INT, None, None, "fixed batch size"),
        Arg("batch_shape", OPT_SHAPE, None, _no_negative_dims, "full shape including the batch"),
        Arg("dtype", OPT_STR, None, None, "input dtype (does not change any parameter)"),
        Arg("sparse", ANY, None), Arg("ragged", ANY, None), Arg("optional", BOOL, False),
    )
    shape: list[int | None] | None
    batch_size: int | None
    batch_shape: list[int | None] | None

    def input_shape(self) -> Shape:
        if self.batch_shape is not None:
            return tuple(self.batch_shape)
        return (self.batch_size, *(self.shape or ()))

    def validate(self) -> str | None:
        return check_input_args(self)


def check_input_args(layer: Input) -> str | None:
    if layer.shape is not None and layer.batch_shape is not None:
        return "You cannot pass both `shape` and `batch_shape` at the same time."
    if layer.shape is None and layer.batch_shape is None:
        return "You must pass a `shape` argument."
    return None


def _dense_units_check(v: int) -> str | None:
    """Dense.__init__'s own wording (the recurrent layers say it differently)."""
    # tf_keras's Dense refuses only units < 0 (core/dense.py __init__): units=0 builds
    if v < 0 or (v == 0 and keras_version() == 3):
        return f"Received an invalid value for `units`, expected a positive integer. Received: units={v}"
    return None


_dense_units = with_schema(_dense_units_check, {"minimum": 1})


@register
class Dense(Layer):
    """Fully connected layer on the last axis; any rank >= 2.

    kernel (input_dim, units) + bias (units,): params = input_dim x units + units.
    Output shape: input shape with the last axis replaced by `units`.
    """

    positional = ("units", "activation", "use_bias")

    type_name = "Dense"
    auto_name = "dense"
    min_ndim = 2
    args = (
        *BASE_ARGS,
        Arg("units", INT, check=_dense_units, doc="output size"),
        activation(),
        Arg("use_bias", BOOL, True),
        initializer("kernel_initializer", "glorot_uniform"),
        initializer("bias_initializer", "zeros"),
        regularizer("kernel_regularizer"), regularizer("bias_regularizer"),
        constraint("kernel_constraint"), constraint("bias_constraint"),
        Arg("lora_rank", OPT_INT, None, _lora_rank), Arg("lora_alpha", ANY, None),
        Arg("quantization_config", ANY, None),
    )
    units: int
    use_bias: bool
    lora_rank: int | None

    def output_shape(self, shape: Shape) -> Shape:
        return (*shape[:-1], self.units)

    def weights(self, shape: Shape) -> list[Weight]:
        (n_in, n_out) = require_defined(self, (shape[-1], self.units), "kernel")
        out = [Weight("kernel", (n_in, n_out), trainable=not self.lora_rank)]
        if self.use_bias:
            out.append(Weight("bias", (n_out,)))
        if self.lora_rank:  # Keras keeps LoRA factors in float32 whatever the layer's dtype
            out += [Weight("lora_kernel_a", (n_in, self.lora_rank), itemsize=4),
                    Weight("lora_kernel_b", (self.lora_rank, n_out), itemsize=4)]
        return out


def _embedding_dim(what: str) -> Any:
    def check(v: int) -> str | None:
        if v <= 0:
            return f"`{what}` must be a positive integer. Received: {what}={v} (of type int)."
        return None
    return check


@register
class Embedding(Layer):
    """Lookup table: integer ids of any shape -> vectors of `output_dim`.

    embeddings (input_dim, output_dim): params = input_dim x output_dim.
    Output shape: (*input_shape, output_dim).
    """

    positional = ("input_dim", "output_dim")

    type_name = "Embedding"
    auto_name = "embedding"
    args = (
        *BASE_ARGS,
        Arg("input_dim", INT, check=_embedding_dim("input_dim"), doc="vocabulary size"),
        Arg("output_dim", INT, check=_embedding_dim("output_dim"), doc="vector size"),
        initializer("embeddings_initializer", "uniform"),
        regularizer("embeddings_regularizer"), constraint("embeddings_constraint"),
        Arg("mask_zero", BOOL, False, None, "id 0 is padding: downstream layers skip it"),
        Arg("weights", ANY, None), Arg("lora_rank", OPT_INT, None, _lora_rank), Arg("lora_alpha", ANY, None),
        Arg("quantization_config", ANY, None),
        Arg("input_length", OPT_INT, None, None, "Keras 2 only; ignored by Keras 3"),
    )
    input_dim: int
    output_dim: int
    lora_rank: int | None

    @property
    def autocasts(self) -> bool:
        return False  # Keras sets autocast=False on Embedding: ids are never cast

    def output_shape(self, shape: Shape) -> Shape:
        return (*shape, self.output_dim)

    def weights(self, shape: Shape) -> list[Weight]:
        table = (self.input_dim, self.output_dim)
        out = [Weight("embeddings", table, trainable=not self.lora_rank)]
        if self.lora_rank:  # Keras keeps LoRA factors in float32 whatever the layer's dtype
            out += [Weight("lora_embeddings_a", (self.input_dim, self.lora_rank), itemsize=4),
                    Weight("lora_embeddings_b", (self.lora_rank, self.output_dim), itemsize=4)]
        return out


@register
class Dropout(Layer):
    """Zeroes a fraction `rate` of inputs while training. Same shape out, no weights."""

    positional = ("rate", "noise_shape", "seed")

    type_name = "Dropout"
    auto_name = "dropout"
    args = (*BASE_ARGS, Arg("rate", NUMBER, check=in_unit_interval("rate"), doc="fraction dropped"),
            Arg("noise_shape", OPT_SHAPE, None), Arg("seed", OPT_INT, None))


@register
class SpatialDropout1D(Layer):
    """Drops whole feature channels across all timesteps. Needs 3D input; no weights."""

    positional = ("rate", "seed")

    type_name = "SpatialDropout1D"
    auto_name = "spatial_dropout1d"
    ndim = 3
    # Keras's constructor takes exactly these (no **kwargs): trainable is refused.
    args = (Arg("rate", NUMBER, check=in_unit_interval("rate"), doc="fraction of channels dropped"),
            Arg("seed", OPT_INT, None), BASE_ARGS[0])
    trainable = True


@register
class Activation(Layer):
    """Applies an activation function element-wise. Same shape out, no weights."""

    positional = ("activation",)

    type_name = "Activation"
    auto_name = "activation"
    args = (*BASE_ARGS, activation(default=REQUIRED))


@register
class Masking(Layer):
    """Marks timesteps whose features all equal `mask_value` as padding. Same shape out."""

    positional = ("mask_value",)

    type_name = "Masking"
    auto_name = "masking"
    args = (*BASE_ARGS, Arg("mask_value", NUMBER, 0.0))


@register
class Flatten(Layer):
    """Flattens all non-batch axes into one: (batch, prod(rest)); None if any axis is None."""

    positional = ("data_format",)

    type_name = "Flatten"
    auto_name = "flatten"
    min_ndim = 1
    args = (*BASE_ARGS, Arg("data_format", OPT_STR, None, one_of(None, "channels_last", "channels_first")))

    def output_shape(self, shape: Shape) -> Shape:
        rest = shape[1:]
        if not rest:
            return (shape[0], 1)
        if any(d is None for d in rest):
            return (shape[0], None)
        return (shape[0], checked_prod((d for d in rest if d is not None), f"{self.label} flattens "
                                       f"{len(rest)} axes into one whose size"))


@register
class RepeatVector(Layer):
    """Repeats a (batch, features) vector n times: (batch, n, features). Needs 2D input."""

    positional = ("n",)

    type_name = "RepeatVector"
    auto_name = "repeat_vector"
    ndim = 2
    # tf_keras's RepeatVector checks only that n is an int (reshaping/repeat_vector.py):
    # n=0 builds 0 steps; a negative n fails in tf.tile
    args = (*BASE_ARGS, Arg("n", INT, check=lambda v: None if v > 0 or (v == 0 and keras_version() == 2) else
                            f"Expected `n` to be a positive integer. Received: n={v}",
                            doc="number of repetitions"))
    n: int

    def output_shape(self, shape: Shape) -> Shape:
        return (shape[0], self.n, shape[1]) if len(shape) >= 2 else (shape[0], self.n)


def _check_target_shape(v: list[int | None]) -> str | None:
    if any(d is None for d in v):
        return "`target_shape` entries must be integers (use -1 for one unknown dimension)."
    if sum(1 for d in v if d == -1) > 1:
        return f"There must be at most one unknown dimension (-1) in target_shape. Received: target_shape={quoted(tuple(v))}."
    if any(d is not None and d < -1 for d in v):
        return f"Invalid dimension in target_shape: {quoted(tuple(v))}; sizes must be positive, or -1 once."
    return None


@register
class Reshape(Layer):
    """Reshapes the non-batch axes to `target_shape`; one entry may be -1 (inferred).

    The element count per sample must stay the same; with an unknown input axis the -1
    stays unknown (None).
    """

    positional = ("target_shape",)

    type_name = "Reshape"
    auto_name = "reshape"
    args = (*BASE_ARGS, Arg("target_shape", SHAPE, check=_check_target_shape, doc="new per-sample shape"))
    target_shape: list[int]

    def _keras2_divisible(self, shape: Shape, target: tuple[int, ...]) -> None:
        """tf.keras 2 reshapes to (batch, *target_shape) in the graph: with a known batch, the
        known part of the input must divide the output's size (TensorFlow's shape inference)."""
        known = checked_prod((d for d in shape if d is not None), f"{self.label}'s input size")
        total = checked_prod((shape[0] or 1, *target), f"{self.label}'s target size")
        if known and total % known:
            raise Refusal("LC103", f'Exception encountered when calling layer "{self.label}" (type Reshape). '
                          f"Dimension size must be evenly divisible by {known} but is {total}",
                          f"the input's known axes hold {known:,} values, which do not divide the {total:,} of "
                          f"{fmt_shape(target)} for a batch of {shape[0]}")

    def output_shape(self, shape: Shape) -> Shape:
        if not shape:
            raise Refusal(
                "LC100",
                f"{self.label} reshapes the axes after the batch axis, but receives a scalar of shape () "
                "with no batch axis (Keras: tuple index out of range)",
                "give the Input a batch axis: use `shape:` (per sample) rather than an empty `batch_shape`",
            )
        rest, target = shape[1:], tuple(self.target_shape)
        if None in rest:
            if shape[0] is not None and -1 not in target and keras_version() == 2:
                self._keras2_divisible(shape, target)
            return (shape[0], *(None if d == -1 else d for d in target))
        size = checked_prod((d for d in rest if d is not None), f"{self.label}'s input size per sample")
        wanted = checked_prod((d for d in target if d != -1), f"{self.label}'s target_shape size")
        if -1 not in target:
            if size != wanted:
                raise Refusal(
                    "LC103",
                    f"The total size of the tensor must be unchanged. Received: "
                    f"input_shape={fmt_shape(rest)}, target_shape={fmt_shape(target)}",
                    f"the input holds {size:,} values per sample but target_shape "
                    f"{fmt_shape(target)} holds {wanted:,}; use -1 for one axis to infer it",
                )
            return (shape[0], *target)
        known = wanted
        if known == 0 or size % known:
            raise Refusal(
                "LC103",
                "The total size of the tensor must be unchanged, however, the input size "
                "cannot by divided by the specified dimensions in target_shape. Received: "
                f"input_shape={fmt_shape(rest)}, target_shape={fmt_shape(target)}",
                f"{size:,} values per sample do not divide into {known:,}",
            )
        return (shape[0], *(size // known if d == -1 else d for d in target))


def _check_dims(v: list[int | None]) -> str | None:
    if sorted(d if d is not None else -1 for d in v) != list(range(1, len(v) + 1)):
        return ("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be "
                f"consecutive and start from 1. Received dims={quoted(tuple(v))}")
    return None


@register
class Permute(Layer):
    """Reorders the non-batch axes: `dims` is a 1-based permutation, e.g. (2, 1) swaps steps
    and features. Needs input of rank len(dims) + 1. Output: (batch, *(input[d] for d in dims))."""

    positional = ("dims",)

    type_name = "Permute"
    auto_name = "permute"
    args = (*BASE_ARGS, Arg("dims", SHAPE, check=_check_dims, doc="1-based permutation of the non-batch axes"))
    dims: list[int]

    def check_input(self, shape: Shape) -> None:
        if len(shape) != len(self.dims) + 1:
            raise Refusal("LC100", self._rank_message(f"ndim={len(self.dims) + 1}", shape))

    def output_shape(self, shape: Shape) -> Shape:
        return (shape[0], *(shape[d] for d in self.dims))


@register
class Identity(Layer):
    """Returns its input unchanged. Same shape out, no weights."""

    type_name = "Identity"
    auto_name = "identity"
    args = BASE_ARGS
