"""LayerSpec values back to spec v1 YAML (one flow-style mapping per layer, like specs/)."""

from __future__ import annotations

from typing import Any

import yaml

from lstmcalc.spec.model import LayerSpec, Ref


def layer_dict(layer: LayerSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": layer.type}
    if layer.name:
        out["name"] = layer.name
    for key, arg in layer.args.items():
        out[key] = arg.value
    for key, inner in layer.wrapped.items():
        out[key] = layer_dict(inner)
    if layer.inputs is not None:
        out["inputs"] = [str(ref) for ref in layer.inputs]
    if layer.initial_state:
        out["initial_state"] = [str(ref) for ref in layer.initial_state]
    return out


def spec_dict(layers: list[LayerSpec] | tuple[LayerSpec, ...], name: str | None = None,
              outputs: tuple[Ref, ...] = ()) -> dict[str, Any]:
    """The spec v1 mapping: name, layers (with their graph links) and the model's outputs."""
    body: dict[str, Any] = {}
    if name:
        body["name"] = name
    body["layers"] = [layer_dict(layer) for layer in layers]
    if outputs:
        body["outputs"] = [str(ref) for ref in outputs]
    return body


def _flow(value: Any) -> str:
    """VALUE as one line of flow-style YAML; PyYAML quotes and escapes every string."""
    return str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10_000,
                              allow_unicode=False)).strip().removesuffix("...").strip()


def to_yaml(layers: list[LayerSpec] | tuple[LayerSpec, ...], name: str | None = None,
            outputs: tuple[Ref, ...] = ()) -> str:
    lines = [] if not name else [f"name: {_flow(name)}"]
    lines.append("layers:")
    lines.extend(f"  - {_flow(layer_dict(layer))}" for layer in layers)
    if outputs:
        lines.append(f"outputs: {_flow([str(ref) for ref in outputs])}")
    return "\n".join(lines) + "\n"
