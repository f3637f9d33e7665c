"""Apply diagnostics' structured fixes to spec files: `lstmcalc lint --fix` and `--diff`.

Pure: bytes in, bytes out; the CLI reads and writes (through the one atomic writer).
YAML is edited with ruamel.yaml's round trip, which keeps comments, key order and quoting;
PyYAML cannot do that. ruamel.yaml is imported here only, and this module only on the
--fix/--diff path. A file whose unedited round trip does not reproduce it byte for byte
is left alone rather than reformatted.

Fixes go one at a time: apply, re-check, keep the edit only if its finding is gone and no
new error appeared, then start over from the new findings (spans move when a layer is
inserted), up to MAX_ROUNDS.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from lstmcalc.diagnostics import Diagnostic, Edit, Fix, Severity
from lstmcalc.span import Span

#: Fix attempts per file (accepted or refused); a bound, so the loop always ends.
MAX_ROUNDS = 50
#: The file kinds --fix edits; Python, notebooks and archives are never edited.
EDITABLE = ("yaml", "json")
#: Codes that say an edit broke the file itself (syntax, shape of a spec): such a fix is reverted.
FILE_LEVEL = frozenset({"LC001", "LC002", "LC003", "LC004", "LC010", "LC011", "LC017", "LC018"})


_NEVER = {
    "python": "Python files are never edited by --fix; make the change in the code",
    "notebook": "notebooks are never edited by --fix; make the change in the cell",
    "archive": ".keras archives are never edited by --fix; fix the code that saved it",
    "h5": ".h5 files are never edited by --fix; fix the code that saved it",
    "stdin": "standard input cannot be fixed in place; use --diff",
}


class CannotEdit(Exception):
    """The edit cannot be made faithfully (the layer is not found, or the round trip would
    reformat the file). Caught in this module only."""


class FixOutcome(NamedTuple):
    data: bytes  # the fixed file (== the input when nothing was applied)
    applied: tuple[Diagnostic, ...]  # findings removed by a fix
    refused: tuple[Diagnostic, ...]  # fixes tried and reverted: their finding stayed
    note: str = ""  # why the file was not edited at all, if it was not

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def _key(d: Diagnostic) -> tuple[str, str | None, str]:
    return (d.code, d.layer, d.message)


def fix_bytes(data: bytes, kind: str, check: Callable[[bytes], Sequence[Diagnostic]],
              rounds: int = MAX_ROUNDS) -> FixOutcome:
    """Apply every fix among CHECK(data)'s findings that removes its finding; KIND is the
    file kind (lstmcalc.spec.parse.file_kind)."""
    if kind not in EDITABLE:
        return FixOutcome(data, (), (), _NEVER.get(kind, f"{kind} files are never edited by --fix"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return FixOutcome(data, (), (), "not UTF-8 text")
    found = list(check(data))
    applied: list[Diagnostic] = []
    refused: list[Diagnostic] = []
    tried: set[tuple[str, str | None, str]] = set()
    note = ""
    for _ in range(rounds):
        todo = next((d for d in found if d.fix is not None and _key(d) not in tried), None)
        if todo is None:
            break
        tried.add(_key(todo))
        assert todo.fix is not None
        try:
            new_text = apply_fix(text, todo.fix, kind)
        except CannotEdit as exc:
            refused.append(todo)
            note = note or str(exc)
            continue
        new_data = new_text.encode("utf-8")
        after = list(check(new_data))
        if _removed(todo, found, after):
            text, data, found = new_text, new_data, after
            applied.append(todo)
        else:
            refused.append(todo)
    return FixOutcome(data, tuple(applied), tuple(refused), note)


def _removed(fixed: Diagnostic, before: list[Diagnostic], after: list[Diagnostic]) -> bool:
    """FIXED's finding is gone and the edit broke nothing at the file level. Other new
    findings are allowed after fixing an error (a fixed layer type lets its arguments be
    checked, as in ruff), but a fix for a warning may not bring an error."""
    if any(_key(d) == _key(fixed) for d in after):
        return False
    old = {d.code for d in before}
    if any(d.code in FILE_LEVEL and d.code not in old for d in after):
        return False
    if fixed.severity is Severity.ERROR:
        return True
    # fixing a warning or a note must not cost an error
    errors = {(d.code, d.layer) for d in before if d.severity is Severity.ERROR}
    return not any(d.severity is Severity.ERROR and (d.code, d.layer) not in errors for d in after)


def apply_fix(text: str, fix: Fix, kind: str) -> str:
    """TEXT with FIX's edits made; raises CannotEdit."""
    return _edit_yaml(text, fix.edits) if kind == "yaml" else _edit_json(text, fix.edits)


# -- locating a layer ----------------------------------------------------------------------

Path = tuple[Any, ...]


def _find(node: Any, span: Span, path: Path = ()) -> Path | None:
    """The path (keys and indices) to the mapping that starts at SPAN in a ruamel tree."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        if (node.lc.line + 1, node.lc.col + 1) == (span.line, span.column):
            return path
        items = list(node.items())
    elif isinstance(node, CommentedSeq):
        items = list(enumerate(node))
    else:
        return None
    for key, child in items:
        found = _find(child, span, (*path, key))
        if found is not None:
            return found
    return None


def _located(tree: Any, edits: tuple[Edit, ...]) -> list[tuple[Path | None, Edit]]:
    """Every edit with its path, found before any is made; insertions go last (from the
    end), so they move no path still to be used."""
    found = [(_find(tree, e.layer), e) for e in edits]
    return ([t for t in found if t[1].kind != "insert_before"]
            + sorted((t for t in found if t[1].kind == "insert_before"), key=lambda t: t[0] or (), reverse=True))


def _at(root: Any, path: Path) -> Any:
    for step in path:
        root = root[step]
    return root


def _rt() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 20  # never re-wrap a long line
    return yaml


def _load(text: str) -> tuple[Any, Any]:
    from ruamel.yaml.error import YAMLError

    yaml = _rt()
    try:
        return yaml, yaml.load(text)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise CannotEdit(f"cannot read the file for editing ({type(exc).__name__})") from None


def _is_spec(root: Any) -> bool:
    """Spec v1 (a mapping with `layers`), not a Keras config, whose fixes are not spec edits."""
    return isinstance(root, dict) and "layers" in root and "class_name" not in root


# -- YAML ----------------------------------------------------------------------------------

_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s\[\]{},]")
_SEQ_ITEM = re.compile(r"^( *)(\w[^:#\n]*):[ \t]*(#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- ", re.MULTILINE)
_NESTED = re.compile(r"^( *)\w[^:#\n]*:[ \t]*(#.*)?\n(?:[ \t]*(?:#.*)?\n)*( +)\w", re.MULTILINE)


def _indents(yaml: Any, text: str) -> None:
    """Dump with the file's own indentation: the offset of `-` under its key, and the
    mapping indent."""
    offset = 0
    seq = _SEQ_ITEM.search(text)
    if seq:
        offset = len(seq.group(4)) - len(seq.group(1))
    mapping = 2
    nested = _NESTED.search(text)
    if nested and len(nested.group(3)) > len(nested.group(1)):
        mapping = len(nested.group(3)) - len(nested.group(1))
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    yaml.explicit_start = text.lstrip().startswith("---")


def _dump(yaml: Any, root: Any) -> str:
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def _edit_yaml(text: str, edits: tuple[Edit, ...]) -> str:
    if _ANCHOR.search(text):
        # an aliased mapping is one node in two places: an edit to one layer would change both
        raise CannotEdit("the file uses YAML anchors or aliases; make the change by hand")
    yaml, root = _load(text)
    if not _is_spec(root):
        raise CannotEdit("only spec v1 files are edited")
    _indents(yaml, text)
    if _dump(yaml, root) != text:
        raise CannotEdit("the file cannot be edited without reformatting it; make the change by hand")
    for path, edit in _located(root, edits):
        if path is None:
            raise CannotEdit("the layer to edit was not found in the file")
        width = _flow_width(yaml, root, path)
        mapping = _at(root, path)
        replaced = edit.kind == "set" and isinstance(mapping, dict) and edit.key in mapping
        old_value = _width(yaml, mapping[edit.key]) if replaced else 0
        _apply(root, path, edit, yaml_style=True)
        if width is not None and edit.kind != "insert_before":
            _shift_comment(root, path, _flow_width(yaml, root, path) - width)  # type: ignore[operator]
        elif replaced:
            comment = mapping.ca.items.get(edit.key)
            if comment and len(comment) > 2 and comment[2] is not None:
                comment[2].column += _width(yaml, mapping[edit.key]) - old_value
    return _dump(yaml, root)


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: words YAML would read as something other than a string, so they are written quoted
_NOT_PLAIN = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})


def _width(yaml: Any, value: Any) -> int:
    """How wide VALUE is written, so an end-of-line comment can keep its distance."""
    from ruamel.yaml.comments import CommentedSeq

    # the common plain scalars without a dump (a dump costs about a millisecond)
    if isinstance(value, bool):
        return 4 if value else 5
    if type(value) is int:
        return len(str(value))
    if type(value) is str and _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN:
        return len(value)

    seq = CommentedSeq([value])
    seq.fa.set_flow_style()
    out = io.StringIO()
    yaml.dump(seq, out)
    return len(out.getvalue().strip()) - 2


def _flow_width(yaml: Any, root: Any, path: Path) -> int | None:
    """How wide a one-line flow mapping is written (None for a block mapping)."""
    node = _at(root, path)
    if not path or not hasattr(node, "fa") or not node.fa.flow_style():
        return None
    # key by key: dumping the node would bring its end-of-line comment along
    return 2 + sum(_width(yaml, k) + 2 + _width(yaml, v) for k, v in node.items()) + 2 * (len(node) - 1)


def _shift_comment(root: Any, path: Path, delta: int) -> None:
    """The comment after a flow mapping keeps its distance when the mapping grows or shrinks."""
    parent = _at(root, path[:-1])
    comment = getattr(parent, "ca", None) and parent.ca.items.get(path[-1])
    slot = 0 if isinstance(path[-1], int) else 2  # a list item's comment, or a key's
    tokens = [comment[slot]] if comment and len(comment) > slot and comment[slot] is not None else []
    own = _at(root, path).ca.comment  # a flow mapping under a key holds the comment too
    if own and own[0] is not None:
        tokens.append(own[0])
    for token in {id(t): t for t in tokens}.values():
        token.column += delta


def _flowing(value: Any, flow: bool) -> Any:
    """A plain value as ruamel nodes: lists in flow style ([3, 1]), as specs write shapes."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        node = CommentedMap((k, _flowing(v, True)) for k, v in value.items())
        if flow:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_flowing(v, True) for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def _apply(root: Any, path: Path, edit: Edit, *, yaml_style: bool) -> None:
    mapping = _at(root, path)
    if not isinstance(mapping, dict):
        raise CannotEdit("the layer to edit is not a mapping")
    if edit.kind == "set":
        if yaml_style and edit.key not in mapping and len(mapping):
            _hand_on_comment(mapping, list(mapping)[-1], edit.key)
        mapping[edit.key] = _flowing(edit.value, True) if yaml_style else edit.value
    elif edit.kind == "remove":
        if edit.key not in mapping:
            raise CannotEdit(f"no `{edit.key}` to remove")
        if yaml_style:
            _keep_comment(mapping, edit.key)
        del mapping[edit.key]
    elif edit.kind == "rename":
        if edit.key not in mapping or edit.new_key in mapping:
            raise CannotEdit(f"cannot rename `{edit.key}`")
        _rename(mapping, edit.key, edit.new_key, yaml_style)
    elif edit.kind == "insert_before":
        if not path or not isinstance(path[-1], int):
            raise CannotEdit("the layer is not in a list")
        parent = _at(root, path[:-1])
        if yaml_style:
            flow = mapping.fa.flow_style() if hasattr(mapping, "fa") else False
            parent.insert(path[-1], _flowing(edit.value, bool(flow)))
        else:
            parent.insert(path[-1], dict(edit.value))
    else:
        raise CannotEdit(f"unknown edit {edit.kind!r}")


def _keep_comment(mapping: Any, key: str) -> None:
    """A comment on the lines after KEY belongs to what follows: keep it when KEY goes, on
    the key before (ruamel stores it with KEY)."""
    comment = mapping.ca.items.get(key)
    if not comment or len(comment) < 3 or comment[2] is None:
        return
    token = comment[2]
    tail = token.value.split("\n", 1)
    if len(tail) < 2 or not tail[1].strip():
        return  # only an end-of-line comment on KEY itself: it goes with KEY
    keys = list(mapping)
    index = keys.index(key)
    if index == 0:
        raise CannotEdit("a comment follows the first key; make the change by hand")
    previous = keys[index - 1]
    if mapping.ca.items.get(previous) and mapping.ca.items[previous][2] is not None:
        raise CannotEdit("comments around the key; make the change by hand")
    token.value = "\n" + tail[1]
    mapping.ca.items.setdefault(previous, [None, None, None, None])[2] = token
    del mapping.ca.items[key]


def _hand_on_comment(mapping: Any, last: str, new: str) -> None:
    """Comment lines after the LAST key belong to what follows the mapping: when NEW is
    appended, they move to it, so the new key goes before them."""
    import copy

    comment = mapping.ca.items.get(last)
    if not comment or len(comment) < 3 or comment[2] is None:
        return
    token = comment[2]
    head, sep, rest = token.value.partition("\n")
    if not sep or not rest.strip():
        return
    moved = copy.copy(token)
    moved.value = "\n" + rest
    token.value = head + "\n"
    mapping.ca.items[new] = [None, None, moved, None]


def _rename(mapping: Any, old: str, new: str, yaml_style: bool) -> None:
    keys = list(mapping)
    position = keys.index(old)
    value = mapping[old]
    if yaml_style:
        comment = mapping.ca.items.pop(old, None)
        del mapping[old]
        mapping.insert(position, new, value)
        if comment is not None:
            for token in comment:
                if token is not None and hasattr(token, "column") and getattr(token, "column", None) is not None:
                    token.column += len(new) - len(old)  # the comment keeps its distance from the value
            mapping.ca.items[new] = comment
        return
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


# -- JSON ----------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')


def _json_style(text: str) -> tuple[str | None, int]:
    """TEXT's layout: its indent (spaces or tabs; None: all on one line), and the nesting
    depth from which containers are written on one line (the shallowest one-line container
    with something in it)."""
    match = re.search(r"[\[{][ \t]*\r?\n([ \t]+)\S", text)
    if match is None:
        return None, 0
    indent = match.group(1)
    line, depth, opened, inline = 0, 0, [], 1 << 30
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark == "\n":
            line += 1
        elif mark in "[{":
            opened.append((line, token.end()))
            depth += 1
        elif mark in "]}" and opened:
            start, end = opened.pop()
            depth -= 1
            if start == line and text[end:token.start()].strip():
                inline = min(inline, depth)
    return indent, inline


def _json_dump(value: Any, indent: str | None, inline: int, depth: int = 0) -> str:
    """VALUE as JSON in the file's layout: indented down to depth INLINE, one line below."""
    if indent is None or depth >= inline or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = indent * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json_dump(v, indent, inline, depth + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent * depth + "}"
    items = [inner + _json_dump(v, indent, inline, depth + 1) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + indent * depth + "]"


def _edit_json(text: str, edits: tuple[Edit, ...]) -> str:
    _, tree = _load(text)  # ruamel reads JSON as YAML: it knows where each mapping starts
    try:
        root = json.loads(text)
    except ValueError as exc:
        raise CannotEdit("cannot read the JSON") from exc
    if not _is_spec(root):
        raise CannotEdit("only spec v1 files are edited")
    for path, edit in _located(tree, edits):
        if path is None:
            raise CannotEdit("the layer to edit was not found in the file")
        _apply(root, path, edit, yaml_style=False)
    end = text[len(text.rstrip()):]
    return _json_dump(root, *_json_style(text)) + end


def unified_diff(old: bytes, new: bytes, path: str) -> str:
    """What --fix would change, as a unified diff; every line passes the sanitizer, so a
    hostile name cannot smuggle terminal escapes through the diff."""
    import difflib

    from lstmcalc.safety.text import visible

    before = old.decode("utf-8", errors="replace").splitlines()
    after = new.decode("utf-8", errors="replace").splitlines()
    shown = visible(path, 300)
    relative = not path.startswith(("/", "\\")) and ":" not in path[:3]
    lines = difflib.unified_diff(before, after, f"a/{shown}" if relative else shown,
                                 f"b/{shown}" if relative else shown, lineterm="")
    return "".join(visible(line) + "\n" for line in lines)
