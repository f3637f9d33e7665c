"""What the engine returns: plain frozen data, rendered elsewhere."""

from __future__ import annotations

from typing import Any, NamedTuple

from lstmcalc.diagnostics import Diagnostic
from lstmcalc.engine.built import Built
from lstmcalc.layers.base import Layer, Shape, Weight
from lstmcalc.span import Span


class LayerResult(NamedTuple):
    """One row of the summary. `output_shape` is None while the model is unbuilt."""

    name: str
    type: str
    output_shape: Shape | None
    weights: tuple[Weight, ...]
    span: Span
    input_shape: Shape | None = None
    is_input: bool = False
    #: names of the operations whose outputs this one consumes (a mask op included)
    inputs: tuple[str, ...] = ()
    #: which output of each of those operations (Keras's tensor index), aligned with inputs
    input_indices: tuple[int, ...] = ()
    #: True for a Keras op created to compute a mask (NotEqual, Any): a summary row, not a layer
    is_op: bool = False
    #: every output's shape when the layer has several (return_state, merge_mode=None)
    outputs: tuple[Shape, ...] = ()
    #: the configured layer (arguments with Keras defaults filled in), for lint and explain
    layer: Layer | None = None
    #: which call (Keras node) of each of those operations, aligned with inputs; () = all 0
    input_nodes: tuple[int, ...] = ()
    #: a shared layer's further calls (Keras nodes 1, 2, ...), each with its own inputs and
    #: shapes (and no weights: they are the first call's)
    calls: tuple[LayerResult, ...] = ()
    #: which of the layer's calls belong to the model (None: all); others are another model's
    model_nodes: tuple[int, ...] | None = None
    #: a model used as a layer: its own rows, as `summary(expand_nested=True)` lists them
    nested: tuple[LayerResult, ...] = ()
    #: trainable=False on a row without a configured `layer` (a model used as a layer), or on
    #: a row inside such a model: summary(show_trainable=True) prints N
    frozen: bool = False

    @property
    def nodes(self) -> tuple[LayerResult, ...]:
        """Every call of the layer, node 0 (this row) first."""
        return (self, *self.calls)

    @property
    def last_call(self) -> LayerResult:
        """The layer's latest call: its shapes are the ones Keras's summary prints."""
        return self.calls[-1] if self.calls else self

    def links(self) -> list[tuple[str, int, int]]:
        """(op, node, tensor index) of every tensor this call consumes."""
        indices = self.input_indices or (0,) * len(self.inputs)
        nodes = self.input_nodes or (0,) * len(self.inputs)
        return list(zip(self.inputs, nodes, indices, strict=True))

    @property
    def params(self) -> int:
        return sum(w.size for w in self.weights)

    @property
    def trainable_params(self) -> int:
        return sum(w.size for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params


#: The classes a model used as a layer prints as (`encoder (Sequential)`).
MODEL_CLASSES = frozenset({"Sequential", "Functional"})


class Totals(NamedTuple):
    """A model's parameter counts and byte sizes, as Keras's summary footer gives them."""

    params: int = 0
    trainable: int = 0
    trainable_bytes: int = 0
    non_trainable_bytes: int = 0

    @property
    def non_trainable(self) -> int:
        return self.params - self.trainable

    def plus(self, weights: tuple[Weight, ...] | list[Weight], keras: int = 3) -> Totals:
        """These totals with WEIGHTS added; each variable counts by its own trainable flag,
        as Keras 3's model.trainable_weights does (see Weight.variable_trainable); tf.keras 2's
        leaves out every weight of a frozen layer, nested ones too (Weight.trainable)."""
        params, trainable, t_bytes, n_bytes = self
        for w in weights:
            params += w.size
            if w.trainable if keras == 2 else w.variable_trainable:
                trainable += w.size
                t_bytes += w.size * w.itemsize
            else:
                n_bytes += w.size * w.itemsize
        return Totals(params, trainable, t_bytes, n_bytes)


class Summary(NamedTuple):
    """The whole model as Keras would report it, plus every diagnostic found.

    `functional` is True when the spec starts with an Input layer: Keras then prints the
    `input_layer (InputLayer)` row. `built` is False when no input shape is known, which
    Keras prints as an unbuilt model.
    """

    path: str
    name: str
    layers: tuple[LayerResult, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    functional: bool = False
    built: bool = True
    #: Keras's `model._operations` order, mask ops included, for the printed table
    operations: tuple[LayerResult, ...] = ()
    #: Keras prints a "Connected to" column (width 108) unless the graph is a plain chain
    sequential_like: bool = True
    #: every layer as constructed from the spec, including those after a refusal
    constructed: tuple[Built, ...] = ()
    #: where each layer's mask is dropped by a layer that does not support masking
    mask_drops: tuple[tuple[str, str], ...] = ()
    #: how the source asks for the table (summary(line_length=..., expand_nested=...) in code)
    print_options: tuple[tuple[str, Any], ...] = ()
    #: the Keras answered for: 3, or 2 for tf.keras 2 (`--keras 2`: its names, rules and table)
    keras: int = 3
    #: (layer, call, output index) of every tensor that carries a Keras mask
    masked: frozenset[tuple[str, int, int]] = frozenset()

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def shared(self) -> list[LayerResult]:
        """The layers called more than once (shared layers), in the model or outside it."""
        return [layer for layer in self.layers if layer.calls]

    @property
    def models(self) -> list[LayerResult]:
        """The models used as layers (a nested Sequential or Functional), in the model's rows."""
        return [layer for layer in self.layers if layer.type in MODEL_CLASSES and not layer.is_op]

    @property
    def table_rows(self) -> tuple[LayerResult, ...]:
        return self.operations or self.layers

    @property
    def weights(self) -> list[Weight]:
        return [w for layer in self.layers for w in layer.weights]

    @property
    def totals(self) -> Totals:
        """The footer's counts (Totals.plus holds the rule: each variable by its own flag)."""
        return Totals().plus(self.weights, self.keras)

    @property
    def total_params(self) -> int:
        return self.totals.params

    @property
    def trainable_params(self) -> int:
        return self.totals.trainable

    @property
    def non_trainable_params(self) -> int:
        return self.totals.non_trainable

    @property
    def trainable_bytes(self) -> int:
        return self.totals.trainable_bytes

    @property
    def non_trainable_bytes(self) -> int:
        return self.totals.non_trainable_bytes
