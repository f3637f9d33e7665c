"""Keras 2 input arguments in Python code get Keras 3's treatment, exactly.

Every expectation comes from tests/fixtures/keras3_legacy_args.json, which
tools/keras_oracle/legacy_args.py recorded from Keras 3.15 (COLUMNS=120): the exception
Keras raised, or the summary text it printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

CASES = json.loads((Path(__file__).parent / "fixtures" / "keras3_legacy_args.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["program"][19:70] for c in CASES])
def test_python_code_gets_keras3s_answer(case: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(f"import keras\nmodel = {case['program']}\nmodel.summary()\n")
    result = CliRunner().invoke(cli, ["summary", str(source)], env={"COLUMNS": "120"})
    if "raises" in case:
        assert result.exit_code == 1 and result.stdout == ""
        if case["message"].startswith("Unrecognized keyword arguments"):
            assert case["message"] in result.stderr
        else:
            assert "expected ndim=3, found ndim=2" in case["message"]
            assert "expected ndim=3, found ndim=2" in result.stderr
    else:
        assert result.exit_code == 0, result.output
        assert result.stdout.rstrip("\n") == case["summary"].rstrip("\n")
        if any(w.startswith("Argument `input_length` is deprecated") for w in case["warnings"]):
            assert "LC205 [warning] Argument `input_length` is deprecated" in result.stderr


@pytest.mark.parametrize(("source", "name"), [
    ("import keras\nfrom keras.layers import CuDNNLSTM\n"
     "model = keras.Sequential([keras.Input(shape=(5, 3)), CuDNNLSTM(4)])\n", "model.py"),
    ("layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: CuDNNGRU, units: 2}\n", "model.yaml"),
])
def test_cudnn_layers_keras3_removed_are_named_with_their_replacement(source: str, name: str, tmp_path: Path) -> None:
    """Keras 3.15.1: `keras.layers.CuDNNLSTM` raises AttributeError and `from keras.layers
    import CuDNNGRU` ImportError (checked in the oracle venv); lstmcalc says what replaced them."""
    path = tmp_path / name
    path.write_text(source)
    result = CliRunner().invoke(cli, ["summary", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    # code stops at the import as Keras 3 does (LC036, ImportError); a spec gets LC012; both name the replacement
    assert ("LC012 [error] Keras 3 removed CuDNN" in result.stderr
            or "LC036 [error] ImportError: cannot import name 'CuDNNLSTM'" in result.stderr)
    assert "Keras 3 removed CuDNN" in result.stderr and "LC203" in result.stderr
