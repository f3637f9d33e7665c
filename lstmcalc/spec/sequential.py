"""A Sequential model's leading Input becomes the first layer's Keras 2 input arguments.

Spec v1 prints a spec without an Input layer like keras.Sequential (no input row), so a
Sequential model read from a Keras config or from code keeps that look this way.
"""

from __future__ import annotations

from lstmcalc.spec.model import LayerSpec


def fold_input(layers: list[LayerSpec]) -> list[LayerSpec] | None:
    """[Input(shape=...), L1, ...] -> [L1(input_shape=...), ...]; None if Input has no shape."""
    if not layers or layers[0].type != "Input":
        return layers
    if len(layers) < 2:
        return None
    head = layers[0].args
    first = layers[1]
    if "batch_shape" in head:
        extra = {"batch_input_shape": head["batch_shape"]}
    elif "shape" in head:
        extra = {"input_shape": head["shape"]}
        if "batch_size" in head:
            extra["batch_size"] = head["batch_size"]
    else:
        return None
    return [first._replace(args={**extra, **first.args}), *layers[2:]]
