"""Structure-aware hypothesis strategies: each draws one *case* for the driver.

A case is a plain dict, the same shape as a regression file once its bytes are encoded:

    {"kind": "spec", "about": "...", "argv": [...], "files": {"name": b"..."}, "stdin": str | None}

Every strategy starts from something lstmcalc should accept (a model built from the layer
registry's own argument tables, a real Keras config from tests/, a real tutorial snippet) and
then mutates it at the level where bugs live: values of the wrong type, hostile strings,
huge/negative/NaN numbers, YAML features (anchors, tags, flow style, duplicate keys, BOMs,
CRLF), zip headers that lie, npy headers that lie, and so on. Fine-grained random choices
come from a `random.Random` seeded by a hypothesis-drawn integer, so the whole case is still derived from
hypothesis's data and `derandomize=True` makes a run repeatable.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import json
import random
import struct
import zipfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from lstmcalc.layers import REGISTRY
from lstmcalc.layers import args as A  # the argument kinds, compared by identity

TESTS = Path(__file__).resolve().parent.parent
Case = dict[str, Any]

def _rng(draw: Any) -> random.Random:
    """A Random seeded from hypothesis's data: repeatable under derandomize, and uniform
    (st.randoms() leans towards 0.0, which would skew every `rng.random() < p`)."""
    return random.Random(draw(st.integers(0, 2**64 - 1)))


# --------------------------------------------------------------------------------------
# Hostile text and numbers
# --------------------------------------------------------------------------------------
HOSTILE_NAMES: list[str] = [
    "a\nb", "a\rb", "a\r\nLC999 injected", "x\x1b]8;;http://x\x07link\x1b]8;;\x07", "\x1b[2J\x1b[H",
    "\x1b[31mred\x1b[0m", "\x07bell", "\x00nul", "\x7fdel", "\x9bcsi", "[bold]x[/bold]", "[/oops]", "[link=http://x]y",
    "<script>alert(1)</script>", "<b>bold</b>", "a&b", "&amp;", "\"quoted\"", "'single'", "pipe|name", "|",
    "`tick`", "``` ", "a\u2028b", "a\u2029b", "\u202eevil", "\u2066iso\u2069", "\ufeffbom", "\u200bzw",
    "\ud800", "\udfff", "x" * 5000, "::error::pwned", "::warning file=x::y", "%0A::error::x", "a%0Ab",
    "a:1:2: LC001 [error] fake", "-", "--help", "", " ", "\t", "名前", "emoji😀", "../../etc/passwd", "C:\\x",
    "${HOME}", "$(touch pwned)", "{0}", "%s%n", "*", "#comment", "a: b", "- x", "!!python/object", "&anchor",
    "]]>", "<!--", "<![CDATA[x]]>", "\\", "\\n", "NaN", "null", "true", "0", "1e999",
]
HOSTILE_NUMBERS: list[Any] = [
    0, -1, -(2**31), 2**31, 2**63, 2**64 + 1, 10**18, 10**40, -(10**40), 10**400, 1e308, -1e308, 1e-320,
    float("inf"), float("-inf"), float("nan"), 0.5, -0.0, 2.5, 1.0, 7,
]
SCALARS: list[Any] = [None, True, False, [], {}, [None], [-1], [0, 0], [[1]], {"a": 1}, "", "x", "128",
                      "LSTM", "relu", "glorot_uniform", [1, "2"], [True]]


def hostile_value(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(HOSTILE_NUMBERS)
    if roll < 0.6:
        return rng.choice(HOSTILE_NAMES)
    if roll < 0.85:
        return rng.choice(SCALARS)
    if roll < 0.95:
        return deep_value(rng, rng.choice([10, 70, 300]))
    return [rng.choice(HOSTILE_NUMBERS) for _ in range(rng.randrange(1, 8))]


def deep_value(rng: random.Random, depth: int) -> Any:
    value: Any = rng.choice([1, "x", None])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def hostile_name(rng: random.Random) -> str:
    name = rng.choice(HOSTILE_NAMES)
    if rng.random() < 0.3:
        name = rng.choice(["lstm", "dense", "m"]) + name + rng.choice(["", "_1", name])
    return name


# --------------------------------------------------------------------------------------
# Valid values from the registry's own argument kinds
# --------------------------------------------------------------------------------------
ACTIVATIONS = ["tanh", "relu", "sigmoid", "softmax", "linear", None]


def kind_value(kind: Any, rng: random.Random, name: str) -> Any:
    """A value of the right *type* for an argument kind (it may still be out of range)."""
    if name.endswith("activation"):
        return rng.choice(ACTIVATIONS)
    if name.endswith("initializer"):
        return rng.choice(["zeros", "ones", "glorot_uniform", "orthogonal", {"class_name": "Zeros", "config": {}}])
    if kind is A.INT:
        return rng.choice([1, 2, 3, 4, 8, 16, -1, 0])
    if kind is A.NUMBER:
        return rng.choice([0.0, 0.1, 0.5, 0.99, 1.0, 1e-3])
    if kind is A.BOOL:
        return rng.random() < 0.5
    if kind in (A.STR, A.OPT_STR):
        if name == "padding":
            return rng.choice(["valid", "same", "causal"])
        if name == "merge_mode":
            return rng.choice(["concat", "sum", "mul", "ave", None])
        if name == "dtype":
            return rng.choice(["float32", "float16", "mixed_float16", "int8", None])
        if name == "data_format":
            return rng.choice(["channels_last", "channels_first", None])
        return rng.choice(["valid", "same", "x"])
    if kind in (A.OPT_INT,):
        return rng.choice([None, 1, 4, 0])
    if kind in (A.SHAPE, A.OPT_SHAPE):
        return [rng.choice([None, 1, 2, 5]) for _ in range(rng.randrange(0, 4))]
    if kind in (A.INTS, A.OPT_INTS):
        return rng.choice([1, 2, 3, [2]])
    if kind is A.AXIS:
        return rng.choice([-1, 1, 2, [-1], [1, 2]])
    if kind is A.IDENTIFIER:
        return rng.choice([None, "l2", {"class_name": "L2", "config": {"l2": 0.01}}])
    return rng.choice([None, 1, "x"])


RNN = ["LSTM", "GRU", "SimpleRNN"]


def _rnn(rng: random.Random, seq: bool) -> dict[str, Any]:
    layer: dict[str, Any] = {"type": rng.choice(RNN), "units": rng.randrange(1, 9)}
    if seq or rng.random() < 0.3:
        layer["return_sequences"] = seq
    return layer


def valid_layers(rng: random.Random) -> list[dict[str, Any]]:  # noqa: PLR0915 - one flat table of choices reads best
    """A small sequential model Keras accepts (most of the time): 3D recurrent stacks,
    convolutions, wrappers, dense heads."""
    steps, features = rng.randrange(1, 9), rng.randrange(1, 6)
    layers: list[dict[str, Any]] = []
    start = rng.random()
    if start < 0.55:
        layers.append({"type": "Input", "shape": [rng.choice([steps, None]) if rng.random() < 0.2 else steps, features]})
    elif start < 0.75:
        layers.append({"type": "Input", "shape": [steps]})
        layers.append({"type": "Embedding", "input_dim": rng.randrange(2, 50), "output_dim": rng.randrange(1, 8),
                       **({"mask_zero": True} if rng.random() < 0.3 else {})})
    else:
        first = _rnn(rng, True)
        first["input_shape"] = [steps, features]
        layers.append(first)
    rank = 3
    for _ in range(rng.randrange(0, 6)):
        if rank == 3:
            pick = rng.choice(["rnn_seq", "rnn", "bidi", "td", "conv", "pool", "drop", "sdrop", "bn", "ln",
                               "mask", "dense", "gap", "flatten", "act"])
        else:
            pick = rng.choice(["dense", "drop", "repeat", "bn", "act", "dense"])
        if pick == "rnn_seq":
            layers.append(_rnn(rng, True))
        elif pick == "rnn":
            layers.append(_rnn(rng, False))
            rank = 2
        elif pick == "bidi":
            seq = rng.random() < 0.5
            wrapper: dict[str, Any] = {"type": "Bidirectional", "layer": _rnn(rng, seq)}
            if rng.random() < 0.4:
                wrapper["merge_mode"] = rng.choice(["concat", "sum", "mul", "ave", None])
            layers.append(wrapper)
            rank = 3 if seq else 2
        elif pick == "td":
            layers.append({"type": "TimeDistributed", "layer": {"type": "Dense", "units": rng.randrange(1, 6)}})
        elif pick == "conv":
            layers.append({"type": "Conv1D", "filters": rng.randrange(1, 6), "kernel_size": 1,
                           "padding": rng.choice(["same", "causal", "valid"])})
        elif pick == "pool":
            layers.append({"type": rng.choice(["MaxPooling1D", "AveragePooling1D"]), "pool_size": 1})
        elif pick in ("drop", "sdrop"):
            layers.append({"type": "Dropout" if pick == "drop" else "SpatialDropout1D",
                           "rate": rng.choice([0.0, 0.2, 0.5])})
        elif pick == "bn":
            layers.append({"type": "BatchNormalization"})
        elif pick == "ln":
            layers.append({"type": "LayerNormalization"})
        elif pick == "mask":
            layers.append({"type": "Masking", "mask_value": 0.0})
        elif pick == "dense":
            layers.append({"type": "Dense", "units": rng.randrange(1, 9), "activation": rng.choice(ACTIVATIONS)})
        elif pick == "gap":
            layers.append({"type": rng.choice(["GlobalAveragePooling1D", "GlobalMaxPooling1D"])})
            rank = 2
        elif pick == "flatten":
            layers.append({"type": "Flatten"})
            rank = 2
        elif pick == "act":
            layers.append({"type": "Activation", "activation": rng.choice(["relu", "tanh"])})
        elif pick == "repeat":
            layers.append({"type": "RepeatVector", "n": rng.randrange(1, 5)})
            rank = 3
    if rank == 3 and rng.random() < 0.5:
        layers.append(_rnn(rng, False))
    layers.append({"type": "Dense", "units": rng.randrange(1, 5)})
    return layers


def sprinkle_args(layers: list[dict[str, Any]], rng: random.Random, count: int) -> None:
    """Add registry arguments with type-correct values (exercises every arg table)."""
    for _ in range(count):
        layer = rng.choice(layers)
        cls = REGISTRY.get(layer.get("type")) if isinstance(layer.get("type"), str) else None
        if cls is None or not cls.args:
            continue
        arg = rng.choice(cls.args)
        layer[arg.name] = kind_value(arg.kind, rng, arg.name)


def graph_layers(rng: random.Random) -> list[dict[str, Any]]:
    """A small functional graph: two inputs merged, or a state hand-over."""
    t, f = rng.randrange(1, 6), rng.randrange(1, 5)
    if rng.random() < 0.5:
        merge = rng.choice(["Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"])
        units = rng.randrange(1, 6)
        return [
            {"type": "Input", "name": "a", "shape": [t, f]},
            {"type": rng.choice(RNN), "name": "ra", "units": units},
            {"type": "Input", "name": "b", "shape": [rng.randrange(1, 6)]},
            {"type": "Dense", "name": "db", "units": units},
            {"type": merge, "name": "joined", "inputs": ["ra", "db"]},
            {"type": "Dense", "name": "out", "units": 1},
        ]
    return [
        {"type": "Input", "name": "enc_in", "shape": [None, f]},
        {"type": "LSTM", "name": "enc", "units": 3, "return_state": True},
        {"type": "Input", "name": "dec_in", "shape": [None, f]},
        {"type": "LSTM", "name": "dec", "units": 3, "return_sequences": True, "inputs": "dec_in",
         "initial_state": ["enc[1]", "enc[2]"]},
        {"type": "Dense", "name": "out", "units": 2},
    ]


# --------------------------------------------------------------------------------------
# Structural mutations of a JSON-like tree
# --------------------------------------------------------------------------------------
def _containers(tree: Any, limit: int = 4000) -> list[Any]:
    found: list[Any] = []
    stack = [tree]
    while stack and len(found) < limit:
        node = stack.pop()
        if isinstance(node, (list, dict)):
            found.append(node)
            stack.extend(node.values() if isinstance(node, dict) else node)
    return found


SPEC_KEYS = ["type", "name", "units", "shape", "layer", "layers", "inputs", "outputs", "return_sequences",
             "return_state", "initial_state", "input_shape", "batch_input_shape", "batch_shape", "merge_mode",
             "rate", "target_shape", "n", "axis", "filters", "kernel_size", "input_dim", "output_dim"]


def mutate_tree(tree: Any, rng: random.Random, edits: int, keys: list[str] = SPEC_KEYS) -> Any:
    for _ in range(edits):
        nodes = _containers(tree)
        if not nodes:
            return hostile_value(rng)
        node = rng.choice(nodes)
        action = rng.randrange(10)
        if isinstance(node, dict):
            key = rng.choice([*node.keys(), *keys]) if node or rng.random() < 0.5 else rng.choice(keys)
            if action < 4:
                node[key] = hostile_value(rng)
            elif action == 4:
                node.pop(key, None)
            elif action == 5:
                node[hostile_name(rng) if rng.random() < 0.5 else rng.choice(keys)] = hostile_value(rng)
            elif action == 6:
                node["type"] = rng.choice([*REGISTRY, "Lstm", "InputLayer", "Sequential", "Functional",
                                           hostile_name(rng), 3, None])
            elif action == 7:
                node["name"] = hostile_name(rng)
            elif action == 8:
                node["layer"] = rng.choice([{"type": rng.choice(list(REGISTRY)), "units": 2},
                                            {"type": "Bidirectional", "layer": {"type": "Bidirectional",
                                                                                 "layer": {"type": "LSTM", "units": 2}}},
                                            {"type": "TimeDistributed", "layer": {"type": "TimeDistributed",
                                                                                   "layer": {"type": "Dense", "units": 2}}},
                                            deep_value(rng, 80), "LSTM", []])
            else:
                for k in list(node)[: rng.randrange(0, 3)]:
                    node[k] = rng.choice(list(node.values()))
        elif isinstance(node, list):
            if action < 3 and node:
                node[rng.randrange(len(node))] = hostile_value(rng)
            elif action < 5 and node:
                del node[rng.randrange(len(node))]
            elif action < 7 and node:
                item = rng.choice(node)
                node.insert(rng.randrange(len(node) + 1), json.loads(json.dumps(item)) if _plain_json(item) else item)
            elif action == 7:
                rng.shuffle(node)
            elif action == 8 and node:  # many copies of a scalar; a few of a container (no blow-up)
                last = node[-1]
                node.extend([last] * (rng.choice([2, 50, 300]) if not isinstance(last, (list, dict)) else 2))
            else:
                node.append(hostile_value(rng))
    return tree


def _plain_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=True)
    except (ValueError, TypeError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------------------------
# Serialising specs: YAML/JSON, styles, and text-level YAML features
# --------------------------------------------------------------------------------------
def dump_text(tree: Any, rng: random.Random) -> str:
    style = rng.random()
    try:
        if style < 0.45:
            return yaml.safe_dump(tree, default_flow_style=rng.choice([False, None, True]), sort_keys=False,
                                  allow_unicode=rng.random() < 0.5, width=rng.choice([80, 20, 10**6]))
        if style < 0.85:
            return json.dumps(tree, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.5)
        return _hand_yaml(tree, rng)
    except (ValueError, TypeError, RecursionError, yaml.YAMLError, UnicodeError):
        pass
    try:  # a structure that refers to itself (shared nodes mutated): YAML anchors say it
        return json.dumps(tree, ensure_ascii=True, default=str)
    except (ValueError, TypeError, RecursionError):
        try:
            return yaml.safe_dump(tree)
        except (ValueError, TypeError, RecursionError, yaml.YAMLError):
            return "layers: []\n"


def _hand_yaml(tree: Any, rng: random.Random) -> str:
    """YAML written by hand with anchors, merge keys and tags, as people write it."""
    layers = tree.get("layers") if isinstance(tree, dict) else None
    if not isinstance(layers, list) or not layers:
        return yaml.safe_dump(tree)
    anchored = layers[0]
    lines = []
    if isinstance(tree.get("name"), str):
        lines.append("name: " + json.dumps(tree["name"]))
    lines.append("layers:")
    lines.append("- &base " + json.dumps(anchored, default=str))
    for layer in layers[1:]:
        pick = rng.random()
        if pick < 0.1:
            lines.append("- *base")
        elif pick < 0.2 and isinstance(layer, dict):
            lines.append("- <<: *base")
            for k, v in layer.items():
                lines.append(f"  {json.dumps(str(k))}: {json.dumps(v, default=str)}")
        elif pick < 0.3:
            tag = rng.choice(["!!map", "!custom", "!!python/object:os.system", "!!str", "!!binary", "!!omap",
                              "!<tag:yaml.org,2002:map>", "!!python/name:builtins.eval"])
            lines.append(f"- {tag} {json.dumps(layer, default=str)}")
        else:
            lines.append("- " + json.dumps(layer, default=str))
    return "\n".join(lines) + "\n"


YAML_SNIPPETS = [
    "a: &a [1, 2]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: &d [*c, *c, *c, *c]\ne: [*d, *d, *d, *d]\n",
    "layers: !!python/object/apply:os.system ['touch pwned']\n",
    "layers:\n- {type: LSTM, units: !!float 1e3}\n- {type: Dense, units: !!int '0x10'}\n",
    "layers:\n- type: LSTM\n  units: 4\n  units: 5\n  type: GRU\n",
    "--- \nlayers: []\n---\nlayers: [1]\n...\n",
    "%YAML 1.1\n%TAG ! tag:x,2000:\n---\nlayers: [!x {type: Dense}]\n",
    "layers:\n- {type: Input, shape: [.inf, .nan]}\n- {type: Dense, units: 0o777}\n",
    "? [a, b]\n: c\nlayers: {[1]: 2}\n",
    "layers:\n- type: Dense\n\tunits: 3\n",
    "layers: [" * 500 + "]" * 500 + "\n",
    "x: " + "- " * 300 + "1\n",
    "layers:\n- {type: Dense, units: 2018-01-01}\n- {type: Dense, units: !!binary aGVsbG8=}\n",
    "name: &n x\nlayers:\n- {type: *n}\n- {type: LSTM, name: *n, units: 2}\n",
    "layers:\n- {type: LSTM, units: 99999999999999999999999999999999999999999}\n",
    "layers:\n- {type: Input, shape: [10, 4]}\n- {type: LSTM, units: 4, name: x}  # lstmcalc: disable=LC201\n"
    "- {type: Dense, units: 1} # lstmcalc: disable=\x1b[2J,LC\n",
]


def text_mutations(text: str, rng: random.Random) -> bytes:
    roll = rng.random() if rng.random() < 0.45 else 1.0
    if roll < 0.1:
        text = text.replace("\n", "\r\n")
    elif roll < 0.15:
        text = text.replace("\n", "\r")
    elif roll < 0.25:
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])  # a duplicate key, usually
        text = "\n".join(lines)
    elif roll < 0.32:
        text = text + "\n# lstmcalc: disable" + rng.choice(["=LC201", "=LC2", "=all", "=LC201,LC999", "=" + hostile_name(rng),
                                                            "=LC" + "1" * 500, "", "=", "=sequences-into-dense-head",
                                                            "-file", "=" + "a-" * 500]) + "\n"
    elif roll < 0.38:
        text = text[: rng.randrange(len(text) + 1)]
    elif roll < 0.42:
        pos = rng.randrange(len(text) + 1)
        text = text[:pos] + rng.choice(["\x00", "\t", "\x1b", "\u2028", "\ufeff", "{", "[", "&", "*", "!", "'",
                                         '"', ":", "\\", "\x85"]) + text[pos:]
    elif roll < 0.47:
        text = rng.choice(YAML_SNIPPETS)
    elif roll < 0.5:
        text = text + "\n" + rng.choice(YAML_SNIPPETS)
    data = text.encode("utf-8", "surrogatepass")
    roll = rng.random() if rng.random() < 0.4 else 1.0
    if roll < 0.06:
        data = b"\xef\xbb\xbf" + data
    elif roll < 0.09:
        data = text.encode("utf-16", "surrogatepass")  # with its BOM
    elif roll < 0.1:
        data = b"\xff\xfe" + data
    elif roll < 0.14:
        data = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    elif roll < 0.16:
        data = data + b"\xc3\x28\x80"
    return data


# --------------------------------------------------------------------------------------
# Commands: the argv around a model file
# --------------------------------------------------------------------------------------
LINT_FORMATS = ["text", "json", "json-lines", "github", "gitlab", "sarif", "junit"]
MODEL_COMMANDS = ["summary", "lint", "explain", "convert", "diagram", "run", "interactive", "cost"]


def model_argv(rng: random.Random, path: str, files: dict[str, bytes], runnable: bool, names: list[str]) -> list[str]:  # noqa: PLR0915 - one flat table of choices reads best
    commands = MODEL_COMMANDS if runnable else [c for c in MODEL_COMMANDS if c != "run"]
    command = rng.choice(commands) if rng.random() < 0.7 else rng.choice(["summary", "lint"])
    if command == "summary":
        argv = ["summary", path, "--format", rng.choice(["text", "json", "markdown", "html", "svg"])]
        if rng.random() < 0.3:
            argv += ["--line-length", str(rng.choice([20, 40, 200, 1000]))]
        if rng.random() < 0.2:
            argv.append("--no-color")
        if rng.random() < 0.15:
            argv.append(path)  # the same file twice
    elif command == "lint":
        argv = ["lint", path, "--format", rng.choice(LINT_FORMATS)]
        if rng.random() < 0.2:
            argv += ["--select", rng.choice(["LC1", "LC2,LC0", "lc201", "", ",,", "mask-fails-when-run", "LC2O1",
                                             hostile_name(rng)])]
        if rng.random() < 0.2:
            argv.append(rng.choice(["--statistics", "--quiet", "--exit-zero", "--color", "--no-color"]))
        if rng.random() < 0.2:
            argv += ["--ignore", rng.choice(["LC201", "LC", "X", hostile_name(rng)])]
        if rng.random() < 0.2:
            argv += ["--severity", rng.choice(["LC201=error", "LC101=off", "LC2=info", "x=warning", "=",
                                               "LC201=" + hostile_name(rng), hostile_name(rng) + "=error"])]
        if rng.random() < 0.2:
            argv.append(rng.choice(["--strict", "--no-strict"]))
        if rng.random() < 0.2:
            argv += ["--max-params", str(rng.choice([0, 1, 10**30]))]
        if rng.random() < 0.1:
            argv += ["--max-flops", str(rng.choice([0, 10**30])), "--max-train-memory", rng.choice(["1KiB", "x", "8GiB"])]
            if rng.random() < 0.5:
                argv += ["--budget-timesteps", str(rng.choice([1, 64, 2**31]))]
        if rng.random() < 0.1:
            argv.append(".")  # the folder, searched
    elif command == "explain":
        argv = ["explain", path, "--format", rng.choice(["text", "markdown", "html"])]
        if rng.random() < 0.3:
            argv += ["--layer", rng.choice([*names, hostile_name(rng)]) if names else hostile_name(rng)]
    elif command == "convert":
        argv = ["convert", path, "--to", rng.choice(["yaml", "json", "keras"])]
        if rng.random() < 0.4:
            out = rng.choice(["out.yaml", "out.py", path, "sub/out.json", "new dir/x"])
            argv += ["-o", out]
            if rng.random() < 0.3:
                argv.append("--force")
    elif command == "diagram":
        argv = ["diagram", path]
        if rng.random() < 0.5:  # the layer-graph overview: every name lands in text and attributes
            argv += ["--overview", *rng.choice([[], ["--show-params"], ["--rankdir", "LR"]])]
        if rng.random() < 0.4:
            argv += ["-o", rng.choice(["d.svg", path, "d2.svg"])]
            if rng.random() < 0.3:
                argv.append("--force")
    elif command == "run":
        argv = ["run", path, "--seed", str(rng.randrange(5))]
        if rng.random() < 0.3:
            argv += ["--timesteps", str(rng.choice([1, 3, 7]))]
        if rng.random() < 0.3:
            argv += ["--batch", str(rng.choice([1, 2, 3]))]
        if rng.random() < 0.2:
            argv += ["--trace", rng.choice([*names, "nope"]) if names else "nope"]
        if rng.random() < 0.2:
            argv += ["--output", rng.choice(["o.npz", "o", path])]
            if rng.random() < 0.3:
                argv.append("--force")
        if rng.random() < 0.2:
            argv += ["--max-memory", rng.choice(["1KiB", "0", "1e3MB", "2GiB", "x", "1.5.5kb", "99999999999999999gib"])]
    elif command == "cost":
        argv = ["cost", path, "--format", rng.choice(["text", "json", "markdown", "html"])]
        if rng.random() < 0.4:
            argv.append("--training")
        if rng.random() < 0.3:
            argv += ["--timesteps", str(rng.choice([1, 3, 50, 2**31]))]
        if rng.random() < 0.3:
            argv += ["--batch", str(rng.choice([1, 32, 2**31]))]
        if rng.random() < 0.2:
            argv += ["--optimizer", rng.choice(["sgd", "adafactor", "lion", "adm", hostile_name(rng)])]
        if rng.random() < 0.2:
            argv += ["--precision", rng.choice(["mixed_float16", "bfloat16", "float64"])]
        if rng.random() < 0.2:
            argv += ["--convention", rng.choice(["torchinfo", "ptflops", "thop", "fvcore", "deepspeed", "x"])]
    else:
        argv = ["interactive", path]
        if rng.random() < 0.5:
            argv.append(rng.choice(["extra", "--help"]))
    if rng.random() < 0.05:
        argv += ["--from", rng.choice(["auto", "spec", "keras", "python"])] if command not in ("lint", "interactive") \
            else []
    return argv


def _names(layers: Any) -> list[str]:
    if not isinstance(layers, list):
        return []
    return [x["name"] for x in layers if isinstance(x, dict) and isinstance(x.get("name"), str)]


# --------------------------------------------------------------------------------------
# 1. spec v1 YAML/JSON
# --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def spec_corpus() -> list[str]:
    paths = sorted((TESTS / "conformance" / "cases").glob("*.yaml"))[:200]
    paths += sorted((TESTS / "keras_graph" / "cases").glob("*.yaml"))
    paths += sorted((TESTS.parent / "specs").glob("*.yaml"))
    paths += sorted((TESTS / "keras_extra" / "cases").glob("*.yaml"))[::10]
    return [p.read_text(encoding="utf-8") for p in paths]


@st.composite
def spec_cases(draw: Any) -> Case:
    rng = _rng(draw)
    source = rng.random()
    if source < 0.5:
        tree: Any = {"layers": valid_layers(rng)}
    elif source < 0.65:
        tree = {"layers": graph_layers(rng)}
    else:
        tree = yaml.safe_load(rng.choice(spec_corpus()))
    if rng.random() < 0.5:
        tree["name"] = hostile_name(rng) if rng.random() < 0.5 else "m"
    if rng.random() < 0.4:
        sprinkle_args(tree["layers"], rng, rng.randrange(1, 4))
    if rng.random() < 0.3:
        for layer in tree["layers"]:
            if rng.random() < 0.4:
                layer["name"] = hostile_name(rng)
    edits = draw(st.sampled_from([0, 0, 1, 1, 2, 3, 6]))
    mutate_tree(tree, rng, edits)
    mutated = edits > 0
    text = dump_text(tree, rng)
    data = text_mutations(text, rng)
    suffix = rng.choice([".yaml", ".yaml", ".json", ".yml", ".txt", ""])
    path = "model" + suffix if rng.random() < 0.93 else hostile_file_name(rng) + suffix
    files = {path: data}
    runnable = not mutated and source < 0.65
    argv = model_argv(rng, path, files, runnable, _names(tree.get("layers") if isinstance(tree, dict) else None))
    return {"kind": "spec", "about": "generated spec v1", "argv": argv, "files": files, "stdin": None}


def hostile_file_name(rng: random.Random) -> str:
    name = rng.choice(["a\nb", "a\x1b[2Jb", "[bold]x", "<script>", "a|b", "::error::x", "%0A", "a\u202eb",
                       "-dash", "sp ace", "名前", "x" * 200, "a:1:1: LC001 x", "a&b", "`t`"])
    return name.replace("/", "_").replace("\x00", "_")


# --------------------------------------------------------------------------------------
# 2. Keras configs (*.keras.json) and 3. .keras archives
# --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def keras_corpus() -> list[str]:
    paths = sorted((TESTS / "conformance" / "cases").glob("*.keras.json"))[:150]
    paths += sorted((TESTS / "keras_graph" / "cases").glob("*.keras.json"))
    return [p.read_text(encoding="utf-8") for p in paths]


KERAS_KEYS = ["class_name", "config", "name", "layers", "inbound_nodes", "keras_history", "batch_shape",
              "batch_input_shape", "units", "layer", "build_config", "input_layers", "output_layers", "module",
              "registered_name", "args", "kwargs", "shape", "dtype", "return_sequences", "merge_mode", "forward_layer",
              "backward_layer", "initial_state"]


def keras_config_text(rng: random.Random, edits: int) -> str:
    tree = json.loads(rng.choice(keras_corpus()))
    for _ in range(edits):
        # an earlier edit may have changed the shape this one expects
        with contextlib.suppress(AttributeError, TypeError, KeyError, IndexError, ValueError):
            _keras_edit(tree, rng)
    try:
        text = json.dumps(tree, indent=rng.choice([None, 1]), ensure_ascii=rng.random() < 0.7)
    except (ValueError, RecursionError):
        text = json.dumps({"class_name": "Sequential", "config": {"layers": []}})
    return _keras_text_edit(text, rng)


def _keras_edit(tree: Any, rng: random.Random) -> None:
    if True:
        layers = tree.get("config", {}).get("layers") if isinstance(tree.get("config"), dict) else None
        roll = rng.random()
        if roll < 0.25 and isinstance(layers, list) and layers:
            layer = rng.choice(layers)
            if isinstance(layer, dict):
                history = _find_key(layer, "keras_history")
                if history is not None:
                    first, last = (x.get("name") if isinstance(x, dict) else None for x in (layers[0], layers[-1]))
                    history[:] = rng.choice([["nope", 0, 0], [hostile_name(rng), 0, 0], ["x"], [None, None, None],
                                             [first, 99, -1], [last, 0, 0], []])
                else:
                    layer["name"] = hostile_name(rng)
        elif roll < 0.35 and isinstance(layers, list) and layers:
            layer = rng.choice(layers)
            if isinstance(layer, dict):
                layer["class_name"] = rng.choice([*REGISTRY, "InputLayer", "Functional", "Sequential", "Lambda",
                                                  hostile_name(rng), None, 3])
        elif roll < 0.4:
            tree["class_name"] = rng.choice(["Sequential", "Functional", "Model", hostile_name(rng), None, []])
        else:
            mutate_tree(tree, rng, 1, KERAS_KEYS)


def _keras_text_edit(text: str, rng: random.Random) -> str:
    if rng.random() < 0.03:
        text = text.replace("1", "1" * rng.choice([50, 400, 5000]), 1)
    elif rng.random() < 0.05:
        text = text.replace("[", "[" * 100, 1)
    elif rng.random() < 0.05:
        text = text[: rng.randrange(len(text) + 1)]
    elif rng.random() < 0.05:
        text = text.replace('"name": "', '"name": "\\ud800', 1)
    return text


def _find_key(tree: Any, key: str) -> Any:
    for node in _containers(tree):
        if isinstance(node, dict) and key in node and isinstance(node[key], list):
            return node[key]
    return None


@st.composite
def keras_cases(draw: Any) -> Case:
    rng = _rng(draw)
    edits = draw(st.sampled_from([0, 0, 1, 1, 2, 3, 5]))
    text = keras_config_text(rng, edits)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    path = rng.choice(["model.keras.json", "config.json", "m.json"])
    argv = model_argv(rng, path, {path: data}, edits == 0, [])
    if rng.random() < 0.1 and "--from" not in argv and argv[0] not in ("lint", "interactive"):
        argv += ["--from", "keras"]
    return {"kind": "keras", "about": "mutated Keras config", "argv": argv, "files": {path: data}, "stdin": None}


def make_zip(members: list[tuple[str, bytes]], rng: random.Random) -> bytes:
    buf = io.BytesIO()
    method = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2,
                         zipfile.ZIP_LZMA])
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def bomb_member() -> bytes:
    """A zip whose config.json inflates to 30 MB of spaces (a tiny zip bomb, ~30 KB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("config.json", b"{" + b" " * (30 * 1024 * 1024) + b"}")
        zf.writestr("metadata.json", b'{"keras_version": "3.5.0"}')
    return buf.getvalue()


def corrupt_zip(data: bytes, rng: random.Random) -> bytes:
    blob = bytearray(data)
    roll = rng.random()
    local = [i for i in range(len(blob) - 4) if blob[i:i + 4] == b"PK\x03\x04"]
    central = [i for i in range(len(blob) - 4) if blob[i:i + 4] == b"PK\x01\x02"]
    if roll < 0.2:
        for _ in range(rng.randrange(1, 6)):
            blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
    elif roll < 0.3:
        blob = blob[: rng.randrange(4, len(blob) + 1)]
    elif roll < 0.5 and local:  # lying sizes in a local header
        at = rng.choice(local)
        field = rng.choice([14, 18, 22])  # crc, compressed, uncompressed
        struct.pack_into("<I", blob, at + field, rng.choice([0, 1, 0xFFFFFFFF, 2**31, 5]))
    elif roll < 0.7 and central:  # lying sizes / offsets in the central directory
        at = rng.choice(central)
        field = rng.choice([16, 20, 24, 42])  # crc, compressed, uncompressed, local offset
        struct.pack_into("<I", blob, at + field, rng.choice([0, 1, 0xFFFFFFFF, 2**31, 25 * 1024 * 1024]))
    elif roll < 0.85 and (local or central):  # bad or unusual compression methods, encryption flag
        at = rng.choice(local + central)
        off = 8 if blob[at + 2] == 3 else 10
        if rng.random() < 0.7:
            struct.pack_into("<H", blob, at + off, rng.choice([1, 6, 9, 12, 14, 93, 98, 99, 0xFFFF]))
        else:
            struct.pack_into("<H", blob, at + off - 2, 1)  # general purpose flag: encrypted
    elif central:  # a name length that runs off the end
        at = rng.choice(central)
        struct.pack_into("<H", blob, at + 28, rng.choice([0, 0xFFFF, 3]))
    return bytes(blob)


@st.composite
def archive_cases(draw: Any) -> Case:
    rng = _rng(draw)
    edits = draw(st.sampled_from([0, 0, 1, 2]))
    config = keras_config_text(rng, edits).encode("utf-8", "surrogatepass")
    meta = json.dumps({"keras_version": rng.choice(["3.5.0", "2.15.0", "", hostile_name(rng), 3, None]),
                       "date_saved": "x"}).encode()
    members = [("config.json", config), ("metadata.json", meta)]
    roll = rng.random()
    if roll < 0.1:
        members.append(("model.weights.h5", bytes(rng.randrange(256) for _ in range(64))))
    elif roll < 0.15:
        members = [("metadata.json", meta)]
    elif roll < 0.2:
        members.append(("config.json", b"{}"))  # duplicate member name
    elif roll < 0.25:
        members = [("config.json", rng.choice([b"", b"[]", b"null", b"\xff\xfe", b"{" * 10000, b"1e999"]))]
    elif roll < 0.3:
        members = [(rng.choice(["../config.json", "/config.json", "Config.json", "config.json/", "a/config.json"]),
                    config)]
    data = bomb_member() if rng.random() < 0.04 else make_zip(members, rng)
    corrupted = rng.random() < 0.55
    if corrupted:
        data = corrupt_zip(data, rng)
    path = rng.choice(["model.keras", "model.keras", "m.zip", "weird.yaml"])
    argv = model_argv(rng, path, {path: data}, edits == 0 and not corrupted, [])
    return {"kind": "archive", "about": "corrupted .keras archive", "argv": argv, "files": {path: data},
            "stdin": None}


# --------------------------------------------------------------------------------------
# 4. Keras Python code
# --------------------------------------------------------------------------------------
PY_TEMPLATES = [
    '''from keras.models import Sequential
from keras.layers import LSTM, Dense, Dropout

model = Sequential()
model.add(LSTM({u}, return_sequences=True, input_shape=({t}, {f})))
model.add(Dropout({r}))
model.add(LSTM({u2}))
model.add(Dense(units={o}))
model.compile(optimizer="adam", loss="mean_squared_error")
''',
    '''import tensorflow as tf
model = tf.keras.Sequential([
    tf.keras.layers.LSTM({u}, input_dim={f}, input_length={t}, return_sequences=True, name={name}),
    tf.keras.layers.LSTM({u2}, name="lstm_b"),
], name={name2})
''',
    '''from tensorflow.keras import layers, models
TIMESTEPS = {t}
FEATURES = {f}
units = {u}
m = models.Sequential()
m.add(layers.Input(shape=(TIMESTEPS, FEATURES)))
m.add(layers.Bidirectional(layers.LSTM(units * {k}, return_sequences=True), merge_mode={mode}))
m.add(layers.Bidirectional(layers.LSTM(units), merge_mode="concat"))
m.add(layers.Dense({o}, activation="sigmoid"))
''',
    '''import keras
from keras import layers

inputs = keras.Input(shape=(x_train.shape[1], x_train.shape[2]))
x = layers.LSTM({u}, return_sequences=True)(inputs)
x = layers.LSTM({u2})(x)
outputs = layers.Dense({o}, activation="sigmoid")(x)
model = keras.Model(inputs=inputs, outputs=outputs, name={name})
''',
    '''from keras.layers import Input, LSTM, Dense
from keras.models import Model
encoder_inputs = Input(shape=(None, {f}))
encoder = LSTM({u}, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
decoder_inputs = Input(shape=(None, {f}))
decoder_lstm = LSTM({u}, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=[state_h, state_c])
decoder_outputs = Dense({o}, activation="softmax")(decoder_outputs)
model = Model([encoder_inputs, decoder_inputs], decoder_outputs)
''',
    '''from keras import Sequential
from keras.layers import *
n = {n}
model = Sequential()
model.add(Input(shape=({t}, {f})))
for i in range({n}):
    model.add(GRU({u}, return_sequences=True))
model.add(GRU({u2}, **{{"name": {name}}}))
model.add(Dense({o}))
''',
]
PY_NUMBERS = ["4", "0", "-3", "2 ** 10 ** 10", "10 ** 40", "1e308", "float('nan')", "3.5", "True", "None",
              "'8'", "x_train.shape[1]", "len(data)", "2 ** 64", "(1)" , "((((4))))", "9" * 50, "-(-4)", "4 // 0",
              "4 % 0", "[4][0]", "{'a': 4}['a']", "4 if True else 5", "sum([1, 2])", "int('7')", "2 ** -1",
              "0x10", "1_000", "4j", "~3", "not 0", "1 << 100", "1 << 10 ** 9", "...", "'x' * 10 ** 9",
              "[1] * 10 ** 9", "(4,) * 3", "f'{4}'", "lambda: 4", "__import__('os').getpid()"]


def py_number(rng: random.Random, good: str) -> str:
    return good if rng.random() < 0.85 else rng.choice(PY_NUMBERS)


def py_string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return repr(rng.choice(["m", "lstm_a", "enc", "model"]))
    if roll < 0.9:
        return repr(hostile_name(rng))
    return rng.choice(["None", "3", "'a' + 'b'", "f'{1}'", "str(1)", "'%s' % 1", "'\\x1b[2J'"])


def python_code(rng: random.Random) -> str:
    template = rng.choice(PY_TEMPLATES)
    code = template.format(
        u=py_number(rng, str(rng.randrange(1, 9))), u2=py_number(rng, str(rng.randrange(1, 9))),
        t=py_number(rng, str(rng.randrange(1, 9))), f=py_number(rng, str(rng.randrange(1, 6))),
        o=py_number(rng, "1"), r=py_number(rng, "0.2"), k=py_number(rng, "2"),
        n=py_number(rng, str(rng.randrange(0, 4))), name=py_string(rng), name2=py_string(rng),
        mode=rng.choice(['"sum"', '"concat"', "None", '"bogus"', py_string(rng)]),
    )
    roll = rng.random()
    if roll < 0.08:  # a long ** / + chain
        op = rng.choice([" ** ", " + ", " * ", " - "])
        chain = op.join(["2"] * rng.choice([10, 100, 1000, 5000]))
        code = code.replace("Dense(", f"Dense({chain} if False else ", 1)
    elif roll < 0.14:  # deep nesting
        depth = rng.choice([20, 90, 190, 400])
        code += "x = " + "[" * depth + "1" + "]" * depth + "\n"
    elif roll < 0.2:
        depth = rng.choice([20, 90, 190])
        code = code.replace("Dense(", "Dense(" + "(" * depth + "1" + ")" * depth + " and ", 1)
    elif roll < 0.26:  # loops
        code += rng.choice([
            "for i in range(10 ** 9):\n    model.add(Dense(1))\n",
            "while True:\n    pass\n",
            "for i in range(3):\n    for j in range(3):\n        model.add(Dense(i + j + 1))\n",
            "i = 0\nwhile i < 10 ** 6:\n    i += 1\n",
            "for layer in [LSTM(4), LSTM(4)]:\n    model.add(layer)\n",
            "x = [Dense(2) for _ in range(10 ** 7)]\n",
            "def f(n):\n    return f(n)\nf(1)\n",
            "model.add(model)\n", "model = model\n", "m = m.add(m)\n",
        ])
    elif roll < 0.32:  # statement-level oddities
        code = rng.choice(["", "# coding: latin-1\n", "\ufeff", "#!/usr/bin/env python\n", "async def f(): pass\n",
                           "import os\nos.system('touch pwned')\n", "from __future__ import annotations\n",
                           "global x\n", "del model\n", "model: int = 3\n", "exec('x = 1')\n",
                           "class LSTM: pass\n", "LSTM = Dense\n", "keras = None\n"]) + code
    elif roll < 0.38:  # truncation or a syntax error
        code = code[: rng.randrange(len(code) + 1)] if rng.random() < 0.5 else code.replace(")", "", 1)
    elif roll < 0.42:
        code = code.replace("\n", rng.choice(["\r\n", "\r", "\n\t", "\x0c\n"]))
    elif roll < 0.46:
        code = code.replace("model", hostile_identifier(rng))
    return code


def hostile_identifier(rng: random.Random) -> str:
    return rng.choice(["模型", "ﬁle", "_" * 300, "model" * 100, "ᵐodel", "Model", "keras", "layers", "print"])


@st.composite
def python_cases(draw: Any) -> Case:
    rng = _rng(draw)
    code = python_code(rng)
    data = code.encode("utf-8", "surrogatepass")
    if rng.random() < 0.04:
        data = code.encode("latin-1", "replace") + b"\xff\xfe\x80"
    path = rng.choice(["model.py", "model.py", "train.py", "model.txt"])
    argv = model_argv(rng, path, {path: data}, False, [])
    if path.endswith(".txt") and rng.random() < 0.5 and argv[0] not in ("lint", "interactive"):
        argv += ["--from", "python"]
    if rng.random() < 0.3 and argv[0] != "interactive":
        argv += ["--set", rng.choice(["x_train.shape[1]=50", "x_train.shape[2]=10", "x_train.shape[1]",
                                      "len(data)=3", "x=" + "9" * 100, "x_train.shape[1]=-5", "=3", "a.b[=2",
                                      "x_train.shape[1]=" + hostile_name(rng), hostile_name(rng) + "=1",
                                      "x=2**10**10", "x_train.shape[1]=nan", "x=(1,2)", "x=[1]*10**9"])]
    return {"kind": "python", "about": "mutated Keras Python code", "argv": argv, "files": {path: data},
            "stdin": None}


# --------------------------------------------------------------------------------------
# 5. npz/npy files for `lstmcalc run`
# --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def forward_fixtures() -> list[tuple[str, bytes, bytes]]:
    folder = TESTS / "fixtures" / "forward"
    return [(p.name, p.read_bytes(), p.with_suffix(".npz").read_bytes())
            for p in sorted(folder.glob("*.yaml")) if p.with_suffix(".npz").exists()]


def npy_bytes(array: Any) -> bytes:
    import numpy as np

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    return buf.getvalue()


def hostile_array(rng: random.Random, shape: tuple[int, ...]) -> Any:
    import numpy as np

    roll = rng.random()
    size = int(np.prod(shape)) if shape else 1
    if roll < 0.3:
        return np.asarray(rng.choice([np.nan, np.inf, -np.inf, 1e38, 0.0]), dtype=np.float32) * np.ones(shape, np.float32)
    if roll < 0.45:
        dtype = rng.choice(["int64", "bool", "complex64", "float16", ">f4", "<U3", "uint8", "float64", "S2"])
        return np.zeros(shape, dtype=dtype)
    if roll < 0.6:
        new = list(shape)
        if new and rng.random() < 0.5:
            axis = rng.randrange(len(new))
            new[axis] = max(0, new[axis] + rng.choice([-1, 1, 5]))  # a size-1 axis can only shrink to 0
        else:
            new = rng.choice([[], [1], [2, 3, 4, 5, 6], [0, *new], [*new, 1]])
        return np.ones(new, np.float32)
    if roll < 0.7:
        return np.array([object(), 1], dtype=object) if rng.random() < 0.5 else np.array(["x"], dtype=object)
    if roll < 0.8:
        return np.zeros((0, *shape[1:]), np.float32)
    if roll < 0.9:
        return np.asfortranarray(np.arange(size, dtype=np.float32).reshape(shape) if shape else np.float32(1))
    return np.zeros(shape, dtype=[("a", "f4")])


def lying_npy(rng: random.Random) -> bytes:
    header = rng.choice([
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 7, 3), }",
        "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': 'bogus', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': 3, 'shape': 'x', }",
        "__import__('os').system('touch pwned')",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1," * 5000 + "), }",
        "{'descr': [('a', '<f4', (100000, 100000))], 'fortran_order': False, 'shape': (1,), }",
    ])
    head = header.encode("latin-1") + b" " * ((64 - (len(header) + 11) % 64) % 64) + b"\n"
    version = rng.choice([b"\x01\x00", b"\x02\x00", b"\x03\x00", b"\x09\x09"])
    size = struct.pack("<H", len(head)) if version == b"\x01\x00" else struct.pack("<I", len(head))
    return b"\x93NUMPY" + version + size + head + b"\x00" * rng.choice([0, 8, 168])


@functools.lru_cache(maxsize=1)
def npz_bomb() -> bytes:
    """An npz whose one array inflates to 64 MB of zeros (compressed to ~64 KB)."""
    import numpy as np

    buf = io.BytesIO()
    np.savez_compressed(buf, **{"input/0": np.zeros((2, 4_000_000, 1), np.float64)})
    return buf.getvalue()


def npz_bytes(arrays: dict[str, Any], rng: random.Random) -> bytes:
    import numpy as np

    buf = io.BytesIO()
    if rng.random() < 0.5:
        np.savez(buf, **arrays)
    else:
        np.savez_compressed(buf, **arrays)
    return buf.getvalue()


@st.composite
def array_cases(draw: Any) -> Case:  # noqa: PLR0915 - one flat table of choices reads best
    import numpy as np

    rng = _rng(draw)
    name, spec, weights_blob = rng.choice(forward_fixtures())
    stored = dict(np.load(io.BytesIO(weights_blob)))
    files: dict[str, bytes] = {"model.yaml": spec}
    argv = ["run", "model.yaml"]
    weights = {k: v for k, v in stored.items() if not k.startswith(("input/", "out/"))}
    use = rng.random()
    if use < 0.5:
        for _ in range(rng.randrange(0, 3)):
            if not weights:
                break
            key = rng.choice(list(weights))
            action = rng.random()
            if action < 0.5:
                weights[key] = hostile_array(rng, weights[key].shape)
            elif action < 0.7:
                weights.pop(key, None)
            elif action < 0.85:
                weights[rng.choice([hostile_name(rng).replace("/", "_") or "x", "extra/0", "lstm/99", "lstm",
                                    "/", "lstm/-1", "lstm/a"])] = np.ones(3, np.float32)
            else:
                weights[key] = np.asarray(5.0, np.float32)
        try:
            blob = npz_bytes(weights, rng)
        except (ValueError, TypeError):
            blob = npz_bytes({}, rng)
        if rng.random() < 0.15:
            blob = corrupt_zip(blob, rng)
        elif rng.random() < 0.05:
            blob = rng.choice([b"", b"PK\x03\x04", lying_npy(rng), b"\x93NUMPY", npz_bomb()])
        files["w.npz"] = blob
        argv += ["--weights", "w.npz"]
    if use > 0.35:
        inputs = stored.get("input/0")
        roll = rng.random()
        if roll < 0.3 and inputs is not None:
            blob = npy_bytes(inputs)
        elif roll < 0.55 and inputs is not None:
            blob = npy_bytes(hostile_array(rng, inputs.shape))
        elif roll < 0.7:
            blob = lying_npy(rng)
        elif roll < 0.8:
            arrays = {"input/0": inputs} if inputs is not None else {}
            if rng.random() < 0.5:
                arrays = {"input/1": np.ones(2)}
            blob = npz_bytes(arrays, rng)
        elif roll < 0.85:
            blob = npz_bomb()
        elif roll < 0.9:
            blob = npy_bytes(np.array([{"a": 1}], dtype=object))
        else:
            blob = corrupt_zip(npz_bytes({"input/0": np.ones((2, 7, 3), np.float32)}, rng), rng)
        ext = rng.choice([".npy", ".npz", ".bin"])
        files["x" + ext] = blob
        argv += ["--input", "x" + ext]
    if rng.random() < 0.3:
        argv += ["--output", rng.choice(["o.npz", "o", "model.yaml", "x.npz"])]
        if rng.random() < 0.3:
            argv.append("--force")
    if rng.random() < 0.2:
        argv += ["--timesteps", str(rng.choice([1, 2, 50]))]
    if rng.random() < 0.2:
        argv += ["--trace", rng.choice(["lstm", "lstm_1", "dense", "gru", "nope", hostile_name(rng)])]
    return {"kind": "arrays", "about": f"run {name} with generated arrays", "argv": argv, "files": files,
            "stdin": None}


# --------------------------------------------------------------------------------------
# 6. REPL scripts
# --------------------------------------------------------------------------------------
def layer_call(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        kind = rng.choice(["LSTM", "GRU", "SimpleRNN"])
        args = [str(rng.randrange(1, 9))]
        if rng.random() < 0.5:
            args.append(f"return_sequences={rng.choice(['True', 'False'])}")
        if rng.random() < 0.2:
            args.append(f"name={py_string(rng)}")
        return f"{kind}({', '.join(args)})"
    if roll < 0.65:
        return rng.choice(["Input(shape=(5, 3))", "Input(shape=(None, 2))", "Input((4,))", "Dense(2)",
                           "Dropout(0.5)", "Bidirectional(LSTM(3, return_sequences=True))",
                           "TimeDistributed(Dense(2))", "Embedding(10, 4)", "Flatten()", "RepeatVector(3)",
                           "Conv1D(2, 1)", "GlobalAveragePooling1D()", "Reshape((2, -1))", "Concatenate()"])
    if roll < 0.85:
        return (rng.choice(list(REGISTRY)) + "(" + ", ".join(
            rng.choice([py_number(rng, "2"), f"{rng.choice(['units', 'rate', 'n', 'shape', 'layer', 'name'])}="
                        f"{rng.choice([py_number(rng, '3'), py_string(rng), '(2, 3)', 'LSTM(2)'])}"])
            for _ in range(rng.randrange(0, 4))) + ")")
    return rng.choice(["LSTM(", "LSTM(4))", "lstm(4)", "LSTM(4)(x)", "import os", "x = 3", "LSTM(**{'units': 4})",
                       "LSTM(*[4])", "keras.layers.LSTM(4)", "LSTM(units=4, units=5)", "LSTM(4) # c",
                       "Dense(" * 200 + ")" * 200, "LSTM(" + "9" * 5000 + ")", hostile_name(rng),
                       "Bidirectional(" * 50 + "LSTM(2)" + ")" * 50])


def repl_command(rng: random.Random, names: list[str]) -> str:
    target = rng.choice([*names, "lstm", "dense", "nope", hostile_name(rng)]) if names else rng.choice(
        ["lstm", "nope", hostile_name(rng)])
    return rng.choice([
        ":show", ":help", ":undo", ":undo", ":quit", f":explain {target}", ":explain",
        f":set {target} {rng.choice(['units=4', 'return_sequences=True', 'name=x', 'units=-1', 'rate=nan'])}",
        f":set {target} name={py_string(rng)}", f":set {target} units", ":set", f":delete {target}", ":delete",
        f":insert {rng.choice(['1', '0', '-1', '99', 'x', '2'])} {layer_call(rng)}", ":insert",
        f":save {rng.choice(['out.yaml', 'model.yaml', 'sub', 'new dir/x.yaml', 'out.yaml'])}", ":save",
        f":load {rng.choice(['model.yaml', 'missing.yaml', 'bad.yaml', 'model.keras', 'sub', 'out.yaml'])}",
        ":load", f":{hostile_name(rng)}", ":", "::", ":SHOW", ":sav x",
    ])


@st.composite
def repl_cases(draw: Any) -> Case:
    rng = _rng(draw)
    names: list[str] = []
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 14))):
        roll = rng.random()
        if roll < 0.5:
            lines.append(layer_call(rng))
        elif roll < 0.9:
            lines.append(repl_command(rng, names))
        elif roll < 0.95:
            lines.append(rng.choice(["y", "n", "yes", ""]))
        else:
            lines.append(hostile_name(rng))
        if "name=" in lines[-1]:
            names.append("x")
    names += ["lstm", "dense", "lstm_1"]
    ending = rng.choice(["\n", "\r\n", ""])
    stdin = ending.join(lines) + (ending if rng.random() < 0.8 else "")
    files = {"model.yaml": b"layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 4}\n",
             "bad.yaml": text_mutations("layers: [{type: LSTM, units: x}]\n", rng),
             "sub/keep.txt": b"x"}
    if rng.random() < 0.3:
        files["model.keras"] = corrupt_zip(make_zip([("config.json", keras_config_text(rng, 0).encode())], rng), rng) \
            if rng.random() < 0.5 else make_zip([("config.json", keras_config_text(rng, 0).encode())], rng)
    if rng.random() < 0.3:
        files["out.yaml"] = b"keep me\n"
    argv = ["interactive"] + (["model.yaml"] if rng.random() < 0.4 else [])
    return {"kind": "repl", "about": "scripted interactive session", "argv": argv, "files": files, "stdin": stdin}


# --------------------------------------------------------------------------------------
# 7. Config files: pyproject.toml [tool.lstmcalc] and --config
# --------------------------------------------------------------------------------------
TOML_VALUES = ['["LC201"]', '"LC201"', "3", "true", "[1, 2]", "{a = 1}", '["LC2", 3]', "[]", '""', "-1",
               "1e999", "nan", "inf", "9999999999999999999999", "2024-01-01", '"\\u001b[2J"', "[[1]]",
               '{LC201 = "error"}', '{LC201 = "bogus"}', '{LC201 = 3}', '{LC201 = {x = 1}}', "{}", '"off"',
               '"[bold]x"', "'''a\nb'''", '{"\\u001b" = "error"}', '{"::error::" = "warning"}', '{"" = "off"}']


def toml_text(rng: random.Random) -> bytes:
    roll = rng.random()
    keys = ["select", "ignore", "severity", "strict", "max-params"]
    if roll < 0.6:
        lines = ["[tool.lstmcalc]"]
        for _ in range(rng.randrange(0, 5)):
            key = rng.choice([*keys, *keys, "unknown", '"\\u001b[2J"', '"a\\nb"', "Select"])
            lines.append(f"{key} = {rng.choice(TOML_VALUES)}")
        text = "\n".join(lines) + "\n"
    elif roll < 0.7:
        text = rng.choice(["tool = 3\n", "tool = []\n", '[tool]\nlstmcalc = 5\n', '[tool]\nlstmcalc = "x"\n',
                           "[[tool.lstmcalc]]\nselect = []\n", "tool = {lstmcalc = []}\n",
                           "[tool.lstmcalc.severity]\nLC201 = 1\n",
                           '[tool.lstmcalc]\nseverity = "LC201=error"\n'])
    elif roll < 0.8:
        depth = rng.choice([10, 100, 1000, 5000])
        text = "[tool.lstmcalc]\nselect = " + "[" * depth + "]" * depth + "\n" if rng.random() < 0.5 else \
            "x = " + "{a = " * depth + "1" + "}" * depth + "\n"
    elif roll < 0.9:
        text = "select = [\"LC1\"]\nstrict = true\nmax-params = " + rng.choice(["1", "-1", "true", '"1"']) + "\n"
    else:
        text = rng.choice(["[tool.lstmcalc\n", "= = =\n", "[tool.lstmcalc]\nselect = [\n", "\x00\x01",
                           "[tool.lstmcalc]\nselect = [\"LC1\"]\nselect = [\"LC2\"]\n"])
    data = text.encode("utf-8")
    r = rng.random()
    if r < 0.06:
        data = b"\xff\xfe" + data
    elif r < 0.1:
        data = data.replace(b"LC", b"L\xc0")
    elif r < 0.14:
        data = b"\xef\xbb\xbf" + data
    elif r < 0.18:
        data = data.replace(b"\n", b"\r\n")
    return data


@st.composite
def config_cases(draw: Any) -> Case:
    rng = _rng(draw)
    layers = valid_layers(rng)
    if rng.random() < 0.4:
        layers.insert(1, {"type": "Dense", "units": 4})  # something for the rules to say
    spec = yaml.safe_dump({"layers": layers}).encode()
    files = {"model.yaml": spec}
    toml = toml_text(rng)
    argv = ["lint", "model.yaml", "--format", rng.choice(LINT_FORMATS)]
    if rng.random() < 0.5:
        files["pyproject.toml"] = toml
    else:
        name = rng.choice(["lstmcalc.toml", "cfg", "pyproject.toml"])
        files[name] = toml
        argv += ["--config", name]
    if rng.random() < 0.2:
        argv += ["--select", "LC2"]
    return {"kind": "config", "about": "lint with a generated config", "argv": argv, "files": files, "stdin": None}


# --------------------------------------------------------------------------------------
# 8. Hostile names, and calc
# --------------------------------------------------------------------------------------
@st.composite
def name_cases(draw: Any) -> Case:
    """A valid model whose names (model, layers, file) are hostile, through every output."""
    rng = _rng(draw)
    base = graph_layers(rng) if rng.random() < 0.2 else valid_layers(rng)
    layers: list[dict[str, Any]] = base
    hostile = draw(st.sampled_from(HOSTILE_NAMES))
    target = rng.choice(layers)
    if "name" in target and any(target["name"] in str(x.get("inputs", "")) for x in layers):
        target = layers[-1]
    target["name"] = hostile
    if rng.random() < 0.3:
        layers[-1]["name"] = hostile_name(rng)
    tree = {"name": rng.choice([hostile, hostile_name(rng), "m"]), "layers": layers}
    if rng.random() < 0.3:
        layers.append({"type": "Dense", "units": 2, "name": hostile})  # a duplicate name: a diagnostic
    if rng.random() < 0.3:
        layers.insert(1, {"type": hostile_name(rng), "units": 2})  # an unknown type, quoted in messages
    if rng.random() < 0.2:
        layers[-1][hostile_name(rng)] = 1  # an unknown argument key
    text = json.dumps(tree, ensure_ascii=True) if rng.random() < 0.5 else dump_text(tree, rng)
    data = text.encode("utf-8", "surrogatepass")
    path = "model.yaml" if rng.random() < 0.8 else hostile_file_name(rng) + ".yaml"
    argv = model_argv(rng, path, {path: data}, True, _names(layers))
    return {"kind": "names", "about": "hostile names through every output", "argv": argv, "files": {path: data},
            "stdin": None}


@st.composite
def calc_cases(draw: Any) -> Case:
    rng = _rng(draw)
    argv = ["calc", layer_call(rng)]
    for _ in range(rng.randrange(0, 3)):
        argv += ["--input", rng.choice(["(None, 50, 10)", "(None, 10)", "(None, None, 3)", "(2, 3, 4)", "()",
                                        "(None,)", "(None, -1, 3)", "(None, 10**40, 2)", "(None, 1e3, 2)",
                                        "[None, 5, 3]", "(None, 5, 3", "x", hostile_name(rng),
                                        "(" * 200 + ")" * 200, "(None, 5, 3, 2, 1, 1, 1, 1)",
                                        "(None, 5, 'a')", "(None, True, 2)", "(None, 99999999999999999999, 1)"])]
    return {"kind": "calc", "about": "calc a generated call", "argv": argv, "files": {}, "stdin": None}


@st.composite
def stdin_cases(draw: Any) -> Case:
    """Models on standard input ('-'), and option-level oddities."""
    rng = _rng(draw)
    tree = {"layers": valid_layers(rng)}
    mutate_tree(tree, rng, draw(st.sampled_from([0, 1, 2])))
    text = text_mutations(dump_text(tree, rng), rng).decode("utf-8", "replace")
    command = rng.choice(["summary", "lint", "explain", "convert", "diagram", "run"])
    argv = [command, "-"]
    if command == "convert":
        argv += ["--to", rng.choice(["yaml", "json", "keras"])]
    if command in ("summary", "lint") and rng.random() < 0.5:
        argv += ["--format", rng.choice(["json", "text", "markdown"] if command == "summary" else ["json", "github"])]
    if rng.random() < 0.1:
        argv += rng.choice([["--format"], ["--bogus"], ["missing.yaml"], ["--line-length", "5"]])
    return {"kind": "stdin", "about": "model on stdin", "argv": argv, "files": {}, "stdin": text}


KINDS = {
    "spec": spec_cases,
    "keras": keras_cases,
    "archive": archive_cases,
    "python": python_cases,
    "arrays": array_cases,
    "repl": repl_cases,
    "config": config_cases,
    "names": name_cases,
    "calc": calc_cases,
    "stdin": stdin_cases,
}


def encode_files(files: dict[str, bytes]) -> dict[str, dict[str, str]]:
    """Files as regression JSON: text when the bytes are UTF-8 (without NULs), else base64."""
    out: dict[str, dict[str, str]] = {}
    for name, data in files.items():
        try:
            text = data.decode("utf-8")
            ok = "\x00" not in text
        except UnicodeDecodeError:
            ok = False
        out[name] = {"text": text} if ok else {"b64": base64.b64encode(data).decode("ascii")}
    return out


def decode_files(files: dict[str, dict[str, str]]) -> dict[str, bytes]:
    return {name: (spec["text"].encode("utf-8", "surrogatepass") if "text" in spec
                   else base64.b64decode(spec["b64"])) for name, spec in files.items()}
