"""`lstmcalc cost`: FLOPs, MACs and memory of a model, for inference and a training step.

    reports(models, options) -> [Cost]

estimate.py counts each layer, elementwise.py tables the element-wise work, memory.py what
training keeps, report.py the totals, peaks and formulas in T (poly.py), conventions.py
what other tools would report. docs/cost.md has the conventions. Pure: no I/O.
"""

from __future__ import annotations

from lstmcalc.cost.estimate import PRECISIONS, Options
from lstmcalc.cost.report import Cost, cost
from lstmcalc.engine.infer import analyze
from lstmcalc.engine.results import Summary
from lstmcalc.spec.model import ModelSpec


def report(summary: Summary, spec: ModelSpec | None, options: Options) -> Cost:
    """SUMMARY's cost; SPEC (what it was inferred from) lets variable axes be set."""

    def again(resize):  # type: ignore[no-untyped-def]
        if spec is None:
            return summary
        return analyze(spec, resize)

    return cost(summary, again, options)


__all__ = ["PRECISIONS", "Cost", "Options", "report"]
