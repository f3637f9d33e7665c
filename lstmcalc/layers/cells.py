"""The generic RNN over cells, Dot, Lambda and three normalization layers (Keras 3.15).

- `RNN` (keras/src/layers/rnn/rnn.py) runs a cell, or a list of cells stacked as Keras's
  StackedRNNCells, over the timesteps. Cells are not layers of the model: they are the
  value of the RNN's `cell` argument, in the spec's form (`{type: LSTMCell, units: 32}`) or
  Keras's serialised form (`{class_name: LSTMCell, config: {...}}`).
- `Dot` (keras/src/layers/merging/dot.py), `Lambda` (keras/src/layers/core/lambda_layer.py),
- `Normalization` (keras/src/layers/preprocessing/normalization.py), `GroupNormalization`
  and `UnitNormalization` (keras/src/layers/normalization/).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    ANY,
    AXIS,
    BASE_ARGS,
    BOOL,
    INT,
    NUMBER,
    constraint,
    initializer,
    regularizer,
    with_schema,
)
from lstmcalc.layers.base import (
    DTYPE_POLICIES,
    REQUIRED,
    Arg,
    Kind,
    Layer,
    Refusal,
    Shape,
    Weight,
    dtype_bytes,
    fmt_shape,
    register,
    require_defined,
)
from lstmcalc.layers.keras_names import ACTIVATIONS
from lstmcalc.layers.merging import Merge
from lstmcalc.layers.recurrent import RNN as RecurrentBase
from lstmcalc.safety.text import excerpt, quoted

# --- cells ---------------------------------------------------------------------------------------


class CellKind(NamedTuple):
    """What a Keras cell class builds: gates per unit, how many states, its arguments."""

    gates: int
    states: int
    auto_name: str
    #: the constructor's arguments with their defaults (keras/src/layers/rnn/*_cell)
    defaults: dict[str, Any]


_CELL_COMMON: dict[str, Any] = {
    "kernel_initializer": "glorot_uniform", "recurrent_initializer": "orthogonal",
    "bias_initializer": "zeros", "kernel_regularizer": None, "recurrent_regularizer": None,
    "bias_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
    "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": None,
    "name": None, "dtype": None, "trainable": True, "autocast": True,
}

CELL_KINDS: dict[str, CellKind] = {
    "LSTMCell": CellKind(4, 2, "lstm_cell", {
        "units": REQUIRED, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
        "unit_forget_bias": True, "implementation": 2, **_CELL_COMMON}),
    "GRUCell": CellKind(3, 1, "gru_cell", {
        "units": REQUIRED, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
        "reset_after": True, "implementation": 2, **_CELL_COMMON}),
    "SimpleRNNCell": CellKind(1, 1, "simple_rnn_cell", {
        "units": REQUIRED, "activation": "tanh", "use_bias": True, **_CELL_COMMON}),
}
#: positional order of each cell class's constructor
CELL_POSITIONAL = {
    "LSTMCell": ("units", "activation", "recurrent_activation", "use_bias"),
    "GRUCell": ("units", "activation", "recurrent_activation", "use_bias"),
    "SimpleRNNCell": ("units", "activation", "use_bias"),
    "StackedRNNCells": ("cells",),
}
STACKED = "StackedRNNCells"


class Cell:
    """One LSTMCell, GRUCell or SimpleRNNCell, read from the RNN's `cell` argument.

    It quacks like the LSTM/GRU/SimpleRNN layers where lstmcalc's arithmetic
    (lstmcalc/numeric/ops.py) reads them: `type_name` is the layer the cell belongs to.
    """

    def __init__(self, kind: str, values: dict[str, Any]) -> None:
        self.kind = kind
        self.spec = CELL_KINDS[kind]
        self.__dict__.update(values)
        self.type_name = kind.removesuffix("Cell")  # LSTM, GRU, SimpleRNN
        self.units: int = values["units"]
        self.use_bias: bool = values["use_bias"]
        self.reset_after: bool = values.get("reset_after", False)
        self.return_sequences = True
        self.return_state = True
        self.go_backwards = False

    @property
    def state_sizes(self) -> list[int]:
        return [self.units] * self.spec.states

    def weights(self, features: int) -> list[Weight]:
        g, u = self.spec.gates, self.units
        out = [Weight("kernel", (features, g * u)), Weight("recurrent_kernel", (u, g * u))]
        if self.use_bias:
            out.append(Weight("bias", (2, 3 * u) if self.kind == "GRUCell" and self.reset_after else (g * u,)))
        trainable = self.__dict__.get("trainable") is not False
        # the cell's own dtype policy sizes its variables: Keras does not pass the RNN's on
        # (recorded: RNN(LSTMCell(3), dtype="float16") keeps 4-byte weights)
        policy = self.__dict__.get("dtype")
        if isinstance(policy, dict):
            config = policy.get("config")
            policy = config.get("name") if isinstance(config, dict) else None
        size = dtype_bytes(policy if isinstance(policy, str) else None)
        return [w._replace(trainable=trainable, variable_trainable=trainable, itemsize=size) for w in out]


def _cell_entry(value: Any) -> tuple[str, dict[str, Any]] | str:
    """(class name, arguments) of one cell in either form, or the complaint."""
    if not isinstance(value, dict):
        return f"a cell is a mapping such as {{type: LSTMCell, units: 32}}, got {quoted(value)}"
    if "class_name" in value and "type" not in value:  # Keras's serialised form
        kind, config = value.get("class_name"), value.get("config", {})
        if not isinstance(config, dict):
            return f"the cell {quoted(kind)} has a `config` that is not a mapping"
        return (kind if isinstance(kind, str) else quoted(kind)), dict(config)
    kind = value.get("type")
    if not isinstance(kind, str):
        return "a cell needs `type:` naming a Keras cell class (LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells)"
    return kind, {k: v for k, v in value.items() if k != "type"}


def read_cells(value: Any, depth: int = 0) -> list[Cell] | str:
    """The cells of an RNN's `cell` argument, flattened in Keras's order (a list or a
    StackedRNNCells stacks them), or Keras's complaint."""
    if depth > 8:
        return "cells nest too deeply"
    if isinstance(value, list):
        if not value:
            return "StackedRNNCells needs at least one cell; got an empty list"
        out: list[Cell] = []
        for item in value:
            cells = read_cells(item, depth + 1)
            if isinstance(cells, str):
                return cells
            out += cells
        return out
    entry = _cell_entry(value)
    if isinstance(entry, str):
        return entry
    kind, args = entry
    if kind == STACKED:
        cells = args.pop("cells", None)
        args.pop("name", None), args.pop("dtype", None), args.pop("trainable", None)
        if args:
            return f"Unrecognized keyword arguments passed to StackedRNNCells: {quoted(sorted(args))}"
        if not isinstance(cells, list):
            return "StackedRNNCells needs `cells:`, a list of cells"
        return read_cells(cells, depth + 1)
    spec = CELL_KINDS.get(kind)
    if spec is None:
        return (f"Argument `cell` should have a `call` method: {excerpt(kind)} is not a Keras RNN cell "
                "(lstmcalc knows LSTMCell, GRUCell, SimpleRNNCell and StackedRNNCells)")
    unknown = sorted(k for k in args if k not in spec.defaults)
    if unknown:
        return f"Unrecognized keyword arguments passed to {kind}: {quoted({k: args[k] for k in unknown})}"
    values = {k: args.get(k, d) for k, d in spec.defaults.items()}
    units = values["units"]
    if units is REQUIRED:
        return f"{kind}.__init__() missing 1 required positional argument: 'units'"
    if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
        return f"Received an invalid value for argument `units`, expected a positive integer, got {quoted(units)}."
    for key in ("activation", "recurrent_activation"):
        act = values.get(key)
        if isinstance(act, str) and act not in ACTIVATIONS:
            return f"Could not interpret activation function identifier: {excerpt(act)}"
    for key in ("use_bias", "unit_forget_bias", "reset_after"):
        if key in values and not isinstance(values[key], bool):
            return f"{kind} argument `{key}` must be true or false, got {quoted(values[key])}"
    if values.get("dtype") is not None and not isinstance(values["dtype"], (str, dict)):
        return f"{kind} argument `dtype` must be a string, got {quoted(values['dtype'])}"
    if isinstance(values.get("dtype"), str) and values["dtype"] not in DTYPE_POLICIES:
        return f"Cannot interpret dtype policy {quoted(values['dtype'])}."
    return [Cell(kind, values)]


def _check_cell(value: Any) -> str | None:
    cells = read_cells(value)
    return cells if isinstance(cells, str) else None


CELL = Kind("a cell mapping ({type: LSTMCell, units: 32}) or a list of cells",
            lambda v: isinstance(v, (dict, list)),
            {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]})
with_schema(_check_cell, {})


@register
class RNN(RecurrentBase):
    """Keras's generic RNN: runs `cell` (or a list of cells, stacked) over the timesteps.

    Weights: each cell's kernel (features_in, g x units), recurrent_kernel (units, g x units)
    and bias, in cell order; a stacked cell's input is the previous cell's units. g = 4 for
    LSTMCell, 3 for GRUCell, 1 for SimpleRNNCell. Output: the last cell's units; return_state
    adds every cell's states, in order (h and c for an LSTMCell).
    """

    positional = ("cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
                  "zero_output_for_mask")

    type_name = "RNN"
    auto_name = "rnn"
    ndim = None  # type: ignore[assignment]  # Keras sets input_spec=None on RNN
    args = (
        *BASE_ARGS,
        Arg("cell", CELL, REQUIRED, _check_cell, "the cell, e.g. {type: LSTMCell, units: 32}, or a list of cells"),
        Arg("return_sequences", BOOL, False, None,
            "true: output every timestep (batch, timesteps, units); false: only the last (batch, units)"),
        Arg("return_state", BOOL, False, None, "also return the final state of every cell"),
        Arg("go_backwards", BOOL, False, None, "process the sequence in reverse"),
        Arg("stateful", BOOL, False, None, "carry state across batches (needs a fixed batch size)"),
        Arg("unroll", BOOL, False),
        Arg("zero_output_for_mask", BOOL, False),
    )
    cell: Any
    cells: list[Cell]

    def __init__(self, name: str, values: dict[str, Any], nested: dict[str, Layer] | None = None):
        super().__init__(name, values, nested)
        cells = read_cells(self.cell)
        self.cells = cells if isinstance(cells, list) else []
        self.stacked = isinstance(self.cell, list) or (
            isinstance(self.cell, dict) and STACKED in (self.cell.get("type"), self.cell.get("class_name")))
        last = self.cells[-1] if self.cells else None
        self.units = last.units if last else 0
        self.use_bias = last.use_bias if last else True

    def state_shapes(self, shape: Shape) -> list[Shape]:
        return [(shape[0], size) for cell in self.cells for size in cell.state_sizes]

    def cell_path(self, index: int) -> str:
        """The variable path Keras prints: rnn/lstm_cell/kernel, rnn/stacked_rnn_cells/..."""
        cell = self.cells[index]
        own = cell.__dict__.get("name")
        before = sum(1 for c in self.cells[:index] if c.kind == cell.kind)
        name = own if isinstance(own, str) else cell.spec.auto_name + (f"_{before}" if before else "")
        return f"{'stacked_rnn_cells/' if self.stacked else ''}{excerpt(name)}"

    def check_input(self, shape: Shape) -> None:
        super().check_input(shape)
        if keras_version() == 2:
            self.keras2_check(shape)

    def keras2_check(self, shape: Shape) -> None:
        """What tf_keras 2.21's RNN refuses when it runs the cells (rnn/base_rnn.py call ->
        backend.rnn): the cells are written for (batch, features) steps of a (batch, time,
        features) input, and `cell.call` runs without the cell's autocast, so the RNN's dtype
        and the cell's must agree."""
        if len(shape) < 3:
            dims = ", ".join(map(str, (*shape[1:2], *shape[:1]))) if len(shape) == 2 else fmt_shape(shape)
            raise Refusal("LC100", f'Exception encountered when calling layer "{self.label}" (type RNN). Shape '
                          f"({dims}) must have rank at least 3 (backend.rnn swaps the batch and time axes)",
                          "give the RNN a (batch, timesteps, features) input")
        if len(shape) > 3:
            raise Refusal("LC100", f"{self.label}: tf.keras 2's built-in cells are written for (batch, features) "
                          f"steps, but {fmt_shape(shape)} gives them {fmt_shape((shape[0], *shape[2:]))}: "
                          "TensorFlow fails in the cell's matmul or split (recorded for LSTMCell and GRUCell), "
                          "and lstmcalc does not model what it might build instead",
                          "flatten each step to (batch, timesteps, features), e.g. with TimeDistributed(Flatten)")
        own = _policy_name(self.dtype)
        for cell in self.cells:
            theirs = _policy_name(cell.__dict__.get("dtype"))
            # the cell computes in its own policy's dtype (recorded: a mixed_float16 cell in a
            # float32 RNN fails, a float16 cell in a mixed_float16 RNN builds)
            if _compute(theirs) != _compute(own):
                raise Refusal("LC104", f"TypeError: Exception encountered when calling layer "
                              f"'{cell.spec.auto_name}' (type {cell.kind}). Input 'b' of 'MatMul' Op has type "
                              f"{_compute(theirs)} that does not match type {_compute(own)} of argument 'a' "
                              f"({self.label} runs its {cell.kind} of dtype {theirs} on its {own} inputs)",
                              "give the RNN and its cells the same dtype")

    def weights(self, shape: Shape) -> list[Weight]:
        # Keras builds the cell on (batch, *shape[2:]) first, then checks a stateful batch.
        step = (shape[0], *shape[2:])
        features: int | None = step[-1]
        out: list[Weight] = []
        for i, cell in enumerate(self.cells):
            g = cell.spec.gates
            (n_in, _) = require_defined(self, (features, g * cell.units), f"{self.cell_path(i)}/kernel")
            out += cell.weights(n_in)
            features = cell.units
        if self.stateful and shape[0] is None:
            raise Refusal(
                "LC105",
                "When using `stateful=True` in a RNN, the batch size must be static. Found "
                f"dynamic batch size: sequence.shape={fmt_shape(shape)}",
                "give the Input a fixed batch_size (or batch_shape)",
            )
        return out


def _policy_name(policy: Any) -> str:
    """A dtype policy's name as written in a spec or config (None: float32)."""
    if isinstance(policy, dict):
        config = policy.get("config")
        policy = config.get("name") if isinstance(config, dict) else None
    return policy if isinstance(policy, str) else "float32"


def _compute(policy: str) -> str:
    return policy.removeprefix("mixed_")


# --- Dot -----------------------------------------------------------------------------------------
def _check_axes(v: Any) -> str | None:
    if isinstance(v, int) and not isinstance(v, bool):
        return None
    if not isinstance(v, list):
        return f"Invalid type for argument `axes`: it should be a list or an int. Received: axes={quoted(v)}"
    if len(v) != 2:
        return f"Invalid format for argument `axes`: it should contain two elements. Received: axes={quoted(v)}"
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in v):
        return ("Invalid format for argument `axes`: list elements should be integers. "
                f"Received: axes={quoted(v)}")
    return None


DOT_AXES = Kind("an integer axis or a pair of axes", lambda v: isinstance(v, (int, list)) and not isinstance(v, bool),
                {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]})
with_schema(_check_axes, {})


def _py_shape(shape: Shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


@register
class Dot(Merge):
    """Dot product of two inputs along `axes` (an axis for both, or one axis each).

    Output: the first input without its axis, then the second without its axis and its batch
    axis; (batch, 1) when only the batch axis is left. No weights.
    """

    positional = ("axes", "normalize")
    type_name = "Dot"
    auto_name = "dot"
    args = (
        *BASE_ARGS,
        Arg("axes", DOT_AXES, REQUIRED, _check_axes, "axis (or pair of axes) the dot product sums over"),
        Arg("normalize", BOOL, False, None, "L2-normalise both inputs first (cosine proximity)"),
    )
    axes: int | list[int]
    normalize: bool

    def resolved_axes(self, shapes: list[Shape]) -> list[int]:
        """Keras's axes: a negative int taken modulo each input's rank; a pair as given."""
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % len(shapes[0]), self.axes % len(shapes[1])]
            return [self.axes, self.axes]
        return list(self.axes)

    def merged_shape(self, shapes: list[Shape]) -> Shape:
        if len(shapes) != 2:
            listed = "[" + ", ".join(_py_shape(s) for s in shapes) + "]"
            raise Refusal("LC107", f"A `Dot` layer should be called on a list of 2 inputs. Received: "
                          f"input_shape={listed}", f"give {self.label} exactly two inputs")
        first, second = shapes
        axes = self.resolved_axes(shapes)
        for shape, axis in zip(shapes, axes, strict=True):
            if not -len(shape) <= axis < len(shape):
                raise Refusal("LC104", f"Dot axis {axis} is out of range for an input of shape {fmt_shape(shape)} "
                              "(Keras fails with an IndexError)", "pick an axis of each input (batch is axis 0)")
        if keras_version() == 2 and any(a % len(s) == 0 for a, s in zip(axes, shapes, strict=True)):
            # tf_keras Dot.call -> backend.batch_dot, which refuses the batch axis
            raise Refusal("LC104", f'Exception encountered when calling layer "{self.label}" (type Dot). Cannot '
                          "perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch "
                          "dimension to your inputs using K.expand_dims(x, 0)", "dot over a non-batch axis (1 or more)")
        if first[axes[0]] != second[axes[1]]:
            raise Refusal("LC104", f"Incompatible input shapes: axis values {first[axes[0]]} (at axis {axes[0]}) != "
                          f"{second[axes[1]]} (at axis {axes[1]}). Full input shapes: {_py_shape(first)}, "
                          f"{_py_shape(second)}", "the summed axes must have the same, known size")
        # Keras's compute_output_shape, literally (it gives the summary's shape even for axis 0,
        # which only fails when the model runs): pop each axis, then the second's first axis.
        a = [d for i, d in enumerate(first) if i != axes[0] % len(first)]
        b = [d for i, d in enumerate(second) if i != axes[1] % len(second)]
        if not b:
            raise Refusal("LC104", f"pop from empty list: {self.label}'s second input {fmt_shape(second)} has no axis "
                          "left after the dot axis (Keras fails with an IndexError)", "use an axis of 1 or more")
        out = a + b[1:]
        return (*out, 1) if len(out) == 1 else tuple(out)


# --- Lambda --------------------------------------------------------------------------------------
OUTPUT_SHAPE = Kind("a list of sizes (the per-sample output shape)",
                    lambda v: v is None or (isinstance(v, list) and all(
                        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in v)),
                    {"type": ["array", "null"], "items": {"type": ["integer", "null"]}})


@register
class Lambda(Layer):
    """Wraps a Python function. lstmcalc never runs it: the output shape is `output_shape`
    (per sample; Keras adds the batch axis), and without it lstmcalc refuses. No weights.

    In a spec, `output_shape` says what the function returns (a spec holds no function).
    tf.keras 2 takes the shape from running the function and ignores output_shape, so a
    Lambda read from code or a config, whose function is there, is refused under --keras 2."""

    positional = ("function", "output_shape", "mask", "arguments")
    type_name = "Lambda"
    auto_name = "lambda"
    args = (
        *BASE_ARGS,
        Arg("function", ANY, None, None, "the Python function (lstmcalc never runs it)"),
        Arg("output_shape", OUTPUT_SHAPE, None, None, "per-sample output shape, e.g. [8]"),
        Arg("mask", ANY, None), Arg("arguments", ANY, None),
    )
    output_shape_arg: list[int | None] | None

    def __init__(self, name: str, values: dict[str, Any], nested: dict[str, Layer] | None = None):
        values = dict(values)
        self.output_shape_arg = values.pop("output_shape", None)
        super().__init__(name, values, nested)

    def output_shape(self, shape: Shape) -> Shape:
        if keras_version() == 2 and self.__dict__.get("function") is not None:
            # tf_keras 2.21 builds a functional model by tracing each layer's call on symbolic
            # tensors (engine/base_layer.py _infer_output_signature): the printed shape is what
            # the function returns, and `output_shape` (Lambda.compute_output_shape) is unused
            raise Refusal(
                "LC104",
                f"{self.label} is a Lambda: tf.keras 2 takes its output shape from running its Python function "
                f"on a symbolic {fmt_shape(shape)} input, whatever `output_shape` says (only Keras 3 uses "
                "output_shape), and lstmcalc never runs code",
                "answer as Keras 3 (no --keras 2), or replace the Lambda by built-in layers (Reshape, Permute, "
                "...) whose shapes lstmcalc knows",
            )
        if self.output_shape_arg is None:
            raise Refusal(
                "LC104",
                f"{self.label} is a Lambda without `output_shape`: Keras infers its output shape by running "
                f"its Python function on a symbolic {fmt_shape(shape)} input, and lstmcalc never runs code",
                f"give {self.label} output_shape (the per-sample shape, without the batch axis), "
                "e.g. output_shape: [8] in a spec or Lambda(fn, output_shape=(8,)) in code",
            )
        return (shape[0] if shape else None, *self.output_shape_arg)


# --- normalization -------------------------------------------------------------------------------
def _axis_list(axis: int | list[int] | None) -> list[int]:
    if axis is None:
        return []
    return [axis] if isinstance(axis, int) else list(axis)


NUMBERS = Kind("a number or a (nested) list of numbers", lambda v: v is None or _numeric(v),
               {"type": ["number", "array", "null"]})


def _numeric(v: Any, depth: int = 0) -> bool:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    return depth < 8 and isinstance(v, list) and all(_numeric(x, depth + 1) for x in v)


def _np_shape(v: Any) -> tuple[int, ...]:
    shape: list[int] = []
    while isinstance(v, list):
        shape.append(len(v))
        v = v[0] if v else None
    return tuple(shape)


OPT_AXIS = Kind("an integer axis, a list of axes, or null", lambda v: v is None or AXIS.test(v) or v == [],
                {"oneOf": [*AXIS.schema["oneOf"], {"type": "null"}]})


@register
class Normalization(Layer):
    """Standardises inputs with a mean and variance kept per `axis` position.

    Without `mean`/`variance` it holds them as non-trainable variables mean and variance
    (the kept axes' shape) and an int64 count: params = 2 x prod(kept sizes) + 1, all
    non-trainable. With `mean` and `variance` given they are constants: no params.
    """

    positional = ("axis", "mean", "variance", "invert")
    type_name = "Normalization"
    auto_name = "normalization"
    family = "normalization"
    args = (
        *BASE_ARGS,
        Arg("axis", OPT_AXIS, -1, None, "axes that keep their own mean and variance (null: one for all)"),
        Arg("mean", NUMBERS, None, None, "the mean to subtract (with variance)"),
        Arg("variance", NUMBERS, None, None, "the variance to divide by the square root of (with mean)"),
        Arg("invert", BOOL, False, None, "undo the normalization instead"),
    )
    axis: int | list[int] | None
    mean: Any
    variance: Any
    invert: bool

    def validate(self) -> str | None:
        mean, variance = self.mean, self.variance
        if (mean is None) != (variance is None):
            return ("When setting values directly, both `mean` and `variance` must be set. Received: "
                    f"mean={_py(mean)} and variance={_py(variance)}")
        if mean is not None and keras_version() == 2:
            return None  # tf_keras checks the shapes when it builds (see keras2_check_given)
        if mean is not None:
            if _np_shape(mean) != _np_shape(variance):
                return ("When setting values directly, `mean` and `variance` must have the same shape. Received: "
                        f"mean shape {_py_shape(_np_shape(mean))} and variance shape {_py_shape(_np_shape(variance))}")
            axes = tuple(_axis_list(self.axis))
            if len(_np_shape(mean)) > len(axes):
                return ("The rank of `mean` must be less than or equal to the number of axes "
                        f"({len(axes)}). Received: mean shape {_py_shape(_np_shape(mean))} for axis {_py_shape(axes)}")
        return None

    def kept(self, shape: Shape) -> list[int]:
        axes = _axis_list(self.axis)
        ndim = len(shape)
        if any(a < -ndim or a >= ndim for a in axes):
            raise Refusal("LC104", "All `axis` values must be in the range [-ndim, ndim). Received inputs with "
                          f"ndim={ndim}, while axis={_py_shape(tuple(axes))}", f"the input has {ndim} axes")
        keep = sorted(a + ndim if a < 0 else a for a in axes)
        for d in keep:
            if shape[d] is None:
                raise Refusal("LC101", "All `axis` values to be kept must have a known shape. Received "
                              f"axis={_py_shape(tuple(axes))}, inputs.shape={_py_shape(shape)}, with unknown "
                              f"axis at index {d}", "give that axis a fixed size in the Input")
        return keep

    def output_shape(self, shape: Shape) -> Shape:
        self.kept(shape)
        return shape

    def check_given(self, shape: Shape, keep: list[int]) -> None:
        """Keras's build broadcasts a given mean (and variance) to the kept axes' sizes."""
        given = _np_shape(self.mean)
        if not given:
            return
        expanded = [1] * len(shape)
        for i in range(1, len(given) + 1):
            expanded[keep[-i]] = given[-i]
        target = [shape[d] if d in keep else 1 for d in range(len(shape))]
        if any(e not in (1, t) for e, t in zip(expanded, target, strict=True)):
            raise Refusal("LC104", f"Incompatible shapes: [{','.join(map(str, expanded))}] vs. "
                          f"[{','.join(map(str, target))}] [Op:BroadcastTo] (Keras broadcasts the given mean and "
                          "variance to the kept axes of the input)",
                          "give mean and variance one value per position of the kept axes (or one scalar)")

    def keras2_check_given(self, shape: Shape, keep: list[int]) -> None:
        """tf_keras 2.21's build (layers/preprocessing/normalization.py): `mean * np.ones(kept
        shape)` (numpy broadcasting), then tf.reshape to the kept axes' broadcast shape."""
        kept = tuple(int(shape[d] or 0) for d in keep)
        for what, given in (("mean", self.mean), ("variance", self.variance)):
            dims = _np_shape(given)
            width = max(len(dims), len(kept))
            a, b = (1,) * (width - len(dims)) + dims, (1,) * (width - len(kept)) + kept
            if any(x != y and 1 not in (x, y) for x, y in zip(a, b, strict=True)):
                raise Refusal("LC104", f"operands could not be broadcast together with shapes {_py_shape(dims)} "
                              f"{_py_shape(kept)} (tf.keras 2 multiplies the given {what} by ones of the kept "
                              "axes' shape)", "give mean and variance one value per position of the kept axes")
            size = math.prod(max(x, y) for x, y in zip(a, b, strict=True))
            if size != math.prod(kept):
                raise Refusal("LC104", f"Cannot reshape a tensor with {size} elements to shape "
                              f"[{','.join(str(shape[d] if d in keep else 1) for d in range(len(shape)))}] "
                              f"({math.prod(kept)} elements) (tf.keras 2's build reshapes the given {what})",
                              "give mean and variance one value per position of the kept axes")

    def weights(self, shape: Shape) -> list[Weight]:
        keep = self.kept(shape)
        if self.mean is not None:
            if keras_version() == 2:
                self.keras2_check_given(shape, keep)
            else:
                self.check_given(shape, keep)
            return []
        dims = tuple(int(shape[d] or 0) for d in keep)
        return [Weight("mean", dims, False), Weight("variance", dims, False), Weight("count", (), False, 8)]


def _py(v: Any) -> str:
    return "None" if v is None else excerpt(str(v))


def _check_groups(v: int) -> str | None:
    if v <= 0 and v != -1:
        return ("Received an invalid value for argument `groups`, expected a positive integer (or `-1` for "
                f"instance normalization). Received: groups={v}")
    return None


with_schema(_check_groups, {})


@register
class GroupNormalization(Layer):
    """Normalises each sample over groups of channels on `axis`.

    gamma and beta (channels,): params = 2 x channels. channels must be a multiple of
    groups (groups=-1: one group per channel).
    """

    positional = ("groups", "axis", "epsilon")
    type_name = "GroupNormalization"
    auto_name = "group_normalization"
    family = "normalization"
    args = (
        *BASE_ARGS,
        Arg("groups", INT, 32, _check_groups, "number of channel groups (-1: one per channel)"),
        Arg("axis", INT, -1, None, "the channel axis"),
        Arg("epsilon", NUMBER, 0.001),
        Arg("center", BOOL, True, None, "learn beta"), Arg("scale", BOOL, True, None, "learn gamma"),
        initializer("beta_initializer", "zeros"), initializer("gamma_initializer", "ones"),
        regularizer("beta_regularizer"), regularizer("gamma_regularizer"),
        constraint("beta_constraint"), constraint("gamma_constraint"),
    )
    groups: int
    axis: int
    epsilon: float
    center: bool
    scale: bool

    @property
    def autocasts(self) -> bool:
        return False  # Keras sets autocast=False on GroupNormalization

    def channels(self, shape: Shape) -> int:
        if not -len(shape) <= self.axis < len(shape):
            raise Refusal("LC104", f"tuple index out of range: axis {self.axis} of an input of shape "
                          f"{fmt_shape(shape)} (Keras fails with an IndexError)", f"the input has {len(shape)} axes")
        dim = shape[self.axis]
        if dim is None:
            raise Refusal("LC101", f"Axis {self.axis} of input tensor should have a defined dimension but the "
                          f"layer received an input with shape {_py_shape(shape)}.", "give that axis a fixed size")
        groups = dim if self.groups == -1 else self.groups
        if dim < groups:
            raise Refusal("LC104", f"Number of groups ({groups}) cannot be more than the number of channels ({dim}).",
                          f"use groups that divide {dim}")
        if dim % groups != 0:
            raise Refusal("LC104", f"Number of groups ({groups}) must be a multiple of the number of channels "
                          f"({dim}).", f"use groups that divide {dim}")
        return dim

    def output_shape(self, shape: Shape) -> Shape:
        self.channels(shape)
        return shape

    def weights(self, shape: Shape) -> list[Weight]:
        dim = self.channels(shape)
        out = []
        if self.scale:
            out.append(Weight("gamma", (dim,)))
        if self.center:
            out.append(Weight("beta", (dim,)))
        return out


@register
class UnitNormalization(Layer):
    """Scales each sample to unit L2 norm over `axis`. No weights; the shape is kept."""

    positional = ("axis",)
    type_name = "UnitNormalization"
    auto_name = "unit_normalization"
    family = "normalization"
    args = (*BASE_ARGS, Arg("axis", AXIS, -1, None, "axis or axes the norm is taken over"))
    axis: int | list[int]

    def output_shape(self, shape: Shape) -> Shape:
        for axis in _axis_list(self.axis):
            if axis >= len(shape) or axis < -len(shape):
                raise Refusal("LC104", f"Axis {self.axis} is out of bounds for input shape {_py_shape(shape)}.",
                              f"the input has {len(shape)} axes (batch included)")
        return shape
