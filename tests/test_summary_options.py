"""summary()'s options (show_trainable, positions, layer_range, line_length, expand_nested)
against what Keras 3.15 printed: tests/keras_summary_options, recorded by
tools/keras_oracle/summary_options.py with COLUMNS=120 and no colour.

Every spec record runs through `lstmcalc summary` with the matching command-line options and
must print Keras's text byte for byte, or, where Keras raised, exit 1 with LC038 quoting
Keras's message and print no table. Every program record runs the Python file through the
Python reader, whose own model.summary(...) call carries the options.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lstmcalc.cli import cli
from lstmcalc.render.keras_table import WRAPPERS_NOTE

CORPUS = Path(__file__).parent / "keras_summary_options"
RECORDS = [json.loads(line) for line in (CORPUS / "expected.jsonl").read_text().splitlines() if line]
SPEC_RECORDS = [r for r in RECORDS if "spec" in r]
PROGRAM_RECORDS = [r for r in RECORDS if "program" in r]


def cli_args(options: dict[str, Any]) -> list[str]:
    args: list[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif key == "positions":
            args += [flag, ",".join(repr(v) for v in value)]
        elif key == "layer_range":
            args += [flag, *value]
        else:
            args += [flag, str(value)]
    return args


def run(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "120", "NO_COLOR": None}).invoke(cli, ["summary", *args])


def test_the_corpus_covers_what_it_claims() -> None:
    assert len(RECORDS) >= 60
    seen = {key for r in SPEC_RECORDS for key in r["options"]}
    assert seen == {"show_trainable", "expand_nested", "layer_range", "positions", "line_length", "expand_wrappers"}
    pairs = {frozenset(r["options"]) for r in SPEC_RECORDS}
    for pair in ({"show_trainable", "expand_nested"}, {"layer_range", "expand_nested"},
                 {"positions", "show_trainable"}, {"line_length", "show_trainable"}):
        assert any(pair <= p for p in pairs), pair
    errors = [r["keras_error"]["message"] for r in RECORDS if "keras_error" in r]
    assert any(m.startswith("Passed layer_names do not match") for m in errors)
    assert any(m == "Insufficient console width to print summary." for m in errors)
    assert {p.stem for p in (CORPUS / "cases").glob("*.yaml")} == {r["spec"] for r in SPEC_RECORDS}
    assert {p.stem for p in (CORPUS / "programs").glob("*.py")} == {r["program"] for r in PROGRAM_RECORDS}


@pytest.mark.parametrize("record", SPEC_RECORDS, ids=[r["case"] for r in SPEC_RECORDS])
def test_spec_prints_what_keras_printed(record: dict[str, Any]) -> None:
    result = run(*cli_args(record["options"]), str(CORPUS / "cases" / f"{record['spec']}.yaml"))
    if "keras_error" in record:
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert "LC038 [error]" in result.stderr
        assert f"raises {record['keras_error']['type']}" in result.stderr
        assert record["keras_error"]["message"] in result.stderr
        return
    assert result.exit_code == 0, result.output
    expected = record["keras_text"]
    if record["options"].get("expand_wrappers"):  # lstmcalc's extension, said so after the table
        expected += WRAPPERS_NOTE + "\n"
    assert result.stdout == expected
    assert "[error]" not in result.stderr


@pytest.mark.parametrize("record", PROGRAM_RECORDS, ids=[r["case"] for r in PROGRAM_RECORDS])
def test_program_prints_what_keras_printed(record: dict[str, Any]) -> None:
    result = run("--from", "python", str(CORPUS / "programs" / f"{record['program']}.py"))
    if "keras_error" in record:
        assert result.exit_code == 1, result.output
        assert result.stdout == record["keras_text"] == ""
        assert "LC038 [error]" in result.stderr
        assert f"raises {record['keras_error']['type']}" in result.stderr
        assert record["keras_error"]["message"] in result.stderr
        assert ":5:1:" in result.stderr  # the summary() call's line
        return
    assert result.exit_code == 0, result.output
    assert result.stdout == record["keras_text"]


def test_expand_nested_alone_prints_no_footnote() -> None:
    """--expand-nested stays Keras's: wrappers are one row each and nothing follows the footer."""
    spec = CORPUS / "cases" / "seq_wrappers.yaml"
    plain = run("--expand-nested", str(spec))
    assert plain.exit_code == 0
    assert "forward_lstm" not in plain.stdout and WRAPPERS_NOTE not in plain.stdout
    assert plain.stdout.endswith(" Non-trainable params: 0 (0.00 B)\n")
    wrapped = run("--expand-wrappers", str(spec))
    assert "   └ forward_lstm (LSTM)" in wrapped.stdout
    assert wrapped.stdout.endswith(WRAPPERS_NOTE + "\n")


def test_expand_wrappers_without_wrappers_adds_nothing() -> None:
    spec = str(CORPUS / "cases" / "func_frozen_nested.yaml")
    assert run("--expand-wrappers", spec).stdout == run("--expand-nested", spec).stdout


@pytest.mark.parametrize("value", ["0.4,abc,1", "nan,0.5,1", "1e400,0.5,1", "0.4,,1", "99999999,1,1"])
def test_positions_must_be_numbers(value: str) -> None:
    result = run("--positions", value, str(CORPUS / "cases" / "seq_stack.yaml"))
    assert result.exit_code == 2
    assert "--positions" in result.stderr


def test_positions_keep_integers_as_keras_multiplies_them() -> None:
    """`--positions 30,60,70` is not `0.3,0.6,0.7`: Keras multiplies 30 by the line length."""
    spec = str(CORPUS / "cases" / "seq_stack.yaml")
    assert run("--positions", "30,60,70", spec).stdout != run("--positions", "0.3,0.6,0.7", spec).stdout


def test_an_invalid_regular_expression_is_a_diagnostic() -> None:
    result = run("--layer-range", "(", "dense", str(CORPUS / "cases" / "seq_stack.yaml"))
    assert result.exit_code == 1
    assert "LC038 [error]" in result.stderr and "re.error" in result.stderr
    assert result.stdout == ""


def test_json_output_is_unchanged_by_the_table_options() -> None:
    spec = str(CORPUS / "cases" / "seq_frozen_layers.yaml")
    plain = run("--format", "json", spec)
    assert plain.exit_code == 0
    assert run("--format", "json", "--show-trainable", "--layer-range", "lstm", "gru", spec).stdout == plain.stdout


def _python(tmp_path: Path, call: str, name: str = "lstm") -> Result:
    path = tmp_path / "model.py"
    path.write_text("import keras\nfrom keras import layers\n"
                    f"model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8, name={name!r}), "
                    "layers.Dense(2)])\n" + call + "\n")
    return run("--from", "python", str(path))


@pytest.mark.parametrize("pattern", ["(a+)+$", "(x|xx)*y", r"(a)\1", "(.*a){3}", "x" * 201])
def test_a_pattern_from_code_that_could_backtrack_for_hours_is_refused(tmp_path: Path, pattern: str) -> None:
    """Python's re has no time limit and a file is untrusted: re.match of `(a+)+$` on a
    40-character name would take hours, so lstmcalc refuses such a pattern before matching."""
    result = _python(tmp_path, f"model.summary(layer_range=[{pattern!r}, 'dense'])", name="a" * 40 + "b")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "model.py:4:1: LC038 [error] lstmcalc does not run the layer_range pattern" in result.stderr


def test_several_repeats_are_refused_only_for_long_names(tmp_path: Path) -> None:
    call = "model.summary(layer_range=['.*a.*a.*c', 'dense'])"
    assert _python(tmp_path, call, name="a" * 400).exit_code == 1  # 400 ** 3 steps
    short = _python(tmp_path, call, name="a" * 20)  # 20 ** 3: matched as Keras matches it
    assert "does not run" not in short.stderr
    assert "Passed layer_names do not match the layer names in the model" in short.stderr


def test_a_plain_pattern_from_code_is_matched_as_keras_matches_it(tmp_path: Path) -> None:
    result = _python(tmp_path, "model.summary(layer_range=['ls.*', 'd(en|x)se'])")
    assert result.exit_code == 0, result.output
    assert "lstm (LSTM)" in result.stdout and "dense (Dense)" in result.stdout


def test_command_line_patterns_are_the_users_own_and_run_as_given() -> None:
    """The guard is for files: a pattern typed on the command line runs as Keras runs it."""
    result = run("--layer-range", "(l|d)+.*", "(d+)+", str(CORPUS / "cases" / "seq_stack.yaml"))
    assert result.exit_code == 0, result.output
    assert "lstm (LSTM)" in result.stdout and "dense_1 (Dense)" in result.stdout


def test_positions_in_code_must_be_numbers(tmp_path: Path) -> None:
    result = _python(tmp_path, "model.summary(positions=['a', 'b', 'c'])")
    assert result.exit_code == 1
    assert "LC038 [error]" in result.stderr and "is not a list of numbers" in result.stderr
