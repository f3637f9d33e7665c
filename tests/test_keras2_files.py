"""tf.keras 2 model files in: `model.to_json()` text and `.h5` files, answered as Keras 3 does.

tools/keras_oracle/keras2_configs.py saved each model with tf.keras 2 (tf_keras 2.21, the
tf.keras of TensorFlow <= 2.15) into tests/fixtures/keras2_configs/ and keras2_h5/;
tools/keras_oracle/keras2_in_keras3.py recorded what Keras 3.15 makes of each file in
tests/fixtures/keras2_configs_keras3.json (COLUMNS=120). What was recorded:
- every `to_json()` text: keras.models.model_from_json raises TypeError "Could not locate
  class 'Sequential'" (or 'Functional'): tf.keras 2 writes no top-level `module`;
- every .h5 file with a recurrent layer: load_model raises "Unrecognized keyword arguments
  passed to LSTM: {'time_major': False}" (tf.keras 2 writes `time_major` into every RNN);
- the other .h5 files load through Keras 3's legacy loader, which converts `batch_input_shape`
  and list `axis` values, or raise for what it cannot read (a mixed-precision policy).
For an .h5 file lstmcalc answers for the model in `model_config` ("h5_model_config": as
load_model builds it, before it compiles from the training config or loads the weights,
which lstmcalc does not read).

h5py is in the `test` extra, so CI runs the .h5 tests; without it they are skipped.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = json.loads((FIXTURES / "keras2_configs_keras3.json").read_text())
CASES: dict[str, Any] = RECORDED["cases"]
NAMES = sorted(CASES)


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "120"})


def test_every_saved_model_is_recorded() -> None:
    assert RECORDED["keras_version"] == "3.15.1"
    assert sorted(p.stem for p in (FIXTURES / "keras2_configs").glob("*.json")) == NAMES
    assert sorted(p.stem for p in (FIXTURES / "keras2_h5").glob("*.h5")) == NAMES
    size = sum(p.stat().st_size for p in (FIXTURES / "keras2_h5").glob("*.h5"))
    assert size < 2 * 1024 * 1024


def _check(result: Any, answer: dict[str, Any]) -> None:
    if "raises" in answer:
        assert result.exit_code == 1 and result.stdout == "", result.output
        first = next(line for line in result.stderr.splitlines() if "[error]" in line)
        if answer["raises"] == "TypeError" and answer["message"].startswith("Could not locate class"):
            quoted = answer["message"].split(". Make sure")[0]
            assert f"model_from_json raises TypeError: {quoted}" in first
        elif answer["message"].startswith("Invalid Functional model configuration"):
            # Keras 3 cannot rebuild this tf.keras 2 nested-model graph (tf.keras 2 counted a nested
            # model's calls from 1); lstmcalc refuses it too, at the link to the call that does not exist
            assert ("LC031" in first and "takes input from 'inner@1[0]', but inner is called 1 time" in first) or (
                "LC010" in first and "takes the output of call 2 of 'inner'" in first)
        elif answer["raises"] == "AttributeError":
            assert f"AttributeError: {answer['message']}" in first
        else:
            assert answer["message"] in first
        return
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == answer["summary"].rstrip("\n")


@pytest.mark.parametrize("name", NAMES)
def test_keras2_to_json_gets_keras3s_answer(name: str) -> None:
    answer = CASES[name]["json"]
    assert answer["raises"] == "TypeError"  # Keras 3 reads no tf.keras 2 JSON (see the docstring)
    _check(run("summary", str(FIXTURES / "keras2_configs" / f"{name}.json")), answer)


@pytest.mark.parametrize("name", NAMES)
def test_h5_file_gets_keras3s_answer(name: str) -> None:
    pytest.importorskip("h5py")
    answer = CASES[name]["h5_model_config"]
    _check(run("summary", str(FIXTURES / "keras2_h5" / f"{name}.h5")), answer)


BUILT = [name for name in NAMES if "summary" in CASES[name]["h5_model_config"]]


def test_some_h5_files_load_in_keras3() -> None:
    assert len(BUILT) == 8 and all(name.startswith("plain_") for name in BUILT)


@pytest.mark.parametrize("name", BUILT)
def test_h5_file_json_rows_match_keras3(name: str) -> None:
    pytest.importorskip("h5py")
    answer = CASES[name]["h5_model_config"]
    result = run("summary", "--format", "json", str(FIXTURES / "keras2_h5" / f"{name}.h5"))
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)[0]
    rows = {r["name"]: (r["type"], r["output_shape"], r["params"]) for r in got["layers"]}
    for layer in answer["layers"]:
        if layer["class"] in ("NotEqual", "Any"):  # mask ops: summary rows, not model.layers
            continue
        kind = "InputLayer" if layer["class"] == "InputLayer" else layer["class"]
        assert rows[layer["name"]] == (kind, layer["output_shape"], layer["params"]), layer["name"]
    assert (got["total_params"], got["trainable_params"]) == (answer["total_params"], answer["trainable_params"])


@pytest.mark.parametrize("name", ["plain_seq_conv_batchnorm", "seq_input_shape"])
def test_from_keras_reads_h5_whatever_the_name(name: str, tmp_path: Path) -> None:
    pytest.importorskip("h5py")
    copy = tmp_path / "model.bin"
    copy.write_bytes((FIXTURES / "keras2_h5" / f"{name}.h5").read_bytes())
    by_name = run("summary", str(FIXTURES / "keras2_h5" / f"{name}.h5"))
    for args in (["--from", "keras"], []):  # an unknown extension is sniffed: HDF5's signature
        result = run("summary", *args, str(copy))
        assert (result.exit_code, result.stdout) == (by_name.exit_code, by_name.stdout)


def test_h5_without_h5py_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "h5py", None)  # import h5py now raises ImportError
    result = run("summary", str(FIXTURES / "keras2_h5" / "plain_seq_dtypes.h5"))
    assert result.exit_code == 1 and result.stdout == ""
    assert "plain_seq_dtypes.h5:1:1: LC001 [error] reading .h5 model files needs h5py" in result.stderr
    assert "pip install 'lstmcalc[h5]'" in result.stderr


def _h5(path: Path, attrs: dict[str, Any], weights: bool = False) -> Path:
    h5py = pytest.importorskip("h5py")
    with h5py.File(path, "w", libver="latest") as handle:  # dense attribute storage: no 64 KiB cap
        for key, value in attrs.items():
            handle.attrs[key] = value
        if weights:
            handle.create_group("model_weights")
    return path


def _error_line(result: Any) -> str:
    assert result.exit_code == 1 and result.stdout == "", result.output
    assert "Traceback" not in result.output and "LC999" not in result.output
    return next(line for line in result.stderr.splitlines() if "[error]" in line)


def test_weights_only_h5_has_no_model(tmp_path: Path) -> None:
    path = _h5(tmp_path / "model.weights.h5", {"layer_names": [b"lstm"]}, weights=True)
    assert "LC010" in _error_line(run("summary", str(path))) and "a weights file" in \
        _error_line(run("summary", str(path)))


@pytest.mark.parametrize("value", [42, [b"a", b"b"], b"\xff\xfe not utf-8", "not json", '{"class_name": 1}'])
def test_odd_model_config_attribute_is_a_diagnostic(value: Any, tmp_path: Path) -> None:
    path = _h5(tmp_path / "odd.h5", {"model_config": value})
    _error_line(run("summary", str(path)))


@pytest.mark.parametrize("fixed", [True, False])
def test_huge_model_config_attribute_is_refused(fixed: bool, tmp_path: Path) -> None:
    """A fixed-size string is sized before it is read; a variable-length one once read."""
    np = pytest.importorskip("numpy")
    from lstmcalc.spec.hdf5 import MAX_CONFIG

    text = " " * (MAX_CONFIG + 1)
    path = _h5(tmp_path / "huge.h5", {"model_config": np.bytes_(text.encode()) if fixed else text})
    assert "LC002" in _error_line(run("summary", str(path)))


def test_large_h5_file_is_read_from_its_path(tmp_path: Path) -> None:
    """A file past the input cap (weights) is opened by path; only the attribute is read."""
    h5py = pytest.importorskip("h5py")
    np = pytest.importorskip("numpy")
    from lstmcalc.safety.limits import MAX_INPUT_BYTES

    source = FIXTURES / "keras2_h5" / "plain_seq_input_dim.h5"
    path = tmp_path / "big.h5"
    with h5py.File(source, "r") as small, h5py.File(path, "w") as big:
        big.attrs["model_config"] = small.attrs["model_config"]
        big.create_dataset("padding", data=np.zeros(MAX_INPUT_BYTES // 8 + 1000))
    assert path.stat().st_size > MAX_INPUT_BYTES
    result = run("summary", str(path))
    assert result.exit_code == 0 and result.stdout.rstrip("\n") == \
        CASES["plain_seq_input_dim"]["h5_model_config"]["summary"].rstrip("\n")
    path.write_bytes(path.read_bytes()[:MAX_INPUT_BYTES + 10])  # truncated past the cap
    assert "LC001" in _error_line(run("summary", str(path)))


@pytest.mark.parametrize("data", [
    b"",
    b"\x89HDF\r\n\x1a\n",
    b"\x89HDF\r\n\x1a\n" + b"\x00" * 200,
    b"\x89HDF\r\n\x1a\n" + os.urandom(2000),
    b"not an hdf5 file at all",
    b"PK\x03\x04 a zip named .h5",
])
def test_hostile_h5_is_a_diagnostic(data: bytes, tmp_path: Path) -> None:
    pytest.importorskip("h5py")
    path = tmp_path / "hostile.h5"
    path.write_bytes(data)
    _error_line(run("summary", str(path)))


@pytest.mark.parametrize("cut", [100, 1000, 3000, -200])
def test_truncated_h5_is_a_diagnostic(cut: int, tmp_path: Path) -> None:
    pytest.importorskip("h5py")
    data = (FIXTURES / "keras2_h5" / "plain_seq_dtypes.h5").read_bytes()
    path = tmp_path / "cut.h5"
    path.write_bytes(data[:cut])
    _error_line(run("summary", str(path)))


def test_flipped_bytes_never_crash(tmp_path: Path) -> None:
    pytest.importorskip("h5py")
    data = bytearray((FIXTURES / "keras2_h5" / "plain_seq_dtypes.h5").read_bytes())
    path = tmp_path / "flipped.h5"
    for i, offset in enumerate(range(8, len(data), max(1, len(data) // 60))):
        changed = bytearray(data)
        changed[offset:offset + 4] = struct.pack("<I", 0xFFFFFFF0 - i)
        path.write_bytes(bytes(changed))
        result = run("summary", str(path))
        assert result.exit_code in (0, 1) and "Traceback" not in result.output and "LC999" not in result.output


# Keras 3's legacy loader, case by case (recorded in the oracle venv with
# keras.src.legacy.saving.saving_utils.model_from_config, what load_model calls for .h5)
def _config(layers: list[dict[str, Any]], kind: str = "Sequential") -> str:
    return json.dumps({"class_name": kind, "config": {"name": "m", "layers": layers}})


@pytest.mark.parametrize(("axis", "message"), [
    ([None], "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"),
    (["x"], "ValueError: invalid literal for int() with base 10: 'x'"),
    ([[2]], "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'"),
])
def test_legacy_axis_that_int_refuses(axis: Any, message: str, tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(_config([{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4, 3]}},
                             {"class_name": "BatchNormalization", "config": {"axis": axis}}]))
    line = _error_line(run("summary", str(path)))
    assert "LC015" in line and message in line


@pytest.mark.parametrize(("axis", "params"), [([2.7], 12), ("1", 12), ([1, 2], 12), (True, 16), (None, 12)])
def test_legacy_axis_converted_or_dropped(axis: Any, params: int, tmp_path: Path) -> None:
    """int([2.7][0]) is 2; a string, a longer list or null is dropped (the default, -1); True is axis 1."""
    path = tmp_path / "m.json"
    path.write_text(_config([{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4, 3]}},
                             {"class_name": "BatchNormalization", "config": {"axis": axis}}]))
    result = run("summary", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["total_params"] == params


def test_legacy_batch_input_shape_on_a_first_layer_is_its_input_shape(tmp_path: Path) -> None:
    """Without an InputLayer the whole batch shape becomes `input_shape`: Keras 3 raises
    'expected ndim=3, found ndim=4. Full shape received: (None, None, 3, 2)'."""
    path = tmp_path / "m.json"
    path.write_text(_config([{"class_name": "GRU", "config": {"name": "gru", "units": 4,
                                                              "batch_input_shape": [None, 3, 2]}},
                             {"class_name": "Dense", "config": {"name": "dense", "units": 1}}]))
    line = _error_line(run("summary", str(path)))
    assert "expected ndim=3, found ndim=4" in line and "(None, None, 3, 2)" in line
