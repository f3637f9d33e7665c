"""`lstmcalc calc` speaks of --input and of the call, evaluates argument expressions as the
Python reader does, and follows the exit-code contract (0 clean, 1 refused, 2 usage)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli


def calc(call: str, *shapes: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["calc", call, *[a for s in shapes for a in ("--input", s)]])
    return result.exit_code, result.output


@pytest.mark.parametrize(("expression", "literal", "shape"), [
    ("LSTM(64*2)", "LSTM(128)", "(None, 50, 10)"),
    ("Dense(units=2**3)", "Dense(units=8)", "(None, 4)"),
    ("Bidirectional(LSTM(2*16), merge_mode='con' + 'cat')", "Bidirectional(LSTM(32))", "(None, 5, 3)"),
    ("GRU(max(3, 5), return_sequences=not False)", "GRU(5, return_sequences=True)", "(None, 7, 2)"),
])
def test_argument_expressions_are_evaluated(expression: str, literal: str, shape: str) -> None:
    """The expression gives the layer the literal gives: same shape and parameter count."""
    status, out = calc(expression, shape)
    expected_status, expected = calc(literal, shape)
    assert status == expected_status == 0, out
    assert out.splitlines()[1:3] == expected.splitlines()[1:3]


@pytest.mark.parametrize(("call", "shape", "message", "hint"), [
    ("LSTM(128)", "(50, 10)", "receives (50, 10) from --input",
     "hint: `--input` is batch first: did you mean --input '(None, 50, 10)'?"),
    ("Dense(3)", "(4,)", "receives (4,) from --input", "hint: `--input` is batch first: did you mean --input '(None, 4)'?"),
    ("LSTM(128)", "(None, 50)", "receives (None, 50) from --input",
     "hint: give --input as (batch, timesteps, features): --input '(None, 50, 10)'"),
    ("Dense(4)", "(None, None)", "receives (None, None) from --input",
     "hint: give --input a size instead of None on that axis"),
    ("TimeDistributed(LSTM(4, return_state=True))", "(None, 2, 5, 3)", "lstm returns 3 tensors",
     "hint: pass return_state=False in the call"),
    ("RepeatVector(3)", "(None, 5, 3)", "receives (None, 5, 3) from --input",
     "hint: give --input as (batch, features): --input '(None, 10)'"),
    ("MultiHeadAttention(2, 4)", "(None, 5, 3)", "missing a required argument: 'value'",
     "one --input each for query, value (or query, value, key)"),
])
def test_hints_speak_of_input_and_the_call(call: str, shape: str, message: str, hint: str) -> None:
    status, out = calc(call, shape)
    assert status == 1
    assert message in out and hint in out
    assert "input_layer" not in out and "input_1" not in out


def test_merge_hint_names_the_input_shapes() -> None:
    status, out = calc("Concatenate()", "(None, 5, 3)", "(None, 4, 3)")
    assert status == 1 and "check the --input shapes" in out and "layers feeding" not in out


def test_several_inputs_to_a_one_input_layer() -> None:
    status, out = calc("LSTM(4)", "(None, 5, 3)", "(None, 5, 3)")
    assert status == 1
    assert "receives 2 tensors (one from each --input)" in out and "give one --input" in out
    assert "return_state" not in out and "input_1" not in out


def test_batch_first_only_when_none_in_front_fits() -> None:
    """(7, 50) for an LSTM: rank one short, but (None, 7, 50) fits, so the batch-first hint;
    (None, 50) already has its batch axis, so the rank hint instead."""
    assert "did you mean --input '(None, 7, 50)'?" in calc("LSTM(4)", "(7, 50)")[1]
    assert "batch first: did you mean" not in calc("LSTM(4)", "(None, 50)")[1]


@pytest.mark.parametrize(("call", "shapes", "status"), [
    ("LSTM(4)", ("(None, 5, 3)",), 0),
    ("LSTM(4", ("(None, 5, 3)",), 2),          # not a Python call
    ("LSTM(4)", ("(None, 5",), 2),             # --input not a shape
    ("LSTM(4)", (), 2),                        # --input missing
    ("LSTM(units=n)", ("(None, 5, 3)",), 2),   # a value only known when code runs
    ("LSTM(1 // 0)", ("(None, 5, 3)",), 2),    # Python would raise before Keras sees it
    ("LSTM(10**40)", ("(None, 5, 3)",), 2),    # past lstmcalc's integer cap
    ("LSTM(-1)", ("(None, 5, 3)",), 1),        # Keras refuses units=-1
    ("LSTM(4)", ("(None, 5)",), 1),            # Keras refuses the rank
    ("Dense(2)", ("(None, 5)",) * 2, 1),       # Keras refuses two inputs to Dense
])
def test_exit_codes_follow_the_contract(call: str, shapes: tuple[str, ...], status: int) -> None:
    assert calc(call, *shapes)[0] == status


def test_refused_expression_hint_names_the_call() -> None:
    status, out = calc("LSTM(1 // 0)", "(None, 5, 3)")
    assert status == 2 and "ZeroDivisionError" in out and "fix the expression in the call" in out
    assert "--set" not in out


def test_literal_calls_do_not_load_the_python_reader() -> None:
    """Start-up stays lazy: the interpreter is imported only for a call that needs it."""
    code = ("import sys; from lstmcalc.teach.calc import calc; calc('LSTM(4)', '(None, 5, 3)'); "
            "print('lstmcalc.readers.python.interpreter' in sys.modules); "
            "calc('LSTM(2*2)', '(None, 5, 3)'); print('lstmcalc.readers.python.interpreter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
