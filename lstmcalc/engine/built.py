"""A layer as constructed from its spec (shared by the inference loop and the hints)."""

from __future__ import annotations

from typing import NamedTuple

from lstmcalc.layers.base import Layer
from lstmcalc.spec.model import LayerSpec


class Built(NamedTuple):
    """A constructed layer with its spec, or None where its arguments were invalid."""

    spec: LayerSpec
    name: str
    layer: Layer | None
