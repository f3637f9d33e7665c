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
    console = None
    printed = False
    for summary in summaries:
        for d in cap_findings(list(summary.diagnostics)):
            ctx.err.write(diagnostic_line(summary.path, d) + "\n")
        if not summary.ok or (not summary.layers and not summary.name):
            continue
        if summary.keras == 2:  # tf_keras's plain-text table (imported only when one is asked for)
            printed = render_keras2(summary, ctx, separate=printed)
            continue
        from lstmcalc.render.keras_table import print_summary  # rich, for Keras 3's table only

        if console is None:
            console = make_console(ctx)
        else:
            console.print()
        print_summary(summary, console, options=ctx.table(summary))


def render_keras2(summary: Summary, ctx: RenderContext, *, separate: bool) -> bool:
    """SUMMARY's Keras 2 table on ctx.out (after a blank line when SEPARATE), or on stderr
    why Keras 2's summary() prints none (an unbuilt model raises ValueError). True when a
    table was printed."""
    from lstmcalc.render.keras2_table import Keras2Error, table_lines

    try:
        lines = table_lines(summary, ctx.table(summary))
    except Keras2Error as exc:
        said = f"Keras 2's model.summary() raises {exc.kind}: {exc}" if exc.kind != "refused" else str(exc)
        ctx.err.write(f"{summary.path}: no table: {said}\n")
        return separate
    if separate:
        ctx.out.write("\n")
    ctx.out.write("".join(line + "\n" for line in lines))
    return True
