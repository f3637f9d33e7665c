"""Lint rules: one small class each, with a stable code, a kebab-case name and docs.

A rule's docstring is its documentation (`lstmcalc rules CODE` prints it): a summary line,
the rationale, then a `Bad:` and a `Good:` spec. The test suite runs both examples, so the
docs cannot drift from what the rule does.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Iterator
from typing import ClassVar

from lstmcalc.diagnostics import Diagnostic, Edit, Fix, Severity
from lstmcalc.engine.hints import rnn_specs as _rnn_specs
from lstmcalc.engine.results import Summary
from lstmcalc.layers.base import Layer
from lstmcalc.layers.recurrent import GRU, LSTM, RNN
from lstmcalc.layers.wrappers import Bidirectional, TimeDistributed
from lstmcalc.lint.fixes import input_layer_fix as _input_layer_fix
from lstmcalc.lint.fixes import input_length_fix as _input_length_fix
from lstmcalc.span import Span


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    #: False for codes the engine itself reports (Keras refusals, spec errors)
    checks: ClassVar[bool] = True

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        return iter(())

    def finding(self, message: str, span: Span, layer: str | None, hint: str = "",
                fix: Fix | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.severity, message, span, layer, hint, fix)

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary_line(cls) -> str:
        return cls.doc().splitlines()[0] if cls.doc() else ""

    @classmethod
    def example(cls, label: str) -> str:
        """The YAML block under `Bad:` or `Good:` in the docstring."""
        doc = cls.doc()
        marker = f"\n{label}:\n"
        if marker not in doc:
            return ""
        block = doc.split(marker, 1)[1]
        lines = []
        for line in block.splitlines():
            if line and not line.startswith(" "):
                break
            lines.append(line)
        return textwrap.dedent("\n".join(lines)).strip() + "\n"


RULES: dict[str, type[Rule]] = {}


def rule(cls: type[Rule]) -> type[Rule]:
    RULES[cls.code] = cls
    return cls


def _recurrent(layer: Layer | None) -> RNN | None:
    if isinstance(layer, RNN):
        return layer
    if isinstance(layer, (Bidirectional, TimeDistributed)):
        return _recurrent(layer.layer)
    return None


@rule
class SequencesIntoDenseHead(Rule):
    """The last recurrent layer returns sequences straight into the Dense head.

    Why: with return_sequences=True the RNN emits one vector per timestep, so the Dense
    head predicts per timestep, (batch, timesteps, units), not once per sequence. That is
    right for sequence labelling, but usually a classifier meant return_sequences=False.

    Bad:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, name: lstm1, units: 64, return_sequences: true}
          - {type: Dense, units: 1, activation: sigmoid}

    Good:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, name: lstm1, units: 64}
          - {type: Dense, units: 1, activation: sigmoid}
    """

    code = "LC201"
    name = "sequences-into-dense-head"

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        rows = [r for r in summary.layers if r.layer is not None]
        last_rnn = max((i for i, r in enumerate(rows) if _recurrent(r.layer) is not None), default=None)
        if last_rnn is None:
            return
        rnn_row = rows[last_rnn]
        rnn = _recurrent(rnn_row.layer)
        if rnn is None or not rnn.return_sequences or isinstance(rnn_row.layer, TimeDistributed):
            return
        built = {b.name: b for b in summary.constructed}.get(rnn_row.name)
        feeders = set(rnn_row.inputs)
        if (built is not None and built.spec.initial_state) or any(
                r.type == "RepeatVector" for r in summary.layers if r.name in feeders):
            return  # a decoder: per-step output is the point
        passthrough = {"Dropout", "SpatialDropout1D", "Activation", "BatchNormalization",
                       "LayerNormalization", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "GaussianNoise",
                       "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity"}
        tail = rows[last_rnn + 1:]
        while tail and tail[0].type in passthrough:
            tail = tail[1:]
        if tail and tail[0].type == "Dense" and all(r.type in passthrough | {"Dense"} for r in tail):
            dense = tail[0]
            # Reported where the fix goes (return_sequences on the RNN), so a suppression
            # comment sits there too, as ruff reports a finding at the code its fix edits.
            flag = built.spec.args.get("return_sequences") if built is not None else None
            yield self.finding(
                f"{rnn_row.name} returns sequences into {dense.name}, so the model predicts per "
                f"timestep: output {_fmt(summary.layers[-1].output_shape)}",
                flag.key_span if flag is not None else rnn_row.span, rnn_row.name,
                f"set return_sequences=False on {rnn_row.name} for one prediction per sequence, "
                f"or wrap {dense.name} in TimeDistributed to make per-step output explicit",
                None if built is None else Fix(f"set return_sequences=False on {rnn_row.name}", tuple(
                    Edit("set", spec.span, "return_sequences", False) for spec in _rnn_specs(built.spec))),
            )


def _fmt(shape: tuple[int | None, ...] | None) -> str:
    return "?" if shape is None else "(" + ", ".join(str(d) for d in shape) + ")"


@rule
class SoftmaxSingleUnit(Rule):
    """Dense(1, activation="softmax") always outputs 1.0.

    Why: softmax normalises across the units of the last axis; over a single unit it is
    exp(x) / exp(x) = 1 whatever the input, so the model cannot learn.

    Bad:
        layers:
          - {type: Input, shape: [20, 4]}
          - {type: LSTM, units: 32}
          - {type: Dense, units: 1, activation: softmax}

    Good:
        layers:
          - {type: Input, shape: [20, 4]}
          - {type: LSTM, units: 32}
          - {type: Dense, units: 1, activation: sigmoid}
    """

    code = "LC202"
    name = "softmax-single-unit"

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        for item in summary.constructed:
            layer = item.layer
            inner = layer.layer if isinstance(layer, TimeDistributed) else layer
            if inner is not None and inner.type_name == "Dense" and getattr(inner, "units", 0) == 1 \
                    and getattr(inner, "activation", None) == "softmax":
                yield self.finding(
                    f"{item.name} is Dense(1) with softmax, which outputs 1.0 for every input",
                    item.spec.args["activation"].span if "activation" in item.spec.args else item.spec.span,
                    item.name, "use activation: sigmoid for a binary output, or units: N with softmax",
                    Fix("write activation: sigmoid", tuple(
                        Edit("set", spec.span, "activation", "sigmoid") for spec in _rnn_specs(item.spec))),
                )


@rule
class NoCudnnKernel(Rule):
    """An LSTM/GRU argument keeps Keras from using the fused cuDNN kernel on a GPU.

    Why: on a GPU, Keras runs LSTM and GRU with cuDNN only when activation is tanh,
    recurrent_activation is sigmoid, recurrent_dropout is 0, unroll is false, use_bias is
    true and (GRU) reset_after is true, and use_cudnn is not false. Otherwise it falls back
    to a generic loop that is often several times slower.

    Bad:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, units: 64, recurrent_dropout: 0.2}

    Good:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, units: 64, dropout: 0.2}
    """

    code = "LC203"
    name = "no-cudnn-kernel"
    severity = Severity.INFO

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        for item in summary.constructed:
            rnn = _recurrent(item.layer)
            if not isinstance(rnn, (LSTM, GRU)):
                continue
            reasons = []
            if rnn.__dict__.get("activation") != "tanh":
                reasons.append(f"activation={rnn.__dict__.get('activation')!r} (needs 'tanh')")
            if rnn.__dict__.get("recurrent_activation") != "sigmoid":
                reasons.append(f"recurrent_activation={rnn.__dict__.get('recurrent_activation')!r} (needs 'sigmoid')")
            if rnn.__dict__.get("recurrent_dropout"):
                reasons.append(f"recurrent_dropout={rnn.__dict__['recurrent_dropout']} (needs 0)")
            if rnn.__dict__.get("unroll"):
                reasons.append("unroll=True")
            if not rnn.use_bias:
                reasons.append("use_bias=False")
            if isinstance(rnn, GRU) and not rnn.reset_after:
                reasons.append("reset_after=False")
            if rnn.__dict__.get("use_cudnn") is False:
                reasons.append("use_cudnn=False")
            if reasons:
                yield self.finding(
                    f"{item.name} cannot use the cuDNN kernel: {', '.join(reasons)}",
                    item.spec.span, item.name,
                    "keep the cuDNN defaults unless you need this; use `dropout` instead of "
                    "`recurrent_dropout` for regularisation",
                )


@rule
class MaskDropped(Rule):
    """A mask from Masking or mask_zero reaches a layer that silently drops it.

    Why: layers such as Conv1D, Flatten, pooling and RepeatVector do not support masking.
    Keras only warns at run time, and the layers after them then treat padding as data.

    Bad:
        layers:
          - {type: Input, shape: [20]}
          - {type: Embedding, input_dim: 1000, output_dim: 16, mask_zero: true}
          - {type: Conv1D, name: conv, filters: 8, kernel_size: 3}
          - {type: LSTM, units: 8}

    Good:
        layers:
          - {type: Input, shape: [20]}
          - {type: Embedding, input_dim: 1000, output_dim: 16, mask_zero: true}
          - {type: LSTM, units: 8}
    """

    code = "LC204"
    name = "mask-dropped"

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        spans = {r.name: r.span for r in summary.layers}
        for name, _ in summary.mask_drops:
            yield self.finding(
                f"{name} does not support masking, so the padding mask stops here and later "
                "layers see padded steps as data", spans[name], name,
                "put layers that do not support masking before the Masking/Embedding, or drop "
                "the mask on purpose with mask_zero: false",
            )


@rule
class EmbeddingInputLength(Rule):
    """`input_length` on Embedding is a Keras 2 argument that Keras 3 ignores.

    Why: Keras 3 only warns ("Argument `input_length` is deprecated") and does not use it
    to fix the sequence length. Give the length in the Input layer instead.

    Bad:
        layers:
          - {type: Input, shape: [20]}
          - {type: Embedding, input_dim: 1000, output_dim: 16, input_length: 20}

    Good:
        layers:
          - {type: Input, shape: [20]}
          - {type: Embedding, input_dim: 1000, output_dim: 16}
    """

    code = "LC205"
    name = "embedding-input-length"

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        if summary.keras == 2:  # tf.keras 2's Embedding builds its input from input_length
            return
        for item in summary.constructed:
            arg = item.spec.args.get("input_length")
            if item.spec.type == "Embedding" and arg is not None:
                yield self.finding(
                    f"{item.name}: input_length is ignored by Keras 3", arg.key_span, item.name,
                    f"remove it and give the Input layer shape: [{arg.value}] (`--keras 2` answers as tf.keras 2, "
                    "where it sets the length)",
                    _input_length_fix(summary, item),
                )


@rule
class LayerInputShape(Rule):
    """`input_shape`/`input_dim` on a layer: Keras 3 prefers an Input layer.

    Why: Keras 3 accepts these Keras 2 arguments with a warning ("Do not pass an
    `input_shape`/`input_dim` argument to a layer"), and on any layer but the first they
    are ignored altogether.

    Bad:
        layers:
          - {type: LSTM, units: 32, input_shape: [10, 8]}

    Good:
        layers:
          - {type: Input, shape: [10, 8]}
          - {type: LSTM, units: 32}
    """

    code = "LC206"
    name = "layer-input-shape"
    severity = Severity.INFO

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        for index, item in enumerate(summary.constructed):
            for key in ("input_shape", "batch_input_shape", "input_dim"):
                arg = item.spec.args.get(key)
                if arg is None or (key == "input_dim" and item.spec.type == "Embedding"):
                    continue
                ignored = index > 0
                if summary.keras == 2 and not ignored:  # how tf.keras 2 code gives a Sequential its input
                    continue
                yield Diagnostic(
                    self.code, Severity.WARNING if ignored else self.severity,
                    f"{item.name}: `{key}` is {'ignored on any layer but the first' if ignored else 'a Keras 2 argument'}",
                    arg.key_span, item.name,
                    "remove it" if ignored else "start the spec with `- {type: Input, shape: [...]}` instead",
                    Fix(f"remove `{key}`", (Edit("remove", item.spec.span, key),)) if ignored
                    else _input_layer_fix(summary, item, key),
                )


@rule
class DeepRecurrentStack(Rule):
    """More than four recurrent layers stacked.

    Why: each extra LSTM/GRU layer adds parameters and sequential latency, but beyond
    two to four layers accuracy rarely improves while training gets harder.

    Bad:
        layers:
          - {type: Input, shape: [30, 8]}
          - {type: LSTM, units: 16, return_sequences: true}
          - {type: LSTM, units: 16, return_sequences: true}
          - {type: LSTM, units: 16, return_sequences: true}
          - {type: LSTM, units: 16, return_sequences: true}
          - {type: LSTM, units: 16}

    Good:
        layers:
          - {type: Input, shape: [30, 8]}
          - {type: LSTM, units: 32, return_sequences: true}
          - {type: LSTM, units: 32}
    """

    code = "LC207"
    name = "deep-recurrent-stack"
    severity = Severity.INFO
    limit = 4

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        rnns = [item for item in summary.constructed if _recurrent(item.layer) is not None]
        if len(rnns) > self.limit:
            item = rnns[self.limit]
            yield self.finding(
                f"{len(rnns)} recurrent layers are stacked; returns diminish beyond {self.limit}",
                item.spec.span, item.name, "try fewer, wider layers",
            )


@rule
class InitialStateMismatch(Rule):
    """An RNN's initial_state does not match the states it keeps.

    Why: Keras builds the model without comparing the tensors passed as initial_state with
    the states the cell keeps (LSTM: h and c; GRU and SimpleRNN: h; twice for
    Bidirectional), so a wrong number or size only fails when the model runs.

    Bad:
        layers:
          - {type: Input, name: enc_in, shape: [7, 5]}
          - {type: LSTM, name: enc, units: 16, return_state: true}
          - {type: Input, name: dec_in, shape: [7, 5]}
          - type: LSTM
            name: dec
            units: 32
            inputs: dec_in
            initial_state: [enc]

    Good:
        layers:
          - {type: Input, name: enc_in, shape: [7, 5]}
          - {type: LSTM, name: enc, units: 32, return_state: true}
          - {type: Input, name: dec_in, shape: [7, 5]}
          - type: LSTM
            name: dec
            units: 32
            inputs: dec_in
            initial_state:
              - enc[1]
              - enc[2]
    """

    code = "LC209"
    name = "initial-state-mismatch"
    severity = Severity.ERROR

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        rows = {r.name: r for r in summary.layers}
        for item in summary.constructed:
            refs = item.spec.initial_state
            rnn = _recurrent(item.layer)
            row = rows.get(item.name)
            if not refs or rnn is None or row is None or row.input_shape is None:
                continue
            given = []
            for ref in refs:
                source = rows.get(ref.name)
                if source is None:
                    break
                outputs = source.outputs or ((source.output_shape,) if source.output_shape else ())
                given += list(outputs) if ref.output is None else list(outputs[ref.output:ref.output + 1])
            copies = 2 if isinstance(item.layer, Bidirectional) else 1
            expected = rnn.state_shapes(row.input_shape) * copies
            if len(given) != len(expected) or any(g[-1] != e[-1] for g, e in zip(given, expected, strict=False)):
                shown = ", ".join(_fmt(g) for g in given) or "none"
                yield self.finding(
                    f"{item.name} keeps {len(expected)} state{'s' if len(expected) != 1 else ''} of size "
                    f"{rnn.units} but initial_state gives {shown}; Keras builds this and fails when it runs",
                    refs[0].span, item.name,
                    f"pass {'h and c' if rnn.type_name == 'LSTM' else 'h'}"
                    f"{' for each direction' if copies == 2 else ''} of size {rnn.units}, e.g. "
                    "the encoder's enc[1], enc[2] with matching units",
                )


@rule
class ParamsBudget(Rule):
    """The model's total parameter count exceeds the budget set with --max-params.

    Why: a size budget in CI catches an accidental 10x model (units: 1280 for 128) before
    anyone trains it.

    Bad:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, units: 4096}

    Good:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, units: 64}
    """

    code = "LC208"
    name = "params-budget"
    severity = Severity.ERROR
    checks = False  # needs the budget; run by the lint driver


@rule
class MaskFailsWhenRun(Rule):
    """A mask reaches a layer that cannot apply it: Keras builds the model, predict() fails.

    Why: Masking (and mask_zero) marks a position as padding when all its last-axis values
    match, so the mask has the input's shape without its last axis: on a 4D or 5D input
    (frames, images over time) that is (batch, timesteps, height, width), and wrappers such
    as TimeDistributed pass it on unchanged. Keras builds and summarises the model, but only
    checks the mask when it runs: a recurrent layer (LSTM, GRU, RNN, ConvLSTM, inside
    Bidirectional too) selects each step's state with that step's slice of the mask, so
    fit() and predict() fail ("Dimensions must be equal"), or, when the extra axes happen to
    broadcast against the state, mask units instead of steps; Softmax refuses a mask that
    does not broadcast to its input ("The `mask` must be broadcastable to `inputs`"). Mask
    whole timesteps after the frames are flattened, or drop the mask before the layer.

    Bad:
        layers:
          - {type: Input, shape: [8, 6, 6, 1]}
          - {type: Masking}
          - {type: TimeDistributed, layer: {type: Flatten}}
          - {type: LSTM, name: lstm, units: 4}

    Good:
        layers:
          - {type: Input, shape: [8, 6, 6, 1]}
          - {type: TimeDistributed, layer: {type: Flatten}}
          - {type: Masking}
          - {type: LSTM, name: lstm, units: 4}
    """

    code = "LC210"
    name = "mask-fails-when-run"

    def check(self, summary: Summary) -> Iterator[Diagnostic]:
        ops = {r.name: r for r in summary.operations if r.is_op}
        for row in summary.operations or summary.layers:
            if row.is_op:
                continue
            masks = [ops[s] for s in row.inputs if s in ops and ops[s].output_shape is not None]
            if not masks:
                continue
            mask = masks[0]
            shape = mask.output_shape or ()
            if _recurrent(row.layer) is not None and not isinstance(row.layer, TimeDistributed):
                if len(shape) > 2:
                    yield self.finding(
                        f"{row.name} receives the mask {_fmt(shape)} ({mask.name}), not "
                        "(batch, timesteps): Keras builds the model, but when it runs, the layer's "
                        "step-by-step masking fails (or, if the sizes happen to broadcast, masks "
                        "units, not steps)",
                        row.span, row.name,
                        "mask whole timesteps: put Masking after the layer that flattens each "
                        "frame (e.g. TimeDistributed(Flatten)), or remove it",
                    )
            elif row.type == "Softmax" and row.input_shape is not None and not _broadcasts(shape, row.input_shape):
                yield self.finding(
                    f"{row.name} receives the mask {_fmt(shape)} ({mask.name}), which does not "
                    f"broadcast to its input {_fmt(row.input_shape)}: Keras builds the model, but "
                    "predict() fails (\"The `mask` must be broadcastable to `inputs`\")",
                    row.span, row.name,
                    "apply Softmax before the Masking/Embedding, or to an input whose trailing axes "
                    "match the mask",
                )


def _broadcasts(mask: tuple[int | None, ...], inputs: tuple[int | None, ...]) -> bool:
    """Keras's Softmax.call() check: no more axes than the input, each trailing-aligned axis
    1 or equal (unknown sizes pass)."""
    if len(mask) > len(inputs):
        return False
    return all(m is None or i is None or m in (1, i) for m, i in zip(mask[::-1], inputs[::-1], strict=False))


@rule
class UnusedSuppression(Rule):
    """A `# lstmcalc: disable=...` comment that suppresses nothing.

    Why: stale suppressions hide future problems and mislead readers; remove them once
    the finding they silenced is gone.

    Bad:
        # lstmcalc: disable-file=LC202
        layers:
          - {type: Input, shape: [5, 2]}
          - {type: LSTM, units: 4}

    Good:
        layers:
          - {type: Input, shape: [5, 2]}
          - {type: LSTM, units: 4}
    """

    code = "LC900"
    name = "unused-suppression"
    checks = False  # run by the lint driver, which knows what was suppressed


@rule
class FlopsBudget(Rule):
    """The model's forward FLOPs per sample exceed the budget set with --max-flops.

    FLOPs as `lstmcalc cost` counts them (2 x MACs plus element-wise work, one sample);
    a model with variable timesteps is checked at --budget-timesteps (or `budget-timesteps`
    in [tool.lstmcalc]).

    Why: a compute budget in CI catches a change that multiplies inference cost (a wider
    LSTM, a longer window) before it reaches a device that cannot run it in time.

    Bad:
        layers:
          - {type: Input, shape: [500, 64]}
          - {type: LSTM, units: 1024}

    Good:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, units: 64}
    """

    code = "LC211"
    name = "flops-budget"
    severity = Severity.ERROR
    checks = False  # needs the budget; run by the lint driver


@rule
class TrainMemoryBudget(Rule):
    """A training step's peak memory exceeds the budget set with --max-train-memory.

    Peak memory as `lstmcalc cost --training` estimates it (weights, gradients, Adam's
    state, the activations kept for the backward pass) at --budget-batch (default 32) and,
    for variable timesteps, --budget-timesteps.

    Why: "will it fit on my GPU?" answered in CI: a deeper stack or a longer sequence that
    would run out of memory on the training machine fails the check instead.

    Bad:
        layers:
          - {type: Input, shape: [2000, 256]}
          - {type: LSTM, units: 2048, return_sequences: true}
          - {type: LSTM, units: 2048}

    Good:
        layers:
          - {type: Input, shape: [50, 10]}
          - {type: LSTM, units: 64}
    """

    code = "LC212"
    name = "train-memory-budget"
    severity = Severity.ERROR
    checks = False  # needs the budget; run by the lint driver
