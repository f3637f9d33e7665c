"""ModelSpec -> runnable, idiomatic Keras 3 Python.

A spec that starts with Input becomes the functional API (keras.Input, layer calls,
keras.Model); one whose first layer carries its input becomes keras.Sequential with a
keras.Input first. Layers without a name get none, so Keras names them exactly as lstmcalc
did. Reading the result back (lstmcalc's Python importer) gives the same summary.

Generated code is data, not text: every identifier (layer type, argument key, variable)
must be a valid Python identifier or the spec is refused, every value is written with
repr() from plain data only, and the finished code is parsed with `ast` before it is
returned, so no input can smuggle a statement into it.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from contextvars import ContextVar
from typing import Any

from lstmcalc.errors import LstmcalcError
from lstmcalc.layers.args import INPUT_ARGS
from lstmcalc.layers.recurrent import RNN
from lstmcalc.safety.text import quoted
from lstmcalc.spec.calls import call_order
from lstmcalc.spec.keras_config import several_outputs
from lstmcalc.spec.model import LayerSpec, ModelSpec, Ref
from lstmcalc.spec.naming import layer_names


class EmitError(LstmcalcError):
    """The spec holds something that cannot be written as Keras code safely."""


#: The Keras the code is written for: 3 (`import keras`) or 2 (tf.keras 2: `from tensorflow
#: import keras`, first-layer input arguments kept as the spec has them). Set by to_keras_python.
_TARGET: ContextVar[int] = ContextVar("lstmcalc_emit_target", default=3)

#: Keras 2 layer classes with no Keras 3 class: tf.keras 2 code reaches them through
#: tf.compat.v1.keras.layers, Keras 3 code gets the layer that replaces them.
CUDNN_LAYERS = {"CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU"}

#: tf.keras 2 calls a layer inside tf.name_scope(name), and TensorFlow takes only these root
#: scope names (recorded: tf_keras 2.21 raises ValueError "... is not a valid root scope name").
TF_SCOPE_NAME = re.compile(r"[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*")


def _keras2_name(name: str, what: str) -> None:
    """EmitError unless tf.keras 2 can call a layer (or nested model) named NAME."""
    if not TF_SCOPE_NAME.fullmatch(name):
        raise EmitError(f"tf.keras 2 cannot call {what} named {quoted(name)}: TensorFlow makes the name a name "
                        "scope, and it raises ValueError (not a valid root scope name) for any but letters, digits "
                        "and . _ / > - (not first: _ / > -); rename it, or write Keras 3 code")


def identifier(text: object, what: str) -> str:
    """TEXT if it is a plain ASCII Python identifier (not a keyword), else EmitError."""
    if not (isinstance(text, str) and text.isascii() and text.isidentifier() and not keyword.iskeyword(text)):
        raise EmitError(f"{what} {quoted(text)} is not a Python identifier, so it cannot be written as Keras code")
    return text

TUPLE_ARGS = {"shape", "batch_shape", "target_shape", "noise_shape", "kernel_size", "strides", "pool_size",
              "dilation_rate", "input_shape", "batch_input_shape"}


def _value(key: str, value: Any) -> str:
    """VALUE as a Python literal, from plain data only (repr() of str, int, float, bool, None)."""
    if isinstance(value, list) and key in TUPLE_ARGS:
        inner = ", ".join(_value("", v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_value("", v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_value('', str(k))}: {_value('', v)}" for k, v in value.items()) + "}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if value is None or isinstance(value, (str, bool, int, float)):
        try:
            return repr(value)
        except ValueError:  # an int past Python's digit limit
            raise EmitError(f"the value of {quoted(key or 'an argument')} is too large to write") from None
    raise EmitError(f"the value of {quoted(key or 'an argument')} is a {type(value).__name__}, "
                    "which Keras code cannot hold")


def literal(key: str, value: Any) -> str:
    """VALUE as the Python literal the emitted code holds for argument KEY (a tuple for shapes)."""
    return _value(key, value)


def _call(layer: LayerSpec, skip_input: bool = True) -> str:
    parts = []
    if layer.type == "Custom":  # the user's class: its code is not in the spec
        from lstmcalc.layers.custom import custom_refusal

        raise EmitError(custom_refusal(layer))
    for key, inner in layer.wrapped.items():
        parts.append(_call(inner) if key == "layer" else f"{key}={_call(inner)}")
    from lstmcalc.layers import REGISTRY

    cls = REGISTRY.get(layer.type)
    own = cls.arg_table() if cls is not None else {}
    if layer.type == "Lambda":
        # lstmcalc never knows a Lambda's function: the identity stands in, and the shape Keras
        # reports comes from output_shape (a tuple: Keras cannot use a list there)
        parts.append("lambda x: x")
    calls = cls.call_args if cls is not None else ()
    keras2 = _TARGET.get() == 2
    for key, arg in layer.args.items():
        if skip_input and key in INPUT_ARGS and key not in own:
            continue  # Keras 2 input arguments become the keras.Input in front
        if not keras2 and layer.type == "Embedding" and key == "input_length":
            continue  # Keras 3 deprecates it ("just remove it"): the keras.Input in front carries it
        if key in calls:
            continue  # an argument of the call (return_attention_scores): _call_options writes it
        if layer.type == "Lambda" and key == "function":
            continue
        if layer.type == "Lambda" and key == "output_shape" and isinstance(arg.value, list):
            parts.append(f"output_shape={_value('shape', arg.value)}")
            continue
        if layer.type == "RNN" and key == "cell":
            parts.append(f"cell={_cell(arg.value)}")
            continue
        parts.append(f"{identifier(key, 'the argument')}={_value(key, arg.value)}")
    if layer.name:
        if keras2 and layer.type != "Input":
            _keras2_name(layer.name, "the layer")
        parts.append(f"name={_value('name', layer.name)}")
    prefix = "keras" if layer.type == "Input" else "layers"
    kind = layer.type
    if kind in CUDNN_LAYERS:  # tf.keras 2 keeps it under compat.v1; Keras 3 has only its replacement
        prefix, kind = ("tf.compat.v1.keras.layers", kind) if keras2 else ("layers", CUDNN_LAYERS[kind])
    elif cls is None and layer.type != "Input":
        raise EmitError(f"{quoted(layer.type)} is not a layer type lstmcalc knows")
    return f"{prefix}.{identifier(kind, 'the layer type')}({', '.join(parts)})"


def cudnn_change(layer: LayerSpec) -> str:
    """What writing a CuDNNLSTM/CuDNNGRU as Keras 3's LSTM/GRU changes."""
    replacement = CUDNN_LAYERS[layer.type]
    units = layer.args["units"].value if "units" in layer.args else None
    kept = ("Keras 3 removed it; LSTM's defaults (activation='tanh', recurrent_activation='sigmoid', "
            "recurrent_dropout=0, unroll=False, use_bias=True) run the cuDNN kernel on a GPU")
    if layer.type == "CuDNNGRU":
        return ("CuDNNGRU -> GRU (Keras 3 removed it; GRU's defaults, reset_after=True included, run the cuDNN "
                "kernel on a GPU): the same parameter count, two bias vectors in both")
    fewer = f"{4 * units:,} fewer parameters" if isinstance(units, int) and not isinstance(units, bool) else \
        "4*units fewer parameters"
    return (f"CuDNNLSTM -> {replacement} ({kept}): {fewer}, as LSTM keeps one bias vector where CuDNNLSTM keeps "
            "two (input and recurrent); its trained weights do not load as they are")


def _cell(value: Any, depth: int = 0) -> str:
    """An RNN's cell as Keras code: layers.LSTMCell(units=8), a list, StackedRNNCells([...])."""
    if depth > 8:
        raise EmitError("the RNN's cells nest too deeply to write")
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v, depth + 1) for v in value) + "]"
    if not isinstance(value, dict):
        raise EmitError(f"the RNN cell {quoted(value)} is not a cell lstmcalc can write")
    if "class_name" in value and "type" not in value:  # Keras's serialised form
        config = value.get("config")
        items = config.items() if isinstance(config, dict) else ()
        value = {"type": value.get("class_name"), **{k: v for k, v in items if k != "dtype"}}
    kind = identifier(value.get("type"), "the cell type")
    args = []
    for key, item in value.items():
        if key == "type":
            continue
        text = _cell(item, depth + 1) if key == "cells" else _value(key, item)
        args.append(f"{identifier(key, 'the cell argument')}={text}")
    return f"layers.{kind}({', '.join(args)})"


def _call_options(layer: LayerSpec) -> str:
    """`, return_attention_scores=True`: the call arguments a spec writes among the layer's."""
    from lstmcalc.layers import REGISTRY

    cls = REGISTRY.get(layer.type)
    names = cls.call_args if cls is not None else ()
    return "".join(f", {identifier(key, 'the argument')}={_value(key, arg.value)}"
                   for key, arg in layer.args.items() if key in names)


def legacy_input(first: LayerSpec) -> str | None:
    """keras.Input(...) for a first layer's Keras 2 input arguments (spec v1 semantics)."""
    args = {k: a.value for k, a in first.args.items()}
    batch = args.get("batch_size")
    if args.get("batch_input_shape") is not None:
        return f"keras.Input(batch_shape={_value('batch_shape', args['batch_input_shape'])})"
    if args.get("input_shape") is not None and not isinstance(args["input_shape"], list):
        raise EmitError("input_shape must be a list of sizes")
    shape: list[Any] | None = None
    if args.get("input_shape") is not None:
        shape = list(args["input_shape"])
    elif first.type != "Embedding" and args.get("input_dim") is not None:
        from lstmcalc.layers import REGISTRY

        cls = REGISTRY.get(first.type)
        is_rnn = cls is not None and issubclass(cls, RNN)
        shape = [args.get("input_length"), args["input_dim"]] if is_rnn else [args["input_dim"]]
    elif first.type == "Embedding" and args.get("input_length") is not None:
        shape = [args["input_length"]]
    if shape is None:
        return None
    extra = f", batch_size={_value('batch_size', batch)}" if batch is not None else ""
    return f"keras.Input(shape={_value('shape', shape)}{extra})"


def is_graph(spec: ModelSpec) -> bool:
    inputs = sum(1 for layer in spec.layers if layer.type == "Input")
    return bool(spec.outputs) or inputs > 1 or any(
        layer.inputs is not None or layer.initial_state or layer.calls for layer in spec.layers)


def _variable(name: str, used: set[str]) -> str:
    base = re.sub(r"\W", "_", name)
    base = base if base and not base[0].isdigit() and not keyword.iskeyword(base) else f"t_{base}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def all_names(layers: tuple[LayerSpec, ...] | list[LayerSpec]) -> dict[int, list[str]]:
    """Every model's layer names (keyed by id of its `layers`), nested models' included, as
    one Keras session names them: a nested model's layers share the top model's counters."""
    from lstmcalc.spec.naming import Namer, take_model_names

    namer = Namer()
    found: dict[int, list[str]] = {}

    def walk(items: tuple[LayerSpec, ...] | list[LayerSpec]) -> list[str]:
        names = []
        for layer in items:
            if layer.model is not None:
                walk(layer.model.layers)
                names.append(take_model_names(layer, namer))
                continue
            names.append(layer_names([layer], namer)[0])
        found[id(items)] = names
        return names
    walk(layers)
    return found


class _Emit:
    """What the code written so far holds: variable names, and every model's layer names."""

    def __init__(self, spec: ModelSpec) -> None:
        self.used: set[str] = {"keras", "layers", "model"}
        self.names = all_names(spec.layers)


def _nested_code(layer: LayerSpec, var: str, lines: list[str], emit: _Emit) -> None:
    """A model used as a layer, as the statement(s) building it into VAR; `trainable: false`
    is set on the built model, as `model.trainable = False` does."""
    model = layer.model
    assert model is not None
    if layer.name and _TARGET.get() == 2:
        _keras2_name(layer.name, "the model used as a layer")
    name = f", name={_value('name', layer.name)}" if layer.name else ""
    if layer.type == "Sequential":
        inner = list(model.layers)
        # Keras 3 code gives a nested Sequential's Keras 2 input arguments a keras.Input, as at the top
        first_input = legacy_input(inner[0]) if _TARGET.get() == 3 and inner and inner[0].model is None else None
        items = _sequential_items(inner, lines, emit, keep_input=first_input is None)
        if first_input:
            items.insert(0, first_input)
        lines.append(f"{var} = keras.Sequential([{', '.join(items)}]{name})")
    else:
        _graph_code(model, lines, name, emit, target=var)
    trainable = layer.args.get("trainable")
    for key in layer.args:
        if key not in ("trainable", *INPUT_ARGS):
            raise EmitError(f"a model used as a layer takes `trainable`, not {quoted(key)}")
    if trainable is not None and trainable.value is False:
        lines.append(f"{var}.trainable = False")


def _sequential_items(layers: list[LayerSpec], lines: list[str], emit: _Emit, *, keep_input: bool) -> list[str]:
    """A Sequential's list items: layer expressions; once a model is among them, every item
    becomes a variable built in order (the models need statements, and Keras names each
    layer when it is constructed)."""
    if not any(layer.model is not None for layer in layers):
        return [_call(layer, skip_input=not keep_input) for layer in layers]
    items = []
    names = emit.names.get(id(tuple(layers)), [])
    for index, layer in enumerate(layers):
        label = names[index] if index < len(names) else layer.type.lower()
        var = _variable(label if layer.model is None else f"{label}_model", emit.used)
        if layer.model is not None:
            _nested_code(layer, var, lines, emit)
        else:
            lines.append(f"{var} = {_call(layer, skip_input=not keep_input)}")
        items.append(var)
    return items


def _graph_code(spec: ModelSpec, lines: list[str], name: str, emit: _Emit, target: str = "model") -> list[str]:
    """The functional API: each call in the order it can run; a shared layer is one object
    (`lstm_layer = layers.LSTM(...)`) called once per node; a model used as a layer is built
    where it is listed."""
    layers = list(spec.layers)
    names = emit.names.get(id(spec.layers)) or layer_names(layers)
    by_name = dict(zip(names, layers, strict=True))
    used = emit.used
    variables: dict[tuple[str, int], str] = {}
    objects: dict[str, str] = {}
    inputs: list[str] = []
    consumed: set[tuple[str, int]] = set()

    def ref(r: Ref) -> str:
        consumed.add((r.name, r.node))
        var = variables.get((r.name, r.node))
        if var is None:
            raise EmitError(f"{quoted(str(r))} names no earlier layer call")
        # a config names tensor 0 of every link (Keras 2: [name, node, tensor]): a lone output is the layer's
        return var if r.output is None or (r.output == 0 and not several_outputs(by_name.get(r.name))) \
            else f"{var}[{int(r.output)}]"

    def source(refs: tuple[Ref, ...], merge: bool, spread: bool = False) -> str:
        if spread:  # mha(query, value, key): the tensors as separate arguments
            return ", ".join(ref(r) for r in refs)
        if len(refs) == 1 and (not merge or (refs[0].output is None and several_outputs(by_name.get(refs[0].name)))):
            return ref(refs[0])  # a bare name of a multi-output layer is already a list
        return "[" + ", ".join(ref(r) for r in refs) + "]"

    for index, node in call_order(layers, names):
        layer, layer_name = layers[index], names[index]
        var = _variable(layer_name if node == 0 else f"{layer_name}_{node}", used)
        variables[(layer_name, node)] = var
        if layer.type == "Input":
            lines.append(f"{var} = {_call(layer)}")
            inputs.append(var)
            continue
        refs = layer.inputs if node == 0 else layer.calls[node - 1].inputs
        states_refs = layer.initial_state if node == 0 else layer.calls[node - 1].initial_state
        if refs is None:
            previous = names[index - 1]
            consumed.add((previous, 0))
            text = variables.get((previous, 0), "")
        else:
            text = source(refs, _is_merge(layer.type), _is_spread(layer.type))
        states = ", initial_state=[" + ", ".join(ref(r) for r in states_refs) + "]" if states_refs else ""
        if layer.model is not None and node == 0:  # a model used as a layer: built here, then called
            objects[layer_name] = _variable(f"{layer_name}_model", used)
            _nested_code(layer, objects[layer_name], lines, emit)
        elif layer.calls and node == 0:  # a shared layer: one object, called once per node
            objects[layer_name] = _variable(f"{layer_name}_layer", used)
            lines.append(f"{objects[layer_name]} = {_call(layer)}")
        called = objects.get(layer_name) or _call(layer)
        lines.append(f"{var} = {called}({text}{states}{_call_options(layer)})")
    if spec.outputs:
        outs = [ref(r) for r in spec.outputs]
    else:
        outs = [var for key, var in variables.items() if key not in consumed and var not in inputs] or \
            [next(reversed(variables.values()))]
    if spec.inputs:
        inputs = [ref(r) for r in spec.inputs]
    ins = inputs[0] if len(inputs) == 1 else "[" + ", ".join(inputs) + "]"
    out = outs[0] if len(outs) == 1 else "[" + ", ".join(outs) + "]"
    lines.append(f"{target} = keras.Model({ins}, {out}{name})")
    return lines


def _is_spread(type_name: str) -> bool:
    from lstmcalc.layers import REGISTRY

    cls = REGISTRY.get(type_name)
    return bool(cls is not None and cls.spread)


def _is_merge(type_name: str) -> bool:
    from lstmcalc.layers import REGISTRY

    cls = REGISTRY.get(type_name)
    return bool(cls is not None and cls.merge)


def to_keras_python(spec: ModelSpec, keras: int = 3) -> str:
    """Keras code for SPEC (which the engine has accepted): Keras 3 (`import keras`), or with
    KERAS=2 tf.keras 2 (`from tensorflow import keras`, run with TF_USE_LEGACY_KERAS=1 on
    TensorFlow 2.16+), where a Sequential's first layer keeps its input arguments as Keras 2
    code writes them. EmitError when it cannot be written safely. The result always parses."""
    if keras not in (2, 3):
        raise ValueError(f"Keras code is written for Keras 2 or 3, not {keras!r}")
    token = _TARGET.set(keras)
    try:
        return _to_keras_python(spec, keras)
    finally:
        _TARGET.reset(token)


def _to_keras_python(spec: ModelSpec, keras: int) -> str:
    if keras == 2:
        lines = ["import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers", ""]
    else:
        lines = ["import keras", "from keras import layers", ""]
    name = f", name={_value('name', spec.name)}" if spec.name else ""
    layers = list(spec.layers)
    emit = _Emit(spec)
    if is_graph(spec) or (layers and layers[0].type == "Input" and any(layer.model for layer in layers)):
        lines = _graph_code(spec, lines, name, emit)
    elif layers and layers[0].type == "Input":
        lines.append(f"inputs = {_call(layers[0])}")
        previous = "inputs"
        for layer in layers[1:]:
            lines.append(f"x = {_call(layer)}({previous})")
            previous = "x"
        lines.append(f"model = keras.Model(inputs, {previous}{name})")
    elif keras == 2:  # tf.keras 2 builds the model from the first layer's own input arguments
        items = _sequential_items(layers, lines, emit, keep_input=True)
        lines.append("model = keras.Sequential([")
        lines.extend(f"    {item}," for item in items)
        lines.append(f"]{name})")
    else:
        first_input = legacy_input(layers[0]) if layers and layers[0].model is None else None
        if layers and layers[0].model is not None and (layers[0].args.get("batch_input_shape") or
                                                       layers[0].args.get("input_shape")):
            first_input = legacy_input(layers[0])  # a Keras config's Sequential input, folded onto its model
        items = _sequential_items(layers, lines, emit, keep_input=False)
        lines.append("model = keras.Sequential([")
        if first_input:
            lines.append(f"    {first_input},")
        lines.extend(f"    {item}," for item in items)
        lines.append(f"]{name})")
    lines += ["model.summary()", ""]
    code = "\n".join(lines)
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise EmitError(f"the generated code does not parse ({quoted(exc)}); please report this spec") from None
    return code
