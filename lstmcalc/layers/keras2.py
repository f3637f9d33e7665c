"""Where tf.keras 2 (tf_keras 2.21) takes other arguments and layers than Keras 3.15.

Recorded from tf_keras 2.21 by constructing every registered layer with each of lstmcalc's
arguments (tools/keras_oracle/keras2_arguments.py; tests/fixtures/keras2_arguments.json):
an argument Keras 2 does not know raises `TypeError: ('Keyword argument not understood:',
NAME)`. The layer classes only Keras 2 has (CuDNNLSTM, CuDNNGRU) are registered here too,
available under `--keras 2` only.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

from lstmcalc.layers.args import (
    AXIS,
    BASE_ARGS,
    BOOL,
    INT,
    INTS,
    NUMBER,
    OPT_INT,
    OPT_STR,
    STR,
    activation,
    constraint,
    initializer,
    one_of,
    positive,
    regularizer,
)
from lstmcalc.layers.base import Arg, Layer, Refusal, Weight, fmt_shape, register
from lstmcalc.layers.recurrent import RNN

#: Constructor arguments of lstmcalc's layers that tf_keras 2.21 refuses (Keras 3 added them).
KERAS3_ONLY_ARGS: dict[str, frozenset[str]] = {
    "ConvLSTM1D": frozenset({"seed"}), "ConvLSTM2D": frozenset({"seed"}), "ConvLSTM3D": frozenset({"seed"}),
    "SimpleRNN": frozenset({"seed"}),
    "LSTM": frozenset({"use_cudnn"}), "GRU": frozenset({"use_cudnn"}),
    "Dense": frozenset({"lora_rank", "lora_alpha", "quantization_config"}),
    "Embedding": frozenset({"lora_rank", "lora_alpha", "quantization_config"}),
    "LayerNormalization": frozenset({"rms_scaling"}),
    "LeakyReLU": frozenset({"negative_slope"}),
    "MultiHeadAttention": frozenset({"sliding_window", "flash_attention", "use_gate", "seed"}),
    "ZeroPadding1D": frozenset({"data_format"}),
}

#: The layers whose tf.keras 2 constructor takes `input_length` (RNN.__init__ turns it and
#: input_dim into input_shape); any other layer's raises TypeError (Embedding has its own).
KERAS2_INPUT_LENGTH = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"})

_TIME_MAJOR = Arg("time_major", BOOL, False, None, "tf.keras 2: inputs and outputs are (timesteps, batch, ...)")

#: Arguments only tf.keras 2 takes (Keras 3 removed them), by layer class.
KERAS2_ONLY_ARGS: dict[str, tuple[Arg, ...]] = {
    **dict.fromkeys(("LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"), (_TIME_MAJOR,)),
    "Softmax": (Arg("robust_masking", BOOL, False),),
    "MultiHeadAttention": (Arg("softmax_robust_masking", BOOL, False),),
    "BatchNormalization": (Arg("fused", BOOL, None), Arg("virtual_batch_size", OPT_INT, None)),
    # tf_keras SpatialDropout1D/2D/3D pass **kwargs to Dropout and the base Layer, which takes
    # trainable, autocast and activity_regularizer (regularization/spatial_dropout2d.py);
    # Keras 3's constructors name their arguments and refuse the rest
    **dict.fromkeys(("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"), BASE_ARGS[1:]),
}

#: Arguments tf.keras 2 takes in another form: BatchNormalization's axis may be a list (its
#: configs write `"axis": [2]`).
KERAS2_ARG_KINDS: dict[str, dict[str, Arg]] = {
    "BatchNormalization": {"axis": Arg("axis", AXIS, -1, None, "the feature axis (tf.keras 2: or a list of axes)")},
}

#: Value checks Keras 3's constructor makes that tf_keras 2.21's does not: it stores the value
#: (tf_keras/src/layers/regularization/gaussian_noise.py, gaussian_dropout.py,
#: alpha_dropout.py and activity_regularization.py __init__; attention/multi_head_attention.py
#: __init__ keeps num_heads and `value_dim if value_dim else key_dim`).
KERAS2_UNCHECKED: dict[str, frozenset[str]] = {
    "GaussianNoise": frozenset({"stddev"}), "GaussianDropout": frozenset({"rate"}),
    "AlphaDropout": frozenset({"rate"}), "ActivityRegularization": frozenset({"l1", "l2"}),
    "MultiHeadAttention": frozenset({"num_heads", "value_dim"}),
    # convolutional/base_depthwise_conv.py __init__ stores depth_multiplier (0 builds 0 channels)
    "DepthwiseConv1D": frozenset({"depth_multiplier"}), "DepthwiseConv2D": frozenset({"depth_multiplier"}),
}

#: Layers whose tf.keras 2 class derives from its base Conv, whose _validate_init refuses
#: strides > 1 with dilation_rate > 1 (tf_keras/src/layers/convolutional/base_conv.py).
KERAS2_CONV_CLASSES = frozenset({"SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D"})

#: Defaults tf.keras 2 sets otherwise (`run` uses them; a default where Keras 3 requires the argument).
KERAS2_DEFAULTS: dict[str, dict[str, object]] = {
    "ConvLSTM1D": {"recurrent_activation": "hard_sigmoid"},
    "ConvLSTM2D": {"recurrent_activation": "hard_sigmoid"},
    "ConvLSTM3D": {"recurrent_activation": "hard_sigmoid"},
    "LeakyReLU": {"alpha": 0.3},
    # tf_keras's average pooling has MaxPooling's default window (pooling/average_pooling*.py);
    # Keras 3 requires it
    "AveragePooling1D": {"pool_size": 2}, "AveragePooling2D": {"pool_size": [2, 2]},
    "AveragePooling3D": {"pool_size": [2, 2, 2]},
}


@cache
def _late_kinds() -> dict[str, dict[str, Arg]]:
    """The arguments tf.keras 2 reads otherwise, from the layer modules (imported late: they
    import this one)."""
    from lstmcalc.layers.convnd import padding_check
    from lstmcalc.layers.poolnd import PADDING, pairs_check

    cropping = "an int (tf.keras 2: may be negative; Python slicing then), or pairs"
    return {
        # tf_keras Cropping2D/3D take an int as it is (only the pairs' entries pass
        # conv_utils.normalize_tuple, which refuses negatives): reshaping/cropping2d.py __init__
        "Cropping2D": {"cropping": Arg("cropping", PADDING, [[0, 0], [0, 0]], pairs_check(2, "cropping", True),
                                       cropping)},
        "Cropping3D": {"cropping": Arg("cropping", PADDING, [[1, 1], [1, 1], [1, 1]],
                                       pairs_check(3, "cropping", True), cropping)},
        # tf_keras SeparableConv1D pads causally (convolutional/separable_conv1d.py call)
        "SeparableConv1D": {"padding": Arg("padding", STR, "valid", padding_check(True), "valid, same or causal")},
    }


def keras2_args(cls: type[Layer]) -> tuple[Arg, ...]:
    """CLS's constructor arguments as tf.keras 2 takes them."""
    dropped = KERAS3_ONLY_ARGS.get(cls.type_name, frozenset())
    defaults = KERAS2_DEFAULTS.get(cls.type_name, {})
    kinds = {**_late_kinds().get(cls.type_name, {}), **KERAS2_ARG_KINDS.get(cls.type_name, {})}
    unchecked = KERAS2_UNCHECKED.get(cls.type_name, frozenset())
    kept = tuple(kinds.get(a.name, a)._replace(default=defaults.get(a.name, a.default),
                                               check=None if a.name in unchecked else kinds.get(a.name, a).check)
                 for a in cls.args if a.name not in dropped)
    return (*kept, *KERAS2_ONLY_ARGS.get(cls.type_name, ()))


def keras2_complaint(layer: Layer) -> str | None:
    """What lstmcalc cannot answer for tf.keras 2 exactly, said instead of a guess."""
    axis = layer.__dict__.get("axis") if layer.type_name == "BatchNormalization" else None
    if isinstance(axis, list):
        if len(axis) != 1:
            return (f"axis={axis}: lstmcalc models tf.keras 2's BatchNormalization over one axis, not "
                    f"{len(axis)}; give one axis")
        layer.__dict__["axis"] = axis[0]  # what tf.keras 2 normalises over: the same weights as axis=N
    if "Pool" in layer.type_name and isinstance(layer.__dict__.get("padding"), str):
        # tf_keras pooling reads padding through conv_utils.normalize_padding, which lowers it
        layer.__dict__["padding"] = layer.__dict__["padding"].lower()
    if layer.type_name in KERAS2_CONV_CLASSES:
        strides, dilation = tuple(getattr(layer, "s", ())), tuple(getattr(layer, "d", ()))
        if strides and dilation and max(strides) > 1 and max(dilation) > 1:
            return (f"ValueError: `strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                    f"Received: strides={_py_tuple(strides)} and dilation_rate={_py_tuple(dilation)}")
    if layer.type_name == "Conv2DTranspose":
        dilation = tuple(getattr(layer, "d", ()))
        if len(set(dilation)) > 1:  # backend.conv2d_transpose, when the layer is called
            return ("Expected the 2 dimensions of the `dilation_rate` argument to be equal to each other. "
                    f"Received: dilation_rate={_py_tuple(dilation)}")
    return None


def _value_shape(value: object) -> tuple[int, ...] | None:
    """numpy's shape of a nested list of numbers, or None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return ()
    if isinstance(value, list):
        inner = {_value_shape(v) for v in value} if value else {()}
        if len(inner) != 1 or None in inner:
            return None
        return (len(value), *next(iter(inner)))  # type: ignore[misc]
    return None


def check_initial_weights(layer: Layer, weights: tuple[Weight, ...]) -> None:
    """tf.keras 2 sets a layer's `weights=[...]` once it is built (Layer.set_weights) and
    raises for a list of another length or an array of another shape."""
    given = layer.initial_weights
    assert isinstance(given, list)
    if len(given) != len(weights):
        raise Refusal("LC015", f'You called `set_weights(weights)` on layer "{layer.label}" with a weight list of '
                      f"length {len(given)}, but the layer was expecting {len(weights)} weights.",
                      f"give {len(weights)} arrays: {', '.join(f'{w.name} {fmt_shape(w.shape)}' for w in weights)}")
    for value, weight in zip(given, weights, strict=True):
        shape = _value_shape(value)
        if shape is not None and shape != tuple(weight.shape):
            raise Refusal("LC015", f"Layer {layer.label} weight shape {tuple(weight.shape)} is not compatible with "
                          f"provided weight shape {shape}.", f"give {weight.name} an array of shape "
                          f"{fmt_shape(weight.shape)}")


def _py_tuple(values: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


#: Layers whose tf.keras 2 class neither supports masking nor computes a mask of its own
#: (recorded from tf_keras 2.21: supports_masking False and Layer.compute_mask not overridden)
KERAS2_NO_MASK = frozenset({
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "Conv1D", "Conv1DTranspose", "Conv2D",
    "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "Cropping1D", "Cropping2D", "Cropping3D", "DepthwiseConv1D",
    "DepthwiseConv2D", "Flatten", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D",
    "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Identity", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
    "Normalization", "Permute", "RepeatVector", "Reshape", "SeparableConv1D", "SeparableConv2D", "UpSampling1D",
    "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "LocallyConnected1D",
})


def check_time_distributed_mask(layer: Layer) -> None:
    """tf.keras 2's TimeDistributed.compute_mask hands a mask that reaches it to its layer's
    compute_mask, which raises for a layer without mask support (a built-in layer is always
    reshaped this way)."""
    inner = layer.__dict__.get("layer")
    if inner is not None and inner.type_name in KERAS2_NO_MASK:
        raise Refusal("LC104", f"Layer {inner.label} does not support masking, but was passed an input_mask "
                      f"(tf.keras 2's TimeDistributed passes the mask reaching {layer.label} to its layer)",
                      "drop the mask before this TimeDistributed (mask_zero=False, or no Masking layer), or wrap "
                      "a layer that supports masking")


def _broadcast_error(mask: tuple[int | None, ...], shape: tuple[int | None, ...], *, to: bool) -> tuple[int, int] | None:
    """The first pair of sizes (input's, mask's) TensorFlow cannot broadcast, aligning the
    trailing axes; TO: tf.broadcast_to (the mask must become the input's shape)."""
    for m, d in zip(reversed(mask), reversed(shape), strict=False):
        if m is None or d is None or m in (d, 1) or (d == 1 and not to):
            continue
        return (d, m)
    return None


def check_mask_broadcast(layer: Layer, shape: tuple[int | None, ...], mask: tuple[int | None, ...]) -> None:
    """tf.keras 2 applies a mask reaching Softmax (`inputs += (1 - mask) * -1e9`) and
    GroupNormalization (tf.broadcast_to(mask, inputs' shape)) while the model is built: a
    mask that does not broadcast to the input is refused there (Keras 3 fails only in predict)."""
    kind = layer.type_name
    if kind not in ("Softmax", "GroupNormalization"):
        return
    bad = _broadcast_error(mask, shape, to=kind == "GroupNormalization")
    if bad is not None:
        raise Refusal("LC104", _called(layer, f"Dimensions must be equal, but are {bad[0]} and {bad[1]} (the mask "
                                              f"{fmt_shape(mask)} against the input {fmt_shape(shape)})"),
                      "drop the mask before this layer (its mask covers the timesteps, not the features), or "
                      "answer as Keras 3 (no --keras 2)")


def not_understood(name: str) -> str:
    """tf.keras 2's words for a keyword argument it does not know."""
    return f"TypeError: ('Keyword argument not understood:', {name!r})"


class _CuDNN(RNN):
    """tf.keras 2's cuDNN-only recurrent layers: no activation choice, no dropout, and both
    an input and a recurrent bias (Keras 3 removed them; keras.layers.LSTM/GRU use cuDNN
    by themselves)."""

    keras_versions: ClassVar[tuple[int, ...]] = (2,)

    def bias_shape(self) -> tuple[int, ...]:
        return (2 * self.gates * self.units,)


_CUDNN_TAIL: tuple[Arg, ...] = (
    initializer("kernel_initializer", "glorot_uniform"),
    initializer("recurrent_initializer", "orthogonal"),
    initializer("bias_initializer", "zeros"),
    regularizer("kernel_regularizer"), regularizer("recurrent_regularizer"), regularizer("bias_regularizer"),
    constraint("kernel_constraint"), constraint("recurrent_constraint"), constraint("bias_constraint"),
    Arg("return_sequences", BOOL, False, None,
        "true: output every timestep (batch, timesteps, units); false: only the last (batch, units)"),
    Arg("return_state", BOOL, False, None, "also return the final state tensors"),
    Arg("go_backwards", BOOL, False, None, "process the sequence in reverse"),
    Arg("stateful", BOOL, False, None, "carry state across batches (needs a fixed batch size)"),
    _TIME_MAJOR,
)


@register
class CuDNNLSTM(_CuDNN):
    """tf.keras 2's CuDNNLSTM (tf.compat.v1.keras.layers.CuDNNLSTM): an LSTM whose bias holds
    cuDNN's two vectors, input and recurrent.

    kernel (features, 4u), recurrent_kernel (u, 4u), bias (8u,):
    params = 4 x (u x (features + u) + 2u).
    """

    positional = ("units",)
    type_name = "CuDNNLSTM"
    auto_name = "cu_dnnlstm"
    gates = 4
    use_bias = True
    args = (
        *BASE_ARGS,
        Arg("units", INT, check=positive("units"), doc="size of the hidden state h and cell c"),
        Arg("unit_forget_bias", BOOL, True, None, "initialise the forget-gate bias to 1"),
        *_CUDNN_TAIL,
    )

    def state_shapes(self, shape: tuple[int | None, ...]) -> list[tuple[int | None, ...]]:
        return [(self.batch_size(shape), self.units)] * 2


@register
class CuDNNGRU(_CuDNN):
    """tf.keras 2's CuDNNGRU (tf.compat.v1.keras.layers.CuDNNGRU): a GRU with cuDNN's input
    and recurrent biases.

    kernel (features, 3u), recurrent_kernel (u, 3u), bias (6u,):
    params = 3 x (u x (features + u) + 2u).
    """

    positional = ("units",)
    type_name = "CuDNNGRU"
    auto_name = "cu_dnngru"
    gates = 3
    use_bias = True
    args = (
        *BASE_ARGS,
        Arg("units", INT, check=positive("units"), doc="size of the hidden state h"),
        *_CUDNN_TAIL,
    )


def _first(value: int | list[int]) -> int:
    return value if isinstance(value, int) else int(value[0])


def _one(what: str) -> Any:
    def check(v: Any) -> str | None:
        if isinstance(v, list) and len(v) != 1:
            return f"The `{what}` argument must be a tuple of 1 integers. Received: {v}"
        return None if _first(v) > 0 else f"The `{what}` argument must be positive. Received: {v}"
    return check



@register
class ThresholdedReLU(Layer):
    """tf.keras 2's ThresholdedReLU (Keras 3 removed it): y = x if x > theta else 0. No weights."""

    positional = ("theta",)
    type_name = "ThresholdedReLU"
    auto_name = "thresholded_re_lu"
    family = "activation"
    keras_versions: ClassVar[tuple[int, ...]] = (2,)
    args = (*BASE_ARGS, Arg("theta", NUMBER, 1.0, lambda v: None if v >= 0 else
                            f"The theta value of a Thresholded ReLU layer should be >=0. Received: {v}"))


@register
class LocallyConnected1D(Layer):
    """tf.keras 2's LocallyConnected1D (Keras 3 removed it): a Conv1D whose kernel is not
    shared, one per output step.

    implementation=1 (default): kernel (output_length, kernel_size x channels, filters);
    implementation=2: kernel (steps, channels, output_length, filters); bias
    (output_length, filters). Output steps: valid -> ceil((L - k + 1) / strides).
    """

    positional = ("filters", "kernel_size", "strides", "padding", "data_format", "activation", "use_bias")
    type_name = "LocallyConnected1D"
    auto_name = "locally_connected1d"
    family = "conv"
    ndim = 3
    keras_versions: ClassVar[tuple[int, ...]] = (2,)
    args = (
        *BASE_ARGS,
        Arg("filters", INT, check=positive("filters"), doc="number of output channels"),
        Arg("kernel_size", INTS, check=_one("kernel_size"), doc="window width in steps"),
        Arg("strides", INTS, 1, _one("strides")),
        Arg("padding", STR, "valid", one_of("valid", "same"), "valid (or same with implementation 2 or 3)"),
        Arg("data_format", OPT_STR, None, one_of(None, "channels_last", "channels_first")),
        activation(),
        Arg("use_bias", BOOL, True),
        initializer("kernel_initializer", "glorot_uniform"), initializer("bias_initializer", "zeros"),
        regularizer("kernel_regularizer"), regularizer("bias_regularizer"),
        constraint("kernel_constraint"), constraint("bias_constraint"),
        Arg("implementation", INT, 1, one_of(1, 2), "1 or 2 (lstmcalc does not model 3's sparse kernel)"),
    )

    def validate(self) -> str | None:
        if self.__dict__["padding"] != "valid" and self.__dict__["implementation"] == 1:
            return ('Invalid border mode for LocallyConnected1D (only "valid" is supported if implementation is 1): '
                    f"{self.__dict__['padding']}")
        return None

    def _axes(self, shape: tuple[int | None, ...]) -> tuple[int | None, int | None]:
        """(steps, channels) of the input."""
        if self.__dict__["data_format"] == "channels_first":
            return shape[2], shape[1]
        return shape[1], shape[2]

    def _length(self, steps: int | None) -> int | None:
        k, s = _first(self.__dict__["kernel_size"]), _first(self.__dict__["strides"])
        if steps is None:
            return None
        out = steps - k + 1 if self.__dict__["padding"] == "valid" else steps
        return (out + s - 1) // s

    def output_shape(self, shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        steps, _ = self._axes(shape)
        length = self._length(steps)
        if length is not None and length <= 0:
            raise Refusal("LC102", f"One of the dimensions in the output is <= 0 due to downsampling in {self.label}. "
                          "Consider increasing the input size. Received input shape "
                          f"{_shape_list(shape)} which would produce output shape with a zero or negative value in a "
                          "dimension.", "use a smaller kernel_size or longer sequences")
        filters = self.__dict__["filters"]
        if self.__dict__["data_format"] == "channels_first":
            return (shape[0], filters, length)
        return (shape[0], length, filters)

    def weights(self, shape: tuple[int | None, ...]) -> list[Weight]:
        steps, channels = self._axes(shape)
        if channels is None:
            raise Refusal("LC101", f"Axis 2 of input should be fully-defined. Found shape: {fmt_shape(shape)}",
                          "give the input a known number of channels")
        length = self._length(steps)
        if length is None:
            raise Refusal("LC101", f"{self.label} needs a known number of steps: its kernel has one slice per "
                          f"output step (input {fmt_shape(shape)})", "give the Input a fixed number of timesteps")
        filters, k = self.__dict__["filters"], _first(self.__dict__["kernel_size"])
        kernel: tuple[int, ...]
        if self.__dict__["implementation"] == 1:
            kernel = (length, k * channels, filters)
        elif self.__dict__["data_format"] == "channels_first":
            kernel = (channels, steps or 0, filters, length)
        else:
            kernel = (steps or 0, channels, length, filters)
        out = [Weight("kernel", kernel)]
        if self.__dict__["use_bias"]:
            out.append(Weight("bias", (length, filters)))
        return out


__all__ = ["KERAS2_ONLY_ARGS", "KERAS3_ONLY_ARGS", "CuDNNGRU", "CuDNNLSTM", "keras2_args", "not_understood"]


def _shape_list(shape: tuple[int | None, ...]) -> str:
    """A TensorShape as tf.keras 2 formats it in messages: [None, 3, 3]."""
    return "[" + ", ".join("None" if d is None else str(d) for d in shape) + "]"


def _called(layer: Layer, words: str) -> str:
    return f'Exception encountered when calling layer "{layer.label}" (type {layer.keras_class}). {words}'


def _spatial(layer: Layer, shape: tuple[int | None, ...]) -> list[int | None]:
    rank = len(shape) - 2
    first = getattr(layer, "data_format", None) == "channels_first"
    return list(shape[2:] if first else shape[1:1 + rank])


def _ints(value: object, rank: int) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * rank
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def keras2_words(code: str, layer: Layer, shape: tuple[int | None, ...]) -> str | None:
    """tf.keras 2's own words for a refusal both Kerases make at the same layer, where they
    differ from Keras 3's (recorded in ../shared/conformance/expected_keras2.jsonl); None
    where lstmcalc keeps Keras 3's text."""
    from lstmcalc.layers.recurrent import RNN

    kind = layer.type_name
    if code == "LC101":
        if kind == "Dense":
            return ("The last dimension of the inputs to a Dense layer should be defined. Found None. "
                    f"Full input shape received: {_tuple(shape)}")
        if isinstance(layer, RNN) or kind in ("Bidirectional",):
            return "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"
        if "Conv" in kind:
            axis = 1 if getattr(layer, "data_format", None) == "channels_first" else -1
            return (f"The channel dimension of the inputs should be defined. The input_shape received is "
                    f"{_tuple(shape)}, where axis {axis} (0-based) is the channel dimension, which found to be `None`.")
        return None
    if code == "LC103" and kind == "Reshape":
        target = list(getattr(layer, "target_shape", ()))
        return _called(layer, f"total size of new array must be unchanged, input_shape = {list(shape[1:])}, "
                              f"output_shape = {target}")
    if code != "LC102":
        return None
    spatial = _spatial(layer, shape)
    rank = len(spatial)
    if "Pool" in kind:
        pool = _ints(getattr(layer, "pool_size", None), rank)
        for size, p in zip(spatial, pool, strict=False):
            if size is not None and size < p:
                return _called(layer, f"Negative dimension size caused by subtracting {p} from {size}")
        return None
    kernel = _ints(getattr(layer, "kernel_size", None), rank)
    strides = _ints(getattr(layer, "strides", 1), rank)
    dilation = _ints(getattr(layer, "dilation_rate", 1), rank)
    for size, k, s, d in zip(spatial, kernel, strides, dilation, strict=False):
        if size is not None and (size - ((k - 1) * d + 1) + 1 + s - 1) // s < 0:  # conv_utils.conv_output_length
            return (f"One of the dimensions in the output is <= 0 due to downsampling in {layer.label}. Consider "
                    f"increasing the input size. Received input shape {_shape_list(shape)} which would produce "
                    "output shape with a zero or negative value in a dimension.")
    for size, k, d in zip(spatial, kernel, dilation, strict=False):
        if size is not None and size < (k - 1) * d + 1:
            return _called(layer, f"Negative dimension size caused by subtracting {(k - 1) * d + 1} from {size}")
    return None


def _tuple(shape: tuple[int | None, ...]) -> str:
    from lstmcalc.layers.base import fmt_shape

    return fmt_shape(shape)
