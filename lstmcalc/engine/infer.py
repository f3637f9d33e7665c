"""Shape inference: a ModelSpec in, a Summary with every shape, weight and diagnostic out.

It follows the order in which Keras itself works through a model: each layer is
constructed (its arguments validated, its automatic name taken), then called on the
previous output (InputSpec check, build, compute_output_shape). The first layer Keras
would refuse ends shape inference; argument checks still run for the layers after it so
one pass reports every typo.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from lstmcalc.diagnostics import MODEL_LEVEL, Diagnostic, Edit, Fix, did_you_mean, error, warning
from lstmcalc.engine.built import Built
from lstmcalc.engine.graph import Graph, operation_order
from lstmcalc.engine.hints import fix_for, hint_for, rewrite_message
from lstmcalc.engine.masking import consumes_mask, drops_mask_knowingly, merge_mask, next_mask
from lstmcalc.engine.nested import Budget, ModelLayer, construct_model, model_input
from lstmcalc.engine.results import LayerResult, Summary, Totals
from lstmcalc.keras_version import keras_version
from lstmcalc.layers import REGISTRY, Layer, Refusal, Shape
from lstmcalc.layers.args import INPUT_ARG_NAMES, INPUT_ARGS
from lstmcalc.layers.base import INT64_MAX, Arg, Weight, checked_prod, fmt_shape, label
from lstmcalc.layers.core import Input
from lstmcalc.layers.keras2 import KERAS2_INPUT_LENGTH
from lstmcalc.layers.keras_names import REMOVED_LAYERS, removed_layer_hint
from lstmcalc.layers.recurrent import RNN
from lstmcalc.layers.wrappers import Bidirectional, TimeDistributed
from lstmcalc.safety.limits import MAX_MESSAGE
from lstmcalc.safety.text import quoted, visible
from lstmcalc.span import Span
from lstmcalc.spec.calls import call_order
from lstmcalc.spec.model import LayerSpec, ModelSpec, Ref
from lstmcalc.spec.naming import Namer

INPUT_TYPE = "Input"


def _slash_in_name(name: str, span: Span, layer: str | None = "") -> Diagnostic:
    """Keras's Operation.__init__ refuses a name with `/` (it separates name scopes)."""
    return error("LC015", f"Argument `name` must be a string and cannot contain character `/`. Received: "
                 f"name={visible(name, 200)} (of type <class 'str'>)", span,
                 label(name) if layer == "" else layer, "choose a name without `/`, e.g. with `_`")


def construct(spec: LayerSpec, namer: Namer, problems: list[Diagnostic], *, depth: int = 0,
              budget: Budget | None = None, wrapped: bool = False) -> Built:
    """Validate arguments and create the layer, naming it the way Keras would. DEPTH is how
    deep the model holding it nests (0: the top model)."""
    if spec.model is not None and wrapped:
        # A model wrapped in a layer: named as Keras names it, so the layers after it are too.
        from lstmcalc.spec.naming import layer_names, take_model_names

        layer_names(spec.model.layers, namer)
        name = take_model_names(spec, namer)
        problems.append(error(
            "LC033", f"{label(name)} is a {spec.type} model wrapped in another layer; lstmcalc models a model used "
            "as a layer, but not one inside a wrapper", spec.type_span, label(name),
            "call the model directly, or wrap its layers one by one"))
        return Built(spec, name, None)
    if spec.model is not None:
        model_name, model = construct_model(spec, namer, problems, depth=depth + 1, budget=budget or Budget())
        return Built(spec, model_name, model)
    cls = REGISTRY.get(spec.type)
    if cls is not None and namer.keras not in cls.keras_versions:
        cls = None  # a tf.keras 2 class under Keras 3
    if cls is None:
        name = spec.name or namer.take(_snake(spec.type[:MAX_GUESS_LENGTH]))  # a name for messages only
        removed = removed_layer_hint(spec.type) if namer.keras == 3 else None
        if removed is not None:
            problems.append(error("LC012", removed, spec.type_span, label(name),
                                  f"write type: {REMOVED_LAYERS[spec.type]}; or `--keras 2` for the tf.keras 2 answer",
                                  fix=_type_fix(spec, REMOVED_LAYERS[spec.type])))
            return Built(spec, name, None)
        known = sorted(t for t, c in REGISTRY.items() if namer.keras in c.keras_versions)  # every family
        guess = _guess(spec.type, known)
        problems.append(error(
            "LC012", f"unknown layer type {quoted(spec.type)}", spec.type_span, label(name),
            f"did you mean `{guess}`?" if guess else f"known types: {', '.join(known)}",
            fix=Fix(f"write type: {guess}", (Edit("set", spec.span, "type", guess),)) if guess else None,
        ))
        return Built(spec, name, None)
    # Keras constructs the wrapped layer first, so it takes its automatic name first.
    nested: dict[str, Layer] = {}
    ok = True
    inner_problems: list[Diagnostic] = []
    for key, inner_spec in spec.wrapped.items():
        if key not in cls.nested:
            continue
        inner = construct(inner_spec, namer, inner_problems, wrapped=True)
        if inner.layer is None:
            ok = False
        else:
            nested[key] = inner.layer
    prefix = cls.auto_name
    if cls.type_name == "Custom":  # a user's class: Keras names it after the class name
        from lstmcalc.layers.custom import auto_prefix
        prefix = auto_prefix(cls, spec.args)
    name = spec.name or namer.take(prefix)
    if "/" in name:
        problems.append(_slash_in_name(name, spec.name_span or spec.span))
        return Built(spec, name, None)
    # Keras fails while building the spec's own layer: the wrapper is the layer it names.
    problems.extend(d._replace(layer=label(name), message=d.message if d.message.startswith(f"{d.layer}")
                               else f"{d.layer}: {d.message}") for d in inner_problems)
    values = _arguments(cls, spec, name, problems)
    if values is None or not ok:
        return Built(spec, name, None)
    if cls.nested and "layer" not in nested:
        problems.append(error(
            "LC016", f"{spec.type} needs `layer:`, the layer it wraps", spec.span, label(name),
            f"e.g. `layer: {{type: LSTM, units: 64}}` under the {spec.type}",
        ))
        return Built(spec, name, None)
    for key in cls.nested:
        nested.setdefault(key, None)  # type: ignore[arg-type]
    layer = cls(name, values, nested)
    complaint = layer.validate()
    if complaint is None and namer.keras == 2:
        from lstmcalc.layers.keras2 import keras2_complaint

        complaint = keras2_complaint(layer)
    if complaint:
        problems.append(error("LC015", f"{label(name)}: {complaint}", spec.span, label(name),
                              _fix_for(cls.type_name)))
        return Built(spec, name, None)
    return Built(spec, name, layer)


def _drops_input_length(cls: type[Layer], spec: LayerSpec) -> bool:
    """Only tf.keras 2's RNN takes `input_length`, and only without input_shape (RNN.__init__
    then pops it); any other layer's constructor raises for it."""
    return cls.type_name not in KERAS2_INPUT_LENGTH or "input_shape" in spec.args


def _unknown_argument(cls: type[Layer], key: str) -> tuple[str, str | None]:
    """The message for an argument the Keras answered for does not take, and a hint when
    the other Keras takes it (a Keras 3 argument under --keras 2, a Keras 2 one under 3)."""
    from lstmcalc.layers.keras2 import KERAS2_ONLY_ARGS, KERAS3_ONLY_ARGS, not_understood

    if keras_version() == 2:
        message = f"{cls.type_name} has no argument {quoted(key)} in tf.keras 2 ({not_understood(key)})"
        if key in KERAS3_ONLY_ARGS.get(cls.type_name, ()):
            return message, f"`{key}` is a Keras 3 argument: remove it for tf.keras 2, or answer as Keras 3 (no --keras 2)"
        return message, None
    message = f"{cls.type_name} has no argument {quoted(key)}"
    if any(a.name == key for a in KERAS2_ONLY_ARGS.get(cls.type_name, ())):
        return message, f"`{key}` is a tf.keras 2 argument Keras 3 removed; `--keras 2` shows the tf.keras 2 answer"
    return message, None


def _guess(word: str, choices: list[str]) -> str:
    """did_you_mean for names of a sane length (difflib's ratio is quadratic in them)."""
    if len(word) > MAX_GUESS_LENGTH:
        return ""
    return did_you_mean(word, [c for c in choices if len(c) <= MAX_GUESS_LENGTH])


MAX_GUESS_LENGTH = 100


def _snake(type_name: str) -> str:
    out = []
    for i, ch in enumerate(type_name):
        if ch.isupper() and i and not type_name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _fix_for(type_name: str) -> str:
    return f"see `lstmcalc explain` or the Keras docs for {type_name}'s arguments"


def _arguments(cls: type[Layer], spec: LayerSpec, name: str, problems: list[Diagnostic]) -> dict[str, Any] | None:
    table = cls.arg_table()
    values: dict[str, Any] = {}
    ok = True
    legacy = {} if cls is Input else INPUT_ARGS
    if keras_version() == 2 and _drops_input_length(cls, spec):
        # only tf.keras 2's RNN takes it, and only without input_shape (RNN.__init__ then pops it)
        legacy = {k: v for k, v in legacy.items() if k != "input_length"}
    for key, arg in spec.args.items():
        decl = table.get(key)
        own = decl is not None
        if decl is None:
            decl = legacy.get(key)
        if decl is None:
            guess = _guess(key, [*table, *cls.nested])
            message, other = _unknown_argument(cls, key)
            problems.append(error(
                "LC013", message, arg.key_span, label(name),
                other or (f"did you mean `{guess}`?" if guess else
                          f"{cls.type_name} takes: {', '.join(a for a in table if a not in INPUT_ARG_NAMES)}"),
                fix=_rename_fix(spec, key, guess) if guess else None,
            ))
            ok = False
            continue
        if _too_large(arg.value):
            problems.append(error(
                "LC015", f"{cls.type_name} argument `{key}` holds a number beyond int64 "
                f"({_describe(arg.value)}); Keras cannot create tensors that large", arg.span, label(name),
                "use a realistic size",
            ))
            ok = False
            continue
        if not decl.kind.test(arg.value):
            problems.append(error(
                "LC014", f"{cls.type_name} argument `{key}` must be {decl.kind.expected}, "
                f"got {_describe(arg.value)}", arg.span, label(name), _type_hint(decl, arg.value),
                fix=_kind_fix(spec, decl, arg.value),
            ))
            ok = False
            continue
        if decl.check is not None and arg.value is not None:  # None passed the kind test: "not given"
            complaint = decl.check(arg.value)
            if complaint:
                problems.append(error("LC015", complaint, arg.span, label(name), _value_hint(decl, arg.value),
                                      fix=_value_fix(spec, decl, arg.value)))
                ok = False
                continue
        if own:
            values[key] = arg.value
    for decl in table.values():
        if decl.name in values:
            continue
        if decl.required and decl.name not in spec.args:
            problems.append(error(
                "LC016", f"{cls.type_name} needs `{decl.name}`", spec.span, label(name),
                f"add `{decl.name}: ...` ({decl.doc or decl.kind.expected})",
            ))
            ok = False
        elif not decl.required:
            values[decl.name] = decl.default
    for decl in cls.args:  # an argument the other Keras has keeps its default (Dense's lora_rank in Keras 2)
        if not decl.required:
            values.setdefault(decl.name, decl.default)
    return values if ok else None


def _too_large(value: Any) -> bool:
    """Whether VALUE, or a list in it, holds an integer beyond int64: a size no backend can
    hold. (Mappings are initializer or regularizer configs, which hold no sizes.)

    Iterative, and over the value's nodes only: no str(), so 10**5000 costs nothing."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > INT64_MAX:
            return True
    return False


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"the number {quoted(value)}"
    if isinstance(value, list):
        odd = next((v for v in value if not (isinstance(v, int) and not isinstance(v, bool)) and v is not None),
                   _NOTHING)
        if odd is not _NOTHING:
            return f"a list containing {f'the list {quoted(odd)}' if isinstance(odd, list) else _describe(odd)}"
        big = next((v for v in value if isinstance(v, int) and abs(v) > INT64_MAX), None)
        return f"a list containing {quoted(big)}" if big is not None else f"the list {quoted(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return quoted(value)


_NOTHING = object()


def _type_hint(decl: Arg, value: Any) -> str:
    if isinstance(value, str) and len(value) < 40 and value.strip().lstrip("-").isdigit():
        return f"remove the quotes: {decl.name}: {value.strip()}"
    if isinstance(value, float) and value.is_integer() and abs(value) <= INT64_MAX and "integer" in decl.kind.expected:
        return f"write a whole number: {decl.name}: {int(value)}"
    if isinstance(value, bool) and "integer" in decl.kind.expected:
        return f"{decl.name} takes a number; YAML reads {str(value).lower()} as a boolean"
    if decl.kind.expected.startswith("a list") and not isinstance(value, (list, dict)):
        return f"write it as a list: {decl.name}: [{quoted(value)}]"
    return f"{decl.name}: {decl.doc}" if decl.doc else ""


def _type_fix(spec: LayerSpec, new_type: str) -> Fix | None:
    """Only a plain layer name is a mechanical replacement (not `Bidirectional(LSTM)` prose)."""
    if not new_type.isidentifier():
        return None
    return Fix(f"write type: {new_type}", (Edit("set", spec.span, "type", new_type),))


def _rename_fix(spec: LayerSpec, key: str, guess: str) -> Fix | None:
    """A misspelt argument with one suggestion is renamed, unless the right one is there too."""
    if guess == key or guess in spec.args:
        return None
    return Fix(f"rename `{key}` to `{guess}`", (Edit("rename", spec.span, key, None, guess),))


def _value_fix(spec: LayerSpec, decl: Arg, value: Any) -> Fix | None:
    from lstmcalc.layers.keras_names import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS

    if not (isinstance(value, str) and decl.check is not None and decl.kind.expected.startswith("a name")):
        return None
    for names in (ACTIVATIONS, INITIALIZERS, REGULARIZERS, CONSTRAINTS):
        guess = _guess(value, sorted(names))
        if guess and guess != value:
            return Fix(f"write {decl.name}: {guess}", (Edit("set", spec.span, decl.name, guess),))
    return None


def _kind_fix(spec: LayerSpec, decl: Arg, value: Any) -> Fix | None:
    """The edits _type_hint spells out: a quoted number unquoted, a whole float written as an
    integer; each only when the new value passes the argument's type test."""
    new: Any = None
    if isinstance(value, str) and len(value) < 40 and value.strip().lstrip("-").isdigit():
        new = int(value.strip())
    elif isinstance(value, float) and value.is_integer() and abs(value) <= INT64_MAX and "integer" in decl.kind.expected:
        new = int(value)
    if new is None or not decl.kind.test(new):
        return None
    return Fix(f"write {decl.name}: {new}", (Edit("set", spec.span, decl.name, new),))


def _value_hint(decl: Arg, value: Any) -> str:
    from lstmcalc.layers.args import KERAS2_ACTIVATIONS
    from lstmcalc.layers.keras_names import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS

    if keras_version() == 2 and isinstance(value, str) and value in ACTIVATIONS and value not in KERAS2_ACTIVATIONS:
        return (f"`{value}` is a Keras 3 activation; tf.keras 2 knows {', '.join(sorted(KERAS2_ACTIVATIONS))} "
                "(or answer as Keras 3: no --keras 2)")

    for names in (ACTIVATIONS, INITIALIZERS, REGULARIZERS, CONSTRAINTS):
        if isinstance(value, str) and decl.check is not None and decl.kind.expected.startswith("a name"):
            guess = _guess(value, sorted(names))
            if guess:
                return f"did you mean `{guess}`?"
    return decl.doc or f"{decl.name} takes {decl.kind.expected}"


def _input_shape_from_legacy(built: Built) -> Shape | None:
    """Keras 2 style input arguments on the first layer."""
    layer, args = built.layer, built.spec.args
    assert layer is not None
    batch = args["batch_size"].value if "batch_size" in args else None
    if "batch_input_shape" in args and args["batch_input_shape"].value is not None:
        return tuple(args["batch_input_shape"].value)
    if "input_shape" in args and args["input_shape"].value is not None:
        return (batch, *args["input_shape"].value)
    length = args["input_length"].value if "input_length" in args else None
    if "input_dim" in args and layer.type_name != "Embedding" and args["input_dim"].value is not None:
        dim = args["input_dim"].value
        if isinstance(layer, RNN) and (keras_version() == 3 or not _drops_input_length(type(layer), built.spec)):
            return (batch, length, dim)  # tf.keras 2's CuDNN layers skip RNN.__init__: (input_dim,) only
        return (batch, dim)
    if layer.type_name == "Embedding" and (length is not None or keras_version() == 2):
        return (batch, length)  # tf.keras 2's Embedding always sets input_shape=(input_length,)
    if keras_version() == 2 and isinstance(layer, RNN) and length is not None and \
            not _drops_input_length(type(layer), built.spec):
        return (batch, length, None)  # tf.keras 2's RNN: input_shape=(input_length, input_dim)
    return None


def analyze(spec: ModelSpec, resize: Callable[[Shape], Shape] | None = None) -> Summary:
    """Infer every shape and weight of the model; all problems come back as diagnostics.
    RESIZE, when given, rewrites the shape each model input declares (an Input's, or the
    first layer's input_shape) before inference: `cost --timesteps T` sets unknown axes so."""
    if not spec.layers:
        return failed(spec.path, [error("LC010", "the model has no layers", Span(1, 1), None,
                                        "add layers, starting with an Input")])
    if len(spec.layers) > MAX_LAYERS:
        return failed(spec.path, [error(
            "LC002", f"the model has {len(spec.layers):,} layers; lstmcalc models at most {MAX_LAYERS:,}",
            spec.layers[MAX_LAYERS].span, None, "real models have far fewer; check that this is the file you meant")])
    links = 0
    for layer in spec.layers:
        links += len(layer.inputs or ()) + len(layer.initial_state) + sum(
            len(call.inputs) + len(call.initial_state) + 1 for call in layer.calls)
        if links > MAX_LINKS:
            return failed(spec.path, [error(
                "LC002", f"the model's layers name more than {MAX_LINKS:,} input tensors in all; lstmcalc models "
                "graphs up to that size", layer.span, None, "real graphs have far fewer connections")])
    analysis = Analysis(spec.path, spec.name, spec.name_span, spec.outputs, spec.inputs)
    analysis.resize = resize
    analysis.printed, analysis.printed_at = spec.printed, dict(spec.print_options).get("at")
    analysis.construct_all(spec.layers)
    return analysis.summary()


class Analysis:
    """Shape inference one layer at a time, in Keras's order.

    Keras constructs every layer, then calls them in turn; `add` does both for one more
    layer at the end, at a cost that does not grow with the model, so the interactive
    calculator stays linear in the lines typed. `summary` assembles the Summary (ordering
    operations, the model-level checks) and costs one pass over the model. Automatic names
    come from per-prefix counters, so constructing a layer later than its predecessors'
    calls names it as constructing all first does.
    """

    def __init__(self, path: str, name: str | None = None, name_span: Span | None = None,
                 outputs: tuple[Ref, ...] = (), inputs: tuple[Ref, ...] = (), *, depth: int = 0,
                 namer: Namer | None = None, budget: Budget | None = None,
                 input_overrides: list[Shape] | None = None) -> None:
        self.path, self.name, self.name_span, self.outputs = path, name, name_span, outputs
        self.inputs = inputs
        #: how deep this model nests in others (0: the top model); a nested model shares the
        #: namer of the model around it, and the budget of nested layers
        self.depth = depth
        self.namer = namer or Namer()
        #: Keras 3 records the mask and cast ops a model derives as graph operations, named from
        #: the layers' counters; tf.keras 2 computes them inside the layers: no rows, no names
        self.op_namer = _OpNames() if self.namer.keras == 2 else self.namer
        #: whether the source asks for the table, and where (a summary() call in code)
        self.printed: bool = True
        self.printed_at: Span | None = None
        self.budget = budget or Budget()
        #: the shapes of the Input layers, in order, when a nested model runs on a call's shapes
        self.input_overrides = input_overrides
        #: rewrites each declared model input shape (see analyze); None keeps them
        self.resize: Callable[[Shape], Shape] | None = None
        self.inputs_made = 0
        self.start_shape: Shape = ()
        self.per_layer: list[list[Diagnostic]] = []
        self.built: list[Built] = []
        self.results: list[LayerResult] = []
        self.result_index: list[int] = []  # which built layer each result row is
        self.calls_of: dict[int, list[LayerResult]] = {}  # a shared layer's further calls
        self.ops: list[LayerResult] = []
        self.produced: dict[tuple[str, int], list[Tensor]] = {}  # each call's output tensors
        self.calls_made: dict[str, int] = {}  # how many calls of each layer have outputs
        self.node0_out: dict[int, list[Tensor]] = {}  # each listed layer's first outputs
        self.consumed: set[tuple[str, int]] = set()
        self.last: list[Tensor] = []
        self.mask_drops: list[tuple[str, str]] = []
        self.total = 0  # parameters so far, kept within int64
        self.functional = False
        self.unbuilt = False
        self.alive = True
        self.seen: dict[str, Span] = {}
        #: (layer index, its constructor's problem count, the first use of its name's span)
        self.duplicates: list[tuple[int, int, Span]] = []
        #: the footer's totals so far, kept as layers are added
        self.totals = Totals()

    def construct_all(self, specs: Iterable[LayerSpec]) -> None:
        """Construct every layer, then call each in turn (Keras's order for a whole spec):
        in the order listed, or, once a layer is called more than once, in dependency
        order (a later call of a layer may take a layer listed after it)."""
        for layer_spec in specs:
            self._construct(layer_spec)
        if self.namer.keras == 2:
            self._keras3_input_names()
        self.call_all()

    def _keras3_input_names(self) -> None:
        """A spec's links to an unnamed Input by Keras 3's automatic name (`input_layer`,
        `input_layer_1`) go to the same Input under tf.keras 2's name (`input_1`, ...), in
        every Built spec (the numeric run reads them too), where no layer has that name."""
        names = {b.name for b in self.built}

        def fixed(refs: tuple[Ref, ...] | None) -> tuple[Ref, ...] | None:
            if refs is None:
                return None
            return tuple(ref._replace(name=_keras2_input_name(ref.name))
                         if ref.name not in names and _keras2_input_name(ref.name) in names else ref for ref in refs)

        for i, b in enumerate(self.built):
            spec = b.spec
            calls = tuple(c._replace(inputs=fixed(c.inputs) or (), initial_state=fixed(c.initial_state) or ())
                          for c in spec.calls)
            new = spec._replace(inputs=fixed(spec.inputs), initial_state=fixed(spec.initial_state) or (), calls=calls)
            if new != spec:
                self.built[i] = b._replace(spec=new)
        self.outputs = fixed(self.outputs) or ()
        self.inputs = fixed(self.inputs) or ()

    def call_all(self) -> None:
        """Call every constructed layer, in call order."""
        for index, node in call_order([b.spec for b in self.built], [b.name for b in self.built]):
            if node == 0:
                self._infer(index, self.built[index])
            else:
                self._infer_call(index, self.built[index], node)

    def add(self, layer_spec: LayerSpec) -> int:
        """Construct and call one more layer; its index."""
        index = self._construct(layer_spec)
        self._infer(index, self.built[index])
        return index

    def duplicate_problem(self, index: int) -> Diagnostic | None:
        """The refusal of layer INDEX's name when an earlier layer has it (the REPL shows it
        as the layer is added), else None."""
        for at, _, first_use in self.duplicates:
            if at == index:
                return self._duplicate_in_graph() if self.functional else \
                    _duplicate_in_sequential(self.built[at], first_use)
        return None

    def _duplicate_in_graph(self) -> Diagnostic:
        """Keras 3.15's map_graph, when Model() is built: the first name used more than once,
        with how many times; the model as a whole is refused (MODEL_LEVEL)."""
        index, _, first_use = self.duplicates[0]
        item = self.built[index]
        times = sum(1 for b in self.built if b.name == item.name)
        return error(
            "LC018", f'The name "{label(item.name)}" is used {times} times in the model. All operation names '
            "should be unique.", item.spec.name_span or item.spec.span, MODEL_LEVEL,
            _rename_hint(item.name, first_use))

    def _construct(self, layer_spec: LayerSpec) -> int:
        problems: list[Diagnostic] = []
        item = construct(layer_spec, self.namer, problems, depth=self.depth, budget=self.budget)
        self.built.append(item)
        self.per_layer.append(problems)
        if item.name in self.seen:
            self.duplicates.append((len(self.built) - 1, len(problems), self.seen[item.name]))
        else:
            self.seen[item.name] = item.spec.name_span or item.spec.span
        if len(self.built) == 1:
            self._start(item)
        return len(self.built) - 1

    def _start(self, first: Built) -> None:
        """The first layer decides: functional (an Input), Keras 2 input arguments, or unbuilt."""
        self.functional = first.spec.type == INPUT_TYPE
        if isinstance(first.layer, ModelLayer):  # Keras builds a Sequential from its first model's input
            legacy = model_input(first.spec) or first.layer.declared_input()
        else:
            legacy = None if self.functional or first.layer is None else _input_shape_from_legacy(first)
        if legacy is not None and self.resize is not None:
            legacy = self.resize(legacy)
        self.unbuilt = not self.functional and first.layer is not None and legacy is None
        self.alive = first.layer is not None and not self.unbuilt
        if legacy is not None and _bad_input_shape(legacy, first, self.per_layer[0]):
            self.alive = False
        self.last = [] if self.functional else [Tensor("", 0, legacy or (), "float32", None)]
        self.start_shape = legacy or ()

    def begin(self, shape: Shape, dtype: str) -> None:
        """Start a Sequential model from SHAPE: the input its first call gives it (a nested
        Sequential without an Input), or a call's shapes run through a nested model."""
        first = self.built[0] if self.built else None
        self.unbuilt = False
        self.alive = first is not None and first.layer is not None and first.spec.type != INPUT_TYPE
        self.last = [Tensor("", 0, shape, dtype, None)]
        self.start_shape = shape

    def model_outputs(self) -> list[Tensor] | None:
        """The model's output tensors: `outputs:`, else the outputs nobody consumes (a
        Sequential's last layer's)."""
        if not self.functional:
            return list(self.last)
        if self.outputs:
            found: list[Tensor] = []
            for ref in self.outputs:
                tensors = self.produced.get((ref.name, ref.node))
                if tensors is None or (ref.output is not None and ref.output >= len(tensors)):
                    return None
                found.extend(tensors if ref.output is None else [tensors[ref.output]])
            return found
        unused = [key for key in self.produced if key not in self.consumed] or [next(reversed(self.produced))]
        return [t for key in unused for t in self.produced[key]]

    def _infer(self, index: int, item: Built) -> None:
        if item.spec.type == INPUT_TYPE:
            if not self.functional:
                self.per_layer[index].append(error(
                    "LC010", "an Input layer can only come first in a sequential spec", item.spec.span,
                    item.name, "remove it, or move it to the top of `layers:`",
                ))
                self.alive = False
                return
            if isinstance(item.layer, Input):
                shape = item.layer.input_shape()
                if self.input_overrides is not None and self.inputs_made < len(self.input_overrides):
                    shape = self.input_overrides[self.inputs_made]
                elif self.resize is not None:
                    shape = self.resize(shape)
                self.inputs_made += 1
                if _bad_input_shape(shape, item, self.per_layer[index]):
                    self.alive = False
                    return
                dtype = item.layer.__dict__.get("dtype") or "float32"
                self.results.append(LayerResult(item.name, "InputLayer", shape, (), item.spec.span, is_input=True))
                self.result_index.append(index)
                self._produce(index, item.name, 0, [Tensor(item.name, 0, shape, dtype, None)])
            else:
                self.alive = False
            return
        if self.unbuilt:
            kind = item.spec.type
            cls = REGISTRY.get(kind)
            if cls is not None and cls.type_name != kind:  # a Keras alias (MaxPool2D) prints its class
                kind = cls.keras_class
            self.results.append(LayerResult(item.name, kind, None, (), item.spec.span))
            self.result_index.append(index)
            return
        if not self.alive or item.layer is None:
            self.alive = False
            return
        default = self.node0_out.get(index - 1, []) if index > 0 else self.last
        sources = _resolve(item, item.spec.inputs, self.produced, default, self.per_layer[index], calls=self.calls_made)
        states = _resolve(item, item.spec.initial_state, self.produced, [], self.per_layer[index], calls=self.calls_made) \
            if item.spec.initial_state else []
        if sources is None or states is None:
            self.alive = False
            return
        self._apply(index, item, 0, sources, states, span=item.spec.span, keywords=item.spec.keywords)

    def _infer_call(self, index: int, item: Built, node: int) -> None:
        """Call NODE (1, 2, ...) of a layer already called: same weights, new inputs."""
        if not self.alive or item.layer is None or (item.name, node - 1) not in self.produced:
            self.alive = False
            return
        call = item.spec.calls[node - 1]
        problems = self.per_layer[index]
        sources = _resolve(item, call.inputs, self.produced, [], problems, calls=self.calls_made)
        states = _resolve(item, call.initial_state, self.produced, [], problems, calls=self.calls_made) \
            if call.initial_state else []
        if sources is None or states is None:
            self.alive = False
            return
        self._apply(index, item, node, sources, states, span=call.span, keywords=call.keywords)

    def _produce(self, index: int, name: str, node: int, tensors: list[Tensor]) -> None:
        self.produced[(name, node)] = tensors
        self.calls_made[name] = max(self.calls_made.get(name, 0), node + 1)
        if node == 0:
            self.node0_out[index] = self.last = tensors

    def _apply(self, index: int, item: Built, node: int, sources: list[Tensor], states: list[Tensor], *,
               span: Span, keywords: tuple[str, ...] = ()) -> None:
        """Call the layer (its NODE-th call) on SOURCES, as Keras's Layer.__call__ does."""
        assert item.layer is not None
        self.consumed.update((t.op, t.node) for t in [*sources, *states])
        layer = item.layer
        if isinstance(layer, ModelLayer):
            self._apply_model(index, item, layer, node, sources=sources, states=states, span=span)
            return
        if not sources:
            # Keras's Merge.build reads input_shape[0] first: an empty list never builds.
            self.per_layer[index].append(_no_inputs(item, layer))
            self.alive = False
            return
        if not layer.merge and len(sources) != 1:
            producer = sources[0].op
            self.per_layer[index].append(error(
                "LC106", f"{label(item.name)} expects 1 input but receives {len(sources)} tensors from "
                f"{label(producer)}", span, label(item.name),
                _several_outputs_hint(next((b.layer for b in self.built if b.name == producer), None), producer),
            ))
            self.alive = False
            return
        main = sources[0]
        shape = main.shape
        try:
            if layer.merge:
                shapes = [t.shape for t in sources]
                outs = layer.merged_shapes(shapes)
                weights: tuple[Weight, ...] = tuple(layer.held_weights(layer.merged_weights(shapes)))
            else:
                layer.check_input(shape)
                weights = tuple(layer.effective_weights(shape))
                outs = layer.output_shapes(shape)
                if states:
                    _check_states(layer, shape, [t.shape for t in states])
                if main.mask and keras_version() == 2:
                    from lstmcalc.layers.keras2 import check_mask_broadcast, check_time_distributed_mask

                    if isinstance(layer, TimeDistributed):
                        check_time_distributed_mask(layer)
                    mask_shape = next((o.output_shape for o in self.ops if o.name == main.mask), None)
                    if mask_shape is not None:
                        check_mask_broadcast(layer, shape, mask_shape)
            if node == 0 and keras_version() == 2 and isinstance(layer.initial_weights, list):
                from lstmcalc.layers.keras2 import check_initial_weights

                check_initial_weights(layer, weights)
            if node > 0:
                first = self.results[self.result_index.index(index)]
                self._check_rebuild(index, item, first, shape, weights=weights, span=span)
                weights = ()  # a further call reuses the first call's weights
            self.total = _check_sizes(layer, outs, weights, self.total)
        except Refusal as refusal:
            previous = self.built[:index]
            self.per_layer[index].append(error(
                refusal.code, rewrite_message(refusal, layer, shape, previous), span,
                label(item.name), refusal.hint or hint_for(refusal, layer, shape, previous, self.results),
                fix=fix_for(refusal, layer, shape, previous, item.spec),
            ))
            self.alive = False
            return
        # Keras's Layer.__call__ converts an input whose dtype differs from the layer's
        # compute dtype: a float input is cast (a `cast` op), and the converted call no
        # longer records the mask as a node input, though the layer still uses it.
        converted = main.dtype != layer.compute_dtype
        source, source_node = main.op, main.node
        if converted and layer.autocasts and _is_float(main.dtype) and not layer.merge:
            source, source_node = self.op_namer.take("cast"), 0
            self.ops.append(LayerResult(source, "Cast", shape, (), Span(0, 0), inputs=(main.op,),
                                        input_nodes=(main.node,), is_op=True))
        links = [(t.op, t.node, t.position) for t in [*_node_order(sources, keywords), *states] if t.op]
        if main.mask and consumes_mask(layer) and not converted:
            links.append((main.mask, 0, 0))
        self.totals = self.totals.plus(weights)
        result = LayerResult(
            item.name, layer.keras_class, outs[0], weights, span, input_shape=shape,
            inputs=tuple(n for n, _, _ in links), input_indices=tuple(i for _, _, i in links),
            input_nodes=tuple(k for _, k, _ in links) if any(k for _, k, _ in links) else (),
            outputs=tuple(outs) if len(outs) > 1 else (), layer=layer,
        )
        if node == 0:
            self.results.append(result)
            self.result_index.append(index)
        else:
            self.calls_of.setdefault(index, []).append(result)
        if layer.merge:
            mask = merge_mask(layer, [(t.op, t.node, t.position, t.shape, t.mask) for t in sources],
                              namer=self.op_namer, ops=self.ops, output=outs[0])
        else:
            mask = next_mask(layer, shape, source, main.mask, namer=self.op_namer, ops=self.ops, node=source_node)
        if main.mask and mask is None and not drops_mask_knowingly(layer):
            self.mask_drops.append((item.name, main.mask))
        # The mask follows the layer's main outputs: both directions of a Bidirectional with
        # merge_mode=None (Keras's compute_mask returns (mask, mask)), never the states.
        mains = 2 if isinstance(layer, Bidirectional) and layer.merge_mode is None else 1
        self._produce(index, item.name, node, [
            Tensor(item.name, i, out, layer.compute_dtype, mask if i < mains else None, node)
            for i, out in enumerate(outs)
        ])

    def _apply_model(self, index: int, item: Built, layer: ModelLayer, node: int, *, sources: list[Tensor],
                     states: list[Tensor], span: Span) -> None:
        """Call a model used as a layer (its NODE-th call) on SOURCES (see engine/nested.py)."""
        problems = self.per_layer[index]
        name = label(item.name)
        if states:
            problems.append(error("LC107", f"{name} is a {layer.type_name} model; a model takes no initial_state",
                                  span, name, "pass the states to the recurrent layer inside the model"))
            self.alive = False
            return
        if not sources:
            problems.append(_no_inputs(item, layer))
            self.alive = False
            return
        if not layer.define(sources[0], problems):
            self.alive = False
            return
        if len(sources) != len(layer.input_specs):
            want = len(layer.input_specs)
            problems.append(error(
                "LC106", f"{name} expects {want} input{'s' if want != 1 else ''} but receives {len(sources)} "
                f"tensor{'s' if len(sources) != 1 else ''}", span, name,
                f"call it on its inputs: {', '.join(label(n) for n, _ in layer.input_specs)}"))
            self.alive = False
            return
        shapes, complaint = layer.check_call([t.shape for t in sources])
        if shapes is None:
            problems.append(error("LC100", complaint, span, name,
                                  f"{name} was built for {_names(_shape_text(s) for _, s in layer.input_specs)}; "
                                  "feed it that shape"))
            self.alive = False
            return
        outputs = layer.outputs_for(shapes, problems, span)
        if not outputs:
            self.alive = False
            return
        weights = layer.model_weights if node == 0 else ()
        if sum(w.size for w in weights) + self.total > INT64_MAX:
            problems.append(error("LC108", f"the model's parameter count passes 2**63 - 1 (int64) at {name}; no "
                                           "backend can create that many weights", span, name, "use realistic sizes"))
            self.alive = False
            return
        self.total += sum(w.size for w in weights)
        links = [(t.op, t.node, t.position) for t in sources if t.op]
        masks = [t.mask for t in sources if t.mask]
        links += [(mask, 0, 0) for mask in masks]  # the call's `mask` argument: an input of its node
        if masks:
            self.mask_drops.append((item.name, masks[0]))  # Keras: "this layer does not support masking"
        self.totals = self.totals.plus(weights)
        outs = [t.shape for t in outputs]
        if self.namer.keras == 2 and not layer.begins_at_call:  # tf.keras 2's Functional.output_shape:
            outs = [t.shape for t in layer.outputs]  # the shapes of the model's own outputs
        result = LayerResult(
            item.name, layer.keras_class, outs[0], weights, span, input_shape=sources[0].shape,
            inputs=tuple(n for n, _, _ in links), input_indices=tuple(i for _, _, i in links),
            input_nodes=tuple(k for _, k, _ in links) if any(k for _, k, _ in links) else (),
            outputs=tuple(outs) if len(outs) > 1 else (), nested=layer.rows, frozen=not layer.trainable,
        )
        if node == 0:
            self.results.append(result)
            self.result_index.append(index)
        else:
            self.calls_of.setdefault(index, []).append(result)
        self._produce(index, item.name, node, [Tensor(item.name, i, t.shape, t.dtype, None, node)
                                               for i, t in enumerate(outputs)])

    def _check_rebuild(self, index: int, item: Built, first: LayerResult, shape: Shape, *,
                       weights: tuple[Weight, ...], span: Span) -> None:
        """A further call whose input would need other weights than the first call built.
        Keras checks the built axis for the layers whose build sets an InputSpec with it
        (Dense, Conv1D, BatchNormalization) and refuses the call; the others (the RNNs,
        Bidirectional, ...) build the model and fail only when it runs."""
        if [w.shape for w in weights] == [w.shape for w in first.weights]:
            return
        assert item.layer is not None and first.input_shape is not None
        built = first.input_shape
        if item.layer.type_name in AXIS_CHECKED:
            axis = item.layer.__dict__.get("axis", -1) if item.layer.type_name == "BatchNormalization" else -1
            axis = axis if isinstance(axis, int) else -1
            raise Refusal("LC109", f"Input 0 with name 'None' of layer '{item.name}' is incompatible with the layer: "
                          f"expected axis {axis} of input shape to have value {built[axis]}, but received input with "
                          f"shape {_shape_text(shape)}",
                          f"{label(item.name)} was built for {_shape_text(built)} by its first call; give this call "
                          "its own layer, or feed it the same size")
        self.per_layer[index].append(warning(
            "LC109", f"{label(item.name)} was built for input {_shape_text(built)} by its first call, and this call "
            f"gives it {_shape_text(shape)}, which needs other weights; Keras builds the model, but running it fails",
            span, label(item.name), "feed every call of a shared layer the same feature size"))

    def _model_inputs(self, problems: list[Diagnostic]) -> tuple[bool, list[str] | None]:
        """(whether `inputs:` is valid, the names of the model's Input layers it gives, or
        None for every Input)."""
        if not self.inputs:
            return True, None
        names = []
        starts = {r.name for r in self.results if r.is_input}
        for ref in self.inputs:
            if ref.name not in starts or ref.node or ref.output:
                problems.append(error("LC031", f"`inputs` names {quoted(str(ref))}, which is not an Input layer",
                                      ref.span, None, f"Input layers: {_names(starts)}"))
                return False, None
            names.append(ref.name)
        return True, names

    def summary(self) -> Summary:
        """The Summary of every layer added so far."""
        if not self.built:
            return failed(self.path, [error("LC010", "the model has no layers", Span(1, 1), None,
                                            "add layers, starting with an Input")])
        functional, ops, alive = self.functional, self.ops, self.alive
        results = [row._replace(calls=tuple(self.calls_of[i])) if i in self.calls_of else row
                   for row, i in zip(self.results, self.result_index, strict=True)]
        if self.namer.keras == 2 and ops:  # tf.keras 2: masks and casts are no graph operations
            results, ops = _without_ops(results, {op.name for op in ops}), []
        operations: tuple[LayerResult, ...] = ()
        sequential_like = True
        names = [r.name for r in [*results, *ops]]
        per_layer = [list(problems) for problems in self.per_layer]
        if functional and results and alive and len(set(names)) == len(names):
            outputs = _outputs(self.outputs, self.produced, self.consumed, per_layer[-1])
            valid, starts = self._model_inputs(per_layer[-1])
            if outputs is not None and valid:
                graph = operation_order([*results, *ops], outputs, starts)
                if graph.disconnected is not None:
                    path = "" if len(outputs) == 1 else str(graph.disconnected)
                    per_layer[-1].append(error(
                        "LC032", f"Output with path `{path}` is not connected to `inputs`", self.name_span or Span(1, 1),
                        MODEL_LEVEL, f"{label(outputs[graph.disconnected][0])} is computed from an Input that is not among "
                        "the model's `inputs:`; add that Input to `inputs:`"))
                else:
                    results, operations, sequential_like = _in_model(results, graph)
        if self.duplicates and not functional:  # Sequential.add refuses the layer, after constructing it
            for index, constructed, first_use in self.duplicates:
                per_layer[index].insert(constructed, _duplicate_in_sequential(self.built[index], first_use))
        diagnostics = [_one_line(d) for problems in per_layer for d in problems]
        first = self.built[0]
        if self.unbuilt and self.namer.keras == 2 and self.printed:  # tf.keras 2's summary() raises for it
            diagnostics.insert(0, error(
                "LC020", "This model has not yet been built. Build the model first by calling `build()` or by "
                "calling the model on a batch of data. (tf.keras 2's summary() raises ValueError: the model has "
                "no input shape)", self.printed_at or first.spec.span, MODEL_LEVEL,
                f"give {label(first.name)} `input_shape: [timesteps, features]` (tf.keras 2 style), or start with "
                "`- {type: Input, shape: [timesteps, features]}`",
            ))
        elif self.unbuilt:
            diagnostics.insert(0, warning(
                "LC020", "the model has no input shape, so Keras leaves it unbuilt: no shapes or "
                "parameters", first.spec.span, first.name,
                "start with `- {type: Input, shape: [timesteps, features]}`",
            ))
        if self.duplicates and functional:  # Model() checks every name once all layers are called
            diagnostics.append(_one_line(self._duplicate_in_graph()))
        if self.name and "/" in self.name:  # Keras constructs the model after its layers
            diagnostics.append(_one_line(_slash_in_name(self.name, self.name_span or Span(1, 1), MODEL_LEVEL)))
        model_name = self.name or self.namer.peek("functional" if functional else "sequential")
        return Summary(
            path=self.path, name=model_name, layers=tuple(results),
            diagnostics=tuple(diagnostics), functional=functional, built=not self.unbuilt,
            operations=operations, sequential_like=sequential_like, constructed=tuple(self.built),
            mask_drops=tuple(self.mask_drops), keras=self.namer.keras,
            masked=frozenset((t.op, t.node, t.position) for tensors in self.produced.values() for t in tensors
                             if t.mask),
        )


class _OpNames(Namer):
    """tf.keras 2's derived ops: names of their own ('/' never starts a layer's name)."""

    def take(self, prefix: str) -> str:
        return "/" + super().take(prefix)


def _without_ops(results: list[LayerResult], ops: set[str]) -> list[LayerResult]:
    """RESULTS without their links to the ops OPS names (and so for their further calls)."""
    def own(row: LayerResult) -> LayerResult:
        keep = [i for i, name in enumerate(row.inputs) if name not in ops]
        if len(keep) == len(row.inputs):
            return row._replace(calls=tuple(own(c) for c in row.calls))
        return row._replace(
            inputs=tuple(row.inputs[i] for i in keep),
            input_indices=tuple(row.input_indices[i] for i in keep) if row.input_indices else (),
            input_nodes=tuple(row.input_nodes[i] for i in keep) if row.input_nodes else (),
            calls=tuple(own(c) for c in row.calls))
    return [own(row) for row in results]


def _in_model(results: list[LayerResult], graph: Graph) -> tuple[list[LayerResult], tuple[LayerResult, ...], bool]:
    """The rows of the layers in the model (Keras leaves out the layers its outputs do not
    need), each with the calls of it that belong to the model; and its operations."""
    nodes: dict[str, list[int]] = {}
    for name, node in sorted(graph.nodes):
        nodes.setdefault(name, []).append(node)
    def own(row: LayerResult) -> LayerResult:
        calls = tuple(nodes.get(row.name, ()))
        return row if calls == tuple(range(len(row.nodes))) else row._replace(model_nodes=calls)
    operations = tuple(own(row) for row in graph.operations)
    kept = {row.name for row in operations}
    return [own(row) for row in results if row.name in kept], operations, graph.sequential_like


#: Layers whose build() pins the input's last axis in an InputSpec, so that a later call with
#: another size is refused (recorded from Keras: tests/fixtures/keras3_shared_nested.json).
AXIS_CHECKED = frozenset({"Dense", "Conv1D", "BatchNormalization"})


def _shape_text(shape: Shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _no_inputs(item: Built, layer: Layer) -> Diagnostic:
    """`inputs: []`: a layer called on an empty list of tensors."""
    name = label(item.name)
    if layer.merge:
        what = f"`{layer.type_name}`" if layer.type_name == "Concatenate" else "merge"
        return error("LC107", f"A {what} layer should be called on a list of at least 1 input. "
                     "Received: input_shape=[]", item.spec.span, name,
                     f"list the tensors {name} joins: `inputs: [a, b]`")
    return error("LC106", f"{name} expects 1 input but receives 0 tensors (`inputs: []`)", item.spec.span, name,
                 "name the layer it takes input from, `inputs: [enc]`, or remove `inputs:` to take the "
                 "previous layer's output")


def _bad_input_shape(shape: Shape, item: Built, problems: list[Diagnostic]) -> bool:
    """Keras's standardize_shape: no negative dimension (batch_size included); and a rank
    lstmcalc models."""
    if len(shape) > MAX_RANK:
        problems.append(error(
            "LC002", f"the input has {len(shape):,} axes; lstmcalc models tensors of at most {MAX_RANK} axes",
            item.spec.span, label(item.name), "real inputs have a handful of axes"))
        return True
    if any(d is not None and d < 0 for d in shape):
        problems.append(error(
            "LC015", f"Cannot convert '{quoted(shape)}' to a shape. Negative dimensions are not allowed.",
            item.spec.span, label(item.name), "sizes are positive integers, or null for a variable size"))
        return True
    return False


def _check_sizes(layer: Layer, outs: list[Shape], weights: tuple[Weight, ...], total: int) -> int:
    """Refuse (LC108) any dimension, weight or running parameter total beyond int64;
    return the new total. Bounded arithmetic: each product stops once past the limit."""
    for out in outs:
        if len(out) > MAX_RANK:
            raise Refusal("LC002", f"{layer.label} would output {len(out):,} axes; lstmcalc models tensors of "
                          f"at most {MAX_RANK} axes", "use a shape with a handful of axes")
        for d in out:
            if d is not None and d > INT64_MAX:
                raise Refusal("LC108", f"{layer.label} would output a dimension of {quoted(d)}, beyond "
                              "2**63 - 1 (int64); Keras cannot create a tensor that large",
                              "use realistic sizes in the layers before it")
            if d is not None and d < 0:
                raise Refusal("LC104", f"{layer.label} would output the shape {quoted(out)}. Negative dimensions "
                              "are not allowed.", f"check {layer.label}'s arguments against its input")
    for w in weights:
        if any(d < 0 for d in w.shape):
            raise Refusal("LC104", f"{layer.label} would create {w.name} with shape {quoted(w.shape)}. "
                          "Negative dimensions are not allowed.", f"check {layer.label}'s arguments")
        total += checked_prod(w.shape, f"{layer.label}'s {w.name} of shape {quoted(w.shape)} holds a number "
                              "of values that")
        if total > INT64_MAX:
            raise Refusal("LC108", f"the model's parameter count passes 2**63 - 1 (int64) at {layer.label}; "
                          "no backend can create that many weights", "use realistic sizes")
    return total


def _one_line(d: Diagnostic) -> Diagnostic:
    """Every engine finding as one printable line of bounded length (the input it quotes
    was already cut to an excerpt; this holds whatever a message builds around it)."""
    return d._replace(message=visible(d.message, MAX_MESSAGE), hint=visible(d.hint, MAX_MESSAGE),
                      layer=None if d.layer is None else label(d.layer))




class Tensor(NamedTuple):
    """A tensor flowing between layers: which op made it, its shape and dtype, its mask op."""

    op: str
    position: int  # which of the op's outputs (Keras's tensor index)
    shape: Shape
    dtype: str
    mask: str | None
    node: int = 0  # which call of the op made it (Keras's node index)


#: Tensors one layer may take, and axes one tensor may have: far beyond real models, and the
#: bound that keeps a hostile file from costing seconds and hundreds of MB to print.
MAX_REFS = 1000
MAX_RANK = 64
#: Layers in one model: a 33,000-layer file took 15 s to print (28 s and 700 MB as SVG).
MAX_LAYERS = 5000
#: Tensors named in `inputs:` and `initial_state:` over the whole model (Connected to cells):
#: 190,000 took 13 s to print and 45 s as SVG.
MAX_LINKS = 10_000


def _keras2_input_name(name: str) -> str:
    """Keras 3's automatic name of an unnamed Input (`input_layer`, `input_layer_1`, ...) as
    tf.keras 2 names the same Input (`input_1`, `input_2`, ...): a spec written with Keras 3's
    names wires the same graph under --keras 2. Any other name unchanged."""
    if name == "input_layer":
        return "input_1"
    head, _, number = name.rpartition("_")
    if head == "input_layer" and number.isdigit() and len(number) < 6:
        return f"input_{int(number) + 1}"
    return name


def _resolve(item: Built, refs: tuple[Ref, ...] | None, produced: dict[tuple[str, int], list[Tensor]],
             default: list[Tensor], problems: list[Diagnostic], *, calls: dict[str, int]) -> list[Tensor] | None:
    """The tensors a layer's `inputs:` (or `initial_state:`) names; the default when not given."""
    if refs is None:
        return default
    if len(refs) > MAX_REFS:
        problems.append(error(
            "LC002", f"{label(item.name)} takes {len(refs):,} tensors; lstmcalc models at most {MAX_REFS:,} "
            "inputs to one layer", refs[0].span, label(item.name), "split the merge into several layers"))
        return None
    found: list[Tensor] = []
    for ref in refs:
        outputs = produced.get((ref.name, ref.node))
        if outputs is None and ref.name in calls:
            made = calls[ref.name]
            problems.append(error(
                "LC031", f"{label(item.name)} takes input from {quoted(str(ref))}, but {label(ref.name)} is called "
                f"{made} time{'s' if made != 1 else ''} before it", ref.span, label(item.name),
                f"use {label(ref.name)}@0 to {label(ref.name)}@{made - 1}" if made > 1 else f"use {label(ref.name)}"))
            return None
        if outputs is None:
            names = list(calls)
            guess = _guess(ref.name, names) if len(names) <= MAX_GUESS_NAMES else ""
            problems.append(error(
                "LC031", f"{label(item.name)} takes input from {quoted(ref.name)}, which is not a layer "
                "before it", ref.span, label(item.name),
                f"did you mean `{label(guess)}`?" if guess else f"layers before it: {_names(names)}"))
            return None
        if ref.output is None:
            found.extend(outputs)
        elif ref.output < len(outputs):
            found.append(outputs[ref.output])
        else:
            name = label(ref.name if ref.node == 0 else f"{ref.name}@{ref.node}")
            problems.append(error(
                "LC031", f"{name} has {len(outputs)} output{'s' if len(outputs) != 1 else ''}, so "
                f"{name}[{quoted(ref.output)}] does not exist", ref.span, label(item.name),
                f"use {name}[0] to {name}[{len(outputs) - 1}]" if len(outputs) > 1 else f"use {name}"))
            return None
    return found


def _node_order(sources: list[Tensor], keywords: tuple[str, ...]) -> list[Tensor]:
    """SOURCES as Keras's node lists them: the positional arguments, then the keyword ones
    sorted by keyword (tree.flatten of the call's kwargs)."""
    if len(keywords) != len(sources) or not any(keywords):
        return sources
    named = sorted((k, i) for i, k in enumerate(keywords) if k)
    return [t for t, k in zip(sources, keywords, strict=True) if not k] + [sources[i] for _, i in named]


def _check_states(layer: Layer, shape: Shape, given: list[Shape]) -> None:
    """Only recurrent layers take an initial_state. Keras does not compare the states'
    number or sizes with the cell's while building (a mismatch fails only when run), so
    neither does lstmcalc: the lint rule LC209 (initial-state-mismatch) points it out."""
    rnn = layer.layer if isinstance(layer, Bidirectional) else layer
    if not isinstance(rnn, RNN):
        raise Refusal("LC107", f"{layer.label} takes no initial_state; only recurrent layers keep states",
                      "remove initial_state, or give it to an LSTM, GRU or SimpleRNN")
    if keras_version() == 2 and rnn.family == "recurrent":  # tf.keras 2's RNN._validate_state_spec
        _check_states_keras2(layer, rnn, shape, given)


def _check_states_keras2(layer: Layer, rnn: Layer, shape: Shape, given: list[Shape]) -> None:
    """tf.keras 2 compares the states given with the cell's state_size while building: as
    many, each of the state's size (a Bidirectional gives half to each direction)."""
    sizes = [s[1:] for s in rnn.state_shapes(shape)]  # type: ignore[attr-defined]
    halves = [given[:len(given) // 2], given[len(given) // 2:]] if isinstance(layer, Bidirectional) else [given]
    for part in halves:
        if rnn.type_name.startswith("ConvLSTM"):  # ConvRNN.build compares the channels only
            fits = [s[-1] for s in part] == [size[-1] for size in sizes]
        else:
            fits = len(part) == len(sizes) and all(
                len(s) - 1 == len(size) and all(a is None or b is None or a == b for a, b in zip(s[1:], size, strict=True))
                for s, size in zip(part, sizes, strict=True))
        if not fits:
            shown = ", ".join(fmt_shape(s) for s in part)
            raise Refusal("LC107", "An `initial_state` was passed that is not compatible with `cell.state_size`. "
                          f"Received states of shapes [{shown}]; however `cell.state_size` is "
                          f"{[size[0] if len(size) == 1 else list(size) for size in sizes]} (tf.keras 2 checks this "
                          "while building)",
                          f"pass {len(sizes)} state{'s' if len(sizes) != 1 else ''} of "
                          f"{' and '.join(fmt_shape((None, *size)) for size in sizes)}")


def _outputs(refs: tuple[Ref, ...], produced: dict[tuple[str, int], list[Tensor]], consumed: set[tuple[str, int]],
             problems: list[Diagnostic]) -> list[tuple[str, int]] | None:
    """The model's output calls, one per output tensor: `outputs:` or the calls whose
    outputs nobody consumes."""
    if refs:
        nodes = []
        for ref in refs:
            tensors = produced.get((ref.name, ref.node))
            if tensors is None:
                names = list(dict.fromkeys(name for name, _ in produced))
                guess = _guess(ref.name, names) if len(names) <= MAX_GUESS_NAMES else ""
                what = "layer" if ref.node == 0 or ref.name not in names else "call of a layer"
                problems.append(error("LC031", f"`outputs` names {quoted(str(ref))}, which is not a {what}", ref.span,
                                      None, f"did you mean `{label(guess)}`?" if guess and guess != ref.name else
                                      f"layers: {_names(names)}"))
                return None
            count = len(tensors) if ref.output is None else 1
            nodes.extend([(ref.name, ref.node)] * count)
        return nodes
    unused = [key for key in produced if key not in consumed] or [next(reversed(produced))]
    return [key for key in unused for _ in produced[key]]


#: Above this many layers a misspelt reference gets no suggestion: difflib compares with each.
MAX_GUESS_NAMES = 1000


def _names(names: Iterable[str], most: int = 8) -> str:
    """Up to MOST layer names for a hint, each an excerpt."""
    listed = list(itertools.islice(names, most + 1))
    if not listed:
        return "none"
    shown = ", ".join(label(n) for n in listed[:most])
    return shown + (", ..." if len(listed) > most else "")


def _is_float(dtype: str) -> bool:
    return dtype.startswith(("float", "bfloat"))


def _several_outputs_hint(layer: Layer | None, name: str) -> str:
    name = label(name)
    if getattr(layer, "merge_mode", "concat") is None:
        return f"give {name} a merge_mode (concat, sum, mul or ave) so it returns one tensor"
    return f"set return_state=False on {name}; its states are extra outputs"


def _rename_hint(name: str, first: Span) -> str:
    return (f"rename it; the first {quoted(name)} is on line {first.line}"
            + ("" if first.cell is None else f" of cell {first.cell}"))


def _duplicate_in_sequential(item: Built, first: Span) -> Diagnostic:
    """Keras 3.15's Sequential.add, refusing a layer whose name the model already has."""
    return error(
        "LC018", f"All layers added to a Sequential model should have unique names. Name '{label(item.name)}' is "
        "already the name of a layer in this model. Update the `name` argument to pass a unique name.",
        item.spec.name_span or item.spec.span, label(item.name), _rename_hint(item.name, first))


def failed(path: str, problems: list[Diagnostic]) -> Summary:
    """A Summary for a file that could not even be read as a spec."""
    return Summary(path=path, name="", layers=(), diagnostics=tuple(problems), built=False, keras=keras_version())
