"""The typed form of a spec v1 file."""

from __future__ import annotations

from typing import Any, NamedTuple

from lstmcalc.span import Span

#: How deep models may nest inside models (Keras's own examples use one or two levels): every
#: reader refuses deeper nesting (LC002), and so does the engine for a ModelSpec built elsewhere.
MAX_MODEL_DEPTH = 8


class Ref(NamedTuple):
    """A reference to a layer's output: `enc` (its only or first output) or `enc[1]`; with
    `enc@2` / `enc@2[1]`, the outputs of the layer's third call (Keras's node index 2)."""

    name: str
    output: int | None  # which output; None: all of them (one, unless it returns several)
    span: Span
    node: int = 0  # which call of the layer (Keras's node index)

    def __str__(self) -> str:
        call = self.name if self.node == 0 else f"{self.name}@{self.node}"
        return call if self.output is None else f"{call}[{self.output}]"


class CallSpec(NamedTuple):
    """A further call of a layer already listed (a shared layer): Keras's node 1, 2, ..."""

    span: Span
    inputs: tuple[Ref, ...]
    initial_state: tuple[Ref, ...] = ()
    #: the keyword each input was passed by ("" positional), as in LayerSpec.keywords
    keywords: tuple[str, ...] = ()


class ArgSpec(NamedTuple):
    """One constructor argument as written: its plain value, and where value and key sit."""

    value: Any
    span: Span
    key_span: Span


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
    #: graph specs: the layer's further calls (Keras nodes 1, 2, ...), in call order
    calls: tuple[CallSpec, ...] = ()
    #: a model used as a layer (`type` is Sequential or Functional): its own layers
    model: ModelSpec | None = None
    #: the keyword each of `inputs` was passed by in code or a Keras config ("" for a
    #: positional one; empty: all positional). Keras lists keyword tensors after the
    #: positional ones, sorted by keyword: mha(value=v, key=k, query=q) is connected to k, q, v.
    keywords: tuple[str, ...] = ()


class ModelSpec(NamedTuple):
    path: str
    layers: tuple[LayerSpec, ...]
    name: str | None = None
    name_span: Span | None = None
    #: graph specs: the model's outputs (default: the layers nobody consumes, in order)
    outputs: tuple[Ref, ...] = ()
    #: graph specs: the model's inputs (default: every Input layer, in order)
    inputs: tuple[Ref, ...] = ()
    #: how the source asks for the table: summary(line_length=..., expand_nested=...) in code
    print_options: tuple[tuple[str, Any], ...] = ()
    #: whether the source asks for the table (a spec, a summary() call), or code only builds
    #: the model (tf.keras 2's summary() refuses an unbuilt model; building one is no error)
    printed: bool = True
