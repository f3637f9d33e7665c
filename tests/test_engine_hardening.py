"""Hostile but well-formed specs: the engine, the layers and explain answer with diagnostics.

A spec that parses can still say anything: `units: .nan`, a 4,000-digit dimension, a
rank-0 input, a merge layer with `inputs: []`, a Bidirectional wrapping a Flatten wrapping
nothing. For every registered layer type these tests build such specs from hostile value
pools and check that `summarize` and `explain` return (errors as diagnostics with a code, a
position, a layer and a hint; never an exception), quickly, and that every message quotes
the input only as a short, single-line excerpt.

Two paths are driven: spec text through `summarize` (what the CLI does), and ModelSpec
values straight into `analyze`, which reach the engine with numbers no YAML or JSON reader
produces (integers of 5,000 digits and more).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmcalc.diagnostics import Diagnostic
from lstmcalc.engine import analyze, summarize
from lstmcalc.engine.results import Summary
from lstmcalc.layers import REGISTRY
from lstmcalc.layers.args import INPUT_ARG_NAMES
from lstmcalc.layers.base import Arg
from lstmcalc.safety.limits import MAX_EXCERPT
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref
from lstmcalc.teach.explain import explain

TYPES = sorted(REGISTRY)
LAYER_TYPES = [t for t in TYPES if t != "Input"]
INT64_MAX = 2**63 - 1
PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
#: Every message, hint and layer name stays one short line however long the input is.
MAX_MESSAGE = 1200
SECONDS = 2.0

# --- value pools ------------------------------------------------------------------------

huge_ints = st.sampled_from([2**31, 2**62, INT64_MAX, 2**63, 2**64, 10**30, 10**300, 10**4000, -(10**4000)])
small_ints = st.integers(-3, 70)
hostile_floats = st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 1e308, 5e-324, 0.5,
                                  1.0, 2.0, -0.5, 3.0])
hostile_text = st.one_of(
    st.sampled_from(["", " ", "valid", "same", "causal", "VALID", "channels_first", "channels_last", "relu",
                     "tanh", "float16", "bfloat16", "mixed_float16", "concat", "sum", None, "auto",
                     "orthogonal", "glorot_uniform", "\x1b[31mred\x1b[0m", "a\nb", "\u202eevil", "x" * 5000]),
    st.text(max_size=20),
)
scalars = st.one_of(st.none(), st.booleans(), small_ints, huge_ints, hostile_floats, hostile_text)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["class_name", "config", "value", "x"]), children, max_size=3),
    ),
    max_leaves=8,
)
dims = st.one_of(st.none(), st.sampled_from([0, 1, 2, 3, 4, 7, 16]), huge_ints, st.just(-1))
shapes = st.lists(dims, min_size=0, max_size=6)
#: Mostly sizes Keras accepts, so that generation gets past the Input into the layers.
good_dims = st.one_of(st.sampled_from([None, 1, 2, 3, 4, 5, 8]), st.sampled_from([0, 2**31, 2**62, INT64_MAX]))
good_shapes = st.lists(st.sampled_from([None, 1, 2, 3, 4, 5, 8]) | good_dims, min_size=0, max_size=6)


def _enum(arg: Arg) -> list[Any]:
    schema = getattr(arg.check, "schema", None) or {}
    for part in [schema, *schema.get("anyOf", [])]:
        if "enum" in part:
            return list(part["enum"])
    return []


def valid_value(arg: Arg) -> st.SearchStrategy[Any]:
    """A value of the argument's declared kind that Keras is likely to accept."""
    expected = arg.kind.expected
    names = _enum(arg)
    if names:
        return st.sampled_from(names)
    if arg.name in ("shape", "batch_shape", "input_shape", "batch_input_shape", "noise_shape"):
        return good_shapes
    if arg.name == "target_shape":
        return st.lists(st.sampled_from([-1, 1, 2, 3, 4, 6, 8, 2**62]), max_size=4)
    if arg.name == "axis":
        return st.one_of(st.integers(-4, 4), st.lists(st.integers(-4, 4), min_size=1, max_size=3))
    if arg.name == "padding":
        return st.sampled_from(["valid", "same", "causal", "SAME"])
    ints = st.one_of(st.integers(1, 8), st.sampled_from([2**31, 2**62, INT64_MAX]))
    if expected == "an integer":
        return ints
    if expected.startswith("an integer or null"):
        return st.none() | ints
    if expected.startswith(("an integer or a list", "an integer, a list")):
        return ints | st.lists(ints, min_size=1, max_size=1)
    if expected == "a finite number":
        return st.sampled_from([0.0, 0.1, 0.5, 1.0, 1e308])
    if expected == "true or false":
        return st.booleans()
    if "string" in expected:
        return st.sampled_from(["valid", "channels_first", "float32"])
    return st.sampled_from([None, 1, "x"])


@st.composite
def arguments(draw: st.DrawFn, type_name: str, hostility: float) -> dict[str, Any]:
    """Some of the layer's own arguments (the required ones nearly always), a Keras 2 input
    argument or an unknown name now and then, each valid or hostile by HOSTILITY."""
    cls = REGISTRY[type_name]
    table = cls.arg_table()
    keys = draw(st.lists(st.sampled_from(list(table)), max_size=4, unique=True))
    keys += [a.name for a in cls.args if a.required and a.name not in keys and draw(st.integers(0, 9))]
    if draw(st.integers(0, 9)) == 0:
        keys.append(draw(st.sampled_from([*INPUT_ARG_NAMES, "bogus\x1b[2J", "k" * 300])))
    out = {}
    for key in keys:
        hostile = draw(st.floats(0, 1)) < hostility or key not in table
        out[key] = draw(values) if hostile else draw(valid_value(table[key]))
    return out


# --- spec documents (plain data, dumped as YAML) ---------------------------------------


@st.composite
def layer_doc(draw: st.DrawFn, type_name: str, hostility: float, depth: int = 0) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": type_name, **draw(arguments(type_name, hostility))}
    if REGISTRY[type_name].nested:
        choice = draw(st.integers(0, 5))
        if choice <= 3 and depth < 2:
            inner = draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN", "Dense", *LAYER_TYPES]))
            doc["layer"] = draw(layer_doc(inner, hostility, depth + 1))
        elif choice == 4:
            doc["layer"] = draw(values)  # not a mapping: an argument of the wrong type
        if type_name == "Bidirectional" and draw(st.booleans()) and depth < 2:
            backward = draw(st.sampled_from(["LSTM", "GRU", "Dense"]))
            doc["backward_layer"] = draw(layer_doc(backward, hostility, depth + 1))
    return doc


@st.composite
def input_doc(draw: st.DrawFn, name: str, hostility: float) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": "Input", "name": name}
    hostile = draw(st.floats(0, 1)) < hostility
    which = draw(st.integers(0, 3))
    if which == 0:
        doc["batch_shape"] = draw(shapes if hostile else good_shapes)
    else:
        doc["shape"] = draw(shapes if hostile else good_shapes)
    if which == 2:
        doc["batch_size"] = draw(dims if hostile else good_dims)
    if which == 3:
        doc.update(draw(arguments("Input", hostility)))
    return doc


@st.composite
def model_doc(draw: st.DrawFn, type_name: str) -> dict[str, Any]:
    """An Input (or a Keras 2 style first layer), the layer under test, maybe more layers,
    with graph references (missing, empty, self, forward) some of the time. A share of the
    values (none, a few, half) is hostile; the rest are valid, to reach shape inference."""
    hostility = draw(st.sampled_from([0.0, 0.0, 0.05, 0.2, 0.5]))
    layers: list[dict[str, Any]] = []
    functional = draw(st.integers(0, 4)) > 0
    if functional:
        layers += [draw(input_doc("in0", hostility))]
        if draw(st.booleans()):
            layers.append(draw(input_doc("in1", hostility)))
    layer = draw(layer_doc(type_name, hostility))
    layer["name"] = "target"
    layers.append(layer)
    for i in range(draw(st.integers(0, 2))):
        extra = draw(layer_doc(draw(st.sampled_from(LAYER_TYPES)), hostility))
        extra["name"] = f"after{i}"
        layers.append(extra)
    names = [d["name"] for d in layers] + ["missing", "target[1]", "in0[7]", "after1", "in1"]
    if REGISTRY[type_name].merge:
        inputs = [d["name"] for d in layers if d["type"] == "Input"]
        if inputs and draw(st.integers(0, 3)):
            layer["inputs"] = draw(st.lists(st.sampled_from(inputs), min_size=1, max_size=3))
        else:
            layer["inputs"] = draw(st.lists(st.sampled_from(names), max_size=4))
    elif draw(st.integers(0, 5)) == 0:
        layer["inputs"] = draw(st.lists(st.sampled_from(names), max_size=4))
    if draw(st.integers(0, 7)) == 0:
        layer["initial_state"] = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3))
    doc: dict[str, Any] = {"layers": layers}
    if draw(st.integers(0, 4)) == 0:
        doc["outputs"] = draw(st.lists(st.sampled_from(names), max_size=3))
    return doc


# --- checks -------------------------------------------------------------------------------


def check_diagnostic(d: Diagnostic) -> None:
    assert d.code.startswith("LC") and d.code[2:].isdigit(), d
    assert isinstance(d.span, Span) and d.span.line >= 0
    assert d.message
    for text in (d.message, d.hint, d.layer or ""):
        assert len(text) <= MAX_MESSAGE, f"{d.code}: {len(text)} characters: {text[:200]}"
        assert "\x1b" not in text and "\r" not in text and "\u202e" not in text, repr(text[:200])
    assert "\n" not in d.message, repr(d.message[:200])


def check_summary(summary: Summary) -> None:
    for d in summary.diagnostics:
        check_diagnostic(d)
    if summary.ok and summary.built:
        for row in summary.layers:
            for dim in row.output_shape or ():
                assert dim is None or 0 <= dim <= INT64_MAX, (row.name, row.output_shape)
            assert 0 <= row.params <= INT64_MAX
        assert summary.total_params <= INT64_MAX
        assert len(f"{summary.total_params:,} {summary.trainable_bytes:,}") < 100  # no 4,300-digit str()


def run(summary_of: Any) -> Summary:
    start = time.perf_counter()
    summary: Summary = summary_of()
    check_summary(summary)
    items = explain(summary)  # `lstmcalc explain` explains whatever layers there are
    for item in items:
        assert len(f"{item.params:,}{item.formula}{item.why}") < 100_000
        assert item.macs_total is None or item.macs_total >= 0
    assert time.perf_counter() - start < SECONDS
    return summary


def dump(doc: dict[str, Any]) -> bytes | None:
    try:
        return yaml.safe_dump(doc, allow_unicode=False).encode()
    except ValueError:  # an integer PyYAML cannot write (over 4,300 digits)
        return None


@pytest.mark.parametrize("type_name", LAYER_TYPES)
@settings(PROFILE, max_examples=60)
@given(data=st.data())
def test_every_layer_type_survives_hostile_specs(type_name: str, data: st.DataObject) -> None:
    doc = data.draw(model_doc(type_name))
    text = dump(doc)
    if text is not None:
        run(lambda: summarize(text, "hostile.yaml"))
    run(lambda: analyze(to_spec(doc)))


@PROFILE
@given(data=st.data())
def test_any_mix_of_layers_survives(data: st.DataObject) -> None:
    doc = data.draw(model_doc(data.draw(st.sampled_from(LAYER_TYPES))))
    run(lambda: analyze(to_spec(doc)))


# --- ModelSpec values straight into the engine -------------------------------------------

_SPAN = Span(1, 1)


def _refs(value: Any) -> tuple[Ref, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        name, _, rest = str(item).partition("[")
        out.append(Ref(name, int(rest.rstrip("]")) if rest else None, _SPAN))
    return tuple(out)


def to_layer(doc: dict[str, Any]) -> LayerSpec:
    args, wrapped = {}, {}
    for key, value in doc.items():
        if key in ("type", "name", "inputs", "initial_state"):
            continue
        if key in ("layer", "backward_layer") and isinstance(value, dict) and isinstance(value.get("type"), str):
            wrapped[key] = to_layer(value)
        else:
            args[key] = ArgSpec(value, _SPAN, _SPAN)
    return LayerSpec(doc["type"], _SPAN, _SPAN, doc.get("name"), _SPAN if "name" in doc else None, args,
                     wrapped, dict.fromkeys(wrapped, _SPAN),
                     _refs(doc["inputs"]) if "inputs" in doc else None,
                     _refs(doc["initial_state"]) if "initial_state" in doc else ())


def to_spec(doc: dict[str, Any]) -> ModelSpec:
    return ModelSpec("hostile.yaml", tuple(to_layer(d) for d in doc["layers"]),
                     outputs=_refs(doc["outputs"]) if doc.get("outputs") else ())


# --- the fuzzer's findings, one by one --------------------------------------------------

RANK0 = {"type": "Input", "batch_shape": [], "name": "in0"}


def _doc(*layers: dict[str, Any]) -> dict[str, Any]:
    return {"layers": list(layers)}


def _errors(summary: Summary) -> list[Diagnostic]:
    return [d for d in summary.diagnostics if d.is_error]


@pytest.mark.parametrize("layer", [
    {"type": "Reshape", "target_shape": [1]},
    {"type": "Reshape", "target_shape": [-1]},
    {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 2}},
    {"type": "Flatten"}, {"type": "Dense", "units": 2}, {"type": "RepeatVector", "n": 2},
    {"type": "GlobalAveragePooling1D"}, {"type": "LSTM", "units": 2},
    {"type": "Concatenate", "inputs": ["in0", "in0"]},
])
def test_rank_0_input_is_refused_with_a_diagnostic(layer: dict[str, Any]) -> None:
    summary = run(lambda: summarize(dump(_doc(RANK0, layer)) or b"", "m.yaml"))
    (first, *_) = _errors(summary)
    assert first.layer and first.hint


def test_rank_0_input_explains() -> None:
    summary = run(lambda: summarize(dump(_doc(RANK0, {"type": "Dropout", "rate": 0.5})) or b"", "m.yaml"))
    assert explain(summary)[0].output_text.startswith("()")


# Custom (a merge by nature, but needing class_name first) is in tests/test_custom_layers.py
@pytest.mark.parametrize("type_name", [t for t in LAYER_TYPES if REGISTRY[t].merge and t != "Custom"])
def test_merge_with_no_inputs(type_name: str) -> None:
    required = {a.name: 2 for a in REGISTRY[type_name].args if a.required}  # MultiHeadAttention's sizes
    required.update({"Dot": {"axes": 1}}.get(type_name, {}))  # Keras's Dot needs axes before anything else
    doc = _doc({"type": "Input", "shape": [3], "name": "a"}, {"type": type_name, "inputs": [], **required})
    summary = run(lambda: summarize(dump(doc) or b"", "m.yaml"))
    assert [d.code for d in _errors(summary)] == ["LC107"]


@pytest.mark.parametrize("doc", [
    _doc({"type": "Input", "shape": [10**1000, 10**1000]}),
    _doc({"type": "Input", "shape": [10**5000]}),
    _doc({"type": "Input", "shape": [3]}, {"type": "Dense", "units": 10**5000}),
    _doc({"type": "Input", "shape": [3, 4]}, {"type": "Conv1D", "filters": 2, "kernel_size": [10**5000]}),
    _doc({"type": "Input", "shape": [3]}, {"type": "Dropout", "rate": 10**5000}),
    _doc({"type": "Input", "shape": [3]}, {"type": "Concatenate", "axis": -(10**5000), "inputs": ["input_layer"]}),
    _doc({"type": "Input", "shape": [2**40, 2**40]}, {"type": "Flatten"}),
    _doc({"type": "Input", "shape": [2**62]}, {"type": "Dense", "units": 2**62}),
    _doc({"type": "Input", "shape": [2**62]}, {"type": "Dense", "units": 4}, {"type": "Dense", "units": 2**61}),
    _doc({"type": "Input", "shape": [3]}, {"type": "Embedding", "input_dim": 2**62, "output_dim": 2**62}),
    _doc({"type": "Input", "shape": [2**32, 2**32]}, {"type": "Reshape", "target_shape": [-1]}),
    _doc({"type": "Input", "shape": [4, 2**62]}, {"type": "Dense", "units": 4}),
    _doc({"type": "Input", "shape": [2] * 63}, {"type": "Flatten"}),  # 64 axes with the batch: 2**63 values
    _doc({"type": "Input", "shape": [2**62] * 3000}, {"type": "Flatten"}),
])
def test_huge_numbers_are_refused_early(doc: dict[str, Any]) -> None:
    summary = run(lambda: analyze(to_spec(doc)))
    (first, *_) = _errors(summary)
    assert first.code in {"LC015", "LC108", "LC002"}, first
    assert "digits" in first.message or "int64" in first.message or "at most 64 axes" in first.message, first.message


def test_sizes_up_to_int64_are_exact() -> None:
    doc = _doc({"type": "Input", "shape": [2**31, 2**31]}, {"type": "Flatten"}, {"type": "Dense", "units": 1})
    summary = run(lambda: analyze(to_spec(doc)))
    assert summary.ok
    assert summary.layers[-1].params == 2**62 + 1


@pytest.mark.parametrize("value", [float("inf"), float("nan"), -0.0, True, [2], {"x": 1}, None, "7", 2.0])
@pytest.mark.parametrize("arg", ["units"])
def test_scalar_arguments_of_the_wrong_kind(arg: str, value: Any) -> None:
    doc = _doc({"type": "Input", "shape": [3]}, {"type": "Dense", arg: value})
    summary = run(lambda: analyze(to_spec(doc)))
    assert _errors(summary)[0].code in {"LC014", "LC016"}


def test_long_and_control_text_is_quoted_as_an_excerpt() -> None:
    evil = "\x1b[2J\n" + "x" * 5_000_000
    doc = _doc({"type": "Input", "shape": [3]},
               {"type": "Dense", "units": 2, "activation": evil, evil: 1, "padding": [evil]},
               {"type": evil})
    summary = run(lambda: analyze(to_spec(doc)))
    assert len(_errors(summary)) == 4  # activation, two unknown arguments, unknown type
    for d in summary.diagnostics:
        assert len(d.message) < 2 * MAX_EXCERPT + 200


def test_nan_and_inf_where_numbers_are_expected() -> None:
    for layer in ({"type": "Dropout", "rate": float("nan")}, {"type": "LSTM", "units": 2, "dropout": float("inf")},
                  {"type": "Masking", "mask_value": float("nan")}, {"type": "Dense", "units": float("inf")}):
        doc = _doc({"type": "Input", "shape": [3, 3]}, layer)
        summary = run(lambda doc=doc: analyze(to_spec(doc)))
        assert _errors(summary), layer


@pytest.mark.parametrize("refs", [[], ["target"], ["later"], ["nowhere"], ["in0[3]"], ["in0", "in0", "in0"]])
def test_graph_references(refs: list[str]) -> None:
    doc = _doc({"type": "Input", "shape": [4, 3], "name": "in0"},
               {"type": "LSTM", "units": 2, "name": "target", "inputs": refs, "initial_state": refs or ["in0"]},
               {"type": "Dense", "units": 1, "name": "later"})
    summary = run(lambda: analyze(to_spec(doc)))
    assert _errors(summary)


def test_outputs_naming_nothing() -> None:
    doc = {**_doc({"type": "Input", "shape": [4, 3], "name": "in0"}), "outputs": ["nowhere"]}
    summary = run(lambda: analyze(to_spec(doc)))
    assert [d.code for d in _errors(summary)] == ["LC031"]


def test_deeply_wrapped_layers() -> None:
    inner: dict[str, Any] = {"type": "Dense", "units": 2}
    for i in range(30):
        inner = {"type": "TimeDistributed" if i % 2 else "Bidirectional", "layer": inner}
    summary = run(lambda: analyze(to_spec(_doc({"type": "Input", "shape": [3, 3, 3]}, inner))))
    assert _errors(summary)


def test_math_stays_cheap_for_long_shapes() -> None:
    doc = _doc({"type": "Input", "shape": [1] * 100_000}, {"type": "Flatten"})
    start = time.perf_counter()
    summary = analyze(to_spec(doc))
    assert time.perf_counter() - start < SECONDS
    assert summary.ok or _errors(summary)
