"""Hostile Keras configs and .keras archives end in diagnostics, quickly, never in a crash.

The strategies start from real configs (the Keras 3 corpus in tests/, and Keras 2 and
Sequential forms derived from it), then mutate them structurally: any node replaced by a
value of the wrong type, keys deleted, items duplicated, values deepened or swapped, names
made to collide, indices made negative, huge or fractional. Archives built from those
configs are then damaged at the zip level: flipped bytes, truncation, compression methods
zipfile cannot or must not inflate, sizes and offsets that lie, encryption flags, duplicate
and missing members. Every case goes through `load_spec` (and the engine), and a share of
them through `lstmcalc summary` in-process.

The CI budget is fixed and repeatable; set LSTMCALC_FUZZ_EXAMPLES to run that many new
random cases per test instead.
"""

from __future__ import annotations

import base64
import copy
import io
import itertools
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.render.json_out import summary_json
from lstmcalc.spec import load_spec
from lstmcalc.spec.archive import MAX_DIRECTORY, MAX_MEMBER, shrink_archive

TESTS = Path(__file__).parent
SEEDS = sorted((TESTS / "conformance" / "cases").glob("*.keras.json"))[::7] + \
    sorted((TESTS / "keras_graph" / "cases").glob("*.keras.json"))
REGRESSIONS = sorted((TESTS / "fuzz" / "regressions").glob("keras_*.json"))
EXAMPLES = int(os.environ.get("LSTMCALC_FUZZ_EXAMPLES", "150"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize="LSTMCALC_FUZZ_EXAMPLES" not in os.environ,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SECONDS = 2.0

# ---------------------------------------------------------------------------------------
# Seeds: real Keras 3 configs, and the Keras 2 and Sequential forms of the same models
# ---------------------------------------------------------------------------------------


def _keras2_link(tensor: dict[str, Any]) -> list[Any]:
    name, node, index = tensor["config"]["keras_history"]
    return [name, node, index, {}]


def _tensors(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            return [value]
        return [t for v in value.values() for t in _tensors(v)]
    if isinstance(value, list):
        return [t for v in value for t in _tensors(v)]
    return []


def _strip(value: Any) -> Any:
    """Keras 3 serialisation -> Keras 2's: no module/registered_name, dtype policies as names."""
    if isinstance(value, dict):
        if value.get("class_name") == "DTypePolicy":
            return value.get("config", {}).get("name", "float32")
        return {k: _strip(v) for k, v in value.items() if k not in ("module", "registered_name")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def keras2(config: dict[str, Any]) -> dict[str, Any]:
    # the .h5 file's model_config form: to_json() adds keras_version, which Keras 3 refuses outright
    out = {"class_name": "Model", "config": copy.deepcopy(config["config"])}
    for layer in out["config"]["layers"]:
        calls = layer.get("inbound_nodes", [])
        links = [[_keras2_link(t) for t in _tensors(call.get("args", [])) +
                  _tensors(call.get("kwargs", {}).get("initial_state"))] for call in calls]
        layer["inbound_nodes"] = links
        layer.pop("build_config", None)
        layer["config"] = _strip(layer["config"])
        if layer["class_name"] == "InputLayer":
            layer["config"]["batch_input_shape"] = layer["config"].pop("batch_shape", None)
    for key in ("input_layers", "output_layers"):
        value = out["config"].get(key)
        if isinstance(value, list) and value and isinstance(value[0], str):
            out["config"][key] = [value]
    return out


def sequential(config: dict[str, Any]) -> dict[str, Any] | None:
    layers = config["config"]["layers"]
    if layers[0]["class_name"] != "InputLayer":
        return None
    for before, layer in itertools.pairwise(layers):  # linear: each layer takes the one before
        calls = layer.get("inbound_nodes", [])
        if len(calls) != 1 or [t["config"]["keras_history"] for t in _tensors(calls[0])] != \
                [[before["config"]["name"], 0, 0]]:
            return None
    plain = [{k: v for k, v in layer.items() if k not in ("inbound_nodes", "name")} for layer in layers]
    return {"module": "keras", "class_name": "Sequential",
            "config": {"name": config["config"].get("name", "sequential"), "trainable": True, "layers": plain}}


def _seeds() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in SEEDS:
        config = json.loads(path.read_text())
        found += [config, keras2(config)]
        linear = sequential(config)
        if linear is not None:
            found.append(linear)
    return found


SEED_CONFIGS = _seeds()

# ---------------------------------------------------------------------------------------
# Structural mutations
# ---------------------------------------------------------------------------------------
HUGE_INT, HUGE_FLOAT = "\x00huge-int\x00", "\x00huge-float\x00"  # written raw after json.dumps
JUNK: list[Any] = [
    None, True, False, 0, -1, -(2**31), 2**63, 10**40, 1.5, -0.0, float("nan"), float("inf"), float("-inf"),
    HUGE_INT, HUGE_FLOAT, "", "x", "__keras_tensor__", "a\nb\x1b[2J", "\u202e", "x" * 300, [], {}, [[]], [None],
    [-1], ["x", 0, 0], ["x", -1, -1], ["x", 0, 0, 5], [1, 2, 3], ["x", 0.5, "0"], {"class_name": None},
    {"class_name": "__keras_tensor__"}, {"class_name": "__keras_tensor__", "config": {"keras_history": "abc"}},
    {"class_name": "__keras_tensor__", "config": {"keras_history": ["dense", 10**30, -5]}},
    {"args": 5, "kwargs": []}, {"args": [], "kwargs": {"initial_state": [[]]}},
    {"class_name": "GlorotUniform", "config": [1]}, {"class_name": "L2", "config": "x"}, {"config": {}},
    {"class_name": "DTypePolicy", "config": {"name": [1]}}, {"module": "keras.src.ops", "class_name": 1},
]
HOT_KEYS = ["inbound_nodes", "keras_history", "output_layers", "input_layers", "kernel_initializer", "dtype",
            "build_config", "layers", "class_name", "config", "name", "args", "kwargs", "layer", "units",
            "batch_shape", "batch_input_shape", "return_state", "merge_mode", "initial_state"]


def _paths(root: Any) -> list[tuple[Any, ...]]:
    """Every node's path (tuple of keys/indices), root first."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), root)]
    while stack:
        path, value = stack.pop()
        found.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
    return found


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        root = root[step]
    return root


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(root, path[:-1])[path[-1]] = value
    return root


def _names(root: Any) -> list[str]:
    layers = root.get("config", {}).get("layers", []) if isinstance(root, dict) and \
        isinstance(root.get("config"), dict) else []
    layers = layers if isinstance(layers, list) else []
    return [layer["config"]["name"] for layer in layers if isinstance(layer, dict) and
            isinstance(layer.get("config"), dict) and isinstance(layer["config"].get("name"), str)] or ["x"]


def mutate(data: st.DataObject, root: Any) -> Any:
    paths = _paths(root)
    hot = [p for p in paths if p and p[-1] in HOT_KEYS]
    path = data.draw(st.sampled_from(hot)) if hot and data.draw(st.booleans()) else data.draw(st.sampled_from(paths))
    parent = _get(root, path[:-1]) if path else None
    node = _get(root, path)
    op = data.draw(st.sampled_from(["junk", "junk", "delete", "duplicate", "deepen", "swap", "name", "index",
                                    "empty", "text"]))
    if op == "junk":
        return _set(root, path, copy.deepcopy(data.draw(st.sampled_from(JUNK))))
    if op == "delete" and path:
        del parent[path[-1]]
        return root
    if op == "duplicate" and isinstance(node, list) and node:
        node.insert(data.draw(st.integers(0, len(node))), copy.deepcopy(data.draw(st.sampled_from(node))))
        return root
    if op == "duplicate" and isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        node[key + "_"] = copy.deepcopy(node[key])
        return root
    if op == "deepen":
        wrapped = [node] if data.draw(st.booleans()) else {"class_name": "X", "config": node}
        return _set(root, path, copy.deepcopy(wrapped) if path else wrapped)
    if op == "swap":
        other = data.draw(st.sampled_from(paths))
        return _set(root, path, copy.deepcopy(_get(root, other)))
    if op == "name":  # a reference or name that exists elsewhere, or a collision
        return _set(root, path, data.draw(st.sampled_from(_names(root))))
    if op == "index":
        return _set(root, path, data.draw(st.sampled_from([-1, 0, 1, 2, 3, 10**6, 2**40, 0.0, "0", True])))
    if op == "empty":
        return _set(root, path, type(node)() if isinstance(node, (list, dict, str)) else None)
    return _set(root, path, data.draw(st.text(max_size=20)))


def dumps(config: Any) -> bytes:
    text = json.dumps(config)
    text = text.replace(json.dumps(HUGE_INT), "1" + "0" * 5000).replace(json.dumps(HUGE_FLOAT), "1e999")
    return text.encode()


@st.composite
def mutated_configs(draw: st.DrawFn) -> bytes:
    data = draw(st.data())
    root = copy.deepcopy(draw(st.sampled_from(SEED_CONFIGS)))
    for _ in range(draw(st.integers(1, 4))):
        root = mutate(data, root)
    return dumps(root)


# ---------------------------------------------------------------------------------------
# Archives and zip-level damage
# ---------------------------------------------------------------------------------------


def keras_archive(config: bytes, method: int = zipfile.ZIP_DEFLATED, metadata: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("metadata.json", metadata or b'{"keras_version": "3.15.1"}')
        archive.writestr("config.json", config)
        archive.writestr("model.weights.h5", b"\x89HDF\r\n" + bytes(64))
    return buffer.getvalue()


def _headers(data: bytes) -> tuple[list[int], list[int]]:
    """Offsets of the local headers and central directory entries of a well-formed zip."""
    end = data.rfind(b"PK\x05\x06")
    count, _size, start = struct.unpack_from("<HII", data, end + 10)
    central, at = [], start
    for _ in range(count):
        central.append(at)
        names, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        at += 46 + names + extra + comment
    local = [struct.unpack_from("<I", data, c + 42)[0] for c in central]
    return local, central


# field: (offset in the local header, offset in the central entry, struct format)
FIELDS = {"version": (4, 6, "<H"), "flags": (6, 8, "<H"), "method": (8, 10, "<H"), "crc": (14, 16, "<I"),
          "compressed": (18, 20, "<I"), "size": (22, 24, "<I"), "name_length": (26, 28, "<H"),
          "offset": (None, 42, "<I")}
FIELD_VALUES = {"version": [20, 45, 63, 64, 0xFFFF], "flags": [1, 0x40, 0x20, 0x41, 8],
                "method": [0, 1, 9, 12, 14, 93, 98, 99, 0xFFFF], "crc": [0, 0xFFFFFFFF],
                "compressed": [0, 1, 10, 2**31, 0xFFFFFFFF], "size": [0, 1, 10, MAX_MEMBER + 1, 0xFFFFFFFF],
                "name_length": [0, 1, 0xFFFF], "offset": [0, 1, 2**31, 0xFFFFFFFF]}


@st.composite
def damaged_archives(draw: st.DrawFn) -> bytes:
    config = draw(mutated_configs()) if draw(st.booleans()) else dumps(draw(st.sampled_from(SEED_CONFIGS)))
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    data = bytearray(keras_archive(config, method))
    local, central = _headers(bytes(data))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["field", "field", "field", "flip", "truncate", "rename", "duplicate",
                                    "directory"]))
        if how == "field":
            field = draw(st.sampled_from(sorted(FIELDS)))
            in_local, in_central, fmt = FIELDS[field]
            member = draw(st.integers(0, len(central) - 1))
            value = draw(st.sampled_from(FIELD_VALUES[field]))
            where = draw(st.sampled_from(["local", "central", "both"]))
            if in_local is not None and where != "central":
                struct.pack_into(fmt, data, local[member] + in_local, value)
            if where != "local":
                struct.pack_into(fmt, data, central[member] + in_central, value)
        elif how == "flip":
            for _ in range(draw(st.integers(1, 8))):
                at = draw(st.integers(0, len(data) - 1))
                data[at] ^= draw(st.integers(1, 255))
        elif how == "truncate":
            del data[draw(st.integers(4, len(data))):]
        elif how == "rename":  # config.json -> coNfig.json: the archive has none
            at = data.find(b"config.json")
            while at != -1:
                data[at + 2] = ord("N")
                at = data.find(b"config.json", at + 1)
        elif how == "duplicate":
            data = bytearray(data.replace(b"metadata.json", b"config.json\x00\x00"))  # same name length
            data = bytearray(bytes(data).replace(b"config.json\x00\x00", b"config.jsonxx"))
        else:  # the end record: directory size and offset
            end = data.rfind(b"PK\x05\x06")
            if end >= 0:
                struct.pack_into("<I", data, end + draw(st.sampled_from([12, 16])),
                                 draw(st.sampled_from([0, 1, 2**31, 0xFFFFFFFF, MAX_DIRECTORY + 1])))
        if len(data) < 8 or len(central) == 0:
            break
        local, central = ([], []) if how in ("truncate", "flip", "directory") else (local, central)
        if not central:
            break
    return bytes(data)


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------


def check(data: bytes, path: str) -> None:
    start = time.perf_counter()
    spec, problems = load_spec(data, path)
    summary = summarize(data, path)
    assert time.perf_counter() - start < SECONDS
    assert spec is not None or any(d.is_error for d in problems)
    for d in (*problems, *summary.diagnostics):
        assert d.code.startswith("LC") and d.message and d.span.line >= 1 and d.span.column >= 1
    if not summary.ok:
        assert any(d.is_error for d in summary.diagnostics)


def run_cli(files: dict[str, bytes], argv: list[str]) -> Any:
    runner = CliRunner()
    with runner.isolated_filesystem():
        for name, content in files.items():
            Path(name).write_bytes(content)
        start = time.perf_counter()
        result = runner.invoke(cli, argv, catch_exceptions=True)
        assert time.perf_counter() - start < SECONDS
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in (0, 1, 2), (result.exit_code, output)
    assert "internal error" not in output and "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@PROFILE
@given(mutated_configs())
def test_mutated_configs_are_diagnosed(data: bytes) -> None:
    check(data, "model.json")


@PROFILE
@given(damaged_archives())
def test_damaged_archives_are_diagnosed(data: bytes) -> None:
    check(data, "model.keras")


@settings(PROFILE, max_examples=max(EXAMPLES // 3, 20))
@given(st.one_of(mutated_configs().map(lambda d: ("model.json", d)),
                 damaged_archives().map(lambda d: ("model.keras", d))))
def test_cli_summary_never_crashes(case: tuple[str, bytes]) -> None:
    name, data = case
    run_cli({name: data}, ["summary", name])


@pytest.mark.parametrize("seed", range(len(SEED_CONFIGS)))
def test_seed_configs_are_clean(seed: int) -> None:
    """The unmutated seeds, in every form, read without an error: the mutations start from valid models."""
    config = SEED_CONFIGS[seed]
    summary = summarize(dumps(config), "seed.json")
    assert [d for d in summary.diagnostics if d.is_error] == []


# ---------------------------------------------------------------------------------------
# The known failures, each by name
# ---------------------------------------------------------------------------------------
GRAPH = json.loads((TESTS / "keras_graph" / "cases" / "g01_concat_two_inputs.keras.json").read_text())


def graph_with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    config = copy.deepcopy(GRAPH)
    return _set(config, path, value)


RNN = ("config", "layers", 2)  # the LSTM "rnn", fed by the input "series"
HISTORY = (*RNN, "inbound_nodes", 0, "args", 0, "config", "keras_history")


def codes(data: bytes, path: str = "model.json") -> list[tuple[str, str | None, int]]:
    spec, _ = load_spec(data, path)
    summary = summarize(data, path)
    assert spec is None or not summary.ok
    return [(d.code, d.layer, d.span.line) for d in summary.diagnostics if d.is_error]


@pytest.mark.parametrize(("path", "value", "code"), [
    ((*RNN, "inbound_nodes"), 5, "LC010"),
    ((*RNN, "inbound_nodes"), "x", "LC010"),
    ((*RNN, "inbound_nodes"), [5], "LC010"),
    ((*RNN, "inbound_nodes"), [[5]], "LC010"),
    ((*RNN, "inbound_nodes"), [[["series", 0, "x", {}]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[["series", 0, -5, {}]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[["series", -1, 0, {}]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[["series", 0, 1.5, {}]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[["series", 0, 10**20, {}]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[["series", 0, 10**50, {}]]], "LC002"),  # refused as it is read
    ((*RNN, "inbound_nodes"), [[["series", 1, 0, {}]]], "LC031"),  # series has no call 1
    ((*RNN, "inbound_nodes"), [[["series", 0, 0, 7]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[[5, 0, 0]]], "LC014"),
    ((*RNN, "inbound_nodes"), [[["nope", 0, 0, {}]]], "LC031"),
    ((*RNN, "inbound_nodes"), [[["rnn", 0, 0, {}]]], "LC031"),
    ((*RNN, "inbound_nodes"), [[["meta_dense", 0, 0, {}]]], "LC031"),  # a later layer: a cycle
    ((*RNN, "inbound_nodes"), [{"args": []}, [["series", 0, 0]]], "LC106"),  # two calls, the first on nothing
    ((*RNN, "inbound_nodes", 0, "args"), 5, "LC010"),
    ((*RNN, "inbound_nodes", 0, "kwargs"), [1], "LC010"),
    ((*RNN, "inbound_nodes", 0, "kwargs"), {"training": {"class_name": "__keras_tensor__",
                                                         "config": {"keras_history": ["series", 0, 0]}}}, "LC010"),
    ((*RNN, "inbound_nodes", 0, "args", 0, "config"), [1], "LC010"),
    (HISTORY, "abc", "LC010"),
    (HISTORY, ["series"], "LC010"),
    (HISTORY, ["series", 0, "a"], "LC014"),
    (HISTORY, ["series", 0, True], "LC014"),
    (HISTORY, ["series", 2**40, 0], "LC014"),
    (HISTORY, [["series"], 0, 0], "LC014"),
    ((*RNN, "config", "name"), 5, "LC014"),
    ((*RNN, "class_name"), 5, "LC011"),
    ((*RNN, "config"), "x", "LC010"),
    (RNN, 5, "LC010"),
    (("config", "output_layers"), 5, "LC010"),
    (("config", "output_layers"), [["rnn", 0, "x"]], "LC014"),
    (("config", "output_layers"), [["rnn", 0, -3]], "LC014"),
    (("config", "output_layers"), {"a": 1}, "LC010"),
    (("config", "output_layers"), [["zz", 0, 0]], "LC031"),
    (("config", "input_layers"), 5, "LC010"),
    (("config", "input_layers"), [["rnn", 0, 0]], "LC031"),
    (("config", "layers"), "x", "LC010"),
    (("config", "layers"), [], "LC010"),
    (("config",), [1], "LC010"),
    (("config", "name"), [1], "LC014"),
])
def test_malformed_graph_config(path: tuple[Any, ...], value: Any, code: str) -> None:
    found = codes(json.dumps(graph_with(path, value)).encode())
    assert found and found[0][0] == code, found


def test_diagnostic_points_at_the_node_and_names_the_layer() -> None:
    text = json.dumps(graph_with((*RNN, "inbound_nodes"), [[["series", 0, -5, {}]]]), indent=1)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith("-5"))
    summary = summarize(text.encode(), "model.json")
    first = summary.diagnostics[0]
    assert (first.code, first.layer, first.span.line) == ("LC014", "rnn", line)
    assert first.hint


@pytest.mark.parametrize("value", [
    5, [1], "glorot", {"config": {}}, {"class_name": 5, "config": {}}, {"class_name": "Orthogonal", "config": [1]},
    {"class_name": "Orthogonal", "config": "x"}, {"class_name": "Orthogonal", "config": {"gain": [[[]]]}},
    {"class_name": "Orthogonal", "config": {"gain": {"class_name": "X", "config": [[]]}}},
])
@pytest.mark.parametrize("key", ["kernel_initializer", "recurrent_initializer", "kernel_regularizer",
                                 "bias_constraint", "dtype"])
def test_malformed_object_configs_never_raise(key: str, value: Any) -> None:
    summarize(json.dumps(graph_with((*RNN, "config", key), value)).encode(), "model.json")


@pytest.mark.parametrize("value", [5, "x", [1], {"input_shape": "junk"}, {"input_shape": [[[[]]]]}])
def test_build_config_junk_is_ignored(value: Any) -> None:
    """build_config records the shape Keras built with; lstmcalc infers it, so junk there changes nothing."""
    summary = summarize(json.dumps(graph_with((*RNN, "build_config"), value)).encode(), "model.json")
    assert summary.ok


@pytest.mark.parametrize("raw", [b"1" + b"0" * 5000, b"1e999", b"-1e999", b"NaN", b"Infinity", b"1.5",
                                 b"-7", b"123456789012345678901234567890123"])
def test_hostile_numbers_in_a_config(raw: bytes) -> None:
    config = graph_with((*RNN, "config", "units"), 424242)
    data = json.dumps(config).encode().replace(b"424242", raw)
    found = codes(data)
    assert found and found[0][0] in {"LC002", "LC014", "LC015"}


@pytest.mark.parametrize("text", [
    b'{"class_name": "Sequential", "config": 5}',
    b'{"class_name": "Sequential", "config": {"layers": {"a": 1}}}',
    b'{"class_name": "Sequential", "config": {"layers": [5, "x", null]}}',
    b'{"class_name": "Sequential", "config": {"layers": [{"class_name": ["LSTM"], "config": {}}]}}',
    b'{"class_name": "Sequential", "config": {"layers": [{"class_name": "LSTM", "config": []}]}}',
    b'{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": 5}}]}}',
    b'{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"name": "i"}}]}}',
    b'{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {}},'
    b' {"class_name": "Dense", "config": {"units": 2}}]}}',
    b'{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "config": {"units": 1},'
    b' "inbound_nodes": [[["a", 0, 0]]]}], "output_layers": [[]]}}',
])
def test_malformed_top_level_config(text: bytes) -> None:
    assert codes(text)


def test_early_keras2_sequential_config_is_a_layer_list() -> None:
    text = json.dumps({"class_name": "Sequential", "config": [
        {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [None, 4]}}]})
    summary = summarize(text.encode(), "old.json")
    assert summary.ok and summary.total_params == 15


# ---------------------------------------------------------------------------------------
# Archives
# ---------------------------------------------------------------------------------------
VALID = dumps(json.loads((TESTS / "keras_graph" / "cases" / "g01_concat_two_inputs.keras.json").read_text()))


def archive_codes(data: bytes) -> list[str]:
    summary = summarize(data, "model.keras")
    return [d.code for d in summary.diagnostics if d.is_error]


def _patch(data: bytes, field: str, value: int, member: int = 1, where: str = "both") -> bytes:
    out = bytearray(data)
    local, central = _headers(data)
    in_local, in_central, fmt = FIELDS[field]
    if in_local is not None and where != "central":
        struct.pack_into(fmt, out, local[member] + in_local, value)
    if where != "local":
        struct.pack_into(fmt, out, central[member] + in_central, value)
    return bytes(out)


def test_a_valid_archive_reads() -> None:
    assert archive_codes(keras_archive(VALID)) == []


@pytest.mark.parametrize(("data", "code", "words"), [
    (_patch(keras_archive(VALID), "method", 99), "LC001", "method 99"),
    (_patch(keras_archive(VALID, zipfile.ZIP_BZIP2), "method", 12), "LC001", "bzip2"),
    (_patch(keras_archive(VALID, zipfile.ZIP_LZMA), "method", 14), "LC001", "LZMA"),
    (_patch(keras_archive(VALID), "flags", 1), "LC001", "encrypted"),
    (_patch(keras_archive(VALID), "version", 0xFFFF), "LC001", "version"),
    (_patch(keras_archive(VALID), "offset", 0xFFFFFFFF, where="central"), "LC001", "config.json"),
    (_patch(keras_archive(VALID), "size", 10), "LC001", "config.json"),
    (_patch(keras_archive(VALID), "size", MAX_MEMBER + 1), "LC002", "config.json"),
    (_patch(keras_archive(VALID), "crc", 0), "LC001", "CRC"),
    (keras_archive(VALID)[:-30], "LC001", "zip"),
])
def test_damaged_archive(data: bytes, code: str, words: str) -> None:
    summary = summarize(data, "model.keras")
    first = summary.diagnostics[0]
    assert first.code == code and words in first.message, first


def test_duplicate_config_members_are_refused() -> None:
    buffer = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", VALID)
        archive.writestr("config.json", b'{"class_name": "Sequential"}')
    summary = summarize(buffer.getvalue(), "model.keras")
    assert summary.diagnostics[0].code == "LC001" and "2 members named config.json" in summary.diagnostics[0].message


def test_invalid_deflate_stream() -> None:
    data = bytearray(keras_archive(VALID))
    local, _ = _headers(bytes(data))
    start = local[1] + 30 + len("config.json")
    data[start:start + 4] = b"\xff\xff\xff\xff"
    assert archive_codes(bytes(data)) == ["LC001"]


def test_directory_too_large_is_refused_before_it_is_read() -> None:
    data = bytearray(keras_archive(VALID))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<II", data, end + 12, MAX_DIRECTORY + 1, 0)
    summary = summarize(bytes(data), "model.keras")
    assert summary.diagnostics[0].code in {"LC001", "LC002"}


def test_empty_zip_has_no_config() -> None:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    summary = summarize(buffer.getvalue(), "model.keras")
    assert summary.diagnostics[0].code == "LC010" and "config.json" in summary.diagnostics[0].message


def lying_member(size: int, declared: int = 2) -> tuple[bytes, int]:
    """A raw deflate stream of SIZE zeros (built from one repeated block, so it costs no
    time), and the CRC the member claims."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = 1 << 20
    first = squeeze.compress(bytes(block)) + squeeze.flush(zlib.Z_SYNC_FLUSH)
    again = squeeze.compress(bytes(block)) + squeeze.flush(zlib.Z_SYNC_FLUSH)
    repeat = squeeze.compress(bytes(block)) + squeeze.flush(zlib.Z_SYNC_FLUSH)
    assert again == repeat  # from here on every megabyte of zeros packs to the same bytes
    stream = first + again * (size // block - 1) + squeeze.flush()
    return stream, declared


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, packed bytes, method, declared size, crc), headers as given."""
    local, central = bytearray(), bytearray()
    for name, packed, method, size, crc in members:
        encoded = name.encode()
        central += struct.pack("<4s6H3I5HII", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(packed), size,
                               len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(packed), size,
                             len(encoded), 0) + encoded + packed
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def bomb_archive(inflated: int, padding: int = 0) -> bytes:
    stream, declared = lying_member(inflated)
    weights = bytes(padding)
    return raw_zip([("config.json", stream, zipfile.ZIP_DEFLATED, declared, 0),
                    ("model.weights.h5", weights, zipfile.ZIP_STORED, len(weights), zlib.crc32(weights))])


def test_lying_config_size_is_capped_in_memory() -> None:
    start = time.perf_counter()
    summary = summarize(bomb_archive(64 << 20), "bomb.keras")
    assert time.perf_counter() - start < SECONDS
    assert [d.code for d in summary.diagnostics] == ["LC001"]  # stops at the declared 2 bytes: bad CRC


def test_lying_config_size_in_an_archive_over_5_mb(tmp_path: Path) -> None:
    """The archive is too big to read whole, so it is shrunk first: config.json's header
    says 2 bytes, its deflate stream gives 1 GiB. Run as a real process, in bounded memory."""
    path = tmp_path / "bomb.keras"
    path.write_bytes(bomb_archive(1 << 30, padding=6 << 20))
    assert path.stat().st_size > 6 << 20
    start = time.perf_counter()
    shrunk = shrink_archive(str(path))
    assert time.perf_counter() - start < SECONDS and len(shrunk) < 4096
    assert archive_codes(shrunk) == ["LC001"]
    status, rss, output = run_process(["summary", str(path)])
    assert status == 1 and rss < 400 << 20 and "config.json" in output and "Traceback" not in output


def test_big_archive_without_config_says_so(tmp_path: Path) -> None:
    path = tmp_path / "weights_only.keras"
    weights = bytes(6 << 20)
    path.write_bytes(raw_zip([("model.weights.h5", weights, zipfile.ZIP_STORED, len(weights),
                               zlib.crc32(weights))]))
    for name in (path.name, "weights_only.zip"):
        if name != path.name:
            path = path.rename(tmp_path / name)
        result = run_cli({name: path.read_bytes()}, ["summary", name])
        assert result.exit_code == 1 and "no config.json" in result.output + result.stderr
        assert "NUL" not in result.output + result.stderr


def test_big_archive_reads_like_a_small_one(tmp_path: Path) -> None:
    path = tmp_path / "big.keras"
    weights = os.urandom(6 << 20)
    small = keras_archive(VALID)
    buffer = io.BytesIO(small)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("assets/big.bin", weights)
    path.write_bytes(buffer.getvalue())
    shrunk = shrink_archive(str(path))
    assert len(shrunk) < 64 * 1024
    assert summary_json(summarize(shrunk, "x.keras")) == summary_json(summarize(small, "x.keras"))


@pytest.mark.parametrize("data", [b"PK\x03\x04", b"PK\x03\x04" + bytes(6 << 20), b"PK\x03\x04" + os.urandom(6 << 20)])
def test_big_broken_archives(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.keras"
    path.write_bytes(data)
    assert archive_codes(shrink_archive(str(path))) == ["LC001"]


def test_a_file_cannot_pose_as_a_carried_problem() -> None:
    forged = b"PK\x03\x04lstmcalc-problem:" + b"0" * 32 + b'\n{"code": "LC999", "message": "x", "hint": ""}'
    assert archive_codes(forged) == ["LC001"]


_MEASURE = ("import json, resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, "
            "timeout=30); print(json.dumps([r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "(r.stdout + r.stderr).decode(errors='replace')]))")


def run_process(argv: list[str]) -> tuple[int, int, str]:
    """(status, max RSS in bytes, output) of `lstmcalc ARGV` run as a real process; a
    wrapper process measures it, so no other child of the test run is counted."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "lstmcalc", *argv],
                          capture_output=True, check=True, timeout=60)
    status, rss, output = json.loads(done.stdout)
    return status, rss * 1024, output


# ---------------------------------------------------------------------------------------
# Regression files
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("regression", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_keras_regression(regression: Path) -> None:
    case = json.loads(regression.read_text())
    assert len(regression.read_bytes()) < 50_000 and case["about"]
    files = {name: base64.b64decode(body["b64"]) if "b64" in body else body["text"].encode()
             for name, body in case["files"].items()}
    result = run_cli(files, case["argv"])
    assert result.exit_code in case["exit"]


def test_emoji_in_a_model_name_as_to_json_writes_it() -> None:
    text = json.dumps(graph_with(("config", "name"), "model \U0001f600"))
    assert "\\ud83d\\ude00" in text
    assert summarize(text.encode(), "model.json").ok
