"""Tensor ops over shapes, for tracing a user-defined layer's call() without running it.

A symbolic tensor is its shape (Keras's KerasTensor, which a symbolic call passes through
call()). The ops users write in attention layers are a TABLE from their names in tf.*,
keras.ops.*, and keras.backend / K.* to a shape rule with the defaults of that module
(keras.ops.concatenate joins axis 0, K.concatenate axis -1; K.expand_dims adds the last
axis, tf.expand_dims needs one). An op outside the table is a TraceError naming it; a
shape the op itself refuses is Keras's (or TensorFlow's) error, as a TraceError too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Dim = int | None
Shape = tuple[Dim, ...]


@dataclass(frozen=True)
class SymTensor:
    """A symbolic tensor of a traced call(): its shape (batch axis first, None unknown)."""

    shape: Shape
    #: a weight created by add_weight (its name), else ""
    variable: str = ""

    @property
    def ndim(self) -> int:
        return len(self.shape)


class TraceError(Exception):
    """The trace cannot go on: an op outside the table, or an op the framework refuses."""

    def __init__(self, message: str, unknown_op: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.unknown_op = unknown_op


def fmt(shape: Shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _axis(axis: Any, ndim: int, what: str = "axis") -> int:
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise TraceError(f"{what}={axis!r} is not an integer axis lstmcalc can follow")
    if not -ndim <= axis < ndim:
        raise TraceError(f"{what} {axis} is out of bounds for a tensor of rank {ndim}")
    return axis % ndim


def broadcast(a: Shape, b: Shape) -> Shape:
    """NumPy broadcasting, as every framework's element-wise ops do it."""
    out: list[Dim] = []
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x == 1:
            out.append(y)
        elif y in (1, x):
            out.append(x)
        elif x is None or y is None:
            out.append(x if y is None else y)
        else:
            raise TraceError(f"shapes {fmt(a)} and {fmt(b)} are incompatible for an element-wise op "
                             f"({x} and {y} cannot broadcast)")
    longer = a if len(a) > len(b) else b
    return tuple(longer[:abs(len(a) - len(b))]) + tuple(reversed(out))


def shape_of(value: Any) -> Shape | None:
    """The shape of a tensor operand: a SymTensor's, () for a Python number, else None."""
    if isinstance(value, SymTensor):
        return value.shape
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    return None


def elementwise(*operands: Any) -> SymTensor:
    shapes = [shape_of(v) for v in operands]
    if any(s is None for s in shapes):
        raise TraceError("an element-wise op is given something that is not a tensor or a number")
    out: Shape = ()
    for s in shapes:
        assert s is not None
        out = broadcast(out, s)
    return SymTensor(out)


def _same(x: Any, *_: Any, **__: Any) -> SymTensor:
    return SymTensor(_tensor(x).shape)


def _tensor(x: Any) -> SymTensor:
    if isinstance(x, SymTensor):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return SymTensor(())
    raise TraceError("an op is given something that is not a tensor lstmcalc traced")


def matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False, **_: Any) -> SymTensor:
    x, y = _tensor(a).shape, _tensor(b).shape
    if len(x) < 1 or len(y) < 1:
        raise TraceError("matmul needs tensors of rank >= 1")
    if transpose_a and len(x) >= 2:
        x = (*x[:-2], x[-1], x[-2])
    if transpose_b and len(y) >= 2:
        y = (*y[:-2], y[-1], y[-2])
    if len(x) == 1 or len(y) == 1:  # numpy's matmul promotes a vector
        left = x if len(x) > 1 else (1, *x)
        right = y if len(y) > 1 else (*y, 1)
        out = matmul(SymTensor(left), SymTensor(right)).shape
        if len(x) == 1:
            out = (*out[:-2], out[-1])
        if len(y) == 1:
            out = out[:-1]
        return SymTensor(out)
    _inner(x[-1], y[-2], x, y, "matmul")
    return SymTensor((*broadcast(x[:-2], y[:-2]), x[-2], y[-1]))


def _inner(a: Dim, b: Dim, x: Shape, y: Shape, op: str) -> None:
    if a is not None and b is not None and a != b:
        raise TraceError(f"{op}: the contracted dimensions differ ({a} and {b}) between {fmt(x)} and {fmt(y)}")


def k_dot(a: Any, b: Any) -> SymTensor:
    """keras.backend.dot (tf.keras): x (..., n) . y (n, m) or (..., n, m): contracts x's last axis
    with y's second to last."""
    x, y = _tensor(a).shape, _tensor(b).shape
    if len(y) == 1:
        _inner(x[-1], y[0], x, y, "dot")
        return SymTensor(x[:-1])
    if len(x) >= 2 and len(y) >= 2 and (len(x) > 2 or len(y) > 2):
        _inner(x[-1], y[-2], x, y, "dot")
        return SymTensor((*x[:-1], *y[:-2], y[-1]))
    return matmul(a, b)


def np_dot(a: Any, b: Any) -> SymTensor:
    """keras.ops.dot: numpy's dot (x's last axis with y's second to last, or y's only axis)."""
    x, y = _tensor(a).shape, _tensor(b).shape
    if not x or not y:
        return elementwise(a, b)
    if len(y) == 1:
        _inner(x[-1], y[0], x, y, "dot")
        return SymTensor(x[:-1])
    _inner(x[-1], y[-2], x, y, "dot")
    return SymTensor((*x[:-1], *y[:-2], y[-1]))


def batch_dot(a: Any, b: Any, axes: Any = None) -> SymTensor:
    """keras.backend.batch_dot: a dot over each sample; with no axes, x's last axis and y's
    second to last (its last for a 2D y); a result of rank 1 gets an axis of 1."""
    x, y = _tensor(a).shape, _tensor(b).shape
    if isinstance(axes, int):
        axes = (axes, axes)
    if axes is None:
        axes = (len(x) - 1, len(y) - 1 if len(y) == 2 else len(y) - 2)
    ax, ay = _axis(axes[0], len(x), "axes"), _axis(axes[1], len(y), "axes")
    _inner(x[ax], y[ay], x, y, "batch_dot")
    out = (*(d for i, d in enumerate(x) if i != ax), *(d for i, d in enumerate(y) if i not in (0, ay)))
    return SymTensor(out if len(out) > 1 else (*out, 1))


def tensordot(a: Any, b: Any, axes: Any = 2) -> SymTensor:
    x, y = _tensor(a).shape, _tensor(b).shape
    if isinstance(axes, int):
        ax, ay = list(range(len(x) - axes, len(x))), list(range(axes))
    else:
        ax = [axes[0]] if isinstance(axes[0], int) else list(axes[0])
        ay = [axes[1]] if isinstance(axes[1], int) else list(axes[1])
    ax = [_axis(i, len(x), "axes") for i in ax]
    ay = [_axis(i, len(y), "axes") for i in ay]
    for i, j in zip(ax, ay, strict=True):
        _inner(x[i], y[j], x, y, "tensordot")
    return SymTensor((*(d for i, d in enumerate(x) if i not in ax), *(d for i, d in enumerate(y) if i not in ay)))


def reduce(default_axis: Any = None, keep_name: str = "keepdims") -> Callable[..., SymTensor]:
    def op(x: Any, axis: Any = default_axis, keepdims: bool = False, **kw: Any) -> SymTensor:
        keep = kw.get(keep_name, keepdims) if keep_name != "keepdims" else keepdims
        shape = _tensor(x).shape
        if axis is None:
            return SymTensor((1,) * len(shape) if keep else ())
        axes = {_axis(a, len(shape)) for a in (axis if isinstance(axis, (list, tuple)) else [axis])}
        return SymTensor(tuple(1 if i in axes else d for i, d in enumerate(shape) if keep or i not in axes))
    return op


def argreduce(x: Any, axis: Any = -1, keepdims: bool = False, **_: Any) -> SymTensor:
    return reduce()(x, axis, keepdims)


def softmax(x: Any, axis: Any = -1, **_: Any) -> SymTensor:
    shape = _tensor(x).shape
    if isinstance(axis, (list, tuple)):
        for a in axis:
            _axis(a, len(shape))
    elif axis is not None:
        _axis(axis, len(shape))
    return SymTensor(shape)


def concatenate(default_axis: int | None) -> Callable[..., SymTensor]:
    def op(values: Any, axis: Any = default_axis, **_: Any) -> SymTensor:
        if axis is None:
            raise TraceError("concat needs `axis`")
        tensors = [_tensor(v).shape for v in (values if isinstance(values, (list, tuple)) else [values])]
        if not tensors:
            raise TraceError("concatenate needs at least one tensor")
        rank = len(tensors[0])
        ax = _axis(axis, rank)
        out: list[Dim] = []
        for i in range(rank):
            column = [s[i] if len(s) == rank else -1 for s in tensors]
            if -1 in column:
                raise TraceError(f"concatenate: tensors of different ranks {[fmt(s) for s in tensors]}")
            if i == ax:
                out.append(None if None in column else sum(d for d in column if d is not None))
                continue
            known = {d for d in column if d is not None}
            if len(known) > 1:
                raise TraceError(f"concatenate: shapes {[fmt(s) for s in tensors]} differ on axis {i}, not only on "
                                 f"the joined axis {axis}")
            out.append(known.pop() if known else None)
        return SymTensor(tuple(out))
    return op


def stack(values: Any, axis: Any = 0, **_: Any) -> SymTensor:
    shapes = [_tensor(v).shape for v in values]
    if not shapes:
        raise TraceError("stack needs at least one tensor")
    merged = shapes[0]
    for s in shapes[1:]:
        if len(s) != len(merged):
            raise TraceError(f"stack: tensors of different ranks {[fmt(s) for s in shapes]}")
        merged = tuple(a if b is None else b if a is None else a if a == b else -1 for a, b in zip(merged, s,
                                                                                                     strict=True))
        if -1 in merged:
            raise TraceError(f"stack: shapes {[fmt(s) for s in shapes]} differ")
    ax = _axis(axis, len(merged) + 1)
    return SymTensor((*merged[:ax], len(shapes), *merged[ax:]))


def expand_dims(default_axis: int | None) -> Callable[..., SymTensor]:
    def op(x: Any, axis: Any = default_axis, **_: Any) -> SymTensor:
        if axis is None:
            raise TraceError("expand_dims needs `axis`")
        shape = _tensor(x).shape
        ax = _axis(axis, len(shape) + 1)
        return SymTensor((*shape[:ax], 1, *shape[ax:]))
    return op


def squeeze(x: Any, axis: Any = None, **_: Any) -> SymTensor:
    shape = _tensor(x).shape
    if axis is None:
        if None in shape:
            raise TraceError(f"squeeze without an axis on {fmt(shape)}: which axes are 1 is only known at run time")
        return SymTensor(tuple(d for d in shape if d != 1))
    axes = {_axis(a, len(shape)) for a in (axis if isinstance(axis, (list, tuple)) else [axis])}
    for a in axes:
        if shape[a] is not None and shape[a] != 1:
            raise TraceError(f"Can not squeeze dim[{a}], expected a dimension of 1, got {shape[a]} "
                             f"(shape {fmt(shape)})")
    return SymTensor(tuple(d for i, d in enumerate(shape) if i not in axes))


def transpose(x: Any, perm: Any = None, **kw: Any) -> SymTensor:
    perm = kw.get("axes", kw.get("pattern", perm))
    shape = _tensor(x).shape
    if perm is None:
        return SymTensor(tuple(reversed(shape)))
    perm = [_axis(p, len(shape), "perm") for p in perm]
    if sorted(perm) != list(range(len(shape))):
        raise TraceError(f"transpose: {list(perm)} is not a permutation of the {len(shape)} axes of {fmt(shape)}")
    return SymTensor(tuple(shape[p] for p in perm))


def reshape(x: Any, shape: Any = None, **kw: Any) -> SymTensor:
    target = kw.get("newshape", shape)
    source = _tensor(x).shape
    if isinstance(target, SymTensor) or not isinstance(target, (list, tuple)):
        raise TraceError("reshape to a shape computed at run time is not followed")
    dims: list[Dim] = []
    for d in target:
        if d is not None and not isinstance(d, int):
            raise TraceError("reshape to a shape computed at run time is not followed")
        dims.append(d)
    if dims.count(-1) > 1:
        raise TraceError("reshape: only one dimension may be -1")
    if -1 in dims:
        known = [d for d in source if d is not None]
        rest = [d for d in dims if d != -1]
        if None in source or None in rest:
            dims[dims.index(-1)] = None
        else:
            total, part = math.prod(known), math.prod([d for d in rest if d is not None])
            if part == 0 or total % part:
                raise TraceError(f"cannot reshape {fmt(source)} into {fmt(tuple(target))}")
            dims[dims.index(-1)] = total // part
    elif None not in source and None not in dims and \
            math.prod([d for d in source if d is not None]) != math.prod([d for d in dims if d is not None]):
        raise TraceError(f"cannot reshape {fmt(source)} into {fmt(tuple(target))}")
    return SymTensor(tuple(dims))


def tile(x: Any, multiples: Any = None, **kw: Any) -> SymTensor:
    reps = kw.get("repeats", kw.get("n", multiples))
    shape = _tensor(x).shape
    if isinstance(reps, int):
        reps = [reps]
    if not isinstance(reps, (list, tuple)) or not all(isinstance(r, int) for r in reps):
        raise TraceError("tile by counts computed at run time is not followed")
    reps = list(reps)
    if len(reps) < len(shape):
        reps = [1] * (len(shape) - len(reps)) + reps
    shape = (1,) * (len(reps) - len(shape)) + shape
    return SymTensor(tuple(None if d is None else d * r for d, r in zip(shape, reps, strict=True)))


def k_repeat(x: Any, n: Any) -> SymTensor:
    """keras.backend.repeat: (batch, features) -> (batch, n, features)."""
    shape = _tensor(x).shape
    if len(shape) != 2:
        raise TraceError(f"repeat needs a 2D tensor, got {fmt(shape)}")
    return SymTensor((shape[0], n, shape[1]))


def repeat(x: Any, repeats: Any, axis: Any = None, **_: Any) -> SymTensor:
    shape = _tensor(x).shape
    if not isinstance(repeats, int):
        raise TraceError("repeat by counts computed at run time is not followed")
    if axis is None:
        total = None if None in shape else math.prod([d for d in shape if d is not None]) * repeats
        return SymTensor((total,))
    ax = _axis(axis, len(shape))
    return SymTensor(tuple(None if d is None else d * repeats if i == ax else d for i, d in enumerate(shape)))


def bias_add(x: Any, bias: Any, **_: Any) -> SymTensor:
    shape, b = _tensor(x).shape, _tensor(bias).shape
    if len(b) != 1 or (shape and shape[-1] is not None and b[0] is not None and shape[-1] != b[0]):
        raise TraceError(f"bias_add: a bias of shape {fmt(b)} does not fit {fmt(shape)}")
    return SymTensor(shape)


def k_repeat_elements(x: Any, rep: Any, axis: Any) -> SymTensor:
    return repeat(x, rep, axis)


def arange(start: Any = 0, stop: Any = None, step: Any = 1, **kw: Any) -> SymTensor:
    """keras.ops.arange / tf.range: a vector of len(range(start, stop, step)) values."""
    stop = kw.get("limit", stop)
    start = kw.get("start", start)
    bounds = (0, start, step) if stop is None else (start, stop, step)
    if not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds) or bounds[2] == 0:
        raise TraceError("arange with bounds computed at run time is not followed", unknown_op=True)
    return SymTensor((len(range(*bounds)),))


def filled(shape: Any, *_: Any, **__: Any) -> SymTensor:
    """zeros/ones(shape): a tensor of that shape (known sizes only)."""
    dims = (shape,) if isinstance(shape, int) else shape
    if not isinstance(dims, (list, tuple)) or not all(d is None or isinstance(d, int) for d in dims):
        raise TraceError("a shape computed at run time is not followed", unknown_op=True)
    return SymTensor(tuple(dims))


def _binary(x: Any, y: Any, *_: Any, **__: Any) -> SymTensor:
    return elementwise(x, y)


def _where(c: Any, x: Any = None, y: Any = None, **_: Any) -> SymTensor:
    return elementwise(c, x, y) if x is not None else _same(c)


UNARY = ("tanh", "sigmoid", "relu", "exp", "log", "sqrt", "square", "abs", "negative", "softplus", "softsign",
         "elu", "selu", "swish", "silu", "gelu", "relu6", "hard_sigmoid", "leaky_relu", "exponential", "linear",
         "sign", "log1p", "expm1", "cos", "sin", "rsqrt", "reciprocal", "stop_gradient", "identity", "cast",
         "ones_like", "zeros_like", "l2_normalize", "dropout", "mish", "erf", "round", "floor", "ceil", "clip",
         "clip_by_value", "logical_not", "convert_to_tensor", "log_sigmoid")
BINARY = ("add", "subtract", "multiply", "divide", "maximum", "minimum", "pow", "power", "truediv", "div",
          "floordiv", "floor_divide", "mod", "equal", "not_equal", "greater", "greater_equal", "less", "less_equal",
          "multiply_no_nan", "divide_no_nan", "squared_difference", "logical_and", "logical_or")
REDUCTIONS = ("sum", "mean", "max", "min", "prod", "std", "var", "logsumexp", "any", "all", "reduce_sum",
              "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_std", "reduce_variance",
              "reduce_logsumexp", "reduce_any", "reduce_all", "amax", "amin")


def _common() -> dict[str, Callable[..., Any]]:
    table: dict[str, Callable[..., Any]] = dict.fromkeys(UNARY, _same)
    table.update(dict.fromkeys(BINARY, _binary))
    table.update({name: reduce() for name in REDUCTIONS})
    table.update({"argmax": argreduce, "argmin": argreduce, "softmax": softmax, "log_softmax": softmax,
                  "matmul": matmul, "tensordot": tensordot, "stack": stack, "squeeze": squeeze,
                  "transpose": transpose, "reshape": reshape, "tile": tile, "bias_add": bias_add, "where": _where,
                  "batch_dot": batch_dot, "arange": arange, "range": arange, "zeros": filled, "ones": filled})
    return table


#: tf.* (tf, tf.math, tf.nn, tf.linalg): TensorFlow's names and defaults.
TF_OPS: dict[str, Callable[..., Any]] = {**_common(), "concat": concatenate(None), "expand_dims": expand_dims(None),
          "repeat": repeat}
#: keras.ops.*: numpy-like names and defaults.
KERAS_OPS: dict[str, Callable[..., Any]] = {
    **_common(), "concatenate": concatenate(0), "expand_dims": expand_dims(None), "dot": np_dot, "repeat": repeat,
    "permute_dims": transpose}
#: keras.backend / K.* (tf.keras.backend, Keras 2 style): what each function does, where the
#: module has it (keras3_modules.json decides that before the call is traced).
BACKEND_OPS: dict[str, Callable[..., Any]] = {
    **_common(), "dot": k_dot, "concatenate": concatenate(-1), "expand_dims": expand_dims(-1),
    "permute_dimensions": transpose, "repeat": k_repeat, "repeat_elements": k_repeat_elements,
               "stack": stack}
#: activations reached as values (tf.nn.softmax, keras.activations.tanh)
ACTIVATION_OPS: dict[str, Callable[..., Any]] = {**dict.fromkeys(UNARY, _same), "softmax": softmax, "log_softmax": softmax}



def table_for(path: tuple[str, ...]) -> dict[str, Callable[..., Any]] | None:
    """The op table of a module path (its last element excluded): tf.*, keras.ops, K.*."""
    if "backend" in path:
        return BACKEND_OPS
    if "ops" in path or "numpy" in path[1:]:
        return KERAS_OPS
    if path and path[0] in ("tensorflow", "tf") and "keras" not in path:
        return TF_OPS
    if path[-1:] in (("activations",), ("nn",)):
        return ACTIVATION_OPS
    return None


def binop(node: Any, op: Any, left: Any, right: Any) -> SymTensor:
    """`a + b`, `x * w`, `q @ k`: element-wise with broadcasting, or a matmul."""
    import ast

    if isinstance(op, ast.MatMult):
        return matmul(left, right)
    if type(op) not in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.Mod):
        raise TraceError(f"the operator {type(op).__name__} on tensors (line {getattr(node, 'lineno', '?')}) is not "
                         "one lstmcalc traces", unknown_op=True)
    try:
        return elementwise(left, right)
    except TraceError as exc:
        raise TraceError(f"line {getattr(node, 'lineno', '?')}: {exc.message}") from None


def index(tensor: SymTensor, key: Any, node: Any) -> SymTensor:
    """`x[:, -1, :]`, `x[..., :k]`, `x[:, 0]`: NumPy basic indexing of a symbolic tensor."""
    items = list(key) if isinstance(key, tuple) else [key]
    if sum(1 for k in items if k is Ellipsis) > 1:
        raise TraceError("an index can only have a single ellipsis ('...')")
    explicit = sum(1 for k in items if k is not None and k is not Ellipsis)
    if explicit > tensor.ndim:
        raise TraceError(f"too many indices for a tensor of rank {tensor.ndim} (line {getattr(node, 'lineno', '?')})")
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items = items[:at] + [slice(None)] * (tensor.ndim - explicit) + items[at + 1:]
    else:
        items += [slice(None)] * (tensor.ndim - explicit)
    out: list[Dim] = []
    axis = 0
    for k in items:
        if k is None:
            out.append(1)
            continue
        size = tensor.shape[axis]
        if isinstance(k, slice):
            if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (k.start, k.stop, k.step)):
                raise TraceError(f"a slice with bounds computed at run time (line {getattr(node, 'lineno', '?')})",
                                 unknown_op=True)
            if size is None:
                out.append(None)
            else:
                out.append(len(range(*k.indices(size))))
        elif isinstance(k, int) and not isinstance(k, bool):
            if size is not None and not -size <= k < size:
                raise TraceError(f"index {k} is out of bounds for axis {axis} with size {size}")
        else:
            raise TraceError(f"an index lstmcalc does not trace (line {getattr(node, 'lineno', '?')})",
                             unknown_op=True)
        axis += 1
    return SymTensor(tuple(out))


def tensor_attribute(tensor: SymTensor, node: Any) -> Any:
    """`x.shape` (a tuple in Keras 3), `x.ndim`; other attributes are not followed."""
    if node.attr == "shape":
        return tensor.shape
    if node.attr == "ndim":
        return tensor.ndim
    if node.attr == "dtype":
        return "float32"
    if node.attr == "T":
        return SymTensor(tuple(reversed(tensor.shape)))
    raise TraceError(f"`.{node.attr}` of a tensor (line {getattr(node, 'lineno', '?')}) is not followed",
                     unknown_op=True)
