"""Lint: the engine's diagnostics plus the rule checks, filtered by the user's options.

Pure: bytes and options in, a FileReport out. Reading files, finding configuration and
printing happen in the CLI.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lstmcalc.diagnostics import Diagnostic, Severity, cap_findings
from lstmcalc.engine import Summary, summarize_spec
from lstmcalc.lint import engine_codes as _engine_codes  # registers the engine's codes
from lstmcalc.lint.rules import RULES, ParamsBudget, Rule, UnusedSuppression
from lstmcalc.lint.selectors import rule_code, suggestion
from lstmcalc.safety.limits import MAX_SUPPRESSIONS
from lstmcalc.safety.text import quoted
from lstmcalc.span import Span
from lstmcalc.spec.model import ModelSpec

_ = _engine_codes
OFF = "off"
LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
#: Problems with the file itself: no option can hide them.
UNFILTERABLE = ("LC001", "LC002", "LC003", "LC004")

# `disable=CODES` or bare `disable` (every code), likewise `disable-file`; CODES are codes or
# rule names. A bare keyword must end there: `# lstmcalc: disabled` is not a suppression.
_SUPPRESS = re.compile(r"#\s*lstmcalc:\s*(disable-file|disable)(?:\s*=\s*([A-Za-z0-9_, -]*))?(?![\w=-])")
#: The code a bare `# lstmcalc: disable` stands for: every code.
EVERY = "*"


class LintOptions(NamedTuple):
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = {}  # noqa: RUF012 - read only
    strict: bool = False
    max_params: int | None = None
    #: forward FLOPs per sample, and a training step's peak bytes (lstmcalc cost's figures)
    max_flops: int | None = None
    max_train_memory: int | None = None
    #: the batch and length of variable axes those budgets are checked at
    budget_batch: int = 32
    budget_timesteps: int | None = None


class FileReport(NamedTuple):
    path: str
    diagnostics: tuple[Diagnostic, ...]
    summary: Summary

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


class Suppression(NamedTuple):
    line: int
    codes: tuple[str, ...]
    whole_file: bool
    cell: int | None = None  # in a notebook, the cell the comment is in
    column: int = 1  # where the comment starts and ends (1-based, end exclusive), for LC900
    end_column: int | None = None


#: Codes (or rule names) read from one suppression comment.
_MAX_CODES_PER_COMMENT = 20


def parse_suppressions(text: str) -> list[Suppression]:
    """The file's `# lstmcalc: disable=...` comments, at most MAX_SUPPRESSIONS of them (the
    caller reports when there were more)."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "lstmcalc:" not in line:
            continue
        match = _SUPPRESS.search(line[:1000])
        if match:
            words = [c.strip()[:40] for c in (match.group(2) or "").split(",", _MAX_CODES_PER_COMMENT) if c.strip()]
            # a name becomes its code; an unknown word stays as written, to be reported (LC900)
            codes = tuple(rule_code(w) or w for w in words)[:_MAX_CODES_PER_COMMENT] or (EVERY,)
            found.append(Suppression(number, codes, match.group(1) == "disable-file",
                                     column=match.start() + 1, end_column=match.end() + 1))
            if len(found) > MAX_SUPPRESSIONS:
                break
    return found


def _matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(p.upper()) for p in patterns)


def run_rules(summary: Summary, max_params: int | None = None, options: LintOptions | None = None,
              spec: ModelSpec | None = None) -> list[Diagnostic]:
    """The rule findings for an analysed spec (no filtering)."""
    found: list[Diagnostic] = []
    if not summary.constructed:
        return found
    for cls in RULES.values():
        if cls.checks:
            found.extend(cls().check(summary))
    if max_params is not None and summary.ok and summary.built and summary.total_params > max_params:
        first = summary.constructed[0].spec.span
        found.append(ParamsBudget().finding(
            f"the model has {summary.total_params:,} parameters, over the budget of {max_params:,}",
            first, None, "shrink the model, or raise --max-params / max-params in [tool.lstmcalc]",
        ))
    if options is not None and (options.max_flops is not None or options.max_train_memory is not None) \
            and summary.ok and summary.built:
        from lstmcalc.lint.budgets import cost_budgets

        found.extend(cost_budgets(summary, spec, options))
    return found


def lint_bytes(data: bytes, path: str, options: LintOptions | None = None,
               settings: dict[str, object] | None = None, source: str = "auto") -> FileReport:
    options = options or LintOptions()
    summary, spec = summarize_spec(data, path, settings, source)
    found = [*summary.diagnostics, *run_rules(summary, options.max_params, options, spec)]
    found = _apply_suppressions(found, summary, _suppressions(data, path, source))
    kept = list(_filtered(found, options))
    if kept:
        kept = _with_ends(kept, data, path, source)
    return FileReport(path, tuple(kept), summary)


def no_specs(path: str, options: LintOptions | None = None, skipped: int = 0) -> FileReport:
    """The report for a path given to lint that yielded no spec (LC023): a warning, an
    error under --strict, since a CI job pointed at the wrong folder would otherwise pass."""
    options = options or LintOptions()
    why = f"; {skipped} YAML/JSON file{'' if skipped == 1 else 's'} in it {'is' if skipped == 1 else 'are'} " \
          "not a spec" if skipped else ""
    finding = Diagnostic(
        "LC023", Severity.ERROR if options.strict else Severity.WARNING,
        f"{quoted(path)} holds no spec to lint{why}", Span(1, 1), None,
        "check the path, or name spec files lstmcalc does not recognise with `include` in [tool.lstmcalc]",
    )
    return FileReport(path, _filtered([finding], options), Summary(path, "", ()))


def _filtered(found: list[Diagnostic], options: LintOptions) -> tuple[Diagnostic, ...]:
    kept = []
    for finding in found:
        d = finding
        if d.code not in UNFILTERABLE:
            if options.select and not _matches(d.code, options.select):
                continue
            if options.ignore and _matches(d.code, options.ignore):
                continue
            level = options.severity.get(d.code)
            if level == OFF:
                continue
            if level in LEVELS:
                d = d._replace(severity=LEVELS[level])
        kept.append(d)
    kept.sort(key=lambda d: d.span.order())
    return tuple(cap_findings(kept))


def _with_ends(found: list[Diagnostic], data: bytes, path: str, source: str) -> list[Diagnostic]:
    """The findings with end positions, from the file's text (a notebook's stay unknown)."""
    from lstmcalc.lint.ends import with_end
    from lstmcalc.spec.parse import file_kind

    if len(data) >= 5 * 1024 * 1024 or file_kind(path, data, source) not in ("yaml", "json", "python", "sniff"):
        return found
    lines = data.decode("utf-8", errors="replace").splitlines()
    return [d._replace(span=with_end(d.span, lines)) for d in found]


def _suppressions(data: bytes, path: str, source: str) -> list[Suppression]:
    """The file's suppression comments; a notebook's are read from its code cells."""
    from lstmcalc.spec.parse import file_kind

    if file_kind(path, data, source) != "notebook":
        text = data.decode("utf-8", errors="replace") if len(data) < 5 * 1024 * 1024 else ""
        return parse_suppressions(text)
    from lstmcalc.readers.notebook import suppression_sources

    found: list[Suppression] = []
    for cell, code in suppression_sources(data):
        found += [s._replace(cell=cell) for s in parse_suppressions(code)]
        if len(found) > MAX_SUPPRESSIONS:
            break
    return found


def _apply_suppressions(found: list[Diagnostic], summary: Summary,
                        suppressions: list[Suppression]) -> list[Diagnostic]:
    if not suppressions:
        return found
    overflow = len(suppressions) > MAX_SUPPRESSIONS
    suppressions = suppressions[:MAX_SUPPRESSIONS]
    # Lines are (cell, line) pairs: a notebook's comments and findings sit in cells.
    layer_lines = {b.name: (b.spec.span.cell, b.spec.span.line) for b in summary.constructed}
    # Indexed by code (and line), so each finding costs a lookup, not a scan.
    whole_file: dict[str, Suppression] = {}
    by_line: dict[tuple[int | None, int, str], Suppression] = {}
    for s in suppressions:
        for code in s.codes:
            if s.whole_file:
                whole_file.setdefault(code, s)
            else:
                by_line.setdefault((s.cell, s.line, code), s)
    used: set[tuple[int | None, int, str]] = set()
    kept = []
    for d in found:
        hit: tuple[int | None, int, str] | None = None
        if d.code not in UNFILTERABLE:
            for code in (d.code, EVERY):
                if code in whole_file:
                    hit = hit or (whole_file[code].cell, whole_file[code].line, code)
                for cell, line in ((d.span.cell, d.span.line), layer_lines.get(d.layer or "", (None, -1))):
                    if (cell, line, code) in by_line:
                        hit = hit or (cell, line, code)
        if hit is None:
            kept.append(d)
        else:
            used.add(hit)
    for s in suppressions:
        for code in s.codes:
            if (s.cell, s.line, code) not in used:
                kind = "disable-file" if s.whole_file else "disable"
                written = kind if code == EVERY else f"{kind}={quoted(code)[1:-1]}"
                known = code in RULES or code == EVERY
                kept.append(UnusedSuppression().finding(
                    f"`# lstmcalc: {written}` {'suppresses nothing' if known else 'names no rule'}",
                    Span(s.line, s.column, s.cell, s.line if s.end_column else None, s.end_column), None,
                    "remove the stale suppression" if known
                    else f"{quoted(code)} is not a known code or rule name{suggestion(code)}",
                ))
    if overflow:
        kept.append(Diagnostic("LC002", Severity.ERROR,
                               f"more than {MAX_SUPPRESSIONS:,} suppression comments; the rest were not read",
                               Span(suppressions[-1].line, 1, suppressions[-1].cell), None,
                               "use one `# lstmcalc: disable-file=CODE` instead of many line comments"))
    return kept


def failed(report: FileReport, options: LintOptions) -> bool:
    return report.errors > 0 or (options.strict and report.warnings > 0)


__all__ = ["RULES", "FileReport", "LintOptions", "Rule", "failed", "lint_bytes", "no_specs", "run_rules"]
