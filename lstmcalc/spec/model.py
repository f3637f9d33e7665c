"""The typed form of a spec v1 file."""

from __future__ import annotations

from typing import Any, NamedTuple

from lstmcalc.span import Span


class Ref(NamedTuple):
    """A reference to a layer's output: `enc` (its only or first output) or `enc[1]`."""

    name: str
    output: int | None  # which output; None: all of them (one, unless it returns several)
    span: Span
    node: int = 0  # which call of the layer (Keras's node index); 0 = its first call

    def __str__(self) -> str:
        name = self.name if self.node == 0 else f"{self.name}@{self.node}"
        return name if self.output is None else f"{name}[{self.output}]"


class ArgSpec(NamedTuple):
    """One constructor argument as written: its plain value, and where value and key sit."""

    value: Any
    span: Span
    key_span: Span


class CallSpec(NamedTuple):
    """A further call of a layer already listed (a shared layer): Keras's node 1, 2, ..."""

    span: Span
    inputs: tuple[Ref, ...]
    initial_state: tuple[Ref, ...] = ()
    node: int | None = None  # Keras's node index when it is not simply the call's position


class LayerSpec(NamedTuple):
    """One layer entry. Wrapped layers (`layer:` of Bidirectional/TimeDistributed) nest."""

    type: str
    span: Span
    type_span: Span
    name: str | None = None
    name_span: Span | None = None
    args: dict[str, ArgSpec] = {}  # noqa: RUF012 - never mutated after parsing
    wrapped: dict[str, LayerSpec] = {}  # noqa: RUF012 - never mutated after parsing  # "layer", "backward_layer"
    wrapped_spans: dict[str, Span] = {}  # noqa: RUF012 - never mutated after parsing
    #: graph specs: where the inputs come from (default: the previous layer's outputs)
    inputs: tuple[Ref, ...] | None = None
    #: graph specs: tensors that start an RNN's state (`initial_state: [enc[1], enc[2]]`)
    initial_state: tuple[Ref, ...] = ()
    #: graph specs: the layer's further calls (a shared layer), in call order
    calls: tuple[CallSpec, ...] = ()
    #: a nested model used as a layer (type Sequential or Functional)
    model: ModelSpec | None = None
    #: Keras's node index of the call given by inputs/initial_state (0 unless an earlier
    #: call belongs to another model)
    node: int = 0


class ModelSpec(NamedTuple):
    path: str
    layers: tuple[LayerSpec, ...]
    name: str | None = None
    name_span: Span | None = None
    #: graph specs: the model's outputs (default: the layers nobody consumes, in order)
    outputs: tuple[Ref, ...] = ()
