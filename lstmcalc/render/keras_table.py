"""The summary table exactly as Keras 3 prints it (keras/src/utils/summary_utils.py).

The rich arguments, column positions, markup and footer format are Keras's own, so the
text matches character for character and the colours match on a terminal.
"""

from __future__ import annotations

import re
import shutil
from typing import NamedTuple

import rich.markup
import rich.table
from rich.console import Console
from rich.text import Text

from lstmcalc.engine.results import LayerResult, Summary

# the layout arithmetic (positions, widths, layer_range) is the engine's: pure, and checked there
from lstmcalc.engine.table_options import FUNCTIONAL, SEQUENTIAL, Layout, OptionError, TableOptions, plan
from lstmcalc.safety.text import visible

#: the footnote after a table with --expand-wrappers rows, which Keras never prints
WRAPPERS_NOTE = " └ rows under a Bidirectional or TimeDistributed: lstmcalc's --expand-wrappers, not Keras's"


def natural_line_length(summary: Summary, show_trainable: bool = False) -> int:
    """Keras's own width before it looks at the terminal: 88 sequential-like, 108 otherwise
    (+12 with show_trainable). Files (SVG, HTML) use it: a redirected terminal's width says
    nothing about a page."""
    from lstmcalc.engine.table_options import natural_length

    return natural_length(summary, show_trainable)


def default_line_length(summary: Summary, show_trainable: bool = False) -> int:
    """Keras's choice: min(88 or 108 (+12 with show_trainable), terminal columns - 4), with
    the same terminal probe."""
    from lstmcalc.engine.table_options import default_length

    return default_length(summary, show_trainable, shutil.get_terminal_size().columns)


def markup_literal(text: object) -> str:
    """Input text for Keras's markup: visible (safety.text), then escaped so rich shows
    `[bold]` as written instead of applying it."""
    return rich.markup.escape(visible(text))


def highlight_number(x: object) -> str:
    return f"[color(45)]{x}[/]" if x is None else f"[color(34)]{x}[/]"


def highlight_symbol(x: str) -> str:
    return f"[color(33)]{x}[/]"


def bold_text(x: str) -> str:
    return f"[bold]{x}[/]"


_EMOJI = re.compile(r":\S*?:")  # what rich's emoji replacement could match
_TAG = re.compile(r"\[(color\(\d+\)|bold)\](.*?)\[/\]")


def to_text(markup: str) -> Text | str:
    """Keras's markup as a rich Text, without rich's markup parser (most of the table's
    render time). Anything beyond our own tags (an escaped bracket, text rich would read
    as a tag, an `:emoji:` code rich would replace) goes through rich's parser unchanged,
    so the output stays identical to Keras's."""
    if "\\" in markup or _EMOJI.search(markup):
        return markup
    parts: list[tuple[str, str] | str] = []
    position = 0
    for match in _TAG.finditer(markup):
        parts.append(markup[position:match.start()])
        parts.append((match.group(2), match.group(1)))
        position = match.end()
    parts.append(markup[position:])
    plain = [p if isinstance(p, str) else p[0] for p in parts]
    if any(rich.markup.RE_TAGS.search(p) for p in plain):
        return markup
    return Text.assemble(*(p for p in parts if p))


def readable_memory_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _shape(shape: tuple[int | None, ...]) -> str:
    return "(" + ", ".join(highlight_number(d) for d in shape) + ")"


def format_shape(layer: LayerResult) -> str:
    """Keras's format_layer_shape: the shapes of the layer's latest call (of any model)."""
    layer = layer.last_call
    if layer.outputs:
        return "[" + ", ".join(_shape(s) for s in layer.outputs) + "]"
    if layer.output_shape is None:
        return "?"
    return _shape(layer.output_shape)


def format_params(layer: LayerResult, built: bool) -> str:
    from lstmcalc.layers.keras_names import BUILT_AT_CONSTRUCTION

    if not built and layer.type in BUILT_AT_CONSTRUCTION:
        return highlight_number(0)  # no build() of its own: built when constructed, as Keras prints it
    if not built:
        return f"{highlight_number(0)} (unbuilt)"
    return highlight_number(f"{layer.params:,}")


def connections(layer: LayerResult) -> str:
    """Keras's get_connections: every tensor each call of the layer in this model consumes,
    as `producer[node][tensor]`."""
    calls = layer.nodes if layer.model_nodes is None else [layer.nodes[n] for n in layer.model_nodes]
    links = [f"{markup_literal(name)}[{highlight_number(node)}][{highlight_number(index)}]"
             for call in calls for name, node, index in call.links()]
    return ", ".join(links) or "-"


def trainable_mark(layer: LayerResult, trainable: bool, built: bool) -> str:
    """Keras's Trainable cell: Y or N by the layer's flag when it holds weights, else "-"."""
    if not layer.weights or not built:
        return bold_text("-")
    return "[bold][color(34)]Y[/][/]" if trainable else "[bold][color(9)]N[/][/]"


def layer_trainable(layer: LayerResult) -> bool:
    """The layer's own `trainable` flag (a model's trainable=False is passed down to its rows)."""
    return not layer.frozen and getattr(layer.layer, "trainable", True) is not False


class Row(NamedTuple):
    layer: LayerResult
    level: int
    trainable: bool
    #: an --expand-wrappers row: a wrapper's inner layer, which Keras does not list
    extension: bool = False


def table_rows(layer: LayerResult, options: TableOptions, level: int = 0, frozen: bool = False,
          extension: bool = False) -> list[Row]:
    """Keras's print_layer: the row, then (expand_nested) a nested model's layers, one level
    in; a model's trainable=False is set on all its layers. With expand_wrappers, a
    Bidirectional's forward and backward layers and a TimeDistributed's layer too
    (lstmcalc's rows; a wrapper built with trainable=False keeps its inner layers' flags)."""
    trainable = not frozen and layer_trainable(layer)
    rows = [Row(layer, level, trainable, extension)]
    if options.expanded:
        for inner in layer.nested:
            rows.extend(table_rows(inner, options, level + 1, not trainable, extension))
    if options.expand_wrappers:
        from lstmcalc.engine.wrapped import inner_rows

        for inner in inner_rows(layer):
            rows.extend(table_rows(inner, options, level + 1, frozen, True))
    return rows


def fallback_layout(summary: Summary, options: TableOptions) -> Layout:
    """The layout Keras computes; for options no one checked (the REPL, exports) that Keras
    would refuse, every row, with Keras's default columns at least 4 characters wide."""
    from lstmcalc.engine.table_options import top_rows

    try:
        return plan(summary, options, shutil.get_terminal_size().columns)
    except OptionError:
        pass
    from lstmcalc.engine.table_options import TRAINABLE

    length = options.line_length or default_line_length(summary, options.show_trainable)
    _, natural, header, justify = SEQUENTIAL if summary.sequential_like else FUNCTIONAL
    positions: tuple[float, ...] = natural
    if options.show_trainable:  # Keras scales the columns by 0.9 and adds the Trainable one
        positions = (*(p * TRAINABLE[1] for p in positions), 1.0)
        header, justify = (*header, TRAINABLE[2]), (*justify, TRAINABLE[3])
    widths, current = [], 0
    for pos in positions:
        width = int(pos * length) - current
        widths.append(max(width, 4))
        current += width
    return Layout(length, tuple(widths), header, justify, tuple(top_rows(summary)))


def row_shape(layer: LayerResult, extension: bool = False) -> str:
    """The Output Shape cell; an --expand-wrappers row prints its layer's own
    compute_output_shape, a tuple where Keras's rows print a list."""
    shape = format_shape(layer)
    return "(" + shape[1:-1] + ")" if extension and layer.outputs else shape


def build_table(summary: Summary, line_length: int, *, expand_nested: bool = False,
                options: TableOptions | None = None) -> rich.table.Table:
    options = (options or TableOptions())._replace(line_length=line_length)
    if expand_nested:
        options = options._replace(expand_nested=True)
    layout = fallback_layout(summary, options)
    columns = [rich.table.Column(to_text(h), justify=j, width=w)  # type: ignore[arg-type]
               for h, j, w in zip(layout.header, layout.justify, layout.widths, strict=True)]
    table = rich.table.Table(*columns, width=layout.line_length, show_lines=True)
    for top in layout.rows:
        for layer, level, trainable, extension in table_rows(top, options):
            prefix = "   " * level + "└ " if level else ""
            name = markup_literal(prefix + layer.name) + f" ({highlight_symbol(markup_literal(layer.type))})"
            row = [name, row_shape(layer, extension), format_params(layer, summary.built)]
            if not summary.sequential_like:
                # a nested model's layers have no call in this model: Keras prints "-"
                row.append(connections(layer) if not level else "-")
            if options.show_trainable:
                row.append(trainable_mark(layer, trainable, summary.built))
            table.add_row(*(to_text(cell) for cell in row))
    return table


def has_extension_rows(summary: Summary, options: TableOptions) -> bool:
    """True when the table holds --expand-wrappers rows, which the footnote then marks."""
    if not options.expand_wrappers:
        return False
    rows = fallback_layout(summary, options).rows
    return any(row.extension for top in rows for row in table_rows(top, options))


def footer(label: str, count: int, size: float) -> str:
    return bold_text(f" {label}: ") + highlight_number(f"{count:,}") + f" ({readable_memory_size(size)})"


def print_summary(summary: Summary, console: Console, line_length: int | None = None, *,
                  expand_nested: bool = False, options: TableOptions | None = None) -> None:
    options = options or TableOptions()
    length = line_length or options.line_length or default_line_length(summary, options.show_trainable)
    console.print(to_text(bold_text(f'Model: "{markup_literal(summary.name)}"')))
    console.print(build_table(summary, length, expand_nested=expand_nested, options=options))
    trainable, frozen = summary.trainable_bytes, summary.non_trainable_bytes
    optimizer = None
    if any(key in ("optimizer", "optimizer_state") for key, _value in summary.print_options):
        from lstmcalc.engine.optimizers import optimizer_params  # only when a table has the footer

        optimizer = optimizer_params(summary)
    extra, extra_bytes = optimizer or (0, 0)
    console.print(to_text(footer("Total params", summary.total_params + extra, trainable + frozen + extra_bytes)))
    console.print(to_text(footer("Trainable params", summary.trainable_params, trainable)))
    console.print(to_text(footer("Non-trainable params", summary.non_trainable_params, frozen)))
    if optimizer:
        console.print(to_text(footer("Optimizer params", extra, extra_bytes)))
    if has_extension_rows(summary, options._replace(line_length=length)):
        console.print(WRAPPERS_NOTE, markup=False, highlight=False, soft_wrap=True)
