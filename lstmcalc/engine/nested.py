"""Models used as layers: a Sequential or Functional model called inside another model.

Keras treats a model as one layer of the model around it (keras/src/models/functional.py,
sequential.py), and lstmcalc follows it step by step, against the answers recorded in
tests/fixtures/keras3_shared_nested.json (tools/keras_oracle/shared_nested.py):

- Its own layers are constructed first and take their automatic names first; then the
  model takes its name and, for a Sequential, the InputLayer it creates for Keras 2 input
  arguments or a call and the Functional graph it builds inside (spec/naming.py).
- It is built once: a Functional, or a Sequential with an input, over its own Inputs; a
  Sequential without one by its first call, from that call's input shape.
- Each call checks its inputs against the model's InputSpec (the batch axis free, a
  trailing axis of 1 ignored, `None` matching anything), then runs the inputs through the
  model's graph for its output shapes: a call that fills a free axis (an Input of shape
  [null, 4] called on (None, 10, 4)) gets outputs with that axis filled, while the model's
  own rows keep the shapes it was built with.
- Its row counts every weight of its layers; `trainable: false` on the model freezes them
  all, whatever its layers say, as setting `model.trainable = False` does.
- It takes its input's mask as an input of the call (the mask op shows under "Connected
  to") but does not support masking, so the mask ends there (Keras warns that it does).

Nesting is bounded: MAX_MODEL_DEPTH levels, and MAX_NESTED_LAYERS layers analysed in all
(each re-run of a model's graph for a call with new shapes counts again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import INT64_MAX, Layer, Shape, Weight, label
from lstmcalc.safety.text import quoted
from lstmcalc.span import Span
from lstmcalc.spec.model import MAX_MODEL_DEPTH, LayerSpec
from lstmcalc.spec.naming import ModelNames, Namer, model_names

if TYPE_CHECKING:
    from lstmcalc.engine.infer import Analysis, Tensor

#: Layers analysed over every nested model (re-runs for calls with new shapes included).
MAX_NESTED_LAYERS = 20_000
#: The arguments a model used as a layer takes in a spec (besides `inputs:`); the Keras 2
#: input arguments come from a Keras config's Sequential, whose InputLayer folds onto it.
MODEL_ARGS = ("trainable", "input_shape", "batch_input_shape", "batch_size")


class Budget:
    """Layers left to analyse in nested models, shared by every level of one analysis."""

    def __init__(self, left: int = MAX_NESTED_LAYERS) -> None:
        self.left = left

    def spend(self, count: int) -> bool:
        self.left -= count
        return self.left >= 0


class ModelLayer(Layer):
    """A Functional model used as a layer: its analysis, built once, and its calls' shapes."""

    type_name: ClassVar[str] = "Functional"
    keras_class: ClassVar[str] = "Functional"
    auto_name: ClassVar[str] = "functional"
    family: ClassVar[str] = "model"

    def __init__(self, names: ModelNames, spec: LayerSpec, inner: Analysis, *, trainable: bool, depth: int,
                 budget: Budget) -> None:
        super().__init__(names.name, {"trainable": trainable, "dtype": None})
        self.names, self.spec, self.inner, self.depth, self.budget = names, spec, inner, depth, budget
        self.defined = False
        #: the rows `summary(expand_nested=True)` lists under the model's row
        self.rows: tuple[LayerResult, ...] = ()
        self.model_weights: tuple[Weight, ...] = ()
        #: (name, batch shape) of each of the model's inputs, as its InputSpec checks them
        self.input_specs: list[tuple[str, Shape]] = []
        self.outputs: list[Tensor] = []
        self._runs: dict[tuple[Shape, ...], list[Tensor] | None] = {}

    @property
    def graph_name(self) -> str:
        """The Functional whose InputSpec a call meets (a Sequential's inner graph)."""
        return self.names.graph_name or self.name

    @property
    def begins_at_call(self) -> bool:
        """A Sequential without an Input: its first call gives it its input."""
        return False

    def declared_input(self) -> Shape | None:
        """The input shape the model has before any call (Keras's `model.input_shape`), when
        it has exactly one: what a Sequential around it is built from."""
        inputs = [b for b in self.inner.built if b.spec.type == "Input"]
        if len(inputs) != 1 or inputs[0].layer is None:
            return None
        shape: Shape = inputs[0].layer.input_shape()  # type: ignore[attr-defined]
        return shape

    def define(self, start: Tensor, problems: list[Diagnostic]) -> bool:
        """Build the model (once): call its layers over its own inputs, or, for a Sequential
        without one, over START's shape."""
        from lstmcalc.engine.infer import Tensor as Made

        if self.defined:
            return bool(self.outputs)
        self.defined = True
        inner = self.inner
        if self.begins_at_call:
            first = inner.built[0].layer
            dtype = first.compute_dtype if first is not None else "float32"
            inner.begin(start.shape, dtype)  # Keras's Sequential.build: InputLayer(batch_shape, dtype of layer 0)
        inner.call_all()
        summary = inner.summary()
        problems.extend(summary.diagnostics)
        outputs = inner.model_outputs() if summary.ok and summary.built else None
        if not outputs:
            return False
        if inner.functional:
            self.input_specs = [(r.name, r.output_shape or ()) for r in inner.results if r.is_input]
        else:
            self.input_specs = [(self.names.input_name or "input_layer", inner.start_shape)]
        self.outputs = [Made(t.op, t.position, t.shape, t.dtype, None, t.node) for t in outputs]
        rows = [r for r in summary.table_rows if not r.is_op and not (r.is_input and self.type_name == "Sequential")]
        if not self.trainable:
            rows = [_frozen(r) for r in rows]
        self.rows = tuple(rows)
        self.model_weights = tuple(w for r in rows for w in r.weights)
        self._runs[tuple(s for _, s in self.input_specs)] = self.outputs
        return True

    def outputs_for(self, shapes: list[Shape], problems: list[Diagnostic], span: Span) -> list[Tensor] | None:
        """The output tensors of a call on SHAPES: Keras runs the inputs through the graph
        (Function.compute_output_spec) unless they equal the model's own."""
        key = tuple(shapes)
        if key not in self._runs:
            self._runs[key] = self._run(shapes, problems, span)
        return self._runs[key]

    def _run(self, shapes: list[Shape], problems: list[Diagnostic], span: Span) -> list[Tensor] | None:
        from lstmcalc.engine.infer import Analysis

        model = self.spec.model
        assert model is not None
        if not self.budget.spend(len(model.layers)):
            problems.append(_too_much(self.name, span))
            return None
        again = Analysis(model.path, self.name, outputs=model.outputs, depth=self.depth, namer=Namer(),
                         budget=self.budget, input_overrides=None if not self.inner.functional else shapes)
        for layer_spec in model.layers:
            again._construct(layer_spec)
        if not self.inner.functional:
            first = again.built[0].layer
            again.begin(shapes[0], first.compute_dtype if first is not None else "float32")
        again.call_all()
        summary = again.summary()
        failure = next((d for d in summary.diagnostics if d.is_error), None)
        if failure is not None:
            problems.append(failure._replace(message=f"{label(self.name)} called on {_tuple(shapes[0])}: "
                                                     f"{failure.message}", layer=label(self.name), span=span))
            return None
        return again.model_outputs()

    def check_call(self, shapes: list[Shape]) -> tuple[list[Shape] | None, str]:
        """Keras's InputSpec check and Functional._adjust_input_rank: the shapes the graph
        runs on, or None and Keras's complaint."""
        adjusted = []
        for index, (shape, (name, ref)) in enumerate(zip(shapes, self.input_specs, strict=True)):
            spec_shape: Shape = (None, *ref[1:]) if ref else ref
            got, want = shape, spec_shape
            if got and got[-1] == 1:
                got = got[:-1]
            if want and want[-1] == 1:
                want = want[:-1]
            if any(a is not None and b is not None and a != b for a, b in zip(want, got, strict=False)):
                return None, (f"Input {index} with name {quoted(name)} of layer {quoted(self.graph_name)} is "
                              f"incompatible with the layer: expected shape={_tuple(spec_shape)}, found "
                              f"shape={_tuple(got)}")
            if len(shape) == len(ref):
                adjusted.append(shape)
            elif len(shape) == len(ref) + 1 and shape[-1] == 1:
                adjusted.append(shape[:-1])  # ops.squeeze(x, axis=-1)
            elif len(shape) == len(ref) - 1 and ref[-1] == 1:
                adjusted.append((*shape, 1))  # ops.expand_dims(x, axis=-1)
            else:
                return None, (f"Invalid input shape for input {index} with name {quoted(name)} of layer "
                              f"{quoted(self.graph_name)}. Expected shape {_tuple(ref)}, but input has "
                              f"incompatible shape {_tuple(shape)}")
        return adjusted, ""


class SequentialLayer(ModelLayer):
    """A Sequential model used as a layer."""

    type_name: ClassVar[str] = "Sequential"
    keras_class: ClassVar[str] = "Sequential"
    auto_name: ClassVar[str] = "sequential"

    @property
    def begins_at_call(self) -> bool:
        return self.inner.unbuilt

    def declared_input(self) -> Shape | None:
        if self.inner.functional:
            return super().declared_input()
        return None if self.inner.unbuilt else self.inner.start_shape


def _tuple(shape: Shape) -> str:
    """A shape as Python prints the tuple in Keras's messages."""
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _frozen(row: LayerResult) -> LayerResult:
    """A row of a model built with trainable=False: every variable frozen."""
    weights = tuple(w._replace(trainable=False, variable_trainable=False) for w in row.weights)
    return row._replace(weights=weights, nested=tuple(_frozen(r) for r in row.nested), frozen=True)


def _too_much(name: str, span: Span) -> Diagnostic:
    return error("LC002", f"the models inside this model hold more than {MAX_NESTED_LAYERS:,} layers to analyse in "
                          "all; lstmcalc models nested models up to that size", span, label(name),
                 "real models nest a few small models")


def construct_model(spec: LayerSpec, namer: Namer, problems: list[Diagnostic], *, depth: int,
                    budget: Budget) -> tuple[str, ModelLayer | None]:
    """Construct a model used as a layer at nesting DEPTH (1: inside the top model): its
    layers, then its names; None when it cannot be built."""
    from lstmcalc.engine.infer import Analysis

    model = spec.model
    assert model is not None
    if depth > MAX_MODEL_DEPTH:
        name = spec.name or namer.take("sequential" if spec.type == "Sequential" else "functional")
        problems.append(error("LC002", f"models nest more than {MAX_MODEL_DEPTH} deep; lstmcalc models at most that",
                              spec.span, label(name), "real models nest one or two levels"))
        return name, None
    if not budget.spend(len(model.layers)):
        name = spec.name or namer.take("sequential" if spec.type == "Sequential" else "functional")
        problems.append(_too_much(name, spec.span))
        return name, None
    inner = Analysis(model.path, spec.name, spec.name_span, model.outputs, depth=depth, namer=namer, budget=budget)
    for layer_spec in model.layers:
        inner._construct(layer_spec)
    names = model_names(spec, namer)
    inner.name = names.name
    made = [d for found in inner.per_layer for d in found]
    for found in inner.per_layer:
        found.clear()  # reported here, once
    problems.extend(made)
    trainable = _model_args(spec, names.name, problems)
    if any(d.is_error for d in made) or trainable is None:
        return names.name, None
    cls = SequentialLayer if spec.type == "Sequential" else ModelLayer
    return names.name, cls(names, spec, inner, trainable=trainable, depth=depth, budget=budget)


def _model_args(spec: LayerSpec, name: str, problems: list[Diagnostic]) -> bool | None:
    """`trainable`, validated; None after a problem."""
    for key, arg in spec.args.items():
        if key not in MODEL_ARGS:
            problems.append(error("LC013", f"a {spec.type} model used as a layer has no argument {quoted(key)}",
                                  arg.key_span, label(name), f"it takes `trainable` (and `inputs:` in a graph spec); "
                                  f"set other arguments on the {spec.type}'s layers"))
            return None
    value: Any = spec.args["trainable"].value if "trainable" in spec.args else True
    if not isinstance(value, bool):
        problems.append(error("LC014", f"{spec.type} argument `trainable` must be a boolean, got {quoted(value)}",
                              spec.args["trainable"].span, label(name), "trainable: false"))
        return None
    return value


def model_input(spec: LayerSpec) -> Shape | None:
    """Keras 2 input arguments on a model that is a Sequential's first layer (a Keras config's
    Sequential puts its InputLayer there)."""
    args = spec.args
    if "batch_input_shape" in args and isinstance(args["batch_input_shape"].value, list):
        return tuple(args["batch_input_shape"].value)
    if "input_shape" in args and isinstance(args["input_shape"].value, list):
        batch = args["batch_size"].value if "batch_size" in args else None
        return (batch, *args["input_shape"].value)
    return None


def over_int64(total: int, weights: tuple[Weight, ...]) -> bool:
    return total + sum(w.size for w in weights) > INT64_MAX
