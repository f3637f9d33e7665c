"""Keras's ordering of a functional model's operations (keras/src/ops/function.py, map_graph).

`model.summary()` lists a functional model's operations by decreasing depth from the
outputs, ties broken by the order a depth-first walk from the outputs first meets them.
The walk goes over nodes, one per call of a layer, so a shared layer (called several
times) is one operation whose depth is the deepest of its nodes'. For a plain stack that
is the layer order; once mask operations join the graph (an Embedding with mask_zero or a
Masking layer feeding an RNN) it interleaves them exactly as Keras does. An Input the
outputs do not reach is still listed (first), as Keras lists unused inputs. Iterative
throughout, so a model of any depth is fine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from lstmcalc.engine.results import LayerResult

Node = tuple[str, int]  # (operation name, call index)


class Graph(NamedTuple):
    """The model between its inputs and outputs, as Keras's Functional sees it."""

    operations: list[LayerResult]  # in Keras's order
    sequential_like: bool  # whether summary() drops the "Connected to" column
    nodes: set[Node]  # the calls that belong to the model
    #: the first output the model's inputs do not compute (Keras: "... is not connected to `inputs`")
    disconnected: int | None = None


def operation_order(rows: Sequence[LayerResult], outputs: Sequence[Node],
                    inputs: Sequence[str] | None = None) -> Graph:
    """Keras's `_operations` for the model from INPUTS (names of Input layers; None: every
    Input row) to OUTPUTS (the calls producing the model's outputs)."""
    by_name = {r.name: r for r in rows}

    def parents(node: Node) -> list[Node]:
        row = by_name[node[0]]
        call = row.nodes[node[1]] if node[1] < len(row.nodes) else row
        return [(op, n) for op, n, _ in call.links()]

    index: dict[str, int] = {}
    finished: set[Node] = set()
    in_progress: set[Node] = set()
    post_order: list[Node] = []
    for out in outputs:
        stack: list[tuple[Node, int]] = [(out, 0)]
        while stack:
            node, child = stack.pop()
            if child == 0:
                if node in finished or node in in_progress:  # a cycle cannot come from a spec,
                    continue                                 # but never loop on one
                index.setdefault(node[0], len(index))
                in_progress.add(node)
            links = parents(node)
            if child < len(links):
                stack.append((node, child + 1))
                if links[child] not in finished:
                    stack.append((links[child], 0))
                continue
            in_progress.discard(node)
            finished.add(node)
            post_order.append(node)

    node_depth: dict[Node, int] = {}
    op_depth: dict[str, int] = {}
    for node in reversed(post_order):
        # a shared operation keeps the deepest of its nodes' depths (map_graph does the same)
        d = max(node_depth.setdefault(node, 0), op_depth.get(node[0], 0))
        op_depth[node[0]] = node_depth[node] = d
        for parent in parents(node):
            node_depth[parent] = max(d + 1, node_depth.get(parent, 0))
    starts = [r.name for r in rows if r.is_input] if inputs is None else list(inputs)
    for name in starts:
        if name not in op_depth:  # an unused input: Keras still lists it, first
            op_depth[name] = node_depth[(name, 0)] = 0
            index[name] = -1

    by_depth: dict[int, list[str]] = {}
    for name, d in op_depth.items():
        by_depth.setdefault(d, []).append(name)
    ordered = [by_name[n] for d in sorted(by_depth, reverse=True) for n in sorted(by_depth[d], key=index.__getitem__)]

    nodes_by_depth: dict[int, list[Node]] = {}
    for node, d in node_depth.items():
        nodes_by_depth.setdefault(d, []).append(node)
    sequential_like = all(len(v) == 1 and len(parents(v[0])) <= 1 for v in nodes_by_depth.values())
    if sequential_like:
        calls_in_model: dict[str, int] = {}
        for name, _ in node_depth:
            calls_in_model[name] = calls_in_model.get(name, 0) + 1
        sequential_like = all(n == 1 for n in calls_in_model.values())
    computable = {(name, 0) for name in starts}
    for d in sorted(nodes_by_depth, reverse=True):  # Keras runs the graph once, deepest nodes first
        for node in nodes_by_depth[d]:
            if not by_name[node[0]].is_input and all(p in computable for p in parents(node)):
                computable.add(node)
    missing = next((i for i, out in enumerate(outputs) if out not in computable), None)
    return Graph(ordered, sequential_like, set(node_depth), missing)
