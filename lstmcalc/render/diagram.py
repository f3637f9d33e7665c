"""A self-contained SVG of the model unrolled in time: the picture LSTM tutorials draw by hand.

Every layer is a block: its name on the left, then one box per timestep (long sequences
elided with "…") or a single box for a vector, each labelled with its size. The structure
comes only from the engine's graph (render/timegraph.py): blocks are placed in layers by
their longest path from the inputs, side by side in the order of their parents
(barycentres), and every arrow between two blocks is one tensor a layer consumes, tagged
`data-from` / `data-to` with the two layer names. A recurrent layer passes its state along
its row (both ways for Bidirectional); initial states enter at the step where the chain
starts; convolution and pooling steps read exactly their receptive field.
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from lstmcalc.diagnostics import Diagnostic, error
from lstmcalc.engine.results import Summary
from lstmcalc.layers.base import label
from lstmcalc.render.timegraph import SEQUENTIAL_INPUT, Edge, Graph, Node, build
from lstmcalc.safety.text import xml_text as escape


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


CELL_W, CELL_H, COL_W, ROW_H = 54, 30, 78, 76
TOP, BOTTOM, RIGHT, GAP = 64, 46, 36, 40
#: average advance of a character at the cell (12px), name (13px), title (15px) and caption (11px) font
#: sizes, generous enough for digits and "×", so boxes and name columns grow with their text
CELL_CHAR, NAME_CHAR, TITLE_CHAR, CAP_CHAR = 7.4, 7.6, 8.6, 6.3
NAME_MIN, NAME_CHARS = 150, 34  # a name column's least width; longer name lines wrap
MAX_NAME_LINES = 4  # a longer name is cut with "…" in its name column
LINE = 15  # the height of one line in a name column
TITLE_WIDTH = 1100  # titles wider than the drawing widen it up to here, then wrap

#: colours per theme: the light one prints well (every text at least 4.5:1 on its
#: background, every stroke at least 3:1, WCAG AA); the dark one is for screens
THEMES: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#ffffff", "text": "#1a1a1a", "muted": "#4d4d4d", "cell": "#111111", "flow": "#444444",
        "state": "#a4520e", "mask": "#5c5c5c",
        "input": "#eef5ff/#2f5f9e", "token": "#e8f6f3/#00695c", "recurrent": "#fff3e0/#a4520e",
        "step": "#eef8ee/#2e7d32", "vector": "#f3eefa/#5e3f8f",
    },
    "dark": {
        "bg": "#1b1d23", "text": "#e8e8e8", "muted": "#b4b4b4", "cell": "#f2f2f2", "flow": "#b8b8b8",
        "state": "#f0a050", "mask": "#9a9a9a",
        "input": "#1f3550/#7fb0ff", "token": "#173d38/#4fd1c5", "recurrent": "#47301a/#f0a050",
        "step": "#1f3d24/#7bd17f", "vector": "#33284a/#b59be0",
    },
}


class Block(NamedTuple):
    """Where one node is drawn: its block's left edge, the x of each column's centre and
    the y of its boxes' centres; the lines of its name column."""

    node: Node
    level: int
    left: float
    xs: tuple[float, ...]
    y: float
    lines: tuple[tuple[str, str], ...]


class Layout(NamedTuple):
    width: int
    height: int
    blocks: dict[str, Block]
    title: tuple[str, ...]
    caption: tuple[str, ...]
    cell_w: float
    col_w: float
    name_w: float
    shared_captions: bool  # one row of t= captions under everything (all rows on one grid)


def levels(graph: Graph) -> dict[str, int]:
    """Each node's layer: the longest path to it from an input."""
    parents: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for e in graph.edges:
        if e.source != e.target:
            parents[e.target].add(e.source)
    level: dict[str, int] = {}
    for name in graph.order:  # the engine's order is topological
        level[name] = max((level[p] + 1 for p in parents[name] if p in level), default=0)
    return level


def _wrap(text: str, width: int) -> list[str]:
    """TEXT in lines of at most WIDTH characters, broken at spaces where possible."""
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        cut = cut if cut > width // 2 else width
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*lines, text]


def _name_lines(node: Node, graph: Graph) -> tuple[tuple[str, str], ...]:
    """(class, text) of each line of a block's name column: its name and type, then its
    shape and, for a sliding window, the window's geometry; long lines wrapped."""
    name = "input" if node.result is None else f"{node.name} ({node.type})"
    wrapped = _wrap(name, NAME_CHARS)
    if len(wrapped) > MAX_NAME_LINES:  # the full name stays in the edges' data-from/data-to
        wrapped = [*wrapped[:MAX_NAME_LINES - 1], wrapped[MAX_NAME_LINES - 1][:NAME_CHARS - 1] + "…"]
    lines = [("name", t) for t in wrapped]
    lines += [("shape", t) for t in _wrap("(" + ", ".join(str(d) for d in node.shape) + ")", NAME_CHARS)]
    if node.kind == "recurrent" and node.backward and not node.forward:
        lines.append(("shape", "go_backwards: returns t=T first" if len(node.shape) >= 3 else "go_backwards"))
    windows = {e.window for e in graph.edges if e.target == node.name and e.window}
    for w in sorted(windows):
        lines += [("shape", t) for part in w.split("\n") for t in _wrap(part, NAME_CHARS)]
    return tuple(lines)


def layout(graph: Graph, title: str) -> Layout:
    level = levels(graph)
    depth = max(level.values(), default=0) + 1
    lines = {n: _name_lines(node, graph) for n, node in graph.nodes.items()}
    cell_w = max([CELL_W, *(len(node.label) * CELL_CHAR + 14 for node in graph.nodes.values())])
    col_w = cell_w + (COL_W - CELL_W)
    longest = max((len(text) for ls in lines.values() for _cls, text in ls), default=0)
    name_w = max(NAME_MIN, longest * NAME_CHAR + 32)
    heights = [ROW_H] * depth
    for n, ls in lines.items():
        heights[level[n]] = max(heights[level[n]], LINE * len(ls) + 30)
    parents: dict[str, list[Edge]] = {n: [] for n in graph.nodes}
    for e in graph.edges:
        if e.source != e.target and e.role != "mask":
            parents[e.target].append(e)
    blocks: dict[str, Block] = {}
    for lv in range(depth):
        names = [n for n in graph.order if level[n] == lv]

        def centre(n: str) -> float:  # the barycentre of a node's parents' boxes
            xs = [x for e in parents[n] for x in _source_xs(blocks[e.source], e)]
            return sum(xs) / len(xs) if xs else -1.0

        desired = {n: centre(n) for n in names}
        names.sort(key=lambda n: (desired[n] < 0, desired[n] if desired[n] >= 0 else graph.order.index(n)))
        cursor = 0.0
        for n in names:
            node = graph.nodes[n]
            cols = len(node.shown())
            data = [e for e in parents[n] if e.role == "data"] or parents[n]
            lefts = [blocks[e.source].left for e in data]
            want = sum(lefts) / len(lefts) if lefts else cursor
            left = max(want, cursor)
            first = left + name_w + col_w / 2
            xs = tuple(first + i * col_w for i in range(cols)) if node.sequence else (max(first, desired[n]),)
            blocks[n] = Block(node, lv, left, xs, 0.0, lines[n])
            cursor = xs[-1] + col_w / 2 + GAP
    right = max((b.xs[-1] + col_w / 2 for b in blocks.values()), default=0.0)
    width = max(right + RIGHT, 0.0)
    # the title and its caption: widen the drawing for them (up to TITLE_WIDTH), then wrap
    caption = f"each box is {_box_words(graph)}, labelled with its size; arrows show what flows to the next layer"
    need = max(len(title) * TITLE_CHAR, len(caption) * CAP_CHAR) + 32
    width = max(width, min(TITLE_WIDTH, need))
    title_lines = tuple(_wrap(title, int((width - 32) / TITLE_CHAR)))
    caption_lines = tuple(_wrap(caption, int((width - 32) / CAP_CHAR)))
    top = TOP + LINE * (len(title_lines) + len(caption_lines) - 2)
    ys, y = [0.0] * depth, float(top)
    for lv in reversed(range(depth)):
        ys[lv] = y + heights[lv] / 2
        y += heights[lv]
    blocks = {n: b._replace(y=ys[level[n]]) for n, b in blocks.items()}
    seqs = [b for b in blocks.values() if b.node.sequence]
    shared = bool(seqs) and len({(b.xs, tuple(b.node.shown())) for b in seqs}) == 1
    height = round(y + BOTTOM)
    return Layout(round(width), height, blocks, title_lines, caption_lines, cell_w, col_w, name_w, shared)


def _source_xs(block: Block, edge: Edge) -> list[float]:
    node = block.node
    xs = []
    for s, _t in edge.steps:
        col = node.column(s)
        if col is not None and col < len(block.xs):
            xs.append(block.xs[col])
    return xs or [block.xs[-1]]


def _caption(node: Node, step: int | None) -> str:
    if step is None:
        return "…"
    if step < 0:
        return "T" if step == -1 else f"T{step + 1}"
    return str(step + 1)


def _subtitle(graph: Graph) -> str:
    lengths = {n.steps for n in graph.nodes.values() if n.sequence}
    if not lengths:
        return "no time axis"
    elided = any(None in n.shown() for n in graph.nodes.values() if n.sequence)
    steps = ", ".join(str(s) for s in sorted(s for s in lengths if s is not None)) or "T"
    steps += ", T" if None in lengths and steps != "T" else ""
    return f"unrolled over {steps} timesteps" + (" (middle steps elided)" if elided else "")


def _box_words(graph: Graph) -> str:
    """What a box holds: a vector, or for convolutional layers a feature map."""
    return "one feature map or vector" if any("×" in n.label for n in graph.nodes.values()) else "one vector"


def _attr(text: str) -> str:
    return escape(text)  # quotes too: safe inside "..."


def _line(x1: float, y1: float, x2: float, y2: float, *, cls: str, src: str, dst: str, marker: str = "head") -> str:
    return (f'<line class="{cls}" data-from="{_attr(src)}" data-to="{_attr(dst)}" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}" marker-end="url(#{marker})"/>')


def _path(d: str, cls: str, src: str, dst: str, marker: str) -> str:
    return (f'<path class="{cls}" data-from="{_attr(src)}" data-to="{_attr(dst)}" d="{d}" fill="none" '
            f'marker-end="url(#{marker})"/>')


def diagram_svg(summary: Summary, theme: str = "light") -> str:
    graph = build(summary)
    title = f"{summary.name}: {_subtitle(graph)}"
    lay = layout(graph, title)
    c = THEMES[theme]
    w, h = lay.width, lay.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'font-family="ui-sans-serif, system-ui, Helvetica, Arial, sans-serif">',
        f"<title>{escape(summary.name)}: unrolled in time</title>",
        f"<style>.flow{{stroke:{c['flow']};stroke-width:1.3}}.elided{{stroke-dasharray:3 3}}"
        f".state{{stroke:{c['state']};stroke-width:1.6}}.mask{{stroke:{c['mask']};stroke-width:1.2;"
        f"stroke-dasharray:6 4}}.name{{font-size:13px;fill:{c['text']}}}.shape{{font-size:11px;fill:{c['muted']}}}"
        f".cell{{font-size:12px;fill:{c['cell']}}}.cap{{font-size:11px;fill:{c['muted']}}}"
        f".step{{font-size:9px;fill:{c['muted']}}}.title{{font-size:15px;font-weight:600;fill:{c['text']}}}</style>",
        "<defs>" + "".join(
            f'<marker id="{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c[key]}"/></marker>'
            for mid, key in (("head", "flow"), ("head-state", "state"), ("head-mask", "mask"))) + "</defs>",
        f'<rect width="{w}" height="{h}" fill="{c["bg"]}"/>',
    ]
    for i, line in enumerate(lay.title):
        out.append(f'<text class="title" x="16" y="{26 + i * LINE + (i and 2)}">{escape(line)}</text>')
    for i, line in enumerate(lay.caption):
        out.append(f'<text class="cap" x="16" y="{44 + LINE * (len(lay.title) - 1 + i)}">{escape(line)}</text>')
    for name in graph.order:
        out += _block(lay.blocks[name], lay, c)
    lanes: dict[str, int] = {}
    for edge in graph.edges:
        out += _edge(edge, lay, lanes)
    consumed = {e.source for e in graph.edges}
    for name in graph.order:
        if name not in consumed:
            out += _model_output(lay.blocks[name])
    if lay.shared_captions:
        block = next(b for b in lay.blocks.values() if b.node.sequence)
        for x, step in zip(block.xs, block.node.shown(), strict=True):
            if step is not None:
                out.append(f'<text class="cap" x="{x:.1f}" y="{h - 18}" text-anchor="middle">'
                           f"t={escape(_caption(block.node, step))}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _block(b: Block, lay: Layout, c: dict[str, str]) -> list[str]:
    node = b.node
    fill, stroke = c[node.kind].split("/")
    out = []
    first_y = b.y - (LINE * len(b.lines)) / 2 + 10
    for i, (cls, text) in enumerate(b.lines):
        out.append(f'<text class="{cls}" x="{b.left + 16:.1f}" y="{first_y + i * LINE:.1f}">{escape(text)}</text>')
    half = lay.cell_w / 2
    for x, step in zip(b.xs, node.shown(), strict=True):
        if step is None:
            out.append(f'<text class="cell" x="{x:.1f}" y="{b.y + 4:.1f}" text-anchor="middle">…</text>')
            continue
        out.append(f'<rect x="{x - half:.1f}" y="{b.y - CELL_H / 2:.1f}" width="{lay.cell_w:g}" height="{CELL_H}" '
                   f'rx="5" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text class="cell" x="{x:.1f}" y="{b.y + 4:.1f}" text-anchor="middle">{escape(node.label)}</text>')
        if node.sequence and not lay.shared_captions:
            out.append(f'<text class="step" x="{x + half - 2:.1f}" y="{b.y - CELL_H / 2 - 3:.1f}" '
                       f'text-anchor="end">t={escape(_caption(node, step))}</text>')
    if node.kind == "recurrent":
        out += _chain(b, lay)
    return out


def _chain(b: Block, lay: Layout) -> list[str]:
    """The state passed along the row: forward left to right, backward right to left,
    through the elided middle too."""
    node, half = b.node, lay.cell_w / 2
    both = node.forward and node.backward
    out = []
    for (xa, sa), (xb, sb) in itertools.pairwise(zip(b.xs, node.shown(), strict=True)):
        x1 = xa + (half if sa is not None else 8)
        x2 = xb - (half if sb is not None else 8)
        if node.forward:
            out.append(_line(x1, b.y - (5 if both else 0), x2, b.y - (5 if both else 0), cls="state",
                             src=node.name, dst=node.name, marker="head-state"))
        if node.backward:
            out.append(_line(x2, b.y + (5 if both else 0), x1, b.y + (5 if both else 0), cls="state",
                             src=node.name, dst=node.name, marker="head-state"))
    return out


def _model_output(b: Block) -> list[str]:
    """Short arrows up from what a model output returns: every step of a sequence, the last
    step(s) of a recurrent layer without return_sequences (data-to="": not a layer)."""
    node = b.node
    if node.kind == "recurrent" and len(node.shape) < 3:
        cols = [node.column(s) for s in node.finals]
    else:
        cols = [i for i, s in enumerate(node.shown()) if s is not None]
    top = b.y - CELL_H / 2
    out = [_line(b.xs[c], top, b.xs[c], top - 20, cls="flow", src=node.name, dst="") for c in cols if c is not None]
    first = min(b.xs[c] for c in cols if c is not None)
    out.append(f'<text class="step" x="{first - 5:.1f}" y="{top - 12:.1f}" text-anchor="end">output</text>')
    return out


def _blocked(lay: Layout, x1: float, y1: float, x2: float, y2: float, *, low: int, high: int) -> bool:
    """Whether the straight line from (x1, y1) up to (x2, y2) crosses a box of a block in a
    layer between LOW and HIGH."""
    for b in lay.blocks.values():
        if low < b.level < high and y2 < b.y < y1:
            x = x1 + (x2 - x1) * (y1 - b.y) / (y1 - y2)
            if any(abs(x - bx) < lay.cell_w / 2 + 4 for bx in b.xs):
                return True
    return False


def _edge(edge: Edge, lay: Layout, lanes: dict[str, int]) -> list[str]:
    src, dst = lay.blocks[edge.source], lay.blocks[edge.target]
    name_from = edge.source if src.node.result is not None else SEQUENTIAL_INPUT
    half = lay.cell_w / 2
    if edge.role == "mask":  # one dashed edge: the mask gates every step of the target
        # up into the gap above the source row, left to a lane clear of every box between
        # the two rows, up to just below the target row, then into its first box
        x1, y1 = src.xs[0] - half + 6, src.y - CELL_H / 2
        gap = y1 - 9
        crossed = [b.xs[0] for b in lay.blocks.values() if src.level <= b.level <= dst.level]
        lane = min(crossed) - half - 10
        below = dst.y + CELL_H / 2 + 9
        x2 = dst.xs[0] - half + 8
        d = f"M{x1:.1f},{y1:.1f} V{gap:.1f} H{lane:.1f} V{below:.1f} H{x2:.1f} V{dst.y + CELL_H / 2 + 1:.1f}"
        return [_path(d, "mask", name_from, edge.target, "head-mask"),
                f'<text class="step" x="{lane - 3:.1f}" y="{(gap + below) / 2:.1f}" text-anchor="end">mask</text>']
    pairs: list[tuple[int, int]] = []
    for s, t in edge.steps:
        a, b = src.node.column(s), dst.node.column(t)
        if a is not None and b is not None and (a, b) not in pairs:
            pairs.append((a, b))
    out = []
    for a, b in pairs:
        elided = src.node.shown()[a] is None if src.node.sequence else False
        x1, x2 = src.xs[a], dst.xs[b]
        y1 = src.y - (6 if elided else CELL_H / 2)
        if edge.role == "state":  # below the target row, then into the side where its chain starts
            into = dst.node.shown()[b]
            side = -half if into == 0 and dst.node.forward else half
            ex, ey = x2 + side, dst.y
            lane_index = lanes.get(edge.target, 0)
            lanes[edge.target] = lane_index + 1
            lane = dst.y + CELL_H / 2 + 14 + 5 * lane_index
            reach = ex + (-14 if side < 0 else 14)
            d = f"M{x1:.1f},{y1:.1f} V{lane:.1f} H{reach:.1f} Q{reach:.1f},{ey:.1f} {ex:.1f},{ey:.1f}"
            out.append(_path(d, "state", name_from, edge.target, "head-state"))
            if edge.note:
                out.append(f'<text class="step" x="{(x1 + reach) / 2:.1f}" y="{lane - 3:.1f}" '
                           f'text-anchor="middle">{escape(edge.note)}</text>')
            continue
        cls = "flow elided" if elided else "flow"
        y2 = dst.y + CELL_H / 2 + 1
        if not dst.node.sequence and len(pairs) > 1:  # many into one box: spread the heads along it
            x2 += max(-half + 6, min(half - 6, (x1 - x2) * 0.25))
        if _blocked(lay, x1, y1, x2, y2, low=src.level, high=dst.level):  # bend around the boxes in between
            bend = lay.cell_w * 0.9
            d = (f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1 - 40:.1f} {x2 + bend:.1f},{y2 + 40:.1f} "
                 f"{x2:.1f},{y2:.1f}")
            out.append(_path(d, cls, name_from, edge.target, "head"))
            continue
        out.append(_line(x1, y1, x2, y2, cls=cls, src=name_from, dst=edge.target))
        if edge.note:  # a return_state tensor feeding an ordinary layer
            out.append(f'<text class="step" x="{x1 + 4:.1f}" y="{y1 - 6:.1f}">{escape(edge.note)}</text>')
    return out

