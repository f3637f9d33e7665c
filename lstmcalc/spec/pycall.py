"""Keras call syntax -> LayerSpec, with Python's `ast`. Nothing is ever evaluated.

`LSTM(128, return_sequences=True)`, `layers.Dense(1, activation="sigmoid")`,
`keras.layers.Bidirectional(LSTM(64), merge_mode="sum")`: the callee's last attribute
names the layer type, positional arguments map to Keras's parameter order, and argument
values must be literals (numbers, strings, True/False/None, tuples and lists of them) or,
for a wrapper's layer, another call.
"""

from __future__ import annotations

import ast
from typing import Any, Literal, NamedTuple, overload

from lstmcalc.diagnostics import Diagnostic, error, warning
from lstmcalc.layers import REGISTRY
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import excerpt, quoted, visible
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec

MAX_CALL_TEXT = 10_000
#: Characters of a shape given on the command line (`calc --input`).
MAX_SHAPE_TEXT = 1_000
#: Levels of nesting in an expression; deeper trees are refused before anything walks them.
MAX_DEPTH = 100
#: Integers from the input must stay below this in absolute value (MAX_INT_DIGITS digits).
INT_LIMIT: int = 10 ** MAX_INT_DIGITS
#: What ast.parse can raise for hostile text besides SyntaxError (null bytes, deep nesting).
PARSE_ERRORS = (ValueError, RecursionError, MemoryError, OverflowError)
ALIASES = {"InputLayer": "Input"}  # keras.layers.InputLayer(...) in code means the model's input


class NotLiteral(Exception):
    def __init__(self, node: ast.AST, what: str) -> None:
        super().__init__(what)
        self.node = node
        self.what = what


class TooLarge(NotLiteral):
    """A literal integer with more than MAX_INT_DIGITS digits: refused before str() or math."""


class ValueRefused(NotLiteral):
    """A value a resolver computed and refuses (Python would raise, or it is too large):
    reported with its own code, message and hint."""

    def __init__(self, node: ast.AST, code: str, message: str, hint: str = "") -> None:
        super().__init__(node, message)
        self.code, self.message, self.hint = code, message, hint


@overload
def parse_quietly(text: str, mode: Literal["exec"] = "exec") -> ast.Module: ...
@overload
def parse_quietly(text: str, mode: Literal["eval"]) -> ast.Expression: ...
@overload
def parse_quietly(text: str, mode: str = "exec") -> ast.AST: ...
def parse_quietly(text: str, mode: str = "exec") -> ast.AST:
    """ast.parse without its SyntaxWarnings, which would print input text (an ESC in an
    invalid escape sequence) straight to stderr."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename="<model>", mode=mode)


def depth_over(tree: ast.AST, limit: int = MAX_DEPTH) -> ast.AST | None:
    """The first node nested deeper than LIMIT levels, or None; level by level, without
    recursion, so any depth is safe."""
    level = [tree]
    depth = 0
    children = ast.iter_child_nodes
    while level:
        if depth > limit:
            return level[0]
        level = [child for node in level for child in children(node)]
        depth += 1
    return None


def describe(node: ast.AST, limit: int = 200) -> str:
    """The source of NODE for a message: unparsed when small, never raising, one visible line."""
    if node_count(node, limit) > limit:
        return f"<a {type(node).__name__} expression>"
    try:
        return visible(ast.unparse(node))
    except (ValueError, RecursionError, MemoryError, AttributeError, TypeError):
        return f"<a {type(node).__name__} expression>"


def node_count(node: ast.AST, limit: int) -> int:
    """The number of nodes under NODE, counting no further than LIMIT + 1."""
    count = 0
    stack = [node]
    while stack and count <= limit:
        count += 1
        stack.extend(ast.iter_child_nodes(stack.pop()))
    return count


def _span(node: ast.AST, line_offset: int = 0) -> Span:
    return Span(getattr(node, "lineno", 1) + line_offset, getattr(node, "col_offset", 0) + 1)


def callee_name(func: ast.expr) -> str | None:
    """`LSTM`, `layers.LSTM`, `keras.layers.LSTM`, `tf.keras.layers.LSTM` -> 'LSTM'."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def literal(node: ast.expr, tuples: bool = False) -> Any:
    """A literal value, tuples turned into lists (the spec's form) unless TUPLES; NotLiteral
    otherwise, and TooLarge for an integer of more than MAX_INT_DIGITS digits. The caller
    bounds the nesting (depth_over) before calling."""
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [literal(e, tuples) for e in node.elts]
        return tuple(items) if tuples and isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool, type(None))):
        if isinstance(node.value, int) and not isinstance(node.value, bool) and abs(node.value) >= INT_LIMIT:
            raise TooLarge(node, f"an integer of more than {MAX_INT_DIGITS} digits")
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = literal(node.operand, tuples)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Dict):
        keys = [literal(k, tuples) if k is not None else None for k in node.keys]
        if all(isinstance(k, str) for k in keys):
            return {k: literal(v, tuples) for k, v in zip(keys, node.values, strict=True)}
    raise NotLiteral(node, describe(node))


def _unknown_type(type_name: str, span: Span) -> Diagnostic:
    from lstmcalc.diagnostics import did_you_mean
    from lstmcalc.keras_version import is_keras2
    from lstmcalc.layers.keras_names import REMOVED_LAYERS, removed_layer_hint

    if type_name in REMOVED_LAYERS and is_keras2():  # tf_keras 2.21 has them (tf.compat.v1.keras.layers)
        return error("LC012", f"lstmcalc does not know tf_keras 2.21's {type_name} yet", span, None,
                     f"{REMOVED_LAYERS[type_name]}(...) has the same weights when its arguments allow the cuDNN "
                     "kernel, but lstmcalc does not stand in one class for another")
    removed = removed_layer_hint(type_name)
    if removed is not None:
        return error("LC012", removed, span, None, f"write {REMOVED_LAYERS[type_name]}(...) instead; `--keras 2` "
                     "shows the tf.keras 2 answer")

    guess = did_you_mean(type_name, sorted(REGISTRY))
    return error("LC012", f"unknown layer type {quoted(type_name)}", span, None,
                 f"did you mean `{visible(guess)}`?" if guess else f"known types: {', '.join(sorted(REGISTRY))}")


def layer_from_call(call: ast.Call, problems: list[Diagnostic], line_offset: int = 0,
                    resolve: Any = None) -> LayerSpec | None:
    """Turn one `Type(args...)` call node into a LayerSpec. `resolve(node)` may supply values
    for names (the Python importer's constants); by default only literals are accepted."""
    type_name = callee_name(call.func)
    span = _span(call, line_offset)
    if type_name is None:
        problems.append(error("LC012", f"cannot tell which layer `{excerpt(describe(call.func))}` is", span, None,
                              "call a Keras layer class by name, e.g. LSTM(64)"))
        return None
    if REGISTRY.get(ALIASES.get(type_name, type_name)) is None:
        problems.append(_unknown_type(ALIASES.get(type_name, type_name), span))
        return None
    unpacked = _unpack(call, problems, line_offset, resolve)
    if unpacked is None:
        return None
    given, named = unpacked
    return layer_from_values(type_name, span, _span(call.func, line_offset), given, named, problems=problems,
                             line_offset=line_offset, resolve=resolve)


def layer_from_values(type_name: str, span: Span, type_span: Span, given: list[tuple[Any, Span]],
                      named: list[tuple[str, Any, Span]], *, problems: list[Diagnostic], line_offset: int = 0,
                      resolve: Any = None) -> LayerSpec | None:
    """A LayerSpec from a call's arguments: ast nodes (read with RESOLVE) or Known values
    already evaluated; a wrapper's layer may be a Known LayerSpec."""
    type_name = ALIASES.get(type_name, type_name)
    cls = REGISTRY.get(type_name)
    if cls is None:
        problems.append(_unknown_type(type_name, span))
        return None
    positional, nested = cls.positional, cls.nested
    args: dict[str, ArgSpec] = {}
    wrapped: dict[str, LayerSpec] = {}
    wrapped_spans: dict[str, Span] = {}
    name: str | None = None
    name_span: Span | None = None
    if len(given) > len(positional):
        extra = given[len(positional)]
        problems.append(error(
            "LC014", f"{type_name} takes at most {len(positional)} positional argument"
            f"{'s' if len(positional) != 1 else ''} here ({', '.join(positional) or 'none'})",
            extra[1], None, "pass the rest by keyword, e.g. units=64"))
        return None
    items = [(positional[i], node, where) for i, (node, where) in enumerate(given)]
    items += named
    ok = True
    for key, node, where in items:
        if key in args or key in wrapped:
            problems.append(error("LC017", f"argument {quoted(key)} given twice", where, None, "keep one"))
            ok = False
            continue
        if key in nested and isinstance(node, Known) and isinstance(node.value, LayerSpec):
            wrapped[key] = node.value
            wrapped_spans[key] = where
            continue
        if key in nested and isinstance(node, ast.Call):
            inner = layer_from_call(node, problems, line_offset, resolve)
            if inner is None:
                ok = False
            else:
                wrapped[key] = inner
                wrapped_spans[key] = where
            continue
        found = _value_of(type_name, key, node, problems, line_offset=line_offset, resolve=resolve)
        if found is None:
            ok = False
            continue
        value = found[0]
        if key == "name":
            name, name_span = (value if isinstance(value, str) else None), where
            if not isinstance(value, str):
                args[key] = ArgSpec(value, where, where)
            continue
        args[key] = ArgSpec(value, where, where)
    if not ok or not input_arguments(type_name, args, problems):
        return None
    return LayerSpec(type=type_name, span=span, type_span=type_span, name=name,
                     name_span=name_span, args=args, wrapped=wrapped, wrapped_spans=wrapped_spans)


def _value_of(type_name: str, key: str, node: ast.expr | Known, problems: list[Diagnostic], *, line_offset: int,
              resolve: Any) -> tuple[Any] | None:
    """(value,) of one layer argument; a Lambda's function is kept as its source text
    (lstmcalc never runs it: the output shape comes from output_shape), an RNN's cells are
    read as cells."""
    if type_name == "Lambda" and key == "function" and not isinstance(node, Known):
        return (excerpt(describe(node)),)
    if type_name == "RNN" and key == "cell":
        return _cells(node, problems, line_offset, resolve)
    return _argument(key, node, problems, line_offset, resolve)


def _cells(node: ast.expr | Known, problems: list[Diagnostic], line_offset: int, resolve: Any) -> tuple[Any] | None:
    """(value,) of an RNN's `cell`: LSTMCell(8), [LSTMCell(8), GRUCell(4)] or
    StackedRNNCells([...]) in the spec's form ({type: LSTMCell, units: 8}), or None after
    reporting why not. lstmcalc/layers/cells.py checks the arguments as Keras does."""
    from lstmcalc.layers.cells import CELL_POSITIONAL

    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_cells(e, problems, line_offset, resolve) for e in node.elts]
        return None if any(i is None for i in items) else ([i[0] for i in items if i is not None],)
    kind = callee_name(node.func) if isinstance(node, ast.Call) else None
    if not isinstance(node, ast.Call) or kind not in CELL_POSITIONAL:
        return _argument("cell", node, problems, line_offset, resolve)
    if len(node.args) > len(CELL_POSITIONAL[kind]) or any(isinstance(a, ast.Starred) for a in node.args) or any(
            kw.arg is None for kw in node.keywords):
        problems.append(error("LC014", f"write {kind}'s arguments out, at most {len(CELL_POSITIONAL[kind])} "
                              "positionally", _span(node, line_offset), None, f"e.g. {kind}(units=8)"))
        return None
    cell: dict[str, Any] = {"type": kind}
    for key, arg in [*zip(CELL_POSITIONAL[kind], node.args, strict=False), *((k.arg, k.value) for k in node.keywords)]:
        found = (_cells(arg, problems, line_offset, resolve) if key == "cells"
                 else _argument(str(key), arg, problems, line_offset, resolve))
        if found is None:
            return None
        cell[str(key)] = found[0]
    return (cell,)


def input_arguments(type_name: str, args: dict[str, ArgSpec], problems: list[Diagnostic]) -> bool:
    """Keras 2 input arguments in a layer call, as the Keras being answered for treats them."""
    from lstmcalc.keras_version import is_keras2

    if is_keras2():
        return keras2_input_arguments(type_name, args, problems)
    return keras3_input_arguments(type_name, args, problems)


#: tf_keras/src/engine/base_layer.py, Layer.__init__: the keyword arguments every layer takes
#: besides its own (anything else raises TypeError('Keyword argument not understood:', key)).
KERAS2_LAYER_KWARGS = frozenset({"input_dim", "input_shape", "batch_input_shape", "batch_size", "weights",
                                 "activity_regularizer", "autocast", "implementation"})
#: Call arguments lstmcalc's attention layers list among their arguments (a spec writes them
#: there); in code they go to the call, and tf_keras 2.21's constructors refuse them. The other
#: Keras 3-only arguments are out of the layers' tf.keras 2 argument table (layers/keras2.py).
_CALL_ONLY = frozenset({"return_attention_scores", "use_causal_mask"})


#: The arguments tf_keras 2.21's layers take that Keras 3's lack, with tf_keras's defaults
#: (recorded by tools/keras_oracle/keras3_only_args.py); every layer also takes dynamic=False.
#: lstmcalc takes one at its default, which changes nothing, and refuses any other value.
#: DepthwiseConv and SeparableConv also take Conv's kernel arguments, at their defaults.
_KERNEL_ARGS: dict[str, Any] = {"conv_op": None, "groups": 1, "kernel_constraint": None,
                                "kernel_initializer": "glorot_uniform", "kernel_regularizer": None}
KERAS2_ONLY_ARGUMENTS: dict[str, dict[str, Any]] = {
    "AdditiveAttention": {"force_generator": False, "rng_type": None, "seed": None},
    "AlphaDropout": {"force_generator": False, "rng_type": None},
    "Attention": {"force_generator": False, "rng_type": None},
    "BatchNormalization": {"adjustment": None, "fused": None, "virtual_batch_size": None},
    "Bidirectional": {"backward_layer": None},
    "Conv1D": {"conv_op": None},
    "Conv1DTranspose": {"conv_op": None, "groups": 1},
    "Conv2D": {"conv_op": None},
    "Conv2DTranspose": {"conv_op": None, "groups": 1},
    "Conv3D": {"conv_op": None},
    "Conv3DTranspose": {"conv_op": None, "groups": 1},
    "ConvLSTM1D": {"time_major": False},
    "ConvLSTM2D": {"time_major": False},
    "ConvLSTM3D": {"time_major": False},
    "DepthwiseConv1D": _KERNEL_ARGS,
    "DepthwiseConv2D": _KERNEL_ARGS,
    "Dropout": {"force_generator": False, "rng_type": None},
    "Embedding": {"sparse": False},
    "GRU": {"force_generator": False, "rng_type": None, "time_major": False},
    "GaussianDropout": {"force_generator": False, "rng_type": None},
    "GaussianNoise": {"force_generator": False, "rng_type": None},
    "LSTM": {"force_generator": False, "rng_type": None, "time_major": False},
    "MultiHeadAttention": {"softmax_robust_masking": False},
    "RNN": {"time_major": False},
    "SeparableConv1D": _KERNEL_ARGS,
    "SeparableConv2D": _KERNEL_ARGS,
    "SimpleRNN": {"time_major": False},
    "Softmax": {"robust_masking": False},
    "SpatialDropout1D": {"force_generator": False, "noise_shape": None, "rng_type": None, "trainable": True},
    "SpatialDropout2D": {"force_generator": False, "noise_shape": None, "rng_type": None, "trainable": True},
    "SpatialDropout3D": {"force_generator": False, "noise_shape": None, "rng_type": None, "trainable": True},
}


def _keras2_only(type_name: str, args: dict[str, ArgSpec], problems: list[Diagnostic]) -> bool:
    """Drop the tf_keras-only arguments given at their default; False after refusing one
    that is not."""
    cls = REGISTRY.get(type_name)
    taken = set(cls.arg_table()) if cls is not None else set()  # the engine models these (time_major, ...)
    extra = {k: v for k, v in {"dynamic": False, **KERAS2_ONLY_ARGUMENTS.get(type_name, {})}.items() if k not in taken}
    for key in [key for key in args if key in extra]:
        value, default = args[key].value, extra[key]
        if type(value) is type(default) and value == default:
            args.pop(key)
            continue
        problems.append(error(
            "LC014", f"lstmcalc does not model tf_keras's {type_name}({key}={_python_repr(value)})",
            args[key].key_span, None, f"tf.keras 2 takes it; lstmcalc answers only for {key}={default!r}"))
        return False
    return True


def keras2_input_arguments(type_name: str, args: dict[str, ArgSpec], problems: list[Diagnostic]) -> bool:
    """Apply tf_keras 2.21's treatment of input arguments to a layer call (`--keras 2`),
    recorded in tests/fixtures/keras2_legacy_args.json:
    - an RNN given no input_shape takes input_shape=(input_length, input_dim) from either;
    - Embedding given no input_shape takes (input_length,) when input_length is set, else
      (None,): a Sequential it starts is built with input (None, None);
    - any other keyword the layer does not take raises TypeError('Keyword argument not
      understood:', key), the first in call order;
    - Layer.__init__: input_dim=d stands for input_shape=(d,) when no input_shape is given;
      batch_input_shape wins over input_shape and batch_size.
    The result is the spec's form: batch_input_shape, or input_shape with batch_size (which
    the engine reads on a model's first layer and ignores elsewhere, as Keras 2 does).
    Changes ARGS in place; False after reporting a refusal."""
    from lstmcalc.layers.keras2 import KERAS2_INPUT_LENGTH

    cls = REGISTRY.get(type_name)
    if cls is None or type_name == "Input":
        return True
    own = set(cls.arg_table()) - _CALL_ONLY
    embedding = type_name == "Embedding"
    if type_name in KERAS2_INPUT_LENGTH and "input_shape" not in args and ("input_dim" in args or "input_length" in args):
        length, dim = args.pop("input_length", None), args.pop("input_dim", None)
        where = length or dim
        assert where is not None
        args["input_shape"] = ArgSpec([length.value if length else None, dim.value if dim else None],
                                      where.span, where.key_span)
    if embedding:
        length = args.pop("input_length", None)
        if "input_shape" not in args:
            where = length or args.get("output_dim") or args.get("input_dim")
            span = where.span if where is not None else Span(1, 1)
            args["input_shape"] = ArgSpec([length.value if length is not None and length.value else None],
                                          span, where.key_span if where is not None else span)
    for key, arg in args.items():
        if key not in own and key not in KERAS2_LAYER_KWARGS and key not in KERAS2_ONLY_ARGUMENTS.get(
                type_name, {}) and key != "dynamic":
            problems.append(error(
                "LC013", f"TypeError: ('Keyword argument not understood:', {key!r}) ({type_name} in tf_keras 2.21)",
                arg.key_span, None, f"{type_name} in tf.keras 2 takes no argument {quoted(key)}"))
            return False
    if not _keras2_only(type_name, args, problems):
        return False
    if "implementation" in args and "implementation" not in own:
        args.pop("implementation")  # Layer.__init__ takes it and does nothing with it
    if "weights" in args and "weights" not in own:
        if args["weights"].value is not None:
            problems.append(error(
                "LC014", f"{type_name}(weights=...) sets the weights after Keras builds the layer; lstmcalc does not "
                "check them", args["weights"].key_span, None, "leave weights= out: shapes and counts do not depend "
                "on it"))
            return False
        args.pop("weights")
    legacy_dim = args.pop("input_dim") if "input_dim" in args and not embedding else None
    if legacy_dim is not None and "input_shape" not in args:
        args["input_shape"] = ArgSpec([legacy_dim.value], legacy_dim.span, legacy_dim.key_span)
    if "batch_input_shape" in args:
        args.pop("input_shape", None)
        args.pop("batch_size", None)
    return True


#: Keras 2 input arguments that Keras 3's Layer.__init__ no longer takes: they are left in its
#: **kwargs and refused as "Unrecognized keyword arguments".
REJECTED_IN_KERAS3 = ("batch_input_shape", "batch_size", "input_length")


def keras3_input_arguments(type_name: str, args: dict[str, ArgSpec], problems: list[Diagnostic]) -> bool:
    """Apply Keras 3's treatment of Keras 2 input arguments to a layer call in code (spec
    files keep their documented conveniences). Recorded from Keras 3.15 in
    tests/fixtures/keras3_legacy_args.json:
    - `input_dim=d` becomes `input_shape=(d,)`; an `input_shape` given beside it is then left
      over and refused;
    - Embedding drops `input_length` with a warning, so a model it starts is unbuilt;
    - `batch_input_shape`, `batch_size` and (elsewhere) `input_length` are refused.
    Changes ARGS in place; False after reporting a refusal."""
    cls = REGISTRY.get(type_name)
    own = cls.arg_table() if cls is not None else {}  # keras.Input(batch_size=...) is its own
    embedding = type_name == "Embedding"
    legacy_dim = "input_dim" in args and "input_dim" not in own  # Embedding's input_dim: its vocabulary
    refused = [key for key in args
               if (key in REJECTED_IN_KERAS3 and key not in own)
               or (key == "input_shape" and legacy_dim)]
    if embedding and "input_length" in args:
        given = args.pop("input_length")
        problems.append(warning(
            "LC205", "Argument `input_length` is deprecated. Just remove it. (Keras 3 ignores it, so the "
            "model has no input shape and stays unbuilt)", given.key_span, None,
            "start the model with keras.Input(shape=(timesteps,))"))
    if refused:
        shown = ", ".join(f"{key!r}: {_python_repr(args[key].value)}" for key in refused)
        problems.append(error(
            "LC013", f"Unrecognized keyword arguments passed to {type_name}: {{{shown}}}",
            args[refused[0]].key_span, None, _keras3_spelling(args, refused)))
        return False
    if legacy_dim:  # Keras 3: input_shape = (input_dim,), in the argument's place
        items = [("input_shape", ArgSpec([arg.value], arg.span, arg.key_span)) if key == "input_dim" else (key, arg)
                 for key, arg in args.items()]
        args.clear()
        args.update(items)
    return True


def _python_repr(value: object) -> str:
    """A value as the user's code most likely wrote it (shapes as tuples), capped."""
    if isinstance(value, list):
        inner = ", ".join(_python_repr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return quoted(value, 60)


def _keras3_spelling(args: dict[str, ArgSpec], refused: list[str]) -> str:
    """How Keras 3 spells what the refused Keras 2 arguments meant, and that `--keras 2`
    answers for tf.keras 2, which takes them."""
    return f"{_keras3_words(args, refused)}; `--keras 2` shows the tf.keras 2 answer"


def _keras3_words(args: dict[str, ArgSpec], refused: list[str]) -> str:
    if "batch_input_shape" in refused:
        return (f"Keras 3 spells it `keras.Input(batch_shape={_python_repr(args['batch_input_shape'].value)})` as "
                "the model's first layer")
    if "batch_size" in refused:
        return "Keras 3 spells it `keras.Input(shape=..., batch_size=...)` as the model's first layer"
    if "input_length" in refused:
        return "Keras 3 takes the timesteps in the shape: `keras.Input(shape=(timesteps, features))`"
    return "give either input_dim or input_shape, not both; better, start with `keras.Input(shape=...)`"


class Known(NamedTuple):
    """An argument whose value came out of `*args` or `**kwargs`, already evaluated."""

    value: Any


def _unpack(call: ast.Call, problems: list[Diagnostic], line_offset: int, resolve: Any,
            ) -> tuple[list[tuple[Any, Span]], list[tuple[str, Any, Span]]] | None:
    """The call's positional and keyword arguments with `*seq` and `**mapping` spread out as
    Python spreads them, when their values are known; None after reporting why not."""
    evaluate = resolve if resolve is not None else literal
    given: list[tuple[Any, Span]] = []
    for node in call.args:
        where = _span(node, line_offset)
        if not isinstance(node, ast.Starred):
            given.append((node, where))
            continue
        found = _argument("*", node.value, problems, line_offset, evaluate)
        if found is None:
            return None
        if not isinstance(found[0], (list, tuple)):
            problems.append(error("LC014", f"`*{excerpt(describe(node.value))}` must be a list or tuple to spread "
                                  "as positional arguments", where, None, "write the arguments out"))
            return None
        given.extend((Known(v), where) for v in found[0])
    named: list[tuple[str, Any, Span]] = []
    for kw in call.keywords:
        where = _span(kw.value, line_offset)
        if kw.arg is not None:
            named.append((kw.arg, kw.value, where))
            continue
        found = _argument("**", kw.value, problems, line_offset, evaluate)
        if found is None:
            return None
        mapping = found[0]
        if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
            problems.append(error("LC014", f"`**{excerpt(describe(kw.value))}` must be a mapping of argument "
                                  "names to values", where, None, "write the arguments out"))
            return None
        named.extend((key, Known(value), where) for key, value in mapping.items())
    return given, named


def _argument(key: str, node: ast.expr | Known, problems: list[Diagnostic], line_offset: int,
              resolve: Any) -> tuple[Any] | None:
    """(value,) of one argument, or None after reporting why it has none."""
    if isinstance(node, Known):
        return (node.value,)
    try:
        return (resolve(node) if resolve is not None else literal(node),)
    except ValueRefused as exc:
        problems.append(error(exc.code, exc.message, _span(exc.node, line_offset), None, exc.hint))
    except TooLarge as exc:
        problems.append(error(
            "LC002", f"the value of `{visible(key)}` is {visible(exc.what)}, which lstmcalc refuses",
            _span(exc.node, line_offset), None, f"use at most {MAX_INT_DIGITS} digits"))
    except NotLiteral as exc:
        problems.append(error(
            "LC014", f"the value of `{visible(key)}` is `{excerpt(exc.what)}`, which lstmcalc cannot know "
            "without running code", _span(exc.node, line_offset), None, "write the value as a literal, e.g. units=64"))
    return None


def parse_call(text: str, resolve: Any = None) -> tuple[LayerSpec | None, list[Diagnostic]]:
    """One Keras layer call, e.g. 'LSTM(128, return_sequences=True)'. RESOLVE(node) may
    evaluate argument expressions (calc's `LSTM(64*2)`); by default only literals are read."""
    problems: list[Diagnostic] = []
    if len(text) > MAX_CALL_TEXT:
        return None, [error("LC002", f"the call is longer than {MAX_CALL_TEXT:,} characters", Span(1, 1))]
    try:
        tree = parse_quietly(text.strip(), mode="eval")
    except SyntaxError as exc:
        return None, [error("LC001", f"not a Python call: {visible(exc.msg, 200)}", Span(exc.lineno or 1, exc.offset or 1),
                            None, 'write it as in Keras, e.g. LSTM(128, return_sequences=True)')]
    except ValueError:
        return None, [error("LC001", "not a Python call: it contains a null byte", Span(1, 1))]
    except PARSE_ERRORS:
        return None, [error("LC002", "the call nests too deeply", Span(1, 1))]
    deep = depth_over(tree)
    if deep is not None:
        return None, [error("LC002", f"the call nests more than {MAX_DEPTH} levels deep", _span(deep))]
    if not isinstance(tree.body, ast.Call):
        return None, [error("LC001", "expected a layer call such as LSTM(128)", _span(tree.body), None,
                            "write the layer class with its arguments in parentheses")]
    return layer_from_call(tree.body, problems, resolve=resolve), problems


def parse_shape(text: str) -> tuple[int | None, ...] | None:
    """'(None, 50, 10)' -> (None, 50, 10); None when it is not a tuple of sizes."""
    if len(text) > MAX_SHAPE_TEXT:
        return None
    try:
        tree = parse_quietly(text.strip(), mode="eval")
        if depth_over(tree) is not None:
            return None
        value = literal(tree.body)
    except (SyntaxError, NotLiteral, *PARSE_ERRORS):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not value:
        return None
    if not all(v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0) for v in value):
        return None
    return tuple(value)
