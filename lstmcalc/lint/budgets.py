"""The cost budgets of lint: --max-flops (LC211) and --max-train-memory (LC212).

They ask lstmcalc.cost (imported only when a budget is set) for the model's forward FLOPs
per sample and a training step's peak memory, at --budget-batch and, for variable
timesteps, --budget-timesteps. A model whose count is unknown (a Lambda, a length not
given) gets the rule's finding as a warning that says how to make it checkable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstmcalc.diagnostics import Diagnostic, Severity
from lstmcalc.engine.results import Summary
from lstmcalc.lint.rules import FlopsBudget, Rule, TrainMemoryBudget
from lstmcalc.spec.model import ModelSpec

if TYPE_CHECKING:
    from lstmcalc.lint import LintOptions


def _size(value: int) -> str:
    from lstmcalc.sizes import size_text

    return size_text(value)


def _count(value: int) -> str:
    return f"{value:,}"


def cost_budgets(summary: Summary, spec: ModelSpec | None, options: LintOptions) -> list[Diagnostic]:
    from lstmcalc.cost import Options, report
    from lstmcalc.cost.report import variable_axes

    first = summary.constructed[0].spec.span
    checks: list[tuple[Rule, int, str, bool]] = []
    if options.max_flops is not None:
        checks.append((FlopsBudget(), options.max_flops, "forward FLOPs per sample", False))
    if options.max_train_memory is not None:
        checks.append((TrainMemoryBudget(), options.max_train_memory, "peak memory of a training step", True))
    # a model whose length is not given is not counted at all: its budgets cannot be checked
    unsized = options.budget_timesteps is None and variable_axes(summary)
    found: list[Diagnostic] = []
    for rule, budget, what, training in checks:
        cost = None if unsized else report(summary, spec, Options(
            batch=options.budget_batch, timesteps=options.budget_timesteps, training=training))
        flag = "--max-train-memory / max-train-memory" if training else "--max-flops / max-flops"
        value = None if cost is None else cost.totals.train_peak_bytes if training else cost.totals.forward_flops
        if cost is None or value is None:
            why = ("its timesteps are variable; give --budget-timesteps T (budget-timesteps in [tool.lstmcalc])"
                   if cost is None else "lstmcalc cannot count a layer of it (`lstmcalc cost` says which)")
            found.append(rule.finding(f"the {what} budget cannot be checked: {why}", first, None,
                                      f"set the length, or drop {flag}")._replace(severity=Severity.WARNING))
            continue
        if value > budget:
            shown = _size if training else _count
            where = [f"batch {options.budget_batch:,}"] if training else []
            where += [f"T = {cost.timesteps:,}"] if cost.timesteps else []
            at = f" at {', '.join(where)}" if where else ""
            found.append(rule.finding(
                f"the model's {what} is {shown(value)}{at}, over the budget of {shown(budget)}",
                first, None, f"shrink the model (`lstmcalc cost` shows which layers cost most), or raise {flag}"))
    return found
