"""Noise and regularisation layers: GaussianNoise, GaussianDropout, AlphaDropout and
ActivityRegularization. Keras 3.15.1's checks and messages (keras/src/layers/regularization/).

All keep the input's shape, have no weights, pass a mask on, and are the identity at
inference (predict, lstmcalc run): the noise is applied only while training.
"""

from __future__ import annotations

from lstmcalc.layers.args import BASE_ARGS, NUMBER, OPT_INT, OPT_SHAPE, in_unit_interval
from lstmcalc.layers.base import Arg, Layer, register


@register
class GaussianNoise(Layer):
    """Adds N(0, stddev²) noise while training; identity at inference."""

    positional = ("stddev", "seed")

    type_name = "GaussianNoise"
    auto_name = "gaussian_noise"
    family = "noise"
    args = (*BASE_ARGS, Arg("stddev", NUMBER, check=in_unit_interval("stddev"), doc="noise standard deviation"),
            Arg("seed", OPT_INT, None))


@register
class GaussianDropout(Layer):
    """Multiplies by N(1, rate / (1 - rate)) noise while training; identity at inference."""

    positional = ("rate", "seed")

    type_name = "GaussianDropout"
    auto_name = "gaussian_dropout"
    family = "noise"
    args = (*BASE_ARGS, Arg("rate", NUMBER, check=in_unit_interval("rate"), doc="drop probability"),
            Arg("seed", OPT_INT, None))


@register
class AlphaDropout(Layer):
    """Dropout that keeps SELU's mean and variance while training; identity at inference."""

    positional = ("rate", "noise_shape", "seed")

    type_name = "AlphaDropout"
    auto_name = "alpha_dropout"
    family = "noise"
    args = (*BASE_ARGS, Arg("rate", NUMBER, check=in_unit_interval("rate"), doc="drop probability"),
            Arg("noise_shape", OPT_SHAPE, None), Arg("seed", OPT_INT, None))


def _non_negative(what: str) -> object:
    def check(v: float) -> str | None:
        if v < 0:
            return f"Invalid value for argument {what}: expected a non-negative float.Received: {what}={v}"
        return None
    return check


@register
class ActivityRegularization(Layer):
    """Adds l1 × sum(|x|) + l2 × sum(x²) to the training loss; the output is its input."""

    positional = ("l1", "l2")

    type_name = "ActivityRegularization"
    auto_name = "activity_regularization"
    family = "noise"
    # Keras passes its own activity_regularizer to the base constructor: the argument is refused.
    args = (*BASE_ARGS[:3], Arg("l1", NUMBER, 0.0, _non_negative("l1"), "L1 factor"),  # type: ignore[arg-type]
            Arg("l2", NUMBER, 0.0, _non_negative("l2"), "L2 factor"))  # type: ignore[arg-type]
