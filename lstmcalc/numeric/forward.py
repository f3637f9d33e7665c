"""A numpy reference forward pass of a model, with Keras's arithmetic (inference mode).

It walks the same graph the engine built (the constructed layers, their `inputs`), takes
weights in Keras's get_weights() order keyed "<layer>/<i>", or draws them from Keras's
initializers, and returns every layer's outputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.base import Layer
from lstmcalc.layers.conv import as_tuple
from lstmcalc.numeric.ops import activation, bidirectional, rnn_forward
from lstmcalc.safety.text import visible

Array = Any
Forward = TypeVar("Forward", bound=Callable[..., Any])

#: Forward functions of layer families kept in their own modules (lstmcalc/numeric/layers/),
#: by Keras class name: fn(layer, weights, inputs, mask) -> (outputs, output mask).
FORWARDS: dict[str, Any] = {}


def forwards(*kinds: str) -> Callable[[Forward], Forward]:
    """Register a forward function for KINDS (used by lstmcalc/numeric/layers/*)."""
    def register(fn: Forward) -> Forward:
        for kind in kinds:
            FORWARDS[kind] = fn
        return fn
    return register


class RunError(Exception):
    """A weight or input that does not fit the model; the message says what was expected.
    CODE, when given, is the diagnostic code printed with it (LC042, LC043)."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def _name(name: object) -> str:
    return visible(name, 60)


# --- initial weights ------------------------------------------------------------------------
def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    if len(shape) < 2:
        return shape[0] if shape else 1, shape[0] if shape else 1
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def _initial(kind: str, shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    if kind in ("zeros", "zero") or math.prod(shape) == 0:
        return np.zeros(shape, np.float32)
    if kind in ("ones", "one"):
        return np.ones(shape, np.float32)
    fan_in, fan_out = (max(f, 1) for f in _fans(shape))
    if kind == "orthogonal":
        rows, cols = math.prod(shape[:-1]), shape[-1]
        a = rng.normal(size=(max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q *= np.sign(np.diag(r))
        q = q if rows >= cols else q.T
        return q[:rows, :cols].reshape(shape).astype(np.float32)
    if kind == "uniform":
        return rng.uniform(-0.05, 0.05, shape).astype(np.float32)
    if kind.startswith("he"):
        limit = math.sqrt(6 / fan_in)
        return rng.uniform(-limit, limit, shape).astype(np.float32)
    limit = math.sqrt(6 / (fan_in + fan_out))  # glorot_uniform and anything else
    return rng.uniform(-limit, limit, shape).astype(np.float32)


def initializer_for(layer: Layer, weight: str) -> str:
    """The snake_case Keras initializer that draws WEIGHT of LAYER when no weights are given."""
    own = layer.weight_initializer(weight)
    if own is not None:
        return own
    name = weight.removeprefix("forward_").removeprefix("backward_").rsplit("/", 1)[-1]
    owner = layer.__dict__.get("layer", layer) if weight != name or layer.type_name == "TimeDistributed" else layer
    table = {"kernel": "kernel_initializer", "recurrent_kernel": "recurrent_initializer", "bias": "bias_initializer",
             "embeddings": "embeddings_initializer", "gamma": "gamma_initializer", "beta": "beta_initializer",
             "moving_mean": "moving_mean_initializer", "moving_variance": "moving_variance_initializer",
             "depthwise_kernel": "depthwise_initializer", "pointwise_kernel": "pointwise_initializer"}
    key = table.get(name)
    if name == "kernel" and owner.type_name.startswith("DepthwiseConv"):
        key = "depthwise_initializer"
    value = owner.__dict__.get(key, None) if key else None
    if isinstance(value, dict):
        value = value.get("class_name", "")
    if not isinstance(value, str):
        value = {"kernel": "glorot_uniform", "recurrent_kernel": "orthogonal", "embeddings": "uniform",
                 "depthwise_kernel": "glorot_uniform", "pointwise_kernel": "glorot_uniform",
                 "gamma": "ones", "moving_variance": "ones"}.get(name, "zeros")
    return "".join("_" + ch.lower() if ch.isupper() and i else ch.lower() for i, ch in enumerate(value))


def initial_weights(result: LayerResult, rng: np.random.Generator) -> list[Array]:
    layer = result.layer
    assert layer is not None
    arrays = []
    for w in result.weights:
        values = _initial(initializer_for(layer, w.name), w.shape, rng)
        inner = layer.__dict__.get("layer", layer)
        if (w.name.endswith("bias") and inner.type_name in ("LSTM", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
                and inner.__dict__.get("unit_forget_bias", True)):
            units = inner.units
            values[units:2 * units] = 1.0  # Keras's unit_forget_bias
        arrays.append(values)
    return arrays


def check_weights(result: LayerResult, arrays: list[Array]) -> None:
    expected = [w.shape for w in result.weights]
    got = [tuple(a.shape) for a in arrays]
    if got != expected:
        raise RunError(f"layer {_name(repr(result.name))} expects weights of shapes {expected} (Keras's "
                       f"get_weights() order), got {got}")


# --- the forward pass ----------------------------------------------------------------------------
def _lora(layer: Any, w: list[Array]) -> Array:
    """The kernel (or table) Keras 3 uses with LoRA, built on every call as its `kernel`
    property does: w[0] + (lora_alpha / lora_rank) * lora_a @ lora_b."""
    if not layer.__dict__.get("lora_rank"):
        return w[0]
    scale = (layer.__dict__.get("lora_alpha") or layer.lora_rank) / layer.lora_rank
    return w[0] + scale * (w[-2] @ w[-1])


def _dense(layer: Any, w: list[Array], x: Array) -> Array:
    y = x @ _lora(layer, w)
    if layer.use_bias:
        y = y + w[1]
    return activation(layer.__dict__.get("activation"))(y)


def _conv(layer: Any, w: list[Array], x: Array) -> Array:
    k, stride, dil = as_tuple(layer.kernel_size)[0], as_tuple(layer.strides)[0], as_tuple(layer.dilation_rate)[0]
    steps = x.shape[1]
    padding = layer.padding.lower()
    span = dil * (k - 1) + 1
    if padding == "causal":
        x = np.pad(x, ((0, 0), (span - 1, 0), (0, 0)))
    elif padding == "same":
        out = -(-steps // stride)
        total = max((out - 1) * stride + span - steps, 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2), (0, 0)))
    out_steps = (x.shape[1] - span) // stride + 1
    y = conv1d_products(x, w[0], groups=layer.groups, stride=stride, dil=dil, out_steps=out_steps)
    if layer.use_bias:
        y = y + w[1]
    return activation(layer.__dict__.get("activation"))(y)


def conv1d_products(x: Array, kernel: Array, *, groups: int, stride: int, dil: int, out_steps: int) -> Array:
    """The convolution's multiply-accumulates alone (its MACs; bias and activation come after)."""
    k, per_in, filters = kernel.shape
    per_out = filters // groups
    y = np.zeros((x.shape[0], out_steps, filters), x.dtype)
    for g in range(groups):
        xs = x[..., g * per_in:(g + 1) * per_in]
        kg = kernel[..., g * per_out:(g + 1) * per_out]
        for j in range(k):
            window = xs[:, j * dil: j * dil + stride * (out_steps - 1) + 1: stride]
            y[..., g * per_out:(g + 1) * per_out] += window @ kg[j]
    return y


def _pool(layer: Any, x: Array) -> Array:
    pool = as_tuple(layer.pool_size)[0]
    stride = as_tuple(layer.strides)[0] if layer.strides is not None else pool
    steps = x.shape[1]
    is_max = layer.type_name == "MaxPooling1D"
    if str(layer.padding).lower() == "same":
        out = -(-steps // stride)
        total = max((out - 1) * stride + pool - steps, 0)
        left = total // 2
    else:
        out = (steps - pool) // stride + 1
        left = 0
    rows = []
    for i in range(out):
        start = i * stride - left
        lo, hi = max(start, 0), min(start + pool, steps)
        window = x[:, lo:hi]
        rows.append(window.max(axis=1) if is_max else window.mean(axis=1))
    return np.stack(rows, axis=1)


def _norm(layer: Any, w: list[Array], x: Array) -> Array:
    eps = layer.__dict__.get("epsilon", 1e-3)
    if layer.type_name == "BatchNormalization":
        axis = layer.axis % x.ndim
        shape = [1] * x.ndim
        shape[axis] = x.shape[axis]
        names = [wt for wt in ("gamma", "beta") if layer.__dict__.get({"gamma": "scale", "beta": "center"}[wt])]
        # renorm's extra statistics come last; inference uses the moving ones, as Keras does.
        params = dict(zip([*names, "moving_mean", "moving_variance"], w, strict=False))
        y = (x - params["moving_mean"].reshape(shape)) / np.sqrt(params["moving_variance"].reshape(shape) + eps)
        if "gamma" in params:
            y = y * params["gamma"].reshape(shape)
        if "beta" in params:
            y = y + params["beta"].reshape(shape)
        return y.astype(x.dtype)
    axes = layer.axis if isinstance(layer.axis, list) else [layer.axis]
    axes = sorted({a % x.ndim for a in axes})
    shape = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    var = x.var(axis=tuple(axes), keepdims=True)
    if layer.__dict__.get("rms_scaling"):
        # Keras's rms_scaling: no centring, inputs * rsqrt(variance + epsilon) * gamma.
        y = x / np.sqrt(var + eps)
        return (y * w[0].reshape(shape) if w else y).astype(x.dtype)
    mean = x.mean(axis=tuple(axes), keepdims=True)
    y = (x - mean) / np.sqrt(var + eps)
    i = 0
    if layer.scale:
        y = y * w[i].reshape(shape)
        i += 1
    if layer.center:
        y = y + w[i].reshape(shape)
    return y.astype(x.dtype)


def _reshape(layer: Any, x: Array) -> Array:
    target = list(layer.target_shape)
    return x.reshape((x.shape[0], *target))


def _ids(layer: Any, x: Array) -> Array:
    """Embedding ids as int64, refused unless every one is a whole number in [0, input_dim)."""
    dim = layer.input_dim
    what = f"layer {_name(repr(layer.name))} (Embedding, input_dim={dim}) takes whole-number ids from 0 to {dim - 1}"
    if x.size == 0:
        return x.astype(np.int64)
    finite = np.isfinite(x)
    if not finite.all():
        bad = x[~finite].flat[0]
        raise RunError(f"{what}, got {bad} (at index {_first(~finite)}); replace NaN and infinite values in "
                       "the input with valid ids", "LC043")
    fraction = x != np.floor(x)
    if fraction.any():
        raise RunError(f"{what}, got {x[fraction].flat[0]:g} (at index {_first(fraction)}); the input holds "
                       "token ids, not features: round them, or feed features to a layer without an Embedding", "LC043")
    outside = (x < 0) | (x >= dim)
    if outside.any():
        raise RunError(f"{what}, got {x[outside].flat[0]:.0f} (at index {_first(outside)}; ids range from "
                       f"{x.min():.0f} to {x.max():.0f}); fix the ids, or raise input_dim to cover them", "LC043")
    return x.astype(np.int64)


def _first(flags: Array) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(flags)), flags.shape))


def _embedding(layer: Any, w: list[Array], x: Array) -> tuple[Array, Array | None]:
    ids = _ids(layer, x)
    y = _lora(layer, w)[ids]
    return y, (ids != 0 if layer.mask_zero else None)


def _channels_first(layer: Any) -> bool:
    data_format: object = layer.__dict__.get("data_format")
    return data_format == "channels_first"


def _global_pool(layer: Any, x: Array, mask: Array | None) -> Array:
    axis = 2 if _channels_first(layer) else 1
    keep = layer.keepdims
    if layer.type_name == "GlobalMaxPooling1D":
        return x.max(axis=axis, keepdims=keep)
    if mask is not None:
        m = (mask[:, None, :] if axis == 2 else mask[..., None]).astype(x.dtype)
        return (x * m).sum(axis=axis, keepdims=keep) / m.sum(axis=axis, keepdims=keep)
    return x.mean(axis=axis, keepdims=keep)


def apply(layer: Any, w: list[Array], inputs: list[Array], mask: Array | None, *,
          states: list[Array] | None = None, trace: list[dict[str, Array]] | None = None) -> tuple[list[Array], Array | None]:
    """One layer on numpy inputs: (outputs, output mask), Keras inference semantics."""
    kind = layer.type_name
    x = inputs[0]
    if kind in ("LSTM", "GRU", "SimpleRNN", "RNN"):  # RNN: Keras's RNN over cells (ops.cells_forward)
        outs = rnn_forward(layer, w, x, mask, states=states, trace=trace)
        return outs, (mask if layer.return_sequences else None)
    if kind == "Bidirectional":
        outs = bidirectional(layer, w, x, mask, states=states)
        return outs, (mask if layer.layer.return_sequences else None)
    if kind == "TimeDistributed":
        inner = layer.layer
        batch, steps = x.shape[0], x.shape[1]
        flat = x.reshape((batch * steps, *x.shape[2:]))
        inner_mask = None
        (y, *_), _ = apply(inner, w, [flat], inner_mask)
        return [y.reshape((batch, steps, *y.shape[1:]))], mask
    if kind == "Dense":
        return [_dense(layer, w, x)], mask
    if kind == "Embedding":
        y, out_mask = _embedding(layer, w, x)
        return [y], out_mask
    if kind in ("Conv1D", "MaxPooling1D", "AveragePooling1D"):
        first = _channels_first(layer)
        x = x.swapaxes(1, 2) if first else x
        y = _conv(layer, w, x) if kind == "Conv1D" else _pool(layer, x)
        return [y.swapaxes(1, 2) if first else y], None
    if kind in ("GlobalAveragePooling1D", "GlobalMaxPooling1D"):
        return [_global_pool(layer, x, mask)], None
    if kind in ("BatchNormalization", "LayerNormalization"):
        return [_norm(layer, w, x)], mask
    if kind in ("Dropout", "SpatialDropout1D"):
        return [x], mask
    if kind == "Activation":
        return [activation(layer.activation)(x)], mask
    if kind in ACTIVATION_LAYERS:
        return [ACTIVATION_LAYERS[kind](layer, w, x, mask)], mask
    if kind in ("GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity"):
        return [x], mask  # noise is added only while training; predict gets the input back
    if kind == "Permute":
        return [np.transpose(x, (0, *layer.dims))], None
    if kind == "Masking":
        keep = np.any(x != layer.mask_value, axis=-1)
        return [np.where(keep[..., None], x, 0).astype(x.dtype)], keep
    if kind == "Flatten":
        if _channels_first(layer) and x.ndim > 2:
            x = np.moveaxis(x, 1, -1)  # Keras switches to channels-last before flattening
        return [x.reshape((x.shape[0], -1))], None
    if kind == "RepeatVector":
        return [np.repeat(x[:, None, :], layer.n, axis=1)], None
    if kind == "Reshape":
        return [_reshape(layer, x)], None
    if kind == "Concatenate":
        return [np.concatenate(inputs, axis=layer.axis)], None
    if kind in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"):
        y = inputs[0]
        for other in inputs[1:]:
            y = {"Add": np.add, "Subtract": np.subtract, "Multiply": np.multiply, "Average": np.add,
                 "Maximum": np.maximum, "Minimum": np.minimum}[kind](y, other)
        if kind == "Average":
            y = y / len(inputs)
        return [y], None
    if kind in FORWARDS:
        outputs, out_mask = FORWARDS[kind](layer, w, inputs, mask)
        return outputs, out_mask
    raise NotImplementedError(f"{kind} is not implemented in lstmcalc run")


def _relu_layer(layer: Any, w: list[Array], x: Array, mask: Array | None) -> Array:
    """Keras's ReLU.static_call: x above the threshold, clipped to max_value, minus the leak."""
    threshold, slope, ceiling = float(layer.threshold), float(layer.negative_slope), layer.max_value
    y = np.where(x > threshold, x, 0).astype(x.dtype) if threshold else np.maximum(x, 0)
    if ceiling is not None:
        y = np.clip(y, 0, ceiling)
    if slope:
        y = y - x.dtype.type(slope) * np.maximum(threshold - x, 0)
    return y.astype(x.dtype)


def _softmax_layer(layer: Any, w: list[Array], x: Array, mask: Array | None) -> Array:
    """Keras's Softmax layer: masked positions get -1e9 before and 0 after (mask broadcast
    from the last axis, as Keras's numpy.where does)."""
    axes = tuple(layer.axis) if isinstance(layer.axis, list) else (layer.axis,)
    if mask is not None:
        fits = mask.ndim <= x.ndim and all(m in (1, i) for m, i in zip(mask.shape[::-1], x.shape[::-1], strict=False))
        if not fits:  # Keras's Softmax.call check, which model.predict runs (building the model does not)
            raise RunError(
                f"layer {_name(layer.name)} (Softmax) cannot apply its mask (Keras: The `mask` must be broadcastable "
                "to `inputs`. Each mask dimension must be 1 or match the corresponding input dimension. Received: "
                f"inputs.shape={x.shape}, mask.shape={mask.shape}); drop the mask before the Softmax or give it "
                "an input whose trailing axes match the mask")
        x = np.where(mask, x, x.dtype.type(-1e9))
    e = np.exp(x - np.max(x, axis=axes, keepdims=True))
    y = (e / np.sum(e, axis=axes, keepdims=True)).astype(x.dtype)
    return np.where(mask, y, 0).astype(x.dtype) if mask is not None else y


ACTIVATION_LAYERS: dict[str, Any] = {
    "ReLU": _relu_layer,
    "LeakyReLU": lambda layer, w, x, m: np.where(x >= 0, x, x * x.dtype.type(layer.slope)).astype(x.dtype),
    "PReLU": lambda layer, w, x, m: (np.maximum(x, 0) - w[0] * np.maximum(-x, 0)).astype(x.dtype),
    "ELU": lambda layer, w, x, m: np.where(x > 0, x, x.dtype.type(layer.alpha) * np.expm1(np.minimum(x, 0))
                                           ).astype(x.dtype),
    "Softmax": _softmax_layer,
}


def _take(produced: dict[str, list[Array]], refs: Any) -> list[Array]:
    return [t for ref in refs for t in (produced[ref.name] if ref.output is None else [produced[ref.name][ref.output]])]


def run(summary: Summary, weights: dict[str, list[Array]], inputs: list[Array],
        trace_layer: str | None = None, expected: dict[str, list[tuple[int, ...]]] | None = None,
        ) -> tuple[dict[str, list[Array]], list[dict[str, Array]]]:
    """Every layer's outputs for `inputs` (one array per Input, in spec order).

    EXPECTED, the planned shape of every output (numeric.plan), is checked after each
    layer, so a shape this arithmetic gets wrong is reported, never passed on silently.
    """
    rows = {r.name: r for r in summary.layers}
    produced: dict[str, list[Array]] = {}
    masks: dict[str, Array | None] = {}
    trace: list[dict[str, Array]] = []
    feed = iter(inputs)
    last: list[Array] = []
    last_mask: Array | None = None
    if not summary.functional:
        last = [next(feed)]
    for built in summary.constructed:
        name = built.name
        if built.spec.type == "Input":
            produced[name] = last = [next(feed)]
            masks[name] = last_mask = None
            continue
        row = rows.get(name)
        if row is None or built.layer is None:
            raise RunError(f"layer {_name(repr(name))} has no shape; fix the spec's errors first")
        refs = built.spec.inputs
        if refs is None:
            sources, mask = last, last_mask
        else:
            sources = _take(produced, refs)
            mask = masks.get(refs[0].name)
            if getattr(built.layer, "masks_per_input", False):  # the attention layers: every input's
                mask = [masks.get(r.name) for r in refs]
                _check_cleared_masks(summary, built.layer, name, refs, mask)
        states = _take(produced, built.spec.initial_state) or None
        outs, out_mask = apply(built.layer, weights[name], sources, mask, states=states,
                               trace=trace if name == trace_layer else None)
        produced[name] = last = [np.asarray(o, dtype=np.float32) for o in outs]
        if out_mask is not None and tuple(out_mask.shape) != tuple(last[0].shape[:-1]):
            raise NotImplementedError(f"the mask layer {_name(repr(name))} passes on (shape "
                                      f"{tuple(out_mask.shape)}) for outputs {tuple(last[0].shape)}")
        planned = expected.get(name) if expected is not None else None
        if planned is not None and [tuple(o.shape) for o in last] != planned:
            raise RunError(f"layer {_name(repr(name))} computed outputs of shape "
                           f"{', '.join(str(tuple(o.shape)) for o in last)} where Keras gives "
                           f"{', '.join(str(p) for p in planned)}; lstmcalc run does not support this "
                           "configuration (please report it)")
        masks[name] = last_mask = out_mask
    return produced, trace


def _check_cleared_masks(summary: Summary, layer: Layer, name: str, refs: Any, masks: list[Any]) -> None:
    """Keras's MultiHeadAttention.call removes the masks of its input tensors: in predict,
    another layer reading the same masked tensor sees a mask or none depending on Keras's
    execution order, which lstmcalc does not reproduce."""
    if layer.type_name != "MultiHeadAttention":
        return
    built = list(summary.constructed)
    for ref, mask in zip(refs, masks, strict=True):
        others = [b.name for i, b in enumerate(built) if b.name != name and (
            any(r.name == ref.name for r in b.spec.inputs) if b.spec.inputs is not None
            else i > 0 and built[i - 1].name == ref.name)]
        if mask is not None and others:
            raise RunError(f"layer {_name(repr(name))} reads the masked output of {_name(repr(ref.name))}, which "
                           "other layers read too: Keras's MultiHeadAttention clears that tensor's mask when it "
                           "runs, so what the others compute depends on Keras's execution order; lstmcalc run does "
                           "not reproduce that")


def prepare_weights(summary: Summary, given: dict[str, Array] | None, seed: int) -> dict[str, list[Array]]:
    rng = np.random.default_rng(seed)
    out: dict[str, list[Array]] = {}
    for row in summary.layers:
        if row.is_input or row.layer is None:
            continue
        if given is None:
            out[row.name] = initial_weights(row, rng)
            continue
        arrays = []
        for i in range(len(row.weights)):
            key = f"{row.name}/{i}"
            if key not in given:
                raise RunError(f"the weights file has no {_name(repr(key))}: layer {_name(repr(row.name))} "
                               f"expects {[x.shape for x in row.weights]} ({', '.join(x.name for x in row.weights)})")
            arrays.append(np.asarray(given[key], dtype=np.float32))
        check_weights(row, arrays)
        out[row.name] = arrays
    return out


# The layer families in their own modules register into FORWARDS when imported.
import lstmcalc.numeric.layers  # noqa: E402,F401
