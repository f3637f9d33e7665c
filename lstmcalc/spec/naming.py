"""Keras 3's automatic layer names: a per-prefix counter, as in a fresh process."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from lstmcalc.spec.model import LayerSpec


class Namer:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def take(self, prefix: str) -> str:
        """'lstm', then 'lstm_1', 'lstm_2', ..."""
        n = self.counts.get(prefix, 0)
        self.counts[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"

    def peek(self, prefix: str) -> str:
        """The name `take` would give next, without taking it."""
        n = self.counts.get(prefix, 0)
        return prefix if n == 0 else f"{prefix}_{n}"


#: The classes of models used as layers, and the prefix of their automatic names.
MODEL_TYPES = {"Sequential": "sequential", "Functional": "functional"}


def has_own_input(layers: Sequence[LayerSpec]) -> bool:
    """Whether a nested Sequential's layers give it an input (an Input first, or Keras 2
    input arguments on its first layer), so that Keras builds it when it is constructed."""
    if not layers:
        return False
    first = layers[0]
    return first.type == "Input" or any(
        key in first.args and first.args[key].value is not None for key in LEGACY_INPUT_KEYS)


LEGACY_INPUT_KEYS = ("input_shape", "batch_input_shape", "input_dim")


class ModelNames(NamedTuple):
    """The names Keras takes for a model used as a layer."""

    name: str
    #: a Sequential's InputLayer, created for Keras 2 input arguments or a call (None: listed)
    input_name: str | None
    #: the Functional graph a Sequential builds inside (None for a Functional: itself)
    graph_name: str | None


def model_names(layer: LayerSpec, namer: Namer) -> ModelNames:
    """The names Keras takes for a model used as a layer, after its own layers: the model's
    name; then, once a Sequential is built (at construction when it has an input, else at
    its first call, which lstmcalc takes to follow at once), the InputLayer it creates for
    Keras 2 arguments or a call, and the Functional graph it builds inside."""
    assert layer.model is not None
    name = layer.name or namer.take(MODEL_TYPES.get(layer.type, "functional"))
    if layer.type != "Sequential":
        return ModelNames(name, None, None)
    inner = layer.model.layers
    input_name = namer.take("input_layer") if not inner or inner[0].type != "Input" else None
    return ModelNames(name, input_name, namer.take("functional"))


def take_model_names(layer: LayerSpec, namer: Namer) -> str:
    """model_names, for the model's own name."""
    return model_names(layer, namer).name


def layer_names(layers: Sequence[LayerSpec], namer: Namer | None = None) -> list[str]:
    """Each layer's Keras name, explicit or automatic, in construction order (a wrapped
    layer, and a nested model's layers, take theirs before the layer around them)."""
    from lstmcalc.layers import REGISTRY

    namer = namer or Namer()

    def take(layer: LayerSpec) -> str:
        if layer.model is not None:
            layer_names(layer.model.layers, namer)
            return take_model_names(layer, namer)
        for inner in layer.wrapped.values():
            take(inner)
        cls = REGISTRY.get(layer.type)
        if cls is None:
            return layer.name or namer.take(layer.type.lower())
        if cls.type_name != "Custom":
            return layer.name or namer.take(cls.auto_name)
        from lstmcalc.layers.custom import auto_prefix  # a user's class: named after the class name

        return layer.name or namer.take(auto_prefix(cls, layer.args))
    return [take(layer) for layer in layers]
