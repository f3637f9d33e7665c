"""The FLOPs line of `explain`: each layer's forward FLOPs as a formula with its numbers.

    2 × 3,532,800 MACs + 1,209,600 element-wise (add 25,600 × 1, sigmoid 19,200 × 4, ...)
    = 8,275,200 FLOPs per sample

The element-wise ops and their FLOPs per element come from lstmcalc/cost/elementwise.py;
a variable-length model gives the same with formulas in T. Pure text, no rendering.
"""

from __future__ import annotations

from lstmcalc.cost.elementwise import FORWARD_FLOPS
from lstmcalc.cost.estimate import LayerCost
from lstmcalc.cost.report import Cost
from lstmcalc.engine.macs import UNKNOWN_DIMENSION, WHY


def _n(value: int) -> str:
    return f"{value:,}"


def _ops_text(layer: LayerCost) -> str:
    parts = [f"{op} {_n(count)}" + (f" × {FORWARD_FLOPS.get(op, 1)}" if FORWARD_FLOPS.get(op, 1) != 1 else "")
             for op, count in layer.ops]
    return ", ".join(parts)


def flops_line(cost: Cost, layer: LayerCost) -> str:
    """LAYER's forward FLOPs per sample, as 2 × MACs + element-wise = total."""
    if layer.reason:
        return "unknown: " + WHY.get(layer.reason, layer.reason)
    if cost.formulas is not None:
        polys = cost.formulas.get(layer.name, {})
        macs, work, total = polys.get("macs"), polys.get("elementwise"), polys.get("forward_flops")
        if macs is None or work is None or total is None:
            return "unknown for a free T: no single formula in T fits; give `lstmcalc cost` --timesteps T"
        if total.degree <= 0:
            return f"2 × {macs.text()} MACs + {work.text()} element-wise = {total.text()} FLOPs per sample"
        return (f"2 × ({macs.text()}) MACs + ({work.text()}) element-wise = {total.text()} FLOPs per sample, "
                "T the sequence length")
    if layer.macs is None or layer.elementwise is None or layer.forward_flops is None:
        return "unknown: " + WHY[UNKNOWN_DIMENSION]
    ops = _ops_text(layer)
    return (f"2 × {_n(layer.macs)} MACs + {_n(layer.elementwise)} element-wise" + (f" ({ops})" if ops else "")
            + f" = {_n(layer.forward_flops)} FLOPs per sample")


def flops_lines(cost: Cost) -> dict[str, str]:
    """Every layer's FLOPs line, by name."""
    return {layer.name: flops_line(cost, layer) for layer in cost.layers}


__all__ = ["flops_line", "flops_lines"]
