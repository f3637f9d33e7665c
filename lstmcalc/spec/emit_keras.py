"""ModelSpec -> runnable, idiomatic Keras 3 Python.

A spec that starts with Input becomes the functional API (keras.Input, layer calls,
keras.Model); one whose first layer carries its input becomes keras.Sequential with a
keras.Input first. Layers without a name get none, so Keras names them exactly as lstmcalc
did. Reading the result back (lstmcalc's Python importer) gives the same summary.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.layers.args import INPUT_ARGS
from lstmcalc.layers.recurrent import RNN
from lstmcalc.spec.model import LayerSpec, ModelSpec

TUPLE_ARGS = {"shape", "batch_shape", "target_shape", "noise_shape", "kernel_size", "strides", "pool_size",
              "dilation_rate", "input_shape", "batch_input_shape"}


def _value(key: str, value: Any) -> str:
    if isinstance(value, list) and key in TUPLE_ARGS:
        inner = ", ".join(_value("", v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_value("", v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_value('', v)}" for k, v in value.items()) + "}"
    return repr(value)


def _call(layer: LayerSpec, skip_input: bool = True) -> str:
    parts = []
    for key, inner in layer.wrapped.items():
        parts.append(_call(inner) if key == "layer" else f"{key}={_call(inner)}")
    from lstmcalc.layers import REGISTRY

    cls = REGISTRY.get(layer.type)
    own = cls.arg_table() if cls is not None else {}
    for key, arg in layer.args.items():
        if skip_input and key in INPUT_ARGS and key not in own:
            continue  # Keras 2 input arguments become the keras.Input in front
        parts.append(f"{key}={_value(key, arg.value)}")
    if layer.name:
        parts.append(f"name={layer.name!r}")
    prefix = "keras" if layer.type == "Input" else "layers"
    return f"{prefix}.{layer.type}({', '.join(parts)})"


def _legacy_input(first: LayerSpec) -> str | None:
    """keras.Input(...) for a first layer's Keras 2 input arguments (spec v1 semantics)."""
    args = {k: a.value for k, a in first.args.items()}
    batch = args.get("batch_size")
    if args.get("batch_input_shape") is not None:
        return f"keras.Input(batch_shape={_value('batch_shape', args['batch_input_shape'])})"
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
    extra = f", batch_size={batch!r}" if batch is not None else ""
    return f"keras.Input(shape={_value('shape', shape)}{extra})"


def to_keras_python(spec: ModelSpec) -> str:
    lines = ["import keras", "from keras import layers", ""]
    name = f", name={spec.name!r}" if spec.name else ""
    layers = list(spec.layers)
    if layers and layers[0].type == "Input":
        lines.append(f"inputs = {_call(layers[0])}")
        previous = "inputs"
        for layer in layers[1:]:
            lines.append(f"x = {_call(layer)}({previous})")
            previous = "x"
        lines.append(f"model = keras.Model(inputs, {previous}{name})")
    else:
        lines.append("model = keras.Sequential([")
        first_input = _legacy_input(layers[0]) if layers else None
        if first_input:
            lines.append(f"    {first_input},")
        lines.extend(f"    {_call(layer)}," for layer in layers)
        lines.append(f"]{name})")
    lines += ["model.summary()", ""]
    return "\n".join(lines)
