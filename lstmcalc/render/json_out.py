"""The JSON contract of ../shared/conformance/README.md, one object per spec."""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import cap_findings
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.diagnostics import diagnostic_json


def layer_json(layer: LayerResult) -> dict[str, Any]:
    return {
        "name": layer.name,
        "type": layer.type,
        "output_shape": ([list(s) for s in layer.outputs] if layer.outputs else
                         list(layer.output_shape) if layer.output_shape is not None else None),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "weights": [{"name": w.name, "shape": list(w.shape), "trainable": w.trainable}
                    for w in layer.weights],
        # Keras's "Connected to": the tensors this layer consumes, mask tensors included
        "inputs": [f"{name}[{index}]" for name, index in
                   zip(layer.inputs, layer.input_indices or (0,) * len(layer.inputs), strict=True)],
        "cell": layer.span.cell,  # the notebook cell (as ruff's JSON), else null
        "line": layer.span.line,
        "column": layer.span.column,
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    complete = summary.ok and summary.built
    return {
        "path": summary.path,
        "name": summary.name,
        "ok": summary.ok,
        "layers": [layer_json(layer) for layer in summary.layers],
        "total_params": summary.total_params if complete else None,
        "trainable_params": summary.trainable_params if complete else None,
        "non_trainable_params": summary.non_trainable_params if complete else None,
        "diagnostics": [diagnostic_json(d) for d in cap_findings(list(summary.diagnostics))],
    }


def render_json(summaries: list[Summary], ctx: RenderContext) -> None:
    import json

    json.dump([summary_json(s) for s in summaries], ctx.out, indent=2)
    ctx.out.write("\n")
