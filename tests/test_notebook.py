"""Jupyter notebooks and their .py exports: code cells in order, IPython lines replaced line
for line, positions as `path:cell N:line:col`. The summaries were recorded by running each
notebook in IPython with Keras 3.15 (tools/keras_oracle/notebooks.py ->
tests/fixtures/keras3_notebooks.json, COLUMNS=120)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.readers.notebook import python_lines
from lstmcalc.safety.limits import MAX_NOTEBOOK_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
CASES = json.loads((FIXTURES / "keras3_notebooks.json").read_text())


def notebook(*cells: tuple[str, Any], **top: Any) -> str:
    body = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
            "cells": [{"cell_type": kind, "metadata": {}, "source": source} for kind, source in cells]}
    return json.dumps({**body, **top})


def run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, env={"COLUMNS": "120"})


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_notebook_prints_what_keras_printed(case: dict[str, Any]) -> None:
    result = run(["summary", str(FIXTURES / "notebooks" / case["name"])])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.rstrip("\n") == case["summary"].rstrip("\n")


# --- positions --------------------------------------------------------------------------------

SPLIT = notebook(
    ("markdown", "# A model over three cells\n"),
    ("code", ["!pip install keras\n", "import keras\n", "from keras import layers\n"]),
    ("markdown", ["data\n"]),
    ("code", ["%matplotlib inline\n", "steps = !wc -l data.csv\n", "model = keras.Sequential()\n",
              "model.add(keras.Input(shape=(steps, 3)))\n"]),
)


@pytest.fixture
def split(tmp_path: Path) -> Path:
    path = tmp_path / "split.ipynb"
    path.write_text(SPLIT)
    return path


def test_a_position_names_the_cell_in_text(split: Path) -> None:
    """Cell 4 is the fourth cell of all (markdown counts, as in Jupyter and ruff)."""
    result = run(["summary", str(split)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{split}:cell 4:4:30: LC030 [error] `steps` is only known when the code runs")


def test_a_position_names_the_cell_in_json(split: Path) -> None:
    result = run(["summary", "--format", "json", str(split)])
    found = json.loads(result.stdout)[0]["diagnostics"]
    assert [(d["code"], d["cell"], d["line"], d["column"]) for d in found] == [("LC030", 4, 4, 30)]


def test_a_position_names_the_cell_in_every_lint_format(split: Path) -> None:
    text = run(["lint", str(split)]).stdout
    assert f"{split}:cell 4:4:30: LC030" in text
    data = json.loads(run(["lint", "--format", "json", str(split)]).stdout)
    assert data["files"][0]["diagnostics"][0]["cell"] == 4
    github = run(["lint", "--format", "github", str(split)]).stdout
    assert f"::error file={split},title=LC030::cell 4:4:30: `steps`" in github  # no made-up file line
    sarif = json.loads(run(["lint", "--format", "sarif", str(split)]).stdout)["runs"][0]["results"][0]
    assert sarif["properties"] == {"cell": 4}
    assert sarif["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 30}
    assert sarif["message"]["text"].startswith("cell 4:4:30: ")
    assert "cell 4:4:30: LC030" in run(["lint", "--format", "junit", str(split)]).stdout


def test_plain_files_keep_a_null_cell(tmp_path: Path) -> None:
    spec = tmp_path / "m.yaml"
    spec.write_text("layers:\n  - {type: LSTM, units: 4}\n")
    found = json.loads(run(["lint", "--format", "json", str(spec)]).stdout)["files"][0]["diagnostics"]
    assert found and all(d["cell"] is None for d in found)


def test_a_suppression_comment_in_a_cell(tmp_path: Path) -> None:
    path = tmp_path / "s.ipynb"
    path.write_text(notebook(
        ("code", "import keras\n"),
        ("code", "model = keras.Sequential([keras.layers.LSTM(4)])  # lstmcalc: disable=LC020\n")))
    result = run(["lint", str(path)])
    assert "LC020" not in result.stdout and "LC209" not in result.stdout, result.stdout


def test_engine_positions_map_to_cells(tmp_path: Path) -> None:
    """A shape error found by the engine points at the layer's cell, line and column."""
    path = tmp_path / "shape.ipynb"
    path.write_text(notebook(
        ("code", "import keras\nfrom keras import layers\n"),
        ("code", "model = keras.Sequential([\n    keras.Input((5,)),\n    layers.LSTM(3),\n])\n")))
    result = run(["summary", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:cell 2:3:5: LC100")


def test_a_syntax_error_is_placed_in_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "syntax.ipynb"
    path.write_text(notebook(("code", "import keras\n"), ("markdown", "x"), ("code", "x = (1,\n")))
    result = run(["summary", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:cell 3:1:5: LC001 [error] Python syntax error")


def test_each_cell_must_be_complete_python(tmp_path: Path) -> None:
    """Jupyter compiles each cell on its own: a statement cannot run on into the next cell,
    even though the cells joined would parse."""
    path = tmp_path / "open.ipynb"
    path.write_text(notebook(
        ("code", "import keras\nmodel = keras.Sequential()\nfor units in (4, 2):\n"),
        ("code", "    model.add(keras.layers.Dense(units))\n")))
    result = run(["summary", str(path)])
    assert result.exit_code == 1
    assert ":cell 1:" in result.stderr and "LC001" in result.stderr


# --- IPython syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "python"), [
    ("!pip install keras\n", "pass\n"),
    ("    !ls -la\n", "    pass\n"),
    ("%matplotlib inline\n", "pass\n"),
    ("files = !ls\n", "files = get_ipython()\n"),
    ("a, b = %sx ls\n", "a, b = get_ipython()\n"),
    ("model.summary?\n", "pass\n"),
    ("?keras.layers.LSTM\n", "pass\n"),
    ("keras.layers.LSTM??\n", "pass\n"),
    ("%time x = f(1)\n", "pass; x = f(1)\n"),
    ("pip install keras\n", "pass\n"),
    ("cd ..\n", "pass\n"),
    ("x = 1 % 2\n", "x = 1 % 2\n"),
    ("pip = 3\n", "pip = 3\n"),
    ("time.sleep(1)\n", "time.sleep(1)\n"),
])
def test_ipython_line(line: str, python: str) -> None:
    assert python_lines(line, 1)[0] == python


@pytest.mark.parametrize("source", [
    "x = (a\n     != b)\n",  # a continuation line may start with ! or %
    "y = [1,\n     %s]\n",
    's = """\n!not a command\n%not a magic\n"""\n',
    "t = 1 + \\\n    !x\n",
    "# !pip in a comment\n",
])
def test_only_statement_starts_are_ipython(source: str) -> None:
    assert python_lines(source, 1)[0] == source


def test_positions_are_kept() -> None:
    code, _ = python_lines("!pip install x\n%time model.add(LSTM(4))\nx = 1\n", 1)
    assert code.splitlines()[1].index("model") == "%time model.add(LSTM(4))".index("model")
    assert len(code.splitlines()) == 3


@pytest.mark.parametrize(("cell", "read"), [
    ("%%time\nx = 1\n", "pass\nx = 1\n"),
    ("\n%%capture out\nx = 1\n", "\npass\nx = 1\n"),
    ("%%bash\necho hi\n", "\n\n"),
    ("%%writefile m.py\nx = 1\n", "\n\n"),
])
def test_cell_magics(cell: str, read: str) -> None:
    code, notes = python_lines(cell, 2)
    assert code == read and notes == []


@pytest.mark.parametrize("cell", ["%%timeit\nmodel.add(x)\n", "%%sql\nSELECT 1\n"])
def test_cell_magics_not_followed_are_warned_about(cell: str) -> None:
    code, notes = python_lines(cell, 2)
    assert code == "\n\n"
    assert [(d.code, d.span.where()) for d in notes] == [("LC022", "cell 2:1:1")]


def test_a_py_export_keeps_its_time_cells() -> None:
    """In a .py export a `%%time` line is where a cell started: its body is Python."""
    assert python_lines("%%time\nx = 1\n", None, cell_start=False) == ("pass\nx = 1\n", [])
    code, notes = python_lines("x = 1\n%%time\ny = 2\n", 4)  # below a cell's first line
    assert code == "x = 1\npass\ny = 2\n" and [d.code for d in notes] == ["LC022"]


def test_line_magics_not_followed_are_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "run.ipynb"
    path.write_text(notebook(("code", "import keras\n%run setup.py\n"),
                             ("code", "model = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n")))
    result = run(["summary", str(path)])
    assert result.exit_code == 0
    assert f"{path}:cell 1:2:1: LC022 [warning] `%run`" in result.stderr


def test_a_py_export_with_ipython_lines(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "colab_export.py")
    result = run(["summary", str(FIXTURES / "notebooks" / "colab_export.py")])
    assert result.exit_code == 0 and result.stdout.rstrip("\n") == case["summary"].rstrip("\n")


def test_a_py_export_keeps_file_positions(tmp_path: Path) -> None:
    path = tmp_path / "export.py"
    path.write_text("!pip install keras\nimport keras\nmodel = keras.Sequential([keras.Input((n, 2))])\n")
    result = run(["summary", str(path)])
    assert result.stderr.startswith(f"{path}:3:40: LC030")


def test_notebook_from_stdin_is_sniffed() -> None:
    source = notebook(("code", "import keras\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"))
    result = CliRunner().invoke(cli, ["summary", "-"], input=source, env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "lstm (LSTM)" in result.stdout


def test_nbformat_3_worksheets(tmp_path: Path) -> None:
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "heading", "level": 1, "source": "Old"},
        {"cell_type": "code", "language": "python", "input": ["import keras\n", "model = keras.Sequential("
                                                                "[keras.Input((3, 2)), keras.layers.LSTM(4)])\n"]},
    ]}]}))
    result = run(["summary", str(path)])
    assert result.exit_code == 0 and "lstm (LSTM)" in result.stdout


# --- malformed notebooks ----------------------------------------------------------------------


@pytest.mark.parametrize(("content", "code", "words"), [
    ("<html>Not found</html>", "LC001", "a notebook is JSON"),
    ('{"cells": [', "LC001", "a notebook is JSON"),
    ("[1, 2]", "LC005", "holds a list"),
    ('{"nbformat": 4}', "LC005", "has neither"),
    ('{"cells": {"a": 1}}', "LC005", "is an object"),
    ('{"cells": [3]}', "LC005", "cell 1 should be a JSON object"),
    ('{"cells": [{"cell_type": "code", "source": 7}]}', "LC005", "source of cell 1"),
    ('{"cells": [{"cell_type": "code", "source": ["a", 2]}]}', "LC005", "source of cell 1"),
    ('{"cells": [{"cell_type": "code"}]}', "LC005", "but it is null"),
    ('{"metadata": {"language_info": {"name": "R"}}, "cells": []}', "LC005", "Python notebooks"),
    ("[" * 100_000 + "]" * 100_000, "LC002", "nests too deeply"),
    ('{"cells": [{"cell_type": "code", "source": "' + "x = 1\\n" * 40_000 + '"}]}', "LC002", "characters"),
    ('{"cells": [{"cell_type": "code", "source": "x = 1\\u0000"}]}', "LC003", "null"),
    ('{"cells": [], "n": ' + "9" * 5000 + "}", "LC002", "will not read"),
    ('{"cells": [' + ", ".join(['{"cell_type": "code", "source": ""}'] * 5001) + "]}", "LC002", "code cells"),
])
def test_malformed_notebook(tmp_path: Path, content: str, code: str, words: str) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text(content)
    result = run(["summary", str(path)])
    assert result.exit_code == 1, result.output
    assert f" {code} [error] " in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bin.ipynb"
    path.write_bytes(b'{"cells": ["\xff"]}')
    result = run(["summary", str(path)])
    assert result.exit_code == 1 and " LC003 [error] " in result.stderr


def test_huge_notebook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.ipynb"
    path.write_bytes(b'{"cells": [], "pad": "' + b"x" * MAX_NOTEBOOK_BYTES + b'"}')
    result = run(["summary", str(path)])
    assert result.exit_code == 1 and " LC002 [error] " in result.stderr


def test_outputs_past_the_spec_cap_are_fine(tmp_path: Path) -> None:
    """A notebook with 6 MB of plot output is a normal notebook: only its code is capped."""
    path = tmp_path / "plots.ipynb"
    body = json.loads(notebook(("code", "import keras\nmodel = keras.Sequential([keras.Input((3, 2)), "
                                        "keras.layers.LSTM(4)])\n")))
    body["cells"][0]["outputs"] = [{"output_type": "display_data", "data": {"image/png": "A" * 6_000_000}}]
    path.write_text(json.dumps(body))
    result = run(["summary", str(path)])
    assert result.exit_code == 0, result.output
