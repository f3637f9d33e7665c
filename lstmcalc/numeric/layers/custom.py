"""`run` and user-defined layers: refused by name, since their call() is the user's code."""

from __future__ import annotations

from typing import Any

from lstmcalc.layers.base import Layer
from lstmcalc.numeric.forward import forwards
from lstmcalc.safety.text import excerpt


@forwards("Custom")
def _custom(layer: Layer, weights: Any, inputs: Any, mask: Any) -> Any:
    cls = excerpt(str(layer.__dict__.get("class_name", "")))
    raise NotImplementedError(
        f"{layer.label} is a user-defined layer ({cls}): lstmcalc cannot compute its call(), which is your code; "
        "run the model in Keras, or replace the layer with Keras's own layers")
