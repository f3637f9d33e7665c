"""Table-driven layer tests against numbers recorded from real Keras 3.15.1.

Each row of tests/fixtures/keras_layers.json (made by tools/keras_oracle/layer_table.py) is
one layer on one input shape, like Keras's own run_layer_test: the output shape(s), the
parameter counts and the weights (names and shapes, in Keras's order), or the fact that
Keras refuses it. Adding a layer type means one class plus rows in that script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from lstmcalc.engine import summarize
from lstmcalc.layers import REGISTRY

TABLE = json.loads((Path(__file__).parent / "fixtures" / "keras_layers.json").read_text())
ROWS = TABLE["rows"]
#: the same rows built with tf.keras 2 (tf_keras 2.21), answered under `--keras 2`
TABLE2 = json.loads((Path(__file__).parent / "fixtures" / "keras2_layers.json").read_text())
ROWS2 = TABLE2["rows"]


def spec_for(row: dict[str, Any]) -> bytes:
    layer = {"type": row["type"], **row["args"]}
    shapes = row["input_shape"]
    if shapes and isinstance(shapes[0], list):  # a merge layer: one Input per shape
        inputs = [{"type": "Input", "name": f"in{i}", "batch_shape": s} for i, s in enumerate(shapes)]
        layer["inputs"] = [f"in{i}" for i in range(len(shapes))]
        return yaml.safe_dump({"layers": [*inputs, layer]}).encode()
    return yaml.safe_dump({"layers": [{"type": "Input", "batch_shape": shapes}, layer]}).encode()


def keras_weight_name(path: str) -> str:
    """'bidirectional/forward_lstm/lstm_cell/kernel' -> 'forward_kernel'."""
    parts = path.split("/")
    if len(parts) == 3 and parts[1] in ("query", "key", "value", "gate", "attention_output"):
        return "/".join(parts[1:])  # MultiHeadAttention's EinsumDense sub-layers: 'query/kernel'
    direction = next((p.split("_")[0] + "_" for p in parts[1:-1] if p.startswith(("forward_", "backward_"))), "")
    return direction + parts[-1]


def row_id(row: dict[str, Any]) -> str:
    args = ",".join(f"{k}={v}" for k, v in row["args"].items() if k != "layer")
    inner = row["args"].get("layer", {}).get("type", "")
    return f"{row['type']}({inner}{args})@{row['input_shape']}"


def test_fixture_comes_from_keras_3_15() -> None:
    assert TABLE["keras_version"].startswith("3.15")


def test_every_registered_layer_has_rows_both_ways() -> None:
    types = {row["type"] for row in ROWS if "error" not in row}
    # Input opens every row; Custom is the user's own class (tests/test_custom_layers.py has Keras's tables)
    assert {t for t, cls in REGISTRY.items() if 3 in cls.keras_versions} - {"Input", "Custom"} <= types
    assert {t for t, cls in REGISTRY.items() if 2 in cls.keras_versions} - {"Input", "Custom"} <= {
        row["type"] for row in ROWS2 if "error" not in row}
    refused = {row["type"] for row in ROWS if "error" in row}
    assert {"LSTM", "Dense", "Conv1D", "Bidirectional", "TimeDistributed", "RepeatVector", "Reshape"} <= refused


def test_keras2_fixture_comes_from_tf_keras_2_21_on_the_same_rows() -> None:
    assert TABLE2["keras_version"] == "2.21.0"
    assert [(r["type"], r["args"], r["input_shape"]) for r in ROWS2] == [
        (r["type"], r["args"], r["input_shape"]) for r in ROWS]


KERAS_ROWS = [(3, r) for r in ROWS] + [(2, r) for r in ROWS2]


@pytest.mark.parametrize(("keras", "row"), KERAS_ROWS, ids=[f"keras{k}-{row_id(r)}" for k, r in KERAS_ROWS])
def test_layer_matches_keras(keras: int, row: dict[str, Any]) -> None:
    summary = summarize(spec_for(row), "layer.yaml", keras=keras)
    errors = [d for d in summary.diagnostics if d.is_error]
    if "error" in row:
        assert errors, f"Keras refuses this ({row['error'][:120]}); lstmcalc accepts it"
        assert errors[0].layer == summary.constructed[-1].name
        return
    assert not errors, errors[0].message
    layer = summary.layers[-1]
    assert not layer.is_input
    outputs = [list(s) for s in (layer.outputs or (layer.output_shape,))]
    assert outputs == row["output_shapes"]
    assert layer.params == row["params"]
    assert layer.trainable_params == row["trainable_params"]
    assert layer.non_trainable_params == row["non_trainable_params"]
    assert [(w.name, list(w.shape)) for w in layer.weights] == [
        (keras_weight_name(w["path"]), w["shape"]) for w in row["weights"]]
    assert [w.variable_trainable for w in layer.weights] == [w["trainable"] for w in row["weights"]]


def test_per_layer_params_sum_to_the_total_over_the_corpus() -> None:
    for path in sorted((Path(__file__).parent / "conformance" / "cases").glob("*.yaml")):
        summary = summarize(path.read_bytes(), str(path))
        if summary.ok:
            assert sum(r.params for r in summary.layers) == summary.total_params, path.name
            assert summary.trainable_params + summary.non_trainable_params == summary.total_params


# Rows Keras cannot build (or builds only on paper), each answered by a diagnostic: the
# code lstmcalc reports for (layer, input batch_shape). tests/test_engine_hardening.py
# generates many more; these pin one per cause.
REFUSED = [
    ({"type": "Reshape", "target_shape": [1]}, [], "LC100"),  # Keras: tuple index out of range
    ({"type": "TimeDistributed", "layer": {"type": "Dense", "units": 2}}, [], "LC100"),
    ({"type": "TimeDistributed", "layer": {"type": "Concatenate"}}, [None, 5, 4, 3], "LC107"),
    ({"type": "TimeDistributed", "layer": {"type": "Input", "shape": [3]}}, [None, 5, 4, 3], "LC015"),
    ({"type": "TimeDistributed", "layer": {"type": "LSTM", "units": 2, "return_state": True}},
     [None, 5, 4, 3], "LC106"),
    ({"type": "LayerNormalization", "axis": [-1, 2]}, [None, 4, 3], "LC104"),  # duplicate axes
    ({"type": "Dense", "units": 2, "lora_rank": -2}, [None, 3], "LC015"),
    ({"type": "Dense", "units": 2**62}, [None, 2**62], "LC108"),
    ({"type": "Embedding", "input_dim": 2**62, "output_dim": 2**62}, [None, 3], "LC108"),
    ({"type": "Flatten"}, [None, 2**32, 2**32], "LC108"),
    ({"type": "Reshape", "target_shape": [2**32, 2**32]}, [None, 3], "LC108"),
    ({"type": "Bidirectional", "layer": {"type": "LSTM", "units": 2**62}}, [None, 3, 2], "LC108"),
    ({"type": "Dense", "units": 2**63}, [None, 3], "LC015"),
    ({"type": "LSTM", "units": 2}, [-1, 3, 2], "LC015"),
]


@pytest.mark.parametrize(("layer", "shape", "code"), REFUSED, ids=[f"{r[0]['type']}@{r[1]}" for r in REFUSED])
def test_refused_with_a_diagnostic(layer: dict[str, Any], shape: list[int | None], code: str) -> None:
    data = yaml.safe_dump({"layers": [{"type": "Input", "batch_shape": shape}, layer]}).encode()
    summary = summarize(data, "layer.yaml")
    errors = [d for d in summary.diagnostics if d.is_error]
    assert [d.code for d in errors][:1] == [code], errors
    assert errors[0].hint and errors[0].layer


def test_layer_normalization_sorts_canonical_axes_as_keras_does() -> None:
    # Keras's build: canonicalize_axes, then sorted: axis [-1, 1] on rank 3 is [1, 2].
    data = yaml.safe_dump({"layers": [{"type": "Input", "shape": [4, 3]},
                                      {"type": "LayerNormalization", "axis": [-1, 1]}]}).encode()
    layer = summarize(data, "layer.yaml").layers[-1]
    assert [(w.name, w.shape) for w in layer.weights] == [("gamma", (4, 3)), ("beta", (4, 3))]


def test_embedding_on_a_scalar_tensor() -> None:
    # Keras: Embedding.compute_output_shape is (*input_shape, output_dim), batch axis or not.
    data = yaml.safe_dump({"layers": [{"type": "Input", "batch_shape": []},
                                      {"type": "Embedding", "input_dim": 5, "output_dim": 3}]}).encode()
    summary = summarize(data, "layer.yaml")
    assert summary.ok and summary.layers[-1].output_shape == (3,)


def test_a_name_with_a_slash_is_refused_as_keras_refuses_it() -> None:
    """Keras 3.15: keras.layers.Dense(2, name='a/b') and keras.Sequential(..., name='a/b')
    raise ValueError "Argument `name` must be a string and cannot contain character `/`."."""
    from lstmcalc.engine import summarize

    text = b"name: m/1\nlayers:\n  - {type: Input, shape: [5, 3]}\n  - {type: Dense, units: 2, name: a/b}\n"
    summary = summarize(text, "x.yaml")
    assert not summary.ok
    found = [d for d in summary.diagnostics if d.code == "LC015"]
    assert [d.span.line for d in found] == [4, 1]
    assert all("cannot contain character `/`" in d.message for d in found)


def test_the_lazy_families_are_listed_exactly() -> None:
    """base.LAZY names every type of the families imported on first lookup, and nothing else."""
    import importlib

    from lstmcalc.layers.base import LAZY

    modules = sorted(set(LAZY.values()))
    for module in modules:
        importlib.import_module(f"lstmcalc.layers.{module}")
    registered = {name: cls.__module__.rsplit(".", 1)[1] for name, cls in REGISTRY.items()}
    assert {n: m for n, m in registered.items() if m in modules} == LAZY


def test_a_summary_imports_only_the_families_it_uses() -> None:
    import subprocess
    import sys

    code = ("import sys; from lstmcalc.engine import summarize; "
            "summarize(b'layers:\\n  - {type: Input, shape: [5, 3]}\\n  - {type: LSTM, units: 4}\\n"
            "  - {type: Conv2D, filters: 2, kernel_size: 1}\\n', 's.yaml'); "
            "print(sorted(m for m in sys.modules if m.startswith('lstmcalc.layers.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "lstmcalc.layers.convnd" in loaded  # looked up: imported
    assert "lstmcalc.layers.attention" not in loaded and "lstmcalc.layers.poolnd" not in loaded


def test_keras2_refuses_a_lambda_whose_function_it_would_have_to_run() -> None:
    """A Lambda read from code (its function is there): tf.keras 2 takes the output shape
    from running the function and ignores output_shape, so lstmcalc refuses under --keras 2;
    a spec's Lambda (no function) takes output_shape as what the function returns."""
    code = (b"import keras\nmodel = keras.Sequential([keras.Input(shape=(5, 8)), "
            b"keras.layers.Lambda(lambda x: x[:, -1], output_shape=(8,))])\n")
    errors = [d for d in summarize(code, "m.py", keras=2).diagnostics if d.is_error]
    assert [d.code for d in errors] == ["LC104"] and "running its Python function" in errors[0].message
    keras3 = summarize(code, "m.py", keras=3)
    recorded = next(r for r in ROWS if r["type"] == "Lambda" and r["args"] == {"output_shape": [8]}
                    and r["input_shape"] == [None, 5, 8])  # Keras 3.15's answer for the same layer
    assert keras3.ok and [list(keras3.layers[-1].output_shape or ())] == recorded["output_shapes"]
