"""Shared layers (a layer called several times: Keras node indices) and models used as
layers, against what Keras 3.15 printed: tests/fixtures/keras3_shared_nested.json, recorded
by tools/keras_oracle/shared_nested.py (COLUMNS=120)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.spec import load_spec

CASES = json.loads((Path(__file__).parent / "fixtures" / "keras3_shared_nested.json").read_text())


def _nested(case: dict[str, Any]) -> bool:
    return "type: Sequential" in case["spec"] or "type: Functional" in case["spec"]


BUILT = [c for c in CASES if "summary" in c]
REFUSED = [c for c in CASES if "raises" in c]
NESTED = [c for c in BUILT if _nested(c)]


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


def summary_text(tmp_path: Path, text: str, name: str = "m.yaml", *args: str) -> Any:
    path = tmp_path / name
    path.write_text(text)
    return CliRunner().invoke(cli, ["summary", *args, str(path)], env={"COLUMNS": "120"})


def test_the_fixture_covers_what_the_brief_asks() -> None:
    names = set(ids(CASES))
    assert {"siamese_lstm", "applied_three_times", "second_call_consumes_a_later_layer", "shared_bidirectional",
            "seq2seq_inference_encoder", "seq2seq_inference_decoder"} <= names
    assert "lstm_1[1][0]" in next(c for c in CASES if c["name"] == "seq2seq_inference_decoder")["summary"]


@pytest.mark.parametrize("case", BUILT, ids=ids(BUILT))
def test_spec_prints_what_keras_printed(case: dict[str, Any], tmp_path: Path) -> None:
    result = summary_text(tmp_path, case["spec"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["summary"].rstrip("\n")


@pytest.mark.parametrize("case", BUILT, ids=ids(BUILT))
def test_counts_per_layer_and_totals(case: dict[str, Any]) -> None:
    summary = summarize(case["spec"].encode(), "m.yaml")
    rows = {r.name: r for r in summary.layers}
    for want in case["layers"]:
        got = rows[want["name"]]
        assert (got.type, got.params, got.trainable_params, got.non_trainable_params) == (
            want["type"], want["params"], want["trainable_params"], want["non_trainable_params"])
    assert len(rows) == len(case["layers"])  # only the model's layers: a dead end is not one of them
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        case["total_params"], case["trainable_params"], case["non_trainable_params"])


@pytest.mark.parametrize("case", BUILT, ids=ids(BUILT))
def test_keras_config_reads_back_as_keras_reads_it(case: dict[str, Any], tmp_path: Path) -> None:
    """model.to_json() renumbers the nodes to the model's own (the decoder's lstm_1[1][0]
    becomes lstm_1[0][0]), as keras.models.model_from_json shows."""
    result = summary_text(tmp_path, case["keras_json"], "model.json")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["json_summary"].rstrip("\n")


@pytest.mark.parametrize("case", [c for c in BUILT if c["name"] in ("siamese_lstm", "seq2seq_training")],
                         ids=["siamese_lstm", "seq2seq_training"])
def test_keras_archive_with_shared_layers(case: dict[str, Any], tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", case["keras_json"])
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
    path = tmp_path / "model.keras"
    path.write_bytes(buffer.getvalue())
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["json_summary"].rstrip("\n")


def _keras2_links(config: dict[str, Any]) -> dict[str, Any]:
    """A Keras 3 functional config in Keras 2's inbound format: each call a list of
    [name, node_index, tensor_index, kwargs] links, initial states as extra inputs."""
    def links(call: dict[str, Any]) -> list[list[Any]]:
        found: list[list[Any]] = []

        def walk(value: Any) -> None:
            if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
                found.append([*value["config"]["keras_history"], {}])
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
        walk(call["args"])
        walk(call.get("kwargs", {}).get("initial_state"))
        return found
    for layer in config["config"]["layers"]:
        layer["inbound_nodes"] = [links(call) for call in layer["inbound_nodes"]]
    return config


@pytest.mark.parametrize("name", ["siamese_lstm", "seq2seq_inference_decoder", "shared_bidirectional"])
def test_keras2_inbound_nodes_with_node_indices(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == name)
    config = _keras2_links(json.loads(case["keras_json"]))
    result = summary_text(tmp_path, json.dumps(config), "model.json")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["json_summary"].rstrip("\n")


def _keras_message(message: str) -> str:
    """Keras's own line: a nested Sequential's call wraps it ("Exception encountered when
    calling Sequential.call().", the line in bold, then the arguments received)."""
    if message.startswith("Exception encountered when calling"):
        return re.sub(r"\x1b\[[0-9;]*m", "", message.split("\n\n")[1])
    return message


@pytest.mark.parametrize("case", REFUSED, ids=ids(REFUSED))
def test_keras_refusals(case: dict[str, Any], tmp_path: Path) -> None:
    summary = summarize(case["spec"].encode(), "m.yaml")
    first = next(d for d in summary.diagnostics if d.is_error)
    assert first.layer == case["layer"]  # "<model>": Keras refused the model as a whole (MODEL_LEVEL)
    assert first.message == _keras_message(case["message"])


@pytest.mark.parametrize("name", ["shared_lstm_other_width", "shared_gru_other_width",
                                  "shared_timedistributed_other_width"])
def test_rebuild_with_other_width_warns(name: str) -> None:
    """Keras builds these (it checks no axis on a later call), but they fail when run."""
    case = next(c for c in CASES if c["name"] == name)
    summary = summarize(case["spec"].encode(), "m.yaml")
    assert summary.ok
    assert [d.code for d in summary.diagnostics] == ["LC109"]


@pytest.mark.parametrize("case", BUILT, ids=ids(BUILT))
@pytest.mark.parametrize("target", ["yaml", "json"])
def test_convert_keeps_every_call(case: dict[str, Any], target: str, tmp_path: Path) -> None:
    source = tmp_path / "m.yaml"
    source.write_text(case["spec"])
    converted = CliRunner().invoke(cli, ["convert", str(source), "--to", target])
    assert converted.exit_code == 0, converted.output
    result = summary_text(tmp_path, converted.stdout, f"again.{target}")
    assert result.stdout.rstrip("\n") == case["summary"].rstrip("\n")


def test_convert_to_keras_calls_one_object(tmp_path: Path) -> None:
    """Whether Keras prints the same is checked by tools/keras_oracle/check_emitted.py."""
    case = next(c for c in CASES if c["name"] == "applied_three_times")
    source = tmp_path / "m.yaml"
    source.write_text(case["spec"])
    result = CliRunner().invoke(cli, ["convert", str(source), "--to", "keras"])
    assert result.exit_code == 0, result.output
    assert "lstm_layer = layers.LSTM(" in result.stdout
    assert [line.split(" = ")[1] for line in result.stdout.splitlines() if "lstm_layer(" in line] == [
        "lstm_layer(input_layer)", "lstm_layer(input_layer_1)", "lstm_layer(input_layer_2)"]


def test_json_lists_each_call() -> None:
    case = next(c for c in CASES if c["name"] == "seq2seq_inference_decoder")
    from lstmcalc.render.json_out import summary_json

    layers = {entry["name"]: entry for entry in summary_json(summarize(case["spec"].encode(), "m.yaml"))["layers"]}
    decoder = layers["lstm_1"]
    assert decoder["inputs"] == ["input_layer_1[0]", "input_layer_2[0]", "input_layer_3[0]"]  # this model's call
    assert [(n["node"], n["in_model"]) for n in decoder["nodes"]] == [(0, False), (1, True)]
    assert decoder["nodes"][0]["inputs"] == ["input_layer_1[0]", "lstm[1]", "lstm[2]"]
    assert layers["dense"]["inputs"] == ["lstm_1@1[0]"]
    assert "lstm" not in layers  # the encoder is another model's


@pytest.mark.parametrize(("command", "code"), [(["diagram"], "LC040"), (["explain"], "LC041")])
def test_commands_that_draw_one_call_per_layer_refuse(command: list[str], code: str, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(CASES[0]["spec"])
    result = CliRunner().invoke(cli, [*command, str(path)])
    assert result.exit_code == 1
    assert f"{code} [error] lstm is called 2 times (a shared layer)" in result.stderr
    assert "<svg" not in result.stdout and "params" not in result.stdout


def test_run_refuses_shared_layers(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    path = tmp_path / "m.yaml"
    path.write_text(CASES[0]["spec"])
    result = CliRunner().invoke(cli, ["run", str(path)])
    assert result.exit_code == 1
    assert "'lstm' is called more than once (a shared layer)" in result.stderr


@pytest.mark.parametrize(("text", "code", "fragment"), [
    ("layers:\n  - {type: LSTM, units: 2, input_shape: [3, 2]}\n  - {call: lstm}\n", "LC010", "needs a graph spec"),
    ("layers:\n  - {type: Input, shape: [3, 2]}\n  - {type: LSTM, units: 2}\n  - {call: lstn, inputs: input_layer}\n",
     "LC031", "`call` names 'lstn'"),
    ("layers:\n  - {type: Input, shape: [3, 2]}\n  - {type: LSTM, units: 2}\n  - {type: Dense, units: 1, inputs: lstm@1}\n",
     "LC031", "lstm is called 1 time before it"),
    ("layers:\n  - {type: Input, shape: [3, 2]}\n  - {type: LSTM, units: 2}\ninputs: [lstm]\n",
     "LC031", "`inputs` names 'lstm', which is not an Input layer"),
    ("layers:\n  - {type: Input, shape: [3, 2]}\n  - {type: LSTM, units: 2}\n  - {call: lstm, inputs: input_layer, "
     "units: 3}\n", "LC013", "a `call:` entry takes `inputs` and `initial_state`"),
])
def test_spec_mistakes_with_calls(text: str, code: str, fragment: str) -> None:
    summary = summarize(text.encode(), "m.yaml")
    first = next(d for d in summary.diagnostics if d.is_error)
    assert first.code == code and fragment in first.message, first


def test_ref_syntax_round_trips() -> None:
    spec, problems = load_spec(b"layers:\n  - {type: Input, shape: [3]}\n  - {type: Dense, units: 2}\n"
                               b"  - {call: dense, inputs: input_layer}\noutputs: ['dense@1[0]', dense]\n", "m.yaml")
    assert spec is not None and not problems
    assert [str(r) for r in spec.outputs] == ["dense@1[0]", "dense"]
    assert [(r.name, r.node, r.output) for r in spec.outputs] == [("dense", 1, 0), ("dense", 0, None)]
    assert len(spec.layers) == 2 and len(spec.layers[1].calls) == 1


@pytest.mark.parametrize("case", NESTED, ids=ids(NESTED))
def test_expand_nested_prints_what_keras_printed(case: dict[str, Any], tmp_path: Path) -> None:
    """summary(expand_nested=True): a nested model's layers under its row, "   " * level + "└ "."""
    result = summary_text(tmp_path, case["spec"], "m.yaml", "--expand-nested")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["summary_expanded"].rstrip("\n")


@pytest.mark.parametrize("case", NESTED, ids=ids(NESTED))
def test_expand_nested_from_keras_config(case: dict[str, Any], tmp_path: Path) -> None:
    result = summary_text(tmp_path, case["keras_json"], "model.json", "--expand-nested")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["summary_expanded"].rstrip("\n")


@pytest.mark.parametrize("case", NESTED, ids=ids(NESTED))
def test_json_rows_of_nested_models(case: dict[str, Any]) -> None:
    """A model's row holds its own rows under `layers`; the counts are Keras's."""
    from lstmcalc.render.json_out import summary_json

    out = summary_json(summarize(case["spec"].encode(), "m.yaml"))
    rows = {entry["name"]: entry for entry in out["layers"]}
    for want in case["layers"]:
        got = rows[want["name"]]
        assert (got["type"], got["params"], got["trainable_params"], got["non_trainable_params"]) == (
            want["type"], want["params"], want["trainable_params"], want["non_trainable_params"])
        if want["type"] in ("Sequential", "Functional"):
            assert sum(inner["params"] for inner in got["layers"]) == got["params"]
        else:
            assert "layers" not in got
    assert (out["total_params"], out["trainable_params"], out["non_trainable_params"]) == (
        case["total_params"], case["trainable_params"], case["non_trainable_params"])
    expanded = []
    for line in case["summary_expanded"].splitlines():
        cell = line.split("│")[1] if line.startswith("│") else ""
        if "└ " in cell:
            indent = cell.index("└") - 1
            expanded.append((indent // 3, cell.split("└ ")[1].split()[0]))

    def walk(entries: list[dict[str, Any]], level: int) -> list[tuple[int, str]]:
        found = []
        for entry in entries:
            if level:
                found.append((level, entry["name"]))
            found += walk(entry.get("layers", []), level + 1)
        return found
    assert walk(out["layers"], 0) == expanded


def test_keras_archive_with_nested_models(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "frozen_functional_called_twice")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", case["keras_json"])
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
    path = tmp_path / "model.keras"
    path.write_bytes(buffer.getvalue())
    result = CliRunner().invoke(cli, ["summary", "--expand-nested", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == case["summary_expanded"].rstrip("\n")


def _deep(levels: int) -> str:
    inner = "{type: Dense, units: 2}"
    for _ in range(levels):
        inner = f"{{type: Sequential, layers: [{inner}]}}"
    return f"layers:\n  - {{type: Input, shape: [3]}}\n  - {inner}\n"


def test_nesting_a_few_levels_works() -> None:
    summary = summarize(_deep(3).encode(), "m.yaml")
    assert summary.ok, summary.diagnostics
    assert summary.total_params == 8


@pytest.mark.parametrize("levels", [9, 40, 400])
def test_deep_nesting_is_a_diagnostic(levels: int) -> None:
    summary = summarize(_deep(levels).encode(), "m.yaml")
    assert not summary.ok
    first = next(d for d in summary.diagnostics if d.is_error)
    assert first.code in ("LC002", "LC010"), first  # the YAML reader's own depth cap may speak first


def test_deep_nesting_in_a_keras_config_is_a_diagnostic(tmp_path: Path) -> None:
    config: dict[str, Any] = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}
    for level in range(12):
        config = {"module": "keras", "class_name": "Sequential",
                  "config": {"name": f"s{level}", "layers": [config]}}
    result = summary_text(tmp_path, json.dumps(config), "model.json")
    assert result.exit_code == 1
    assert "LC002 [error]" in result.stderr and "nest more than" in result.stderr


def test_engine_caps_depth_of_a_spec_built_elsewhere() -> None:
    """Readers cap nesting too; the engine holds the cap for any ModelSpec."""
    from lstmcalc.engine import analyze
    from lstmcalc.span import Span
    from lstmcalc.spec.model import LayerSpec, ModelSpec

    inner: LayerSpec = LayerSpec("Dense", Span(1, 1), Span(1, 1), args={})
    from lstmcalc.spec.model import ArgSpec

    inner = inner._replace(args={"units": ArgSpec(2, Span(1, 1), Span(1, 1))})
    for _ in range(30):
        inner = LayerSpec("Sequential", Span(1, 1), Span(1, 1), model=ModelSpec("", (inner,)))
    top = ModelSpec("m", (LayerSpec("Input", Span(1, 1), Span(1, 1), args={"shape": ArgSpec([3], Span(1, 1),
                                                                                           Span(1, 1))}), inner))
    summary = analyze(top)
    assert [d.code for d in summary.diagnostics if d.is_error][:1] == ["LC002"]


def test_many_calls_of_a_model_with_new_shapes_stay_bounded() -> None:
    """Each call with new shapes runs the model's graph again: cached per shape, and counted."""
    calls = "\n".join(f"  - {{type: Input, shape: [{n}, 4], name: i{n}}}" for n in range(2, 60))
    calls += "\n" + "\n".join(f"  - {{call: enc, inputs: i{n}}}" for n in range(2, 60))
    text = ("layers:\n  - {type: Input, shape: [1, 4], name: i1}\n"
            "  - {type: Functional, name: enc, inputs: i1, layers: [{type: Input, shape: [null, 4]}, "
            "{type: LSTM, units: 3, return_sequences: true}]}\n" + calls + "\n")
    summary = summarize(text.encode(), "m.yaml")
    assert summary.ok, summary.diagnostics[:2]
    assert summary.total_params == 96


def test_model_inside_a_wrapper_is_refused() -> None:
    text = ("layers:\n  - {type: Input, shape: [5, 3, 2]}\n"
            "  - {type: TimeDistributed, layer: {type: Sequential, layers: [{type: Dense, units: 2}]}}\n")
    summary = summarize(text.encode(), "m.yaml")
    first = next(d for d in summary.diagnostics if d.is_error)
    assert first.code == "LC033" and "wrapped in another layer" in first.message


def test_model_arguments_are_checked() -> None:
    text = ("layers:\n  - {type: Input, shape: [3]}\n"
            "  - {type: Sequential, units: 3, layers: [{type: Dense, units: 2}]}\n")
    first = next(d for d in summarize(text.encode(), "m.yaml").diagnostics if d.is_error)
    assert first.code == "LC013" and "'units'" in first.message


def test_nested_model_takes_no_initial_state() -> None:
    text = ("layers:\n  - {type: Input, shape: [3, 2]}\n  - {type: Input, shape: [4]}\n"
            "  - {type: Functional, name: f, layers: [{type: Input, shape: [3, 2]}, {type: LSTM, units: 4}], "
            "inputs: input_layer, initial_state: [input_layer_1]}\n")
    errors = [d for d in summarize(text.encode(), "m.yaml").diagnostics if d.is_error]
    assert errors and errors[0].code in ("LC013", "LC107"), errors


def test_schema_accepts_calls_and_node_references() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from lstmcalc.schema import spec_schema

    validator = jsonschema.Draft202012Validator(spec_schema())
    for case in BUILT:
        assert not list(validator.iter_errors(yaml.safe_load(case["spec"]))), case["name"]
    bad = {"layers": [{"type": "Input", "shape": [3]}, {"call": "dense", "units": 3}]}
    assert list(validator.iter_errors(bad))


@pytest.mark.parametrize(("command", "fragment"), [
    (["explain"], "LC041 [error] encoder is a Sequential model used as a layer"),
    (["diagram"], "LC040 [error] encoder is a Sequential model used as a layer"),
])
def test_commands_that_describe_single_layers_refuse_nested_models(command: list[str], fragment: str,
                                                                   tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "sequential_in_functional")
    path = tmp_path / "m.yaml"
    path.write_text(case["spec"])
    result = CliRunner().invoke(cli, [*command, str(path)])
    assert result.exit_code == 1
    assert fragment in result.stderr
    assert "<svg" not in result.stdout and "params" not in result.stdout


def test_run_refuses_nested_models(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    case = next(c for c in CASES if c["name"] == "sequential_in_functional")
    path = tmp_path / "m.yaml"
    path.write_text(case["spec"])
    result = CliRunner().invoke(cli, ["run", str(path)])
    assert result.exit_code == 1
    assert "'encoder' is a Sequential model used as a layer" in result.stderr


def test_convert_to_keras_builds_each_model_where_listed(tmp_path: Path) -> None:
    """Whether Keras prints the same is checked by tools/keras_oracle/check_emitted.py."""
    case = next(c for c in CASES if c["name"] == "frozen_functional_called_twice")
    source = tmp_path / "m.yaml"
    source.write_text(case["spec"])
    result = CliRunner().invoke(cli, ["convert", str(source), "--to", "keras"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    built = next(i for i, line in enumerate(lines) if line.startswith("tower_model = keras.Model("))
    assert lines[built + 1] == "tower_model.trainable = False"
    assert [line.split(" = ")[1] for line in lines if "tower_model(" in line] == ["tower_model(a)", "tower_model(b)"]


def test_json_output_carries_nested_rows_from_the_cli(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "nested_two_levels")
    result = summary_text(tmp_path, case["spec"], "m.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    outer = next(r for r in json.loads(result.stdout)[0]["layers"] if r["name"] == "outer_block")
    assert [r["name"] for r in outer["layers"]] == ["inner_block", "lstm"]
    assert [r["name"] for r in outer["layers"][0]["layers"]] == ["dense", "dropout"]
    assert outer["layers"][0]["output_shape"] == [None, 10, 6]
