"""A model the interpreter built -> the ModelSpec the engine analyses.

A functional model's layers come in Keras's order: keras/src/ops/function.py map_graph walks
back from the outputs (depth first, recording each operation's first visit), gives every
node a depth (its longest distance to an output), and lists operations by decreasing depth,
ties in visiting order. A Sequential model lists its layers as added.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.readers.python.keras_objects import Layer, Model, Node, Tensor, flatten
from lstmcalc.safety.text import excerpt
from lstmcalc.span import Span
from lstmcalc.spec.model import CallSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.sequential import fold_input

#: Levels of models nested inside models.
MAX_NESTING = 20


class GraphError(Exception):
    def __init__(self, problem: Diagnostic) -> None:
        super().__init__(problem.message)
        self.problem = problem


def map_graph(model: Model) -> tuple[list[Layer], set[tuple[int, int]]]:
    """(layers in Keras's order, the (layer id, node index) pairs in the model)."""
    inputs = [t for t in flatten(model.inputs) if isinstance(t, Tensor)]
    in_decreasing_depth, indices, layers = _build_map(model, inputs)
    nodes_depth: dict[tuple[int, int], int] = {}
    layers_depth: dict[int, int] = {}
    in_graph = {(id(n.layer), n.index) for n in in_decreasing_depth}
    for node in reversed(in_decreasing_depth):
        key = (id(node.layer), node.index)
        depth = nodes_depth.setdefault(key, 0)
        depth = max(depth, layers_depth.get(id(node.layer), 0))
        layers_depth[id(node.layer)] = depth
        nodes_depth[key] = depth
        for parent in (*node.inputs, *node.states):
            parent_key = (id(parent.layer), parent.node)
            if parent_key in in_graph:
                nodes_depth[parent_key] = max(depth + 1, nodes_depth.get(parent_key, 0))
    for tensor in inputs:
        if id(tensor.layer) not in layers_depth and tensor.layer.is_input:
            layers_depth[id(tensor.layer)] = 0
            indices[id(tensor.layer)] = -1
            layers[id(tensor.layer)] = tensor.layer
            in_graph.add((id(tensor.layer), tensor.node))
    by_depth: dict[int, list[int]] = {}
    for layer_id, depth in layers_depth.items():
        by_depth.setdefault(depth, []).append(layer_id)
    ordered: list[Layer] = []
    for depth in sorted(by_depth, reverse=True):
        ordered.extend(layers[i] for i in sorted(by_depth[depth], key=lambda i: indices[i]))
    return ordered, in_graph


def _build_map(model: Model, inputs: list[Tensor]) -> tuple[list[Node], dict[int, int], dict[int, Layer]]:
    """Keras's _build_map: nodes from the inputs to the outputs, and each layer's index in
    the depth-first walk back from the outputs (iterative, so any depth is safe)."""
    input_keys = {(id(t.layer), t.node) for t in inputs}
    finished: set[tuple[int, int]] = set()
    in_progress: set[tuple[int, int]] = set()
    in_decreasing_depth: list[Node] = []
    indices: dict[int, int] = {}
    layers: dict[int, Layer] = {}
    stack: list[tuple[Tensor, bool]] = [(t, False) for t in reversed(flatten(model.outputs))]
    while stack:
        current, done = stack.pop()
        layer = current.layer
        node = layer.nodes[current.node]
        key = (id(layer), current.node)
        if done:
            finished.add(key)
            in_progress.discard(key)
            in_decreasing_depth.append(node)
            continue
        if key in finished:
            continue
        if not layer.is_input and key in input_keys:
            finished.add(key)
            continue
        if key in in_progress:
            raise GraphError(error("LC010", f"`{excerpt(layer.name)}` is part of a cycle", model.span))
        indices.setdefault(id(layer), len(indices))
        layers[id(layer)] = layer
        in_progress.add(key)
        stack.append((current, True))
        if not layer.is_input:
            stack.extend((parent, False) for parent in reversed((*node.inputs, *node.states)))
    return in_decreasing_depth, indices, layers


def functional_layers(model: Model) -> list[Layer]:
    return map_graph(model)[0]


def ref(tensor: Tensor, where: Span) -> Ref:
    return Ref(tensor.layer.name, tensor.index, where, tensor.node)


def _after_input(specs: list[LayerSpec]) -> list[LayerSpec]:
    """A Sequential that starts with an Input ignores the next layer's own input arguments
    (Keras 2 and 3 alike: `Sequential([Input((10, 3)), LSTM(4, input_shape=(7, 2))])` reads
    (10, 3)), so they go before the Input is folded into that layer."""
    if len(specs) < 2 or specs[0].type != "Input":
        return specs
    legacy = ("input_shape", "batch_input_shape", "batch_size")
    second = specs[1]
    if second.model is not None or not any(key in second.args for key in legacy):
        return specs
    kept = {key: arg for key, arg in second.args.items() if key not in legacy}
    return [specs[0], second._replace(args=kept), *specs[2:]]


def model_spec(model: Model, path: str, items: tuple[Any, ...] | None = None, depth: int = 0,
               at: int | None = None) -> ModelSpec:
    """The ModelSpec of MODEL: a Sequential's ITEMS as they were at a summary() call; a
    functional model as its inputs and outputs over every layer call made before AT (a
    shared layer's calls for other models included: Keras shows its last call's shape)."""
    if depth > MAX_NESTING:
        raise GraphError(error("LC002", f"models nest more than {MAX_NESTING} levels deep", model.span))
    if model.kind == "Sequential":
        specs = [_item_spec(item, path, depth) for item in (model.items if items is None else items)]
        if model.built_by_call and model.implicit_input is not None and model.implicit_input.spec is not None:
            specs.insert(0, model.implicit_input.spec)  # model.build(shape): as if it started with that Input
        folded = fold_input(_after_input(specs))
        if folded is None:
            raise GraphError(error("LC010", "the Sequential model has an Input but no layers after it", model.span))
        return ModelSpec(path, tuple(folded), model.name, model.span)
    ordered, _ = map_graph(model)
    out: list[LayerSpec] = []
    for layer in _universe(ordered, at):
        nodes = [n for n in layer.nodes if at is None or n.order <= at]
        spec = _layer_spec(layer, path, depth)
        if layer.is_input:
            out.append(spec)
            continue
        first, *rest = nodes
        calls = tuple(CallSpec(n.span, tuple(ref(t, n.span) for t in n.inputs),
                               tuple(ref(t, n.span) for t in n.states), n.keywords) for n in rest)
        out.append(spec._replace(inputs=tuple(ref(t, first.span) for t in first.inputs),
                                 initial_state=tuple(ref(t, first.span) for t in first.states), calls=calls,
                                 keywords=first.keywords))
    inputs = tuple(ref(t, model.span) for t in flatten(model.inputs))
    outputs = tuple(ref(t, model.span) for t in flatten(model.outputs))
    return ModelSpec(path, tuple(out), model.name, model.span, outputs=outputs, inputs=inputs)


def _universe(seed: list[Layer], at: int | None) -> list[Layer]:
    """SEED's layers (the model's, in Keras's order) with every call of each made before AT,
    and the other layers those calls consume, in the order of their first calls (the engine
    runs calls in dependency order, whatever the listing order)."""
    found: dict[int, Layer] = {}
    stack = list(seed)
    while stack:
        layer = stack.pop()
        if id(layer) in found:
            continue
        found[id(layer)] = layer
        for node in layer.nodes:
            if at is None or node.order <= at:
                stack.extend(t.layer for t in (*node.inputs, *node.states))
    # Keras's order for the model's own layers (JSON rows follow the listing), then the rest by
    # first call; each layer placed after what its first call consumes, as a spec needs.
    wanted = [*seed, *sorted((layer for layer in found.values() if id(layer) not in {id(x) for x in seed}),
                             key=lambda layer: layer.nodes[0].order)]
    placed: dict[int, Layer] = {}
    for layer in wanted:
        todo: list[tuple[Layer, bool]] = [(layer, False)]
        while todo:
            current, ready = todo.pop()
            if id(current) in placed:
                continue
            if ready:
                placed[id(current)] = current
                continue
            todo.append((current, True))
            first = current.nodes[0]
            todo.extend((t.layer, False) for t in reversed((*first.inputs, *first.states)))
    return list(placed.values())


def _layer_spec(layer: Layer, path: str, depth: int) -> LayerSpec:
    if layer.model is not None:
        inner = layer.model
        nested = model_spec(inner, path, depth=depth + 1)
        args = {}
        if inner.trainable is not None:
            from lstmcalc.spec.model import ArgSpec

            args["trainable"] = ArgSpec(inner.trainable, inner.span, inner.span)
        return LayerSpec(type=inner.kind, span=inner.span, type_span=inner.span, name=inner.name, args=args,
                         model=nested)
    assert layer.spec is not None
    return layer.spec


def _item_spec(item: Any, path: str, depth: int) -> LayerSpec:
    if isinstance(item, Model):
        return _layer_spec(item.layer, path, depth)
    if isinstance(item, Tensor):
        return _layer_spec(item.layer, path, depth)
    assert isinstance(item, Layer)
    return _layer_spec(item, path, depth)
