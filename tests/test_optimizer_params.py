"""A built optimizer's state against Keras 3.15: `Optimizer params` of every offered optimizer.

tests/fixtures/keras3_optimizer_params.json and optimizer_summaries/ were recorded by
tools/keras_oracle/optimizer_params.py: for each spec in optimizer_specs/ and each optimizer
lstmcalc offers, Keras's count and bytes of model.optimizer.variables once
`optimizer.build(model.trainable_variables)` ran, and the summary Keras then printed (also
under the global policy mixed_float16, where compile() wraps it in a LossScaleOptimizer).
"""

from __future__ import annotations

import io
import json
import math
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.engine.optimizers import OFFERED, TrainableWeight, optimizer_state, trainable_weights

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = json.loads((FIXTURES / "keras3_optimizer_params.json").read_text())
CASES = RECORDED["cases"]
SPECS = FIXTURES / "optimizer_specs"
ITEMSIZE = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}


@cache
def summary_of(spec: str):  # type: ignore[no-untyped-def]
    path = SPECS / f"{spec}.yaml"
    return summarize(path.read_bytes(), str(path), {}, "auto", None)


def test_every_offered_optimizer_and_spec_was_recorded() -> None:
    """The fixture covers what is offered, on every spec: a new name needs a Keras recording."""
    specs = {p.stem for p in SPECS.glob("*.yaml")}
    assert {(c["spec"], c["optimizer"]) for c in CASES.values() if c["policy"] == "float32"} == {
        (s, o) for s in specs for o in OFFERED}
    assert {c["optimizer"] for c in CASES.values() if c["loss_scale"]} == set(OFFERED)
    # Keras's class and arguments are the ones the table builds each name with
    for case in CASES.values():
        offered = OFFERED[case["optimizer"]]
        assert (offered.keras_class, dict(offered.options)) == (case["keras_class"], case["options"]), case


@pytest.mark.parametrize("key", sorted(CASES))
def test_optimizer_state_is_keras_s(key: str) -> None:
    """Values and bytes equal Keras's count_params and weight_memory_size of the optimizer's
    variables, computed from the weights lstmcalc infers for the spec (which equal Keras's)."""
    case = CASES[key]
    summary = summary_of(case["spec"])
    weights = trainable_weights(summary)
    keras_weights = [(tuple(shape), ITEMSIZE[dtype]) for _path, shape, dtype in case["trainable_weights"]]
    assert [(w.shape, w.itemsize) for w in weights] == keras_weights
    state = optimizer_state(case["optimizer"], weights, loss_scale=case["loss_scale"])
    assert (state.values, state.bytes) == (case["count"], case["bytes"]), key
    assert state.values == sum(math.prod(s) for s, _ in case["variables"])
    assert sum(state.per_weight) + state.scalars == state.values and len(state.per_weight) == len(weights)


@pytest.mark.parametrize("key", sorted(k for k, c in CASES.items() if not c["loss_scale"]))
def test_summary_optimizer_prints_keras_s_table(key: str) -> None:
    """`lstmcalc summary SPEC --optimizer NAME` is Keras's summary of the compiled model with a
    built optimizer, character for character (its Total counts the optimizer too)."""
    case = CASES[key]
    result = CliRunner().invoke(cli, ["summary", str(SPECS / f"{case['spec']}.yaml"), "--optimizer",
                                      case["optimizer"]], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert result.stdout == (FIXTURES / "optimizer_summaries" / f"{key}.txt").read_text()


@pytest.mark.parametrize("key", sorted(k for k, c in CASES.items() if c["loss_scale"]))
def test_loss_scaled_table_is_keras_s(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under mixed_float16 the same table with the LossScaleOptimizer's own variables
    (print option loss_scale, which `cost --precision mixed_float16` sets)."""
    from lstmcalc.render import RENDERERS, Format, RenderContext

    monkeypatch.setenv("COLUMNS", "120")
    case = CASES[key]
    summary = summary_of(case["spec"])
    summary = summary._replace(print_options=(("optimizer", case["optimizer"]), ("loss_scale", True)))
    out = io.StringIO()
    RENDERERS[Format.TEXT]([summary], RenderContext(out, io.StringIO(), color=False))
    assert out.getvalue() == (FIXTURES / "optimizer_summaries" / f"{key}.txt").read_text()


def test_json_and_markdown_carry_the_count() -> None:
    case = CASES["embedding.adam"]
    args = ["summary", str(SPECS / "embedding.yaml"), "--optimizer", "adam"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    (entry,) = json.loads(result.stdout)
    assert result.exit_code == 0 and (entry["optimizer_params"], entry["optimizer_bytes"]) == (
        case["count"], case["bytes"])
    assert entry["total_params"] == summary_of("embedding").total_params  # model.count_params(), as before
    result = CliRunner().invoke(cli, [*args, "--format", "markdown"])
    assert f"- **Optimizer params:** {case['count']:,} (" in result.stdout
    assert f"- **Total params:** {case['count'] + entry['total_params']:,} (" in result.stdout
    plain = CliRunner().invoke(cli, ["summary", str(SPECS / "embedding.yaml"), "--format", "json"])
    assert "optimizer_params" not in json.loads(plain.stdout)[0]


def test_an_unknown_name_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["summary", str(SPECS / "gru_dense.yaml"), "--optimizer", "rmsprob"])
    assert result.exit_code == 2 and "did you mean rmsprop?" in result.output
    with pytest.raises(ValueError, match="did you mean sgd-momentum"):
        optimizer_state("sgd-momentun", [(3, 4)])


def test_keras_2_has_no_optimizer_line() -> None:
    """tf_keras's print_summary never prints the optimizer: asking for it is a usage error."""
    result = CliRunner().invoke(cli, ["summary", str(SPECS / "gru_dense.yaml"), "--optimizer", "adam",
                                      "--keras", "2"])
    assert result.exit_code == 2 and "tf.keras 2's summary never prints" in result.output


def test_per_weight_follows_keras_s_rules() -> None:
    """Adafactor factors the last two axes; Muon keeps one slot for a 2-D weight, two otherwise."""
    kernel, bias = TrainableWeight((5, 3, 16)), TrainableWeight((16,), 2)
    assert optimizer_state("adafactor", [kernel, bias]).per_weight == (5 * 3 + 5 * 16 + 240, 2 + 16)
    assert optimizer_state("adafactor", [kernel, bias], loss_scale=True).per_weight == (335, 16)
    dense, table = TrainableWeight((8, 4), path="dense/kernel"), TrainableWeight((9, 4), path="embedding/embeddings")
    assert optimizer_state("muon", [dense, table]).per_weight == (32, 72)
    assert optimizer_state("nadam", [bias]).bytes == 2 * 16 * 2 + 8 + 4 + 2  # u_product at the first weight's dtype


@pytest.mark.parametrize("program", sorted(p.stem for p in (FIXTURES / "optimizer_programs").glob("*.py")))
def test_a_fit_before_summary_in_code_prints_keras_s_footer(program: str) -> None:
    """Python code that calls summary() after fit(): the optimizer compile() was given, counted
    as Keras counts it (Nadam's u_product takes the first trainable weight's dtype: float16)."""
    path = FIXTURES / "optimizer_programs" / f"{program}.py"
    result = CliRunner().invoke(cli, ["summary", str(path)], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert result.stdout == (FIXTURES / "optimizer_summaries" / f"{program}.txt").read_text()
