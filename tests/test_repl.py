"""`lstmcalc interactive` driven by stdin scripts: every command, bad lines, saving."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.repl import parse_assignments


def session(script: str, *args: str, status: int = 0) -> str:
    """The output of a scripted session, which must end with STATUS (0: every line worked,
    1: a line was refused or failed, 2: a command was used wrongly)."""
    result = CliRunner().invoke(cli, ["interactive", *args], input=script)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.output


def tables(output: str) -> list[str]:
    """Each printed table, as the text from `Model:` to the last footer line."""
    blocks, current = [], []
    for line in output.splitlines():
        if line.startswith("Model: "):
            current = [line]
        elif current:
            current.append(line)
            if line.startswith(" Non-trainable params:"):
                blocks.append("\n".join(current))
                current = []
    return blocks


def test_build_line_by_line_and_flag_the_classic_mistake() -> None:
    out = session("Input(shape=(50, 10))\nLSTM(128)\nLSTM(64)\n")
    shown = tables(out)
    assert len(shown) == 3
    assert "lstm (LSTM)" in shown[1] and "(None, 128)" in shown[1] and "71,168" in shown[1]
    assert ("✗ LC100 [error] lstm_1 expects 3D input (batch, timesteps, features) but receives (None, 128) "
            "from lstm") in out
    assert "(hint: set return_sequences=True on lstm)" in out


def test_set_fixes_the_flagged_layer_and_shapes_change() -> None:
    out = session("Input(shape=(50, 10))\nLSTM(128)\nLSTM(64)\n:set lstm return_sequences=True\n")
    last = tables(out)[-1]
    assert "(None, 50, 128)" in last and "lstm_1 (LSTM)" in last and "(None, 64)" in last
    assert "Total params: 120,576" in last
    assert out.count("✗") == 1  # only before the fix


def test_unparseable_line_is_refused_and_session_continues() -> None:
    out = session("Input(shape=(5, 3))\nLSTM(4\nos.system('x')\nGRU(4)\n", status=1)
    assert "refused: not a Python call" in out
    assert "refused: unknown layer type 'system'" in out
    assert "gru (GRU)" in tables(out)[-1]


def test_undo_insert_delete() -> None:
    out = session("Input(shape=(5, 3))\nLSTM(4)\n:insert 2 Dropout(0.5)\n:delete lstm\n:undo\n:undo\n:undo\n:undo\n:undo\n", status=1)
    shown = tables(out)
    assert "dropout (Dropout)" in shown[2] and shown[2].index("dropout") < shown[2].index("lstm (LSTM)")
    assert "lstm (LSTM)" not in shown[3]
    assert "lstm (LSTM)" in shown[4] and "dropout" in shown[4]  # undo the delete
    assert "dropout" not in shown[5]  # undo the insert
    assert "nothing to undo" in out


def test_show_explain_help_and_unknown_command() -> None:
    out = session("Input(shape=(50, 10))\nLSTM(128, return_sequences=True)\n:show\n:explain lstm\n:explain nope\n:help\n:shwo\n", status=2)
    assert len(tables(out)) == 3
    assert "4 × (128 × (10 + 128) + 128) = 71,168" in out
    assert "no layer 'nope'" in out
    assert ":insert N CALL" in out
    assert "unknown command :shwo; did you mean :show?" in out


def test_bad_commands_never_end_the_session() -> None:
    out = session(":set\n:set lstm\n:insert x\n:insert 9 LSTM(3)\n:delete ghost\n:load\n:save\n:explain\n"
                  "Input(shape=(3, 2))\n", status=2)
    assert "usage: :set NAME" in out and "usage: :insert N CALL" in out
    assert "N must be between 1 and 1" in out and "no layer 'ghost'" in out
    assert "usage: :save FILE" in out
    assert "input_layer (InputLayer)" in tables(out)[-1]


def test_save_asks_before_overwriting_and_load_round_trips(tmp_path: Path) -> None:
    target = tmp_path / "model.yaml"
    out = session(f"Input(shape=(20, 4), name='x')\nBidirectional(LSTM(8, return_sequences=True), merge_mode='sum')\n"
                  f"Dense(1, activation='sigmoid')\n:save {target}\n")
    assert f"saved 3 layers to {target}" in out
    saved = yaml.safe_load(target.read_text())
    assert saved["layers"][1] == {"type": "Bidirectional", "merge_mode": "sum",
                                  "layer": {"type": "LSTM", "units": 8, "return_sequences": True}}
    target.write_text("keep me")
    out = session(f"Input(shape=(3, 2))\n:save {target}\nn\n", status=1)
    assert "overwrite it? [y/N]" in out and "not saved" in out and target.read_text() == "keep me"
    session(f"Input(shape=(3, 2))\n:save {target}\ny\n")
    assert yaml.safe_load(target.read_text()) == {"layers": [{"type": "Input", "shape": [3, 2]}]}


def test_load_and_start_from_spec() -> None:
    out = session(":quit\nLSTM(3)\n", "specs/understanding_lstm.yaml")
    assert len(tables(out)) == 1 and "Total params: 137,217" in out
    out = session(":load specs/understanding_lstm.yaml\n:load /no/such/file\n", status=1)
    assert "Total params: 137,217" in out and "cannot read /no/such/file" in out


def test_model_add_wrapper_is_accepted() -> None:
    out = session("Input(shape=(3, 2))\nmodel.add(GRU(4))\n")
    assert "gru (GRU)" in tables(out)[-1]


def test_parse_assignments() -> None:
    assert parse_assignments("return_sequences=True units=64") == {"return_sequences": True, "units": 64}
    assert parse_assignments("activation=relu, rate=0.5") == {"activation": "relu", "rate": 0.5}
    assert parse_assignments("target_shape=(2,-1)") == {"target_shape": [2, -1]}
    assert parse_assignments("units") is None
    assert parse_assignments("units=x.y") is None


def test_adding_layers_costs_the_same_at_any_size(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Typing n layer lines calls each layer once (not n^2/2 times) and prints O(n) text."""
    from lstmcalc.engine.infer import Analysis

    calls = {"n": 0}
    original = Analysis._infer

    def counting(self, index, item):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return original(self, index, item)

    monkeypatch.setattr(Analysis, "_infer", counting)
    sizes = {}
    for n in (60, 120):
        calls["n"] = 0
        out = session("Input(shape=(5, 3))\n" + "Dense(4)\n" * n)
        assert calls["n"] == n + 1
        sizes[n] = len(out)
    assert sizes[120] < 2.2 * sizes[60]  # past the first 20 layers, each line prints one row


def test_large_models_show_the_changed_rows_and_exact_totals() -> None:
    from lstmcalc.repl import FULL_TABLE_LAYERS

    n = FULL_TABLE_LAYERS + 5
    out = session("Input(shape=(50, 10))\nLSTM(8, return_sequences=True)\n" + "Dense(4)\n" * n + ":show\n")
    assert f"layer {n + 2} added; {n + 2} layers in all" in out
    full = tables(out)[-1]  # :show prints the whole table
    totals = [line for line in out.splitlines() if line.startswith(" Total params:")]
    assert totals[-1] == totals[-2]  # the running totals of the last line equal the whole table's
    assert "dense_24 (Dense)" in full


def test_edits_and_full_prints_share_a_work_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lstmcalc import repl

    monkeypatch.setattr(repl, "MAX_REANALYSED", 30)
    out = session("Input(shape=(5, 3))\n" + "Dense(4)\n" * 9 + ":set dense units=3\n" * 5 + ":show\nDense(2)\n", status=1)
    assert out.count("refused: this session has re-analysed or printed 30 layers") == 3
    assert "dense_9 (Dense)" in out  # adding layers still works


def test_undo_keeps_a_bounded_history(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lstmcalc import repl

    monkeypatch.setattr(repl, "MAX_UNDO", 3)
    out = session("Input(shape=(5, 3))\n" + "Dense(4)\n" * 5 + ":undo\n" * 5, status=1)
    assert out.count("nothing to undo") == 2
    assert "dense_1 (Dense)" in tables(out)[-1] and "dense_2" not in tables(out)[-1]


def test_long_lines_and_hostile_text_are_refused_or_shown_inert() -> None:
    out = session("Input(shape=(5, 3))\n" + "x" * 70_000 + "\n:delete \x1b[2Jghost\nLSTM(4, name='a\\x1b[31mb')\n", status=2)
    assert "refused: a line longer than" in out
    assert "\x1b" not in out
    assert "no layer '\\x1b[2Jghost'" in out


def test_a_long_session_flags_a_name_used_twice_as_the_layer_is_added() -> None:
    """Past 20 layers the REPL shows only the new rows and their problems; a duplicate name
    is one of them (Keras's functional Model() refusal, as the whole model would get)."""
    script = "Input(shape=(8,))\n" + "Dense(4)\n" * 21 + 'Dense(2, name="dense_3")\n'
    out = session(script)
    assert 'LC018 [error] The name "dense_3" is used 2 times in the model. All operation names should be unique.' \
        in out
