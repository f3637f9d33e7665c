"""The layer registry: importing this package registers every layer type."""

from lstmcalc.layers import conv, core, merging, normalization, recurrent, wrappers
from lstmcalc.layers import custom  # user-defined layers: the Custom spec type
from lstmcalc.layers.base import REGISTRY, Layer, Refusal, Shape, Weight

__all__ = [
           "REGISTRY",
           "Layer",
           "Refusal",
           "Shape",
           "Weight",
           "conv",
           "core",
           "custom",
           "merging",
           "normalization",
           "recurrent",
           "wrappers",
]
