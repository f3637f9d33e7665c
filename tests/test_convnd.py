"""N-D convolutions and ConvLSTMs through every reader, against tables recorded from Keras.

tests/fixtures/convnd/*.txt are Keras 3.15.1's model.summary() (COLUMNS=120) of
specs/next_frame_prediction.py and tests/fixtures/convnd/all_types.py, and *.keras.json
their model.to_json(); the messages below are those tests/fixtures/keras_layers.json
recorded for the same layers.
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

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "convnd"
TABLE = json.loads((Path(__file__).parent / "fixtures" / "keras_layers.json").read_text())["rows"]


def summary_text(path: Path) -> str:
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("source", "table"), [
    ("specs/next_frame_prediction.yaml", "next_frame_prediction.txt"),
    ("specs/next_frame_prediction.py", "next_frame_prediction.txt"),
    ("tests/fixtures/convnd/next_frame_prediction.keras.json", "next_frame_prediction.txt"),
    ("tests/fixtures/convnd/all_types.py", "all_types.txt"),
    ("tests/fixtures/convnd/all_types.keras.json", "all_types.txt"),
])
def test_prints_keras_table(source: str, table: str) -> None:
    assert summary_text(ROOT / source) == (FIXTURES / table).read_text()


def _refusal(layer: dict, shape: list) -> str:
    data = yaml.safe_dump({"layers": [{"type": "Input", "batch_shape": shape}, layer]}).encode()
    errors = [d for d in summarize(data, "x.yaml").diagnostics if d.is_error]
    assert errors and errors[0].hint is not None
    return errors[0].message


@pytest.mark.parametrize("row", [r for r in TABLE if "error" in r and r["type"] in (
    "Conv2D", "Conv3D", "Conv1DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
    "DepthwiseConv2D", "ConvLSTM2D", "ConvLSTM1D") and "ValueError" in r["error"]],
    ids=lambda r: f"{r['type']}{sorted(r['args'].items())}@{r['input_shape']}")
def test_refusals_say_what_keras_says(row: dict) -> None:
    keras_message = row["error"].removeprefix("ValueError: ")
    if "Exception encountered" in keras_message:  # Keras wraps call() errors: compare the inner message
        keras_message = keras_message.split("\x1b[1m")[1].split("\x1b[0m")[0]
    message = _refusal({"type": row["type"], **row["args"]}, row["input_shape"])
    keras_message = keras_message.replace("kernel_size=(3, 3, 3)", "kernel_size=[3, 3, 3]").replace(
        "kernel_size=(2, 2)", "kernel_size=[2, 2]")  # the table passed tuples; a spec gives lists
    if keras_message.startswith("Input 0 with name"):  # lstmcalc words rank errors its way, quoting Keras
        keras_message = keras_message.split("incompatible with the layer: ")[1].split(". Full shape")[0]
    # Keras formats some allowed values as a Python set, whose order follows the hash seed
    # of the process that recorded it: compare sets as sets.
    keras_message, message = _sorted_sets(keras_message), _sorted_sets(message)
    assert keras_message in message or message in keras_message, (message, keras_message)


def _sorted_sets(text: str) -> str:
    return re.sub(r"\{('[^{}]*')\}", lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", text)


def test_convlstm_lint_diagram_explain_do_not_stumble() -> None:
    spec = str(ROOT / "specs/next_frame_prediction.yaml")
    runner = CliRunner()
    assert runner.invoke(cli, ["lint", spec]).exit_code in (0, 1)
    diagram = runner.invoke(cli, ["diagram", spec])
    assert diagram.exit_code == 0 and "<svg" in diagram.output
    explained = runner.invoke(cli, ["explain", spec, "--layer", "conv_lstm2d"])
    assert "4 × (5 × 5 × 1 × 64 + 5 × 5 × 64 × 64 + 64) = 416,256" in explained.output


def test_convert_emits_keras_class_names_and_aliases() -> None:
    result = CliRunner().invoke(cli, ["convert", str(ROOT / "specs/next_frame_prediction.yaml"), "--to", "keras"])
    assert result.exit_code == 0
    assert "layers.ConvLSTM2D(" in result.output and "layers.Conv3D(" in result.output
