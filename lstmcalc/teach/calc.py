"""One layer in Keras call syntax on a given input shape: the quick calculator."""

from __future__ import annotations

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine import Summary
from lstmcalc.engine.infer import analyze, failed
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import quoted
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.pycall import MAX_SHAPE_TEXT, parse_call, parse_shape

ORIGIN = Span(1, 1)
#: Shapes given to one calc (merge layers take a few).
MAX_INPUTS = 64


def input_layer(shape: tuple[int | None, ...], name: str | None = None) -> LayerSpec:
    value = ArgSpec(list(shape), ORIGIN, ORIGIN)
    return LayerSpec(type="Input", span=ORIGIN, type_span=ORIGIN, name=name, args={"batch_shape": value})


def calc(call: str, input_texts: list[str] | str | None, path: str = "<calc>") -> Summary:
    """Analyse `call` applied to inputs of the given shapes ('(None, 50, 10)'); a merge
    layer (Concatenate, Add, ...) takes several. Never raises for bad input: the call and
    each shape are length-, depth- and digit-capped before they are parsed."""
    layer, problems = parse_call(call)
    if layer is None:
        return failed(path, problems)
    if layer.type == "Input":
        return analyze(ModelSpec(path, (layer,)))
    texts = [input_texts] if isinstance(input_texts, str) else list(input_texts or [])
    if not texts:
        return failed(path, [_needs_input()])
    shapes = []
    for text in texts:
        if len(texts) > MAX_INPUTS:
            return failed(path, [error("LC002", f"calc takes at most {MAX_INPUTS} --input shapes", ORIGIN)])
        if len(text) > MAX_SHAPE_TEXT:
            return failed(path, [error("LC002", f"--input {quoted(text)} is longer than {MAX_SHAPE_TEXT:,} characters",
                                       ORIGIN, None, "give the full shape Keras prints, batch first: (None, 50, 10)")])
        shape = parse_shape(text)
        if shape is None:
            return failed(path, [error("LC014", f"--input {quoted(text)} is not a shape such as (None, 50, 10)",
                                       ORIGIN, None, "give the full shape Keras prints, batch first: (None, 50, 10); "
                                       f"sizes are whole numbers of at most {MAX_INT_DIGITS} digits")])
        shapes.append(shape)
    if len(shapes) == 1:
        return analyze(ModelSpec(path, (input_layer(shapes[0]), layer)))
    inputs = [input_layer(shape, f"input_{i + 1}") for i, shape in enumerate(shapes)]
    refs = tuple(Ref(f"input_{i + 1}", None, ORIGIN) for i in range(len(shapes)))
    return analyze(ModelSpec(path, (*inputs, layer._replace(inputs=refs))))


def _needs_input() -> Diagnostic:
    return error("LC016", "calc needs the input shape", ORIGIN, None,
                 'add --input "(None, 50, 10)" (batch, timesteps, features)')
