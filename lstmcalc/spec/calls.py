"""The order in which a graph spec's calls run, once a layer is called more than once.

A layer's first call (Keras node 0) is its entry in `layers:`; its further calls
(`{call: NAME}` entries, Keras nodes 1, 2, ...) are attached to it, wherever they were
written. Keras configs list a shared layer once, at its first use, so a later call may
consume a layer listed after it. Calls therefore run in dependency order: a depth-first
walk over what each call consumes, from the first calls in listed order and then the
further calls in the order written. Without shared layers that is the listed order.
"""

from __future__ import annotations

from collections.abc import Sequence

from lstmcalc.spec.model import LayerSpec

Call = tuple[int, int]  # (index in `layers`, node)


def call_order(layers: Sequence[LayerSpec], names: Sequence[str]) -> list[Call]:
    """(layer index, node) of every call, each after the calls it consumes. A cycle is
    left as it is: resolving the reference that closes it reports it."""
    if not any(layer.calls for layer in layers):
        return [(index, 0) for index in range(len(layers))]
    position: dict[str, int] = {}
    for index, name in enumerate(names):
        position.setdefault(name, index)

    def needs(call: Call) -> list[Call]:
        index, node = call
        spec = layers[index]
        if node == 0:
            deps = [(index - 1, 0)] if spec.inputs is None and index > 0 else []
            refs = (*(spec.inputs or ()), *spec.initial_state)
        else:
            deps = [(index, node - 1)]
            refs = (*spec.calls[node - 1].inputs, *spec.calls[node - 1].initial_state)
        for ref in refs:
            at = position.get(ref.name)
            if at is not None and 0 <= ref.node <= len(layers[at].calls):
                deps.append((at, ref.node))
        return deps

    further = sorted(((i, n + 1) for i, layer in enumerate(layers) for n in range(len(layer.calls))),
                     key=lambda c: (layers[c[0]].calls[c[1] - 1].span, c))
    order: list[Call] = []
    seen: set[Call] = set()
    for root in [*((i, 0) for i in range(len(layers))), *further]:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(needs(root)))]
        while stack:
            call, pending = stack[-1]
            dep = next(pending, None)
            if dep is None:
                stack.pop()
                order.append(call)
            elif dep not in seen:
                seen.add(dep)
                stack.append((dep, iter(needs(dep))))
    return order
