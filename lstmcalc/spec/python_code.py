"""Keras Python code -> ModelSpec, read with `ast` and never executed.

Understands the shapes tutorials are written in:

    model = Sequential([LSTM(64, input_shape=(timesteps, features)), Dense(1)])
    model = keras.Sequential(); model.add(LSTM(64, return_sequences=True)); ...
    inputs = keras.Input(shape=(50, 10)); x = LSTM(128)(inputs); model = Model(inputs, x)

Layer classes are recognised by name however they were imported (`LSTM`, `layers.LSTM`,
`keras.layers.LSTM`, `tf.keras.layers.LSTM`). Module-level constants and simple arithmetic
are evaluated (`timesteps = 50`, `(timesteps, n_features)`, `units * 2`); anything else,
such as `x_train.shape[1]`, is a diagnostic at its line that names the expression and
shows how to supply it with `--set 'x_train.shape[1]=60'`.
"""

from __future__ import annotations

import ast
import operator
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.layers import REGISTRY
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import excerpt, visible
from lstmcalc.span import Span
from lstmcalc.spec.model import LayerSpec, ModelSpec, Ref
from lstmcalc.spec.naming import Namer
from lstmcalc.spec.pycall import (
    INT_LIMIT,
    MAX_DEPTH,
    PARSE_ERRORS,
    NotLiteral,
    TooLarge,
    callee_name,
    depth_over,
    describe,
    layer_from_call,
    literal,
    node_count,
    parse_quietly,
)
from lstmcalc.spec.sequential import fold_input

#: Characters of Python source read (a model file is a few kilobytes; ast needs ~1 KB of
#: memory per character of dense code, so this keeps a parse under ~200 MB).
MAX_SOURCE = 200_000
#: Braces in the source: f-strings with many fields parse in quadratic time.
MAX_BRACES = 10_000
#: Nodes evaluated and statements read for one file: every step counts, so nothing hangs.
MAX_STEPS = 200_000
#: Elements of a list, tuple or range and characters of a string an operator may build.
MAX_ITEMS = 100_000
#: Loop iterations unrolled for one `for` statement.
MAX_LOOP = 10_000
#: Characters of a value's text (its repr) that may reach a layer argument or an f-string.
MAX_VALUE_TEXT = 10_000
#: Layers one file may build (unrolled loops make many quickly; Keras summaries of
#: thousands of rows take seconds to print).
MAX_LAYERS = 1_000
#: Characters of one --set EXPR=VALUE.
MAX_SETTING = 1_000
#: Width or precision in a format spec.
MAX_FORMAT_WIDTH = 1_000

ORIGIN = Span(1, 1)
MODEL_CLASSES = {"Sequential", "Model", "Functional"}
INPUT_CALLS = {"Input", "InputLayer"}
BUILDERS = set(REGISTRY) | MODEL_CLASSES | INPUT_CALLS
_INT_BITS = INT_LIMIT.bit_length()
_NUMBER = (int, float)
_SEQUENCE = (list, tuple, str, range)
_ARITH: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod, ast.Div: operator.truediv, ast.Pow: operator.pow, ast.LShift: operator.lshift,
    ast.RShift: operator.rshift, ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_FORMAT_NUMBER = re.compile(r"\d+")
#: The `try` statements, read alike: `try/except*` (ast.TryStar) exists from Python 3.11.
if sys.version_info >= (3, 11):
    _TRY_NODES = (ast.Try, ast.TryStar)
else:
    _TRY_NODES = (ast.Try,)
_BUILTINS: dict[str, Callable[..., Any]] = {
    "len": len, "range": range, "int": int, "float": float, "str": str, "repr": repr, "abs": abs,
    "min": min, "max": max, "sum": sum, "tuple": tuple, "list": list, "sorted": sorted, "bool": bool,
}


#: Builtins that build sequences or mappings: dict(a=1), enumerate(seq), zip(a, b).
_ITERATING = ("dict", "enumerate", "zip")


#: The parameter names of Keras objects whose positional arguments real code uses, in
#: order (keras/src/{initializers,regularizers,constraints}/*.py).
POSITIONAL_NAMES: dict[str, tuple[str, ...]] = {
    "l1": ("l1",), "l2": ("l2",), "L1": ("l1",), "L2": ("l2",), "l1_l2": ("l1", "l2"), "L1L2": ("l1", "l2"),
    "MaxNorm": ("max_value", "axis"), "max_norm": ("max_value", "axis"), "UnitNorm": ("axis",),
    "unit_norm": ("axis",), "MinMaxNorm": ("min_value", "max_value", "rate", "axis"),
    "min_max_norm": ("min_value", "max_value", "rate", "axis"), "Constant": ("value",),
    "RandomNormal": ("mean", "stddev", "seed"), "RandomUniform": ("minval", "maxval", "seed"),
    "TruncatedNormal": ("mean", "stddev", "seed"), "Orthogonal": ("gain", "seed"),
    "GlorotUniform": ("seed",), "GlorotNormal": ("seed",), "HeNormal": ("seed",), "HeUniform": ("seed",),
    "LecunNormal": ("seed",), "LecunUniform": ("seed",), "Identity": ("gain",),
}


def _keras_object(func: ast.expr) -> tuple[str, str] | None:
    """(module, class) for `initializers.X`, `keras.regularizers.l2`, `tf.keras.constraints.MaxNorm`:
    an attribute of a module named initializers, regularizers or constraints whose name
    Keras knows (layers.keras_names)."""
    from lstmcalc.layers.keras_names import CONSTRAINTS, INITIALIZERS, REGULARIZERS

    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value
    module = owner.attr if isinstance(owner, ast.Attribute) else owner.id if isinstance(owner, ast.Name) else ""
    known = {"initializers": INITIALIZERS, "regularizers": REGULARIZERS, "constraints": CONSTRAINTS}.get(module)
    if known is None or (func.attr not in known and func.attr not in ("l1_l2", "L1L2")):
        return None
    return module, func.attr


#: Keras's lowercase functional helpers: `concatenate(inputs, axis=-1, **kwargs)` is
#: `Concatenate(axis=axis, **kwargs)(inputs)`, and so on (keras/src/layers/merging/*.py).
FUNCTIONAL_HELPERS = {"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract",
                      "multiply": "Multiply", "average": "Average", "maximum": "Maximum", "minimum": "Minimum"}


def _helper_as_layer_call(call: ast.Call, layer_type: str) -> ast.Call:
    """`concatenate([a, b], 1, name="c")` rewritten as `Concatenate(1, name="c")([a, b])`,
    keeping every node's position for diagnostics."""
    constructor = ast.copy_location(ast.Call(func=ast.copy_location(ast.Name(id=layer_type, ctx=ast.Load()), call.func),
                                             args=list(call.args[1:]), keywords=list(call.keywords)), call)
    return ast.copy_location(ast.Call(func=constructor, args=[call.args[0]], keywords=[]), call)


class Unresolved(Exception):
    """A value only known when the code runs (or built by a construct lstmcalc does not follow)."""

    def __init__(self, node: ast.AST, parts: list[Unresolved] | None = None) -> None:
        super().__init__("unresolved")
        self.node = node
        #: the unknown sub-expressions, each to be reported (all of a tuple's, not just the first)
        self.parts = parts or [self]

    @property
    def text(self) -> str:
        return describe(self.node)


class Refused(Exception):
    """A value Python would compute (or fail on) that lstmcalc will not take: too large, or
    an operation Python itself would reject. Reported where the value is used."""

    def __init__(self, code: str, node: ast.AST, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.node, self.message, self.hint = code, node, message, hint

    def diagnostic(self, layer: str | None = None) -> Diagnostic:
        return error(self.code, self.message, _span(self.node), layer, self.hint)


class OutOfSteps(Exception):
    """The step budget ran out: the whole read stops with one diagnostic."""

    def __init__(self, node: ast.AST) -> None:
        super().__init__("out of steps")
        self.node = node


class TooManyLayers(OutOfSteps):
    """The code builds more than MAX_LAYERS layers."""


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Budget:
    """Steps left for one file; every node evaluated and every statement read spends one,
    and operators that build big values spend one per element."""

    def __init__(self, steps: int = MAX_STEPS) -> None:
        self.left = steps

    def spend(self, node: ast.AST, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise OutOfSteps(node)


def _too_large(node: ast.AST, what: str) -> Refused:
    return Refused("LC002", node, f"`{excerpt(describe(node))}` would be {what}, which lstmcalc refuses",
                   f"integers are limited to {MAX_INT_DIGITS} digits and built lists and strings to "
                   f"{MAX_ITEMS:,} items")


def _raises(node: ast.AST, exc: BaseException) -> Refused:
    return Refused("LC030", node, f"`{excerpt(describe(node))}` raises {type(exc).__name__} when the code runs",
                   "fix the expression, or give its value with --set")


def _length(value: Any) -> int:
    """len(VALUE) for the sequences the evaluator holds, never raising (a huge range is huge)."""
    if isinstance(value, range):
        try:
            return len(value)
        except OverflowError:
            return INT_LIMIT
    return len(value)


def text_size(value: Any, limit: int = MAX_VALUE_TEXT) -> int:
    """An upper bound on len(repr(VALUE)), counted no further than LIMIT + 1; shared
    references (`[[0] * 1000] * 1000`) are counted each time, as repr() would print them."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            total += 2 + 2 * len(item)
            if total > limit:
                return limit + 1
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total > limit:
                return limit + 1
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, str):
            total += 2 + 4 * len(item)  # escapes can quadruple it
        else:
            total += 32 if not isinstance(item, range) else 100
        if total > limit:
            return limit + 1
    return total


def _int(node: ast.AST, value: Any) -> Any:
    """VALUE, or Refused when it is an integer of more than MAX_INT_DIGITS digits."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= INT_LIMIT:
        raise _too_large(node, f"an integer of more than {MAX_INT_DIGITS} digits")
    return value


def _sized(node: ast.AST, value: Any, budget: Budget) -> Any:
    if isinstance(value, (list, tuple, str)):
        if len(value) > MAX_ITEMS:
            raise _too_large(node, f"{len(value):,} items long")
        budget.spend(node, len(value) // 16)
    return value


def arithmetic(node: ast.AST, op: ast.operator, left: Any, right: Any, budget: Budget) -> Any:
    """`left op right` exactly as Python computes it, refusing before the work any result that
    would be too large: integers by their bit lengths, repetition by the product of sizes."""
    if type(op) not in _ARITH:
        raise Unresolved(node)
    number = isinstance(left, _NUMBER) and isinstance(right, _NUMBER)
    if isinstance(op, ast.Pow) and number and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and (abs(left).bit_length() - 1) * right > _INT_BITS:
            raise _too_large(node, f"an integer of more than {MAX_INT_DIGITS} digits")
    elif isinstance(op, ast.LShift) and number and isinstance(left, int) and isinstance(right, int):
        if left and right > _INT_BITS:
            raise _too_large(node, f"an integer of more than {MAX_INT_DIGITS} digits")
    elif isinstance(op, ast.Mult) and not number:
        seq, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(seq, (list, tuple, str)) and isinstance(times, int):
            if times > 0 and len(seq) * times > MAX_ITEMS:
                raise _too_large(node, f"{len(seq) * times:,} items long")
        else:
            raise Unresolved(node)
    elif isinstance(op, ast.Add) and not number:
        if type(left) is not type(right) or not isinstance(left, (list, tuple, str)):
            if isinstance(left, (list, tuple, str, dict, range, type(None))) and \
                    isinstance(right, (list, tuple, str, dict, range, type(None), *_NUMBER)):
                raise _raises(node, TypeError())
            raise Unresolved(node)
        if len(left) + len(right) > MAX_ITEMS:
            raise _too_large(node, f"{len(left) + len(right):,} items long")
    elif not number:
        raise Unresolved(node)  # `'%*d' % args`, set operations, ...: not followed
    try:
        result = _ARITH[type(op)](left, right)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise _raises(node, exc) from None
    if isinstance(result, complex):
        raise Unresolved(node)  # a negative number to a fractional power: no complex sizes
    return _sized(node, _int(node, result), budget)


def format_value(node: ast.AST, value: Any, spec: str) -> str:
    """format(VALUE, SPEC), refusing widths and precisions that would build huge strings."""
    for digits in _FORMAT_NUMBER.findall(spec):
        if len(digits) > 4 or int(digits) > MAX_FORMAT_WIDTH:
            raise _too_large(node, f"formatted {excerpt(digits, 12)} characters wide")
    if text_size(value) > MAX_VALUE_TEXT:
        raise _too_large(node, "a very long string")
    try:
        return format(value, spec)
    except (ValueError, TypeError, OverflowError) as exc:
        raise _raises(node, exc) from None


def to_spec(value: Any) -> Any:
    """The spec's form of an evaluated value: tuples (and ranges) become lists."""
    if isinstance(value, (list, tuple, range)):
        return [to_spec(v) for v in value]
    if isinstance(value, dict):
        return {k: to_spec(v) for k, v in value.items()}
    return value


class Evaluator:
    """Values of names and simple expressions, from assignments seen so far and --set.

    Each node type has one method; a value is known or the evaluation raises Unresolved
    (unknown: a call, an attribute, a comprehension, ...) or Refused (too large, or an
    error Python would raise). Every node spends a step of the budget.
    """

    def __init__(self, settings: dict[str, Any], budget: Budget | None = None) -> None:
        self.settings = settings
        self.names: dict[str, Any] = {"__name__": "__main__"}
        self.refused: dict[str, Refused] = {}  # names whose value was refused, reported on use
        self.bound: set[str] = set()  # every name the code binds: those shadow the builtins
        self.budget = budget or Budget()
        #: the most nodes a settings key can span; bigger expressions are never unparsed to match
        self.key_nodes = max((2 * len(k) + 4 for k in settings), default=0)

    def value(self, node: ast.expr) -> Any:
        self.budget.spend(node)
        if self.key_nodes and node_count(node, self.key_nodes) <= self.key_nodes:
            try:
                text = ast.unparse(node)
            except (ValueError, RecursionError):
                text = ""
            if text in self.settings:
                return self.settings[text]
        method = getattr(self, "v_" + type(node).__name__, None)
        if method is None:
            raise Unresolved(node)
        return method(node)

    def forget(self, name: str) -> None:
        self.bound.add(name)
        self.names.pop(name, None)
        self.refused.pop(name, None)

    def assign(self, name: str, node: ast.expr, value: Any | None = None, known: bool = True) -> None:
        """Bind NAME to VALUE (or to the value of NODE); an unknown value makes NAME unknown."""
        self.forget(name)
        if not known:
            return
        try:
            self.names[name] = self.value(node) if value is None else value
        except Unresolved:
            pass
        except Refused as exc:
            self.refused[name] = exc

    # --- one method per node type -------------------------------------------------------
    def v_Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, (int, float, str, bool, type(None))):
            return _int(node, node.value)
        raise Unresolved(node)

    def v_Name(self, node: ast.Name) -> Any:
        if node.id in self.names:
            return self.names[node.id]
        if node.id in self.refused:
            raise self.refused[node.id]
        raise Unresolved(node)

    def _items(self, node: ast.Tuple | ast.List) -> list[Any]:
        values: list[Any] = []
        missing: list[Unresolved] = []
        for element in node.elts:
            try:
                if isinstance(element, ast.Starred):
                    inner = self.value(element.value)
                    if not isinstance(inner, (*_SEQUENCE, dict)):
                        raise _raises(element, TypeError())
                    if _length(inner) + len(values) > MAX_ITEMS:
                        raise _too_large(element, f"more than {MAX_ITEMS:,} items long")
                    self.budget.spend(element, _length(inner) // 16)
                    values.extend(inner)
                else:
                    values.append(self.value(element))
            except Unresolved as exc:
                missing.extend(exc.parts)
        if missing:
            raise Unresolved(node, missing)
        return values

    def v_Tuple(self, node: ast.Tuple) -> tuple[Any, ...]:
        return tuple(self._items(node))

    def v_List(self, node: ast.List) -> list[Any]:
        return self._items(node)

    def v_Dict(self, node: ast.Dict) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, item in zip(node.keys, node.values, strict=True):
            value = self.value(item)
            if key is None:
                if not isinstance(value, dict):
                    raise _raises(item, TypeError())
                out.update(value)
                continue
            try:
                out[self.value(key)] = value
            except TypeError as exc:  # an unhashable key
                raise _raises(key, exc) from None
        if len(out) > MAX_ITEMS:
            raise _too_large(node, f"{len(out):,} items long")
        return out

    def v_BinOp(self, node: ast.BinOp) -> Any:
        return arithmetic(node, node.op, self.value(node.left), self.value(node.right), self.budget)

    def v_UnaryOp(self, node: ast.UnaryOp) -> Any:
        inner = self.value(node.operand)
        if isinstance(node.op, ast.Not):
            return not inner
        if not isinstance(inner, _NUMBER) or (isinstance(node.op, ast.Invert) and not isinstance(inner, int)):
            raise _raises(node, TypeError())
        ops: dict[type[ast.unaryop], Callable[[Any], Any]] = {
            ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
        return _int(node, ops[type(node.op)](inner))

    def v_BoolOp(self, node: ast.BoolOp) -> Any:
        result: Any = None
        for operand in node.values:
            result = self.value(operand)
            if bool(result) is isinstance(node.op, ast.Or):
                return result
        return result

    def v_Compare(self, node: ast.Compare) -> bool:
        left = self.value(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.value(right_node)
            if isinstance(op, (ast.Is, ast.IsNot)):
                if left is not None and right is not None and not isinstance(left, bool) and \
                        not isinstance(right, bool):
                    raise Unresolved(node)  # identity of other values depends on the interpreter
                result = (left is right) is isinstance(op, ast.Is)
            else:
                if text_size(left) > MAX_VALUE_TEXT or text_size(right) > MAX_VALUE_TEXT:
                    raise _too_large(node, "a comparison of very large values")
                try:
                    result = bool(_COMPARE[type(op)](left, right))
                except TypeError as exc:
                    raise _raises(node, exc) from None
            if not result:
                return False
            left = right
        return True

    def v_IfExp(self, node: ast.IfExp) -> Any:
        return self.value(node.body if self.value(node.test) else node.orelse)

    def v_Subscript(self, node: ast.Subscript) -> Any:
        try:  # `x_train.shape[1]` is reported whole: that is what --set can name
            container = self.value(node.value)
        except Unresolved:
            raise Unresolved(node) from None
        if isinstance(node.slice, ast.Slice):
            bounds = [None if part is None else self.value(part)
                      for part in (node.slice.lower, node.slice.upper, node.slice.step)]
            if not isinstance(container, _SEQUENCE):
                raise Unresolved(node)
            try:
                result = container[slice(*bounds)]
            except (TypeError, ValueError) as exc:
                raise _raises(node, exc) from None
            return _sized(node, result, self.budget)
        index = self.value(node.slice)
        if not isinstance(container, (*_SEQUENCE, dict)):
            raise Unresolved(node)
        try:
            return container[index]
        except (IndexError, KeyError, TypeError, OverflowError) as exc:
            raise _raises(node, exc) from None

    def v_NamedExpr(self, node: ast.NamedExpr) -> Any:
        """`(n := 4)` binds n, as Python does, and is its value."""
        self.forget(node.target.id)
        value = self.value(node.value)
        self.names[node.target.id] = value
        return value

    def v_Call(self, node: ast.Call) -> Any:
        """The pure builtins that size models (`len`, `range`, `int`, `min`, ...), unless shadowed;
        and initializer, regularizer and constraint objects, which change no shape."""
        func = node.func
        identifier = _keras_object(func)
        if identifier is not None:
            return self._keras_object(node, *identifier)
        if isinstance(func, ast.Name) and func.id in _ITERATING and func.id not in self.bound \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            return self._iterating(node, func.id)
        if not isinstance(func, ast.Name) or func.id in self.bound or func.id not in _BUILTINS or \
                any(isinstance(a, ast.Starred) for a in node.args) or node.keywords:
            raise Unresolved(node)
        try:
            args = [self.value(a) for a in node.args]
        except Unresolved:
            raise Unresolved(node) from None
        for arg in args:
            if isinstance(arg, str) and len(arg) > 100 and func.id in ("int", "float"):
                raise _too_large(node, "a number of more than 100 characters")
            if text_size(arg) > MAX_VALUE_TEXT and func.id in ("str", "repr"):
                raise _too_large(node, "a very long string")
        if func.id in ("min", "max", "sum", "tuple", "list", "sorted") and len(args) == 1:
            if not isinstance(args[0], (*_SEQUENCE, dict)):
                raise _raises(node, TypeError())
            if _length(args[0]) > MAX_ITEMS:
                raise _too_large(node, f"{_length(args[0]):,} items long")
            self.budget.spend(node, _length(args[0]) // 16)
        if func.id == "range" and not all(isinstance(a, int) for a in args):
            raise _raises(node, TypeError())
        if func.id == "sum" and (len(args) != 1 or not all(isinstance(a, _NUMBER) for a in args[0])):
            raise Unresolved(node)
        try:
            result = _BUILTINS[func.id](*args)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise _raises(node, exc) from None
        if isinstance(result, float) and func.id == "int":
            raise Unresolved(node)
        return _sized(node, _int(node, result), self.budget)

    def _keras_object(self, node: ast.Call, module: str, class_name: str) -> dict[str, Any]:
        """`initializers.RandomNormal(stddev=0.01)`, `regularizers.l2(1e-4)`: the mapping Keras
        serializes them to, which the layer arguments accept. Positional arguments are named
        where the signature is known (POSITIONAL_NAMES); otherwise they are not followed."""
        try:
            args = [self.value(a) for a in node.args]
            config = {kw.arg: self.value(kw.value) for kw in node.keywords if kw.arg is not None}
        except Unresolved:
            raise Unresolved(node) from None
        if any(kw.arg is None for kw in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
            raise Unresolved(node)
        names = POSITIONAL_NAMES.get(class_name, ())
        if len(args) > len(names):
            raise Unresolved(node)
        config.update(zip(names, args, strict=False))
        return {"class_name": class_name, "config": config}

    def _iterating(self, node: ast.Call, name: str) -> Any:
        """dict(...), enumerate(seq, start) and zip(a, b, ...) as Python builds them, as lists
        (what a `for` or an argument needs), within the item budget."""
        try:
            args = [self.value(a) for a in node.args]
            keywords = {kw.arg: self.value(kw.value) for kw in node.keywords if kw.arg is not None}
        except Unresolved:
            raise Unresolved(node) from None
        if any(kw.arg is None for kw in node.keywords):
            raise Unresolved(node)
        if name == "dict":
            if len(args) > 1 or (args and not isinstance(args[0], dict)):
                raise Unresolved(node)  # dict(pairs) and other forms: not followed
            return {**(args[0] if args else {}), **keywords}
        if not args or not all(isinstance(a, _SEQUENCE) for a in args):
            raise Unresolved(node)
        if any(_length(a) > MAX_ITEMS for a in args):
            raise _too_large(node, f"{max(_length(a) for a in args):,} items long")
        self.budget.spend(node, max(_length(a) for a in args) // 16)
        if name == "enumerate":
            start = keywords.get("start", args[1] if len(args) > 1 else 0)
            if len(args) > 2 or set(keywords) - {"start"} or not isinstance(start, int) or isinstance(start, bool):
                raise Unresolved(node)
            return [(start + i, item) for i, item in enumerate(args[0])]
        if keywords:  # zip(strict=...)
            raise Unresolved(node)
        return [tuple(items) for items in zip(*args, strict=False)]

    def v_JoinedStr(self, node: ast.JoinedStr) -> str:
        parts: list[str] = []
        size = 0
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                text = part.value
            elif isinstance(part, ast.FormattedValue):
                value = self.value(part.value)
                if part.conversion != -1:
                    if text_size(value) > MAX_VALUE_TEXT:
                        raise _too_large(part, "a very long string")
                    convert: dict[int, Callable[[object], str]] = {115: str, 114: repr, 97: ascii}
                    value = convert[part.conversion](value)
                spec = self.v_JoinedStr(part.format_spec) if isinstance(part.format_spec, ast.JoinedStr) else ""
                text = format_value(part, value, spec)
            else:
                raise Unresolved(node)
            size += len(text)
            if size > MAX_ITEMS:
                raise _too_large(node, f"a string of more than {MAX_ITEMS:,} characters")
            parts.append(text)
        return "".join(parts)


class Reader:
    def __init__(self, path: str, settings: dict[str, Any]) -> None:
        self.path = path
        self.eval = Evaluator(settings)
        self.problems: list[Diagnostic] = []
        self.models: list[tuple[str | None, list[LayerSpec], tuple[Ref, ...]]] = []
        self.sequential: dict[str, list[LayerSpec]] = {}  # variable -> layers added so far
        self.sequential_names: dict[str, str | None] = {}
        self.sequential_models: set[int] = set()  # ids of the layer lists of Sequential models
        self.graph: list[LayerSpec] = []  # functional layers, in the order they are called
        self.tensors: dict[str, tuple[Ref, ...]] = {}  # variable -> the tensors it holds
        self.layer_objects: dict[str, LayerSpec] = {}  # variable -> a layer built but not yet called
        self.poisoned: set[str] = set()  # variables whose value already failed (no cascades)
        self.built = 0  # layers constructed so far
        self.walrus = True  # whether the source has `:=` at all (saves a walk per statement)
        self.namer = Namer()

    # --- values -------------------------------------------------------------------------
    def resolve(self, node: ast.expr) -> Any:
        """The value of a layer argument, in the spec's form; NotLiteral (already reported)
        when it is unknown, refused or too large to pass on."""
        try:
            value = self.eval.value(node)
            if text_size(value) > MAX_VALUE_TEXT:
                raise _too_large(node, "a value too large for a layer argument")
            return to_spec(value)
        except Unresolved as exc:
            self.unresolved(exc)
            raise NotLiteral(exc.node, exc.text) from None
        except Refused as exc:
            self.problems.append(exc.diagnostic())
            raise NotLiteral(exc.node, describe(exc.node)) from None

    def unresolved(self, exc: Unresolved) -> None:
        for part in exc.parts:
            example = "60" if not isinstance(part.node, (ast.Tuple, ast.List)) else "(50, 10)"
            text = excerpt(part.text)
            settable = isinstance(part.node, (ast.Name, ast.Attribute, ast.Subscript))  # what --set can name
            hint = f"give it a value: --set '{text}={example}'" if text == part.text and settable else \
                "write it as a literal, or assign it to a variable and give that a value with --set"
            self.problems.append(error(
                "LC030", f"`{text}` is only known when the code runs", _span(part.node), None, hint))

    def layer(self, call: ast.Call) -> LayerSpec | None:
        """Construct a layer, naming it as Keras would at this point (construction order)."""
        self.built += 1
        if self.built > MAX_LAYERS:
            raise TooManyLayers(call)
        problems: list[Diagnostic] = []
        errors_before = sum(d.is_error for d in self.problems)
        spec = layer_from_call(call, problems, resolve=self.resolve)
        # resolve() already explained unresolved values (with a --set hint); keep the rest
        self.problems.extend(p for p in problems if "without running code" not in p.message)
        if spec is None and sum(d.is_error for d in self.problems) == errors_before:
            # never let a layer vanish silently: a refused call always says so
            self.problems.append(error("LC014", f"`{excerpt(describe(call.func))}(...)` could not be read",
                                       _span(call), None, "write its arguments as literals or known values"))
        return None if spec is None else self.name_layer(spec)

    def name_layer(self, spec: LayerSpec) -> LayerSpec:
        wrapped = {k: self.name_layer(v) for k, v in spec.wrapped.items()}
        name = spec.name
        cls = REGISTRY.get(spec.type)
        if name is None and cls is not None:
            name = self.namer.take(cls.auto_name)
        return spec._replace(name=name, wrapped=wrapped)

    def refs(self, node: ast.expr) -> tuple[Ref, ...] | None:
        """The tensors an argument names: a variable, `var[i]`, or a list of them."""
        if isinstance(node, (ast.List, ast.Tuple)):
            out: list[Ref] = []
            for element in node.elts:
                found = self.refs(element)
                if found is None:
                    return None
                out.extend(found)
            return tuple(out)
        if isinstance(node, ast.Name) and node.id in self.tensors:
            return self.tensors[node.id]
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in self.tensors:
            index = node.slice
            held = self.tensors[node.value.id]
            if isinstance(index, ast.Constant) and isinstance(index.value, int) and len(held) == 1:
                return (held[0]._replace(output=index.value),)
        return None

    def poisoned_by(self, node: ast.expr | None) -> bool:
        if node is None or not self.poisoned:
            return False
        for inner in ast.walk(node):
            self.eval.budget.spend(inner)
            if isinstance(inner, ast.Name) and inner.id in self.poisoned:
                return True
        return False

    # --- statements ---------------------------------------------------------------------
    def block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        """Read one statement as Python would run it, or say why not: branches on known
        values, loops unrolled over known sequences, unknown control flow refused when it
        would change the model and its names forgotten otherwise."""
        self.eval.budget.spend(stmt)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.eval.forget(stmt.name)  # decorators and defaults do not change what the body builds
            self.block(stmt.body)
        elif isinstance(stmt, ast.ClassDef):
            self.eval.forget(stmt.name)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    self.forget_targets(item.optional_vars)
            self.block(stmt.body)
        elif isinstance(stmt, ast.If):
            self.branch(stmt, stmt.test, stmt.body, stmt.orelse)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.loop(stmt)
        elif isinstance(stmt, ast.While):
            self.branch(stmt, stmt.test, None, stmt.orelse)
        elif isinstance(stmt, _TRY_NODES):
            # read as it runs when nothing raises; names a handler could bind become unknown
            self.block(stmt.body)
            for handler in stmt.handlers:
                self.forget_assigned(handler.body)
                if handler.name:
                    self.eval.forget(handler.name)
            self.block(stmt.orelse)
            self.block(stmt.finalbody)
        elif isinstance(stmt, ast.Match):
            self.unknown_flow(stmt, stmt.subject, [stmt.cases], "the `match` statement")
        elif isinstance(stmt, ast.Break):
            raise _Break
        elif isinstance(stmt, ast.Continue):
            raise _Continue
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            self.expression(stmt.value, targets=[])
        elif isinstance(stmt, ast.Expr):
            self.expr_statement(stmt.value)
        elif isinstance(stmt, ast.Assign):
            self.assign(stmt.targets, stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self.assign([stmt.target], stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            self.augmented(stmt)
        elif isinstance(stmt, (ast.Delete, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal)):
            self.forget_assigned([stmt])

    def expr_statement(self, value: ast.expr) -> None:
        if isinstance(value, ast.Call):
            self.add_call(value)
            func = value.func
            while isinstance(func, (ast.Attribute, ast.Subscript)):  # `shape.append(3)` may change shape
                func = func.value
            if isinstance(func, ast.Name) and func.id is not None and func.id in self.eval.names and \
                    isinstance(value.func, ast.Attribute):
                self.eval.forget(func.id)
            return
        if self.walrus and any(isinstance(n, ast.NamedExpr) for n in ast.walk(value)):
            try:
                self.eval.value(value)  # `(n := 4)` binds n
            except (Unresolved, Refused):
                self.forget_assigned([ast.Expr(value)])

    def assign(self, targets: list[ast.expr], value: ast.expr) -> None:
        if len(targets) == 1:
            names = self.target_names(targets[0])
            if names is not None and self.expression(value, targets=names):
                for name in names:
                    if name:
                        self.eval.forget(name)
                return
            if isinstance(value, (ast.List, ast.Tuple)) and isinstance(targets[0], ast.Name) \
                    and self.poisoned_by(value):
                self.poisoned.add(targets[0].id)  # a list of tensors that could not be followed
                self.eval.forget(targets[0].id)
                return
            held = self.refs(value) if isinstance(value, (ast.List, ast.Tuple)) and value.elts else None
            if held is not None and isinstance(targets[0], ast.Name):
                # a list of tensors kept for later: `encoder_states = [state_h, state_c]`
                self.tensors[targets[0].id] = held
                self.eval.forget(targets[0].id)
                return
        for target in targets:
            for inner in ast.walk(target):
                if isinstance(inner, ast.Name):
                    self.tensors.pop(inner.id, None)  # rebound to a plain value: no longer a tensor
        try:
            known: Any = self.eval.value(value)
            failure: Refused | None = None
        except Unresolved:
            known, failure = None, None
            ok = False
        except Refused as exc:
            known, failure, ok = None, exc, False
        else:
            ok = True
        for target in targets:
            self.bind_target(target, known, ok, failure)

    def bind_target(self, target: ast.expr, value: Any, known: bool, failure: Refused | None = None) -> None:
        """`n = v`, `a, b = v`, `a, *rest = v`; anything else makes the names involved unknown."""
        if isinstance(target, ast.Name):
            self.eval.assign(target.id, target, value, known)
            if failure is not None:
                self.eval.refused[target.id] = failure
            return
        if isinstance(target, (ast.Tuple, ast.List)) and known and isinstance(value, (*_SEQUENCE, dict)) and \
                _length(value) <= MAX_ITEMS:
            items = list(value)
            starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
            if not starred and len(items) == len(target.elts):
                for element, item in zip(target.elts, items, strict=True):
                    self.bind_target(element, item, True)
                return
            if len(starred) == 1 and len(items) >= len(target.elts) - 1:
                at = starred[0]
                after = len(target.elts) - at - 1
                for element, item in zip(target.elts[:at], items[:at], strict=True):
                    self.bind_target(element, item, True)
                middle = target.elts[at]
                assert isinstance(middle, ast.Starred)
                self.bind_target(middle.value, items[at:len(items) - after], True)
                for element, item in zip(target.elts[at + 1:], items[len(items) - after:], strict=True):
                    self.bind_target(element, item, True)
                return
        self.forget_targets(target)

    def forget_targets(self, target: ast.expr) -> None:
        """Every name a target binds or changes (`x`, `a, b`, and the base of `cfg.units`, `shape[0]`)."""
        for node in ast.walk(target):
            self.eval.budget.spend(node)
            if isinstance(node, ast.Name):
                self.eval.forget(node.id)

    def forget_assigned(self, body: Sequence[ast.stmt] | Sequence[ast.match_case]) -> None:
        """Make unknown every name the statements could bind, when they are not followed."""
        for stmt in body:
            for node in ast.walk(stmt):
                self.eval.budget.spend(node)
                name = None
                if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                    name = node.id
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    name = node.name
                elif isinstance(node, ast.alias):
                    name = (node.asname or node.name).split(".")[0]
                elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
                    name = node.name
                elif isinstance(node, ast.MatchMapping):
                    name = node.rest
                elif isinstance(node, (ast.Global, ast.Nonlocal)):
                    for each in node.names:
                        self.eval.forget(each)
                elif isinstance(node, ast.AugAssign) or (
                        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    base = node.target if isinstance(node, ast.AugAssign) else \
                        node.func if isinstance(node, ast.Call) else None
                    while isinstance(base, (ast.Attribute, ast.Subscript)):
                        base = base.value
                    name = base.id if isinstance(base, ast.Name) else None
                elif isinstance(node, ast.NamedExpr):
                    name = node.target.id
                if name:
                    self.eval.forget(name)

    def target_names(self, target: ast.expr) -> list[str | None] | None:
        if isinstance(target, ast.Name):
            return [target.id]
        if isinstance(target, (ast.Tuple, ast.List)):
            return [t.id if isinstance(t, ast.Name) else None for t in target.elts]
        return None

    def augmented(self, stmt: ast.AugAssign) -> None:
        """`n *= 2`: the same operator, the same limits."""
        if not isinstance(stmt.target, ast.Name):
            self.forget_targets(stmt.target)
            return
        name = stmt.target.id
        try:
            left = self.eval.value(ast.Name(name, ast.Load(), **_where(stmt.target)))
            result = arithmetic(stmt, stmt.op, left, self.eval.value(stmt.value), self.eval.budget)
        except Unresolved:
            self.eval.forget(name)
            return
        except Refused as exc:
            self.eval.forget(name)
            self.eval.refused[name] = exc
            return
        self.eval.assign(name, stmt.target, result)

    def builds(self, body: list[Any]) -> bool:
        """Whether statements (or match cases) create layers, inputs or models."""
        for stmt in body:
            for node in ast.walk(stmt):
                self.eval.budget.spend(node)
                if isinstance(node, ast.Call) and (
                        callee_name(node.func) in BUILDERS or isinstance(node.func, ast.Call) or self._adds(node.func)
                        or (isinstance(node.func, ast.Name) and node.func.id in self.layer_objects)):
                    return True
        return False

    def _adds(self, func: ast.expr) -> bool:
        """`model.add(...)` on a Sequential, or a functional helper (`layers.add([a, b])`,
        `concatenate(...)`); not `chars.add(c)` on a set."""
        if isinstance(func, ast.Name):
            return func.id in FUNCTIONAL_HELPERS
        if not isinstance(func, ast.Attribute):
            return False
        owner = func.value
        if func.attr == "add" and isinstance(owner, ast.Name) and owner.id in self.sequential:
            return True
        module = owner.attr if isinstance(owner, ast.Attribute) else owner.id if isinstance(owner, ast.Name) else ""
        return func.attr in FUNCTIONAL_HELPERS and module == "layers"

    def known(self, node: ast.expr) -> tuple[bool, Any, Unresolved | Refused | None]:
        try:
            return True, self.eval.value(node), None
        except (Unresolved, Refused) as exc:
            return False, None, exc

    def branch(self, stmt: ast.If | ast.While, test: ast.expr, body: list[ast.stmt] | None,
               orelse: list[ast.stmt]) -> None:
        """`if` on a known test takes one branch; `while` is read only when its test is known
        false. Otherwise the model must not depend on it."""
        ok, value, _ = self.known(test)
        if ok and body is not None:
            self.block(body if value else orelse)
            return
        if ok and not value:
            self.block(orelse)
            return
        what = "the `while` loop" if body is None else "the `if` statement"
        self.unknown_flow(stmt, test, [stmt.body, orelse], what)

    def unknown_flow(self, stmt: ast.stmt, test: ast.expr, bodies: list[list[Any]], what: str) -> None:
        if any(self.builds(b) for b in bodies):
            text = excerpt(describe(test))
            _, _, failure = self.known(test)
            if isinstance(failure, Refused):
                self.problems.append(failure.diagnostic())
                return
            if isinstance(stmt, ast.While):
                self.problems.append(error(
                    "LC030", f"{what} on `{text}` builds layers, and lstmcalc does not follow `while` loops",
                    _span(stmt), None, "build the layers in a `for` loop over range(n) with n known"))
                return
            self.problems.append(error(
                "LC030", f"{what} builds layers depending on `{text}`, which is only known when the code runs",
                _span(test), None, f"give it a value: --set '{text}=True'" if isinstance(stmt, ast.If) else
                "build the model without it"))
            return
        for b in bodies:
            self.forget_assigned(b)

    def loop(self, stmt: ast.For | ast.AsyncFor) -> None:
        """`for i in range(3): model.add(...)` is unrolled; an unknown or too long sequence
        is refused when the loop builds layers, and its names become unknown otherwise."""
        ok, iterable, failure = self.known(stmt.iter)
        count = _length(iterable) if ok and isinstance(iterable, (*_SEQUENCE, dict)) else None
        if count is None or count > MAX_LOOP or isinstance(stmt, ast.AsyncFor):
            if self.builds(stmt.body) or self.builds(stmt.orelse):
                if isinstance(failure, Refused):
                    self.problems.append(failure.diagnostic())
                elif count is not None and count > MAX_LOOP:
                    self.problems.append(error(
                        "LC002", f"the loop over `{excerpt(describe(stmt.iter))}` would run "
                        f"{'more than ' + format(MAX_LOOP, ',') if count >= INT_LIMIT else format(count, ',')} "
                        "times", _span(stmt.iter), None, f"lstmcalc unrolls at most {MAX_LOOP:,} iterations"))
                else:
                    text = excerpt(describe(stmt.iter))
                    self.problems.append(error(
                        "LC030", f"the loop over `{text}` builds layers, and `{text}` is only known when the "
                        "code runs", _span(stmt.iter), None, f"give it a value: --set '{text}=[1, 2]'"))
                return
            self.forget_targets(stmt.target)
            self.forget_assigned(stmt.body)
            self.forget_assigned(stmt.orelse)
            return
        for item in list(iterable)[:MAX_LOOP] if not isinstance(iterable, range) else iterable:
            self.bind_target(stmt.target, item, True)
            try:
                self.block(stmt.body)
            except _Continue:
                continue
            except _Break:
                return
        self.block(stmt.orelse)

    def add_call(self, call: ast.Call) -> None:
        """`model.add(LSTM(...))`"""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "add" and isinstance(func.value, ast.Name) \
                and func.value.id in self.sequential and call.args and isinstance(call.args[0], ast.Call):
            spec = self.layer(call.args[0])
            if spec is not None:
                self.sequential[func.value.id].append(spec)

    def bind(self, targets: list[str | None], name: str | None, outputs: int | None) -> None:
        """`x = layer(...)` holds all its outputs; `a, b, c = layer(...)` one each."""
        if name is None:
            for target in targets:
                if target:
                    self.poisoned.add(target)
            return
        if len(targets) == 1:
            if targets[0]:
                self.tensors[targets[0]] = (Ref(name, None, ORIGIN),)
            return
        for i, target in enumerate(targets):
            if target:
                self.tensors[target] = (Ref(name, i, ORIGIN),)

    def expression(self, value: ast.expr, targets: list[str | None]) -> bool:
        """Handle a model, layer or tensor expression; False when it is something else."""
        if not isinstance(value, ast.Call):
            return False
        kind = callee_name(value.func)
        target = targets[0] if len(targets) == 1 else None
        if kind in MODEL_CLASSES:
            return self.model_call(value, kind, target)
        if kind in INPUT_CALLS:
            spec = self.layer(value)
            if spec is not None:
                self.graph.append(spec._replace(type="Input"))
            self.bind(targets, spec.name if spec else None, 1)
            return True
        if kind in REGISTRY and not isinstance(value.func, ast.Call):
            spec = self.layer(value)  # a layer object, called later: encoder = LSTM(...)
            if spec is not None and target:
                self.layer_objects[target] = spec
            elif spec is None and target:
                self.poisoned.add(target)
            return True
        if isinstance(value.func, ast.Call) or (isinstance(value.func, ast.Name) and value.func.id in self.layer_objects):
            return self.layer_call(value, targets)
        helper = FUNCTIONAL_HELPERS.get(kind or "")
        if helper is not None and value.args and not (isinstance(value.func, ast.Name) and value.func.id in self.eval.bound):
            return self.layer_call(_helper_as_layer_call(value, helper), targets)
        return False

    def layer_call(self, value: ast.Call, targets: list[str | None]) -> bool:
        """`LSTM(64)(x)`, `encoder(x)`, `Concatenate()([a, b])`, `decoder(x, initial_state=[h, c])`."""
        source = value.args[0] if value.args else None
        states = next((kw.value for kw in value.keywords if kw.arg == "initial_state"), None)
        if self.poisoned_by(source) or self.poisoned_by(states) or (
                isinstance(value.func, ast.Name) and value.func.id in self.poisoned):
            self.bind(targets, None, None)
            return True
        if isinstance(value.func, ast.Name):
            spec: LayerSpec | None = self.layer_objects.pop(value.func.id, None)
            if spec is None:
                self.problems.append(error(
                    "LC010", f"`{excerpt(value.func.id)}` is called a second time: shared layers are not supported yet",
                    _span(value), None, "create a separate layer for each call"))
                self.bind(targets, None, None)
                return True
        else:
            assert isinstance(value.func, ast.Call)
            spec = self.layer(value.func)
        inputs = self.refs(source) if source is not None else None
        state_refs = self.refs(states) if states is not None else ()
        if spec is None or inputs is None or state_refs is None or len(value.args) != 1 or any(
                kw.arg not in ("initial_state", "training", "mask") for kw in value.keywords):
            if spec is not None:
                self.problems.append(error(
                    "LC010", f"cannot tell which tensors `{excerpt(describe(value))}` is applied to", _span(value),
                    spec.name, "apply each layer to variables holding Inputs or layers' outputs"))
            self.bind(targets, None, None)
            return True
        previous = self.graph[-1].name if self.graph else None
        default = inputs == (Ref(previous, None, ORIGIN),) if previous else False
        self.graph.append(spec._replace(inputs=None if default else inputs, initial_state=state_refs))
        self.bind(targets, spec.name, None)
        return True

    def model_call(self, call: ast.Call, kind: str, target: str | None) -> bool:
        name = None
        for kw in call.keywords:
            if kw.arg == "name":
                try:
                    name = self.eval.value(kw.value)
                except (Unresolved, Refused):
                    name = None
        model_name = name if isinstance(name, str) else None
        if kind == "Sequential":
            layers: list[LayerSpec] = []
            items = call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg == "layers"), None)
            if isinstance(items, (ast.List, ast.Tuple)):
                for element in items.elts:
                    if isinstance(element, ast.Call):
                        spec = self.layer(element)
                        if spec is not None:
                            layers.append(spec._replace(type="Input") if spec.type == "InputLayer" else spec)
            if target:
                self.sequential[target] = layers  # model.add(...) appends here
                self.sequential_names[target] = model_name
            self.models.append((model_name, layers, ()))
            self.sequential_models.add(id(layers))
            return True
        outputs = call.args[1] if len(call.args) > 1 else next(
            (kw.value for kw in call.keywords if kw.arg == "outputs"), None)
        if outputs is None or self.poisoned_by(outputs):
            return True
        refs = self.refs(outputs)
        if refs is None:
            self.problems.append(error(
                "LC010", f"the model's outputs `{excerpt(describe(outputs))}` are not tensors lstmcalc followed",
                _span(outputs), None, "pass variables holding layers' outputs"))
            return True
        last = self.graph[-1].name if self.graph else None
        plain = refs == (Ref(last, None, ORIGIN),) if last else False
        self.models.append((model_name, list(self.graph), () if plain else refs))
        return True


def _span(node: ast.AST) -> Span:
    return Span(getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def _where(node: ast.AST) -> dict[str, int]:
    return {k: getattr(node, k) for k in ("lineno", "col_offset", "end_lineno", "end_col_offset")
            if getattr(node, k, None) is not None}


def from_python(text: str, path: str, settings: dict[str, Any] | None = None) -> tuple[ModelSpec | None, list[Diagnostic]]:
    """Read Keras model code. Never raises for bad input: hostile code (huge numbers, deep
    nesting, endless loops, huge strings) ends in a diagnostic within the size and step budgets."""
    problem = _unreadable(text)
    if problem is not None:
        return None, [problem]
    try:
        tree = parse_quietly(text)
    except SyntaxError as exc:
        return None, [_syntax_error(exc)]
    except ValueError:
        return None, [error("LC003", "the source contains a null byte", Span(1, 1), None, "save it as UTF-8 text")]
    except PARSE_ERRORS:
        return None, [error("LC002", "the source nests too deeply to read", Span(1, 1), None,
                            f"keep expressions under {MAX_DEPTH} levels deep")]
    deep = depth_over(tree)
    if deep is not None:
        return None, [error("LC002", f"the source nests more than {MAX_DEPTH} levels deep", _span(deep), None,
                            "split the expression into assignments")]
    aliases = keras_aliases(tree)
    if aliases:
        tree = _Unalias(aliases).visit(tree)
    reader = Reader(path, settings or {})
    reader.walrus = ":=" in text
    try:
        reader.block(tree.body)
    except TooManyLayers as exc:
        return None, [error("LC002", f"the code builds more than {MAX_LAYERS:,} layers", _span(exc.node), None,
                            "lstmcalc reads models of up to that many layers")]
    except OutOfSteps as exc:
        return None, [error("LC002", f"reading the code takes more than {MAX_STEPS:,} steps", _span(exc.node), None,
                            "lstmcalc follows loops and expressions step by step; keep them small")]
    except (_Break, _Continue):
        pass  # `break` outside a loop is a SyntaxError; a stray one from a function body ends the read
    except (RecursionError, MemoryError):
        return None, [error("LC002", "the source is too complex to read", Span(1, 1))]
    if any(d.is_error for d in reader.problems):
        return None, reader.problems
    notes = list(reader.problems)  # warnings (a Keras 3 deprecation) go with the model
    models = [m for m in reader.models if m[1]]
    if not models:
        return None, [error("LC010", "no Keras model found in the code", Span(1, 1), None,
                            "lstmcalc reads Sequential([...]), model.add(...) and Model(inputs, outputs)")]
    name, layers, outputs = models[-1]
    if id(layers) in reader.sequential_models:
        folded = fold_input(layers)  # spec v1 puts a Sequential model's input on its first layer
        if folded is None:
            return None, [error("LC010", "the Sequential model has an Input but no layers after it", Span(1, 1))]
        layers = folded
    return ModelSpec(path, tuple(layers), name, outputs=outputs), notes


_KERAS_MODULES = ("keras", "tensorflow", "tf_keras")


def keras_aliases(tree: ast.Module) -> dict[str, str]:
    """Names that stand for a Keras class everywhere in the file: `from keras.layers import
    LSTM as Rec`, or `RNN = layers.GRU` (an attribute or name, not a call). Only names bound
    exactly once are taken, so what the name means never depends on the path through the
    code."""
    known = {*REGISTRY, *MODEL_CLASSES, *INPUT_CALLS, *FUNCTIONAL_HELPERS}
    bindings: dict[str, int] = {}
    candidates: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bindings[node.id] = bindings.get(node.id, 0) + 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bindings[node.name] = bindings.get(node.name, 0) + 1
        elif isinstance(node, ast.arg):
            bindings[node.arg] = bindings.get(node.arg, 0) + 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for item in node.names:
                bound = item.asname or item.name.split(".")[0]
                bindings[bound] = bindings.get(bound, 0) + 1
                if isinstance(node, ast.ImportFrom) and item.asname and item.name in known and \
                        (node.module or "").split(".")[0] in _KERAS_MODULES:
                    candidates[item.asname] = item.name
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, (ast.Attribute, ast.Name)):
            target = callee_name(node.value)
            if target in known and (isinstance(node.value, ast.Attribute) or target != node.targets[0].id):
                candidates[node.targets[0].id] = target
    aliases = {name: target for name, target in candidates.items() if bindings.get(name) == 1}
    for name, target in list(aliases.items()):  # RNN = Rec, Rec from an import
        aliases[name] = aliases.get(target, target)
    return aliases


class _Unalias(ast.NodeTransformer):
    """Calls through an alias become calls of the Keras class, positions kept."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in self.aliases:
            node.func = ast.copy_location(ast.Name(id=self.aliases[node.func.id], ctx=ast.Load()), node.func)
        return node


def _unreadable(text: str) -> Diagnostic | None:
    """Size checks made before ast.parse, whose memory and time grow with these."""
    if len(text) > MAX_SOURCE:
        return error("LC002", f"the source is over {MAX_SOURCE:,} characters", Span(1, 1), None,
                     "point lstmcalc at the file that defines the model")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return error("LC003", "the source contains a null byte", Span(line, 1), None, "save it as UTF-8 text")
    if text.count("{") > MAX_BRACES:
        return error("LC002", f"the source has more than {MAX_BRACES:,} braces", Span(1, 1), None,
                     "point lstmcalc at the file that defines the model")
    return None


def _syntax_error(exc: SyntaxError) -> Diagnostic:
    message = visible(exc.msg, 200)
    if "integer string conversion" in message:
        return error("LC002", f"a number has more than {MAX_INT_DIGITS} digits", Span(exc.lineno or 1, 1), None,
                     "write numbers a model can use")
    line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else 1
    column = exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else 1
    return error("LC001", f"Python syntax error: {message}", Span(line, column))


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    """--set 'x_train.shape[1]=60' -> {'x_train.shape[1]': 60}; raises ValueError when malformed.

    Each pair is length-capped before parsing, and the value must be a literal whose integers
    have at most MAX_INT_DIGITS digits; messages quote the pair visibly and briefly."""
    out: dict[str, Any] = {}
    for pair in pairs:
        shown = excerpt(pair)
        if len(pair) > MAX_SETTING:
            raise ValueError(f"{shown}: longer than {MAX_SETTING:,} characters")
        expr, sep, raw = pair.rpartition("=")
        if not sep or not expr.strip():
            raise ValueError(f"{shown}: expected EXPRESSION=VALUE")
        try:
            key_tree = parse_quietly(expr.strip(), mode="eval")
            value_tree = parse_quietly(raw.strip(), mode="eval")
            if depth_over(key_tree) is not None or depth_over(value_tree) is not None:
                raise ValueError(f"{shown}: nests more than {MAX_DEPTH} levels deep")
            key = ast.unparse(key_tree.body)
            out[key] = literal(value_tree.body, tuples=True)
        except TooLarge as exc:
            raise ValueError(f"{shown}: the value has {exc.what}; at most {MAX_INT_DIGITS} digits") from None
        except SyntaxError as exc:
            if "integer string conversion" in str(exc.msg):
                raise ValueError(f"{shown}: a number has more than {MAX_INT_DIGITS} digits") from None
            raise ValueError(f"{shown}: the value must be a literal such as 60 or (50, 10)") from None
        except NotLiteral:
            raise ValueError(f"{shown}: the value must be a literal such as 60 or (50, 10)") from None
        except (RecursionError, MemoryError, OverflowError):
            raise ValueError(f"{shown}: nests too deeply") from None
        except ValueError as exc:
            if "nests more than" in str(exc):
                raise
            raise ValueError(f"{shown}: contains a null byte") from None
    return out
