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
    if problems:  # notes from reading (an archive from Keras 2, say) come first; nothing else changes
        return summary._replace(diagnostics=(*problems, *summary.diagnostics))
    return summary


__all__ = ["LayerResult", "Summary", "analyze", "summarize"]
