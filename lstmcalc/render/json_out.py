"""The JSON contract of ../shared/conformance/README.md, one object per spec."""

from __future__ import annotations

from typing import Any

from lstmcalc.diagnostics import cap_findings
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.diagnostics import diagnostic_json
from lstmcalc.spec.naming import MODEL_TYPES


def _shape(call: LayerResult) -> Any:
    return ([list(s) for s in call.outputs] if call.outputs else
            list(call.output_shape) if call.output_shape is not None else None)


def _links(call: LayerResult) -> list[str]:
    """The tensors a call consumes, as spec references: `enc[1]`, or `enc@2[1]` for the
    outputs of enc's call 2."""
    return [f"{name}[{index}]" if node == 0 else f"{name}@{node}[{index}]" for name, node, index in call.links()]


def layer_json(layer: LayerResult) -> dict[str, Any]:
    in_model = range(len(layer.nodes)) if layer.model_nodes is None else layer.model_nodes
    entry: dict[str, Any] = {
        "name": layer.name,
        "type": layer.type,
        # as Keras prints it: the shapes of the layer's latest call
        "output_shape": _shape(layer.last_call),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "weights": [{"name": w.name, "shape": list(w.shape), "trainable": w.trainable}
                    for w in layer.weights],
        # Keras's "Connected to": the tensors this layer's calls in the model consume, mask tensors included
        "inputs": [link for n in in_model for link in _links(layer.nodes[n])],
        # each call (Keras node) of the layer, in this model or another one
        "nodes": [{"node": n, "inputs": _links(call), "input_shape": list(call.input_shape)
                   if call.input_shape is not None else None, "output_shape": _shape(call), "in_model": n in in_model}
                  for n, call in enumerate(layer.nodes)],
        "cell": layer.span.cell,  # the notebook cell (as ruff's JSON), else null
        "line": layer.span.line,
        "column": layer.span.column,
    }
    if layer.type in MODEL_TYPES:
        # a model used as a layer: its own rows, as summary(expand_nested=True) lists them
        entry["layers"] = [layer_json(inner) for inner in layer.nested]
    return entry


def summary_json(summary: Summary) -> dict[str, Any]:
    from lstmcalc.engine.optimizers import optimizer_params

    complete = summary.ok and summary.built
    optimizer = optimizer_params(summary)
    return {
        "path": summary.path,
        "name": summary.name,
        "ok": summary.ok,
        # which Keras the result answers for (--keras 2: tf_keras 2.21; else Keras 3)
        "keras": summary.keras,
        # tf.keras 2's model.layers is in its table's order (by depth); Keras 3's in construction order
        "layers": [layer_json(layer) for layer in (
            [r for r in summary.table_rows if not r.is_op] if summary.keras == 2 and summary.functional
            else summary.layers)],
        "total_params": summary.total_params if complete else None,
        "trainable_params": summary.trainable_params if complete else None,
        "non_trainable_params": summary.non_trainable_params if complete else None,
        # the built optimizer's state (--optimizer, or a fit() before summary() in code): Keras's
        # `Optimizer params` footer line, which its printed Total adds to total_params
        **({"optimizer_params": optimizer[0] if complete else None,
            "optimizer_bytes": optimizer[1] if complete else None} if optimizer else {}),
        "diagnostics": [diagnostic_json(d) for d in cap_findings(list(summary.diagnostics))],
    }


def render_json(summaries: list[Summary], ctx: RenderContext) -> None:
    import json

    json.dump([summary_json(s) for s in summaries], ctx.out, indent=2)
    ctx.out.write("\n")
