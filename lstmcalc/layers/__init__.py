"""The layer registry: importing this package registers every layer type."""

from lstmcalc.layers import conv, core, merging, normalization, recurrent, wrappers
from lstmcalc.layers.base import REGISTRY, Layer, Refusal, Shape, Weight

__all__ = [
           "REGISTRY",
           "Layer",
           "Refusal",
           "Shape",
           "Weight",
           "conv",
           "core",
           "merging",
           "normalization",
           "recurrent",
           "wrappers",
]

from lstmcalc.layers import custom  # noqa: F401 - user-defined layers: the Custom spec type
