"""`lstmcalc cost`: a model's counts and bytes, per layer and in total, as data.

A model whose inputs have variable axes (None timesteps, a free spatial size) is analysed
again with those axes set: to `--timesteps T`, or, without it, to several lengths, from
which every count becomes a polynomial in T (cost/poly.py). Bytes are for the batch
(`--batch`, default 1); FLOPs and MACs are per sample and, in the totals, per batch too.

Peak memory, inference: the weights plus the most activation values alive at once while
the layers run in order (a tensor lives from the layer that makes it to its last reader).
Training (bench/TRAIN_MEMORY.md, measured): weights, gradients, optimizer state, every
tensor the backward pass reads (cost/memory.py), the batch with its targets and the loss's
y_pred - y, and the first gradient buffers, made while all of that is alive. Pure: no I/O,
no click, no rich.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from lstmcalc.cost.estimate import PRECISIONS, LayerCost, Options, feeds, layer_costs, sequential_input
from lstmcalc.cost.memory import PER_STEP
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.base import Shape

if TYPE_CHECKING:  # formulas in T (fractions) load only for variable lengths (start-up)
    from lstmcalc.cost.poly import Poly

#: the numbers of a report that may depend on T, per layer and in total
LAYER_FIELDS = ("macs", "forward_flops", "elementwise", "backward_macs", "backward_flops", "param_bytes",
                "gradient_bytes", "optimizer_bytes", "output_values", "saved_values")
TOTAL_FIELDS = ("macs", "forward_flops", "backward_flops", "train_flops", "param_bytes", "gradient_bytes",
                "optimizer_bytes", "activation_bytes", "inference_peak_bytes", "train_peak_bytes", "forward_call_flops",
                "backward_call_flops", "batch_bytes", "call_macs")


class Totals(NamedTuple):
    """Per sample for FLOPs and MACs (times the batch for the batch's), bytes for the batch."""

    macs: int | None
    forward_flops: int | None
    backward_flops: int | None
    train_flops: int | None
    param_bytes: int
    gradient_bytes: int
    optimizer_bytes: int
    optimizer_values: int
    activation_bytes: int | None  # training: what the backward pass reads
    inference_peak_bytes: int | None
    train_peak_bytes: int | None
    #: of the FLOPs, those done once per call whatever the batch (per batch: B x the rest + these)
    forward_call_flops: int | None = 0
    backward_call_flops: int | None = 0
    #: training: the batch (inputs and targets) and the loss's y_pred - y, for the batch
    batch_bytes: int | None = 0
    #: of the MACs, those done once per call (LoRA's merge)
    call_macs: int | None = 0

    def per_batch(self, value: int | None, once: tuple[int | None, ...], batch: int) -> int | None:
        """VALUE (per sample, with the ONCE parts done once per call) for a batch of BATCH."""
        if value is None or any(o is None for o in once):
            return None
        done = sum(o for o in once if o is not None)
        return batch * (value - done) + done


class Cost(NamedTuple):
    """One model's cost report."""

    name: str
    path: str
    keras: int
    options: Options
    #: the length variable axes were given (--timesteps), or None when the model has none
    #: or the counts are formulas in T
    timesteps: int | None
    #: whether the model has variable axes (None in an input's shape beyond the batch)
    variable: bool
    layers: tuple[LayerCost, ...]
    totals: Totals
    #: without --timesteps on a variable model: each count as a polynomial in T, per layer
    #: name and field, and for the totals under "" (None: no polynomial fits; say so)
    formulas: dict[str, dict[str, Poly | None]] | None = None
    #: why counts are unknown, when one is ("" otherwise)
    reason: str = ""


def _sum(values: list[int | None]) -> int | None:
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _live_peak(summary: Summary, costs: list[LayerCost]) -> int | None:
    """The most output values (per sample) alive at once as the rows run in order."""
    values = {c.name: c.output_values for c in costs}
    start = sequential_input(summary)
    if start is None:
        return None
    live: dict[str, int] = {"": start} if start else {}
    last_reader = {name: position for position, (_row, sources) in enumerate(feeds(summary)) for name in sources}
    outputs = {r.name for r in summary.layers} - set(last_reader)  # the model's outputs live to the end
    peak = sum(live.values())
    for position, row in enumerate(summary.layers):
        size = values.get(row.name)
        if size is None:
            return None
        live[row.name] = size
        peak = max(peak, sum(live.values()))
        for name in [n for n in live if last_reader.get(n) == position and n not in outputs]:
            del live[name]
    return peak


def _optimizer(summary: Summary, options: Options) -> tuple[int, int, dict[str, int]]:
    """(values, bytes) of the optimizer's variables for the model's trainable weights, and the
    bytes of the slots each layer's weights have (the scalars, iterations and learning rate,
    belong to no layer)."""
    from lstmcalc.engine.optimizers import optimizer_state, trainable_weights

    weights = trainable_weights(summary)
    if PRECISIONS[options.precision][0] == 2:  # float16/bfloat16 policies: half-precision variables
        weights = [w._replace(itemsize=2) if w.itemsize == 4 else w for w in weights]
    state = optimizer_state(options.optimizer, weights, loss_scale=options.precision == "mixed_float16")
    per_layer: dict[str, int] = {}
    for weight, values in zip(weights, state.per_weight, strict=True):
        layer = weight.path.split("/", 1)[0]
        per_layer[layer] = per_layer.get(layer, 0) + values * weight.itemsize
    return state.values, state.bytes, per_layer


def _batch_terms(summary: Summary, costs: list[LayerCost]) -> tuple[int | None, int | None]:
    """(values per sample of the batch and the loss, of the first gradients) of a training step
    (bench/TRAIN_MEMORY.md section 3): the inputs and the targets (one per output value), the
    loss's y_pred - y, and the first gradient buffers, max(4 x the output width, 2 x the widest
    output after the last recurrent layer), made while every kept tensor is still alive."""
    values = {c.name: c.output_values for c in costs}
    inputs = [sequential_input(summary), *(values.get(r.name) for r in summary.layers if r.is_input)]
    read = {name for _row, sources in feeds(summary) for name in sources}
    outputs = [values.get(r.name) for r in summary.layers if r.name not in read and not r.is_input]
    if any(v is None for v in [*inputs, *outputs]):
        return None, None
    width = sum(v for v in outputs if v is not None)
    after = 0
    for row, cost in zip(summary.layers, costs, strict=True):
        kind = getattr(row.layer, "type_name", "")
        inner = getattr(getattr(row.layer, "layer", None), "type_name", "")
        if kind in PER_STEP or inner in PER_STEP:
            after = 0
        elif not row.is_input:
            after = max(after, cost.output_values or 0)
    return sum(v for v in inputs if v is not None) + 2 * width, max(4 * width, 2 * after)


def concrete(summary: Summary, options: Options) -> tuple[list[LayerCost], Totals]:
    """Counts of a model whose shapes are all known."""
    costs = layer_costs(summary, options)
    _var, act = PRECISIONS[options.precision]
    batch = options.batch
    params = sum(c.param_bytes for c in costs)
    gradients = sum(c.gradient_bytes for c in costs) if options.training else 0
    opt_values, opt_bytes, per_layer = _optimizer(summary, options) if options.training else (0, 0, {})
    costs = [c._replace(optimizer_bytes=per_layer.get(c.name, 0)) for c in costs]
    macs = _sum([c.macs for c in costs])
    forward = _sum([c.forward_flops for c in costs])
    backward = _sum([c.backward_flops for c in costs]) if options.training else 0
    live = _live_peak(summary, costs)
    saved = _sum([c.saved_values for c in costs]) if options.training else 0
    inference = None if live is None else params + live * batch * act
    held, first_gradients = _batch_terms(summary, costs) if options.training else (0, 0)
    train = (None if saved is None or held is None or first_gradients is None else
             params + gradients + opt_bytes + (saved + held + first_gradients) * batch * act)
    totals = Totals(
        macs, forward, backward, None if forward is None or backward is None else forward + backward,
        params, gradients, opt_bytes, opt_values, None if saved is None else saved * batch * act,
        inference, train if options.training else None,
        sum(c.call_flops for c in costs), sum(c.call_backward for c in costs) if options.training else 0,
        None if held is None else held * batch * act, sum(c.call_macs for c in costs))
    return costs, totals


def variable_axes(summary: Summary) -> bool:
    """Whether an input of the model (an Input row, or a Sequential's first layer's input) has
    an unknown size beyond the batch."""
    inputs = [r.output_shape or () for r in summary.layers if r.is_input]
    return sequential_input(summary) is None or any(d is None for shape in inputs for d in shape[1:])


def resizer(length: int) -> Callable[[Shape], Shape]:
    """Sets every unknown axis but the batch to LENGTH."""
    return lambda shape: tuple(d if i == 0 or d is not None else length for i, d in enumerate(shape))


def cost(summary: Summary, analyse: Callable[[Callable[[Shape], Shape]], Summary], options: Options) -> Cost:
    """The report for SUMMARY; ANALYSE(resize) analyses the same model with its inputs resized."""
    variable = variable_axes(summary)
    base: dict[str, Any] = {"name": summary.name, "path": summary.path, "keras": summary.keras, "options": options,
                            "variable": variable}
    if not variable:
        costs, totals = concrete(summary, options)
        return Cost(timesteps=None, layers=tuple(costs), totals=totals, **base)
    if options.timesteps is not None:
        resized = analyse(resizer(options.timesteps))
        if not resized.ok:
            return _refused(resized, base, options)
        costs, totals = concrete(resized, options)
        return Cost(timesteps=options.timesteps, layers=tuple(costs), totals=totals, **base)
    from lstmcalc.cost.poly import CHECK_AT, FIT_AT, PROBE_AT, interpolate

    samples: dict[int, tuple[list[LayerCost], Totals]] = {}
    for length in (*FIT_AT, *CHECK_AT):
        resized = analyse(resizer(length))
        if not resized.ok:
            return _refused(resized, base, options)
        samples[length] = concrete(resized, options)
    for length in PROBE_AT:  # short lengths a model may refuse (a kernel longer than T): the range's start
        resized = analyse(resizer(length))
        if resized.ok and len(resized.layers) == len(samples[FIT_AT[0]][0]):
            samples[length] = concrete(resized, options)
    costs, totals = samples[FIT_AT[0]]
    formulas: dict[str, dict[str, Poly | None]] = {}
    for index, row in enumerate(costs):
        formulas[row.name] = {f: interpolate({t: getattr(s[0][index], f) for t, s in samples.items()})
                              for f in LAYER_FIELDS}
    formulas[""] = {f: interpolate({t: getattr(s[1], f) for t, s in samples.items()}) for f in TOTAL_FIELDS}
    # the numbers themselves hold only what does not depend on T; the rest is in formulas
    layers = tuple(row._replace(**_constants(formulas[row.name], row._fields)) for row in costs)  # type: ignore[arg-type]
    totals = totals._replace(**_constants(formulas[""], totals._fields))  # type: ignore[arg-type]
    return Cost(timesteps=None, layers=layers, totals=totals, formulas=formulas, **base)


def _constants(polys: dict[str, Poly | None], fields: tuple[str, ...]) -> dict[str, int | None]:
    return {f: (None if p is None else p.value) for f, p in polys.items() if f in fields}


def _refused(resized: Summary, base: dict[str, Any], options: Options) -> Cost:
    problem = next(d for d in resized.diagnostics if d.is_error)
    empty = Totals(None, None, None, None, 0, 0, 0, 0, None, None, None, 0, 0, None, 0)
    return Cost(timesteps=options.timesteps, layers=(), totals=empty,
                reason=f"{problem.code}: {problem.message}", **base)


class Running:
    """The interactive calculator's running MACs and forward FLOPs, kept from line to line: a
    layer added at the end is counted alone, so a session stays linear in the lines typed; any
    other change counts the model again (`restart`)."""

    def __init__(self) -> None:
        self.macs: int | None = 0
        self.flops: int | None = 0
        self.producers: dict[tuple[str, int], LayerResult] = {}
        self.last = ""  # the row a Sequential's next layer reads

    def restart(self, summary: Summary) -> None:
        from lstmcalc.engine.columns import scope

        costs = layer_costs(summary, Options())
        self.macs, self.flops = _sum([c.macs for c in costs]), _sum([c.forward_flops for c in costs])
        self.producers = scope(summary)
        layers = [r for r in summary.layers if not r.is_op]
        self.last = layers[-1].name if layers else ""

    def add(self, rows: list[LayerResult], masked: frozenset[tuple[str, int, int]]) -> None:
        """Count ROWS, just added after the others; MASKED: which of the tensors they read
        carry a mask."""
        from lstmcalc.cost.estimate import _Walk

        walk = _Walk(Options())
        walk.masked = masked
        for row in rows:
            for node, call in enumerate(row.nodes):
                self.producers.setdefault((row.name, node), call)
        for row in rows:
            walk.previous = "" if row.inputs else self.last
            cost, _kept = walk.row(row, self.producers, False)
            self.macs = None if self.macs is None or cost.macs is None else self.macs + cost.macs
            self.flops = None if self.flops is None or cost.forward_flops is None else self.flops + cost.forward_flops
            if not row.is_op:
                self.last = row.name
