"""Run one case through the CLI, in-process, and check the invariants every run must keep.

A case (see strategies.py) is argv, files and stdin. `run_case` writes the files into a
fresh temporary folder, makes it the working directory, invokes `lstmcalc.cli.cli` through
click's CliRunner, and returns an `Outcome` whose `problems` list is empty when every
invariant held:

- no exception escaped: `result.exception` is None or a SystemExit with an allowed code;
- the exit status is allowed ({0, 1, 2} unless the case says otherwise); 3 is the crash
  barrier and always a failure, as are "Traceback" and "internal error" in any output;
- no output holds a control character other than \\n and \\t (ESC, BEL, CR, C1, DEL), nor
  a line/paragraph separator or a bidi override/isolate;
- per format: lint text and github lines are findings or the tally; summary/explain/
  convert/diagram stderr lines are `path:line:col: LCnnn ...` findings or click's
  `Usage:`/`Try`/`Error:` lines; JSON and SARIF parse (SARIF 2.1.0); JUnit, SVG and
  diagrams are well-formed XML; HTML has no raw `<script` from the input; Markdown tables
  keep the same number of unescaped `|` in every row;
- a case takes at most TIME_CAP seconds (a slow case is run once more, and only counts
  when both runs are over the cap, so a busy machine is not a finding), and the process's peak resident memory
  (`resource.getrusage(RUSAGE_SELF).ru_maxrss`) grows by at most MEMORY_CAP_MB during it.
  ru_maxrss is a high-water mark, so this is a rough guard: it catches a case that pushes
  the peak far above every earlier one (a zip bomb inflated in memory), not one that stays
  under an earlier peak. tracemalloc would be exact but slows every case two to three times;
- files: nothing is written outside the temporary folder (its parent holds only the work
  and home folders afterwards; HOME points at the latter), no file that existed before is
  changed or removed unless `--force` was given (or, in the REPL, a `y` answer was typed),
  no `.NAME.*.tmp` fragment of the atomic writer is left behind, and an SVG or JSON file
  the command wrote parses.

When the crash barrier was hit (or the REPL printed its own "internal error"), the case
is run again with LSTMCALC_DEBUG=1 to get the traceback; `Outcome.signature` is then the
exception type plus the innermost frame inside the lstmcalc package, which is how the
long runs deduplicate failures.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from lstmcalc.cli import cli

TIME_CAP = 5.0
MEMORY_CAP_MB = 768
ALLOWED_EXITS = frozenset({0, 1, 2})
PACKAGE_DIR = str(Path(__import__("lstmcalc").__file__).resolve().parent)

BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
DIAG = re.compile(r"^.+?:\d+:\d+: LC\d{3} \[(error|warning|info)\] ")
DIAG_LOOSE = re.compile(r"^.+?:\d+:\d+: LC\d{3} ")
TALLY = re.compile(r"^\d+ errors?, \d+ warnings?, \d+ info in \d+ files? \(\d+ clean(; \d+ non-spec files? skipped)?\)$")
#: The only escapes `lint --color` may print: its own colours (bold, dim, red, yellow, cyan, reset).
LINT_COLOURS = re.compile("\x1b\\[(?:0|1|2|1;31|1;33|1;36)m")
STATISTIC = re.compile(r"^ *\d+  LC\d{3}  [a-z0-9-]*$")
GITHUB = re.compile(r"^::(error|warning|notice) file=[^:,\n]*,line=\d+,col=\d+,title=LC\d{3}::")
CLICK_LINES = ("Error: ", "Usage: ", "Try '")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)
    signature: str | None = None
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    elapsed: float = 0.0
    trace: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _option(argv: list[str], name: str, default: str | None = None) -> str | None:
    value = default
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
    return value


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _safe_name(name: str) -> str:
    parts = [p for p in name.replace("\x00", "_").split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "unnamed"


def _stdin_bytes(stdin: Any) -> bytes | None:
    if stdin is None:
        return None
    if isinstance(stdin, bytes):
        return stdin
    return str(stdin).encode("utf-8", "surrogatepass")


def innermost_frame(tb: Any) -> str:
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if f.filename.startswith(PACKAGE_DIR)]
    frame = ours[-1] if ours else (frames[-1] if frames else None)
    if frame is None:
        return "?"
    name = frame.filename[len(PACKAGE_DIR) - len("lstmcalc"):] if frame.filename.startswith(PACKAGE_DIR) \
        else os.path.basename(frame.filename)
    return f"{name}:{frame.lineno} ({frame.name})"


def _invoke(case: dict[str, Any], debug: bool) -> tuple[Any, float, int, Path, dict[str, str], set[str], list[Any]]:
    root = Path(tempfile.mkdtemp(prefix="lstmcalc-fuzz-"))
    work, home = root / "work", root / "home"
    work.mkdir()
    home.mkdir()
    for name, data in case["files"].items():
        target = work / _safe_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    before = _snapshot(work)
    env = {"LSTMCALC_DEBUG": "1" if debug else None, "COLUMNS": "100", "HOME": str(home), "NO_COLOR": None,
           "FORCE_COLOR": None, "TERM": "dumb"}
    runner = CliRunner(env=env)
    caught: list[Any] = []
    restore = None
    if debug and case["argv"][:1] == ["interactive"]:
        # The REPL has its own net (one line per bad line); catch what passes through it.
        from lstmcalc import repl

        original = repl.Session.handle

        def handle(self: Any, line: str) -> Any:
            try:
                return original(self, line)
            except Exception as exc:
                caught.append(exc)
                raise

        repl.Session.handle = handle  # type: ignore[method-assign]
        restore = (repl.Session, original)
    old = os.getcwd()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        os.chdir(work)
        result = runner.invoke(cli, list(case["argv"]), input=_stdin_bytes(case.get("stdin")),
                               catch_exceptions=True)
    finally:
        elapsed = time.perf_counter() - start
        os.chdir(old)
        if restore is not None:
            restore[0].handle = restore[1]  # type: ignore[method-assign]
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
    return result, elapsed, grown, root, before, set(os.listdir(root)), caught


def run_case(case: dict[str, Any], exits: frozenset[int] | set[int] | None = None, *,
             time_cap: float = TIME_CAP, debug_on_failure: bool = True) -> Outcome:
    """Run CASE and check every invariant; see the module docstring."""
    allowed = frozenset(exits) if exits is not None else ALLOWED_EXITS
    result, elapsed, grown_kb, root, before, root_entries, _ = _invoke(case, debug=False)
    out = Outcome(exit_code=result.exit_code, elapsed=elapsed)
    try:
        out.stdout = result.stdout
        out.stderr = result.stderr
        problems = out.problems
        exc = result.exception
        escaped = exc is not None and not isinstance(exc, SystemExit)
        if escaped:
            problems.append(f"exception escaped: {type(exc).__name__}: {exc}"[:300])
            out.trace = "".join(traceback.format_exception(*result.exc_info))[-4000:]
            out.signature = f"{type(exc).__name__} at {innermost_frame(result.exc_info[2])}"
        elif result.exit_code not in allowed:
            problems.append(f"exit status {result.exit_code}, allowed {sorted(allowed)}")
        _check_outputs(case, out, problems)
        _check_files(case, root, before, root_entries, problems)
        if elapsed > time_cap:  # once more, to tell a slow case from a busy machine
            _, second, _, other, _, _, _ = _invoke(case, debug=False)
            shutil.rmtree(other, ignore_errors=True)
            if min(elapsed, second) > time_cap:
                problems.append(f"slow: {min(elapsed, second):.1f} s (cap {time_cap} s)")
        if grown_kb > MEMORY_CAP_MB * 1024:
            problems.append(f"peak memory grew by {grown_kb // 1024} MiB (cap {MEMORY_CAP_MB} MiB)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    crashed = result.exit_code == 3 or "internal error" in (out.stdout + out.stderr)
    if out.problems and out.signature is None:
        if crashed and debug_on_failure:
            _debug_signature(case, out)
        if out.signature is None:
            first = out.problems[0]
            kind = first.split(":")[0]
            out.signature = f"{kind} | {' '.join(_shape_of_argv(case['argv']))}"
    return out


def _shape_of_argv(argv: list[str]) -> list[str]:
    """The command and its format, for grouping invariant failures that have no traceback."""
    if not argv:
        return ["<none>"]
    words = [argv[0]]
    fmt = _option(argv, "--format") or _option(argv, "--to")
    if fmt:
        words.append(fmt)
    return words


def _debug_signature(case: dict[str, Any], out: Outcome) -> None:
    result, _, _, root, _, _, caught = _invoke(case, debug=True)
    shutil.rmtree(root, ignore_errors=True)
    if caught:
        exc = caught[-1]
        out.trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-4000:]
        out.signature = f"{type(exc).__name__} at {innermost_frame(exc.__traceback__)} [repl]"
    elif result.exc_info is not None and not isinstance(result.exception, SystemExit):
        out.trace = "".join(traceback.format_exception(*result.exc_info))[-4000:]
        out.signature = f"{type(result.exception).__name__} at {innermost_frame(result.exc_info[2])}"


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _check_outputs(case: dict[str, Any], out: Outcome, problems: list[str]) -> None:  # noqa: PLR0915 - every format's rule in one place
    argv = case["argv"]
    command = argv[0] if argv else ""
    fmt = _option(argv, "--format", "text")
    if command == "lint" and "--color" in argv:  # lstmcalc's own colour codes, and nothing else
        out = replace(out, stdout=LINT_COLOURS.sub("", out.stdout))
    for stream, text in (("stdout", out.stdout), ("stderr", out.stderr)):
        if "Traceback" in text:
            problems.append(f"traceback: in {stream}")
        if "internal error" in text:
            line = next(x for x in text.split("\n") if "internal error" in x)
            problems.append(f"internal error: {stream}: {line[:200]}")
        bad = BAD_CHARS.search(text)
        if bad:
            at = bad.start()
            problems.append(f"control character: {bad.group()!r} in {stream} near {text[max(0, at - 40):at + 20]!r}")
    stdout, stderr = out.stdout, out.stderr
    if command == "lint" and stdout and "--statistics" in argv:
        if fmt == "json":
            _check_json(stdout, "json", problems)
        elif not all(STATISTIC.match(line) for line in _lines(stdout)):
            problems.append(f"lint statistics: {stdout[:200]!r}")
    elif command == "lint" and stdout:
        if fmt in ("json-lines", "gitlab"):
            for chunk in (stdout.splitlines() if fmt == "json-lines" else [stdout]):
                try:
                    json.loads(chunk)
                except ValueError as exc:
                    problems.append(f"lint {fmt}: not JSON: {exc}")
                    break
        elif fmt == "text":
            lines = _lines(stdout)
            for i, line in enumerate(lines):
                last = i == len(lines) - 1
                if not (DIAG.match(line) or (last and TALLY.match(line))):
                    problems.append(f"lint text line: {line[:200]!r}")
                    break
        elif fmt == "github":
            lines = _lines(stdout)
            for i, line in enumerate(lines):
                last = i == len(lines) - 1
                if not (GITHUB.match(line) or (last and TALLY.match(line))):
                    problems.append(f"lint github line: {line[:200]!r}")
                    break
        elif fmt in ("json", "sarif"):
            _check_json(stdout, fmt, problems)
        elif fmt == "junit":
            _check_xml(stdout, "junit", problems)
    if command in ("summary", "explain", "convert", "diagram"):
        for line in _lines(stderr):
            if not (DIAG_LOOSE.match(line) or line.startswith(CLICK_LINES) or line == ""
                    or (line.startswith("wrote ") and ("-o" in argv or "--output" in argv))):
                problems.append(f"stderr line: {command}: {line[:200]!r}")
                break
    if command == "cost":
        for line in _lines(stderr):
            if not (DIAG_LOOSE.match(line) or line.startswith(CLICK_LINES) or line == ""
                    or ": cannot count at this length: " in line):
                problems.append(f"stderr line: cost: {line[:200]!r}")
                break
    if command == "run":
        for line in _lines(stderr):
            if not (DIAG_LOOSE.match(line) or line.startswith((*CLICK_LINES, "lstmcalc run: ")) or line == ""):
                problems.append(f"stderr line: run: {line[:200]!r}")
                break
    if command in ("summary", "cost") and stdout.strip():  # the document formats must parse
        if fmt == "json":
            _check_json(stdout, f"{command} json", problems)
        elif fmt == "svg":
            _check_xml(stdout, "svg", problems)
        elif fmt == "html":
            _check_html(stdout, problems)
        elif fmt == "markdown":
            _check_markdown(stdout, problems)
    if command == "explain" and stdout.strip():
        if fmt == "html":
            _check_html(stdout, problems)
        elif fmt == "markdown":
            _check_markdown(stdout, problems)
    if command == "diagram" and stdout.strip() and _option(argv, "-o") is None and _option(argv, "--output") is None:
        _check_xml(stdout, "diagram", problems)
    if command == "convert" and stdout.strip() and _option(argv, "--to") == "json":
        _check_json(stdout, "convert json", problems)
    if command == "schema":
        _check_json(stdout, "schema", problems)


def _check_json(text: str, what: str, problems: list[str]) -> None:
    try:
        data = json.loads(text)
    except ValueError as exc:
        problems.append(f"bad JSON: {what}: {exc}")
        return
    if what == "sarif" and (not isinstance(data, dict) or data.get("version") != "2.1.0"):
        problems.append("bad JSON: sarif version is not 2.1.0")


def _check_xml(text: str, what: str, problems: list[str]) -> None:
    try:
        ET.fromstring(text.encode("utf-8", "surrogatepass"))
    except (ET.ParseError, UnicodeError) as exc:
        problems.append(f"bad XML: {what}: {exc}")


def _check_html(text: str, problems: list[str]) -> None:
    low = text.lower()
    for raw in ("<script", "<b>bold", "<!--<", "javascript:"):
        if raw in low:
            problems.append(f"raw HTML: {raw!r} in html output")
            return


_BACKTICKS = re.compile(r"`+")


def _outside_code_spans(line: str) -> str:
    """LINE without its CommonMark code spans (a run of N backticks up to the next run of
    exactly N): HTML inside a code span is shown, not interpreted."""
    out, pos = [], 0
    while True:
        opening = _BACKTICKS.search(line, pos)
        if opening is None:
            out.append(line[pos:])
            return "".join(out)
        out.append(line[pos:opening.start()])
        width = len(opening.group())
        closing = next((m for m in _BACKTICKS.finditer(line, opening.end()) if len(m.group()) == width), None)
        if closing is None:
            out.append(line[opening.start():])
            return "".join(out)
        pos = closing.end()


def _check_markdown(text: str, problems: list[str]) -> None:
    if any("<script" in _outside_code_spans(line).lower() for line in text.split("\n")):
        problems.append("raw HTML: '<script' outside code spans in markdown output")
    width: int | None = None
    for line in text.split("\n"):
        if line.startswith("|"):
            count = len(UNESCAPED_PIPE.findall(line))
            if width is None:
                width = count
            elif count != width:
                problems.append(f"markdown table: row has {count} cells separators, header {width}: {line[:120]!r}")
                return
        else:
            width = None


def _check_files(case: dict[str, Any], root: Path, before: dict[str, str], root_entries: set[str],
                 problems: list[str]) -> None:
    work = root / "work"
    extra = root_entries - {"work", "home"}
    home_files = [p.name for p in (root / "home").rglob("*")]
    if extra or home_files:
        problems.append(f"wrote outside the work folder: {sorted(extra) + home_files}")
    after = _snapshot(work)
    argv = case["argv"]
    consent = "--force" in argv
    if argv[:1] == ["interactive"] and case.get("stdin"):
        consent = consent or any(x.strip().lower() in ("y", "yes") for x in str(case["stdin"]).splitlines())
    for name, digest in before.items():
        if name not in after:
            problems.append(f"file removed: {name}")
        elif after[name] != digest and not consent:
            problems.append(f"file overwritten without --force: {name}")
    for name in after:
        base = name.rsplit("/", 1)[-1]
        if base.startswith(".") and base.endswith(".tmp"):
            problems.append(f"leftover temporary file: {name}")
    changed = [n for n in after if before.get(n) != after[n]]
    for name in changed:
        data = (work / name).read_bytes()
        if name.endswith(".svg") and argv[:1] == ["diagram"]:
            _check_xml(data.decode("utf-8", "replace"), f"diagram file {name}", problems)
        if name.endswith(".json") and argv[:1] == ["convert"] and _option(argv, "--to") == "json":
            _check_json(data.decode("utf-8", "replace"), f"convert file {name}", problems)


def case_from_regression(data: dict[str, Any]) -> tuple[dict[str, Any], frozenset[int]]:
    from .strategies import decode_files

    case = {"kind": "regression", "about": data.get("about", ""), "argv": list(data["argv"]),
            "files": decode_files(data.get("files", {})), "stdin": data.get("stdin")}
    return case, frozenset(data.get("exit", sorted(ALLOWED_EXITS)))


def regression_json(case: dict[str, Any], about: str, exits: list[int] | None = None) -> dict[str, Any]:
    from .strategies import encode_files

    return {"about": about, "argv": list(case["argv"]), "files": encode_files(case["files"]),
            "stdin": case.get("stdin"), "exit": exits or sorted(ALLOWED_EXITS)}
