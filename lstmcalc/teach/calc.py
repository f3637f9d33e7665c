"""One layer in Keras call syntax on a given input shape: the quick calculator."""

from __future__ import annotations

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine import Summary
from lstmcalc.engine.infer import analyze, failed
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec
from lstmcalc.spec.pycall import parse_call, parse_shape

ORIGIN = Span(1, 1)


def input_layer(shape: tuple[int | None, ...]) -> LayerSpec:
    value = ArgSpec(list(shape), ORIGIN, ORIGIN)
    return LayerSpec(type="Input", span=ORIGIN, type_span=ORIGIN, args={"batch_shape": value})


def calc(call: str, input_text: str | None, path: str = "<calc>") -> Summary:
    """Analyse `call` applied to an input of shape `input_text` ('(None, 50, 10)')."""
    layer, problems = parse_call(call)
    if layer is None:
        return failed(path, problems)
    if layer.type == "Input":
        return analyze(ModelSpec(path, (layer,)))
    if input_text is None:
        return failed(path, [_needs_input()])
    shape = parse_shape(input_text)
    if shape is None:
        return failed(path, [error("LC014", f"--input {input_text!r} is not a shape such as (None, 50, 10)",
                                   ORIGIN, None, "give the full shape Keras prints, batch first: (None, 50, 10)")])
    return analyze(ModelSpec(path, (input_layer(shape), layer)))


def _needs_input() -> Diagnostic:
    return error("LC016", "calc needs the input shape", ORIGIN, None,
                 'add --input "(None, 50, 10)" (batch, timesteps, features)')
