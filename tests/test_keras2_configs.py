"""tf.keras 2 model files read under `--keras 2`: what tf.keras 2 itself makes of them.

tools/keras_oracle/keras2_configs.py saved each model with tf_keras 2.21 into
tests/fixtures/keras2_configs/ (`model.to_json()`) and keras2_h5/ (`model.save(..h5)`);
tools/keras_oracle/keras2_configs_keras2.py recorded what tf_keras 2.21 reads back from each
(`model_from_json`, `load_model(compile=False)`) in tests/fixtures/keras2_configs_keras2.json:
every layer's name, class, `output_shape` and parameter count, the totals, and the printed
summary. (tests/test_keras2_files.py holds what Keras 3 makes of the same files.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = json.loads((FIXTURES / "keras2_configs_keras2.json").read_text())
NAMES = sorted(k for k in RECORDED if k != "keras_version")


def _json(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["summary", "--keras", "2", "--format", "json", str(path)],
                                env={"COLUMNS": "120"})
    assert result.exit_code in (0, 1), result.output
    answer: dict[str, Any] = json.loads(result.stdout)[0]
    return answer


def _rows(answer: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(r["name"], r["type"], r["output_shape"], r["params"]) for r in answer["layers"] if r["type"] != "InputLayer"]


def test_every_saved_model_is_recorded_by_tf_keras() -> None:
    assert RECORDED["keras_version"] == "2.21.0"
    assert sorted(p.stem for p in (FIXTURES / "keras2_configs").glob("*.json")) == NAMES


@pytest.mark.parametrize("reading", ["json", "h5"])
@pytest.mark.parametrize("name", NAMES)
def test_keras2_reads_its_own_files(name: str, reading: str) -> None:
    answer = RECORDED[name][reading]
    if reading == "h5":
        pytest.importorskip("h5py")
    path = FIXTURES / ("keras2_configs" if reading == "json" else "keras2_h5") / f"{name}.{reading}"
    got = _json(path)
    assert "raises" not in answer  # tf.keras 2 reads back every file it wrote
    assert not [d for d in got["diagnostics"] if d["severity"] == "error"], got["diagnostics"]
    want = [(r["name"], r["class"], r["output_shape"], r["params"]) for r in answer["layers"] if r["class"] != "InputLayer"]
    assert _rows(got) == want
    assert (got["total_params"], got["trainable_params"]) == (answer["total_params"], answer["trainable_params"])


@pytest.mark.parametrize("name", NAMES)
def test_keras3_refuses_what_only_keras2_reads_and_points_to_it(name: str) -> None:
    """Keras 3 refuses every to_json() text of tf.keras 2; the hint names --keras 2."""
    result = CliRunner().invoke(cli, ["summary", str(FIXTURES / "keras2_configs" / f"{name}.json")],
                                env={"COLUMNS": "120"})
    assert result.exit_code == 1 and result.stdout == ""
    assert "--keras 2" in result.stderr


def test_keras2_refuses_a_keras3_config_as_tf_keras_does() -> None:
    """tf_keras 2.21's model_from_json of a Keras 3 config (every one of the shared corpus's
    .keras.json files, tried by hand) raises at the InputLayer's `batch_shape`."""
    got = _json(Path(__file__).parent / "conformance" / "cases" / "seed_return_sequences.keras.json")
    first = next(d for d in got["diagnostics"] if d["severity"] == "error")
    assert "Unrecognized keyword arguments: ['batch_shape']" in first["message"]
