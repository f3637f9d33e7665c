"""Keras's ordering of a functional model's operations (keras/src/ops/function.py).

`model.summary()` lists a functional model's operations by decreasing depth from the
outputs, ties broken by the order a depth-first walk from the outputs first meets them.
For a plain stack that is the layer order; once mask operations join the graph (an
Embedding with mask_zero or a Masking layer feeding an RNN) it interleaves them exactly as
Keras does. Iterative throughout, so a model of any depth is fine.
"""

from __future__ import annotations

from collections.abc import Sequence

from lstmcalc.engine.results import LayerResult


def operation_order(rows: Sequence[LayerResult], outputs: Sequence[str]) -> tuple[list[LayerResult], bool]:
    """Return (rows in Keras's order, whether Keras treats the model as sequential-like)."""
    by_name = {r.name: r for r in rows}
    index: dict[str, int] = {}
    finished: set[str] = set()
    in_progress: set[str] = set()
    post_order: list[str] = []
    for out in outputs:
        stack: list[tuple[str, int]] = [(out, 0)]
        while stack:
            name, child = stack.pop()
            if child == 0:
                if name in finished or name in in_progress:  # a cycle cannot come from a spec,
                    continue                                 # but never loop on one
                index.setdefault(name, len(index))
                in_progress.add(name)
            inputs = by_name[name].inputs
            if child < len(inputs):
                stack.append((name, child + 1))
                if inputs[child] not in finished:
                    stack.append((inputs[child], 0))
                continue
            in_progress.discard(name)
            finished.add(name)
            post_order.append(name)

    depth: dict[str, int] = {}
    for name in reversed(post_order):
        d = depth.setdefault(name, 0)
        for parent in by_name[name].inputs:
            depth[parent] = max(d + 1, depth.get(parent, 0))

    by_depth: dict[int, list[str]] = {}
    for name, d in depth.items():
        by_depth.setdefault(d, []).append(name)
    ordered: list[LayerResult] = []
    sequential_like = True
    for d in sorted(by_depth, reverse=True):
        names = sorted(by_depth[d], key=index.__getitem__)
        if len(names) > 1 or len(by_name[names[0]].inputs) > 1:
            sequential_like = False
        ordered.extend(by_name[n] for n in names)
    return ordered, sequential_like
