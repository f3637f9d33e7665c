"""`lstmcalc run`: inputs and weights in, each layer's outputs printed and saved.

Every file and option is checked before anything large is allocated: the arrays' headers
against the model, the concrete shapes of the whole run against --max-memory and the work
caps. Exit status 1: the model or the data cannot run (the message says what was expected
and what came in; an input that does not fit is LC042, a bad Embedding id LC043); status 2:
an option that does not apply to the model (--trace on a layer with no gates, --timesteps
on fixed timesteps); unreadable files and refused writes raise lstmcalc's own errors, which
the command line reports with status 2.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from typing import Any

import numpy as np

from lstmcalc.engine.results import Summary
from lstmcalc.numeric.arrays import MAX_RANK, ArrayFile, ArrayFileError, Header, describe_dtype, fmt_dims
from lstmcalc.numeric.forward import RunError, _ids, prepare_weights, run
from lstmcalc.numeric.plan import MAX_MACS, MAX_STEPS, Dims, Plan, model_inputs, plan
from lstmcalc.render.diagnostics import diagnostic_line
from lstmcalc.safety.text import quoted, visible
from lstmcalc.safety.writing import check_target, write_atomic
from lstmcalc.sizes import size_text


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str, code: str | None = None) -> int:
    sys.stderr.write(f"lstmcalc run: {code + ' [error] ' if code else ''}{text}\n")
    return 1


def _usage(text: str) -> int:
    """An option that does not apply to this model: a usage error, status 2."""
    sys.stderr.write(f"lstmcalc run: usage error: {text}\n")
    return 2


def _shown(name: str) -> str:
    return visible(name, 60)


# --- inputs -----------------------------------------------------------------------------------
def _expected_text(shape: tuple[Any, ...]) -> str:
    return fmt_dims(tuple("batch" if i == 0 and d is None else ("any" if d is None else d)
                          for i, d in enumerate(shape)))


def _axis_name(i: int, rank: int, ids: bool) -> str:
    """'the timesteps axis (axis 1)': what axis I of a RANK-D input means, when it is known
    (a sequence is (batch, timesteps, features); ids for an Embedding are (batch, timesteps))."""
    if i == 0:
        return "the batch axis (axis 0)"
    if rank == 3 or (rank == 2 and ids):
        return f"the {'timesteps' if i == 1 else 'features'} axis (axis {i})"
    if i == rank - 1:
        return f"the features axis (axis {i})"
    return f"axis {i}"


def _check_input(where: str, head: Header, name: str, want: tuple[Any, ...], ids: bool = False) -> Dims:
    """HEAD's shape if it fits the model's input WANT (None: any size); RunError (LC042) if
    not, naming the axis and the size expected."""
    model = f"the model's input {_shown(repr(name))} takes {len(want)}D arrays {_expected_text(want)}"
    if not head.numeric:
        raise RunError(f"{where} holds {describe_dtype(head.dtype)}, which no layer can take; {model} of real "
                       "numbers: save a numeric array (float32, or integer ids for an Embedding)", "LC042")
    got = head.shape
    if len(got) != len(want):
        hint = ("add the batch axis, e.g. x[None] or x.reshape(1, ...)" if len(got) == len(want) - 1
                else "reshape the array to the model's input")
        raise RunError(f"{where} has shape {fmt_dims(got)}; {model}; {hint}", "LC042")
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if w is not None and g != w:
            axis = _axis_name(i, len(want), ids)
            fix = ""
            if i == 1 and "timesteps" in axis:
                fix = (f"; the model is built for sequences of exactly {w} timesteps: pad or cut the sequences "
                       f"to {w}, or give its Input a shape of None timesteps to take any length")
            raise RunError(f"{where} has shape {fmt_dims(got)}; {model}: {axis} must be {w}, not {g}{fix}",
                           "LC042")
    if got[0] == 0:
        raise RunError(f"{where} has shape {fmt_dims(got)}: no samples; {model} with at least 1 sample", "LC042")
    if any(d == 0 for d in got[1:]):
        empty = next(i for i, d in enumerate(got) if i and d == 0)
        what = "timesteps" if empty == 1 and len(got) >= 3 else f"values on axis {empty}"
        raise RunError(f"{where} has shape {fmt_dims(got)}: 0 {what}; {model}, each axis at least 1 long", "LC042")
    return got


class _Inputs:
    """The input file's arrays, checked against the model by header before loading."""

    def __init__(self, file: ArrayFile, wanted: list[tuple[str, tuple[Any, ...]]], ids: set[str]) -> None:
        self.file = file
        self.keys: list[str] = []
        self.shapes: list[Dims] = []
        if file.kind == "npy":
            if len(wanted) != 1:
                raise RunError(f"{file.where} is one .npy array but the model has {len(wanted)} inputs "
                               f"({', '.join(_shown(n) for n, _ in wanted)}); give an .npz with keys "
                               + ", ".join(f"input/{i}" for i in range(len(wanted))))
            self.keys = [""]
        else:
            for i in range(len(wanted)):
                key = f"input/{i}"
                if key not in file:
                    raise RunError(f"{file.where} has no {key!r} (it holds: {file.key_list()}); the model has "
                                   f"{len(wanted)} input{'s' if len(wanted) != 1 else ''}: save them with "
                                   "numpy.savez(path, **{'input/0': x0, ...}), or give one input as an .npy")
                self.keys.append(key)
        for key, (name, want) in zip(self.keys, wanted, strict=True):
            self.shapes.append(_check_input(file.describe(key), file.header(key), name, want, name in ids))
        batches = {s[0] for s in self.shapes}
        if len(batches) > 1:
            raise RunError(f"{file.where} holds inputs with different batch sizes "
                           f"({', '.join(fmt_dims(s) for s in self.shapes)}); every input needs the same")

    @property
    def raw_bytes(self) -> int:
        return sum(self.file.header(k).nbytes for k in self.keys)

    def load(self, limit: int, summary: Summary) -> list[Any]:
        """The arrays as float32, once the ids of every Embedding an input feeds directly are
        checked in their saved dtype (float32 would round ids past 2**24)."""
        names = [name for name, _ in model_inputs(summary)]
        raw = [np.asarray(self.file.load(k, limit)) for k in self.keys]
        for layer, source in _embeddings_fed(summary, set(names)):
            x = raw[names.index(source)]
            _ids(layer, x if x.dtype.kind in "iu" else x.astype(np.float64))
        return [np.asarray(x, dtype=np.float32) for x in raw]


def _embeddings_fed(summary: Summary, inputs: set[str]) -> list[tuple[Any, str]]:
    """(Embedding layer, model input) for each Embedding that reads a model input directly."""
    found = []
    previous = next(iter(inputs), "") if len(inputs) == 1 else ""
    for built in summary.constructed:
        if built.spec.type == "Embedding" and built.layer is not None:
            source = built.spec.inputs[0].name if built.spec.inputs else previous
            if source in inputs:
                found.append((built.layer, source))
        previous = built.name
    return found


def _random_shapes(summary: Summary, batch: int, timesteps: int | None) -> list[Dims]:
    return [tuple(batch if i == 0 and d is None else (d if d is not None else timesteps or 10)
                  for i, d in enumerate(shape)) for _, shape in model_inputs(summary)]


def _id_inputs(summary: Summary) -> tuple[set[str], int]:
    """The inputs that feed an Embedding (all of them when one is fed indirectly), and the
    smallest vocabulary, so random ids are valid for every Embedding."""
    inputs = {name for name, _ in model_inputs(summary)}
    fed: set[str] = set()
    vocab = 0
    previous = next(iter(inputs), "")
    for built in summary.constructed:
        if built.spec.type == "Embedding" and built.layer is not None:
            source = built.spec.inputs[0].name if built.spec.inputs else previous
            fed |= {source} if source in inputs else inputs
            size = int(getattr(built.layer, "input_dim", 1))
            vocab = size if not vocab else min(vocab, size)
        previous = built.name
    return fed, max(vocab, 1)


def _random_inputs(summary: Summary, shapes: list[Dims], rng: np.random.Generator) -> list[Any]:
    fed, vocab = _id_inputs(summary)
    arrays = []
    for (name, _), dims in zip(model_inputs(summary), shapes, strict=True):
        if name in fed:
            arrays.append(rng.integers(0, vocab, size=dims).astype(np.float32))
        else:
            arrays.append(rng.normal(size=dims).astype(np.float32))
    return arrays


# --- weights ----------------------------------------------------------------------------------
def _check_weights(file: ArrayFile, summary: Summary) -> int:
    """Check every weight the model needs by its header; the bytes they will take to load."""
    if file.kind != "npz":
        raise ArrayFileError(f"{file.where} is a single .npy array; --weights takes an .npz with one member "
                             "per weight, keyed '<layer>/<i>' in Keras's get_weights() order "
                             "(numpy.savez(path, **{'lstm/0': kernel, ...}))")
    total = 0
    for row in summary.layers:
        if row.is_input or row.layer is None:
            continue
        for i, weight in enumerate(row.weights):
            key = f"{row.name}/{i}"
            where = file.describe(key)
            if key not in file:
                raise RunError(f"the weights file has no {_shown(repr(key))}: layer {_shown(repr(row.name))} "
                               f"expects {[w.shape for w in row.weights]} ({', '.join(w.name for w in row.weights)})"
                               f"; it holds: {file.key_list()}")
            head = file.header(key)
            if not head.numeric:
                raise RunError(f"{where} holds {describe_dtype(head.dtype)}; the {weight.name} of layer "
                               f"{_shown(repr(row.name))} must be real numbers (float32)")
            if head.shape != tuple(weight.shape):
                raise RunError(f"layer {_shown(repr(row.name))} expects weights of shapes "
                               f"{[w.shape for w in row.weights]} (Keras's get_weights() order), got "
                               f"{fmt_dims(head.shape)} for {weight.name} ({where})")
            total += head.nbytes
    return total


def _load_weights(file: ArrayFile, summary: Summary, limit: int) -> dict[str, Any]:
    return {key: file.load(key, limit) for row in summary.layers if not row.is_input and row.layer is not None
            for key in (f"{row.name}/{i}" for i in range(len(row.weights)))}


# --- output -----------------------------------------------------------------------------------
def _preview(array: Any) -> str:
    values = np.asarray(array)
    flat = values.flat[:5]  # .ravel() would copy a whole non-contiguous output
    return "[" + ", ".join(f"{v: .4f}" for v in flat) + (", ..." if values.size > 5 else "") + "]"


def _npz_bytes(outputs: dict[str, list[Any]]) -> bytes:
    buffer = io.BytesIO()  # a file object: numpy adds no .npz suffix and writes nothing to disk
    np.savez(buffer, **{f"{name}/{j}": a for name, arrays in outputs.items() for j, a in enumerate(arrays)})
    return buffer.getvalue()


def _non_finite_note(summary: Summary, inputs: list[Any], outputs: dict[str, list[Any]]) -> str | None:
    """One line when NaN or inf came in or came out, instead of numpy's warning per operation."""
    if any(not np.isfinite(x).all() for x in inputs):
        return ("the input holds NaN or infinite values (or values too large for float32); they are computed "
                "as Keras would, and spread through the layers")
    for row in summary.layers:
        if not row.is_input and any(not np.isfinite(a).all() for a in outputs[row.name]):
            return (f"layer {_shown(repr(row.name))} outputs NaN or infinite values (float32 overflow); check "
                    "the weights for NaN, inf or very large values")
    return None


# --- the command ------------------------------------------------------------------------------
def _budget(plan_: Plan, max_memory: int, given_input: bool, batch: int, variable: bool) -> str | None:
    if plan_.memory > max_memory:
        lower = ("use a smaller input array" if given_input
                 else f"lower --batch ({batch}){' or --timesteps' if variable else ''}")
        return (f"this run needs about {size_text(plan_.memory)} (outputs of every layer for batch {plan_.batch} "
                f"plus the weights), over --max-memory {size_text(max_memory)}; {lower}, or raise --max-memory")
    if plan_.steps > MAX_STEPS or plan_.macs > MAX_MACS:
        lower = ("a smaller input array" if given_input
                 else f"a lower --batch{' or --timesteps' if variable else ''}")
        if plan_.init_macs > MAX_MACS // 2:
            lower = ("--weights: drawing random orthogonal initial weights this large alone takes "
                     f"{plan_.init_macs:,} multiply-adds")
        return (f"this run would take {plan_.steps:,} sequential steps and about {plan_.macs:,} multiply-adds, "
                f"over lstmcalc's caps ({MAX_STEPS:,} and {MAX_MACS:,}) for a numpy reference run; "
                f"use {lower}")
    return None


def execute(summary: Summary, *, weights: str | None, input_path: str | None, batch: int, timesteps: int | None,
            seed: int, output: str | None, trace_layer: str | None, max_memory: int, force: bool) -> int:
    for d in summary.diagnostics:
        sys.stderr.write(diagnostic_line(summary.path, d) + "\n")
    if not summary.ok or not summary.built:
        return 1
    if summary.models:
        model = summary.models[0]
        return _fail(f"{quoted(model.name)} is a {model.type} model used as a layer; lstmcalc run computes the "
                     "layers of one model and does not run nested models yet")
    if summary.shared:
        name = quoted(summary.shared[0].name)
        return _fail(f"{name} is called more than once (a shared layer); lstmcalc run computes one call per layer "
                     "and does not run shared layers yet")
    if not model_inputs(summary):
        return _fail("the model has no input to feed")
    refusal = _options_refusal(summary, trace_layer, timesteps, input_path)
    if refusal is not None:
        return _usage(refusal)
    if output:
        check_target(output, force=force)  # refused before the run, not after it
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # NaN and inf inputs are computed, as Keras would; numpy's overflow and invalid-value
        # warnings would only repeat that, once per operation.
        warnings.simplefilter("ignore")
        try:
            return _execute(summary, weights=weights, input_path=input_path, batch=batch, timesteps=timesteps,
                            seed=seed, output=output, trace_layer=trace_layer, max_memory=max_memory, force=force)
        except RunError as exc:
            return _fail(str(exc), exc.code)
        except NotImplementedError as exc:
            return _fail(f"{exc}; lstmcalc run covers the layers and options of Keras inference it "
                         "documents, and can still print shapes with `lstmcalc summary`")
        except MemoryError:
            return _fail("ran out of memory; lower --max-memory so lstmcalc refuses such runs before they start, "
                         "or use a smaller input")


TRACEABLE = ("LSTM", "GRU", "SimpleRNN")


def _variable(summary: Summary) -> bool:
    """Whether some input has a variable (None) size past the batch axis, which --timesteps sets."""
    return any(d is None for _, shape in model_inputs(summary) for d in shape[1:])


def _options_refusal(summary: Summary, trace_layer: str | None, timesteps: int | None,
                     input_path: str | None) -> str | None:
    """Why --trace or --timesteps does not apply to this model, or None: an option that
    would be ignored is refused rather than dropped silently."""
    if trace_layer is not None:
        rows = {r.name: r for r in summary.layers}
        recurrent = [r.name for r in summary.layers if r.layer is not None and r.layer.type_name in TRACEABLE]
        listed = ", ".join(_shown(n) for n in recurrent[:8]) or "none"
        if trace_layer not in rows:
            return f"--trace: no layer {quoted(trace_layer)} to trace; the recurrent layers are: {listed}"
        row = rows[trace_layer]
        kind = row.layer.type_name if row.layer is not None else "Input"
        if kind not in TRACEABLE:
            return (f"--trace {quoted(trace_layer)} is a {_shown(kind)} layer; --trace shows the gates of an "
                    f"LSTM, GRU or SimpleRNN at each timestep; the model's are: {listed}")
    if timesteps is not None:
        if input_path is not None:
            return "--timesteps sets the length of the random input; --input gives its own, so drop --timesteps"
        if not _variable(summary):
            fixed = ", ".join(f"{_shown(repr(n))} {_expected_text(s)}" for n, s in model_inputs(summary)[:4])
            return (f"--timesteps is for inputs of variable (None) length, and this model's are fixed: "
                    f"{fixed}; drop --timesteps, or give the Input shape=(None, features)")
    return None


def _execute(summary: Summary, *, weights: str | None, input_path: str | None, batch: int, timesteps: int | None,
             seed: int, output: str | None, trace_layer: str | None, max_memory: int, force: bool) -> int:
    wanted = model_inputs(summary)
    if any(len(shape) > MAX_RANK for _, shape in wanted):
        return _fail(f"the model's inputs have more than {MAX_RANK} axes")
    with _maybe_open(weights, "--weights") as weight_file, _maybe_open(input_path, "--input") as input_file:
        weight_bytes = _check_weights(weight_file, summary) if weight_file else 0
        given = _Inputs(input_file, wanted, _id_inputs(summary)[0]) if input_file else None
        shapes = given.shapes if given else _random_shapes(summary, batch, timesteps)
        input_bytes = given.raw_bytes if given else 0
        plan_ = plan(summary, shapes, with_output_file=bool(output), extra_bytes=weight_bytes + input_bytes,
                     random_weights=weight_file is None)
        refusal = _budget(plan_, max_memory, given is not None, batch, _variable(summary))
        if refusal:
            return _fail(refusal)
        rng = np.random.default_rng(seed)
        loaded = _load_weights(weight_file, summary, max_memory) if weight_file else None
        params = prepare_weights(summary, loaded, seed)
        inputs = given.load(max_memory, summary) if given else _random_inputs(summary, shapes, rng)
    outputs, trace = run(summary, params, inputs, trace_layer, expected=plan_.shapes)
    _say(f'Model "{_shown(summary.name)}": {len(inputs)} input(s) '
         + ", ".join(str(tuple(x.shape)) for x in inputs))
    for row in summary.layers:
        if row.is_input:
            continue
        for j, array in enumerate(outputs[row.name]):
            label = _shown(row.name) if len(outputs[row.name]) == 1 else f"{_shown(row.name)}[{j}]"
            _say(f"  {label:<28} {tuple(array.shape)!s:<18} {_preview(array)}")
    if trace:
        _say(f"\ntrace of {_shown(trace_layer or '')}, sample 0 (gate values for each timestep):")
        for step in trace:
            parts = "  ".join(f"{k}={_preview(v)}" for k, v in step.items() if k != "t")
            _say(f"  t={step['t']:<3} {parts}")
    note = _non_finite_note(summary, inputs, outputs)
    if note is not None:
        sys.stderr.write(f"lstmcalc run: note: {note}\n")
    if output:
        write_atomic(output, _npz_bytes(outputs), force=force)
        _say(f"saved every layer's outputs to {visible(output, 200)}")
    return 0


def _maybe_open(path: str | None, label: str) -> contextlib.AbstractContextManager[ArrayFile | None]:
    """An ArrayFile for PATH (closed on exit), or None when the option was not given."""
    return ArrayFile(path, label) if path is not None else contextlib.nullcontext()
