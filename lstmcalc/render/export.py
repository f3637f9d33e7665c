"""Handout formats of the summary: Markdown, and SVG/HTML drawn from Keras's table.

The table is Keras's own (render/keras_table.py), printed at Keras's own width for its kind
of model (88 or 108, `natural_line_length`), never the width of whatever terminal the command
was run from: a page has no terminal. Its colours are then mapped from Keras's xterm-256
numbers to the chosen theme's roles (render/themes.py) and drawn by rich's SVG/HTML export.
rich's SVG template pulls the Fira Code font from a CDN; we drop those @font-face rules so
the file stands alone and falls back to the local monospace font.
"""

from __future__ import annotations

import io
import re

from lstmcalc.diagnostics import cap_findings
from lstmcalc.engine.optimizers import optimizer_params
from lstmcalc.engine.results import Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.diagnostics import diagnostic_line
from lstmcalc.render.keras_table import (
    connections,
    format_params,
    natural_line_length,
    readable_memory_size,
)
from lstmcalc.render.themes import KERAS_ROLES, Palette, palette
from lstmcalc.safety.text import markdown_cell, xml_text

_FONT_FACE = re.compile(r"\s*@font-face\s*\{\{.*?\}\}", re.S)
_MONOSPACE = "ui-monospace, Menlo, 'DejaVu Sans Mono', Consolas, monospace"

# The light SVG: the table on a plain page, no window chrome (it prints as a page does).
# {title_tag} is filled (escaped) before rich's own placeholders; the viewBox is widened
# afterwards by the margin (see _widen), since str.format cannot add.
_LIGHT_SVG = """<svg class="rich-terminal" viewBox="0 0 {terminal_width} {terminal_height}" \
xmlns="http://www.w3.org/2000/svg">
    {title_tag}
    <style>
    .{unique_id}-matrix {{
        font-family: MONOSPACE;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}
    {styles}
    </style>
    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>
    <rect x="-MARGIN" y="-MARGIN" width="100%" height="100%" fill="BACKGROUND"/>
    <g clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
""".replace("MONOSPACE", _MONOSPACE)
_SVG_MARGIN = 12

_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 1.5rem; color: {text}; background: {background};
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
pre {{ font-family: {mono}; font-size: 13px; line-height: 1.18; margin: 0 0 1.5rem; white-space: pre; }}
.model {{ break-inside: avoid; page-break-inside: avoid; }}
@page {{ margin: 12mm; }}
@media print {{
  body {{ margin: 0; padding: 3mm; }}
  /* the widest table fits the printable width of A4 and Letter (about 500pt, padding included) */
  pre {{ font-size: {print_size}pt; }}
}}
</style>
</head>
<body>
{models}
</body>
</html>
"""


def _standalone_svg_format() -> str:
    from rich._export_format import CONSOLE_SVG_FORMAT

    return _FONT_FACE.sub("", CONSOLE_SVG_FORMAT).replace("Fira Code, monospace", _MONOSPACE)


def _title(summaries: list[Summary]) -> str:
    """The document's title: the model names (untrusted: visible, capped, escaped)."""
    return xml_text(", ".join(s.name for s in summaries if s.ok) or "lstmcalc", 200)


def _terminal_theme(colours: Palette):  # type: ignore[no-untyped-def]
    """rich's TerminalTheme for the page: its background and default text colour. Its 16
    ANSI colours are never used (every colour we emit is the palette's hex), so they are
    the text colour too."""
    from rich.terminal_theme import TerminalTheme

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        v = hex_colour.lstrip("#")
        return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)

    text = rgb(colours.text)
    return TerminalTheme(rgb(colours.background), text, [text] * 8, [text] * 8)


def _keras2_lines(summary: Summary, ctx: RenderContext) -> list[str] | None:
    """SUMMARY's Keras 2 table (tf_keras's plain text, at its own width: 65 or 98 unless the
    options say otherwise), or None, having said on stderr why Keras 2 prints none."""
    from lstmcalc.render.keras2_table import Keras2Error, table_lines

    try:
        return table_lines(summary, ctx.table(summary))
    except Keras2Error as exc:
        said = f"Keras 2's model.summary() raises {exc.kind}: {exc}" if exc.kind != "refused" else str(exc)
        ctx.err.write(f"{summary.path}: no table: {said}\n")
        return None


def _tables(summaries: list[Summary], ctx: RenderContext, colours: Palette):  # type: ignore[no-untyped-def]
    """(rich Text, width) of each printable summary's table: Keras 3's coloured table, or
    Keras 2's plain text in the page's text colour."""
    from rich.text import Text

    out = []
    for s in summaries:
        if not s.ok:
            continue
        if s.keras != 2:
            out.append(_themed(s, ctx, colours))
            continue
        lines = _keras2_lines(s, ctx)
        if lines is not None:
            # a blank line after the closing rule of underscores: they sit below the baseline
            # of the last line, which the SVG's frame would cut off
            out.append((Text("\n".join(lines) + "\n", no_wrap=True), max(len(line) for line in lines)))
    return out


def _themed(summary: Summary, ctx: RenderContext, colours: Palette):  # type: ignore[no-untyped-def]
    """SUMMARY's Keras table as a rich Text whose colours are the palette's roles."""
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text

    from lstmcalc.render.keras_table import print_summary

    options = ctx.table(summary)  # every summary() option, as the text table takes them
    length = options.line_length or natural_line_length(summary, options.show_trainable)
    scratch = Console(file=io.StringIO(), width=length, force_terminal=True, color_system="256",
                      highlight=False, legacy_windows=False, record=True)
    print_summary(summary, scratch, length, options=options)  # into the StringIO, and the record
    # The recorded segments keep each style's own colour number. Their ANSI text would not:
    # rich caches a Style's escape codes on the Style itself, for the colour system of the
    # first console that rendered it (a --color run on a 16-colour terminal turns
    # color(45) into bright cyan for every later console in the process).
    themed = Text(no_wrap=True)
    for segment in scratch._record_buffer:  # rich's own record of what was printed
        if segment.control:
            continue
        style = segment.style
        if not style:  # unstyled text takes the page's colour
            themed.append(segment.text)
            continue
        number = style.color.number if style.color is not None else None
        role = KERAS_ROLES.get(number) if number is not None else None
        colour = getattr(colours, role) if role else colours.text
        themed.append(segment.text, Style(color=colour, bold=style.bold))
    themed.rstrip()
    return themed, length


def _recorder(width: int):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(record=True, file=io.StringIO(), width=max(width, 40), force_terminal=True,
                   color_system="truecolor", highlight=False, legacy_windows=False)


def _report_problems(summaries: list[Summary], ctx: RenderContext) -> None:
    for s in summaries:
        for d in cap_findings(list(s.diagnostics)):
            ctx.err.write(diagnostic_line(s.path, d) + "\n")


def _widen(svg: str, margin: int) -> str:
    """Give the light SVG's viewBox a margin on every side (str.format cannot add)."""
    def grow(m: re.Match[str]) -> str:
        w, h = float(m.group(1)), float(m.group(2))
        return f'viewBox="{-margin} {-margin} {w + 2 * margin:g} {h + 2 * margin:g}"'

    return re.sub(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', grow, svg, count=1)


def render_svg(summaries: list[Summary], ctx: RenderContext) -> None:
    _report_problems(summaries, ctx)
    colours = palette(ctx.theme, color=ctx.color)
    tables = _tables(summaries, ctx, colours)
    console = _recorder(max([w for _, w in tables], default=40))
    for i, (text, _) in enumerate(tables):
        if i:
            console.print()
        console.print(text, crop=False, soft_wrap=True)  # a footnote wider than the table stays one line
    title = _title(summaries)
    title_tag = f"<title>{title}</title>".replace("{", "{{").replace("}", "}}")
    theme = _terminal_theme(colours)
    if ctx.theme == "terminal":
        template = _standalone_svg_format().replace(">", ">\n    " + title_tag, 1)
        # rich escapes the title it draws in the window's bar itself
        from xml.sax.saxutils import unescape

        svg = console.export_svg(title=unescape(title), theme=theme, code_format=template)
    else:
        template = (_LIGHT_SVG.replace("{title_tag}", title_tag).replace("MARGIN", str(_SVG_MARGIN))
                    .replace("BACKGROUND", colours.background))
        svg = _widen(console.export_svg(title="", theme=theme, code_format=template), _SVG_MARGIN)
    ctx.out.write(svg)


def render_html(summaries: list[Summary], ctx: RenderContext) -> None:
    _report_problems(summaries, ctx)
    colours = palette(ctx.theme, color=ctx.color)
    theme = _terminal_theme(colours)
    blocks, widest = [], 40
    for text, width in _tables(summaries, ctx, colours):
        console = _recorder(width)
        console.print(text, crop=False, soft_wrap=True)  # a footnote wider than the table stays one line
        code = console.export_html(theme=theme, inline_styles=True, code_format="{code}")
        blocks.append(f'<section class="model"><pre><code>{code.rstrip()}</code></pre></section>')
        widest = max(widest, width)
    # 500pt of printable width / (0.6em per monospace character), at most 10pt
    print_size = min(10.0, round(500 / (0.6 * widest), 1))
    ctx.out.write(_HTML_PAGE.format(title=_title(summaries), text=colours.text, background=colours.background,
                                    mono=_MONOSPACE, print_size=f"{print_size:g}", models="\n".join(blocks)))


def _md_cell(text: str) -> str:
    return markdown_cell(text)


def plain(markup: str) -> str:
    """Keras's rich markup without the styles."""
    from rich.text import Text

    return Text.from_markup(markup).plain


def _markdown_code(lines: list[str]) -> list[str]:
    """LINES as a fenced code block, the fence longer than any run of backticks in them."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence, ""]


def render_markdown(summaries: list[Summary], ctx: RenderContext) -> None:
    """Keras's table as a Markdown table, with the same summary() options as the text
    (expand_nested, show_trainable, layer_range, --expand-wrappers); widths and positions
    have no meaning in Markdown."""
    from lstmcalc.render.keras_table import (
        WRAPPERS_NOTE,
        fallback_layout,
        has_extension_rows,
        row_shape,
        table_rows,
        trainable_mark,
    )

    _report_problems(summaries, ctx)
    out: list[str] = []
    align = {"left": "---", "right": "---:", "center": ":---:"}
    for s in summaries:
        if not s.ok:
            continue
        if s.keras == 2:  # tf_keras's table is text: its own characters, in a code block
            lines = _keras2_lines(s, ctx)
            if lines is not None:
                out += _markdown_code(lines)
            continue
        options = ctx.table(s)
        layout = fallback_layout(s, options)
        out += [f'**Model: "{markdown_cell(s.name)}"**', "", "| " + " | ".join(layout.header) + " |",
                "| " + " | ".join(align[j] for j in layout.justify) + " |"]
        for top in layout.rows:
            for row, level, trainable, extension in table_rows(top, options):
                indent = "\u00a0\u00a0\u00a0" * level + "└ " if level else ""  # spaces Markdown keeps
                cells = [f"{indent}{row.name} ({row.type})", plain(row_shape(row, extension)),
                         plain(format_params(row, s.built))]
                if not s.sequential_like:
                    cells.append(plain(connections(row)) if not level else "-")
                if options.show_trainable:
                    cells.append(plain(trainable_mark(row, trainable, s.built)))
                out.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        t, f = s.trainable_bytes, s.non_trainable_bytes
        optimizer = optimizer_params(s)  # Keras adds a built optimizer's state to Total
        o, o_bytes = optimizer or (0, 0)
        out += ["", f"- **Total params:** {s.total_params + o:,} ({readable_memory_size(t + f + o_bytes)})",
                f"- **Trainable params:** {s.trainable_params:,} ({readable_memory_size(t)})",
                f"- **Non-trainable params:** {s.non_trainable_params:,} ({readable_memory_size(f)})",
                *([f"- **Optimizer params:** {o:,} ({readable_memory_size(o_bytes)})"] if optimizer else []), ""]
        if has_extension_rows(s, options):
            out += [_md_cell(WRAPPERS_NOTE.strip()), ""]
    ctx.out.write("\n".join(out))
