"""`explain` for user-defined layers (the Custom type): where their shapes and weights come from."""

from __future__ import annotations

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer
from lstmcalc.safety.text import excerpt
from lstmcalc.teach.explain import Parts, explains, fmt


@explains("Custom")
def _custom(layer: Layer, result: LayerResult) -> Parts:
    cls = excerpt(str(layer.__dict__.get("class_name", "")))
    read = layer.__dict__.get("definition") is not None
    source = (f"{cls}'s own code: weights from the add_weight calls of build(), the shape from "
              "compute_output_shape or from tracing call()") if read else \
        f"declared in the spec: lstmcalc cannot see {cls}'s code"
    outs = result.outputs or (result.output_shape,)
    why = f"a user-defined layer ({cls}) → {', '.join(fmt(s) for s in outs)}, {source}"
    formula = " + ".join(" × ".join(str(d) for d in w.shape) or "1" for w in result.weights)
    notes = ("Keras counts every variable the layer creates (add_weight, trainable or not, and the weights of "
             "the layers it holds); `lstmcalc run` cannot compute its call(), and its multiply-adds are not "
             "counted",)
    return Parts(why, formula, {}, notes, None, None)
