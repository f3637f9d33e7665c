"""Explanations as terminal text, Markdown and standalone HTML."""

from __future__ import annotations

import html
from collections.abc import Callable

from lstmcalc.engine.results import Summary
from lstmcalc.safety.text import markdown_code, markdown_text, visible
from lstmcalc.teach.explain import MAC_CONVENTION, LayerExplanation, fmt, n


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


def explain_text(summary: Summary, items: list[LayerExplanation]) -> str:
    out = [f'Model "{summary.name}": {n(summary.total_params)} parameters', ""]
    for e in items:
        out.append(f"{e.name} ({e.type})")
        if e.input_text:
            out.append(f"  input    {e.input_text}")
        out.append(f"  output   {e.output_text}")
        out.append(f"  why      {e.why}")
        if e.weights:
            out.append("  weights")
            width = max(len(w.name) for w in e.weights)
            for w in e.weights:
                frozen = "" if w.trainable else "  [non-trainable]"
                out.append(f"    {w.name:<{width}}  {fmt(w.shape):<13} {n(w.size):>11}  {w.label}{frozen}".rstrip())
        if e.params or e.formula:
            out.append(f"  params   {_params(e)}")
        if e.type != "InputLayer":
            out.append(f"  MACs     {_macs(e)}")
        out.extend(f"  note     {note}" for note in e.notes)
        out.append("")
    out.append(MAC_CONVENTION)
    return "\n".join(visible(line) for line in out) + "\n"


def explain_markdown(summary: Summary, items: list[LayerExplanation]) -> str:
    out = [f"# Model {markdown_code(summary.name)}", "", f"**{n(summary.total_params)} parameters** "
           f"({n(summary.trainable_params)} trainable, {n(summary.non_trainable_params)} non-trainable).", ""]
    for e in items:
        out += [f"## {markdown_code(e.name)} ({markdown_text(e.type)})", ""]
        if e.input_text:
            out.append(f"- **Input** {visible(e.input_text)}")
        out.append(f"- **Output** {visible(e.output_text)}")
        out.append(f"- **Why** {visible(e.why)}")
        if e.params or e.formula:
            out.append(f"- **Parameters** {visible(_params(e))}")
        if e.type != "InputLayer":
            out.append(f"- **MACs** {visible(_macs(e))}")
        out.extend(f"- {visible(note)}" for note in e.notes)
        if e.weights:
            out += ["", "| weight | shape | values | meaning |", "| --- | --- | ---: | --- |"]
            for w in e.weights:
                label = w.label + ("" if w.trainable else " (non-trainable)")
                out.append(f"| {markdown_code(w.name, in_table=True)} | {fmt(w.shape)} | {n(w.size)} | "
                           f"{visible(label).replace('|', chr(92) + '|')} |")
        out.append("")
    out.append(f"_{MAC_CONVENTION}_")
    return "\n".join(out) + "\n"


_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
code{font-family:ui-monospace,monospace;background:#f4f4f4;padding:0 .2em}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}dt{font-weight:600}dd{margin:0 0 .4rem 1rem}
.note{color:#555;font-size:.9rem}"""


def explain_html(summary: Summary, items: list[LayerExplanation]) -> str:
    def e_(text: str) -> str:
        return html.escape(visible(text))

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e_(summary.name)}: explained</title><style>{_CSS}</style></head><body>",
           f"<h1>Model <code>{e_(summary.name)}</code></h1>",
           f"<p><strong>{n(summary.total_params)} parameters</strong> ({n(summary.trainable_params)} trainable, "
           f"{n(summary.non_trainable_params)} non-trainable).</p>"]
    for e in items:
        out.append(f"<h2><code>{e_(e.name)}</code> ({e_(e.type)})</h2><dl>")
        if e.input_text:
            out.append(f"<dt>Input</dt><dd>{e_(e.input_text)}</dd>")
        out.append(f"<dt>Output</dt><dd>{e_(e.output_text)}</dd><dt>Why</dt><dd>{e_(e.why)}</dd>")
        if e.params or e.formula:
            out.append(f"<dt>Parameters</dt><dd>{e_(_params(e))}</dd>")
        if e.type != "InputLayer":
            out.append(f"<dt>MACs</dt><dd>{e_(_macs(e))}</dd>")
        out.append("</dl>")
        if e.weights:
            out.append("<table><tr><th>weight</th><th>shape</th><th>values</th><th>meaning</th></tr>")
            for w in e.weights:
                label = w.label + ("" if w.trainable else " (non-trainable)")
                out.append(f"<tr><td><code>{e_(w.name)}</code></td><td>{e_(fmt(w.shape))}</td>"
                           f'<td class="num">{n(w.size)}</td><td>{e_(label)}</td></tr>')
            out.append("</table>")
        out.extend(f'<p class="note">{e_(note)}</p>' for note in e.notes)
    out.append(f'<p class="note"><em>{e_(MAC_CONVENTION)}</em></p></body></html>')
    return "\n".join(out) + "\n"


EXPLAIN_RENDERERS: dict[str, Callable[[Summary, list[LayerExplanation]], str]] = {
    "text": explain_text,
    "markdown": explain_markdown,
    "html": explain_html,
}
