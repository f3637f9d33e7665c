"""`lstmcalc run`: numpy outputs equal Keras's model.predict on recorded fixtures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.keras_version import using_keras
from lstmcalc.numeric.forward import prepare_weights, run

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "forward").glob("*.yaml"))


def load(case: Path) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
    data = dict(np.load(case.with_suffix(".npz")))
    inputs = [data[f"input/{i}"] for i in range(sum(k.startswith("input/") for k in data))]
    return data, inputs


@pytest.mark.parametrize("case", FIXTURES, ids=[c.stem for c in FIXTURES])
def test_matches_keras_predict(case: Path) -> None:
    summary = summarize(case.read_bytes(), str(case))
    data, inputs = load(case)
    weights = {k: v for k, v in data.items() if not k.startswith(("input/", "out/"))}
    outputs, _ = run(summary, prepare_weights(summary, weights, 0), inputs)
    checked = 0
    for key, want in data.items():
        if key.startswith("out/"):
            _, name, j = key.split("/")
            got = outputs[name][int(j)]
            assert got.shape == want.shape, key
            np.testing.assert_allclose(got, want, atol=1e-5, rtol=0, err_msg=key)
            checked += 1
    assert checked >= 2


#: the same specs built and run by tf.keras 2 (tf_keras 2.21), for `run --keras 2`
FIXTURES2 = sorted((Path(__file__).parent / "fixtures" / "forward_keras2").glob("*.npz"))


@pytest.mark.parametrize("npz", FIXTURES2, ids=[c.stem for c in FIXTURES2])
def test_matches_tf_keras2_predict(npz: Path) -> None:
    case = Path(__file__).parent / "fixtures" / "forward" / f"{npz.stem}.yaml"
    summary = summarize(case.read_bytes(), str(case), keras=2)
    data = dict(np.load(npz))
    inputs = [data[f"input/{i}"] for i in range(sum(k.startswith("input/") for k in data))]
    weights = {k: v for k, v in data.items() if not k.startswith(("input/", "out/"))}
    with using_keras(2):
        outputs, _ = run(summary, prepare_weights(summary, weights, 0), inputs)
    checked = 0
    for key, want in data.items():
        if key.startswith("out/"):
            _, name, j = key.split("/")
            got = outputs[name][int(j)]
            assert got.shape == want.shape, key
            np.testing.assert_allclose(got, want, atol=1e-5, rtol=0, err_msg=key)
            checked += 1
    assert checked >= 2


def test_keras2_fixtures_cover_what_tf_keras2_computes_otherwise() -> None:
    """hard_sigmoid is tf.keras 2's own (0.2 x + 0.5, clipped), and its ConvLSTM default."""
    stems = {p.stem for p in FIXTURES2}
    assert len(stems) >= 40
    text = " ".join((Path(__file__).parent / "fixtures" / "forward" / f"{s}.yaml").read_text() for s in stems)
    assert "hard_sigmoid" in text and "ConvLSTM" in text


def test_fixtures_cover_the_arithmetic() -> None:
    text = " ".join(c.read_text() for c in FIXTURES)
    for needle in ["reset_after: false", "GRU", "go_backwards", "merge_mode: concat", "merge_mode: sum",
                   "merge_mode: mul", "merge_mode: ave", "merge_mode: null", "mask_zero: true", "Masking",
                   "padding: causal", "dilation_rate", "groups", "padding: same", "hard_sigmoid",
                   "BatchNormalization", "LayerNormalization", "TimeDistributed", "Embedding", "initial_state",
                   "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "SimpleRNN",
                   "Bidirectional", "AveragePooling1D", "MaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
                   "Flatten", "RepeatVector", "Reshape", "Dropout", "SpatialDropout1D", "Activation", "Conv1D",
                   "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                   "ActivityRegularization", "Permute", "Identity"]:
        assert needle in text, needle


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["run", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_cli_with_keras_weights_and_input(tmp_path: Path) -> None:
    case = FIXTURES[0]
    data, inputs = load(case)
    np.savez(tmp_path / "w.npz", **{k: v for k, v in data.items() if not k.startswith(("input/", "out/"))})
    np.save(tmp_path / "x.npy", inputs[0])
    code, out = invoke(str(case), "--weights", str(tmp_path / "w.npz"), "--input", str(tmp_path / "x.npy"),
                       "--output", str(tmp_path / "y.npz"))
    assert code == 0 and "lstm_1" in out and "(2, 2)" in out
    saved = np.load(tmp_path / "y.npz")
    np.testing.assert_allclose(saved["dense/0"], data["out/dense/0"], atol=1e-5)
    code, out = invoke(str(case), "--output", str(tmp_path / "y.npz"))
    assert code == 2 and "exists" in out


def test_missing_and_misshaped_weights_name_the_layer(tmp_path: Path) -> None:
    case = FIXTURES[0]
    data, _ = load(case)
    weights = {k: v for k, v in data.items() if not k.startswith(("input/", "out/"))}
    partial = {k: v for k, v in weights.items() if not k.startswith("lstm_1/")}
    np.savez(tmp_path / "partial.npz", **partial)
    code, out = invoke(str(case), "--weights", str(tmp_path / "partial.npz"))
    assert code == 1 and "'lstm_1/0'" in out and "(5, 16)" in out
    wrong = dict(weights)
    wrong["dense/0"] = np.zeros((3, 3), np.float32)
    np.savez(tmp_path / "wrong.npz", **wrong)
    code, out = invoke(str(case), "--weights", str(tmp_path / "wrong.npz"))
    assert code == 1 and "layer 'dense' expects weights of shapes [(4, 2), (2,)]" in out


def test_random_run_trace_and_memory_limit() -> None:
    code, out = invoke("specs/understanding_lstm.yaml", "--seed", "3", "--trace", "lstm2")
    assert code == 0 and "output                       (2, 1)" in out
    assert "trace of lstm2" in out and "t=49" in out and " f=[" in out and " c~=[" in out
    code, out = invoke("specs/understanding_lstm.yaml", "--batch", "100000", "--max-memory", "100MiB")
    assert code == 1 and "over --max-memory" in out
    code, out = invoke("specs/understanding_lstm.yaml", "--trace", "nope")
    assert code == 2 and "no layer 'nope' to trace; the recurrent layers are: lstm1, lstm2" in out
    code, out = invoke("specs/error_2d_into_lstm.yaml")
    assert code == 1 and "LC100" in out


def test_variable_timesteps_take_the_option() -> None:
    code, out = invoke("specs/flatten_variable_length_error.yaml")
    assert code == 1
    code, out = invoke(str(FIXTURES[0]).replace("f01_lstm_stack", "f07_embedding_mask"), "--batch", "3")
    assert code == 0 and "(3, 6, 4)" in out


def test_summary_never_imports_numpy() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom lstmcalc.cli import cli\n"
            "CliRunner().invoke(cli, ['summary', 'specs/understanding_lstm.yaml'])\n"
            "CliRunner().invoke(cli, ['lint', 'specs'])\nprint('numpy' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False"
