"""Keras configs (model.to_json() and .keras archives) of models with a user-defined layer class,
recorded from Keras 3.15 by tools/keras_oracle/custom_layer_configs.py: lstmcalc refuses them with
a diagnostic that names the class and points to both ways on (the Python file that defines it, or
a `Custom` layer in a spec), and never prints a table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

FOLDER = Path(__file__).parent / "fixtures" / "keras3_custom_layers"
RECORDS = json.loads((FOLDER / "records.json").read_text())
CLASSES = {"functional_attention": "AttentionLayer", "sequential_registered_attention": "ContextAttention"}


def summary(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", [".json", ".keras"])
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_custom_class_refused_with_both_ways_on(name: str, suffix: str) -> None:
    kind = CLASSES[name]
    assert f"Could not locate class '{kind}'" in RECORDS[name]["model_from_json"]  # what Keras says
    assert f"({kind})" in RECORDS[name]["summary"]  # Keras built it with the class at hand
    code, out, err = summary(FOLDER / f"{name}{suffix}")
    assert code == 1 and not out.strip()
    assert " LC012 [error] " in err and "Traceback" not in err
    assert f"'{kind}' is a user-defined layer class" in err
    assert f"Could not locate class '{kind}'" in err
    assert f"the Python file that defines {kind}" in err
    assert f"{{type: Custom, class_name: {kind}, output_shape: [...]" in err
    if name == "sequential_registered_attention":
        assert "registered as 'MyLayers>ContextAttention'" in err


def _with(layer_index: int, **changes: object) -> dict:
    config = json.loads((FOLDER / "functional_attention.json").read_text())
    config["config"]["layers"][layer_index].update(changes)
    return config


@pytest.mark.parametrize("changes, shown", [
    ({"class_name": "LSTM", "registered_name": "LSTM"}, "'LSTM' is a user-defined layer class"),  # shadows Keras's
    ({"module": "my_layers"}, "its `module` is 'my_layers'"),
    ({"class_name": "Att\x1b[2Jn", "registered_name": "x\nY"}, "registered as 'x\\nY'"),
])
def test_module_says_custom(tmp_path: Path, changes: dict, shown: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(_with(2, **changes)))
    code, out, err = summary(path)
    assert code == 1 and not out.strip() and " LC012 " in err and shown in err
    assert "\x1b" not in err


def test_keras_modules_are_not_custom(tmp_path: Path) -> None:
    """The same config with the layer's `module` a Keras one falls to the type lookup."""
    path = tmp_path / "model.json"
    path.write_text(json.dumps(_with(2, module="keras.layers", registered_name=None)))
    code, out, err = summary(path)
    assert code == 1 and not out.strip() and "user-defined" not in err and "unknown layer type" in err
