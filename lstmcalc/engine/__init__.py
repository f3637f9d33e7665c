"""The pure engine: spec bytes in, Summary out. No I/O, no click, no rich."""

from typing import Any

from lstmcalc.engine.infer import analyze, failed
from lstmcalc.engine.results import LayerResult, Summary
from lstmcalc.keras_version import using_keras
from lstmcalc.spec import load_spec
from lstmcalc.spec.model import ModelSpec
from lstmcalc.spec.parse import load_specs


def summarize(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto",
              model: str | None = None, *, keras: int | None = None) -> Summary:
    """Parse and analyse one model description's bytes. Never raises for bad input.
    KERAS (2 or 3) chooses the Keras answered for; None keeps the caller's (3 by default)."""
    return summarize_spec(data, path, settings, source, model, keras=keras)[0]


def summarize_spec(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto",
                   model: str | None = None, *, keras: int | None = None) -> tuple[Summary, ModelSpec | None]:
    """As summarize, with the ModelSpec the summary was inferred from (None: reading failed)."""
    with using_keras(keras):
        return _summarize_spec(data, path, settings, source, model)


def _summarize_spec(data: bytes, path: str, settings: dict[str, Any] | None, source: str,
                    model: str | None) -> tuple[Summary, ModelSpec | None]:
    if model is not None:
        results = load_specs(data, path, settings, source, model)
        spec, problems = results[0]
        return _analysed(path, spec, problems), spec
    spec, problems = load_spec(data, path, settings, source)
    return _analysed(path, spec, problems), spec


def summarize_all(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto",
                  model: str | None = None, *, keras: int | None = None) -> list[Summary]:
    """Every table the description prints: a Python file prints one per summary() call."""
    return [summary for summary, _spec in models(data, path, settings, source, model, keras=keras)]


def _analysed(path: str, spec: ModelSpec | None, problems: list[Any]) -> Summary:
    if spec is None:
        return failed(path, problems)
    summary = analyze(spec)
    if spec.print_options:
        from lstmcalc.engine.table_options import WIDE, check, requested

        summary = summary._replace(print_options=spec.print_options)
        refused = check(summary, requested(summary), WIDE)  # summary(layer_range=...) Keras raises for
        if refused is not None:
            summary = summary._replace(diagnostics=(*summary.diagnostics, refused))
    if problems:  # notes from reading (an archive from Keras 2, say) come first; nothing else changes
        return summary._replace(diagnostics=(*problems, *summary.diagnostics))
    return summary


def models(data: bytes, path: str, settings: dict[str, Any] | None = None, source: str = "auto",
           model: str | None = None, *, keras: int | None = None) -> list[tuple[Summary, ModelSpec | None]]:
    """Every table the description prints, each with the ModelSpec it was inferred from
    (None when reading failed), for commands that analyse a model again (`cost --timesteps`)."""
    with using_keras(keras):
        return [(_analysed(path, spec, problems), spec) for spec, problems in load_specs(data, path, settings, source,
                                                                                         model)]


__all__ = ["LayerResult", "Summary", "analyze", "models", "summarize", "summarize_all", "summarize_spec"]
