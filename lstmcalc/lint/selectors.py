"""Rule selectors: what `--select`, `--ignore`, `--severity`, [tool.lstmcalc] and
suppression comments may name.

A selector is a code (`LC201`), a code prefix (`LC2`, `LC`) or a rule's kebab-case name
(`sequences-into-dense-head`), as ruff takes codes, prefixes and names. Anything else is
refused with the closest known selector, so a typo (`LC2O1`) cannot silently select
nothing. Pure: strings in, codes out.
"""

from __future__ import annotations

from lstmcalc.diagnostics import did_you_mean
from lstmcalc.lint.rules import RULES
from lstmcalc.safety.text import quoted


class UnknownSelector(ValueError):
    """A selector that names no rule; the message says which and suggests the closest."""


def _names() -> dict[str, str]:
    return {cls.name: code for code, cls in RULES.items()}


def rule_code(word: str) -> str | None:
    """The code a full code or rule name stands for (case-insensitive), else None."""
    text = word.strip()
    if text.upper() in RULES:
        return text.upper()
    return _names().get(text.lower())


def is_prefix(word: str) -> bool:
    """True for a code prefix that some rule's code starts with (`L`, `LC`, `LC2`, `LC20`)."""
    text = word.strip().upper()
    return bool(text) and text.startswith("L") and any(code.startswith(text) for code in RULES)


def suggestion(word: str) -> str:
    """`; did you mean X?` for the closest code or name, or ''."""
    letters = word.strip().upper().replace("O", "0")  # LC2O1: a letter O for a zero
    guess = letters if letters in RULES else did_you_mean(word[:100], [*RULES, *_names()])
    return f"; did you mean {guess}?" if guess else ""


def resolve(word: str, *, prefixes: bool = True) -> str:
    """The code or code prefix WORD selects; a rule name becomes its code.

    Raises UnknownSelector for anything that selects no rule (with PREFIXES false, a
    prefix too: a severity or a suppression names one rule)."""
    code = rule_code(word)
    if code is not None:
        return code
    if prefixes and is_prefix(word):
        return word.strip().upper()
    kind = "code, code prefix or rule name" if prefixes else "code or rule name"
    raise UnknownSelector(f"{quoted(word[:100])} is not a known {kind}{suggestion(word)}")


def resolve_all(values: tuple[str, ...] | list[str], *, prefixes: bool = True) -> tuple[str, ...]:
    """Comma-separated selectors, each resolved (see resolve)."""
    return tuple(resolve(part, prefixes=prefixes) for value in values for part in value.split(",") if part.strip())
