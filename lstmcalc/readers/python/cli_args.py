"""argparse, as a script run without arguments sees it: every option takes its default.

Training scripts read their sizes from the command line (`--units 64`). Run as `python
train.py`, argparse gives each option its default, so the model those defaults build is
what the script prints. An option without a default (required, or positional) is only
known when the code runs; `--set args.units=128` gives any of them a value.
"""

from __future__ import annotations

import ast
from typing import Any

from lstmcalc.readers.python.values import UNKNOWN, Unresolved

#: argparse actions whose default differs from `default=None`.
_ACTIONS = {"store_true": False, "store_false": True}


class ParserClass:
    """argparse.ArgumentParser as a value."""


class Parser:
    """An ArgumentParser: the options added so far, by destination."""

    def __init__(self) -> None:
        self.defaults: dict[str, Any] = {}


class ParserMethod:
    def __init__(self, parser: Parser, name: str) -> None:
        self.parser = parser
        self.name = name


class Namespace:
    """What parse_args() returns: attributes by destination."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values


def add_argument(node: ast.Call, parser: Parser, args: list[Any], keywords: dict[str, Any]) -> None:
    names = [a for a in args if isinstance(a, str)]
    if len(names) != len(args) or not names:
        raise Unresolved(node)
    dest = keywords.get("dest")
    longest = max(names, key=lambda n: (n.startswith("--"), len(n)))
    if not isinstance(dest, str):
        dest = longest.lstrip("-").replace("-", "_")
    positional = not longest.startswith("-")
    action = keywords.get("action", "store")
    if positional or keywords.get("required") is True or action not in ("store", *_ACTIONS):
        parser.defaults[dest] = UNKNOWN
        return
    default = keywords.get("default", _ACTIONS.get(action))
    kind = keywords.get("type")
    kind = {"int": int, "float": float}.get(getattr(kind, "name", ""), kind)  # the evaluator's builtins
    if isinstance(default, str) and kind in (int, float):  # argparse converts a string default
        try:
            default = kind(default)
        except ValueError:
            default = UNKNOWN
    if "nargs" in keywords and not isinstance(default, (list, type(None))):
        default = UNKNOWN
    parser.defaults[dest] = default


def parse(node: ast.Call, parser: Parser, args: list[Any], name: str) -> Any:
    if args:  # parse_args(["--units", "8"]): a list lstmcalc does not parse
        raise Unresolved(node)
    namespace = Namespace(dict(parser.defaults))
    return (namespace, []) if name == "parse_known_args" else namespace


def attribute(node: ast.Attribute, owner: Any) -> Any:
    if isinstance(owner, Parser):
        if node.attr in ("add_argument", "parse_args", "parse_known_args", "set_defaults", "add_argument_group"):
            return ParserMethod(owner, node.attr)
        raise Unresolved(node)
    assert isinstance(owner, Namespace)
    value = owner.values.get(node.attr, UNKNOWN)
    if value is UNKNOWN:
        raise Unresolved(node)
    return value


def call(node: ast.Call, method: ParserMethod, args: list[Any], keywords: dict[str, Any]) -> Any:
    if method.name == "add_argument":
        add_argument(node, method.parser, args, keywords)
        return None
    if method.name == "set_defaults" and not args:
        method.parser.defaults.update(keywords)
        return None
    if method.name == "add_argument_group":
        return method.parser  # a group adds to the same parser
    return parse(node, method.parser, args, method.name)
