"""Keras model configs -> ModelSpec: `model.to_json()` (Keras 3, and Keras 2 / tf.keras).

A config lists each layer's class and constructor config, so it maps onto spec v1 one
layer at a time: `class_name` is the type, the config's keys are the arguments (dtype
policies become their names). A Sequential model becomes a spec whose first layer carries
the input (so it prints like Sequential, without the input row); a Functional model keeps
its InputLayer. Keys Keras writes that do not change shapes or counts and that lstmcalc
does not model are dropped.

The config is untrusted: every node is checked for its type before it is used, and every
index for its range, so a malformed config ends in diagnostics at the offending node's line
and column (naming the layer when it is known), never in an exception. Argument values are
passed on as they are: the engine validates them against the layer's signature.
"""

from __future__ import annotations

import math
from typing import Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.keras_version import keras_version
from lstmcalc.layers import REGISTRY
from lstmcalc.layers.args import INPUT_ARGS
from lstmcalc.layers.base import Layer
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import quoted, visible
from lstmcalc.span import Span
from lstmcalc.spec.model import MAX_MODEL_DEPTH, ArgSpec, CallSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.naming import LEGACY_INPUT_KEYS
from lstmcalc.spec.sequential import fold_input
from lstmcalc.spec.tree import Node

MODEL_CLASSES = {"Sequential", "Functional", "Model"}
#: Keras 2 names of arguments that Keras 3 renamed
RENAMED = {"input_dtype": "dtype"}
#: The largest node or tensor index read from a config; Keras's are single digits.
MAX_INDEX = 10_000
#: Call keyword arguments whose tensors lstmcalc derives itself (the mask, as Keras does).
DERIVED_KWARGS = {"mask"}
#: MultiHeadAttention's tensor parameters, which a call may pass by keyword, in call order.
SPREAD_KWARGS = ("query", "value", "key")

#: Keys no Keras 3 layer constructor takes ("Unrecognized keyword arguments"), which tf.keras 2
#: writes: `time_major` in every RNN config, and `batch_input_shape` on a layer Keras 3's
#: legacy loader does not convert (InputLayer takes it). Recorded from Keras 3.15 in
#: tests/fixtures/keras2_configs_keras3.json.
KERAS3_REFUSED = ("batch_input_shape", "time_major")
#: The layer configs Keras 3 passes on from a wrapper's config, read without the legacy loader.
WRAPPED_KEYS = ("layer", "backward_layer")

_RESAVE = "re-save the model with model.to_json() or model.save('model.keras')"
_LINK = "[layer_name, node_index, tensor_index]"


def looks_like_keras(root: Node) -> bool:
    value = root.value
    return isinstance(value, dict) and "class_name" in value and "config" in value and \
        isinstance(value["class_name"].value, str) and value["class_name"].value in MODEL_CLASSES


def _plain(node: Node | None) -> Any:
    return None if node is None else node.plain()


def _describe(node: Node) -> str:
    """What a node holds, for 'got ...' in a message; never the whole of a large value."""
    value = node.value
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if isinstance(value, int):
        return f"the integer {quoted(value)}"
    if isinstance(value, float):
        return f"the number {quoted(value)}"
    return f"a {type(value).__name__} {quoted(value)}"


def _dtype(value: Any) -> Any:
    """DTypePolicy configs -> their name; plain strings stay."""
    if isinstance(value, dict):
        config = value.get("config")
        if isinstance(config, dict) and isinstance(config.get("name"), str):
            return config["name"]
    return value


def _layer_name(entry: dict[str, Node], config: dict[str, Node] | None,
                problems: list[Diagnostic]) -> tuple[str | None, Span | None, bool]:
    """(name, where it is written, whether it is usable). Keras 3 writes the name twice;
    the layer config's copy is the one Keras reads back."""
    node = (config or {}).get("name") or entry.get("name")
    if node is None:
        return None, None, True
    if isinstance(node.value, str) and node.value:
        return node.value, node.span, True
    problems.append(error("LC014", f"a layer name must be a non-empty string, got {_describe(node)}", node.span,
                          None, 'write the name as a string, e.g. "name": "lstm_1"'))
    return None, node.span, False


def _legacy_items(config: dict[str, Node], type_name: str) -> list[tuple[str, str, Node]]:
    """(raw key, key, value) of a layer config, converted as Keras 3's legacy loader
    (keras.src.legacy.saving.saving_utils.model_from_config) converts a model's layers that
    carry no `module` (tf.keras 2 and .h5 files): `batch_input_shape` becomes an InputLayer's
    `batch_shape` and any other layer's `input_shape` (the whole batch shape: in a Sequential
    model without an InputLayer the input gains an axis, as in Keras); an `axis` that is one
    number or a list of one becomes that integer, and any other `axis` is dropped, so the
    layer takes its default. keras3_refusal has already refused what int() cannot convert."""
    kept: dict[str, tuple[str, Node]] = {}
    moved: dict[str, tuple[str, Node]] = {}  # Keras assigns these after the rest, over any same key
    for raw_key, given in config.items():
        value, node = given.value, given
        if raw_key == "batch_input_shape":
            if value is not None:
                moved["batch_shape" if type_name == "Input" else "input_shape"] = (raw_key, given)
            continue
        if raw_key == "axis":
            if isinstance(value, list) and len(value) == 1:
                node = Node(_as_int(value[0].value), value[0].span)
            elif isinstance(value, (int, float)):
                node = Node(_as_int(value), given.span)
            else:
                continue
        kept[raw_key] = (raw_key, node)
    kept.update(moved)
    return [(raw_key, key, value_node) for key, (raw_key, value_node) in kept.items()]


def _as_int(value: Any) -> Any:
    """Python's int() of a number or string Keras 3 converts an axis with; the value unchanged
    when it cannot (keras3_refusal reports that first), or when a string would make an integer
    longer than any the input may hold (MAX_INT_DIGITS: the engine then refuses the string)."""
    if isinstance(value, str) and len(value) > MAX_INT_DIGITS:
        return value
    try:
        return int(value) if isinstance(value, (int, float, str)) else value
    except (ValueError, OverflowError):
        return value


def _layer(node: Node, problems: list[Diagnostic], first: bool = False, nested: bool = False,
           depth: int = 0) -> LayerSpec | None:
    """One layer config as a LayerSpec; DEPTH is how deep its model nests (0: the top one)."""
    if not isinstance(node.value, dict):
        problems.append(error("LC010", f"a Keras layer config is a mapping with `class_name` and `config`, got "
                                       f"{_describe(node)}", node.span, None, _RESAVE))
        return None
    entry: dict[str, Node] = node.value
    config_node = entry.get("config")
    config = config_node.value if config_node is not None and isinstance(config_node.value, dict) else None
    name, name_span, name_ok = _layer_name(entry, config, problems)
    kind_node = entry.get("class_name")
    if kind_node is None or not isinstance(kind_node.value, str) or not kind_node.value:
        got = "none" if kind_node is None else _describe(kind_node)
        problems.append(error("LC011", f"a Keras layer config needs `class_name`, the layer's class, as a string; "
                                       f"got {got}", kind_node.span if kind_node else node.span, name,
                              'e.g. "class_name": "LSTM"'))
        return None
    if config_node is None or config is None:
        got = "none" if config_node is None else _describe(config_node)
        problems.append(error("LC010", f"a Keras layer config needs `config`, the mapping of its constructor "
                                       f"arguments; got {got}", config_node.span if config_node else node.span,
                              name, _RESAVE))
        return None
    if not name_ok:
        return None
    kind: str = kind_node.value
    if _refused_custom(entry, kind_node.span, name, problems):
        return None
    if kind in MODEL_CLASSES:
        return _nested_model(node, kind, (name, name_span), problems, depth=depth, wrapped=nested)
    type_name = "Input" if kind == "InputLayer" else kind
    cls = REGISTRY.get(type_name)
    args: dict[str, ArgSpec] = {}
    wrapped: dict[str, LayerSpec] = {}
    wrapped_spans: dict[str, Span] = {}
    known = cls.arg_table() if cls is not None else {}
    legacy = not nested and "module" not in entry and keras_version() == 3  # Keras 3's legacy loader
    items = _legacy_items(config, type_name) if legacy else [(key, key, value) for key, value in config.items()]
    for raw_key, given_key, value_node in items:
        key = RENAMED.get(given_key, given_key)
        if type_name == "Input" and key == "batch_input_shape":
            key = "batch_shape"
        if key == "name":
            continue
        if cls is not None and key in cls.nested:
            if value_node.value is None and key != "layer":
                continue  # backward_layer: null, as Keras writes when there is none
            inner = _layer(value_node, problems, nested=True)
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
    return LayerSpec(type=type_name, span=node.span, type_span=kind_node.span, name=name, name_span=name_span,
                     args=args, wrapped=wrapped, wrapped_spans=wrapped_spans)


def _nested_model(node: Node, kind: str, named: tuple[str | None, Span | None], problems: list[Diagnostic], *,
                  depth: int, wrapped: bool) -> LayerSpec | None:
    """A Sequential or Functional model config used as a layer: its layers as a nested
    ModelSpec (a Sequential keeps its InputLayer, as spec v1 writes a nested Sequential)."""
    entry: dict[str, Node] = node.value
    kind_node, config_node = entry["class_name"], entry["config"]
    name, name_span = named
    if wrapped:
        problems.append(error("LC033", f"{quoted(name or kind)} is a {kind} model wrapped in another layer; "
                                       "lstmcalc models a model used as a layer, but not one inside a wrapper",
                              kind_node.span, name, "call the model directly, or wrap its layers one by one"))
        return None
    if depth + 1 > MAX_MODEL_DEPTH:
        problems.append(error("LC002", f"models nest more than {MAX_MODEL_DEPTH} deep; lstmcalc models at most that",
                              kind_node.span, name, "real models nest one or two levels"))
        return None
    model = _read_model(kind, config_node, "", problems, depth=depth + 1)
    if model is None:
        return None
    args: dict[str, ArgSpec] = {}
    trainable = config_node.value.get("trainable") if isinstance(config_node.value, dict) else None
    if trainable is not None and trainable.value is not True:
        args["trainable"] = ArgSpec(trainable.plain(), trainable.span, config_node.keys.get("trainable", trainable.span))
    return LayerSpec(type="Sequential" if kind == "Sequential" else "Functional", span=node.span,
                     type_span=kind_node.span, name=name, name_span=name_span, args=args, model=model)


_KERAS2_JSON_HINT = ("`--keras 2` shows the tf.keras 2 answer; Keras 3 loads tf.keras 2 models only from .h5 files "
                     "(keras.models.load_model), and none with recurrent layers (their configs carry `time_major`); "
                     "`lstmcalc convert FILE --keras 2 --to-keras 3` rewrites it as Keras 3 code")


def keras2_json_refusal(root: Node) -> Diagnostic | None:
    """Keras 3's answer to tf.keras 2's `model.to_json()`, recorded for every such file in
    tests/fixtures/keras2_configs_keras3.json: keras.models.model_from_json finds no class for
    a top-level `class_name` without `module` and raises before reading a layer. The file is
    known by the `keras_version` (2.x) that tf.keras 2 writes beside the config (.h5 files
    keep it elsewhere, and Keras 3 loads their config another way)."""
    top: dict[str, Node] = root.value
    version = top.get("keras_version")
    if "module" in top or version is None or (isinstance(version.value, str) and version.value.startswith("3.")):
        return None
    name = quoted(top["class_name"].value)
    return error("LC010", f"Keras 3 cannot load this tf.keras 2 config: keras.models.model_from_json raises "
                          f"TypeError: Could not locate class {name}", top["class_name"].span, None,
                 _KERAS2_JSON_HINT)


def keras3_json_refusal_in_keras2(root: Node, entries: list[Node] | None) -> Diagnostic | None:
    """tf.keras 2's answer to a Keras 3 config (`module` keys, keras_version 3.x): its loader
    knows no `batch_shape`, so the model's first InputLayer stops it (recorded with tf_keras
    2.21 for the shared corpus's Keras 3 configs)."""
    top: dict[str, Node] = root.value
    version = top.get("keras_version")
    keras3 = "module" in top or (version is not None and isinstance(version.value, str) and version.value.startswith("3."))
    if not keras3:
        return None
    where, name = top["class_name"].span, None
    for node in entries or []:
        entry = node.value if isinstance(node.value, dict) else {}
        config = entry.get("config")
        if entry.get("class_name") is not None and entry["class_name"].value == "InputLayer" and \
                config is not None and isinstance(config.value, dict) and "batch_shape" in config.value:
            where = config.value["batch_shape"].span
            name_node = config.value.get("name")
            name = name_node.value if name_node is not None and isinstance(name_node.value, str) else None
            return error("LC010", "tf.keras 2 cannot load this Keras 3 config: model_from_json raises TypeError: "
                                  "Error when deserializing class 'InputLayer' ... Unrecognized keyword arguments: "
                                  "['batch_shape']", where, name, _KERAS3_JSON_HINT)
    return error("LC010", "tf.keras 2 cannot load this Keras 3 config (it was written by Keras "
                          f"{visible(version.value, 20) if version is not None else '3'})", where, name,
                 _KERAS3_JSON_HINT)


_KERAS3_JSON_HINT = ("answer as Keras 3 (without --keras 2), or rebuild the model in tf.keras 2 code: "
                     "`lstmcalc convert FILE --to keras --keras 2` writes it")


def keras3_refusal(entries: list[Node]) -> Diagnostic | None:
    """The first layer config Keras 3's loader raises for, in the order it builds the
    layers (a wrapper's inner layer before the wrapper), with Keras's message."""
    for node in entries:
        if isinstance(node.value, dict) and not _is_op(node):
            found = _refusal(node, legacy="module" not in node.value)
            if found is not None:
                return found
    return None


def _refusal(node: Node, legacy: bool) -> Diagnostic | None:
    entry: dict[str, Node] = node.value
    kind = entry.get("class_name")
    config_node = entry.get("config")
    if kind is None or not isinstance(kind.value, str) or config_node is None or \
            not isinstance(config_node.value, dict):
        return None  # _layer says what is wrong with it
    config: dict[str, Node] = config_node.value
    inner_layers = config.get("layers")
    if kind.value in MODEL_CLASSES and inner_layers is not None and isinstance(inner_layers.value, list):
        return keras3_refusal(inner_layers.value)  # a nested model: Keras builds its layers first
    name_node = config.get("name") or entry.get("name")
    name = name_node.value if name_node is not None and isinstance(name_node.value, str) else None
    axis = config.get("axis")
    if legacy and axis is not None:  # the legacy loader's int(axis[0]) of a list of one, int(axis) of a number
        one = isinstance(axis.value, list) and len(axis.value) == 1
        value = axis.value[0].value if one else axis.value
        problem = _int_error(value) if one or isinstance(value, (int, float)) else None
        if problem is not None:
            return error("LC015", f"Keras 3 cannot load the layer's `axis`: {problem}", axis.span, name,
                         "write the axis as one integer")
    for key in WRAPPED_KEYS:
        inner = config.get(key)
        if inner is not None and isinstance(inner.value, dict):
            found = _refusal(inner, legacy=False)
            if found is not None:
                return found
    refused = [key for key in config if key in KERAS3_REFUSED and
               not (key == "batch_input_shape" and (legacy or kind.value == "InputLayer"))]
    if refused:
        shown = ", ".join(f"{key!r}: {quoted(config[key].plain(), 60)}" for key in refused)
        return error("LC013", f"Unrecognized keyword arguments passed to {visible(kind.value, 80)}: {{{shown}}}",
                     config_node.keys.get(refused[0], config[refused[0]].span), name,
                     "tf.keras 2 wrote `time_major` into every RNN config and Keras 3 has no such argument, so it "
                     "cannot load the model; rebuild it in Keras 3 code" if "time_major" in refused else
                     "Keras 3 takes the input shape from the model's InputLayer")
    dtype = config.get("dtype")
    if legacy and dtype is not None and isinstance(dtype.value, dict):
        policy = dtype.value.get("class_name")
        if policy is not None and policy.value == "Policy":  # tf.keras 2's mixed-precision policy class
            return error("LC015", "Keras 3 cannot load the layer's tf.keras 2 dtype policy: AttributeError: 'str' "
                                  "object has no attribute 'quantization_mode'", dtype.span, name,
                         'write the policy\'s name instead, e.g. "dtype": "mixed_float16"')
    return None


def _int_error(value: Any) -> str | None:
    """What Python's int(VALUE) raises, as Keras 3 shows it, or None when it converts."""
    if isinstance(value, (list, dict)):
        return f"TypeError: int() argument must be a string, a bytes-like object or a real number, not " \
               f"'{type(value).__name__}'"
    try:
        int(value)
    except (TypeError, ValueError, OverflowError) as exc:
        return f"{type(exc).__name__}: {visible(exc, 200)}"
    return None


def _snake(name: str) -> str:
    out = [("_" + ch.lower()) if ch.isupper() and i else ch.lower() for i, ch in enumerate(name)]
    return "".join(out)


def _is_default(default: Any, value: Any) -> bool:
    """True when a config value says the same as the argument's default."""
    if isinstance(value, float) and math.isnan(value):  # NaN equals nothing, not even itself
        return False
    if value == default or (default is None and value == "float32"):
        return True
    if isinstance(value, dict) and isinstance(default, str) and isinstance(value.get("class_name"), str):
        config = value.get("config")
        if config is None:
            config = {}
        if not isinstance(config, dict):
            return False  # the engine says what is wrong with it
        plain = all(v is None or (k == "gain" and v == 1.0) for k, v in config.items())
        return plain and _snake(value["class_name"]) == default
    return False


def custom_class(entry: dict[str, Node]) -> str | None:
    """Why a Keras 3 layer config is of a user-defined class (None when it is Keras's own, or
    when the config cannot say: tf.keras 2 wrote no `module`). Keras 3 writes `module` for
    every class: "keras.layers" (or another "keras." module) for its own layers, null for a
    class defined in the script that saved the model, else the user's module; a class
    registered with `register_keras_serializable` also gets its `registered_name`
    ("package>Name"). Recorded in tests/fixtures/keras3_custom_layers/."""
    module = entry.get("module")
    if module is None:
        return None
    value = module.value
    if isinstance(value, str) and (value == "keras" or value.startswith("keras.")):
        return None
    why = "its `module` is null: a class defined in the script that saved the model" if value is None else \
        f"its `module` is {quoted(value, 80)}"
    registered = entry.get("registered_name")
    kind = entry.get("class_name")
    if registered is not None and isinstance(registered.value, str) and kind is not None and \
            registered.value != kind.value:
        why += f", registered as {quoted(registered.value, 80)}"
    return why


def _refused_custom(entry: dict[str, Node], span: Span, name: str | None, problems: list[Diagnostic]) -> bool:
    why = custom_class(entry)
    if why is not None:
        problems.append(custom_layer_refusal(str(entry["class_name"].value), why, span, name))
    return why is not None


def custom_layer_refusal(kind: str, why: str, span: Span, name: str | None) -> Diagnostic:
    """A layer of a user-defined class in a Keras config: its config names the class and its
    constructor arguments, never its weights or its call(), so nothing can be computed from it."""
    shown = quoted(kind, 80)
    return error("LC012", f"{shown} is a user-defined layer class, not one of Keras's ({why}); a Keras config keeps "
                          f"only its name and constructor arguments, not the weights its build() makes nor the shape "
                          f"its call() returns, so lstmcalc cannot compute it (nor can Keras load it without the "
                          f"class: keras.models.model_from_json raises TypeError: Could not locate class {shown})",
                 span, name,
                 f"give lstmcalc the Python file that defines {visible(kind, 80)} and builds the model "
                 f"(lstmcalc summary model.py), or write the model as a spec that declares the layer: "
                 f"{{type: Custom, class_name: {visible(kind, 80)}, output_shape: [...], weights: {{NAME: [...]}}}}")


def _is_op(node: Node) -> bool:
    module = node.value.get("module") if isinstance(node.value, dict) else None
    return module is not None and isinstance(module.value, str) and module.value.startswith("keras.src.ops")


def _written_op(node: Node, problems: list[Diagnostic]) -> bool:
    """An operation the model's code wrote between layers (`x + y`, keras.ops.mean): refused
    (LC012), as lstmcalc does not model operations. True when refused."""
    entry = node.value if isinstance(node.value, dict) else {}
    kind = entry.get("class_name")
    name = entry.get("name")
    kind_text = kind.value if kind is not None and isinstance(kind.value, str) else None
    from lstmcalc.engine.masking import (
        MASK_OP_KINDS,  # the ops lstmcalc derives: a config's copies are skipped
    )

    if kind_text in MASK_OP_KINDS:
        return False
    module = entry["module"].value
    shown = quoted(kind_text, 80) if kind_text is not None else "an operation"
    layer = name.value if name is not None and isinstance(name.value, str) else None
    problems.append(error(
        "LC012", f"{quoted(layer, 80) if layer else 'a node'} is the Keras operation {shown} ({visible(module, 80)}), "
                 "written between layers (`x + y`, keras.ops.*): Keras 3 prints it as a row of its own, which "
                 "lstmcalc does not model", (kind or node).span, layer,
        "lstmcalc models layers, not operations; for the rest of the model, build it with the layer that does "
        "the same (keras.layers.Add()([x, y]) for x + y prints the same row when both shapes match and no mask "
        "reaches it)"))
    return True


def _index(node: Node, what: str, layer: str | None, problems: list[Diagnostic]) -> int | None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INDEX:
        problems.append(error("LC014", f"{what} must be a whole number from 0 to {MAX_INDEX:,}, got "
                                       f"{_describe(node)}", node.span, layer, _RESAVE))
        return None
    return value


def _link(node: Node, what: str, layer: str | None, problems: list[Diagnostic], extra: bool = False) -> Ref | None:
    """A Keras tensor reference, [name, node_index, tensor_index] (Keras 2 adds a kwargs
    mapping to inbound links when EXTRA), as a Ref."""
    items = node.value
    sizes = (3, 4) if extra else (3,)
    if not isinstance(items, list) or len(items) not in sizes:
        got = f"a list of {len(items)}" if isinstance(items, list) and items else _describe(node)
        problems.append(error("LC010", f"{what} must be {_LINK}, got {got}", node.span, layer, _RESAVE))
        return None
    name_node, call_node, tensor_node = items[:3]
    if not isinstance(name_node.value, str) or not name_node.value:
        problems.append(error("LC014", f"{what} must start with a layer name, a string; got "
                                       f"{_describe(name_node)}", name_node.span, layer, _RESAVE))
        return None
    call = _index(call_node, f"the node index in {what}", layer, problems)
    tensor = _index(tensor_node, f"the tensor index in {what}", layer, problems)
    if call is None or tensor is None:
        return None
    if len(items) == 4 and not isinstance(items[3].value, dict):
        problems.append(error("LC014", f"the call arguments in {what} must be a mapping, got {_describe(items[3])}",
                              items[3].span, layer, _RESAVE))
        return None
    return Ref(name_node.value, tensor, node.span, call)


def _keras_tensor(node: Node, layer: str | None, problems: list[Diagnostic]) -> Ref | None:
    config = node.value.get("config")
    history = config.value.get("keras_history") if config is not None and isinstance(config.value, dict) else None
    if history is None:
        where = config.span if config is not None else node.span
        problems.append(error("LC010", "a Keras tensor needs `config` with `keras_history`, "
                                       f"{_LINK}", where, layer, _RESAVE))
        return None
    return _link(history, "`keras_history`", layer, problems)


def _tensors(node: Node | None, layer: str | None, problems: list[Diagnostic]) -> list[Ref] | None:
    """Every Keras tensor reference inside a (nested) call argument, in order."""
    found: list[Ref] = []
    stack = [node] if node is not None else []
    ok = True
    while stack:
        item = stack.pop()
        value = item.value
        if isinstance(value, dict):
            kind = value.get("class_name")
            if kind is not None and kind.value == "__keras_tensor__":
                ref = _keras_tensor(item, layer, problems)
                if ref is None:
                    ok = False
                else:
                    found.append(ref)
            else:
                stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return found if ok else None


Inbound = tuple[list[Ref], list[Ref]]


def _inbound(entry: dict[str, Node], recurrent: bool, layer: str | None,
             problems: list[Diagnostic]) -> list[tuple[Node, Inbound]] | None:
    """(the call, (inputs, initial_state)) of each of a layer's calls (Keras nodes 0, 1,
    ...), from Keras 3 or Keras 2 inbound nodes; one call without inputs when there are none."""
    nodes = entry.get("inbound_nodes")
    if nodes is None or nodes.value is None:
        return [(nodes or Node(None, Span(0, 0)), ([], []))]
    if not isinstance(nodes.value, list):
        problems.append(error("LC010", f"`inbound_nodes` must be a list of calls, got {_describe(nodes)}",
                              nodes.span, layer, _RESAVE))
        return None
    calls: list[Node] = nodes.value
    if not calls:
        return [(nodes, ([], []))]
    found = []
    for call in calls:
        inbound = _one_call(call, recurrent, layer, problems)
        if inbound is None:
            return None
        found.append((call, inbound))
    return found


def _one_call(call: Node, recurrent: bool, layer: str | None, problems: list[Diagnostic]) -> Inbound | None:
    if isinstance(call.value, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
        return _keras3_call(call, layer, problems)
    if isinstance(call.value, list):  # Keras 2: [[name, node_index, tensor_index, kwargs], ...]
        links = [_link(link, "an inbound link", layer, problems, extra=True) for link in call.value]
        refs = [ref for ref in links if ref is not None]
        if len(refs) != len(links):
            return None
        if recurrent and len(refs) > 1:  # Keras 2 passed an RNN's initial states as extra inputs
            return refs[:1], refs[1:]
        return refs, []
    problems.append(error("LC010", "a call in `inbound_nodes` is a mapping with `args` and `kwargs` (Keras 3) or a "
                                   f"list of {_LINK} links (Keras 2); got {_describe(call)}", call.span, layer,
                          _RESAVE))
    return None


def _keras3_call(call: Node, layer: str | None, problems: list[Diagnostic]) -> Inbound | None:
    args = call.value.get("args")
    kwargs = call.value.get("kwargs")
    if args is None or not isinstance(args.value, list):
        got = "none" if args is None else _describe(args)
        problems.append(error("LC010", f"a call's `args` must be a list, got {got}",
                              args.span if args is not None else call.span, layer, _RESAVE))
        return None
    named: dict[str, Node] = {}
    if kwargs is not None and kwargs.value is not None:
        if not isinstance(kwargs.value, dict):
            problems.append(error("LC010", f"a call's `kwargs` must be a mapping, got {_describe(kwargs)}",
                                  kwargs.span, layer, _RESAVE))
            return None
        named = kwargs.value
    inputs = _tensors(args, layer, problems)
    states = _tensors(named.get("initial_state"), layer, problems)
    if inputs is None or states is None:
        return None
    for key in SPREAD_KWARGS:  # MultiHeadAttention(query=q, value=v, key=k): in call order
        if key in named:
            extra = _tensors(named[key], layer, problems)
            if extra is None:
                return None
            inputs.extend(extra)
    for key, value in named.items():
        if key in DERIVED_KWARGS or key == "initial_state" or key in SPREAD_KWARGS:
            continue
        extra = _tensors(value, layer, problems)
        if extra is None:
            return None
        if extra:
            problems.append(error("LC010", f"the call passes a tensor as {quoted(key)}, which lstmcalc does not "
                                           "model", kwargs.keys.get(key, value.span) if kwargs else value.span,
                                  layer, "pass the tensor as a positional input"))
            return None
    return inputs, states


def _call_forms(layer: LayerSpec, cls: type[Layer] | None, call: Node) -> LayerSpec:
    """The call arguments and keyword tensors of a layer's first call (the attention layers)."""
    if cls is not None and cls.call_args:
        layer = _with_call_options(layer, call, cls.call_args)
    if cls is not None and cls.spread:
        layer = layer._replace(keywords=_spread_keywords(call))
    return layer


def _with_call_options(layer: LayerSpec, call: Node, names: tuple[str, ...]) -> LayerSpec:
    """The call arguments (return_attention_scores, use_causal_mask) of a layer's first call,
    from its Keras 3 `kwargs`, among the spec's layer arguments."""
    kwargs = call.value.get("kwargs") if isinstance(call.value, dict) else None
    if kwargs is None or not isinstance(kwargs.value, dict):
        return layer
    found = {key: ArgSpec(kwargs.value[key].value, kwargs.value[key].span, kwargs.keys.get(key, kwargs.span))
             for key in names if key in kwargs.value and key not in layer.args}
    return layer._replace(args={**layer.args, **found}) if found else layer


def _spread_keywords(call: Node) -> tuple[str, ...]:
    """The keyword of each tensor of a MultiHeadAttention call, in call order ("" for the
    positional ones); empty when all are positional."""
    if not isinstance(call.value, dict):
        return ()
    args, kwargs = call.value.get("args"), call.value.get("kwargs")
    named = kwargs.value if kwargs is not None and isinstance(kwargs.value, dict) else {}
    positional = len(args.value) if args is not None and isinstance(args.value, list) else 0
    keywords = ("",) * positional + tuple(k for k in SPREAD_KWARGS if k in named)
    return keywords if any(keywords) else ()


def _endpoints(config: dict[str, Node], key: str, problems: list[Diagnostic]) -> list[Ref] | None:
    """`input_layers` / `output_layers`: one link, a list of links, or (Keras 3 dict
    inputs and outputs) a mapping of links."""
    node = config.get(key)
    if node is None or node.value is None:
        return []
    what = f"an entry of `{key}`"
    value = node.value
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, list) and value and not isinstance(value[0].value, (list, dict)):
        items, what = [node], f"`{key}`"  # Keras 3 writes a single endpoint as one link
    elif isinstance(value, list):
        items = _flat_links(value)
    else:
        problems.append(error("LC010", f"`{key}` must be a list of {_LINK} links, got {_describe(node)}", node.span,
                              None, _RESAVE))
        return None
    refs = [_link(item, what, None, problems) for item in items]
    found = [ref for ref in refs if ref is not None]
    return found if len(found) == len(refs) else None


def _flat_links(items: list[Node], depth: int = 0) -> list[Node]:
    """Links with Keras's nesting undone: an RNN over stacked cells returns its states as one
    list per cell, and `output_layers` keeps that structure ([[rnn, 0, 1], [rnn, 0, 2]])."""
    out: list[Node] = []
    for item in items:
        nested = isinstance(item.value, list) and item.value and isinstance(item.value[0].value, list)
        out += _flat_links(item.value, depth + 1) if nested and depth < 4 else [item]
    return out


def several_outputs(layer: LayerSpec | None) -> bool:
    """Whether a layer returns a list (then its first output must be named explicitly)."""
    if layer is None:
        return False
    if layer.model is not None:  # a model used as a layer: a Functional may return several tensors
        outputs = layer.model.outputs
        return layer.type == "Functional" and (len(outputs) > 1 or any(ref.output is None and several_outputs(
            next((inner for inner in layer.model.layers if inner.name == ref.name), None)) for ref in outputs))
    inner = layer.wrapped.get("layer")
    state = layer.args.get("return_state") or (inner.args.get("return_state") if inner else None) \
        or layer.args.get("return_attention_scores")
    merge = layer.args.get("merge_mode")
    return bool(state and state.value) or (layer.type == "Bidirectional" and merge is not None and merge.value is None)


def _skips_first_node(layer: LayerSpec) -> bool:
    """tf.keras 2's _should_skip_first_node: a nested Functional, or a nested Sequential that
    starts with an InputLayer, has a node of its own (its input to its output) before any call."""
    if layer.model is None:
        return False
    inner = layer.model.layers
    return layer.type != "Sequential" or (bool(inner) and (inner[0].type == "Input" or any(
        key in inner[0].args and inner[0].args[key].value is not None for key in LEGACY_INPUT_KEYS)))


def _keras2_links(layers: list[LayerSpec]) -> list[LayerSpec]:
    """tf.keras 2's get_network_config counts the calls of a model that skips its first node
    (_skips_first_node) from 1; lstmcalc counts them from 0."""
    skipping = {layer.name for layer in layers if _skips_first_node(layer)}
    if not skipping:
        return layers

    def shift(refs: tuple[Ref, ...] | None) -> tuple[Ref, ...] | None:
        if refs is None:
            return None
        return tuple(ref._replace(node=ref.node - 1) if ref.name in skipping and ref.node > 0 else ref
                     for ref in refs)

    out = []
    for layer in layers:
        calls = tuple(call._replace(inputs=shift(call.inputs) or (), initial_state=shift(call.initial_state) or ())
                      for call in layer.calls)
        out.append(layer._replace(inputs=shift(layer.inputs), initial_state=shift(layer.initial_state) or (),
                                  calls=calls))
    return out


def _unshifted(refs: list[Ref], layers: list[LayerSpec]) -> list[Ref]:
    """`output_layers` counts a nested Functional's calls from 1 (Keras's get_config keeps
    "a pre-existing node" for Functional models, and functional_from_config's get_tensor
    takes 1 off again; node 0 becomes index -1 there, the latest call)."""
    keras2 = keras_version() == 2  # tf.keras 2 counts so for a Sequential with an input too
    functional = {layer.name: layer for layer in layers
                  if (_skips_first_node(layer) if keras2 else layer.model is not None and layer.type == "Functional")}
    out = []
    for ref in refs:
        layer = functional.get(ref.name)
        out.append(ref if layer is None else ref._replace(node=ref.node - 1 if ref.node > 0 else len(layer.calls)))
    return out


def _same(refs: list[Ref], previous: str | None) -> bool:
    return len(refs) == 1 and refs[0].name == previous and refs[0].output == 0 and refs[0].node == 0


def _layer_list(model_class: str, config_node: Node, problems: list[Diagnostic]) -> list[Node] | None:
    if isinstance(config_node.value, list) and model_class == "Sequential":
        layer_nodes: Node | None = config_node  # early Keras 2 wrote a Sequential config as its layer list
    elif isinstance(config_node.value, dict):
        layer_nodes = config_node.value.get("layers")
    else:
        problems.append(error("LC010", f"the model config must be a mapping, got {_describe(config_node)}",
                              config_node.span, None, _RESAVE))
        return None
    if layer_nodes is None or not isinstance(layer_nodes.value, list) or not layer_nodes.value:
        got = "none" if layer_nodes is None else _describe(layer_nodes)
        where = layer_nodes.span if layer_nodes is not None else config_node.span
        problems.append(error("LC010", f"the model config needs `layers`, a non-empty list of layer configs; got "
                                       f"{got}", where, None, _RESAVE))
        return None
    return layer_nodes.value


def _model_name(config: dict[str, Node], problems: list[Diagnostic]) -> str | None:
    name_node = config.get("name")
    if name_node is not None and not isinstance(name_node.value, str):
        problems.append(error("LC014", f"the model name must be a string, got {_describe(name_node)}",
                              name_node.span, None, 'write the name as a string, e.g. "name": "model"'))
    return name_node.value if name_node is not None and isinstance(name_node.value, str) else None


def from_keras(root: Node, path: str) -> tuple[ModelSpec | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    model_class = root.value["class_name"].value
    config_node = root.value["config"]
    entries = _layer_list(model_class, config_node, problems)
    if keras_version() == 2:
        refusal = keras3_json_refusal_in_keras2(root, entries)
    else:
        refusal = keras2_json_refusal(root) or (keras3_refusal(entries) if entries is not None else None)
    if refusal is not None:  # where Keras 3 raises, its reason alone
        return None, [refusal]
    if entries is None:
        return None, problems
    return _read_model(model_class, config_node, path, problems, depth=0), problems


def _read_model(model_class: str, config_node: Node, path: str, problems: list[Diagnostic], *,
                depth: int) -> ModelSpec | None:
    """A model config's layers, inputs and outputs as a ModelSpec (DEPTH 0: the top model,
    whose Sequential input folds onto its first layer)."""
    entries = _layer_list(model_class, config_node, problems)
    if entries is None:
        return None
    config: dict[str, Node] = config_node.value if isinstance(config_node.value, dict) else {}
    name = _model_name(config, problems)
    layers: list[LayerSpec] = []
    sequential = model_class == "Sequential"
    previous: str | None = None
    failed = False
    for node in entries:
        if _is_op(node):  # mask ops (NotEqual, Any, Cast, ...): lstmcalc derives them as Keras does
            failed = _written_op(node, problems) or failed
            continue
        layer = _layer(node, problems, first=sequential and not layers, depth=depth)
        if layer is None:
            failed = True
            continue
        if not sequential and isinstance(node.value, dict) and layer.type != "Input":
            cls = REGISTRY.get(layer.type)
            inbound = _inbound(node.value, cls is not None and cls.family == "recurrent", layer.name, problems)
            if inbound is None:
                failed = True
                continue
            inputs, states = inbound[0][1]
            layer = _call_forms(layer, cls, inbound[0][0])
            if not _same(inputs, previous) or states or several_outputs(layers[-1] if layers else None):
                layer = layer._replace(inputs=tuple(inputs), initial_state=tuple(states))
            if len(inbound) > 1:  # a shared layer: its further calls (Keras nodes 1, 2, ...)
                spread = cls is not None and cls.spread
                layer = layer._replace(calls=tuple(CallSpec(call.span, tuple(ins), tuple(sts),
                                                            _spread_keywords(call) if spread else ())
                                                   for call, (ins, sts) in inbound[1:]))
        previous = layer.name
        layers.append(layer)
    outputs: tuple[Ref, ...] = ()
    if not sequential:
        named = _endpoints(config, "output_layers", problems)
        inputs_named = _endpoints(config, "input_layers", problems)
        if named is None or inputs_named is None:
            return None
        named = _unshifted(named, layers)
        if not failed:
            starts = {layer.name for layer in layers if layer.type == "Input"}
            for ref in inputs_named:
                if ref.name not in starts:
                    problems.append(error("LC031", f"`input_layers` names {quoted(ref.name)}, which is not an "
                                                   "InputLayer of the model", ref.span, None, _RESAVE))
                    failed = True
        if named and not _same(named, previous):
            outputs = tuple(named)
    if failed:
        return None
    if sequential and depth == 0:
        folded = fold_input(layers)  # spec v1 puts a Sequential model's input on its first layer
        if folded is None:
            problems.append(error(
                "LC010", "the Sequential config starts with an InputLayer that has no shape or no layers after it",
                config_node.span, None, "give the InputLayer a batch_shape and add the model's layers after it"))
            return None
        layers = folded
    return ModelSpec(path, tuple(_keras2_links(layers) if keras_version() == 2 and not sequential else layers),
                     name, outputs=outputs)
