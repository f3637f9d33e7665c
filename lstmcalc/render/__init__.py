"""Renderers: Summary values -> output. One function per format, chosen from a dict."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from lstmcalc.engine.results import Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.json_out import render_json
from lstmcalc.render.text import render_text


class Format(str, Enum):
    TEXT = "text"
    JSON = "json"

    def __str__(self) -> str:
        return self.value


Renderer = Callable[[list[Summary], RenderContext], None]

RENDERERS: dict[Format, Renderer] = {
    Format.TEXT: render_text,
    Format.JSON: render_json,
}

__all__ = ["RENDERERS", "Format", "RenderContext", "Renderer"]
