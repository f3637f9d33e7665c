"""Element-wise FLOPs of one layer call: everything but the matrix products.

`forward_ops(layer, inputs, output, weights)` gives the element-wise work of one call of a
layer for ONE sample as a Counter of semantic ops -> number of elements; `flops(ops)`
prices it with FORWARD_FLOPS (or BACKWARD_FLOPS). The matrix products (matmul, einsum,
tensordot, convolution windows, attention's weighted sums) are MACs, counted by
lstmcalc.engine.macs and excluded here.

What is counted is what `lstmcalc run` executes (lstmcalc/numeric/), primitive by
primitive, and tests/test_cost_elementwise.py holds the two together exactly: it runs the
numpy forward pass on arrays that count every ufunc element they produce, per layer, and
asserts executed FLOPs == flops(forward_ops(...)). The counting rules of that instrument
are the definition of a FLOP here:

- one FLOP per element of output of every arithmetic ufunc, transcendental or not (add,
  subtract, multiply, divide, negative, exp, expm1, log, tanh, sqrt, abs, sign, square,
  floor, maximum, minimum, logaddexp), comparisons and logical ops included;
- np.clip counts 2 (a maximum and a minimum); np.where 1 per output element (a select);
- a reduction (sum, max, any, and the sums inside mean and var) counts its input elements
  minus its output elements; mean adds one divide per output;
- data movement (reshape, transpose, concatenate, stack, split, pad, repeat, take,
  slicing), casts (astype) and allocation (zeros) are free;
- inside a contraction (matmul, einsum, dot, and the convolution helpers that sum window
  products) multiplies are MACs and their adds the accumulation: not element-wise.
- index arithmetic on shapes (np.arange for causal and sliding-window masks, bilinear
  sample positions) counts like any other arithmetic: it runs on every call.

Work that does not depend on the batch size (a causal mask, BatchNormalization's
sqrt(moving_variance + epsilon), bilinear sample positions) runs once per call:
`forward_work` returns it apart (`Work.call`) from the per-sample work (`Work.sample`), so
a batch of B costs B * sample + call; `forward_ops` returns their sum (batch 1).

The validation of Embedding ids (finite, whole, in range) that run performs is not the
model's arithmetic and is not counted (the instrument pauses for it).

FORWARD_FLOPS: FLOPs per element of each semantic op (numpy primitives it executes)
====================  =====  ================================================================
op                    FLOPs  numpy code that executes it (lstmcalc/numeric/)
====================  =====  ================================================================
add                   1      tensor + tensor: gate sums (ops.py `xt @ kernel + h @ recurrent`,
                             GRU `xz + rz`, `f * c + i * g`), merges (forward.py Add/Average),
                             Bidirectional sum/ave, ConvLSTM `z + conv(h, ...)`
add_const             1      tensor + constant: `x - moving_mean`, `var + eps`, `scores - 1e9`
                             (forward.py _norm; attention.py)
bias_add              1      `y + bias` (forward.py _dense/_conv, convnd._finish, ops.py RNNs,
                             attention._project), BatchNorm/LayerNorm beta
sub                   1      tensor - tensor: GRU `1 - z`, `x - mean` (LayerNorm), Subtract,
                             PReLU's difference, ReLU(negative_slope)'s `threshold - x`
neg                   1      `-x`: PReLU, GroupNormalization's `-mean`
mul                   1      tensor * tensor: gate products (`f * c`, `o * tanh(c)`, GRU's
                             `r * h`, blend), Multiply, Bidirectional mul, l2 normalise
weight_mul            1      x * a trained weight broadcast: gamma (norms), attention's scale,
                             PReLU's alpha, concat_score_weight
mask_mul              1      x * a 0/1 mask (GlobalAveragePooling1D with a mask)
scale                 1      x * or / a constant scalar: LoRA's alpha/rank (per call, on the
                             kernel: forward._lora), Average's /n, a
                             mean's divide by its count, `0.2 * x` (ReLU negative_slope),
                             MultiHeadAttention's 1/sqrt(key_dim)
divide                1      tensor / tensor: normalisations `(x - mean) / sqrt(var + eps)`,
                             masked mean `sum / count`
reciprocal            1      `1.0 / x` (GroupNorm, l2 normalise)
sqrt                  1      np.sqrt
square                1      np.square and the square inside np.var
abs                   1      np.abs (MultiHeadAttention's sliding window |i - j|)
minmax                1      np.maximum / np.minimum of two tensors or a tensor and a constant
                             (Maximum, Minimum, Normalization's max(sqrt(var), eps))
select                1      np.where: RNN masks (ops.py, 3 per LSTM unit), Masking, attention
                             and Softmax masks
compare               1      `!=`, `>`, `>=`: Embedding mask_zero `ids != 0`, Masking, causal mask
logical               1      np.logical_and / logical_not on masks
logical_reduce        1      np.any's or-reduction (Masking), per reduced element
sum_reduce            1      a sum's adds (in - out elements): mean, var, pooling, Dot normalise
max_reduce            1      a max's comparisons (in - out): max pooling
clip                  2      np.clip (ReLU max_value)
relu                  1      np.maximum(x, 0)
relu6                 2      np.clip(x, 0, 6)
sigmoid               4      `1 / (1 + np.exp(-x))`: negative, exp, add, divide
hard_sigmoid          4      `np.clip(x + 3, 0, 6) / 6` (Keras 3), `np.clip(0.2 x + 0.5, 0, 1)`
tanh                  1      np.tanh
softmax               3      per element: `x - max`, exp, `e / sum` (ops._softmax,
                             attention._softmax, forward._softmax_layer)
softmax_max           1      per step of the row max (n - 1 per row of n)
softmax_sum           1      per step of the row sum (n - 1 per row of n)
log_softmax           4      per element: 2 subtracts of the max, exp, subtract the log
log_softmax_log       1      per row: the log of the sum (its max and sum steps are
                             softmax_max x 2 and softmax_sum)
elu                   4      `np.where(x > 0, x, np.expm1(np.minimum(x, 0)))`
selu                  6      elu's 4 + 2 scalings
softplus              1      np.logaddexp(0, x)
softsign              3      abs, add, divide
swish / silu          4      `x / (1 + np.exp(-x))`
hard_silu/hard_swish  5      `x * np.clip(x + 3, 0, 6) / 6`
gelu                  24     `0.5 * x * (1 + erf(x / sqrt 2))` with ops._erf (20: abs, 3 for
                             t, 9 for the polynomial, 4 for exp(-a*a)*poly, 1 -, sign, *)
exponential           1      np.exp
leaky_relu            3      compare, `0.2 * x`, where
mish                  3      logaddexp, tanh, multiply
resize_index          10     per output index of a bilinear axis: `(i + .5) / f - .5` (3),
                             floor, frac, 2 clips (4), `+ 1`
lerp                  3      `a + (b - a) * frac` per output element of a bilinear axis
====================  =====  ================================================================

BACKWARD_FLOPS: FLOPs per element of each op's gradient, as TensorFlow's gradient functions
(tensorflow/python/ops/math_grad.py, nn_grad.py) and kernels (tensorflow/core/kernels/
*_op_functor.h, cwise_ops.h) compute them, counted with the same rules; for one element of
the forward op's output. Matrix products' gradients (dX and dW products) are not here.
Keras 3's TensorFlow backend maps the activations to these ops (keras/src/backend/tensorflow/
nn.py: relu -> tf.nn.relu, silu -> tf.nn.silu, hard_sigmoid -> relu6(x + 3) / 6, gelu ->
tf.nn.gelu, softplus -> tf.math.softplus, ...). Read from tensorflow/tensorflow:
python/ops/nn_grad.py (_SoftmaxGrad, _LogSoftmaxGrad, _BiasAddGrad, _SoftplusGrad; commit
01064be9), core/kernels/relu_op_functor.h (ReluGrad, Relu6Grad, LeakyReluGrad, EluGrad,
SeluGrad; commit 12b1fb47), python/ops/math_grad.py (_SelectGradV2, _MulGrad, _SubGrad, ...).

====================  =====  ================================================================
op                    FLOPs  TensorFlow's gradient
====================  =====  ================================================================
add                   0      math_grad._AddV2Grad: the gradient passes to both (no broadcast)
add_const             0      _AddV2Grad: passes through; the constant gets none
bias_add              1      nn_grad._BiasAddGrad -> BiasAddGrad kernel: dbias = sum of dy
                             over the positions; counted as one add per output element
                             (accumulated from zero: one more per bias value than n - 1)
sub                   1      _SubGrad: dy to x, -dy (one Neg) to y
neg                   1      _NegGrad: -dy
mul                   2      _MulGrad: dy * y and dy * x
weight_mul            3      _MulGrad: dy * w, and dy * x summed into dw (mul, add)
mask_mul              1      _MulGrad: dy * mask (the mask takes no gradient)
scale                 1      _MulGrad / _RealDivGrad with a constant: dy * c
divide                5      _RealDivGrad: dy / y; -x / y / y * dy (neg, div, div, mul)
reciprocal            3      ReciprocalGrad (cwise_ops.h scalar_inverse_gradient_op): -dy*y*y
sqrt                  2      SqrtGrad (scalar_sqrt_gradient_op): 0.5 * dy / y
square                2      _SquareGrad: dy * (2 * x)
abs                   2      _AbsGrad: sign(x) * dy
minmax                3      _MaximumMinimumGrad: x >= y mask, where(mask, dy, 0), where(..)
select                2      _SelectGradV2: where(c, dy, 0) and where(c, 0, dy)
compare               0      no gradient (boolean)
logical               0      no gradient (boolean)
logical_reduce        0      no gradient (boolean)
sum_reduce            0      _SumGrad: a broadcast of dy (data movement)
max_reduce            4      _MaxGrad (_MinOrMaxGrad): equal(y, x), sum, divide, multiply,
                             per input element (counted per reduction step)
clip                  4      clip_ops' gradient: compare x < lo, x > hi, logical_or, where
relu                  2      ReluGrad (core/kernels/relu_op_functor.h): dy * (x > 0)
relu6                 4      Relu6Grad: dy * ((x > 0) * (x < 6))
sigmoid               3      SigmoidGrad (cwise_ops.h scalar_sigmoid_gradient_op): dy*y*(1-y)
hard_sigmoid          5      Keras 3's relu6(x + 3) / 6: RealDiv (1) + Relu6Grad (4)
tanh                  3      TanhGrad (scalar_tanh_gradient_op): dy * (1 - y*y)
softmax               3      nn_grad._SoftmaxGrad: (dy - sum(dy * y)) * y: mul, sub, mul
softmax_max           0      the max is inside TensorFlow's fused Softmax: no gradient
softmax_sum           1      _SoftmaxGrad's row sum of dy * y (n - 1 per row)
log_softmax           3      nn_grad._LogSoftmaxGrad: dy - sum(dy) * exp(y): exp, mul, sub
log_softmax_log       0      (inside the fused LogSoftmax)
elu                   4      EluGrad: (y < 0).select((y + 1) * dy, dy)
selu                  5      SeluGrad: (y < 0).select(dy * (y + scale*alpha), dy * scale)
softplus              5      nn_grad._SoftplusGrad: dy * sigmoid(x) (Sigmoid counted as its 4)
softsign              4      SoftsignGrad: dy / (1 + |x|)^2
swish / silu          9      nn_impl.swish's custom gradient: sigmoid (4), then
                             dy * s * (1 + x * (1 - s)): sub, mul, add, mul, mul
hard_silu/hard_swish  8      x * relu6(x + 3) / 6: Mul (2), RealDiv (1), Relu6Grad (4), add
gelu                  11     tf.nn.gelu(approximate=False) = 0.5 * x * erfc(-x * c): Mul
                             grads (2 + 1), math_grad._ErfcGrad (dy * -2/sqrt(pi) *
                             exp(-x^2): square, neg, exp, mul, mul), Mul and Neg (1 + 1), the
                             two paths to x summed (1)
exponential           1      _ExpGrad: dy * y
leaky_relu            3      LeakyReluGrad: (x > 0).select(dy, dy * alpha)
mish                  11     x * tanh(softplus(x)): Mul (2), TanhGrad (3), _SoftplusGrad (5),
                             the two paths to x summed (1)
resize_index          0      (sample positions: no gradient)
lerp                  3      ResizeBilinearGrad: each output's dy split to its two sources:
                             (1 - frac) * dy, frac * dy, and one add into the input gradient
====================  =====  ================================================================

Pure: shapes in, numbers out; no numpy.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from lstmcalc.engine.macs import UNKNOWN_COMPUTATION, UNKNOWN_DIMENSION  # why work is unknown: as MACs say it
from lstmcalc.layers.base import Layer, Shape, Weight

FORWARD_FLOPS: dict[str, int] = {
    "add": 1, "add_const": 1, "bias_add": 1, "sub": 1, "neg": 1, "mul": 1, "weight_mul": 1, "mask_mul": 1,
    "scale": 1, "divide": 1, "reciprocal": 1, "sqrt": 1, "square": 1, "abs": 1, "minmax": 1, "select": 1, "compare": 1,
    "logical": 1, "logical_reduce": 1, "sum_reduce": 1, "max_reduce": 1, "clip": 2,
    "relu": 1, "relu6": 2, "sigmoid": 4, "hard_sigmoid": 4, "tanh": 1, "softmax": 3, "softmax_max": 1,
    "softmax_sum": 1, "log_softmax": 4, "log_softmax_log": 1, "elu": 4, "selu": 6, "softplus": 1, "softsign": 3,
    "swish": 4, "silu": 4, "hard_silu": 5, "hard_swish": 5, "gelu": 24, "exponential": 1, "leaky_relu": 3,
    "mish": 3, "resize_index": 10, "lerp": 3,
}

BACKWARD_FLOPS: dict[str, int] = {
    "add": 0, "add_const": 0, "bias_add": 1, "sub": 1, "neg": 1, "mul": 2, "weight_mul": 3, "mask_mul": 1,
    "scale": 1, "divide": 5, "reciprocal": 3, "sqrt": 2, "square": 2, "abs": 2, "minmax": 3, "select": 2, "compare": 0,
    "logical": 0, "logical_reduce": 0, "sum_reduce": 0, "max_reduce": 4, "clip": 4,
    "relu": 2, "relu6": 4, "sigmoid": 3, "hard_sigmoid": 5, "tanh": 3, "softmax": 3, "softmax_max": 0,
    "softmax_sum": 1, "log_softmax": 3, "log_softmax_log": 0, "elu": 4, "selu": 5, "softplus": 5, "softsign": 4,
    "swish": 9, "silu": 9, "hard_silu": 8, "hard_swish": 8, "gelu": 11, "exponential": 1, "leaky_relu": 3,
    "mish": 11, "resize_index": 0, "lerp": 3,
}

class UnknownWork(Exception):
    """The element-wise work of a layer lstmcalc cannot see or count; REASON says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Work(NamedTuple):
    """Element-wise ops of one call: SAMPLE for each sample, CALL once per call whatever the
    batch (a batch of B costs B * sample + call)."""

    sample: Counter[str]
    call: Counter[str]

    def total(self, batch: int = 1) -> Counter[str]:
        out: Counter[str] = Counter()
        for op, n in self.sample.items():
            out[op] += n * batch
        out.update(self.call)
        return +out


def flops(ops: Counter[str], table: dict[str, int] = FORWARD_FLOPS) -> int:
    """The FLOPs of OPS (semantic op -> elements), priced by TABLE."""
    return sum(n * table[op] for op, n in ops.items())


def _dim(value: int | None) -> int:
    if value is None:
        raise UnknownWork(UNKNOWN_DIMENSION)
    return int(value)


def _size(shape: Iterable[int | None]) -> int:
    return math.prod(_dim(d) for d in shape)


def _per_sample(shape: Shape) -> int:
    """Elements of one sample of SHAPE (batch first)."""
    return _size(shape[1:])


class _Acc:
    """Two counters being filled: per sample and per call."""

    def __init__(self) -> None:
        self.sample: Counter[str] = Counter()
        self.call: Counter[str] = Counter()

    def add(self, ops: Counter[str] | dict[str, int], times: int = 1) -> None:
        for op, n in ops.items():
            self.sample[op] += n * times

    def work(self) -> Work:
        return Work(+self.sample, +self.call)

    def merge(self, other: Work, times: int = 1) -> None:
        self.add(other.sample, times)
        self.call.update(other.call)


# --- activations ---------------------------------------------------------------------------------
#: element-wise activations: FLOPs per element are FORWARD_FLOPS[name]
_PLAIN = ("relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "elu", "selu", "softplus", "softsign", "swish", "silu",
          "hard_silu", "hard_swish", "gelu", "exponential", "leaky_relu", "mish")


def activation_name(value: Any) -> str:
    """The activation ops.activation runs for VALUE (None -> linear); UnknownWork for one
    lstmcalc run does not implement."""
    if value is None:
        return "linear"
    if isinstance(value, dict):
        value = value.get("class_name", "")
    name = str(value)
    if name != "linear" and name not in _PLAIN and name not in ("softmax", "log_softmax"):
        raise UnknownWork(UNKNOWN_COMPUTATION)
    return name


def softmax_ops(elements: int, row: int) -> Counter[str]:
    """A softmax over rows of ROW values, ELEMENTS in all: max (row - 1 steps), subtract,
    exp, sum (row - 1 steps), divide."""
    rows = elements // row if row else 0
    return Counter({"softmax": elements, "softmax_max": rows * (row - 1), "softmax_sum": rows * (row - 1)})


def activation_ops(value: Any, shape: Shape) -> Counter[str]:
    """The activation VALUE applied to a tensor of SHAPE (one sample)."""
    name = activation_name(value)
    n = _per_sample(shape)
    if name == "linear" or n == 0:
        return Counter()
    if name == "softmax":
        return softmax_ops(n, _dim(shape[-1]))
    if name == "log_softmax":
        row = _dim(shape[-1])
        rows = n // row
        return Counter({"log_softmax": n, "softmax_max": 2 * rows * (row - 1), "softmax_sum": rows * (row - 1),
                        "log_softmax_log": rows})
    return Counter({name: n})


# --- recurrent -----------------------------------------------------------------------------------
def _arg(layer: Any, name: str, default: Any) -> Any:
    return layer.__dict__.get(name, default)


def _cell_step(kind: str, layer: Any, units: int, *, masked: bool) -> Counter[str]:
    """One timestep of ops.rnn_forward for UNITS values (units x positions for ConvLSTM)."""
    act = activation_ops(_arg(layer, "activation", "tanh"), (1, units))
    rec = activation_ops(_arg(layer, "recurrent_activation", "sigmoid"), (1, units))
    bias = bool(_arg(layer, "use_bias", True))
    ops: Counter[str] = Counter()
    if kind == "LSTM":
        # z = x@W + h@U (+ b); i, f, o = rec; g = act(cc); c = f*c + i*g; h = o*act(c)
        ops.update({"add": 4 * units + units, "mul": 3 * units})
        if bias:
            ops["bias_add"] += 4 * units
        for _ in range(3):
            ops.update(rec)
        for _ in range(2):
            ops.update(act)
        states = 2
    elif kind == "GRU":
        if bias:
            ops["bias_add"] += (6 if _arg(layer, "reset_after", True) else 3) * units
        # z = rec(xz + hz); r = rec(xr + hr); hh = act(xh + r * (h-part)); h = z*h + (1-z)*hh
        ops.update({"add": 3 * units + units, "mul": 3 * units, "sub": units})
        for _ in range(2):
            ops.update(rec)
        ops.update(act)
        states = 1
    elif kind == "SimpleRNN":
        if bias:
            ops["bias_add"] += units
        ops["add"] += units
        ops.update(act)
        states = 1
    else:
        raise UnknownWork(UNKNOWN_COMPUTATION)
    if masked:  # np.where on each state and on the output
        ops["select"] += (states + 1) * units
    return ops


def _rnn(layer: Any, inputs: list[Shape], *, masked: bool, training: bool) -> Work:
    kind = layer.type_name
    shape = inputs[0]
    if kind.startswith("ConvLSTM"):
        return _conv_lstm(layer, inputs, masked=masked, training=training)
    if len(shape) != 3:
        raise UnknownWork(UNKNOWN_COMPUTATION)
    steps, features = _dim(shape[1]), _dim(shape[2])
    acc = _Acc()
    cells = layer.cells if kind == "RNN" else [layer]
    for cell in cells:
        units = int(cell.units)
        acc.add(_cell_step(cell.type_name, cell, units, masked=masked), steps)
        if training:
            acc.add(_rnn_dropout(cell, features, units), 1)
            acc.add(_rnn_dropout_step(cell, features, units), steps)
        features = units
    return acc.work()


def _rnn_dropout(cell: Any, features: int, units: int) -> Counter[str]:
    """Keras's cells draw their dropout masks once per call (get_dropout_mask: a dropout of
    ones, counted as compare, scale, select per value)."""
    ops: Counter[str] = Counter()
    for rate, n in ((_arg(cell, "dropout", 0.0), features), (_arg(cell, "recurrent_dropout", 0.0), units)):
        if rate and 0.0 < float(rate) < 1.0:
            ops.update({"compare": n, "scale": n, "select": n})
    return ops


def _rnn_dropout_step(cell: Any, features: int, units: int) -> Counter[str]:
    """Each step multiplies the input by its dropout mask and h by the recurrent one."""
    ops: Counter[str] = Counter()
    for rate, n in ((_arg(cell, "dropout", 0.0), features), (_arg(cell, "recurrent_dropout", 0.0), units)):
        if rate and 0.0 < float(rate) < 1.0:
            ops["mask_mul"] += n
    return ops


def _conv_lstm(layer: Any, inputs: list[Shape], *, masked: bool, training: bool) -> Work:
    """numeric/layers/convnd.conv_lstm_forward: the LSTM step on every output position."""
    shape = inputs[0]
    steps = _dim(shape[1])
    out = layer.output_shape(shape)
    per_step = out[2:] if _arg(layer, "return_sequences", False) else out[1:]
    positions = _size(per_step) // int(layer.filters)
    units = positions * int(layer.filters)
    acc = _Acc()
    acc.add(_cell_step("LSTM", layer, units, masked=masked), steps)
    if training:
        features = _size(shape[2:])
        acc.add(_rnn_dropout(layer, features, units))
        acc.add(_rnn_dropout_step(layer, features, units), steps)
    return acc.work()


def _bidirectional(layer: Any, inputs: list[Shape], output: Shape, *, masked: bool, training: bool) -> Work:
    """ops.bidirectional: the forward layer, the backward one, then the merge."""
    forward = layer.layer
    backward = _arg(layer, "backward_layer", None) or forward
    acc = _Acc()
    for inner in (forward, backward):
        acc.merge(_rnn(inner, inputs, masked=masked, training=training))
    half = _per_sample(forward.output_shape(inputs[0]))
    mode = layer.merge_mode
    if mode == "sum":
        acc.add({"add": half})
    elif mode == "ave":
        acc.add({"add": half, "scale": half})
    elif mode == "mul":
        acc.add({"mul": half})
    return acc.work()


def _time_distributed(layer: Any, inputs: list[Shape], output: Shape, weights: list[Weight], *,
                      training: bool) -> Work:
    """forward.apply's TimeDistributed: the inner layer on (batch x steps, ...), no mask."""
    inner = layer.layer
    shape = inputs[0]
    steps = _dim(shape[1])
    child = (shape[0], *shape[2:])
    inner_out = inner.output_shape(child)
    work = forward_work(inner, [child], inner_out, inner.weights(child), training=training)
    acc = _Acc()
    acc.merge(work, steps)
    return acc.work()


# --- dense, embedding, convolutions ---------------------------------------------------------------
def _lora(layer: Any, rows: int, cols: int) -> Counter[str]:
    """Keras 3's LoRA kernel, built once per call (forward._lora): kernel + scale * (a @ b)."""
    if not _arg(layer, "lora_rank", None):
        return Counter()
    return Counter({"scale": rows * cols, "add": rows * cols})


def _dense(layer: Any, inputs: list[Shape], output: Shape) -> Work:
    n = _per_sample(output)
    acc = _Acc()
    if layer.use_bias:
        acc.add({"bias_add": n})
    acc.add(activation_ops(_arg(layer, "activation", None), output))
    acc.call.update(_lora(layer, _dim(inputs[0][-1]), int(layer.units)))
    return acc.work()


def _embedding(layer: Any, inputs: list[Shape], output: Shape) -> Work:
    acc = _Acc()
    if layer.mask_zero:
        acc.add({"compare": _per_sample(inputs[0])})
    acc.call.update(_lora(layer, int(layer.input_dim), int(layer.output_dim)))
    return acc.work()


def _conv(layer: Any, inputs: list[Shape], output: Shape) -> Counter[str]:
    """Conv*, DepthwiseConv*, SeparableConv*, Conv*Transpose: the window sums are MACs
    (forward.conv1d_products, convnd.conv / depthwise / conv_transpose); then the bias and
    the activation on the output."""
    ops: Counter[str] = Counter()
    if layer.use_bias:
        ops["bias_add"] += _per_sample(output)
    ops.update(activation_ops(_arg(layer, "activation", None), _channels_last(layer, output)))
    return ops


def _channels_last(layer: Any, shape: Shape) -> Shape:
    if _arg(layer, "data_format", None) == "channels_first" and len(shape) > 2:
        return (shape[0], *shape[2:], shape[1])
    return shape


# --- pooling ---------------------------------------------------------------------------------------
def _windows(steps: int, pool: int, stride: int, *, same: bool) -> list[int]:
    """The sizes of the pooling windows along one axis, clipped at the borders (forward._pool,
    poolnd._pool_axis)."""
    if same:
        out = -(-steps // stride)
        left = max((out - 1) * stride + pool - steps, 0) // 2
    else:
        out = (steps - pool) // stride + 1
        left = 0
    sizes = []
    for i in range(max(out, 0)):
        start = i * stride - left
        sizes.append(min(start + pool, steps) - max(start, 0))
    return sizes


def _pool_axes(shape: list[int], axes: list[int], pools: Sequence[int], strides: Sequence[int], *, same: bool,
               is_max: bool) -> Counter[str]:
    """Pool each axis in turn (SHAPE without batch; AXES index it)."""
    ops: Counter[str] = Counter()
    for axis, pool, stride in zip(axes, pools, strides, strict=True):
        sizes = _windows(shape[axis], pool, stride, same=same)
        others = math.prod(d for i, d in enumerate(shape) if i != axis)
        steps = others * sum(n - 1 for n in sizes)
        if is_max:
            ops["max_reduce"] += steps
        else:
            ops["sum_reduce"] += steps
            ops["scale"] += others * len(sizes)
        shape[axis] = len(sizes)
    return ops


def _as_tuple(value: Any, rank: int) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def _pool1d(layer: Any, inputs: list[Shape]) -> Counter[str]:
    shape = [_dim(d) for d in _channels_last(layer, inputs[0])[1:]]
    pool = _as_tuple(layer.pool_size, 1)[0]
    stride = _as_tuple(layer.strides, 1)[0] if layer.strides is not None else pool
    return _pool_axes(shape, [0], [pool], [stride], same=str(layer.padding).lower() == "same",
                      is_max=layer.type_name.startswith("Max"))


def _pool_nd(layer: Any, inputs: list[Shape]) -> Counter[str]:
    pools, strides = layer.sizes()
    rank = len(inputs[0])
    first = _arg(layer, "data_format", None) == "channels_first"
    axes = list(range(1, rank - 1)) if first else list(range(rank - 2))  # without the batch axis
    shape = [_dim(d) for d in inputs[0][1:]]
    return _pool_axes(shape, axes, pools, strides, same=layer.padding == "same",
                      is_max=layer.type_name.startswith("Max"))


def _global_pool(layer: Any, inputs: list[Shape], *, masked: bool) -> Counter[str]:
    shape = inputs[0]
    first = _arg(layer, "data_format", None) == "channels_first"
    spatial = _size(shape[2:] if first else shape[1:-1])
    channels = _dim(shape[1] if first else shape[-1])
    if "Max" in layer.type_name:
        return Counter({"max_reduce": (spatial - 1) * channels})
    if masked and layer.type_name == "GlobalAveragePooling1D":
        # (x * m).sum / m.sum
        return Counter({"mask_mul": spatial * channels, "sum_reduce": (spatial - 1) * channels + spatial - 1,
                        "divide": channels})
    return Counter({"sum_reduce": (spatial - 1) * channels, "scale": channels})


def _up_sampling(layer: Any, inputs: list[Shape]) -> Work:
    interpolation = str(_arg(layer, "interpolation", "nearest")).lower()
    if interpolation == "nearest":
        return Work(Counter(), Counter())
    if interpolation != "bilinear":
        raise UnknownWork(UNKNOWN_COMPUTATION)
    first = _arg(layer, "data_format", None) == "channels_first"
    rank = len(inputs[0])
    axes = list(range(1, rank - 1)) if first else list(range(rank - 2))
    shape = [_dim(d) for d in inputs[0][1:]]
    acc = _Acc()
    for factor, axis in zip(layer.factors(), axes, strict=True):
        shape[axis] *= factor
        acc.call["resize_index"] += shape[axis]
        acc.sample["lerp"] += math.prod(shape)
    return acc.work()


# --- normalization ---------------------------------------------------------------------------------
def _reduced_axes(axis: Any, rank: int) -> list[int]:
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return sorted({int(a) % rank for a in axes})


def _mean_var(n: int, rows: int) -> Counter[str]:
    """np.var then np.mean over the same axes: var = sum, divide, subtract, square, sum,
    divide; mean = sum, divide (N elements into ROWS results)."""
    return Counter({"sum_reduce": 3 * (n - rows), "scale": 3 * rows, "sub": n, "square": n})


def _batch_norm(layer: Any, inputs: list[Shape], *, training: bool) -> Work:
    shape = inputs[0]
    n = _per_sample(shape)
    channels = _dim(shape[int(layer.axis) % len(shape)])
    acc = _Acc()
    # (x - moving_mean) / sqrt(moving_variance + eps) [* gamma] [+ beta]
    acc.call.update({"add_const": channels, "sqrt": channels})
    acc.add({"add_const": n, "divide": n})
    if layer.scale:
        acc.add({"weight_mul": n})
    if layer.center:
        acc.add({"bias_add": n})
    if training:
        # Keras's batch moments (ops.moments: mean of x and of x^2 over the batch and the
        # reduced axes) and the moving averages (x * momentum + stat * (1 - momentum))
        acc.add({"sum_reduce": 2 * n, "square": n})
        acc.call.update({"scale": 2 * channels + 4 * channels, "square": channels, "sub": channels,
                         "add": 2 * channels})
    return acc.work()


def _layer_norm(layer: Any, inputs: list[Shape]) -> Counter[str]:
    shape = inputs[0]
    axes = _reduced_axes(layer.axis, len(shape))
    n = _per_sample(shape)
    rows = n // _size(shape[a] for a in axes) if n else 0
    if _arg(layer, "rms_scaling", False):
        ops = Counter({"sum_reduce": 2 * (n - rows), "scale": 2 * rows, "sub": n, "square": n,
                       "add_const": rows, "sqrt": rows, "divide": n})
        if layer.scale:
            ops["weight_mul"] += n
        return ops
    ops = _mean_var(n, rows)
    ops.update({"sub": n, "add_const": rows, "sqrt": rows, "divide": n})
    if layer.scale:
        ops["weight_mul"] += n
    if layer.center:
        ops["bias_add"] += n
    return ops


def _normalization(layer: Any, inputs: list[Shape]) -> Work:
    """cells._normalization: (x - mean) / max(sqrt(variance), eps), or its inverse."""
    shape = inputs[0]
    keep = layer.kept(shape)
    n = _per_sample(shape)
    kept = math.prod(1 if d == 0 else _dim(shape[d]) for d in keep)
    acc = _Acc()
    target = acc.sample if 0 in keep else acc.call
    target.update({"sqrt": kept, "minmax": kept})
    if layer.invert:
        acc.add({"scale": n, "add_const": n})
    else:
        acc.add({"add_const": n, "scale": n})
    return acc.work()


def _group_norm(layer: Any, inputs: list[Shape]) -> Counter[str]:
    shape = inputs[0]
    n = _per_sample(shape)
    channels = _dim(shape[int(layer.axis) % len(shape)])
    groups = channels if layer.groups == -1 else int(layer.groups)
    ops = _mean_var(n, groups)
    ops.update({"add_const": groups, "sqrt": groups, "reciprocal": groups, "neg": groups})
    scaled = groups
    if layer.scale:
        ops["weight_mul"] += channels
        scaled = channels
    ops["mul"] += scaled + n  # -mean * inv; x * inv
    if layer.center:
        ops["bias_add"] += channels
    ops["add"] += n
    return ops


def _l2_normalize(shape: Shape, axes: list[int]) -> Counter[str]:
    """x * min(1 / sqrt(sum(x^2)), 1 / eps) over AXES."""
    n = _per_sample(shape)
    rows = n // _size(shape[a] for a in axes) if n else 0
    return Counter({"square": n, "sum_reduce": n - rows, "sqrt": rows, "reciprocal": rows, "minmax": rows,
                    "mul": n})


# --- activation layers and masks ---------------------------------------------------------------------
def _relu_layer(layer: Any, n: int) -> Counter[str]:
    ops: Counter[str] = Counter()
    if float(layer.threshold):
        ops.update({"compare": n, "select": n})
    else:
        ops["relu"] += n
    if layer.max_value is not None:
        ops["clip"] += n
    if float(layer.negative_slope):
        ops.update({"sub": n, "relu": n, "scale": n})
        ops["sub"] += n
    return ops


def _softmax_layer(layer: Any, shape: Shape, *, masked: bool) -> Counter[str]:
    n = _per_sample(shape)
    axes = _reduced_axes(layer.axis, len(shape))
    ops = softmax_ops(n, _size(shape[a] for a in axes))
    if masked:
        ops["select"] += 2 * n
    return ops


# --- attention -----------------------------------------------------------------------------------------
def _attention(layer: Any, inputs: list[Shape], output: Shape, masks: Sequence[bool], *, training: bool) -> Work:
    """numeric/layers/attention.attention: Attention and AdditiveAttention."""
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    q_masked, v_masked = [*masks, False, False][:2]
    tq, tv, d = _dim(query[-2]), _dim(key[-2]), _dim(query[-1])
    scores = _size(query[1:-1]) * tv
    acc = _Acc()
    if layer.type_name == "AdditiveAttention":
        acc.add({"add": scores * d, "tanh": scores * d})
        if not layer.use_scale:  # a plain sum; with scale it is a weighted sum: MACs
            acc.add({"sum_reduce": scores * (d - 1)})
    elif layer.score_mode == "dot":
        if layer.use_scale:
            acc.add({"weight_mul": scores})
    else:  # concat: weights[0] * sum(tanh([scale *] (q + k)))
        acc.add({"add": scores * d, "tanh": scores * d, "sum_reduce": scores * (d - 1), "weight_mul": scores})
        if layer.use_scale:
            acc.add({"weight_mul": scores * d})
    causal = bool(layer.use_causal_mask)
    if causal:
        acc.call["compare"] += tq * tv
        if v_masked:
            acc.add({"logical": tq * tv})
    if causal or v_masked:
        if v_masked:  # logical_not of the (combined) mask
            acc.add({"logical": tq * tv if causal else tv})
        else:
            acc.call["logical"] += tq * tv
        acc.add({"add_const": scores, "select": scores})
    acc.add(softmax_ops(scores, tv))
    if q_masked:
        acc.add({"select": _per_sample(output)})
    if training and float(_arg(layer, "dropout", 0.0) or 0.0) > 0.0:
        acc.add({"compare": scores, "scale": scores, "select": scores})
    return acc.work()


def _mha(layer: Any, inputs: list[Shape], output: Shape, masks: Sequence[bool], *, training: bool) -> Work:
    """numeric/layers/attention.multi_head_attention."""
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    q_masked, v_masked, k_masked = [*masks, False, False, False][:3]
    heads, kd = int(layer.num_heads), int(layer.key_dim)
    vd = int(_arg(layer, "value_dim", None) or kd)
    q_pos, k_pos, v_pos = _size(query[1:-1]), _size(key[1:-1]), _size(value[1:-1])
    acc = _Acc()
    if layer.use_bias:
        acc.add({"bias_add": q_pos * heads * kd + k_pos * heads * kd + v_pos * heads * vd + _per_sample(output)})
        if layer.use_gate:
            acc.add({"bias_add": q_pos * heads * vd})
    if layer.use_gate:  # out * (1 / (1 + exp(-gate)))
        acc.add({"sigmoid": q_pos * heads * vd, "mul": q_pos * heads * vd})
    rank = len(query) + 1  # the projected query (batch, *steps, heads, key_dim)
    axes = layer.attention_axes
    if axes is None:
        attended = tuple(range(1, rank - 2))
    else:
        attended = tuple(a if a >= 0 else (rank - 1) + a for a in ((axes,) if isinstance(axes, int) else axes))
    tq_att = _size(query[a] for a in attended)
    tv_att = _size(key[a] for a in attended)
    scores = heads * (q_pos // tq_att if tq_att else 0) * tq_att * tv_att
    tq, tv = _dim(query[1]), _dim(value[1])
    causal_only = bool(layer.use_causal_mask) and not (q_masked or v_masked or k_masked) and _arg(
        layer, "sliding_window", None) is None
    has_mask = causal_only or _mha_mask(acc, layer, tq, tv, masked=(q_masked, v_masked, k_masked))
    fast = not (float(layer.dropout) > 0.0 or layer.return_attention_scores or rank != 4)
    if fast:
        acc.add({"scale": scores})
        if causal_only:
            acc.call["compare"] += tq * tv
        if has_mask:
            acc.add({"select": scores})
    else:
        acc.add({"scale": q_pos * heads * kd})
        if causal_only:
            acc.call["compare"] += tq * tv
        if has_mask:
            acc.add({"select": 2 * scores})
    acc.add(softmax_ops(scores, tv_att))
    if training and float(layer.dropout) > 0.0:
        acc.add({"compare": scores, "scale": scores, "select": scores})
    return acc.work()


def _mha_mask(acc: _Acc, layer: Any, tq: int, tv: int, *, masked: tuple[bool, bool, bool]) -> bool:
    """attention._mha_mask, when not the causal mask alone: its parts (rows, cols, per
    sample) and-ed in order. Whether there is a mask."""
    q_masked, v_masked, k_masked = masked
    parts: list[tuple[int, int, bool]] = []
    if q_masked:
        parts.append((tq, 1, True))
    parts += [(1, tv, True)] * (int(v_masked) + int(k_masked))
    if layer.use_causal_mask:
        acc.call["compare"] += tq * tv
        parts.append((tq, tv, False))
    if _arg(layer, "sliding_window", None) is not None:
        acc.call.update({"sub": tq * tv, "abs": tq * tv, "compare": tq * tv})  # |rows - cols| < window
        parts.append((tq, tv, False))
    rows, cols, data = parts[0] if parts else (0, 0, False)
    for r, c, d in parts[1:]:
        rows, cols, data = max(rows, r), max(cols, c), data or d
        (acc.sample if data else acc.call)["logical"] += rows * cols
    return bool(parts)


def _dot(layer: Any, inputs: list[Shape]) -> Counter[str]:
    ops: Counter[str] = Counter()
    if layer.normalize:
        axes = layer.resolved_axes(inputs)
        for shape, axis in zip(inputs, axes, strict=True):
            ops.update(_l2_normalize(shape, [axis]))
    return ops


def _merge(layer: Any, inputs: list[Shape]) -> Counter[str]:
    kind = layer.type_name
    op = {"Add": "add", "Subtract": "sub", "Multiply": "mul", "Average": "add", "Maximum": "minmax",
          "Minimum": "minmax"}[kind]
    ops: Counter[str] = Counter()
    shape = [_dim(d) for d in inputs[0][1:]]
    for other in inputs[1:]:
        dims = [_dim(d) for d in other[1:]]
        width = max(len(shape), len(dims))
        a, b = [1] * (width - len(shape)) + shape, [1] * (width - len(dims)) + dims
        shape = [max(x, y) for x, y in zip(a, b, strict=True)]
        ops[op] += math.prod(shape)
    if kind == "Average":
        ops["scale"] += math.prod(shape)
    return ops


def _training_noise(layer: Any, n: int) -> Counter[str]:
    """What Keras runs in training for the layers that are the identity in inference."""
    kind = layer.type_name
    rate = float(_arg(layer, "rate", 0.0) or 0.0)
    if kind in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"):
        # tf.nn.dropout: uniform >= rate (counted per element), x * 1/(1-rate), where
        return Counter({"compare": n, "scale": n, "select": n}) if 0.0 < rate < 1.0 else Counter()
    if kind == "GaussianNoise":
        return Counter({"add": n}) if float(_arg(layer, "stddev", 0.0) or 0.0) else Counter()
    if kind == "GaussianDropout":
        return Counter({"mask_mul": n}) if 0.0 < rate < 1.0 else Counter()
    if kind == "AlphaDropout":
        # kept = uniform >= rate; x * kept + (1 - kept) * alpha_p; a * x + b
        if 0.0 < rate < 1.0:
            return Counter({"compare": n, "mask_mul": n, "sub": n, "scale": 2 * n, "add": n, "add_const": n})
        return Counter()
    if kind == "ActivityRegularization":
        ops: Counter[str] = Counter()
        if float(_arg(layer, "l1", 0.0) or 0.0):
            ops.update({"abs": n, "sum_reduce": n, "scale": 1})
        if float(_arg(layer, "l2", 0.0) or 0.0):
            ops.update({"square": n, "sum_reduce": n, "scale": 1})
        return ops
    return Counter()


#: Layers whose inference is the identity or pure data movement (0 element-wise FLOPs).
MOVEMENT = frozenset({
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
    "AlphaDropout", "ActivityRegularization", "Identity", "Permute", "Flatten", "RepeatVector", "Reshape",
    "Concatenate", "UpSampling1D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D",
    "Cropping3D",
})

_CONVS = frozenset({
    "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D", "Conv1DTranspose",
    "Conv2DTranspose", "Conv3DTranspose", "Convolution1DTranspose", "Convolution2DTranspose",
    "Convolution3DTranspose", "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D",
    "SeparableConvolution2D", "DepthwiseConv1D", "DepthwiseConv2D",
})

_SIMPLE: dict[str, Callable[[Any, int], Counter[str]]] = {
    "ReLU": _relu_layer,
    "LeakyReLU": lambda layer, n: Counter({"leaky_relu": n}),
    "PReLU": lambda layer, n: Counter({"relu": 2 * n, "neg": n, "weight_mul": n, "sub": n}),
    "ELU": lambda layer, n: Counter({"elu": n, "scale": n}),
}


def forward_work(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight], *,
                 training: bool = False, masks: Sequence[bool] = ()) -> Work:
    """The element-wise work of one call of LAYER, per sample and per call.

    INPUTS: the input shapes (batch first, None or 1 for the batch), as lstmcalc run hands
    them to the layer (query, value[, key] for attention); OUTPUT: its first output's shape;
    WEIGHTS: its weights as built. MASKS: which inputs carry a Keras mask (the layers that
    use one: recurrent, Bidirectional, GlobalAveragePooling1D, Softmax, the attention
    layers). TRAINING: add what Keras runs only in training (dropout masks, noise, batch
    moments), documented but not measured (run is inference only).
    """
    kind = layer.type_name
    args: Any = layer
    masked = bool(masks and masks[0])
    if kind in ("LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"):
        return _rnn(args, inputs, masked=masked, training=training)
    if kind == "Bidirectional":
        return _bidirectional(args, inputs, output, masked=masked, training=training)
    if kind == "TimeDistributed":
        return _time_distributed(args, inputs, output, weights, training=training)
    if kind in ("Attention", "AdditiveAttention"):
        return _attention(args, inputs, output, masks, training=training)
    if kind == "MultiHeadAttention":
        return _mha(args, inputs, output, masks, training=training)
    if kind == "BatchNormalization":
        return _batch_norm(args, inputs, training=training)
    if kind == "Normalization":
        return _normalization(args, inputs)
    if kind == "Dense":
        return _dense(args, inputs, output)
    if kind == "Embedding":
        return _embedding(args, inputs, output)
    if kind in ("UpSampling2D", "UpSampling3D"):
        return _up_sampling(args, inputs)
    return Work(_sample_ops(args, inputs, output, masked=masked, training=training), Counter())


def _sample_ops(layer: Any, inputs: list[Shape], output: Shape, *, masked: bool, training: bool) -> Counter[str]:
    kind = layer.type_name
    if kind in _CONVS:
        return _conv(layer, inputs, output)
    if kind in ("MaxPooling1D", "AveragePooling1D"):
        return _pool1d(layer, inputs)
    if kind in ("MaxPooling2D", "MaxPooling3D", "AveragePooling2D", "AveragePooling3D"):
        return _pool_nd(layer, inputs)
    if kind.startswith(("GlobalMaxPooling", "GlobalAveragePooling")):
        return _global_pool(layer, inputs, masked=masked)
    if kind == "LayerNormalization":
        return _layer_norm(layer, inputs)
    if kind == "GroupNormalization":
        return _group_norm(layer, inputs)
    if kind == "UnitNormalization":
        return _l2_normalize(inputs[0], _reduced_axes(layer.axis, len(inputs[0])))
    if kind == "Activation":
        return activation_ops(layer.activation, inputs[0])
    if kind in _SIMPLE:
        return _SIMPLE[kind](layer, _per_sample(inputs[0]))
    if kind == "Softmax":
        return _softmax_layer(layer, inputs[0], masked=masked)
    if kind == "Masking":
        n = _per_sample(inputs[0])
        rows = n // _dim(inputs[0][-1]) if n else 0
        return Counter({"compare": n, "logical_reduce": n - rows, "select": n})
    if kind == "Dot":
        return _dot(layer, inputs)
    if kind in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"):
        return _merge(layer, inputs)
    if kind in MOVEMENT:
        return _training_noise(layer, _per_sample(inputs[0])) if training else Counter()
    # Lambda, user-defined layers, models used as layers, and anything lstmcalc run does
    # not implement: their arithmetic is not visible here
    raise UnknownWork(UNKNOWN_COMPUTATION)


def forward_ops(layer: Layer, inputs: list[Shape], output: Shape, weights: list[Weight], *,
                training: bool = False, masks: Sequence[bool] = ()) -> Counter[str]:
    """The element-wise work of one call of LAYER for one sample (batch 1): semantic op ->
    elements (forward_work's per-sample and per-call parts together)."""
    return forward_work(layer, inputs, output, weights, training=training, masks=masks).total(1)


__all__ = ["BACKWARD_FLOPS", "FORWARD_FLOPS", "UnknownWork", "Work", "flops", "forward_ops", "forward_work"]
