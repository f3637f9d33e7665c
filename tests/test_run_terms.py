"""`lstmcalc run` checks the input against the model before computing (LC042, LC043, naming
the axis and the size expected), refuses options that do not apply (status 2), prints sizes
with one formatter, and every command refuses an existing file with the same status."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.numeric.plan import plan
from lstmcalc.sizes import size_text

FIXED = ("layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 4, name: lstm}\n"
         "  - {type: Dense, units: 2, name: dense}\n")
VARIABLE = "layers:\n  - {type: Input, shape: [null, 3]}\n  - {type: LSTM, units: 4, return_sequences: true, name: lstm}\n"
EMBED = ("layers:\n  - {type: Input, shape: [null]}\n  - {type: Embedding, input_dim: 10, output_dim: 3, name: emb}\n"
         "  - {type: LSTM, units: 4}\n")


def run(tmp_path: Path, spec: str, *args: str, array: np.ndarray | None = None) -> tuple[int, str, str]:
    (tmp_path / "model.yaml").write_text(spec)
    if array is not None:
        np.save(tmp_path / "x.npy", array)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["run", "model.yaml", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("spec", "array", "message"), [
    (FIXED, np.zeros((2, 7, 3), np.float32),
     "LC042 [error] --input x.npy has shape (2, 7, 3); the model's input 'input_layer' takes 3D arrays "
     "(batch, 5, 3): the timesteps axis (axis 1) must be 5, not 7; the model is built for sequences of exactly 5"),
    (FIXED, np.zeros((2, 5, 4), np.float32), "LC042 [error] --input x.npy has shape (2, 5, 4); the model's input "
     "'input_layer' takes 3D arrays (batch, 5, 3): the features axis (axis 2) must be 3, not 4"),
    (VARIABLE, np.zeros((2, 9, 4), np.float32), "(batch, any, 3): the features axis (axis 2) must be 3, not 4"),
    (FIXED, np.zeros((5, 3), np.float32), "LC042 [error] --input x.npy has shape (5, 3); the model's input "
     "'input_layer' takes 3D arrays (batch, 5, 3); add the batch axis"),
    (FIXED, np.zeros((2, 5, 3), np.complex64),
     "LC042 [error] --input x.npy holds complex numbers (complex64), which no layer can take"),
    (EMBED, np.array([[1, 2, 12], [0, 3, 4]]), "LC043 [error] layer 'emb' (Embedding, input_dim=10) takes whole-number "
     "ids from 0 to 9, got 12 (at index (0, 2)"),
    (EMBED, np.array([[1, 2, 3], [0, -1, 4]]), "LC043 [error] layer 'emb' (Embedding, input_dim=10) takes whole-number "
     "ids from 0 to 9, got -1 (at index (1, 1)"),
    (EMBED, np.array([[1.5, 2, 3]]), "LC043 [error] layer 'emb' (Embedding, input_dim=10) takes whole-number ids "
     "from 0 to 9, got 1.5"),
])
def test_input_is_checked_against_the_model_before_computing(tmp_path: Path, spec: str, array: np.ndarray,
                                                             message: str) -> None:
    status, out, err = run(tmp_path, spec, "--input", "x.npy", array=array)
    assert status == 1
    assert message in err
    assert out == ""  # refused before any layer ran


@pytest.mark.parametrize(("spec", "args", "message"), [
    (FIXED, ["--trace", "dense"], "--trace 'dense' is a Dense layer; --trace shows the gates of an LSTM, GRU or "
     "SimpleRNN at each timestep; the model's are: lstm"),
    (FIXED, ["--trace", "nope"], "--trace: no layer 'nope' to trace; the recurrent layers are: lstm"),
    (FIXED, ["--timesteps", "9"], "--timesteps is for inputs of variable (None) length, and this model's are fixed: "
     "'input_layer' (batch, 5, 3)"),
    (VARIABLE, ["--timesteps", "9", "--input", "x.npy"], "--input gives its own, so drop --timesteps"),
])
def test_options_that_do_not_apply_are_usage_errors(tmp_path: Path, spec: str, args: list[str], message: str) -> None:
    status, out, err = run(tmp_path, spec, *args, array=np.zeros((2, 4, 3), np.float32))
    assert status == 2
    assert message in err and out == ""


def test_options_that_apply_still_run(tmp_path: Path) -> None:
    status, out, _ = run(tmp_path, VARIABLE, "--timesteps", "9")
    assert status == 0 and re.search(r"^  lstm +\(2, 9, 4\)", out, re.MULTILINE)
    status, out, _ = run(tmp_path, FIXED, "--trace", "lstm")
    assert status == 0 and "trace of lstm, sample 0" in out and "t=4 " in out


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 B"), (1023, "1,023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"), (2**20 - 1, "1.0 MiB"),
    (2**20, "1.0 MiB"), (3 * 2**30 // 2, "1.5 GiB"), (2**40, "1.0 TiB"), (2**60, "more than an exbibyte"),
])
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text


def test_memory_refusal_prints_sizes_with_units(tmp_path: Path) -> None:
    status, _, err = run(tmp_path, FIXED, "--max-memory", "1KiB")
    needed = plan(summarize(FIXED.encode(), "m.yaml"), [(2, 5, 3)], with_output_file=False, extra_bytes=0,
                  random_weights=True).memory
    assert status == 1
    assert f"this run needs about {size_text(needed)} " in err and "over --max-memory 1.0 KiB" in err
    assert "0.0 MiB" not in err
    assert "--timesteps" not in err  # a fixed-length model: the hint does not offer an option it refuses


@pytest.mark.parametrize("argv", [
    ["convert", "model.yaml", "--to", "json", "-o", "out.file"],
    ["diagram", "model.yaml", "-o", "out.file"],
    ["run", "model.yaml", "--output", "out.file"],
])
def test_an_existing_file_is_a_usage_error_everywhere(tmp_path: Path, argv: list[str]) -> None:
    """Every writer goes through safety.writing.write_atomic: one message and status 2."""
    (tmp_path / "model.yaml").write_text(FIXED)
    (tmp_path / "out.file").write_bytes(b"keep")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, argv)
    finally:
        os.chdir(old)
    assert result.exit_code == 2
    assert "Error: out.file exists; pass --force to overwrite it" in result.stderr
    assert (tmp_path / "out.file").read_bytes() == b"keep"


def test_ids_are_checked_as_saved_not_as_float32(tmp_path: Path) -> None:
    """float32 holds whole numbers exactly only up to 2**24: id 2**24 + 1 would be read as 2**24
    and quoted wrongly; the ids are checked in the file's int64 before the cast."""
    spec = "layers:\n  - {type: Input, shape: [2]}\n  - {type: Embedding, input_dim: 16777217, output_dim: 1, name: emb}\n"
    status, _, err = run(tmp_path, spec, "--input", "x.npy", array=np.array([[1, 2**24 + 1]], np.int64))
    assert status == 1
    assert f"LC043 [error] layer 'emb' (Embedding, input_dim=16777217) takes whole-number ids from 0 to {2**24}, " \
           f"got {2**24 + 1} (at index (0, 1)" in err
