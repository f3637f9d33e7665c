"""Lint reports as text, JSON, JSON lines, GitHub annotations, GitLab code quality, SARIF 2.1.0 and
JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from typing import Any

from lstmcalc import __version__
from lstmcalc.diagnostics import Diagnostic, Severity
from lstmcalc.lint import FileReport, LintOptions, failed
from lstmcalc.lint.rules import RULES
from lstmcalc.render.diagnostics import diagnostic_json, diagnostic_line, message_text
from lstmcalc.safety.limits import MAX_MESSAGE
from lstmcalc.safety.text import github_message, github_property, visible, xml_text


class LintFormat(str, Enum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"
    JSON_LINES = "json-lines"
    GITLAB = "gitlab"

    def __str__(self) -> str:
        return self.value


def tally(reports: list[FileReport], skipped: int = 0) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    infos = sum(len(r.diagnostics) for r in reports) - errors - warnings
    clean = sum(1 for r in reports if not r.diagnostics)
    files = len(reports)

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    passed_over = f"; {n(skipped, 'non-spec file')} skipped" if skipped else ""

    return (f"{n(errors, 'error')}, {n(warnings, 'warning')}, {infos} info in "
            f"{n(files, 'file')} ({clean} clean{passed_over})")


_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_SEVERITY_COLOUR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}


def _coloured_line(path: str, d: Diagnostic) -> str:
    """diagnostic_line with ANSI colour, as ruff colours its: the path bold, the code and
    severity in the severity's colour, the hint dim. Every part is sanitized text (no escape
    from the input reaches the terminal); the colour codes are ours."""
    hint = f" {_DIM}(hint: {visible(d.hint, MAX_MESSAGE)}){_RESET}" if d.hint else ""
    return (f"{_BOLD}{visible(path, 300)}{_RESET}:{d.span.where()}: "
            f"{_SEVERITY_COLOUR[d.severity]}{d.code} [{d.severity}]{_RESET} {visible(d.message, MAX_MESSAGE)}{hint}")


def render_text(reports: list[FileReport], options: LintOptions, *, color: bool = False, quiet: bool = False,
                skipped: int = 0) -> str:
    """One line per finding, then the tally (not with QUIET); with COLOR, ANSI-coloured."""
    line = _coloured_line if color else diagnostic_line
    lines = [line(r.path, d) for r in reports for d in r.diagnostics]
    if not quiet:
        lines.append(f"{_BOLD}{tally(reports, skipped)}{_RESET}" if color else tally(reports, skipped))
    return "".join(f"{text}\n" for text in lines)


def finding_json(d: Diagnostic) -> dict[str, Any]:
    """One finding as JSON: the diagnostic, its rule's name and where its text ends (ruff's
    JSON gives the same: code, name, location and end_location)."""
    rule = RULES.get(d.code)
    return {**diagnostic_json(d), "name": rule.name if rule is not None else None,
            "end_line": d.span.end_line, "end_column": d.span.end_column}


def render_json(reports: list[FileReport], options: LintOptions, *, skipped: int = 0) -> str:
    body = {
        "files": [{"path": r.path, "ok": not failed(r, options),
                   "diagnostics": [finding_json(d) for d in r.diagnostics]} for r in reports],
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
        "skipped": skipped,  # YAML/JSON files found in folders that are not specs
    }
    return json.dumps(body, indent=2) + "\n"


def render_json_lines(reports: list[FileReport], options: LintOptions) -> str:
    """One JSON object per finding, each with its file's path (ruff's json-lines)."""
    return "".join(json.dumps({"path": visible(r.path, 300), **finding_json(d)}) + "\n"
                   for r in reports for d in r.diagnostics)


_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(reports: list[FileReport], options: LintOptions) -> str:
    """GitLab code quality report: a JSON array of issues, each with a fingerprint that stays
    the same while the finding does (path, code, message; repeats are numbered)."""
    import hashlib

    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for r in reports:
        for d in r.diagnostics:
            key = f"{r.path}\0{d.code}\0{d.message}"
            seen[key] = seen.get(key, -1) + 1
            fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "replace")).hexdigest()
            begin = {"line": d.span.line, "column": d.span.column}
            end = {"line": d.span.end_line or d.span.line, "column": d.span.end_column or d.span.column}
            rule = RULES.get(d.code)
            issues.append({
                "description": f"{d.code} {message_text(d)}" if d.span.cell is None
                else f"{d.code} {d.span.where()}: {message_text(d)}",
                "check_name": d.code if rule is None else f"{d.code} {rule.name}",
                "fingerprint": fingerprint,
                "severity": _GITLAB_SEVERITY[d.severity],
                "location": {"path": visible(r.path, 300), "positions": {"begin": begin, "end": end}},
            })
    return json.dumps(issues, indent=2) + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(reports: list[FileReport], options: LintOptions, *, quiet: bool = False, skipped: int = 0) -> str:
    out = []
    for r in reports:
        for d in r.diagnostics:
            level, file = _GITHUB_LEVEL[d.severity], github_property(r.path)
            if d.span.cell is None:
                out.append(f"::{level} file={file},line={d.span.line},col={d.span.column},title={d.code}::"
                           f"{github_message(message_text(d))}")
            else:  # a cell's line is not a line of the .ipynb file: the position goes in the text
                out.append(f"::{level} file={file},title={d.code}::"
                           f"{github_message(d.span.where() + ': ' + message_text(d))}")
    return "".join(f"{line}\n" for line in (out if quiet else [*out, tally(reports, skipped)]))


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _sarif_region(d: Diagnostic) -> dict[str, int]:
    region = {"startLine": d.span.line, "startColumn": d.span.column}
    if d.span.end_line is not None and d.span.end_column is not None:
        region |= {"endLine": d.span.end_line, "endColumn": d.span.end_column}
    return region


def render_sarif(reports: list[FileReport], options: LintOptions) -> str:
    codes = sorted(RULES)
    rules = [{
        "id": code,
        "name": RULES[code].name,
        "shortDescription": {"text": RULES[code].summary_line()},
        "fullDescription": {"text": RULES[code].doc()},
        "help": {"text": RULES[code].doc()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[RULES[code].severity]},
    } for code in codes]
    results: list[dict[str, Any]] = []
    for r in reports:
        for d in r.diagnostics:
            result: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": codes.index(d.code) if d.code in RULES else -1,
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": message_text(d)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": visible(r.path, 300)},
                    "region": _sarif_region(d),
                }}],
            }
            if d.span.cell is not None:
                # SARIF has no notebook cells: the region holds the line and column within the
                # cell, the text and a property bag say which cell
                result["message"] = {"text": f"{d.span.where()}: {message_text(d)}"}
                result["properties"] = {"cell": d.span.cell}
            results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lstmcalc", "version": __version__,
                                "informationUri": "https://pypi.org/project/lstmcalc/", "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


def _xml_lines(lines: list[str]) -> str:
    """Several sanitized lines as XML element text (the newlines between them are ours)."""
    return "\n".join(xml_text(line) for line in lines)


def render_junit(reports: list[FileReport], options: LintOptions) -> str:
    failures = sum(1 for r in reports if failed(r, options))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="lstmcalc lint" tests="{len(reports)}" failures="{failures}">',
           f'  <testsuite name="lstmcalc lint" tests="{len(reports)}" failures="{failures}">']
    for r in reports:
        out.append(f'    <testcase classname="lstmcalc.lint" name="{xml_text(r.path, 300)}">')
        body = _xml_lines([diagnostic_line(r.path, d) for d in r.diagnostics])
        if failed(r, options):
            first = _first_failure(r.diagnostics)
            out.append(f'      <failure message="{xml_text(first)}" type="{xml_text(first.split(" ")[0])}">'
                       f"{body}</failure>")
        elif r.diagnostics:
            out.append(f"      <system-out>{body}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _first_failure(diagnostics: tuple[Diagnostic, ...]) -> str:
    for d in diagnostics:
        if d.severity is not Severity.INFO:
            return f"{d.code} {visible(d.message, 1000)}"
    return ""


LINT_RENDERERS: dict[LintFormat, Callable[[list[FileReport], LintOptions], str]] = {
    LintFormat.TEXT: render_text,
    LintFormat.JSON: render_json,
    LintFormat.GITHUB: render_github,
    LintFormat.SARIF: render_sarif,
    LintFormat.JUNIT: render_junit,
    LintFormat.JSON_LINES: render_json_lines,
    LintFormat.GITLAB: render_gitlab,
}

#: The presentation settings each format takes (the others have no tally and no colour).
_PRESENTATION: dict[LintFormat, tuple[str, ...]] = {
    LintFormat.TEXT: ("color", "quiet", "skipped"),
    LintFormat.GITHUB: ("quiet", "skipped"),
    LintFormat.JSON: ("skipped",),
}


def render_statistics(reports: list[FileReport], fmt: LintFormat) -> str:
    """The count of findings per code, most frequent first (ruff's --statistics): text
    lines `count  code  name`, or a JSON list with --format json (the CLI takes no other)."""
    counts: dict[str, int] = {}
    for r in reports:
        for d in r.diagnostics:
            counts[d.code] = counts.get(d.code, 0) + 1
    rows = [(code, RULES[code].name if code in RULES else "", n)
            for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if fmt is LintFormat.JSON:
        return json.dumps([{"code": c, "name": name, "count": n} for c, name, n in rows], indent=2) + "\n"
    return "".join(f"{n:>5}  {c}  {name}\n" for c, name, n in rows)


def lint_report(reports: list[FileReport], options: LintOptions, fmt: LintFormat, *, color: bool = False,
                quiet: bool = False, statistics: bool = False, skipped: int = 0) -> str:
    """The whole report as the command prints it: FMT's renderer with the presentation
    settings it takes, or the statistics."""
    if statistics:
        return render_statistics(reports, fmt)
    chosen = {"color": color, "quiet": quiet, "skipped": skipped}  # skipped: non-spec files passed over
    return LINT_RENDERERS[fmt](reports, options, **{k: chosen[k] for k in _PRESENTATION.get(fmt, ())})


def rules_json(codes: list[str]) -> str:
    """`lstmcalc rules --format json`: each rule's code, name, default severity, summary line
    and full docs (with the Bad/Good examples), from the registry itself."""
    return json.dumps([{"code": code, "name": RULES[code].name, "severity": str(RULES[code].severity),
                        "summary": RULES[code].summary_line(), "docs": RULES[code].doc()} for code in codes],
                      indent=2) + "\n"
