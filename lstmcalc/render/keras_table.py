"""The summary table exactly as Keras 3 prints it (keras/src/utils/summary_utils.py).

The rich arguments, column positions, markup and footer format are Keras's own, so the
text matches character for character and the colours match on a terminal.
"""

from __future__ import annotations

import re
import shutil

import rich.markup
import rich.table
from rich.console import Console
from rich.text import Text

from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.safety.text import visible

SEQUENTIAL = (88, (0.45, 0.80, 1.0), ("Layer (type)", "Output Shape", "Param #"),
              ("left", "left", "right"))
FUNCTIONAL = (108, (0.3, 0.56, 0.74, 1.0), ("Layer (type)", "Output Shape", "Param #", "Connected to"),
              ("left", "left", "right", "left"))


def natural_line_length(summary: Summary) -> int:
    """Keras's own width before it looks at the terminal: 88 sequential-like, 108 otherwise.
    Files (SVG, HTML) use it: a redirected terminal's width says nothing about a page."""
    return SEQUENTIAL[0] if summary.sequential_like else FUNCTIONAL[0]


def default_line_length(summary: Summary) -> int:
    """Keras's choice: min(88 or 108, terminal columns - 4), with the same terminal probe."""
    return min(natural_line_length(summary), shutil.get_terminal_size().columns - 4)


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


def _rows(layer: LayerResult, expand_nested: bool, level: int = 0) -> list[tuple[LayerResult, int]]:
    """Keras's print_layer: the row, then (expand_nested) a nested model's layers, one level in."""
    rows = [(layer, level)]
    if expand_nested:
        for inner in layer.nested:
            rows.extend(_rows(inner, expand_nested, level + 1))
    return rows


def build_table(summary: Summary, line_length: int, *, expand_nested: bool = False) -> rich.table.Table:
    _, positions, header, justify = SEQUENTIAL if summary.sequential_like else FUNCTIONAL
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        widths.append(max(width, 4))
        current += width
    columns = [rich.table.Column(to_text(h), justify=j, width=w)  # type: ignore[arg-type]
               for h, j, w in zip(header, justify, widths, strict=True)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for top in summary.table_rows:
        if top.is_input and not summary.functional:
            continue
        for layer, level in _rows(top, expand_nested):
            prefix = "   " * level + "└ " if level else ""
            name = markup_literal(prefix + layer.name) + f" ({highlight_symbol(markup_literal(layer.type))})"
            row = [name, format_shape(layer), format_params(layer, summary.built)]
            if not summary.sequential_like:
                # a nested model's layers have no call in this model: Keras prints "-"
                row.append(connections(layer) if not level else "-")
            table.add_row(*(to_text(cell) for cell in row))
    return table


def footer(label: str, count: int, size: float) -> str:
    return bold_text(f" {label}: ") + highlight_number(f"{count:,}") + f" ({readable_memory_size(size)})"


def print_summary(summary: Summary, console: Console, line_length: int | None = None, *,
                  expand_nested: bool = False) -> None:
    length = line_length or default_line_length(summary)
    console.print(to_text(bold_text(f'Model: "{markup_literal(summary.name)}"')))
    console.print(build_table(summary, length, expand_nested=expand_nested))
    trainable, frozen = summary.trainable_bytes, summary.non_trainable_bytes
    optimizer = dict(summary.print_options).get("optimizer_state")
    extra, extra_bytes = 0, 0
    if optimizer:  # after fit(): the optimizer's slots (shaped like the trainable weights) and scalars
        slots, scalars = optimizer
        extra = slots * summary.trainable_params + scalars
        extra_bytes = slots * trainable + 8 + 4 * (scalars - 1)  # iterations is an int64
    console.print(to_text(footer("Total params", summary.total_params + extra, trainable + frozen + extra_bytes)))
    console.print(to_text(footer("Trainable params", summary.trainable_params, trainable)))
    console.print(to_text(footer("Non-trainable params", summary.non_trainable_params, frozen)))
    if optimizer:
        console.print(to_text(footer("Optimizer params", extra, extra_bytes)))
