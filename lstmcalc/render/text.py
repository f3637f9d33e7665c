"""Text: each spec's Keras table on stdout; diagnostics on stderr."""

from __future__ import annotations

from lstmcalc.diagnostics import cap_findings
from lstmcalc.engine.results import Summary
from lstmcalc.render.context import RenderContext
from lstmcalc.render.diagnostics import diagnostic_line


def make_console(ctx: RenderContext, *, stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    width = None
    if ctx.line_length:
        probe = Console(file=ctx.err if stderr else ctx.out)
        width = max(probe.width, ctx.line_length)
    force = None if ctx.color is None else ctx.color
    return Console(
        file=ctx.err if stderr else ctx.out, highlight=False, width=width,
        force_terminal=force, no_color=(ctx.color is False) or None,
    )


def render_text(summaries: list[Summary], ctx: RenderContext) -> None:
    from lstmcalc.render.keras_table import print_summary

    console = None
    for summary in summaries:
        for d in cap_findings(list(summary.diagnostics)):
            ctx.err.write(diagnostic_line(summary.path, d) + "\n")
        if not summary.ok or (not summary.layers and not summary.name):
            continue
        if console is None:
            console = make_console(ctx)
        else:
            console.print()
        print_summary(summary, console, options=ctx.table(summary))
