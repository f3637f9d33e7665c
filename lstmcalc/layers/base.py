"""The layer protocol, argument declarations and the registry.

Each Keras layer type is one small class registered by its Keras class name. Like Keras's
own layers, it declares its constructor arguments, the input rank it accepts (Keras's
`InputSpec`), `output_shape(input_shape)` (Keras's `compute_output_shape`) and
`weights(input_shape)` (the variables Keras's `build()` creates). Parameter counts, the
explain output and the numpy forward pass all derive from `weights`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, NamedTuple

from lstmcalc.safety.text import excerpt

Shape = tuple[int | None, ...]

#: The largest size lstmcalc computes with: TensorFlow, JAX and PyTorch hold dimensions and
#: element counts as int64, so a dimension, weight or parameter total beyond it is one Keras
#: cannot create. Checking every size against it keeps all arithmetic on small integers (no
#: 4,300-digit str() failures, no quadratic products of huge numbers).
INT64_MAX = 2**63 - 1


def fmt_shape(shape: Shape) -> str:
    """Format a shape the way Keras prints it: (None, 50, 10)."""
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def np_array_str(values: Iterable[int | None], is_object: bool = False) -> str:
    """Format VALUES the way numpy prints np.array(values) (Keras puts arrays in messages).

    An int array pads every entry to the widest: [15  1], [  16    1 4096]; an object array
    (made from values holding None, IS_OBJECT) does not: [None 14 24 4].
    """
    items = list(values)
    texts = [str(v) for v in items]
    if is_object or any(v is None for v in items):
        return "[" + " ".join(texts) + "]"
    width = max((len(t) for t in texts), default=0)
    return "[" + " ".join(t.rjust(width) for t in texts) + "]"


def pooling_input_str(shape: Shape, channels_first: bool) -> str:
    """The input shape as Keras's compute_pooling_output_shape prints it in its refusal.

    It writes -1 into the spatial entries that are None (numpy needs numbers there) before
    printing, so (None, None, 1, 8) prints [None -1 1 8].
    """
    spatial = range(2, len(shape)) if channels_first else range(1, len(shape) - 1)
    return np_array_str([-1 if i in spatial and d is None else d for i, d in enumerate(shape)],
                        is_object=None in shape)


def checked_prod(dims: Iterable[int], what: str) -> int:
    """The product of DIMS, refused (LC108) as soon as it passes INT64_MAX.

    Stops early, so a shape of 100,000 huge dimensions costs one multiplication too many,
    not a product millions of bits long. A zero anywhere makes the product zero.
    """
    values = list(dims)
    if 0 in values:
        return 0
    total = 1
    for d in values:
        total *= d
        if total > INT64_MAX:
            raise Refusal("LC108", f"{what} would exceed 2**63 - 1 (int64), more than Keras can create",
                          "use realistic sizes; no backend holds a tensor that large")
    return total


class Refusal(Exception):
    """Keras would raise while building this layer.

    Layer methods mirror Keras's `build`/`compute_output_shape`, which signal an impossible
    configuration by raising; the engine catches this at once, turns it into a Diagnostic,
    and nothing else ever sees it.
    """

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


class Weight(NamedTuple):
    """A variable the layer creates: Keras's name for it, its shape, whether it trains."""

    name: str
    shape: tuple[int, ...]
    trainable: bool = True
    itemsize: int = 0  # bytes per value; 0 = from the owning layer's dtype policy
    #: the variable's own flag, which the model's totals count. It differs from `trainable`
    #: (the layer's view, shown per row) under a wrapper built with trainable=False: Keras
    #: freezes the wrapper but not the variables of the layer inside it.
    variable_trainable: bool = True

    @property
    def size(self) -> int:
        """Number of values (parameters) in the variable."""
        return math.prod(self.shape)


class Kind(NamedTuple):
    """The type an argument accepts: a test, how to say it, and its JSON Schema."""

    expected: str
    test: Callable[[Any], bool]
    schema: dict[str, Any]


REQUIRED: Any = object()


class Arg(NamedTuple):
    """A constructor argument: name, accepted type, default, and Keras's value check.

    `check(value)` returns None when Keras accepts the value, else Keras's complaint.
    """

    name: str
    kind: Kind
    default: Any = REQUIRED
    check: Callable[[Any], str | None] | None = None
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class Layer:
    """Base of every layer type. Subclasses set the class attributes and override methods.

    An instance holds validated argument values as attributes (declared as annotations on
    each subclass), its resolved Keras `name`, and for wrappers the wrapped `layer`.
    """

    type_name: ClassVar[str]
    auto_name: ClassVar[str]  # the prefix of Keras's automatic names: "lstm", "dense"
    keras_class: ClassVar[str] = ""  # the class Keras prints, when not type_name (InputLayer)
    args: ClassVar[tuple[Arg, ...]] = ()
    ndim: ClassVar[int | None] = None  # Keras InputSpec(ndim=...)
    min_ndim: ClassVar[int | None] = None  # Keras InputSpec(min_ndim=...)
    family: ClassVar[str] = "core"
    #: the Keras versions that have this layer class (CuDNNLSTM: tf.keras 2 only)
    keras_versions: ClassVar[tuple[int, ...]] = (2, 3)
    wrapper: ClassVar[bool] = False
    #: argument names holding a nested layer spec (`layer:` of the wrappers)
    nested: ClassVar[tuple[str, ...]] = ()
    #: True for layers that take a list of tensors (Concatenate, Add, ...)
    merge: ClassVar[bool] = False
    #: the order of Keras's positional arguments, for `LSTM(128, ...)` call syntax
    positional: ClassVar[tuple[str, ...]] = ()
    #: arguments of the layer's call, not its constructor (return_attention_scores)
    call_args: ClassVar[tuple[str, ...]] = ()
    #: multi-input layers called on separate arguments, mha(query, value), not on a list
    spread: ClassVar[bool] = False

    name: str
    dtype: str | None
    trainable: bool

    def __init__(self, name: str, values: dict[str, Any], nested: dict[str, Layer] | None = None):
        self.name = name
        self.__dict__.update(values)
        # Keras's `weights=` constructor argument would shadow the weights() method.
        self.initial_weights = self.__dict__.pop("weights", None)
        self.__dict__.update(nested or {})

    # --- what Keras checks and computes -------------------------------------------------
    def validate(self) -> str | None:
        """Checks Keras's constructor makes across arguments; Keras's complaint, or None."""
        return None

    def check_input(self, shape: Shape) -> None:
        """Keras's InputSpec check, run before build when the layer is called."""
        rank = len(shape)
        if self.ndim is not None and rank != self.ndim:
            raise Refusal("LC100", self._rank_message(f"ndim={self.ndim}", shape))
        if self.min_ndim is not None and rank < self.min_ndim:
            raise Refusal("LC100", self._rank_message(f"min_ndim={self.min_ndim}", shape))

    def _rank_message(self, expected: str, shape: Shape) -> str:
        return (
            f"Input 0 of layer '{self.label}' is incompatible with the layer: expected "
            f"{expected}, found ndim={len(shape)}. Full shape received: {fmt_shape(shape)}"
        )

    def output_shape(self, shape: Shape) -> Shape:
        """Keras's compute_output_shape."""
        return shape

    def output_shapes(self, shape: Shape) -> list[Shape]:
        """Every output tensor's shape; more than one for return_state or merge_mode=None."""
        return [self.output_shape(shape)]

    def merged_shape(self, shapes: list[Shape]) -> Shape:
        """For merge layers: the output shape of a list of inputs."""
        raise NotImplementedError

    def merged_shapes(self, shapes: list[Shape]) -> list[Shape]:
        """For merge layers: every output tensor's shape (attention scores are a second)."""
        return [self.merged_shape(shapes)]

    def weights(self, shape: Shape) -> list[Weight]:
        """The variables Keras's build() creates for this input shape (before trainable)."""
        return []

    def merged_weights(self, shapes: list[Shape]) -> list[Weight]:
        """For merge layers: the variables build() creates for these input shapes."""
        return []

    def weight_initializer(self, name: str) -> str | None:
        """The initializer of weight NAME when no `<name>_initializer` argument says it."""
        return None

    # --- derived ------------------------------------------------------------------------
    def effective_weights(self, shape: Shape) -> list[Weight]:
        """`weights` as Keras holds them: frozen when the layer has trainable=False, and
        sized by the layer's dtype policy (a wrapper keeps its wrapped layer's sizes)."""
        if self.wrapper:
            from lstmcalc.keras_version import keras_version

            if keras_version() == 2:
                # tf.keras 2's trainable=False on a wrapper freezes the wrapped layer too: its
                # trainable_weights lists none of them (tf_keras Layer.trainable setter)
                return [w._replace(trainable=w.variable_trainable and self.trainable,
                                   variable_trainable=w.variable_trainable and self.trainable)
                        for w in self.weights(shape)]
            # A wrapper's row counts the variables' own flags, so an inner wrapper built with
            # trainable=False (which freezes only its own view) counts as trainable here.
            return [w._replace(trainable=w.variable_trainable and self.trainable) for w in self.weights(shape)]
        return self.held_weights(self.weights(shape))

    def held_weights(self, weights: list[Weight]) -> list[Weight]:
        """WEIGHTS frozen by trainable=False and sized by the dtype policy."""
        if self.dtype == "bfloat16":
            self._check_bfloat16_initializers(weights)
        return [
            Weight(w.name, w.shape, w.trainable and self.trainable, w.itemsize or self.variable_bytes,
                   w.trainable and self.trainable)
            for w in weights
        ]

    def _check_bfloat16_initializers(self, weights: list[Weight]) -> None:
        """With the TensorFlow backend, the orthogonal initializer's QR op has no bfloat16
        kernel, so Keras fails to build any weight it initialises in bfloat16."""
        names = {w.name for w in weights}
        for key, value in self.__dict__.items():
            if not key.endswith("_initializer"):
                continue
            kind = value.get("class_name") if isinstance(value, dict) else value
            prefix = key.removesuffix("_initializer")
            target = next((n for n in (prefix, f"{prefix}_kernel") if n in names), None)
            if target and isinstance(kind, str) and kind.lower().startswith("orthogonal"):
                raise Refusal(
                    "LC104",
                    f"{self.label} cannot build {target} in bfloat16: the TensorFlow backend's QR op behind the "
                    "orthogonal initializer has no bfloat16 kernel (Keras: Value for attr 'T' of bfloat16 is "
                    "not in the list of allowed values)",
                    f"use dtype: mixed_bfloat16 (float32 variables), or a different {key}",
                )

    @property
    def label(self) -> str:
        """The layer's name as messages show it (its name is input: any length, any text)."""
        return label(self.name)

    @property
    def variable_bytes(self) -> int:
        """Bytes per parameter, from the layer's dtype policy (Keras's variable_dtype)."""
        return dtype_bytes(self.dtype)

    @property
    def compute_dtype(self) -> str:
        """The dtype of the layer's outputs and of the inputs it casts to (its policy's)."""
        policy = self.dtype or "float32"
        return policy.removeprefix("mixed_")

    @property
    def autocasts(self) -> bool:
        return bool(self.__dict__.get("autocast", True))

    @classmethod
    def arg_table(cls) -> dict[str, Arg]:
        """The constructor arguments of the Keras being answered for (layers/keras2.py)."""
        from lstmcalc.keras_version import keras_version

        if keras_version() == 2:
            from lstmcalc.layers.keras2 import keras2_args

            return {a.name: a for a in keras2_args(cls)}
        return {a.name: a for a in cls.args}


def label(name: str) -> str:
    """A layer name from the input, safe and short enough to put in a message."""
    return excerpt(name)


def dtype_bytes(dtype: str | None) -> int:
    if dtype is None or dtype.startswith("mixed_"):
        return 4
    return DTYPE_BYTES.get(dtype, 4)


DTYPE_BYTES = {
    "float16": 2, "bfloat16": 2, "float32": 4, "float64": 8,
    "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4,
    "int64": 8, "uint64": 8, "bool": 1,
    "float8_e4m3fn": 1, "float8_e5m2": 1,
}
DTYPE_POLICIES = sorted([*DTYPE_BYTES, "mixed_float16", "mixed_bfloat16"])

#: The layer families imported only when one of their names is first looked up (or the
#: registry is listed), so a summary imports the layer code its model uses and no more:
#: Keras class name -> module of lstmcalc.layers. tests/test_layers.py checks it is complete.
LAZY: dict[str, str] = {
    **dict.fromkeys(("CuDNNLSTM", "CuDNNGRU", "ThresholdedReLU", "LocallyConnected1D"), "keras2"),
    **dict.fromkeys(("ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"), "activation"),
    **dict.fromkeys(("ActivityRegularization", "AlphaDropout", "GaussianDropout", "GaussianNoise"), "noise"),
    **dict.fromkeys(("AdditiveAttention", "Attention", "MultiHeadAttention"), "attention"),
    **dict.fromkeys(("Dot", "GroupNormalization", "Lambda", "Normalization", "RNN", "UnitNormalization"), "cells"),
    **dict.fromkeys(("Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "DepthwiseConv1D",
                     "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D"), "convnd"),
    **dict.fromkeys(("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"), "convlstm"),
    **dict.fromkeys(("AveragePooling2D", "AveragePooling3D", "Cropping1D", "Cropping2D", "Cropping3D",
                     "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
                     "MaxPooling2D", "MaxPooling3D", "SpatialDropout2D", "SpatialDropout3D", "UpSampling1D",
                     "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"), "poolnd"),
    "Custom": "custom",
}


class Registry(dict[str, type["Layer"]]):
    """Layer classes by Keras class name. Keras's other names for a class (MaxPool1D for
    MaxPooling1D, keras_names.LAYER_ALIASES) look it up too, but are not listed: iterating
    gives each class once, under the name Keras prints. A name of a LAZY family imports
    its module on first lookup; listing the registry imports them all."""

    def _resolve(self, key: object) -> object:
        from lstmcalc.layers.keras_names import LAYER_ALIASES
        if not isinstance(key, str) or super().__contains__(key):
            return key
        key = LAYER_ALIASES.get(key, key)
        if key in LAZY and not super().__contains__(key):
            import importlib
            importlib.import_module(f"lstmcalc.layers.{LAZY[key]}")
        return key

    def _load_all(self) -> None:
        import importlib
        for module in sorted(set(LAZY.values())):
            importlib.import_module(f"lstmcalc.layers.{module}")

    def __getitem__(self, key: str) -> type[Layer]:
        return super().__getitem__(str(self._resolve(key)))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._resolve(key))

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(str(self._resolve(key)), default)

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._load_all()
        return super().__len__()

    def keys(self) -> Any:
        self._load_all()
        return super().keys()

    def values(self) -> Any:
        self._load_all()
        return super().values()

    def items(self) -> Any:
        self._load_all()
        return super().items()


REGISTRY = Registry()


def register(cls: type[Layer]) -> type[Layer]:
    """Add a layer class to the registry under its Keras class name."""
    if not cls.keras_class:
        cls.keras_class = cls.type_name
    REGISTRY[cls.type_name] = cls
    return cls


def require_defined(layer: Layer, shape: tuple[int | None, ...], what: str) -> tuple[int, ...]:
    """Keras refuses to create a variable whose shape has a None in it."""
    if any(d is None for d in shape):
        raise Refusal(
            "LC101",
            "Shapes used to initialize variables must be fully-defined (no `None` "
            f"dimensions). Received: shape={fmt_shape(shape)} for variable "
            f"path='{layer.label}/{what}'",
        )
    return tuple(int(d) for d in shape if d is not None)
