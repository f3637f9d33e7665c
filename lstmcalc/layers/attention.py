"""Attention layers (keras/src/layers/attention): Attention, AdditiveAttention, MultiHeadAttention.

They take several tensors, like the merge layers (query, value and an optional key), but
unlike them they own weights and may return a second output, the attention scores. Two
call arguments change what they compute: `return_attention_scores` and `use_causal_mask`;
a spec writes them among the layer's arguments, and `convert` passes them to the call.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    BASE_ARGS,
    BOOL,
    INT,
    NUMBER,
    OPT_INT,
    STR,
    constraint,
    initializer,
    regularizer,
    with_schema,
)
from lstmcalc.layers.base import (
    Arg,
    Kind,
    Layer,
    Refusal,
    Shape,
    Weight,
    fmt_shape,
    register,
    require_defined,
)
from lstmcalc.safety.text import excerpt

#: Arguments of the layers' call, written among the spec's layer arguments.
CALL_ARGS: tuple[Arg, ...] = (
    Arg("return_attention_scores", BOOL, False, None, "call argument: also output the attention scores"),
    Arg("use_causal_mask", BOOL, False, None, "call argument: each position attends only to earlier ones"),
)


class AttentionBase(Layer):
    """Layers called on [query, value] or [query, value, key]."""

    family: ClassVar[str] = "attention"
    merge: ClassVar[bool] = True
    call_args: ClassVar[tuple[str, ...]] = tuple(a.name for a in CALL_ARGS)
    #: `run` gives the forward pass every input's mask (numeric/layers/attention.py)
    masks_per_input: ClassVar[bool] = True
    return_attention_scores: bool

    @property
    def tuple_outputs(self) -> bool:
        """With return_attention_scores, call() returns (output, scores): tf.keras 2 prints a tuple."""
        return bool(self.return_attention_scores)
    use_causal_mask: bool

    def merged_shape(self, shapes: list[Shape]) -> Shape:
        return self.merged_shapes(shapes)[0]

    def check_ranks(self, shapes: list[Shape], least: int) -> None:
        """Keras indexes the inputs' axes (query[-1], key[-2]): fewer axes fail with IndexError."""
        short = next((s for s in shapes if len(s) < least), None)
        if short is not None:
            raise Refusal("LC100", f"{self.label} cannot take an input of shape {fmt_shape(short)}: Keras fails "
                          "with IndexError: tuple index out of range",
                          "give query, value and key a batch axis, steps and features: (batch, steps, features)")


@register
class Attention(AttentionBase):
    """Dot-product (Luong-style) attention: softmax(query . keyᵀ) . value.

    Output: (batch, Tq, value_dim); scores (batch, Tq, Tv). Weights: a scalar `scale` with
    use_scale=True, a scalar `concat_score_weight` with score_mode='concat'.
    """

    type_name = "Attention"
    auto_name = "attention"
    positional: ClassVar[tuple[str, ...]] = ("use_scale", "score_mode", "dropout", "seed")
    args = (
        *BASE_ARGS,
        Arg("use_scale", BOOL, False, None, "learn a scalar that scales the scores"),
        Arg("score_mode", STR, "dot", with_schema(lambda v: None if v in ("dot", "concat") else (
            "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
            f"Received: score_mode={excerpt(v)}"), {"enum": ["dot", "concat"]}), "dot or concat"),
        Arg("dropout", NUMBER, 0.0, None, "fraction of the attention scores dropped in training"),
        Arg("seed", OPT_INT, None),
        *CALL_ARGS,
    )
    use_scale: bool
    score_mode: str
    dropout: float

    def check_inputs(self, shapes: list[Shape]) -> None:
        if not 2 <= len(shapes) <= 3:
            raise Refusal("LC107", f"{self.type_name} layer accepts inputs list of length 2 or 3, namely "
                          f"[query, value] or [query, value, key]. Received length: {len(shapes)}.",
                          f"call {self.label} on [query, value] or [query, value, key]")
        # (batch,) inputs build (recorded from Keras 3.15.1) but not with the scores, which need key[-2]
        self.check_ranks(shapes, 2 if self.return_attention_scores else 1)
        if keras_version() == 2:
            self.keras2_check(shapes)

    def keras2_check(self, shapes: list[Shape]) -> None:
        """tf_keras 2.21 computes the scores when the layer is called (attention/attention.py,
        additive_attention.py _calculate_scores; base_dense_attention.py _apply_scores): a
        matmul of query and key (score_mode='dot'), or their sum broadcast (concat, additive,
        times the additive `scale` of value's size), then a matmul of the scores with value.
        TensorFlow's shape inference refuses known sizes that do not fit."""
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        if min(len(query), len(value), len(key)) < 2:
            return
        add = self.type_name == "AdditiveAttention" or self.score_mode == "concat"
        sizes = [query[-1], key[-1]]
        if self.type_name == "AdditiveAttention" and self.use_scale:
            sizes.append(value[-1])
        # a sum broadcasts a size of 1; a matmul's inner sizes must be equal
        known = [d for d in sizes if d is not None and (d != 1 or not add)]
        distinct = list(dict.fromkeys(known))
        if len(distinct) > 1:
            a, b = distinct[:2]
            raise Refusal("LC104", f'Exception encountered when calling layer "{self.label}" (type {self.type_name}). '
                          f"Dimensions must be equal, but are {a} and {b} (the query's and key's features"
                          f"{', and the scale of the value' if len(sizes) == 3 else ''})",
                          "give query and key the same feature size in tf.keras 2")
        if key[-2] is not None and value[-2] is not None and key[-2] != value[-2]:
            raise Refusal("LC104", f'Exception encountered when calling layer "{self.label}" (type {self.type_name}). '
                          f"Dimensions must be equal, but are {value[-2]} and {key[-2]} (the scores over key's steps "
                          "times value)", "give value and key the same number of steps")

    def merged_shapes(self, shapes: list[Shape]) -> list[Shape]:
        self.check_inputs(shapes)
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        out: Shape = (*query[:-1], value[-1])
        if not self.return_attention_scores:
            return [out]
        return [out, (*query[:-1], key[-2])]

    def merged_weights(self, shapes: list[Shape]) -> list[Weight]:
        self.check_inputs(shapes)
        weights = []
        if self.use_scale:
            weights.append(Weight("scale", ()))
        if self.score_mode == "concat":
            weights.append(Weight("concat_score_weight", ()))
        return weights

    def weight_initializer(self, name: str) -> str | None:
        return "ones"


@register
class AdditiveAttention(Attention):
    """Additive (Bahdanau-style) attention: scores = sum(scale * tanh(query + key)).

    Output: (batch, Tq, value_dim); scores (batch, Tq, Tv). Weights: `scale` of the query's
    size with use_scale=True (the default): params = query_dim.
    """

    type_name = "AdditiveAttention"
    keras_class = "AdditiveAttention"
    auto_name = "additive_attention"
    positional = ("use_scale", "dropout")
    args = (
        *BASE_ARGS,
        Arg("use_scale", BOOL, True, None, "learn a vector that scales the scores"),
        Arg("dropout", NUMBER, 0.0, None, "fraction of the attention scores dropped in training"),
        *CALL_ARGS,
    )
    score_mode = "dot"

    def merged_weights(self, shapes: list[Shape]) -> list[Weight]:
        self.check_inputs(shapes)
        if not self.use_scale:
            return []
        # tf_keras sizes scale from the value (attention/additive_attention.py build), Keras 3 the query
        source = shapes[1] if keras_version() == 2 else shapes[0]
        return [Weight("scale", require_defined(self, (source[-1],), "scale"))]

    def weight_initializer(self, name: str) -> str | None:
        return "glorot_uniform"


def _positive(what: str, extra: str = "") -> Any:
    def check(v: int | None) -> str | None:
        if v is not None and v <= 0:
            return (f"Received an invalid value for argument `{what}`, expected a positive integer{extra}. "
                    f"Received: {what}={v}")
        return None
    return with_schema(check, {"minimum": 1})


def _sliding_window(v: int | None) -> str | None:
    if v is not None and v <= 0:
        return f"`sliding_window` must be `None` or a positive integer. Received: sliding_window={v}"
    return None


with_schema(_sliding_window, {"minimum": 1})

_INT_OR_INTS = Kind(
    "an integer, a list of integers, or null",
    lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v)),
    {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}, {"type": "null"}]},
)


@register
class MultiHeadAttention(AttentionBase):
    """Multi-head attention (Vaswani et al.): query, key and value are each projected into
    num_heads heads (EinsumDense sub-layers `query`, `key`, `value`), attended per head, and
    projected back by `attention_output`.

    Called as mha(query, value) or mha(query, value, key). Output: the query's shape with
    its last axis = output_shape (default: the query's last axis); scores (batch, num_heads,
    Tq, Tq) as Keras declares them. params = (q_dim + k_dim) x heads x key_dim +
    v_dim x heads x value_dim + heads x value_dim x out + biases (use_bias).
    """

    type_name = "MultiHeadAttention"
    auto_name = "multi_head_attention"
    #: called as mha(query, value, key): the inputs are separate arguments, not a list
    spread: ClassVar[bool] = True
    positional = ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes",
                  "sliding_window", "flash_attention", "kernel_initializer", "bias_initializer",
                  "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                  "bias_constraint", "use_gate", "seed")
    args = (
        *BASE_ARGS,
        Arg("num_heads", INT, check=_positive("num_heads"), doc="number of attention heads"),
        Arg("key_dim", INT, check=_positive("key_dim"), doc="size of each head for query and key"),
        Arg("value_dim", OPT_INT, None, _positive("value_dim", " or `None`"), "size of each head for value "
            "(default: key_dim)"),
        Arg("dropout", NUMBER, 0.0, None, "fraction of the attention scores dropped in training"),
        Arg("use_bias", BOOL, True),
        Arg("output_shape", _INT_OR_INTS, None, None, "the output's last axes (default: the query's last)"),
        Arg("attention_axes", _INT_OR_INTS, None, None, "axes attended over (default: all but batch and features)"),
        Arg("sliding_window", OPT_INT, None, _sliding_window, "attend only within this distance"),
        Arg("flash_attention", Kind("true, false or null", lambda v: v is None or isinstance(v, bool),
                                    {"type": ["boolean", "null"]}), None),
        initializer("kernel_initializer", "glorot_uniform"),
        initializer("bias_initializer", "zeros"),
        regularizer("kernel_regularizer"), regularizer("bias_regularizer"),
        constraint("kernel_constraint"), constraint("bias_constraint"),
        Arg("use_gate", BOOL, False, None, "gate the heads with a sigmoid projection of the query"),
        Arg("seed", OPT_INT, None),
        *CALL_ARGS,
    )
    num_heads: int
    key_dim: int
    value_dim: int | None
    dropout: float
    use_bias: bool
    output_shape_arg: Any
    attention_axes: int | list[int] | None
    use_gate: bool

    def __init__(self, name: str, values: dict[str, Any], nested: dict[str, Layer] | None = None):
        # `output_shape` would shadow Layer.output_shape(); Keras too keeps it as _output_shape.
        values = dict(values)
        self.output_shape_arg = values.pop("output_shape", None)
        super().__init__(name, values, nested)

    def validate(self) -> str | None:
        if self.dropout > 0 and self.__dict__.get("flash_attention"):
            return ("Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use "
                    "flash attention.")
        return None

    @property
    def heads_value_dim(self) -> int:
        return self.value_dim if self.value_dim else self.key_dim

    def out_dims(self, query: Shape) -> tuple[int | None, ...]:
        """The output's last axes: output_shape, else the query's last axis."""
        shape = self.output_shape_arg
        if shape:
            return (shape,) if isinstance(shape, int) else tuple(shape)
        return (query[-1],)

    def check_inputs(self, shapes: list[Shape]) -> None:
        if len(shapes) < 2:
            raise Refusal("LC107", "missing a required argument: 'value'",
                          f"call {self.label} on query and value: `inputs: [query, value]` (or [query, value, key])")
        if len(shapes) > 3:
            raise Refusal("LC107", f"{self.label} is called on query, value and an optional key; "
                          f"{len(shapes)} tensors are too many",
                          "give `inputs: [query, value]` or `[query, value, key]`")
        # lstmcalc does not model the EinsumDense equations Keras builds for (batch,) inputs
        self.check_ranks(shapes, 2)
        if keras_version() == 2:
            short = next((q for q in shapes if len(q) < 3), None)
            if short is not None:
                # tf_keras: no attention axis is left for (batch, features), and its Softmax
                # over them fails (attention/multi_head_attention.py _build_attention)
                raise Refusal("LC100", f"IndexError: Exception encountered when calling layer 'softmax' (type "
                              f"Softmax). tuple index out of range ({self.label} receives {fmt_shape(short)}: "
                              "tf.keras 2 attends over no axis)",
                              "give query, value and key steps: (batch, steps, features)")
            axes = self.keras2_attention_axes(len(shapes[0]))
            other = next((q for q in shapes[1:] if len(q) != len(shapes[0])), None)
            if other is not None:  # one einsum equation, built from the query's rank
                raise Refusal("LC100", f"{self.label}: tf.keras 2 builds its attention einsum from the query's "
                              f"rank ({len(shapes[0])}), and {fmt_shape(other)} has another (Shape must be rank "
                              f"{len(shapes[0]) + 1} but is rank {len(other) + 1})",
                              "give query, value and key the same rank")
            if self.use_causal_mask and len(axes) > 1:
                raise Refusal("LC104", f"{self.label}: tf.keras 2's causal mask is (1, Tq, Tv) and cannot be "
                              f"expanded over {len(axes)} attention axes (dim -{2 * len(axes) + 1} not in the "
                              "interval [-4, 3])", "use_causal_mask with one attention axis")
        value = shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        if value[1:-1] != key[1:-1]:
            raise Refusal("LC104", "All dimensions of `value` and `key`, except the last one, must be equal. "
                          f"Received: value_shape={fmt_shape(value)} and key_shape={fmt_shape(key)}",
                          "value and key must have the same steps; only their feature sizes may differ")

    def merged_shapes(self, shapes: list[Shape]) -> list[Shape]:
        self.check_inputs(shapes)
        query = shapes[0]
        out = (*query[:-1], *self.out_dims(query))
        if not self.return_attention_scores:
            return [out]
        if keras_version() == 2:
            return [out, self.keras2_scores_shape(query, shapes[2] if len(shapes) > 2 else shapes[1])]
        return [out, (query[0], self.num_heads, query[1], query[1])]

    def keras2_scores_shape(self, query: Shape, key: Shape) -> Shape:
        """tf_keras 2.21's scores, from the einsum it builds (attention/multi_head_attention.py
        _build_attention_equation): over the projected rank (query's + 1, the heads before the
        last axis), the batch dims (all but the attention axes and the last, so the heads
        too), then the query's attention axes, then the key's."""
        rank = len(query) + 1
        axes = self.keras2_attention_axes(len(query))
        batch = [i for i in range(rank) if i not in axes and i != rank - 1]
        projected = (*query[:-1], self.num_heads)
        return (*(projected[i] for i in batch), *(query[a] for a in axes), *(key[a] for a in axes))

    def keras2_attention_axes(self, query_rank: int) -> tuple[int, ...]:
        axes = self.attention_axes
        if axes is None:
            return tuple(range(1, query_rank - 1))
        given = (axes,) if isinstance(axes, int) else tuple(axes)
        if any(a < 0 or a >= query_rank - 1 for a in given):
            raise Refusal("LC104", f"{self.label}: lstmcalc models tf.keras 2's attention_axes as axes 1 to "
                          f"{query_rank - 2} of the query; tf_keras indexes its projected tensors with "
                          f"{list(given)}, which lstmcalc does not follow",
                          f"give attention_axes between 1 and {query_rank - 2}")
        return given

    def merged_weights(self, shapes: list[Shape]) -> list[Weight]:
        self.check_inputs(shapes)
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        heads, kd, vd = self.num_heads, self.key_dim, self.heads_value_dim
        weights: list[Weight] = []

        def dense(name: str, kernel: tuple[int | None, ...], bias: tuple[int, ...]) -> None:
            weights.append(Weight(f"{name}/kernel", require_defined(self, kernel, f"{name}/kernel")))
            if self.use_bias:
                weights.append(Weight(f"{name}/bias", bias))

        dense("query", (query[-1], heads, kd), (heads, kd))
        dense("key", (key[-1], heads, kd), (heads, kd))
        if self.use_gate:
            dense("gate", (query[-1], heads, vd), (heads, vd))
        dense("value", (value[-1], heads, vd), (heads, vd))
        out = self.out_dims(query)
        kernel = (heads, vd, *out)
        weights.append(Weight("attention_output/kernel", require_defined(self, kernel, "attention_output/kernel")))
        if self.use_bias:
            weights.append(Weight("attention_output/bias", require_defined(self, out, "attention_output/bias")))
        return weights

    def held_weights(self, weights: list[Weight]) -> list[Weight]:
        # The EinsumDense sub-layers are created in build(), after trainable=False froze the
        # layer: like a wrapper's, its variables keep their own trainable flag (which the
        # model's totals count).
        # tf.keras 2's frozen layer lists none of its sub-layers' variables as trainable.
        if keras_version() == 2:
            return super().held_weights(weights)
        return [w._replace(variable_trainable=True) for w in super().held_weights(weights)]

