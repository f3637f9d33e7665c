"""`convert --keras 2`: the tf.keras 2 code and its Keras 3 translation, against real Keras runs.

tests/fixtures/keras2_convert_runs.json is written by tools/keras_oracle/check_emitted_keras2.py:
for every input, the code lstmcalc wrote (tf.keras 2, and Keras 3 with its change list) and what
tf_keras 2.21 and Keras 3.15 built from it. Here lstmcalc's own analyses are held to those runs:
`summary --keras 2` of the input against tf.keras 2's model, and `summary` of the Keras 3 code
against Keras 3's (parameters only where the change list does not say they change). The few
disagreements known today are listed, with whose they are, so that a fix or a new one fails.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.render.json_out import summary_json
from lstmcalc.spec import load_spec
from lstmcalc.writers.keras_code import EmitError, to_keras_python
from lstmcalc.writers.translate import _idiom_changes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "keras_oracle"))
from check_emitted_keras2 import written  # noqa: E402  (what convert writes: the tool's own steps)

RUNS = json.loads((ROOT / "tests" / "fixtures" / "keras2_convert_runs.json").read_text())
#: tf.keras 2's run of each Keras 2 Python snippet as written (check_emitted_keras2.py --sources)
SOURCE_RUNS = json.loads((ROOT / "tests" / "fixtures" / "keras2_snippet_runs.json").read_text())
IDS = [entry["case"] for entry in RUNS]

#: lstmcalc's analysis and a real Keras disagree on these today: (case, which run) -> the
#: disagreement, exactly.
_NESTED_3 = ("lstmcalc {'name': 'model', 'layers': {'input_1': ('InputLayer', [2, 4], 0), 'inner': ('Sequential', "
             "[2, 2], 23), 'dense_2': ('Dense', [2, 1], 3)}} != Keras {'name': 'model', 'layers': {'input_1': "
             "('InputLayer', [2, 4], 0), 'inner': ('Sequential', [None, 2], 23), 'dense_2': ('Dense', [2, 1], 3)}}")
KNOWN: dict[tuple[str, str], str] = {
    # Keras 3 prints a nested Sequential built on its own Input(batch None), called with batch 2, with
    # its own output shape; lstmcalc's Keras 3 answer gives the call's (the Keras 2 answer is right)
    ("keras2_config/plain_fn_nested_sequential", "keras3_run"): _NESTED_3,
}

#: What lstmcalc refuses to write: Keras 3 has no time_major, so a tf.keras 2 LSTM(time_major=True)
#: has no Keras 3 translation.
KNOWN_REFUSALS = {"keras2_config/fn_time_major": "keras3_refused"}

#: The tf.keras 2 code lstmcalc writes builds another model than the snippet it was read from: none.
KNOWN_SOURCE: set[str] = set()


def _shape(shape: Any) -> Any:
    """Keras 2 gives an InputLayer's shape as a list of one shape."""
    if isinstance(shape, list) and len(shape) == 1 and isinstance(shape[0], list):
        return shape[0]
    return shape


def facts_of_run(run: dict[str, Any]) -> dict[str, Any]:
    return {"name": run["name"], "layers": {r["name"]: (r["type"], _shape(r["output_shape"]), r["params"])
                                            for r in run["layers"]}}


def facts_of_summary(data: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """lstmcalc's summary JSON, the rows Keras lists in model.layers (no mask operations)."""
    built = data["total_params"] is not None
    rows = {r["name"]: (r["type"], _shape(r["output_shape"]) if built else None, r["params"] if built else None)
            for r in data["layers"]}
    return {"name": data["name"], "layers": rows}


def disagreement(entry: dict[str, Any], which: str) -> str | None:
    """How lstmcalc's analysis differs from the run WHICH (keras2_run/keras3_run), or None."""
    run = entry[which]
    if not run["ok"]:
        return f"Keras raised {run['error']}"
    target = int(which[5])
    if target == entry["keras"]:  # the input's own Keras: lstmcalc's analysis of the input itself
        summary = summarize((ROOT / entry["input"]).read_bytes(), entry["input"], keras=target)
    else:  # the translation: lstmcalc's analysis of the code it wrote, as that Keras
        summary = summarize(entry[f"keras{target}_code"].encode(), "converted.py", keras=target)
    want = facts_of_run(run)
    got = facts_of_summary(summary_json(summary), set(want["layers"]))
    for name, (_kind, shape, _params) in want["layers"].items():
        if shape is None and name in got["layers"]:  # a layer called twice: Keras gives no one output shape
            got["layers"][name] = (got["layers"][name][0], None, got["layers"][name][2])
    if target != entry["keras"]:  # the rows whose parameters the change list says change are not compared
        changed = {line.split(": ")[1].split(" (")[0] for line in entry["changes"] if ": parameters " in line}
        for rows in (want["layers"], got["layers"]):
            for name in changed & set(rows):
                rows[name] = rows[name][:2]
    return None if got == want else f"lstmcalc {got} != Keras {want}"


@pytest.mark.parametrize("entry", RUNS, ids=IDS)
def test_fixture_holds_what_convert_writes_today(entry: dict[str, Any]) -> None:
    recorded = {k: v for k, v in entry.items() if k not in ("case", "input", "keras", "keras2_run", "keras3_run")}
    if entry.get("emitter"):  # a spec lstmcalc cannot analyse (CuDNNLSTM): the emitter's code alone
        spec, _ = load_spec((ROOT / entry["input"]).read_bytes(), entry["input"])
        assert spec is not None
        assert recorded == {"emitter": True, "keras2_code": to_keras_python(spec, 2), "keras3_code": to_keras_python(spec, 3)}
        return
    assert written(entry["input"], entry["keras"]) == recorded


@pytest.mark.parametrize("which", ["keras2_run", "keras3_run"])
@pytest.mark.parametrize("entry", RUNS, ids=IDS)
def test_lstmcalc_agrees_with_the_keras_that_ran_the_code(entry: dict[str, Any], which: str) -> None:
    if which not in entry:  # refused: held by the test above, and counted below
        assert "refused" in entry or f"{which.removesuffix('_run')}_refused" in entry
        return
    if entry.get("emitter"):  # no analysis to hold it to: it builds, and the CuDNN test reads its counts
        assert entry[which]["ok"], entry[which]
        return
    found = disagreement(entry, which)
    assert found == KNOWN.get((entry["case"], which)), found


def test_the_runs_cover_the_corpus() -> None:
    """Every program written was built by its Keras; the refusals are the known ones."""
    written2 = [e for e in RUNS if "keras2_code" in e]
    written3 = [e for e in RUNS if "keras3_code" in e]
    assert len(RUNS) >= 520 and len(written2) >= 515 and len(written3) >= 515
    assert all(e["keras2_run"]["ok"] for e in written2) and all(e["keras3_run"]["ok"] for e in written3)
    refused = {e["case"]: key for e in RUNS for key in ("refused", "keras2_refused", "keras3_refused") if key in e}
    assert refused == KNOWN_REFUSALS


@pytest.mark.parametrize("case", sorted(SOURCE_RUNS))
def test_tf_keras2_code_builds_what_the_snippet_built(case: str) -> None:
    """The tf.keras 2 code written from a Keras 2 snippet builds, in tf_keras 2.21, the model the
    snippet itself builds there (or lstmcalc refused the snippet)."""
    source = SOURCE_RUNS[case]
    assert source["ok"], source
    entry = {e["case"]: e for e in RUNS}[case]
    if "keras2_run" not in entry:
        assert KNOWN_REFUSALS.get(case) == "refused"
        return
    same = facts_of_run(source) == facts_of_run(entry["keras2_run"])
    assert same != (case in KNOWN_SOURCE), (facts_of_run(source), facts_of_run(entry["keras2_run"]))


# The command line: which Keras is read, which is written, what is said.

def _convert(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["convert", *args], input=stdin)


def test_keras2_code_keeps_the_first_layers_input_arguments() -> None:
    result = _convert("specs/three_stacked_classifier.yaml", "--keras", "2", "--to", "keras")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
        "model = keras.Sequential([\n"
        "    layers.LSTM(units=32, return_sequences=True, input_shape=(8, 16)),\n"
        "    layers.LSTM(units=32, return_sequences=True),\n"
        "    layers.LSTM(units=32),\n"
        "    layers.Dense(units=10, activation='softmax'),\n"
        "], name='three_stacked_classifier')\nmodel.summary()\n")
    assert result.stderr == ""  # written for the Keras it was read for: nothing changed


def test_translation_lists_each_change_on_stderr(tmp_path: Path) -> None:
    spec = tmp_path / "m.yaml"
    spec.write_text("layers:\n  - {type: GRU, units: 8, stateful: true, batch_input_shape: [4, 6, 2]}\n"
                    "  - {type: Dense, units: 3, input_shape: [9]}\n")
    result = _convert(str(spec), "--keras", "2", "--to", "keras", "--to-keras", "3")
    assert result.exit_code == 0, result.output
    assert "keras.Input(batch_shape=(4, 6, 2))," in result.stdout and "batch_input_shape" not in result.stdout
    assert "input_shape" not in result.stdout
    assert result.stderr.splitlines() == [
        f"{spec}:2:43: gru (GRU): batch_input_shape=(4, 6, 2) -> keras.Input(batch_shape=(4, 6, 2)) in front of "
        "the layers (Keras 3 takes a model's input from keras.Input, not from layer arguments)",
        f"{spec}:3:29: dense (Dense): input_shape=(9,) dropped: Keras 2 ignores it, as only a "
        "Sequential's first layer takes its input from input arguments",
    ]


def test_translation_says_nothing_when_nothing_changes(tmp_path: Path) -> None:
    spec = tmp_path / "m.yaml"
    spec.write_text("name: m\nlayers:\n  - {type: Input, shape: [5, 3], name: x}\n  - {type: LSTM, units: 4}\n")
    for source, target in (("2", "3"), ("3", "2")):
        result = _convert(str(spec), "--keras", source, "--to", "keras", "--to-keras", target)
        assert result.exit_code == 0 and result.stderr == "", result.output


def test_reverse_translation_names_the_automatic_names_that_change(tmp_path: Path) -> None:
    spec = tmp_path / "m.yaml"
    spec.write_text("layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 4}\n")
    result = _convert(str(spec), "--to", "keras", "--to-keras", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("import tensorflow as tf\nfrom tensorflow import keras\n")
    assert result.stderr.splitlines() == [
        f"{spec}:1:1: the model: automatic model name 'functional' (Keras 3) -> 'model' (Keras 2)",
        f"{spec}:2:5: input_layer (InputLayer): automatic name 'input_layer' (Keras 3) -> 'input_1' (Keras 2)",
    ]


def test_to_keras_needs_keras_code() -> None:
    result = _convert("specs/three_stacked_classifier.yaml", "--to", "yaml", "--to-keras", "2")
    assert result.exit_code == 2 and "--to-keras" in result.output


def test_help_documents_the_two_options() -> None:
    text = CliRunner().invoke(cli, ["convert", "--help"]).output
    assert "--to-keras [2|3]" in text and "--keras [2|3]" in text and "Keras 2 -> Keras 3" in text


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "m.py"
    out.write_text("keep\n")
    args = ("specs/three_stacked_classifier.yaml", "--keras", "2", "--to", "keras", "--to-keras", "3", "-o", str(out))
    assert _convert(*args).exit_code == 2 and out.read_text() == "keep\n"
    assert _convert(*args, "--force").exit_code == 0 and out.read_text().startswith("import keras\n")


def test_cudnn_layers_become_their_replacement_and_say_what_it_costs() -> None:
    """CuDNNLSTM is written under tf.compat.v1 for tf.keras 2 and as LSTM for Keras 3. Real runs
    (tools/keras_oracle/run_programs.py, recorded under emitter/ in the fixture) give 1,408 and 1,344."""
    spec, problems = load_spec((ROOT / "tests/fixtures/keras2_snippets/seq_cudnn_yaml.yaml").read_bytes(), "c.yaml")
    assert spec is not None and not problems
    assert "tf.compat.v1.keras.layers.CuDNNLSTM(units=16, input_shape=(10, 4))" in to_keras_python(spec, 2)
    assert "    layers.LSTM(units=16),\n" in to_keras_python(spec, 3)
    changes = [c.text for c in _idiom_changes(spec, ["cu_dnnlstm", "dense"], graph=False)]
    assert changes[1].startswith("CuDNNLSTM -> LSTM (") and ": 64 fewer parameters" in changes[1]
    runs = {e["case"]: e for e in RUNS}["emitter/seq_cudnn_yaml"]
    cudnn, lstm = runs["keras2_run"]["layers"][0], runs["keras3_run"]["layers"][0]
    assert (cudnn["type"], cudnn["params"], lstm["type"], lstm["params"]) == ("CuDNNLSTM", 1408, "LSTM", 1344)


HOSTILE = ["q'); import os; os.system('echo PWNED') #", 'a"\nb', "\x1b[31mred", "__import__", "uni\u202ecode"]


def _only_keras(code: str, keras: int) -> None:
    """The program's tree holds the fixed imports, assignments of calls and model.summary()."""
    tree = ast.parse(code)
    imports = {2: ["import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers"],
               3: ["import keras", "from keras import layers"]}[keras]
    assert code.splitlines()[:len(imports)] == imports
    variables = {"keras", "layers", "tf"}
    for node in tree.body[len(imports):]:
        assert isinstance(node, (ast.Assign, ast.Expr)), ast.dump(node)
        for inner in ast.walk(node):
            assert not isinstance(inner, (ast.Import, ast.ImportFrom, ast.Lambda, ast.Attribute)) or \
                (isinstance(inner, ast.Attribute) and inner.attr.isidentifier())
            if isinstance(inner, ast.Call):
                root = inner.func
                while isinstance(root, (ast.Attribute, ast.Call)):  # layers.LSTM(...)(x): a call of a call
                    root = root.value if isinstance(root, ast.Attribute) else root.func
                assert isinstance(root, ast.Name) and root.id in variables, ast.dump(inner.func)
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Load):
                assert inner.id in variables, inner.id
        if isinstance(node, ast.Assign):
            variables.update(t.id for t in node.targets if isinstance(t, ast.Name))


@pytest.mark.parametrize("keras", [2, 3])
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_string_literals(name: str, keras: int) -> None:
    """On the model and its Input (which tf.keras 2 never scopes) in both; on a layer in Keras 3,
    and refused for tf.keras 2, which would raise for a name that is no TensorFlow name scope."""
    layer_name = name if keras == 3 else "lstm_ok"
    doc = {"name": name, "layers": [{"type": "Input", "shape": [5, 3], "name": name + "in"},
                                    {"type": "LSTM", "units": 4, "name": layer_name}]}
    spec, problems = load_spec(json.dumps(doc).encode(), "h.json")
    assert spec is not None, problems
    code = to_keras_python(spec, keras)
    _only_keras(code, keras)
    strings = [n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert name in strings and name + "in" in strings and layer_name in strings
    if keras == 2:
        doc["layers"][1]["name"] = name
        spec, _ = load_spec(json.dumps(doc).encode(), "h.json")
        assert spec is not None
        with pytest.raises(EmitError, match="name scope"):
            to_keras_python(spec, 2)


@pytest.mark.parametrize("key", ["x=1)#", "name); import os #", "units\n"])
def test_hostile_argument_keys_are_refused(key: str) -> None:
    doc = {"layers": [{"type": "Input", "shape": [5, 3]}, {"type": "Dense", "units": 2, key: 1}]}
    spec, _ = load_spec(json.dumps(doc).encode(), "h.json")
    assert spec is not None  # the reader keeps the key (the engine refuses it later): the writer must too
    for keras in (2, 3):
        with pytest.raises(EmitError, match="not a Python identifier"):
            to_keras_python(spec, keras)


@pytest.mark.parametrize(("name", "refused"), [("_x", True), ("a b", True), ("{}{}1", True), ("x/y>z-1", False),
                                               (".x", False), ("back\\slash", False)])
def test_tf_keras2_layer_names_must_be_name_scopes(name: str, refused: bool) -> None:
    """tf_keras 2.21 raised ValueError (not a valid root scope name) for exactly the refused
    ones (recorded with LSTM(2, input_shape=(3, 1), name=...)); Keras 3 takes them all."""
    doc = {"layers": [{"type": "LSTM", "units": 2, "input_shape": [3, 1], "name": name}]}
    spec, _ = load_spec(json.dumps(doc).encode(), "n.json")
    assert spec is not None
    assert "name=" in to_keras_python(spec, 3)
    if refused:
        with pytest.raises(EmitError, match="not a valid root scope name"):
            to_keras_python(spec, 2)
    else:
        assert f"name={name!r}" in to_keras_python(spec, 2)
