"""lstmcalc's MACs against TensorFlow's profiler on real Keras 3 models (no TensorFlow here).

tests/fixtures/cost_profiler.json was recorded by tools/keras_oracle/profiler_flops.py: every
tests/cost/specs/*.yaml built as a Keras 3 model, recurrent layers unroll=True, traced at batch
1, frozen, and counted by tf.compat.v1.profiler with ProfileOptionBuilder.float_operation(),
op by op, each op attributed to the layer whose name scope holds it.

For every layer of every record: 2 x lstmcalc's MACs (engine/macs.py through the summary's
column table, as `summary --columns macs` prints them) must equal the flops the profiler gives
the layer's matrix-product ops (MatMul, BatchMatMul*, Conv*, DepthwiseConv2dNative,
Conv*BackpropInput*, Einsum). Where the two differ for a reason we can name, REASONS says why,
with the TF source that decides the profiler's number, and the test recomputes the difference
that reason predicts from the op shapes the profiler saw: the layer matches only if the
profiler's count, corrected by exactly that amount, equals lstmcalc's. Nothing is skipped.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from lstmcalc.engine import summarize
from lstmcalc.engine.columns import column_table

HERE = Path(__file__).parent
SPECS = HERE / "cost" / "specs"
FIXTURE = json.loads((HERE / "fixtures" / "cost_profiler.json").read_text())
RECORDS = {r["spec"]: r for r in FIXTURE["records"]}

#: the ops that multiply matrices or convolve (a flop = a multiply or an add: 2 per MAC)
PRODUCTS = {"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Conv2D", "Conv3D",
            "DepthwiseConv2dNative", "Conv2DBackpropInput", "Conv2DBackpropInputV2",
            "Conv3DBackpropInput", "Conv3DBackpropInputV2", "Einsum"}

#: Why the profiler's matrix-product flops for a layer can differ from 2 x lstmcalc's MACs.
#: Each is a difference on the profiler's side: lstmcalc's count is the layer's own products.
REASONS = {
    "einsum-unregistered": (
        "Einsum has no flops registration (tensorflow/python/profiler/internal/flops_registry.py and "
        "tensorflow/python/ops/nn_ops.py register none), so the profiler gives it 0. Keras's "
        "MultiHeadAttention computes its scores and context with ops.einsum (keras/src/layers/attention/"
        "multi_head_attention.py), and its EinsumDense projections too when they do not reduce to a "
        "matmul (attention_axes on a 4D input). Predicted: 2 x the product of the einsum's index sizes."),
    "conv2d-transpose-formula": (
        "Conv2DBackpropInput's flops (tensorflow/python/profiler/internal/flops_registry.py "
        "_conv_2d_backprop_input_flops) are 2 x output size x kernel size / (output depth x stride_h x "
        "stride_w): output positions / strides stand for the input positions, which holds only for 'same' "
        "padding. lstmcalc counts input positions x kernel size, every product of the scatter (as "
        "ptflops); 'valid' padding, dilation and output_padding make the output larger, and the "
        "profiler's count with it. Predicted: the profiler's formula, replaced by 2 x input positions x "
        "kernel size."),
    "conv3d-transpose-unregistered": (
        "Conv3DBackpropInputV2 (Keras's Conv3DTranspose: tf.nn.conv3d_transpose) has no flops "
        "registration in tensorflow/python/profiler/internal/flops_registry.py: 0. Predicted: 2 x input "
        "positions x kernel size."),
    "xla-function-call": (
        "Keras's TF backend runs a grouped convolution and a channels_first 3D convolution inside "
        "tf.function(jit_compile=True) (keras/src/backend/tensorflow/nn.py conv, `needs_xla`): the "
        "graph holds a StatefulPartitionedCall, which freezing does not inline, and tfprof counts the "
        "graph's own ops (tensorflow/python/profiler/tfprof_logger.py _get_logged_ops), never a called "
        "function's body: 0. Predicted: the profiler's count of the called function's body."),
    "space-to-batch-padding": (
        "TF runs a dilated 2D convolution and a dilated depthwise convolution as SpaceToBatchND + the "
        "convolution + BatchToSpaceND (tensorflow/python/ops/nn_ops.py with_space_to_batch, used by "
        "convolution_internal and nn_impl.depthwise_conv2d), padding the input to a multiple of the "
        "rate: the op's output (rate^2 blocks) has more positions than the layer's, and its flops "
        "(nn_ops.py _calc_conv_flops, _calc_depthwise_conv_flops: 2 x output size x kernel) count the "
        "padding's. Predicted: the same flops per position, at the layer's output positions."),
    "additive-scale-elementwise": (
        "AdditiveAttention's use_scale scores sum(scale * tanh(q + k)) contract Tq x Tv x dim with the "
        "scale vector, which lstmcalc counts as a product; Keras computes them as an elementwise "
        "multiply then ops.sum (keras/src/layers/attention/additive_attention.py _calculate_scores), "
        "which the profiler counts as Mul (1 flop per element, flops_registry.py _mul_flops) and Sum, "
        "not a product op. Predicted: 2 x the layer's Mul flops. (use_scale=False multiplies by the "
        "constant 1.0: no product for lstmcalc, no product op for the profiler.)"),
}


@cache
def lstmcalc_rows(spec: str) -> dict[str, Any]:
    path = SPECS / f"{spec}.yaml"
    summary = summarize(path.read_bytes(), path.name, {}, "auto", None)
    assert summary.ok, summary.diagnostics
    return {row.layer.name: row for row in column_table(summary).rows if row.level == 0}


def lstmcalc_macs(spec: str, layer: str) -> int:
    row = lstmcalc_rows(spec).get(layer)
    if row is None:  # a Sequential's InputLayer: not a row of Keras's table
        return 0
    assert row.macs.value is not None, (spec, layer, row.macs.reason)
    return int(row.macs.value)


def einsum_macs(product: dict) -> int:
    """The product of every index's size: one multiply-add per combination."""
    inputs, _ = product["equation"].split("->")
    sizes: dict[str, int] = {}
    for letters, shape in zip(inputs.split(","), product["inputs"], strict=True):
        for letter, size in zip(letters, shape, strict=True):
            assert sizes.setdefault(letter, size) == size
    return math.prod(sizes.values())


def backprop_input_parts(product: dict) -> tuple[list[int], list[int], list[int]]:
    """(kernel shape, the transposed convolution's input, its output) of a Conv*BackpropInput*:
    inputs are (output sizes, kernel, input)."""
    return product["inputs"][1], product["inputs"][2], product["output"]


def scatter_flops(product: dict) -> int:
    """2 x input positions x kernel size: each input value through the whole kernel."""
    kernel, source, _ = backprop_input_parts(product)
    return 2 * math.prod(source[:-1]) * math.prod(kernel)


def tf_backprop_flops(product: dict) -> int:
    """flops_registry.py's _conv_2d_backprop_input_flops, from the shapes it reads."""
    kernel, _, out = backprop_input_parts(product)
    strides = product["strides"]
    return 2 * math.prod(out) * math.prod(kernel) // (out[-1] * strides[1] * strides[2])


def registered_flops(product: dict) -> int:
    """TF's registered flops of a MatMul, BatchMatMul* or convolution, from its shapes."""
    op, (a, b), out = product["op"], product["inputs"][:2], product["output"]
    if op == "MatMul":
        return 2 * a[0 if product["transpose_a"] else 1] * math.prod(out)
    if op.startswith("BatchMatMul"):
        return 2 * a[-2 if product["adj_x"] else -1] * math.prod(out)
    if op in ("Conv2D", "Conv3D"):
        return 2 * math.prod(out) * math.prod(b[:-1])
    assert op == "DepthwiseConv2dNative", op
    return 2 * math.prod(out) * b[0] * b[1]


def spec_layer(spec: str, name: str) -> dict:
    entries = yaml.safe_load((SPECS / f"{spec}.yaml").read_text())["layers"]
    return next(e for e in entries if e.get("name") == name or re.sub(r"(?<!^)(?=[A-Z])", "_", e.get("type", "")).lower() == name)


def explained(spec: str, layer: dict) -> tuple[int, set[str]]:
    """The profiler's matrix-product flops for LAYER, each named difference replaced by what
    its reason predicts, and the reasons used."""
    total, used = 0, set()
    for product in layer["products"]:
        op, flops = product["op"], product["flops"]
        if op == "Einsum":
            assert flops == 0
            total += 2 * einsum_macs(product)
            used.add("einsum-unregistered")
        elif op == "Conv3DBackpropInputV2":
            assert flops == 0
            total += scatter_flops(product)
            used.add("conv3d-transpose-unregistered")
        elif op == "Conv2DBackpropInput":
            assert flops == tf_backprop_flops(product)
            total += scatter_flops(product)
            if flops != scatter_flops(product):
                used.add("conv2d-transpose-formula")
        elif op in ("Conv2D", "DepthwiseConv2dNative") and product["inputs"][0][0] > 1:
            # batch 1 traced: a batch of blocks is SpaceToBatchND's
            assert flops == registered_flops(product)
            output = lstmcalc_rows(spec)[layer["name"]].layer.output_shape
            positions = math.prod(output[1:-1])
            op_positions = math.prod(product["output"][:-1])
            assert flops % op_positions == 0
            total += flops // op_positions * positions
            if positions != op_positions:
                used.add("space-to-batch-padding")
        else:
            assert flops == registered_flops(product), product
            total += flops
    for call in layer["calls"]:
        inner = sum(v for k, v in call["flops"].items() if k in PRODUCTS)
        assert inner > 0, call
        total += inner
        used.add("xla-function-call")
    if layer["type"] == "AdditiveAttention" and spec_layer(spec, layer["name"]).get("use_scale", True):
        total += 2 * layer["flops"]["Mul"]
        used.add("additive-scale-elementwise")
    return total, used


CASES = [(r["spec"], layer["name"]) for r in FIXTURE["records"] for layer in r["layers"]]


def test_the_corpus_was_profiled_whole() -> None:
    """Every spec has its record (and no record lacks its spec), from Keras 3."""
    assert sorted(p.stem for p in SPECS.glob("*.yaml")) == sorted(RECORDS)
    assert 80 <= len(RECORDS) <= 150
    assert FIXTURE["keras"].startswith("3.")


@pytest.mark.parametrize(("spec", "name"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_macs_equal_the_profilers_count(spec: str, name: str) -> None:
    layer = next(x for x in RECORDS[spec]["layers"] if x["name"] == name)
    counted = sum(v for k, v in layer["flops"].items() if k in PRODUCTS)
    assert counted == sum(p["flops"] for p in layer["products"])  # every product op is described
    profiler, reasons = explained(spec, layer)
    assert 2 * lstmcalc_macs(spec, name) == profiler, (
        f"{spec}/{name}: lstmcalc {lstmcalc_macs(spec, name)} MACs, profiler {counted} flops of products "
        f"({profiler} with {sorted(reasons)})")
    assert reasons <= set(REASONS)
    if not reasons:  # no named difference: the profiler's own number, as it is
        assert 2 * lstmcalc_macs(spec, name) == counted


def test_no_product_outside_the_layers() -> None:
    """Ops outside every layer's scope (the mask's NotEqual of a Masking, Keras's casts) do no
    product, so attributing by scope loses none."""
    for record in FIXTURE["records"]:
        assert not record["outside"]["products"] and not record["outside"]["calls"], record["spec"]
        assert not set(record["outside"]["flops"]) & PRODUCTS


def test_every_reason_is_needed() -> None:
    """Each named difference explains at least one layer, and the layers it explains differ
    from the profiler's raw count (a reason in the table that nothing needs would hide nothing,
    and would mean the table is stale)."""
    needed: dict[str, int] = {}
    for spec, name in CASES:
        layer = next(x for x in RECORDS[spec]["layers"] if x["name"] == name)
        _, reasons = explained(spec, layer)
        raw = sum(v for k, v in layer["flops"].items() if k in PRODUCTS)
        if reasons:
            assert 2 * lstmcalc_macs(spec, name) != raw, (spec, name, reasons)
        for reason in reasons:
            needed[reason] = needed.get(reason, 0) + 1
    assert set(needed) == set(REASONS), needed


def test_unexplained_layers_span_every_family() -> None:
    """The exact matches (no reason needed) cover every family lstmcalc counts."""
    exact = set()
    for spec, name in CASES:
        layer = next(x for x in RECORDS[spec]["layers"] if x["name"] == name)
        if explained(spec, layer)[1] == set() and lstmcalc_macs(spec, name) > 0:
            exact.add(layer["type"])
    assert {"Dense", "Embedding", "LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "TimeDistributed",
            "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D",
            "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D", "Conv2DTranspose", "Attention", "Dot",
            "Sequential", "Functional"} <= exact, exact


def test_the_profiler_counts_a_while_loop_body_once() -> None:
    """Without unroll, Keras runs the LSTM in a tf.while_loop: the profiler sees the step's
    products once, and the recurrent one not at all (h's batch is unknown inside the loop:
    'ops no flops stats due to incomplete shapes'). With unroll=True it sees every step."""
    loop = FIXTURE["not_unrolled"]
    spec = loop["spec"]
    layer = next(x for x in loop["layers"] if x["type"] == "LSTM")
    unrolled = next(x for x in RECORDS[spec]["layers"] if x["name"] == layer["name"])
    steps = yaml.safe_load((SPECS / f"{spec}.yaml").read_text())["layers"][0]["shape"][0]
    counted = [p for p in layer["products"] if p["flops"]]
    assert len(counted) == 1 and all("/while/" in p["name"] for p in layer["products"])
    step_input = counted[0]
    assert len(unrolled["products"]) == 2 * steps
    assert sum(p["flops"] for p in unrolled["products"] if p["inputs"][1] == step_input["inputs"][1]) \
        == steps * step_input["flops"]
    assert [p["inputs"][0] for p in layer["products"] if not p["flops"]] == [None]
    assert 2 * lstmcalc_macs(spec, layer["name"]) == unrolled["flops"]["MatMul"] != layer["flops"]["MatMul"]
