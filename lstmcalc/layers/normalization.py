"""BatchNormalization and LayerNormalization (keras/src/layers/normalization)."""

from __future__ import annotations

from lstmcalc.layers.args import ANY, AXIS, BASE_ARGS, BOOL, INT, NUMBER, constraint, initializer, regularizer
from lstmcalc.layers.base import Arg, Layer, Refusal, Shape, Weight, fmt_shape, register, require_defined
from lstmcalc.safety.text import quoted


def _axes(axis: int | list[int]) -> list[int]:
    return [axis] if isinstance(axis, int) else list(axis)


def _canonical(shape: Shape, axes: list[int]) -> list[int]:
    """Keras's canonicalize_axes: each axis in [-rank, rank), made non-negative."""
    rank = len(shape)
    for axis in axes:
        if not -rank <= axis < rank:
            raise Refusal("LC104", f"Axis {axis} is out of bounds for input shape {fmt_shape(shape)}. "
                          f"Received: axis={quoted(axes if len(axes) > 1 else axes[0])}",
                          f"the input has {rank} axes (batch included)")
    return [a + rank if a < 0 else a for a in axes]


def _pick(layer: Layer, shape: Shape, axes: list[int]) -> tuple[int | None, ...]:
    return tuple(shape[a] for a in _canonical(shape, axes))


@register
class BatchNormalization(Layer):
    """Normalises each feature with batch statistics.

    gamma and beta (features,) are trained; moving_mean and moving_variance (features,)
    are running statistics updated outside gradient descent, so they count as
    non-trainable: params = 4 x features, of which 2 x features are non-trainable.
    """

    positional = ("axis", "momentum", "epsilon")

    type_name = "BatchNormalization"
    auto_name = "batch_normalization"
    family = "normalization"
    args = (
        *BASE_ARGS,
        Arg("axis", INT, -1, None, "the feature axis"),
        Arg("momentum", NUMBER, 0.99), Arg("epsilon", NUMBER, 0.001),
        Arg("center", BOOL, True, None, "learn beta"), Arg("scale", BOOL, True, None, "learn gamma"),
        initializer("beta_initializer", "zeros"), initializer("gamma_initializer", "ones"),
        initializer("moving_mean_initializer", "zeros"),
        initializer("moving_variance_initializer", "ones"),
        regularizer("beta_regularizer"), regularizer("gamma_regularizer"),
        constraint("beta_constraint"), constraint("gamma_constraint"),
        Arg("renorm", BOOL, False), Arg("renorm_clipping", ANY, None),
        Arg("renorm_momentum", NUMBER, 0.99), Arg("synchronized", BOOL, False),
    )
    axis: int
    center: bool
    scale: bool
    renorm: bool

    def output_shape(self, shape: Shape) -> Shape:
        _pick(self, shape, [self.axis])
        return shape

    @property
    def variable_bytes(self) -> int:
        """tf.keras 2 raises a float16/bfloat16 BatchNormalization's parameters to float32
        (batch_normalization.py _param_dtype); Keras 3 keeps the policy's dtype."""
        from lstmcalc.keras_version import keras_version

        if keras_version() == 2 and self.dtype in ("float16", "bfloat16"):
            return 4
        return super().variable_bytes

    def weights(self, shape: Shape) -> list[Weight]:
        (size,) = require_defined(self, _pick(self, shape, [self.axis]), "gamma" if self.scale else "moving_mean")
        out = []
        if self.scale:
            out.append(Weight("gamma", (size,)))
        if self.center:
            out.append(Weight("beta", (size,)))
        out += [Weight("moving_mean", (size,), False), Weight("moving_variance", (size,), False)]
        if self.renorm:
            out += [Weight(n, (size,), False) for n in ("moving_stddev", "renorm_mean", "renorm_stddev")]
        return out


@register
class LayerNormalization(Layer):
    """Normalises each sample over `axis` (the features by default).

    gamma and beta have the shape of the normalised axes: params = 2 x prod(those sizes).
    """

    positional = ("axis", "epsilon")

    type_name = "LayerNormalization"
    auto_name = "layer_normalization"
    family = "normalization"
    args = (
        *BASE_ARGS,
        Arg("axis", AXIS, -1, None, "axis or axes to normalise over"),
        Arg("epsilon", NUMBER, 0.001),
        Arg("center", BOOL, True, None, "learn beta"), Arg("scale", BOOL, True, None, "learn gamma"),
        initializer("beta_initializer", "zeros"), initializer("gamma_initializer", "ones"),
        regularizer("beta_regularizer"), regularizer("gamma_regularizer"),
        constraint("beta_constraint"), constraint("gamma_constraint"),
        Arg("rms_scaling", BOOL, False),
    )
    axis: int | list[int]
    center: bool
    scale: bool
    rms_scaling: bool

    @property
    def autocasts(self) -> bool:
        return False  # Keras sets autocast=False on LayerNormalization
    def output_shape(self, shape: Shape) -> Shape:
        _pick(self, shape, _axes(self.axis))
        return shape

    def weights(self, shape: Shape) -> list[Weight]:
        # Keras's build: canonical axes, no duplicates, sorted; gamma spans those axes.
        axes = _canonical(shape, _axes(self.axis))
        if len(set(axes)) != len(axes):
            raise Refusal("LC104", f"Duplicate axes are not allowed. Received: axis={quoted(self.axis)}",
                          "name each axis once (-1 and the last axis's index are the same axis)")
        dims = require_defined(self, tuple(shape[a] for a in sorted(axes)), "gamma")
        out = []
        if self.scale or self.rms_scaling:
            out.append(Weight("gamma", dims))
        if self.center and not self.rms_scaling:
            out.append(Weight("beta", dims))
        return out

