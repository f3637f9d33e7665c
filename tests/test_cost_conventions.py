"""`lstmcalc cost --convention`: each peer tool's count of a layer, as that tool counts the
layer's PyTorch equivalent.

tests/fixtures/cost_conventions.json holds hand-derived cases (the arithmetic of the tool's
own formula, with the source line); tests/fixtures/cost_conventions_measured.json holds what
the tools themselves reported for the same layers (tools/conventions_oracle/measure.py, run
with torch and the tools installed in a throwaway venv). convention_layer must reproduce both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from lstmcalc.cost.conventions import (
    CITE,
    CONVENTIONS,
    DIFFERENCES,
    HEADLINE,
    ConventionCount,
    convention_layer,
)
from lstmcalc.engine import summarize
from lstmcalc.engine.columns import input_shapes, scope

FIXTURES = Path(__file__).parent / "fixtures"
DERIVED = json.loads((FIXTURES / "cost_conventions.json").read_text())["cases"]
MEASURED = json.loads((FIXTURES / "cost_conventions_measured.json").read_text())
SPECS = Path(__file__).parent.parent / "specs"


def count(tool: str, layer: dict[str, Any], shape: list[int], calls: list[list[int]] | None = None) -> ConventionCount:
    """LAYER (a spec, named x) called on an Input of SHAPE (or on Inputs of CALLS' shapes)."""
    inputs = calls or [shape]
    lines = [f"  - {json.dumps({'type': 'Input', 'name': f'in{i}', 'shape': s})}" for i, s in enumerate(inputs)]
    spec = {**layer, "name": "x"}
    if calls:
        spec["inputs"] = [f"in{i}" for i in range(len(calls))]
    text = "layers:\n" + "\n".join(lines) + f"\n  - {json.dumps(spec)}\n"
    summary = summarize(text.encode(), "t.yaml", {}, "auto", None)
    assert summary.ok, summary.diagnostics
    row = next(r for r in summary.layers if r.name == "x")
    assert row.layer is not None and row.output_shape is not None and row.input_shape is not None
    shapes = list(input_shapes(row, scope(summary)) or ()) if calls else [row.input_shape]
    return convention_layer(tool, row.layer, shapes, row.output_shape, list(row.weights))


def _id(case: dict[str, Any]) -> str:
    return f"{case['tool']}-{case['layer']['type']}-{'x'.join(map(str, case['input']))}"


@pytest.mark.parametrize("case", DERIVED, ids=[_id(c) for c in DERIVED])
def test_hand_derived(case: dict[str, Any]) -> None:
    got = count(case["tool"], case["layer"], case["input"], case.get("inputs"))
    assert got.macs == case["expected"]["macs"], (case["derivation"], got.notes)
    if "flops" in case["expected"]:
        assert got.flops == case["expected"]["flops"], (case["derivation"], got.notes)
    assert got.headline == HEADLINE[case["tool"]]
    assert got.notes, "every count says why"


@pytest.mark.parametrize("case", DERIVED, ids=[_id(c) for c in DERIVED])
def test_derivation_arithmetic_matches_the_expected_number(case: dict[str, Any]) -> None:
    """The written derivation evaluates to the recorded number (no hand-copying slips)."""
    derivation = case["derivation"]
    if case["expected"]["macs"] is None:
        assert derivation == "macs: none"
        return
    macs = re.match(r"macs = ([^;]+)", derivation)
    assert macs and eval(macs.group(1), {}) == case["expected"]["macs"]
    if "flops" in case["expected"]:
        flops = re.search(r"flops = (.+)$", derivation)
        assert flops and eval(flops.group(1), {}) == case["expected"]["flops"]
    assert case["citation"] in CITE.values(), "every case cites a rule of the tool"


def test_every_tool_has_four_cases_per_recurrent_type() -> None:
    for tool in CONVENTIONS[1:]:
        for kind in ("LSTM", "GRU", "SimpleRNN"):
            n = sum(1 for c in DERIVED if c["tool"] == tool
                    and kind in (c["layer"]["type"], c["layer"].get("layer", {}).get("type")))
            assert n >= 4, (tool, kind, n)


MEASURED_CASES = MEASURED["measured"]


@pytest.mark.parametrize("case", MEASURED_CASES,
                         ids=[f"{c['layer']['type']}-{'x'.join(map(str, c['input']))}" for c in MEASURED_CASES])
def test_reproduces_what_the_tools_reported(case: dict[str, Any]) -> None:
    reported = case["reported"]
    for tool in ("torchinfo", "ptflops", "thop", "fvcore"):
        got = count(tool, case["layer"], case["input"], case.get("inputs"))
        assert got.macs == reported[tool], (tool, got.notes)
    got = count("deepspeed", case["layer"], case["input"], case.get("inputs"))
    assert (got.macs, got.flops) == (reported["deepspeed"]["macs"], reported["deepspeed"]["flops"]), got.notes


def test_measured_with_recorded_tool_versions() -> None:
    assert set(MEASURED["versions"]) >= {"torch", "torchinfo", "ptflops", "thop", "fvcore", "deepspeed"}
    kinds = {c["layer"]["type"] for c in MEASURED_CASES}
    assert {"LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense", "Conv1D", "Embedding",
            "BatchNormalization", "MultiHeadAttention"} <= kinds


def test_lstmcalc_convention_is_the_engine_count() -> None:
    layer = {"type": "LSTM", "units": 128}
    got = count("lstmcalc", layer, [50, 10])
    assert got == ConventionCount(50 * 4 * 128 * (10 + 128), None, "macs", ())


def test_unknown_convention_is_refused() -> None:
    summary = summarize(b"layers:\n  - {type: Input, shape: [4]}\n  - {type: Dense, units: 2, name: x}\n",
                        "t.yaml", {}, "auto", None)
    row = next(r for r in summary.layers if r.name == "x")
    assert row.layer is not None and row.input_shape is not None and row.output_shape is not None
    with pytest.raises(ValueError, match="convention must be one of"):
        convention_layer("keras", row.layer, [row.input_shape], row.output_shape, list(row.weights))


def test_unknown_dimension_gives_no_number() -> None:
    got = count("ptflops", {"type": "LSTM", "units": 4}, [None, 3])  # type: ignore[list-item]
    assert got.macs is None and "unknown" in got.notes[0]


def test_differences_cite_a_source_line_for_every_tool() -> None:
    assert set(DIFFERENCES) == set(CONVENTIONS)
    for tool in CONVENTIONS[1:]:
        assert DIFFERENCES[tool]
        for line in DIFFERENCES[tool]:
            assert re.search(r"@[0-9a-f]{8}.*:\d+", line), (tool, line)


@pytest.mark.parametrize("tool", CONVENTIONS)
def test_two_lstm_classifier_per_tool(tool: str) -> None:
    """specs/understanding_lstm.yaml, the README's comparison, row by row from the engine."""
    summary = summarize((SPECS / "understanding_lstm.yaml").read_bytes(), "u.yaml", {}, "auto", None)
    assert summary.ok
    rows = {}
    for r in summary.layers:
        if r.is_input or r.layer is None or r.input_shape is None or r.output_shape is None:
            continue
        rows[r.name] = convention_layer(tool, r.layer, [r.input_shape], r.output_shape, list(r.weights))
    # lstm1: T=50, f=10, u=128; lstm2: T=50, f=128, u=64; dense 64->128 relu, 128->64 relu, 64->1 sigmoid
    expected = {
        "lstmcalc": [50 * 4 * 128 * (10 + 128), 50 * 4 * 64 * (128 + 64), 64 * 128, 128 * 64, 64],
        "torchinfo": [50 * (4 * 128 * 10 + 4 * 128 * 128 + 2 * 4 * 128), 50 * (4 * 64 * 128 + 4 * 64 * 64 + 2 * 4 * 64),
                      64 * 128 + 128, 128 * 64 + 64, 64 + 1],
        "ptflops": [50 * (4 * 128 * (10 + 128) + 10 * 128 + 8 * 128), 50 * (4 * 64 * (128 + 64) + 10 * 64 + 8 * 64),
                    64 * 128 + 128 + 2 * 128, 128 * 64 + 64 + 2 * 64, 64 + 1],
        "thop": [50 * (4 * ((10 + 128) * 128 + 128 + 2 * 128) + 4 * 128),
                 50 * (4 * ((128 + 64) * 64 + 64 + 2 * 64) + 4 * 64), 64 * 128, 128 * 64, 64],
        "fvcore": [0, 0, 64 * 128, 128 * 64, 64],
        "deepspeed": [0, 0, 64 * 128, 128 * 64, 64],
    }[tool]
    assert [rows[n].macs for n in ("lstm1", "lstm2", "dense1", "dense2", "output")] == expected
    if tool == "deepspeed":
        lstm = [50 * (2 * 4 * u * (f + u) - 2 * 4 * u + 10 * u + 8 * u) for f, u in ((10, 128), (128, 64))]
        dense = [2 * 64 * 128 + 128, 2 * 128 * 64 + 64, 2 * 64]
        assert [rows[n].flops for n in ("lstm1", "lstm2", "dense1", "dense2", "output")] == lstm + dense


def test_two_lstm_classifier_totals_are_what_the_tools_reported() -> None:
    """The whole model run through each tool (measure.py --model) equals the sum of the rows."""
    summary = summarize((SPECS / "understanding_lstm.yaml").read_bytes(), "u.yaml", {}, "auto", None)
    reported = MEASURED["models"]["understanding_lstm.yaml"]
    for tool in CONVENTIONS[1:]:
        counts = [convention_layer(tool, r.layer, [r.input_shape], r.output_shape, list(r.weights))
                  for r in summary.layers
                  if not r.is_input and r.layer and r.input_shape and r.output_shape]
        macs = sum(c.macs or 0 for c in counts)
        if tool == "deepspeed":
            assert (macs, sum(c.flops or 0 for c in counts)) == (reported[tool]["macs"], reported[tool]["flops"])
        else:
            assert macs == reported[tool], tool


def test_docs_table_is_what_convention_layer_gives() -> None:
    """docs/conventions.md's classifier table, every cell, from convention_layer."""
    text = (Path(__file__).parent.parent / "docs" / "conventions.md").read_text()
    table = text.split("<!-- conventions-table")[1].split("<!-- end conventions-table")[0]
    lines = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| convention", "| ---"))]
    summary = summarize((SPECS / "understanding_lstm.yaml").read_bytes(), "u.yaml", {}, "auto", None)
    rows = [r for r in summary.layers if not r.is_input and r.layer and r.input_shape and r.output_shape]
    seen = set()
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        label, numbers = cells[0], [int(c.replace(",", "")) for c in cells[1:]]
        tool = label.split(" ")[0]
        counts = [convention_layer(tool, r.layer, [r.input_shape], r.output_shape, list(r.weights)) for r in rows]
        values = [c.flops if "FLOPs" in label else c.macs for c in counts]
        assert numbers == [*values, sum(v or 0 for v in values)], label
        seen.add(tool)
    assert seen == set(CONVENTIONS)


@pytest.mark.parametrize("tool", CONVENTIONS[1:])
@pytest.mark.parametrize(("layer", "shape"), [
    ({"type": "SeparableConv1D", "filters": 4, "kernel_size": 3}, [10, 2]),
    ({"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3}, [5, 16]),  # 2 x 3 != 16 features
    ({"type": "LayerNormalization", "rms_scaling": True}, [5, 16]),
])
def test_no_pytorch_counterpart_gives_no_number(tool: str, layer: dict[str, Any], shape: list[int]) -> None:
    calls = [shape, shape] if layer["type"] == "MultiHeadAttention" else None
    got = count(tool, layer, shape, calls)
    assert got.macs is None and got.flops is None and len(got.notes) == 1


@pytest.mark.parametrize("tool", CONVENTIONS[1:])
def test_operator_merges_and_reshapes_are_free(tool: str) -> None:
    for layer, shape, calls in (({"type": "Add"}, [5, 4], [[5, 4], [5, 4]]), ({"type": "Flatten"}, [5, 4], None)):
        got = count(tool, layer, shape, calls)
        assert got.macs == 0 and got.flops == (0 if tool == "deepspeed" else None), got
