"""Plain-words explanations of every layer, with the real numbers.

Everything here is derived from the engine's results: the weight shapes come from the same
`weights()` declarations that give the parameter counts, so the formula shown always adds
up to the count in the summary (the tests evaluate every formula and compare).

Multiply-accumulate convention: only the multiplications of matrix products (and
convolutions) are counted, one MAC per multiply-add; biases, activations, gates'
element-wise products, normalisation and pooling arithmetic are not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.base import INT64_MAX, Layer, Shape, Weight
from lstmcalc.safety.text import excerpt, quoted

MAC_CONVENTION = ("MACs count the multiply-adds of matrix products and convolutions only; biases, "
                  "activations, element-wise gate products and normalisation are not counted.")


class WeightLine(NamedTuple):
    name: str
    shape: tuple[int, ...]
    size: int
    trainable: bool
    label: str


class LayerExplanation(NamedTuple):
    name: str
    type: str
    input_text: str
    output_text: str
    why: str
    weights: tuple[WeightLine, ...]
    formula: str  # the parameter count with the numbers substituted, "" when there are none
    params: int
    trainable_params: int
    non_trainable_params: int
    notes: tuple[str, ...]
    macs_per_step: int | None  # per timestep of the sequence, where there is one
    macs_total: int | None  # per sample (whole sequence)
    #: every input of a layer called on several tensors (merge layers), one text each
    #: ("rnn: (None, 16): batch × 16 features"); () when input_text says it all
    inputs: tuple[str, ...] = ()
    #: forward FLOPs per sample as a formula with the numbers (teach/cost_text.py); "" if not asked
    flops: str = ""


def n(x: int) -> str:
    return f"{x:,}"


def fmt(shape: Shape | tuple[int, ...] | None) -> str:
    """Python tuple notation, as in Keras's messages: (None, 50, 10), (512,)."""
    if shape is None:
        return "?"
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _count(d: int | None, word: str) -> str:
    return f"any number of {word}" if d is None else f"{d} {word}"


# --- numbers and the words that count them ---------------------------------------------
# The explainers write "{units} units", "{vocab} ids"; one pass over the finished text puts
# in thousands separators and makes the noun agree with 1, so every explainer (including
# those of later layer families) reads "1 unit" and "10,000 ids" without repeating the rule.
# Shapes keep Python's tuple notation, as Keras's own messages print them, and quoted
# input values ('abc 12345') are left as written.

_SKIP = r"\((?:None|\d+)(?:(?:, (?:None|\d+))+|,)\)|'[^']*'"
_INTEGER = re.compile(rf"({_SKIP})|(?<![\w.,])(\d{{4,}})(?![\w.]|,\d)")
_PLURALS = {"units": "unit", "features": "feature", "inputs": "input", "outputs": "output", "ids": "id",
            "timesteps": "timestep", "steps": "step", "filters": "filter", "channels": "channel",
            "heads": "head", "blocks": "block", "groups": "group", "values": "value", "times": "time",
            "axes": "axis", "rows": "row", "columns": "column", "positions": "position", "dims": "dim"}
_ONE = re.compile(rf"({_SKIP})|(?<![\w.,])1 ((?:(?:token|input|output|state) )?)({'|'.join(_PLURALS)})\b")


def readable(text: str) -> str:
    """TEXT with thousands separators in its counts and nouns that agree with 1."""
    if not any(c.isdigit() for c in text):
        return text
    text = _INTEGER.sub(lambda m: m.group(1) or f"{int(m.group(2)):,}", text)
    return _ONE.sub(lambda m: m.group(1) or f"1 {m.group(2)}{_PLURALS[m.group(3)]}", text)


def describe(shape: Shape | None, ids: bool = False, time_major: bool = False) -> str:
    """(None, 50, 10) -> '(None, 50, 10): batch × 50 timesteps × 10 features'; TIME_MAJOR
    (tf.keras 2's RNN argument): (50, None, 10) -> '50 timesteps × batch × 10 features'."""
    if shape is None:
        return "?"
    if not shape:  # Keras allows Input(batch_shape=()): one value, not even a batch axis
        return "(): a single value, with no batch axis"
    if time_major and len(shape) == 3:
        batch = "" if shape[1] is None else f" (batch fixed at {shape[1]})"
        return f"{fmt(shape)}: {_count(shape[0], 'timesteps')} × batch × {_count(shape[2], 'features')}{batch}"
    rest = shape[1:]
    if ids:
        words = {1: ["token ids"], 2: ["timesteps", "token ids"]}.get(len(rest))
    else:
        words = {0: [], 1: ["features"], 2: ["timesteps", "features"],
                 3: ["outer steps", "timesteps", "features"]}.get(len(rest))
    if words is None:
        words = [f"axis {i + 1}" for i in range(len(rest))]
    parts = ["batch"] + [_count(d, w) for d, w in zip(rest, words, strict=True)]
    batch = "" if shape[0] is None else f" (batch fixed at {shape[0]})"
    return f"{fmt(shape)}: {' × '.join(parts)}{batch}"


# --- per-type explanations ------------------------------------------------------------

class Parts(NamedTuple):
    why: str
    formula: str
    labels: dict[str, str]
    notes: tuple[str, ...]
    macs_step: int | None
    macs_total: int | None


Explainer = Callable[[Layer, LayerResult], Parts]
EXPLAINERS: dict[str, Explainer] = {}


def explains(*types: str) -> Callable[[Explainer], Explainer]:
    def register(fn: Explainer) -> Explainer:
        for t in types:
            EXPLAINERS[t] = fn
        return fn
    return register


def _value(value: object) -> str:
    """An argument value from the input, as a short excerpt (names print bare)."""
    return excerpt(value) if isinstance(value, str) else quoted(value)


def _bounded_prod(dims: Iterable[int]) -> int | None:
    """The product of DIMS, or None once it passes int64 (too many to count usefully)."""
    total = 1
    for d in dims:
        total *= d
        if total > INT64_MAX:
            return None
    return total


def _shape_of(weights: tuple[Weight, ...], name: str) -> tuple[int, ...] | None:
    for w in weights:
        if w.name == name or w.name.endswith("/" + name):
            return w.shape
    return None


_GATES = {"LSTM": ("i", "f", "c", "o"), "GRU": ("z", "r", "h"), "SimpleRNN": ("h",)}
_GATE_WORDS = {"LSTM": "input, forget, cell candidate and output gates",
               "GRU": "update, reset and candidate gates", "SimpleRNN": "the single recurrence"}
#: tf.keras 2's cuDNN layers: the gates of the layer they mirror, and a bias twice as long
_CUDNN = {"CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU"}


def _rnn_parts(layer: Layer, result: LayerResult, weights: tuple[Weight, ...], prefix: str = "") -> Parts:
    cudnn = layer.type_name in _CUDNN
    kind = _CUDNN.get(layer.type_name, layer.type_name)
    units = int(layer.__dict__["units"])
    gates = len(_GATES[kind])
    shape = result.input_shape or ()
    major = bool(layer.__dict__.get("time_major"))  # tf.keras 2: (timesteps, batch, features)
    steps = shape[0] if major and shape else shape[1] if len(shape) > 1 else None
    kernel = _shape_of(weights, prefix + "kernel") or (0, gates * units)
    features = kernel[0]
    gate_str = " | ".join(_GATES[kind])
    labels = {
        prefix + "kernel": f"input weights [{gate_str}] × {units} units: {features} features → {gates}×{units}",
        prefix + "recurrent_kernel": f"recurrent weights [{gate_str}] × {units} units: h(t-1) → {gates}×{units}",
    }
    bias = _shape_of(weights, prefix + "bias")
    use_bias = bias is not None
    two_rows = bias is not None and (len(bias) == 2 or cudnn)
    if cudnn:
        labels[prefix + "bias"] = f"cuDNN's input bias then recurrent bias, each [{gate_str}] × {units}"
    elif two_rows:
        labels[prefix + "bias"] = f"row 0: input bias, row 1: recurrent bias (reset_after=True), [{gate_str}] × {units}"
    elif use_bias:
        labels[prefix + "bias"] = f"bias [{gate_str}] × {units}"
    inner = f"{units} × ({features} + {units})"
    if use_bias:
        inner += f" + {units}"
        if two_rows:
            inner += f" + {units}"
    formula = f"{gates} × ({inner})" if gates > 1 else inner
    macs_step = gates * units * (features + units)
    seq = bool(layer.__dict__.get("return_sequences"))
    out = result.output_shape
    if seq:
        why = (f"return_sequences=True → one {units}-vector per timestep → {fmt(out)}")
    else:
        why = (f"return_sequences=False → only the last timestep's {units}-vector "
               f"(the final hidden state h) → {fmt(out)}")
    if layer.__dict__.get("return_state"):
        why += f"; return_state=True adds the final state{'s h and c' if kind == 'LSTM' else ' h'}"
    if layer.__dict__.get("go_backwards"):
        why += "; go_backwards=True reads the sequence from the end"
    notes = [f"{kind}: {gates} block{'s' if gates > 1 else ''} ({_GATE_WORDS[kind]}), each {units} wide, "
             f"each seeing the {features} input features and the {units}-unit previous state"]
    if cudnn:
        notes.append(f"{layer.type_name} (tf.keras 2, GPU only) keeps cuDNN's two bias vectors, input and recurrent: "
                     f"{gates} × {units} more parameters than keras.layers.{kind}")
    if kind == "LSTM" and layer.__dict__.get("unit_forget_bias") and use_bias:
        notes.append("unit_forget_bias=True starts the forget-gate bias at 1 (an initial value; the count is the same)")
    return Parts(why, formula, labels, tuple(notes), macs_step,
                 None if steps is None else macs_step * steps)


@explains("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU")
def _rnn(layer: Layer, result: LayerResult) -> Parts:
    return _rnn_parts(layer, result, result.weights)


@explains("Bidirectional")
def _bidirectional(layer: Layer, result: LayerResult) -> Parts:
    inner: Layer = layer.__dict__["layer"]
    half = tuple(w for w in result.weights if w.name.startswith("forward_"))
    parts = _rnn_parts(inner, result._replace(weights=half), half, "forward_")
    merge = layer.__dict__.get("merge_mode")
    labels = dict(parts.labels)
    for key, text in list(labels.items()):
        labels["backward_" + key.removeprefix("forward_")] = text + " (backward copy)"
    merge_text = {"concat": "concatenated, doubling the last axis", "sum": "added", "mul": "multiplied",
                  "ave": "averaged", None: "returned as two separate outputs"}[merge]
    why = (f"a forward and a backward {inner.type_name} each give {fmt(inner.output_shape(result.input_shape or ()))}; "
           f"merge_mode={merge!r}: {merge_text} → {fmt(result.output_shape)}")
    return Parts(why, f"2 × ({parts.formula})", labels,
                 ("two independent copies of the layer, one reading the sequence forwards and one backwards",
                  *parts.notes),
                 None if parts.macs_step is None else 2 * parts.macs_step,
                 None if parts.macs_total is None else 2 * parts.macs_total)


@explains("TimeDistributed")
def _time_distributed(layer: Layer, result: LayerResult) -> Parts:
    inner: Layer = layer.__dict__["layer"]
    shape = result.input_shape or ()
    major = bool(layer.__dict__.get("time_major"))  # tf.keras 2: (timesteps, batch, features)
    steps = shape[0] if major and shape else shape[1] if len(shape) > 1 else None
    child = (shape[0], *shape[2:])
    inner_result = result._replace(input_shape=child, output_shape=inner.output_shape(child), type=inner.keras_class)
    explainer = EXPLAINERS.get(inner.type_name, _generic)
    parts = explainer(inner, inner_result)
    why = (f"the same {inner.type_name} runs on each of the {_count(steps, 'timesteps')}, seeing {fmt(child)} "
           f"and giving {fmt(inner_result.output_shape)} each; the timestep axis is put back → {fmt(result.output_shape)}")
    macs_each = parts.macs_total
    return Parts(why, parts.formula, parts.labels,
                 (f"weights are shared across timesteps: {inner.type_name}'s parameters are counted once",
                  *parts.notes),
                 macs_each, None if macs_each is None or steps is None else macs_each * steps)


@explains("Dense")
def _dense(layer: Layer, result: LayerResult) -> Parts:
    units = int(layer.__dict__["units"])
    kernel = _shape_of(result.weights, "kernel") or (0, units)
    features = kernel[0]
    bias = _shape_of(result.weights, "bias") is not None
    formula = f"{features} × {units}" + (f" + {units}" if bias else "")
    lora = layer.__dict__.get("lora_rank")
    labels = {"kernel": f"{features} inputs → {units} outputs", "bias": f"one per output unit ({units})"}
    if lora:
        formula += f" + {features} × {lora} + {lora} × {units}"
        labels.update({"kernel": labels["kernel"] + " (frozen by LoRA)",
                       "lora_kernel_a": f"LoRA down-projection, rank {lora}",
                       "lora_kernel_b": f"LoRA up-projection, rank {lora}"})
    shape = result.input_shape or ()
    positions = _bounded_prod(d or 1 for d in shape[1:-1])
    why = (f"acts on the last axis only: {features} features → {units} units"
           + (f", separately at each of the other positions → {fmt(result.output_shape)}" if len(shape) > 2
              else f" → {fmt(result.output_shape)}"))
    unknown = positions is None or any(d is None for d in shape[1:-1])
    macs = features * units
    return Parts(why, formula, labels, (), macs if len(shape) > 2 else None,
                 None if unknown or positions is None else macs * positions)


@explains("Embedding")
def _embedding(layer: Layer, result: LayerResult) -> Parts:
    vocab, dim = int(layer.__dict__["input_dim"]), int(layer.__dict__["output_dim"])
    why = f"each integer id is replaced by its row of the table: a {dim}-vector → {fmt(result.output_shape)}"
    notes = ["a lookup, not a matrix product: 0 MACs"]
    if layer.__dict__.get("mask_zero"):
        notes.append("mask_zero=True: id 0 is padding; layers that support masking skip those steps")
    return Parts(why, f"{vocab} × {dim}", {"embeddings": f"one {dim}-vector per id, {vocab} ids"},
                 tuple(notes), None, 0)


@explains("Conv1D")
def _conv(layer: Layer, result: LayerResult) -> Parts:
    kernel = _shape_of(result.weights, "kernel") or (1, 1, 1)
    k, per_group, filters = kernel
    groups = int(layer.__dict__.get("groups", 1))
    bias = _shape_of(result.weights, "bias") is not None
    formula = f"{k} × {per_group} × {filters}" + (f" + {filters}" if bias else "")
    padding = layer.__dict__.get("padding", "valid")
    out = result.output_shape or ()
    steps_out = out[1] if len(out) > 2 else None
    why = (f"{filters} filters of width {k} slide over the steps (padding={padding!r}) → {fmt(out)}")
    labels = {"kernel": f"width {k} × {per_group} input channels{' per group' if groups > 1 else ''} × {filters} filters",
              "bias": f"one per filter ({filters})"}
    macs_each = k * per_group * filters
    return Parts(why, formula, labels, (), macs_each, None if steps_out is None else macs_each * steps_out)


@explains("BatchNormalization")
def _batchnorm(layer: Layer, result: LayerResult) -> Parts:
    size = result.weights[0].shape[0] if result.weights else 0
    names = [w.name for w in result.weights]
    formula = " + ".join(f"{size}" for _ in names) if names else ""
    labels = {"gamma": "learned scale (trainable)", "beta": "learned shift (trainable)",
              "moving_mean": "running mean: updated by averaging, not by gradients (non-trainable)",
              "moving_variance": "running variance: updated by averaging, not by gradients (non-trainable)"}
    why = f"normalises each of the {size} features; the shape is unchanged → {fmt(result.output_shape)}"
    return Parts(why, formula, labels,
                 ("moving_mean and moving_variance are statistics, not learned by gradient descent: "
                  "Keras counts them as non-trainable",), None, 0)


@explains("LayerNormalization")
def _layernorm(layer: Layer, result: LayerResult) -> Parts:
    names = [w.name for w in result.weights]
    size = math.prod(result.weights[0].shape) if result.weights else 0
    formula = " + ".join(str(size) for _ in names)
    why = (f"normalises each sample over axis {_value(layer.__dict__.get('axis'))}; the shape is unchanged "
           f"→ {fmt(result.output_shape)}")
    return Parts(why, formula, {"gamma": "learned scale", "beta": "learned shift"}, (), None, 0)


@explains("PReLU")
def _prelu(layer: Layer, result: LayerResult) -> Parts:
    shape = result.weights[0].shape if result.weights else ()
    formula = " × ".join(str(d) for d in shape) if shape else ""
    shared = getattr(layer, "shared", [])
    why = ("one learned slope per value of each sample" + (f", shared along axes {_value(shared)}" if shared else "")
           + f"; shape unchanged → {fmt(result.output_shape)}")
    return Parts(why, formula, {"alpha": "learned slope for negative inputs"}, (), None, 0)


def _generic(layer: Layer, result: LayerResult) -> Parts:
    k = len(result.inputs)
    reasons = {
        "Dropout": f"zeroes a fraction {layer.__dict__.get('rate')} of values while training, "
                   "identity at inference; shape unchanged",
        "SpatialDropout1D": f"drops whole channels (rate {layer.__dict__.get('rate')}) while training; shape unchanged",
        "Activation": f"applies {_value(layer.__dict__.get('activation'))} element-wise; shape unchanged",
        "Masking": f"marks timesteps whose features all equal {layer.__dict__.get('mask_value')} as padding; "
                   "shape unchanged",
        "Flatten": "joins all non-batch axes into one",
        "RepeatVector": f"repeats the vector {layer.__dict__.get('n')} times along a new timestep axis",
        "Reshape": f"rearranges the values into {fmt(tuple(layer.__dict__.get('target_shape') or ()))} per sample",
        "MaxPooling1D": "keeps the maximum of each window of steps",
        "AveragePooling1D": "averages each window of steps",
        "GlobalAveragePooling1D": "averages over all steps, one value per feature",
        "GlobalMaxPooling1D": "takes the maximum over all steps, one value per feature",
        "ReLU": (f"y = x above threshold {layer.__dict__.get('threshold')}, capped at "
                 f"{_value(layer.__dict__.get('max_value'))}, slope {layer.__dict__.get('negative_slope')} below; "
                 "shape unchanged"),
        "LeakyReLU": f"y = x for x ≥ 0, {getattr(layer, 'slope', '')} × x below; shape unchanged",
        "PReLU": "y = x for x ≥ 0, alpha × x below, with a learned alpha; shape unchanged",
        "ELU": f"y = x for x > 0, {layer.__dict__.get('alpha')} × (exp(x) − 1) below; shape unchanged",
        "Softmax": f"exp(x) / sum(exp(x)) over axis {_value(layer.__dict__.get('axis'))}; shape unchanged",
        "GaussianNoise": (f"adds noise with stddev {layer.__dict__.get('stddev')} while training, identity at "
                          "inference; shape unchanged"),
        "GaussianDropout": (f"multiplies by noise of mean 1 (rate {layer.__dict__.get('rate')}) while training, "
                            "identity at inference; shape unchanged"),
        "AlphaDropout": (f"drops a fraction {layer.__dict__.get('rate')} keeping SELU's mean and variance while "
                         "training, identity at inference; shape unchanged"),
        "ActivityRegularization": (f"adds l1={layer.__dict__.get('l1')}, l2={layer.__dict__.get('l2')} penalties "
                                   "on its output to the loss; passes values through unchanged"),
        "Permute": f"reorders the axes after the batch axis as {fmt(tuple(layer.__dict__.get('dims') or ()))}",
        "Identity": "passes its input through unchanged",
        "Add": f"adds its {k} inputs element by element",
        "Subtract": "subtracts the second input from the first, element by element",
        "Multiply": f"multiplies its {k} inputs element by element",
        "Average": f"averages its {k} inputs element by element",
        "Maximum": f"keeps the element-wise maximum of its {k} inputs",
        "Minimum": f"keeps the element-wise minimum of its {k} inputs",
        "Concatenate": f"joins its {k} inputs along axis {_value(layer.__dict__.get('axis'))}",
    }
    why = reasons.get(layer.type_name, layer.type_name) + f" → {fmt(result.output_shape)}"
    formula = " + ".join(" × ".join(str(d) for d in w.shape) for w in result.weights)
    return Parts(why, formula, {}, (), None, 0 if not result.weights else None)


def _input_texts(result: LayerResult, producers: dict[str, LayerResult]) -> tuple[str, ...]:
    """Each input of a layer called on several tensors, as 'producer: shape: words'."""
    if len(result.inputs) < 2:
        return ()
    texts = []
    indices = result.input_indices or (0,) * len(result.inputs)
    for name, index in zip(result.inputs, indices, strict=False):
        producer = producers.get(name)
        if producer is None or producer.is_op:
            continue
        shape = producer.outputs[index] if producer.outputs and index < len(producer.outputs) else producer.output_shape
        texts.append(f"{name}: {readable(describe(shape))}")
    return tuple(texts) if len(texts) > 1 else ()


def explain_layer(result: LayerResult, producers: dict[str, LayerResult] | None = None) -> LayerExplanation:
    """RESULT in words; PRODUCERS (the model's layers by name) let a merge layer describe
    every input, not only the first."""
    layer = result.layer
    if layer is None or result.is_input:
        return LayerExplanation(
            result.name, result.type, "", readable(describe(result.output_shape)),
            "the model's input: the batch axis (None = any batch size) is added in front of `shape`",
            (), "", 0, 0, 0, (), None, None)
    parts = EXPLAINERS.get(layer.type_name, _generic)(layer, result)
    ids = layer.type_name == "Embedding"
    lines = tuple(
        WeightLine(w.name, w.shape, w.size, w.trainable, readable(parts.labels.get(w.name, "")))
        for w in result.weights
    )
    formula = readable(f"{parts.formula} = {n(result.params)}") if parts.formula else ""
    major = bool(layer.__dict__.get("time_major"))  # tf.keras 2: (timesteps, batch, ...)
    output_major = major and bool(layer.__dict__.get("return_sequences"))
    return LayerExplanation(
        result.name, result.type, readable(describe(result.input_shape, ids, major)),
        readable(describe(result.output_shape, time_major=output_major)),
        readable(parts.why), lines, formula, result.params, result.trainable_params, result.non_trainable_params,
        tuple(readable(note) for note in parts.notes), parts.macs_step, parts.macs_total,
        _input_texts(result, producers or {}),
    )


def explain(summary: Summary, layer: str | None = None, flops: dict[str, str] | None = None) -> list[LayerExplanation]:
    """Every layer (or LAYER) in words; FLOPS, each layer's FLOPs line by name, when given."""
    producers = {r.name: r for r in summary.layers}
    rows = [r for r in summary.layers if layer is None or r.name == layer]
    found = [explain_layer(r, producers) for r in rows]
    if flops:
        found = [e._replace(flops=readable(flops.get(e.name, ""))) if e.type != "InputLayer" else e for e in found]
    return found


# The explainers of layer families in their own modules register when imported.
import lstmcalc.teach.explainers  # noqa: E402,F401
