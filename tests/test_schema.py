"""`lstmcalc schema`: a valid draft 2020-12 schema that accepts the corpus and rejects bad specs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.layers import REGISTRY

CASES = sorted((Path(__file__).parent / "conformance" / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_covers_every_registered_layer(validator: jsonschema.Draft202012Validator) -> None:
    defs = validator.schema["$defs"]
    assert set(REGISTRY) <= set(defs)
    assert defs["LSTM"]["properties"]["units"]["allOf"][1] == {"minimum": 1}
    assert "units" in defs["LSTM"]["required"]


def test_every_corpus_spec_validates(validator: jsonschema.Draft202012Validator) -> None:
    assert len(CASES) == 314
    invalid = [p.name for p in CASES if not validator.is_valid(yaml.safe_load(p.read_text()))]
    assert invalid == []


@pytest.mark.parametrize("text", [
    "layers: []",
    "name: 3\nlayers:\n  - {type: Dense, units: 2}",
    "layers:\n  - {type: LTSM, units: 3}",
    "layers:\n  - {type: LSTM, units: '3'}",
    "layers:\n  - {type: LSTM, units: true}",
    "layers:\n  - {type: LSTM, unit: 3}",
    "layers:\n  - {type: LSTM, units: 0}",
    "layers:\n  - {type: Dense}",
    "layers:\n  - {type: Dropout, rate: 1.5}",
    "layers:\n  - {type: Bidirectional, layer: {type: LSTM}}",
    "layers:\n  - {type: LSTM, units: 3, activation: tanhh}",
    "extra: 1\nlayers:\n  - {type: Dense, units: 2}",
])
def test_invalid_specs_fail(validator: jsonschema.Draft202012Validator, text: str) -> None:
    assert not validator.is_valid(yaml.safe_load(text))


def test_committed_schema_copy_is_current() -> None:
    """docs/spec-v1.schema.json is for editors to point at; regenerate with `lstmcalc schema`."""
    committed = Path(__file__).parent.parent / "docs" / "spec-v1.schema.json"
    assert committed.read_text() == CliRunner().invoke(cli, ["schema"]).output
