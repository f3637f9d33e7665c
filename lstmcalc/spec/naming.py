"""Keras's automatic layer names: a per-prefix counter, as in a fresh process.

Keras 3 and tf.keras 2 count the same way (`lstm`, `lstm_1`, ...) except for two prefixes:
Keras 3's `input_layer`, `input_layer_1` are Keras 2's `input_1`, `input_2` (counted from 1),
and a functional model, Keras 3's `functional`, is Keras 2's `model`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from lstmcalc.spec.model import LayerSpec


#: Keras 3's prefix -> (tf.keras 2's prefix, whether Keras 2 counts it from 1: `input_1`).
KERAS2_PREFIXES = {"input_layer": ("input", True), "functional": ("model", False)}


class Namer:
    """Keras's per-prefix name counters; callers name Keras 3's prefix, and under `--keras 2`
    the Namer gives Keras 2's name for it."""

    def __init__(self) -> None:
        from lstmcalc.keras_version import keras_version

        self.keras = keras_version()
        self.counts: dict[str, int] = {}

    def _name(self, prefix: str, n: int) -> str:
        if self.keras == 2 and prefix in KERAS2_PREFIXES:
            prefix, one_based = KERAS2_PREFIXES[prefix]
            if one_based:
                return f"{prefix}_{n + 1}"
        return prefix if n == 0 else f"{prefix}_{n}"

    def take(self, prefix: str) -> str:
        """'lstm', then 'lstm_1', 'lstm_2', ... (Keras 2's inputs: 'input_1', 'input_2', ...)."""
        key = self._key(prefix)
        n = self.counts.get(key, 0)
        self.counts[key] = n + 1
        return self._name(prefix, n)

    def peek(self, prefix: str) -> str:
        """The name `take` would give next, without taking it."""
        return self._name(prefix, self.counts.get(self._key(prefix), 0))

    def _key(self, prefix: str) -> str:
        """The counter a prefix uses: Keras 2's `input` counts its inputs."""
        return KERAS2_PREFIXES[prefix][0] if self.keras == 2 and prefix in KERAS2_PREFIXES else prefix


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
    if layer.type != "Sequential" or namer.keras == 2:  # tf.keras 2: a Sequential is its own graph, and
        return ModelNames(name, None, None)  # its InputLayer is `<first layer>_input`, taking no number
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
