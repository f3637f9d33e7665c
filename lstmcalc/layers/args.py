"""Argument kinds (types) and value checks shared by the layer classes.

Type problems (`units: "128"`) are reported as LC014; value problems that Keras's
constructors raise for (`units: 0`) as LC015, in Keras's words.
"""

from __future__ import annotations

import math
from typing import Any

from lstmcalc.layers.base import DTYPE_POLICIES, Arg, Kind
from lstmcalc.layers.keras_names import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS
from lstmcalc.safety.text import excerpt, quoted


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) and math.isfinite(v)


def _is_dim(v: Any) -> bool:
    return v is None or _is_int(v)


INT = Kind("an integer", _is_int, {"type": "integer"})
NUMBER = Kind("a finite number", _is_number, {"type": "number"})
BOOL = Kind("true or false", lambda v: isinstance(v, bool), {"type": "boolean"})
STR = Kind("a string", lambda v: isinstance(v, str), {"type": "string"})
OPT_STR = Kind("a string or null", lambda v: v is None or isinstance(v, str),
               {"type": ["string", "null"]})
OPT_NUMBER = Kind("a finite number or null", lambda v: v is None or _is_number(v), {"type": ["number", "null"]})
OPT_INT = Kind("an integer or null", lambda v: v is None or _is_int(v), {"type": ["integer", "null"]})
SHAPE = Kind(
    "a list of sizes (integers, or null for a variable size)",
    lambda v: isinstance(v, list) and all(_is_dim(d) for d in v),
    {"type": "array", "items": {"type": ["integer", "null"]}},
)
OPT_SHAPE = Kind(
    "a list of sizes or null",
    lambda v: v is None or SHAPE.test(v),
    {"type": ["array", "null"], "items": {"type": ["integer", "null"]}},
)
INTS = Kind(
    "an integer or a list of one integer",
    lambda v: _is_int(v) or (isinstance(v, list) and len(v) >= 1 and all(_is_int(x) for x in v)),
    {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]},
)
OPT_INTS = Kind("an integer, a list of one integer, or null",
                lambda v: v is None or INTS.test(v), {"oneOf": [*INTS.schema["oneOf"], {"type": "null"}]})
AXIS = Kind(
    "an integer axis or a list of axes",
    lambda v: _is_int(v) or (isinstance(v, list) and len(v) >= 1 and all(_is_int(x) for x in v)),
    INTS.schema,
)
IDENTIFIER = Kind(
    "a name string, a {class_name, config} mapping, or null",
    lambda v: v is None or isinstance(v, (str, dict)),
    {"type": ["string", "object", "null"]},
)
ANY = Kind("any value", lambda v: True, {})


def with_schema(check: Any, schema: dict[str, Any]) -> Any:
    """Attach the JSON Schema form of a value check, for `lstmcalc schema`."""
    check.schema = schema
    return check


def positive(what: str) -> Any:
    def check(v: int) -> str | None:
        if v <= 0:
            return f"Received an invalid value for argument `{what}`, expected a positive integer, got {v}."
        return None
    return with_schema(check, {"minimum": 1})


def in_unit_interval(what: str) -> Any:
    def check(v: float) -> str | None:
        if not 0 <= v <= 1:
            return f"Invalid value received for argument `{what}`. Expected a float value between 0 and 1. Received: {what}={v}"
        return None
    return with_schema(check, {"minimum": 0, "maximum": 1})


def _known(names: frozenset[str], what: str, keras2: frozenset[str] | None = None) -> Any:
    """Keras's check of an identifier argument; KERAS2: the names tf.keras 2 knows, where
    they differ (it says "Unknown activation function 'x' cannot be deserialized.")."""
    def check(v: Any) -> str | None:
        if keras2 is not None and isinstance(v, str) and v not in keras2:
            from lstmcalc.keras_version import keras_version

            if keras_version() == 2:
                return f"Unknown {what} {quoted(v)} cannot be deserialized."
        if isinstance(v, str) and v not in names:
            return f"Could not interpret {what} identifier: {excerpt(v)}"
        if isinstance(v, dict) and not isinstance(v.get("class_name"), str):
            return f"Could not interpret {what} identifier: {quoted(v)} (a mapping needs `class_name`)"
        if isinstance(v, dict) and v.get("config") is not None and not isinstance(v["config"], dict):
            # keras.saving.deserialize_keras_object calls cls(**config): a list is a TypeError
            return f"Could not interpret {what} identifier: {quoted(v)} (its `config` must be a mapping)"
        return None
    return with_schema(check, {"anyOf": [{"enum": sorted(names)}, {"type": "object", "required": ["class_name"]},
                                         {"type": "null"}]})


def one_of(*choices: Any) -> Any:
    def check(v: Any) -> str | None:
        if v not in choices:
            shown = ", ".join(repr(c) if c is not None else "None" for c in choices)
            return f"Invalid value {quoted(v)}; expected one of {shown}."
        return None
    return with_schema(check, {"enum": list(choices)})


def _dtype_check(v: str | None) -> str | None:
    if v is not None and v not in DTYPE_POLICIES:
        return f"Cannot interpret dtype policy {quoted(v)}."
    return None


with_schema(_dtype_check, {"enum": [*DTYPE_POLICIES, None]})


#: The activation names tf_keras 2.21 deserializes (its own, and the tf.nn functions it falls
#: back to), recorded by building Dense(2, activation=NAME) for each of Keras 3's names.
KERAS2_ACTIVATIONS = frozenset("""
elu exponential gelu hard_sigmoid leaky_relu linear log_softmax mish relu relu6 selu sigmoid silu softmax
softplus softsign swish tanh""".split())


def activation(name: str = "activation", default: Any = None) -> Arg:
    return Arg(name, IDENTIFIER, default, _known(ACTIVATIONS, "activation function", KERAS2_ACTIVATIONS),
               "activation function name, e.g. tanh, relu, sigmoid")


def initializer(name: str, default: str) -> Arg:
    return Arg(name, IDENTIFIER, default, _known(INITIALIZERS, "initializer"), "initializer")


def regularizer(name: str) -> Arg:
    return Arg(name, IDENTIFIER, None, _known(REGULARIZERS, "regularizer"), "regularizer")


def constraint(name: str) -> Arg:
    return Arg(name, IDENTIFIER, None, _known(CONSTRAINTS, "constraint"), "constraint")


#: Accepted by every Keras layer's base constructor.
BASE_ARGS: tuple[Arg, ...] = (
    Arg("dtype", OPT_STR, None, _dtype_check, "dtype policy: float32, float16, mixed_float16 ..."),
    Arg("trainable", BOOL, True, None, "false freezes every weight of the layer"),
    Arg("autocast", BOOL, True),
    regularizer("activity_regularizer"),
)

#: Keras 2 style input arguments. Any layer but Input may carry them; on the first layer of
#: a spec they define the model's input (the engine reads them), elsewhere Keras ignores them.
#: A layer's own argument of the same name (Embedding's input_dim) takes precedence.
INPUT_ARGS: dict[str, Arg] = {a.name: a for a in (
    Arg("input_shape", OPT_SHAPE, None, None, "Keras 2 style: the per-sample input shape"),
    Arg("batch_input_shape", OPT_SHAPE, None, None, "Keras 2 style: input shape including batch"),
    Arg("input_dim", OPT_INT, None, None, "Keras 2 style: the input's last dimension"),
    Arg("input_length", OPT_INT, None, None, "Keras 2 style: timesteps, with input_dim"),
    Arg("batch_size", OPT_INT, None, None, "Keras 2 style: fixed batch size with input_shape"),
)}
INPUT_ARG_NAMES = tuple(INPUT_ARGS)
