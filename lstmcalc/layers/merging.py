"""Merge layers: several tensors in, one out (keras/src/layers/merging)."""

from __future__ import annotations

from typing import ClassVar

from lstmcalc.layers.args import BASE_ARGS, INT
from lstmcalc.layers.base import Arg, Layer, Refusal, Shape, fmt_shape, register


class Merge(Layer):
    """Element-wise merge of tensors with broadcast-compatible shapes (Keras's Merge)."""

    family: ClassVar[str] = "merge"
    merge: ClassVar[bool] = True
    #: exactly this many inputs (None: any number from 1)
    arity: ClassVar[int | None] = None
    args = (*BASE_ARGS,)

    def check_inputs(self, shapes: list[Shape]) -> None:
        if self.arity is not None and len(shapes) != self.arity:
            raise Refusal("LC107", f"A `{self.type_name}` layer should be called on exactly {self.arity} "
                          f"inputs. Received: {len(shapes)} inputs", f"give {self.label} exactly {self.arity} inputs")
        if not shapes:
            raise Refusal("LC107", "A merge layer should be called on a list of at least 1 input.")
        batches = {s[0] for s in shapes if s} - {None}
        if len(batches) > 1:
            raise Refusal("LC104", f"Cannot merge tensors with different batch sizes. Received tensors with "
                          f"shapes {[fmt_shape(s) for s in shapes]}")

    def merged_shape(self, shapes: list[Shape]) -> Shape:
        self.check_inputs(shapes)
        out: tuple[int | None, ...] | None = shapes[0][1:]
        for shape in shapes[1:]:
            out = _elementwise(out, shape[1:])
        batch = next((s[0] for s in shapes if s and s[0] is not None), None)
        return (batch, *(out or ()))


def _elementwise(a: tuple[int | None, ...] | None, b: tuple[int | None, ...]) -> tuple[int | None, ...] | None:
    if a is None:
        return None
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return a
    out = list(a[: len(a) - len(b)])
    for i, j in zip(a[len(a) - len(b):], b, strict=True):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j in (1, i):
            out.append(i)
        else:
            raise Refusal("LC104", f"Inputs have incompatible shapes. Received shapes {fmt_shape(a)} and "
                          f"{fmt_shape(b)}", "element-wise merges need equal sizes (or 1) on every axis")
    return tuple(out)


@register
class Add(Merge):
    """Adds its inputs element-wise. Output: their common (broadcast) shape."""

    type_name = "Add"
    auto_name = "add"


@register
class Subtract(Merge):
    """Subtracts the second input from the first. Exactly two inputs."""

    type_name = "Subtract"
    auto_name = "subtract"
    arity = 2


@register
class Multiply(Merge):
    """Multiplies its inputs element-wise."""

    type_name = "Multiply"
    auto_name = "multiply"


@register
class Average(Merge):
    """Averages its inputs element-wise."""

    type_name = "Average"
    auto_name = "average"


@register
class Maximum(Merge):
    """Element-wise maximum of its inputs."""

    type_name = "Maximum"
    auto_name = "maximum"


@register
class Minimum(Merge):
    """Element-wise minimum of its inputs."""

    type_name = "Minimum"
    auto_name = "minimum"


@register
class Concatenate(Merge):
    """Joins its inputs along `axis` (the last by default); the other axes must match.

    Output: the shared shape with the concatenation axis summed (None if any is None).
    """

    type_name = "Concatenate"
    auto_name = "concatenate"
    positional = ("axis",)
    args = (*BASE_ARGS, Arg("axis", INT, -1, None, "the axis to join along"))
    axis: int

    def merged_shape(self, shapes: list[Shape]) -> Shape:
        if not shapes:
            raise Refusal("LC107", "A `Concatenate` layer should be called on a list of at least 1 input. "
                          "Received: input_shape=[]")
        self.check_inputs(shapes)
        rank = len(shapes[0])
        axis = self.axis % rank if -rank <= self.axis < rank else None
        reduced = [tuple(d for i, d in enumerate(s) if i != axis) for s in shapes]
        if axis is None or any(len(s) != rank for s in shapes) or not all(
            all(x is None or y is None or x == y for x, y in zip(r, reduced[0], strict=True)) for r in reduced
        ):
            raise Refusal(
                "LC104", "A `Concatenate` layer requires inputs with matching shapes except for the "
                f"concatenation axis. Received: input_shape={[fmt_shape(s) for s in shapes]}",
                "the inputs must agree on every axis but the one joined (axis="
                f"{self.axis}); check return_sequences on the layers feeding it")
        sizes = [s[axis] for s in shapes]
        joined = None if any(d is None for d in sizes) else sum(d for d in sizes if d is not None)
        merged = [next((d for d in column if d is not None), None) for column in zip(*shapes, strict=True)]
        merged[axis] = joined
        return tuple(merged)
