"""Renderers: Summary values -> output. One function per format, chosen from a dict."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from lstmcalc.engine.results import Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.export import render_html, render_markdown, render_svg
from lstmcalc.render.json_out import render_json
from lstmcalc.render.text import render_text


class Format(str, Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    SVG = "svg"

    def __str__(self) -> str:
        return self.value


Renderer = Callable[[list[Summary], RenderContext], None]

RENDERERS: dict[Format, Renderer] = {
    Format.TEXT: render_text,
    Format.JSON: render_json,
    Format.MARKDOWN: render_markdown,
    Format.HTML: render_html,
    Format.SVG: render_svg,
}

__all__ = ["RENDERERS", "Format", "RenderContext", "Renderer"]
