"""Statements and control flow, read as Python runs them.

`if` on a known test takes the branch Python takes; `for` over a known sequence is unrolled;
assignments bind exactly as Python binds (unpacking, starred targets, attributes of the
user's objects). Control flow on values only known at run time is refused when it would
change the model, and makes the names it could bind unknown otherwise. `while` loops that
build layers and recursion are refused.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.readers.python.functions import Class, Function, Return
from lstmcalc.readers.python.keras_objects import (
    FUNCTIONAL_HELPERS,
    INPUT_CALLS,
    MODEL_CLASSES,
    Layer,
    Model,
    Tensor,
)
from lstmcalc.readers.python.values import (
    MAX_ITEMS,
    SEQUENCE,
    UNKNOWN,
    Budget,
    Refused,
    RefusedValue,
    Scope,
    Unknown,
    Unresolved,
    arithmetic,
    length,
    shell_quote,
    span,
    truth,
)
from lstmcalc.safety.text import excerpt
from lstmcalc.spec.model import ArgSpec
from lstmcalc.spec.pycall import INT_LIMIT, callee_name, describe

#: Loop iterations unrolled for one `for` statement.
MAX_LOOP = 10_000
#: Iterations unrolled for a loop that builds no layers (data preparation); a longer one
#: only makes the names it binds unknown.
MAX_QUIET_LOOP = 1_000
#: Steps a loop that builds no layers may spend before what it computes is left unknown.
MAX_QUIET_STEPS = 20_000
#: The `try` statements, read alike: `try/except*` (ast.TryStar) exists from Python 3.11.
if sys.version_info >= (3, 11):
    TRY_NODES: tuple[type[ast.stmt], ...] = (ast.Try, ast.TryStar)
else:
    TRY_NODES = (ast.Try,)
#: Names whose call builds Keras objects, however they were imported.
BUILDERS = MODEL_CLASSES | INPUT_CALLS


class Break(Exception):
    pass


class ProgramRaises(Exception):
    """The code stops here with an exception: its own `raise`, or one Keras raises (MESSAGE)."""

    def __init__(self, node: ast.AST, message: str | None = None, hint: str = "",
                 problems: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__("raise")
        self.node = node
        self.message = message
        self.hint = hint
        self.problems = problems  # why lstmcalc stops here, when it is not Keras raising


class Continue(Exception):
    pass


class FlowMixin:
    """Statements for the interpreter (see Interpreter in __init__)."""

    problems: list[Diagnostic]
    scope: Scope
    budget: Budget
    loops: list[bool]  # for each loop being unrolled, whether its body builds layers
    functions: list[Function]  # the user's functions being run, innermost last

    if TYPE_CHECKING:  # provided by the other mixins
        def value(self, node: ast.expr) -> Any: ...
        def forget(self, name: str, reason: ast.AST | None = None) -> None: ...
        def store(self, name: str, value: Any) -> None: ...
        def lookup(self, name: str, node: ast.AST) -> Any: ...
        def define_function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> None: ...
        def define_class(self, stmt: ast.ClassDef) -> None: ...
        def import_names(self, stmt: ast.Import | ast.ImportFrom) -> None: ...
        def expression_failed(self, node: ast.expr, exc: Unresolved) -> Any: ...
        def set_attribute(self, owner: Any, node: ast.Attribute, value: Any) -> bool: ...
        def subscript(self, node: ast.Subscript, container: Any) -> Any: ...
        def touches_keras(self, node: ast.AST) -> bool: ...
        def stop_if_undefined(self, exc: Unresolved) -> None: ...

    def block(self, body: Sequence[ast.stmt]) -> None:
        for stmt in body:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        """Read one statement as Python would run it, or say why not."""
        self.budget.spend(stmt)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.define_function(stmt)
        elif isinstance(stmt, ast.ClassDef):
            self.define_class(stmt)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.import_names(stmt)
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
            self.while_loop(stmt)
        elif isinstance(stmt, TRY_NODES):
            self.try_statement(stmt)
        elif isinstance(stmt, ast.Match):
            self.unknown_flow(stmt, stmt.subject, [stmt.cases], "the `match` statement")
        elif isinstance(stmt, ast.Break):
            raise Break
        elif isinstance(stmt, ast.Continue):
            raise Continue
        elif isinstance(stmt, ast.Return):
            raise Return(None if stmt.value is None else self.evaluated(stmt.value))
        elif isinstance(stmt, ast.Expr):
            self.expr_statement(stmt.value)
        elif isinstance(stmt, ast.Assign):
            value = self.evaluated(stmt.value)
            if isinstance(value, RefusedValue) and self.touches_keras(stmt.value):
                self.problems.append(value.refusal.diagnostic())  # it would have changed a model
            for target in stmt.targets:
                self.bind_target(target, value, stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self.bind_target(stmt.target, self.evaluated(stmt.value), stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            self.augmented(stmt)
        elif isinstance(stmt, ast.Raise):
            self.raise_statement(stmt)
        elif isinstance(stmt, ast.Global):
            self.scope.declared_global.update(stmt.names)
        elif isinstance(stmt, (ast.Delete, ast.Nonlocal)):
            self.forget_assigned([stmt])

    def evaluated(self, node: ast.expr) -> Any:
        """The value of NODE; UNKNOWN (or a refusal kept for the names it binds) otherwise."""
        try:
            return self.value(node)
        except Unresolved as exc:
            self.stop_if_undefined(exc)
            if getattr(self, "resolving", None) is not None:
                raise  # building a user's layer for the engine: what is not followed ends it, named
            return self.expression_failed(node, exc)
        except Refused as exc:
            return RefusedValue(exc)

    def expr_statement(self, value: ast.expr) -> None:
        result = self.evaluated(value)
        if isinstance(result, RefusedValue):  # nothing keeps it for later: what it would do is lost
            if result.refusal.diagnostic() not in self.problems:
                self.problems.append(result.refusal.diagnostic())
            return
        if isinstance(result, Unknown) and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            base = value.func.value  # `shape.append(x)` with x unknown may change shape
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name):
                try:
                    owner = self.lookup(base.id, base)
                except (Unresolved, Refused):
                    return
                if isinstance(owner, (list, dict)):
                    self.forget(base.id)

    # --- binding ---------------------------------------------------------------------------
    def bind_target(self, target: ast.expr, value: Any, source: ast.AST) -> None:
        """`n = v`, `a, b = v`, `a, *rest = v`, `self.units = v`, `cfg['units'] = v`."""
        if isinstance(target, ast.Name):
            self.store(target.id, value)
            if isinstance(value, Model) and target.id not in value.variables:
                value.variables.append(target.id)
            return
        if isinstance(target, ast.Starred):
            self.bind_target(target.value, value, source)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            items = self.unpacked(value, len(target.elts))
            if items is not None:
                starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
                if not starred and len(items) == len(target.elts):
                    for element, item in zip(target.elts, items, strict=True):
                        self.bind_target(element, item, source)
                    return
                if len(starred) == 1 and len(items) >= len(target.elts) - 1:
                    at = starred[0]
                    after = len(target.elts) - at - 1
                    for element, item in zip(target.elts[:at], items[:at], strict=True):
                        self.bind_target(element, item, source)
                    middle = target.elts[at]
                    assert isinstance(middle, ast.Starred)
                    self.bind_target(middle.value, list(items[at:len(items) - after]), source)
                    for element, item in zip(target.elts[at + 1:], items[len(items) - after:], strict=True):
                        self.bind_target(element, item, source)
                    return
            self.forget_targets(target)
            return
        if isinstance(target, ast.Attribute):
            try:
                owner = self.value(target.value)
            except (Unresolved, Refused):
                self.forget_targets(target)
                return
            if not self.set_attribute(owner, target, value):
                self.forget_targets(target)
            return
        if isinstance(target, ast.Subscript):
            try:
                owner = self.value(target.value)
                index = self.value(target.slice) if not isinstance(target.slice, ast.Slice) else None
            except (Unresolved, Refused):
                self.forget_targets(target)
                return
            if isinstance(owner, dict) and index is not None and not isinstance(index, (list, dict)):
                owner[index] = value
                return
            if isinstance(owner, list) and isinstance(index, int) and -len(owner) <= index < len(owner):
                owner[index] = value
                return
            self.forget_targets(target)
            return
        self.forget_targets(target)

    def unpacked(self, value: Any, count: int) -> list[Any] | None:
        """The items `a, b, c = VALUE` binds: a known sequence, or the outputs of a layer call."""
        if isinstance(value, Tensor) and value.index is None:
            return [Tensor(value.layer, value.node, i) for i in range(count)]
        if isinstance(value, (*SEQUENCE, dict)) and length(value) <= MAX_ITEMS:
            return list(value)
        return None

    def forget_targets(self, target: ast.expr) -> None:
        """Every name a target binds or changes (`x`, `a, b`, and the base of `cfg.units`, `shape[0]`)."""
        for node in ast.walk(target):
            self.budget.spend(node)
            if isinstance(node, ast.Name):
                self.forget(node.id)

    def forget_assigned(self, body: Sequence[ast.stmt] | Sequence[ast.match_case], reason: ast.AST | None = None,
                        ) -> None:
        """Make unknown every name the statements could bind, when they are not followed
        (because of REASON, a test only known at run time, when that is why)."""
        for stmt in body:
            for node in ast.walk(stmt):
                self.budget.spend(node)
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
                        self.forget(each, reason)
                elif isinstance(node, ast.AugAssign) or (
                        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)) or (
                        isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Store)):
                    base = node.target if isinstance(node, ast.AugAssign) else \
                        node.func if isinstance(node, ast.Call) else node
                    while isinstance(base, (ast.Attribute, ast.Subscript)):
                        base = base.value
                    name = base.id if isinstance(base, ast.Name) else None
                elif isinstance(node, ast.NamedExpr):
                    name = node.target.id
                if name:
                    self.forget(name, reason)

    def augmented(self, stmt: ast.AugAssign) -> None:
        """`n *= 2`, `units += [64]`: the same operator, the same limits."""
        target = stmt.target
        if isinstance(target, ast.Name):
            load: ast.expr = ast.Name(target.id, ast.Load())
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            load = ast.Attribute(target.value, target.attr, ast.Load()) if isinstance(target, ast.Attribute) \
                else ast.Subscript(target.value, target.slice, ast.Load())
        else:
            self.forget_targets(target)
            return
        ast.copy_location(load, target)
        try:
            left = self.value(load)
            right = self.value(stmt.value)
            if isinstance(stmt.op, ast.Add) and isinstance(left, list) and isinstance(right, (list, tuple)):
                if len(left) + len(right) > MAX_ITEMS:
                    raise Refused("LC002", stmt, "a list of more than 100,000 items", "")
                left.extend(right)  # `+=` extends the list in place, as Python does
                result = left
            else:
                result = arithmetic(stmt, stmt.op, left, right, self.budget)
        except Unresolved:
            self.forget_targets(target)
            return
        except Refused as exc:
            self.forget_targets(target)
            if isinstance(target, ast.Name):
                self.store(target.id, RefusedValue(exc))
            return
        self.bind_target(target, result, stmt)

    # --- control flow ----------------------------------------------------------------------
    def builds(self, body: Sequence[Any], seen: set[int] | None = None) -> bool:
        """Whether statements (or match cases) could create layers, inputs or models: a Keras
        call, a layer or model called, `.add(...)`, or a call of the user's code that does."""
        seen = set() if seen is None else seen
        for stmt in body:
            for node in ast.walk(stmt):
                self.budget.spend(node)
                if isinstance(node, ast.Call) and self.call_builds(node, seen):
                    return True
        return False

    def call_builds(self, node: ast.Call, seen: set[int]) -> bool:
        """Whether one call could create or change Keras objects."""
        from lstmcalc.layers import REGISTRY
        from lstmcalc.readers.python.keras_objects import KerasName
        from lstmcalc.readers.python.values import BoundValueMethod

        if isinstance(node.func, ast.Call):
            return True  # LSTM(64)(x)
        try:
            callee = self.value(node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else None
        except (Unresolved, Refused):
            name = callee_name(node.func)  # not known now: judge by the name, as Keras code reads
            return name in BUILDERS or name in REGISTRY or (name in FUNCTIONAL_HELPERS and name != "add")
        if isinstance(callee, (KerasName, Layer, Model)):
            return True
        if isinstance(callee, BoundValueMethod):
            return isinstance(callee.owner, Model) and callee.name in ("add", "pop")
        function: Any = getattr(callee, "function", callee)
        if isinstance(callee, Class):
            init = callee.find("__init__")[1]
            function = init if isinstance(init, Function) else None
        if isinstance(function, Function) and id(function) not in seen:
            seen.add(id(function))
            body = function.node.body if isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                else [ast.Expr(function.node.body)]
            return self.builds(body, seen)
        return False

    def known(self, node: ast.expr) -> tuple[bool, Any, Unresolved | Refused | None]:
        try:
            value = self.value(node)
            return True, truth(node, value), None
        except (Unresolved, Refused) as exc:
            return False, None, exc

    def branch(self, stmt: ast.If | ast.While, test: ast.expr, body: list[ast.stmt] | None,
               orelse: list[ast.stmt]) -> None:
        """`if` on a known test takes one branch; `while` is read only when its test is known
        false. Otherwise the model must not depend on it."""
        ok, value, failure = self.known(test)
        if isinstance(failure, Unresolved):
            self.stop_if_undefined(failure)
        if ok and body is not None:
            self.block(body if value else orelse)
            return
        if ok and not value:
            self.block(orelse)
            return
        what = "the `while` loop" if body is None else "the `if` statement"
        self.unknown_flow(stmt, test, [stmt.body, orelse], what)

    def unknown_flow(self, stmt: ast.stmt, test: ast.expr, bodies: list[Sequence[Any]], what: str) -> None:
        exits = any(isinstance(n, (ast.Return, ast.Break, ast.Continue)) for b in bodies for s in b
                    for n in ast.walk(s))
        if any(self.builds(b) for b in bodies):
            text = excerpt(describe(test))
            _, _, failure = self.known(test)
            if isinstance(failure, Refused):
                self.problems.append(failure.diagnostic())
                return
            if isinstance(stmt, ast.While):
                self.problems.append(error(
                    "LC030", f"the `while` loop builds layers depending on `{text}`, which is only known when the "
                    "code runs", span(stmt), None, "build the layers in a `for` loop over range(n) with n known"))
                return
            self.problems.append(error(
                "LC030", f"{what} builds layers depending on `{text}`, which is only known when the code runs",
                span(test), None, _setting_hint(test) if isinstance(stmt, ast.If) else "build the model without it"))
            return
        for b in bodies:
            self.forget_assigned(b, test)
        if exits:
            self.leave_unknown(stmt, test)

    def leave_unknown(self, stmt: ast.stmt, test: ast.expr) -> None:
        """A `return`, `break` or `continue` that may or may not run: what follows is unknown.
        Refused when the enclosing loop or function builds layers; otherwise a function's
        result is unknown, and a loop's names are."""
        text = excerpt(describe(test))
        if self.loops and self.loops[-1]:
            self.problems.append(error(
                "LC030", f"whether the loop stops early depends on `{text}`, which is only known when the code runs",
                span(test), None, "build the layers in a loop that runs a known number of times"))
            raise Break
        if self.functions:
            function = self.functions[-1]
            body = function.node.body if isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
            if self.builds(body):
                self.problems.append(error(
                    "LC030", f"whether `{excerpt(function.name)}` returns early depends on `{text}`, which is only "
                    "known when the code runs", span(test), None, f"give it a value: --set {shell_quote(text + '=True')}"))
            raise Return(UNKNOWN)

    def raise_statement(self, stmt: ast.Raise) -> None:
        """A `raise` that runs: Python stops here (unless a `try` around it catches it)."""
        raise ProgramRaises(stmt)

    def try_statement(self, stmt: ast.stmt) -> None:
        """Read as it runs when nothing raises; a handler that builds layers is refused (which
        path runs is only known when the code runs), and names a handler binds become unknown."""
        handlers = getattr(stmt, "handlers", [])
        if any(self.builds(h.body) for h in handlers):
            self.problems.append(error(
                "LC030", "an `except` branch builds layers, and whether it runs is only known when the code runs",
                span(stmt), None, "build the model outside try/except"))
            return
        try:
            self.block(getattr(stmt, "body", []))
        except ProgramRaises:
            if not handlers:
                raise
        for handler in handlers:
            self.forget_assigned(handler.body)
            if handler.name:
                self.forget(handler.name)
        self.block(getattr(stmt, "orelse", []))
        self.block(getattr(stmt, "finalbody", []))

    def iteration(self, body: list[ast.stmt]) -> bool:
        """Run one pass of a loop body; False when it breaks out of the loop."""
        try:
            self.block(body)
        except Continue:
            return True
        except Break:
            return False
        return True

    def while_loop(self, stmt: ast.While) -> None:
        """`while` on known values runs as Python runs it, at most MAX_LOOP times; a test only
        known at run time is refused when the loop builds layers."""
        builds = self.builds(stmt.body)
        self.loops.append(builds)
        try:
            for _ in range(MAX_LOOP + 1):
                ok, value, failure = self.known(stmt.test)
                if isinstance(failure, Unresolved):
                    self.stop_if_undefined(failure)
                if not ok:
                    self.unknown_flow(stmt, stmt.test, [stmt.body, stmt.orelse], "the `while` loop")
                    return
                if not value:
                    break
                if not self.iteration(stmt.body):
                    return
            else:
                self.problems.append(error(
                    "LC002", f"the `while` loop on `{excerpt(describe(stmt.test))}` runs more than {MAX_LOOP:,} times",
                    span(stmt), None, f"lstmcalc follows at most {MAX_LOOP:,} iterations"))
                return
        finally:
            self.loops.pop()
        self.block(stmt.orelse)

    def loop(self, stmt: ast.For | ast.AsyncFor) -> None:
        """`for i in range(3): model.add(...)` is unrolled; an unknown or too long sequence
        is refused when the loop builds layers, and its names become unknown otherwise."""
        try:
            iterable = self.value(stmt.iter)
            failure: Unresolved | Refused | None = None
            ok = True
        except (Unresolved, Refused) as exc:
            if isinstance(exc, Unresolved):
                self.stop_if_undefined(exc)
            iterable, failure, ok = None, exc, False
        if isinstance(iterable, dict):
            iterable = list(iterable)
        count = length(iterable) if ok and isinstance(iterable, SEQUENCE) else None
        if count is not None and count > MAX_QUIET_LOOP and not self.builds(stmt.body) and not self.builds(stmt.orelse):
            count = None  # a long data loop: its names become unknown instead of spending the budget
        if count is None or count > MAX_LOOP or isinstance(stmt, ast.AsyncFor):
            if self.builds(stmt.body) or self.builds(stmt.orelse):
                if isinstance(failure, Refused):
                    self.problems.append(failure.diagnostic())
                elif count is not None and count > MAX_LOOP:
                    self.problems.append(error(
                        "LC002", f"the loop over `{excerpt(describe(stmt.iter))}` would run "
                        f"{'more than ' + format(MAX_LOOP, ',') if count >= INT_LIMIT else format(count, ',')} "
                        "times", span(stmt.iter), None, f"lstmcalc unrolls at most {MAX_LOOP:,} iterations"))
                else:
                    self.problems.append(_unknown_loop(stmt.iter, failure))
                return
            self.forget_targets(stmt.target)
            self.forget_assigned(stmt.body, stmt.iter)
            self.forget_assigned(stmt.orelse, stmt.iter)
            return
        assert iterable is not None
        builds = self.builds(stmt.body) or _summarises(stmt.body)
        self.loops.append(builds)
        start = self.budget.left
        try:
            for item in iterable:
                if not builds and start - self.budget.left > MAX_QUIET_STEPS:
                    # a long data or training loop: what it computes becomes unknown instead
                    self.forget_targets(stmt.target)
                    self.forget_assigned(stmt.body, stmt.iter)
                    return
                self.bind_target(stmt.target, item, stmt)
                if not self.iteration(stmt.body):
                    return
        finally:
            self.loops.pop()
        self.block(stmt.orelse)


def _unknown_loop(iterable: ast.expr, failure: Unresolved | Refused | None) -> Diagnostic:
    """LC030 for a loop that builds layers over a value only known at run time, naming what
    is unknown (`args.layers` in `range(args.layers)`) and how to give it."""
    text = excerpt(describe(iterable))
    settable = (ast.Name, ast.Attribute, ast.Subscript)
    if isinstance(iterable, settable):
        return error("LC030", f"the loop over `{text}` builds layers, and `{text}` is only known when the code runs",
                     span(iterable), None, f"give it a value: --set {shell_quote(text + '=[1, 2]')}")
    parts = [p for p in (failure.parts if isinstance(failure, Unresolved) else []) if isinstance(p.node, settable)]
    if parts:
        unknown = excerpt(parts[0].text)
        return error("LC030", f"the loop over `{text}` builds layers, and `{unknown}` is only known when the code "
                     "runs", span(parts[0].node), None, f"give it a value: --set {shell_quote(unknown + '=2')}")
    return error("LC030", f"the loop over `{text}` builds layers, and it is only known when the code runs",
                 span(iterable), None, "loop over a known range or list")


def _summarises(body: Sequence[ast.stmt]) -> bool:
    """Whether the statements call `.summary()`: such a loop prints, so it is run in full."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "summary"
               for stmt in body for n in ast.walk(stmt))


def _setting_hint(test: ast.expr) -> str:
    """How to give an `if` test a value: the name it tests, or the name a comparison reads."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    settable = (ast.Name, ast.Attribute, ast.Subscript)
    if isinstance(test, ast.Compare) and isinstance(test.left, settable) and len(test.comparators) == 1 \
            and isinstance(test.comparators[0], ast.Constant):
        setting = f"{excerpt(describe(test.left))}={excerpt(describe(test.comparators[0]))}"
        return f"give `{excerpt(describe(test.left))}` a value: --set {shell_quote(setting)}"
    if isinstance(test, settable):
        return f"give it a value: --set {shell_quote(excerpt(describe(test)) + '=True')}"
    return "give the names it reads values with --set"


def set_trainable(layer: Layer, value: Any, node: ast.AST) -> None:
    """`layer.trainable = False` after construction, as Keras applies it."""
    assert layer.spec is not None
    args = dict(layer.spec.args)
    args["trainable"] = ArgSpec(value, span(node), span(node))
    layer.spec = layer.spec._replace(args=args)
