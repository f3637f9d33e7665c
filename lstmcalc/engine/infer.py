"""Shape inference: a ModelSpec in, a Summary with every shape, weight and diagnostic out.

It follows the order in which Keras itself works through a model: each layer is
constructed (its arguments validated, its automatic name taken), then called on the
previous output (InputSpec check, build, compute_output_shape). The first layer Keras
would refuse ends shape inference; argument checks still run for the layers after it so
one pass reports every typo.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import Diagnostic, did_you_mean, error, warning
from lstmcalc.engine.built import Built
from lstmcalc.engine.graph import operation_order
from lstmcalc.engine.hints import hint_for, rewrite_message
from lstmcalc.engine.masking import consumes_mask, drops_mask_knowingly, next_mask
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers import REGISTRY, Layer, Refusal, Shape
from lstmcalc.layers.args import INPUT_ARG_NAMES, INPUT_ARGS
from lstmcalc.layers.base import Arg
from lstmcalc.layers.core import Input
from lstmcalc.layers.recurrent import RNN
from lstmcalc.span import Span
from lstmcalc.spec.model import LayerSpec, ModelSpec

INPUT_TYPE = "Input"
LAYER_TYPES = sorted(REGISTRY)


class Namer:
    """Keras 3's automatic names: a per-prefix counter, as in a fresh process."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def take(self, prefix: str) -> str:
        n = self.counts.get(prefix, 0)
        self.counts[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"


def construct(spec: LayerSpec, namer: Namer, problems: list[Diagnostic]) -> Built:
    """Validate arguments and create the layer, naming it the way Keras would."""
    cls = REGISTRY.get(spec.type)
    if cls is None:
        name = spec.name or namer.take(_snake(spec.type))
        guess = did_you_mean(spec.type, LAYER_TYPES)
        problems.append(error(
            "LC012", f"unknown layer type {spec.type!r}", spec.type_span, name,
            f"did you mean `{guess}`?" if guess else f"known types: {', '.join(LAYER_TYPES)}",
        ))
        return Built(spec, name, None)
    # Keras constructs the wrapped layer first, so it takes its automatic name first.
    nested: dict[str, Layer] = {}
    ok = True
    for key, inner_spec in spec.wrapped.items():
        if key not in cls.nested:
            continue
        inner = construct(inner_spec, namer, problems)
        if inner.layer is None:
            ok = False
        else:
            nested[key] = inner.layer
    name = spec.name or namer.take(cls.auto_name)
    values = _arguments(cls, spec, name, problems)
    if values is None or not ok:
        return Built(spec, name, None)
    if cls.nested and "layer" not in nested:
        problems.append(error(
            "LC016", f"{spec.type} needs `layer:`, the layer it wraps", spec.span, name,
            f"e.g. `layer: {{type: LSTM, units: 64}}` under the {spec.type}",
        ))
        return Built(spec, name, None)
    for key in cls.nested:
        nested.setdefault(key, None)  # type: ignore[arg-type]
    layer = cls(name, values, nested)
    complaint = layer.validate()
    if complaint:
        problems.append(error("LC015", f"{name}: {complaint}", spec.span, name, _fix_for(cls.type_name)))
        return Built(spec, name, None)
    return Built(spec, name, layer)


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
    for key, arg in spec.args.items():
        decl = table.get(key)
        own = decl is not None
        if decl is None:
            decl = legacy.get(key)
        if decl is None:
            guess = did_you_mean(key, [*table, *cls.nested])
            problems.append(error(
                "LC013", f"{cls.type_name} has no argument {key!r}", arg.key_span, name,
                f"did you mean `{guess}`?" if guess else
                f"{cls.type_name} takes: {', '.join(a for a in table if a not in INPUT_ARG_NAMES)}",
            ))
            ok = False
            continue
        if _too_large(arg.value):
            problems.append(error(
                "LC015", f"{cls.type_name} argument `{key}` holds a number beyond int64 "
                f"({_describe(arg.value)}); Keras cannot create tensors that large", arg.span, name,
                "use a realistic size",
            ))
            ok = False
            continue
        if not decl.kind.test(arg.value):
            problems.append(error(
                "LC014", f"{cls.type_name} argument `{key}` must be {decl.kind.expected}, "
                f"got {_describe(arg.value)}", arg.span, name, _type_hint(decl, arg.value),
            ))
            ok = False
            continue
        if decl.check is not None and arg.value is not None:  # None passed the kind test: "not given"
            complaint = decl.check(arg.value)
            if complaint:
                problems.append(error("LC015", complaint, arg.span, name, _value_hint(decl, arg.value)))
                ok = False
                continue
        if own:
            values[key] = arg.value
    for decl in cls.args:
        if decl.name in values:
            continue
        if decl.required and decl.name not in spec.args:
            problems.append(error(
                "LC016", f"{cls.type_name} needs `{decl.name}`", spec.span, name,
                f"add `{decl.name}: ...` ({decl.doc or decl.kind.expected})",
            ))
            ok = False
        elif not decl.required:
            values[decl.name] = decl.default
    return values if ok else None


INT64_MAX = 2**63 - 1


def _too_large(value: Any) -> bool:
    if isinstance(value, list):
        return any(_too_large(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT64_MAX


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, list):
        odd = [v for v in value if not (isinstance(v, int) and not isinstance(v, bool)) and v is not None]
        return f"a list containing {_describe(odd[0])}" if odd else f"the list {value}"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _type_hint(decl: Arg, value: Any) -> str:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return f"remove the quotes: {decl.name}: {value.strip()}"
    if isinstance(value, float) and value.is_integer() and "integer" in decl.kind.expected:
        return f"write a whole number: {decl.name}: {int(value)}"
    if isinstance(value, bool) and "integer" in decl.kind.expected:
        return f"{decl.name} takes a number; YAML reads {str(value).lower()} as a boolean"
    if decl.kind.expected.startswith("a list") and not isinstance(value, list):
        return f"write it as a list: {decl.name}: [{value}]"
    return f"{decl.name}: {decl.doc}" if decl.doc else ""


def _value_hint(decl: Arg, value: Any) -> str:
    from lstmcalc.layers.keras_names import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS

    for names in (ACTIVATIONS, INITIALIZERS, REGULARIZERS, CONSTRAINTS):
        if isinstance(value, str) and decl.check is not None and decl.kind.expected.startswith("a name"):
            guess = did_you_mean(value, sorted(names))
            if guess:
                return f"did you mean `{guess}`?"
    return decl.doc


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
        if isinstance(layer, RNN):
            return (batch, length, dim)
        return (batch, dim)
    if layer.type_name == "Embedding" and length is not None:
        return (batch, length)
    return None


def analyze(spec: ModelSpec) -> Summary:
    """Infer every shape and weight of the model; all problems come back as diagnostics."""
    if not spec.layers:
        return failed(spec.path, [error("LC010", "the model has no layers", Span(1, 1), None,
                                        "add layers, starting with an Input")])
    namer = Namer()
    per_layer: list[list[Diagnostic]] = []
    built: list[Built] = []
    for layer_spec in spec.layers:
        problems: list[Diagnostic] = []
        built.append(construct(layer_spec, namer, problems))
        per_layer.append(problems)

    functional = spec.layers[0].type == INPUT_TYPE
    model_name = spec.name or ("functional" if functional else "sequential")
    results: list[LayerResult] = []
    shape: Shape | None = None
    first = built[0]
    if functional:
        if isinstance(first.layer, Input):
            shape = first.layer.input_shape()
            results.append(LayerResult(first.name, "InputLayer", shape, (), first.spec.span,
                                       is_input=True))
        body = built[1:]
        offset = 1
    else:
        body = built
        offset = 0
        if first.layer is not None:
            shape = _input_shape_from_legacy(first)
    alive = shape is not None and all(b.layer is not None for b in built[:offset])
    unbuilt = not functional and first.layer is not None and shape is None
    tensor = first.name if functional else ""  # the op whose output flows on
    mask: str | None = None  # the op computing the current Keras mask, if any
    dtype = first.layer.__dict__.get("dtype") or "float32" if functional and first.layer else "float32"
    fan_out = 1  # how many tensors the previous layer returned
    mask_drops: list[tuple[str, str]] = []
    ops: list[LayerResult] = []
    for i, item in enumerate(body):
        index = i + offset
        if item.spec.type == INPUT_TYPE:
            per_layer[index].append(error(
                "LC010", "an Input layer can only come first in a sequential spec", item.spec.span,
                item.name, "remove it, or move it to the top of `layers:`",
            ))
            alive = False
            continue
        if unbuilt:
            results.append(LayerResult(item.name, item.spec.type, None, (), item.spec.span))
            continue
        if not alive or item.layer is None or shape is None:
            alive = False
            continue
        if fan_out > 1:
            per_layer[index].append(error(
                "LC106", f"{item.name} expects 1 input but receives {fan_out} tensors from {tensor}",
                item.spec.span, item.name, _several_outputs_hint(body[i - 1].layer if i else None, tensor),
            ))
            alive = False
            continue
        try:
            item.layer.check_input(shape)
            weights = tuple(item.layer.effective_weights(shape))
            outs = item.layer.output_shapes(shape)
        except Refusal as refusal:
            previous = built[:index]
            per_layer[index].append(error(
                refusal.code, rewrite_message(refusal, item.layer, shape, previous), item.spec.span,
                item.name, refusal.hint or hint_for(refusal, item.layer, shape, previous, results),
            ))
            alive = False
            continue
        # Keras's Layer.__call__ converts an input whose dtype differs from the layer's
        # compute dtype: a float input is cast (a `cast` op), and the converted call no
        # longer records the mask as a node input, though the layer still uses it.
        converted = dtype != item.layer.compute_dtype
        source = tensor
        if converted and item.layer.autocasts and _is_float(dtype):
            source = namer.take("cast")
            ops.append(LayerResult(source, "Cast", shape, (), Span(0, 0), inputs=(tensor,), is_op=True))
        inputs = (tensor,) if tensor else ()
        if mask and consumes_mask(item.layer) and not converted:
            inputs = (*inputs, mask)
        out = outs[0]
        results.append(LayerResult(item.name, item.layer.keras_class, out, weights, item.spec.span,
                                   input_shape=shape, inputs=inputs,
                                   outputs=tuple(outs) if len(outs) > 1 else (), layer=item.layer))
        previous_mask = mask
        mask = next_mask(item.layer, shape, source, mask, namer=namer, ops=ops)
        if previous_mask and mask is None and not drops_mask_knowingly(item.layer):
            mask_drops.append((item.name, previous_mask))
        tensor, shape, fan_out, dtype = item.name, out, len(outs), item.layer.compute_dtype

    operations: tuple[LayerResult, ...] = ()
    sequential_like = True
    names = [r.name for r in [*results, *ops]]
    if functional and results and alive and len(set(names)) == len(names):
        operations_list, sequential_like = operation_order([*results, *ops], [results[-1].name])
        operations = tuple(operations_list)
    diagnostics = [d for problems in per_layer for d in problems]
    if unbuilt:
        diagnostics.insert(0, warning(
            "LC020", "the model has no input shape, so Keras leaves it unbuilt: no shapes or "
            "parameters", spec.layers[0].span, first.name,
            "start with `- {type: Input, shape: [timesteps, features]}`",
        ))
    diagnostics += _duplicate_names(built)
    return Summary(
        path=spec.path, name=model_name, layers=tuple(results),
        diagnostics=tuple(diagnostics), functional=functional, built=not unbuilt,
        operations=operations, sequential_like=sequential_like, constructed=tuple(built),
        mask_drops=tuple(mask_drops),
    )


def _is_float(dtype: str) -> bool:
    return dtype.startswith(("float", "bfloat"))


def _several_outputs_hint(layer: Layer | None, name: str) -> str:
    if getattr(layer, "merge_mode", "concat") is None:
        return f"give {name} a merge_mode (concat, sum, mul or ave) so it returns one tensor"
    return f"set return_state=False on {name}; its states are extra outputs"


def _duplicate_names(built: list[Built]) -> list[Diagnostic]:
    seen: dict[str, Span] = {}
    out = []
    for item in built:
        if item.name in seen:
            out.append(error(
                "LC018", f'The name "{item.name}" is used 2 times in the model. All layer names '
                "should be unique.", item.spec.name_span or item.spec.span, item.name,
                f"rename it; the first {item.name!r} is on line {seen[item.name].line}",
            ))
        else:
            seen[item.name] = item.spec.name_span or item.spec.span
    return out


def failed(path: str, problems: list[Diagnostic]) -> Summary:
    """A Summary for a file that could not even be read as a spec."""
    return Summary(path=path, name="", layers=(), diagnostics=tuple(problems), built=False)
