"""Jupyter notebooks (.ipynb), and notebooks exported as .py, read as the Python they run.

A notebook is its code cells, in order, each cell's `source` joined as Jupyter joins it
(a list of strings is concatenated). Markdown and raw cells are skipped. The cells are
joined into one Python source and handed to the Python reader; every position it reports
is mapped back to the cell: `notebook.ipynb:cell 3:4:17`, where the cell number is the
cell's 1-based index among *all* the notebook's cells, as Jupyter shows it and ruff
reports it (ruff_notebook builds its index from the cell's position in `cells`).

IPython's own syntax is replaced line for line, so the Python reader sees valid Python
whose every other line and column is where the notebook has it:

- `!cmd`, `%magic ...`, `obj?`, `?obj` and automagic lines (`pip install x`) become `pass`;
  `x = !cmd` and `x = %magic` become `x = get_ipython()`, a value known only at run time;
- `%time STMT` runs STMT once in the notebook's namespace, so it is read: `%time` becomes
  `pass;` (the same five characters);
- magics that run code lstmcalc does not follow (`%timeit`, `%run`, `%store -r`, ...)
  become `pass` and leave a warning (LC022), since what they do could change the model;
- a cell that starts with a cell magic: `%%time` and `%%capture` run their body as Python
  once, so the body is read; `%%bash`, `%%writefile`, `%%html` and the other script and
  display magics are not Python and the cell is skipped; any other cell magic (`%%timeit`
  runs its body many times, `%%sql`, ...) skips the cell with a warning (LC022).

Escapes are recognised only where a statement starts (not inside brackets, strings or
after a backslash), as IPython's token-based transformer does; there `!` and `%` can never
be Python, so the replacement cannot change what valid code means. Each cell must parse on
its own, since Jupyter compiles each cell separately.

A `.py` export of a notebook (Colab's download keeps `!pip install` lines) is read as
Python first; only when that fails with a syntax error is it read again with the same line
treatment.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, NamedTuple

from lstmcalc.diagnostics import Diagnostic, error, warning
from lstmcalc.safety.limits import MAX_NOTEBOOK_BYTES
from lstmcalc.safety.text import quoted, visible
from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec, Ref

Result = tuple[ModelSpec | None, list[Diagnostic]]

#: Characters of code read from a notebook's code cells: the Python reader's own cap on a
#: source (spec/python_code.py MAX_SOURCE); notebooks are large for their outputs, not code.
MAX_CODE = 200_000
#: Braces in the code cells: f-strings with many fields parse in quadratic time (as
#: python_code.MAX_BRACES); checked before each cell is parsed on its own.
MAX_BRACES = 10_000
#: Code cells read from one notebook (each is parsed on its own; real notebooks have hundreds).
MAX_CELLS = 5_000
ORIGIN = Span(1, 1)

_NOT_NOTEBOOK = "LC005"
_NOT_FOLLOWED = "LC022"

#: Cell magics whose body is Python run once in the notebook's namespace.
PYTHON_CELL_MAGICS = frozenset({"time", "capture"})
#: Cell magics whose body is not Python for this kernel (shell, other languages, files,
#: display): IPython's script and display magics and %%writefile.
OTHER_CELL_MAGICS = frozenset({
    "!", "bash", "sh", "script", "system", "sx", "perl", "ruby", "python", "python2", "python3", "pypy",
    "html", "HTML", "javascript", "js", "latex", "markdown", "svg", "writefile", "file",
})
#: Line magics that run Python, or change the namespace, in ways lstmcalc does not follow.
UNFOLLOWED_LINE_MAGICS = frozenset({
    "timeit", "prun", "run", "debug", "store", "reset", "reset_selective", "xdel", "macro", "rerun",
    "recall", "pylab", "load", "edit",
})
#: IPython magics usable without `%` (automagic, on by default): such a line is read as a
#: magic only when it is not Python by itself (`pip install keras`, not `pip = 3`).
AUTOMAGIC = frozenset({
    "alias", "cd", "conda", "env", "load_ext", "mamba", "matplotlib", "micromamba", "pip", "pwd",
    "reload_ext", "set_env", "unload_ext", "autoreload", "aimport", "config", "who", "whos", "xmode",
    "time", *UNFOLLOWED_LINE_MAGICS,
})

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # ast's line breaks, not str.splitlines'
_MAGIC = re.compile(r"%{1,2}(!|\w*)")
_ASSIGN = re.compile(r"(?P<head>[ \t]*[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*[ \t]*=[ \t]*)[!%]")
_HELP_END = re.compile(r"%{0,2}(?!\d)[\w*]+(?:\.(?!\d)[\w*]+|\[-?\d+\])*\?\??")  # IPython's _help_end_re
_AUTOMAGIC = re.compile(r"([A-Za-z_]\w*)[ \t]+(?![=<>!+*/%&|^@(\[,]|(?:and|or|is|in|not|if|else|for)\b)\S")
_SPECIAL = re.compile(r"[#'\"()\[\]{}\\]")


class Cell(NamedTuple):
    """A code cell: its 1-based index among all cells, and its source as Jupyter joins it."""

    number: int
    source: str


class Joined(NamedTuple):
    """The code cells as one Python source, and where each cell starts in it."""

    text: str
    cells: tuple[Cell, ...]  # the Python of each cell, line for line as in the notebook
    starts: tuple[int, ...]  # the line of `text` on which each cell starts
    notes: tuple[Diagnostic, ...]  # warnings about IPython lines not followed

    def locate(self, span: Span) -> Span:
        """SPAN in `text` as a position in its cell."""
        index = bisect_right(self.starts, span.line) - 1
        if span.line < 1 or index < 0 or span.cell is not None:
            return span
        return Span(span.line - self.starts[index] + 1, span.column, self.cells[index].number)


# --- the hooks: what spec/parse.py calls --------------------------------------------------


def read_python_code(text: str, path: str, settings: dict[str, Any] | None, model: str | None = None,
                     *, whole: bool = True) -> list[Result]:
    """The Python reader, in one place: every table the code prints."""
    from lstmcalc.readers.python import read_python as interpret

    return interpret(text, path, settings, model, whole=whole)


def first(results: list[Result]) -> Result:
    """The first table a file prints, with every error of the read (for the commands that
    take one model)."""
    spec, problems = results[0]
    extra = [p for _, ps in results[1:] for p in ps if p.is_error]
    return (spec if not extra else None), [*problems, *extra]


def all_python(text: str | bytes, path: str, settings: dict[str, Any] | None = None, model: str | None = None,
               ) -> list[Result]:
    """Python code; a notebook exported as .py (`!pip install ...`, `%matplotlib inline`)
    is read again with IPython's lines replaced when it does not parse as it is."""
    assert isinstance(text, str)
    results = read_python_code(text, path, settings, model)
    if len(results) != 1 or results[0][0] is not None or not any(d.code == "LC001" for d in results[0][1]):
        return results
    code, notes = python_lines(text, None, cell_start=False)
    if code == text:
        return results
    again = read_python_code(code, path, settings, model, whole=False)  # IPython lines may define names
    spec, problems = again[0]
    return [(spec, [*notes, *problems]), *again[1:]]


def all_notebook(data: bytes | str, path: str, settings: dict[str, Any] | None = None, model: str | None = None,
                 ) -> list[Result]:
    """A Jupyter notebook's code cells, read as the Python they are. Never raises for bad input."""
    cells = notebook_cells(data)
    if isinstance(cells, Diagnostic):
        return [(None, [cells])]
    joined = join_cells(cells)
    if isinstance(joined, Diagnostic):
        return [(None, [joined])]
    notes = list(joined.notes)
    for cell in joined.cells:  # Jupyter compiles each cell on its own
        problem = _syntax_problem(cell) if cell.source.strip() else None
        if problem is not None:
            return [(None, [*notes, problem])]
    out: list[Result] = []
    for i, (spec, problems) in enumerate(read_python_code(joined.text, path, settings, model, whole=False)):
        found = [*(notes if i == 0 else []), *(d._replace(span=joined.locate(d.span)) for d in problems)]
        out.append(((None if spec is None else moved(spec, joined.locate)), found))
    return out


def read_python(text: str, path: str, settings: dict[str, Any] | None = None) -> Result:
    return first(all_python(text, path, settings))


def read_notebook(data: bytes | str, path: str, settings: dict[str, Any] | None = None) -> Result:
    return first(all_notebook(data, path, settings))


def suppression_sources(data: bytes) -> list[tuple[int, str]]:
    """(cell number, source) of each code cell, for `# lstmcalc: disable=...` comments;
    nothing when the notebook cannot be read (its diagnostic says why)."""
    cells = notebook_cells(data)
    return [] if isinstance(cells, Diagnostic) else [(c.number, c.source) for c in cells]


# --- the notebook file ---------------------------------------------------------------------


def notebook_cells(data: bytes | str) -> list[Cell] | Diagnostic:
    """The code cells of a notebook (nbformat 4, or 3's worksheets), or why there are none."""
    text = data if isinstance(data, str) else _decode(data)
    if isinstance(text, Diagnostic):
        return text
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        return error("LC001", f"a notebook is JSON, but this is not: {exc.msg}", Span(exc.lineno, exc.colno), None,
                     "check that the file is a saved .ipynb, not an HTML page or a download error")
    except (RecursionError, MemoryError):
        return error("LC002", "the notebook's JSON nests too deeply to read", ORIGIN)
    except ValueError as exc:  # an integer past Python's digit limit
        return error("LC002", f"the notebook's JSON holds a value lstmcalc will not read: {visible(exc, 200)}", ORIGIN)
    if not isinstance(notebook, dict):
        return _not_notebook(f"a notebook is a JSON object with a `cells` list, but this file holds {_kind(notebook)}")
    language = _language(notebook.get("metadata"))
    if language is not None and language.lower() != "python":
        return _not_notebook(f"the notebook is written in {quoted(language)}; lstmcalc reads Python notebooks",
                             "run lstmcalc on a Python notebook")
    raw = _raw_cells(notebook)
    if isinstance(raw, Diagnostic):
        return raw
    cells: list[Cell] = []
    total = 0
    for number, cell in enumerate(raw, 1):
        if not isinstance(cell, dict):
            return _not_notebook(f"cell {number} should be a JSON object, but it is {_kind(cell)}")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input"))  # nbformat 3 keeps a code cell's text in `input`
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            return _not_notebook(f"the source of cell {number} should be a string or a list of strings, "
                                 f"but it is {_kind(source)}")
        total += len(source)
        if len(cells) >= MAX_CELLS:
            return error("LC002", f"the notebook has more than {MAX_CELLS:,} code cells", ORIGIN, None,
                         "point lstmcalc at the notebook that defines the model")
        if total > MAX_CODE:
            return error("LC002", f"the notebook's code cells hold more than {MAX_CODE:,} characters", ORIGIN, None,
                         "point lstmcalc at the notebook that defines the model")
        cells.append(Cell(number, source))
    return cells


def _decode(data: bytes) -> str | Diagnostic:
    if len(data) > MAX_NOTEBOOK_BYTES:
        return error("LC002", f"the notebook is over {MAX_NOTEBOOK_BYTES:,} bytes", ORIGIN, None,
                     "clear its outputs (Jupyter: Edit > Clear Outputs of All Cells) and save it again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        return error("LC003", f"the notebook is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                     Span(before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1), None,
                     "save the notebook from Jupyter, which writes UTF-8 JSON")


def _raw_cells(notebook: dict[str, Any]) -> list[Any] | Diagnostic:
    if "cells" in notebook:
        cells = notebook["cells"]
        if not isinstance(cells, list):
            return _not_notebook(f"a notebook's `cells` is a list, but this one is {_kind(cells)}")
        return cells
    sheets = notebook.get("worksheets")
    if not isinstance(sheets, list):
        return _not_notebook("a notebook is a JSON object with a `cells` list (nbformat 4) or `worksheets` "
                             "(nbformat 3); this one has neither")
    cells = []
    for sheet in sheets:
        inner = sheet.get("cells") if isinstance(sheet, dict) else None
        if not isinstance(inner, list):
            return _not_notebook(f"each worksheet holds a `cells` list, but one holds {_kind(inner)}")
        cells.extend(inner)
    return cells


def _language(metadata: object) -> str | None:
    """The kernel's language when the notebook names it."""
    if not isinstance(metadata, dict):
        return None
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        entry = metadata.get(key)
        if isinstance(entry, dict) and isinstance(entry.get(field), str) and entry[field]:
            return str(entry[field])
    return None


def _not_notebook(message: str, hint: str = "check that the file is a Jupyter notebook saved by Jupyter") -> Diagnostic:
    return error(_NOT_NOTEBOOK, message, ORIGIN, None, hint)


def _kind(value: object) -> str:
    """What a JSON value is, without quoting it (the file may not be a notebook at all)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"a string of {len(value):,} characters"
    if isinstance(value, bool):
        return "a boolean"
    return "null" if value is None else "a number"


# --- cells to Python ------------------------------------------------------------------------


def join_cells(cells: list[Cell]) -> Joined | Diagnostic:
    """The cells' Python, one after the other, each ending with a line break."""
    if sum(c.source.count("{") for c in cells) > MAX_BRACES:
        return error("LC002", f"the notebook's code has more than {MAX_BRACES:,} braces", ORIGIN, None,
                     "point lstmcalc at the notebook that defines the model")
    parts: list[str] = []
    python: list[Cell] = []
    starts: list[int] = []
    notes: list[Diagnostic] = []
    line = 1
    for cell in cells:
        code, found = python_lines(cell.source, cell.number)
        if code and not code.endswith(("\n", "\r")):
            code += "\n"
        notes.extend(found)
        python.append(Cell(cell.number, code))
        starts.append(line)
        parts.append(code)
        line += len(_LINE.findall(code))
    return Joined("".join(parts), tuple(python), tuple(starts), tuple(notes))


def python_lines(text: str, cell: int | None, cell_start: bool = True) -> tuple[str, list[Diagnostic]]:
    """TEXT with IPython's syntax replaced line for line (see the module docstring), and the
    warnings for what is not followed. CELL numbers the positions; CELL_START: TEXT is a
    whole cell, so a leading `%%magic` applies to all of it."""
    lines = _LINE.findall(text)
    notes: list[Diagnostic] = []
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if cell_start and first is not None and lines[first].lstrip().startswith("%%"):
        name = _magic_name(lines[first].lstrip())
        if name not in PYTHON_CELL_MAGICS:
            if name not in OTHER_CELL_MAGICS:
                notes.append(warning(
                    _NOT_FOLLOWED, f"`%%{visible(name, 40)}` is a cell magic whose code lstmcalc does not follow "
                    "(it may not be Python, or may run it more than once); the cell was not read",
                    Span(first + 1, 1, cell), None,
                    "if the cell builds part of the model, move that code into a plain cell"))
            return "".join(_ending(line) for line in lines), notes
        lines[first] = "pass" + _ending(lines[first])
    out: list[str] = []
    depth, quote, joined = 0, "", False
    escaped = False  # the previous line was an IPython line continued with a backslash
    for number, line in enumerate(lines, 1):
        if escaped:
            out.append(_ending(line))
            escaped = line.rstrip("\r\n").endswith("\\")
            continue
        if depth == 0 and not quote and not joined:
            python = _python_line(line, Span(number, 1, cell), notes)
            if python is not None:
                out.append(python)
                escaped = line.rstrip("\r\n").endswith("\\")
                continue
        depth, quote, joined = _advance(line, depth, quote)
        out.append(line)
    return "".join(out), notes


def _python_line(line: str, where: Span, notes: list[Diagnostic]) -> str | None:
    """The Python for one line that starts a statement, or None when it is Python already."""
    body = line.rstrip("\r\n")
    stripped = body.lstrip(" \t")
    if not stripped:
        return None
    if stripped[0] == "!" or stripped[0] == "?":
        return _replace(line, "pass")
    if stripped[0] == "%":
        name = _magic_name(stripped)
        if stripped.startswith("%%"):
            # in a .py export, where a cell started; below a cell's first line, IPython refuses it
            if where.cell is not None or name not in PYTHON_CELL_MAGICS:
                notes.append(_unfollowed(f"%{name}", where._replace(column=len(body) - len(stripped) + 1)))
            return _replace(line, "pass")
        return _line_magic(line, name, stripped[1 + len(name):], where, notes)
    assigned = _ASSIGN.match(body)
    if assigned:
        return assigned.group("head") + "get_ipython()" + line[len(body):]
    if _HELP_END.fullmatch(stripped.rstrip()):
        return _replace(line, "pass")
    magic = _AUTOMAGIC.match(stripped)
    if magic and magic.group(1) in AUTOMAGIC and not _parses(stripped):
        return _line_magic(line, magic.group(1), stripped[len(magic.group(1)):], where, notes)
    return None


def _line_magic(line: str, name: str, rest: str, where: Span, notes: list[Diagnostic]) -> str:
    """`%name rest` (or automagic `name rest`) as Python."""
    body = line.rstrip("\r\n")
    indent = len(body) - len(body.lstrip(" \t"))
    statement = rest.strip()
    if name == "time" and statement and not statement.startswith("-") and rest[:1] in " \t":
        # `%time STMT` runs STMT once: `%time` (or automagic `time `) becomes `pass;`, as wide
        return body[:indent] + "pass;" + line[indent + 5:]
    if name in UNFOLLOWED_LINE_MAGICS or name == "time":
        notes.append(_unfollowed(name, where._replace(column=indent + 1)))
    return _replace(line, "pass")


def _unfollowed(name: str, where: Span) -> Diagnostic:
    return warning(_NOT_FOLLOWED, f"`%{visible(name, 40)}` runs code lstmcalc does not follow; the line was not read",
                   where, None, "if the line builds part of the model, write that code as plain Python")


def _magic_name(stripped: str) -> str:
    match = _MAGIC.match(stripped)
    return match.group(1) if match else ""


def _replace(line: str, python: str) -> str:
    """LINE's indentation, PYTHON, and LINE's line break."""
    body = line.rstrip("\r\n")
    return body[: len(body) - len(body.lstrip(" \t"))] + python + line[len(body):]


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def _advance(line: str, depth: int, quote: str) -> tuple[int, str, bool]:
    """The bracket depth and open string after LINE, and whether a backslash joins the next
    line to it: enough of Python's tokenizer to tell where statements start."""
    i, end = 0, len(line.rstrip("\r\n"))
    while i < end:
        if quote:
            close = line.find(quote, i)
            slash = line.find("\\", i, close if close >= 0 else end)
            if slash >= 0:
                i = slash + 2
                continue
            if close < 0:
                break
            i, quote = close + len(quote), ""
            continue
        match = _SPECIAL.search(line, i, end)
        if match is None:
            break
        char, i = match.group(), match.start()
        if char == "#":
            break
        if char in "'\"":
            quote = line[i:i + 3] if line[i:i + 3] in ("'''", '"""') else char
            i += len(quote)
            continue
        if char == "\\":
            if i == end - 1:
                return depth, quote, True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        i += 1
    if quote in ("'", '"'):  # a one-line string ends with its line, unless a backslash continues it
        return depth, (quote if line[:end].endswith("\\") else ""), False
    return depth, quote, False


def _parses(code: str) -> bool:
    return _syntax_error(code) is None


def _syntax_error(code: str) -> SyntaxError | ValueError | None:
    import ast
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a SyntaxWarning would print the input's own text
        try:
            ast.parse(code)
        except (SyntaxError, ValueError) as exc:
            return exc
        except (RecursionError, MemoryError):
            return ValueError("nests too deeply")
    return None


def _syntax_problem(cell: Cell) -> Diagnostic | None:
    """Why Jupyter could not compile CELL, positioned in the cell."""
    if "\x00" in cell.source:
        line = cell.source.count("\n", 0, cell.source.index("\x00")) + 1
        return error("LC003", "the cell contains a null character", Span(line, 1, cell.number), None,
                     "remove it in Jupyter and save the notebook again")
    exc = _syntax_error(cell.source)
    if exc is None:
        return None
    if isinstance(exc, SyntaxError):
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else 1
        column = exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else 1
        return error("LC001", f"Python syntax error: {visible(exc.msg, 200)}", Span(line, column, cell.number), None,
                     "Jupyter compiles each cell on its own, so each cell must be complete Python")
    return error("LC002", "the cell nests too deeply or holds a value too large to read", Span(1, 1, cell.number))


# --- positions ------------------------------------------------------------------------------


def moved(spec: ModelSpec, at: Callable[[Span], Span]) -> ModelSpec:
    """SPEC with every position passed through AT."""

    def ref(r: Ref) -> Ref:
        return r._replace(span=at(r.span))

    def layer(item: LayerSpec) -> LayerSpec:
        return item._replace(
            span=at(item.span), type_span=at(item.type_span),
            name_span=None if item.name_span is None else at(item.name_span),
            args={k: ArgSpec(a.value, at(a.span), at(a.key_span)) for k, a in item.args.items()},
            wrapped={k: layer(w) for k, w in item.wrapped.items()},
            wrapped_spans={k: at(s) for k, s in item.wrapped_spans.items()},
            inputs=None if item.inputs is None else tuple(ref(r) for r in item.inputs),
            initial_state=tuple(ref(r) for r in item.initial_state),
            calls=tuple(c._replace(span=at(c.span), inputs=tuple(ref(r) for r in c.inputs),
                                   initial_state=tuple(ref(r) for r in c.initial_state)) for c in item.calls),
            model=None if item.model is None else moved(item.model, at),
        )

    return spec._replace(layers=tuple(layer(item) for item in spec.layers),
                         name_span=None if spec.name_span is None else at(spec.name_span),
                         outputs=tuple(ref(r) for r in spec.outputs))
