"""lstmcalc's backward MACs against TensorFlow's profiler on real Keras 3 models (no TensorFlow here).

tests/fixtures/cost_profiler_backward.json was recorded by tools/keras_oracle/profiler_backward.py:
every tests/cost/specs/*.yaml built as a Keras 3 model, recurrent layers unroll=True, and at
batch 1 a tf.function computing with tf.GradientTape the gradients of sum(outputs) with
respect to model.trainable_variables, frozen, pruned to what the gradients read, counted by
tf.compat.v1.profiler's float_operation(), op by op; the gradient's ops (TF names them
`gradient_tape/<the forward op>`) are attributed to the layer whose scope holds their name.

For every layer of every record: 2 x lstmcalc's backward MACs (`lstmcalc cost --training
--format json`, in process) must equal the float ops the profiler gives the layer's
gradient matrix products (MatMul, BatchMatMul*, Conv*, Conv*Backprop{Input,Filter}*,
DepthwiseConv2dNativeBackprop*, Einsum). Where the profiler's count is not the products' own
for a reason we can name, REASONS says why, with the TF source that decides it, and the test
recomputes, from the shapes the profiler saw, what each op multiplies: the layer matches only
if that count equals lstmcalc's. Nothing is skipped.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_cost_profiler import PRODUCTS as FORWARD_PRODUCTS  # the forward products, and more

from lstmcalc.cli import cli

HERE = Path(__file__).parent
SPECS = HERE / "cost" / "specs"
FIXTURE = json.loads((HERE / "fixtures" / "cost_profiler_backward.json").read_text())
RECORDS = {r["spec"]: r for r in FIXTURE["records"]}

#: the gradient's matrix products: the forward ops and the convolutions' backprops
PRODUCTS = FORWARD_PRODUCTS | {"Conv2DBackpropFilter", "Conv3DBackpropFilter", "Conv3DBackpropFilterV2",
                               "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"}
BACKPROPS = {"Conv2DBackpropInput", "Conv2DBackpropFilter", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2",
             "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"}

#: Why the profiler's flops for a layer's gradient products can differ from what they multiply.
#: Each is on the profiler's side: lstmcalc's count is the products TF's gradient runs.
REASONS = {
    "einsum-unregistered": (
        "Einsum has no flops registration (tensorflow/python/profiler/internal/flops_registry.py and "
        "tensorflow/python/ops/nn_ops.py register none): 0. The gradient of an einsum is einsums "
        "(tensorflow/python/ops/special_math_ops.py _EinsumGrad), so MultiHeadAttention's scores, context "
        "and 4D projections stay uncounted backward too. Predicted: 2 x the product of the index sizes."),
    "batch-matmul-adjoint-ignored": (
        "flops_registry.py _calc_batch_mat_mul_flops reads node.attr['transpose_a'], which BatchMatMulV2 "
        "does not have (its attributes are adj_x, adj_y): the contracted size is always a's last axis. "
        "_BatchMatMulV2Grad (tensorflow/python/ops/math_grad.py) computes an operand's gradient with "
        "adj_x=True, e.g. dV = Aᵀ·dY, whose contracted axis is a's second last. Predicted: 2 x a[-2] x "
        "output size."),
    "conv-backprop-formula": (
        "flops_registry.py _conv_2d_backprop_input_flops and _conv_2d_backprop_filter_flops count 2 x the "
        "forward input's size x kernel size / (input depth x stride_h x stride_w): input positions / "
        "strides stand for the output positions, which holds only for 'same' padding without dilation. "
        "Each multiplies the output gradient (the op's out_backprop) by the whole kernel. Predicted: 2 x "
        "out_backprop positions x kernel size."),
    "conv-backprop-nchw": (
        "flops_registry.py _verify_conv_data_format raises for data_format NCHW (Keras's channels_first "
        "Conv1D/Conv2D), which the profiler reports as 0 flops. Predicted: 2 x out_backprop positions x "
        "kernel size."),
    "conv3d-backprop-unregistered": (
        "Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 (tensorflow/python/ops/nn_grad.py _Conv3DGrad) "
        "have no flops registration: 0. Predicted: 2 x out_backprop positions x kernel size."),
    "depthwise-backprop-unregistered": (
        "DepthwiseConv2dNativeBackpropInput and ...BackpropFilter (nn_grad.py "
        "_DepthwiseConv2dNativeGrad) have no flops registration: 0. Predicted: 2 x out_backprop "
        "positions x kernel size (the kernel: kh x kw x channels x multiplier)."),
    "xla-function-call": (
        "Keras's TF backend runs a grouped convolution and a channels_first 3D convolution inside "
        "tf.function(jit_compile=True) (keras/src/backend/tensorflow/nn.py conv): its gradient is a call of "
        "the function `__inference___backward_...`, and tfprof counts the graph's own ops "
        "(tensorflow/python/profiler/tfprof_logger.py _get_logged_ops), never a called function's body: 0. "
        "Predicted: the called body's products, each corrected like the graph's own."),
    "space-to-batch-padding": (
        "TF runs a dilated 2D convolution as SpaceToBatchND + the convolution + BatchToSpaceND "
        "(tensorflow/python/ops/nn_ops.py with_space_to_batch), padding the input to a multiple of the "
        "rate: the gradient's convolutions work on those blocks (batch rate^2 at batch 1), whose positions "
        "include the padding's. Predicted: the flops per position, at the layer's output positions."),
}


@cache
def lstmcalc_layers(spec: str) -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["cost", str(SPECS / f"{spec}.yaml"), "--training", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {layer["name"]: layer for layer in json.loads(result.output)[0]["layers"]}


def lstmcalc_backward(spec: str, layer: str) -> int:
    row = lstmcalc_layers(spec).get(layer)
    if row is None:  # a Sequential's InputLayer: not a row of Keras's table
        return 0
    assert row["backward_macs"] is not None, (spec, layer)
    return int(row["backward_macs"])


def einsum_macs(product: dict) -> int:
    """The product of every index's size: one multiply-add per combination."""
    inputs, _ = product["equation"].split("->")
    sizes: dict[str, int] = {}
    for letters, shape in zip(inputs.split(","), product["inputs"], strict=True):
        for letter, size in zip(letters, shape, strict=True):
            assert sizes.setdefault(letter, size) == size
    return math.prod(sizes.values())


def backprop_parts(product: dict) -> tuple[list[int], list[int]]:
    """(kernel shape, out_backprop shape) of a convolution's backprop op: inputs are (input or its
    sizes, kernel or its sizes, out_backprop); a BackpropFilter outputs the kernel."""
    kernel = product["output"] if "Filter" in product["op"] else product["inputs"][1]
    return kernel, product["inputs"][2]


def backprop_positions(product: dict) -> int:
    """The out_backprop's positions (batch included), whatever its data format."""
    kernel, grad = backprop_parts(product)
    depthwise = product["op"].startswith("Depthwise")
    channels = kernel[-2] * kernel[-1] if depthwise else kernel[-1]
    assert math.prod(grad) % channels == 0
    return math.prod(grad) // channels


def backprop_flops(product: dict) -> int:
    """2 x out_backprop positions x kernel size: each output gradient through the whole kernel."""
    return 2 * backprop_positions(product) * math.prod(backprop_parts(product)[0])


def tf_backprop_flops(product: dict) -> int:
    """flops_registry.py's Conv2DBackprop{Input,Filter} formula, from the shapes it reads: the
    forward input (the BackpropInput's output, the BackpropFilter's first input)."""
    kernel, _ = backprop_parts(product)
    image = product["output"] if "Input" in product["op"] else product["inputs"][0]
    strides = product["strides"]
    return 2 * math.prod(image) * math.prod(kernel) // (image[-1] * strides[1] * strides[2])


def registered_flops(product: dict) -> int:
    """TF's registered flops of a MatMul, BatchMatMul* or Conv2D/Conv3D, from its shapes (the
    BatchMatMul's as the registry reads it: a's last axis)."""
    op, (a, b), out = product["op"], product["inputs"][:2], product["output"]
    if op == "MatMul":
        return 2 * a[0 if product["transpose_a"] else 1] * math.prod(out)
    if op.startswith("BatchMatMul"):
        return 2 * a[-1] * math.prod(out)
    assert op in ("Conv2D", "Conv3D"), op
    return 2 * math.prod(out) * math.prod(b[:-1])


def layer_positions(spec: str, name: str) -> int:
    """The positions of a layer's output at batch 1 (its spatial axes), from lstmcalc's shapes."""
    from lstmcalc.engine import summarize

    path = SPECS / f"{spec}.yaml"
    summary = summarize(path.read_bytes(), path.name, {}, "auto", None)
    row = next(r for r in summary.layers if r.name == name)
    return math.prod(row.output_shape[1:-1])


def product_flops(spec: str, layer: dict, product: dict, used: set[str]) -> int:
    """What PRODUCT multiplies, in flops, adding to USED the reasons its count needed."""
    op, flops = product["op"], product["flops"]
    if op == "Einsum":
        assert flops == 0
        used.add("einsum-unregistered")
        return 2 * einsum_macs(product)
    if op.startswith("BatchMatMul"):
        assert flops == registered_flops(product), product
        a, out = product["inputs"][0], product["output"]
        own = 2 * a[-2 if product["adj_x"] else -1] * math.prod(out)
        if own != flops:
            used.add("batch-matmul-adjoint-ignored")
        return own
    if op in BACKPROPS:
        if op.startswith("Conv3D"):
            assert flops == 0
            used.add("conv3d-backprop-unregistered")
        elif op.startswith("Depthwise"):
            assert flops == 0
            used.add("depthwise-backprop-unregistered")
        elif product.get("data_format") == "NCHW":
            assert flops == 0
            used.add("conv-backprop-nchw")
        else:
            assert flops == tf_backprop_flops(product), product
            if flops != backprop_flops(product):
                used.add("conv-backprop-formula")
        if backprop_parts(product)[1][0] > 1:  # batch 1 traced: a batch of blocks is SpaceToBatchND's
            per_position = backprop_flops(product) // backprop_positions(product)
            used.add("space-to-batch-padding")
            return per_position * layer_positions(spec, layer["name"])
        return backprop_flops(product)
    assert flops == registered_flops(product), product
    return flops


def explained(spec: str, layer: dict) -> tuple[int, set[str]]:
    """The flops of LAYER's gradient products, each op's own, and the reasons its profiler
    count needed."""
    used: set[str] = set()
    total = sum(product_flops(spec, layer, p, used) for p in layer["products"])
    for call in layer["calls"]:
        assert call["products"], call
        total += sum(product_flops(spec, layer, p, used) for p in call["products"])
        used.add("xla-function-call")
    return total, used


def raw(layer: dict) -> int:
    return sum(v for k, v in layer["flops"].items() if k in PRODUCTS)


CASES = [(r["spec"], layer["name"]) for r in FIXTURE["records"] for layer in r["layers"]]


def case(spec: str, name: str) -> dict:
    return next(x for x in RECORDS[spec]["layers"] if x["name"] == name)


def test_the_corpus_was_profiled_whole() -> None:
    """Every spec has its record (and no record lacks its spec), from Keras 3."""
    assert sorted(p.stem for p in SPECS.glob("*.yaml")) == sorted(RECORDS)
    assert FIXTURE["keras"].startswith("3.")


@pytest.mark.parametrize(("spec", "name"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_backward_macs_equal_the_profilers_count(spec: str, name: str) -> None:
    layer = case(spec, name)
    assert raw(layer) == sum(p["flops"] for p in layer["products"])  # every product op is described
    profiler, reasons = explained(spec, layer)
    mine = lstmcalc_backward(spec, name)
    assert 2 * mine == profiler, (
        f"{spec}/{name}: lstmcalc {mine} backward MACs, profiler {raw(layer)} flops of gradient products "
        f"({profiler} with {sorted(reasons)})")
    assert reasons <= set(REASONS)
    if not reasons:  # no named difference: the profiler's own number, as it is
        assert 2 * mine == raw(layer)


def test_no_product_outside_the_layers() -> None:
    """Every gradient product is attributed to a layer (the loss's own ops do none)."""
    for record in FIXTURE["records"]:
        assert not record["outside"]["products"] and not record["outside"]["calls"], record["spec"]
        assert not set(record["outside"]["flops"]) & PRODUCTS


def test_every_reason_is_needed() -> None:
    """Each named difference explains at least one layer whose raw count differs from lstmcalc's."""
    needed: dict[str, int] = {}
    for spec, name in CASES:
        _, reasons = explained(spec, case(spec, name))
        if reasons:
            assert 2 * lstmcalc_backward(spec, name) != raw(case(spec, name)), (spec, name, reasons)
        for reason in reasons:
            needed[reason] = needed.get(reason, 0) + 1
    assert set(needed) == set(REASONS), needed


def test_exact_matches_span_every_family() -> None:
    """The matches with no reason at all cover the families lstmcalc counts backward (the 3D
    convolutions, depthwise and separable ones and MultiHeadAttention match only through a
    named reason: TF registers no flops for their gradients' ops)."""
    exact = {case(s, n)["type"] for s, n in CASES
             if not explained(s, case(s, n))[1] and lstmcalc_backward(s, n) > 0}
    assert {"Dense", "Embedding", "LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "TimeDistributed",
            "ConvLSTM1D", "ConvLSTM2D", "Conv1D", "Conv2D", "Conv1DTranspose", "Conv2DTranspose", "Attention",
            "AdditiveAttention", "Sequential", "Functional"} <= exact, exact


def test_the_first_layer_gets_no_input_gradient() -> None:
    """TF computes no gradient into the model's inputs: a model whose only layer reads its input
    has no product giving dX (a Dense: dW = Xᵀ·dY only, a MatMul with transpose_a)."""
    for spec in ("dense_2d", "dense_3d"):
        (dense,) = [x for x in RECORDS[spec]["layers"] if x["type"] == "Dense"]
        assert dense["products"] and all(p["transpose_a"] for p in dense["products"]), spec


def test_a_zero_initial_state_gets_no_gradient() -> None:
    """An LSTM of T steps from the zero state: T products dW·x, T dU·h, and T - 1 dh = dz·Uᵀ (the
    first step's h is the constant zero state, which wants no gradient)."""
    spec = "lstm_sequences"
    (lstm,) = [x for x in RECORDS[spec]["layers"] if x["type"] == "LSTM"]
    steps = yaml.safe_load((SPECS / f"{spec}.yaml").read_text())["layers"][0]["shape"][0]
    dh = [p for p in lstm["products"] if not p["transpose_a"]]
    assert len(lstm["products"]) == 3 * steps - 1 and len(dh) == steps - 1


def test_the_tape_builds_no_product_that_nothing_reads() -> None:
    """The recording prunes the graph to what the gradients read; the tape built nothing more:
    no first layer's dX computed and thrown away (math_grad.py's _MatMulGrad skips the inputs
    the tape marks as not needing a gradient), so the counts are what TF builds and runs."""
    assert all(not record["pruned"] for record in FIXTURE["records"])
