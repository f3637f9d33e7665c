"""The user's own functions and classes: called with their call-site arguments and defaults
bound, methods with `self`, return values followed. Recursion and calls deeper than
MAX_CALL_DEPTH are refused, never followed forever.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.readers.python.values import UNKNOWN, Refused, RefusedValue, Scope, Unknown, Unresolved, raises
from lstmcalc.safety.text import excerpt
from lstmcalc.spec.pycall import describe

#: Nested calls of the user's functions followed at once.
MAX_CALL_DEPTH = 40


class Return(Exception):
    def __init__(self, value: Any) -> None:
        super().__init__("return")
        self.value = value


class Function:
    """A `def` (or a lambda) with the scope it was defined in."""

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope,
                 defaults: list[Any], kw_defaults: list[Any], name: str) -> None:
        self.node = node
        self.scope = scope
        self.defaults = defaults  # values of the trailing positional defaults (UNKNOWN when not known)
        self.kw_defaults = kw_defaults  # values for keyword-only parameters (None: required)
        self.name = name
        self.called = False

    @property
    def is_lambda(self) -> bool:
        return isinstance(self.node, ast.Lambda)


class Class:
    """A plain Python class: its methods and class attributes. Keras subclasses are
    KerasSubclass (keras_api)."""

    def __init__(self, node: ast.ClassDef, attributes: dict[str, Any], bases: list[Any]) -> None:
        self.node = node
        self.name = node.name
        self.attributes = attributes
        self.bases = bases
        self.instantiated = False

    def find(self, name: str) -> tuple[bool, Any]:
        if name in self.attributes:
            return True, self.attributes[name]
        for base in self.bases:
            if isinstance(base, Class):
                found, value = base.find(name)
                if found:
                    return True, value
        return False, None


class Instance:
    """An object of a plain class; attributes set by `__init__` and methods."""

    def __init__(self, cls: Class) -> None:
        self.cls = cls
        self.attributes: dict[str, Any] = {}


class BoundMethod:
    def __init__(self, function: Function, owner: Any) -> None:
        self.function = function
        self.owner = owner


def bind_arguments(function: Function, node: ast.AST, args: list[Any], keywords: dict[str, Any],
                   settings: dict[str, Any]) -> dict[str, Any]:
    """The call's locals as Python binds them: positional, keywords, defaults, *args and
    **kwargs. A parameter left without a value takes --set's value for its name, or stays
    unknown (reported where it is used). Python's own TypeErrors are refused."""
    spec = function.node.args
    positional = [*spec.posonlyargs, *spec.args]
    local: dict[str, Any] = {}
    for param, value in zip(positional, args, strict=False):
        local[param.arg] = value
    extra = args[len(positional):]
    if extra:
        if spec.vararg is None:
            raise raises(node, TypeError(f"{function.name}() takes {len(positional)} positional arguments"))
        local[spec.vararg.arg] = tuple(extra)
    elif spec.vararg is not None:
        local[spec.vararg.arg] = ()
    rest: dict[str, Any] = {}
    names = {p.arg for p in positional[len(spec.posonlyargs):]} | {p.arg for p in spec.kwonlyargs}
    for key, value in keywords.items():
        if key in names:
            if key in local:
                raise raises(node, TypeError(f"{function.name}() got multiple values for argument {key!r}"))
            local[key] = value
        elif spec.kwarg is not None:
            rest[key] = value
        else:
            raise raises(node, TypeError(f"{function.name}() got an unexpected keyword argument {key!r}"))
    if spec.kwarg is not None:
        local[spec.kwarg.arg] = rest
    first_default = len(positional) - len(function.defaults)
    for i, param in enumerate(positional):
        if param.arg not in local:
            if param.arg in settings:  # --set wins over a default the call left in place
                local[param.arg] = settings[param.arg]
            elif i >= first_default:
                local[param.arg] = function.defaults[i - first_default]
            else:
                local[param.arg] = UNKNOWN
    for param, default in zip(spec.kwonlyargs, function.kw_defaults, strict=True):
        if param.arg not in local:
            local[param.arg] = settings.get(param.arg, default if default is not None else UNKNOWN)
    return local


def missing_parameters(function: Function, settings: dict[str, Any]) -> list[str]:
    """The parameters a call with no arguments leaves without a value (no default, no --set)."""
    spec = function.node.args
    positional = [*spec.posonlyargs, *spec.args]
    required = positional[:len(positional) - len(function.defaults)]
    if isinstance(function.node, ast.FunctionDef) and required and required[0].arg in ("self", "cls"):
        required = required[1:]
    names = [p.arg for p in required]
    names += [p.arg for p, d in zip(spec.kwonlyargs, function.kw_defaults, strict=True) if d is None]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return [n for n in names if n not in settings]


def recursion(node: ast.AST, function: Function) -> Refused:
    return Refused("LC030", node, f"`{excerpt(function.name)}` calls itself (or nests calls more than "
                   f"{MAX_CALL_DEPTH} deep), which lstmcalc does not follow",
                   "build the model with loops over known ranges instead of recursion")


class FunctionMixin:
    """Defining and calling the user's functions and classes (see Interpreter in __init__)."""

    scope: Scope
    settings: dict[str, Any]
    problems: list[Diagnostic]
    loops: list[bool]
    functions: list[Function]
    instances: dict[int, Instance]  # the first instance of each class, by id(class)
    unfollowed: list[Diagnostic]  # classes lstmcalc cannot read, said when no model is found

    if TYPE_CHECKING:  # provided by the other mixins
        def value(self, node: ast.expr) -> Any: ...
        def evaluated(self, node: ast.expr) -> Any: ...
        def store(self, name: str, value: Any) -> None: ...
        def block(self, body: list[ast.stmt]) -> None: ...
        def keras_base(self, value: Any) -> str | None: ...

    def defaults(self, args: ast.arguments) -> tuple[list[Any], list[Any]]:
        """Default values, evaluated when the `def` runs, as Python does."""
        return ([self.evaluated(d) for d in args.defaults],
                [None if d is None else self.evaluated(d) for d in args.kw_defaults])

    def define_function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        defaults, kw_defaults = self.defaults(stmt.args)
        function: Any = Function(stmt, self.scope, defaults, kw_defaults, stmt.name)
        for decorator in stmt.decorator_list:
            name = decorator.id if isinstance(decorator, ast.Name) else None
            if name == "property":
                function = Property(function)
            elif name == "staticmethod":
                function = StaticMethod(function)
            elif name == "classmethod":
                function = ClassMethod(function)
            else:
                function = UNKNOWN  # a decorator may replace the function: not followed
        self.store(stmt.name, function)

    def lambda_value(self, node: ast.Lambda) -> Function:
        defaults, kw_defaults = self.defaults(node.args)
        return Function(node, self.scope, defaults, kw_defaults, "<lambda>")

    def define_class(self, stmt: ast.ClassDef) -> None:
        from lstmcalc.readers.python.custom_layers import LAYER_BASES, UserLayerClass

        bases = [self.evaluated(b) for b in stmt.bases]
        keras = next((k for k in (self.keras_base(b) for b in bases) if k is not None), None)
        user_base = next((b for b in bases if isinstance(b, UserLayerClass)), None)
        if (keras in LAYER_BASES or user_base is not None) and not stmt.decorator_list and \
                all(isinstance(b, UserLayerClass) or self.keras_base(b) in LAYER_BASES for b in bases):
            # a user's layer class: read (custom_layers), its methods run when Keras would run them
            body = self.class_body(stmt)
            self.store(stmt.name, UserLayerClass(stmt, body, [b for b in bases if isinstance(b, Class)],
                                                 keras or (user_base.keras_base if user_base else "Layer")))
            return
        if keras is not None or any(isinstance(b, KerasSubclass) for b in bases):
            base = keras or next(b.base for b in bases if isinstance(b, KerasSubclass))
            self.store(stmt.name, KerasSubclass(stmt, base))
            kind = "model" if base in ("Model", "Sequential", "Functional") else "layer"
            self.unfollowed.append(error(
                "LC012", f"`{excerpt(stmt.name)}` is a user-defined Keras {kind} class (a subclass of {base}); "
                "lstmcalc does not read its code", span(stmt), None,
                "lstmcalc prints models built from Keras's own layers with Sequential or Model(inputs, outputs)"))
            return
        bases = [b for b, node in zip(bases, stmt.bases, strict=True)
                 if not (isinstance(node, ast.Name) and node.id == "object")]
        if any(_training_only(b) for b in bases):
            # a user's loss, metric or callback: compile() and fit() take it, the model's layers,
            # shapes and weights never depend on it; its instances are known only at run time
            self.store(stmt.name, UNKNOWN)
            return
        if not all(isinstance(b, Class) for b in bases):
            self.store(stmt.name, UNKNOWN)  # a base class from a library: not followed
            base = next(describe(n) for b, n in zip(bases, stmt.bases, strict=False) if not isinstance(b, Class))
            self.unfollowed.append(error(
                "LC030", f"`{excerpt(stmt.name)}` derives from `{excerpt(base)}`, which is defined outside this file, "
                "so lstmcalc cannot follow it", span(stmt), None, "point lstmcalc at code that builds the model"))
            return
        self.store(stmt.name, Class(stmt, self.class_body(stmt), [b for b in bases if isinstance(b, Class)]))

    def class_body(self, stmt: ast.ClassDef) -> dict[str, Any]:
        """The names a class body binds (its methods see the module, not the class body)."""
        outer = self.scope
        body_scope = Scope(outer, stmt.name)
        self.scope = body_scope
        try:
            self.block(stmt.body)
        finally:
            self.scope = outer
        for value in body_scope.vars.values():
            inner = value.function if isinstance(value, (Property, StaticMethod, ClassMethod)) else value
            if isinstance(inner, Function):
                inner.scope = outer
        return dict(body_scope.vars)

    def call_function(self, function: Function, node: ast.AST, args: list[Any], keywords: dict[str, Any]) -> Any:
        """Run FUNCTION's body with its arguments bound; its return value, or UNKNOWN."""
        if len(self.functions) >= MAX_CALL_DEPTH or function in self.functions:
            # not a value to keep for later: what the calls built so far is incomplete
            self.problems.append(recursion(node, function).diagnostic())
            raise Unresolved(node)
        function.called = True
        local = bind_arguments(function, node, args, keywords, self.settings)
        outer, outer_loops = self.scope, self.loops
        self.scope = Scope(function.scope, function.name)
        self.scope.vars.update(local)
        self.loops = []
        self.functions.append(function)
        try:
            if isinstance(function.node, ast.Lambda):
                return self.value(function.node.body)
            self.block(function.node.body)
            return None
        except Return as exc:
            return exc.value
        finally:
            self.functions.pop()
            self.scope, self.loops = outer, outer_loops

    def instantiate(self, cls: Class, node: ast.AST, args: list[Any], keywords: dict[str, Any]) -> Instance:
        cls.instantiated = True
        instance = Instance(cls)
        self.instances.setdefault(id(cls), instance)
        found, init = cls.find("__init__")
        if found and isinstance(init, Function):
            self.call_function(init, node, [instance, *args], keywords)
        elif args or keywords:
            raise raises(node, TypeError(f"{cls.name}() takes no arguments"))
        return instance

    def instance_attribute(self, instance: Instance, node: ast.Attribute) -> Any:
        if node.attr in instance.attributes:
            value = instance.attributes[node.attr]
            if isinstance(value, Unknown):
                raise Unresolved(node, because=value.reason)
            if isinstance(value, RefusedValue):
                raise value.refusal
            return value
        found, value = instance.cls.find(node.attr)
        if not found:
            raise Unresolved(node)
        if isinstance(value, Property):
            return self.call_function(value.function, node, [instance], {})
        if isinstance(value, StaticMethod):
            return value.function
        if isinstance(value, ClassMethod):
            return BoundMethod(value.function, instance.cls)
        if isinstance(value, Function):
            return BoundMethod(value, instance)
        return value


class Property:
    def __init__(self, function: Function) -> None:
        self.function = function


class StaticMethod:
    def __init__(self, function: Function) -> None:
        self.function = function


class ClassMethod:
    def __init__(self, function: Function) -> None:
        self.function = function


def span(node: ast.AST) -> Any:
    from lstmcalc.readers.python.values import span as where

    return where(node)


class KerasSubclass:
    """A user's class derived from a Keras Layer or Model: lstmcalc does not read its code."""

    def __init__(self, node: ast.ClassDef, base: str) -> None:
        self.node = node
        self.name = node.name
        self.base = base


#: Keras modules whose classes only training uses (compile's loss and metrics, fit's callbacks)
TRAINING_ONLY = frozenset({"losses", "metrics", "callbacks"})


def _training_only(base: Any) -> bool:
    """A Keras loss, metric or callback class (`tf.keras.losses.Loss`, `keras.callbacks.Callback`)."""
    path = getattr(base, "path", None)
    return bool(getattr(base, "is_keras", False)) and isinstance(path, (list, tuple)) and \
        len(path) >= 2 and path[-2] in TRAINING_ONLY
