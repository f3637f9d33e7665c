"""The model as the diagram draws it, read only from the engine's Summary: one node per
layer, one edge per tensor a layer consumes (its `inputs`, as `summary --format json`
lists them), and for every edge which timesteps feed which.

Steps are 0-based. When a sequence's length is unknown (None), the last steps are counted
from the end (-1 is the last), so "the final step" stays exact without a length.
"""

from __future__ import annotations

from typing import NamedTuple

from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.layers.attention import AttentionBase
from lstmcalc.layers.conv import Conv1D, Pooling1D, as_tuple
from lstmcalc.layers.convnd import ConvGeometry
from lstmcalc.layers.core import Embedding
from lstmcalc.layers.merging import Concatenate
from lstmcalc.layers.poolnd import CroppingND, PoolingND, UpSampling1D, ZeroPaddingND
from lstmcalc.layers.recurrent import RNN
from lstmcalc.layers.wrappers import Bidirectional

MAX_COLUMNS = 6  # longer sequences show steps 1, 2, 3, …, T
#: the name of the input a Sequential model draws (it has no InputLayer row)
SEQUENTIAL_INPUT = ""


class Node(NamedTuple):
    """One layer: a row of per-step boxes (`steps` is its length, None when unknown) or,
    with `sequence` False, one box."""

    name: str
    type: str
    shape: tuple[int | None, ...]
    sequence: bool
    steps: int | None
    label: str  # the size written in each box
    kind: str  # input | token | recurrent | step | vector
    result: LayerResult | None  # None for a Sequential model's input
    forward: bool = True  # a recurrent chain running t=1 -> t=T
    backward: bool = False  # a recurrent chain running t=T -> t=1

    def shown(self) -> list[int | None]:
        """The steps drawn as boxes, None where the middle steps are elided."""
        if not self.sequence:
            return [0]
        if self.steps is not None and self.steps <= MAX_COLUMNS:
            return list(range(self.steps))
        return [0, 1, 2, None, -1 if self.steps is None else self.steps - 1]

    def norm(self, step: int) -> int | None:
        """STEP as this row counts it (negative from the end when the length is unknown);
        None when outside the sequence."""
        if self.steps is None:
            return step
        if step < 0:
            step += self.steps
        return step if 0 <= step < self.steps else None

    def column(self, step: int | None) -> int | None:
        """The column drawing STEP: its box, or the elision column; None if out of range."""
        shown = self.shown()
        if step is None or not self.sequence:
            return 0
        s = self.norm(step)
        if s is None:
            return None
        if s in shown:
            return shown.index(s)
        if self.steps is None and s >= 0 and -1 in shown and s > 2:
            return shown.index(None)
        return shown.index(None) if None in shown else None

    @property
    def finals(self) -> list[int]:
        """The steps whose cell gives a recurrent layer's last output (forward: t=T,
        backward: t=1)."""
        out = []
        if self.forward:
            out.append(self.last)
        if self.backward:
            out.append(0)
        return out

    @property
    def last(self) -> int:
        return -1 if self.steps is None else self.steps - 1


class Edge(NamedTuple):
    """A tensor SOURCE gives to TARGET; `role` is data, state (initial_state) or mask;
    `steps` the (source step, target step) pairs, None for a vector's single box."""

    source: str
    target: str
    role: str
    steps: tuple[tuple[int | None, int | None], ...]
    window: str = ""  # a caption for a convolution or pooling window
    note: str = ""  # which state a return_state tensor is (h, c; arrows for Bidirectional)


def state_name(src: Node, tensor: int) -> str:
    """Which state tensor TENSOR of a recurrent SRC with return_state is: h or c (LSTM's
    outputs are [output, h, c]), with → or ← for a Bidirectional's forward or backward
    half; "" for a layer's output."""
    result = src.result
    if src.kind != "recurrent" or result is None or not result.outputs:
        return ""
    layer = result.layer
    outs = 2 if isinstance(layer, Bidirectional) and layer.merge_mode is None else 1
    states = len(result.outputs) - outs
    index = tensor - outs
    if index < 0 or states <= 0:
        return ""
    if isinstance(layer, Bidirectional):
        half = max(states // 2, 1)
        names = ["h", "c"] if half == 2 else ["h"] * half
        return names[index % half] + ("→" if index < half else "←")
    return (["h", "c"] if states == 2 else ["h"] * states)[index]


class Graph(NamedTuple):
    nodes: dict[str, Node]
    edges: list[Edge]
    order: list[str]  # spec order


def _recurrent(result: LayerResult) -> RNN | None:
    layer = result.layer
    if isinstance(layer, Bidirectional):
        layer = layer.layer
    return layer if isinstance(layer, RNN) else None


def _size(shape: tuple[int | None, ...], skip: int) -> str:
    dims = shape[skip:]
    return "×".join("?" if d is None else str(d) for d in dims) or "1"


def _main_shape(result: LayerResult) -> tuple[int | None, ...]:
    """The layer's (first) output: with return_state, the output before the states."""
    return result.output_shape or ()


def _node(result: LayerResult, tokens: bool) -> Node:
    shape = _main_shape(result)
    sequence = len(shape) >= 3
    rnn = _recurrent(result)
    if result.is_input:
        if tokens and len(shape) == 2:
            return Node(result.name, result.type, shape, True, shape[1], "id", "token", result)
        return Node(result.name, result.type, shape, sequence, shape[1] if sequence else None,
                    _size(shape, 2 if sequence else 1), "input", result)
    if rnn is not None and result.input_shape is not None and len(result.input_shape) >= 3:
        steps = result.input_shape[1]
        both = isinstance(result.layer, Bidirectional)
        return Node(result.name, result.type, shape, True, steps, _size(shape, 2 if sequence else 1), "recurrent",
                    result, forward=both or not rnn.go_backwards, backward=both or bool(rnn.go_backwards))
    if sequence:
        return Node(result.name, result.type, shape, True, shape[1], _size(shape, 2), "step", result)
    return Node(result.name, result.type, shape, False, None, _size(shape, 1), "vector", result)


def build(summary: Summary) -> Graph:
    """Nodes and edges of SUMMARY, every edge one of a layer's `inputs`."""
    layers = [r for r in summary.layers if not r.is_op and r.output_shape is not None]
    ops = {o.name: o for o in summary.operations if o.is_op}
    consumers: dict[str, list[LayerResult]] = {}
    for r in layers:
        for src in r.inputs:
            consumers.setdefault(src, []).append(r)
    nodes: dict[str, Node] = {}
    order: list[str] = []
    if not summary.functional and layers and layers[0].input_shape is not None:
        first = layers[0]
        shape = first.input_shape
        assert shape is not None
        synthetic = first._replace(name=SEQUENTIAL_INPUT, type="input", output_shape=shape, is_input=True)
        nodes[SEQUENTIAL_INPUT] = _node(synthetic, isinstance(first.layer, Embedding))._replace(result=None)
        order.append(SEQUENTIAL_INPUT)
    for r in layers:
        tokens = bool(consumers.get(r.name)) and all(isinstance(c.layer, Embedding) for c in consumers[r.name])
        nodes[r.name] = _node(r, tokens)
        order.append(r.name)
    edges: list[Edge] = []
    for index, r in enumerate(layers):
        links = r.links()
        if not links and index == 0 and SEQUENTIAL_INPUT in nodes:
            links = [(SEQUENTIAL_INPUT, 0, 0)]
        data_position = 0
        for position, (src, _node_index, tensor) in enumerate(links):
            if src in ops:
                for origin in sorted(_origins(src, ops, nodes)):
                    edges.append(Edge(origin, r.name, "mask", ()))
                continue
            if src not in nodes:
                continue
            is_state = _recurrent(r) is not None and data_position > 0
            data_position += 1
            if is_state:
                tensors = sum(1 for link in links if link[0] not in ops)
                edges.append(Edge(src, r.name, "state", _state_steps(nodes[src], tensor, nodes[r.name],
                                                                      data_position - 2, tensors),
                                  note=state_name(nodes[src], tensor)))
            else:
                steps, window = _data_steps(nodes[src], tensor, nodes[r.name], result=r, links=links,
                                            position=position, nodes=nodes)
                edges.append(Edge(src, r.name, "data", steps, window, state_name(nodes[src], tensor)))
    return Graph(nodes, edges, order)


#: mask operations that read only their input's shape (a mask of all False or all True)
SHAPE_ONLY = frozenset({"ZerosLike", "OnesLike"})


def _origins(op: str, ops: dict[str, LayerResult], nodes: dict[str, Node]) -> set[str]:
    """The layers whose values a mask operation is computed from, through other mask
    operations. ZerosLike and OnesLike (Keras's stand-ins for "no mask" when merging a masked
    and an unmasked tensor) read only a shape, so no value flows from their input."""
    seen, out, todo = set(), set(), [op]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in nodes:
            out.add(name)
        elif name in ops and ops[name].type not in SHAPE_ONLY:
            todo.extend(ops[name].inputs)
    return out


def _output_of(src: Node, tensor: int) -> tuple[str, list[int]]:
    """What tensor TENSOR of SRC is: ("sequence", []) or ("final", the steps giving it)."""
    result = src.result
    if src.kind != "recurrent" or result is None:
        return ("sequence", []) if src.sequence else ("vector", [])
    layer = result.layer
    outs = 2 if isinstance(layer, Bidirectional) and layer.merge_mode is None else 1
    if tensor < outs:
        seq = len(_main_shape(result)) >= 3
        if outs == 2:  # merge_mode=None: [forward output, backward output, ...]
            return ("sequence", []) if seq else ("final", [src.last if tensor == 0 else 0])
        return ("sequence", []) if seq else ("final", src.finals)
    states = len(result.outputs) - outs if result.outputs else 0
    if isinstance(layer, Bidirectional):
        return ("final", [src.last] if tensor - outs < states // 2 else [0])
    return ("final", src.finals)


def _state_steps(src: Node, tensor: int, dst: Node, position: int, links: int) -> tuple[tuple[int | None, int | None], ...]:
    """An initial state: from the step that produced it into the step where DST starts
    (t=1 forward, t=T backward; a Bidirectional's second half of states is the backward's)."""
    kind, finals = _output_of(src, tensor)
    sources: list[int | None] = list(finals) if kind == "final" else [None]
    backward_half = dst.backward and (not dst.forward or position >= (links - 1) // 2)
    start = dst.last if backward_half else 0
    return tuple((s, start) for s in sources)


def _window(layer: object) -> tuple[int, int, int, str] | None:
    """(kernel, stride, dilation, padding) along the time axis, for layers that slide a window."""
    if getattr(layer, "data_format", None) == "channels_first":
        return None
    if isinstance(layer, Conv1D):
        return (as_tuple(layer.kernel_size)[0], as_tuple(layer.strides)[0], as_tuple(layer.dilation_rate)[0],
                layer.padding.lower())
    if isinstance(layer, Pooling1D):
        pool = as_tuple(layer.pool_size)[0]
        return (pool, as_tuple(layer.strides)[0] if layer.strides is not None else pool, 1, layer.padding.lower())
    if isinstance(layer, ConvGeometry) and hasattr(layer, "padding") and not hasattr(layer, "output_padding"):
        return (layer.k[0], layer.s[0], layer.d[0], str(layer.padding).lower())
    if isinstance(layer, PoolingND):
        pools, strides = layer.sizes()
        return (pools[0], strides[0], 1, layer.padding.lower())
    return None


def receptive_field(out_step: int, length_in: int | None, length_out: int | None,
                    window: tuple[int, int, int, str]) -> list[int]:
    """The input steps output step OUT_STEP reads (Keras/TensorFlow padding rules)."""
    k, s, d, padding = window
    span = d * (k - 1) + 1
    if out_step < 0:  # counted from the end: exact only at stride 1
        if s != 1:
            return []
        shrink = span - 1 if padding == "valid" else 0
        pad_left = span - 1 if padding == "causal" else 0 if padding == "valid" else (span - 1) // 2
        first = out_step - shrink - pad_left
        return [i for i in (first + j * d for j in range(k)) if i < 0]
    if padding == "causal":
        pad_left = span - 1
    elif padding == "same" and length_in is not None and length_out is not None:
        pad_left = max((length_out - 1) * s + span - length_in, 0) // 2
    elif padding == "same":
        pad_left = (span - 1) // 2 if s == 1 else 0
    else:
        pad_left = 0
    reads = [out_step * s - pad_left + j * d for j in range(k)]
    return [i for i in reads if i >= 0 and (length_in is None or i < length_in)]


def _data_steps(src: Node, tensor: int, dst: Node, *, result: LayerResult, links: list[tuple[str, int, int]],
                position: int, nodes: dict[str, Node]) -> tuple[tuple[tuple[int | None, int | None], ...], str]:
    kind, finals = _output_of(src, tensor)
    targets: list[int | None] = [s for s in dst.shown() if s is not None] if dst.sequence else [None]
    if kind in ("vector", "final"):
        sources: list[int | None] = list(finals) if kind == "final" else [None]
        return tuple((s, t) for s in sources for t in targets), ""
    pairs, window = _sequence_pairs(src, dst, result=result, links=links, position=position, nodes=nodes)
    if src.kind == "recurrent" and src.backward and not src.forward:
        # go_backwards with return_sequences: Keras returns the steps in the order it ran
        # them, so output step i is the cell at input step T-1-i
        pairs = tuple((None if i is None else -1 - i if src.steps is None else src.last - i, t) for i, t in pairs)
    return pairs, window


def _sequence_pairs(src: Node, dst: Node, *, result: LayerResult, links: list[tuple[str, int, int]],
                    position: int, nodes: dict[str, Node]) -> tuple[tuple[tuple[int | None, int | None], ...], str]:
    """(output step of SRC, step of DST) for a sequence feeding DST."""
    targets: list[int | None] = [s for s in dst.shown() if s is not None] if dst.sequence else [None]
    layer = result.layer
    all_src: list[int | None] = [s if s is not None else 3 for s in src.shown()]  # 3: the elided middle
    if not dst.sequence:  # Flatten, global pooling, a Dense over (batch, steps): every step
        return tuple((s, None) for s in all_src), ""
    if isinstance(layer, AttentionBase):
        return tuple((s, t) for t in targets for s in all_src), ""
    window = _window(layer)
    if window is not None:
        pairs = []
        for t in targets:
            assert t is not None
            field = receptive_field(t, src.steps, dst.steps, window)
            if not field and t < 0:  # the last steps of an unknown length at stride > 1: which
                field = [3]  # inputs they read is not known, only that they are past the shown ones
            for i in field:
                pairs.append((i, t))
        k, s, d, padding = window
        return tuple(pairs), f"kernel {k}, stride {s}, dilation {d}\npadding {padding}, along time"
    if isinstance(layer, UpSampling1D):
        return tuple((t // layer.size if t >= 0 else -1 - (-1 - t) // layer.size, t) for t in targets
                     if t is not None), ""
    shift = _shift(layer)
    if shift is not None:  # ZeroPadding / Cropping: output step t is input step t - shift
        if dst.steps is None:
            return tuple((t if t < 0 else t - shift, t) for t in targets if t is not None
                         and (t < 0 or t - shift >= 0)), ""
        return tuple((t - shift, t) for t in targets if t is not None and src.norm(t - shift) is not None
                     and t - shift >= 0), ""
    if isinstance(layer, Concatenate) and layer.axis in (1, 1 - len(dst.shape)):
        return _time_concat(src, dst, targets, links=links, position=position, nodes=nodes), ""
    if src.steps == dst.steps or src.steps is None or dst.steps is None:
        return tuple((t, t) for t in targets), ""
    return tuple((s, t) for t in targets for s in all_src), ""  # a reshaping layer: any step may feed any


def _time_concat(src: Node, dst: Node, targets: list[int | None], *, links: list[tuple[str, int, int]],
                 position: int, nodes: dict[str, Node]) -> tuple[tuple[int | None, int | None], ...]:
    """Concatenate along time: the tensor at POSITION fills the steps after those before it
    (counted from the start when their lengths are known, else from the end when the
    lengths after it are)."""
    lengths = [nodes[name].steps if name in nodes else None for name, _n, _i in links]
    before, after, own = lengths[:position], lengths[position + 1:], lengths[position]
    pairs: list[tuple[int | None, int | None]] = []
    for t in targets:
        assert t is not None
        i: int | None = None
        if t >= 0 and None not in before:
            i = t - sum(before)  # type: ignore[arg-type]
            i = i if i >= 0 and (own is None or i < own) else None
        elif None not in after:
            from_end = t if t < 0 else t - dst.steps if dst.steps is not None else None
            if from_end is not None:
                i = from_end + sum(after)  # type: ignore[arg-type]
                i = i if i < 0 and (own is None or i >= -own) else None
                if i is not None and src.steps is not None:
                    i += src.steps
        if i is not None:
            pairs.append((i, t))
    return tuple(pairs)


def _shift(layer: object) -> int | None:
    """How far a ZeroPadding or Cropping layer moves the steps along time (channels last)."""
    if getattr(layer, "data_format", None) == "channels_first":
        return None
    if isinstance(layer, ZeroPaddingND):
        return layer.amounts()[0][0]
    if isinstance(layer, CroppingND):
        return -layer.amounts()[0][0]
    return None
