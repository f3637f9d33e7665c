"""The typed form of a spec v1 file."""

from __future__ import annotations

from typing import Any, NamedTuple

from lstmcalc.span import Span


class ArgSpec(NamedTuple):
    """One constructor argument as written: its plain value, and where value and key sit."""

    value: Any
    span: Span
    key_span: Span


class LayerSpec(NamedTuple):
    """One layer entry. Wrapped layers (`layer:` of Bidirectional/TimeDistributed) nest."""

    type: str
    span: Span
    type_span: Span
    name: str | None = None
    name_span: Span | None = None
    args: dict[str, ArgSpec] = {}  # noqa: RUF012 - never mutated after parsing
    wrapped: dict[str, LayerSpec] = {}  # noqa: RUF012 - never mutated after parsing  # "layer", "backward_layer"
    wrapped_spans: dict[str, Span] = {}  # noqa: RUF012 - never mutated after parsing


class ModelSpec(NamedTuple):
    path: str
    layers: tuple[LayerSpec, ...]
    name: str | None = None
    name_span: Span | None = None
