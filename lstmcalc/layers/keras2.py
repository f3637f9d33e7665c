"""Where tf.keras 2 (tf_keras 2.21) takes other arguments and layers than Keras 3.15.

Recorded from tf_keras 2.21 by constructing every registered layer with each of lstmcalc's
arguments (tools/keras_oracle/keras2_arguments.py; tests/fixtures/keras2_arguments.json):
an argument Keras 2 does not know raises `TypeError: ('Keyword argument not understood:',
NAME)`. The layer classes only Keras 2 has (CuDNNLSTM, CuDNNGRU) are registered here too,
available under `--keras 2` only.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from lstmcalc.layers.args import (
    AXIS,
    BASE_ARGS,
    BOOL,
    INT,
    OPT_INT,
    STR,
    constraint,
    initializer,
    positive,
    regularizer,
)
from lstmcalc.layers.base import Arg, Layer, register
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


def _py_tuple(values: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


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
