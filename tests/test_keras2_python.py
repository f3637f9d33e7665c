"""`--keras 2`: Keras 2 code read as tf_keras 2.21 runs it, exactly.

Every expectation comes from tests/fixtures/keras2_legacy_args.json, which
tools/keras_oracle/legacy_args_keras2.py recorded from tf_keras 2.21 (with `keras` taken as
tf_keras, as `--keras 2` reads it): the exception Python raised and its line, or each layer's
name, class, output shape and parameter count, the model's name and its input names. The
printed Keras 2 table is another test's business: this compares the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "fixtures" / "keras2_legacy_args.json").read_text(encoding="utf-8"))


def _id(case: dict[str, Any]) -> str:
    return case["program"].split("\n", 1)[-1].replace("keras.layers.", "")[:80]


def _run(program: str, tmp_path: Path, keras: str = "2") -> tuple[int, dict[str, Any]]:
    source = tmp_path / "model.py"
    source.write_text(program + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", "--keras", keras, "--format", "json", str(source)])
    assert result.stdout.strip(), result.output
    return result.exit_code, json.loads(result.stdout)[0]


def _shape(shape: Any) -> Any:
    # tf_keras gives a functional model's InputLayer output_shape as a list of one shape
    if isinstance(shape, list) and len(shape) == 1 and isinstance(shape[0], list):
        return shape[0]
    return shape


#: Python messages whose words lstmcalc repeats (the rest are checked by line: Keras's own
#: crash inside a build, e.g. int(None), is not words lstmcalc copies).
QUOTED = ("Keyword argument not understood:", "No module named", "cannot import name", "has no attribute",
          "Unrecognized keyword arguments", "got an unexpected keyword argument")


#: Cases the engine (lstmcalc/engine, the lead's) does not answer as tf_keras 2.21 yet, each a
#: strict xfail naming the gap, so that the fix turns it into a failure to remove from here.
ENGINE_GAPS = {
    "import keras\nm0 = keras.Sequential([keras.layers.LSTM(3)])\nm0.build((2, 7, 5))\n"
    "model = keras.Sequential([m0])":
        "tf_keras: a Sequential whose first layer is a Sequential built by build() (no Input) stays unbuilt",
}


def _marks(case: dict[str, Any]) -> list[pytest.MarkDecorator]:
    """The CuDNN layer types are the engine's to add (lstmcalc/layers): until REGISTRY has them,
    a program that builds one is refused (LC012), and this strict xfail says so; once it
    has them the case runs as any other."""
    from lstmcalc.layers import REGISTRY

    if case["program"] in ENGINE_GAPS:
        return [pytest.mark.xfail(strict=True, reason=ENGINE_GAPS[case["program"]])]
    builds_cudnn = "raises" not in case and any(layer["class"].startswith("CuDNN") for layer in case.get("layers", []))
    if builds_cudnn and not {"CuDNNLSTM", "CuDNNGRU"} <= set(REGISTRY):
        return [pytest.mark.xfail(strict=True, reason="the engine has no CuDNNLSTM/CuDNNGRU layer types yet")]
    return []


@pytest.mark.parametrize("case", [pytest.param(c, marks=_marks(c), id=_id(c)) for c in CASES])
def test_python_code_gets_tf_keras2s_answer(case: dict[str, Any], tmp_path: Path) -> None:
    code, summary = _run(case["program"], tmp_path)
    if "raises" in case:
        errors = [d for d in summary["diagnostics"] if d["severity"] == "error"]
        assert code == 1 and not summary["ok"], summary
        assert errors and errors[0]["line"] == case["line"], errors
        text = CliRunner().invoke(cli, ["summary", "--keras", "2", str(tmp_path / "model.py")])
        assert text.exit_code == 1 and text.stdout == "", text.stdout  # no table
        if any(words in case["message"] for words in QUOTED):
            # the module a failed `from X import Y` names is tf_keras's own file: compare up to it
            words = case["message"].split(" from ")[0] if case["raises"] == "ImportError" else case["message"]
            words = words.replace("'tf_keras'", "'keras'") if "tf_keras." not in case["program"] else words
            assert any(words in d["message"] for d in errors), (words, errors)
        return
    assert code == 0, summary["diagnostics"]
    assert summary["name"] == case["name"]
    got = [layer for layer in summary["layers"] if layer["type"] != "InputLayer" or case["layers"][0]["class"]
           == "InputLayer"]
    assert [layer["name"] for layer in got] == [layer["name"] for layer in case["layers"]]
    for mine, theirs in zip(got, case["layers"], strict=True):
        if theirs["class"] not in ("Functional", "Sequential"):
            assert mine["type"] == theirs["class"]
        if case["built"]:
            assert mine["output_shape"] == _shape(theirs["output_shape"]), (mine["name"], theirs)
            assert mine["params"] == theirs["params"], mine["name"]
        else:
            assert mine["output_shape"] is None


def test_the_fixture_covers_every_rule() -> None:
    """The recorded programs keep covering what the brief lists (so a trimmed fixture fails)."""
    programs = "\n".join(c["program"] for c in CASES)
    for needle in ("input_dim=", "input_length=", "batch_input_shape=", "batch_size=", "Bidirectional(",
                   "TimeDistributed(", "Conv1D(", "Embedding(", "SimpleRNN(", "seed=", "batch_shape=",
                   "Model(input=", ".add(", "CuDNNLSTM", "keras.layers.recurrent", "tf_keras", "tf.keras"):
        assert needle in programs, needle
    assert len(CASES) >= 100
    assert sum("raises" in c for c in CASES) >= 20


KERAS2_HINT = "`--keras 2` shows the tf.keras 2 answer"


@pytest.mark.parametrize(("program", "hinted"), [
    ("import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, batch_input_shape=(2, 10, 3))])", True),
    ("import keras\nmodel = keras.Sequential([keras.layers.Dense(4, batch_size=2, input_shape=(3,))])", True),
    ("import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_dim=3, input_shape=(10, 3))])", True),
    ("import keras\nfrom keras.layers import CuDNNLSTM\nmodel = None", True),
    ("from tensorflow.keras.layers import CuDNNGRU\nmodel = None", True),
    ("import tf_keras\nmodel = None", True),
    ("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.CuDNNLSTM(4)])", True),
    # tf_keras 2.21 has no keras.layers.recurrent either: no promise that --keras 2 reads it
    ("from keras.layers.recurrent import LSTM\nmodel = None", False),
    ("import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 3), foo=1)])", False),
])
def test_keras3_refusals_of_keras2_idioms_point_at_keras2(program: str, hinted: bool, tmp_path: Path) -> None:
    """Under Keras 3 (the default) the answer is unchanged, a refusal; where tf.keras 2 takes
    the code, the hint says `--keras 2` gives its answer, and only there."""
    source = tmp_path / "model.py"
    source.write_text(program + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", str(source)])
    assert result.exit_code == 1 and result.stdout == ""
    assert (KERAS2_HINT in result.stderr) is hinted, result.stderr


@pytest.mark.parametrize("program", [
    "import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_dim=3, input_length=5)])",
    "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Embedding(10, 4), tf.keras.layers.LSTM(2)])",
    "import keras\nx = keras.Input(shape=(10, 3))\nmodel = keras.Model(x, keras.layers.LSTM(4)(x))",
])
def test_keras3_answers_are_unchanged_by_the_keras2_reader(program: str, tmp_path: Path) -> None:
    """The same file read for Keras 3 keeps Keras 3's answer (its names and its refusals)."""
    code3, keras3 = _run(program, tmp_path, keras="3")
    code2, keras2 = _run(program, tmp_path, keras="2")
    assert code2 == 0
    if "Input(" in program:
        assert code3 == 0 and [layer["name"] for layer in keras3["layers"]] == ["input_layer", "lstm"]
        assert [layer["name"] for layer in keras2["layers"]] == ["input_1", "lstm"]
    elif "input_length" in program:
        assert code3 == 1 and "Unrecognized keyword arguments" in str(keras3["diagnostics"])
    else:  # Keras 3 drops nothing here but builds nothing: Embedding gives no input shape
        assert code3 == 0 and keras3["layers"][0]["output_shape"] is None
        assert keras2["layers"][0]["output_shape"] == [None, None, 4]


@pytest.mark.parametrize("keras", ["2", "3"])
def test_a_layer_after_an_input_ignores_its_own_input_arguments(keras: str, tmp_path: Path) -> None:
    """`Sequential([Input((10, 3)), LSTM(4, input_shape=(7, 2))])`: both Kerases read (10, 3),
    128 parameters (tf_keras 2.21 in the fixture; Keras 3.15.1 gave [('lstm', 128)] in
    /tmp/kenv). lstmcalc's reader once let the LSTM's input_shape win (112)."""
    code, summary = _run("import keras\nmodel = keras.Sequential([keras.Input(shape=(10, 3)), "
                         "keras.layers.LSTM(4, input_shape=(7, 2))])", tmp_path, keras=keras)
    assert code == 0 and [(layer["name"], layer["params"]) for layer in summary["layers"]] == [("lstm", 128)]
