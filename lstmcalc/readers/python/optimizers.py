"""What a Keras 3 optimizer adds to a summary printed after fit(): `Optimizer params`.

The table (slots per optimizer, scalars) is lstmcalc/engine/optimizers.py's, recorded from
Keras 3.15 by tools/keras_oracle/optimizer_slots.py into tests/fixtures/keras3_optimizer_slots.json
(a test keeps it equal to that). After its first fit the optimizer holds scalars (iterations,
an int64, and the learning rate) and slots shaped like each trainable weight; Keras counts
both in the summary's Total. This module reads compile()'s argument as the interpreter saw it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lstmcalc.engine.optimizers import QUIET, SCALARS, SLOTS, slots

__all__ = ["QUIET", "SCALARS", "SLOTS", "Optimizer", "OptimizerClass", "state"]


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
        count = slots(optimizer, {})
        name = optimizer.lower()
    elif isinstance(optimizer, Optimizer) and optimizer.options is not None:
        count = slots(optimizer.name, optimizer.options, as_class=True)
        name = optimizer.name.lower()
    else:
        return None
    return None if count is None else (count, SCALARS.get(name, 2))
