"""The pure engine: spec bytes in, Summary out. No I/O, no click, no rich."""

from typing import Any

from lstmcalc.engine.infer import analyze, failed
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.spec import load_spec


def summarize(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto") -> Summary:
    """Parse and analyse one model description's bytes. Never raises for bad input."""
    spec, problems = load_spec(data, path, settings, source)
    if spec is None:
        return failed(path, problems)
    summary = analyze(spec)
    if problems:
        return Summary(
            path=summary.path, name=summary.name, layers=summary.layers,
            diagnostics=(*problems, *summary.diagnostics), functional=summary.functional,
            built=summary.built,
        )
    return summary


__all__ = ["LayerResult", "Summary", "analyze", "summarize"]
