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
    out = session("Input(shape=(5, 3))\nLSTM(4)\n:insert 2 Dropout(0.5)\n:delete lstm\n" + ":undo\n" * 5,
                  status=1)  # the fifth undo has nothing to undo
    shown = tables(out)
    assert "dropout (Dropout)" in shown[2] and shown[2].index("dropout") < shown[2].index("lstm (LSTM)")
    assert "lstm (LSTM)" not in shown[3]
    assert "lstm (LSTM)" in shown[4] and "dropout" in shown[4]  # undo the delete
    assert "dropout" not in shown[5]  # undo the insert
    assert "nothing to undo" in out


def test_show_explain_help_and_unknown_command() -> None:
    out = session("Input(shape=(50, 10))\nLSTM(128, return_sequences=True)\n:show\n:explain lstm\n:explain nope\n:help\n:shwo\n",
                  status=2)
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


# --- issue 13: a calculator that never loses work (scripts; the terminal is tests/test_repl_terminal.py) ---
def test_a_call_with_a_bad_argument_is_refused_and_nothing_is_added() -> None:
    out = session("Input(shape=(50, 10))\nDense(10, activaton='relu')\nLSTM(8)\n", status=1)
    assert "refused: Dense has no argument 'activaton' (hint: did you mean `activation`?)" in out
    last = tables(out)[-1]
    assert "dense" not in last and "lstm (LSTM)" in last and "Total params: 608" in last
    assert len(tables(out)) == 2  # the refused line printed no table


def test_bad_values_and_inner_layers_are_refused_too() -> None:
    out = session("Input(shape=(5, 3))\nDense(-3)\nBidirectional(LSTM(8, foo=1))\nDense()\n", status=1)
    assert "Received an invalid value for `units`" in out
    assert "LSTM has no argument 'foo'" in out and "Dense needs `units`" in out
    assert len(tables(out)) == 1


def test_argument_values_are_evaluated_by_the_python_reader() -> None:
    out = session("Input(shape=(50, 10))\nLSTM(64*2, return_sequences=True)\nDense(units=2**3)\nDropout(1/4)\n"
                  ":save /dev/null/x\n", status=1)
    last = tables(out)[-1]
    assert "(None, 50, 128)" in last and "(None, 50, 8)" in last and "dropout (Dropout)" in last
    out = session("Input(shape=(5, 3))\nDense(n)\nDense(2**10**10)\n", status=1)
    assert "the value of `units` is `n`, which lstmcalc cannot know without running code" in out
    assert "the value of `units` is `2 ** 10 ** 10`, which lstmcalc refuses" in out
    assert len(tables(out)) == 1


def test_functional_assignment_forms_add_the_layer_in_sequence() -> None:
    out = session("inputs = keras.Input(shape=(50, 10))\nx = layers.LSTM(16, return_sequences=True)(inputs)\n"
                  "x = LSTM(8)(x)\noutputs = Dense(1, activation='sigmoid')(x)\nmodel.add(Dense(2))\n")
    last = tables(out)[-1]
    for row in ("input_layer (InputLayer)", "lstm (LSTM)", "lstm_1 (LSTM)", "dense (Dense)", "dense_1 (Dense)"):
        assert row in last
    assert "outputs" not in last and "(None, 2)" in last  # Keras does not name layers after variables
    out = session("Input(shape=(5, 3))\nx == Dense(4)\n", status=1)
    assert "refused" in out and len(tables(out)) == 1


def test_save_refuses_a_directory(tmp_path: Path) -> None:
    out = session(f"Input(shape=(3, 2))\n:save {tmp_path}\n", status=1)
    assert f"not saved: {tmp_path} is a directory; name a file in it, e.g. :save {tmp_path / 'model.yaml'}" in out
    assert "overwrite" not in out and list(tmp_path.iterdir()) == []


def test_script_status_is_1_after_a_failed_line_and_2_after_a_misused_command(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["interactive"], input="Input(shape=(3, 2))\nLSTM(4\n").exit_code == 1
    assert CliRunner().invoke(cli, ["interactive"], input=":load /no/such/file\nInput(shape=(3, 2))\n").exit_code == 1
    assert CliRunner().invoke(cli, ["interactive"], input="Input(shape=(3, 2))\n:sav x\n").exit_code == 2
    assert CliRunner().invoke(cli, ["interactive"], input="LSTM(4\n:set\n").exit_code == 2
    assert CliRunner().invoke(cli, ["interactive", str(tmp_path)]).exit_code == 2  # click's usage error
    # a flagged layer (Keras would refuse the model, not the line) is kept: the line worked
    assert CliRunner().invoke(cli, ["interactive"], input="Input(shape=(3, 2))\nLSTM(4)\nLSTM(4)\n").exit_code == 0


def test_a_script_does_not_load_over_unsaved_changes(tmp_path: Path) -> None:
    out = session("Input(shape=(3, 2))\n:load specs/understanding_lstm.yaml\n", status=1)
    assert "not loaded: the model has unsaved changes" in out
    assert "Total params: 137,217" not in out
    assert "note: the model was not saved" in out  # the end of the script says so
    target = tmp_path / "m.yaml"
    out = session(f"Input(shape=(3, 2))\n:save {target}\n:load specs/understanding_lstm.yaml\n:quit\n")
    assert "Total params: 137,217" in out and "not saved" not in out


def test_path_completion_lists_files_and_folders(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lstmcalc.repl import complete_path

    (tmp_path / "models").mkdir()
    (tmp_path / "model.yaml").write_text("layers: []\n")
    (tmp_path / ".hidden.yaml").write_text("")
    assert complete_path(f"{tmp_path}/mod") == [f"{tmp_path}/model.yaml", f"{tmp_path}/models/"]
    assert complete_path(f"{tmp_path}/") == [f"{tmp_path}/model.yaml", f"{tmp_path}/models/"]
    monkeypatch.chdir(tmp_path)
    assert complete_path("m") == ["model.yaml", "models/"] and complete_path(".h") == [".hidden.yaml"]
    assert complete_path("/no/such/dir/x") == []


def test_a_line_stopped_half_way_is_taken_back() -> None:
    """Ctrl-C while a line runs (here, between adding the layer and showing the table)."""
    import io

    from lstmcalc.repl import Session

    session = Session(io.StringIO())
    session.handle("Input(shape=(5, 3))")
    saved = session.checkpoint()

    def interrupted() -> None:
        raise KeyboardInterrupt

    session.show = interrupted  # type: ignore[method-assign]
    try:
        session.handle("LSTM(4)")
    except KeyboardInterrupt:
        session.restore(saved)
    assert [layer.type for layer in session.layers] == ["Input"]
    assert session.names() == ["input_layer"] and len(session.history) == 1


def test_set_with_a_bad_argument_is_refused_and_changes_nothing() -> None:
    out = session("Input(shape=(5, 3))\nLSTM(4)\nDense(2)\n:set lstm unitz=3\n:show\n", status=1)
    assert "refused: LSTM has no argument 'unitz' (hint: did you mean `units`?); nothing changed" in out
    last = tables(out)[-1]
    assert "lstm (LSTM)" in last and "dense (Dense)" in last and "✗" not in out


def test_keras2_session_prints_tf_keras2s_table() -> None:
    """`interactive --keras 2`: the table is tf.keras 2's, as tf_keras 2.21 printed it for the
    shared corpus (tests/conformance/summaries_keras2), line for line."""
    folder = Path(__file__).parent / "conformance"
    want = (folder / "summaries_keras2" / "seed_three_stacked_classifier.txt").read_text().splitlines()
    result = CliRunner().invoke(
        cli, ["interactive", "--keras", "2", str(folder / "cases" / "seed_three_stacked_classifier.yaml")],
        input=":show\n:quit\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index(want[0])
    assert lines[start:start + len(want)] == want
    assert "┏" not in result.output  # no Keras 3 box table under --keras 2


def test_keras2_session_takes_tf_keras2_layers_and_refuses_keras3_arguments() -> None:
    result = CliRunner().invoke(cli, ["interactive", "--keras", "2"],
                                input="Input(shape=(50, 10))\nCuDNNLSTM(64)\nDense(1, lora_rank=2)\n:quit\n")
    assert result.exit_code == 1, result.output  # a refused line: the session ends with status 1, as Keras 3's
    assert " cu_dnnlstm (CuDNNLSTM)      (None, 64)   " in result.output
    assert "refused: TypeError: ('Keyword argument not understood:', 'lora_rank')" in result.output
