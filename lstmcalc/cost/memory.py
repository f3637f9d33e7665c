"""What a training step keeps for the backward pass, per call, in values per sample.

TensorFlow keeps a forward tensor exactly when some op's gradient reads it
(tensorflow/python/ops/math_grad.py, nn_grad.py): a matrix product's gradient for its
kernel reads its input (dW = Xᵀ·dY); ReluGrad, SigmoidGrad, TanhGrad, EluGrad and
SoftmaxGrad read the op's output; the other activations' gradients (gelu, swish, softplus,
leaky_relu, ...) read its input. Inside a recurrent layer's while_loop every tensor a
step's gradient reads is pushed to a list, one per timestep (bench/TRAIN_MEMORY.md has the
tensors and the measured slopes). A Dropout keeps its mask. The rows here are lstmcalc's
model of that; `bench/train_memory.py` compares it with Keras's measured peak memory.

Pure: shapes and layers in, integers out.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from lstmcalc.cost.estimate import Call

#: activations whose gradient reads the activation's output (tensorflow/python/ops/nn_grad.py:
#: _ReluGrad, _EluGrad, _SeluGrad, _SoftmaxGrad; math_grad.py: _SigmoidGrad, _TanhGrad, _ExpGrad)
READS_OUTPUT = frozenset({"relu", "sigmoid", "tanh", "softmax", "elu", "selu", "exponential", "log_softmax"})
#: per timestep, the new buffers a step keeps for its gradient, as (per input feature, per
#: unit) multiples (bench/TRAIN_MEMORY.md, traced from the train_step graph and measured): the
#: time-major copy of the input the x_t slices share (f), and LSTM i, f, g, o, c_t, tanh(c_t),
#: h_t (7u); GRU z, r, hh, 1 - z, the recurrent candidate slice, h_t (6u); SimpleRNN h_t (u).
#: h_{t-1} and c_{t-1} are the previous step's buffers, not new ones.
PER_STEP: dict[str, tuple[int, int]] = {
    "LSTM": (1, 7), "GRU": (1, 6), "SimpleRNN": (1, 1),
    # a ConvLSTM step is an LSTM step at every position: its input frame, and 7 state-sized maps
    "ConvLSTM1D": (1, 7), "ConvLSTM2D": (1, 7), "ConvLSTM3D": (1, 7),
}
_RECURRENT = frozenset(PER_STEP)
_CONV_LIKE = frozenset({"Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D", "DepthwiseConv2D",
                        "SeparableConv1D", "SeparableConv2D", "Conv1DTranspose", "Conv2DTranspose",
                        "Conv3DTranspose", "LocallyConnected1D", "LocallyConnected2D"})
_KEEP_BOTH = frozenset({"MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
                        "GlobalMaxPooling3D", "Maximum", "Minimum"})
_KEEP_INPUTS = frozenset({"Multiply", "Dot", "Embedding", "BatchNormalization", "LayerNormalization",
                          "GroupNormalization", "UnitNormalization", "Attention", "AdditiveAttention",
                          "MultiHeadAttention"})
_ACTIVATION_LAYERS = {"ReLU": "relu", "Softmax": "softmax", "ELU": "elu", "LeakyReLU": "leaky_relu",
                      "PReLU": "prelu"}


class Kept(NamedTuple):
    """What one call keeps: its inputs and output (shared with the layers around it, so the
    caller counts each tensor once) and tensors of its own (values per sample)."""

    inputs: bool
    output: bool
    own: int


def _values(shape: tuple[int | None, ...]) -> int:
    return math.prod(d or 1 for d in shape[1:])


def _activation(layer: object) -> str:
    name = getattr(layer, "activation", None)
    if isinstance(name, dict):
        name = name.get("class_name")
    return str(name or "linear")


def _activation_keeps(name: str, output: int) -> tuple[bool, int]:
    """(keeps the output, own values) of an activation applied to OUTPUT values."""
    if name in ("linear", "None"):
        return False, 0
    if name in READS_OUTPUT:
        return True, 0
    return False, output  # the gradient reads the pre-activation: a tensor of its own


def kept(call: Call, needs_input_grad: bool, act_bytes: int = 4) -> Kept:
    """What CALL keeps for the backward pass (see the module docstring); ACT_BYTES, the bytes of
    an activation value, prices a Dropout's boolean mask (one byte a value) in values."""
    layer = call.layer
    kind = layer.type_name
    if kind in ("Bidirectional", "TimeDistributed"):
        inner = getattr(layer, "layer")  # noqa: B009
        if kind == "Bidirectional":
            back = getattr(layer, "backward_layer", None) or inner
            parts = [kept(call._replace(layer=i, output=i.output_shape(call.inputs[0])), needs_input_grad, act_bytes)
                     for i in (inner, back)]
            return Kept(any(p.inputs for p in parts), False, sum(p.own for p in parts))
        steps = call.inputs[0][1] or 1
        child = (call.inputs[0][0], *call.inputs[0][2:])
        part = kept(call._replace(layer=inner, inputs=[child], output=inner.output_shape(child)), needs_input_grad,
                    act_bytes)
        return Kept(part.inputs, part.output, steps * part.own)
    out = _values(call.output)
    if kind in _RECURRENT:
        steps = call.inputs[0][1] or 1
        per_input, per_state = PER_STEP[kind]
        frame = _values(call.inputs[0][1:])  # one step's input: features, or a frame
        if kind.startswith("ConvLSTM"):
            state = _values(call.output[1:] if getattr(layer, "return_sequences", False) else call.output)
        else:
            state = int(getattr(layer, "units"))  # noqa: B009
        # the layer also keeps its batch-major input (measured: Embedding -> LSTM, Dropout -> LSTM)
        return Kept(True, False, steps * (per_input * frame + per_state * state))
    if kind in _CONV_LIKE:
        keeps_output, own = _activation_keeps(_activation(layer), out)
        return Kept(True, keeps_output, own)
    if kind == "Activation" or kind in _ACTIVATION_LAYERS:
        name = _activation_layers_name(layer)
        keeps_output, own = _activation_keeps(name, out)
        return Kept(own > 0, keeps_output, 0)
    if kind in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"):
        return Kept(False, False, -(-out // act_bytes))  # the boolean keep mask, a byte a value
    if kind in ("GaussianDropout", "AlphaDropout", "GaussianNoise"):
        return Kept(False, False, out)  # the noise the gradient multiplies by
    if kind in _KEEP_BOTH:
        return Kept(True, True, 0)
    if kind in _KEEP_INPUTS:
        own = 0
        if kind in ("Attention", "AdditiveAttention"):
            query, value = call.inputs[0], call.inputs[1] if len(call.inputs) > 1 else call.inputs[0]
            own = _values(query[:-1]) * (value[-2] or 1)  # the softmax of the scores
        if kind == "MultiHeadAttention":
            own = _mha_own(call)
        if kind in ("LayerNormalization", "GroupNormalization", "UnitNormalization"):
            own = _values(call.inputs[0])  # the normalised values the scale's gradient reads
        return Kept(True, False, own)
    trains = any(w.trainable for w in call.weights)
    return Kept(trains, False, 0)


def _activation_layers_name(layer: object) -> str:
    kind = getattr(layer, "type_name", "")
    return _ACTIVATION_LAYERS.get(kind) or _activation(layer)


def _mha_own(call: Call) -> int:
    """MultiHeadAttention keeps its projected query, key and value, the attention
    probabilities (heads × Tq × Tv) and the context before the output projection."""
    layer = call.layer
    heads, key_dim = int(getattr(layer, "num_heads")), int(getattr(layer, "key_dim"))  # noqa: B009
    value_dim = int(getattr(layer, "value_dim", None) or key_dim)
    tq = _values(call.output[:-1])
    value = call.inputs[1] if len(call.inputs) > 1 else call.inputs[0]
    tv = _values(value[:-1])
    return heads * (tq * key_dim + tv * (key_dim + value_dim) + tq * tv + tq * value_dim)
