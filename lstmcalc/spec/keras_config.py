"""Keras model configs -> ModelSpec: `model.to_json()` (Keras 3, and Keras 2 / tf.keras).

A config lists each layer's class and constructor config, so it maps onto spec v1 one
layer at a time: `class_name` is the type, the config's keys are the arguments (dtype
policies become their names). A Sequential model becomes a spec whose first layer carries
the input (so it prints like Sequential, without the input row); a Functional model keeps
its InputLayer. Keys Keras writes that do not change shapes or counts and that lstmcalc
does not model are dropped.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.layers import REGISTRY
from lstmcalc.layers.args import INPUT_ARGS
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.sequential import fold_input
from lstmcalc.spec.tree import Node

MODEL_CLASSES = {"Sequential", "Functional", "Model"}
#: Keras 2 names of arguments that Keras 3 renamed
RENAMED = {"input_dtype": "dtype"}


def looks_like_keras(root: Node) -> bool:
    value = root.value
    return isinstance(value, dict) and "class_name" in value and "config" in value and \
        isinstance(value["class_name"].value, str) and value["class_name"].value in MODEL_CLASSES


def _plain(node: Node | None) -> Any:
    return None if node is None else node.plain()


def _dtype(value: Any) -> Any:
    """DTypePolicy configs -> their name; plain strings stay."""
    if isinstance(value, dict):
        config = value.get("config")
        if isinstance(config, dict) and isinstance(config.get("name"), str):
            return config["name"]
    return value


def _layer(node: Node, problems: list[Diagnostic], first: bool = False) -> LayerSpec | None:
    if not isinstance(node.value, dict):
        problems.append(error("LC010", "a Keras layer config is a mapping", node.span))
        return None
    entry = node.value
    kind = _plain(entry.get("class_name"))
    config_node = entry.get("config")
    if not isinstance(kind, str) or config_node is None or not isinstance(config_node.value, dict):
        problems.append(error("LC010", "a Keras layer config needs `class_name` and `config`", node.span))
        return None
    config: dict[str, Node] = config_node.value
    type_name = "Input" if kind == "InputLayer" else kind
    name = _plain(config.get("name"))
    cls = REGISTRY.get(type_name)
    args: dict[str, ArgSpec] = {}
    wrapped: dict[str, LayerSpec] = {}
    wrapped_spans: dict[str, Span] = {}
    known = cls.arg_table() if cls is not None else {}
    for raw_key, value_node in config.items():
        key = RENAMED.get(raw_key, raw_key)
        if type_name == "Input" and key == "batch_input_shape":
            key = "batch_shape"
        if key == "name":
            continue
        if cls is not None and key in cls.nested:
            inner = _layer(value_node, problems)
            if inner is None:
                return None
            wrapped[key] = inner
            wrapped_spans[key] = config_node.keys.get(raw_key, value_node.span)
            continue
        value = _plain(value_node)
        if key == "dtype":
            value = _dtype(value)
        if key in known and _is_default(known[key].default, value):
            continue  # Keras writes every argument; keep the spec to what differs
        if key in known or (first and key in INPUT_ARGS and key != "input_dim"):
            if value is None and key in INPUT_ARGS:
                continue
            args[key] = ArgSpec(value, value_node.span, config_node.keys.get(raw_key, value_node.span))
    if type_name == "Input" and "batch_shape" in args and "shape" in args:
        del args["shape"]
    return LayerSpec(type=type_name, span=node.span, type_span=entry["class_name"].span,
                     name=name if isinstance(name, str) else None, name_span=None,
                     args=args, wrapped=wrapped, wrapped_spans=wrapped_spans)


def _snake(name: str) -> str:
    out = [("_" + ch.lower()) if ch.isupper() and i else ch.lower() for i, ch in enumerate(name)]
    return "".join(out)


def _is_default(default: Any, value: Any) -> bool:
    """True when a config value says the same as the argument's default."""
    if value == default or (default is None and value == "float32"):
        return True
    if isinstance(value, dict) and isinstance(default, str) and isinstance(value.get("class_name"), str):
        config = value.get("config") or {}
        plain = all(v is None or (k == "gain" and v == 1.0) for k, v in config.items())
        return plain and _snake(value["class_name"]) == default
    return False


def _is_op(node: Node) -> bool:
    module = node.value.get("module") if isinstance(node.value, dict) else None
    return module is not None and isinstance(module.value, str) and module.value.startswith("keras.src.ops")


def _history(item: Any) -> tuple[str, int] | None:
    if isinstance(item, dict) and item.get("class_name") == "__keras_tensor__":
        history = item.get("config", {}).get("keras_history") or []
        if len(history) == 3 and isinstance(history[0], str):
            return history[0], int(history[2])
    return None


def _tensors(value: Any) -> list[tuple[str, int]]:
    """Every Keras tensor reference inside a (nested) call argument, in order."""
    found: list[tuple[str, int]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        ref = _history(item)
        if ref is not None:
            found.append(ref)
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
    return found


def _inbound(entry: dict[str, Node], recurrent: bool) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(inputs, initial_state) of a layer's first call, from Keras 3 or Keras 2 inbound nodes."""
    nodes = _plain(entry.get("inbound_nodes")) or []
    if not nodes:
        return [], []
    call = nodes[0]
    if isinstance(call, dict):  # Keras 3: {"args": [...], "kwargs": {...}}; the mask kwarg is derived
        kwargs = call.get("kwargs") or {}
        return _tensors(call.get("args", [])), _tensors(kwargs.get("initial_state"))
    links = [(str(link[0]), int(link[2])) for link in call if isinstance(link, list) and len(link) >= 3]
    if recurrent and len(links) > 1:  # Keras 2 passed an RNN's initial states as extra inputs
        return links[:1], links[1:]
    return links, []


def several_outputs(layer: LayerSpec | None) -> bool:
    """Whether a layer returns a list (then its first output must be named explicitly)."""
    if layer is None:
        return False
    inner = layer.wrapped.get("layer")
    state = layer.args.get("return_state") or (inner.args.get("return_state") if inner else None)
    merge = layer.args.get("merge_mode")
    return bool(state and state.value) or (layer.type == "Bidirectional" and merge is not None and merge.value is None)


def _refs(pairs: list[tuple[str, int]], span: Span) -> tuple[Ref, ...]:
    return tuple(Ref(name, index, span) for name, index in pairs)


def from_keras(root: Node, path: str) -> tuple[ModelSpec | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    model_class = root.value["class_name"].value
    config_node = root.value["config"]
    if not isinstance(config_node.value, dict):
        return None, [error("LC010", "the model config must be a mapping", config_node.span)]
    config: dict[str, Node] = config_node.value
    name = _plain(config.get("name"))
    layer_nodes = config.get("layers")
    if layer_nodes is None or not isinstance(layer_nodes.value, list) or not layer_nodes.value:
        return None, [error("LC010", "the model config has no `layers` list", config_node.span)]
    entries: list[Node] = layer_nodes.value
    layers: list[LayerSpec] = []
    sequential = model_class == "Sequential"
    previous: str | None = None
    for node in entries:
        if _is_op(node):
            continue  # mask ops (NotEqual, Any, Cast, ...): lstmcalc derives them as Keras does
        layer = _layer(node, problems, first=sequential and not layers)
        if layer is None:
            return None, problems
        if not sequential and isinstance(node.value, dict) and layer.type != "Input":
            cls = REGISTRY.get(layer.type)
            inputs, states = _inbound(node.value, cls is not None and cls.family == "recurrent")
            if inputs != [(previous, 0)] or states or several_outputs(layers[-1] if layers else None):
                layer = layer._replace(inputs=_refs(inputs, node.span), initial_state=_refs(states, node.span))
        previous = layer.name
        layers.append(layer)
    outputs: tuple[Ref, ...] = ()
    if not sequential:
        named = [(str(o[0]), int(o[2])) for o in (_plain(config.get("output_layers")) or [])
                 if isinstance(o, list) and len(o) >= 3]
        if named and named != [(previous, 0)]:
            outputs = _refs(named, config_node.span)
    if sequential:
        folded = fold_input(layers)  # spec v1 puts a Sequential model's input on its first layer
        if folded is None:
            return None, [error("LC010", "the Sequential config has an input but no layers", config_node.span)]
        layers = folded
    return ModelSpec(path, tuple(layers), name if isinstance(name, str) else None, outputs=outputs), problems
