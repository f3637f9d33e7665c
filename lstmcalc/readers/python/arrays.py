"""numpy arrays as far as a model's sizes need them: their shapes.

Tutorials build their data from literal lists (`X = array(...)`, `split_sequence(raw_seq,
n_steps)`) and size the model from it (`input_shape=(X.shape[1], X.shape[2])`). An array
here is its shape only; the functions and methods that make or reshape arrays compute the
new shape exactly as numpy does, and anything else about an array is only known at run time.
"""

from __future__ import annotations

import ast
import math
from typing import Any

from lstmcalc.readers.python.values import MAX_ITEMS, Unresolved, raises

#: numpy functions followed, by name.
FUNCTIONS = {"array", "asarray", "zeros", "ones", "empty", "full", "arange", "reshape", "expand_dims", "hstack",
             "vstack", "column_stack", "concatenate", "stack"}
#: numpy.random functions followed (their shape only).
RANDOM = {"rand", "randn", "random", "uniform", "normal", "randint"}


class Array:
    """A numpy array: its shape."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape


class NumpyFunction:
    def __init__(self, name: str, random: bool = False) -> None:
        self.name = name
        self.random = random


class ArrayMethod:
    def __init__(self, array: Array, name: str) -> None:
        self.array = array
        self.name = name


def shape_of(node: ast.AST, value: Any) -> tuple[int, ...]:
    """The shape numpy gives a nested list of numbers; Unresolved when it is ragged or holds
    something else."""
    if isinstance(value, Array):
        return value.shape
    if isinstance(value, (int, float, bool)):
        return ()
    if not isinstance(value, (list, tuple)):
        raise Unresolved(node)
    if not value:
        return (0,)
    inner = {shape_of(node, v) for v in value}
    if len(inner) != 1:
        raise Unresolved(node)  # ragged: numpy refuses or makes an object array
    return (len(value), *inner.pop())


def _dims(node: ast.AST, value: Any) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise Unresolved(node)
    if any(v < 0 for v in value) or math.prod(value) > 10**12:
        raise raises(node, ValueError("negative dimensions are not allowed"))
    return tuple(value)


def reshape(node: ast.AST, shape: tuple[int, ...], new: Any) -> Array:
    """numpy's reshape, with one -1 inferred."""
    if isinstance(new, int) and not isinstance(new, bool):
        new = (new,)
    if not isinstance(new, (list, tuple)) or not all(isinstance(v, int) and not isinstance(v, bool) for v in new):
        raise Unresolved(node)
    size = math.prod(shape)
    free = [i for i, v in enumerate(new) if v == -1]
    if len(free) > 1 or any(v < -1 for v in new):
        raise raises(node, ValueError("can only specify one unknown dimension"))
    known = math.prod(v for v in new if v != -1)
    if free:
        if known == 0 or size % known:
            raise raises(node, ValueError(f"cannot reshape array of size {size} into shape {tuple(new)}"))
        new = tuple(size // known if v == -1 else v for v in new)
    if math.prod(new) != size:
        raise raises(node, ValueError(f"cannot reshape array of size {size} into shape {tuple(new)}"))
    return Array(tuple(new))


def call(node: ast.Call, function: NumpyFunction, args: list[Any], keywords: dict[str, Any]) -> Array:
    name = function.name
    if function.random:
        if name in ("rand", "randn"):
            return Array(_dims(node, list(args)))
        size = keywords.get("size", args[-1] if name in ("random",) and args else None)
        if size is None:
            raise Unresolved(node)
        return Array(_dims(node, size))
    if name in ("array", "asarray"):
        if not args or set(keywords) - {"dtype"}:
            raise Unresolved(node)
        shape = shape_of(node, args[0])
        if math.prod(shape) > MAX_ITEMS * 100:
            raise Unresolved(node)
        return Array(shape)
    if name in ("zeros", "ones", "empty", "full"):
        given = args[0] if args else keywords.get("shape")
        return Array(_dims(node, given))
    if name == "arange":
        numbers = [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
        if len(numbers) != len(args) or not 1 <= len(args) <= 3 or keywords:
            raise Unresolved(node)
        return Array((len(range(*numbers)),))
    if name in ("hstack", "vstack", "column_stack", "concatenate", "stack") and len(args) >= 1:
        return _join(node, name, args[0], keywords.get("axis", args[1] if len(args) > 1 else 0))
    if name == "reshape" and len(args) == 2:
        return reshape(node, shape_of(node, args[0]), args[1])
    if name == "expand_dims" and len(args) == 2 and isinstance(args[1], int):
        dims = shape_of(node, args[0])
        axis = args[1] if args[1] >= 0 else len(dims) + 1 + args[1]
        if not 0 <= axis <= len(dims):
            raise raises(node, ValueError("axis out of range"))
        return Array((*dims[:axis], 1, *dims[axis:]))
    raise Unresolved(node)


def _join(node: ast.AST, name: str, items: Any, axis: Any) -> Array:
    """hstack, vstack, column_stack, concatenate and stack, by numpy's rules on shapes."""
    if not isinstance(items, (list, tuple)) or not items or not isinstance(axis, int):
        raise Unresolved(node)
    shapes = [shape_of(node, item) for item in items]
    if name == "stack":
        if len(set(shapes)) != 1:
            raise raises(node, ValueError("all input arrays must have the same shape"))
        ndim = len(shapes[0]) + 1
        at = axis if axis >= 0 else ndim + axis
        return Array((*shapes[0][:at], len(shapes), *shapes[0][at:]))
    if name == "vstack":
        shapes = [s if len(s) >= 2 else (1, *s) for s in shapes]
        axis = 0
    elif name == "column_stack":
        shapes = [s if len(s) >= 2 else (*s, 1) for s in shapes]
        axis = 1
    elif name == "hstack":
        axis = 0 if all(len(s) == 1 for s in shapes) else 1
    ndim = len(shapes[0])
    at = axis if axis >= 0 else ndim + axis
    if any(len(s) != ndim for s in shapes) or not 0 <= at < ndim or \
            len({s[:at] + s[at + 1:] for s in shapes}) != 1:
        raise raises(node, ValueError("all the input array dimensions except for the concatenation axis must match"))
    return Array((*shapes[0][:at], sum(s[at] for s in shapes), *shapes[0][at + 1:]))


def broadcast(node: ast.AST, left: tuple[int, ...], right: tuple[int, ...]) -> Array:
    """The shape of an element-wise operation on arrays of shapes LEFT and RIGHT."""
    out: list[int] = []
    for a, b in zip(reversed((1,) * (len(right) - len(left)) + left), reversed((1,) * (len(left) - len(right)) + right),
                    strict=True):
        if a != b and 1 not in (a, b):
            raise raises(node, ValueError(f"operands could not be broadcast together with shapes {left} {right}"))
        out.append(max(a, b) if 1 in (a, b) else a)
    return Array(tuple(reversed(out)))


def attribute(node: ast.Attribute, array: Array) -> Any:
    if node.attr == "shape":
        return array.shape
    if node.attr == "ndim":
        return len(array.shape)
    if node.attr == "size":
        return math.prod(array.shape)
    if node.attr == "T":
        return Array(tuple(reversed(array.shape)))
    if node.attr in ("reshape", "astype", "copy", "flatten", "ravel"):
        return ArrayMethod(array, node.attr)
    raise Unresolved(node)


def method(node: ast.Call, bound: ArrayMethod, args: list[Any]) -> Array:
    shape = bound.array.shape
    if bound.name == "reshape":
        return reshape(node, shape, args[0] if len(args) == 1 else list(args))
    if bound.name in ("astype", "copy"):
        return Array(shape)
    return Array((math.prod(shape),))  # flatten, ravel


def index(node: ast.Subscript, array: Array, key: Any) -> Any:
    """The shape of ARRAY[KEY] for integers and slices (numpy's basic indexing)."""
    keys = list(key) if isinstance(key, tuple) else [key]
    if len(keys) > len(array.shape):
        raise raises(node, IndexError("too many indices for array"))
    out: list[int] = []
    for axis, k in enumerate(keys):
        size = array.shape[axis]
        if isinstance(k, slice):
            out.append(len(range(*k.indices(size))))
        elif isinstance(k, int) and not isinstance(k, bool):
            if not -size <= k < size:
                raise raises(node, IndexError(f"index {k} is out of bounds for axis {axis} with size {size}"))
        else:
            raise Unresolved(node)
    return Array((*out, *array.shape[len(keys):]))  # () is one element: its value is not followed
