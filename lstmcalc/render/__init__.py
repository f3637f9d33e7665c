"""Renderers: Summary values -> output. One function per format, chosen from a dict."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from lstmcalc.engine.results import Summary
from lstmcalc.render.context import RenderContext
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


def _lazy(module: str, name: str) -> Renderer:
    """A renderer imported when first used: a text summary (the common case, and the one
    bench/bench_summary.py times) does not pay for the file formats' modules."""
    def render(summaries: list[Summary], ctx: RenderContext) -> None:
        from importlib import import_module

        getattr(import_module(module), name)(summaries, ctx)

    return render


RENDERERS: dict[Format, Renderer] = {
    Format.TEXT: render_text,
    Format.JSON: _lazy("lstmcalc.render.json_out", "render_json"),
    Format.MARKDOWN: _lazy("lstmcalc.render.export", "render_markdown"),
    Format.HTML: _lazy("lstmcalc.render.export", "render_html"),
    Format.SVG: _lazy("lstmcalc.render.export", "render_svg"),
}

__all__ = ["RENDERERS", "Format", "RenderContext", "Renderer"]
