"""`summary --columns`: the table with torchinfo-style extra columns, as text, JSON or Markdown.

This is lstmcalc's extension, not Keras's output: every format says so (a line naming
the columns beyond Keras's), and without --columns none of this runs. The values come
from engine/columns.py; this module only formats them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from lstmcalc.diagnostics import cap_findings
from lstmcalc.engine.columns import Row, Table, column_table, describe, inner_scope, scope
from lstmcalc.engine.macs import UNBUILT, UNKNOWN_COMPUTATION, UNKNOWN_DIMENSION, Macs
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.base import Shape
from lstmcalc.render.context import RenderContext
from lstmcalc.render.diagnostics import diagnostic_line
from lstmcalc.render.json_out import summary_json
from lstmcalc.safety.text import markdown_cell

HEADERS = {
    "input_shape": "Input Shape",
    "kernel_shape": "Kernel Shape",
    "macs": "MACs",
    "params_percent": "Param %",
    "trainable": "Trainable",
}
RIGHT = {"macs", "params_percent", "params"}
DOCS = "docs/columns.md"

#: what a "?" in the MACs column means, by the reason the count is unknown
REASONS = {
    UNKNOWN_DIMENSION: "a dimension it needs is None (unknown timesteps or size): give the Input a fixed shape "
                       "to count it; lstmcalc does not guess",
    UNKNOWN_COMPUTATION: "the layer runs code lstmcalc does not see (Lambda, a custom layer's call())",
    UNBUILT: "the model is unbuilt (no input shape)",
}


def layout(columns: tuple[str, ...]) -> list[str]:
    """The table's columns after the layer: the chosen ones in their order, with Keras's
    Output Shape and Param # kept, right after Input Shape when it is chosen, else first."""
    at = columns.index("input_shape") + 1 if "input_shape" in columns else 0
    return [*columns[:at], "output_shape", "params", *columns[at:]]


# --- plain values (Markdown, and the text table before its colours) --------------------------------
def shape_text(shape: Shape | tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def shapes_text(shapes: tuple[Shape, ...] | None) -> str:
    if shapes is None:
        return "?"
    if not shapes:
        return "-"
    if len(shapes) == 1:
        return shape_text(shapes[0])
    return "[" + ", ".join(shape_text(s) for s in shapes) + "]"


def output_text(layer: LayerResult) -> str:
    call = layer.last_call
    if call.outputs:
        return shapes_text(call.outputs)
    return "?" if call.output_shape is None else shape_text(call.output_shape)


def macs_text(macs: Macs) -> str:
    return "?" if macs.value is None else f"{macs.value:,}"


def percent_text(row: Row) -> str:
    return "-" if row.params_percent is None or not row.layer.params else f"{row.params_percent:.1f}%"


def params_text(row: Row, built: bool) -> str:
    return f"{row.layer.params:,}" if built else "0 (unbuilt)"


def kernel_lines(row: Row) -> list[str]:
    return [f"{name} {shape_text(shape)}" for name, shape in row.kernel_shapes] or ["-"]


def cell(row: Row, column: str, built: bool) -> str:
    """One cell as plain text (kernel shapes one per line)."""
    values: dict[str, Callable[[], str]] = {
        "input_shape": lambda: shapes_text(row.input_shapes),
        "output_shape": lambda: output_text(row.layer),
        "params": lambda: params_text(row, built),
        "kernel_shape": lambda: "\n".join(kernel_lines(row)),
        "macs": lambda: macs_text(row.macs),
        "params_percent": lambda: percent_text(row),
        "trainable": lambda: row.trainable or "-",
    }
    return values[column]()


def layer_label(row: Row) -> str:
    prefix = "   " * row.level + "└ " if row.level else ""
    return f"{prefix}{row.layer.name} ({row.layer.type})"  # made visible by the format's escaping


def totals(summary: Summary, table: Table, column: str) -> str:
    return {
        "params": f"{summary.total_params:,}" if summary.built else "?",
        "macs": macs_text(table.macs),
        "params_percent": "100.0%" if summary.total_params and summary.built else "-",
    }.get(column, "")


def notes(columns: tuple[str, ...], table: Table) -> list[str]:
    """The lines that mark the extension and explain its '?'s."""
    lines = [f"Columns beyond Keras's: {', '.join(HEADERS[c] for c in columns)} (lstmcalc's extension; Keras's "
             "summary() prints none of them)."]
    if "macs" in columns:
        lines.append("MACs: multiply-accumulates of matrix products, convolutions and attention, one sample "
                     "(batch 1), one forward pass;")
        lines.append(f"      biases, activations and elementwise gate products excluded (see {DOCS}).")
        reasons = [m.reason for m in (*(r.macs for r in table.rows), table.macs) if m.value is None]
        for reason in dict.fromkeys(reasons):
            lines.append(f"?: {REASONS.get(reason, reason)}.")
        if table.macs.value is None and any(r.macs.value is not None for r in table.rows):
            known = sum(r.macs.value or 0 for r in table.rows if r.level == 0)
            if known:
                lines.append(f"Total MACs unknown: the rows that are known sum to {known:,}.")
    return lines


# --- text ----------------------------------------------------------------------------------------
def _styled(column: str, text: str) -> str:
    """Keras's colours: numbers as its Param # column shows them; '?' and '-' plain."""
    from lstmcalc.render.keras_table import highlight_number, markup_literal

    if column in ("macs", "params", "params_percent") and text not in ("?", "-", ""):
        return highlight_number(markup_literal(text))
    return "\n".join(markup_literal(line) for line in text.split("\n"))  # kernel shapes: a line each


def text_table(summary: Summary, columns: tuple[str, ...], table: Table, line_length: int | None):  # type: ignore[no-untyped-def]
    import rich.table

    from lstmcalc.render.keras_table import highlight_symbol, markup_literal, to_text

    order = layout(columns)
    headers = {**HEADERS, "output_shape": "Output Shape", "params": "Param #"}
    grid = rich.table.Table(
        rich.table.Column(to_text("Layer (type)"), footer=to_text("[bold]Total[/]")),
        *(rich.table.Column(to_text(headers[c]), justify="right" if c in RIGHT else "left",
                            footer=to_text(_styled(c, totals(summary, table, c))))
          for c in order),
        width=line_length, show_lines=True, show_footer=True,
    )
    for row in table.rows:
        prefix = "   " * row.level + "└ " if row.level else ""
        name = markup_literal(prefix + row.layer.name) + f" ({highlight_symbol(markup_literal(row.layer.type))})"
        grid.add_row(to_text(name), *(to_text(_styled(c, cell(row, c, summary.built))) for c in order))
    return grid


def print_columns(summary: Summary, columns: tuple[str, ...], console: Any, line_length: int | None = None, *,
                  expand_nested: bool = False) -> None:
    from rich.measure import Measurement

    from lstmcalc.render.keras_table import bold_text, footer, markup_literal, to_text

    table = column_table(summary, expand_nested=expand_nested)
    grid = text_table(summary, columns, table, line_length)
    if line_length is None:
        # the natural width: rich would otherwise squeeze the columns to the terminal's
        needed = Measurement.get(console, console.options.update_width(100_000), grid).maximum
        console.width = max(console.width, needed)
    console.print(to_text(bold_text(f'Model: "{markup_literal(summary.name)}"')))
    console.print(grid)
    t, f = summary.trainable_bytes, summary.non_trainable_bytes
    console.print(to_text(footer("Total params", summary.total_params, t + f)))
    console.print(to_text(footer("Trainable params", summary.trainable_params, t)))
    console.print(to_text(footer("Non-trainable params", summary.non_trainable_params, f)))
    for line in notes(columns, table):
        console.print(" " + line, markup=False, highlight=False, soft_wrap=True)


def render_columns_text(summaries: list[Summary], ctx: RenderContext, columns: tuple[str, ...]) -> None:
    from lstmcalc.render.text import make_console

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
        length, expand = ctx.table_options(summary)
        print_columns(summary, columns, console, length, expand_nested=expand)


# --- JSON ----------------------------------------------------------------------------------------
def _shape_json(shape: Shape | tuple[int, ...]) -> list[int | None]:
    return list(shape)


def row_json(row: Row, columns: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Callable[[], Any]] = {
        "input_shape": lambda: None if row.input_shapes is None else [_shape_json(s) for s in row.input_shapes],
        "kernel_shape": lambda: {name: _shape_json(shape) for name, shape in row.kernel_shapes},
        "macs": lambda: row.macs.value,
        "params_percent": lambda: row.params_percent,
        "trainable": lambda: row.trainable,
    }
    entry = {c: values[c]() for c in columns}
    if "macs" in columns and row.macs.value is None:
        entry["macs_unknown"] = row.macs.reason
    return entry


def columns_json(summary: Summary, columns: tuple[str, ...]) -> dict[str, Any]:
    """The summary's JSON object with the columns added to each layer (and a nested model's
    layers), the total MACs, and `lstmcalc_columns` marking what is lstmcalc's extension."""
    entry = summary_json(summary)
    if not (summary.ok and summary.layers):
        return entry

    def add(entries: list[dict[str, Any]], layers: tuple[LayerResult, ...], level: int,
            producers: dict[tuple[str, int], LayerResult]) -> None:
        for item, layer in zip(entries, layers, strict=True):
            item.update(row_json(describe(summary, layer, level, producers), columns))
            if "layers" in item:
                add(item["layers"], layer.nested, level + 1, inner_scope(layer))

    add(entry["layers"], summary.layers, 0, scope(summary))
    table = column_table(summary)
    entry["lstmcalc_columns"] = {"columns": list(columns), "notes": notes(columns, table)}
    if "macs" in columns:
        entry["total_macs"] = table.macs.value
    return entry


def render_columns_json(summaries: list[Summary], ctx: RenderContext, columns: tuple[str, ...]) -> None:
    json.dump([columns_json(s, columns) for s in summaries], ctx.out, indent=2)
    ctx.out.write("\n")


# --- Markdown ------------------------------------------------------------------------------------
def render_columns_markdown(summaries: list[Summary], ctx: RenderContext, columns: tuple[str, ...]) -> None:
    from lstmcalc.render.keras_table import readable_memory_size

    out: list[str] = []
    for s in summaries:
        for d in cap_findings(list(s.diagnostics)):
            ctx.err.write(diagnostic_line(s.path, d) + "\n")
        if not s.ok:
            continue
        table = column_table(s, expand_nested=ctx.table_options(s)[1])
        order = layout(columns)
        headers = {**HEADERS, "output_shape": "Output Shape", "params": "Param #"}
        out += [f'**Model: "{markdown_cell(s.name)}"**', "",
                "| " + " | ".join(["Layer (type)", *(headers[c] for c in order)]) + " |",
                "| " + " | ".join(["---", *("---:" if c in RIGHT else "---" for c in order)]) + " |"]
        for row in table.rows:
            cells = [layer_label(row), *(cell(row, c, s.built).replace("\n", "; ") for c in order)]
            out.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
        out.append("| " + " | ".join(["**Total**", *(markdown_cell(totals(s, table, c)) for c in order)]) + " |")
        t, f = s.trainable_bytes, s.non_trainable_bytes
        out += ["", f"- **Total params:** {s.total_params:,} ({readable_memory_size(t + f)})",
                f"- **Trainable params:** {s.trainable_params:,} ({readable_memory_size(t)})",
                f"- **Non-trainable params:** {s.non_trainable_params:,} ({readable_memory_size(f)})", ""]
        out += [f"_{markdown_cell(line.strip())}_" for line in notes(columns, table)] + [""]
    ctx.out.write("\n".join(out))


ColumnRenderer = Callable[[list[Summary], RenderContext, tuple[str, ...]], None]

#: the formats --columns supports, by Format value (SVG and HTML are Keras's table, exported)
COLUMN_RENDERERS: dict[str, ColumnRenderer] = {
    "text": render_columns_text,
    "json": render_columns_json,
    "markdown": render_columns_markdown,
}
