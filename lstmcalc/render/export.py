"""Handout formats of the summary: Markdown, and SVG/HTML exported by rich.

SVG and HTML are rich's own export of the table as a terminal shows it (with Keras's
colours). rich's SVG template pulls the Fira Code font from a CDN; we drop those
@font-face rules so the file stands alone and falls back to the local monospace font.
"""

from __future__ import annotations

import io
import re

from lstmcalc.diagnostics import cap_findings
from lstmcalc.engine.results import Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.diagnostics import diagnostic_line
from lstmcalc.render.keras_table import (
    connections,
    default_line_length,
    format_params,
    format_shape,
    readable_memory_size,
)
from lstmcalc.safety.text import markdown_cell, visible

_FONT_FACE = re.compile(r"\s*@font-face\s*\{\{.*?\}\}", re.S)


def _standalone_svg_format() -> str:
    from rich._export_format import CONSOLE_SVG_FORMAT

    return _FONT_FACE.sub("", CONSOLE_SVG_FORMAT).replace('"Fira Code", monospace', "ui-monospace, Menlo, Consolas, monospace")


def _record(summaries: list[Summary], ctx: RenderContext):  # type: ignore[no-untyped-def]
    from rich.console import Console

    from lstmcalc.render.keras_table import print_summary

    widths = [ctx.table_options(s)[0] or default_line_length(s) for s in summaries if s.ok]
    console = Console(record=True, file=io.StringIO(), width=max([*widths, 40]), force_terminal=True,
                      color_system="truecolor", highlight=False)
    first = True
    for s in summaries:
        if not s.ok:
            continue
        if not first:
            console.print()
        first = False
        length, expand = ctx.table_options(s)
        print_summary(s, console, length, expand_nested=expand)
    return console


def _report_problems(summaries: list[Summary], ctx: RenderContext) -> None:
    for s in summaries:
        for d in cap_findings(list(s.diagnostics)):
            ctx.err.write(diagnostic_line(s.path, d) + "\n")


def render_svg(summaries: list[Summary], ctx: RenderContext) -> None:
    _report_problems(summaries, ctx)
    title = visible(", ".join(s.name for s in summaries if s.ok) or "lstmcalc", 200)
    ctx.out.write(_record(summaries, ctx).export_svg(title=title, code_format=_standalone_svg_format()))


def render_html(summaries: list[Summary], ctx: RenderContext) -> None:
    _report_problems(summaries, ctx)
    ctx.out.write(_record(summaries, ctx).export_html(inline_styles=True))


def _md_cell(text: str) -> str:
    return markdown_cell(text)


def plain(markup: str) -> str:
    """Keras's rich markup without the styles."""
    from rich.text import Text

    return Text.from_markup(markup).plain


def render_markdown(summaries: list[Summary], ctx: RenderContext) -> None:
    _report_problems(summaries, ctx)
    out: list[str] = []
    for s in summaries:
        if not s.ok:
            continue
        header = ["Layer (type)", "Output Shape", "Param #"] + ([] if s.sequential_like else ["Connected to"])
        out += [f'**Model: "{markdown_cell(s.name)}"**', "", "| " + " | ".join(header) + " |",
                "| --- | --- | ---: |" + ("" if s.sequential_like else " --- |")]
        for row in s.table_rows:
            if row.is_input and not s.functional:
                continue
            cells = [f"{row.name} ({row.type})", plain(format_shape(row)), plain(format_params(row, s.built))]
            if not s.sequential_like:
                cells.append(plain(connections(row)))
            out.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        t, f = s.trainable_bytes, s.non_trainable_bytes
        out += ["", f"- **Total params:** {s.total_params:,} ({readable_memory_size(t + f)})",
                f"- **Trainable params:** {s.trainable_params:,} ({readable_memory_size(t)})",
                f"- **Non-trainable params:** {s.non_trainable_params:,} ({readable_memory_size(f)})", ""]
    ctx.out.write("\n".join(out))
