"""The typed form of a spec v1 file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lstmcalc.span import Span


@dataclass(frozen=True, slots=True)
class ArgSpec:
    """One constructor argument as written: its plain value, and where value and key sit."""

    value: Any
    span: Span
    key_span: Span


@dataclass(frozen=True, slots=True)
class LayerSpec:
    """One layer entry. Wrapped layers (`layer:` of Bidirectional/TimeDistributed) nest."""

    type: str
    span: Span
    type_span: Span
    name: str | None = None
    name_span: Span | None = None
    args: dict[str, ArgSpec] = field(default_factory=dict)
    wrapped: dict[str, LayerSpec] = field(default_factory=dict)  # "layer", "backward_layer"
    wrapped_spans: dict[str, Span] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModelSpec:
    path: str
    layers: tuple[LayerSpec, ...]
    name: str | None = None
    name_span: Span | None = None
