"""Families combined as real recurrent models combine them (issue 11, mixed corpus).

Five models written as functional Python, Sequential Python, a Keras config (to_json) and a
.keras archive print Keras's exact table in every form; refusals whose wording Keras formats
from numpy arrays read as Keras's. Recorded by tools/keras_oracle/mixed_forms.py into
tests/fixtures/mixed_forms/ (COLUMNS=120).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize

FOLDER = Path(__file__).parent / "fixtures" / "mixed_forms"
RECORD = json.loads((FOLDER / "expected.json").read_text())
FILES = {"functional": "{}_functional.py", "sequential": "{}_sequential.py", "json": "{}.json", "keras": "{}.keras"}
FORMS = [(p["name"], form, table) for p in RECORD["programs"] for form, table in p["forms"].items()]


@pytest.mark.parametrize(("name", "form", "table"), FORMS, ids=[f"{n}-{f}" for n, f, _ in FORMS])
def test_every_form_prints_keras_table(name: str, form: str, table: str) -> None:
    path = FOLDER / FILES[form].format(name)
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == table.rstrip("\n")


REFUSALS = RECORD["refusals"]


@pytest.mark.parametrize("case", REFUSALS, ids=[c["name"] for c in REFUSALS])
def test_refusal_reads_as_keras_wrote_it(case: dict) -> None:
    """Keras's sentence (inside its bold escape when raised from call()) appears verbatim."""
    text = yaml.safe_dump({"layers": case["layers"]})
    summary = summarize(text.encode(), "case.yaml")
    errors = [d for d in summary.diagnostics if d.is_error]
    assert errors, case["message"]
    bold = re.search(r"\x1b\[1m(.*?)\x1b\[0m", case["message"], re.S)
    sentence = bold.group(1) if bold else case["message"]
    assert sentence in errors[0].message


def test_a_frame_mask_reaching_a_recurrent_layer_is_flagged() -> None:
    """Masking over (batch, t, h, w, c) keeps (batch, t, h, w); TimeDistributed passes it on and
    Keras's GRU fails in predict() (mixed corpus case 59; checked with Keras 3.15.1)."""
    from lstmcalc.lint import lint_bytes

    case = Path(__file__).parent / "keras_layers" / "mixed" / "cases" / "mixed_0059.yaml"
    found = [d for d in lint_bytes(case.read_bytes(), str(case)).diagnostics if d.code == "LC210"]
    assert [d.layer for d in found] == ["gru"]
    assert "(None, 8, 16, 16)" in found[0].message


def test_a_mask_softmax_cannot_broadcast_is_flagged() -> None:
    """Masking -> Softmax on (None, 10, 5): the (None, 10) mask does not broadcast; Keras's
    Softmax.call() refuses it in predict() (mixed corpus case 196; checked with Keras 3.15.1)."""
    from lstmcalc.lint import lint_bytes

    case = Path(__file__).parent / "keras_layers" / "mixed" / "cases" / "mixed_0196.yaml"
    found = [d for d in lint_bytes(case.read_bytes(), str(case)).diagnostics if d.code == "LC210"]
    assert [d.layer for d in found] == ["softmax"]
    assert "(None, 10)" in found[0].message and "(None, 10, 5)" in found[0].message
