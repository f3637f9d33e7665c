"""A self-contained SVG of the model unrolled in time: the picture LSTM tutorials draw by hand.

Layers are rows (input at the bottom), timesteps are columns (long sequences elided with
"…"), and every cell is labelled with its vector size. A recurrent layer passes its state
along the row; with return_sequences=True every step goes up to the next layer, with
return_sequences=False only the last step does. Vectors (a Dense head, the output of
Flatten or global pooling) are single boxes; RepeatVector fans one box out to every step.
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.base import label
from lstmcalc.layers.recurrent import RNN
from lstmcalc.layers.wrappers import Bidirectional
from lstmcalc.safety.text import xml_text as escape

MAX_COLUMNS = 6  # longer sequences show 1, 2, 3, …, T
CELL_W, CELL_H, COL_W, ROW_H = 54, 30, 78, 76
LEFT, TOP, BOTTOM, RIGHT = 250, 64, 46, 24
#: average advance of a character at the cell (12px) and name (13px) font sizes, generous
#: enough for digits and "×", so boxes and the name column grow with what they hold
CELL_CHAR, NAME_CHAR, MAX_LEFT = 7.4, 7.6, 520


class Geometry(NamedTuple):
    """Sizes of one diagram: boxes as wide as their longest label, the name column as wide
    as the longest layer name (within MAX_LEFT)."""

    cell_w: float = CELL_W
    col_w: float = COL_W
    left: float = LEFT

    def x(self, col: int) -> float:
        return self.left + col * self.col_w + self.col_w / 2


def geometry(rows: list[Row]) -> Geometry:
    cell_w = max([CELL_W, *(len(r.label) * CELL_CHAR + 14 for r in rows)])
    names = [len(f"{r.result.name} ({r.result.type})") for r in rows]
    left = min(MAX_LEFT, max([LEFT, *(n * NAME_CHAR + 32 for n in names)]))
    return Geometry(cell_w, cell_w + (COL_W - CELL_W), left)

COLOURS = {"input": ("#eef5ff", "#4a78b8"), "recurrent": ("#fff3e0", "#d9822b"),
           "step": ("#eef8ee", "#4f9a4f"), "vector": ("#f3eefa", "#7b5ea7")}


class Row(NamedTuple):
    result: LayerResult
    kind: str  # input | recurrent | step | vector
    cells: tuple[int, ...]  # column indexes holding a cell (the elision column excluded)
    emits: tuple[int, ...]  # columns whose output goes up
    label: str  # the size written in each cell
    backwards: bool = False  # arrows right to left (go_backwards) or both ways (Bidirectional)
    both: bool = False


def _columns(steps: int | None) -> list[str]:
    """Column captions: every step when few, else 1, 2, 3, …, T."""
    if steps is not None and steps <= MAX_COLUMNS:
        return [str(t) for t in range(1, steps + 1)]
    return ["1", "2", "3", "…", str(steps) if steps is not None else "T"]


def _size(shape: tuple[int | None, ...] | None, skip: int) -> str:
    if shape is None:
        return "?"
    dims = shape[skip:]
    return "×".join("?" if d is None else str(d) for d in dims) or "1"


def _recurrent(result: LayerResult) -> RNN | None:
    layer = result.layer
    if isinstance(layer, Bidirectional):
        layer = layer.layer
    return layer if isinstance(layer, RNN) else None


def undrawable(summary: Summary) -> Diagnostic | None:
    """Why SUMMARY cannot be drawn unrolled in time (LC040), or None."""
    for r in summary.models:
        return error("LC040", f"{label(r.name)} is a {r.type} model used as a layer; the diagram draws one row per "
                     "layer and does not draw the layers inside a model", r.span, label(r.name),
                     "`lstmcalc summary --expand-nested` lists the model's layers")
    for r in summary.shared:
        return error("LC040", f"{label(r.name)} is called {len(r.nodes)} times (a shared layer); the diagram draws "
                     "one row per layer and cannot show a layer's several calls", r.span, label(r.name),
                     "`lstmcalc summary` shows every call in its Connected to column")
    for r in summary.layers:
        for shape in (r.input_shape, r.output_shape):
            if shape is not None and len(shape) >= 3 and shape[1] == 0:
                return error("LC040", f"{label(r.name)} has sequences of 0 timesteps: there is no step to draw",
                             r.span, label(r.name), "give the sequences at least one timestep")
    return None


def plan(summary: Summary) -> tuple[list[str], list[Row]]:
    """Decide the columns and each row's cells and outgoing steps."""
    rows_in = [r for r in summary.layers if r.output_shape is not None]
    seq_steps = [r.output_shape[1] for r in rows_in if r.output_shape is not None and len(r.output_shape) >= 3]
    seq_steps += [r.input_shape[1] for r in rows_in if r.input_shape is not None and len(r.input_shape) >= 3]
    known = [s for s in seq_steps if s is not None]
    steps = max(known) if known and len(known) == len(seq_steps) else (None if seq_steps else 1)
    captions = _columns(steps)
    real = [i for i, c in enumerate(captions) if c != "…"]
    last = real[-1]
    centre = (len(captions) - 1) // 2
    rows: list[Row] = []
    if not summary.functional and rows_in and rows_in[0].input_shape is not None:
        first = rows_in[0]
        rows.append(_input_row(first._replace(output_shape=first.input_shape, name="input", type="InputLayer"),
                               real, centre))
    for r in rows_in:
        assert r.output_shape is not None
        if r.is_input:
            rows.append(_input_row(r, real, centre))
            continue
        rnn = _recurrent(r)
        sequence_in = r.input_shape is not None and len(r.input_shape) >= 3
        sequence_out = len(r.output_shape) >= 3
        label = _size(r.output_shape, 2 if sequence_out else 1)
        if rnn is not None and sequence_in:
            emits = tuple(real) if sequence_out else (last,)
            rows.append(Row(r, "recurrent", tuple(real), emits, label, bool(rnn.go_backwards),
                            isinstance(r.layer, Bidirectional)))
        elif sequence_out:
            rows.append(Row(r, "step", tuple(real), tuple(real), label))
        else:
            below = rows[-1].emits if rows else (centre,)
            at = below[0] if len(below) == 1 else centre
            rows.append(Row(r, "vector", (at,), (at,), label))
    return captions, rows


def _input_row(result: LayerResult, real: list[int], centre: int) -> Row:
    shape = result.output_shape or ()
    if len(shape) >= 3:
        return Row(result, "input", tuple(real), tuple(real), _size(shape, 2))
    return Row(result, "input", (centre,), (centre,), _size(shape, 1))


def _arrow(x1: float, y1: float, x2: float, y2: float, cls: str = "flow") -> str:
    return f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" marker-end="url(#head)"/>'


def diagram_svg(summary: Summary) -> str:
    captions, rows = plan(summary)
    g = geometry(rows)
    width = round(g.left + g.col_w * len(captions) + RIGHT)
    height = TOP + ROW_H * len(rows) + BOTTOM
    ellipsis = [i for i, c in enumerate(captions) if c == "…"]

    def y(index: int) -> float:  # row 0 at the bottom
        return TOP + (len(rows) - 1 - index) * ROW_H + ROW_H / 2

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'font-family="ui-sans-serif, system-ui, Helvetica, Arial, sans-serif">',
        f"<title>{escape(summary.name)}: unrolled in time</title>",
        "<style>.flow{stroke:#555;stroke-width:1.3}.state{stroke:#d9822b;stroke-width:1.6}"
        ".name{font-size:13px;fill:#222}.shape{font-size:11px;fill:#666}.cell{font-size:12px;fill:#111}"
        ".cap{font-size:11px;fill:#666}.title{font-size:15px;font-weight:600;fill:#222}</style>",
        '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text class="title" x="16" y="26">{escape(summary.name)}: {_subtitle(captions)}</text>',
        f'<text class="cap" x="16" y="44">each box is {_box_words(rows)}, labelled with its size; arrows show what '
        "flows to the next layer</text>",
    ]
    for index, row in enumerate(rows):
        yy = y(index)
        fill, stroke = COLOURS[row.kind]
        out.append(f'<text class="name" x="16" y="{yy - 2:.1f}">{escape(_name_text(row.result, g))}</text>')
        out.append(f'<text class="shape" x="16" y="{yy + 14:.1f}">{escape(_shape_text(row.result))}</text>')
        for col in row.cells:
            out.append(f'<rect x="{g.x(col) - g.cell_w / 2:.1f}" y="{yy - CELL_H / 2:.1f}" width="{g.cell_w:g}" '
                       f'height="{CELL_H}" rx="5" fill="{fill}" stroke="{stroke}"/>')
            out.append(f'<text class="cell" x="{g.x(col):.1f}" y="{yy + 4:.1f}" text-anchor="middle">'
                       f"{escape(row.label)}</text>")
        if len(row.cells) > 1:
            for col in ellipsis:
                out.append(f'<text class="cell" x="{g.x(col):.1f}" y="{yy + 4:.1f}" text-anchor="middle">…</text>')
        if row.kind == "recurrent":
            out += _state_arrows(row, yy, ellipsis, g)
        if index:
            out += _edges(rows[index - 1], row, y(index - 1), yy, g)
    for col, caption in enumerate(captions):
        if caption != "…" and any(len(r.cells) > 1 for r in rows):
            out.append(f'<text class="cap" x="{g.x(col):.1f}" y="{height - 18}" text-anchor="middle">t={escape(caption)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _subtitle(captions: list[str]) -> str:
    if len(captions) == 1:
        return "no time axis"
    steps = captions[-1]
    return f"unrolled over {steps} timesteps" + (" (middle steps elided)" if "…" in captions else "")


def _box_words(rows: list[Row]) -> str:
    """What a box holds: a vector, or for convolutional layers a feature map."""
    return "one feature map or vector" if any("×" in r.label for r in rows) else "one vector"


def _name_text(result: LayerResult, g: Geometry) -> str:
    """`name (Type)`, shortened with … when it would run into the boxes."""
    text = f"{result.name} ({result.type})"
    room = int((g.left - 32) / NAME_CHAR)
    return text if len(text) <= room else text[:max(room - 1, 1)] + "…"


def _shape_text(result: LayerResult) -> str:
    shape = result.output_shape or ()
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _state_arrows(row: Row, yy: float, ellipsis: list[int], g: Geometry) -> list[str]:
    cols = sorted(row.cells)
    out = []
    for a, b in itertools.pairwise(cols):
        x1, x2 = g.x(a) + g.cell_w / 2, g.x(b) - g.cell_w / 2
        if ellipsis and a < ellipsis[0] < b:
            x1, x2 = g.x(a) + g.cell_w / 2, g.x(ellipsis[0]) - 8
            out.append(_arrow(x1, yy, x2, yy, "state"))
            x1, x2 = g.x(ellipsis[0]) + 8, g.x(b) - g.cell_w / 2
        if row.backwards and not row.both:
            x1, x2 = x2, x1
        out.append(_arrow(x1, yy - (4 if row.both else 0), x2, yy - (4 if row.both else 0), "state"))
        if row.both:
            out.append(_arrow(x2, yy + 4, x1, yy + 4, "state"))
    return out


def _edges(below: Row, row: Row, y_below: float, y_row: float, g: Geometry) -> list[str]:
    top_of_below, bottom_of_row = y_below - CELL_H / 2, y_row + CELL_H / 2
    if set(below.emits) == set(row.cells):
        pairs = [(c, c) for c in row.cells]
    elif len(row.cells) == 1:
        pairs = [(c, row.cells[0]) for c in below.emits]
    else:
        pairs = [(below.emits[0] if len(below.emits) == 1 else c, c) for c in row.cells]
    return [_arrow(g.x(a), top_of_below, g.x(b), bottom_of_row + 1) for a, b in pairs]
