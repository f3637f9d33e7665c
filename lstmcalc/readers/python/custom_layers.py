"""A user's own Keras layer class, read without running it.

    class Attention(Layer):
        def __init__(self, units=32, **kwargs): ...; super().__init__(**kwargs)
        def build(self, input_shape): self.W = self.add_weight(shape=(input_shape[-1], self.units))
        def call(self, x): return K.sum(x * K.softmax(...), axis=1)

As Keras 3 does it: constructing the layer runs __init__, whose Layer.__init__ (through
super()) takes the automatic name (to_snake_case of the class name) and checks the keyword
arguments; layers created in __init__ take their names then. The first call builds it:
build(input_shape) runs, its add_weight calls create the weights and the layers it creates
take their names. The output shape comes from compute_output_shape when the class overrides
it, else from call() traced over symbolic tensors (tensor_ops), where sub-layers called are
built (their weights count toward the layer, as Keras tracks them).

The input shape is only known to the engine, so the reader hands it a Definition (the Custom
layer type's `definition`): the engine asks it for the shapes and weights of each input, and
it runs build and call again, with those shapes, in this interpreter.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstmcalc.diagnostics import Diagnostic
from lstmcalc.keras_version import keras_version
from lstmcalc.layers.base import Refusal, Shape, Weight, fmt_shape
from lstmcalc.layers.custom import to_snake_case
from lstmcalc.readers.python.functions import BoundMethod, Class, Function, Instance, Return
from lstmcalc.readers.python.keras_objects import Layer, Poison
from lstmcalc.readers.python.tensor_ops import SymTensor, TraceError, table_for
from lstmcalc.readers.python.values import UNKNOWN, BoundValueMethod, Refused, Unresolved, plain, span
from lstmcalc.safety.text import excerpt
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec
from lstmcalc.spec.naming import Namer
from lstmcalc.spec.pycall import describe

if TYPE_CHECKING:
    from lstmcalc.readers.python.interpreter import Interpreter

#: Keras 3's Layer.__init__ keyword arguments (keras/src/layers/layer.py); input_dim and
#: input_shape are taken too (for a Sequential's first layer).
LAYER_INIT_ARGS = ("activity_regularizer", "trainable", "dtype", "autocast", "name", "input_dim", "input_shape")
#: Properties of Keras 3's Layer without a setter (recorded from keras.layers.Layer in 3.15):
#: assigning one (Keras 2's `self.trainable_weights = [self.W]`) raises AttributeError.
READ_ONLY = frozenset({"compute_dtype", "dtype", "input", "input_dtype", "losses", "metrics", "metrics_variables",
                       "non_trainable_variables", "non_trainable_weights", "output", "path", "quantization_mode",
                       "trainable_variables", "trainable_weights", "variable_dtype", "variables", "weights"})
#: Bases whose subclasses are read (a Model subclass is not a layer lstmcalc reads).
LAYER_BASES = {"Layer"}


class UserLayerClass(Class):
    """A class deriving (directly or through the user's classes) from keras.layers.Layer."""

    def __init__(self, node: ast.ClassDef, attributes: dict[str, Any], bases: list[Any], keras_base: str) -> None:
        super().__init__(node, attributes, bases)
        self.keras_base = keras_base

    def overrides(self, name: str) -> bool:
        return self.find(name)[0]


class UserLayer(Instance):
    """An object of a user's layer class while its __init__, build and call run."""

    def __init__(self, cls: UserLayerClass) -> None:
        super().__init__(cls)
        self.cls: UserLayerClass = cls
        self.keras_name: str | None = None
        self.returns_tuple = False  # set once call() is traced: tf.keras 2 prints a tuple's shapes so
        self.trainable = True
        self.dtype: Any = None
        self.input_shape_arg: Any = None
        self.init_called = False
        self.layer: Layer | None = None  # the reader's layer object, once constructed


class Super:
    """`super()` / `super(Cls, self)` in a method of a user's layer class."""

    def __init__(self, instance: Instance, after: Class | None) -> None:
        self.instance = instance
        self.after = after


class KerasMethod:
    """A method of keras.layers.Layer reached from the user's class: Layer.__init__,
    add_weight, build, get_config..."""

    def __init__(self, name: str, instance: UserLayer) -> None:
        self.name = name
        self.instance = instance


class SublayerBuild:
    """`self.dense.build(input_shape)` in a user's build(): Keras builds the held layer."""

    def __init__(self, layer: Layer) -> None:
        self.layer = layer


class Resolving:
    """One run of build and call for the engine: the weights created, in Keras's order."""

    def __init__(self) -> None:
        self.weights: list[Weight] = []
        self.sublayer_weights: list[Weight] = []
        self.built_sublayers: set[int] = set()


class Definition:
    """What the engine's Custom layer asks: the shapes and weights of a call on SHAPES."""

    def __init__(self, interp: Interpreter, instance: UserLayer) -> None:
        self.interp = interp
        self.instance = instance
        self.cache: dict[tuple[tuple[Shape, ...], bool], tuple[list[Shape], list[Weight]]] = {}
        #: whether call() returns its outputs as a tuple (tf.keras 2 prints them so: ((..), (..)))
        self.returns_tuple = False
        #: whether the code calls the layer on a list of tensors (set by the reader at the call)
        self.listed: bool | None = None
        #: call(query, values): the tensors of each positional argument, and whether it is a list
        self.structure: list[tuple[int, bool]] | None = None

    def resolve(self, shapes: list[Shape], listed: bool) -> tuple[list[Shape], list[Weight]]:
        listed = self.listed if self.listed is not None else listed or len(shapes) > 1
        key = (tuple(shapes), listed)
        if key not in self.cache:
            self.cache[key] = self.interp.resolve_user_layer(self.instance, self.arguments(shapes, listed))
            self.returns_tuple = bool(getattr(self.instance, "returns_tuple", False))
        return self.cache[key]

    def arguments(self, shapes: list[Shape], listed: bool) -> list[Any]:
        """The call's positional arguments as shapes: one shape, or a list of them, per argument."""
        if self.structure is None or sum(n for n, _ in self.structure) != len(shapes):
            return [[tuple(s) for s in shapes] if listed else tuple(shapes[0])]
        out: list[Any] = []
        at = 0
        for count, is_list in self.structure:
            group = [tuple(s) for s in shapes[at:at + count]]
            out.append(group if is_list else group[0])
            at += count
        return out

    @property
    def takes_mask(self) -> bool:
        found, call = self.instance.cls.find("call")
        if not found or not isinstance(call, Function):
            return False
        spec = call.node.args
        return any(a.arg == "mask" for a in [*spec.posonlyargs, *spec.args, *spec.kwonlyargs])

    @property
    def passes_mask(self) -> bool:
        return self.instance.attributes.get("supports_masking") is True and not self.instance.cls.find("compute_mask")[0]

    def declared(self) -> dict[str, Any]:
        """The Custom spec arguments this class amounts to, from the engine's run (convert):
        the output shape and the weights of its call, which a spec then declares."""
        from lstmcalc.errors import LstmcalcError

        results = {(tuple(outs), tuple(weights)) for outs, weights in self.cache.values()}
        if len(results) != 1:
            raise LstmcalcError(f"{self.instance.cls.name} is called on inputs of different shapes; a Custom spec entry "
                                "declares one output shape, so convert cannot write it")
        outs, weights = next(iter(results))
        shapes = [list(s) for s in outs]
        out: dict[str, Any] = {"output_shape": shapes[0] if len(shapes) == 1 else shapes}
        trainable = {w.name: list(w.shape) for w in weights if w.trainable}
        frozen = {w.name: list(w.shape) for w in weights if not w.trainable}
        if trainable:
            out["weights"] = trainable
        if frozen:
            out["non_trainable_weights"] = frozen
        if self.listed or self.structure is not None:
            out["takes_list"] = True
        if self.takes_mask:
            out["takes_mask"] = True
        if self.passes_mask:
            out["supports_masking"] = True
        return out

    def __repr__(self) -> str:  # a spec dump shows what it is, not an address
        return f"<{self.instance.cls.name} read from the code>"


class CustomLayerMixin:
    """User-defined Keras layers for the interpreter (see Interpreter in __init__)."""

    problems: list[Diagnostic]
    stray: list[Diagnostic]
    namer: Namer
    functions: list[Function]
    #: the run of build and call the engine asked for, while it lasts
    resolving: Resolving | None = None
    #: the steps every run for the engine shares (created at the first)
    engine_budget: Any = None
    budget: Any

    if TYPE_CHECKING:
        scope: Any

        def call_function(self, function: Function, node: ast.AST, args: list[Any], keywords: dict[str, Any]) -> Any: ...
        def new_layer(self, type_name: str, node: ast.Call, args: list[Any], keywords: list[Any]) -> Any: ...
        def poison(self, problems: tuple[Diagnostic, ...]) -> Poison: ...
        def value(self, node: ast.expr) -> Any: ...
        def user_keras_class(self, cls: Any, node: ast.Call) -> Poison: ...

    # --- the class and its objects ---------------------------------------------------------
    def instantiate_layer(self, cls: UserLayerClass, node: ast.Call, args: list[Any], keywords: dict[str, Any]) -> Any:
        from lstmcalc.readers.python.flow import ProgramRaises

        cls.instantiated = True
        instance = UserLayer(cls)
        found, init = cls.find("__init__")
        if found and isinstance(init, Function):
            self.call_function(init, node, [instance, *args], keywords)
        else:
            self.keras_init(instance, node, list(args), dict(keywords))
        if not instance.init_called:
            raise ProgramRaises(node, f"RuntimeError: In layer '{excerpt(cls.name)}', you forgot to call "
                                "`super().__init__()` as the first statement in the `__init__()` method. Go add it!",
                                "call super().__init__(**kwargs) in __init__")
        where = span(node)
        args_spec: dict[str, ArgSpec] = {
            "class_name": ArgSpec(cls.name, where, where),
            "definition": ArgSpec(Definition(self, instance), where, where),  # type: ignore[arg-type,unused-ignore]
        }
        if not instance.trainable:
            args_spec["trainable"] = ArgSpec(False, where, where)
        if isinstance(instance.dtype, str):
            args_spec["dtype"] = ArgSpec(instance.dtype, where, where)
        if instance.input_shape_arg is not None:
            args_spec["input_shape"] = ArgSpec(list(instance.input_shape_arg), where, where)
        layer = Layer(LayerSpec(type="Custom", span=where, type_span=span(node.func), name=instance.keras_name,
                                args=args_spec))
        layer.user = instance
        instance.layer = layer
        return layer

    def keras_init(self, instance: UserLayer, node: ast.AST, args: list[Any], keywords: dict[str, Any]) -> None:
        """keras.layers.Layer.__init__: the automatic name, trainable, dtype; other keywords raise."""
        from lstmcalc.readers.python.flow import ProgramRaises

        if args:
            raise ProgramRaises(node, f"TypeError: Layer.__init__() takes 1 positional argument but {len(args) + 1} "
                                "were given", "pass the base class's arguments by keyword")
        unknown = {k: v for k, v in keywords.items() if k not in LAYER_INIT_ARGS and k not in
                   ("batch_input_shape", "batch_size", "weights")}
        if unknown:
            shown = excerpt(repr({k: v if plain(v) else "..." for k, v in unknown.items()}))
            raise ProgramRaises(node, f"ValueError: Unrecognized keyword arguments passed to "
                                f"{excerpt(instance.cls.name)}: {shown}", "remove them, or take them in your __init__")
        if instance.init_called:
            return
        instance.init_called = True
        name = keywords.get("name")
        if name is not None and not isinstance(name, str):
            raise Unresolved(node)
        instance.keras_name = name if name is not None else self.namer.take(to_snake_case(instance.cls.name))
        trainable = keywords.get("trainable", True)
        if not isinstance(trainable, bool):
            raise ProgramRaises(node, f"ValueError: Expected `trainable` to be a boolean. Received: "
                                f"trainable={excerpt(repr(trainable))}", "pass True or False")
        instance.trainable = trainable
        instance.dtype = keywords.get("dtype")
        dim = keywords.get("input_dim")
        instance.input_shape_arg = (dim,) if dim is not None else keywords.get("input_shape")

    def super_call(self, node: ast.Call) -> Super:
        """super() and super(Cls, self) inside a method: the instance and where lookup starts."""
        args = [self.value(a) for a in node.args]
        if len(args) == 2 and isinstance(args[1], Instance):
            return Super(args[1], args[0] if isinstance(args[0], Class) else None)
        if args or not self.functions:
            raise Unresolved(node)
        function = self.functions[-1]
        params = [*function.node.args.posonlyargs, *function.node.args.args]
        if not params:
            raise Unresolved(node)
        found, instance = self.scope.find(params[0].arg)
        if not found or not isinstance(instance, Instance):
            raise Unresolved(node)
        owner = next((c for c in _mro(instance.cls) if function in c.attributes.values()), None)
        return Super(instance, owner)

    def super_attribute(self, proxy: Super, node: ast.Attribute) -> Any:
        chain = _mro(proxy.instance.cls)
        if proxy.after is not None and proxy.after in chain:
            chain = chain[chain.index(proxy.after) + 1:]
        for cls in chain:
            if node.attr in cls.attributes and isinstance(cls.attributes[node.attr], Function):
                return BoundMethod(cls.attributes[node.attr], proxy.instance)
        if isinstance(proxy.instance, UserLayer):
            return KerasMethod(node.attr, proxy.instance)
        raise Unresolved(node)

    def set_user_layer_attribute(self, instance: UserLayer, node: ast.Attribute) -> None:
        """`self.trainable_weights = [...]`: a read-only property of Keras 3's Layer raises."""
        from lstmcalc.readers.python.flow import ProgramRaises

        if node.attr in READ_ONLY and not instance.cls.find(node.attr)[0]:
            raise ProgramRaises(node, f"AttributeError: property {node.attr!r} of {excerpt(instance.cls.name)!r} object "
                                "has no setter", "Keras 3 tracks the weights add_weight creates: remove the assignment")

    def user_layer_attribute(self, instance: UserLayer, node: ast.Attribute) -> Any:
        """Attributes Keras's Layer gives the user's object (its own come first)."""
        if node.attr in instance.attributes or instance.cls.find(node.attr)[0]:
            return None  # not handled here: the instance's own
        if node.attr in ("add_weight", "add_variable", "build", "get_config", "compute_mask", "compute_output_shape",
                         "add_loss"):
            return KerasMethod(node.attr, instance)
        if node.attr == "name" and instance.keras_name is not None:
            return instance.keras_name
        if node.attr == "trainable":
            return instance.trainable
        if node.attr == "built":
            return self.resolving is not None
        raise Unresolved(node)

    def keras_method(self, method: KerasMethod, node: ast.Call, args: list[Any], keywords: dict[str, Any]) -> Any:
        instance = method.instance
        if method.name == "__init__":
            self.keras_init(instance, node, args, keywords)
            return None
        if method.name in ("build", "add_loss"):
            return None
        if method.name == "get_config":
            return {"name": instance.keras_name, "trainable": instance.trainable, "dtype": instance.dtype}
        if method.name in ("add_weight", "add_variable"):
            return self.add_weight(instance, node, args, keywords)
        if method.name == "compute_mask":
            return None
        raise Unresolved(node)

    def add_weight_call(self, method: KerasMethod, node: ast.Call) -> Any:
        """`self.add_weight(...)`: only the shape, name and trainable matter to the table; an
        initializer, regularizer or constraint only known at run time does not stop the read."""
        def known(expr: ast.expr, needed: bool) -> Any:
            try:
                return self.value(expr)
            except Unresolved:
                if needed:
                    raise
                return UNKNOWN
        args = [known(a, i in (0, 3)) for i, a in enumerate(node.args) if not isinstance(a, ast.Starred)]
        if any(isinstance(a, ast.Starred) for a in node.args) or any(kw.arg is None for kw in node.keywords):
            raise Unresolved(node)
        keywords = {kw.arg: known(kw.value, kw.arg in ("shape", "name", "trainable")) for kw in node.keywords
                    if kw.arg is not None}
        return self.add_weight(method.instance, node, args, keywords)

    def add_weight(self, instance: UserLayer, node: ast.Call, args: list[Any], keywords: dict[str, Any]) -> Any:
        """Keras 3's add_weight(shape=None, initializer=None, dtype=None, trainable=True, ...,
        name=None): a weight of the layer (a symbolic tensor of its shape in call())."""
        from lstmcalc.readers.python.flow import ProgramRaises

        if args and isinstance(args[0], str):
            raise ProgramRaises(node, f"ValueError: `name` must be passed as a keyword argument. Received: "
                                f"add_weight({excerpt(repr(args[0]))}, ...). Use: add_weight(shape=..., "
                                f"name={excerpt(repr(args[0]))}).", "write add_weight(shape=..., name=...)")
        names = ("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint")
        given = dict(zip(names, args, strict=False))
        given.update(keywords)
        shape = given.get("shape")
        name = given.get("name")
        resolving = self.resolving
        if resolving is None:  # the first call's naming pass: no shapes yet
            return UNKNOWN
        if shape is None:
            shape = ()
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = (shape,)
        if not isinstance(shape, (list, tuple)) or not all(
                (isinstance(d, int) and not isinstance(d, bool)) or d is None for d in shape):
            raise TraceError(f"add_weight at line {getattr(node, 'lineno', '?')} has a shape lstmcalc cannot follow "
                             f"({excerpt(describe(node))})")
        if any(d is None for d in shape):
            where = f"{instance.keras_name}/{name or 'variable'}"
            raise Refusal("LC101", "Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
                          f"Received: shape={fmt_shape(tuple(shape))} for variable path='{excerpt(where)}'",
                          "the layer's build() sizes a weight from an axis of variable length")
        if any(d < 0 for d in shape):
            raise Refusal("LC104", f"Cannot convert '{fmt_shape(tuple(shape))}' to a shape. Negative dimensions "
                          "are not allowed.", "check the sizes given to add_weight")
        trainable = given.get("trainable", True)
        label = name if isinstance(name, str) else "variable" if not resolving.weights else \
            f"variable_{len(resolving.weights)}"
        resolving.weights.append(Weight(label, tuple(int(d) for d in shape), trainable is not False))
        return SymTensor(tuple(shape), variable=label)

    # --- the first call, while the file is read -----------------------------------------------
    def user_layer_first_call(self, layer: Layer) -> None:
        """Keras builds the layer at its first call: the layers build() creates take their
        names then. The shapes are not known yet (the engine computes them), so build runs
        here only for those names; what it cannot follow is left to the engine's run."""
        instance: UserLayer = layer.user
        found, build = instance.cls.find("build")
        if not found or not isinstance(build, Function):
            return
        before, stray = len(self.problems), len(self.stray)
        shadow = UserLayer(instance.cls)
        shadow.__dict__.update({k: v for k, v in instance.__dict__.items() if k != "attributes"})
        shadow.attributes = dict(instance.attributes)
        try:
            self.call_function(build, ast.Pass(), [shadow, UNKNOWN], {})
        except (Unresolved, Refused, TraceError, Refusal, Return):
            pass
        except Exception as exc:
            from lstmcalc.readers.python.flow import ProgramRaises

            if not isinstance(exc, ProgramRaises):
                raise
        del self.problems[before:]
        del self.stray[stray:]

    # --- the engine's run: build and call for known shapes ------------------------------------
    def pack_user_arguments(self, layer: Layer, args: list[Any]) -> list[Any]:
        """call(query, values) given several tensor arguments: one list for the node, the
        structure kept for build (the first argument's shape, as Keras 3 passes it) and call."""
        from lstmcalc.readers.python.keras_objects import Tensor, flatten

        assert layer.spec is not None
        definition = layer.spec.args["definition"].value
        structure = []
        tensors: list[Any] = []
        for value, _ in args:
            items = flatten(value)
            if not items or not all(isinstance(t, Tensor) for t in items):
                return args  # call_layer says what it cannot tell
            structure.append((len(items), isinstance(value, (list, tuple))))
            tensors.extend(items)
        definition.structure = structure
        return [(tensors, args[0][1])]

    def resolve_user_layer(self, instance: UserLayer, arguments: list[Any]) -> tuple[list[Shape], list[Weight]]:
        from lstmcalc.readers.python.flow import ProgramRaises
        from lstmcalc.readers.python.values import Budget, OutOfSteps

        cls = instance.cls
        saved = (self.namer, self.resolving, len(self.problems), len(self.stray), self.scope, list(self.functions),
                 self.budget)
        self.namer = Namer()  # sub-layers took their names while the file was read
        self.resolving = resolving = Resolving()
        if self.engine_budget is None:  # every build and call the engine asks for, together
            self.engine_budget = Budget()
        self.budget = self.engine_budget
        copy = UserLayer(cls)
        copy.__dict__.update({k: v for k, v in instance.__dict__.items() if k != "attributes"})
        copy.attributes = dict(instance.attributes)
        input_shape: Any = arguments[0]  # Keras 3 gives build the first argument's shape
        inputs = [[SymTensor(s) for s in a] if isinstance(a, list) else SymTensor(a) for a in arguments]
        shapes = [s for a in arguments for s in (a if isinstance(a, list) else [a])]
        where = f"{cls.name} (line {cls.node.lineno})"
        try:
            outs = self.build_and_call(copy, input_shape, inputs, where, saved[2])
            instance.returns_tuple = copy.returns_tuple
        except TraceError as exc:
            raise Refusal("LC012" if exc.unknown_op else "LC104", f"{where}: {exc.message}",
                          _SUPPLY if exc.unknown_op else "Keras raises this when the layer is called on "
                          f"{', '.join(fmt_shape(s) for s in shapes)}") from None
        except ProgramRaises as exc:
            message = exc.message or next((d.message for d in exc.problems), "the code raises")
            raise Refusal("LC104", f"{where}: {message}", exc.hint or _SUPPLY) from None
        except OutOfSteps:
            raise Refusal("LC002", f"{where}: building the layer takes more steps than lstmcalc spends on a file",
                          _SUPPLY) from None
        except (Unresolved, Refused) as exc:
            text = excerpt(describe(exc.node)) if isinstance(exc, Unresolved) else exc.message
            line = getattr(exc.node, "lineno", "?")
            raise Refusal("LC012", f"{where}: `{text}` (line {line}) could not be followed while building the layer",
                          _SUPPLY) from None
        finally:
            self.namer, self.resolving = saved[0], saved[1]
            del self.problems[saved[2]:]
            del self.stray[saved[3]:]
            self.scope = saved[4]
            self.functions[:] = saved[5]
            self.budget = saved[6]
        return outs, [*resolving.weights, *resolving.sublayer_weights]

    def build_and_call(self, copy: UserLayer, input_shape: Any, inputs: list[Any], where: str, first_problem: int
                       ) -> list[Shape]:
        """build(input_shape), then compute_output_shape when the class overrides it (Keras 3
        then never traces call), else call() over symbolic tensors: the output shapes."""
        cls = copy.cls
        found, build = cls.find("build")
        if found and isinstance(build, Function):
            self.call_function(build, build.node, [copy, input_shape], {})
        found, compute = cls.find("compute_output_shape")
        if found and isinstance(compute, Function) and keras_version() == 3:
            outs = _shapes_from(self.call_function(compute, compute.node, [copy, input_shape], {}))
            if outs is None:
                raise Refusal("LC012", f"{where}: compute_output_shape returns a value lstmcalc cannot follow", _SUPPLY)
            return outs
        found, call = cls.find("call")
        if not found or not isinstance(call, Function):
            raise Refusal("LC012", f"{where} has no call() lstmcalc can read", _SUPPLY)
        # tf.keras 2 runs call() on symbolic tensors even when compute_output_shape is there
        result = self.call_function(call, call.node, [copy, *inputs], {})
        outs = _traced(result)
        copy.returns_tuple = isinstance(result, tuple) and len(result) > 1
        if outs is None:
            why = next((d.message for d in self.problems[first_problem:]), None)
            raise Refusal("LC012", f"{where}: what call() returns could not be traced" + (f" ({why})" if why else ""),
                          _SUPPLY)
        return outs

    def before_arguments(self, callee: Any, node: ast.Call) -> Any:
        """Calls answered before their arguments are evaluated (NOT_TRACED otherwise): a Keras
        subclass lstmcalc does not read (a Model), and add_weight, whose initializer may be
        only known at run time."""
        from lstmcalc.readers.python.functions import KerasSubclass

        if callee is SUPER:
            return self.super_call(node)
        if isinstance(callee, KerasSubclass):  # refused whatever its arguments are
            return self.user_keras_class(callee, node)
        if isinstance(callee, KerasMethod) and callee.name in ("add_weight", "add_variable"):
            return self.add_weight_call(callee, node)
        return NOT_TRACED

    def user_layer_call(self, callee: Any, node: ast.Call, args: list[Any], keywords: dict[str, Any]) -> Any:
        """A call this module answers (NOT_TRACED otherwise): while call() is traced, tensor ops
        and sub-layers; a user's layer class constructed; a Keras method of its objects."""
        if self.resolving is not None:
            traced = self.trace_call(callee, node, args, keywords)
            if traced is not NOT_TRACED:
                return traced
        if isinstance(callee, UserLayerClass):
            return self.instantiate_layer(callee, node, args, keywords)
        if isinstance(callee, KerasMethod):
            return self.keras_method(callee, node, args, keywords)
        return NOT_TRACED

    def trace_call(self, callee: Any, node: ast.Call, args: list[Any], keywords: dict[str, Any]) -> Any:
        """A call while call() is traced: a tensor op of the table, or a sub-layer applied."""
        from lstmcalc.readers.python.keras_objects import Module

        resolving = self.resolving
        assert resolving is not None
        if isinstance(callee, Layer) and callee.spec is not None:
            return self.sublayer_call(callee, node, args, resolving)
        if isinstance(callee, SublayerBuild) and callee.layer.spec is not None:
            if len(args) != 1 or not _is_dims(args[0]):
                raise TraceError(f"`{excerpt(describe(node))}` (line {node.lineno}) builds a layer on a shape lstmcalc "
                                 "cannot follow", unknown_op=True)
            self.sublayer_call(callee.layer, node, [SymTensor(tuple(args[0]))], resolving)
            return None
        if isinstance(callee, Module) and len(callee.path) >= 2:
            table = table_for(callee.path[:-1])
            op = callee.path[-1]
            if op in ("int_shape", "shape") and args and isinstance(args[0], SymTensor):
                return args[0].shape  # tf.shape(x)[1]: the static size, None where it is only known at run time
            if op == "TensorShape" and len(args) == 1 and isinstance(args[0], (list, tuple)):
                return tuple(args[0])  # a shape compute_output_shape returns
            if op == "epsilon":
                return 1e-07
            if op == "floatx":
                return "float32"
            if table is not None and op in table:
                return _apply(table[op], node, args, keywords)
            raise TraceError(f"`{excerpt(describe(node.func))}` (line {node.lineno}) is not an op lstmcalc traces",
                             unknown_op=True)
        if isinstance(callee, BoundValueMethod) and isinstance(callee.owner, (tuple, list)) and \
                not hasattr(callee.owner, callee.name):  # input_shape.as_list(): Keras 3 passes a tuple
            from lstmcalc.readers.python.flow import ProgramRaises

            raise ProgramRaises(node, f"AttributeError: '{type(callee.owner).__name__}' object has no attribute "
                                f"{excerpt(callee.name)!r}", "Keras 3 gives build and compute_output_shape a tuple: "
                                "use input_shape[-1], or list(input_shape)")
        if isinstance(callee, str) and any(isinstance(a, SymTensor) for a in args):  # tf.nn.softmax, activations.tanh
            table = table_for(("activations",))
            assert table is not None
            if callee in table:
                return _apply(table[callee], node, args, keywords)
        return NOT_TRACED

    def sublayer_call(self, layer: Layer, node: ast.Call, args: list[Any], resolving: Resolving) -> Any:
        """A Keras layer the user's layer holds, called in call(): built on its input (its
        weights count toward the user's layer), its output shape from the engine's rules."""
        from lstmcalc.engine.infer import construct

        assert layer.spec is not None
        if not args or not isinstance(args[0], (SymTensor, list, tuple)):
            raise TraceError(f"`{excerpt(describe(node))}` (line {node.lineno}) is applied to something lstmcalc did "
                             "not trace", unknown_op=True)
        problems: list[Diagnostic] = []
        built = construct(layer.spec, Namer(), problems)
        if built.layer is None:
            raise TraceError(problems[0].message if problems else f"{excerpt(layer.name)} could not be built")
        engine_layer = built.layer
        shapes = [t.shape for t in args[0]] if isinstance(args[0], (list, tuple)) else [args[0].shape]
        if engine_layer.merge:
            outs = engine_layer.merged_shapes(shapes)
            weights = engine_layer.merged_weights(shapes)
        else:
            engine_layer.check_input(shapes[0])
            outs = engine_layer.output_shapes(shapes[0])
            weights = engine_layer.effective_weights(shapes[0])
        if id(layer) not in resolving.built_sublayers:
            resolving.built_sublayers.add(id(layer))
            resolving.sublayer_weights.extend(w._replace(name=f"{layer.name}/{w.name}") for w in weights)
        tensors = [SymTensor(tuple(s)) for s in outs]
        return tensors[0] if len(tensors) == 1 else tensors


class _NotTraced:
    pass


class _Super:
    """The builtin `super`, as a value (called in a method of a user's class)."""


NOT_TRACED: Any = _NotTraced()
SUPER: Any = _Super()
_SUPPLY = ("give the output shape with compute_output_shape (plain shape arithmetic), or describe the layer "
           "with a Custom spec entry (class_name, output_shape, weights)")


def _mro(cls: Class) -> list[Class]:
    out: list[Class] = []
    stack = [cls]
    while stack:
        item = stack.pop(0)
        if item not in out:
            out.append(item)
            stack.extend(b for b in item.bases if isinstance(b, Class))
    return out


def _apply(op: Any, node: ast.Call, args: list[Any], keywords: dict[str, Any]) -> Any:
    try:
        return op(*args, **keywords)
    except TraceError as exc:
        raise TraceError(f"`{excerpt(describe(node.func))}` (line {node.lineno}): {exc.message}") from None
    except TypeError as exc:
        raise TraceError(f"`{excerpt(describe(node.func))}` (line {node.lineno}) is called with arguments lstmcalc "
                         f"does not follow ({excerpt(str(exc))})", unknown_op=True) from None


def _is_dims(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value)


def _shapes_from(result: Any) -> list[Shape] | None:
    """compute_output_shape's answer: one shape, or a list/tuple of shapes."""
    if _is_dims(result) and len(result) > 0:
        return [tuple(result)]
    if isinstance(result, (list, tuple)) and result and all(_is_dims(s) for s in result):
        return [tuple(s) for s in result]
    return None


def _traced(result: Any) -> list[Shape] | None:
    if isinstance(result, SymTensor):
        return [result.shape]
    if isinstance(result, (list, tuple)) and result and all(isinstance(t, SymTensor) for t in result):
        return [t.shape for t in result]
    return None


def span_of(node: ast.AST) -> Span:
    return span(node)
