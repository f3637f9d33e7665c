"""`lstmcalc cost`: the report's arithmetic, its formats, formulas in T, and where it plugs in
(explain, the REPL, lint budgets).

The counts themselves are checked against their ground truths elsewhere: matrix products
against TensorFlow's profiler (test_cost_profiler.py), element-wise work against the
executed numpy arithmetic (test_cost_elementwise.py), optimizer state against Keras
(test_optimizer_params.py), conventions against each tool's rules (test_cost_conventions.py).
Here every expectation is derived independently from the model's shapes and weights.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.cost import PRECISIONS, Options, report
from lstmcalc.cost.conventions import CONVENTIONS
from lstmcalc.engine import models, summarize
from lstmcalc.engine.optimizers import OFFERED, optimizer_state

ROOT = Path(__file__).parent.parent
SPECS = ROOT / "specs"
CORPORA = sorted((ROOT / "tests" / "keras_layers").glob("*/cases/*.yaml"))[::23] + sorted(
    (ROOT / "tests" / "keras_graph" / "cases").glob("*.yaml"))[::7]
#: the specs whose matrix products TensorFlow's profiler counted (tests/test_cost_profiler.py)
PROFILED = sorted((ROOT / "tests" / "cost" / "specs").glob("*.yaml"))


def cost_json(*args: str) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["cost", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _write(tmp_path: Path, text: str, name: str = "m.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


VARIABLE = """\
layers:
  - {type: Input, shape: [null, 6]}
  - {type: LSTM, units: 5, return_sequences: true, name: l1}
  - {type: GRU, units: 4, name: l2}
  - {type: Dense, units: 3, activation: softmax, name: out}
"""

ATTENTION = """\
layers:
  - {type: Input, shape: [null, 8], name: x}
  - {type: MultiHeadAttention, num_heads: 2, key_dim: 4, inputs: [x, x], name: mha}
  - {type: GlobalAveragePooling1D, name: pool}
"""


def test_json_contract_layers_have_name_and_macs() -> None:
    (data,) = cost_json(str(SPECS / "understanding_lstm.yaml"))
    assert [e["name"] for e in data["layers"]] == ["input_layer", "lstm1", "lstm2", "dense1", "dense2", "output"]
    # LSTM: T x 4u(f + u), from the weights' shapes: 50 x 4*128*(10+128)
    assert data["layers"][1]["macs"] == 50 * 4 * 128 * (10 + 128)
    assert data["layers"][2]["macs"] == 50 * 4 * 64 * (128 + 64)
    assert data["layers"][3]["macs"] == 64 * 128
    assert data["totals"]["macs"] == sum(e["macs"] for e in data["layers"])


def test_macs_agree_with_summary_columns() -> None:
    """cost's MACs are the summary's --columns macs, row for row, on a sample of every corpus
    and on every spec TensorFlow's profiler counted (so cost's JSON inherits that check)."""
    runner = CliRunner()
    checked = 0
    for path in [*CORPORA, *PROFILED]:
        columns = runner.invoke(cli, ["summary", str(path), "--columns", "macs", "--format", "json"])
        cost = runner.invoke(cli, ["cost", str(path), "--format", "json"])
        if columns.exit_code != 0 or cost.exit_code != 0:
            continue
        rows = {e["name"]: e.get("macs") for e in json.loads(columns.stdout)[0]["layers"]}
        (data,) = json.loads(cost.stdout)
        if data["variable_length"]:
            continue
        for entry in data["layers"]:
            if entry["name"] in rows:
                assert entry["macs"] == rows[entry["name"]], (path, entry["name"])
                checked += 1
    assert checked > 400


def test_forward_flops_are_twice_macs_plus_elementwise() -> None:
    (data,) = cost_json(str(SPECS / "bidirectional_sum.yaml"))
    for entry in data["layers"]:
        assert entry["forward_flops"] == 2 * entry["macs"] + entry["elementwise_flops"]
        from lstmcalc.cost.elementwise import FORWARD_FLOPS

        assert entry["elementwise_flops"] == sum(FORWARD_FLOPS[op] * n for op, n in entry["elementwise_ops"].items())


@pytest.mark.parametrize("spec", [VARIABLE, ATTENTION])
def test_formulas_in_t_give_the_counts_at_each_length(tmp_path: Path, spec: str) -> None:
    """Without --timesteps the counts are polynomials; at any T they equal cost --timesteps T."""
    path = _write(tmp_path, spec)
    (free,) = cost_json(path, "--training")
    assert free["variable_length"] and free["formulas"]["macs"] is not None
    def at(poly: dict[str, int], t: int) -> int:
        return sum(c * t ** int(k[2:]) for k, c in poly.items() if k.startswith("T^"))

    for t in (1, 3, 7, 50, 333, 5000):
        (fixed,) = cost_json(path, "--training", "--timesteps", str(t))
        for field, poly in free["formulas"].items():
            assert poly is not None, field
            if t >= poly.get("from_T", 1):  # a peak may have another layer at its top below that
                assert at(poly, t) == fixed["totals"][field], (field, t)
        for free_layer, fixed_layer in zip(free["layers"], fixed["layers"], strict=True):
            for field, poly in free_layer["formulas"].items():
                assert poly is not None and poly.get("from_T", 1) == 1, field  # per layer: no maxima
                assert at(poly, t) == fixed_layer[field], (field, t)


def test_attention_scores_are_quadratic_in_t(tmp_path: Path) -> None:
    (data,) = cost_json(_write(tmp_path, ATTENTION))
    mha = data["layers"][1]["formulas"]["macs"]
    assert mha["T^2"] == 2 * (4 + 4)  # heads x (key_dim + value_dim) per query x key pair
    assert "from_T" not in mha
    assert mha["T^1"] == 4 * 8 * 2 * 4  # four projections of 8 -> 2 x 4 at each position


def test_strided_lengths_are_no_polynomial_and_say_so(tmp_path: Path) -> None:
    path = _write(tmp_path, "layers:\n  - {type: Input, shape: [null, 4]}\n"
                            "  - {type: Conv1D, filters: 2, kernel_size: 3, strides: 2}\n")
    (data,) = cost_json(path)
    assert data["formulas"]["macs"] is None
    text = CliRunner().invoke(cli, ["cost", path]).output
    assert "?" in text
    (fixed,) = cost_json(path, "--timesteps", "11")
    assert fixed["totals"]["macs"] == ((11 - 3) // 2 + 1) * 3 * 4 * 2


def test_per_batch_and_bytes_scale_with_the_batch() -> None:
    (one,) = cost_json(str(SPECS / "understanding_lstm.yaml"), "--training")
    (many,) = cost_json(str(SPECS / "understanding_lstm.yaml"), "--training", "--batch", "32")
    assert many["totals"]["macs"] == one["totals"]["macs"]
    assert many["totals"]["per_batch"]["train_flops"] == 32 * one["totals"]["train_flops"]
    assert many["totals"]["activation_bytes"] == 32 * one["totals"]["activation_bytes"]
    assert many["totals"]["param_bytes"] == one["totals"]["param_bytes"]


def test_backward_products_follow_the_gradients_that_flow() -> None:
    """dW for every trained kernel, dX except into the model's input; an RNN carries dh back
    through steps 2..T: the zero initial state wants no gradient (tests/test_cost_backward_profiler.py
    holds this to TF's profiler)."""
    summary = summarize((SPECS / "understanding_lstm.yaml").read_bytes(), "u.yaml")
    cost = report(summary, None, Options(training=True))
    rows = {r.name: r for r in summary.layers}
    lstm1, lstm2 = (next(c for c in cost.layers if c.name == n) for n in ("lstm1", "lstm2"))
    kernel, recurrent = (math.prod(w.shape) for w in rows["lstm1"].weights[:2])
    assert lstm1.backward_macs == 50 * (kernel + recurrent) + 49 * recurrent  # no dX into the input
    recurrent2 = math.prod(rows["lstm2"].weights[1].shape)
    assert lstm2.backward_macs == 2 * lstm2.macs - recurrent2


def test_frozen_layers_have_no_weight_gradients(tmp_path: Path) -> None:
    path = _write(tmp_path, "layers:\n  - {type: Input, shape: [4]}\n"
                            "  - {type: Dense, units: 8, trainable: false, name: a}\n"
                            "  - {type: Dense, units: 2, name: b}\n")
    (data,) = cost_json(path, "--training")
    a, b = data["layers"][1], data["layers"][2]
    assert a["backward_macs"] == 0 and a["gradient_bytes"] == 0  # nothing before it trains: no dX either
    assert b["backward_macs"] == b["macs"]  # dW only: nothing before b trains, so no dX
    assert data["totals"]["optimizer_values"] == optimizer_state("adam", [(8, 2), (2,)]).values


def test_optimizer_and_precision_bytes(tmp_path: Path) -> None:
    path = str(SPECS / "understanding_lstm.yaml")
    summary = summarize(Path(path).read_bytes(), path)
    shapes = [w.shape for w in summary.weights]
    for name in ("sgd", "adam", "rmsprop"):
        (data,) = cost_json(path, "--training", "--optimizer", name)
        assert data["totals"]["optimizer_bytes"] == optimizer_state(name, shapes).bytes
    (half,) = cost_json(path, "--training", "--precision", "float16")
    (full,) = cost_json(path, "--training")
    assert 2 * half["totals"]["param_bytes"] == full["totals"]["param_bytes"]
    assert 2 * half["totals"]["activation_bytes"] == full["totals"]["activation_bytes"]
    (mixed,) = cost_json(path, "--training", "--precision", "mixed_float16")
    assert mixed["totals"]["param_bytes"] == full["totals"]["param_bytes"]
    assert 2 * mixed["totals"]["activation_bytes"] == full["totals"]["activation_bytes"]


def test_inference_peak_is_weights_plus_the_largest_live_pair() -> None:
    """A chain keeps a layer's input and output alive at once, nothing else."""
    path = SPECS / "understanding_lstm.yaml"
    summary = summarize(path.read_bytes(), str(path))
    (data,) = cost_json(str(path), "--batch", "4")
    sizes = [math.prod(r.output_shape[1:]) for r in summary.layers]
    live = max(a + b for a, b in itertools.pairwise(sizes))
    assert data["totals"]["inference_peak_bytes"] == summary.total_params * 4 + 4 * 4 * live


def test_graph_keeps_a_tensor_until_its_last_reader(tmp_path: Path) -> None:
    path = _write(tmp_path, "layers:\n  - {type: Input, shape: [10], name: x}\n"
                            "  - {type: Dense, units: 100, name: wide}\n"
                            "  - {type: Dense, units: 1, name: narrow, inputs: [wide]}\n"
                            "  - {type: Dense, units: 1, name: again, inputs: [narrow]}\n"
                            "  - {type: Concatenate, name: cat, inputs: [wide, again]}\n")
    (data,) = cost_json(path)
    params = sum(e["params"] for e in data["layers"])
    # while `again` runs, wide (100), narrow (1) and again (1) are alive; at cat, wide, again and cat (101)
    assert data["totals"]["inference_peak_bytes"] == 4 * params + 4 * (100 + 1 + 101)


def test_unknown_computation_is_an_honest_question_mark(tmp_path: Path) -> None:
    path = _write(tmp_path, "layers:\n  - {type: Input, shape: [5, 3]}\n"
                            "  - {type: Lambda, output_shape: [5, 3], name: f}\n  - {type: LSTM, units: 2}\n")
    result = CliRunner().invoke(cli, ["cost", path])
    assert result.exit_code == 0
    assert "Unknown for f" in result.output
    (data,) = cost_json(path)
    assert data["totals"]["macs"] is None and data["layers"][1]["unknown"] == "unknown-computation"
    assert data["layers"][2]["macs"] == 5 * 4 * 2 * (3 + 2)


def test_usage_errors() -> None:
    runner = CliRunner()
    fixed = str(SPECS / "understanding_lstm.yaml")
    result = runner.invoke(cli, ["cost", fixed, "--timesteps", "5"])
    assert result.exit_code == 2 and "fixed" in result.output
    result = runner.invoke(cli, ["cost", fixed, "--optimizer", "adm"])
    assert result.exit_code == 2 and "did you mean adam" in result.output
    result = runner.invoke(cli, ["cost", str(SPECS / "error_2d_into_lstm.yaml")])
    assert result.exit_code == 1 and "LC" in result.output


def test_cli_choices_are_the_engines() -> None:
    params = {p.name: p for p in next(c for n, c in cli.commands.items() if n == "cost").params}
    assert tuple(params["precision"].type.choices) == tuple(PRECISIONS)  # type: ignore[attr-defined]
    assert tuple(params["convention"].type.choices) == CONVENTIONS  # type: ignore[attr-defined]
    assert "adam" in OFFERED and "sgd-momentum" in OFFERED


def test_names_are_sanitized_in_every_format(tmp_path: Path) -> None:
    path = _write(tmp_path, 'layers:\n  - {type: Input, shape: [3]}\n'
                            '  - {type: Dense, units: 2, name: "<b>x\\u001b[31m|y<i>"}\n')
    runner = CliRunner()
    for fmt in ("text", "json", "markdown", "html"):
        result = runner.invoke(cli, ["cost", path, "--format", fmt])
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "\x1b[31m" not in out and "x\\x1b[31m" in out.replace("\\\\", "\\")
        if fmt == "html":
            assert "<b>x" not in out and "&lt;b&gt;x" in out
        if fmt == "markdown":
            assert "|y" not in out.replace("\\|y", "")


@pytest.mark.parametrize("convention", [c for c in CONVENTIONS if c != "lstmcalc"])
def test_convention_reports_the_tools_number_and_why(convention: str) -> None:
    from lstmcalc.cost.conventions import convention_layer

    path = SPECS / "understanding_lstm.yaml"
    (data,) = cost_json(str(path), "--convention", convention)
    summary = summarize(path.read_bytes(), str(path))
    rows = {r.name: r for r in summary.layers}
    for entry in data["convention"]["layers"]:
        row = rows[entry["name"]]
        expected = convention_layer(convention, row.layer, [row.input_shape], row.output_shape, list(row.weights))
        assert entry["macs"] == expected.macs and entry["flops"] == expected.flops
    assert data["convention"]["differences"]
    text = CliRunner().invoke(cli, ["cost", str(path), "--convention", convention]).output
    assert f"Why {convention} differs" in text


def test_explain_shows_each_layers_flops_with_its_numbers() -> None:
    path = str(SPECS / "understanding_lstm.yaml")
    (data,) = cost_json(path)
    text = CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["explain", path]).output
    for entry in data["layers"][1:]:
        assert f"2 × {entry['macs']:,} MACs + {entry['elementwise_flops']:,} element-wise" in text
        assert f"= {entry['forward_flops']:,} FLOPs per sample" in text


def test_repl_shows_the_running_cost() -> None:
    from io import StringIO

    from lstmcalc.repl import run

    out = StringIO()
    run(None, StringIO("Input(shape=(50, 10))\nLSTM(128)\n:quit\ny\n"), out)
    macs = 50 * 4 * 128 * (10 + 128)
    assert f"Cost so far: {macs:,} MACs" in out.getvalue()


def test_lint_budgets(tmp_path: Path) -> None:
    runner = CliRunner()
    spec = str(SPECS / "understanding_lstm.yaml")
    (data,) = cost_json(spec, "--training", "--batch", "32")
    flops, peak = data["totals"]["forward_flops"], data["totals"]["train_peak_bytes"]
    assert runner.invoke(cli, ["lint", spec, "--max-flops", str(flops)]).exit_code == 0
    over = runner.invoke(cli, ["lint", spec, "--max-flops", str(flops - 1)])
    assert over.exit_code == 1 and f"LC211 [error] the model's forward FLOPs per sample is {flops:,}" in over.output
    assert runner.invoke(cli, ["lint", spec, "--max-train-memory", str(peak)]).exit_code == 0
    over = runner.invoke(cli, ["lint", spec, "--max-train-memory", str(peak - 1)])
    assert over.exit_code == 1 and "LC212 [error]" in over.output
    variable = _write(tmp_path, VARIABLE)
    unsure = runner.invoke(cli, ["lint", variable, "--max-flops", "1"])
    assert unsure.exit_code == 0 and "LC211 [warning]" in unsure.output and "--budget-timesteps" in unsure.output
    assert runner.invoke(cli, ["lint", variable, "--max-flops", "1", "--budget-timesteps", "3"]).exit_code == 1
    (tmp_path / "pyproject.toml").write_text('[tool.lstmcalc]\nmax-train-memory = "1KiB"\n')
    result = runner.invoke(cli, ["lint", str(tmp_path / "m.yaml"), "--budget-timesteps", "3"])
    assert result.exit_code == 1 and "LC212" in result.output


def test_every_corpus_spec_costs_without_crashing() -> None:
    runner = CliRunner()
    for path in CORPORA:
        for args in (["--training", "--format", "json"], ["--format", "markdown", "--convention", "ptflops"]):
            result = runner.invoke(cli, ["cost", str(path), *args])
            assert result.exit_code in (0, 1), (path, result.output[-500:])
            if "json" in args and result.exit_code == 0:
                (data,) = json.loads(result.stdout)
                assert all("name" in e and "macs" in e for e in data["layers"])


def test_models_with_the_spec_analyse_again() -> None:
    data = (SPECS / "word_vectors.yaml").read_bytes()
    ((summary, spec),) = models(data, "w.yaml")
    assert spec is not None
    cost = report(summary, spec, Options(timesteps=9))
    assert cost.timesteps in (None, 9)


def test_readme_shows_what_cost_prints() -> None:
    """README's cost section is the command's own output, and its convention table the one
    docs/conventions.md holds (checked against the engine by test_cost_conventions.py)."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## What it costs: lstmcalc cost", 1)[1].split("\n## ", 1)[0]
    block = section.split("```\n", 4)[3].rstrip("\n")
    result = CliRunner(env={"COLUMNS": "100"}).invoke(
        cli, ["cost", str(SPECS / "understanding_lstm.yaml"), "--training", "--batch", "32"])
    assert result.exit_code == 0
    assert result.output.rstrip("\n") == block
    table = (ROOT / "docs" / "conventions.md").read_text().split("<!-- conventions-table", 1)[1].split("\n", 1)[1]
    assert table.split("<!-- end conventions-table -->")[0].strip() in section


def test_lora_merges_once_per_call(tmp_path: Path) -> None:
    """Keras merges LoRA's factors once per call: a batch does that work once, not per sample."""
    path = _write(tmp_path, "layers:\n  - {type: Input, shape: [10, 8]}\n  - {type: Dense, units: 6, lora_rank: 2}\n")
    (one,) = cost_json(path)
    (four,) = cost_json(path, "--batch", "4")
    merge = 8 * 2 * 6  # lora_kernel_a (8, 2) @ lora_kernel_b (2, 6)
    assert one["totals"]["macs"] == 10 * 8 * 6 + merge
    assert four["totals"]["per_batch"]["macs"] == 4 * 10 * 8 * 6 + merge


def test_optimizer_state_per_layer_adds_up_to_keras_count() -> None:
    """Each layer holds the slots of its own weights; the scalars (iterations, learning rate)
    belong to no layer: together they are Keras's Optimizer params."""
    (data,) = cost_json(str(SPECS / "bidirectional_sum.yaml"), "--training", "--optimizer", "adam")
    scalars = 8 + 4  # iterations (int64), learning_rate (float32)
    assert sum(e["optimizer_bytes"] for e in data["layers"]) + scalars == data["totals"]["optimizer_bytes"]
    for entry in data["layers"]:
        assert entry["optimizer_bytes"] == 2 * entry["gradient_bytes"]  # Adam: m and v per trained value


def test_repl_running_cost_of_a_large_session_equals_cost(tmp_path: Path) -> None:
    """Past the whole-table size the calculator adds each new layer's counts to its sums (so
    a session stays linear); after appends, a masked graph and an edit the sums are still what
    `lstmcalc cost` counts for the same model."""
    import re
    from io import StringIO

    from lstmcalc.repl import FULL_TABLE_LAYERS, run

    lines = ["Input(shape=(12,), dtype='int32')", "Embedding(50, 8, mask_zero=True)", "LSTM(6, return_sequences=True)",
             *["Dense(5)"] * (FULL_TABLE_LAYERS + 3), "GRU(4)", ":insert 3 Dense(7)", "Dense(2)"]
    out = StringIO()
    run(None, StringIO("\n".join([*lines, f":save {tmp_path / 's.yaml'}", ":quit", ""])), out)
    sums = re.findall(r"Cost so far: ([\d,]+) MACs, ([\d,]+) FLOPs", out.getvalue())
    assert len(sums) >= len(lines) - 3, out.getvalue()[-2000:]
    (data,) = cost_json(str(tmp_path / "s.yaml"))
    assert sums[-1] == (f"{data['totals']['macs']:,}", f"{data['totals']['forward_flops']:,}")
