"""Forward passes of Attention, AdditiveAttention and MultiHeadAttention (inference mode:
no dropout), with Keras 3.15's arithmetic (keras/src/layers/attention, TensorFlow backend).

`mask` is the list of the inputs' masks (None for an unmasked input), as Keras passes them.
"""

from __future__ import annotations

import math
import string
from typing import Any

import numpy as np

from lstmcalc.numeric.forward import RunError, forwards

Array = Any


def _softmax(x: Array, axes: tuple[int, ...] = (-1,)) -> Array:
    shifted = x - np.max(x, axis=axes, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axes, keepdims=True)


def _masks(mask: Any, count: int) -> list[Array | None]:
    found = list(mask) if isinstance(mask, (list, tuple)) else [mask]
    return (found + [None] * count)[:count]


def _causal(t: int, s: int) -> Array:
    """Keras's causal mask (1, T, S): position i attends to j <= i (top-left aligned)."""
    return (np.arange(t)[:, None] >= np.arange(s)[None, :])[None]


@forwards("Attention", "AdditiveAttention")
def attention(layer: Any, w: list[Array], inputs: list[Array], mask: Any) -> tuple[list[Array], Array | None]:
    q, v = inputs[0], inputs[1]
    k = inputs[2] if len(inputs) > 2 else v
    q_mask, v_mask = _masks(mask, 2)
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        # Keras builds the model (its shapes are only declared) but predict fails in the matmul
        raise RunError(f"{layer.type_name} '{layer.label}' needs query and key of the same size and key and value "
                       f"of the same length; got query {q.shape[1:]}, value {v.shape[1:]}, key {k.shape[1:]} "
                       "(Keras's predict fails here too)")
    weights = list(w)
    scale = weights.pop(0) if layer.use_scale else None
    if layer.type_name == "AdditiveAttention":
        summed = np.tanh(q[..., :, None, :] + k[..., None, :, :])
        scores = weighted_sum(scale, summed) if scale is not None else np.sum(summed, axis=-1)
    elif layer.score_mode == "dot":
        scores = q @ np.swapaxes(k, -2, -1)
        if scale is not None:
            scores = scores * scale
    else:  # concat
        summed = q[..., :, None, :] + k[..., None, :, :]
        if scale is not None:
            summed = scale * summed
        scores = weights[0] * np.sum(np.tanh(summed), axis=-1)
    scores_mask = v_mask
    if layer.use_causal_mask:
        causal = _causal(scores.shape[-2], scores.shape[-1])
        scores_mask = causal if v_mask is None else np.logical_and(v_mask[..., None, :], causal)
    if scores_mask is not None:
        padding = np.logical_not(scores_mask)
        if padding.ndim == 2:
            padding = padding[..., None, :]
        scores = np.where(padding, scores - 1.0e9, scores)
    probs = _softmax(scores)
    out = probs @ v
    if q_mask is not None:
        out = np.where(q_mask[..., None], out, 0)
    outputs = [out, probs] if layer.return_attention_scores else [out]
    return outputs, q_mask


def weighted_sum(weights: Array, values: Array) -> Array:
    """sum(weights * values) over the last axis: a contraction with a weight vector, whose
    multiply-adds are MACs (lstmcalc.engine.macs), not element-wise work."""
    return np.sum(weights * values, axis=-1)


def _project(x: Array, kernel: Array, bias: Array | None, bound: int = 1) -> Array:
    """EinsumDense as MultiHeadAttention builds it: contract the last BOUND axes of x."""
    y = np.tensordot(x, kernel, axes=bound)
    return y if bias is None else y + bias


def _attention_equation(rank: int, attn_axes: tuple[int, ...]) -> tuple[str, str, int]:
    """Keras's _build_attention_equation (multi_head_attention.py)."""
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_dims = tuple(i for i in range(rank) if i not in (*attn_axes, rank - 1))
    offset = rank
    source = ""
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[offset]
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes]
                      + [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


def _mha_mask(layer: Any, query: Array, value: Array, masks: list[Array | None]) -> tuple[Array | None, bool]:
    """MultiHeadAttention's attention mask (B|1, T, S) from the inputs' masks, the causal and
    sliding-window masks; and whether the causal mask is the only source (Keras then uses
    the backend's causal kernel)."""
    q_mask, v_mask, k_mask = masks
    causal = bool(layer.use_causal_mask)
    window = layer.__dict__.get("sliding_window")
    if causal and q_mask is None and v_mask is None and k_mask is None and window is None:
        return None, True
    parts = []
    if q_mask is not None:
        parts.append(q_mask.astype(bool)[..., :, None])
    for m in (v_mask, k_mask):
        if m is not None:
            parts.append(m.astype(bool)[..., None, :])
    if causal:
        parts.append(_causal(query.shape[1], value.shape[1]))
    if window is not None:
        rows, cols = np.arange(query.shape[1])[:, None], np.arange(value.shape[1])[None, :]
        parts.append((np.abs(rows - cols) < window)[None])
    mask = None
    for part in parts:
        mask = part if mask is None else np.logical_and(mask, part)
    return mask, False


def _expanded(mask: Array, rank: int, axes: int) -> Array:
    while mask.ndim < rank:
        mask = np.expand_dims(mask, axis=-axes * 2 - 1)
    return mask


def _attend(layer: Any, q: Array, k: Array, v: Array, mask: Array | None, *, causal_only: bool,
            ) -> tuple[Array, Array | None]:
    """The heads' attention: Keras's fused dot_product_attention path (rank 4, no scores,
    no dropout: masked logits at a large negative, fully masked rows uniform) or its
    explicit path (masked softmax, masked scores zeroed)."""
    rank = q.ndim
    axes = layer.attention_axes
    if axes is None:
        attn_axes = tuple(range(1, rank - 2))
    else:
        attn_axes = tuple(a if a >= 0 else (rank - 1) + a for a in ((axes,) if isinstance(axes, int) else axes))
    scale = 1.0 / math.sqrt(float(layer.key_dim))
    if not (layer.dropout > 0.0 or layer.return_attention_scores or rank != 4):
        logits = np.einsum("ztnh,zsnh->znts", q, k) * scale
        combined = None if mask is None else _expanded(mask, 4, len(attn_axes))
        if causal_only:
            band = _causal(logits.shape[2], logits.shape[3])[None]
            combined = band if combined is None else np.logical_and(combined, band)
        if combined is not None:
            logits = np.where(combined, logits, np.float32(3.38953e38 * -0.7))
        return np.einsum("znts,zsnh->ztnh", _softmax(logits), v), None
    if causal_only:
        mask = _causal(q.shape[1], v.shape[1])
    dot_eq, combine_eq, scores_rank = _attention_equation(rank, attn_axes)
    scores = np.einsum(dot_eq, k, q * np.float32(scale))
    norm = tuple(range(scores_rank - len(attn_axes), scores_rank))
    if mask is not None:
        m = _expanded(mask, scores.ndim, len(attn_axes))
        scores = np.where(m, _softmax(np.where(m, scores, -1e9), norm), 0.0)
    else:
        scores = _softmax(scores, norm)
    return np.einsum(combine_eq, scores, v), scores


@forwards("MultiHeadAttention")
def multi_head_attention(layer: Any, w: list[Array], inputs: list[Array], mask: Any,
                         ) -> tuple[list[Array], Array | None]:
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) > 2 else value
    masks = _masks(mask, 3)
    weights = list(w)

    def take() -> tuple[Array, Array | None]:
        kernel = weights.pop(0)
        return kernel, weights.pop(0) if layer.use_bias else None

    qk, qb = take()
    kk, kb = take()
    gate = take() if layer.use_gate else None
    vk, vb = take()
    ok, ob = take()
    attention_mask, causal_only = _mha_mask(layer, query, value, masks)
    out, scores = _attend(layer, _project(query, qk, qb), _project(key, kk, kb), _project(value, vk, vb),
                          attention_mask, causal_only=causal_only)
    if gate is not None:
        out = out * (1.0 / (1.0 + np.exp(-_project(query, gate[0], gate[1]))))
    out = _project(out, ok, ob, bound=2)
    outputs = [out, scores] if layer.return_attention_scores else [out]
    return outputs, masks[0]
