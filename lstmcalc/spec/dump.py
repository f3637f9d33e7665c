"""LayerSpec values back to spec v1 YAML (one flow-style mapping per layer, like specs/)."""

from __future__ import annotations

from typing import Any

import yaml

from lstmcalc.spec.model import LayerSpec, Ref
from lstmcalc.spec.naming import layer_names


def layer_dict(layer: LayerSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": layer.type}
    if layer.name:
        out["name"] = layer.name
    if layer.model is not None:  # a model used as a layer: its own layers and outputs
        out["layers"] = entries(layer.model.layers)
        if layer.model.outputs:
            out["outputs"] = [str(ref) for ref in layer.model.outputs]
    for key, arg in layer.args.items():
        if key == "definition" and hasattr(arg.value, "declared"):  # a user's class read from code
            out.update(arg.value.declared())  # what it amounts to, declared
            continue
        out[key] = arg.value
    for key, inner in layer.wrapped.items():
        out[key] = layer_dict(inner)
    if layer.inputs is not None:
        out["inputs"] = [str(ref) for ref in layer.inputs]
    if layer.initial_state:
        out["initial_state"] = [str(ref) for ref in layer.initial_state]
    return out


def entries(layers: list[LayerSpec] | tuple[LayerSpec, ...]) -> list[dict[str, Any]]:
    """The `layers:` list: each layer, then a `{call: NAME, ...}` entry for each further
    call of a shared layer. The calls come last, where everything they may consume is
    listed; they keep their order, so each keeps its node index."""
    out = [layer_dict(layer) for layer in layers]
    if any(layer.calls for layer in layers):
        for layer, name in zip(layers, layer_names(layers), strict=True):
            for call in layer.calls:
                entry: dict[str, Any] = {"call": name, "inputs": [str(ref) for ref in call.inputs]}
                if call.initial_state:
                    entry["initial_state"] = [str(ref) for ref in call.initial_state]
                out.append(entry)
    return out


def spec_dict(layers: list[LayerSpec] | tuple[LayerSpec, ...], name: str | None = None,
              outputs: tuple[Ref, ...] = (), inputs: tuple[Ref, ...] = ()) -> dict[str, Any]:
    """The spec v1 mapping: name, layers (with their graph links), the model's outputs and inputs."""
    body: dict[str, Any] = {}
    if name:
        body["name"] = name
    body["layers"] = entries(layers)
    if outputs:
        body["outputs"] = [str(ref) for ref in outputs]
    if inputs:
        body["inputs"] = [str(ref) for ref in inputs]
    return body


def _flow(value: Any) -> str:
    """VALUE as one line of flow-style YAML; PyYAML quotes and escapes every string."""
    return str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10_000,
                              allow_unicode=False)).strip().removesuffix("...").strip()


def to_yaml(layers: list[LayerSpec] | tuple[LayerSpec, ...], name: str | None = None,
            outputs: tuple[Ref, ...] = (), inputs: tuple[Ref, ...] = ()) -> str:
    lines = [] if not name else [f"name: {_flow(name)}"]
    lines.append("layers:")
    lines.extend(f"  - {_flow(entry)}" for entry in entries(layers))
    if outputs:
        lines.append(f"outputs: {_flow([str(ref) for ref in outputs])}")
    if inputs:
        lines.append(f"inputs: {_flow([str(ref) for ref in inputs])}")
    return "\n".join(lines) + "\n"
