"""What a Keras 3 optimizer adds to a summary printed after fit(): `Optimizer params`.

Recorded from Keras 3.15 by tools/keras_oracle/optimizer_slots.py into
tests/fixtures/keras3_optimizer_slots.json (a test keeps this table equal to it). After its
first fit the optimizer holds scalars (iterations, an int64, and the learning rate) and
slots shaped like each trainable weight; Keras counts both in the summary's Total.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: Slots per trainable weight, by the name compile() accepts (any case).
SLOTS = {"adam": 2, "adamw": 2, "adamax": 2, "nadam": 2, "sgd": 0, "rmsprop": 1, "adagrad": 1, "adadelta": 2,
         "ftrl": 2, "lion": 1}
#: Scalar variables (iterations, learning_rate, and Nadam's u_product).
SCALARS = {"nadam": 3}
#: Constructor arguments that change no variable.
QUIET = {"learning_rate", "beta_1", "beta_2", "epsilon", "rho", "weight_decay", "clipnorm", "clipvalue",
         "global_clipnorm", "name", "nesterov", "initial_accumulator_value", "learning_rate_power",
         "l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength",
         "beta", "decay"}


class OptimizerClass(NamedTuple):
    """`keras.optimizers.Adam` as a value."""

    name: str


class Optimizer(NamedTuple):
    """An optimizer object: its class and arguments (None when they are not all known)."""

    name: str
    options: dict[str, Any] | None


def state(optimizer: Any) -> tuple[int, int] | None:
    """(slots per trainable parameter, scalars) of what compile() was given; None when
    lstmcalc does not know it (another optimizer, a schedule, an option that adds state)."""
    if isinstance(optimizer, str):
        name, options = optimizer.lower(), {}
    elif isinstance(optimizer, Optimizer) and optimizer.options is not None:
        name, options = optimizer.name.lower(), optimizer.options
    else:
        return None
    if name not in SLOTS:
        return None
    slots = SLOTS[name]
    for key, value in options.items():
        if key == "learning_rate" and not isinstance(value, (int, float)):
            return None  # a schedule is not a variable
        if key == "amsgrad" and name in ("adam", "adamw"):
            slots += value is True
        elif key == "momentum" and name in ("sgd", "rmsprop"):
            if not isinstance(value, (int, float)):
                return None
            slots += value > 0
        elif key == "centered" and name == "rmsprop":
            slots += value is True
        elif key not in QUIET:
            return None
    return slots, SCALARS.get(name, 2)
