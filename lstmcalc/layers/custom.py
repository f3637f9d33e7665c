"""User-defined layers: a `Custom` spec entry declares what lstmcalc cannot know.

A class the user wrote (an attention layer after an LSTM, say) is not one of Keras's own, so
its output shape and weights cannot be derived from Keras's code. A spec states them:

    {type: Custom, class_name: AttentionLayer, output_shape: [null, 64],
     weights: {W: [64, 64], b: [64]}}

The table prints the class name in the type column, and the automatic name Keras derives
from it (keras.src.utils.naming.auto_name: to_snake_case of the class name, counted with
the built-in layers of the same prefix). The Python reader makes the same entry for a class
defined in the code it reads, with a `definition` that computes the shapes and weights from
the layer's own build() and call() for the input it receives.

Parameters: the sum of the sizes of the declared weights (Keras counts every add_weight,
trainable or not).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Protocol

from lstmcalc.layers.args import ANY, BASE_ARGS, BOOL, STR, with_schema
from lstmcalc.layers.base import Arg, Kind, Layer, Shape, Weight, checked_prod, fmt_shape, register

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def to_snake_case(name: str) -> str:
    """Keras 3's keras.src.utils.naming.to_snake_case, the prefix of a layer's automatic name."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class Definition(Protocol):
    """What the Python reader hands over for a class it read: the layer's shapes and weights
    for the inputs it is called on (raising Refusal where Keras, or lstmcalc, cannot)."""

    def resolve(self, shapes: list[Shape], listed: bool) -> tuple[list[Shape], list[Weight]]: ...


def _is_dims(v: Any) -> bool:
    return isinstance(v, list) and all(d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in v)


def _is_shape_or_shapes(v: Any) -> bool:
    return v is None or _is_dims(v) or (isinstance(v, list) and len(v) > 0 and all(_is_dims(s) for s in v))


def _is_weight_map(v: Any) -> bool:
    return isinstance(v, dict) and all(
        isinstance(k, str) and isinstance(s, list)
        and all(isinstance(d, int) and not isinstance(d, bool) for d in s) for k, s in v.items())


SHAPES = Kind("a shape (a list of sizes, null for a variable size) or a list of shapes",
              _is_shape_or_shapes,
              {"oneOf": [{"type": "array", "items": {"type": ["integer", "null"]}},
                         {"type": "array", "items": {"type": "array", "items": {"type": ["integer", "null"]}}},
                         {"type": "null"}]})
WEIGHT_MAP = Kind("a mapping of weight names to shapes (lists of integers)", _is_weight_map,
                  {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer"}}})


def _class_name(v: str) -> str | None:
    if not _IDENTIFIER.match(v):
        return f"class_name must be a Python class name (letters, digits, _), got {fmt_text(v)}"
    return None


def fmt_text(v: str) -> str:
    from lstmcalc.safety.text import quoted

    return quoted(v)


def _dims(what: str) -> Any:
    def check(v: dict[str, list[int]]) -> str | None:
        for name, shape in v.items():
            if any(d < 0 for d in shape):
                return (f"{what} {fmt_text(name)}: Cannot convert '{fmt_shape(tuple(shape))}' to a shape. "
                        "Negative dimensions are not allowed.")
        return None
    return check


def _definition(v: Any) -> str | None:
    if not hasattr(v, "resolve"):
        return "definition is set by the Python reader for a class it read; a spec gives output_shape and weights"
    return None


@register
class Custom(Layer):
    """A user-defined layer class: output shape and weights as declared (or as the Python
    reader computed them from the class's code).

    Output shape: `output_shape` (the full shape, batch axis first; a list of shapes for a
    layer returning several tensors). Params: the sum of the declared weights' sizes.
    """

    type_name = "Custom"
    auto_name = "custom"
    family = "custom"
    args = (
        *BASE_ARGS,
        Arg("class_name", STR, check=_class_name, doc="the user's class name (printed in the type column)"),
        Arg("output_shape", SHAPES, None, None,
            "the layer's output shape, batch axis first ([null, 64]); a list of shapes for several outputs"),
        Arg("weights", WEIGHT_MAP, {}, _dims("weight"),
            "the trainable weights add_weight creates, by name, in creation order: {W: [64, 64], b: [64]}"),
        Arg("non_trainable_weights", WEIGHT_MAP, {}, _dims("weight"),
            "weights created with trainable=False, by name: {moving_mean: [64]}"),
        Arg("takes_list", BOOL, False, None,
            "the layer is called on several tensors (`inputs: [a, b]`): its call() takes a list"),
        Arg("takes_mask", BOOL, False, None, "call() has a `mask` parameter: Keras passes it the input's mask"),
        Arg("supports_masking", BOOL, False, None,
            "supports_masking without a compute_mask of its own: Keras passes the mask on"),
        Arg("definition", ANY, None, with_schema(_definition, {"not": {}}),
            "set by the Python reader only"),
    )
    class_name: str
    takes_list: bool
    takes_mask: bool
    supports_masking: bool
    output_shape_arg: Any
    non_trainable_weights: dict[str, list[int]]
    definition: Any
    #: a custom layer called on several tensors (takes_list, or code calling it so) gets them all;
    #: one called on a single tensor is an ordinary layer (cast, masks, wrappers as Keras treats it)
    merge: ClassVar[bool] = True

    def __init__(self, name: str, values: dict[str, Any], nested: dict[str, Layer] | None = None):
        values = dict(values)
        self.output_shape_arg = values.pop("output_shape", None)
        super().__init__(name, values, nested)
        self.__dict__["keras_class"] = self.class_name  # the class Keras prints: the user's
        definition = self.definition
        if definition is None:
            self.merge = self.takes_list  # type: ignore[misc]
        elif not getattr(definition, "listed", None) and getattr(definition, "structure", None) is None:
            self.merge = False  # type: ignore[misc]  # code that calls it on one tensor: a layer like Dense
        self.listed = False  # whether the call passes a list (set by the reader's definition)

    @property
    def tuple_outputs(self) -> bool:
        """Whether call() returns its outputs as a tuple (tf.keras 2 prints ((..), (..)))."""
        return bool(getattr(self.definition, "returns_tuple", False))

    @property
    def consumes_mask(self) -> bool:
        """Whether call() has a `mask` parameter: Keras then passes the input's mask to it."""
        return bool(getattr(self.definition, "takes_mask", self.takes_mask))

    @property
    def passes_mask(self) -> bool:
        """supports_masking without a compute_mask of its own: Keras passes the mask on."""
        return bool(getattr(self.definition, "passes_mask", self.supports_masking))

    def validate(self) -> str | None:
        if self.definition is None and self.output_shape_arg is None:
            return (f"a Custom layer ({self.class_name}) needs `output_shape`: lstmcalc cannot know what its "
                    "call() returns")
        return None

    # --- shapes and weights ----------------------------------------------------------------
    def _resolve(self, shapes: list[Shape]) -> tuple[list[Shape], list[Weight]]:
        if self.definition is not None:
            resolved: tuple[list[Shape], list[Weight]] = self.definition.resolve(shapes, self.listed)
            return resolved
        declared = self.output_shape_arg
        outs: list[Shape] = [tuple(s) for s in declared] if declared and isinstance(declared[0], list) \
            else [tuple(declared)]
        weights = [Weight(k, tuple(v), True) for k, v in (self.initial_weights or {}).items()]
        weights += [Weight(k, tuple(v), False) for k, v in self.non_trainable_weights.items()]
        for w in weights:
            checked_prod(w.shape, f"{self.label}'s weight {w.name}")
        return outs, weights

    def merged_shape(self, shapes: list[Shape]) -> Shape:
        return self._resolve(shapes)[0][0]

    def merged_shapes(self, shapes: list[Shape]) -> list[Shape]:
        return self._resolve(shapes)[0]

    def merged_weights(self, shapes: list[Shape]) -> list[Weight]:
        weights = self._resolve(shapes)[1]
        return [Weight(w.name, w.shape, w.trainable and self.trainable, w.itemsize or self.variable_bytes,
                       w.trainable and self.trainable) for w in weights]

    def output_shape(self, shape: Shape) -> Shape:
        return self.merged_shape([shape])

    def output_shapes(self, shape: Shape) -> list[Shape]:
        return self.merged_shapes([shape])

    def weights(self, shape: Shape) -> list[Weight]:
        return self._resolve([shape])[1]


def auto_prefix(cls: type[Layer], args: dict[str, Any]) -> str:
    """The prefix of a layer's automatic name: Keras's to_snake_case of a custom layer's
    class name, else the type's own prefix. ARGS maps argument names to values (or to
    objects holding them in `.value`)."""
    if cls is Custom:
        value = args.get("class_name")
        value = getattr(value, "value", value)
        if isinstance(value, str) and _IDENTIFIER.match(value):
            return to_snake_case(value)
    return cls.auto_name


def custom_refusal(spec: Any) -> str:
    """Why `convert` writes no code for a Custom layer (a LayerSpec): its class is the user's."""
    from lstmcalc.safety.text import quoted

    value = spec.args.get("class_name")
    cls = quoted(getattr(value, "value", value) or "?")
    which = f"layer {quoted(spec.name)}" if spec.name else "a layer"
    return (f"{which} is a user-defined layer (class_name {cls}); lstmcalc cannot write "
            "its code: convert the model without it, or define the class in Keras yourself and add it by hand")

