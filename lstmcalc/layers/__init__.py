"""The layer registry: importing this package registers every layer type."""

from lstmcalc.layers import (
           activation,
           cells,
           conv,
           convlstm,
           convnd,
           core,
           merging,
           noise,
           normalization,
           recurrent,
           wrappers,
)
from lstmcalc.layers.base import REGISTRY, Layer, Refusal, Shape, Weight

__all__ = [
           "REGISTRY",
           "Layer",
           "Refusal",
           "Shape",
           "Weight",
           "activation",
           "cells",
           "conv",
           "convlstm",
           "convnd",
           "core",
           "merging",
           "noise",
           "normalization",
           "recurrent",
           "wrappers",
]

from lstmcalc.layers import (
           attention,  # noqa: F401 - registers the attention layers
           custom,  # noqa: F401 - user-defined layers: the Custom spec type
           poolnd,  # noqa: F401 - registers 2D/3D pooling, up-sampling, padding, cropping
)
