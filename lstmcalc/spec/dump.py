"""LayerSpec values back to spec v1 YAML (one flow-style mapping per layer, like specs/)."""

from __future__ import annotations

from typing import Any

import yaml

from lstmcalc.spec.model import LayerSpec


def layer_dict(layer: LayerSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": layer.type}
    if layer.name:
        out["name"] = layer.name
    for key, arg in layer.args.items():
        out[key] = arg.value
    for key, inner in layer.wrapped.items():
        out[key] = layer_dict(inner)
    return out


def spec_dict(layers: list[LayerSpec] | tuple[LayerSpec, ...], name: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if name:
        body["name"] = name
    body["layers"] = [layer_dict(layer) for layer in layers]
    return body


def to_yaml(layers: list[LayerSpec] | tuple[LayerSpec, ...], name: str | None = None) -> str:
    lines = [] if not name else [f"name: {yaml.safe_dump(name, default_flow_style=True).strip().removesuffix('...').strip()}"]
    lines.append("layers:")
    for layer in layers:
        flow = yaml.safe_dump(layer_dict(layer), default_flow_style=True, sort_keys=False, width=10_000).strip()
        lines.append(f"  - {flow}")
    return "\n".join(lines) + "\n"
