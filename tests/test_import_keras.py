"""Keras configs in: model.to_json() of Keras 3 and Keras 2, and .keras archives."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from lstmcalc.engine import summarize
from lstmcalc.render.json_out import summary_json

CASES = Path(__file__).parent / "conformance" / "cases"
GRAPHS = Path(__file__).parent / "keras_graph" / "cases"
TWINS = sorted(CASES.glob("*.keras.json")) + sorted(GRAPHS.glob("*.keras.json"))


def rows(path: Path | None = None, data: bytes | None = None) -> tuple[object, ...]:
    raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
    default = "x.keras" if raw[:4] == b"PK\x03\x04" else "x.json"
    result = summary_json(summarize(raw, str(path or default)))
    layers = [(r["name"], r["type"], r["output_shape"], r["params"], r["trainable_params"], r["non_trainable_params"])
              for r in result["layers"] if r["type"] != "InputLayer"]
    errors = [d["code"] for d in result["diagnostics"] if d["severity"] == "error"]
    return result["name"], layers, result["total_params"], result["trainable_params"], errors


def test_every_corpus_config_has_a_twin() -> None:
    assert len(TWINS) == 253 + 20  # every case Keras builds, in both corpora


@pytest.mark.parametrize("config", TWINS, ids=[p.name for p in TWINS])
def test_keras3_json_matches_its_yaml_twin(config: Path) -> None:
    twin = config.with_name(config.name.replace(".keras.json", ".yaml"))
    got, want = rows(config), rows(twin)
    assert got == want
    assert got[4] == []


GRAPH_TWINS = sorted(GRAPHS.glob("*.keras.json"))


@pytest.mark.parametrize("config", GRAPH_TWINS, ids=[p.name for p in GRAPH_TWINS])
def test_graph_config_keeps_every_connection(config: Path) -> None:
    def links(path: Path) -> dict[str, list[str]]:
        result = summary_json(summarize(path.read_bytes(), str(path)))
        return {r["name"]: r["inputs"] for r in result["layers"]}
    assert links(config) == links(config.with_name(config.name.replace(".keras.json", ".yaml")))


def test_sequential_config_prints_without_input_row() -> None:
    config = {"class_name": "Sequential", "config": {"name": "seq", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 8, 16], "dtype": "float32", "name": "input_layer"}},
        {"class_name": "LSTM", "config": {"name": "lstm", "units": 32, "return_sequences": False,
                                          "dtype": {"module": "keras", "class_name": "DTypePolicy",
                                                    "config": {"name": "float32"}}}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}]}}
    summary = summarize(json.dumps(config).encode(), "seq.json")
    assert summary.ok and not summary.functional
    assert [r.name for r in summary.layers] == ["lstm", "dense"]
    assert summary.total_params == 6_272 + 330


KERAS2_FUNCTIONAL = {
    "class_name": "Model", "keras_version": "2.13.1", "backend": "tensorflow",
    "config": {"name": "model", "layers": [
        {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
         "config": {"batch_input_shape": [None, 50, 10], "dtype": "float32", "sparse": False, "name": "input_1"}},
        {"class_name": "LSTM", "name": "lstm", "inbound_nodes": [[["input_1", 0, 0, {}]]],
         "config": {"name": "lstm", "trainable": True, "dtype": "float32", "return_sequences": True,
                    "return_state": False, "go_backwards": False, "stateful": False, "unroll": False,
                    "time_major": False, "units": 128, "activation": "tanh", "recurrent_activation": "sigmoid",
                    "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                    "unit_forget_bias": True, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2}},
        {"class_name": "LSTM", "name": "lstm_1", "inbound_nodes": [[["lstm", 0, 0, {}]]],
         "config": {"name": "lstm_1", "units": 64, "return_sequences": False, "time_major": False}},
        {"class_name": "Dense", "name": "dense", "inbound_nodes": [[["lstm_1", 0, 0, {}]]],
         "config": {"name": "dense", "units": 1, "activation": "sigmoid", "use_bias": True}}],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]}}


def test_keras2_functional_json() -> None:
    """Keras 3's model_from_json finds no class for tf.keras 2's module-less top level
    (recorded for every file in tests/fixtures/keras2_configs_keras3.json)."""
    _, layers, _, _, errors = rows(data=json.dumps(KERAS2_FUNCTIONAL).encode())
    assert errors == ["LC010"] and layers == []
    summary = summarize(json.dumps(KERAS2_FUNCTIONAL).encode(), "m.json")
    assert "model_from_json raises TypeError: Could not locate class 'Model'" in summary.diagnostics[0].message


def h5_form(config: dict[str, object], time_major: bool = False) -> dict[str, object]:
    """The same config as an .h5 file's model_config holds it (keras_version is a separate
    attribute there); without `time_major`, which Keras 3 refuses, unless TIME_MAJOR."""
    out = json.loads(json.dumps(config))
    for key in ("keras_version", "backend"):
        out.pop(key, None)
    for layer in out["config"]["layers"]:
        if not time_major:
            layer["config"].pop("time_major", None)
    return out


def test_keras2_functional_h5_config() -> None:
    name, layers, total, _, errors = rows(data=json.dumps(h5_form(KERAS2_FUNCTIONAL)).encode())
    assert errors == [] and name == "model"
    assert layers[0][:4] == ("lstm", "LSTM", [None, 50, 128], 71_168)
    assert total == 71_168 + 49_408 + 65
    summary = summarize(json.dumps(h5_form(KERAS2_FUNCTIONAL, time_major=True)).encode(), "m.json")
    assert [d.message for d in summary.diagnostics] == [
        "Unrecognized keyword arguments passed to LSTM: {'time_major': False}"]


def test_keras2_sequential_with_batch_input_shape_on_first_layer() -> None:
    """Keras 3's legacy loader makes `batch_input_shape` the layer's `input_shape`, batch axis
    and all (recorded: 'expected ndim=3, found ndim=4. Full shape received: (None, None, 3, 2)')."""
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "GRU", "config": {"name": "gru", "units": 4, "batch_input_shape": [None, 3, 2],
                                         "reset_after": True}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 1}}]}}
    summary = summarize(json.dumps(config).encode(), "s.json")
    assert not summary.ok and "(None, None, 3, 2)" in summary.diagnostics[0].message


def test_keras2_graph_with_merge_and_states() -> None:
    config = h5_form(KERAS2_FUNCTIONAL)
    layers = config["config"]["layers"]  # type: ignore[index]
    layers[1]["config"]["return_state"] = True
    layers[1]["config"]["return_sequences"] = False
    layers[2]["config"]["units"] = 128
    layers[2]["config"]["return_sequences"] = True
    layers[2]["inbound_nodes"] = [[["input_1", 0, 0, {}], ["lstm", 0, 1, {}], ["lstm", 0, 2, {}]]]
    layers.insert(3, {"class_name": "Concatenate", "name": "concatenate", "config": {"name": "concatenate", "axis": -1},
                      "inbound_nodes": [[["lstm_1", 0, 0, {}], ["input_1", 0, 0, {}]]]})
    layers[4]["inbound_nodes"] = [[["concatenate", 0, 0, {}]]]
    summary = summarize(json.dumps(config).encode(), "g.json")
    assert summary.ok, summary.diagnostics
    by_name = {r.name: r for r in summary.layers}
    assert by_name["lstm_1"].inputs == ("input_1", "lstm", "lstm") and by_name["lstm_1"].input_indices == (0, 1, 2)
    assert by_name["concatenate"].output_shape == (None, 50, 138)


def keras_archive(config: bytes, metadata: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", config)
        archive.writestr("metadata.json", json.dumps(metadata or {"keras_version": "3.15.1"}))
        archive.writestr("model.weights.h5", b"\x89HDF not read")
    return buffer.getvalue()


def test_keras_archive_reads_config_without_tensorflow() -> None:
    config = CASES / "seed_understanding_lstm.keras.json"
    data = keras_archive(config.read_bytes())
    assert rows(data=data) == rows(CASES / "seed_understanding_lstm.yaml")


def test_old_keras_archive_gets_a_warning() -> None:
    data = keras_archive((CASES / "seed_single_output.keras.json").read_bytes(), {"keras_version": "2.15.0"})
    summary = summarize(data, "old.keras")
    assert summary.ok and [d.code for d in summary.diagnostics] == ["LC021"]


def test_zip_bomb_is_refused_quickly() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", b" " * (64 * 1024 * 1024))  # 64 MiB of spaces, ~64 KiB packed
    summary = summarize(buffer.getvalue(), "bomb.keras")
    assert [d.code for d in summary.diagnostics] == ["LC002"]


@pytest.mark.parametrize("data", [b"PK\x03\x04not really a zip", keras_archive(b"{not json")])
def test_broken_archives(data: bytes) -> None:
    summary = summarize(data, "broken.keras")
    assert not summary.ok and summary.diagnostics[0].code == "LC001"


def test_archive_without_config() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("other.txt", "x")
    summary = summarize(buffer.getvalue(), "x.keras")
    assert summary.diagnostics[0].code == "LC010" and "config.json" in summary.diagnostics[0].message


@pytest.mark.parametrize("text", [
    '{"class_name": "Sequential", "config": {"layers": [}}',
    '{"class_name": "Functional", "config": "nope"}',
    '{"class_name": "Functional", "config": {"layers": []}}',
    '{"class_name": "Sequential", "config": {"layers": [{"class_name": "LSTM"}]}}',
    '{"class_name": "Functional", "config": {"layers": [' + '{"a": ' * 200 + '1' + '}' * 200 + ']}}',
])
def test_malformed_keras_json_is_a_diagnostic(text: str) -> None:
    summary = summarize(text.encode(), "bad.json")
    assert not summary.ok and summary.diagnostics[0].code in {"LC001", "LC002", "LC010"}


def test_deeply_nested_python_is_a_diagnostic() -> None:
    from lstmcalc.engine import summarize as run

    code = "import keras\nx = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    summary = run(code.encode(), "deep.py")
    assert not summary.ok and summary.diagnostics[0].code in {"LC001", "LC002"}


def test_a_reading_note_keeps_the_whole_summary() -> None:
    """A Keras 2 archive gets an LC021 note; the summary must keep its constructed layers and
    operation order (lint rules and `run` read them), not only its rows."""
    import io
    import zipfile

    config = (Path(__file__).parent / "conformance" / "cases" / "0000.keras.json").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", config)
        archive.writestr("metadata.json", '{"keras_version": "2.15.0"}')
    noted = summarize(buffer.getvalue(), "m.keras")
    plain = summarize(config, "m.json")
    assert [d.code for d in noted.diagnostics][:1] == ["LC021"]
    strip = lambda s: {k: v for k, v in summary_json(s).items() if k not in ("path", "diagnostics")}  # noqa: E731
    assert strip(noted) == strip(plain)
    assert [b.name for b in noted.constructed] == [b.name for b in plain.constructed] != []
    assert [r.name for r in noted.operations] == [r.name for r in plain.operations]
