"""What each peer tool would report for a Keras layer, counted the way that tool counts its
PyTorch equivalent, for one sample (batch 1).

`lstmcalc cost --convention NAME` answers "why does torchinfo (ptflops, thop, fvcore,
deepspeed) give another number for my model?". Each tool's rule is read from its source
(the citation `repo@commit path:line` is kept with the rule, in DIFFERENCES and in every
note) and checked against the tool itself (tests/fixtures/cost_conventions_measured.json,
recorded by tools/conventions_oracle/measure.py).

lstmcalc's own convention (lstmcalc/engine/macs.py): MACs are the multiply-accumulates of
the matrix products, convolutions and attention contractions, over every timestep, batch 1;
FLOPs = 2 x MACs + element-wise work (the cost engine adds the latter).

The Keras layer -> PyTorch module map (docs/conventions.md has the table):
  LSTM(u) on (T, f)        -> nn.LSTM(f, u, batch_first=True)   (GRU -> nn.GRU, whose gates
                              are Keras's reset_after=True form; SimpleRNN -> nn.RNN(tanh))
  Bidirectional(rnn)       -> the same module with bidirectional=True
  Dense(n, activation)     -> nn.Linear(f, n) then the activation module (nn.ReLU, ...)
  ConvND / ConvNDTranspose -> nn.ConvNd / nn.ConvTransposeNd (groups, bias as given)
  Embedding                -> nn.Embedding;  BatchNormalization -> nn.BatchNormNd (eval)
  LayerNormalization       -> nn.LayerNorm(last axis)
  Max/AveragePoolingND     -> nn.MaxPoolNd / nn.AvgPoolNd; Global* -> nn.Adaptive*PoolNd(1)
  MultiHeadAttention       -> nn.MultiheadAttention(E, heads) when heads x key_dim == E
  Attention (dot), Dot     -> torch.bmm (+ F.softmax): functions, not modules
  TimeDistributed(layer)   -> layer on (batch x T, ...): T times the layer on one step
Dropout, Flatten, Reshape, merges and the like are free in every tool.

Pure: shapes in, numbers out. No torch, no numpy, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

from lstmcalc.engine.macs import layer_macs
from lstmcalc.layers.base import Layer, Shape, Weight

CONVENTIONS: tuple[str, ...] = ("lstmcalc", "torchinfo", "ptflops", "thop", "fvcore", "deepspeed")

#: the number each tool puts first: torchinfo "Total mult-adds", ptflops "GMac", thop's
#: returned ops (MACs), fvcore's total() (it says flops but counts multiply-adds),
#: deepspeed's get_model_profile flops (it reports MACs beside them)
HEADLINE: dict[str, str] = {"lstmcalc": "macs", "torchinfo": "macs", "ptflops": "macs", "thop": "macs",
                            "fvcore": "macs", "deepspeed": "flops"}


class ConventionCount(NamedTuple):
    """One layer as a tool counts it. None: the tool reports nothing for it, or lstmcalc
    cannot say (no PyTorch counterpart, an unknown dimension); `notes` says which and why."""

    macs: int | None
    flops: int | None
    headline: str
    notes: tuple[str, ...] = ()


# --- where each rule is written ----------------------------------------------------------------
_TI = "TylerYep/torchinfo@73ed5687 (v1.8.0) torchinfo/layer_info.py"
_TI_STATS = "TylerYep/torchinfo@73ed5687 (v1.8.0) torchinfo/model_statistics.py"
_PT = "sovrasov/flops-counter.pytorch@d612c754 (ptflops 0.7.5) ptflops/pytorch_ops.py"
_PT_ENGINE = "sovrasov/flops-counter.pytorch@d612c754 (ptflops 0.7.5) ptflops/pytorch_engine.py"
_TH = "Lyken17/pytorch-OpCounter@43c064af (thop 0.1.1.post2209072238) thop"
_FV = "facebookresearch/fvcore@3378afe0 fvcore/nn"
_DS = "microsoft/DeepSpeed@38327e07 deepspeed/profiling/flops_profiler/profiler.py"
_DS_PYPI = "deepspeed 0.19.8 (PyPI) deepspeed/profiling/flops_profiler/profiler.py"

CITE: dict[str, str] = {
    "ti.conv": f"{_TI}:237-240",
    "ti.param": f"{_TI}:241-242",
    "ti.rnn": f"{_TI}:243-245",
    "ti.leaf": f"{_TI}:52, {_TI_STATS}:32-33",
    "ti.linear_fix": "TylerYep/torchinfo@38ab72b7 torchinfo/layer_info.py:280-281 (unreleased after v1.8.0)",
    "pt.linear": f"{_PT}:35-43",
    "pt.relu": f"{_PT}:30-32,276-281",
    "pt.pool": f"{_PT}:46-48,282-294",
    "pt.bn": f"{_PT}:51-57,295-304",
    "pt.conv": f"{_PT}:60-92",
    "pt.rnn": f"{_PT}:105-160",
    "pt.mha": f"{_PT}:180-243",
    "pt.functional": f"{_PT}:422-470, {_PT_ENGINE}:348-381",
    "pt.matmul": f"{_PT}:385-387, {_PT_ENGINE}:434-449",
    "pt.per_sample": f"{_PT_ENGINE}:199",
    "pt.unknown": f"{_PT_ENGINE}:96-103",
    "pt.aten": "sovrasov/flops-counter.pytorch@d612c754 (ptflops 0.7.5) ptflops/aten_ops.py:109-116",
    "th.hooks": f"{_TH}/profile.py:21-66",
    "th.rnn": f"{_TH}/rnn_hooks.py:6-195",
    "th.linear": f"{_TH}/vision/basic_hooks.py:140-147, {_TH}/vision/calc_func.py:90-91",
    "th.conv": f"{_TH}/vision/basic_hooks.py:22-34, {_TH}/vision/calc_func.py:28-34",
    "th.norm": f"{_TH}/vision/basic_hooks.py:60-69, {_TH}/vision/calc_func.py:43-45",
    "th.softmax": f"{_TH}/vision/basic_hooks.py:98-103, {_TH}/vision/calc_func.py:57-62",
    "th.avgpool": f"{_TH}/vision/basic_hooks.py:106-121, {_TH}/vision/calc_func.py:65-72",
    "th.relu": f"{_TH}/profile.py:38-40, {_TH}/vision/calc_func.py:47-49",
    "th.unknown": f"{_TH}/profile.py:192-197,214-233",
    "fv.ops": f"{_FV}/flop_count.py:28-46",
    "fv.mac": f"{_FV}/flop_count.py:57",
    "fv.linear": f"{_FV}/jit_handles.py:101-112",
    "fv.bmm": f"{_FV}/jit_handles.py:115-126",
    "fv.conv": f"{_FV}/jit_handles.py:129-153",
    "fv.norm": f"{_FV}/jit_handles.py:232-260",
    "fv.ignored": f"{_FV}/jit_analysis.py:30-89",
    "fv.pool": f"{_FV}/flop_count.py:44",
    "ds.linear": f"{_DS}:518-521",
    "ds.act": f"{_DS}:524-549,898-906",
    "ds.pool": f"{_DS}:552-561,914-926",
    "ds.conv": f"{_DS}:564-606",
    "ds.conv_t": f"{_DS_PYPI}:614-663",
    "ds.bn": f"{_DS}:655-670",
    "ds.ln": f"{_DS}:673-682",
    "ds.softmax": f"{_DS}:735-736",
    "ds.embedding": f"{_DS}:739-748",
    "ds.matmul": f"{_DS}:755-760,943-950",
    "ds.rnn": f"{_DS}:1032-1083",
    "ds.rnn_macs": f"{_DS}:92-96,106-111",
    "ds.profile": f"{_DS}:1279-1293",
}


def _cite(key: str) -> str:
    return f"[{CITE[key]}]"


#: how each convention differs from lstmcalc's, in general
DIFFERENCES: dict[str, tuple[str, ...]] = {
    "lstmcalc": (
        "MACs of matrix products, convolutions and attention contractions over all T, batch 1; "
        "biases, gates' element-wise products, activations, normalization and pooling are not "
        "MACs [lstmcalc/engine/macs.py:1-12].",
    ),
    "torchinfo": (
        "Counts parameters x output positions, not operations: every parameter named weight/bias "
        "costs output_size[0] (the batch) MACs, so it ignores the sequence length of a Linear on "
        "(N, T, f), of LayerNorm and of Embedding " + _cite("ti.param") + ".",
        "A Linear on 3D input is counted once per sample, not once per position (fixed on main "
        "after v1.8.0, unreleased " + _cite("ti.linear_fix") + ").",
        "RNN weights (weight_ih_l0, ...) cost N x T each: T x (kernel + recurrent kernel + both "
        "biases) per direction, so it adds 2 x gates x units per step for the two biases "
        + _cite("ti.rnn") + ".",
        "Convolutions cost (weight + bias) x output positions: one more MAC per output value for "
        "the bias; a transposed convolution is counted at its output positions " + _cite("ti.conv") + ".",
        "An Embedding costs its whole table (input_dim x output_dim) per sample; BatchNorm and "
        "LayerNorm cost their 2 x features parameters once per sample " + _cite("ti.param") + ".",
        "Only leaf modules reach the total: nn.MultiheadAttention has a child (out_proj) that is "
        "never called, so attention counts 0; parameter-free layers (activations, pooling, "
        "softmax, bmm) count 0 " + _cite("ti.leaf") + ".",
    ),
    "ptflops": (
        "Headline MACs per sample (divides by the batch) " + _cite("pt.per_sample") + ".",
        "Adds to the matrix MACs: biases (one per output value), the RNN gates' element-wise "
        "work (LSTM 4u + 3u + 3u per step, GRU 7u, RNN u) " + _cite("pt.rnn") + ".",
        "Counts activations, pooling and normalization as one op per element; ReLU (and ELU, "
        "GELU) and every Max/Avg/Adaptive pooling are counted TWICE, once by the module hook and "
        "once by the patched F.relu / F.max_pool* the module calls " + _cite("pt.relu") + " "
        + _cite("pt.functional") + ".",
        "LayerNorm counts one op per element (the hook reads `affine`, which LayerNorm lacks) "
        + _cite("pt.bn") + ".",
        "nn.MultiheadAttention: its own formula (scaling, projections with kdim^2/vdim^2, biases, "
        "softmax) plus, again, the torch.bmm and F.softmax calls inside "
        "F.multi_head_attention_forward " + _cite("pt.mha") + " " + _cite("pt.matmul") + ".",
        "Embedding, Sigmoid, Tanh and Dropout have no rule: 0 " + _cite("pt.unknown") + ".",
        "The aten backend (backend='aten', not the default) counts only mm/addmm/bmm/convolution "
        "ops: with torch 2.13 on CPU an LSTM dispatches aten.mkldnn_rnn_layer (0), a GRU/RNN its "
        "addmm calls " + _cite("pt.aten") + ".",
    ),
    "thop": (
        "Counts MACs of the whole batch (batch 1 here) " + _cite("th.hooks") + ".",
        "Linear: in_features x output elements, no bias " + _cite("th.linear") + "; convolution "
        "likewise, no bias; a transposed convolution is counted at its output positions with "
        "in_channels per tap " + _cite("th.conv") + ".",
        "RNN cells add both biases (2 per gate value), one more op per gate value, and the gates' "
        "element-wise work: an LSTM step is 4((f+u)u + u + 2u) + 3u + u, a GRU step "
        "3((f+u)u + u + 2u) + u + 3u, an RNN step (f+u)u + u + 2u, all x T " + _cite("th.rnn") + ".",
        "BatchNorm/LayerNorm: 2 x elements, x2 again with affine parameters (4 per element) "
        + _cite("th.norm") + "; Softmax 3n-1 per row " + _cite("th.softmax") + "; AvgPool one "
        "per output; ReLU, MaxPool and Dropout 0 " + _cite("th.relu") + ".",
        "Modules without a rule (Embedding, Sigmoid, Tanh, GELU, MultiheadAttention) count 0, and "
        "functions (torch.bmm, F.softmax) are never seen " + _cite("th.unknown") + ".",
    ),
    "fvcore": (
        "Its 'flops' are MACs: one fused multiply-add is one flop " + _cite("fv.mac") + ".",
        "Counts only the traced aten ops it has handles for: aten::lstm, aten::gru and "
        "aten::rnn_tanh have none, so every recurrent layer counts 0 (fvcore issue #98) "
        + _cite("fv.ops") + ".",
        "Linear and convolution: the products only, no bias " + _cite("fv.linear") + " "
        + _cite("fv.conv") + "; bmm/matmul: the contraction " + _cite("fv.bmm") + ".",
        "BatchNorm (eval) 1 or 2 per element, LayerNorm 4 or 5 per element " + _cite("fv.norm")
        + "; relu and dropout are ignored, sigmoid/tanh/softmax/embedding/pooling other than "
        "adaptive_avg_pool2d are unsupported: 0 " + _cite("fv.ignored") + ".",
    ),
    "deepspeed": (
        "Reports both FLOPs (headline) and MACs, for the batch given (batch 1 here) "
        + _cite("ds.profile") + ".",
        "RNN modules get FLOPs only (2 x gates x units x (f + u) minus one add per gate row, "
        "plus biases and the gates' element-wise work, over all T) and 0 MACs: the RNN hook "
        "never adds to __macs__ " + _cite("ds.rnn") + " " + _cite("ds.rnn_macs") + ".",
        "Linear: MACs = in x out x positions, FLOPs = 2 x MACs, the bias dropped "
        + _cite("ds.linear") + "; convolution FLOPs add the bias " + _cite("ds.conv") + ".",
        "Activations (relu, gelu, ...), softmax and pooling: one FLOP per element, 0 MACs; "
        "sigmoid and tanh are not patched: 0 " + _cite("ds.act") + ".",
        "Attention: the patched F.linear, torch.bmm and F.softmax inside "
        "F.multi_head_attention_forward " + _cite("ds.matmul") + ".",
    ),
}


# --- counting ----------------------------------------------------------------------------------
class _NoAnswer(Exception):
    """lstmcalc cannot say what the tool reports (no PyTorch counterpart, unknown size)."""


class _Part(NamedTuple):
    macs: int
    flops: int | None  # deepspeed only
    note: str


def _prod(dims: Iterable[int | None]) -> int:
    values = list(dims)
    if any(d is None for d in values):
        raise _NoAnswer("a dimension is unknown (None): the count depends on it")
    return math.prod(int(d) for d in values if d is not None)


def _sample(shape: Shape) -> Shape:
    """The shape without its batch axis."""
    return tuple(shape[1:])


def _channels_first(layer: Layer) -> bool:
    return getattr(layer, "data_format", None) == "channels_first"


def _spatial(layer: Layer, shape: Shape) -> Shape:
    return tuple(shape[2:]) if _channels_first(layer) else tuple(shape[1:-1])


def _channels(layer: Layer, shape: Shape) -> int:
    return _prod([shape[1] if _channels_first(layer) else shape[-1]])


def _ints(value: object) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,)
    return tuple(int(v) for v in value)  # type: ignore[attr-defined]


# recurrent ---------------------------------------------------------------------------------------
_GATES = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}
_TORCH_RNN = {"LSTM": "nn.LSTM", "GRU": "nn.GRU", "SimpleRNN": "nn.RNN"}


def _recurrent(tool: str, layer: Layer, inputs: list[Shape]) -> _Part:
    kind = layer.type_name.removeprefix("CuDNN")  # tf.keras 2's CuDNNLSTM/CuDNNGRU: the same module
    steps, f = _prod([inputs[0][1]]), _prod([inputs[0][-1]])
    u = int(getattr(layer, "units"))  # noqa: B009
    g = _GATES[kind]
    bias = bool(getattr(layer, "use_bias", True))
    module = _TORCH_RNN[kind]
    if tool == "torchinfo":
        per_step = g * u * f + g * u * u + (2 * g * u if bias else 0)
        return _Part(steps * per_step, None, f"{module}: T x (weight_ih + weight_hh + bias_ih + bias_hh) = "
                     f"{steps} x {per_step} {_cite('ti.rnn')}")
    if tool in ("ptflops", "deepspeed"):
        extra = {"LSTM": 4 * u + 3 * u + 3 * u, "GRU": u + 3 * u + 3 * u, "SimpleRNN": u}[kind]
        biases = 2 * g * u if bias else 0
        if tool == "ptflops":
            per_step = g * u * f + g * u * u + extra + biases
            return _Part(steps * per_step, None, f"{module}: T x (matrices {g * u * (f + u)} + gate element-wise "
                         f"{extra} + biases {biases}) = {steps} x {per_step} {_cite('pt.rnn')}")
        per_step = (2 * g * u * f - g * u) + (2 * g * u * u - g * u) + extra + biases
        return _Part(0, steps * per_step, f"{module}: {steps} x {per_step} FLOPs, 0 MACs (the RNN hook adds "
                     f"to __flops__ only) {_cite('ds.rnn')} {_cite('ds.rnn_macs')}")
    if tool == "thop":
        state = (f + u) * u + u + (2 * u if bias else 0)
        per_step = {"LSTM": 4 * state + 3 * u + u, "GRU": 3 * state + u + 3 * u, "SimpleRNN": state}[kind]
        return _Part(steps * per_step, None, f"{module}: T x cell = {steps} x {per_step} {_cite('th.rnn')}")
    # fvcore
    return _Part(0, None, f"{module} traces to an aten op fvcore has no handle for: 0 (fvcore #98) "
                 f"{_cite('fv.ops')}")


# dense, activations ------------------------------------------------------------------------------
def _linear(tool: str, inputs: list[Shape], units: int, bias: bool) -> _Part:
    shape = inputs[0]
    f = _prod([shape[-1]])
    positions = _prod(shape[1:-1])
    b = units if bias else 0
    if tool == "torchinfo":
        note = f"nn.Linear: weight + bias = {f * units + b}, once per sample {_cite('ti.param')}"
        if positions > 1:
            note += f"; the {positions} positions are ignored (v1.8.0; main counts them {_cite('ti.linear_fix')})"
        return _Part(f * units + b, None, note)
    if tool == "ptflops":
        return _Part(positions * (f * units + b), None,
                     f"nn.Linear: positions x (in x out + bias) {_cite('pt.linear')}")
    if tool == "thop":
        return _Part(f * positions * units, None, f"nn.Linear: in_features x output elements, no bias "
                     f"{_cite('th.linear')}")
    macs = positions * f * units
    if tool == "fvcore":
        return _Part(macs, None, f"aten::linear: input elements x out, no bias {_cite('fv.linear')}")
    return _Part(macs, 2 * macs, f"F.linear: MACs in x out x positions, FLOPs 2 x MACs, no bias "
                 f"{_cite('ds.linear')}")


_ACTIVATION_NAMES = {"swish": "silu", "leaky_relu": "leaky_relu", "relu6": "relu6"}


def _activation(tool: str, name: str | None, output: Shape, axis: int = -1) -> _Part | None:
    """The activation module after a layer (nn.ReLU, nn.Softmax(dim=-1), ...); None: none."""
    if name in (None, "linear"):
        return None
    name = _ACTIVATION_NAMES.get(name, name)
    n = _prod(_sample(output))
    torch_name = {"relu": "nn.ReLU", "sigmoid": "nn.Sigmoid", "tanh": "nn.Tanh", "softmax": "nn.Softmax",
                  "gelu": "nn.GELU", "elu": "nn.ELU", "silu": "nn.SiLU", "leaky_relu": "nn.LeakyReLU",
                  "relu6": "nn.ReLU6"}.get(name)
    if torch_name is None:
        return _Part(0, 0 if tool == "deepspeed" else None,
                     f"activation {name}: no rule for it in {tool}: 0")
    if tool == "torchinfo":
        return _Part(0, None, f"{torch_name}: no parameters, 0 {_cite('ti.param')}")
    if tool == "ptflops":
        if name in ("relu", "elu", "gelu"):
            return _Part(2 * n, None, f"{torch_name}: module hook {n} + the patched F.{name} it calls {n} "
                         f"(counted twice) {_cite('pt.relu')} {_cite('pt.functional')}")
        if name in ("leaky_relu", "relu6"):
            return _Part(n, None, f"{torch_name}: module hook, one per element {_cite('pt.relu')}")
        if name in ("softmax", "silu"):
            return _Part(n, None, f"{torch_name}: the patched F.{name}, one per element {_cite('pt.functional')}")
        return _Part(0, None, f"{torch_name}: no rule, 0 {_cite('pt.unknown')}")
    if tool == "thop":
        if name == "softmax":
            width = _prod([output[axis]])
            rows = n // width
            return _Part(rows * (3 * width - 1), None, f"nn.Softmax: rows x (exp + add + div = 3n - 1) = "
                         f"{rows} x {3 * width - 1} {_cite('th.softmax')}")
        return _Part(0, None, f"{torch_name}: zero_ops or no rule, 0 {_cite('th.relu')}")
    if tool == "fvcore":
        return _Part(0, None, f"{torch_name}: aten op ignored or unsupported, 0 {_cite('fv.ignored')}")
    if name in ("sigmoid", "tanh") or name == "relu6":
        why = "calls F.hardtanh, not patched" if name == "relu6" else "torch." + name + " is not patched"
        return _Part(0, 0, f"{torch_name}: {why}, 0 {_cite('ds.act')}")
    key = "ds.softmax" if name == "softmax" else "ds.act"
    return _Part(0, n, f"{torch_name}: one FLOP per element, 0 MACs {_cite(key)}")


# convolutions ------------------------------------------------------------------------------------
def _conv(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> _Part:
    transpose = layer.type_name.endswith("Transpose")
    c_in, c_out = _channels(layer, inputs[0]), int(getattr(layer, "filters"))  # noqa: B009
    groups = int(getattr(layer, "groups", 1) or 1)
    kernel = _ints(getattr(layer, "kernel_size"))  # noqa: B009
    k = math.prod(kernel * len(_spatial(layer, output)) if len(kernel) == 1 else kernel)
    bias = bool(getattr(layer, "use_bias", True))
    weight = c_out * (c_in // groups) * k  # = c_in x (c_out // groups) x k for a transpose
    out_pos, in_pos = _prod(_spatial(layer, output)), _prod(_spatial(layer, inputs[0]))
    bias_ops = c_out * out_pos if bias else 0
    module = f"nn.Conv{'Transpose' if transpose else ''}{len(_spatial(layer, output))}d"
    if tool == "torchinfo":
        return _Part((weight + (c_out if bias else 0)) * out_pos, None,
                     f"{module}: (weight + bias) x output positions {_cite('ti.conv')}")
    if tool == "ptflops":
        pos = in_pos if transpose else out_pos
        return _Part(weight * pos + bias_ops, None, f"{module}: kernel x {'input' if transpose else 'output'} "
                     f"positions + bias per output value {_cite('pt.conv')}")
    if tool == "thop":
        return _Part(c_out * out_pos * (c_in // groups) * k, None, f"{module}: output elements x in_channels/groups x "
                     f"kernel, no bias {_cite('th.conv')}")
    pos = in_pos if transpose else out_pos
    if tool == "fvcore":
        return _Part(weight * pos, None, f"aten::_convolution: prod(weight) x {'input' if transpose else 'output'} "
                     f"positions, no bias {_cite('fv.conv')}")
    key = "ds.conv_t" if transpose else "ds.conv"
    return _Part(weight * pos, 2 * weight * pos + bias_ops,
                 f"F.conv*: MACs kernel x positions, FLOPs 2 x MACs + bias {_cite(key)}")


# normalization, pooling, embedding ------------------------------------------------------------------
def _batch_norm(tool: str, layer: Layer, inputs: list[Shape]) -> _Part:
    n = _prod(_sample(inputs[0]))
    axis = getattr(layer, "axis", -1)
    axes = _ints(axis)
    channels = _prod(inputs[0][a] for a in axes)
    affine = bool(getattr(layer, "center", True) or getattr(layer, "scale", True))
    if tool == "torchinfo":
        return _Part(2 * channels if affine else 0, None, f"nn.BatchNorm: weight + bias, once per sample "
                     f"{_cite('ti.param')}")
    if tool == "ptflops":
        return _Part(n * (2 if affine else 1), None, f"nn.BatchNorm: elements x {2 if affine else 1} {_cite('pt.bn')}")
    if tool == "thop":
        return _Part(2 * n * (2 if affine else 1), None, f"nn.BatchNorm: 2 x elements{' x 2 (affine)' if affine else ''} "
                     f"{_cite('th.norm')}")
    ops = n * (2 if affine else 1)
    if tool == "fvcore":
        return _Part(ops, None, f"aten::batch_norm (eval): elements x {2 if affine else 1} {_cite('fv.norm')}")
    return _Part(0, ops, f"F.batch_norm (eval): elements x {2 if affine else 1} FLOPs {_cite('ds.bn')}")


def _layer_norm(tool: str, layer: Layer, inputs: list[Shape]) -> _Part:
    if getattr(layer, "rms_scaling", False):
        raise _NoAnswer("LayerNormalization(rms_scaling=True) is nn.RMSNorm, which lstmcalc does not map")
    if tuple(a % len(inputs[0]) for a in _ints(getattr(layer, "axis", -1))) != (len(inputs[0]) - 1,):
        raise _NoAnswer("nn.LayerNorm normalizes trailing axes only; this axis has no counterpart mapped")
    n, d = _prod(_sample(inputs[0])), _prod([inputs[0][-1]])
    affine = bool(getattr(layer, "center", True) or getattr(layer, "scale", True))
    if tool == "torchinfo":
        return _Part(2 * d if affine else 0, None, f"nn.LayerNorm: weight + bias, once per sample, whatever T "
                     f"{_cite('ti.param')}")
    if tool == "ptflops":
        return _Part(n, None, f"nn.LayerNorm: elements x 1 (the hook reads `affine`, LayerNorm has "
                     f"elementwise_affine) {_cite('pt.bn')}")
    if tool == "thop":
        return _Part(2 * n * (2 if affine else 1), None, f"nn.LayerNorm: 2 x elements{' x 2' if affine else ''} "
                     f"{_cite('th.norm')}")
    ops = n * (5 if affine else 4)
    if tool == "fvcore":
        return _Part(ops, None, f"aten::layer_norm: elements x {5 if affine else 4} {_cite('fv.norm')}")
    return _Part(0, ops, f"F.layer_norm: elements x {5 if affine else 4} FLOPs {_cite('ds.ln')}")


def _pool(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> _Part:
    kind = layer.type_name
    n_in, n_out = _prod(_sample(inputs[0])), _prod(_sample(output))
    average = "Average" in kind
    is_global = kind.startswith("Global")
    rank = int(kind[-2])
    module = (f"nn.Adaptive{'Avg' if average else 'Max'}Pool{rank}d(1)" if is_global
              else f"nn.{'Avg' if average else 'Max'}Pool{rank}d")
    if tool == "torchinfo":
        return _Part(0, None, f"{module}: no parameters, 0 {_cite('ti.param')}")
    if tool == "ptflops":
        return _Part(2 * n_in, None, f"{module}: module hook {n_in} + the patched F.*pool* it calls {n_in} "
                     f"(counted twice) {_cite('pt.pool')} {_cite('pt.functional')}")
    if tool == "thop":
        if not average:
            return _Part(0, None, f"{module}: zero_ops {_cite('th.hooks')}")
        if is_global:
            window = _prod(_spatial(layer, inputs[0]))
            return _Part((window + 1) * n_out, None, f"{module}: (window {window} + 1 division) x outputs "
                         f"{_cite('th.avgpool')}")
        return _Part(n_out, None, f"{module}: one per output {_cite('th.avgpool')}")
    if tool == "fvcore":
        if average and is_global and rank == 2:
            return _Part(n_in, None, f"aten::adaptive_avg_pool2d: one per input element {_cite('fv.pool')}")
        return _Part(0, None, f"{module}: aten op unsupported, 0 {_cite('fv.ops')}")
    return _Part(0, n_in, f"{module}: the patched F.*pool*, one FLOP per input element {_cite('ds.pool')}")


def _embedding(tool: str, layer: Layer) -> _Part:
    table = int(getattr(layer, "input_dim")) * int(getattr(layer, "output_dim"))  # noqa: B009
    if tool == "torchinfo":
        return _Part(table, None, f"nn.Embedding: its weight (the whole table, {table}) once per sample "
                     f"{_cite('ti.param')}")
    ref = {"ptflops": "pt.unknown", "thop": "th.unknown", "fvcore": "fv.ops", "deepspeed": "ds.embedding"}[tool]
    return _Part(0, 0 if tool == "deepspeed" else None, f"nn.Embedding: a lookup, 0 {_cite(ref)}")


# attention ---------------------------------------------------------------------------------------
def _bmm_attention(tool: str, sizes: tuple[int, int, int, int, int], what: str) -> list[_Part]:
    """scores = bmm(q, k^T), F.softmax(scores), bmm(weights, v); SIZES = (Tq, Tk, d, dv, heads)."""
    tq, tk, d, dv, heads = sizes
    scores, context, soft = heads * tq * d * tk, heads * tq * tk * dv, heads * tq * tk
    if tool in ("torchinfo", "thop"):
        ref = "ti.leaf" if tool == "torchinfo" else "th.unknown"
        return [_Part(0, None, f"{what}: torch.bmm / F.softmax are functions, not modules: 0 {_cite(ref)}")]
    if tool == "ptflops":
        return [_Part(scores + context + soft, None, f"{what}: patched torch.bmm {scores} + {context} and "
                      f"F.softmax {soft} {_cite('pt.matmul')} {_cite('pt.functional')}")]
    if tool == "fvcore":
        return [_Part(scores + context, None, f"{what}: aten::bmm {scores} + {context}; softmax unsupported "
                      f"{_cite('fv.bmm')}")]
    macs = scores + context
    return [_Part(macs, 2 * macs + soft, f"{what}: patched torch.bmm (FLOPs 2 x MACs) + F.softmax {soft} "
                  f"{_cite('ds.matmul')} {_cite('ds.softmax')}")]


def _multi_head_attention(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    query = inputs[0]
    value = inputs[1] if len(inputs) > 1 else inputs[0]
    key = inputs[2] if len(inputs) > 2 else value
    heads, key_dim = int(getattr(layer, "num_heads")), int(getattr(layer, "key_dim"))  # noqa: B009
    value_dim = getattr(layer, "value_dim", None) or key_dim
    if (len(query) != 3 or getattr(layer, "output_shape_arg", None) or getattr(layer, "attention_axes", None)
            is not None or getattr(layer, "use_gate", False) or value_dim != key_dim
            or heads * key_dim != query[-1] or len(inputs) > 3):
        raise _NoAnswer("nn.MultiheadAttention needs num_heads x key_dim == the query's features, "
                        "value_dim == key_dim, 3D inputs and no output_shape/attention_axes/gate")
    e = _prod([query[-1]])
    tq, tk, tv = _prod([query[1]]), _prod([key[1]]), _prod([value[1]])
    dk, dv = _prod([key[-1]]), _prod([value[-1]])
    bias = bool(getattr(layer, "use_bias", True))
    hd = e // heads
    what = "nn.MultiheadAttention"
    if tool == "torchinfo":
        return [_Part(0, None, f"{what}: not a leaf (child out_proj, never called): not in the total "
                      f"{_cite('ti.leaf')}")]
    if tool == "thop":
        return [_Part(0, None, f"{what}: no rule, and out_proj is never called: 0 {_cite('th.unknown')}")]
    if tool == "ptflops":
        own = (tq * e + tq * e * e + tk * dk * dk + tv * dv * dv + ((tq + tk + tv) * e if bias else 0)
               + heads * (tq * tk * hd + tq * tk + tq * tk * (dv // heads)) + tq * dv * (dv + 1))
        parts = [_Part(own, None, f"{what} hook: scaling + projections (kdim^2, vdim^2) + biases + heads x "
                       f"(QK^T + softmax + AV) + output projection with bias = {own} {_cite('pt.mha')}")]
        return parts + _bmm_attention(tool, (tq, tk, hd, hd, heads), "and inside F.multi_head_attention_forward")
    projections = tq * e * e + tk * dk * e + tv * dv * e + tq * e * e
    kind = "aten::linear" if tool == "fvcore" else "F.linear"
    ref = "fv.linear" if tool == "fvcore" else "ds.linear"
    parts = [_Part(projections, 2 * projections if tool == "deepspeed" else None,
                   f"{what}: {kind} in/out projections {projections}, no bias {_cite(ref)}")]
    return parts + _bmm_attention(tool, (tq, tk, hd, hd, heads), what)


def _dot_attention(tool: str, layer: Layer, inputs: list[Shape]) -> list[_Part]:
    if getattr(layer, "score_mode", "dot") != "dot":
        raise _NoAnswer("Attention(score_mode='concat') has no torch.bmm form")
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    if len(query) != 3:
        raise _NoAnswer("torch.bmm takes 3D tensors; this attention has more axes")
    tq, tk, d, dv = _prod([query[1]]), _prod([key[1]]), _prod([query[-1]]), _prod([value[-1]])
    return _bmm_attention(tool, (tq, tk, d, dv, 1), "Attention as torch.bmm, F.softmax, torch.bmm")


def _dot(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    axes = layer.resolved_axes(inputs)  # type: ignore[attr-defined]
    if len(inputs[0]) != 3 or len(inputs[1]) != 3 or getattr(layer, "normalize", False):
        raise _NoAnswer("only Dot on two 3D inputs without normalize maps to one torch.bmm")
    macs = _prod(_sample(output)) * _prod([inputs[0][axes[0]]])
    if tool in ("torchinfo", "thop"):
        ref = "ti.leaf" if tool == "torchinfo" else "th.unknown"
        return [_Part(0, None, f"torch.bmm is a function, not a module: 0 {_cite(ref)}")]
    ref = {"ptflops": "pt.matmul", "fvcore": "fv.bmm", "deepspeed": "ds.matmul"}[tool]
    return [_Part(macs, 2 * macs if tool == "deepspeed" else None, f"torch.bmm: output x contracted axis "
                  f"{_cite(ref)}")]


# the table -------------------------------------------------------------------------------------------
Rule = Callable[[str, Layer, list[Shape], Shape], list[_Part]]

#: Keras layers whose PyTorch counterpart does no counted arithmetic in any of the tools
FREE = frozenset((
    "InputLayer", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "Flatten", "Reshape", "Permute", "RepeatVector", "Masking",
    "Identity", "Concatenate", "Cropping1D", "Cropping2D", "Cropping3D", "ZeroPadding1D", "ZeroPadding2D",
    "ZeroPadding3D", "ActivityRegularization",
    # merges written as operators (a + b, a * b, torch.maximum): no tool patches Tensor.__add__
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
))


def _dense(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    units = int(getattr(layer, "units"))  # noqa: B009
    if getattr(layer, "lora_rank", None):
        raise _NoAnswer("Dense(lora_rank=...) has no nn.Linear counterpart")
    parts = [_linear(tool, inputs, units, bool(getattr(layer, "use_bias", True)))]
    act = _activation(tool, getattr(layer, "activation", None), output)
    return parts + ([act] if act else [])


def _conv_rule(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    act = _activation(tool, getattr(layer, "activation", None), output)
    return [_conv(tool, layer, inputs, output)] + ([act] if act else [])


def _activation_layer(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    kind = layer.type_name
    if kind == "Activation":
        name = getattr(layer, "activation", None)
    elif kind == "Softmax":
        axis = _ints(getattr(layer, "axis", -1))
        if axis not in ((-1,), (len(output) - 1,)):
            raise _NoAnswer("Softmax over another axis than the last is not mapped")
        name = "softmax"
    else:  # ReLU
        slope, top = getattr(layer, "negative_slope", 0.0), getattr(layer, "max_value", None)
        if getattr(layer, "threshold", 0.0) or (top is not None and top != 6):
            raise _NoAnswer("ReLU with a threshold or a max_value other than 6 has no torch module")
        name = "leaky_relu" if slope else ("relu6" if top == 6 else "relu")
    act = _activation(tool, name, output)
    return [act] if act else [_Part(0, 0 if tool == "deepspeed" else None, "linear activation: nothing")]


def _recurrent_rule(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    part = _recurrent(tool, layer, inputs)
    if layer.type_name == "GRU" and not getattr(layer, "reset_after", True):
        return [part._replace(note=part.note + "; torch's GRU is Keras's reset_after=True form")]
    return [part]


RULES: dict[str, Rule] = {
    **dict.fromkeys(("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"), _recurrent_rule),
    "Dense": _dense,
    **dict.fromkeys(("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"),
                    _conv_rule),
    "Embedding": lambda tool, layer, inputs, output: [_embedding(tool, layer)],
    "BatchNormalization": lambda tool, layer, inputs, output: [_batch_norm(tool, layer, inputs)],
    "LayerNormalization": lambda tool, layer, inputs, output: [_layer_norm(tool, layer, inputs)],
    **dict.fromkeys(("Activation", "Softmax", "ReLU"), _activation_layer),
    **dict.fromkeys(tuple(f"{k}Pooling{r}D" for k in ("Max", "Average", "GlobalMax", "GlobalAverage")
                          for r in (1, 2, 3)),
                    lambda tool, layer, inputs, output: [_pool(tool, layer, inputs, output)]),
    "MultiHeadAttention": _multi_head_attention,
    "Attention": lambda tool, layer, inputs, output: _dot_attention(tool, layer, inputs),
    "Dot": _dot,
}


def _parts(tool: str, layer: Layer, inputs: list[Shape], output: Shape) -> list[_Part]:
    kind = layer.type_name
    if kind == "Bidirectional":
        forward = getattr(layer, "layer")  # noqa: B009
        backward = getattr(layer, "backward_layer", None) or forward
        parts = []
        for inner in (forward, backward):
            parts += _parts(tool, inner, inputs, inner.output_shape(inputs[0]))
        return [p._replace(note="bidirectional=True: " + p.note) for p in parts]
    if kind == "TimeDistributed":
        inner = getattr(layer, "layer")  # noqa: B009
        steps = _prod([inputs[0][1]])
        child = (inputs[0][0], *inputs[0][2:])
        return [_Part(steps * p.macs, None if p.flops is None else steps * p.flops,
                      f"time folded into the batch: {steps} x ({p.note})")
                for p in _parts(tool, inner, [child], inner.output_shape(child))]
    if kind in FREE:
        return [_Part(0, 0 if tool == "deepspeed" else None, f"{kind}: no arithmetic in any tool's rules")]
    rule = RULES.get(kind)
    if rule is None:
        raise _NoAnswer(f"lstmcalc maps no PyTorch module for {kind}, so it cannot say what {tool} reports")
    return rule(tool, layer, inputs, output)


def convention_layer(convention: str, layer: Layer, inputs: list[Shape], output: Shape,
                     weights: list[Weight]) -> ConventionCount:
    """LAYER (called on INPUTS, producing OUTPUT, with WEIGHTS) as CONVENTION counts its PyTorch
    equivalent, for one sample. The notes cite the rule for each term."""
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(CONVENTIONS)}, not {convention!r}")
    headline = HEADLINE[convention]
    if convention == "lstmcalc":
        own = layer_macs(layer, inputs, output, weights)
        return ConventionCount(own.value, None, headline, () if own.known else (f"unknown: {own.reason}",))
    try:
        parts = _parts(convention, layer, inputs, output)
    except _NoAnswer as reason:
        return ConventionCount(None, None, headline, (str(reason),))
    macs = sum(p.macs for p in parts)
    flops = sum(p.flops or 0 for p in parts) if convention == "deepspeed" else None
    return ConventionCount(macs, flops, headline, tuple(p.note for p in parts))
