"""Every lint rule and engine code: documented, and its own examples behave as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.diagnostics import Severity
from lstmcalc.lint import RULES, LintOptions, lint_bytes

CODES = sorted(RULES)
#: the budget rules' examples need a budget to exceed
BUDGET = {"LC208": LintOptions(max_params=100_000), "LC211": LintOptions(max_flops=10**9),
          "LC212": LintOptions(max_train_memory=2**30)}


def codes_for(text: str, code: str) -> set[str]:
    options = BUDGET.get(code, LintOptions())
    # The extension decides the file kind: Python examples are linted as .py files.
    path = "example.py" if text.startswith(("import ", "from ")) else "example.yaml"
    return {d.code for d in lint_bytes(text.encode(), path, options).diagnostics}


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert rule.code == code
    assert re.fullmatch(r"LC\d{3}", code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
    assert isinstance(rule.severity, Severity)
    assert rule.summary_line(), f"{code} has no summary line"
    assert "Why:" in rule.doc(), f"{code} does not say why"
    assert rule.example("Good"), f"{code} has no Good example"


@pytest.mark.parametrize("code", [c for c in CODES if RULES[c].example("Bad")])
def test_bad_example_triggers_its_code(code: str) -> None:
    assert code in codes_for(RULES[code].example("Bad"), code)


@pytest.mark.parametrize("code", CODES)
def test_good_example_does_not_trigger(code: str) -> None:
    assert code not in codes_for(RULES[code].example("Good"), code)


def test_not_text_code_triggers_on_binary() -> None:
    assert "LC003" in {d.code for d in lint_bytes(b"\xff\xfe\x00\x01", "x.yaml").diagnostics}


def test_names_are_unique() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))


def test_rules_command_lists_every_code() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    for code in CODES:
        assert code in result.output
    assert "sequences-into-dense-head" in result.output


def test_rules_command_shows_one_rule_with_examples() -> None:
    result = CliRunner().invoke(cli, ["rules", "lc203"])
    assert result.exit_code == 0
    assert result.output.startswith("LC203 no-cudnn-kernel [info]")
    assert "Bad:" in result.output and "Good:" in result.output


def test_rules_command_unknown_code_is_usage_error() -> None:
    result = CliRunner().invoke(cli, ["rules", "LC2O3"])
    assert result.exit_code == 2
    assert "did you mean" in result.output


@pytest.mark.parametrize(("spec", "reason"), [
    ("{type: LSTM, units: 8, activation: relu}", "activation='relu'"),
    ("{type: LSTM, units: 8, recurrent_activation: hard_sigmoid}", "recurrent_activation='hard_sigmoid'"),
    ("{type: LSTM, units: 8, recurrent_dropout: 0.1}", "recurrent_dropout=0.1"),
    ("{type: GRU, units: 8, unroll: true}", "unroll=True"),
    ("{type: GRU, units: 8, use_bias: false}", "use_bias=False"),
    ("{type: GRU, units: 8, reset_after: false}", "reset_after=False"),
    ("{type: Bidirectional, layer: {type: LSTM, units: 8, use_cudnn: false}}", "use_cudnn=False"),
])
def test_cudnn_rule_names_the_argument(spec: str, reason: str) -> None:
    text = f"layers:\n  - {{type: Input, shape: [5, 3]}}\n  - {spec}\n"
    found = [d for d in lint_bytes(text.encode(), "x.yaml").diagnostics if d.code == "LC203"]
    assert len(found) == 1
    assert reason in found[0].message


def test_cudnn_rule_quiet_for_simple_rnn_and_defaults() -> None:
    text = "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: SimpleRNN, units: 4, activation: relu}\n"
    assert "LC203" not in codes_for(text, "LC203")


def test_mask_dropped_through_flatten_and_kept_through_dense() -> None:
    dropped = ("layers:\n  - {type: Input, shape: [6, 2]}\n  - {type: Masking}\n  - {type: Flatten, name: flat}\n"
               "  - {type: RepeatVector, n: 3}\n  - {type: LSTM, units: 2}\n")
    kept = ("layers:\n  - {type: Input, shape: [6, 2]}\n  - {type: Masking}\n  - {type: Dense, units: 3}\n"
            "  - {type: LSTM, units: 2}\n")
    found = [d for d in lint_bytes(dropped.encode(), "x.yaml").diagnostics if d.code == "LC204"]
    assert [d.layer for d in found] == ["flat"]
    assert "LC204" not in codes_for(kept, "LC204")


def test_sequences_into_dense_head_through_dropout_only() -> None:
    with_dropout = ("layers:\n  - {type: Input, shape: [6, 2]}\n  - {type: GRU, name: g, units: 3, return_sequences: true}\n"
                    "  - {type: Dropout, rate: 0.5}\n  - {type: Dense, name: head, units: 1}\n")
    found = [d for d in lint_bytes(with_dropout.encode(), "x.yaml").diagnostics if d.code == "LC201"]
    assert [d.layer for d in found] == ["g"]  # reported on the GRU, where the fix goes
    assert "set return_sequences=False on g" in found[0].hint
    pooled = ("layers:\n  - {type: Input, shape: [6, 2]}\n  - {type: GRU, units: 3, return_sequences: true}\n"
              "  - {type: GlobalMaxPooling1D}\n  - {type: Dense, units: 1}\n")
    assert "LC201" not in codes_for(pooled, "LC201")


def test_decoders_are_not_told_to_stop_returning_sequences() -> None:
    repeat = ("layers:\n  - {type: Input, shape: [20, 1]}\n  - {type: LSTM, name: encoder, units: 8}\n"
              "  - {type: RepeatVector, n: 20}\n  - {type: LSTM, name: decoder, units: 8, return_sequences: true}\n"
              "  - {type: Dense, units: 1}\n")
    assert "LC201" not in codes_for(repeat, "LC201")
    seq2seq = Path(__file__).parent / "keras_graph" / "cases" / "g02_encoder_decoder_states.yaml"
    assert "LC201" not in codes_for(seq2seq.read_text(), "LC201")


def test_initial_state_sizes_are_checked_by_lint_only() -> None:
    bad = Path(__file__).parent / "keras_graph" / "cases" / "g10_wrong_state_size.yaml"
    found = [d for d in lint_bytes(bad.read_bytes(), "g.yaml").diagnostics if d.code == "LC209"]
    assert len(found) == 1 and found[0].layer == "dec" and "keeps 2 states of size 32" in found[0].message
    from lstmcalc.engine import summarize

    assert summarize(bad.read_bytes(), "g.yaml").ok  # Keras builds it, so summary agrees
