"""The layer registry. Importing this package registers the layer families most models use;
the others (base.LAZY) register when one of their names is first looked up, and listing
REGISTRY imports them all."""

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
