"""`lstmcalc explain` and `lstmcalc calc`: numbers from the engine, formulas that add up."""

from __future__ import annotations

import ast
import operator
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.layers import REGISTRY
from lstmcalc.teach.explain import explain

CORPUS = Path(__file__).parent / "conformance" / "cases"
GRAPHS = Path(__file__).parent / "keras_graph" / "cases"
#: the Keras-answered corpora of the layer families (tests/keras_layers/<family>/cases)
FAMILIES = sorted((Path(__file__).parent / "keras_layers").glob("*/cases/*.yaml"))
OPS = {ast.Add: operator.add, ast.Mult: operator.mul}


def evaluate(expression: str) -> int:
    """Evaluate '4 × (128 × (10 + 128) + 128)' with + and × only (no eval); counts carry
    thousands separators ('10,000 × 64'), which must sit between digit groups of three."""
    def walk(node: ast.AST) -> int:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in OPS:
            return OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        raise AssertionError(f"unexpected {ast.dump(node)}")
    assert not re.search(r"\d{4}", re.sub(r"\d{1,3}(?:,\d{3})+", "", expression)), expression  # grouped
    return walk(ast.parse(re.sub(r"(?<=\d),(?=\d{3})", "", expression).replace("×", "*"), mode="eval"))


def corpus_explanations():  # type: ignore[no-untyped-def]
    for path in [*sorted(CORPUS.glob("*.yaml")), *sorted(GRAPHS.glob("*.yaml")), *FAMILIES]:
        summary = summarize(path.read_bytes(), str(path))
        if summary.ok:
            yield path.name, summary, explain(summary)


def test_every_formula_adds_up_to_the_engine_count_across_the_corpus() -> None:
    seen_types: set[str] = set()
    checked = 0
    for name, summary, items in corpus_explanations():
        for e, row in zip(items, summary.layers, strict=True):
            assert e.params == row.params, name
            assert [w.shape for w in e.weights] == [w.shape for w in row.weights]
            assert e.trainable_params == row.trainable_params
            if e.formula:
                left, _, right = e.formula.rpartition(" = ")
                assert evaluate(left) == row.params == int(right.replace(",", "")), (name, e.formula)
                checked += 1
            elif row.layer is not None:
                assert row.params == 0, (name, e.name)
            seen_types.add(row.layer.type_name if row.layer is not None else "Input")
            if row.layer is not None and row.layer.type_name in ("Bidirectional", "TimeDistributed"):
                seen_types.add(row.layer.layer.type_name)  # type: ignore[attr-defined]
    assert checked > 500
    # an alias (MaxPool2D) is its class; Custom is in tests/test_custom_layers.py
    # (tf.keras 2's CuDNNLSTM/CuDNNGRU: tests/test_keras2_corpora.py explains them under --keras 2)
    assert {cls.type_name for cls in REGISTRY.values() if 3 in cls.keras_versions} - {"Custom"} <= seen_types


@pytest.mark.parametrize(("spec", "expected"), [
    ("{type: LSTM, units: 128, return_sequences: true}", "4 × (128 × (10 + 128) + 128) = 71,168"),
    ("{type: GRU, units: 16}", "3 × (16 × (10 + 16) + 16 + 16) = 1,344"),
    ("{type: GRU, units: 16, reset_after: false}", "3 × (16 × (10 + 16) + 16) = 1,296"),
    ("{type: SimpleRNN, units: 8, use_bias: false}", "8 × (10 + 8) = 144"),
    ("{type: Bidirectional, layer: {type: LSTM, units: 4}}", "2 × (4 × (4 × (10 + 4) + 4)) = 480"),
    ("{type: TimeDistributed, layer: {type: Dense, units: 3}}", "10 × 3 + 3 = 33"),
    ("{type: Conv1D, filters: 6, kernel_size: 3, groups: 2}", "3 × 5 × 6 + 6 = 96"),
    ("{type: BatchNormalization}", "10 + 10 + 10 + 10 = 40"),
])
def test_formulas(spec: str, expected: str) -> None:
    text = f"layers:\n  - {{type: Input, shape: [50, 10]}}\n  - {spec}\n"
    summary = summarize(text.encode(), "x.yaml")
    assert explain(summary)[-1].formula == expected


def test_explain_lstm_text_names_gates_and_counts() -> None:
    result = CliRunner().invoke(cli, ["explain", "specs/understanding_lstm.yaml", "--layer", "lstm1"])
    assert result.exit_code == 0
    out = result.output
    assert "(None, 50, 10): batch × 50 timesteps × 10 features" in out
    assert "return_sequences=True → one 128-vector per timestep → (None, 50, 128)" in out
    assert "kernel            (10, 512)" in out and "[i | f | c | o] × 128 units" in out
    assert "recurrent_kernel  (128, 512)" in out and "bias              (512,)" in out
    assert "4 × (128 × (10 + 128) + 128) = 71,168" in out
    assert "70,656 per timestep, 3,532,800 per sequence" in out
    assert "dense1" not in out


def test_explain_batchnorm_non_trainable_reason() -> None:
    text = "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: BatchNormalization}\n"
    result = CliRunner().invoke(cli, ["explain", "-"], input=text)
    assert "moving_mean" in result.output and "[non-trainable]" in result.output
    assert "6 trainable, 6 non-trainable" in result.output


def test_explain_unknown_layer_is_usage_error() -> None:
    result = CliRunner().invoke(cli, ["explain", "specs/understanding_lstm.yaml", "--layer", "lstm3"])
    assert result.exit_code == 2 and "did you mean 'lstm" in result.output


def test_explain_broken_spec_reports_and_exits_one() -> None:
    result = CliRunner().invoke(cli, ["explain", "specs/error_2d_into_lstm.yaml"])
    assert result.exit_code == 1
    assert "set return_sequences=True on lstm1" in result.output


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_explain_handout_formats(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["explain", "specs/understanding_lstm.yaml", "--format", fmt])
    assert result.exit_code == 0
    assert "4 × (128 × (10 + 128) + 128) = 71,168" in result.output
    if fmt == "html":
        assert result.output.startswith("<!DOCTYPE html>") and "http" not in result.output
    else:
        assert result.output.startswith('# Model `understanding_lstm`')
        assert "| `kernel` | (10, 512) | 5,120 |" in result.output


CALLS = [
    ("Input(shape=(50, 10))", None, "(None, 50, 10)", 0),
    ("LSTM(128, return_sequences=True)", "(None, 50, 10)", "(None, 50, 128)", 71_168),
    ("keras.layers.GRU(64, reset_after=False)", "(None, 20, 8)", "(None, 64)", 14_016),
    ("SimpleRNN(8)", "(None, 5, 3)", "(None, 8)", 96),
    ("layers.Dense(1, activation='sigmoid')", "(None, 64)", "(None, 1)", 65),
    ("Dropout(0.2)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("SpatialDropout1D(0.2)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("Activation('relu')", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("Bidirectional(LSTM(16, return_sequences=True), merge_mode='sum')", "(None, 30, 4)", "(None, 30, 16)", 2_688),
    ("TimeDistributed(Dense(4))", "(None, 5, 3)", "(None, 5, 4)", 16),
    ("Embedding(1000, 64)", "(None, 20)", "(None, 20, 64)", 64_000),
    ("Flatten()", "(None, 5, 3)", "(None, 15)", 0),
    ("RepeatVector(4)", "(None, 3)", "(None, 4, 3)", 0),
    ("Reshape((-1, 5))", "(None, 5, 3)", "(None, 3, 5)", 0),
    ("BatchNormalization()", "(None, 5, 3)", "(None, 5, 3)", 12),
    ("LayerNormalization(axis=[1, 2])", "(None, 5, 3)", "(None, 5, 3)", 30),
    ("Conv1D(8, 3, padding='causal', dilation_rate=2)", "(None, 20, 4)", "(None, 20, 8)", 104),
    ("MaxPooling1D(2)", "(None, 20, 4)", "(None, 10, 4)", 0),
    ("AveragePooling1D(pool_size=3, strides=1, padding='same')", "(None, 20, 4)", "(None, 20, 4)", 0),
    ("GlobalAveragePooling1D()", "(None, 20, 4)", "(None, 4)", 0),
    ("GlobalMaxPooling1D(keepdims=True)", "(None, 20, 4)", "(None, 1, 4)", 0),
    ("Masking(mask_value=-1.0)", "(None, 20, 4)", "(None, 20, 4)", 0),
    ("Concatenate()", "(None, 5, 3)|(None, 5, 4)", "(None, 5, 7)", 0),
    ("Add()", "(None, 5, 3)|(None, 1, 3)", "(None, 5, 3)", 0),
    ("Subtract()", "(None, 4)|(None, 4)", "(None, 4)", 0),
    ("Multiply()", "(None, 6)|(None, 6)", "(None, 6)", 0),
    ("Average()", "(None, 6)|(None, 6)|(None, 6)", "(None, 6)", 0),
    ("Maximum()", "(8, 6)|(None, 6)", "(8, 6)", 0),
    ("Minimum()", "(None, 6)|(None, 6)", "(None, 6)", 0),
    # cells family (values recorded from Keras 3.15: tests/fixtures/keras_layers.json)
    ("RNN(LSTMCell(4), return_sequences=True)", "(None, 5, 3)", "(None, 5, 4)", 128),
    ("keras.layers.Dot(axes=(2, 2))", "(None, 5, 3)|(None, 4, 3)", "(None, 5, 4)", 0),
    ("Lambda(lambda x: x[:, 0], output_shape=(8,))", "(None, 5, 8)", "(None, 8)", 0),
    ("Normalization()", "(None, 5, 3)", "(None, 5, 3)", 7),
    ("GroupNormalization(groups=4)", "(None, 5, 8)", "(None, 5, 8)", 16),
    ("UnitNormalization()", "(None, 5, 8)", "(None, 5, 8)", 0),
    ("ReLU(max_value=6.0)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("layers.LeakyReLU(negative_slope=0.2)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("PReLU(shared_axes=[1])", "(None, 5, 3)", "(None, 5, 3)", 3),
    ("ELU(alpha=0.5)", "(None, 4)", "(None, 4)", 0),
    ("Softmax(axis=1)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("GaussianNoise(0.1)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("GaussianDropout(0.3)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("AlphaDropout(0.2)", "(None, 5, 3)", "(None, 5, 3)", 0),
    ("ActivityRegularization(l1=0.01)", "(None, 4)", "(None, 4)", 0),
    ("Permute((2, 1))", "(None, 5, 3)", "(None, 3, 5)", 0),
    ("Identity()", "(None, 4)", "(None, 4)", 0),
    ("MaxPool1D(2)", "(None, 20, 4)", "(None, 10, 4)", 0),
]
# N-D convolutions and ConvLSTMs (numbers from tests/fixtures/keras_layers.json, recorded from Keras)
CALLS += [
    ("Conv2D(4, (3, 2), strides=(2, 1), padding='same')", "(None, 9, 8, 2)", "(None, 5, 8, 4)", 52),
    ("Convolution2D(4, 2)", "(None, 5, 5, 1)", "(None, 4, 4, 4)", 20),
    ("Conv3D(3, 2)", "(None, 4, 5, 6, 2)", "(None, 3, 4, 5, 3)", 51),
    ("Convolution3D(2, 1, use_bias=False)", "(None, 3, 3, 3, 2)", "(None, 3, 3, 3, 2)", 4),
    ("Conv1DTranspose(4, 3, strides=3, output_padding=1)", "(None, 7, 2)", "(None, 22, 4)", 28),
    ("Convolution1DTranspose(2, 2)", "(None, 3, 2)", "(None, 4, 2)", 10),
    ("Conv2DTranspose(3, 3, strides=2)", "(None, 4, 5, 2)", "(None, 9, 11, 3)", 57),
    ("Convolution2DTranspose(2, 2)", "(None, 3, 3, 1)", "(None, 4, 4, 2)", 10),
    ("Conv3DTranspose(2, 2, strides=2)", "(None, 2, 3, 4, 1)", "(None, 4, 6, 8, 2)", 18),
    ("Convolution3DTranspose(2, 1)", "(None, 2, 2, 2, 1)", "(None, 2, 2, 2, 2)", 4),
    ("SeparableConv1D(4, 3, depth_multiplier=2, padding='same', strides=2)", "(None, 10, 3)", "(None, 5, 4)", 46),
    ("SeparableConvolution1D(2, 2)", "(None, 4, 2)", "(None, 3, 2)", 10),
    ("SeparableConv2D(4, 3)", "(None, 6, 7, 3)", "(None, 4, 5, 4)", 43),
    ("SeparableConvolution2D(2, 2)", "(None, 3, 3, 2)", "(None, 2, 2, 2)", 14),
    ("DepthwiseConv1D(3)", "(None, 10, 3)", "(None, 8, 3)", 12),
    ("DepthwiseConv2D((2, 3), depth_multiplier=2, padding='same', strides=2)", "(None, 6, 7, 3)", "(None, 3, 4, 6)",
     42),
    ("ConvLSTM1D(3, 3)", "(None, 4, 9, 2)", "(None, 7, 3)", 192),
    ("ConvLSTM2D(4, 3, padding='same', return_sequences=True)", "(None, 5, 8, 8, 2)", "(None, 5, 8, 8, 4)", 880),
    ("ConvLSTM3D(2, 2)", "(None, 3, 4, 4, 4, 1)", "(None, 3, 3, 3, 2)", 200),
    ("Convolution1D(4, 2, padding='causal')", "(None, 5, 1)", "(None, 5, 4)", 12),
]
# poolnd
CALLS += [
    # poolnd: shapes recorded from Keras 3.15.1 (tests/fixtures/keras_layers.json)
    ("MaxPooling2D()", "(None, 8, 6, 3)", "(None, 4, 3, 3)", 0),
    ("MaxPooling3D()", "(None, 4, 6, 5, 2)", "(None, 2, 3, 2, 2)", 0),
    ("AveragePooling2D(pool_size=2)", "(None, 8, 6, 3)", "(None, 4, 3, 3)", 0),
    ("AveragePooling3D(pool_size=2)", "(None, 4, 6, 5, 2)", "(None, 2, 3, 2, 2)", 0),
    ("GlobalMaxPooling2D()", "(None, 5, 4, 3)", "(None, 3)", 0),
    ("GlobalMaxPooling3D(keepdims=True)", "(None, 2, 5, 4, 3)", "(None, 1, 1, 1, 3)", 0),
    ("GlobalAveragePooling2D(keepdims=True)", "(None, None, None, 3)", "(None, 1, 1, 3)", 0),
    ("GlobalAveragePooling3D()", "(None, 2, 5, 4, 3)", "(None, 3)", 0),
    ("UpSampling1D()", "(None, 5, 3)", "(None, 10, 3)", 0),
    ("UpSampling2D()", "(None, 4, 5, 3)", "(None, 8, 10, 3)", 0),
    ("UpSampling3D()", "(None, 2, 3, 4, 2)", "(None, 4, 6, 8, 2)", 0),
    ("ZeroPadding1D()", "(None, 5, 3)", "(None, 7, 3)", 0),
    ("ZeroPadding2D()", "(None, 4, 5, 3)", "(None, 6, 7, 3)", 0),
    ("ZeroPadding3D()", "(None, 2, 3, 4, 2)", "(None, 4, 5, 6, 2)", 0),
    ("Cropping1D()", "(None, 5, 3)", "(None, 3, 3)", 0),
    ("Cropping2D()", "(None, 4, 5, 3)", "(None, 4, 5, 3)", 0),
    ("Cropping3D()", "(None, 3, 4, 5, 2)", "(None, 1, 2, 3, 2)", 0),
    ("SpatialDropout2D(rate=0.3)", "(None, 4, 5, 3)", "(None, 4, 5, 3)", 0),
    ("SpatialDropout3D(rate=0.1, seed=3)", "(None, 2, 4, 5, 3)", "(None, 2, 4, 5, 3)", 0),
    ("MaxPool1D()", "(None, 6, 3)", "(None, 3, 3)", 0),
    ("MaxPool2D(pool_size=2)", "(None, 6, 4, 3)", "(None, 3, 2, 3)", 0),
    ("MaxPool3D()", "(None, 2, 4, 4, 3)", "(None, 1, 2, 2, 3)", 0),
    ("AvgPool1D(pool_size=3)", "(None, 6, 3)", "(None, 2, 3)", 0),
    ("AvgPool2D(pool_size=2)", "(None, 6, 4, 3)", "(None, 3, 2, 3)", 0),
    ("AvgPool3D(pool_size=2)", "(None, 2, 4, 4, 3)", "(None, 1, 2, 2, 3)", 0),
    ("GlobalMaxPool1D()", "(None, 6, 3)", "(None, 3)", 0),
    ("GlobalMaxPool2D()", "(None, 6, 4, 3)", "(None, 3)", 0),
    ("GlobalMaxPool3D()", "(None, 2, 4, 4, 3)", "(None, 3)", 0),
    ("GlobalAvgPool1D(keepdims=True)", "(None, 6, 3)", "(None, 1, 3)", 0),
    ("GlobalAvgPool2D()", "(None, 6, 4, 3)", "(None, 3)", 0),
    ("GlobalAvgPool3D()", "(None, 2, 4, 4, 3)", "(None, 3)", 0),
    ("MultiHeadAttention(num_heads=2, key_dim=16)", "(None, 10, 16)|(None, 10, 16)", "(None, 10, 16)", 2160),
    ("Attention(use_scale=True)", "(None, 5, 8)|(None, 7, 8)", "(None, 5, 8)", 1),
    ("AdditiveAttention()", "(None, 5, 8)|(None, 7, 8)|(None, 7, 8)", "(None, 5, 8)", 8),
    ("Custom(class_name='Attn', output_shape=[None, 4], weights={'w': [3, 4], 'b': [4]})", "(None, 5, 3)",
     "(None, 4)", 16),
]


def test_calc_covers_every_layer_type() -> None:
    types = {call.split("(")[0].rsplit(".", 1)[-1] for call, *_ in CALLS}
    assert types >= {t for t, cls in REGISTRY.items() if 3 in cls.keras_versions}  # Keras 2's: test_keras2_calc


@pytest.mark.parametrize(("call", "shape", "out", "params"), CALLS)
def test_calc(call: str, shape: str | None, out: str, params: int) -> None:
    args = ["calc", call] + [a for s in (shape.split("|") if shape else []) for a in ("--input", s)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"  output shape  {out}"
    assert lines[2] == f"  parameters    {params:,}"


@pytest.mark.parametrize(("call", "shape", "message", "status"), [
    ("LSTM(64)", "(None, 64)", "LC100 [error] lstm expects 3D input", 1),
    ("LSTM(units=x_train.shape[1])", "(None, 5, 3)", "cannot know without running code", 2),
    ("LSTM(64", "(None, 5, 3)", "LC001", 2),
    ("__import__('os').system('echo pwned')", "(None, 5, 3)", "unknown layer type 'system'", 1),
    ("LTSM(4)", "(None, 5, 3)", "did you mean `LSTM`?", 1),
    ("LSTM(4)", "(None, five, 3)", "not a shape", 2),
    ("LSTM(4)", None, "calc needs the input shape", 2),
    ("LSTM(4, 5, 6, 7, 8)", "(None, 5, 3)", "at most 4 positional arguments", 1),
])
def test_calc_errors(call: str, shape: str | None, message: str, status: int) -> None:
    """Exit 2 when the call or --input cannot be read (a usage error), 1 when Keras refuses the layer."""
    args = ["calc", call] + (["--input", shape] if shape else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == status
    assert message in result.output
    assert "pwned" not in result.output.replace("echo pwned", "")


@pytest.mark.parametrize("fmt", ["markdown", "html", "svg"])
def test_summary_handout_formats_stand_alone(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["summary", "--format", fmt, "specs/understanding_lstm.yaml"])
    assert result.exit_code == 0
    out = result.output
    assert "71,168" in out and "137,217" in out
    if fmt == "svg":
        import xml.etree.ElementTree as ET

        root = ET.fromstring(out)
        assert root.tag.endswith("svg")
        assert "url(http" not in out and "@import" not in out and "cdnjs" not in out
    elif fmt == "html":
        assert out.lstrip().startswith("<!DOCTYPE html>")
        assert "<link" not in out and "<script" not in out
    else:
        assert "| lstm1 (LSTM) | (None, 50, 128) | 71,168 |" in out
        assert "- **Total params:** 137,217 (536.00 KB)" in out
