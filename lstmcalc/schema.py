"""A JSON Schema (draft 2020-12) of spec format v1, generated from the layer registry.

Nothing here is maintained by hand: each layer type's arguments, their JSON types, the
value constraints its checks declare, and which are required come from the layer classes.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.layers import REGISTRY
from lstmcalc.layers.args import INPUT_ARGS
from lstmcalc.layers.base import REQUIRED, Arg, Layer

SCHEMA_ID = "https://github.com/lstmcalc/lstmcalc/raw/main/docs/spec-v1.schema.json"


def _arg_schema(arg: Arg) -> dict[str, Any]:
    schema: dict[str, Any] = dict(arg.kind.schema)
    extra = getattr(arg.check, "schema", None)
    if extra:
        schema = {"allOf": [schema, extra]} if schema else dict(extra)
    if arg.doc:
        schema["description"] = arg.doc
    if arg.default is not REQUIRED and isinstance(arg.default, (int, float, str, bool, type(None))):
        schema["default"] = arg.default
    return schema


def _layer_schema(cls: type[Layer]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "type": {"const": cls.type_name},
        "name": {"type": "string", "minLength": 1, "description": "layer name (default: Keras's automatic name)"},
    }
    args = cls.arg_table()
    if cls.type_name != "Input":
        for name, arg in INPUT_ARGS.items():
            props.setdefault(name, _arg_schema(arg))
    for name, arg in args.items():
        props[name] = _arg_schema(arg)
    for key in cls.nested:
        props[key] = {"$ref": "#/$defs/layer", "description": "the wrapped layer"}
    if cls.type_name != "Input":
        props["inputs"] = {"$ref": "#/$defs/refs", "description": "graph specs: the layers feeding this one"}
    if cls.family == "recurrent":
        props["initial_state"] = {"$ref": "#/$defs/refs", "description": "graph specs: tensors starting the state"}
    required = ["type", *[a.name for a in cls.args if a.required], *(["layer"] if cls.nested else [])]
    doc = (cls.__doc__ or "").strip().splitlines()
    return {
        "type": "object",
        "title": cls.type_name,
        "description": doc[0] if doc else "",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


#: Models used as layers (`{type: Sequential, layers: [...]}`), see docs/spec-format.md.
MODEL_KINDS = {
    "Sequential": "a Sequential model used as a layer: its layers in order (an Input first, or the first "
                  "call's input)",
    "Functional": "a Functional model used as a layer: its own Inputs, layers and outputs",
}


def spec_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {name: _layer_schema(cls) for name, cls in sorted(REGISTRY.items())}
    ref = {"type": "string", "pattern": r"^\s*[^\[\]\s@]+\s*(@\s*\d+\s*)?(\[\s*\d+\s*\])?\s*$"}
    defs["refs"] = {"oneOf": [ref, {"type": "array", "items": ref, "minItems": 1}],
                    "description": "a layer name, with [i] to pick one of several outputs and @k for the "
                                   "layer's call k: enc, enc[1], enc@1, enc@1[0]"}
    defs["call"] = {
        "type": "object",
        "title": "call",
        "description": "a further call of an earlier layer (a shared layer): Keras's node 1, 2, ...",
        "properties": {
            "call": {"type": "string", "minLength": 1, "description": "the name of the layer to call again"},
            "inputs": {"$ref": "#/$defs/refs", "description": "the tensors it is called on"},
            "initial_state": {"$ref": "#/$defs/refs", "description": "tensors starting an RNN's state"},
        },
        "required": ["call"],
        "additionalProperties": False,
    }
    layers = {"type": "array", "minItems": 1,
              "items": {"oneOf": [{"$ref": "#/$defs/layer"}, {"$ref": "#/$defs/call"}]}}
    for kind, what in MODEL_KINDS.items():
        props: dict[str, Any] = {
            "type": {"const": kind},
            "name": {"type": "string", "minLength": 1, "description": "model name (default: Keras's automatic name)"},
            "layers": {**layers, "description": "the model's own layers"},
            "trainable": {"type": "boolean", "description": "false freezes every weight of the model"},
            "inputs": {"$ref": "#/$defs/refs", "description": "graph specs: the tensors the model is called on"},
        }
        if kind == "Functional":
            props["outputs"] = {"$ref": "#/$defs/refs", "description": "the model's outputs (default: the "
                                                                        "layers nobody consumes)"}
        for name in ("input_shape", "batch_input_shape", "batch_size"):
            props[name] = _arg_schema(INPUT_ARGS[name])
        defs[f"model_{kind}"] = {"type": "object", "title": kind, "description": what, "properties": props,
                                 "required": ["type", "layers"], "additionalProperties": False}
    kinds = sorted([*REGISTRY, *MODEL_KINDS])
    defs["layer"] = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": kinds}},
        "allOf": [{"if": {"properties": {"type": {"const": name}}},
                   "then": {"$ref": f"#/$defs/{name}"}} for name in sorted(REGISTRY)] + [
            {"if": {"properties": {"type": {"const": kind}}}, "then": {"$ref": f"#/$defs/model_{kind}"}}
            for kind in MODEL_KINDS],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "lstmcalc model spec v1",
        "description": "A Keras model as data: `type` is the Keras class, other keys its constructor arguments.",
        "type": "object",
        "properties": {
            "name": {"type": "string", "minLength": 1, "description": "the model name"},
            "layers": layers,
            "outputs": {"$ref": "#/$defs/refs", "description": "graph specs: the model's outputs"},
            "inputs": {"$ref": "#/$defs/refs", "description": "graph specs: the model's inputs (default: every Input)"},
        },
        "required": ["layers"],
        "additionalProperties": False,
        "$defs": defs,
    }
