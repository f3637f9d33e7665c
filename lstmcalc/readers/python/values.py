"""Plain Python values: literals, names, arithmetic, containers, comprehensions, strings.

Each expression node type has one `v_*` method. A value is known exactly as Python computes
it, or evaluation raises Unresolved (only known when the code runs: a call into a library,
data) or Refused (a value lstmcalc will not build: too large, or an error Python itself
would raise). Every node spends a step of the budget, and operators that build big values
are refused before the work.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import excerpt
from lstmcalc.span import Span
from lstmcalc.spec.pycall import INT_LIMIT, describe, node_count

#: Nodes evaluated and statements read for one file: every step counts, so nothing hangs.
MAX_STEPS = 200_000
#: Elements of a list, tuple or range and characters of a string an operator may build.
MAX_ITEMS = 100_000
#: Characters of a value's text (its repr) that may reach a layer argument or an f-string.
MAX_VALUE_TEXT = 10_000
#: Width or precision in a format spec.
MAX_FORMAT_WIDTH = 1_000

_INT_BITS = INT_LIMIT.bit_length()
NUMBER = (int, float)
SEQUENCE = (list, tuple, str, range)
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
#: A replacement field inside another's format spec: '{0:{1}}', whose width is an argument.
_NESTED_FIELD = re.compile(r"\{[^{}]*:[^{}]*\{")
#: `%` conversions Python's str % applies, with their flags, width and precision.
_PERCENT = re.compile(r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?"
                      r"(?P<type>[diouxXeEfFgGcrsa%])")


# --- how a read ends early -------------------------------------------------------------------
class Unresolved(Exception):
    """A value only known when the code runs (or built by a construct lstmcalc does not follow)."""

    def __init__(self, node: ast.AST, parts: list[Unresolved] | None = None, because: ast.AST | None = None,
                 undefined: bool = False) -> None:
        super().__init__("unresolved")
        self.node = node
        #: the run-time test (of an if, for or while) that left a name unknown, if that is why
        self.because = because
        #: a name the file never defines: Python raises NameError when this runs
        self.undefined = undefined
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
        return error(self.code, self.message, span(self.node), layer, self.hint)


class OutOfSteps(Exception):
    """The step budget ran out: the whole read stops with one diagnostic."""

    def __init__(self, node: ast.AST) -> None:
        super().__init__("out of steps")
        self.node = node


class TooManyLayers(OutOfSteps):
    """The code builds more than the reader's layer limit."""


class Budget:
    """Steps left for one file; every node evaluated and every statement read spends one,
    and operators that build big values spend one per element."""

    def __init__(self, steps: int = MAX_STEPS) -> None:
        self.left = steps

    def spend(self, node: ast.AST, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise OutOfSteps(node)


def span(node: ast.AST) -> Span:
    return Span(getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def too_large(node: ast.AST, what: str) -> Refused:
    return Refused("LC002", node, f"`{excerpt(describe(node))}` would be {what}, which lstmcalc refuses",
                   f"integers are limited to {MAX_INT_DIGITS} digits and built lists and strings to "
                   f"{MAX_ITEMS:,} items")


def raises(node: ast.AST, exc: BaseException) -> Refused:
    return Refused("LC030", node, f"`{excerpt(describe(node))}` raises {type(exc).__name__} when the code runs",
                   "fix the expression, or give its value with --set")


def shell_quote(text: str) -> str:
    """TEXT quoted for a POSIX shell, as a hint the user can paste: 'x[1]=60', or
    "cfg['units']=60" when it holds single quotes."""
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


# --- sizes -----------------------------------------------------------------------------------
def length(value: Any) -> int:
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


def checked_int(node: ast.AST, value: Any) -> Any:
    """VALUE, or Refused when it is an integer of more than MAX_INT_DIGITS digits."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= INT_LIMIT:
        raise too_large(node, f"an integer of more than {MAX_INT_DIGITS} digits")
    return value


def sized(node: ast.AST, value: Any, budget: Budget) -> Any:
    if isinstance(value, (list, tuple, str, dict)):
        if len(value) > MAX_ITEMS:
            raise too_large(node, f"{len(value):,} items long")
        budget.spend(node, len(value) // 16)
    return value


def _widths_ok(node: ast.AST, text: str) -> None:
    """Refuse format strings whose widths or precisions would build huge strings."""
    for digits in _FORMAT_NUMBER.findall(text):
        if len(digits) > 4 or int(digits) > MAX_FORMAT_WIDTH:
            raise too_large(node, f"formatted {excerpt(digits, 12)} characters wide")


#: Keras 3's operation classes behind Python's operators on Keras tensors, and the merge layer
#: Keras prints the same row for (when both shapes match and no mask reaches it: an
#: operation drops the mask, a merge layer keeps it; recorded from Keras 3.15.1).
_TENSOR_OPERATORS: dict[type[ast.AST], tuple[str, str | None]] = {
    ast.Add: ("Add", "Add"), ast.Sub: ("Subtract", "Subtract"), ast.Mult: ("Multiply", "Multiply"),
    ast.Div: ("TrueDivide", None), ast.FloorDiv: ("FloorDivide", None), ast.Pow: ("Power", None),
    ast.Mod: ("Mod", None), ast.MatMult: ("Matmul", None), ast.USub: ("Negative", None),
}


def _keras_tensor(value: Any) -> bool:
    """A Keras tensor of the model the code builds (readers/python/keras_objects.Tensor)."""
    return type(value).__name__ == "Tensor" and hasattr(value, "layer")


def tensor_operation(node: ast.AST, op: ast.AST) -> Refused:
    """`x + y` on Keras tensors: Keras 3 records an operation in the functional graph (a row
    such as `add (Add)`), which lstmcalc does not model: refused, naming it."""
    kind, layer = _TENSOR_OPERATORS.get(type(op), ("an operation", None))
    text = excerpt(describe(node))
    hint = ("lstmcalc models layers, not operations written between them"
            + (f"; for the rest of the model, write it as the layer keras.layers.{layer}()([...]), whose row "
               "Keras prints the same when both shapes match and no mask reaches it" if layer else ""))
    return Refused("LC012", node, f"`{text}` applies Keras's {kind} operation to Keras tensors: Keras 3 records it "
                   f"in the model's graph as a row of its own, which lstmcalc does not model", hint)


def arithmetic(node: ast.AST, op: ast.operator, left: Any, right: Any, budget: Budget) -> Any:
    """`left op right` exactly as Python computes it, refusing before the work any result that
    would be too large: integers by their bit lengths, repetition by the product of sizes."""
    from lstmcalc.readers.python.tensor_ops import SymTensor, binop

    if isinstance(left, SymTensor) or isinstance(right, SymTensor):  # a traced call() of a user's layer
        return binop(node, op, left, right)
    if _keras_tensor(left) or _keras_tensor(right):
        raise tensor_operation(node, op)
    if type(op) not in _ARITH:
        raise Unresolved(node)
    number = isinstance(left, NUMBER) and isinstance(right, NUMBER)
    if isinstance(op, ast.Mod) and isinstance(left, str):
        return percent_format(node, left, right)
    if isinstance(op, ast.Pow) and number and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and (abs(left).bit_length() - 1) * right > _INT_BITS:
            raise too_large(node, f"an integer of more than {MAX_INT_DIGITS} digits")
    elif isinstance(op, ast.LShift) and number and isinstance(left, int) and isinstance(right, int):
        if left and right > _INT_BITS:
            raise too_large(node, f"an integer of more than {MAX_INT_DIGITS} digits")
    elif isinstance(op, ast.Mult) and not number:
        seq, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(seq, (list, tuple, str)) and isinstance(times, int):
            if times > 0 and len(seq) * times > MAX_ITEMS:
                raise too_large(node, f"{len(seq) * times:,} items long")
        else:
            raise Unresolved(node)
    elif isinstance(op, ast.Add) and not number:
        if type(left) is not type(right) or not isinstance(left, (list, tuple, str)):
            if isinstance(left, (list, tuple, str, dict, range, type(None))) and \
                    isinstance(right, (list, tuple, str, dict, range, type(None), *NUMBER)):
                raise raises(node, TypeError())
            raise Unresolved(node)
        if len(left) + len(right) > MAX_ITEMS:
            raise too_large(node, f"{len(left) + len(right):,} items long")
    elif isinstance(op, ast.BitOr) and isinstance(left, dict) and isinstance(right, dict):
        pass  # {**a} | {**b}
    elif not number:
        raise Unresolved(node)  # set operations, operators on unknown objects: not followed
    try:
        result = _ARITH[type(op)](left, right)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise raises(node, exc) from None
    if isinstance(result, complex):
        raise Unresolved(node)  # a negative number to a fractional power: no complex sizes
    return sized(node, checked_int(node, result), budget)


def percent_format(node: ast.AST, template: str, args: Any) -> str:
    """`'lstm_%d' % i` as Python formats it; `*` widths are not followed."""
    for match in _PERCENT.finditer(template):
        if match.group("width") == "*" or match.group("precision") == "*":
            raise Unresolved(node)
    _widths_ok(node, template)
    if text_size(args) > MAX_VALUE_TEXT:
        raise too_large(node, "a very long string")
    try:
        result: str = template % args
    except (TypeError, ValueError, KeyError, OverflowError) as exc:
        raise raises(node, exc) from None
    if len(result) > MAX_ITEMS:
        raise too_large(node, f"a string of more than {MAX_ITEMS:,} characters")
    return result


def format_value(node: ast.AST, value: Any, spec: str) -> str:
    """format(VALUE, SPEC), refusing widths and precisions that would build huge strings."""
    _widths_ok(node, spec)
    if text_size(value) > MAX_VALUE_TEXT:
        raise too_large(node, "a very long string")
    if not isinstance(value, (*NUMBER, str, bool, type(None), list, tuple, dict)):
        raise Unresolved(node)
    try:
        return format(value, spec)
    except (ValueError, TypeError, OverflowError) as exc:
        raise raises(node, exc) from None


def expands_too_far(value: Any) -> bool:
    """Whether to_spec(VALUE) would build more than MAX_ITEMS items: a range is short to
    print (text_size) but becomes a list (`Dense(range(10**18))` would never finish)."""
    stack, count = [value], 0
    while stack:
        item = stack.pop()
        if isinstance(item, range):
            count += max(0, (item.stop - item.start + item.step - (1 if item.step > 0 else -1)) // item.step)
        elif isinstance(item, (list, tuple)):
            count += len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        if count > MAX_ITEMS:
            return True
    return False


def to_spec(value: Any) -> Any:
    """The spec's form of an evaluated value: tuples (and ranges) become lists."""
    if isinstance(value, (list, tuple, range)):
        return [to_spec(v) for v in value]
    if isinstance(value, dict):
        return {k: to_spec(v) for k, v in value.items()}
    return value


# --- names -----------------------------------------------------------------------------------
class Unknown:
    """A name bound to a value only known when the code runs: it shadows outer scopes.
    REASON is the test of the if/for/while that left it unknown, when that is why."""

    def __init__(self, reason: ast.AST | None = None) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Any = Unknown()


class Opaque:
    """Objects that stand for something only known at run time (a module lstmcalc does not
    read): their truth, like their value, is unknown."""


class RefusedValue:
    """A name bound to a value lstmcalc refused: the refusal is reported where it is used."""

    def __init__(self, refusal: Refused) -> None:
        self.refusal = refusal


class Scope:
    """One namespace: the module's globals, a function call's locals, or a comprehension's."""

    def __init__(self, parent: Scope | None = None, name: str = "<module>") -> None:
        self.vars: dict[str, Any] = {}
        self.parent = parent
        self.name = name
        self.declared_global: set[str] = set()

    def find(self, name: str) -> tuple[bool, Any]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return True, scope.vars[name]
            scope = scope.parent
        return False, None

    def root(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def target(self, name: str) -> Scope:
        """The scope an assignment to NAME writes (its globals after `global NAME`)."""
        return self.root() if name in self.declared_global else self


class Builtin:
    """A Python builtin the evaluator runs (`len`, `range`, ...)."""

    def __init__(self, name: str) -> None:
        self.name = name


class BoundValueMethod:
    """`owner.name` where owner is a plain value or a model: called, it runs the method."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner = owner
        self.name = name


# --- the pure builtins -----------------------------------------------------------------------
def _print(*_: Any, **__: Any) -> None:
    return None


BUILTINS: dict[str, Callable[..., Any]] = {
    "len": len, "range": range, "int": int, "float": float, "str": str, "repr": repr, "abs": abs,
    "min": min, "max": max, "sum": sum, "tuple": tuple, "list": list, "sorted": sorted, "bool": bool,
    "round": round, "reversed": lambda seq: list(reversed(seq)), "print": _print,
}
#: Builtins that build sequences or mappings: dict(a=1), enumerate(seq), zip(a, b).
ITERATING = ("dict", "enumerate", "zip")
#: Methods of plain values that return a new value and change nothing.
_PURE_METHODS: dict[type, set[str]] = {
    str: {"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "replace", "startswith",
          "endswith", "split", "join", "zfill", "count", "find", "isdigit"},
    dict: {"get", "keys", "values", "items", "copy"},
    list: {"copy", "index", "count"},
    tuple: {"index", "count"},
}
#: Methods that change a list or dict in place, followed as Python runs them.
_MUTATING_METHODS: dict[type, set[str]] = {
    list: {"append", "extend", "insert", "pop", "reverse", "clear", "remove"},
    dict: {"update", "setdefault", "pop", "clear"},
}


class ValueMixin:
    """Expression evaluation for the interpreter (see Interpreter in __init__)."""

    settings: dict[str, Any]
    scope: Scope
    budget: Budget
    key_nodes: int

    if TYPE_CHECKING:  # provided by the other mixins
        def call(self, node: ast.Call) -> Any: ...
        def attribute(self, owner: Any, node: ast.Attribute) -> Any: ...

    def value(self, node: ast.expr) -> Any:
        self.budget.spend(node)
        if self.key_nodes and node_count(node, self.key_nodes) <= self.key_nodes:
            try:
                text = ast.unparse(node)
            except (ValueError, RecursionError):
                text = ""
            if text in self.settings and not self._bound_here(node):
                return self.settings[text]
        method = getattr(self, "v_" + type(node).__name__, None)
        if method is None:
            raise Unresolved(node)
        return method(node)

    def _bound_here(self, node: ast.expr) -> bool:
        """A name a running function bound itself to a value it knows (a parameter it was
        called with, a local it computed): `--set input_shape=...` meant the builder's
        parameter, not the `input_shape` that Keras passes to a layer's build()."""
        if not isinstance(node, ast.Name) or self.scope.parent is None or node.id not in self.scope.vars:
            return False
        value = self.scope.vars[node.id]
        return value is not UNKNOWN and not isinstance(value, Unknown)

    def lookup(self, name: str, node: ast.AST) -> Any:
        found, value = self.scope.find(name)
        if not found:
            raise Unresolved(node)
        if isinstance(value, Unknown):
            raise Unresolved(node, because=value.reason)
        if isinstance(value, RefusedValue):
            raise value.refusal
        return value

    def bound(self, name: str) -> bool:
        """Whether the code binds NAME somewhere visible (it then shadows builtins and Keras)."""
        return self.scope.find(name)[0]

    def store(self, name: str, value: Any) -> None:
        self.scope.target(name).vars[name] = value

    def forget(self, name: str, reason: ast.AST | None = None) -> None:
        self.store(name, UNKNOWN if reason is None else Unknown(reason))

    # --- one method per node type -------------------------------------------------------
    def v_Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, (int, float, str, bool, type(None))):
            return checked_int(node, node.value)
        raise Unresolved(node)

    def v_Name(self, node: ast.Name) -> Any:
        return self.lookup(node.id, node)

    def items(self, elements: list[ast.expr], node: ast.AST) -> list[Any]:
        values: list[Any] = []
        missing: list[Unresolved] = []
        for element in elements:
            try:
                if isinstance(element, ast.Starred):
                    inner = self.value(element.value)
                    if not isinstance(inner, (*SEQUENCE, dict)):
                        raise raises(element, TypeError())
                    if length(inner) + len(values) > MAX_ITEMS:
                        raise too_large(element, f"more than {MAX_ITEMS:,} items long")
                    self.budget.spend(element, length(inner) // 16)
                    values.extend(inner)
                else:
                    values.append(self.value(element))
            except Unresolved as exc:
                missing.extend(exc.parts)
        if missing:
            raise Unresolved(node, missing)
        return values

    def v_Tuple(self, node: ast.Tuple) -> tuple[Any, ...]:
        return tuple(self.items(node.elts, node))

    def v_List(self, node: ast.List) -> list[Any]:
        return self.items(node.elts, node)

    def v_Dict(self, node: ast.Dict) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, item in zip(node.keys, node.values, strict=True):
            value = self.value(item)
            if key is None:
                if not isinstance(value, dict):
                    raise raises(item, TypeError())
                out.update(value)
                continue
            try:
                out[self.value(key)] = value
            except TypeError as exc:  # an unhashable key
                raise raises(key, exc) from None
        sized(node, out, self.budget)
        return out

    def v_BinOp(self, node: ast.BinOp) -> Any:
        return arithmetic(node, node.op, self.value(node.left), self.value(node.right), self.budget)

    def v_UnaryOp(self, node: ast.UnaryOp) -> Any:
        inner = self.value(node.operand)
        if isinstance(node.op, (ast.USub, ast.UAdd)) and type(inner).__name__ == "SymTensor":
            return inner  # -x of a tensor in a traced call(): the same shape
        if isinstance(node.op, ast.Not):
            return not truth(node, inner)
        if _keras_tensor(inner):
            raise tensor_operation(node, node.op)
        if not isinstance(inner, NUMBER) or (isinstance(node.op, ast.Invert) and not isinstance(inner, int)):
            raise raises(node, TypeError())
        ops: dict[type[ast.unaryop], Callable[[Any], Any]] = {
            ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
        return checked_int(node, ops[type(node.op)](inner))

    def v_BoolOp(self, node: ast.BoolOp) -> Any:
        result: Any = None
        for operand in node.values:
            result = self.value(operand)
            if truth(operand, result) is isinstance(node.op, ast.Or):
                return result
        return result

    def v_Compare(self, node: ast.Compare) -> bool:
        left = self.value(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.value(right_node)
            if isinstance(op, (ast.Is, ast.IsNot)):
                if not plain(left) or not plain(right):
                    result = (left is right) is isinstance(op, ast.Is)  # identity of objects the reader made
                elif left is not None and right is not None and not isinstance(left, bool) and \
                        not isinstance(right, bool):
                    raise Unresolved(node)  # identity of other values depends on the interpreter
                else:
                    result = (left is right) is isinstance(op, ast.Is)
            else:
                if not plain(left) or not plain(right):
                    raise Unresolved(node)
                if text_size(left) > MAX_VALUE_TEXT or text_size(right) > MAX_VALUE_TEXT:
                    raise too_large(node, "a comparison of very large values")
                try:
                    result = bool(_COMPARE[type(op)](left, right))
                except TypeError as exc:
                    raise raises(node, exc) from None
            if not result:
                return False
            left = right
        return True

    def v_IfExp(self, node: ast.IfExp) -> Any:
        return self.value(node.body if truth(node.test, self.value(node.test)) else node.orelse)

    def v_Subscript(self, node: ast.Subscript) -> Any:
        try:  # `x_train.shape[1]` is reported whole: that is what --set can name
            container = self.value(node.value)
        except Unresolved as exc:
            raise Unresolved(node, because=exc.because) from None
        return self.subscript(node, container)

    def subscript(self, node: ast.Subscript, container: Any) -> Any:
        if isinstance(node.slice, ast.Slice):
            bounds = [None if part is None else self.value(part)
                      for part in (node.slice.lower, node.slice.upper, node.slice.step)]
            if not isinstance(container, SEQUENCE):
                raise Unresolved(node)
            try:
                result = container[slice(*bounds)]
            except (TypeError, ValueError) as exc:
                raise raises(node, exc) from None
            return sized(node, result, self.budget)
        index = self.value(node.slice)
        if not isinstance(container, (*SEQUENCE, dict)):
            raise Unresolved(node)
        try:
            return container[index]
        except (IndexError, KeyError, TypeError, OverflowError) as exc:
            raise raises(node, exc) from None

    def v_NamedExpr(self, node: ast.NamedExpr) -> Any:
        """`(n := 4)` binds n, as Python does, and is its value."""
        self.forget(node.target.id)
        value = self.value(node.value)
        self.store(node.target.id, value)
        return value

    def v_Attribute(self, node: ast.Attribute) -> Any:
        try:
            owner = self.value(node.value)
        except Unresolved as exc:
            raise Unresolved(node, because=exc.because) from None  # `x_train.shape` is what --set names
        return self.attribute(owner, node)

    def v_Call(self, node: ast.Call) -> Any:
        return self.call(node)

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
                        raise too_large(part, "a very long string")
                    if not plain(value):
                        raise Unresolved(part)
                    convert: dict[int, Callable[[object], str]] = {115: str, 114: repr, 97: ascii}
                    value = convert[part.conversion](value)
                spec = self.v_JoinedStr(part.format_spec) if isinstance(part.format_spec, ast.JoinedStr) else ""
                text = format_value(part, value, spec)
            else:
                raise Unresolved(node)
            size += len(text)
            if size > MAX_ITEMS:
                raise too_large(node, f"a string of more than {MAX_ITEMS:,} characters")
            parts.append(text)
        return "".join(parts)

    # --- comprehensions -----------------------------------------------------------------
    def _generate(self, generators: list[ast.comprehension], node: ast.AST) -> Iterator[None]:
        """Bind each generator's target in turn, in a scope of the comprehension's own, and
        yield once per item that passes every `if`."""
        def walk(at: int) -> Iterator[None]:
            if at == len(generators):
                yield None
                return
            gen = generators[at]
            iterable = self.value(gen.iter)
            if isinstance(iterable, dict):
                iterable = list(iterable)
            if not isinstance(iterable, SEQUENCE) or gen.is_async:
                raise Unresolved(gen.iter)
            if length(iterable) > MAX_ITEMS:
                raise too_large(gen.iter, f"{length(iterable):,} items long")
            for item in iterable:
                self.budget.spend(gen.iter)
                self.bind_plain(gen.target, item, node)
                if all(truth(test, self.value(test)) for test in gen.ifs):
                    yield from walk(at + 1)

        outer = self.scope
        self.scope = Scope(outer, "<comprehension>")
        try:
            yield from walk(0)
        finally:
            self.scope = outer

    def bind_plain(self, target: ast.expr, value: Any, node: ast.AST) -> None:
        """A comprehension's target: a name or a tuple of names."""
        if isinstance(target, ast.Name):
            self.scope.vars[target.id] = value
            return
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (*SEQUENCE, dict)) \
                and length(value) == len(target.elts) and not any(isinstance(t, ast.Starred) for t in target.elts):
            for element, item in zip(target.elts, list(value), strict=True):
                self.bind_plain(element, item, node)
            return
        raise Unresolved(node)

    def v_ListComp(self, node: ast.ListComp) -> list[Any]:
        out = []
        for _ in self._generate(node.generators, node):
            out.append(self.value(node.elt))
            if len(out) > MAX_ITEMS:
                raise too_large(node, f"more than {MAX_ITEMS:,} items long")
        return out

    v_GeneratorExp = v_ListComp  # read as the list it would produce: sum(x for x in ...)

    def v_DictComp(self, node: ast.DictComp) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for _ in self._generate(node.generators, node):
            key = self.value(node.key)
            try:
                out[key] = self.value(node.value)
            except TypeError as exc:
                raise raises(node.key, exc) from None
            if len(out) > MAX_ITEMS:
                raise too_large(node, f"more than {MAX_ITEMS:,} items long")
        return out

    # --- builtins and methods of plain values -------------------------------------------
    def builtin(self, node: ast.Call, name: str, args: list[Any], keywords: dict[str, Any]) -> Any:
        """The pure builtins that size models (`len`, `range`, `int`, `min`, ...)."""
        if name in ITERATING:
            return self._iterating(node, name, args, keywords)
        if keywords and not (name == "print" or (name in ("sorted", "min", "max") and set(keywords) <= {"reverse"})
                             or (name == "round" and set(keywords) <= {"ndigits"})):
            raise Unresolved(node)
        if not all(plain(a) for a in args) and name != "print":
            if name == "len" and len(args) == 1 and isinstance(args[0], list):
                return len(args[0])  # a list of layers or tensors
            raise Unresolved(node)
        for arg in args:
            if isinstance(arg, str) and len(arg) > 100 and name in ("int", "float"):
                raise too_large(node, "a number of more than 100 characters")
            if text_size(arg) > MAX_VALUE_TEXT and name in ("str", "repr"):
                raise too_large(node, "a very long string")
        if name in ("min", "max", "sum", "tuple", "list", "sorted", "reversed") and len(args) == 1:
            if not isinstance(args[0], (*SEQUENCE, dict)):
                raise raises(node, TypeError())
            if length(args[0]) > MAX_ITEMS:
                raise too_large(node, f"{length(args[0]):,} items long")
            self.budget.spend(node, length(args[0]) // 16)
        if name == "range" and not all(isinstance(a, int) for a in args):
            raise raises(node, TypeError())
        if name == "sum" and (len(args) != 1 or not all(isinstance(a, NUMBER) for a in args[0])):
            raise Unresolved(node)
        try:
            result = BUILTINS[name](*args, **keywords)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise raises(node, exc) from None
        if isinstance(result, float) and name == "int":
            raise Unresolved(node)
        return sized(node, checked_int(node, result), self.budget)

    def _iterating(self, node: ast.Call, name: str, args: list[Any], keywords: dict[str, Any]) -> Any:
        """dict(...), enumerate(seq, start) and zip(a, b, ...) as Python builds them, as lists
        (what a `for` or an argument needs), within the item budget."""
        if name == "dict":
            if len(args) > 1:
                raise Unresolved(node)
            base = args[0] if args else {}
            if isinstance(base, list) and all(isinstance(p, (tuple, list)) and len(p) == 2 for p in base):
                base = dict(base)
            if not isinstance(base, dict):
                raise Unresolved(node)
            return {**base, **keywords}
        sequences = args[:1] if name == "enumerate" else args  # enumerate(seq, start)
        if not args or not all(isinstance(a, (*SEQUENCE, dict)) for a in sequences):
            raise Unresolved(node)
        args = [list(a) if isinstance(a, dict) else a for a in args]
        if any(length(a) > MAX_ITEMS for a in sequences):
            raise too_large(node, f"{max(length(a) for a in sequences):,} items long")
        self.budget.spend(node, max(length(a) for a in sequences) // 16)
        if name == "enumerate":
            start = keywords.get("start", args[1] if len(args) > 1 else 0)
            if len(args) > 2 or set(keywords) - {"start"} or not isinstance(start, int) or isinstance(start, bool):
                raise Unresolved(node)
            return [(start + i, item) for i, item in enumerate(args[0])]
        if keywords:  # zip(strict=...)
            raise Unresolved(node)
        return [tuple(items) for items in zip(*args, strict=False)]

    def method(self, node: ast.Call, owner: Any, name: str, args: list[Any], keywords: dict[str, Any]) -> Any:
        """`'lstm_{}'.format(i)`, `units.append(64)`, `cfg.get('units', 32)`: methods of plain
        values, exactly as Python runs them; others are not followed."""
        kind = type(owner)
        if isinstance(owner, str) and name == "format":
            _widths_ok(node, owner)
            if _NESTED_FIELD.search(owner):  # '{0:{1}}'.format(x, 10**8): the width is an argument
                for value in [*args, *keywords.values()]:
                    _widths_ok(node, str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else "")
            if any(text_size(a) > MAX_VALUE_TEXT for a in [*args, *keywords.values()]):
                raise too_large(node, "a very long string")
            if not all(plain(a) for a in [*args, *keywords.values()]):
                raise Unresolved(node)
            try:
                result = owner.format(*args, **keywords)
            except (IndexError, KeyError, ValueError, TypeError, AttributeError) as exc:
                raise raises(node, exc) from None
            return sized(node, result, self.budget)
        if name in _PURE_METHODS.get(kind, set()) or name in _MUTATING_METHODS.get(kind, set()):
            if name == "join" and (len(args) != 1 or not all(isinstance(a, str) for a in args[0])):
                raise Unresolved(node)
            if name in ("extend", "update") and args and length(args[0]) + length(owner) > MAX_ITEMS:
                raise too_large(node, f"more than {MAX_ITEMS:,} items long")
            if name in ("replace", "zfill", "split") and text_size([*args, owner]) > MAX_VALUE_TEXT:
                raise too_large(node, "a very long string")
            if name == "zfill" and args and isinstance(args[0], int) and args[0] > MAX_FORMAT_WIDTH:
                raise too_large(node, f"padded to {excerpt(str(args[0]), 12)} characters")
            self.budget.spend(node, length(owner) // 16 if isinstance(owner, (list, dict, str, tuple)) else 1)
            try:
                answer: Any = getattr(owner, name)(*args, **keywords)
            except (IndexError, KeyError, ValueError, TypeError) as exc:
                raise raises(node, exc) from None
            if name in ("keys", "values", "items"):
                answer = list(answer)
            return sized(node, answer, self.budget)
        raise Unresolved(node)


def plain(value: Any) -> bool:
    """Whether VALUE is plain data (numbers, strings, containers of them), not an object the
    reader models (a layer, a tensor, a model, a function)."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_ITEMS:
            return False
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif not isinstance(item, (int, float, str, bool, type(None), range)):
            return False
    return True


def truth(node: ast.AST, value: Any) -> bool:
    """bool(VALUE) where Python's answer is known: plain data, and the reader's own objects
    (which are always true, as Python objects are)."""
    if isinstance(value, (int, float, str, bool, type(None), list, tuple, dict, range)):
        try:
            return bool(value)
        except OverflowError:
            return True
    if isinstance(value, (Unknown, Opaque)):
        raise Unresolved(node)  # a module's attribute (`sys.argv`) is a value only known at run time
    return True
