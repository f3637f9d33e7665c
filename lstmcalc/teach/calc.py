"""One layer in Keras call syntax on a given input shape: the quick calculator."""

from __future__ import annotations

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine import Summary
from lstmcalc.engine.infer import analyze, failed
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.pycall import parse_call, parse_shape

ORIGIN = Span(1, 1)


def input_layer(shape: tuple[int | None, ...], name: str | None = None) -> LayerSpec:
    value = ArgSpec(list(shape), ORIGIN, ORIGIN)
    return LayerSpec(type="Input", span=ORIGIN, type_span=ORIGIN, name=name, args={"batch_shape": value})


def calc(call: str, input_texts: list[str] | str | None, path: str = "<calc>") -> Summary:
    """Analyse `call` applied to inputs of the given shapes ('(None, 50, 10)'); a merge
    layer (Concatenate, Add, ...) takes several."""
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
        shape = parse_shape(text)
        if shape is None:
            return failed(path, [error("LC014", f"--input {text!r} is not a shape such as (None, 50, 10)",
                                       ORIGIN, None, "give the full shape Keras prints, batch first: (None, 50, 10)")])
        shapes.append(shape)
    if len(shapes) == 1:
        return analyze(ModelSpec(path, (input_layer(shapes[0]), layer)))
    inputs = [input_layer(shape, f"input_{i + 1}") for i, shape in enumerate(shapes)]
    refs = tuple(Ref(f"input_{i + 1}", None, ORIGIN) for i in range(len(shapes)))
    return analyze(ModelSpec(path, (*inputs, layer._replace(inputs=refs))))


def _needs_input() -> Diagnostic:
    return error("LC016", "calc needs the input shape", ORIGIN, None,
                 'add --input "(None, 50, 10)" (batch, timesteps, features)')
