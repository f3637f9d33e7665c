"""Activation functions as layers: ReLU, LeakyReLU, PReLU, ELU, Softmax.

Constructor checks and messages are Keras 3.15.1's (keras/src/layers/activations/).
All keep the input's shape and pass a mask on; only PReLU has a weight.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    AXIS,
    BASE_ARGS,
    NUMBER,
    OPT_INTS,
    OPT_NUMBER,
    constraint,
    initializer,
    regularizer,
)
from lstmcalc.layers.base import Arg, Layer, Refusal, Shape, Weight, register, require_defined


def _not_negative(message: str, *, none_ok: bool = False) -> Any:
    def check(v: float | None) -> str | None:
        if v is None:
            return None if none_ok else message.format(v=v)
        return message.format(v=v) if v < 0 else None
    return check


@register
class ReLU(Layer):
    """Rectified linear unit with a ceiling, a leak and a threshold.

    y = min(x, max_value) if x >= threshold else negative_slope × (x - threshold). No weights.
    """

    positional = ("max_value", "negative_slope", "threshold")

    type_name = "ReLU"
    auto_name = "re_lu"
    family = "activation"
    args = (
        *BASE_ARGS,
        Arg("max_value", OPT_NUMBER, None, _not_negative(
            "max_value of a ReLU layer cannot be a negative value. Received: max_value={v}", none_ok=True),
            "ceiling of the output; null for none"),
        Arg("negative_slope", OPT_NUMBER, 0.0, _not_negative(
            "negative_slope of a ReLU layer cannot be None or a negative value. Received: negative_slope={v}"),
            "slope below the threshold"),
        Arg("threshold", OPT_NUMBER, 0.0, _not_negative(
            "threshold of a ReLU layer cannot be None or a negative value. Received: threshold={v}"),
            "values below it are damped"),
    )

    def validate(self) -> str | None:  # the per-argument checks never see None
        for key in ("negative_slope", "threshold"):
            if self.__dict__.get(key) is None:
                return (f"{key} of a ReLU layer cannot be None or a negative value. "
                        f"Received: {key}=None")
        return None


def _leaky_slope(v: float | None) -> str | None:
    if v is None or v < 0:
        return ("The negative_slope value of a Leaky ReLU layer cannot be None or negative value. "
                f"Expected a float. Received: negative_slope={v}")
    return None


@register
class LeakyReLU(Layer):
    """y = x if x >= 0 else negative_slope × x. No weights.

    Keras 3 still takes the deprecated `alpha` (it replaces negative_slope, with a warning).
    """

    positional = ("negative_slope",)

    type_name = "LeakyReLU"
    auto_name = "leaky_re_lu"
    family = "activation"
    args = (*BASE_ARGS, Arg("negative_slope", OPT_NUMBER, 0.3, None, "slope for x < 0"),
            Arg("alpha", OPT_NUMBER, None, None, "deprecated name of negative_slope"))

    @property
    def slope(self) -> float:
        """The slope Keras uses: `alpha`, when given, replaces negative_slope."""
        alpha = self.__dict__.get("alpha")
        return float(self.__dict__["negative_slope"] if alpha is None else alpha)

    def validate(self) -> str | None:
        alpha = self.__dict__.get("alpha")
        if keras_version() == 2:  # tf_keras refuses only alpha=None (activation/leaky_relu.py __init__)
            return None if alpha is not None else ("The alpha value of a Leaky ReLU layer cannot be None, "
                                                   "Expecting a float. Received: None")
        return _leaky_slope(self.__dict__.get("negative_slope") if alpha is None else alpha)


@register
class PReLU(Layer):
    """Leaky ReLU with a learned slope: y = x if x >= 0 else alpha × x.

    alpha has the input's shape without the batch axis, with every axis in `shared_axes`
    (1-based) set to 1: params = prod(that shape).
    """

    positional = ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")

    type_name = "PReLU"
    auto_name = "p_re_lu"
    family = "activation"
    args = (
        *BASE_ARGS,
        initializer("alpha_initializer", "Zeros"), regularizer("alpha_regularizer"), constraint("alpha_constraint"),
        Arg("shared_axes", OPT_INTS, None, None, "axes (1-based) sharing one slope, e.g. [1] for all timesteps"),
    )
    shared_axes: int | list[int] | None

    @property
    def shared(self) -> list[int]:
        axes = self.shared_axes
        return [] if axes is None else [axes] if isinstance(axes, int) else list(axes)

    def alpha_shape(self, shape: Shape) -> list[int | None]:
        param: list[int | None] = list(shape[1:])
        for i in self.shared:
            if not -len(param) <= i - 1 < len(param):
                raise Refusal("LC100", "list assignment index out of range",
                              f"shared_axes counts the axes after the batch axis from 1 to {len(param)}")
            param[i - 1] = 1
        return param

    def weights(self, shape: Shape) -> list[Weight]:
        return [Weight("alpha", require_defined(self, tuple(self.alpha_shape(shape)), "alpha"))]


@register
class ELU(Layer):
    """Exponential linear unit: y = x if x > 0 else alpha × (exp(x) - 1). No weights."""

    positional = ("alpha",)

    type_name = "ELU"
    auto_name = "elu"
    family = "activation"
    args = (*BASE_ARGS, Arg("alpha", NUMBER, 1.0, None, "scale of the negative part"))


@register
class Softmax(Layer):
    """Softmax over `axis` (an axis or a list of axes): exp(x) / sum(exp(x)). No weights.

    Its call takes the mask: masked positions get probability 0.
    """

    positional = ("axis",)

    type_name = "Softmax"
    auto_name = "softmax"
    family = "activation"
    args = (*BASE_ARGS, Arg("axis", AXIS, -1, None, "axis or axes normalised to sum to 1"))

    def output_shape(self, shape: Shape) -> Shape:
        axes = self.__dict__.get("axis", -1)
        rank = len(shape)
        if keras_version() == 2:
            # tf_keras Softmax.call runs tf.nn.softmax (or reduce_logsumexp over a list), whose
            # op refuses an axis outside [-rank, rank) (layers/activation/softmax.py)
            for axis in axes if isinstance(axes, list) else [axes]:
                if isinstance(axis, int) and not -rank <= axis < rank:
                    raise Refusal("LC104", f'InvalidArgumentError: Exception encountered when calling layer '
                                  f'"{self.label}" (type Softmax). `dim` must be in the range [-{rank}, {rank}) '
                                  f"where {rank} is the number of dimensions in the input. Received: dim={axis}",
                                  f"pick an axis of the {rank}-axis input")
        return shape
