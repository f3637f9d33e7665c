"""Which of a file's models lstmcalc prints, as the file itself would print them.

1. `--model NAME`: the model a variable of that name held (or whose Keras name it is).
2. Every `.summary()` call, in call order, each showing the model as it was at the call.
3. Otherwise the model passed to `.fit` (or `train_on_batch`), else `.compile`, else
   `.save`/`.evaluate`/`.predict`: the last such call.
4. Otherwise the last model built that is not used inside another.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lstmcalc.readers.python.keras_objects import Event, Model
from lstmcalc.safety.text import excerpt

_TRAINING = ("fit", "fit_generator", "train_on_batch")
_OTHER_ROLES = ("save", "evaluate", "predict")


class Choice(NamedTuple):
    model: Model
    items: tuple[Any, ...] | None  # a Sequential's layers when its summary() ran
    event: Event | None


def nested_models(models: list[Model]) -> set[int]:
    """Models used inside another: added to a Sequential, or called as a layer."""
    inner: set[int] = set()
    for model in models:
        if model.layer.nodes:
            inner.add(id(model))
        for item in model.items:
            if isinstance(item, Model):
                inner.add(id(item))
    return inner


def choose(models: list[Model], wanted: str | None) -> tuple[list[Choice], str]:
    """The models to print, and why (one line for the note); ([], why) when none fits."""
    if wanted is not None:
        named = [m for m in models if wanted in m.variables] or [m for m in models if m.name == wanted]
        if not named:
            known = ", ".join(sorted({v for m in models for v in m.variables} | {m.name for m in models}))
            return [], f"no model is held by a variable named `{excerpt(wanted)}` (models: {excerpt(known, 200)})"
        model = named[-1]
        return [Choice(model, None, None)], f"printing {_label(model)} (--model {excerpt(wanted)})"
    summaries = sorted(((e, m) for m in models for e in m.events if e.kind == "summary"), key=lambda em: em[0].order)
    if summaries:
        chosen = [Choice(m, e.layers if m.kind == "Sequential" else None, e) for e, m in summaries]
        if len(chosen) == 1:
            return chosen, f"printing {_label(chosen[0].model)}, the model whose .summary() the file calls " \
                f"(line {chosen[0].event.span.line if chosen[0].event else 0})"
        return chosen, f"printing {len(chosen)} tables, one per .summary() call, in the order the file calls them"
    for methods in (_TRAINING, ("compile",), _OTHER_ROLES):
        used = [(e, m) for m in models for e in m.events if e.kind in methods]
        if used:
            event, model = max(used, key=lambda em: em[0].order)
            return [Choice(model, None, None)], \
                f"printing {_label(model)}, the model passed to {'.' + event.kind} (line {event.span.line})"
    inner = nested_models(models)
    outer = [m for m in models if id(m) not in inner] or models
    if not outer:
        return [], "no model"
    model = max(outer, key=lambda m: m.order)
    return [Choice(model, None, None)], f"printing {_label(model)}, the last model the file builds " \
        f"(line {model.span.line}); --model NAME picks another"


def _label(model: Model) -> str:
    """`sequential` (in `model`): the Keras name, which is unique, and the variable that held it."""
    held = f" (in `{excerpt(model.variables[-1])}`)" if model.variables else ""
    return f"`{excerpt(model.name)}`{held}"
