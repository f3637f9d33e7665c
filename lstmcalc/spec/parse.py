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
from lstmcalc.spec.model import MAX_MODEL_DEPTH, ArgSpec, CallSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.naming import MODEL_TYPES, layer_names
from lstmcalc.spec.tree import Node, TreeError, decode, json_syntax, parse_text

TOP_LEVEL_KEYS = ["name", "layers", "outputs", "inputs"]
WRAPPED_KEYS = ("layer", "backward_layer")

Result = tuple[ModelSpec | None, list[Diagnostic]]


SOURCES = ("auto", "spec", "keras", "python", "notebook")


#: File kinds by extension. The extension decides; content is sniffed only for stdin and
#: unknown extensions, and never from comments.
_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".py": "python", ".keras": "archive",
              ".ipynb": "notebook", ".h5": "h5", ".hdf5": "h5"}
_HDF5 = b"\x89HDF\r\n\x1a\n"


def file_kind(path: str, data: bytes, source: str = "auto") -> str:
    """What DATA is: 'archive', 'h5', 'python', 'notebook', 'json' or 'yaml' (spec or Keras config)."""
    if source in ("python", "notebook"):
        return source
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
    .json, .py, .keras, .ipynb, .h5/.hdf5); only stdin and unknown extensions are sniffed by
    content: a zip is a .keras archive, an HDF5 file an .h5 model file, code whose syntax
    tree imports Keras or calls a model constructor is Python, JSON with a top-level
    `nbformat` is a notebook, other text that parses as JSON is JSON, and anything else is
    YAML. Inside YAML/JSON, a mapping with a model `class_name` is a Keras config, anything
    else spec v1.
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
    if kind == "notebook":  # notebooks have their own size cap: they carry their outputs
        from lstmcalc.readers.notebook import read_notebook

        return read_notebook(data, path, settings)
    if kind == "h5":
        from lstmcalc.spec.hdf5 import read_h5

        config, notes = read_h5(data)
        return (None, notes) if config is None else _load_text(config, path, "json")
    return _load_text(data, path, kind, settings)


def load_specs(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto",
               model: str | None = None) -> list[Result]:
    """Like load_spec, but every model a Python file prints (one per summary() call), or the
    one --model names."""
    kind = file_kind(path, data, source)
    if kind == "notebook":
        from lstmcalc.readers.notebook import all_notebook

        return all_notebook(data, path, settings, model)
    if kind in ("python", "sniff"):
        text = decode(data)
        if not isinstance(text, TreeError) and (kind == "python" or sniff(text) in ("python", "notebook")):
            from lstmcalc.readers.notebook import all_notebook, all_python

            return (all_python if kind == "python" or sniff(text) == "python" else all_notebook)(
                text, path, settings, model)
    return [load_spec(data, path, settings, source)]


def _load_text(data: bytes, path: str, kind: str, settings: dict[str, Any] | None = None) -> Result:
    text = decode(data)
    if isinstance(text, TreeError):
        return None, [_from_tree_error(text)]
    if kind == "sniff":
        kind = sniff(text)
    if kind == "notebook":
        from lstmcalc.readers.notebook import read_notebook

        return read_notebook(text, path, settings)
    if kind == "python":
        from lstmcalc.readers.notebook import read_python  # Python, or a notebook exported as .py

        return read_python(text, path, settings)
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


def sniff(text: str) -> str:
    """The kind of text that came without a telling extension (stdin, other suffixes)."""
    head = text.lstrip()
    if head.startswith(("{", "[")):
        # valid JSON is JSON; anything else is flow-style YAML, or broken JSON the YAML reader points at
        if json_syntax(text) is not None:
            return "yaml"
        return "notebook" if _NOTEBOOK_KEY.search(text) and _is_notebook(text) else "json"
    return "python" if _is_keras_python(text) else "yaml"


_NOTEBOOK_KEY = re.compile(r'"nbformat"\s*:')


def _is_notebook(text: str) -> bool:
    """True when TEXT, valid JSON, is an object with an `nbformat` key (as Jupyter writes)."""
    import json

    try:
        value = json.loads(text)
    except (ValueError, RecursionError, MemoryError):
        return False
    return isinstance(value, dict) and "nbformat" in value


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
    name, name_span = _model_name(root, problems)
    model = _body(root, path, name, name_span, problems, depth=0)
    return model, problems


def _model_name(node: Node, problems: list[Diagnostic]) -> tuple[str | None, Span | None]:
    if "name" not in node.value:
        return None, None
    name_node = node.value["name"]
    if isinstance(name_node.value, str) and name_node.value:
        return name_node.value, name_node.span
    problems.append(error(
        "LC014", f"the model `name` must be a non-empty string, got {_kind(name_node.plain())}",
        name_node.span, None, 'quote it: name: "my_model"',
    ))
    return None, name_node.span


def _body(root: Node, path: str, name: str | None, name_span: Span | None, problems: list[Diagnostic], *,
          depth: int) -> ModelSpec | None:
    """The `layers:` (with their `call:` entries), `outputs:` and `inputs:` of a model."""
    layers_node = root.value.get("layers")
    if layers_node is None or not isinstance(layers_node.value, list) or not layers_node.value:
        where = layers_node.span if layers_node is not None else root.span
        got = "nothing" if layers_node is None else _kind(layers_node.plain())
        problems.append(error(
            "LC010", f"`layers` must be a non-empty list of layers, got {got}", where, None,
            "list the layers in order, e.g. `layers: [{type: Input, shape: [50, 10]}, {type: LSTM, units: 64}]`",
        ))
        return None
    layers: list[LayerSpec] = []
    calls: list[tuple[Node, str, CallSpec | None]] = []  # (entry, the layer it calls, the call)
    ok = True
    previous: Ref | None = None  # what an entry without `inputs:` takes, after a `call:` entry
    for item in layers_node.value:
        if isinstance(item.value, dict) and "call" in item.value:
            call = _call(item, previous, not layers or layers[0].type != "Input", problems)
            if call is None:
                ok = False
                continue
            target, spec = call
            calls.append((item, target, spec))
            previous = Ref(target, None, spec.span, node=-len(calls))  # numbered once the calls are counted
            continue
        layer = _layer(item, problems, depth)
        if layer is None:
            ok = False
            continue
        if previous is not None and layer.inputs is None and layer.type != "Input":
            layer = layer._replace(inputs=(previous,))
        previous = None
        layers.append(layer)
    outputs = _refs(root.value["outputs"], problems) if "outputs" in root.value else ()
    inputs = _refs(root.value["inputs"], problems) if depth == 0 and "inputs" in root.value else ()
    if not ok or outputs is None or inputs is None:
        return None
    attached = _attach_calls(layers, calls, problems)
    if attached is None:
        return None
    return ModelSpec(path, tuple(attached), name, name_span, outputs, inputs)


def _call(node: Node, previous: Ref | None, sequential: bool,
          problems: list[Diagnostic]) -> tuple[str, CallSpec] | None:
    """`{call: NAME, inputs: ..., initial_state: ...}`: a further call of an earlier layer."""
    entries: dict[str, Node] = node.value
    target = entries["call"]
    if not isinstance(target.value, str) or not target.value:
        problems.append(error("LC014", f"`call` names the layer to call again, got {_kind(target.plain())}",
                              target.span, None, "write `call: lstm`, the name of an earlier layer"))
        return None
    if sequential:
        problems.append(error("LC010", "a `call:` entry (a shared layer) needs a graph spec, one that starts "
                                       "with an Input", node.span, target.value,
                              "start the spec with `- {type: Input, shape: [...]}`"))
        return None
    for key, span in node.keys.items():
        if key not in ("call", "inputs", "initial_state"):
            problems.append(error("LC013", f"a `call:` entry takes `inputs` and `initial_state`, not {key!r}",
                                  span, target.value, "set the layer's arguments where it is first listed"))
            return None
    inputs = _refs(entries["inputs"], problems) if "inputs" in entries else \
        ((previous,) if previous is not None else None)
    states = _refs(entries["initial_state"], problems) if "initial_state" in entries else ()
    if inputs is None and "inputs" not in entries:
        problems.append(error("LC016", f"the call of {quoted(target.value)} needs `inputs:`, the tensors it "
                                       "is called on", node.span, target.value, "add e.g. `inputs: [b]`"))
        return None
    if inputs is None or states is None:
        return None
    return target.value, CallSpec(node.span, inputs, states)


def _attach_calls(layers: list[LayerSpec], calls: list[tuple[Node, str, CallSpec | None]],
                  problems: list[Diagnostic]) -> list[LayerSpec] | None:
    """Give each listed layer its `call:` entries, numbered 1, 2, ... in the order written;
    a reference to a call entry's outputs made before the numbers were known (`-k`: the
    k-th call entry) gets its node index."""
    if not calls:
        return layers
    names = layer_names(layers)
    index = {name: i for i, name in enumerate(names)}
    attached: dict[int, list[CallSpec]] = {}
    numbers: list[tuple[str, int]] = []
    for node, target, spec in calls:
        position = index.get(target)
        if position is None or spec is None:
            guess = did_you_mean(target, names[:1000])
            problems.append(error("LC031", f"`call` names {quoted(target)}, which is not a layer of the model",
                                  node.value["call"].span, target,
                                  f"did you mean `{guess}`?" if guess else "call a layer listed before"))
            return None
        attached.setdefault(position, []).append(spec)
        numbers.append((target, len(attached[position])))

    def number(ref: Ref) -> Ref:
        return ref._replace(name=numbers[-ref.node - 1][0], node=numbers[-ref.node - 1][1]) if ref.node < 0 else ref

    def renumber(refs: tuple[Ref, ...]) -> tuple[Ref, ...]:
        return tuple(number(r) for r in refs)

    out = []
    for i, layer in enumerate(layers):
        own = tuple(c._replace(inputs=renumber(c.inputs), initial_state=renumber(c.initial_state))
                    for c in attached.get(i, ()))
        inputs = renumber(layer.inputs) if layer.inputs is not None else None
        out.append(layer._replace(inputs=inputs, calls=own))
    return out


#: `name`, `name[i]`, `name@k`, `name@k[i]` (k: which call of the layer); indices of 9 digits at most
_REF = re.compile(r"^\s*([^\[\]\s@]+)\s*(?:@\s*(\d{1,9})\s*)?(?:\[\s*(\d{1,9})\s*\])?\s*$")


def _refs(node: Node, problems: list[Diagnostic]) -> tuple[Ref, ...] | None:
    """`enc`, `enc[1]`, `enc@1`, `enc@1[0]`, or a list of them."""
    items = node.value if isinstance(node.value, list) else [node]
    refs = []
    for item in items:
        match = _REF.match(item.value) if isinstance(item.value, str) else None
        if match is None:
            problems.append(error(
                "LC014", f"expected a layer reference such as `enc`, `enc[1]` or `enc@1`, got {_kind(item.plain())}",
                item.span, None, "name an earlier layer, with [i] to pick one of several outputs and @k for "
                "its call k (0 is the first)"))
            return None
        refs.append(Ref(match.group(1), int(match.group(3)) if match.group(3) else None, item.span,
                        int(match.group(2)) if match.group(2) else 0))
    return tuple(refs)


def _layer(node: Node, problems: list[Diagnostic], depth: int = 0) -> LayerSpec | None:
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
    if type_node.value in MODEL_TYPES and "layers" in entries:
        return _nested_model(node, type_node, name, name_span, problems, depth=depth)
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


def _nested_model(node: Node, type_node: Node, name: str | None, name_span: Span | None,
                  problems: list[Diagnostic], *, depth: int) -> LayerSpec | None:
    """`{type: Sequential|Functional, layers: [...], outputs: [...]}`: a model used as a layer."""
    entries: dict[str, Node] = node.value
    if depth >= MAX_MODEL_DEPTH:
        problems.append(error("LC002", f"models nest more than {MAX_MODEL_DEPTH} deep; lstmcalc models at most that",
                              node.span, name, "real models nest one or two levels"))
        return None
    if type_node.value == "Sequential" and "outputs" in entries:
        problems.append(error("LC013", "a nested Sequential has no `outputs`: its last layer's output is its output",
                              node.keys["outputs"], name, "remove `outputs`, or make it `type: Functional`"))
        return None
    model = _body(node, "", name, name_span, problems, depth=depth + 1)
    if model is None:
        return None
    args: dict[str, ArgSpec] = {}
    inputs: tuple[Ref, ...] | None = None
    for key, value in entries.items():
        if key in ("type", "name", "layers", "outputs"):
            continue
        if key == "inputs":
            inputs = _refs(value, problems)
            if inputs is None:
                return None
            continue
        args[key] = ArgSpec(value.plain(), value.span, node.keys[key])
    return LayerSpec(type=type_node.value, span=node.span, type_span=type_node.span, name=name,
                     name_span=name_span, args=args, inputs=inputs, model=model)


def _name_of(entries: dict[str, Node]) -> str | None:
    node = entries.get("name")
    return node.value if node is not None and isinstance(node.value, str) else None
