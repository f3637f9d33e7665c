"""One layer in Keras call syntax on a given input shape: the quick calculator.

Findings are worded in calc's own terms: the shapes came from `--input` and the layer
from the call, so a hint names those, never the Input layers calc builds behind them.
"""

from __future__ import annotations

import ast
import re
from typing import Any, NamedTuple

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine import Summary
from lstmcalc.engine.infer import analyze, failed
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import quoted
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.spec.pycall import MAX_SHAPE_TEXT, NotLiteral, TooLarge, literal, parse_call, parse_shape

ORIGIN = Span(1, 1)
#: Shapes given to one calc (merge layers take a few).
MAX_INPUTS = 64
#: How each input rank reads, with an example to paste, for rank hints.
RANK_FORMS = {2: ("(batch, features)", "(None, 10)"),
              3: ("(batch, timesteps, features)", "(None, 50, 10)"),
              4: ("(batch, rows, columns, channels)", "(None, 28, 28, 3)"),
              5: ("(batch, timesteps, rows, columns, channels)", "(None, 10, 28, 28, 3)")}
_WANTED_RANK = re.compile(r"expects (?:at least )?(\d+)D input")
_INPUT_NAME = re.compile(r"\binput_(?:layer|(\d+))\b")


class Calculation(NamedTuple):
    """calc's answer; `usage` is True when the call or an --input could not be read at
    all (a usage error), False when the layer was analysed (refused or not)."""

    summary: Summary
    usage: bool = False


def calc(call: str, input_texts: list[str] | str | None, path: str = "<calc>") -> Summary:
    """Analyse `call` applied to inputs of the given shapes ('(None, 50, 10)'); see calculate."""
    return calculate(call, input_texts, path).summary


def calculate(call: str, input_texts: list[str] | str | None, path: str = "<calc>") -> Calculation:
    """Analyse `call` applied to inputs of the given shapes ('(None, 50, 10)'); a merge
    layer (Concatenate, Add, ...) takes several. Never raises for bad input: the call and
    each shape are length-, depth- and digit-capped before they are parsed. Argument values
    are evaluated as the Python reader would (`LSTM(64*2)`), never run."""
    evaluator = _Evaluator()
    layer, problems = parse_call(call, resolve=evaluator)
    if layer is None:
        usage = evaluator.unknown or all(d.code in ("LC001", "LC002") for d in problems)
        return Calculation(failed(path, problems), usage)
    if layer.type == "Input":
        return Calculation(analyze(ModelSpec(path, (layer,))))
    texts = [input_texts] if isinstance(input_texts, str) else list(input_texts or [])
    if not texts:
        return Calculation(failed(path, [_needs_input()]), True)
    if len(texts) > MAX_INPUTS:
        return Calculation(failed(path, [error("LC002", f"calc takes at most {MAX_INPUTS} --input shapes",
                                               ORIGIN)]), True)
    shapes = []
    for text in texts:
        if len(text) > MAX_SHAPE_TEXT:
            return Calculation(failed(path, [error(
                "LC002", f"--input {quoted(text)} is longer than {MAX_SHAPE_TEXT:,} characters", ORIGIN, None,
                "give the full shape Keras prints, batch first: --input '(None, 50, 10)'")]), True)
        shape = parse_shape(text)
        if shape is None:
            return Calculation(failed(path, [error(
                "LC014", f"--input {quoted(text)} is not a shape such as (None, 50, 10)", ORIGIN, None,
                "give the full shape Keras prints, batch first: --input '(None, 50, 10)'; "
                f"sizes are whole numbers of at most {MAX_INT_DIGITS} digits")]), True)
        shapes.append(shape)
    summary = _analyze(path, layer, shapes)
    if summary.ok:
        return Calculation(summary)
    name = summary.constructed[-1].name if summary.constructed else ""
    batch_first = _batch_first_fix(path, layer, shapes)
    found = tuple(_in_calc_terms(d, name, len(shapes), batch_first) for d in summary.diagnostics)
    return Calculation(summary._replace(diagnostics=found))


def _analyze(path: str, layer: LayerSpec, shapes: list[tuple[int | None, ...]]) -> Summary:
    if len(shapes) == 1:
        return analyze(ModelSpec(path, (input_layer(shapes[0]), layer)))
    inputs = [input_layer(shape, f"input_{i + 1}") for i, shape in enumerate(shapes)]
    refs = tuple(Ref(f"input_{i + 1}", None, ORIGIN) for i in range(len(shapes)))
    return analyze(ModelSpec(path, (*inputs, layer._replace(inputs=refs))))


def input_layer(shape: tuple[int | None, ...], name: str | None = None) -> LayerSpec:
    value = ArgSpec(list(shape), ORIGIN, ORIGIN)
    return LayerSpec(type="Input", span=ORIGIN, type_span=ORIGIN, name=name, args={"batch_shape": value})


def _batch_first_fix(path: str, layer: LayerSpec, shapes: list[tuple[int | None, ...]]) -> str | None:
    """'(None, 50, 10)' when the one --input looks like a per-sample shape (its batch axis
    forgotten) and the layer accepts it once None is put in front; None otherwise."""
    if len(shapes) != 1 or not shapes[0] or shapes[0][0] is None:
        return None
    fixed = (None, *shapes[0])
    if not _analyze(path, layer, [fixed]).ok:
        return None
    from lstmcalc.teach.explain import fmt

    return fmt(fixed)


def _in_calc_terms(d: Diagnostic, name: str, inputs: int, batch_first: str | None) -> Diagnostic:
    """D reworded for calc: `--input` for the Input layers calc made, `the call` for the layer."""
    def source(match: re.Match[str]) -> str:
        return "--input" if match.group(1) is None or inputs == 1 else f"--input #{match.group(1)}"

    message = d.message
    if d.code == "LC106" and inputs > 1:
        message = re.sub(r"from input_\d+\b", "(one from each --input)", message)
    message = _INPUT_NAME.sub(source, message)
    hint = d.hint
    wanted = _WANTED_RANK.search(d.message)
    if d.code == "LC100" and batch_first is not None:
        hint = f"`--input` is batch first: did you mean --input '{batch_first}'?"
    elif d.code == "LC100" and wanted and "TimeDistributed" not in d.hint:
        rank = int(wanted.group(1))
        form, example = RANK_FORMS.get(rank, (f"{rank} axes, batch first", "(None, ...)"))
        hint = f"give --input as {form}: --input '{example}'"
    elif d.code == "LC106" and _INPUT_NAME.search(d.hint):
        hint = "give one --input: the layer takes one tensor"
    elif "return_state=False" in d.hint:
        hint = "pass return_state=False in the call" + (" (to the wrapped layer)" if "inside" in d.hint else "")
    elif "give the Input layer fixed sizes" in d.hint:
        hint = "give --input a size instead of None on that axis"
    elif "`inputs: [" in d.hint:  # the spec's `inputs:` list is calc's --input options, in order
        hint = re.sub(r"`inputs: \[(.*?)\]`", lambda m: f"one --input each for {m.group(1)}", d.hint)
        hint = re.sub(r"\(or \[(.*?)\]\)", r"(or \1)", hint)
    else:
        hint = _INPUT_NAME.sub(source, hint).replace("check return_sequences on the layers feeding it",
                                                     "check the --input shapes")
    if name:
        hint = re.sub(rf"\bon {re.escape(name)}\b", "in the call", hint)
    return d._replace(message=message, hint=hint)


class _Evaluator:
    """Argument values for parse_call: literals as they are, anything else through the
    Python reader's value interpreter (loaded only then, so start-up stays lean). A value
    only known at run time, or one Python would refuse, is recorded in `unknown`: the call
    cannot be read, a usage error."""

    def __init__(self) -> None:
        self.unknown = False
        self._reader: Any = None

    def __call__(self, node: ast.expr) -> Any:
        try:
            return literal(node)
        except TooLarge:
            raise
        except NotLiteral:
            pass
        from lstmcalc.readers.python.values import (
            MAX_VALUE_TEXT,
            OutOfSteps,
            Refused,
            Unresolved,
            plain,
            text_size,
            to_spec,
        )
        from lstmcalc.spec.pycall import ValueRefused, describe

        if self._reader is None:
            from lstmcalc.readers.python.interpreter import Interpreter

            self._reader = Interpreter({})
        try:
            value = self._reader.value(node)
        except Refused as exc:
            self.unknown = True
            hint = exc.hint.replace(", or give its value with --set", " in the call")
            raise ValueRefused(exc.node, exc.code, exc.message, hint) from None
        except OutOfSteps:
            raise ValueRefused(node, "LC002", "the call takes too many steps to evaluate",
                               "write the values as literals") from None
        except Unresolved:
            self.unknown = True
            raise NotLiteral(node, describe(node)) from None
        if not plain(value):
            self.unknown = True
            raise NotLiteral(node, describe(node))
        if text_size(value) > MAX_VALUE_TEXT:
            raise ValueRefused(node, "LC002", f"`{describe(node, 60)}` has a value too large for a layer argument",
                               "keep layer arguments small")
        return to_spec(value)


def _needs_input() -> Diagnostic:
    return error("LC016", "calc needs the input shape", ORIGIN, None,
                 "give --input as (batch, timesteps, features): --input '(None, 50, 10)'")
