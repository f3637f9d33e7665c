"""The numpy arithmetic of each layer type, following Keras 3 (inference mode).

Each function takes the layer (its validated arguments), its weights in Keras's
`get_weights()` order, the input array(s) and mask, and returns (output(s), mask). numpy
is imported by the caller, only when `lstmcalc run` needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.base import Layer

Array = Any  # np.ndarray; kept loose so the engine's types stay numpy-free


def _erf(x: Array) -> Array:
    """erf in float64 to within 1.5e-7 (Abramowitz & Stegun 7.1.26), below float32's
    resolution, vectorised: math.erf per element takes minutes on a large tensor."""
    v = x.astype(np.float64)
    a = np.abs(v)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return (np.sign(v) * (1.0 - poly * np.exp(-a * a))).astype(x.dtype)


def _softmax(x: Array) -> Array:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS: dict[str, Callable[[Array], Array]] = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "hard_sigmoid": lambda x: np.clip(x + 3, 0, 6) / 6,
    "tanh": np.tanh,
    "softmax": _softmax,
    "log_softmax": lambda x: x - x.max(axis=-1, keepdims=True) - np.log(
        np.exp(x - x.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0))),
    "softplus": lambda x: np.logaddexp(0, x),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "swish": lambda x: x / (1 + np.exp(-x)),
    "silu": lambda x: x / (1 + np.exp(-x)),
    "hard_silu": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "hard_swish": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2).astype(x.dtype))),
    "exponential": np.exp,
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "mish": lambda x: x * np.tanh(np.logaddexp(0, x)),
}


def activation(name: Any) -> Callable[[Array], Array]:
    if name is None:
        return ACTIVATIONS["linear"]
    if isinstance(name, dict):
        name = name.get("class_name", "")
    if str(name) == "hard_sigmoid" and keras_version() == 2:  # tf.keras 2: clip(0.2 x + 0.5, 0, 1)
        return lambda x: np.clip(0.2 * x + 0.5, 0, 1).astype(x.dtype)
    fn = ACTIVATIONS.get(str(name))
    if fn is None:
        raise NotImplementedError(f"activation {name!r} is not implemented in lstmcalc run")
    return fn


# --- recurrent ----------------------------------------------------------------------------
def rnn_forward(layer: Any, w: list[Array], x: Array, mask: Array | None, *, states: list[Array] | None = None,
                trace: list[dict[str, Array]] | None = None, zero_output_for_mask: bool | None = None) -> list[Array]:
    """LSTM, GRU and SimpleRNN over (batch, time, features); returns [output, *states]."""
    if layer.type_name == "RNN":  # Keras's generic RNN over cells (lstmcalc/layers/cells.py)
        return cells_forward(layer, w, x, mask, states=states, zero_output_for_mask=zero_output_for_mask)
    kind = layer.type_name
    if kind.startswith("ConvLSTM"):  # inside Bidirectional: the N-D family's forward pass
        from lstmcalc.numeric.layers.convnd import conv_lstm_forward
        return conv_lstm_forward(layer, w, x, mask, states=states, zero_output_for_mask=zero_output_for_mask)
    units = layer.units
    act = activation(layer.__dict__.get("activation", "tanh"))
    rec = activation(layer.__dict__.get("recurrent_activation", "sigmoid"))
    kernel, recurrent = w[0], w[1]
    bias = w[2] if layer.use_bias else None
    batch, steps = x.shape[0], x.shape[1]
    dtype = x.dtype
    h = states[0] if states else np.zeros((batch, units), dtype)
    c = None
    if kind == "LSTM":
        c = states[1] if states and len(states) > 1 else np.zeros((batch, units), dtype)
    order = range(steps - 1, -1, -1) if layer.go_backwards else range(steps)
    zero_out = layer.__dict__.get("zero_output_for_mask", False) if zero_output_for_mask is None else zero_output_for_mask
    outputs = []  # kept only for return_sequences: a long sequence must not cost memory otherwise
    previous_out = np.zeros((batch, units), dtype)
    for t in order:
        xt = x[:, t]
        if kind == "LSTM":
            z = xt @ kernel + h @ recurrent
            if bias is not None:  # no `+ 0` without a bias: lstmcalc cost counts what runs
                z = z + bias
            i, f, cc, o = np.split(z, 4, axis=-1)
            i, f, o = rec(i), rec(f), rec(o)
            g = act(cc)  # once: the trace shows the value the cell used
            c_new = f * c + i * g
            h_new = o * act(c_new)
            gates = {"i": i, "f": f, "c~": g, "o": o, "c": c_new, "h": h_new}
        elif kind == "GRU":
            if layer.reset_after:
                x_part, h_part = xt @ kernel, h @ recurrent
                if bias is not None:
                    x_part, h_part = x_part + bias[0], h_part + bias[1]
                xz, xr, xh = np.split(x_part, 3, axis=-1)
                rz, rr, rh = np.split(h_part, 3, axis=-1)
                zg = rec(xz + rz)
                r = rec(xr + rr)
                hh = act(xh + r * rh)
            else:
                x_part = xt @ kernel if bias is None else xt @ kernel + bias
                xz, xr, xh = np.split(x_part, 3, axis=-1)
                uz, ur, uh = np.split(recurrent, 3, axis=-1)
                zg = rec(xz + h @ uz)
                r = rec(xr + h @ ur)
                hh = act(xh + (r * h) @ uh)
            h_new = zg * h + (1 - zg) * hh
            c_new = None
            gates = {"z": zg, "r": r, "h~": hh, "h": h_new}
        else:
            x_part = xt @ kernel if bias is None else xt @ kernel + bias
            h_new = act(x_part + h @ recurrent)
            c_new = None
            gates = {"h": h_new}
        if mask is not None:
            keep = mask[:, t][:, None]
            h_new = np.where(keep, h_new, h)
            if c_new is not None:
                c_new = np.where(keep, c_new, c)
            out = np.where(keep, h_new, 0 if zero_out else previous_out)
        else:
            out = h_new
        if trace is not None:
            trace.append({"t": t, **{k: v[0] for k, v in gates.items()}})
        h, c = h_new, c_new
        previous_out = out
        if layer.return_sequences:
            outputs.append(out)
    result = np.stack(outputs, axis=1) if layer.return_sequences else previous_out
    extra = [h, c] if kind == "LSTM" else [h]
    return [result, *extra] if layer.return_state else [result]


def cells_forward(layer: Any, w: list[Array], x: Array, mask: Array | None, *, states: list[Array] | None = None,
                  zero_output_for_mask: bool | None = None) -> list[Array]:
    """Keras's RNN over a cell or stacked cells: returns [output, *every cell's states].

    Keras steps all the cells at each timestep and keeps every state where the mask is off;
    running the cells one after another over the whole sequence (the first going backwards
    when asked) gives the same outputs and final states.
    """
    if x.ndim != 3:
        raise NotImplementedError(f"RNN over a rank-{x.ndim} input is not implemented in lstmcalc run")
    if states and len(layer.cells) > 1:
        # recorded: Keras's predict fails (IndexError in LSTMCell.call) when stacked cells get
        # their initial states as one flat list, the only form a spec can write
        raise NotImplementedError("initial_state for an RNN over stacked cells: Keras expects the states nested "
                                  "per cell and fails on a flat list, so lstmcalc run does not compute it")
    seq, seq_mask = x, mask
    if layer.go_backwards:
        seq = x[:, ::-1]
        seq_mask = mask[:, ::-1] if mask is not None else None
    zero_out = layer.__dict__.get("zero_output_for_mask", False) if zero_output_for_mask is None else zero_output_for_mask
    finals: list[Array] = []
    first_weight, first_state = 0, 0
    result = seq
    for k, cell in enumerate(layer.cells):
        last = k == len(layer.cells) - 1
        count = 2 + bool(cell.use_bias)
        n_states = cell.spec.states
        given = states[first_state:first_state + n_states] if states else None
        step = _Step(cell, return_sequences=layer.return_sequences if last else True)
        outs = rnn_forward(step, w[first_weight:first_weight + count], result, seq_mask, states=given,
                           zero_output_for_mask=zero_out if last else False)
        result = outs[0]
        finals += outs[1:]
        first_weight += count
        first_state += n_states
    return [result, *finals] if layer.return_state else [result]


class _Step:
    """A cell run over a whole sequence by rnn_forward: its arguments, forwards, states kept."""

    def __init__(self, cell: Any, return_sequences: bool) -> None:
        self.__dict__.update(cell.__dict__)
        self.type_name = cell.type_name
        self.return_sequences = return_sequences
        self.return_state = True
        self.go_backwards = False


def bidirectional(layer: Any, w: list[Array], x: Array, mask: Array | None, *,
                  states: list[Array] | None = None) -> list[Array]:
    inner = layer.layer
    given_backward = layer.__dict__.get("backward_layer")
    half = 2 + bool(inner.use_bias)  # kernel, recurrent_kernel[, bias] of the forward copy
    n_states = 2 if inner.type_name in ("LSTM", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D") else 1
    if inner.type_name == "RNN":  # Keras's RNN over cells: every cell's weights and states
        half = sum(2 + bool(cell.use_bias) for cell in inner.cells)
        n_states = sum(cell.spec.states for cell in inner.cells)
    fwd_states = states[:n_states] if states else None
    bwd_states = states[n_states:] if states else None
    forward = rnn_forward(inner, w[:half], x, mask, states=fwd_states, zero_output_for_mask=inner.return_sequences)
    # Keras runs a given backward_layer as it is (it must differ in go_backwards), else a copy.
    backward_layer = given_backward if given_backward is not None else _Backward(inner)
    backward = rnn_forward(backward_layer, w[half:], x, mask, states=bwd_states,
                           zero_output_for_mask=inner.return_sequences)
    y, yb = forward[0], backward[0]
    if inner.return_sequences:
        yb = yb[:, ::-1]
    mode = layer.merge_mode
    merged: list[Array]
    if mode == "concat":
        merged = [np.concatenate([y, yb], axis=-1)]
    elif mode == "sum":
        merged = [y + yb]
    elif mode == "ave":
        merged = [(y + yb) / 2]
    elif mode == "mul":
        merged = [y * yb]
    else:
        merged = [y, yb]
    return [*merged, *forward[1:], *backward[1:]]


class _Backward:
    """The backward copy of a wrapped RNN: the same arguments with go_backwards flipped."""

    def __init__(self, inner: Layer) -> None:
        self.__dict__.update(inner.__dict__)
        self.type_name = inner.type_name
        self.go_backwards = not inner.__dict__.get("go_backwards", False)
