"""The Keras 2 summary table (`--keras 2`) against what tf_keras 2.21 printed:
tests/keras2_summary_options, recorded by tools/keras_oracle/keras2_summary_options.py.

Every record runs `python -m lstmcalc summary --keras 2` with the matching command-line
options and must print tf_keras's text byte for byte; where tf_keras raised, lstmcalc prints
no table and says what Keras 2 raises (LC038 for the options; for an unbuilt model, the
ValueError Model.summary() raises).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_summary_options import cli_args  # the same summary() options as command-line flags

CORPUS = Path(__file__).parent / "keras2_summary_options"
RECORDS = [json.loads(line) for line in (CORPUS / "expected.jsonl").read_text().splitlines() if line]
SPEC_RECORDS = [r for r in RECORDS if "spec" in r]
PROGRAM_RECORDS = [r for r in RECORDS if "program" in r]


#: records lstmcalc's engine does not match yet, outside the table renderer (strict: a fix
#: turns the xfail into a failure, so the marker is removed with it)
ENGINE_GAPS: dict[str, str] = {}


def lstmcalc(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["COLUMNS"] = "120"
    return subprocess.run([sys.executable, "-m", "lstmcalc", "summary", "--keras", "2", *args],
                          capture_output=True, text=True, env=env, check=False)


def test_the_corpus_covers_what_it_claims() -> None:
    assert len(RECORDS) >= 80
    seen = {key for r in SPEC_RECORDS for key in r["options"]}
    assert seen == {"show_trainable", "expand_nested", "layer_range", "positions", "line_length"}
    texts = "".join(r.get("keras_text", "") for r in RECORDS)
    for mark in ("Connected to", "multiple", "|¯", "[(None, ", "Trainable", "(Bidirectio"):
        assert mark in texts, mark
    # print_row's breaks after "'," (a list of connections) and after ")," (a list of shapes)
    assert re.search(r"\[0\]\[0\]',\s*\n", texts)
    assert re.search(r"\),\s*\n", texts)
    errors = [r["keras_error"]["message"] for r in RECORDS if "keras_error" in r]
    assert any(m.startswith("Passed layer_names do not match") for m in errors)
    assert any(m.startswith("This model has not yet been built") for m in errors)
    assert {p.stem for p in (CORPUS / "cases").glob("*.yaml")} == {r["spec"] for r in SPEC_RECORDS}
    assert {p.stem for p in (CORPUS / "programs").glob("*.py")} == {r["program"] for r in PROGRAM_RECORDS}
    assert len(PROGRAM_RECORDS) >= 6


def _marked(record: dict[str, Any]) -> Any:
    gap = ENGINE_GAPS.get(record["spec"] if "spec" in record else record["case"])
    return pytest.param(record, marks=pytest.mark.xfail(reason=gap, strict=True)) if gap else record


@pytest.mark.parametrize("record", [_marked(r) for r in SPEC_RECORDS], ids=[r["case"] for r in SPEC_RECORDS])
def test_prints_what_tf_keras_printed(record: dict[str, Any]) -> None:
    result = lstmcalc(*cli_args(record["options"]), str(CORPUS / "cases" / f"{record['spec']}.yaml"))
    if "keras_error" in record:
        error = record["keras_error"]
        assert result.stdout == ""
        if error["type"] == "Endless":  # tf_keras's print_row never finishes: lstmcalc refuses
            assert "would print lines forever" in result.stderr
        else:
            assert f"raises {error['type']}" in result.stderr
            assert error["message"] in result.stderr
        if not error["message"].startswith("This model has not yet been built"):
            assert result.returncode == 1  # summary() options Keras 2 cannot print: LC038
            assert "LC038 [error]" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    assert result.stdout == record["keras_text"]
    assert "[error]" not in result.stderr


@pytest.mark.parametrize("record", [_marked(r) for r in PROGRAM_RECORDS], ids=[r["case"] for r in PROGRAM_RECORDS])
def test_program_prints_what_tf_keras_printed(record: dict[str, Any]) -> None:
    """A Python program's own model.summary(...) call, options and all, read by the Python reader."""
    assert "keras_error" not in record
    result = lstmcalc(str(CORPUS / "programs" / f"{record['program']}.py"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == record["keras_text"]


def test_json_says_which_keras() -> None:
    spec = str(CORPUS / "cases" / "func_chain.yaml")
    for version in ("2", "3"):
        result = subprocess.run([sys.executable, "-m", "lstmcalc", "summary", "--keras", version, "--format", "json",
                                 spec], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert [r["keras"] for r in json.loads(result.stdout)] == [int(version)]


def test_expand_wrappers_is_refused_for_keras2() -> None:
    """lstmcalc's --expand-wrappers rows extend Keras 3's table only: no Keras 2 table is invented."""
    result = lstmcalc("--expand-wrappers", str(CORPUS / "cases" / "func_residual.yaml"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "LC038 [error]" in result.stderr and "--expand-wrappers" in result.stderr


def test_keras3_summary_does_not_import_the_keras2_table() -> None:
    code = ("import sys, io\nfrom click.testing import CliRunner\nfrom lstmcalc.cli import cli\n"
            f"CliRunner().invoke(cli, ['summary', {str(CORPUS / 'cases' / 'func_chain.yaml')!r}])\n"
            "print('lstmcalc.render.keras2_table' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "False", result.stderr
