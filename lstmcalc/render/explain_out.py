"""Explanations as terminal text, Markdown and standalone HTML.

Text wraps at word boundaries to the terminal's width (COLUMNS), with a hanging indent
under each field, and never inside a shape tuple. Markdown escapes everything but its own
`code` spans, in prose and in table cells. HTML keeps each layer's block on one printed
page, never wraps a shape, and takes its colours from render/themes.py.
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from collections.abc import Callable

from lstmcalc.engine.results import Summary
from lstmcalc.render.themes import PALETTES, Theme
from lstmcalc.safety.text import markdown_code, markdown_prose, markdown_text, visible
from lstmcalc.teach.explain import MAC_CONVENTION, LayerExplanation, fmt, n

#: a shape in Python tuple notation, as teach.explain.fmt writes it
_SHAPE = re.compile(r"\((?:None|\d+)(?:, (?:None|\d+))*,?\)")


def _macs(e: LayerExplanation) -> str:
    parts = []
    if e.macs_per_step is not None:
        parts.append(f"{n(e.macs_per_step)} per timestep")
    if e.macs_total is not None:
        parts.append(f"{n(e.macs_total)} per sequence" if e.macs_per_step is not None else f"{n(e.macs_total)} per sample")
    return ", ".join(parts) or "depends on the sequence length"


def _params(e: LayerExplanation) -> str:
    text = e.formula or n(e.params)
    if e.non_trainable_params:
        text += f" ({n(e.trainable_params)} trainable, {n(e.non_trainable_params)} non-trainable)"
    return text


#: kept on one line when wrapping: a shape, and a short bracketed list such as [i | f | c | o]
_UNBROKEN = re.compile(_SHAPE.pattern + r"|\[[^\[\]]{1,30}\]")
_GLUE = "\x00"  # stands for a space inside a shape while wrapping; visible() removes real NULs


def _wrap(text: str, first: str, rest: str, width: int) -> list[str]:
    """TEXT after the prefix FIRST, continued under REST, broken only between words and
    never inside a shape."""
    glued = _UNBROKEN.sub(lambda m: m.group().replace(" ", _GLUE), visible(text))
    lines = textwrap.wrap(glued, width=max(width, len(first) + 20), initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False) or [first.rstrip()]
    return [line.replace(_GLUE, " ") for line in lines]


def terminal_width() -> int:
    """The terminal's columns (COLUMNS when set; 80 when the output is not a terminal)."""
    return shutil.get_terminal_size().columns


def explain_text(summary: Summary, items: list[LayerExplanation], width: int | None = None) -> str:
    width = width or terminal_width()
    field = 11  # "  output   " : where every field's value starts

    def put(label: str, value: str) -> list[str]:
        return _wrap(value, f"  {label:<8} ", " " * field, width)

    out = [*_wrap(f'Model "{summary.name}": {n(summary.total_params)} parameters', "", "", width), ""]
    for e in items:
        out.extend(_wrap(f"{e.name} ({e.type})", "", "  ", width))
        if e.inputs:
            out.extend(put("inputs", e.inputs[0]))
            for more in e.inputs[1:]:
                out.extend(put("", more))
        elif e.input_text:
            out.extend(put("input", e.input_text))
        out.extend(put("output", e.output_text))
        out.extend(put("why", e.why))
        if e.weights:
            out.append("  weights")
            name_width = max(len(visible(w.name)) for w in e.weights)
            for w in e.weights:
                frozen = "" if w.trainable else "  [non-trainable]"
                prefix = f"    {visible(w.name):<{name_width}}  {fmt(w.shape):<13} {n(w.size):>11}  "
                hang = len(prefix) if len(prefix) < width - 24 else 8
                out.extend(_wrap(w.label + frozen, prefix, " " * hang, width) if (w.label + frozen)
                           else [prefix.rstrip()])
        if e.params or e.formula:
            out.extend(put("params", _params(e)))
        if e.type != "InputLayer":
            out.extend(put("MACs", _macs(e)))
        if e.flops:
            out.extend(put("FLOPs", e.flops))
        for note in e.notes:
            out.extend(put("note", note))
        out.append("")
    out.extend(_wrap(MAC_CONVENTION, "", "", width))
    return "\n".join(line.rstrip() for line in out) + "\n"


def explain_markdown(summary: Summary, items: list[LayerExplanation]) -> str:
    out = [f"# Model {markdown_code(summary.name)}", "", f"**{n(summary.total_params)} parameters** "
           f"({n(summary.trainable_params)} trainable, {n(summary.non_trainable_params)} non-trainable).", ""]
    for e in items:
        out += [f"## {markdown_code(e.name)} ({markdown_text(e.type)})", ""]
        if e.inputs:
            out.append("- **Inputs**")
            out.extend(f"  - {markdown_prose(text)}" for text in e.inputs)
        elif e.input_text:
            out.append(f"- **Input** {markdown_prose(e.input_text)}")
        out.append(f"- **Output** {markdown_prose(e.output_text)}")
        out.append(f"- **Why** {markdown_prose(e.why)}")
        if e.params or e.formula:
            out.append(f"- **Parameters** {markdown_prose(_params(e))}")
        if e.type != "InputLayer":
            out.append(f"- **MACs** {markdown_prose(_macs(e))}")
        if e.flops:
            out.append(f"- **FLOPs** {markdown_prose(e.flops)}")
        out.extend(f"- {markdown_prose(note)}" for note in e.notes)
        if e.weights:
            out += ["", "| weight | shape | values | meaning |", "| --- | --- | ---: | --- |"]
            for w in e.weights:
                label = w.label + ("" if w.trainable else " (non-trainable)")
                out.append(f"| {markdown_code(w.name, in_table=True)} | {fmt(w.shape)} | {n(w.size)} | "
                           f"{markdown_prose(label, in_table=True)} |")
        out.append("")
    out.append(f"_{markdown_prose(MAC_CONVENTION)}_")
    return "\n".join(out) + "\n"


#: table rules and heading underline, per theme (lines need 3:1, not text's 4.5:1)
_RULES = {Theme.LIGHT: ("#dddddd", "#cccccc"), Theme.TERMINAL: ("#5a5a5a", "#6a6a6a")}


def _css(theme: Theme) -> str:
    p, (underline, border) = PALETTES[theme], _RULES[theme]
    return f"""body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:{p.text};background:{p.background}}}
h1{{font-size:1.5rem}}h2{{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid {underline}}}
code{{font-family:ui-monospace,monospace;background:{p.surface};color:{p.text};padding:0 .2em}}
.shape{{white-space:nowrap}}
table{{border-collapse:collapse;margin:.5rem 0}}td,th{{border:1px solid {border};padding:.25rem .5rem;text-align:left}}
td.num{{text-align:right;font-variant-numeric:tabular-nums}}td.shape{{font-variant-numeric:tabular-nums}}
dt{{font-weight:600}}dd{{margin:0 0 .4rem 1rem}}dd ul{{margin:0;padding-left:1.2rem}}
.note{{color:{p.muted};font-size:.9rem}}
@page{{margin:15mm}}
@media print{{body{{margin:0;max-width:none}}.layer{{break-inside:avoid;page-break-inside:avoid}}
h2{{break-after:avoid;page-break-after:avoid}}}}"""


def _html_prose(text: str) -> str:
    """Escaped visible TEXT in which `code` becomes <code> and a shape never wraps."""
    escaped = html.escape(visible(text), quote=False)
    escaped = _SHAPE.sub(lambda m: f'<span class="shape">{m.group()}</span>', escaped)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def explain_html(summary: Summary, items: list[LayerExplanation], theme: Theme | str = Theme.LIGHT) -> str:
    def e_(text: str) -> str:
        return html.escape(visible(text))

    p_ = _html_prose
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e_(summary.name)}: explained</title><style>{_css(Theme(theme))}</style></head><body>",
           f"<h1>Model <code>{e_(summary.name)}</code></h1>",
           f"<p><strong>{n(summary.total_params)} parameters</strong> ({n(summary.trainable_params)} trainable, "
           f"{n(summary.non_trainable_params)} non-trainable).</p>"]
    for e in items:
        out.append(f'<section class="layer"><h2><code>{e_(e.name)}</code> ({e_(e.type)})</h2><dl>')
        if e.inputs:
            out.append("<dt>Inputs</dt><dd><ul>" + "".join(f"<li>{p_(t)}</li>" for t in e.inputs) + "</ul></dd>")
        elif e.input_text:
            out.append(f"<dt>Input</dt><dd>{p_(e.input_text)}</dd>")
        out.append(f"<dt>Output</dt><dd>{p_(e.output_text)}</dd><dt>Why</dt><dd>{p_(e.why)}</dd>")
        if e.params or e.formula:
            out.append(f"<dt>Parameters</dt><dd>{p_(_params(e))}</dd>")
        if e.type != "InputLayer":
            out.append(f"<dt>MACs</dt><dd>{p_(_macs(e))}</dd>")
        if e.flops:
            out.append(f"<dt>FLOPs</dt><dd>{p_(e.flops)}</dd>")
        out.append("</dl>")
        if e.weights:
            out.append("<table><tr><th>weight</th><th>shape</th><th>values</th><th>meaning</th></tr>")
            for w in e.weights:
                label = w.label + ("" if w.trainable else " (non-trainable)")
                out.append(f'<tr><td><code>{e_(w.name)}</code></td><td class="shape">{p_(fmt(w.shape))}</td>'
                           f'<td class="num">{n(w.size)}</td><td>{p_(label)}</td></tr>')
            out.append("</table>")
        out.extend(f'<p class="note">{p_(note)}</p>' for note in e.notes)
        out.append("</section>")
    out.append(f'<p class="note"><em>{e_(MAC_CONVENTION)}</em></p></body></html>')
    return "\n".join(out) + "\n"


EXPLAIN_RENDERERS: dict[str, Callable[[Summary, list[LayerExplanation]], str]] = {
    "text": explain_text,
    "markdown": explain_markdown,
    "html": explain_html,
}
