"""The interpreter: one object that reads a module's statements with the mixins of this
package (values, flow, functions, Keras API), and dispatches calls and attributes to them.
"""

from __future__ import annotations

import ast
from typing import Any

from lstmcalc.diagnostics import Diagnostic, Severity, error, warning
from lstmcalc.keras_version import keras_version
from lstmcalc.layers import REGISTRY
from lstmcalc.readers.python import arrays, cli_args
from lstmcalc.readers.python.custom_layers import (
    NOT_TRACED,
    SUPER,
    CustomLayerMixin,
    SublayerBuild,
    Super,
    UserLayer,
)
from lstmcalc.readers.python.flow import FlowMixin, ProgramRaises
from lstmcalc.readers.python.functions import (
    BoundMethod,
    Class,
    ClassMethod,
    Function,
    FunctionMixin,
    Instance,
    KerasSubclass,
    StaticMethod,
)
from lstmcalc.readers.python.keras_api import DATA_METHODS, KerasMixin
from lstmcalc.readers.python.keras_objects import (
    FUNCTIONAL_HELPERS,
    INPUT_CALLS,
    KERAS_BASES,
    MODEL_CLASSES,
    KerasName,
    KerasObjectFactory,
    Layer,
    Model,
    Module,
    Poison,
    Tensor,
)
from lstmcalc.readers.python.optimizers import Optimizer, OptimizerClass
from lstmcalc.readers.python.tensor_ops import SymTensor, binop
from lstmcalc.readers.python.values import (
    BUILTINS,
    ITERATING,
    UNKNOWN,
    BoundValueMethod,
    Budget,
    Builtin,
    Refused,
    Scope,
    Unknown,
    Unresolved,
    ValueMixin,
    plain,
    raises,
    shell_quote,
    span,
)
from lstmcalc.safety.text import excerpt
from lstmcalc.spec.naming import Namer
from lstmcalc.spec.pycall import describe

_KERAS_NAMES = {*REGISTRY, *MODEL_CLASSES, *INPUT_CALLS}
#: Every name Python itself defines, and what a module has.
PYTHON_BUILTINS = frozenset(dir(__import__("builtins"))) | {"__file__", "__name__", "__doc__", "__spec__",
                                                           "__builtins__", "__loader__", "__package__"}
#: Names snippets use for Keras modules without importing them (`layers.LSTM`, `tf.keras`).
SNIPPET_MODULES = {"keras", "tf", "tensorflow", "tf_keras", "layers", "models", "K", "L", "KL", "KM", "kl",
                   "optimizers", "initializers", "regularizers", "constraints", "activations"}
#: Keras functions that change how every later layer is built.
GLOBAL_SETTERS = {"set_floatx", "set_global_policy", "set_dtype_policy", "set_image_data_format", "set_epsilon"}
#: Builtins that run code given as text, or change objects by name.
RUNS_CODE = {"exec", "eval", "compile", "setattr", "__import__", "delattr"}
#: Functions that only look at a Keras tensor (its shape, its kind) and record no operation.
TENSOR_QUERIES = {"shape", "int_shape", "ndim", "is_keras_tensor", "is_tensor", "standardize_dtype"}
#: Modules whose functions may take a model without changing it (plotting, saving, arrays).
QUIET_MODULES = {"keras", "tensorflow", "tf_keras", "numpy", "matplotlib", "pandas", "json", "pickle", "os",
                 "sys", "logging", "wandb", "mlflow", "visualkeras", "pydot", "IPython"}


def keras_import(node: ast.stmt, path: str, name: str | None) -> None:
    """Stop as Python stops when the Keras answered for has no such module or name
    (ModuleNotFoundError, ImportError), from the table recorded from Keras 3.15 or tf_keras
    2.21 (`--keras 2`). Under Keras 3, a refusal of what tf.keras 2 has says `--keras 2`."""
    from lstmcalc.layers.keras_names import removed_layer_hint
    from lstmcalc.readers.python import keras_modules

    keras3 = keras_version() == 3
    label = keras_modules.label()
    root = path.split(".", maxsplit=1)[0]
    if keras_modules.absent(root):
        hint = "import keras (Keras 3), or tensorflow's tf.keras" if keras3 else "import tensorflow's tf.keras"
        raise ProgramRaises(node, f"ModuleNotFoundError: No module named {root!r} (not installed with {label})",
                            keras_modules.with_keras2_hint(hint, keras_modules.keras2_has(path, name)))
    if not keras_modules.checked(path):
        return
    if not keras_modules.is_module(path):
        parts = path.split(".")  # Python names the first package on the path that is missing
        start = keras_modules.root_of(path).count(".") + 1
        missing = next((".".join(parts[:n]) for n in range(start, len(parts) + 1)
                        if not keras_modules.is_module(".".join(parts[:n]))), path)
        hint = ("Keras 3 keeps its layers in keras.layers and its models in keras.models: from keras.layers import "
                "LSTM" if keras3 else "tf_keras 2.21 keeps its layers in keras.layers and its models in keras.models "
                "(the keras.layers.recurrent of old Keras 2 releases is gone): from keras.layers import LSTM")
        raise ProgramRaises(node, f"ModuleNotFoundError: No module named {excerpt(missing)!r} in {label}",
                            keras_modules.with_keras2_hint(hint, keras_modules.keras2_has(path, name)))
    if name is not None and name != "*" and not keras_modules.has(path, name):
        removed = removed_layer_hint(name) if keras3 else None
        if not keras3 and name in ("CuDNNLSTM", "CuDNNGRU"):
            removed = f"tf_keras 2.21 keeps {name} in tensorflow.compat.v1.keras.layers"
        raise ProgramRaises(node, f"ImportError: cannot import name {excerpt(name)!r} from {excerpt(path)!r} "
                            f"({label})", keras_modules.with_keras2_hint(
                                removed or f"{'Keras 3' if keras3 else 'tf_keras 2.21'} does not have it under that "
                                "module", name in ("CuDNNLSTM", "CuDNNGRU") or keras_modules.keras2_has(path, name)))


class Interpreter(ValueMixin, FlowMixin, FunctionMixin, KerasMixin, CustomLayerMixin):
    def __init__(self, settings: dict[str, Any], budget: Budget | None = None) -> None:
        self.settings = settings
        self.budget = budget or Budget()
        #: the most nodes a settings key can span; bigger expressions are never unparsed to match
        self.key_nodes = max((2 * len(k) + 4 for k in settings), default=0)
        self.scope = Scope()
        self.scope.vars["__name__"] = "__main__"
        self.problems: list[Diagnostic] = []
        self.namer = Namer()
        self.models: list[Model] = []
        self.stray: list[Diagnostic] = []  # problems of objects that failed, wherever they went
        self.layers_built = 0
        self.nodes_made = 0
        self.order = 0
        self.loops: list[bool] = []
        self.functions: list[Function] = []
        self.instances: dict[int, Instance] = {}
        self.unfollowed: list[Diagnostic] = []
        self.star_keras = False
        self.star_modules: list[tuple[str, ...]] = []  # `from keras.layers import *`, in import order
        self.argv_noted = False  # the note that command-line options take their defaults is given
        self.file_names: set[str] = set()  # every name the file binds anywhere (set by read_python)
        self.complete = False  # the file imports what it uses (not a snippet): undefined names raise

    # --- imports ---------------------------------------------------------------------------
    def import_names(self, stmt: ast.Import | ast.ImportFrom) -> None:
        for alias in stmt.names:
            if isinstance(stmt, ast.ImportFrom) and not stmt.level and stmt.module:
                keras_import(stmt, stmt.module, alias.name)
            elif isinstance(stmt, ast.Import):
                keras_import(stmt, alias.name, None)
            if isinstance(stmt, ast.Import):
                parts = tuple(alias.name.split("."))
                if alias.asname:
                    self.store(alias.asname, self.resolve_path(parts))
                else:
                    self.store(parts[0], Module(parts[:1], True))
                continue
            module = tuple((stmt.module or "").split(".")) if stmt.module else ()
            if stmt.level:  # a relative import: the user's own package, not followed
                self.store(alias.asname or alias.name, UNKNOWN)
                continue
            if alias.name == "*":
                if module and Module(module, True).is_keras:
                    self.star_keras = True
                    self.star_modules.append(module)
                continue
            if module == ("argparse",) and alias.name == "ArgumentParser":
                self.store(alias.asname or alias.name, cli_args.ParserClass())
                continue
            if module[:1] == ("numpy",):  # array, zeros, ...: followed for their shapes
                found = self.resolve_path((*module, alias.name))
                self.store(alias.asname or alias.name, found if isinstance(found, arrays.NumpyFunction) else UNKNOWN)
                continue
            if not Module(module, True).is_keras:
                self.store(alias.asname or alias.name, UNKNOWN)  # a value of the user's or a library's module
                continue
            self.store(alias.asname or alias.name, self.resolve_path((*module, alias.name)))

    def resolve_path(self, parts: tuple[str, ...]) -> Any:
        """The value `a.b.c` names when imported: a Keras class, or a module."""
        value: Any = Module(parts[:1], True)
        for part in parts[1:]:
            if not isinstance(value, Module):
                return UNKNOWN
            value = self.module_attribute(value, ast.Attribute(value=ast.Name(""), attr=part))
        return value

    def keras_base(self, value: Any) -> str | None:
        """The Keras class a user's class derives from, if any (`keras.layers.Layer`, `Model`)."""
        if isinstance(value, KerasName) and value.name in KERAS_BASES | set(REGISTRY):
            return value.name
        if isinstance(value, Module) and value.is_keras and value.path[-1] in KERAS_BASES:
            return value.path[-1]
        return None

    # --- names and attributes --------------------------------------------------------------
    def v_Name(self, node: ast.Name) -> Any:
        if self.scope.find(node.id)[0]:
            return self.lookup(node.id, node)
        starred = self.star_imported(node.id)
        if starred is not None:
            return starred
        if self.undefined(node.id):
            raise Unresolved(node, undefined=True)
        if node.id == "super":  # super() in a method of the user's layer class (custom_layers)
            return SUPER
        if node.id in BUILTINS or node.id in ITERATING:
            return Builtin(node.id)
        if node.id in _KERAS_NAMES or (node.id in FUNCTIONAL_HELPERS and self.star_keras):
            return KerasName(node.id)
        from lstmcalc.layers.keras_names import REMOVED_LAYERS

        if node.id in REMOVED_LAYERS:
            return KerasName(node.id)
        if node.id in SNIPPET_MODULES:
            return Module((node.id,), False)  # a snippet pasted without its imports: `layers.LSTM(...)`
        raise Unresolved(node)

    def star_imported(self, name: str) -> Any:
        """What NAME is when a `from <Keras module> import *` brought it (the last such import
        wins, as in Python), by Keras 3's own module contents; None otherwise."""
        from lstmcalc.readers.python import keras_modules

        for module in reversed(self.star_modules):
            dotted = ".".join(module)
            if keras_modules.checked(dotted) and keras_modules.is_module(dotted) and keras_modules.has(dotted, name) \
                    and not name.startswith("_"):
                return self.resolve_path((*module, name))
        return None

    def undefined(self, name: str) -> bool:
        """Whether NAME is defined nowhere: not by the file (which imports what it uses, so is
        not a snippet), not by Python, not by --set. Using it raises NameError."""
        return self.complete and name not in self.file_names and name not in self.settings and \
            name not in PYTHON_BUILTINS

    def stop_if_undefined(self, exc: Unresolved) -> None:
        """Running code that reads an undefined name stops there, as Python does."""
        for part in exc.parts:
            if part.undefined and isinstance(part.node, ast.Name):
                raise ProgramRaises(part.node, f"NameError: name {excerpt(part.node.id)!r} is not defined",
                                    "define it before this line; a value from the data can be given with --set")

    def subscript(self, node: ast.Subscript, container: Any) -> Any:
        if isinstance(container, SymTensor):  # slicing a tensor in a traced call()
            from lstmcalc.readers.python.tensor_ops import index as tensor_index

            return tensor_index(container, self.index_value(node.slice), node)
        if isinstance(container, Tensor):
            index = None if isinstance(node.slice, ast.Slice) else self.value(node.slice)
            if container.index is None and isinstance(index, int) and not isinstance(index, bool) and index >= 0:
                return Tensor(container.layer, container.node, index)
            raise Refused("LC010", node, f"`{excerpt(describe(node))}` slices a Keras tensor (a GetItem operation in "
                          "Keras 3), which lstmcalc does not model", "use a layer (Cropping1D, Lambda) instead")
        if isinstance(container, Poison):
            return container
        if isinstance(container, arrays.Array):
            result = arrays.index(node, container, self.index_value(node.slice))
            if isinstance(result, Unresolved):
                raise result
            return result
        return super().subscript(node, container)

    def index_value(self, node: ast.expr) -> Any:
        """An index as Python passes it to __getitem__: ints, slices, tuples of them."""
        if isinstance(node, ast.Slice):
            return slice(*(None if part is None else self.value(part) for part in (node.lower, node.upper, node.step)))
        if isinstance(node, ast.Tuple):
            return tuple(self.index_value(e) for e in node.elts)
        return self.value(node)

    def v_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.value(node.left), self.value(node.right)
        if isinstance(left, SymTensor) or isinstance(right, SymTensor):
            return binop(node, node.op, left, right)
        if isinstance(left, arrays.Array) or isinstance(right, arrays.Array):  # numpy: element-wise, broadcast
            shapes = [v.shape if isinstance(v, arrays.Array) else () if isinstance(v, (int, float)) else None
                      for v in (left, right)]
            if shapes[0] is None or shapes[1] is None or isinstance(node.op, ast.MatMult):
                raise Unresolved(node)
            return arrays.broadcast(node, shapes[0], shapes[1])
        from lstmcalc.readers.python.values import arithmetic

        return arithmetic(node, node.op, left, right, self.budget)

    def v_Lambda(self, node: ast.Lambda) -> Function:
        return self.lambda_value(node)

    def attribute(self, owner: Any, node: ast.Attribute) -> Any:
        if isinstance(owner, Module):
            return self.module_attribute(owner, node)
        if isinstance(owner, SymTensor):
            from lstmcalc.readers.python.tensor_ops import tensor_attribute

            return tensor_attribute(owner, node)
        if isinstance(owner, Super):
            return self.super_attribute(owner, node)
        if isinstance(owner, UserLayer):
            found = self.user_layer_attribute(owner, node)
            if found is not None:
                return found
        if isinstance(owner, Instance):
            return self.instance_attribute(owner, node)
        if isinstance(owner, Class):
            found, value = owner.find(node.attr)
            if not found:
                raise Unresolved(node)
            if isinstance(value, ClassMethod):
                return BoundMethod(value.function, owner)
            if isinstance(value, Unknown):
                raise Unresolved(node, because=value.reason)
            return value.function if isinstance(value, StaticMethod) else value
        if isinstance(owner, Layer) and node.attr == "build" and self.resolving is not None:
            return SublayerBuild(owner)  # self.dense.build(input_shape) in a user's build()
        if isinstance(owner, (Model, Layer, Tensor)):
            return self.keras_attribute(owner, node)
        if isinstance(owner, arrays.Array):
            return arrays.attribute(node, owner)
        if isinstance(owner, (cli_args.Parser, cli_args.Namespace)):
            if isinstance(owner, cli_args.Namespace) and not self.argv_noted:
                self.argv_noted = True
                self.problems.append(Diagnostic(
                    "LC034", Severity.INFO, "command-line options take their defaults, as `python FILE` runs with "
                    "no arguments", span(node), None, f"--set '{excerpt(describe(node))}=...' gives one another value"))
            return cli_args.attribute(node, owner)
        if isinstance(owner, Poison):
            return owner
        return BoundValueMethod(owner, node.attr)

    def set_attribute(self, owner: Any, node: ast.Attribute, value: Any) -> bool:
        if isinstance(owner, UserLayer):
            self.set_user_layer_attribute(owner, node)  # Keras's read-only properties raise
        if isinstance(owner, Instance):
            owner.attributes[node.attr] = value
            return True
        if isinstance(owner, cli_args.Namespace):
            owner.values[node.attr] = value
            return True
        if isinstance(owner, (Model, Layer)) and node.attr == "trainable":
            from lstmcalc.readers.python.flow import set_trainable

            if not isinstance(value, bool):
                raise Refused("LC030", node, "`trainable` is set to a value only known when the code runs",
                              "set it to True or False")
            if isinstance(owner, Model):
                owner.trainable = value
            elif owner.model is not None:
                owner.model.trainable = value
            elif not owner.is_input:  # an InputLayer has no weights: Keras takes it and nothing changes
                set_trainable(owner, value, node)
            return True
        return False

    # --- calls -----------------------------------------------------------------------------
    def arguments(self, node: ast.Call) -> tuple[list[tuple[Any, Any]], list[tuple[str, Any, Any]]]:
        """The call's arguments with `*seq` and `**mapping` spread as Python spreads them."""
        args: list[tuple[Any, Any]] = []
        missing: list[Unresolved] = []
        for arg in node.args:
            try:
                if isinstance(arg, ast.Starred):
                    spread = self.value(arg.value)
                    if isinstance(spread, Tensor) and spread.index is None:
                        raise Unresolved(arg)
                    if not isinstance(spread, (list, tuple, range, str)):
                        raise Refused("LC014", arg, f"`*{excerpt(describe(arg.value))}` must be a list or tuple to "
                                      "spread as positional arguments", "write the arguments out")
                    args.extend((v, span(arg)) for v in spread)
                else:
                    args.append((self.value(arg), span(arg)))
            except Unresolved as exc:
                missing.extend(exc.parts)
        keywords: list[tuple[str, Any, Any]] = []
        for kw in node.keywords:
            try:
                value = self.value(kw.value)
            except Unresolved as exc:
                missing.extend(exc.parts)
                continue
            if kw.arg is not None:
                keywords.append((kw.arg, value, span(kw.value)))
                continue
            if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                raise Refused("LC014", kw.value, f"`**{excerpt(describe(kw.value))}` must be a mapping of argument "
                              "names to values", "write the arguments out")
            keywords.extend((k, v, span(kw.value)) for k, v in value.items())
        if missing:
            raise Unresolved(node, missing)
        return args, keywords

    def call(self, node: ast.Call) -> Any:
        if isinstance(node.func, ast.Name) and node.func.id in RUNS_CODE and not self.bound(node.func.id):
            self.problems.append(error(
                "LC030", f"`{node.func.id}(...)` runs code lstmcalc does not read, so what it builds is unknown",
                span(node), None, "write the model's code out in the file"))
            raise Unresolved(node)
        try:
            callee = self.value(node.func)
        except Unresolved:
            if any(self.holds_tensors(arg) for arg in [*node.args, *(kw.value for kw in node.keywords)]):
                text = excerpt(describe(node.func))
                raise Refused("LC030", node.func, f"`{text}` is applied to Keras tensors, but what it is is only "
                              "known when the code runs (a layer or function made elsewhere)",
                              "build the layer in this file, from Keras's own classes") from None
            self.handed_away(node)
            raise
        if isinstance(callee, Poison):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "summary":
                # the file prints a table here that lstmcalc cannot compute: the tables before it
                # print, then why; nothing after it is printed as if the output were complete
                raise ProgramRaises(node, problems=callee.problems or (error(
                    "LC010", f"`{excerpt(describe(node))}` prints a model lstmcalc could not follow", span(node)),))
            return callee
        if isinstance(callee, KerasName):
            return self.keras_call(callee, node)
        if isinstance(callee, BoundValueMethod) and isinstance(callee.owner, Model):
            return self.model_call(callee.owner, callee.name, node)
        early = self.before_arguments(callee, node)  # a Keras subclass refused, add_weight
        if early is not NOT_TRACED:
            return early
        args, keywords = self.arguments(node)
        named = {k: v for k, v, _ in keywords}
        handled = self.user_layer_call(callee, node, [v for v, _ in args], named)
        if handled is not NOT_TRACED:  # a user's layer class, its Keras methods, or its traced call()
            return handled
        if isinstance(callee, Builtin):
            if callee.name == "len" and len(args) == 1 and isinstance(args[0][0], arrays.Array):
                shape = args[0][0].shape
                if not shape:
                    raise raises(node, TypeError("len() of unsized object"))
                return shape[0]
            return self.builtin(node, callee.name, [v for v, _ in args], named)
        if isinstance(callee, OptimizerClass):
            known = all(plain(v) for v in [*(v for v, _ in args), *named.values()]) and not args
            return Optimizer(callee.name, dict(named) if known else None)
        if isinstance(callee, cli_args.ParserClass):
            return cli_args.Parser()
        if isinstance(callee, cli_args.ParserMethod):
            return cli_args.call(node, callee, [v for v, _ in args], named)
        if isinstance(callee, arrays.NumpyFunction):
            return arrays.call(node, callee, [v for v, _ in args], named)
        if isinstance(callee, arrays.ArrayMethod):
            return arrays.method(node, callee, [v for v, _ in args])
        if isinstance(callee, KerasObjectFactory):
            return self.keras_object(callee, node, args, keywords)
        if isinstance(callee, Layer):
            return self.call_layer(callee, node, args, keywords)
        if isinstance(callee, Model):
            return self.call_layer(callee.layer, node, args, keywords)
        if isinstance(callee, Function):
            return self.returned(node, self.call_function(callee, node, [v for v, _ in args], named))
        if isinstance(callee, BoundMethod):
            return self.returned(node, self.call_function(callee.function, node,
                                                          [callee.owner, *(v for v, _ in args)], named))
        if isinstance(callee, Class):
            return self.instantiate(callee, node, [v for v, _ in args], named)
        if isinstance(callee, BoundValueMethod):
            owner = callee.owner
            if isinstance(owner, Model):
                return self.model_method(owner, callee.name, node, args, keywords)
            return self.method(node, owner, callee.name, [v for v, _ in args], named)
        if isinstance(callee, Module):
            return self.module_call(callee, node)
        raise Unresolved(node)

    def module_call(self, callee: Module, node: ast.Call) -> Any:
        """A function of a module: Keras's few that change what follows, an operation on Keras
        tensors (refused), or one lstmcalc does not read (its result is unknown)."""
        if callee.is_keras and callee.imported:
            if callee.path[-1] == "clear_session":  # Keras's automatic names start over
                self.namer = Namer()
                return None
            if callee.path[-1] in GLOBAL_SETTERS:
                raise ProgramRaises(node, problems=(error(
                    "LC030", f"`{excerpt(describe(node.func))}(...)` changes Keras's global settings (dtypes or data "
                    "format of every later layer), which lstmcalc does not model", span(node), None,
                    "summarise the model without it; lstmcalc answers for Keras's defaults (float32, channels_last)"),))
        if callee.imported and callee.path[-1] not in TENSOR_QUERIES and any(
                self.holds_tensors(arg) for arg in [*node.args, *(kw.value for kw in node.keywords)]):
            self.operation_on_tensors(callee, node)
        self.handed_away(node)  # a function of a module lstmcalc does not read
        raise Unresolved(node)

    def operation_on_tensors(self, callee: Module, node: ast.Call) -> None:
        """A library function applied to Keras tensors at model level: a Keras function
        (keras.ops.mean, keras.activations.relu) records an operation row, which lstmcalc does
        not model; a TensorFlow one is refused by Keras 3 itself (recorded from Keras 3.15.1)."""
        from lstmcalc.readers.python.flow import ProgramRaises

        text = excerpt(describe(node.func))
        keras = {"keras", "tf_keras", "keras_core"} & set(callee.path)
        if keras and not {"ops", "activations"} & set(callee.path):
            return  # another Keras function: not followed, as before
        if keras:
            raise Refused("LC012", node, f"`{text}(...)` applies a Keras operation to Keras tensors: Keras 3 records "
                          "it in the model's graph as a row of its own, which lstmcalc does not model",
                          "lstmcalc models layers, not operations written between them; use a layer that does the "
                          "same where Keras has one, or a Lambda with output_shape")
        raise ProgramRaises(node, "ValueError: A KerasTensor cannot be used as input to a TensorFlow function "
                            f"(`{text}`), so Keras 3 stops here",
                            "wrap the TensorFlow function in a layer: a Layer subclass whose call() applies it "
                            "(lstmcalc reads it), or a Lambda with output_shape")

    def keras_call(self, callee: KerasName, node: ast.Call) -> Any:
        """A Keras class called: arguments only known at run time are reported here, with the
        --set hint, and the object it would have made fails quietly from then on."""
        try:
            args, keywords = self.arguments(node)
        except Unresolved as exc:
            self.stop_if_undefined(exc)
            before = len(self.problems)
            self.unresolved(exc)
            problems = tuple(self.problems[before:])
            del self.problems[before:]
            return self.poison(tuple(sorted({*self.poisons_in(node), *problems}, key=lambda d: d.span)))
        except Refused as exc:
            return self.poison((exc.diagnostic(),))
        return self.construct(callee, node, args, keywords)

    def model_call(self, model: Model, name: str, node: ast.Call) -> Any:
        """A model's method: arguments only known at run time (the data given to fit) do not
        matter to summary, fit, compile or save; for add they do."""
        try:
            args, keywords = self.arguments(node)
        except Unresolved as exc:
            if name in ("add", "get_layer"):
                if name == "add":
                    before = len(self.problems)
                    self.unresolved(exc)
                    model.problems.extend(self.problems[before:])
                    del self.problems[before:]
                    return None
                raise
            args, keywords = [], []
            if name == "summary":  # how the table looks is only known at run time
                keywords = [("__unknown__", exc.parts[0].text, span(node))]
            if name == "compile":  # which optimizer is only known at run time
                keywords = [("optimizer", UNKNOWN, span(node))]
            if name in DATA_METHODS:  # the data's shape is only known at run time
                args = [(UNKNOWN, span(node))]
        return self.model_method(model, name, node, args, keywords)

    def returned(self, node: ast.Call, value: Any) -> Any:
        if isinstance(value, Unknown):
            raise Unresolved(node)
        return value

    def user_keras_class(self, cls: KerasSubclass, node: ast.Call) -> Poison:
        kind = "model" if cls.base in ("Model", "Sequential", "Functional") else "layer"
        problem = error("LC012", f"`{excerpt(cls.name)}` is a user-defined Keras {kind} class (a subclass of "
                        f"{cls.base}); lstmcalc does not read its code", span(node), None,
                        f"lstmcalc prints models built from Keras's own layers; {cls.name} is defined at line "
                        f"{cls.node.lineno}")
        return self.poison((problem,))

    def unresolved(self, exc: Unresolved) -> None:
        for part in exc.parts:
            example = "60" if not isinstance(part.node, (ast.Tuple, ast.List)) else "(50, 10)"
            text = excerpt(part.text)
            settable = isinstance(part.node, (ast.Name, ast.Attribute, ast.Subscript))  # what --set can name
            if isinstance(part.node, ast.Call):
                self.problems.append(self.unknown_call(part.node))
                continue
            if part.because is not None:
                test = excerpt(describe(part.because))
                settable = isinstance(part.because, (ast.Name, ast.Attribute, ast.Subscript))
                self.problems.append(error(
                    "LC030", f"`{text}` depends on `{test}` (line {getattr(part.because, 'lineno', 1)}), which is "
                    "only known when the code runs", span(part.node), None,
                    f"give it a value: --set {shell_quote(f'{test}=True')}" if settable
                    else f"give it a value: --set {shell_quote(f'{text}={example}')}"))
                continue
            hint = f"give it a value: --set {shell_quote(f'{text}={example}')}" if text == part.text and settable else \
                "write it as a literal, or assign it to a variable and give that a value with --set"
            self.problems.append(error(
                "LC030", f"`{text}` is only known when the code runs", span(part.node), None, hint))

    def unknown_call(self, node: ast.Call) -> Diagnostic:
        """A call whose result lstmcalc cannot know: a library function, an unknown class."""
        text = excerpt(describe(node.func))
        try:
            callee = self.value(node.func)
        except (Unresolved, Refused):
            callee = None
        if callee is None and isinstance(node.func, (ast.Name, ast.Attribute)) and text[:1].isupper():
            return error("LC012", f"`{text}` is not a Keras class lstmcalc knows", span(node), None,
                         "lstmcalc reads models built from Keras's own layers")
        return error("LC030", f"`{excerpt(describe(node))}` is only known when the code runs", span(node), None,
                     "assign it to a variable and give that a value with --set")

    def expression_failed(self, node: ast.expr, exc: Unresolved) -> Any:
        """An assignment or statement whose value is unknown. When it takes Keras tensors
        (a library function or an unknown layer applied to them), the tensors it makes fail
        with a diagnostic at this line, instead of a vague one where they are used."""
        if not isinstance(node, ast.Call) or not self.touches_keras(node):
            return UNKNOWN
        before = len(self.problems)
        undefined = [p for p in exc.parts if isinstance(p.node, ast.Name) and p.node.id not in self.file_names
                     and p.node.id not in self.settings]
        for part in undefined:  # a tensor the file never defines: Python stops with NameError
            assert isinstance(part.node, ast.Name)
            self.problems.append(error(
                "LC030", f"`{excerpt(part.node.id)}` is not defined anywhere in the file: Python stops here with "
                f"NameError", span(part.node), None, "define it before this line"))
        remaining = [p for p in exc.parts if p not in undefined]
        if remaining:
            self.unresolved(Unresolved(exc.node, remaining))
        problems = tuple(self.problems[before:])
        del self.problems[before:]
        if not problems:
            problems = (error("LC010", f"cannot tell what `{excerpt(describe(node))}` computes from Keras tensors",
                              span(node), None, "build the model from Keras layers"),)
        return self.poison(problems)

    def handed_away(self, node: ast.Call) -> None:
        """A list, dict or object of the file's given to a function lstmcalc cannot follow may
        be changed by it (`update_config(cfg)`): its names become unknown from here."""
        for given in [*node.args, *(kw.value for kw in node.keywords)]:
            arg = given.value if isinstance(given, ast.Starred) else given
            if isinstance(arg, ast.Name):
                found, value = self.scope.find(arg.id)
                if found and isinstance(value, (list, dict, Instance)):
                    self.forget(arg.id, node)
                elif found and isinstance(value, Model) and not self.keras_callable(node.func) and not any(
                        n.code == "LC039" for n in value.notes):
                    value.notes.append(warning(
                        "LC039", f"`{excerpt(arg.id)}` is given to `{excerpt(describe(node.func))}`, which lstmcalc "
                        "cannot follow; the table is the model as this file builds it", span(node), None,
                        "if that function adds layers or freezes some, the table Keras prints differs"))

    def keras_callable(self, func: ast.expr) -> bool:
        """Whether FUNC is reached through an imported module known not to change a model
        (Keras's and TensorFlow's own utilities, numpy, matplotlib, ...)."""
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        found, value = self.scope.find(root.id)
        return found and isinstance(value, Module) and value.imported and value.path[0] in QUIET_MODULES

    def poisons_in(self, node: ast.AST) -> list[Diagnostic]:
        """The problems of failed Keras objects the expression's names hold."""
        found: list[Diagnostic] = []
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name):
                bound, value = self.scope.find(inner.id)
                if bound and isinstance(value, Poison):
                    found.extend(value.problems)
        return found

    def holds_tensors(self, node: ast.expr) -> bool:
        """Whether NODE is a name (or a list of names) holding Keras tensors."""
        if isinstance(node, (ast.List, ast.Tuple)):
            return any(self.holds_tensors(e) for e in node.elts)
        if isinstance(node, ast.Name):
            found, value = self.scope.find(node.id)
            return found and any(isinstance(v, Tensor) for v in ([*value] if isinstance(value, list) else [value]))
        return False

    def touches_keras(self, node: ast.AST) -> bool:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name):
                found, value = self.scope.find(inner.id)
                values = value if isinstance(value, (list, tuple)) and len(value) < 1000 else [value]
                if found and any(isinstance(v, (Tensor, Layer, Model, Poison)) for v in values):
                    return True
        return False

