"""What a built Keras 3 optimizer holds: the `Optimizer params: N (size)` of Keras's summary.

Once an optimizer is built (`optimizer.build(model.trainable_variables)`, which the first
fit() does), Keras's summary prints `Optimizer params` and adds it to `Total params`:
`count_params(model.optimizer.variables)` and `weight_memory_size` of the same (each
variable by its own dtype). Recorded from Keras 3.15 by tools/keras_oracle/optimizer_params.py
(tests/fixtures/keras3_optimizer_params.json) for every optimizer offered here; what Keras's
sources (keras/src/optimizers/*.py) make, per trainable weight w of shape s:

    every optimizer   iterations (int64, 8 B) + learning_rate (float32, 4 B): 2 scalars
    slot optimizers   k slots of shape s at w's dtype (k per optimizer: SLOTS)
    Nadam             + u_product, a scalar at the first trainable weight's dtype
    Adafactor         rank(s) >= 2: r = s[:-1], c = s[:-2] + s[-1:], v = s, at w's dtype;
                      rank(s) < 2: v = s, and two int32 scalars (placeholders for r and c)
    Muon              momentum = s; a velocity too (AdamW's) unless s is 2-D and the path
                      of w does not contain "embedding" (Muon's exclude_embeddings=True)
    LossScaleOptimizer (compile() wraps the optimizer in it under mixed_float16): its own
                      iterations and learning_rate, step_counter (int64) and dynamic_scale
                      (float32): +4 values, +24 B. It builds the inner optimizer without
                      attribute tracking, so the variables made by `backend.Variable`
                      directly (Nadam's u_product, Adafactor's int32 placeholders) are then
                      not among the optimizer's variables and not counted.

The learning rate is a variable when it is a number (not a schedule), as the names here
construct it. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from lstmcalc.engine.results import Summary

#: Slots per trainable weight, by the name compile() accepts as a string (any case).
SLOTS = {"adam": 2, "adamw": 2, "adamax": 2, "nadam": 2, "sgd": 0, "rmsprop": 1, "adagrad": 1, "adadelta": 2,
         "ftrl": 2, "lion": 1, "schedulefreeadamw": 2}
#: Slots of the optimizers only constructed as a class (`keras.optimizers.Lamb()`; the string
#: "lamb" is no optimizer to keras.optimizers.get).
CLASS_SLOTS = {**SLOTS, "lamb": 2}
#: Scalar variables (iterations, learning_rate, and Nadam's u_product).
SCALARS = {"nadam": 3}
#: Constructor arguments that change no variable.
QUIET = {"learning_rate", "beta_1", "beta_2", "epsilon", "rho", "weight_decay", "clipnorm", "clipvalue",
         "global_clipnorm", "name", "nesterov", "initial_accumulator_value", "learning_rate_power",
         "l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength",
         "beta", "decay", "warmup_steps"}


def slots(name: str, options: dict[str, Any], *, as_class: bool = False) -> int | None:
    """Slots per trainable parameter of optimizer NAME (Keras's class name, any case) built
    with OPTIONS; None when unknown (another optimizer, a schedule, an option adding state)."""
    table = CLASS_SLOTS if as_class else SLOTS
    name = name.lower()
    if name not in table:
        return None
    count = table[name]
    for key, value in options.items():
        if key == "learning_rate" and not isinstance(value, (int, float)):
            return None  # a schedule is not a variable
        if key == "amsgrad" and name in ("adam", "adamw"):
            count += value is True
        elif key == "momentum" and name in ("sgd", "rmsprop"):
            if not isinstance(value, (int, float)):
                return None
            count += value > 0
        elif key == "centered" and name == "rmsprop":
            count += value is True
        elif key not in QUIET:
            return None
    return count


class Offered(NamedTuple):
    """An optimizer offered by name (`--optimizer sgd-momentum`): the Keras class and the
    arguments it is built with."""

    keras_class: str
    options: tuple[tuple[str, Any], ...] = ()


#: The optimizers offered, in CLI spelling: every Keras 3.15 built-in one (MultiOptimizer
#: needs a mapping from weights to optimizers and LossScaleOptimizer wraps another one: both
#: are not offered by name; loss scaling is `loss_scale=True`).
OFFERED: dict[str, Offered] = {
    "adam": Offered("Adam"), "adam-amsgrad": Offered("Adam", (("amsgrad", True),)),
    "adamw": Offered("AdamW"), "adamw-amsgrad": Offered("AdamW", (("amsgrad", True),)),
    "adamax": Offered("Adamax"), "nadam": Offered("Nadam"),
    "sgd": Offered("SGD"), "sgd-momentum": Offered("SGD", (("momentum", 0.9),)),
    "sgd-nesterov": Offered("SGD", (("momentum", 0.9), ("nesterov", True))),
    "rmsprop": Offered("RMSprop"), "rmsprop-momentum": Offered("RMSprop", (("momentum", 0.9),)),
    "rmsprop-centered": Offered("RMSprop", (("centered", True),)),
    "adagrad": Offered("Adagrad"), "adadelta": Offered("Adadelta"), "ftrl": Offered("Ftrl"),
    "lion": Offered("Lion"), "lamb": Offered("Lamb"), "adafactor": Offered("Adafactor"),
    "muon": Offered("Muon"), "schedule-free-adamw": Offered("ScheduleFreeAdamW"),
}


class TrainableWeight(NamedTuple):
    """A trainable variable as the optimizer sees it: shape, bytes per value (its dtype's)
    and Keras's path (`embedding/embeddings`), which Muon reads."""

    shape: tuple[int, ...]
    itemsize: int = 4
    path: str = ""


class State(NamedTuple):
    """A built optimizer's variables: `values` and `bytes` are Keras's Optimizer params and
    their size; `scalars` the values of the variables not shaped after a weight (iterations,
    learning_rate, u_product, the loss-scale variables); `per_weight` the values kept for
    each trainable weight, in the order given (Adafactor's placeholders included)."""

    values: int
    bytes: int
    scalars: int
    per_weight: tuple[int, ...]


class UnknownOptimizer(ValueError):
    """A name that is not in OFFERED; the message names the closest one."""


def offered(name: str) -> Offered:
    """OFFERED[name], or UnknownOptimizer saying which names there are (and the closest)."""
    key = name.strip().lower()
    if key in OFFERED:
        return OFFERED[key]
    from lstmcalc.diagnostics import did_you_mean
    from lstmcalc.safety.text import quoted

    close = did_you_mean(key, list(OFFERED))
    hint = f" (did you mean {close}?)" if close else ""
    raise UnknownOptimizer(f"unknown optimizer {quoted(name)}{hint}; choose from {', '.join(OFFERED)}")


def _variables(kind: str, count: int, weight: TrainableWeight, loss_scale: bool) -> list[tuple[int, int]]:
    """(values, bytes per value) of each variable the optimizer keeps for WEIGHT."""
    shape, size = weight.shape, math.prod(weight.shape)
    if kind == "adafactor":
        if len(shape) < 2:  # two backend.Variable(0) placeholders (int32), then the velocity
            return [*([] if loss_scale else [(1, 4), (1, 4)]), (size, weight.itemsize)]
        r, c = math.prod(shape[:-1]), math.prod((*shape[:-2], shape[-1]))
        return [(r, weight.itemsize), (c, weight.itemsize), (size, weight.itemsize)]
    if kind == "muon":
        muon = len(shape) == 2 and "embedding" not in weight.path.lower()
        return [(size, weight.itemsize)] * (1 if muon else 2)
    return [(size, weight.itemsize)] * count


def optimizer_state(name: str, weights: Iterable[TrainableWeight | Sequence[int]], *,
                    loss_scale: bool = False) -> State:
    """What optimizer NAME (an OFFERED key) holds once built on WEIGHTS (the model's
    trainable variables, or bare shapes at float32); LOSS_SCALE: wrapped in Keras's
    LossScaleOptimizer, as compile() does under mixed_float16. See the module's table."""
    spec = offered(name)
    given = [w if isinstance(w, TrainableWeight) else TrainableWeight(tuple(w)) for w in weights]
    kind = spec.keras_class.lower()
    count = slots(spec.keras_class, dict(spec.options), as_class=True)
    if count is None and kind not in ("adafactor", "muon"):
        raise AssertionError(f"no slot rule for {name}")  # OFFERED and CLASS_SLOTS disagree
    per_weight = [_variables(kind, count or 0, w, loss_scale) for w in given]
    scalars = [(1, 8), (1, 4)]  # iterations (int64), learning_rate (float32)
    if kind == "nadam" and not loss_scale:
        scalars.append((1, given[0].itemsize if given else 4))  # u_product
    if loss_scale:
        scalars += [(1, 8), (1, 4), (1, 8), (1, 4)]  # its iterations, learning_rate, step_counter, dynamic_scale
    held = [v for vs in per_weight for v in vs] + scalars
    return State(values=sum(n for n, _ in held), bytes=sum(n * b for n, b in held),
                 scalars=sum(n for n, _ in scalars), per_weight=tuple(sum(n for n, _ in vs) for vs in per_weight))


def trainable_weights(summary: Summary) -> list[TrainableWeight]:
    """The model's trainable variables as Keras 3's model.trainable_variables lists them (each
    by its own flag), with their dtype's size and `layer/weight` as the path."""
    return [TrainableWeight(w.shape, w.itemsize or 4, f"{layer.name}/{w.name}")
            for layer in summary.layers for w in layer.weights if w.variable_trainable]


def optimizer_params(summary: Summary) -> tuple[int, int] | None:
    """(values, bytes) of the built optimizer Keras's footer prints as `Optimizer params`
    (and adds to Total): `--optimizer NAME` (optimizer_state, per trainable weight), or
    the (slots, scalars) of the optimizer compile() was given before fit() in Python code."""
    options = dict(summary.print_options)
    if options.get("optimizer"):
        state = optimizer_state(options["optimizer"], trainable_weights(summary),
                                loss_scale=options.get("loss_scale") is True)
        return state.values, state.bytes
    if options.get("optimizer_state"):  # slots shaped like the trainable weights, and scalars
        per, scalars = options["optimizer_state"]
        weights = trainable_weights(summary)
        # iterations (int64), learning_rate (float32), Nadam's u_product (the first weight's dtype)
        extra = 8 + 4 + (scalars - 2) * (weights[0].itemsize if weights else 4)
        return per * summary.trainable_params + scalars, per * summary.trainable_bytes + extra
    return None
