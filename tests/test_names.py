"""Layer names used twice: lstmcalc refuses where Keras 3 refuses, with Keras's own words
(tests/keras_layers/names, recorded from Keras 3.15.1 by tools/keras_oracle/oracle.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstmcalc.engine import summarize

CORPUS = Path(__file__).parent / "keras_layers" / "names"
RECORDS = [json.loads(line) for line in (CORPUS / "expected.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("record", RECORDS, ids=[r["case"] for r in RECORDS])
def test_the_first_error_is_keras_s(record: dict) -> None:
    path = CORPUS / "cases" / f"{record['case']}.yaml"
    summary = summarize(path.read_bytes(), str(path), None)
    first = next(d for d in summary.diagnostics if d.is_error)
    kind, _, message = record["keras_error"].partition(": ")
    assert kind == "ValueError" and (first.layer, first.message) == (record["error_layer"], message)
