"""A self-contained SVG overview of the model, like Keras's plot_model(show_shapes=True),
drawn without Graphviz.

One box per row of the engine's summary (layers, a nested model as one box, and the mask
operations Keras lists between layers), one arrow per (producer, consumer) pair of every
tensor the model's calls consume: merges get all their inputs, an RNN its initial_state,
a shared layer every call's inputs. Nothing here has its own idea of the model: boxes and
arrows come from the same rows and links as `summary --format json`.

Layout is the layered (Sugiyama) scheme Graphviz's dot uses, small enough to read:
1. rank = longest path from the inputs, after turning round the arrows that close a cycle
   (a shared layer called on a later layer's output draws such a cycle);
2. arrows longer than one rank pass through invisible waypoints, one per rank crossed;
3. boxes within a rank are ordered by the barycentre of their neighbours, sweeping down and
   up, keeping the order with the fewest crossings;
4. positions across the ranks are the closest to each box's neighbours that keep the order
   and the gaps (isotonic regression, pool-adjacent-violators), so a chain is a straight
   vertical stack;
5. arrows are cubic curves through their waypoints, tangent to the rank direction.

Every name is untrusted: it is written through safety.text.xml_text, in text and in the
data-layer / data-from / data-to attributes tests and scripts use to find boxes and arrows.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from enum import Enum
from typing import NamedTuple

from lstmcalc.engine.results import MODEL_CLASSES, LayerResult, Summary
from lstmcalc.layers.merging import Merge
from lstmcalc.layers.recurrent import RNN
from lstmcalc.layers.wrappers import Bidirectional
from lstmcalc.safety.text import visible, xml_text

Shape = tuple[int | None, ...]


class Rankdir(str, Enum):
    """Which way the arrows run, as plot_model's rankdir: top to bottom or left to right."""

    TB = "TB"
    LR = "LR"


#: monospace text, so a label's width is its length times one advance
FONT = '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace'
SIZE, HEAD_SIZE = 11.0, 12.0
ADVANCE = 0.62  # em per character: DejaVu Sans Mono is 0.602, Menlo 0.602, Consolas 0.55
LINE = 15.0  # baseline to baseline
PAD_X, PAD_Y = 10.0, 7.0
RANK_GAP = 46.0  # between ranks, along the arrows
BOX_GAP, WAY_GAP = 26.0, 18.0  # across the arrows: between boxes, and beside a waypoint
MARGIN, CAPTION_H = 16.0, 30.0
NAME_LIMIT, SHAPE_LIMIT = 48, 72  # characters shown; the data attributes keep the whole name
SWEEPS = 8

#: (header fill, border) per kind of box, all light: text is INK or MUTED on any of them
KINDS = {
    "input": ("#e3edfb", "#3f6aa6"),
    "recurrent": ("#fdebd3", "#b05f12"),
    "merge": ("#e2f2e2", "#3b7d3b"),
    "model": ("#ece5f6", "#6a4f96"),
    "op": ("#eeeeee", "#6b6b6b"),
    "layer": ("#edf1f5", "#4e5d6e"),
}
PAGE, BODY, INK, MUTED, EDGE = "#ffffff", "#ffffff", "#1b1f24", "#4a5260", "#3d4652"


class Box(NamedTuple):
    name: str
    kind: str
    head: tuple[str, str]  # name, class
    rows: tuple[tuple[str, str], ...]  # (label, value) lines under the head
    width: float
    height: float


class Edge(NamedTuple):
    src: str
    dst: str
    refs: tuple[str, ...]  # the tensors it carries, as `enc[1]` or `enc@1[0]`


# --------------------------------------------------------------------------- structure


def _in_model(row: LayerResult) -> list[LayerResult]:
    """The calls of ROW that belong to this model (a shared layer may be called elsewhere)."""
    calls = row.nodes
    return list(calls) if row.model_nodes is None else [calls[n] for n in row.model_nodes]


def graph(summary: Summary) -> tuple[list[LayerResult], list[Edge]]:
    """The rows to box and the arrows between them, from the engine's rows and links."""
    rows = list(summary.table_rows)
    carried: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        for call in _in_model(row):
            for name, node, index in call.links():
                ref = f"{name}[{index}]" if node == 0 else f"{name}@{node}[{index}]"
                carried.setdefault((name, row.name), []).append(ref)
    edges = [Edge(src, dst, tuple(refs)) for (src, dst), refs in carried.items()]
    return rows, edges


def _kind(row: LayerResult) -> str:
    if row.is_op:
        return "op"
    if row.is_input:
        return "input"
    if row.type in MODEL_CLASSES:
        return "model"
    layer = row.layer.layer if isinstance(row.layer, Bidirectional) else row.layer
    if isinstance(layer, RNN):
        return "recurrent"
    if isinstance(layer, Merge):
        return "merge"
    return "layer"


def _fmt(shape: Shape | None) -> str:
    if shape is None:
        return "?"
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _outputs(call: LayerResult) -> str:
    if call.outputs:
        return "[" + ", ".join(_fmt(s) for s in call.outputs) + "]"
    return _fmt(call.output_shape)


def _tensor(producers: dict[str, LayerResult], name: str, node: int, index: int) -> Shape | None:
    row = producers.get(name)
    if row is None or node >= len(row.nodes):
        return None
    call = row.nodes[node]
    if call.outputs:
        return call.outputs[index] if index < len(call.outputs) else None
    return call.output_shape


def _inputs(call: LayerResult, producers: dict[str, LayerResult]) -> str | None:
    """The shapes of the tensors the call consumes, as plot_model shows them; a first
    layer of a Sequential model has no producer row and keeps its own input shape."""
    # a mask tensor (from a mask op) has its own arrow but is not what the layer transforms
    links = [link for link in call.links() if link[0] in producers and not producers[link[0]].is_op]
    if not links:
        return None if call.input_shape is None or call.is_input else _fmt(call.input_shape)
    shapes = [_fmt(_tensor(producers, *link)) for link in links]
    return shapes[0] if len(shapes) == 1 else "[" + ", ".join(shapes) + "]"


def _box(row: LayerResult, producers: dict[str, LayerResult], show_params: bool) -> Box:
    lines: list[tuple[str, str]] = []
    calls = _in_model(row)
    seen: list[tuple[str | None, str]] = []
    for call in calls:
        pair = (_inputs(call, producers), _outputs(call))
        if pair not in seen:
            seen.append(pair)
    for n, (shape_in, shape_out) in enumerate(seen):
        suffix = f" {n + 1}" if len(seen) > 1 else ""
        if shape_in is not None and not row.is_op:  # a mask op's input is its row's edge; keep it small
            lines.append((f"Input shape{suffix}", shape_in))
        lines.append((f"Output shape{suffix}", shape_out))
    if len(calls) > 1:
        lines.append(("Calls", str(len(calls))))
    if row.type in MODEL_CLASSES and row.nested:
        lines.append(("Layers inside", str(len(row.nested))))
    if show_params and not row.is_op:
        lines.append(("Params", f"{row.params:,}"))
    head = (visible(row.name, NAME_LIMIT), visible(row.type, NAME_LIMIT))
    shown = tuple((label, visible(value, SHAPE_LIMIT)) for label, value in lines)
    label_w = max((len(label) for label, _ in shown), default=0)
    chars = max([len(head[0]) * HEAD_SIZE / SIZE, len(head[1]),
                 *(label_w + 2 + len(value) for _, value in shown)])
    width = round(chars * SIZE * ADVANCE + 2 * PAD_X)
    height = round(2 * LINE + 2 * PAD_Y + (len(shown) * LINE + PAD_Y if shown else 0))
    return Box(row.name, _kind(row), head, shown, width, height)


# --------------------------------------------------------------------------- layout


class Layout(NamedTuple):
    ranks: list[list[str]]  # node ids per rank, in order, waypoints included (chains name them)
    along: dict[str, float]  # centre of each node along the arrows
    across: dict[str, float]  # centre of each node across the arrows
    chains: dict[tuple[str, str], list[str]]  # each arrow's nodes, source first
    reversed: set[tuple[str, str]]  # arrows drawn against the rank order (closing a cycle)
    size: tuple[float, float]  # extent along, across
    depth: dict[str, float]  # the depth of each node's rank, along the arrows


def _acyclic(names: list[str], edges: list[Edge]) -> set[tuple[str, str]]:
    """The arrows to turn round so the rest has no cycle: back edges of a depth-first walk
    in summary order (so a model without shared layers keeps every arrow as it is)."""
    children: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.src != e.dst:
            children[e.src].append(e.dst)
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    for root in names:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(children[root]))]
        while stack:
            node, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(children[nxt])))
    return back


def _crossings(upper: list[str], lower: list[str], pairs: list[tuple[str, str]]) -> int:
    pos_u = {n: i for i, n in enumerate(upper)}
    pos_l = {n: i for i, n in enumerate(lower)}
    segs = sorted((pos_u[a], pos_l[b]) for a, b in pairs if a in pos_u and b in pos_l)
    return sum(1 for i, (a1, b1) in enumerate(segs) for a2, b2 in segs[i + 1:] if a2 > a1 and b2 < b1)


def _transpose(order: list[list[str]], links: list[list[tuple[str, str]]]) -> None:
    """Swap neighbours within a rank while that removes crossings (dot's transpose step),
    for the local minima the barycentre leaves. Only the two nodes' own arrows can cross
    differently after a swap, so each test counts just those."""
    above: dict[str, list[str]] = defaultdict(list)
    below: dict[str, list[str]] = defaultdict(list)
    for pairs in links:
        for u, v in pairs:
            below[u].append(v)
            above[v].append(u)

    def crossings(r: int, left: str, right: str) -> int:
        count = 0
        for near, rank in ((above, r - 1), (below, r + 1)):
            if not 0 <= rank < len(order):
                continue
            pos = {n: i for i, n in enumerate(order[rank])} if near[left] and near[right] else {}
            count += sum(1 for a in near[left] for b in near[right] if pos.get(a, 0) > pos.get(b, 0))
        return count

    improved, rounds = True, 0
    while improved and rounds < 4:
        improved, rounds = False, rounds + 1
        for r, level in enumerate(order):
            for i in range(len(level) - 1):
                if crossings(r, level[i + 1], level[i]) < crossings(r, level[i], level[i + 1]):
                    level[i], level[i + 1] = level[i + 1], level[i]
                    improved = True


def _pav(desired: list[float], gaps: list[float], weights: list[float]) -> list[float]:
    """Positions as close as possible to DESIRED (least squares, each weighted) keeping
    x[i+1] - x[i] >= gaps[i]: isotonic regression of desired - offset by pooling
    adjacent violators."""
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    blocks: list[tuple[float, float, int]] = []  # mean, weight, count
    for d, o, w in zip(desired, offsets, weights, strict=True):
        blocks.append((d - o, w, 1))
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks.pop()
            blocks.append(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2))
    flat = [m for m, _, n in blocks for _ in range(n)]
    return [y + o for y, o in zip(flat, offsets, strict=True)]


def _ranks(names: list[str], forward: list[tuple[str, str]], floating: frozenset[str]) -> dict[str, int]:
    """Longest path from a source (iteratively: models can be deep); a FLOATING source sits
    one rank before the first node it feeds."""
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for a, b in forward:
        parents[b].append(a)
        children[a].append(b)
    rank: dict[str, int] = {}
    for node in names:
        todo = [node]
        while todo:
            top = todo[-1]
            missing = [p for p in parents[top] if p not in rank]
            if top in rank:
                todo.pop()
            elif missing:
                todo.extend(missing)
            else:
                rank[top] = max((rank[p] + 1 for p in parents[top]), default=0)
                todo.pop()
    for n in names:
        if n in floating and not parents[n] and children[n]:
            rank[n] = min(rank[c] for c in children[n]) - 1
    return rank


def _order(ranks: list[list[str]], links: list[list[tuple[str, str]]]) -> list[list[str]]:
    """Each rank ordered by the barycentre of its neighbours, sweeping down then up, with a
    transpose pass after each sweep; the order with the fewest crossings wins."""
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for pairs in links:
        for u, v in pairs:
            down[u].append(v)
            up[v].append(u)

    def total(order: list[list[str]]) -> int:
        return sum(_crossings(order[r], order[r + 1], links[r]) for r in range(len(order) - 1))

    best, best_count = [list(r) for r in ranks], total(ranks)
    order = [list(r) for r in ranks]
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        seq = range(1, len(order)) if downward else range(len(order) - 2, -1, -1)
        for r in seq:
            ref = {n: i for i, n in enumerate(order[r - 1] if downward else order[r + 1])}
            keyed = []
            for i, n in enumerate(order[r]):
                near = [ref[m] for m in (up[n] if downward else down[n]) if m in ref]
                keyed.append((sum(near) / len(near) if near else float(i), i, n))
            order[r] = [n for _, _, n in sorted(keyed)]
        _transpose(order, links)
        count = total(order)
        if count < best_count:
            best, best_count = [list(r) for r in order], count
    return best


def _place(ranks: list[list[str]], links: list[list[tuple[str, str]]], extent: dict[str, tuple[float, float]],
           light: set[str], waypoints: set[str]) -> dict[str, float]:
    """Across positions: each node as near the mean of its neighbours as the order and gaps
    allow, sweeping down then up. A layer's LIGHT neighbours (mask ops and their waypoints)
    are ignored when it has others, and light nodes give way first when the gaps push."""
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for pairs in links:
        for u, v in pairs:
            down[u].append(v)
            up[v].append(u)

    def gap(a: str, b: str) -> float:
        between = WAY_GAP if a in waypoints or b in waypoints else BOX_GAP
        return extent[a][1] / 2 + between + extent[b][1] / 2

    across: dict[str, float] = {}
    for level in ranks:
        x = 0.0
        for i, n in enumerate(level):
            if i:
                x += gap(level[i - 1], n)
            across[n] = x
    for sweep in range(2 * SWEEPS):
        downward = sweep % 2 == 0
        for r in range(1, len(ranks)) if downward else range(len(ranks) - 2, -1, -1):
            level = ranks[r]
            desired = []
            for n in level:
                near = up[n] if downward else down[n]
                if n not in light:  # a layer follows the layers it is linked with, when it has any
                    near = [m for m in near if m not in light] or near
                desired.append(sum(across[m] for m in near) / len(near) if near else across[n])
            placed = _pav(desired, [gap(a, b) for a, b in itertools.pairwise(level)],
                          [0.001 if n in light else 1.0 for n in level])
            across.update(zip(level, placed, strict=True))
    return across


def layout(names: list[str], edges: list[Edge], extent: dict[str, tuple[float, float]],
           floating: frozenset[str] = frozenset(), light: frozenset[str] = frozenset()) -> Layout:
    """Place NAMES (each with its (along, across) extent) and route EDGES. A FLOATING node
    without inputs sits just before the first node it feeds instead of among the inputs.
    Arrows to or from a LIGHT node (a mask op) pull little on positions, so the layers' own
    chain stays straight and the mask plumbing goes beside it."""
    back = _acyclic(names, edges)
    forward = [(e.dst, e.src) if (e.src, e.dst) in back else (e.src, e.dst) for e in edges if e.src != e.dst]
    rank = _ranks(names, forward, floating)
    ranks: list[list[str]] = [[] for _ in range(max(rank.values(), default=0) + 1)]
    for n in names:
        ranks[rank[n]].append(n)
    chains: dict[tuple[str, str], list[str]] = {}
    links: list[list[tuple[str, str]]] = [[] for _ in ranks]  # links[r]: from rank r to r+1
    faint = set(light)
    waypoints: set[str] = set()
    for e in edges:
        if e.src == e.dst:
            continue
        a, b = (e.dst, e.src) if (e.src, e.dst) in back else (e.src, e.dst)
        chain = [a]
        for r in range(rank[a] + 1, rank[b]):  # a waypoint in every rank the arrow crosses
            point = f"\0{len(rank)}"
            while point in rank:  # names are untrusted: one may look like a waypoint's id
                point += "'"
            waypoints.add(point)
            if a in light or b in light:
                faint.add(point)
            rank[point] = r
            ranks[r].append(point)
            extent[point] = (0.0, 0.0)
            chain.append(point)
        chain.append(b)
        for u, v in itertools.pairwise(chain):
            links[rank[u]].append((u, v))
        chains[(e.src, e.dst)] = chain
    ranks = _order(ranks, links)
    across = _place(ranks, links, extent, faint, waypoints)
    low = min((across[n] - extent[n][1] / 2 for level in ranks for n in level), default=0.0)
    high = max((across[n] + extent[n][1] / 2 for level in ranks for n in level), default=0.0)
    for n in across:
        across[n] -= low
    along: dict[str, float] = {}
    depths: dict[str, float] = {}
    pos = 0.0
    for level in ranks:
        depth = max((extent[n][0] for n in level), default=0.0)
        for n in level:
            along[n] = pos + depth / 2
            depths[n] = depth
        pos += depth + RANK_GAP
    return Layout(ranks, along, across, chains, back, (max(pos - RANK_GAP, 0.0), high - low), depths)


# --------------------------------------------------------------------------- drawing


def _ports(lay: Layout, boxes: dict[str, Box], edges: list[Edge], lr: bool) -> dict[tuple[str, str, str], float]:
    """Where each arrow leaves and enters a box, across the arrows: spread along the side
    in the order of the other end, so arrows into a merge do not cross at the box."""
    sides: dict[tuple[str, str], list[tuple[float, tuple[str, str, str]]]] = defaultdict(list)
    for e in edges:
        if e.src == e.dst:
            continue
        chain = lay.chains[(e.src, e.dst)]
        first, last = chain[0], chain[-1]  # in rank order, whichever way the arrow points
        sides[(first, "end")].append((lay.across[chain[1]], (e.src, e.dst, first)))
        sides[(last, "start")].append((lay.across[chain[-2]], (e.src, e.dst, last)))
    ports: dict[tuple[str, str, str], float] = {}
    for (node, _), entries in sides.items():
        entries.sort()
        span = (boxes[node].height if lr else boxes[node].width) * 0.6
        for i, (_, key) in enumerate(entries):
            step = span / len(entries)
            ports[key] = lay.across[node] - span / 2 + step * (i + 0.5)
    return ports


def _curve(points: list[tuple[float, float]], lr: bool) -> str:
    """A smooth path through POINTS (along, across), tangent to the rank direction at each."""

    def xy(p: tuple[float, float]) -> str:
        a, c = p
        x, y = (a, c) if lr else (c, a)
        return f"{x + MARGIN:.1f},{y + MARGIN + CAPTION_H:.1f}"

    parts = [f"M{xy(points[0])}"]
    for (a1, c1), (a2, c2) in itertools.pairwise(points):
        mid = (a1 + a2) / 2
        parts.append(f"C{xy((mid, c1))} {xy((mid, c2))} {xy((a2, c2))}")
    return " ".join(parts)


def overview_svg(summary: Summary, *, show_params: bool = False, rankdir: Rankdir = Rankdir.TB) -> str:
    """The overview SVG of SUMMARY (a built model without errors)."""
    lr = rankdir is Rankdir.LR
    rows, edges = graph(summary)
    producers = {r.name: r for r in rows}
    boxes = {r.name: _box(r, producers, show_params) for r in rows}
    for e in edges:  # an operation a layer consumes that the rows leave out (a Sequential
        if e.src not in boxes:  # model's mask ops): its box has only the name
            head = (visible(e.src, NAME_LIMIT), "operation")
            width = round(max(len(head[0]) * HEAD_SIZE / SIZE, len(head[1])) * SIZE * ADVANCE + 2 * PAD_X)
            boxes[e.src] = Box(e.src, "op", head, (), width, round(2 * LINE + 2 * PAD_Y))
    names = list(boxes)
    extent = {n: ((b.width, b.height) if lr else (b.height, b.width)) for n, b in boxes.items()}
    lay = layout(names, edges, extent, frozenset(names[len(rows):]),
                 frozenset(n for n, b in boxes.items() if b.kind == "op"))
    ports = _ports(lay, boxes, edges, lr)
    depth, breadth = lay.size
    breadth += 40 if any(e.src == e.dst for e in edges) else 0  # room for a self-loop beside its box
    width = round((depth if lr else breadth) + 2 * MARGIN)
    height = round((breadth if lr else depth) + 2 * MARGIN + CAPTION_H)
    title = xml_text(summary.name)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family=\'{FONT}\' font-size="{SIZE:g}">',
        f"<title>{title}: model overview</title>",
        "<style>"
        f".page{{fill:{PAGE}}}.box{{stroke-width:1.2}}.body{{fill:{BODY}}}"
        f".name{{font-size:{HEAD_SIZE:g}px;font-weight:700;fill:{INK}}}.cls{{fill:{MUTED}}}"
        f".label{{fill:{MUTED}}}.value{{fill:{INK}}}.caption{{font-size:13px;font-weight:700;fill:{INK}}}"
        f".edge{{fill:none;stroke:{EDGE};stroke-width:1.3}}.edge.back{{stroke-dasharray:5 3}}"
        f".refs{{font-size:10px;fill:{MUTED}}}.op rect{{stroke-dasharray:3 2}}"
        "@media print{.page{fill:none}.edge{stroke:#000}.box,.edge,text{print-color-adjust:exact;"
        "-webkit-print-color-adjust:exact}}"
        "</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>',
        f'<rect class="page" width="{width}" height="{height}"/>',
        f'<text class="caption" x="{MARGIN:g}" y="{MARGIN + 8:g}">{title}</text>',
    ]
    out += _edges_svg(lay, boxes, edges, ports, lr)
    for name in names:
        out += _box_svg(boxes[name], lay, lr)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edges_svg(lay: Layout, boxes: dict[str, Box], edges: list[Edge],
               ports: dict[tuple[str, str, str], float], lr: bool) -> list[str]:
    out = []
    for e in edges:
        attrs = f'data-from="{xml_text(e.src)}" data-to="{xml_text(e.dst)}"'
        tip = f"{xml_text(', '.join(e.refs), 200)} \u2192 {xml_text(e.dst)}"
        if e.src == e.dst:  # a layer called on its own output: a loop on the far side
            box = boxes[e.src]
            a, c = lay.along[e.src], lay.across[e.src]
            half_c = (box.height if lr else box.width) / 2
            points = [(a - 12, c + half_c), (a, c + half_c + 30), (a + 12, c + half_c)]
            d = _loop(points, lr)
            out.append(f'<g class="edge-group" {attrs}><title>{tip}</title>'
                       f'<path class="edge" d="{d}" marker-end="url(#arrow)"/></g>')
            continue
        chain = lay.chains[(e.src, e.dst)]
        turned = (e.src, e.dst) in lay.reversed
        first, last = chain[0], chain[-1]
        ext_first = (boxes[first].width if lr else boxes[first].height) / 2
        ext_last = (boxes[last].width if lr else boxes[last].height) / 2
        points = [(lay.along[first] + ext_first, ports[(e.src, e.dst, first)])]
        for w in chain[1:-1]:  # straight past the rank it crosses, so it clears the boxes there
            points += [(lay.along[w] - lay.depth[w] / 2, lay.across[w]), (lay.along[w] + lay.depth[w] / 2, lay.across[w])]
        points.append((lay.along[last] - ext_last - 1.5, ports[(e.src, e.dst, last)]))
        if turned:
            points.reverse()
        cls = "edge back" if turned else "edge"
        label = ""
        if any(not ref.endswith("[0]") or "@" in ref for ref in e.refs):
            # which tensors, written just past the producer, where no other box or label is
            (a1, c1), (a2, _c2) = points[0], points[1]
            shown = xml_text(" ".join(ref[len(e.src):] for ref in e.refs), 40)
            ahead = 1 if a2 > a1 else -1
            x, y = (a1 + 4 * ahead, c1 - 5) if lr else (c1 + 5, a1 + (13 if ahead > 0 else -5))
            anchor = "" if ahead > 0 or not lr else ' text-anchor="end"'
            label = (f'<text class="refs" x="{x + MARGIN:.1f}" y="{y + MARGIN + CAPTION_H:.1f}"{anchor}>'
                     f"{shown}</text>")
        out.append(f'<g class="edge-group" {attrs}><title>{tip}</title>'
                   f'<path class="{cls}" d="{_curve(points, lr)}" marker-end="url(#arrow)"/>{label}</g>')
    return out


def _loop(points: list[tuple[float, float]], lr: bool) -> str:
    def xy(a: float, c: float) -> str:
        x, y = (a, c) if lr else (c, a)
        return f"{x + MARGIN:.1f},{y + MARGIN + CAPTION_H:.1f}"

    (a1, c1), (_, c2), (a3, c3) = points
    return f"M{xy(a1, c1)} C{xy(a1 - 6, c2)} {xy(a3 + 6, c2)} {xy(a3, c3 + 1.5)}"


def _box_svg(box: Box, lay: Layout, lr: bool) -> list[str]:
    a, c = lay.along[box.name], lay.across[box.name]
    cx, cy = (a, c) if lr else (c, a)
    x, y = cx - box.width / 2 + MARGIN, cy - box.height / 2 + MARGIN + CAPTION_H
    fill, stroke = KINDS[box.kind]
    head_h = 2 * LINE + PAD_Y
    out = [f'<g class="layer {box.kind}" data-layer="{xml_text(box.name)}">',
           f'<rect class="box body" x="{x:.1f}" y="{y:.1f}" width="{box.width:g}" height="{box.height:g}" '
           f'rx="5" stroke="{stroke}"/>',
           f'<path d="M{x:.1f},{y + head_h:.1f} h{box.width:g}" stroke="{stroke}" stroke-width="1"/>'
           if box.rows else "",
           f'<rect x="{x + 0.6:.1f}" y="{y + 0.6:.1f}" width="{box.width - 1.2:g}" height="{head_h - 1.2:g}" '
           f'rx="4.5" fill="{fill}"/>',
           f'<text class="name" x="{cx + MARGIN:.1f}" y="{y + PAD_Y + 11:.1f}" text-anchor="middle">'
           f"{xml_text(box.head[0])}</text>",
           f'<text class="cls" x="{cx + MARGIN:.1f}" y="{y + PAD_Y + 11 + LINE:.1f}" text-anchor="middle">'
           f"{xml_text(box.head[1])}</text>"]
    label_w = max((len(label) for label, _ in box.rows), default=0)
    for i, (label, value) in enumerate(box.rows):
        ty = y + head_h + PAD_Y + 10 + i * LINE
        vx = x + PAD_X + (label_w + 2) * SIZE * ADVANCE
        out.append(f'<text class="label" x="{x + PAD_X:.1f}" y="{ty:.1f}">{xml_text(label)}</text>'
                   f'<text class="value" x="{vx:.1f}" y="{ty:.1f}">{xml_text(value)}</text>')
    out.append("</g>")
    return [line for line in out if line]
