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
from typing import Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.layers import REGISTRY
from lstmcalc.span import Span
from lstmcalc.spec.model import LayerSpec, ModelSpec, Ref
from lstmcalc.spec.naming import Namer
from lstmcalc.spec.pycall import NotLiteral, callee_name, layer_from_call, literal
from lstmcalc.spec.sequential import fold_input

MAX_SOURCE = 1_000_000
ORIGIN = Span(1, 1)
MODEL_CLASSES = {"Sequential", "Model", "Functional"}
INPUT_CALLS = {"Input", "InputLayer"}
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Div: operator.truediv,
           ast.Pow: operator.pow}


class Unresolved(Exception):
    def __init__(self, node: ast.AST, parts: list[Unresolved] | None = None) -> None:
        super().__init__(ast.unparse(node))
        self.node = node
        self.text = ast.unparse(node)
        #: the unknown sub-expressions, each to be reported (all of a tuple's, not just the first)
        self.parts = parts or [self]


class Evaluator:
    """Values of names and simple expressions, from assignments seen so far and --set."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.names: dict[str, Any] = {}

    def value(self, node: ast.expr) -> Any:
        text = ast.unparse(node)
        if text in self.settings:
            return self.settings[text]
        try:
            return literal(node)
        except NotLiteral:
            pass
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            raise Unresolved(node)
        if isinstance(node, (ast.Tuple, ast.List)):
            values, missing = [], []
            for element in node.elts:
                try:
                    values.append(self.value(element))
                except Unresolved as exc:
                    missing.extend(exc.parts)
            if missing:
                raise Unresolved(node, missing)
            return values
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and \
                    not isinstance(left, bool) and not isinstance(right, bool):
                if isinstance(node.op, ast.Pow) and abs(right) > 64:
                    raise Unresolved(node)
                try:
                    return _BINOPS[type(node.op)](left, right)
                except (ArithmeticError, ValueError):
                    raise Unresolved(node) from None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.value(node.operand)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return -inner
        raise Unresolved(node)


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
        self.namer = Namer()

    # --- values -------------------------------------------------------------------------
    def resolve(self, node: ast.expr) -> Any:
        try:
            return self.eval.value(node)
        except Unresolved as exc:
            self.unresolved(exc)
            raise NotLiteral(exc.node, exc.text) from None

    def unresolved(self, exc: Unresolved) -> None:
        for part in exc.parts:
            example = "60" if not isinstance(part.node, (ast.Tuple, ast.List)) else "(50, 10)"
            self.problems.append(error(
                "LC030", f"`{part.text}` is only known when the code runs", _span(part.node), None,
                f"give it a value: --set '{part.text}={example}'"))

    def layer(self, call: ast.Call) -> LayerSpec | None:
        """Construct a layer, naming it as Keras would at this point (construction order)."""
        problems: list[Diagnostic] = []
        spec = layer_from_call(call, problems, resolve=self.resolve)
        # resolve() already explained unresolved values (with a --set hint); keep the rest
        self.problems.extend(p for p in problems if "without running code" not in p.message)
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
        return node is not None and any(isinstance(n, ast.Name) and n.id in self.poisoned for n in ast.walk(node))

    # --- statements ---------------------------------------------------------------------
    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.With, ast.If, ast.For)):
            for inner in stmt.body:
                self.statement(inner)
            return
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            self.expression(stmt.value, targets=[])
            return
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            self.add_call(stmt.value)
            return
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                names: list[str | None] = [target.id]
            elif isinstance(target, (ast.Tuple, ast.List)):
                names = [t.id if isinstance(t, ast.Name) else None for t in target.elts]
            else:
                return
            if self.expression(stmt.value, targets=names):
                return
            if len(names) == 1 and names[0] is not None:
                try:
                    self.eval.names[names[0]] = self.eval.value(stmt.value)
                except Unresolved:
                    self.eval.names.pop(names[0], None)

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
                    "LC010", f"`{value.func.id}` is called a second time: shared layers are not supported yet",
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
                    "LC010", f"cannot tell which tensors `{ast.unparse(value)}` is applied to", _span(value),
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
                except Unresolved:
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
                "LC010", f"the model's outputs `{ast.unparse(outputs)}` are not tensors lstmcalc followed",
                _span(outputs), None, "pass variables holding layers' outputs"))
            return True
        last = self.graph[-1].name if self.graph else None
        plain = refs == (Ref(last, None, ORIGIN),) if last else False
        self.models.append((model_name, list(self.graph), () if plain else refs))
        return True


def _span(node: ast.AST) -> Span:
    return Span(getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def from_python(text: str, path: str, settings: dict[str, Any] | None = None) -> tuple[ModelSpec | None, list[Diagnostic]]:
    if len(text) > MAX_SOURCE:
        return None, [error("LC002", f"the source is over {MAX_SOURCE:,} characters", Span(1, 1))]
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        return None, [error("LC001", f"Python syntax error: {exc.msg}", Span(exc.lineno or 1, exc.offset or 1))]
    except (ValueError, RecursionError, MemoryError):
        return None, [error("LC002", "the source nests too deeply to read", Span(1, 1))]
    reader = Reader(path, settings or {})
    try:
        for stmt in tree.body:
            reader.statement(stmt)
    except RecursionError:
        return None, [error("LC002", "the source nests too deeply to read", Span(1, 1))]
    if reader.problems:
        return None, reader.problems
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
    return ModelSpec(path, tuple(layers), name, outputs=outputs), []


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    """--set 'x_train.shape[1]=60' -> {'x_train.shape[1]': 60}; raises ValueError when malformed."""
    out: dict[str, Any] = {}
    for pair in pairs:
        expr, sep, raw = pair.rpartition("=")
        if not sep or not expr.strip():
            raise ValueError(f"{pair!r}: expected EXPRESSION=VALUE")
        try:
            key = ast.unparse(ast.parse(expr.strip(), mode="eval").body)
            out[key] = literal(ast.parse(raw.strip(), mode="eval").body)
        except (SyntaxError, NotLiteral) as exc:
            raise ValueError(f"{pair!r}: the value must be a literal such as 60 or (50, 10)") from exc
    return out
