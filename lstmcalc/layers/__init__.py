"""The layer registry: importing this package registers every layer type."""

from lstmcalc.layers import cells, conv, core, merging, normalization, recurrent, wrappers
from lstmcalc.layers.base import REGISTRY, Layer, Refusal, Shape, Weight

__all__ = [
           "REGISTRY",
           "Layer",
           "Refusal",
           "Shape",
           "Weight",
           "cells",
           "conv",
           "core",
           "merging",
           "normalization",
           "recurrent",
           "wrappers",
]
