"""`summary --columns`: lstmcalc's torchinfo-style extension of the table.

Every MAC count here is worked out from the layer's definition in the test itself (the
formula written out with the shapes), never copied from lstmcalc's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.engine.columns import COLUMNS, Row, column_table
from lstmcalc.engine.macs import UNKNOWN_COMPUTATION, UNKNOWN_DIMENSION

SPECS = Path(__file__).parent.parent / "specs"


def rows(text: str, *, expand: bool = True) -> dict[str, Row]:
    summary = summarize(text.encode(), "t.yaml", {}, "auto", None)
    assert summary.ok, summary.diagnostics
    return {r.layer.name: r for r in column_table(summary, expand_nested=expand).rows}


def one(shape: list[int | None], layer: str) -> Row:
    """The row of LAYER (a YAML flow mapping, named x) called on an Input of SHAPE."""
    text = f"layers:\n  - {{type: Input, shape: {json.dumps(shape)}}}\n  - {layer}\n"
    return rows(text)["x"]


def macs(shape: list[int | None], layer: str) -> int | None:
    return one(shape, layer).macs.value


def run(*args: str) -> Result:
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, ["summary", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def write(tmp_path: Path, text: str, name: str = "m.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# --- MACs, one row per family --------------------------------------------------------------------
@pytest.mark.parametrize(("shape", "layer", "expected"), [
    # LSTM: every step multiplies x (64) and h (128) by the four gates' matrices
    ([50, 64], "{type: LSTM, name: x, units: 128}", 50 * 4 * 128 * (64 + 128)),
    ([50, 64], "{type: LSTM, name: x, units: 128, return_sequences: true, go_backwards: true}",
     50 * 4 * 128 * (64 + 128)),
    ([50, 64], "{type: LSTM, name: x, units: 128, use_bias: false}", 50 * 4 * 128 * (64 + 128)),
    # GRU: three gates; reset_after changes only the bias
    ([20, 16], "{type: GRU, name: x, units: 32}", 20 * 3 * 32 * (16 + 32)),
    ([20, 16], "{type: GRU, name: x, units: 32, reset_after: false}", 20 * 3 * 32 * (16 + 32)),
    ([7, 3], "{type: SimpleRNN, name: x, units: 10}", 7 * 10 * (3 + 10)),
    # the generic RNN over stacked cells: each cell's input is the previous cell's output
    ([5, 3], "{type: RNN, name: x, cell: [{type: LSTMCell, units: 8}, {type: GRUCell, units: 4}]}",
     5 * (4 * 8 * (3 + 8) + 3 * 4 * (8 + 4))),
    # Dense: in x out at every position between batch and features
    ([8], "{type: Dense, name: x, units: 16}", 8 * 16),
    ([5, 8], "{type: Dense, name: x, units: 16}", 5 * 8 * 16),
    ([2, 5, 8], "{type: Dense, name: x, units: 16}", 2 * 5 * 8 * 16),
    # LoRA: Keras adds lora_a @ lora_b (in x rank x out) to the kernel on every call
    ([8], "{type: Dense, name: x, units: 4, lora_rank: 2}", 8 * 4 + 8 * 2 * 4),
    ([1000], "{type: Embedding, name: x, input_dim: 10, output_dim: 4}", 0),
    # convolutions: output positions x kernel values per position
    ([20, 4], "{type: Conv1D, name: x, filters: 8, kernel_size: 3}", 18 * 3 * 4 * 8),
    ([20, 4], "{type: Conv1D, name: x, filters: 8, kernel_size: 3, groups: 2}", 18 * 3 * (4 // 2) * 8),
    ([20, 4], "{type: Conv1D, name: x, filters: 8, kernel_size: 3, strides: 2, padding: same}", 10 * 3 * 4 * 8),
    ([32, 32, 3], "{type: Conv2D, name: x, filters: 16, kernel_size: 3, strides: 2, padding: same}",
     16 * 16 * 3 * 3 * 3 * 16),
    ([3, 32, 32], "{type: Conv2D, name: x, filters: 16, kernel_size: 3, data_format: channels_first}",
     30 * 30 * 3 * 3 * 3 * 16),
    ([5, 6, 7, 2], "{type: Conv3D, name: x, filters: 4, kernel_size: 2}", (4 * 5 * 6) * (2 * 2 * 2) * 2 * 4),
    ([10, 10, 4], "{type: DepthwiseConv2D, name: x, kernel_size: 3, depth_multiplier: 2}", 8 * 8 * 3 * 3 * 4 * 2),
    ([10, 10, 4], "{type: SeparableConv2D, name: x, filters: 8, kernel_size: 3}",
     8 * 8 * (3 * 3 * 4 * 1 + 4 * 8)),
    # a transposed convolution scatters each input value through the kernel
    ([5, 5, 4], "{type: Conv2DTranspose, name: x, filters: 6, kernel_size: 3, strides: 2}", 5 * 5 * 3 * 3 * 4 * 6),
    ([9, 4], "{type: Conv1DTranspose, name: x, filters: 2, kernel_size: 3}", 9 * 3 * 4 * 2),
    # ConvLSTM: per step, the input and the recurrent convolution at every output position
    ([4, 10, 10, 2], "{type: ConvLSTM2D, name: x, filters: 8, kernel_size: 3, padding: same}",
     4 * (10 * 10) * 3 * 3 * 4 * 8 * (2 + 8)),
    ([4, 10, 10, 2], "{type: ConvLSTM2D, name: x, filters: 8, kernel_size: 3, return_sequences: true}",
     4 * (8 * 8) * 3 * 3 * 4 * 8 * (2 + 8)),
    ([6, 12, 3], "{type: ConvLSTM1D, name: x, filters: 5, kernel_size: 3}", 6 * 10 * 3 * 4 * 5 * (3 + 5)),
    # wrappers: both directions; the inner layer once per step
    ([10, 8], "{type: Bidirectional, name: x, layer: {type: LSTM, units: 16}}", 2 * 10 * 4 * 16 * (8 + 16)),
    ([10, 8], "{type: Bidirectional, name: x, merge_mode: sum, layer: {type: GRU, units: 4}}",
     2 * 10 * 3 * 4 * (8 + 4)),
    ([6, 3], "{type: TimeDistributed, name: x, layer: {type: Dense, units: 5}}", 6 * 3 * 5),
    ([5, 320, 2], "{type: TimeDistributed, name: x, layer: {type: LSTM, units: 16}}", 5 * 320 * 4 * 16 * (2 + 16)),
    # no matrix product: 0
    ([5, 8], "{type: Dropout, name: x, rate: 0.5}", 0),
    ([5, 8], "{type: BatchNormalization, name: x}", 0),
    ([5, 8], "{type: LayerNormalization, name: x}", 0),
    ([6, 8], "{type: MaxPooling1D, name: x}", 0),
    ([5, 8], "{type: Activation, name: x, activation: relu}", 0),
])
def test_macs_per_family(shape: list[int], layer: str, expected: int) -> None:
    assert macs(shape, layer) == expected


ATTENTION = """layers:
  - {type: Input, name: q, shape: [4, 8]}
  - {type: Input, name: v, shape: [6, 5]}
  - {type: Input, name: k, shape: [6, 8]}
  - {type: Attention, name: att, inputs: [q, v, k]}
  - {type: Attention, name: att_concat, score_mode: concat, inputs: [q, v, k]}
  - {type: AdditiveAttention, name: additive, inputs: [q, v, k]}
  - {type: AdditiveAttention, name: additive_plain, use_scale: false, inputs: [q, v, k]}
  - {type: MultiHeadAttention, name: mha, num_heads: 2, key_dim: 3, inputs: [q, v, k]}
  - {type: MultiHeadAttention, name: mha_vd, num_heads: 2, key_dim: 3, value_dim: 4, output_shape: 7, inputs: [q, v]}
  - {type: Dot, name: dot, axes: 2, inputs: [q, k]}
"""


def test_attention_macs() -> None:
    found = rows(ATTENTION)
    tq, tv, d, dv = 4, 6, 8, 5
    # scores q.kᵀ (Tq x Tv x d), then scores.v (Tq x Tv x dv)
    assert found["att"].macs.value == tq * tv * d + tq * tv * dv
    # concat scores are a sum of tanh, no product
    assert found["att_concat"].macs.value == tq * tv * dv
    # additive: the scale vector contracts tanh(q + k) over d
    assert found["additive"].macs.value == tq * tv * d + tq * tv * dv
    assert found["additive_plain"].macs.value == tq * tv * dv
    heads, kd = 2, 3
    projections = tq * d * heads * kd + tv * 8 * heads * kd + tv * dv * heads * kd + tq * heads * kd * d
    assert found["mha"].macs.value == projections + heads * tq * tv * kd + heads * tq * tv * kd
    vd, out = 4, 7
    projections = tq * d * heads * kd + tv * dv * heads * kd + tv * dv * heads * vd + tq * heads * vd * out
    assert found["mha_vd"].macs.value == projections + heads * tq * tv * kd + heads * tq * tv * vd
    assert found["dot"].macs.value == tq * tv * d


def test_multi_head_attention_attention_axes() -> None:
    """On 4D inputs the attended axes are Tq and Tv; the other axes pair position by position."""
    found = rows("""layers:
  - {type: Input, name: q, shape: [3, 4, 8]}
  - {type: Input, name: v, shape: [3, 5, 8]}
  - {type: MultiHeadAttention, name: axis2, num_heads: 2, key_dim: 3, attention_axes: [2], inputs: [q, v]}
  - {type: MultiHeadAttention, name: both, num_heads: 2, key_dim: 3, inputs: [q, v]}
""")
    heads, kd = 2, 3
    projections = (3 * 4) * 8 * heads * kd + 2 * (3 * 5) * 8 * heads * kd + (3 * 4) * heads * kd * 8
    # attention over axis 2 only: for each of the 3 rows, 4 queries x 5 keys
    assert found["axis2"].macs.value == projections + 2 * heads * kd * 3 * 4 * 5
    # default: axes 1 and 2 together, 12 queries x 15 keys
    assert found["both"].macs.value == projections + 2 * heads * kd * (3 * 4) * (3 * 5)


def test_multi_head_attention_called_with_keywords(tmp_path: Path) -> None:
    """Keras's node lists keyword inputs sorted by keyword (key, query, value): the count
    must still take the query's steps for the query and the value's for the value."""
    code = ("import keras\nfrom keras import layers\n"
            "q = keras.Input(shape=(4, 8))\nv = keras.Input(shape=(6, 5))\nk = keras.Input(shape=(6, 7))\n"
            "out = layers.MultiHeadAttention(num_heads=2, key_dim=3, name='mha')(query=q, value=v, key=k)\n"
            "model = keras.Model([q, v, k], out)\n")
    result = run(write(tmp_path, code, "m.py"), "--columns", "macs", "--format", "json")
    assert result.exit_code == 0, result.output
    (mha,) = [entry for entry in json.loads(result.output)[0]["layers"] if entry["name"] == "mha"]
    heads, kd, tq, tv = 2, 3, 4, 6
    projections = tq * 8 * heads * kd + tv * 7 * heads * kd + tv * 5 * heads * kd + tq * heads * kd * 8
    assert mha["macs"] == projections + 2 * heads * tq * tv * kd


def test_shared_layer_counts_every_call_and_nested_model_its_layers() -> None:
    text = """layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 4], name: b}
  - {type: LSTM, name: shared, units: 8, inputs: a}
  - {call: shared, inputs: b}
  - {type: Concatenate, name: cat, inputs: [shared, shared@1]}
  - {type: Sequential, name: head, layers: [{type: Dense, name: d1, units: 4}, {type: Dense, name: d2, units: 1}]}
"""
    found = rows(text)
    assert found["shared"].macs.value == 2 * 10 * 4 * 8 * (4 + 8)
    assert found["head"].macs.value == 16 * 4 + 4 * 1
    assert found["d1"].macs.value == 16 * 4 and found["d1"].level == 1
    assert found["cat"].input_shapes == ((None, 8), (None, 8))


def test_unknown_timesteps_give_unknown_not_a_guess() -> None:
    row = one([None, 8], "{type: LSTM, name: x, units: 16}")
    assert row.macs.value is None and row.macs.reason == UNKNOWN_DIMENSION
    assert macs([None, 8], "{type: Dense, name: x, units: 3}") is None
    assert macs([None, 8], "{type: TimeDistributed, name: x, layer: {type: Dense, units: 3}}") is None
    # a None that the count does not need leaves it known
    assert macs([None, 8], "{type: Dropout, name: x, rate: 0.1}") == 0


def test_unknown_timesteps_print_question_mark_and_say_why(tmp_path: Path) -> None:
    spec = write(tmp_path, "layers:\n  - {type: Input, shape: [null, 8]}\n  - {type: LSTM, name: l, units: 16}\n"
                           "  - {type: Dense, name: d, units: 2}\n")
    result = run(spec, "--columns", "macs")
    assert result.exit_code == 0
    (lstm,) = [line for line in result.output.splitlines() if "l (LSTM)" in line]
    assert lstm.rstrip("│ ").endswith("?")
    (dense,) = [line for line in result.output.splitlines() if "d (Dense)" in line]
    assert "32" in dense  # 16 x 2, known
    (total,) = [line for line in result.output.splitlines() if "│ Total" in line]
    assert total.rstrip("│ ").endswith("?")
    assert "?: a dimension it needs is None" in result.output
    assert "the rows that are known sum to 32" in result.output


def test_lambda_is_unknown_computation() -> None:
    row = one([4, 8], "{type: Lambda, name: x, function: 'lambda t: t', output_shape: [4, 8]}")
    assert row.macs.value is None and row.macs.reason == UNKNOWN_COMPUTATION


# --- the other columns ---------------------------------------------------------------------------
def test_kernel_shapes_params_percent_and_trainable() -> None:
    text = """layers:
  - {type: Input, shape: [50, 10]}
  - {type: LSTM, name: l, units: 4}
  - {type: BatchNormalization, name: bn}
  - {type: Dense, name: frozen, units: 3, trainable: false}
  - {type: Embedding, name: e, input_dim: 7, output_dim: 2}
"""
    found = rows(text)
    assert found["l"].kernel_shapes == (("kernel", (10, 16)), ("recurrent_kernel", (4, 16)))
    assert found["e"].kernel_shapes == (("embeddings", (7, 2)),)
    assert found["bn"].kernel_shapes == ()
    lstm, bn, dense, emb = 4 * (4 * (10 + 4) + 4), 4 * 4, 4 * 3 + 3, 7 * 2
    grand = lstm + bn + dense + emb
    assert found["l"].params_percent == round(100 * lstm / grand, 1)
    assert found["frozen"].params_percent == round(100 * dense / grand, 1)
    assert (found["l"].trainable, found["frozen"].trainable, found["bn"].trainable) == ("Yes", "No", "Partial")


def test_text_table_prints_one_decimal_percent_and_totals(tmp_path: Path) -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "params_percent,trainable,macs")
    assert result.exit_code == 0
    (lstm1,) = [line for line in result.output.splitlines() if "lstm1 (LSTM)" in line]
    assert f"{100 * 71168 / 137217:.1f}%" in lstm1 and "Yes" in lstm1
    assert f"{50 * 4 * 128 * (10 + 128):,}" in lstm1
    (total,) = [line for line in result.output.splitlines() if "│ Total" in line]
    expected = (50 * 4 * 128 * (10 + 128) + 50 * 4 * 64 * (128 + 64) + 64 * 128 + 128 * 64 + 64 * 1)
    assert f"{expected:,}" in total and "100.0%" in total and "137,217" in total


def test_columns_follow_the_given_order_with_output_shape_and_params_kept() -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "trainable,macs,input_shape,kernel_shape")
    header = next(line for line in result.output.splitlines() if "Layer (type)" in line)
    titles = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert titles == ["Layer (type)", "Trainable", "MACs", "Input Shape", "Output Shape", "Param #", "Kernel Shape"]
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "macs")
    header = next(line for line in result.output.splitlines() if "Layer (type)" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == ["Layer (type)", "Output Shape", "Param #", "MACs"]


def test_all_lists_every_column() -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "all")
    header = next(line for line in result.output.splitlines() if "Layer (type)" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == [
        "Layer (type)", "Input Shape", "Output Shape", "Param #", "Kernel Shape", "MACs", "Param %", "Trainable"]


def test_the_extension_is_marked_and_off_by_default() -> None:
    marked = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "macs,trainable")
    assert "Columns beyond Keras's: MACs, Trainable (lstmcalc's extension" in marked.output
    plain = run(str(SPECS / "understanding_lstm.yaml"))
    assert "Columns beyond Keras's" not in plain.output and "MACs" not in plain.output
    keras = (Path(__file__).parent / "conformance" / "summaries" / "seed_understanding_lstm.txt").read_text()
    assert plain.output.rstrip("\n") == keras.rstrip("\n")


def test_input_shapes_of_merges_and_initial_state() -> None:
    text = """layers:
  - {type: Input, name: enc_in, shape: [5, 3]}
  - {type: LSTM, name: enc, units: 4, return_state: true}
  - {type: Input, name: dec_in, shape: [7, 2]}
  - type: LSTM
    name: dec
    units: 4
    inputs: dec_in
    initial_state: ["enc[1]", "enc[2]"]
"""
    found = rows(text)
    assert found["dec"].input_shapes == ((None, 7, 2), (None, 4), (None, 4))
    assert found["enc_in"].input_shapes == ()
    # the states are inputs, not sequence steps: the count stays 7 steps of the cell
    assert found["dec"].macs.value == 7 * 4 * 4 * (2 + 4)


def test_mask_tensors_are_not_listed_as_inputs() -> None:
    text = ("layers:\n  - {type: Input, shape: [6]}\n"
            "  - {type: Embedding, input_dim: 20, output_dim: 3, mask_zero: true}\n"
            "  - {type: LSTM, name: x, units: 2}\n")
    assert rows(text)["x"].input_shapes == ((None, 6, 3),)


# --- JSON and Markdown ---------------------------------------------------------------------------
def test_json_adds_the_chosen_columns_as_keys() -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "macs,kernel_shape", "--format", "json")
    assert result.exit_code == 0
    (model,) = json.loads(result.output)
    lstm1 = next(e for e in model["layers"] if e["name"] == "lstm1")
    assert lstm1["macs"] == 50 * 4 * 128 * (10 + 128)
    assert lstm1["kernel_shape"] == {"kernel": [10, 512], "recurrent_kernel": [128, 512]}
    assert "input_shape" not in lstm1 and "trainable" not in lstm1 and "params_percent" not in lstm1
    assert model["lstmcalc_columns"]["columns"] == ["macs", "kernel_shape"]
    assert model["total_macs"] == sum(e["macs"] for e in model["layers"])
    plain = json.loads(run(str(SPECS / "understanding_lstm.yaml"), "--format", "json").output)[0]
    assert "lstmcalc_columns" not in plain and "macs" not in plain["layers"][1]


def test_json_all_columns_and_unknown_macs(tmp_path: Path) -> None:
    spec = write(tmp_path, "layers:\n  - {type: Input, shape: [null, 8]}\n  - {type: GRU, name: g, units: 2}\n")
    (model,) = json.loads(run(spec, "--columns", "all", "--format", "json").output)
    gru = next(e for e in model["layers"] if e["name"] == "g")
    assert set(COLUMNS) <= set(gru)
    assert gru["macs"] is None and gru["macs_unknown"] == UNKNOWN_DIMENSION
    assert gru["input_shape"] == [[None, None, 8]] and gru["trainable"] == "Yes" and gru["params_percent"] == 100.0
    assert model["total_macs"] is None


def test_markdown_escapes_pipes_and_marks_the_extension(tmp_path: Path) -> None:
    spec = write(tmp_path, "layers:\n  - {type: Input, shape: [3]}\n  - {type: Dense, name: 'a|b', units: 2}\n")
    result = run(spec, "--columns", "macs,input_shape", "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "| Layer (type) | MACs | Input Shape | Output Shape | Param # |" in lines
    (row,) = [line for line in lines if line.startswith("| a")]
    assert row == "| a\\|b (Dense) | 6 | (None, 3) | (None, 2) | 8 |"
    assert any(line.startswith("_Columns beyond Keras's: MACs, Input Shape") for line in lines)
    assert "| **Total** | 6 |" in result.output


# --- the option ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "fragment"), [
    ("mac", "did you mean macs?"),
    ("input_shapes", "did you mean input_shape?"),
    ("flops", "choose from input_shape, kernel_shape, macs, params_percent, trainable, or all"),
    ("macs,macs", "named twice"),
    ("all,macs", "give it alone"),
    (",", "name one or more columns"),
])
def test_bad_column_names_are_usage_errors(value: str, fragment: str) -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", value)
    assert result.exit_code == 2
    assert fragment in result.output


def test_columns_refuse_formats_they_do_not_render() -> None:
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "macs", "--format", "svg")
    assert result.exit_code == 2 and "--columns prints text, json or markdown" in result.output


def test_problems_still_fail_with_columns() -> None:
    result = run(str(SPECS / "error_2d_into_lstm.yaml"), "--columns", "macs")
    assert result.exit_code == 1 and "LC100" in result.output and "Columns beyond" not in result.output


def test_docs_example_is_what_the_command_prints() -> None:
    """docs/columns.md shows the table; it must be the one lstmcalc prints."""
    docs = (Path(__file__).parent.parent / "docs" / "columns.md").read_text()
    command = "$ lstmcalc summary specs/understanding_lstm.yaml --columns input_shape,macs,params_percent,trainable\n"
    shown = docs.split(command, 1)[1].split("```", 1)[0]
    result = run(str(SPECS / "understanding_lstm.yaml"), "--columns", "input_shape,macs,params_percent,trainable",
                 "--no-color")
    assert result.output == shown


@pytest.mark.parametrize("spec", sorted(p.name for p in SPECS.iterdir() if p.suffix in (".yaml", ".py")))
def test_invariants_on_every_example_spec(spec: str) -> None:
    """Total MACs is the sum of the rows (or unknown with one of them); the shares sum to
    100% up to rounding; a row's trainable word agrees with its weights' flags."""
    result = run(str(SPECS / spec), "--columns", "all", "--format", "json")
    assert result.exit_code in (0, 1)
    for model in json.loads(result.output):
        if not model["ok"] or not model["layers"]:
            assert "lstmcalc_columns" not in model
            continue
        layers = model["layers"]
        known = [e["macs"] for e in layers]
        assert model["total_macs"] == (None if None in known else sum(known))
        if model["total_params"]:
            assert abs(sum(e["params_percent"] for e in layers) - 100) <= 0.05 * len(layers)
        for entry in layers:
            flags = {w["trainable"] for w in entry["weights"]}
            assert entry["trainable"] == (None if not flags else "Partial" if len(flags) > 1
                                          else "Yes" if True in flags else "No")


def test_json_nested_model_rows_get_the_columns_too(tmp_path: Path) -> None:
    spec = write(tmp_path, "layers:\n  - {type: Input, shape: [6]}\n"
                           "  - {type: Sequential, name: head, layers: [{type: Dense, name: d1, units: 4}, "
                           "{type: Dense, name: d2, units: 2}]}\n")
    (model,) = json.loads(run(spec, "--columns", "macs,trainable", "--format", "json").output)
    head = next(e for e in model["layers"] if e["name"] == "head")
    assert head["macs"] == 6 * 4 + 4 * 2 and head["trainable"] == "Yes"
    assert [(e["name"], e["macs"]) for e in head["layers"]] == [("d1", 6 * 4), ("d2", 4 * 2)]
    assert model["total_macs"] == 6 * 4 + 4 * 2
