"""Constructs the interpreter refuses, each with a diagnostic that names it, its line and
what to do (never a table built from a guess)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

HEAD = "import keras\nfrom keras import layers\n"


def refuse(tmp_path: Path, code: str, *args: str) -> list[str]:
    source = tmp_path / "model.py"
    source.write_text(HEAD + code)
    result = CliRunner().invoke(cli, ["summary", str(source), *args])
    assert result.exit_code == 1 and result.stdout == "", result.output
    return [line for line in result.stderr.splitlines() if "[error]" in line]


@pytest.mark.parametrize(("code", "words", "line"), [
    ("def stack(n, model):\n    if n == 0:\n        return model\n    model.add(layers.LSTM(4, return_sequences=True))\n"
     "    return stack(n - 1, model)\nm = stack(3, keras.Sequential([keras.Input((5, 2))]))\nm.summary()\n",
     "calls itself", 7),
    ("import sys\nn_layers = int(sys.argv[1])\nm = keras.Sequential([keras.Input((5, 2))])\n"
     "while len(m.layers) < n_layers:\n    m.add(layers.LSTM(4))\n",
     "the `while` loop builds layers depending on `len(m.layers) < n_layers`", 6),
    ("m = keras.Sequential([keras.Input((5, 2))])\ntry:\n    m.add(layers.LSTM(4))\nexcept ValueError:\n"
     "    m.add(layers.GRU(4))\n", "an `except` branch builds layers", 4),
    ("import json\nwidths = json.load(open('w.json'))\nm = keras.Sequential([keras.Input((5, 2))])\n"
     "for u in widths:\n    m.add(layers.LSTM(u))\n", "the loop over `widths` builds layers", 6),
    ("def build(units, steps=10):\n    return keras.Sequential([keras.Input((steps, 2)), layers.LSTM(units)])\n",
     "`build()` is never called, so its parameters `units`", 3),
    ("class Attention(layers.Layer):\n    pass\n"
     "m = keras.Sequential([keras.Input((5, 2)), layers.LSTM(4, return_sequences=True), Attention()])\n",
     "Attention (line 3) has no call() lstmcalc can read", 5),  # Keras prints `?` for its shape
    ("from keras.layers.recurrent import LSTM\nm = keras.Sequential([keras.Input((5, 2)), LSTM(4)])\n",
     "No module named 'keras.layers.recurrent'", 3),
    ("import numpy as np\nx = np.load('x.npy')\nm = keras.Sequential([keras.Input((5, 2)), layers.LSTM(4)])\n"
     "from mytools import make_optimizer\nm.compile(make_optimizer(), 'mse')\nm.fit(x, x)\nm.summary()\n",
     "runs after .fit()", 9),
    ("import numpy as np\nx = np.load('x.npy')\nm = keras.Sequential([layers.LSTM(4)])\nm.compile('adam', 'mse')\n"
     "m.fit(x, x)\nm.summary()\n", "is built by .fit() from `x`, whose shape is only known", 8),
    ("keras.config.set_floatx('float64')\nm = keras.Sequential([keras.Input((5, 2)), layers.LSTM(4)])\n",
     "changes Keras's global settings", 3),
])
def test_refused_with_a_diagnostic_at_its_line(tmp_path: Path, code: str, words: str, line: int) -> None:
    errors = refuse(tmp_path, code)
    assert any(words in e and f"model.py:{line}:" in e for e in errors), errors


def test_a_refused_builder_parameter_is_settable(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(HEAD + "def build(units, steps=10):\n"
                      "    return keras.Sequential([keras.Input((steps, 2)), layers.LSTM(units)])\n")
    result = CliRunner().invoke(cli, ["summary", str(source), "--set", "units=7"], env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "│ lstm (LSTM) " in result.stdout and "(None, 7)" in result.stdout


def test_a_dict_given_to_a_function_lstmcalc_cannot_follow_is_unknown_after(tmp_path: Path) -> None:
    """`tune(cfg)` may change cfg: what it holds afterwards is a run-time value, with a hint
    the shell accepts as written (double quotes around single ones)."""
    errors = refuse(tmp_path, "from mylib import tune\ncfg = {'units': 8}\ntune(cfg)\n"
                    "m = keras.Sequential([keras.Input((3, 2)), layers.LSTM(cfg['units'])])\n")
    assert len(errors) == 1 and "depends on `tune(cfg)` (line 5)" in errors[0]
    assert "--set \"cfg['units']=60\"" in errors[0]


def test_the_optimizer_table_is_keras_s() -> None:
    """readers/python/optimizers.py against what Keras 3.15 recorded for each optimizer."""
    import json

    from lstmcalc.readers.python.optimizers import Optimizer, state

    recorded = json.loads((Path(__file__).parent / "fixtures" / "keras3_optimizer_slots.json").read_text())
    for case in recorded["optimizers"]:
        given = Optimizer(case["optimizer"], case["options"]) if case["options"] else case["optimizer"]
        assert state(given) == (case["slots"], case["scalars"]), case


def test_several_uncalled_builders_need_model_to_pick_one(tmp_path: Path) -> None:
    """Which builder a project runs is not in the file; --model NAME runs that one, named as
    its own run would name it (tests/realworld/102 showed names piling up otherwise)."""
    code = ("def small():\n    return keras.Sequential([keras.Input((4, 2)), layers.LSTM(3)])\n"
            "def big():\n    return keras.Sequential([keras.Input((4, 2)), layers.GRU(5)])\n")
    errors = refuse(tmp_path, code)
    assert len(errors) == 1 and "2 model builders it never calls (`small`, `big`)" in errors[0]
    result = CliRunner().invoke(cli, ["summary", str(tmp_path / "model.py"), "--model", "big"],
                                env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "│ gru (GRU)" in result.stdout and 'Model: "sequential"' in result.stdout



def test_set_names_the_builders_parameter_not_a_layers_build_argument() -> None:
    """`--set input_shape=(10, 5)` gives the uncalled builder its parameter; inside the layer's
    build(input_shape) the name stays bound to the shapes Keras passes (tests/fixtures/set_scoping)."""
    folder = Path(__file__).parent / "fixtures" / "set_scoping"
    result = CliRunner().invoke(cli, ["summary", str(folder / "pair.py"), "--set", "input_shape=(10, 5)"],
                                env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    keras = (folder / "pair.keras3.txt").read_text()
    assert [line.rstrip() for line in result.stdout.splitlines()] == [line.rstrip() for line in keras.splitlines()]
