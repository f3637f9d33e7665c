"""Turn a positioned tree into a `ModelSpec`, reporting structural problems as diagnostics.

Only the *shape of the file* is checked here (a mapping with a non-empty `layers` list of
mappings that each carry a `type`). Whether a layer type or argument exists, and whether
values are valid, is the engine's business: it owns the layer registry.
"""

from __future__ import annotations

import re
from typing import Any

from lstmcalc.diagnostics import Diagnostic, did_you_mean, error
from lstmcalc.safety.text import quoted
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.tree import Node, TreeError, decode, json_syntax, parse_text

TOP_LEVEL_KEYS = ["name", "layers", "outputs"]
WRAPPED_KEYS = ("layer", "backward_layer")

Result = tuple[ModelSpec | None, list[Diagnostic]]


SOURCES = ("auto", "spec", "keras", "python")


#: File kinds by extension. The extension decides; content is sniffed only for stdin and
#: unknown extensions, and never from comments.
_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".py": "python", ".keras": "archive",
              ".h5": "h5", ".hdf5": "h5"}
_HDF5 = b"\x89HDF\r\n\x1a\n"


def file_kind(path: str, data: bytes, source: str = "auto") -> str:
    """What DATA is: 'archive', 'h5', 'python', 'json' or 'yaml' (spec or Keras config)."""
    if source == "python":
        return "python"
    if source == "keras":
        if data[:8] == _HDF5:
            return "h5"
        return "archive" if data[:4] == b"PK\x03\x04" else "json"
    suffix = "" if path == "<stdin>" else path[path.rfind("."):].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if source == "spec":
        return "json" if suffix == ".json" else "yaml"
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if data[:4] == b"PK\x03\x04":
        return "archive"
    if data[:8] == _HDF5:
        return "h5"
    return "sniff"


def load_spec(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto") -> Result:
    """Parse the bytes of a model description. Never raises for bad input.

    The kind comes from `source` when given, else from the file's extension (.yaml/.yml,
    .json, .py, .keras, .h5/.hdf5); only stdin and unknown extensions are sniffed by content:
    a zip is a .keras archive, an HDF5 file an .h5 model file, code whose syntax tree
    imports Keras or calls a model constructor is Python, text that parses as JSON is JSON,
    and anything else is YAML. Inside YAML/JSON, a mapping with a model `class_name` is a Keras config, anything else spec v1.
    `settings` gives values for Python expressions that only exist at run time.
    """
    # The importers load only when a file needs them: a plain spec pays for none (start-up).
    kind = file_kind(path, data, source)
    if kind == "archive":
        from lstmcalc.spec.archive import read_keras_archive

        config, notes = read_keras_archive(data)
        if config is None:
            return None, notes
        spec, problems = _load_text(config, path, "json")
        return spec, [*notes, *problems]
    if kind == "h5":
        from lstmcalc.spec.hdf5 import read_h5

        config, notes = read_h5(data)
        return (None, notes) if config is None else _load_text(config, path, "json")
    return _load_text(data, path, kind, settings)


def _load_text(data: bytes, path: str, kind: str, settings: dict[str, Any] | None = None) -> Result:
    text = decode(data)
    if isinstance(text, TreeError):
        return None, [_from_tree_error(text)]
    if kind == "sniff":
        kind = _sniff(text)
    if kind == "python":
        from lstmcalc.spec.python_code import from_python

        return from_python(text, path, settings)
    return parse_spec(text, path, force_json=kind == "json")


def parse_spec(text: str, path: str, force_json: bool = False) -> Result:
    tree = parse_text(text, is_json=force_json or path.lower().endswith(".json"))
    if isinstance(tree, TreeError):
        return None, [_from_tree_error(tree)]
    if isinstance(tree.value, dict) and "class_name" in tree.value and "config" in tree.value:
        from lstmcalc.spec.keras_config import from_keras, looks_like_keras

        if looks_like_keras(tree):
            return from_keras(tree, path)
    return _model(tree, path)


#: Sniffing parses at most this much as Python; larger unknown files are read as YAML/JSON.
_SNIFF_LIMIT = 1024 * 1024
_MODEL_CALLS = {"Sequential", "Model", "Input", "add"}


def _sniff(text: str) -> str:
    """The kind of text that came without a telling extension (stdin, other suffixes)."""
    head = text.lstrip()
    if head.startswith(("{", "[")):
        # valid JSON is JSON; anything else is flow-style YAML, or broken JSON the YAML reader points at
        return "json" if json_syntax(text) is None else "yaml"
    return "python" if _is_keras_python(text) else "yaml"


def _is_keras_python(text: str) -> bool:
    """True when TEXT is Python whose code (not its comments or strings) imports Keras or
    TensorFlow or builds a model; YAML rarely parses as Python, and never with such calls."""
    if len(text) > _SNIFF_LIMIT or "\x00" in text:
        return False
    import ast

    from lstmcalc.spec.pycall import parse_quietly  # a SyntaxWarning would print the input's own text

    try:
        tree = parse_quietly(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in ("keras", "tensorflow", "tf_keras")
                                                for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("keras", "tensorflow", "tf_keras"):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in _MODEL_CALLS:
                return True
    return False


def _from_tree_error(problem: TreeError) -> Diagnostic:
    return error(problem.code, problem.message, problem.span, None, problem.hint)


def _what(value: object) -> str:
    """What a whole document holds, without quoting it: the file may not be a spec at all
    (a symlinked secret), and its content must not land in a CI log."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"a string of {len(value):,} characters"
    return "null" if value is None else f"a {type(value).__name__}"


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"{type(value).__name__} {quoted(value)}"


def _model(root: Node, path: str) -> Result:
    problems: list[Diagnostic] = []
    if not isinstance(root.value, dict):
        return None, [error(
            "LC010", f"a spec is a mapping with a `layers:` list, but this file holds {_what(root.value)}",
            root.span, None, "start the file with `layers:` followed by one `- type: ...` entry per layer",
        )]
    for key, span in root.keys.items():
        if key not in TOP_LEVEL_KEYS:
            guess = did_you_mean(key, TOP_LEVEL_KEYS)
            problems.append(error(
                "LC013", f"unknown top-level key {key!r}; a spec has `name` and `layers`",
                span, None, f"did you mean `{guess}`?" if guess else "remove it",
            ))
    name, name_span = None, None
    if "name" in root.value:
        node = root.value["name"]
        name_span = node.span
        if isinstance(node.value, str) and node.value:
            name = node.value
        else:
            problems.append(error(
                "LC014", f"the model `name` must be a non-empty string, got {_kind(node.plain())}",
                node.span, None, 'quote it: name: "my_model"',
            ))
    layers_node = root.value.get("layers")
    if layers_node is None or not isinstance(layers_node.value, list) or not layers_node.value:
        where = layers_node.span if layers_node is not None else root.span
        got = "nothing" if layers_node is None else _kind(layers_node.plain())
        problems.append(error(
            "LC010", f"`layers` must be a non-empty list of layers, got {got}", where, None,
            "list the layers in order, e.g. `layers: [{type: Input, shape: [50, 10]}, {type: LSTM, units: 64}]`",
        ))
        return None, problems
    layers: list[LayerSpec] = []
    for item in layers_node.value:
        layer = _layer(item, problems)
        if layer is not None:
            layers.append(layer)
    outputs = _refs(root.value["outputs"], problems) if "outputs" in root.value else ()
    if len(layers) != len(layers_node.value) or outputs is None:
        return None, problems
    return ModelSpec(path, tuple(layers), name, name_span, outputs), problems


_REF = re.compile(r"^\s*([^\[\]\s]+)\s*(?:\[\s*(\d{1,9})\s*\])?\s*$")  # an index of 9 digits at most


def _refs(node: Node, problems: list[Diagnostic]) -> tuple[Ref, ...] | None:
    """`enc`, `enc[1]`, or a list of them."""
    items = node.value if isinstance(node.value, list) else [node]
    refs = []
    for item in items:
        match = _REF.match(item.value) if isinstance(item.value, str) else None
        if match is None:
            problems.append(error(
                "LC014", f"expected a layer reference such as `enc` or `enc[1]`, got {_kind(item.plain())}",
                item.span, None, "name an earlier layer, with [i] to pick one of several outputs"))
            return None
        refs.append(Ref(match.group(1), int(match.group(2)) if match.group(2) else None, item.span))
    return tuple(refs)


def _layer(node: Node, problems: list[Diagnostic]) -> LayerSpec | None:
    if not isinstance(node.value, dict):
        problems.append(error(
            "LC010", f"each layer is a mapping with a `type`, got {_kind(node.plain())}",
            node.span, None, "write the layer as `- {type: LSTM, units: 64}`",
        ))
        return None
    entries: dict[str, Node] = node.value
    type_node = entries.get("type")
    if type_node is None or not isinstance(type_node.value, str) or not type_node.value:
        got = "no `type`" if type_node is None else f"type {_kind(type_node.plain())}"
        problems.append(error(
            "LC011", f"a layer needs `type:` naming a Keras layer class; this one has {got}",
            type_node.span if type_node else node.span, _name_of(entries),
            "add e.g. `type: LSTM`",
        ))
        return None
    name, name_span = None, None
    if "name" in entries:
        name_node = entries["name"]
        name_span = name_node.span
        if isinstance(name_node.value, str) and name_node.value:
            name = name_node.value
        else:
            problems.append(error(
                "LC014", f"layer `name` must be a non-empty string, got {_kind(name_node.plain())}",
                name_node.span, None, 'quote it: name: "lstm1"',
            ))
    args: dict[str, ArgSpec] = {}
    wrapped: dict[str, LayerSpec] = {}
    wrapped_spans: dict[str, Span] = {}
    inputs: tuple[Ref, ...] | None = None
    initial_state: tuple[Ref, ...] = ()
    for key, value in entries.items():
        if key in ("type", "name"):
            continue
        if key in ("inputs", "initial_state"):
            refs = _refs(value, problems)
            if refs is None:
                return None
            if key == "inputs":
                inputs = refs
            else:
                initial_state = refs
            continue
        if key in WRAPPED_KEYS and not isinstance(value.value, dict):
            problems.append(error(
                "LC014", f"`{key}` holds the wrapped layer and must be a mapping, got {_kind(value.plain())}",
                value.span, _name_of(entries), f"write it as `{key}: {{type: LSTM, units: 8}}`"))
            return None
        if key in WRAPPED_KEYS:
            inner = _layer(value, problems)
            if inner is None:
                return None
            wrapped[key] = inner
            wrapped_spans[key] = node.keys[key]
            continue
        args[key] = ArgSpec(value.plain(), value.span, node.keys[key])
    return LayerSpec(
        type=type_node.value, span=node.span, type_span=type_node.span, name=name,
        name_span=name_span, args=args, wrapped=wrapped, wrapped_spans=wrapped_spans,
        inputs=inputs, initial_state=initial_state,
    )


def _name_of(entries: dict[str, Node]) -> str | None:
    node = entries.get("name")
    return node.value if node is not None and isinstance(node.value, str) else None
