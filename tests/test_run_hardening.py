"""`lstmcalc run` on hostile arrays, options and models: a diagnostic and a status, never a
traceback, a hang, a blown memory budget or an overwritten file."""

from __future__ import annotations

import base64
import io
import json
import math
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result

from lstmcalc.cli import _bytes, cli
from lstmcalc.engine import summarize
from lstmcalc.numeric.forward import prepare_weights, run
from lstmcalc.numeric.ops import _erf
from lstmcalc.numeric.plan import plan

LSTM = "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 4}\n  - {type: Dense, units: 2}\n"
VAR = ("layers:\n  - {type: Input, shape: [null, 3]}\n  - {type: LSTM, units: 4, return_sequences: true}\n"
       "  - {type: GlobalMaxPooling1D}\n")
EMB = ("layers:\n  - {type: Input, shape: [6]}\n  - {type: Embedding, input_dim: 12, output_dim: 4, mask_zero: true}\n"
       "  - {type: LSTM, units: 3}\n")
TWO = ("layers:\n  - {type: Input, name: a, shape: [5, 3]}\n  - {type: Input, name: b, shape: [5, 3]}\n"
       "  - {type: Add, inputs: [a, b]}\n")
REGRESSIONS = sorted((Path(__file__).parent / "fuzz" / "regressions").glob("run_*.json"))


def npy(array: Any, allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


def npz(arrays: dict[str, Any], allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=allow_pickle, **arrays)
    return buffer.getvalue()


def header(shape: tuple[int, ...], descr: str = "<f4") -> bytes:
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape!r}, }}"
    text += " " * (118 - len(text)) + "\n"
    return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text.encode()


def bomb(key: str, head: bytes, mib: int) -> bytes:
    """An npz member: HEAD, then MIB mebibytes of zeros (a few KB once deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(key + ".npy", "w", force_zip64=True) as member:
        member.write(head)
        for _ in range(mib):
            member.write(bytes(1 << 20))
    return buffer.getvalue()


def lstm_weights() -> dict[str, Any]:
    return {"lstm/0": np.zeros((3, 16), np.float32), "lstm/1": np.zeros((4, 16), np.float32),
            "lstm/2": np.zeros((16,), np.float32), "dense/0": np.zeros((4, 2), np.float32),
            "dense/1": np.zeros((2,), np.float32)}


def invoke(folder: Path, files: dict[str, bytes | str], argv: list[str]) -> Result:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli, argv)
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "Warning" not in result.output, result.output  # numpy's warnings stay quiet
    return result


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb_weights() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, value in lstm_weights().items():
            with archive.open(key + ".npy", "w", force_zip64=True) as member:
                member.write(npy(value))
                if key == "lstm/1":
                    for _ in range(8):
                        member.write(bytes(1 << 20))
    return buffer.getvalue()


Case = tuple[str, dict[str, Callable[[], bytes | str]], list[str], int, str]
M = {"model.yaml": lambda: LSTM}
CASES: list[Case] = [
    # --input: rank, dtype, shape
    ("input-1d", {**M, "x.npy": lambda: npy(np.zeros(5, np.float32))}, ["--input", "x.npy"], 1,
     "has shape (5,); the model's input 'input_layer' takes 3D arrays (batch, 5, 3)"),
    ("input-no-batch-axis", {**M, "x.npy": lambda: npy(np.zeros((5, 3), np.float32))}, ["--input", "x.npy"], 1,
     "add the batch axis"),
    ("input-strings", {**M, "x.npy": lambda: npy(np.full((2, 5, 3), "a"))}, ["--input", "x.npy"], 1, "holds text"),
    ("input-objects", {**M, "x.npy": lambda: npy(np.array([[[None] * 3] * 5] * 2, dtype=object), True)},
     ["--input", "x.npy"], 1, "pickled Python objects"),
    ("input-complex", {**M, "x.npy": lambda: npy(np.ones((2, 5, 3), complex))}, ["--input", "x.npy"], 1,
     "complex numbers (complex128)"),
    ("input-dates", {**M, "x.npy": lambda: npy(np.zeros((2, 5, 3), "datetime64[s]"))}, ["--input", "x.npy"], 1,
     "dates or times"),
    ("input-structured", {**M, "x.npy": lambda: npy(np.zeros((2, 5, 3), [("a", "<f4")]))}, ["--input", "x.npy"], 1,
     "structured record"),
    ("input-wrong-steps", {**M, "x.npy": lambda: npy(np.ones((2, 4, 3), np.float32))}, ["--input", "x.npy"], 1,
     "LC042 [error] --input x.npy has shape (2, 4, 3); the model's input 'input_layer' takes 3D arrays "
     "(batch, 5, 3): the timesteps axis (axis 1) must be 5, not 4; the model is built for sequences of exactly 5"),
    ("input-no-samples", {**M, "x.npy": lambda: npy(np.ones((0, 5, 3), np.float32))}, ["--input", "x.npy"], 1,
     "no samples"),
    ("input-zero-timesteps", {"model.yaml": lambda: VAR, "x.npy": lambda: npy(np.zeros((2, 0, 3), np.float32))},
     ["--input", "x.npy"], 1, "0 timesteps"),
    ("input-fixed-batch", {"model.yaml": lambda: LSTM.replace("shape: [5, 3]", "shape: [5, 3], batch_size: 4"),
                           "x.npy": lambda: npy(np.ones((3, 5, 3), np.float32))}, ["--input", "x.npy"], 1,
     "the batch axis (axis 0) must be 4, not 3"),
    # --input: file kinds
    ("input-empty-file", {**M, "x.npy": lambda: b""}, ["--input", "x.npy"], 2, "neither an .npy nor an .npz file"),
    ("input-junk", {**M, "x.npy": lambda: b"hello world"}, ["--input", "x.npy"], 2, "neither an .npy nor an .npz"),
    ("input-truncated", {**M, "x.npy": lambda: npy(np.ones((2, 5, 3), np.float32))[:-12]}, ["--input", "x.npy"], 2,
     "is truncated"),
    ("input-huge-v2-header", {**M, "x.npy": lambda: b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**31) + b"{"},
     ["--input", "x.npy"], 2, "declares an .npy header of 2,147,483,648 bytes"),
    ("input-v3", {**M, "x.npy": lambda: b"\x93NUMPY\x03\x00" + struct.pack("<I", 4) + b"{}  "}, ["--input", "x.npy"],
     2, "version 3.0"),
    ("input-negative-shape", {**M, "x.npy": lambda: header((2, -5, 3))}, ["--input", "x.npy"], 2, "impossible shape"),
    ("input-code-in-header", {**M, "x.npy": lambda: b"\x93NUMPY\x01\x00\x76\x00" + b"__import__('os')".ljust(118)},
     ["--input", "x.npy"], 2, "corrupt .npy header"),
    ("input-empty-npz", {**M, "x.npz": lambda: npz({})}, ["--input", "x.npz"], 1, "has no 'input/0' (it holds: nothing)"),
    ("input-npz-other-keys", {**M, "x.npz": lambda: npz({"arr_0": np.ones((2, 5, 3))})}, ["--input", "x.npz"], 1,
     "it holds: 'arr_0'"),
    ("input-npy-for-two", {"model.yaml": lambda: TWO, "x.npy": lambda: npy(np.ones((2, 5, 3)))}, ["--input", "x.npy"],
     1, "the model has 2 inputs"),
    ("inputs-batch-mismatch", {"model.yaml": lambda: TWO,
                               "x.npz": lambda: npz({"input/0": np.ones((2, 5, 3)), "input/1": np.ones((3, 5, 3))})},
     ["--input", "x.npz"], 1, "different batch sizes"),
    ("input-corrupt-npz", {**M, "x.npz": lambda: npz({"input/0": np.ones((2, 5, 3))})[:200]}, ["--input", "x.npz"], 2,
     "not a readable .npz"),
    ("input-member-not-npy", {**M, "x.npz": lambda: _zip({"input/0.npy": b"not an array"})}, ["--input", "x.npz"], 2,
     "is not an .npy array"),
    ("input-bzip2", {**M, "x.npz": lambda: _zip({"input/0.npy": npy(np.ones((2, 5, 3)))}, zipfile.ZIP_BZIP2)},
     ["--input", "x.npz"], 2, "is compressed with bzip2"),
    ("input-bomb-inflate", {**M, "x.npz": lambda: bomb("input/0", header((2, 5, 3)), 8)}, ["--input", "x.npz"], 2,
     "inflates to more than the"),
    ("input-bomb-header", {"model.yaml": lambda: VAR, "x.npz": lambda: bomb("input/0", header((1, 10**9, 3)), 0)},
     ["--input", "x.npz"], 1, "over --max-memory"),
    # --weights
    ("weights-npy", {**M, "w.npy": lambda: npy(np.ones((3, 16)))}, ["--weights", "w.npy"], 2, "is a single .npy array"),
    ("weights-corrupt", {**M, "w.npz": lambda: b"PK\x03\x04" + b"\0garbage" * 20}, ["--weights", "w.npz"], 2,
     "not a readable .npz"),
    ("weights-empty", {**M, "w.npz": lambda: npz({})}, ["--weights", "w.npz"], 1, "has no 'lstm/0'"),
    ("weights-objects", {**M, "w.npz": lambda: npz({**lstm_weights(), "dense/1": np.array([None, None], object)}, True)},
     ["--weights", "w.npz"], 1, "the bias of layer 'dense' must be real numbers"),
    ("weights-bomb-header", {**M, "w.npz": lambda: bomb("lstm/0", header((100000, 100000)), 0)},
     ["--weights", "w.npz"], 1, "got (100000, 100000) for kernel"),
    ("weights-bomb-inflate", {**M, "w.npz": _bomb_weights}, ["--weights", "w.npz"], 2,
     "member 'lstm/1' inflates to more than"),
    ("weights-float64", {**M, "w.npz": lambda: npz({k: v.astype(np.float64) for k, v in lstm_weights().items()})},
     ["--weights", "w.npz"], 0, "dense"),
    # Embedding ids
    ("ids-negative", {"model.yaml": lambda: EMB, "x.npy": lambda: npy(np.full((2, 6), -1))}, ["--input", "x.npy"], 1,
     "takes whole-number ids from 0 to 11, got -1"),
    ("ids-too-large", {"model.yaml": lambda: EMB, "x.npy": lambda: npy(np.full((2, 6), 12))}, ["--input", "x.npy"], 1,
     "got 12"),
    ("ids-fraction", {"model.yaml": lambda: EMB, "x.npy": lambda: npy(np.full((2, 6), 2.5))}, ["--input", "x.npy"], 1,
     "got 2.5"),
    ("ids-nan", {"model.yaml": lambda: EMB, "x.npy": lambda: npy(np.full((2, 6), np.nan))}, ["--input", "x.npy"], 1,
     "got nan"),
    ("ids-random-rank4", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [2, 3, 4]}\n"
                          "  - {type: Embedding, input_dim: 5, output_dim: 2}\n"}, [], 0, "(2, 2, 3, 4, 2)"),
    # models
    ("rms-scaling", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [5, 3]}\n"
                     "  - {type: LayerNormalization, rms_scaling: true}\n"}, [], 0, "layer_normalization"),
    ("batchnorm-renorm", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [5, 3]}\n"
                          "  - {type: BatchNormalization, renorm: true}\n"}, [], 0, "batch_normalization"),
    ("conv-too-short", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [null, 3]}\n"
                        "  - {type: Conv1D, filters: 2, kernel_size: 5}\n",
                        "x.npy": lambda: npy(np.ones((1, 2, 3), np.float32))}, ["--input", "x.npy"], 1,
     "2 steps are too few for a kernel spanning 5"),
    ("pool-too-short", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [null, 3]}\n"
                        "  - {type: AveragePooling1D, pool_size: 4}\n"}, ["--timesteps", "2"], 1,
     "2 steps are fewer than pool_size=4"),
    ("reshape-indivisible", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [null, 4]}\n"
                             "  - {type: Reshape, target_shape: [-1, 8]}\n"}, ["--timesteps", "3"], 1,
     "12 values per sample do not divide into 8"),
    ("state-mismatch", {"model.yaml": lambda: "layers:\n  - {type: Input, name: a, shape: [5, 3]}\n"
                        "  - {type: LSTM, name: enc, units: 4, return_state: true}\n"
                        "  - {type: Input, name: b, shape: [4, 2]}\n"
                        "  - type: GRU\n    name: dec\n    units: 3\n    inputs: b\n    initial_state:\n"
                        "      - enc[1]\n"}, [], 1, "expects initial_state (2, 3)"),
    ("backward-layer-units", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [5, 3]}\n"
                              "  - {type: Bidirectional, layer: {type: LSTM, units: 4}, "
                              "backward_layer: {type: LSTM, units: 2, go_backwards: true}}\n"}, [], 1,
     "its backward_layer (LSTM, 2 units) differs"),
    ("huge-repeat", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [4]}\n"
                     "  - {type: RepeatVector, n: 1000000000}\n"}, [], 1, "over --max-memory"),
    ("too-many-steps", {"model.yaml": lambda: VAR}, ["--timesteps", "1000000", "--batch", "1"], 1,
     "sequential steps"),
    ("huge-batch", {**M}, ["--batch", str(10**30)], 1, "more than an exbibyte"),
    ("huge-orthogonal-init", {"model.yaml": lambda: "layers:\n  - {type: Input, shape: [2, 3]}\n"
                              "  - {type: LSTM, units: 2048}\n"}, [], 1, "use --weights: drawing random orthogonal"),
    # values
    ("overflow", {**M, "x.npy": lambda: npy(np.full((2, 5, 3), 1e300))}, ["--input", "x.npy"], 0,
     "note: the input holds NaN or infinite values"),
    ("weights-overflow", {**M, "w.npz": lambda: npz({**lstm_weights(), "dense/0": np.full((4, 2), 3e38, np.float32),
                                                     "lstm/2": np.full((16,), 5, np.float32)})},
     ["--weights", "w.npz"], 0, "note: layer 'dense' outputs NaN or infinite values"),
    # options
    ("max-memory-dot", {**M}, ["--max-memory", "."], 2, "expected a size such as 512MiB"),
    ("max-memory-exponent", {**M}, ["--max-memory", "1e999"], 2, "got '1e999'"),
    ("max-memory-negative", {**M}, ["--max-memory", "-5MB"], 2, "got '-5MB'"),
    ("max-memory-nan", {**M}, ["--max-memory", "nan"], 2, "got 'nan'"),
    ("max-memory-zero", {**M}, ["--max-memory", "0"], 2, "at least 1 byte"),
    ("max-memory-long", {**M}, ["--max-memory", "9" * 5000], 2, "expected a size"),
    ("max-memory-unicode-digits", {**M}, ["--max-memory", "\u0661\u0662MB"], 2, "expected a size"),
    ("seed-negative", {**M}, ["--seed", "-1"], 2, "0<=x<=4294967295"),
    ("seed-too-large", {**M}, ["--seed", str(2**32)], 2, "0<=x<=4294967295"),
    ("trace-escape", {**M}, ["--trace", "\x1b[31mx"], 2, "no layer '\\x1b[31mx' to trace"),
    ("output-missing-dir", {**M}, ["--output", "nodir/y.npz"], 2, "the directory nodir does not exist"),
    ("output-exists", {**M, "y.npz": lambda: b"keep"}, ["--output", "y.npz"], 2, "y.npz exists; pass --force"),
]


@pytest.mark.parametrize(("files", "argv", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_run(tmp_path: Path, files: dict[str, Callable[[], bytes | str]], argv: list[str], code: int,
                     message: str) -> None:
    result = invoke(tmp_path, {k: make() for k, make in files.items()}, ["run", "model.yaml", *argv])
    assert result.exit_code == code, result.output
    assert message in result.output, result.output


def test_output_is_exactly_the_path_named(tmp_path: Path) -> None:
    result = invoke(tmp_path, {"model.yaml": LSTM, "out.npz": b"keep me"}, ["run", "model.yaml", "--output", "out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.npz").read_bytes() == b"keep me"  # numpy's savez would have added .npz
    assert set(np.load(tmp_path / "out")) == {"input_layer/0", "lstm/0", "dense/0"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.yaml", "out", "out.npz"]  # no temporary left
    again = invoke(tmp_path, {}, ["run", "model.yaml", "--output", "out", "--seed", "1", "--force"])
    assert again.exit_code == 0 and "saved every layer's outputs to out" in again.output


def test_output_may_replace_the_input_with_force(tmp_path: Path) -> None:
    x = np.ones((2, 5, 3), np.float32)
    result = invoke(tmp_path, {"model.yaml": LSTM, "x.npy": npy(x)},
                    ["run", "model.yaml", "--input", "x.npy", "--output", "x.npy", "--force"])
    assert result.exit_code == 0 and "dense/0" in np.load(tmp_path / "x.npy")


def test_a_huge_zip_directory_is_refused_before_parsing(tmp_path: Path) -> None:
    blob = _zip({f"m{i}": b"" for i in range(30_000)})
    result = invoke(tmp_path, {"model.yaml": LSTM, "x.npz": blob}, ["run", "model.yaml", "--input", "x.npz"])
    assert result.exit_code == 2 and "zip directory of" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.npy")
    result = invoke(tmp_path, {"model.yaml": LSTM}, ["run", "model.yaml", "--input", "x.npy"])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_names_from_the_spec_are_shown_escaped(tmp_path: Path) -> None:
    spec = ('name: "evil\\x1b[2J"\nlayers:\n  - {type: Input, shape: [5, 3]}\n'
            '  - {type: LSTM, units: 4, name: "l\\nx\\u202e"}\n')
    result = invoke(tmp_path, {"model.yaml": spec}, ["run", "model.yaml", "--trace", "l\nx\u202e"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert 'Model "evil\\x1b[2J"' in result.output and "trace of l\\nx\\u202e" in result.output


def test_memory_estimate_counts_the_real_timesteps() -> None:
    summary = summarize(VAR.encode(), "var.yaml")
    short, long = plan(summary, [(1, 1, 3)]), plan(summary, [(1, 20_000, 3)])
    assert long.memory - short.memory >= 19_999 * (3 + 4) * 4  # the input and the LSTM's sequence, float32
    assert long.shapes["lstm"] == [(1, 20_000, 4)] and long.steps >= 20_000


def test_rms_scaling_matches_keras_formula() -> None:
    spec = b"layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LayerNormalization, rms_scaling: true}\n"
    summary = summarize(spec, "rms.yaml")
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype(np.float32)
    gamma = np.array([1.0, 2.0, 3.0], np.float32)
    outputs, _ = run(summary, prepare_weights(summary, {"layer_normalization/0": gamma}, 0), [x])
    want = x / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-3) * gamma
    np.testing.assert_allclose(outputs["layer_normalization"][0], want, rtol=1e-5, atol=1e-6)


def test_channels_first_conv_equals_transposed_channels_last() -> None:
    first = summarize(b"layers:\n  - {type: Input, shape: [3, 8]}\n"
                      b"  - {type: Conv1D, filters: 2, kernel_size: 3, data_format: channels_first}\n", "cf.yaml")
    last = summarize(b"layers:\n  - {type: Input, shape: [8, 3]}\n  - {type: Conv1D, filters: 2, kernel_size: 3}\n",
                     "cl.yaml")
    x = np.random.default_rng(1).normal(size=(2, 8, 3)).astype(np.float32)
    weights = prepare_weights(last, None, 0)
    want, _ = run(last, weights, [x])
    got, _ = run(first, weights, [x.transpose(0, 2, 1)])
    np.testing.assert_allclose(got["conv1d"][0], want["conv1d"][0].transpose(0, 2, 1), rtol=1e-6)


def test_embedding_lora_adds_the_scaled_factors() -> None:
    summary = summarize(b"layers:\n  - {type: Input, shape: [3]}\n"
                        b"  - {type: Embedding, input_dim: 5, output_dim: 2, lora_rank: 1, lora_alpha: 2}\n", "e.yaml")
    table, a, b = np.arange(10, dtype=np.float32).reshape(5, 2), np.ones((5, 1), np.float32), np.ones((1, 2), np.float32)
    weights = prepare_weights(summary, {"embedding/0": table, "embedding/1": a, "embedding/2": b}, 0)
    outputs, _ = run(summary, weights, [np.array([[0, 1, 4]], np.float32)])
    np.testing.assert_allclose(outputs["embedding"][0], table[[[0, 1, 4]]] + 2.0)


def test_gelu_erf_is_within_float32_resolution() -> None:
    x = np.linspace(-6, 6, 10_001)
    assert np.abs(_erf(x) - np.vectorize(math.erf)(x)).max() < 2e-7


@pytest.mark.parametrize(("text", "size"), [("512MiB", 512 * 2**20), (" 1.5 GB ", 1_500_000_000), ("100", 100),
                                            ("2gib", 2 * 2**30), (".5KiB", 512)])
def test_max_memory_sizes(text: str, size: int) -> None:
    assert _bytes(text) == size


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.stem for p in REGRESSIONS])
def test_regressions_pass(tmp_path: Path, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    files = {name: (f["text"] if "text" in f else base64.b64decode(f["b64"])) for name, f in data["files"].items()}
    result = invoke(tmp_path, files, data["argv"])
    assert result.exit_code in data["exit"], (path.name, result.output)


def test_a_masked_softmax_refuses_a_mask_keras_cannot_broadcast() -> None:
    """Recorded with Keras 3.15.1: the model builds, but model.predict raises in Softmax.call
    ("The `mask` must be broadcastable to `inputs`. ... inputs.shape=(2, 5, 3), mask.shape=(2, 5)")."""
    from lstmcalc.numeric.forward import RunError

    summary = summarize(b"layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: Masking}\n  - {type: Softmax}\n",
                        "s.yaml")
    assert summary.ok
    x = np.ones((2, 5, 3), np.float32)
    with pytest.raises(RunError, match=r"inputs.shape=\(2, 5, 3\), mask.shape=\(2, 5\)"):
        run(summary, prepare_weights(summary, None, 0), [x])
