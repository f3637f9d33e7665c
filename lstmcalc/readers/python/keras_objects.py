"""The Keras objects the interpreter builds while it reads: layers, the nodes made by calling
them, the symbolic tensors those calls return, and models. They mirror Keras's own
bookkeeping (Operation._inbound_nodes, KerasTensor._keras_history), so that node indices,
automatic names and the order of a functional model's layers come out as Keras computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from lstmcalc.diagnostics import Diagnostic
from lstmcalc.readers.python.values import Opaque
from lstmcalc.span import Span
from lstmcalc.spec.model import LayerSpec

#: Top-level modules whose `layers`, `models` and friends are Keras.
KERAS_ROOTS = ("keras", "tensorflow", "tf_keras", "keras_core", "tensorflow_core")
MODEL_CLASSES = {"Sequential", "Model", "Functional"}
INPUT_CALLS = {"Input", "InputLayer"}
#: Keras's lowercase functional helpers: `concatenate(inputs, axis=-1, **kwargs)` is
#: `Concatenate(axis=axis, **kwargs)(inputs)`, and so on (keras/src/layers/merging/*.py).
FUNCTIONAL_HELPERS = {"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract",
                      "multiply": "Multiply", "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                      "dot": "Dot"}
#: Base classes that make a user's class a Keras layer or model.
KERAS_BASES = {"Layer", "Model", "Sequential", "Functional", "RNN", "AbstractRNNCell"}
#: Activation functions reachable as attributes (`keras.activations.relu`, `tf.nn.tanh`).
ACTIVATIONS = {"relu", "sigmoid", "tanh", "softmax", "linear", "elu", "selu", "softplus", "softsign", "swish",
               "silu", "gelu", "exponential", "hard_sigmoid", "relu6", "leaky_relu", "log_softmax", "mish"}


@dataclass(frozen=True)
class Module(Opaque):
    """An imported module, or a name the file never binds used as one (`layers.LSTM` in a
    snippet without imports): `imported` tells them apart."""

    path: tuple[str, ...]
    imported: bool

    @property
    def is_keras(self) -> bool:
        return self.path[0] in KERAS_ROOTS or not self.imported


@dataclass(frozen=True)
class KerasName:
    """A Keras class or helper function as a value: `LSTM`, `keras.Sequential`, `layers.add`."""

    name: str


@dataclass(frozen=True)
class KerasObjectFactory:
    """An initializer, regularizer or constraint class (`initializers.RandomNormal`)."""

    module: str
    name: str


@dataclass(frozen=True)
class Tensor:
    """A symbolic tensor: output INDEX (None: whatever the call returned) of call NODE of LAYER."""

    layer: Layer
    node: int
    index: int | None = None


@dataclass(frozen=True)
class Node:
    """One call of a layer: its tensor arguments, flattened in Keras's order (positional
    arguments, then keyword arguments sorted by name), and where it was made."""

    layer: Layer
    index: int
    inputs: tuple[Tensor, ...]
    states: tuple[Tensor, ...]
    span: Span
    listed: bool  # the inputs were passed as a list (merges), not a single tensor
    order: int = 0  # when the call was made, among everything the file does
    keywords: tuple[str, ...] = ()  # the keyword each input was passed by (mha(query=q, ...)), "" positional


class Layer:
    """A constructed layer (spec named as Keras names it), or a model used as a layer."""

    def __init__(self, spec: LayerSpec | None, model: Model | None = None) -> None:
        self.spec = spec
        self.model = model
        self.nodes: list[Node] = []
        #: a user-defined layer: its object (custom_layers.UserLayer), whose code the engine runs
        self.user: Any = None

    @property
    def name(self) -> str:
        if self.model is not None:
            return self.model.name
        assert self.spec is not None and self.spec.name is not None
        return self.spec.name

    @property
    def is_input(self) -> bool:
        return self.spec is not None and self.spec.type == "Input"

    def parents(self, node: Node) -> list[Node]:
        return [t.layer.nodes[t.node] for t in (*node.inputs, *node.states)]


@dataclass(frozen=True)
class Poison:
    """A Keras object whose construction failed; the failure is already reported, and
    whatever is built from it fails too without repeating it."""

    problems: tuple[Diagnostic, ...]


class Event(NamedTuple):
    """A method call on a model that selection cares about: summary, fit, compile, save."""

    kind: str
    span: Span
    order: int
    layers: tuple[Any, ...]  # a Sequential's layers at that moment (a summary shows them so)
    options: dict[str, Any]


class Model:
    """keras.Sequential or a functional keras.Model, as built so far."""

    def __init__(self, kind: str, name: str, span: Span, order: int) -> None:
        self.kind = kind  # "Sequential" or "Functional"
        self.name = name
        self.span = span
        self.order = order  # construction order among everything the file builds
        self.items: list[Any] = []  # Sequential: Layer, Model or an Input Tensor, in add order
        self.inputs: Any = None  # Functional: the inputs structure as given
        self.outputs: Any = None  # Functional: the outputs structure as given
        self.layer = Layer(None, self)  # the model used as a layer in another
        self.events: list[Event] = []
        self.variables: list[str] = []  # names that held it, in binding order
        self.problems: list[Diagnostic] = []  # why it cannot be followed (already explained)
        self.notes: list[Diagnostic] = []  # warnings printed with its table
        self.trainable: bool | None = None
        #: a Sequential: the InputLayer Keras inserts for a first layer given input_shape
        self.implicit_input: Layer | None = None
        #: a Sequential: the output of its latest build (Keras calls every layer again on each add)
        self.built_output: Tensor | None = None
        #: a Sequential built by model.build(shape): its InputLayer comes from that call
        self.built_by_call = False
        #: a Sequential built by fit(x) from data whose shape is only known at run time (x's text)
        self.unbuilt_data: str | None = None
        #: a Sequential whose builds made too many nodes to follow: its tensors are unknown
        self.nodes_unknown = False

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def flatten(value: Any) -> list[Any]:
    """Keras's tree.flatten for the structures calls take: lists, tuples and dicts (sorted)."""
    out: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(item[k] for k in sorted(item, key=str, reverse=True))
        else:
            out.append(item)
    return out
