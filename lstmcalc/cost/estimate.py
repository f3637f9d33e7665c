"""What one model costs at a concrete batch and length: MACs, FLOPs and bytes per layer.

Every count is per call, summed over a layer's calls in the model, for one sample (batch 1)
unless it says "bytes" (those are for the whole batch). docs/cost.md states the conventions
in full; in short:

- MACs: the multiply-accumulates of matrix products, convolutions and attention
  contractions (lstmcalc/engine/macs.py), over every timestep.
- Forward FLOPs: 2 × MACs plus the element-wise work (bias adds, gates, activations, masks,
  normalisation, ...), op by op as lstmcalc/cost/elementwise.py tables it.
- Backward FLOPs (training): per op, not 2 × forward, as TensorFlow's tape runs them
  (held to its profiler by tests/test_cost_backward_profiler.py). A matrix product X·W gives
  dW = Xᵀ·dY when W trains and dX = dY·Wᵀ when anything before X trains (no gradient flows
  into the model's inputs); a recurrent layer carries dh back through steps 2..T, and into
  its initial state only when that wants a gradient; a product of two activations
  (attention) gives both operands' gradients. backward_macs says each case. Element-wise
  ops cost what TensorFlow's gradient kernels compute (elementwise.BACKWARD_FLOPS).
- Bytes: parameters at their variable dtype; gradients like the trainable parameters;
  optimizer state from lstmcalc/engine/optimizers.py; activations at the compute dtype.

Pure: no I/O, no click, no rich.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from lstmcalc.cost import elementwise, memory
from lstmcalc.engine.columns import input_shapes, model_calls
from lstmcalc.engine.macs import layer_macs
from lstmcalc.engine.results import MODEL_CLASSES, LayerResult, Summary
from lstmcalc.keras_version import keras_version
from lstmcalc.layers.base import Layer, Shape, Weight

if TYPE_CHECKING:  # the conventions load only for --convention (start-up)
    from lstmcalc.cost import conventions

#: --precision: (bytes of a float variable, bytes of a float activation)
PRECISIONS: dict[str, tuple[int, int]] = {
    "float32": (4, 4),
    "mixed_float16": (4, 2),
    "mixed_bfloat16": (4, 2),
    "float16": (2, 2),
    "bfloat16": (2, 2),
}


#: the layers whose backward carries dh through the steps (also wrapped)
RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "CuDNNLSTM",
                       "CuDNNGRU"})


class Options(NamedTuple):
    """What `cost` is asked: batch, the length of variable axes, training, optimizer, dtypes."""

    batch: int = 1
    timesteps: int | None = None
    training: bool = False
    optimizer: str = "adam"
    precision: str = "float32"
    convention: str = "lstmcalc"


class Unknown(Exception):
    """A count lstmcalc cannot know for this layer (a Lambda's function, an unbuilt model)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Call(NamedTuple):
    """One call of a layer with concrete shapes (the batch axis as the engine gives it)."""

    layer: Layer
    inputs: list[Shape]
    output: Shape
    weights: list[Weight]
    #: which inputs carry a Keras mask, aligned with inputs
    masks: tuple[bool, ...] = ()
    #: the layers whose outputs the call reads, aligned with inputs ("" for the model's input)
    sources: tuple[str, ...] = ()


class LayerCost(NamedTuple):
    """One table row: a layer (all its calls in the model), or a nested model (its layers)."""

    name: str
    type: str
    calls: int
    macs: int | None
    #: forward element-wise FLOPs (None: unknown)
    elementwise: int | None
    #: the element-wise ops themselves (op -> elements), forward, for explain
    ops: tuple[tuple[str, int], ...]
    #: backward: multiply-accumulates of the gradient products, element-wise FLOPs
    backward_macs: int | None
    backward_elementwise: int | None
    params: int
    trainable: int
    param_bytes: int
    gradient_bytes: int
    optimizer_bytes: int
    #: values per sample: the outputs, and what training keeps for the backward pass
    output_values: int | None
    saved_values: int | None
    #: why a count is unknown ("" when every count is known)
    reason: str = ""
    #: what `--convention` names would report for this layer (None: lstmcalc's own)
    convention: conventions.ConventionCount | None = None
    #: of the element-wise FLOPs, forward and backward, those done once per call whatever the
    #: batch (a causal mask, BatchNormalization's sqrt of its moving variance, LoRA's merge)
    call_flops: int = 0
    call_backward: int = 0
    #: of the MACs, those done once per call whatever the batch: LoRA's merge of its factors
    call_macs: int = 0

    @property
    def forward_flops(self) -> int | None:
        if self.macs is None or self.elementwise is None:
            return None
        return 2 * self.macs + self.elementwise

    @property
    def backward_flops(self) -> int | None:
        if self.backward_macs is None or self.backward_elementwise is None:
            return None
        return 2 * self.backward_macs + self.backward_elementwise


def _concrete(shape: Shape) -> bool:
    return all(d is not None for d in shape[1:])


def feeds(summary: Summary) -> list[tuple[LayerResult, list[str]]]:
    """Each row with the rows it reads: the ops its links name, or, in a Sequential, the row
    before it ("" for the model's input, which a Sequential lists in no row)."""
    out = []
    previous = ""
    for row in summary.layers:
        out.append((row, [name for name, _node, _index in row.links()] if row.inputs else [previous]))
        previous = row.name
    return out


def sequential_input(summary: Summary) -> int | None:
    """Values per sample of a Sequential's input (the "" the first layer reads); 0 for a
    functional model, whose inputs are rows; None when a size is unknown."""
    first = summary.layers[0] if summary.layers else None
    if first is None or first.is_input:
        return 0
    return _values(first.input_shape)


def _calls(row: LayerResult, producers: dict[tuple[str, int], LayerResult], masked: frozenset[tuple[str, int, int]],
           previous: str) -> Iterator[Call]:
    """Every call of ROW in its model with concrete shapes; PREVIOUS feeds a Sequential's layer."""
    if row.layer is None:
        raise Unknown("unbuilt")
    for call in model_calls(row):
        if call.output_shape is None or call.input_shape is None:
            raise Unknown("unbuilt")
        shapes = input_shapes(call, producers) if row.layer.merge else (call.input_shape,)
        if not shapes or not all(_concrete(s) for s in shapes) or not _concrete(call.output_shape):
            raise Unknown("unknown-dimension")
        sources = tuple(name for name, _node, _index in call.links()) if call.inputs else (previous,)
        yield Call(row.layer, list(shapes), call.output_shape, list(row.weights), _masks(call, producers, masked,
                                                                                         previous), sources)


def _masks(call: LayerResult, producers: dict[tuple[str, int], LayerResult], masked: frozenset[tuple[str, int, int]],
           previous: str) -> tuple[bool, ...]:
    """Whether each data input of CALL carries a mask (a mask op's own link is no input)."""
    if not call.inputs:
        return ((previous, 0, 0) in masked,)
    flags = []
    for name, node, index in call.links():
        producer = producers.get((name, node))
        if producer is not None and producer.is_op and producer.type != "Cast":
            continue
        flags.append((name, node, index) in masked)
    return tuple(flags)


def lora_merge_macs(weights: list[Weight]) -> int:
    """MACs of merging LoRA's factors, `lora_*_a` (m, r) @ `lora_*_b` (r, n), which Keras does
    once per call (engine/macs.py counts them in a sample's MACs; a batch does them once)."""
    factors = {w.name.rsplit("/", 1)[-1]: w.shape for w in weights if "lora_" in w.name}
    total = 0
    for name, a in factors.items():
        b = factors.get(name[:-1] + "b") if name.endswith("_a") else None
        if b is not None and len(a) == 2 and len(b) == 2:
            total += a[0] * a[1] * b[1]
    return total


def trained(weight: Weight) -> bool:
    """Whether WEIGHT gets a gradient: by the variable's own flag in Keras 3 (its
    trainable_variables), by the layer's in tf.keras 2, as the summary's totals count it."""
    return weight.trainable if keras_version() == 2 else weight.variable_trainable


def _trains(weights: list[Weight] | tuple[Weight, ...]) -> bool:
    return any(trained(w) for w in weights)


def _kernel_size(weights: list[Weight], name: str) -> int:
    return sum(w.size for w in weights if w.name.rsplit("/", 1)[-1] == name)


def backward_macs(call: Call, macs: int, needs_input_grad: bool, state_grad: bool = False) -> int:
    """Multiply-accumulates of the backward pass of one call whose forward did MACS, the
    products TensorFlow's tape runs (tests/test_cost_backward_profiler.py holds each case to
    its profiler). NEEDS_INPUT_GRAD: a gradient is wanted for the call's (first) input;
    STATE_GRAD: for the initial state a recurrent layer is called with.

    - a product Y = X·W: dW = Xᵀ·dY (MACS) when W trains, dX = dY·Wᵀ (MACS) when X wants it;
    - recurrent layers: _recurrent_backward (dh through steps 2..T, into the state if wanted);
    - Attention, AdditiveAttention, Dot: both operands' gradients (2 x MACS) when the inputs
      want them; with only a trained scale, dA = dY·vᵀ (Tq x Tv x dv);
    - MultiHeadAttention: dW of the projections when they train; whenever a gradient flows,
      the output projection's dx and both operands of the scores and the context (2 x the
      contractions); query, key and value projections' dx only into inputs that want it;
    - SeparableConv: the pointwise product's dx feeds the depthwise kernel's gradient;
    - LoRA: the merge A·B (counted once in MACS) gives dA and dB: once more; dx multiplies by
      the merged kernel only (MACS - merge)."""
    layer, weights = call.layer, call.weights
    kind = layer.type_name
    trains = _trains(weights)
    if kind in ("Bidirectional", "TimeDistributed"):
        inner = getattr(layer, "layer")  # noqa: B009 - the wrapped layer
        kind = inner.type_name
    if kind in RECURRENT:
        return _recurrent_backward(call, macs, needs_input_grad, state_grad)
    if kind in ("Attention", "AdditiveAttention", "Dot"):
        if needs_input_grad:
            return 2 * macs
        # a trained scale (use_scale, score_mode="concat") with inputs that want no gradient:
        # its gradient needs the scores', dA = dY·vᵀ, the context product's first operand
        value = call.inputs[1] if len(call.inputs) > 1 else call.inputs[0]
        return math.prod(d or 1 for d in call.output[1:]) * (value[1] or 1) if trains else 0
    if kind == "MultiHeadAttention":
        projections = _projection_macs(call)
        contractions = macs - projections
        output = math.prod(d or 1 for d in call.inputs[0][1:-1]) * sum(
            w.size for w in weights if w.name == "attention_output/kernel")
        flows = needs_input_grad or trains
        # dW of every projection; dx of the output projection and both operands of the scores
        # and the context whenever a gradient flows; dx of query, key and value projections
        # only into inputs that want it
        return ((projections if trains else 0) + (output + 2 * contractions if flows else 0)
                + (projections - output if needs_input_grad else 0))
    merge = _lora_macs(weights)
    if kind in ("SeparableConv1D", "SeparableConv2D"):
        # the pointwise product's dx is the depthwise output's gradient, which the depthwise
        # kernel's needs: computed whenever a gradient flows
        spatial = call.output[2:] if getattr(layer, "data_format", None) == "channels_first" else call.output[1:-1]
        pointwise = math.prod(d or 1 for d in spatial) * _kernel_size(weights, "pointwise_kernel")
        return (macs if trains else 0) + (macs if needs_input_grad else pointwise if trains else 0)
    # LoRA: Keras adds lora_a·lora_b to the kernel on every call, a product whose both factors
    # train: the kernel's gradient dK = xᵀ·dY, then dA = dK·Bᵀ and dB = Aᵀ·dK (MACS counts the
    # merge once); dx = dY·Kᵀ multiplies by the merged kernel only
    return (macs + merge if trains else 0) + (macs - merge if needs_input_grad else 0)


def _lora_macs(weights: list[Weight]) -> int:
    """lora_a (in x rank) · lora_b (rank x out): in x rank x out, when the layer has LoRA."""
    a = [w for w in weights if w.name.startswith("lora_") and w.name.endswith("_a")]
    b = [w for w in weights if w.name.startswith("lora_") and w.name.endswith("_b")]
    return a[0].size * b[0].shape[-1] if a and b else 0


def _recurrent_backward(call: Call, macs: int, needs_input_grad: bool, state_grad: bool) -> int:
    """The gradient products of a recurrent layer (LSTM, GRU, SimpleRNN, RNN of cells, ConvLSTM,
    also wrapped), unrolled as TensorFlow's tape differentiates it. Per cell and step the forward
    multiplies x_t (the layer's input for the first cell, the previous cell's h_t for the next)
    by the kernel and h_{t-1} by the recurrent kernel, so:

    - dW of every kernel and recurrent kernel at every step, when the weights train;
    - dx_t through the first cell's kernel when the input wants a gradient; through a later
      cell's kernel whenever a gradient flows (it reaches the earlier cell's weights);
    - dh_{t-1} through the recurrent kernel at steps 2..T whenever a gradient flows; at step 1
      only when the initial state wants one: a zero initial state (the default) gets none, so
      TF computes T - 1 of them. A GRU with reset_after=False multiplies (r * h_{t-1}) by the
      candidate's third of its recurrent kernel, whose gradient r needs: that third is computed
      at step 1 too.

    units = MACs / (sum of the kernels' sizes): steps x positions (a ConvLSTM's) x instances
    (TimeDistributed), the same for every kernel."""
    weights = call.weights
    trains = _trains(weights)
    flows = trains or needs_input_grad
    kernels = [w.size for w in weights if _base(w.name) == "kernel"]
    recurrents = [w.size for w in weights if _base(w.name) == "recurrent_kernel"]
    total = sum(kernels) + sum(recurrents)
    if not total:
        return 0
    units = macs // total
    layer = call.layer
    if layer.type_name == "Bidirectional":
        forward = getattr(layer, "layer")  # noqa: B009
        directions = [forward, getattr(layer, "backward_layer") or forward]  # noqa: B009
    else:
        directions = [getattr(layer, "layer") if layer.type_name == "TimeDistributed" else layer]  # noqa: B009
    cells: list[bool] = []  # per cell, in weight order: a GRU with reset_after=False
    first: set[int] = set()  # the cells that read the layer's input
    for inner in directions:
        first.add(len(cells))
        if inner.type_name == "RNN":
            cells += [c.kind == "GRUCell" and not c.reset_after for c in getattr(inner, "cells")]  # noqa: B009
        else:
            cells.append(inner.type_name == "GRU" and not getattr(inner, "reset_after", True))
    steps = call.inputs[0][2 if layer.type_name == "TimeDistributed" else 1] or 1
    back = units * total if trains else 0
    for i, (kernel, recurrent) in enumerate(zip(kernels, recurrents, strict=True)):
        wanted = needs_input_grad if i in first else flows
        back += units * kernel if wanted else 0
        if flows:
            at_step_one = recurrent if state_grad else recurrent // 3 if cells[i] else 0
            back += units // steps * ((steps - 1) * recurrent + at_step_one)
    return back


def _base(name: str) -> str:
    """A weight's own name: a Bidirectional's `forward_recurrent_kernel` is a recurrent_kernel."""
    base = name.rsplit("/", 1)[-1]
    for prefix in ("forward_", "backward_"):
        base = base.removeprefix(prefix)
    return base


def _projection_macs(call: Call) -> int:
    """The kernel products of a MultiHeadAttention call: each projection at its positions (the
    query's, not the output's: output_shape may have more axes; use_gate's gate reads the query)."""
    query_positions = math.prod(d or 1 for d in call.inputs[0][1:-1])
    value = call.inputs[1] if len(call.inputs) > 1 else call.inputs[0]
    value_positions = math.prod(d or 1 for d in value[1:-1])

    def kernel(name: str) -> int:
        return sum(w.size for w in call.weights if w.name == f"{name}/kernel")

    return (query_positions * (kernel("query") + kernel("attention_output") + kernel("gate"))
            + value_positions * (kernel("key") + kernel("value")))


class _Walk:
    """The rows of one model in order, with whether a gradient flows into each tensor."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.var_bytes, self.act_bytes = PRECISIONS[options.precision]
        self.masked: frozenset[tuple[str, int, int]] = frozenset()
        self.previous = ""
        #: whether a gradient flows into each output counted so far
        self.graded: dict[str, bool] = {}

    def rows(self, summary: Summary, needs_in: bool = False) -> list[LayerCost]:
        """Every row, in the model's order; a tensor some gradient reads is counted once, with
        the layer that produced it."""
        from lstmcalc.engine.columns import scope

        producers = scope(summary)
        # whether a gradient flows into each layer's outputs; a nested model's inputs as its call's
        graded: dict[str, bool] = {"": needs_in}
        self.graded = graded
        read: set[str] = set()  # the layers whose outputs some gradient reads
        out: list[LayerCost] = []
        self.masked = summary.masked
        for row, sources in feeds(summary):
            self.previous = sources[0] if not row.inputs else ""
            needs = any(graded.get(name, False) for name in sources)
            cost, keeps = self.row(row, producers, needs)
            if keeps.inputs:
                read.update(sources)
            if keeps.output:
                read.add(row.name)
            # a model's input wants no gradient unless the model is a layer whose input wants one
            # (a functional model's second Input is no Sequential layer fed by the row before it)
            graded[row.name] = needs_in if row.is_input else needs or _trains(row.weights)
            out.append(cost)
        # the model's inputs are the batch, which the training step holds anyway (report.py)
        read -= {""} | {row.name for row in summary.layers if row.is_input}
        return [c._replace(saved_values=None if c.saved_values is None else
                           c.saved_values + (c.output_values or 0) * (c.name in read and self.options.training))
                for c in out]

    def row(self, row: LayerResult, producers: dict[tuple[str, int], LayerResult],
            needs: bool) -> tuple[LayerCost, memory.Kept]:
        params = row.params
        trainable = sum(w.size for w in row.weights if trained(w))
        param_bytes = sum(w.size * self._itemsize(w) for w in row.weights)
        gradient_bytes = sum(w.size * self._itemsize(w) for w in row.weights if trained(w))
        base: dict[str, object] = {
            "name": row.name, "type": row.type, "params": params, "trainable": trainable, "param_bytes": param_bytes,
            "gradient_bytes": gradient_bytes if self.options.training else 0, "optimizer_bytes": 0}
        nothing = memory.Kept(False, False, 0)
        if row.is_op or row.is_input:
            return LayerCost(calls=1, macs=0, elementwise=0, ops=(), backward_macs=0, backward_elementwise=0,
                             output_values=_values(row.output_shape), saved_values=0,
                             **base), nothing  # type: ignore[arg-type]
        if row.type in MODEL_CLASSES and row.layer is None:
            return self._nested(row, needs, base), nothing
        try:
            calls = list(_calls(row, producers, self.masked, self.previous))
        except Unknown as unknown:
            return _unknown(row, unknown.reason, base), nothing
        return self._counted(calls, needs, base)

    def _wanted(self, call: Call, needs: bool) -> tuple[bool, bool]:
        """(a gradient wanted for the call's input, for its initial state). Per call: a shared
        layer's later calls read its own earlier outputs, graded when it trains; a recurrent
        layer called with its initial state tells the two apart (a decoder reading a model input
        with the encoder's states: no dx, but dh into the states)."""
        if not call.sources:
            return needs, False
        wanted = [self.graded.get(name, False) or (name == call.layer.name and _trains(call.weights))
                  for name in call.sources]
        layer = call.layer
        kind = getattr(layer, "layer").type_name if layer.type_name in ("Bidirectional", "TimeDistributed") \
            else layer.type_name  # noqa: B009
        if kind in RECURRENT:
            return wanted[0], any(wanted[1:])
        return any(wanted), False

    def _itemsize(self, weight: Weight) -> int:
        size = weight.itemsize or 4
        if size == 4 and self.var_bytes == 2:
            return 2  # --precision float16 / bfloat16: float32 variables become half precision
        return size

    def _counted(self, calls: list[Call], needs: bool, base: dict[str, object]) -> tuple[LayerCost, memory.Kept]:
        """Every count of a layer's calls. MACs stay known when only the element-wise work is
        not (an UpSampling interpolation run does not implement): the FLOPs are then unknown."""
        macs: int | None = 0
        back_macs: int | None = 0
        work: int | None = 0
        back_work: int | None = 0
        outputs = saved = call_work = call_back = merged = 0
        keeps_inputs = keeps_output = False
        theirs: list[conventions.ConventionCount] = []
        ops: Counter[str] = Counter()
        reason = ""
        for call in calls:
            counted = layer_macs(call.layer, call.inputs, call.output, call.weights)
            if counted.value is None or macs is None or back_macs is None:
                macs = back_macs = None
                reason = reason or counted.reason
            wanted = self._wanted(call, needs)
            if counted.value is not None and macs is not None and back_macs is not None:
                macs += counted.value
                back_macs += backward_macs(call, counted.value, *wanted)
            flows = any(wanted) or _trains(call.weights)  # this call's ops get a gradient
            merge = lora_merge_macs(call.weights)  # once per call, whatever the batch
            merged += merge
            call_work += 2 * merge
            call_back += 2 * 2 * merge if self.options.training else 0  # dA = dK·Bᵀ, dB = Aᵀ·dK
            try:
                done = elementwise.forward_work(call.layer, call.inputs, call.output, call.weights,
                                                training=self.options.training, masks=call.masks)
            except elementwise.UnknownWork as unknown:
                work = back_work = None
                reason = reason or unknown.reason
            else:
                call_ops = done.total(1)
                ops += call_ops
                if work is not None and back_work is not None:
                    work += elementwise.flops(call_ops)
                    back_work += elementwise.flops(call_ops, elementwise.BACKWARD_FLOPS) if flows else 0
                call_work += elementwise.flops(done.call)
                call_back += elementwise.flops(done.call, elementwise.BACKWARD_FLOPS) if flows else 0
            outputs += _values(call.output) or 0
            if self.options.convention != "lstmcalc":
                from lstmcalc.cost import conventions

                theirs.append(conventions.convention_layer(self.options.convention, call.layer, call.inputs,
                                                           call.output, call.weights))
            kept = memory.kept(call, needs, self.act_bytes)
            keeps_inputs, keeps_output = keeps_inputs or kept.inputs, keeps_output or kept.output
            saved += kept.own
        training = self.options.training
        return LayerCost(calls=len(calls), macs=macs, elementwise=work, ops=tuple(sorted(ops.items())),
                         backward_macs=back_macs, backward_elementwise=back_work, output_values=outputs,
                         saved_values=saved if training else 0, convention=_combined(theirs),
                         call_flops=call_work, call_backward=call_back, call_macs=merged, reason=reason,
                         **base), memory.Kept(  # type: ignore[arg-type]
            keeps_inputs and training, keeps_output and training, 0)

    def _nested(self, row: LayerResult, needs: bool, base: dict[str, object]) -> LayerCost:
        """A model used as a layer: its layers' counts, once per call of the model."""
        inner = Summary(row.name, row.name, row.nested, functional=any(r.is_input for r in row.nested))
        outer = self.masked, self.previous, self.graded
        parts = self.rows(inner, needs)
        self.masked, self.previous, self.graded = outer
        times = len(model_calls(row))
        unknown = next((p for p in parts if p.reason), None)
        if unknown is not None:
            return _unknown(row, unknown.reason, base)

        def total(field: str) -> int:
            return times * sum(getattr(p, field) or 0 for p in parts)

        ops: Counter[str] = Counter()
        for p in parts:
            ops.update(dict(p.ops))
        return LayerCost(calls=times, macs=total("macs"), elementwise=total("elementwise"),
                         ops=tuple(sorted((k, v * times) for k, v in ops.items())),
                         backward_macs=total("backward_macs"), backward_elementwise=total("backward_elementwise"),
                         output_values=_values(row.output_shape), saved_values=total("saved_values"),
                         call_flops=total("call_flops"), call_backward=total("call_backward"),
                         call_macs=total("call_macs"),
                         **base)  # type: ignore[arg-type]


def _combined(counts: list[conventions.ConventionCount]) -> conventions.ConventionCount | None:
    """One layer's calls under a convention: their sums (None when the tool counts nothing)."""
    if not counts:
        return None

    def total(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    notes = tuple(dict.fromkeys(n for c in counts for n in c.notes))
    return counts[0]._replace(macs=total([c.macs for c in counts]), flops=total([c.flops for c in counts]),
                              notes=notes)


def _values(shape: Shape | None) -> int | None:
    if shape is None or not _concrete(shape):
        return None
    return math.prod(d for d in shape[1:] if d is not None)


def _unknown(row: LayerResult, reason: str, base: dict[str, object]) -> LayerCost:
    return LayerCost(calls=len(model_calls(row)), macs=None, elementwise=None, ops=(), backward_macs=None,
                     backward_elementwise=None, output_values=_values(row.output_shape), saved_values=None,
                     reason=reason, **base)  # type: ignore[arg-type]


def layer_costs(summary: Summary, options: Options) -> list[LayerCost]:
    """Every row of the model's table, counted (see the module's docstring)."""
    return _Walk(options).rows(summary)
