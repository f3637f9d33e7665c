"""Structured fixes for the rules whose hint is a mechanical edit (Keras 2 input arguments).

Pure: a Summary and a constructed layer in, a Fix (or None when the edit is a judgement
call) out. Applying fixes to files lives in lstmcalc/lint/apply.py.
"""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import Edit, Fix
from lstmcalc.engine.built import Built
from lstmcalc.engine.results import Summary
from lstmcalc.layers.recurrent import RNN

#: The codes whose findings can carry a Fix, and what `lint --fix` does for each (the
#: fixture pairs in tests/fixtures/fixes cover every one).
FIXABLE: dict[str, str] = {
    "LC012": "a misspelt layer type with one suggestion, or a removed Keras 2 layer, is renamed",
    "LC013": "a misspelt argument with one suggestion is renamed",
    "LC014": "a quoted number, or a whole float for an integer, is written as an integer",
    "LC015": "a misspelt activation, initializer, regularizer or constraint with one suggestion is corrected",
    "LC100": "return_sequences is set on the RNN that feeds the wrong rank, or RepeatVector(n) is inserted",
    "LC201": "return_sequences=False on the last RNN before the Dense head",
    "LC202": "activation: sigmoid on Dense(1, softmax)",
    "LC205": "Embedding's input_length is removed (moved to an Input layer when it gave the shape)",
    "LC206": "input_shape/input_dim move to an Input layer, or are removed where Keras ignores them",
}


def _starts_model(summary: Summary, item: Built) -> bool:
    """ITEM is the first layer of a sequential spec that has no Input layer: the one place a
    Keras 2 input argument gives the model its input shape."""
    layers = summary.constructed
    return (bool(layers) and layers[0] is item and item.spec.inputs is None and item.spec.type != "Input"
            and not any(b.spec.type == "Input" for b in layers))


def _input(key: str, shape: Any) -> dict[str, Any]:
    return {"type": "Input", key: shape}


def input_length_fix(summary: Summary, item: Built) -> Fix | None:
    """LC205: drop Embedding's input_length; on the first layer, an Input carries the length."""
    arg = item.spec.args.get("input_length")
    if arg is None:
        return None
    remove = Edit("remove", item.spec.span, "input_length")
    if not _starts_model(summary, item):
        return Fix("remove `input_length`", (remove,))
    if not isinstance(arg.value, int) or isinstance(arg.value, bool) or "batch_size" in item.spec.args:
        return None
    return Fix(f"remove `input_length`; start with Input(shape=({arg.value},))",
               (Edit("insert_before", item.spec.span, value=_input("shape", [arg.value])), remove))


def input_layer_fix(summary: Summary, item: Built, key: str) -> Fix | None:
    """LC206 on the first layer: move input_shape / batch_input_shape / input_dim (with
    input_length) to an Input layer inserted before it."""
    if not _starts_model(summary, item) or "batch_size" in item.spec.args:
        return None
    args = {k: a.value for k, a in item.spec.args.items()}
    legacy = [k for k in ("input_shape", "batch_input_shape", "input_dim") if k in args]
    if legacy[:1] != [key]:
        return None  # the first of several spellings carries the fix; the rest go with it
    value = args[key]
    span = item.spec.span
    if key == "input_shape" and isinstance(value, list):
        new = _input("shape", value)
    elif key == "batch_input_shape" and isinstance(value, list):
        new = _input("batch_shape", value)
    elif key == "input_dim" and isinstance(value, int) and item.spec.type != "Embedding":
        length = args.get("input_length")
        new = _input("shape", [length, value] if isinstance(item.layer, RNN) else [value])
    else:
        return None
    gone = [k for k in (*legacy, "input_length") if k in args and not (k == "input_length" and
                                                                        item.spec.type == "Embedding")]
    if len(legacy) > 1:
        return None  # two spellings of the input disagree or repeat: not mechanical
    edits = (Edit("insert_before", span, value=new), *(Edit("remove", span, k) for k in gone))
    return Fix(f"move `{key}` to an Input layer", edits)
