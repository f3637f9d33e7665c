"""`lstmcalc run`: inputs and weights in, each layer's outputs printed and saved."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

from lstmcalc.engine.results import Summary
from lstmcalc.numeric.forward import RunError, memory_estimate, prepare_weights, run
from lstmcalc.render.diagnostics import diagnostic_line


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str) -> int:
    sys.stderr.write(f"lstmcalc run: {text}\n")
    return 1


def _random_inputs(summary: Summary, batch: int, timesteps: int | None, rng: np.random.Generator) -> list[Any]:
    shapes = [r.output_shape for r in summary.layers if r.is_input] if summary.functional else \
        [summary.layers[0].input_shape]
    ids = {b.name for b in summary.constructed if b.spec.type == "Embedding"}
    arrays = []
    for shape in shapes:
        assert shape is not None
        dims = tuple(batch if i == 0 and d is None else (d if d is not None else timesteps or 10)
                     for i, d in enumerate(shape))
        if ids and len(shape) <= 3:
            vocab = min(getattr(b.layer, "input_dim", 2) for b in summary.constructed if b.spec.type == "Embedding")
            arrays.append(rng.integers(0, vocab, size=dims).astype(np.float32))
        else:
            arrays.append(rng.normal(size=dims).astype(np.float32))
    return arrays


def _load_inputs(path: str, count: int) -> list[Any]:
    data = np.load(path, allow_pickle=False)
    if isinstance(data, np.ndarray):
        return [data]
    return [data[f"input/{i}"] for i in range(count)]


def _preview(array: Any) -> str:
    flat = np.asarray(array).ravel()[:5]
    return "[" + ", ".join(f"{v: .4f}" for v in flat) + (", ..." if np.asarray(array).size > 5 else "") + "]"


def execute(summary: Summary, *, weights: str | None, input_path: str | None, batch: int, timesteps: int | None,
            seed: int, output: str | None, trace_layer: str | None, max_memory: int, force: bool) -> int:
    for d in summary.diagnostics:
        sys.stderr.write(diagnostic_line(summary.path, d) + "\n")
    if not summary.ok or not summary.built:
        return 1
    if trace_layer is not None and trace_layer not in {r.name for r in summary.layers}:
        return _fail(f"no layer {trace_layer!r} to trace")
    need = memory_estimate(summary, batch, timesteps)
    if need > max_memory:
        return _fail(f"this run needs about {need / 2**20:,.1f} MiB (outputs of every layer for batch {batch} "
                     f"plus the weights), over --max-memory {max_memory / 2**20:,.1f} MiB; lower --batch or "
                     "--timesteps, or raise --max-memory")
    if output and Path(output).exists() and not force:
        return _fail(f"{output} exists; pass --force to overwrite it")
    rng = np.random.default_rng(seed)
    try:
        given = dict(np.load(weights, allow_pickle=False)) if weights else None
        params = prepare_weights(summary, given, seed)
        count = sum(1 for r in summary.layers if r.is_input) if summary.functional else 1
        inputs = _load_inputs(input_path, count) if input_path else _random_inputs(summary, batch, timesteps, rng)
        outputs, trace = run(summary, params, inputs, trace_layer)
    except (RunError, ValueError, KeyError, OSError, NotImplementedError) as exc:
        return _fail(str(exc))
    _say(f'Model "{summary.name}": {len(inputs)} input(s) {", ".join(str(tuple(x.shape)) for x in inputs)}')
    for row in summary.layers:
        if row.is_input:
            continue
        for j, array in enumerate(outputs[row.name]):
            label = row.name if len(outputs[row.name]) == 1 else f"{row.name}[{j}]"
            _say(f"  {label:<28} {tuple(array.shape)!s:<18} {_preview(array)}")
    if trace:
        _say(f"\ntrace of {trace_layer}, sample 0 (gate values for each timestep):")
        for step in trace:
            parts = "  ".join(f"{k}={_preview(v)}" for k, v in step.items() if k != "t")
            _say(f"  t={step['t']:<3} {parts}")
    if output:
        np.savez(output, **{f"{name}/{j}": a for name, arrays in outputs.items() for j, a in enumerate(arrays)})
        _say(f"saved every layer's outputs to {output}")
    return 0
