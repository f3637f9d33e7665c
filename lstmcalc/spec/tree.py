"""Parse YAML or JSON text into a tree of positioned nodes, safely.

PyYAML's composer is recursive and expands aliases without limit, so hostile input
(100,000-deep nesting, "billion laughs" alias bombs, `!!python/object` tags) can exhaust
the stack or memory. Instead we consume PyYAML's *event* stream, which is produced
iteratively, and build the tree ourselves with explicit limits on size, depth, node count
and alias expansion. Scalars are resolved with PyYAML's own safe resolver so `true`,
`null`, `1e3` and friends mean exactly what they mean in `yaml.safe_load`.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from lstmcalc.safety.limits import MAX_INPUT_BYTES, MAX_INT_DIGITS
from lstmcalc.safety.text import excerpt, quoted
from lstmcalc.span import Span

MAX_BYTES = MAX_INPUT_BYTES
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_ALIAS_COST = 100_000

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "binary", "timestamp")
}


class Node:
    """A parsed value with its source position.

    `value` is a scalar, a `list[Node]`, or a `dict[str, Node]`. For mappings, `keys` holds
    the position of each key so diagnostics about a key (an unknown argument) can point at it.
    `size` counts the nodes in the subtree, to price alias expansion.
    """

    __slots__ = ("keys", "size", "span", "value")

    def __init__(self, value: Any, span: Span) -> None:
        self.value = value
        self.span = span
        self.keys: dict[str, Span] = {}
        self.size = 1

    def plain(self) -> Any:
        """The value with positions stripped (nested lists/dicts of scalars)."""
        stack: list[tuple[Node, Any, Any]] = []
        root = _shallow(self)
        stack.append((self, root, None))
        while stack:
            node, out, _ = stack.pop()
            if isinstance(node.value, list):
                for child in node.value:
                    c = _shallow(child)
                    out.append(c)
                    if isinstance(c, (list, dict)):
                        stack.append((child, c, None))
            elif isinstance(node.value, dict):
                for k, child in node.value.items():
                    c = _shallow(child)
                    out[k] = c
                    if isinstance(c, (list, dict)):
                        stack.append((child, c, None))
        return root


def _shallow(node: Node) -> Any:
    if isinstance(node.value, list):
        return []
    if isinstance(node.value, dict):
        return {}
    return node.value


class TreeError(NamedTuple):
    """Why text could not be turned into a tree: a code, a message, a position, a hint."""

    code: str
    message: str
    span: Span
    hint: str = ""


class _Abort(Exception):
    def __init__(self, error: TreeError) -> None:
        super().__init__(error.message)
        self.error = error


def decode(data: bytes) -> str | TreeError:
    """Decode file bytes as UTF-8 (with or without BOM), or say where they stop being text."""
    if len(data) > MAX_BYTES:
        return TreeError(
            "LC002",
            f"file is {len(data):,} bytes; specs are limited to {MAX_BYTES:,} bytes",
            Span(1, 1),
            "a model spec is a few kilobytes; check that this is the file you meant",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return TreeError(
            "LC003",
            f"file is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}",
            Span(line, col),
            "save the spec as UTF-8 YAML or JSON",
        )
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        return TreeError(
            "LC003",
            "file contains NUL bytes, so it is binary, not a YAML or JSON spec",
            Span(line, offset - (text.rfind("\n", 0, offset) + 1) + 1),
            "save the spec as UTF-8 YAML or JSON",
        )
    return text


def parse_text(text: str, *, is_json: bool = False) -> Node | TreeError:
    """Parse YAML (or JSON, a subset we parse the same way) into a `Node` tree."""
    shifts: dict[int, list[int]] = {}
    if is_json:
        problem = json_syntax(text)
        if problem is not None:
            return problem
        # JSON allows tabs as whitespace where YAML does not; valid JSON has no raw tab
        # inside strings, so swapping them keeps every position.
        text = text.replace("\t", " ")
        if "\\u" in text:
            folded = _fold_surrogates(text)
            if isinstance(folded, TreeError):
                return folded
            text, shifts = folded
    try:
        return _build(text, is_json, shifts)
    except _Abort as abort:
        return abort.error
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span(mark.line + 1, mark.column + 1) if mark else Span(1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        return TreeError("LC001", f"YAML syntax error: {what}", span, _syntax_hint(what))
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark object
        return TreeError("LC001", f"YAML syntax error: {excerpt(exc, 200)}", Span(1, 1), "")


_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_LONE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _fold_surrogates(text: str) -> tuple[str, dict[int, list[int]]] | TreeError:
    """JSON writes a character outside the BMP (an emoji in a name) as a UTF-16 surrogate
    pair, `\\ud83d\\ude00`, which YAML refuses. Write each pair as the one `\\U0001f600`
    escape YAML reads, and note per line where the text got two characters shorter, so
    every position still points into the original file."""
    shifts: dict[int, list[int]] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "\\u" not in line:
            continue
        marks: list[int] = []
        out: list[str] = []
        position = 0
        for match in _PAIR.finditer(line):
            high, low = int(match.group(2), 16), int(match.group(3), 16)
            code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            out.append(line[position:match.start()] + match.group(1) + f"\\U{code:08x}")
            position = match.end()
            marks.append(sum(len(part) for part in out))
        out.append(line[position:])
        folded = "".join(out)
        lone = _LONE.search(folded)
        if lone is not None:
            column = lone.end(1) + 1 + 2 * sum(1 for m in marks if m <= lone.start())
            return TreeError("LC001", "a JSON string holds a lone UTF-16 surrogate, which is not a character",
                             Span(number + 1, column), "remove the \\uXXXX escape or complete its pair")
        if marks:
            shifts[number] = marks
            lines[number] = folded
    return "\n".join(lines), shifts


def _syntax_hint(problem: str) -> str:
    if "tab" in problem.lower() or "\\t" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' needs quotes, or a key is indented wrongly"
    return "check the indentation and brackets around this position"


def json_syntax(text: str) -> TreeError | None:
    import json  # only JSON files pay for it

    try:  # a syntax check only: numbers are not converted (no 4,300-digit int limit, no cost)
        json.loads(text, parse_int=lambda _: 0, parse_float=lambda _: 0.0, parse_constant=lambda _: 0.0)
    except json.JSONDecodeError as exc:
        return TreeError(
            "LC001", f"JSON syntax error: {exc.msg}", Span(exc.lineno, exc.colno),
            "check for a missing comma or quote, or a trailing comma",
        )
    except RecursionError:
        return TreeError(
            "LC002", f"JSON nests deeper than {MAX_DEPTH} levels", Span(1, 1),
            "a model spec needs only a few levels of nesting",
        )
    return None


try:  # libyaml's parser is iterative and much faster; fall back to pure Python.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def _span(event: Any, shifts: dict[int, list[int]] | None = None) -> Span:
    line, column = event.start_mark.line, event.start_mark.column
    if shifts and line in shifts:
        column += 2 * sum(1 for mark in shifts[line] if mark <= column)
    return Span(line + 1, column + 1)


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _json_scalar(event: Any) -> Any:
    """A plain JSON scalar, read by JSON's rules (YAML 1.1 reads 1e-06 as a string)."""
    import json

    value = event.value
    if value in ("true", "false", "null"):
        return json.loads(value)
    if value in ("NaN", "Infinity", "-Infinity"):
        return float(value.replace("Infinity", "inf"))
    if _JSON_NUMBER.fullmatch(value):
        if sum(ch.isdigit() for ch in value) > MAX_INT_DIGITS:
            raise _Abort(TreeError(
                "LC002", f"a number with more than {MAX_INT_DIGITS} digits ({excerpt(value, 24)})", _span(event),
                "no size, rate or count in a model needs that many digits"))
        return json.loads(value)
    return value


def _scalar(event: Any, is_json: bool = False) -> Any:
    if is_json and not event.style and event.tag is None:
        return _json_scalar(event)
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag not in _SAFE_TAGS:
        raise _Abort(TreeError(
            "LC004", f"YAML tag {quoted(event.tag)} is not allowed in a spec",
            _span(event), "remove the tag; specs hold plain data only",
        ))
    kind = tag.rsplit(":", 1)[-1]
    if kind in ("int", "float") and sum(ch.isdigit() for ch in event.value) > MAX_INT_DIGITS:
        raise _Abort(TreeError(
            "LC002", f"a number with more than {MAX_INT_DIGITS} digits ({excerpt(event.value, 24)})",
            _span(event), "no size, rate or count in a model needs that many digits",
        ))
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    constructor = _constructor.yaml_constructors[tag]
    try:
        return constructor(_constructor, node)
    except (ValueError, TypeError, OverflowError, ArithmeticError, yaml.YAMLError) as exc:
        raise _Abort(TreeError(
            "LC001", f"cannot read {quoted(event.value)} as {kind}: {excerpt(exc)}",
            _span(event), f"write a plain {kind}" if kind != "timestamp" else "quote it to keep it as text",
        )) from None


def _build(text: str, is_json: bool = False, shifts: dict[int, list[int]] | None = None) -> Node | TreeError:
    """Consume the event stream with an explicit stack: no recursion anywhere."""
    anchors: dict[str, Node] = {}
    # Each frame: (node being filled, pending key or None, anchor name, is_mapping)
    stack: list[list[Any]] = []
    root: Node | None = None
    count = 0
    alias_cost = 0
    documents = 0

    def attach(child: Node, anchor: str | None) -> None:
        nonlocal root
        if anchor:
            anchors[anchor] = child
        if not stack:
            root = child
            return
        frame = stack[-1]
        parent: Node = frame[0]
        if isinstance(parent.value, list):
            parent.value.append(child)
            parent.size += child.size
            return
        if frame[1] is None:  # this child is a key
            key = child.value
            if isinstance(key, (dict, list)):
                raise _Abort(TreeError(
                    "LC001", "a mapping key must be a plain value", child.span,
                    "keys are argument names such as `units`",
                ))
            text = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            frame[1] = (text, child.span)
            return
        key, key_span = frame[1]
        frame[1] = None
        if key == "<<" and isinstance(child.value, dict):  # YAML merge key
            for k, v in child.value.items():
                if k not in parent.value:
                    parent.value[k] = v
                    parent.keys[k] = child.keys.get(k, child.span)
            parent.size += child.size
            return
        if key in parent.value:
            raise _Abort(TreeError(
                "LC017", f"duplicate key {key!r} (first at line {parent.keys[key].line})",
                key_span, f"keep one {key!r}; YAML would silently use the last",
            ))
        parent.value[key] = child
        parent.keys[key] = key_span
        parent.size += child.size

    event: Any
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.StreamStartEvent or kind is yaml.StreamEndEvent:
            continue
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Abort(TreeError(
                    "LC001", "the file holds more than one YAML document", _span(event, shifts),
                    "put one model per file, or remove the `---` separator",
                ))
            continue
        if kind is yaml.DocumentEndEvent:
            continue
        count += 1
        if count > MAX_NODES:
            raise _Abort(TreeError(
                "LC002", f"file has more than {MAX_NODES:,} values", _span(event, shifts),
                "a model spec is far smaller; check that this is the file you meant",
            ))
        if kind is yaml.ScalarEvent:
            attach(Node(_scalar(event, is_json), _span(event, shifts)), event.anchor)
        elif kind is yaml.AliasEvent:
            target = anchors.get(event.anchor)
            if target is None:
                raise _Abort(TreeError("LC001", f"unknown alias *{excerpt(event.anchor)}", _span(event, shifts),
                                   "define the anchor (&name) before using it"))
            alias_cost += target.size
            if alias_cost > MAX_ALIAS_COST:
                raise _Abort(TreeError(
                    "LC002",
                    f"aliases expand to more than {MAX_ALIAS_COST:,} values (an alias bomb?)",
                    _span(event, shifts), "write the values out, or use fewer nested aliases",
                ))
            attach(target, None)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if event.tag not in (None, "!") and event.tag not in _SAFE_TAGS:
                raise _Abort(TreeError(
                    "LC004", f"YAML tag {quoted(event.tag)} is not allowed in a spec", _span(event, shifts),
                    "remove the tag; specs hold plain data only",
                ))
            if len(stack) >= MAX_DEPTH:
                raise _Abort(TreeError(
                    "LC002", f"values nest deeper than {MAX_DEPTH} levels", _span(event, shifts),
                    "a model spec needs only a few levels of nesting",
                ))
            value: Any = [] if kind is yaml.SequenceStartEvent else {}
            stack.append([Node(value, _span(event, shifts)), None, event.anchor])
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            node, _, anchor = stack.pop()
            attach(node, anchor)
    if root is None:
        return TreeError("LC010", "the spec is empty", Span(1, 1),
                         "a spec needs at least `layers:` with one layer")
    return root
