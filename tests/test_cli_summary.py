"""`lstmcalc summary` through click's CliRunner: output, diagnostics, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstmcalc.cli import cli

SPECS = Path(__file__).parent.parent / "specs"


def run(*args: str, stdin: str | None = None, env: dict[str, str | None] | None = None) -> Result:
    result = CliRunner(env=env or {"COLUMNS": "120"}).invoke(cli, ["summary", *args], input=stdin)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_clean_spec_prints_keras_table_and_exits_zero() -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"))
    assert result.exit_code == 0
    keras = (Path(__file__).parent / "conformance" / "summaries" / "seed_understanding_lstm.txt").read_text()
    assert result.output.rstrip("\n") == keras.rstrip("\n")


def test_several_specs_print_in_order() -> None:
    result = run(str(SPECS / "single_output.yaml"), str(SPECS / "understanding_lstm.yaml"))
    assert result.exit_code == 0
    titles = [line for line in result.output.splitlines() if line.startswith("Model:")]
    assert titles == ['Model: "single_output"', 'Model: "understanding_lstm"']


def test_warnings_do_not_fail() -> None:
    result = run("-", stdin="layers:\n  - {type: LSTM, units: 4}\n")
    assert result.exit_code == 0
    assert "LC020 [warning]" in result.output
    assert "0 (unbuilt)" in result.output and "│ lstm (LSTM)" in result.output and " ? " in result.output


@pytest.mark.parametrize(("text", "line", "col", "code", "fragment"), [
    ("layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, name: lstm1, units: 64}\n"
     "  - {type: LSTM, name: lstm2, units: 32}\n", 4, 5, "LC100", "(hint: set return_sequences=True on lstm1)"),
    ("layers:\n  - {type: Input, shape: [10]}\n  - {type: Dense, name: fc, units: 32}\n  - {type: LSTM, units: 16}\n",
     4, 5, "LC100", "fc outputs one vector per sample; add RepeatVector(n)"),
    ("layers:\n  - {type: Input, shape: [5, 320, 2]}\n  - {type: LSTM, units: 64}\n", 3, 5, "LC100",
     "wrap lstm in TimeDistributed"),
    ("layers:\n  - {type: Input, shape: [5, 2]}\n  - type: LTSM\n    units: 4\n", 3, 11, "LC012", "did you mean `LSTM`?"),
    ("layers:\n  - {type: Input, shape: [5, 2]}\n  - type: LSTM\n    unit: 4\n", 4, 5, "LC013", "did you mean `units`?"),
    ("layers:\n  - {type: Input, shape: [5, 2]}\n  - {type: LSTM, units: \"128\"}\n", 3, 25, "LC014",
     "remove the quotes: units: 128"),
    ("layers:\n  - {type: Input, shape: [5, 2]}\n  - {type: LSTM, units: true}\n", 3, 25, "LC014",
     "YAML reads true as a boolean"),
    ("layers:\n  - {type: Input, shape: [5, 2]\n  - {type: LSTM, units: 4}\n", 3, 3, "LC001", "YAML syntax error"),
    ("layers:\n  - {type: Input, shape: [5, 2]}\n  - {type: Conv1D, filters: 4, kernel_size: 9}\n", 3, 5, "LC102",
     "padding='same'"),
    ("layers:\n  - {type: Input, shape: [8, 4]}\n  - {type: Reshape, target_shape: [5, 5]}\n", 3, 5, "LC103",
     "holds 32 values per sample"),
])
def test_diagnostics_point_at_the_problem(tmp_path: Path, text: str, line: int, col: int, code: str,
                                          fragment: str) -> None:
    path = write(tmp_path, "m.yaml", text)
    result = run(path)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{path}:{line}:{col}: {code} [error]"), first
    assert fragment in first
    assert "Model:" not in result.output


def test_json_spec_file_with_positions(tmp_path: Path) -> None:
    path = write(tmp_path, "m.json", '{"layers": [\n  {"type": "Input", "shape": [5, 2]},\n'
                                     '  {"type": "LSTM", "units": 4},\n  {"type": "LSTM", "units": 2}\n]}')
    result = run("--format", "json", path)
    assert result.exit_code == 1
    (entry,) = json.loads(result.output)
    assert entry["total_params"] is None
    diagnostic = entry["diagnostics"][0]
    assert (diagnostic["code"], diagnostic["layer"], diagnostic["line"], diagnostic["column"]) == ("LC100", "lstm_1", 4, 3)


def test_json_contract() -> None:
    result = run("--format", "json", str(SPECS / "understanding_lstm.yaml"), str(SPECS / "error_2d_into_lstm.yaml"))
    assert result.exit_code == 1
    ok, broken = json.loads(result.output)
    assert ok["path"].endswith("understanding_lstm.yaml") and ok["name"] == "understanding_lstm"
    assert ok["total_params"] == 137_217 and ok["trainable_params"] == 137_217 and ok["non_trainable_params"] == 0
    lstm1 = ok["layers"][1]
    assert lstm1 | {"weights": None, "line": None, "column": None} == {
        "name": "lstm1", "type": "LSTM", "output_shape": [None, 50, 128], "params": 71_168,
        "trainable_params": 71_168, "non_trainable_params": 0, "weights": None, "line": None, "column": None,
        "cell": None, "inputs": ["input_layer[0]"],
        "nodes": [{"node": 0, "inputs": ["input_layer[0]"], "input_shape": [None, 50, 10],
                   "output_shape": [None, 50, 128], "in_model": True}]}
    assert [w["shape"] for w in lstm1["weights"]] == [[10, 512], [128, 512], [512]]
    assert ok["diagnostics"] == []
    assert broken["diagnostics"][0]["severity"] == "error" and broken["diagnostics"][0]["layer"] == "lstm2"


def test_line_length_and_colour() -> None:
    narrow = run("--line-length", "60", str(SPECS / "single_output.yaml"))
    assert max(len(line) for line in narrow.output.splitlines()) == 60
    coloured = run("--color", str(SPECS / "single_output.yaml"))
    assert "\x1b[" in coloured.output
    plain = run(str(SPECS / "single_output.yaml"))
    assert "\x1b[" not in plain.output
    no_color = run("--color", str(SPECS / "single_output.yaml"), env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert "\x1b[3" not in no_color.output  # bold may stay; no colours


def test_default_width_follows_the_terminal_like_keras() -> None:
    result = run(str(SPECS / "single_output.yaml"), env={"COLUMNS": "70"})
    assert max(len(line) for line in result.output.splitlines()) == 66  # min(88, 70 - 4)


@pytest.mark.parametrize("args", [
    ["no/such/file.yaml"], [], ["--format", "xml", "specs/understanding_lstm.yaml"],
    ["--line-length", "5", "specs/understanding_lstm.yaml"], ["--bogus"], ["specs"],
])
def test_usage_errors_exit_two(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2


def test_version_and_module_entry_point() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "lstmcalc", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("lstmcalc, version ")


def test_readme_shows_tf_keras2s_own_table_of_the_bundled_classifier() -> None:
    """README's `--keras 2` table is what lstmcalc prints for specs/understanding_lstm.yaml and
    what tf_keras 2.21 printed for the same spec (tests/conformance/summaries_keras2)."""
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text()
    section = readme.split("### tf.keras 2: `--keras 2`", 1)[1]
    block = section.split("```\n", 2)[1].rstrip("\n")
    recorded = (root / "tests" / "conformance" / "summaries_keras2" / "seed_understanding_lstm.txt").read_text()
    assert block == recorded.rstrip("\n")
    result = CliRunner().invoke(cli, ["summary", "--keras", "2", str(root / "specs" / "understanding_lstm.yaml")],
                                env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert result.output.rstrip("\n") == block
