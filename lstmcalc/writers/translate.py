"""Keras 2 <-> Keras 3: what changes when a model read for one Keras is written as code for the other.

`convert --keras 2 --to keras --to-keras 3` (and the reverse) writes the model with the target
Keras's idioms and says, like a codemod, one line per change with the layer and its source line:
the Keras 2 input arguments that become a keras.Input, the Embedding `input_length` Keras 3
drops, and every fact the target Keras gives differently (an automatic name, an output shape,
a parameter count), found by analysing the written code as the target Keras and comparing it,
row by row, with the analysis of the input. Nothing is said when nothing changes.
"""

from __future__ import annotations

from typing import NamedTuple

from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.args import INPUT_ARGS
from lstmcalc.safety.text import quoted, visible
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec
from lstmcalc.writers.keras_code import (
    CUDNN_LAYERS,
    EmitError,
    all_names,
    cudnn_change,
    is_graph,
    legacy_input,
    literal,
    to_keras_python,
)


class Change(NamedTuple):
    """One rewrite: where in the input, which layer, and what became what."""

    span: Span
    layer: str
    text: str


class Translation(NamedTuple):
    code: str
    changes: list[Change]


def _label(name: str, layer: LayerSpec) -> str:
    return f"{name} ({layer.type})"


def _idiom_changes(spec: ModelSpec, names: list[str], graph: bool) -> list[Change]:
    """Keras 2 -> 3: the input arguments and Keras 2 classes the Keras 3 code writes differently."""
    from lstmcalc.layers import REGISTRY

    found: list[Change] = []
    for index, layer in enumerate(spec.layers):
        name = names[index] if index < len(names) else layer.type.lower()
        own = REGISTRY[layer.type].arg_table() if layer.type in REGISTRY else {}
        given = {k: a for k, a in layer.args.items() if k in INPUT_ARGS and k not in own and a.value is not None}
        if layer.type == "Embedding" and "input_length" in layer.args and layer.args["input_length"].value is not None:
            given["input_length"] = layer.args["input_length"]
        if given:
            written = ", ".join(f"{k}={literal(k, a.value)}" for k, a in given.items())
            first = index == 0 and not graph and layer.model is None
            made = legacy_input(layer) if first else None
            if made:
                text = (f"{written} -> {made} in front of the layers (Keras 3 takes a model's input from "
                        "keras.Input, not from layer arguments)")
            else:
                text = (f"{written} dropped: Keras 2 ignores it, as only a Sequential's first layer takes its "
                        "input from input arguments")
            span = min((a.key_span for a in given.values()), key=Span.order)
            found.append(Change(span, _label(name, layer), text))
        if layer.type in CUDNN_LAYERS:
            found.append(Change(layer.type_span, _label(name, layer), cudnn_change(layer)))
        for inner in layer.wrapped.values():
            if inner.type in CUDNN_LAYERS:
                found.append(Change(inner.type_span, f"{inner.name or inner.type.lower()} ({inner.type}) in {name}",
                                    cudnn_change(inner)))
        if layer.model is not None and layer.type == "Sequential":  # its own first layer, its own input
            labels = all_names(layer.model.layers).get(id(layer.model.layers), [])
            found += _idiom_changes(layer.model, labels, graph=False)
    return found


def _shape(result: LayerResult) -> str:
    shape = result.output_shape
    if shape is None:
        return "?"
    return str(tuple(shape)) if len(shape) != 1 else f"({shape[0]},)"


def _fact_changes(before: Summary, after: Summary, source: int, target: int) -> list[Change]:
    """Every row whose name, output shape or parameter count differs between the two analyses."""
    found: list[Change] = []
    if before.name != after.name:
        found.append(Change(Span(1, 1), "the model",
                            f"automatic model name {quoted(before.name)} (Keras {source}) -> "
                            f"{quoted(after.name)} (Keras {target})"))
    if not (before.built and before.ok) and after.built:
        found.append(Change(Span(1, 1), "the model", f"unbuilt in lstmcalc's Keras {source} analysis, built by the "
                                                     f"Keras {target} code"))
        return found
    old, new = list(before.layers), list(after.layers)
    if len(old) != len(new):
        found.append(Change(Span(1, 1), "the model", f"{len(old)} summary rows under Keras {source}, "
                                                     f"{len(new)} under Keras {target}"))
        return found
    for was, now in zip(old, new, strict=True):
        label = f"{was.name} ({was.type})"
        if was.name != now.name:
            found.append(Change(was.span, label, f"automatic name {quoted(was.name)} (Keras {source}) -> "
                                                 f"{quoted(now.name)} (Keras {target})"))
        if _shape(was) != _shape(now):
            found.append(Change(was.span, label, f"output shape {_shape(was)} -> {_shape(now)}"))
        if was.params != now.params:
            found.append(Change(was.span, label, f"parameters {was.params:,} (Keras {source}) -> {now.params:,} "
                                                 f"(Keras {target})"))
    return found


def _embedding_input(spec: ModelSpec) -> tuple[ModelSpec, list[Change]]:
    """tf.keras 2's Embedding gives itself `input_shape=(None,)` when it has no input argument
    (tf_keras/layers/core/embedding.py), so a Sequential starting with one is built; Keras 3's
    is not: the Keras 3 code gets the keras.Input(shape=(None,)) Keras 2 made."""
    layers = list(spec.layers)
    if not layers or layers[0].type != "Embedding" or is_graph(spec):
        return spec, []
    first = layers[0]
    if any(first.args.get(key) is not None and first.args[key].value is not None for key in
           ("input_shape", "batch_input_shape", "input_length")):
        return spec, []
    args = {**first.args, "input_shape": ArgSpec([None], first.span, first.span)}
    layers[0] = first._replace(args=args)
    change = Change(first.span, f"{first.name or 'embedding'} (Embedding)",
                    "tf.keras 2's Embedding without input_length takes input_shape=(None,) by itself -> "
                    "keras.Input(shape=(None,)) in front of the layers (Keras 3 leaves the model unbuilt without it)")
    return spec._replace(layers=tuple(layers)), [change]


def _one_axis(spec: ModelSpec) -> tuple[ModelSpec, list[Change]]:
    """tf.keras 2 writes BatchNormalization's axis as a list (`"axis": [2]`); Keras 3 takes
    one integer: a list of one becomes that integer."""
    layers, changes = list(spec.layers), []
    for i, layer in enumerate(layers):
        axis = layer.args.get("axis")
        if layer.type == "BatchNormalization" and axis is not None and isinstance(axis.value, list) \
                and len(axis.value) == 1 and isinstance(axis.value[0], int):
            layers[i] = layer._replace(args={**layer.args, "axis": axis._replace(value=axis.value[0])})
            changes.append(Change(axis.span, f"{layer.name or 'batch_normalization'} (BatchNormalization)",
                                  f"axis={axis.value} -> axis={axis.value[0]} (Keras 3 takes one integer)"))
    return spec._replace(layers=tuple(layers)), changes


def translate(spec: ModelSpec, before: Summary, source: int, target: int) -> Translation:
    """SPEC (analysed as BEFORE under Keras SOURCE) as Keras TARGET code, with what changed
    (nothing when SOURCE == TARGET: the code is written in that Keras's own idiom).
    EmitError when it cannot be written, or when the written code does not build under TARGET."""
    from lstmcalc.engine import summarize

    if source == target:
        return Translation(to_keras_python(spec, target), [])
    changes = []
    if target == 3:
        names = [r.name for r in before.layers] if len(before.layers) == len(spec.layers) else []
        changes += _idiom_changes(spec, names, is_graph(spec) or bool(spec.layers and spec.layers[0].type == "Input"))
        spec, more = _embedding_input(spec)
        changes += more
        spec, more = _one_axis(spec)
        changes += more
    code = to_keras_python(spec, target)
    after = summarize(code.encode(), "converted.py", keras=target)
    errors = [d for d in after.diagnostics if d.is_error]
    if errors or not after.ok:
        why = visible(errors[0].message, 500) if errors else "it does not build"
        raise EmitError(f"the model cannot be written for Keras {target}: {why}")
    changes += _fact_changes(before, after, source, target)
    return Translation(code, sorted(changes, key=lambda c: c.span.order()))
