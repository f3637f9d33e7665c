"""Keras API calls as Keras 3 runs them: constructing layers and models, calling layers on
tensors (which makes nodes), Sequential.add, the functional helpers, model and layer
attributes (`model.layers[i].output`, `model.inputs`), and the model methods that choose
which model a file prints (summary, fit, compile, save).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.keras_version import keras_version
from lstmcalc.layers import REGISTRY
from lstmcalc.layers.cells import CELL_POSITIONAL
from lstmcalc.readers.python.keras_objects import (
    ACTIVATIONS,
    FUNCTIONAL_HELPERS,
    INPUT_CALLS,
    MODEL_CLASSES,
    Event,
    KerasName,
    KerasObjectFactory,
    Layer,
    Model,
    Module,
    Node,
    Poison,
    Tensor,
    flatten,
)
from lstmcalc.readers.python.values import (
    MAX_VALUE_TEXT,
    UNKNOWN,
    BoundValueMethod,
    Refused,
    Unresolved,
    expands_too_far,
    plain,
    span,
    text_size,
    to_spec,
)
from lstmcalc.safety.text import excerpt
from lstmcalc.span import Span
from lstmcalc.spec.model import LayerSpec
from lstmcalc.spec.naming import Namer
from lstmcalc.spec.pycall import Known, describe, layer_from_values

#: Layers one file may build (unrolled loops make many quickly; Keras summaries of
#: thousands of rows take seconds to print).
MAX_LAYERS = 1_000
#: Codes of layer-construction errors where Keras's constructor itself raises: the file stops.
KERAS_RAISES = {"LC013", "LC014", "LC017"}
#: Calls of layers one file may make.
MAX_NODES = 10_000
#: Layer calls Keras makes by rebuilding Sequential models (every add calls every layer
#: again); past this, their tensors (`model.layers[i].output`) are not followed.
MAX_REBUILD_NODES = 20_000

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
#: Model methods that make it the file's model when no summary() is called.
ROLE_METHODS = {"fit", "fit_generator", "compile", "save", "train_on_batch", "evaluate", "predict"}
#: Model methods that neither change nor select it.
QUIET_METHODS = {"get_weights", "set_weights", "load_weights", "save_weights", "to_json", "get_config",
                 "count_params", "predict_on_batch", "evaluate_generator", "predict_generator", "reset_states",
                 "test_on_batch", "export", "summary_text"}
#: Keras 3's Model.summary parameters, in order.
SUMMARY_ARGS = ("line_length", "positions", "print_fn", "expand_nested", "show_trainable", "layer_range")
MODEL_METHODS = ROLE_METHODS | QUIET_METHODS | {"add", "pop", "get_layer", "summary", "build"}
#: Model methods that build an unbuilt Sequential from the data they are given.
DATA_METHODS = {"fit", "fit_generator", "train_on_batch", "evaluate", "predict", "test_on_batch"}
#: Keyword arguments a layer call may take beside its inputs.
CALL_KEYWORDS = {"initial_state", "training", "mask", "constants", "return_attention_scores",
                 "use_causal_mask", "query_mask", "value_mask", "key_mask"}


Argument = tuple[Any, Span]
Keyword = tuple[str, Any, Span]

#: The tensor parameters of MultiHeadAttention's call, in its order.
SPREAD_NAMES = ("query", "value", "key")


def _spread_inputs(args: list[Argument], keywords: list[Keyword]) -> list[Any] | None:
    """mha(q, v), mha(q, v, k), mha(query=q, value=v, key=k): the tensors in call order
    (query, value, key); None when the call takes another form (then refused as unknown)."""
    named = {k: v for k, v, _ in keywords if k in SPREAD_NAMES}
    if len(args) > len(SPREAD_NAMES) or any(name in named for name in SPREAD_NAMES[:len(args)]):
        return None
    found = [v for v, _ in args] + [named[n] for n in SPREAD_NAMES[len(args):] if n in named]
    if len(found) != len(args) + len(named) or any(isinstance(v, (list, tuple, dict)) for v in found):
        return None
    return found


class KerasMixin:
    """Keras semantics for the interpreter (see Interpreter in __init__)."""

    problems: list[Diagnostic]
    namer: Namer
    models: list[Model]
    settings: dict[str, Any]
    stray: list[Diagnostic]
    layers_built: int
    nodes_made: int
    order: int

    if TYPE_CHECKING:  # provided by the interpreter
        def unresolved(self, exc: Unresolved) -> None: ...

    def poison(self, problems: tuple[Diagnostic, ...]) -> Poison:
        """A failed Keras object; its problems are kept in case no model is found at all."""
        self.stray.extend(problems)
        return Poison(problems)

    def tick(self) -> int:
        self.order += 1
        return self.order

    # --- names that lead to Keras ---------------------------------------------------------
    def module_attribute(self, module: Module, node: ast.Attribute) -> Any:
        """`keras.layers` -> a module; `layers.LSTM` -> the class; `tf.nn.relu` -> 'relu'."""
        attr = node.attr
        path = (*module.path, attr)
        if attr == "__version__" and module.imported:
            from lstmcalc.readers.python import keras_modules

            recorded = keras_modules.module_version(".".join(module.path))
            if recorded is not None:
                return recorded  # the versions lstmcalc answers for: `if tf.__version__[0] == "1":` is decided
        if module.imported and module.path == ("argparse",) and attr == "ArgumentParser":
            from lstmcalc.readers.python.cli_args import ParserClass

            return ParserClass()
        if module.imported and module.path[0] == "numpy":
            from lstmcalc.readers.python import arrays

            if module.path == ("numpy",) and attr in arrays.FUNCTIONS:
                return arrays.NumpyFunction(attr)
            if module.path == ("numpy", "random") and attr in arrays.RANDOM:
                return arrays.NumpyFunction(attr, random=True)
        if module.imported:
            from lstmcalc.readers.python import keras_modules

            dotted = ".".join(module.path)
            if keras_modules.checked(dotted) and keras_modules.is_module(dotted) and not keras_modules.has(dotted, attr):
                from lstmcalc.keras_version import keras_version
                from lstmcalc.layers.keras_names import removed_layer_hint
                from lstmcalc.readers.python.flow import ProgramRaises

                keras3 = keras_version() == 3
                hint = removed_layer_hint(attr) if keras3 else None
                if not keras3 and attr in ("CuDNNLSTM", "CuDNNGRU"):
                    hint = f"tf_keras 2.21 keeps {attr} in tf.compat.v1.keras.layers"
                raise ProgramRaises(node, f"AttributeError: module {dotted!r} has no attribute {excerpt(attr)!r} "
                                    f"({keras_modules.label()})", keras_modules.with_keras2_hint(
                                        hint or f"{'Keras 3' if keras3 else 'tf_keras 2.21'} does not have it "
                                        "under that module",
                                        attr in ("CuDNNLSTM", "CuDNNGRU") or keras_modules.keras2_has(dotted, attr)))
        if module.is_keras:
            owner = module.path[-1]
            if owner in ("initializers", "regularizers", "constraints"):
                from lstmcalc.layers.keras_names import CONSTRAINTS, INITIALIZERS, REGULARIZERS

                known = {"initializers": INITIALIZERS, "regularizers": REGULARIZERS, "constraints": CONSTRAINTS}[owner]
                if attr in known or attr in ("l1_l2", "L1L2"):
                    return KerasObjectFactory(owner, attr)
            if owner in ("activations", "nn") and attr in ACTIVATIONS:
                return attr
            if attr in REGISTRY or attr in MODEL_CLASSES or attr in INPUT_CALLS or _removed(attr):
                return KerasName(attr)
            if attr in FUNCTIONAL_HELPERS and owner == "layers":
                return KerasName(attr)
            if owner == "optimizers" and attr[:1].isupper():
                from lstmcalc.readers.python.optimizers import OptimizerClass

                return OptimizerClass(attr)
            if owner in ("layers", "models", "applications") and attr[:1].isupper() and module.imported:
                return KerasName(attr)  # a Keras class lstmcalc does not model: refused by name where used
        return Module(path, module.imported)

    # --- constructing ----------------------------------------------------------------------
    def construct(self, callee: KerasName, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> Any:
        name = callee.name
        if name in MODEL_CLASSES:
            return self.new_model(name, node, args, keywords)
        if name in FUNCTIONAL_HELPERS:
            return self.helper(name, node, args, keywords)
        if name in CELL_POSITIONAL:
            return self.new_cell(name, node, args, keywords)
        layer = self.new_layer(name, node, args, keywords)
        if name == "Input" and isinstance(layer, Layer):
            layer.nodes.append(Node(layer, 0, (), (), span(node), False, self.tick()))
            return Tensor(layer, 0, None)
        return layer

    def new_layer(self, type_name: str, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> Layer | Poison:
        self.layers_built += 1
        if self.layers_built > MAX_LAYERS:
            from lstmcalc.readers.python.values import TooManyLayers

            raise TooManyLayers(node)
        problems: list[Diagnostic] = []
        given: list[tuple[Any, Span]] = []
        named: list[tuple[str, Any, Span]] = []
        for i, (value, where) in enumerate(args):
            if type_name == "Lambda" and i == 0 and not isinstance(value, Poison):
                given.append((Known("<function>"), where))  # lstmcalc never runs a Lambda's function
                continue
            checked = self.layer_argument(value, where, node, problems)
            if checked is not None:
                given.append((checked, where))
        for i, (value, where) in enumerate(args):
            if type_name == "Lambda" and i == 1:
                _lambda_output_shape(value, where, problems)
        for key, value, where in keywords:
            if type_name == "Lambda" and key == "output_shape":
                _lambda_output_shape(value, where, problems)
            if type_name == "Lambda" and key == "function" and not isinstance(value, Poison):
                named.append((key, Known("<function>"), where))
                continue
            checked = self.layer_argument(value, where, node, problems, key)
            if checked is not None:
                named.append((key, checked, where))
        if problems:  # its arguments failed before (a Poison) or are objects lstmcalc does not pass on
            return self.poison(tuple(dict.fromkeys(problems)))
        kind = "Input" if type_name in INPUT_CALLS else type_name
        if type_name == "InputLayer" and keras_version() == 2:
            named = self.keras2_input_layer(named, node)
        elif type_name == "Input" and keras_version() == 2 and any(key == "batch_input_shape" for key, _, _ in named):
            # tf_keras's Input takes batch_input_shape (or batch_shape, which it overrides) as the batch shape
            named = [("batch_shape" if key == "batch_input_shape" else key, value, where)
                     for key, value, where in named if key != "batch_shape"]
        elif type_name == "InputLayer":  # Keras 3 still takes InputLayer(input_shape=...), with a warning
            named = [("shape" if key == "input_shape" else key, value, where) for key, value, where in named]
        spec = layer_from_values(type_name, span(node), span(node.func), given, named, problems=problems)
        if spec is None:
            if not problems:
                problems.append(error("LC014", f"`{excerpt(describe(node.func))}(...)` could not be read", span(node),
                                      None, "write its arguments as literals or known values"))
            raising = [p for p in problems if p.is_error and p.code in KERAS_RAISES]
            if raising:  # Keras's constructor raises here (unrecognized or repeated arguments): the file stops
                from lstmcalc.readers.python.flow import ProgramRaises

                raise ProgramRaises(node, problems=tuple(raising))
            return self.poison(tuple(problems))
        self.problems.extend(problems)  # warnings (a Keras 3 deprecation) go with the model
        return Layer(self.name_layer(spec._replace(type=kind)))

    @staticmethod
    def keras2_input_layer(named: list[tuple[str, Any, Span]], node: ast.Call) -> list[tuple[str, Any, Span]]:
        """tf_keras 2.21's InputLayer(input_shape=, batch_size=, batch_input_shape=, ...) in the
        spec's Input form (shape, batch_size, batch_shape); anything else raises
        ValueError('Unrecognized keyword arguments: [...]'), as
        tf_keras/src/engine/input_layer.py does (`shape` included: that is Keras 3's)."""
        from lstmcalc.readers.python.flow import ProgramRaises

        own = {"input_shape": "shape", "batch_size": "batch_size", "dtype": "dtype", "sparse": "sparse",
               "name": "name", "ragged": "ragged", "batch_input_shape": "batch_shape"}
        unknown = [key for key, _, _ in named if key not in own]
        if unknown:
            raise ProgramRaises(node, f"ValueError: Unrecognized keyword arguments: {unknown!r} (InputLayer in "
                                "tf_keras 2.21)", "tf.keras 2's InputLayer takes input_shape=, batch_size= or "
                                "batch_input_shape=")
        keys = {key for key, _, _ in named}
        if "input_shape" in keys and "batch_input_shape" in keys:
            raise ProgramRaises(node, "ValueError: Only provide the input_shape OR batch_input_shape argument to "
                                "InputLayer, not both at the same time.", "keep one")
        if "batch_input_shape" in keys:  # its batch size wins over batch_size
            named = [item for item in named if item[0] != "batch_size"]
        return [(own[key], value, where) for key, value, where in named]

    def layer_argument(self, value: Any, where: Span, node: ast.Call, problems: list[Diagnostic],
                       key: str | None = None) -> Known | None:
        """An evaluated argument in the form layer_from_values takes, or None after a
        diagnostic: a wrapped layer as its LayerSpec, plain data as the spec's data."""
        if isinstance(value, Poison):
            problems.extend(value.problems)
            return None
        if isinstance(value, Layer) and value.spec is not None and not value.nodes:
            return Known(value.spec)
        if isinstance(value, (Layer, Model)):
            problems.append(error("LC012", f"`{excerpt(describe(node.func))}` is given a "
                                  f"{'model' if isinstance(value, Model) or value.model else 'layer that was already called'}"
                                  f"{' for ' + repr(key) if key else ''}, which lstmcalc does not model yet",
                                  where, None, "wrap a new layer object"))
            return None
        if not plain(value):
            problems.append(error("LC014", f"the value of `{key or 'a positional argument'}` in "
                                  f"`{excerpt(describe(node.func))}(...)` is a "
                                  f"{'tensor' if isinstance(value, Tensor) else 'Python object'}, "
                                  "not a value lstmcalc can pass to a layer", where, None,
                                  "write the value as a literal, e.g. units=64"))
            return None
        if text_size(value) > MAX_VALUE_TEXT or expands_too_far(value):
            problems.append(Refused("LC002", node, f"`{excerpt(describe(node))}` has a value too large for a layer "
                                    "argument", "keep layer arguments small").diagnostic())
            return None
        return Known(to_spec(value))

    def name_layer(self, spec: LayerSpec) -> LayerSpec:
        wrapped = {k: v if v.name is not None else self.name_layer(v) for k, v in spec.wrapped.items()}
        name = spec.name
        cls = REGISTRY.get(spec.type)
        if name is None and cls is not None:
            name = self.namer.take(cls.auto_name)
        return spec._replace(name=name, wrapped=wrapped)

    def new_cell(self, name: str, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> dict[str, Any]:
        """`LSTMCell(8)`, `StackedRNNCells([...])`: an RNN cell, in the spec's form of the
        RNN's `cell` argument ({type: LSTMCell, units: 8}); lstmcalc/layers/cells.py checks
        its arguments as Keras does when the RNN is made."""
        names = CELL_POSITIONAL[name]
        if len(args) > len(names) or not all(plain(v) for v, _ in args) or not all(plain(v) for _, v, _ in keywords):
            raise Unresolved(node)
        cell: dict[str, Any] = {"type": name}
        cell.update(zip(names, (v for v, _ in args), strict=False))
        cell.update({key: value for key, value, _ in keywords})
        return cell

    def keras_object(self, factory: KerasObjectFactory, node: ast.Call, args: list[Argument],
                     keywords: list[Keyword]) -> dict[str, Any]:
        """`initializers.RandomNormal(stddev=0.01)`, `regularizers.l2(1e-4)`: the mapping Keras
        serializes them to, which the layer arguments accept. Positional arguments are named
        where the signature is known (POSITIONAL_NAMES); otherwise they are not followed."""
        names = POSITIONAL_NAMES.get(factory.name, ())
        if len(args) > len(names) or not all(plain(v) for v, _ in args) or not all(plain(v) for _, v, _ in keywords):
            raise Unresolved(node)
        config = {key: value for key, value, _ in keywords}
        config.update(zip(names, (v for v, _ in args), strict=False))
        return {"class_name": factory.name, "config": config}

    def helper(self, name: str, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> Any:
        """`concatenate([a, b], axis=1, name="c")` is `Concatenate(axis=1, name="c")([a, b])`."""
        if not args:
            raise Unresolved(node)
        layer = self.new_layer(FUNCTIONAL_HELPERS[name], node, args[1:], keywords)
        if isinstance(layer, Poison):
            return layer
        return self.call_layer(layer, node, [args[0]], [])

    @staticmethod
    def keras2_model_keywords(kind: str, node: ast.Call, keys: list[str]) -> None:
        """tf_keras 2.21's refusals of a model's keywords: Sequential(layers=None, name=None)
        takes no other, and Model's validate_kwargs raises TypeError('Keyword argument not
        understood:', key) for any but inputs, outputs, name and trainable (Keras 1's
        Model(input=..., output=...) included), the first in call order."""
        from lstmcalc.readers.python.flow import ProgramRaises

        if kind == "Sequential":
            unknown = [key for key in keys if key not in ("layers", "name")]
            if unknown:
                raise ProgramRaises(node, problems=(error(
                    "LC013", f"TypeError: Sequential.__init__() got an unexpected keyword argument {unknown[0]!r} "
                    "(tf_keras 2.21)", span(node), None, "tf.keras 2's Sequential takes layers= and name="),))
            return
        unknown = [key for key in keys if key not in ("inputs", "outputs", "name", "trainable")]
        if unknown:
            raise ProgramRaises(node, problems=(error(
                "LC013", f"TypeError: ('Keyword argument not understood:', {unknown[0]!r}) (Model in tf_keras 2.21)",
                span(node), None, "tf.keras 2 spells them inputs= and outputs=" if set(unknown) & {"input", "output"}
                else "tf.keras 2's Model takes inputs, outputs, name and trainable"),))

    def new_model(self, kind: str, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> Model | Poison:
        options = {key: value for key, value, _ in keywords}
        if keras_version() == 2:
            self.keras2_model_keywords(kind, node, list(options))
        allowed = {"layers", "name", "trainable"} if kind == "Sequential" else {"inputs", "outputs", "name", "trainable"}
        unknown = [key for key in options if key not in allowed]
        if unknown:  # Keras 1's Model(input=..., output=...), for one: Keras 3 raises here
            from lstmcalc.readers.python.flow import ProgramRaises

            shown = ", ".join(repr(k) for k in unknown)
            hint = "Keras 3 spells them inputs= and outputs=" if set(unknown) & {"input", "output"} else \
                f"{kind} takes {', '.join(sorted(allowed))}"
            raise ProgramRaises(node, problems=(error(
                "LC013", f"Unrecognized keyword arguments passed to {'Model' if kind != 'Sequential' else kind}: "
                f"{{{excerpt(shown)}}}", span(node), None, hint),))
        given_name = options.get("name")
        if given_name is not None and not isinstance(given_name, str):
            raise Unresolved(node)
        if kind == "Sequential":
            model = Model("Sequential", "", span(node), self.tick())
            items = args[0][0] if args else options.get("layers")
            model.name = given_name or self.namer.take("sequential")
            if items is not None:
                if not isinstance(items, (list, tuple)):
                    raise Unresolved(node)
                for item in items:  # Sequential(layers): add each without rebuilding, then build once
                    self.add_to(model, item, node, rebuild=False)
                self.rebuild(model, node)
            self.models.append(model)
            return model
        inputs = args[0][0] if args else options.get("inputs")
        outputs = args[1][0] if len(args) > 1 else options.get("outputs")
        model = Model("Functional", "", span(node), self.tick())
        if inputs is None or outputs is None:
            model.name = given_name or self.namer.take("functional")
            model.problems.append(error(
                "LC012", f"`{excerpt(describe(node.func))}()` without inputs and outputs is a subclassed model, "
                "which lstmcalc does not read", span(node), None, "build it with keras.Model(inputs, outputs)"))
            self.problems.extend(model.problems)
            self.models.append(model)
            return model
        for part, what in ((inputs, "inputs"), (outputs, "outputs")):
            for item in flatten(part):
                if isinstance(item, Poison):
                    model.problems.extend(item.problems)
                elif not isinstance(item, Tensor):
                    model.problems.append(error(
                        "LC010", f"the model's {what} `{excerpt(describe(node))}` are not tensors lstmcalc followed",
                        span(node), None, "pass variables holding keras.Input(...) and layers' outputs"))
                    self.problems.append(model.problems[-1])
                    break
        for item in flatten(inputs):
            if isinstance(item, Tensor) and not item.layer.is_input and not model.problems:
                model.problems.append(error(
                    "LC010", f"a model input comes from `{excerpt(item.layer.name)}`, not from keras.Input(...); "
                    "lstmcalc reads models whose inputs are Inputs", span(node), None,
                    "start the model at keras.Input tensors"))
                self.problems.append(model.problems[-1])
        model.inputs, model.outputs = inputs, outputs
        model.name = given_name or self.namer.take("functional")
        self.models.append(model)
        return model

    def add_to(self, model: Model, item: Any, node: ast.AST, rebuild: bool = True) -> None:
        """Sequential.add(ITEM): a layer, a model, or an Input tensor. As Keras 3 does it: a
        first layer given input_shape gets an InputLayer (which takes an `input_layer` name),
        and every add after the input rebuilds the model (a Functional inside, which takes a
        `functional` name, calling every layer again)."""
        if isinstance(item, Poison):
            model.problems.extend(item.problems)
            return
        if isinstance(item, Layer) and item.spec is not None and not model.items and not item.is_input and (
                "input_shape" in item.spec.args or "batch_input_shape" in item.spec.args):
            model.implicit_input = self.input_for(item.spec, node)
        if isinstance(item, (Model, Layer)) or (
                isinstance(item, Tensor) and item.layer.is_input and item.index is None):
            model.items.append(item)
            if rebuild:
                self.rebuild(model, node)
            return
        model.problems.append(error(
            "LC010", f"`{excerpt(describe(node))}` adds something that is not a layer lstmcalc followed",
            span(node), None, "add Keras layer objects"))
        self.problems.append(model.problems[-1])

    def input_for(self, spec: LayerSpec, node: ast.AST) -> Layer:
        """The InputLayer Keras 3's Sequential.add makes for a first layer's input_shape."""
        from lstmcalc.spec.model import ArgSpec

        given = spec.args.get("input_shape") or spec.args.get("batch_input_shape")
        assert given is not None
        key = "shape" if "input_shape" in spec.args else "batch_shape"
        # tf.keras 2 names it after the layer, `lstm_input`, and takes no automatic name for it
        name = f"{spec.name}_input" if keras_version() == 2 and spec.name else self.namer.take("input_layer")
        layer = Layer(LayerSpec(type="Input", span=span(node), type_span=span(node), name=name,
                                args={key: ArgSpec(given.value, given.span, given.key_span)}))
        layer.nodes.append(Node(layer, 0, (), (), span(node), False, self.tick()))
        return layer

    def rebuild(self, model: Model, node: ast.AST) -> None:
        """Keras's Sequential._maybe_rebuild: with an input and a layer after it, build a
        Functional over the layers (a `functional` name taken) by calling each in turn."""
        first = model.items[0] if model.items else None
        start = model.implicit_input if model.implicit_input is not None else \
            first.layer if isinstance(first, Tensor) else first if isinstance(first, Layer) and first.is_input else None
        rest = model.items[1:] if model.implicit_input is None else model.items
        if start is None or not rest:
            model.built_output = None
            return
        if keras_version() == 3:  # a tf.keras 2 Sequential is a graph network itself: no inner model to name
            self.namer.take("functional")
        tick = self.tick()
        if model.nodes_unknown or self.nodes_made + len(rest) > MAX_REBUILD_NODES + MAX_NODES:
            model.nodes_unknown = True
            return
        x = Tensor(start, 0, None)
        for item in rest:
            target = item.layer if isinstance(item, Model) else item
            if not isinstance(target, Layer):
                return
            self.first_call(target)
            self.nodes_made += 1
            made = Node(target, len(target.nodes), (x,), (), span(node), False, tick)
            target.nodes.append(made)
            x = Tensor(target, made.index, None)
        model.built_output = x

    def first_call(self, layer: Layer) -> None:
        """Keras builds a Sequential without an input at its first call: an InputLayer and the
        Functional inside it take their automatic names then."""
        if layer.user is not None and not layer.nodes:  # a user's layer: build() names its layers now
            self.user_layer_first_call(layer)  # type: ignore[attr-defined]
        inner = layer.model
        if inner is not None and inner.kind == "Sequential" and inner.built_output is None and not layer.nodes \
                and inner.implicit_input is None and not (inner.items and isinstance(inner.items[0], Tensor)) \
                and keras_version() == 3:  # tf.keras 2 names the input `<first layer>_input`, and no inner model
            self.namer.take("input_layer")
            self.namer.take("functional")

    def unbuilt(self, model: Model) -> bool:
        """A Sequential with no input yet: Keras builds it at its first call, fit or build."""
        first = model.items[0] if model.items else None
        return model.kind == "Sequential" and model.implicit_input is None and not model.layer.nodes and not (
            isinstance(first, Tensor) or (isinstance(first, Layer) and first.is_input))

    def build_from_data(self, model: Model, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> None:
        """fit(x, ...) on an unbuilt Sequential builds it from x's shape, as Keras does; when
        x's shape is only known at run time, a later summary() cannot be printed."""
        from lstmcalc.readers.python.arrays import Array

        x = args[0][0] if args else next((v for k, v, _ in keywords if k == "x"), None)
        text = describe(node.args[0]) if node.args else "the data"
        given = self.settings.get(f"{text}.shape")  # --set 'x_train.shape=(1000, 30, 4)'
        shape = x.shape if isinstance(x, Array) else tuple(given) if isinstance(given, (list, tuple)) else None
        first = _first_batch(name_of(node), shape, {k: v for k, v, _ in keywords}, args)
        if first is not None and shape is not None and len(shape) >= 2:
            # Keras builds from the first batch it sees (TF backend, recorded from Keras 3.15)
            self.model_method(model, "build", node, [((first[0], *shape[1:]), span(node))], [])
            return
        model.unbuilt_data = f"`{excerpt(text)}`"

    # --- calling a layer --------------------------------------------------------------------
    def call_layer(self, layer: Layer, node: ast.Call, args: list[Argument], keywords: list[Keyword]) -> Any:
        """`LSTM(64)(x)`, `encoder(x, initial_state=[h, c])`, `Concatenate()([a, b])`: a node."""
        packed = layer.user is not None and len(args) > 1
        if packed:  # a user's call(query, values): several tensor arguments
            args = self.pack_user_arguments(layer, args)  # type: ignore[attr-defined]
        values = [v for v, _ in args] + [v for _, v, _ in keywords]
        poison = [p for v in values for p in flatten(v) if isinstance(p, Poison)]
        if poison:
            return self.poison(tuple(d for p in poison for d in p.problems))
        cls = REGISTRY.get(layer.spec.type) if layer.spec is not None else None
        passed_by: tuple[str, ...] = ()
        if cls is not None and cls.spread:  # mha(query, value, key=...): the tensors as arguments
            spread = _spread_inputs(args, keywords)
            if spread is not None:
                named = {k for k, _, _ in keywords}
                passed_by = ("",) * len(args) + tuple(n for n in SPREAD_NAMES[len(args):] if n in named)
                passed_by = passed_by if any(passed_by) else ()
                args, keywords = [(spread, span(node))], [kw for kw in keywords if kw[0] not in SPREAD_NAMES]
        if cls is not None and cls.call_args and layer.spec is not None:
            options = self.call_options(layer, node, cls.call_args, keywords)
            if options is not None:
                return options
            keywords = [kw for kw in keywords if kw[0] not in cls.call_args]
        unknown = [k for k, _, _ in keywords if k not in CALL_KEYWORDS]
        states = next((v for k, v, _ in keywords if k == "initial_state"), None)
        if len(args) != 1 or unknown or not all(isinstance(t, Tensor) for t in flatten(args[0][0])) or \
                (states is not None and not all(isinstance(t, Tensor) for t in flatten(states))) or \
                not flatten(args[0][0]):
            problem = error("LC010", f"cannot tell which tensors `{excerpt(describe(node))}` is applied to",
                            span(node), layer.name, "apply each layer to variables holding Inputs or layers' outputs")
            self.problems.append(problem)
            return self.poison((problem,))
        self.nodes_made += 1
        if self.nodes_made > MAX_NODES:
            from lstmcalc.readers.python.values import OutOfSteps

            raise OutOfSteps(node)
        inputs = tuple(flatten(args[0][0]))
        state_tensors = tuple(flatten(states)) if states is not None else ()
        others = tuple(t for k, v, _ in sorted(keywords, key=lambda kw: kw[0]) if k != "initial_state"
                       for t in flatten(v) if isinstance(t, Tensor))
        if others:
            problem = error("LC010", f"`{excerpt(describe(node))}` passes tensors as call options (mask, constants), "
                            "which lstmcalc does not model", span(node), layer.name, "pass only inputs and initial_state")
            self.problems.append(problem)
            return self.poison((problem,))
        self.first_call(layer)
        listed = isinstance(args[0][0], (list, tuple))
        if layer.user is not None and layer.spec is not None:  # a user's layer: build() sees a list of shapes
            definition = layer.spec.args["definition"].value
            definition.listed = listed
            if not packed:
                definition.structure = None
        made = Node(layer, len(layer.nodes), inputs, state_tensors, span(node), listed, self.tick(), passed_by)
        layer.nodes.append(made)
        return Tensor(layer, made.index, None)

    def call_options(self, layer: Layer, node: ast.Call, names: tuple[str, ...], keywords: list[Keyword]) -> Any:
        """Record a layer's call arguments (return_attention_scores=True) among its spec's
        arguments; a poison when they are not constants or differ from an earlier call's."""
        from lstmcalc.spec.model import ArgSpec

        assert layer.spec is not None
        given = {k: (v, where) for k, v, where in keywords if k in names}
        for key in names:
            value, where = given.get(key, (False, span(node)))
            if not isinstance(value, bool):
                problem = error("LC010", f"`{excerpt(describe(node))}` passes {key}={excerpt(str(value))}; lstmcalc "
                                "needs True or False written in the code", span(node), layer.name,
                                f"write {key}=True or {key}=False")
                self.problems.append(problem)
                return self.poison((problem,))
            before = layer.spec.args.get(key)
            if layer.nodes and (before.value if before is not None else False) != value:
                problem = error("LC010", f"{excerpt(layer.name)} is called with {key}={value} here but not at its "
                                "first call; lstmcalc models one set of call arguments per layer", span(node),
                                layer.name, "use a separate layer for each kind of call")
                self.problems.append(problem)
                return self.poison((problem,))
            if value and before is None:
                layer.spec = layer.spec._replace(args={**layer.spec.args, key: ArgSpec(value, where, where)})
        return None

    # --- attributes and methods of Keras objects ---------------------------------------------
    def keras_attribute(self, owner: Any, node: ast.Attribute) -> Any:
        attr = node.attr
        if isinstance(owner, Model):
            return self.model_attribute(owner, node)
        if isinstance(owner, Layer):
            if attr == "name":
                return owner.name
            if attr in ("output", "input"):
                if not owner.nodes and owner.is_input and owner.spec is not None:
                    # an InputLayer made on its own holds its tensor from construction, as Keras's does
                    owner.nodes.append(Node(owner, 0, (), (), owner.spec.span, False, self.tick()))
                if not owner.nodes:
                    if any(m.nodes_unknown and owner in m.items for m in self.models):
                        raise Unresolved(node)
                    failed = [m for m in self.models if m.problems and owner in m.items]
                    if failed:  # its Sequential could not be built here: that reason is told already
                        return self.poison(tuple(failed[0].problems))
                    from lstmcalc.readers.python.flow import ProgramRaises

                    raise ProgramRaises(node, f"AttributeError: The layer {excerpt(owner.name)} has never been called "
                                        f"and thus has no defined {attr}.", "call the layer on a tensor first")
                first = owner.nodes[0]
                if attr == "output":
                    return Tensor(owner, 0, None)
                if owner.is_input:
                    return Tensor(owner, 0, None)
                return first.inputs[0] if len(first.inputs) == 1 and not first.listed else list(first.inputs)
        if isinstance(owner, Tensor) and attr == "name":
            raise Unresolved(node)
        raise Unresolved(node)

    def model_attribute(self, model: Model, node: ast.Attribute) -> Any:
        attr = node.attr
        if attr == "name":
            return model.name
        if attr == "layers":
            if model.kind == "Sequential":
                return [item.layer if isinstance(item, Tensor) else item for item in model.items
                        if not (isinstance(item, Tensor) or (isinstance(item, Layer) and item.is_input))]
            from lstmcalc.readers.python.graph import functional_layers

            return [layer.model if layer.model is not None else layer for layer in functional_layers(model)]
        if model.kind == "Functional" and attr in ("inputs", "outputs", "input", "output"):
            value = model.inputs if attr.startswith("input") else model.outputs
            if attr.endswith("s"):
                return list(flatten(value))
            return value
        if model.kind == "Sequential" and attr in ("inputs", "outputs"):
            if model.problems:  # the reason it could not be built is already told
                return self.poison(tuple(model.problems))
            if model.nodes_unknown:
                raise Unresolved(node)
            if model.built_output is None:
                from lstmcalc.readers.python.flow import ProgramRaises

                raise ProgramRaises(node, f"AttributeError: `{excerpt(describe(node))}`: the Sequential model has no "
                                    "input shape, so it is not built and has no inputs or outputs",
                                    "start it with keras.Input(shape=...)")
            start = model.implicit_input or model.items[0]
            start_layer = start.layer if isinstance(start, Tensor) else start
            return [Tensor(start_layer, 0, None)] if attr == "inputs" else [model.built_output]
        if model.kind == "Sequential" and attr in ("input", "output") and not model.layer.nodes:
            from lstmcalc.readers.python.flow import ProgramRaises

            raise ProgramRaises(node, f"AttributeError: The layer {excerpt(model.name)} has never been called and thus "
                                f"has no defined {attr}.", f"use `{excerpt(describe(node.value))}.{attr}s`, as Keras 3 "
                                "keeps a Sequential's own tensors there")
        if attr == "trainable":
            return model.trainable if model.trainable is not None else True
        if attr in MODEL_METHODS:
            return BoundValueMethod(model, attr)
        raise Unresolved(node)

    def model_method(self, model: Model, name: str, node: ast.Call, args: list[Argument],
                     keywords: list[Keyword]) -> Any:
        if name == "add" and model.kind == "Sequential":
            if len(args) != 1:
                raise Unresolved(node)
            self.add_to(model, args[0][0], node)
            return None
        if name == "build" and model.kind == "Sequential":  # build(input_shape): an InputLayer, as Keras makes it
            shape = args[0][0] if args else next((v for k, v, _ in keywords if k == "input_shape"), None)
            if not isinstance(shape, (list, tuple)) or not shape or not all(
                    d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in shape):
                raise Unresolved(node)
            if model.implicit_input is None and not (model.items and isinstance(model.items[0], Tensor)):
                from lstmcalc.spec.model import ArgSpec

                first = model.items[0] if model.items else None
                first_name = first.spec.name if isinstance(first, Layer) and first.spec is not None else None
                layer = Layer(LayerSpec(type="Input", span=span(node), type_span=span(node),
                                        name=f"{first_name}_input" if keras_version() == 2 and first_name
                                        else self.namer.take("input_layer"),
                                        args={"batch_shape": ArgSpec(list(shape), span(node), span(node))}))
                layer.nodes.append(Node(layer, 0, (), (), span(node), False, self.tick()))
                model.implicit_input = layer
                model.built_by_call = True
                self.rebuild(model, node)
            return None
        if name == "pop" and model.kind == "Sequential":
            if model.items:
                model.items.pop()
                self.rebuild(model, node)
            return None
        if name == "get_layer":  # get_layer(name=None, index=None)
            named = {k: v for k, v, _ in keywords}
            wanted = named.get("name", args[0][0] if args else None)
            index = named.get("index", args[1][0] if len(args) > 1 else None)
            layers = self.model_attribute(model, ast.Attribute(value=node.func, attr="layers"))
            if isinstance(wanted, str):
                for layer in layers:
                    if layer.name == wanted:
                        return layer
                raise Refused("LC030", node, f"No such layer: {excerpt(wanted)} (Keras raises ValueError here)",
                              "check the layer's name")
            if isinstance(index, int) and not isinstance(index, bool) and -len(layers) <= index < len(layers):
                return layers[index]
            raise Unresolved(node)
        if name == "summary" or name in ROLE_METHODS:
            options = {key: value for key, value, _ in keywords}
            if name == "summary":  # summary(line_length, positions, print_fn, expand_nested, show_trainable, layer_range)
                options.update(zip(SUMMARY_ARGS, (v for v, _ in args), strict=False))
            if name == "compile":  # compile(optimizer="rmsprop", loss=None, ...)
                options.update(zip(("optimizer", "loss"), (v for v, _ in args), strict=False))
                options.setdefault("optimizer", "rmsprop")
            if name in ("fit", "fit_generator", "train_on_batch") and not any(
                    e.kind == "compile" for e in model.events):
                from lstmcalc.readers.python.flow import ProgramRaises

                raise ProgramRaises(node, "RuntimeError: You must call `compile()` before using the model.",
                                    "compile the model before fit()")
            if name in DATA_METHODS and self.unbuilt(model):
                self.build_from_data(model, node, args, keywords)
            layers = tuple(model.items) if model.kind == "Sequential" else ()
            model.events.append(Event(name, span(node), self.tick(), layers, options))
            # fit() returns a History, evaluate() losses, predict() an array: known only when run
            return UNKNOWN if name in DATA_METHODS else None
        if name in QUIET_METHODS:
            return None
        raise Unresolved(node)


def _first_batch(method: str, shape: tuple[Any, ...] | None, named: dict[str, Any],
                 args: list[Argument]) -> tuple[int | None] | None:
    """(the batch axis Keras builds a Sequential with,) from the data fit/evaluate/predict is
    given; None when it is not known. fit and evaluate batch with batch_size (default 32) and
    keep it only when it divides the samples (else the axis is None); predict batches 32 at a
    time; train_on_batch takes the whole array."""
    if shape is None or not isinstance(shape[0], int) or set(named) & {"steps_per_epoch", "steps", "x"}:
        return None
    samples = shape[0]
    if method in ("train_on_batch", "test_on_batch"):
        return (samples,)
    batch = named.get("batch_size", args[2][0] if method == "fit" and len(args) > 2 else None)
    batch = 32 if batch is None else batch
    if not isinstance(batch, int) or isinstance(batch, bool) or batch <= 0:
        return None
    if method == "predict":
        return (batch,) if samples >= batch else None
    split = named.get("validation_split", 0.0) if method == "fit" else 0.0
    if not isinstance(split, (int, float)) or not 0 <= split < 1:
        return None
    samples = int(samples * (1 - split)) if split else samples
    return (batch if samples % batch == 0 else None,)


def name_of(node: ast.Call) -> str:
    """The method a call calls (`fit` in `model.fit(...)`)."""
    return node.func.attr if isinstance(node.func, ast.Attribute) else ""


def _removed(name: str) -> bool:
    from lstmcalc.layers.keras_names import REMOVED_LAYERS

    return name in REMOVED_LAYERS


def _lambda_output_shape(value: Any, where: Span, problems: list[Diagnostic]) -> None:
    """Keras 3 adds the batch axis to a Lambda's output_shape with `(batch,) + shape`, which
    fails for a list (recorded from Keras 3.15.1 when the layer is called)."""
    if isinstance(value, list) and all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in value):
        shown = ", ".join(str(v) for v in value) + ("," if len(value) == 1 else "")
        problems.append(error(
            "LC104", "Exception encountered when calling Lambda.call(). can only concatenate tuple (not "
            '"TrackedList") to tuple: Keras 3 needs a tuple for a Lambda\'s output_shape', where, None,
            f"write output_shape=({shown})"))
