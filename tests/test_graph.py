"""Graph specs: named inputs, several Inputs and outputs, merges and RNN states.

The Keras ground truth for these is tests/keras_graph (checked in test_conformance.py);
here are the spec-level errors Keras never sees and the JSON and table layout.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize

SEQ2SEQ = b"""name: seq2seq
layers:
  - {type: Input, name: encoder_inputs, shape: [null, 71]}
  - {type: LSTM, name: encoder, units: 256, return_state: true}
  - {type: Input, name: decoder_inputs, shape: [null, 93]}
  - type: LSTM
    name: decoder
    units: 256
    return_sequences: true
    inputs: decoder_inputs
    initial_state:
      - encoder[1]
      - encoder[2]
  - {type: Dense, name: decoder_dense, units: 93, activation: softmax}
outputs: [decoder_dense]
"""


def test_encoder_decoder_table_has_connected_to() -> None:
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, ["summary", "-"], input=SEQ2SEQ)
    assert result.exit_code == 0
    out = result.output
    assert "Connected to" in out
    assert "│ decoder (LSTM)                │ (None, None, 256)         │         358,400 │ decoder_inputs[0][0],      │" in out
    assert "│ encoder[0][1],             │" in out and "│ encoder[0][2]              │" in out
    assert "│ encoder (LSTM)                │ [(None, 256), (None,      │         335,872 │ encoder_inputs[0][0]       │" in out


def test_json_lists_each_layers_inputs() -> None:
    result = CliRunner().invoke(cli, ["summary", "--format", "json", "-"], input=SEQ2SEQ)
    (entry,) = json.loads(result.output)
    by_name = {r["name"]: r for r in entry["layers"]}
    assert by_name["decoder"]["inputs"] == ["decoder_inputs[0]", "encoder[1]", "encoder[2]"]
    assert by_name["encoder"]["output_shape"] == [[None, 256], [None, 256], [None, 256]]
    assert entry["total_params"] == 335_872 + 358_400 + 23_901


def diagnostics(text: str) -> list[tuple[str, str | None, int, str]]:
    summary = summarize(text.encode(), "g.yaml")
    return [(d.code, d.layer, d.span.line, d.hint) for d in summary.diagnostics]


def test_unknown_input_reference() -> None:
    found = diagnostics("layers:\n  - {type: Input, name: series, shape: [4, 2]}\n"
                        "  - {type: LSTM, units: 3, inputs: serie}\n")
    assert found == [("LC031", "lstm", 3, "did you mean `series`?")]


def test_reference_to_a_missing_output() -> None:
    found = diagnostics("layers:\n  - {type: Input, shape: [4, 2]}\n  - {type: GRU, name: g, units: 3, return_state: true}\n"
                        "  - {type: Dense, units: 1, inputs: 'g[2]'}\n")
    assert found[0][:3] == ("LC031", "dense", 4) and found[0][3] == "use g[0] to g[1]"


def test_reference_to_a_later_layer_is_refused() -> None:
    found = diagnostics("layers:\n  - {type: Input, shape: [4, 2]}\n  - {type: LSTM, units: 3, inputs: later}\n"
                        "  - {type: Dense, name: later, units: 1}\n")
    assert found[0][0] == "LC031"


def test_malformed_reference() -> None:
    found = diagnostics("layers:\n  - {type: Input, shape: [4, 2]}\n  - {type: LSTM, units: 3, inputs: 'a[b]'}\n")
    assert found[0][0] == "LC014"


def test_outputs_must_name_layers() -> None:
    found = diagnostics("layers:\n  - {type: Input, shape: [4, 2]}\n  - {type: LSTM, name: rnn, units: 3}\n"
                        "outputs: [rn]\n")
    assert found == [("LC031", None, 4, "did you mean `rnn`?")]


def test_outputs_default_to_layers_nobody_consumes() -> None:
    summary = summarize(b"layers:\n  - {type: Input, shape: [12, 2]}\n  - {type: GRU, name: body, units: 8}\n"
                        b"  - {type: Dense, name: reg, units: 1, inputs: body}\n"
                        b"  - {type: Dense, name: cls, units: 3, inputs: body}\n", "g.yaml")
    assert summary.ok and not summary.sequential_like
    assert [r.name for r in summary.operations] == ["input_layer", "body", "reg", "cls"]


def test_pooling_with_zero_strides_is_refused_not_a_crash() -> None:
    for padding in ("valid", "same"):
        found = diagnostics(f"layers:\n  - {{type: Input, shape: [20, 4]}}\n"
                            f"  - {{type: MaxPooling1D, pool_size: 3, strides: 0, padding: {padding}}}\n")
        assert found[0][:3] == ("LC104", "max_pooling1d", 3)


def test_invalid_layer_inside_a_wrapper_names_the_wrapper() -> None:
    found = diagnostics("layers:\n  - {type: Input, shape: [5, 3]}\n"
                        "  - {type: TimeDistributed, name: td1, layer: {type: Dense, units: -1}}\n")
    assert found[0][:2] == ("LC015", "td1")


def test_frozen_bidirectional_inside_time_distributed_counts_as_trainable() -> None:
    summary = summarize(b"layers:\n  - {type: Input, shape: [5, 7, 2]}\n  - type: TimeDistributed\n"
                        b"    layer: {type: Bidirectional, trainable: false, layer: {type: LSTM, units: 3}}\n", "t.yaml")
    row = summary.layers[-1]
    assert (row.params, row.trainable_params, row.non_trainable_params) == (144, 144, 0)  # as Keras reports


def test_adding_layers_one_at_a_time_gives_the_whole_spec_analysis() -> None:
    """The REPL's incremental Analysis.add (construct and call each layer in turn) agrees
    with analyze (construct all, then call), over every corpus case."""
    import json as _json
    from pathlib import Path as _Path

    from lstmcalc.engine.infer import Analysis, analyze
    from lstmcalc.render.json_out import summary_json
    from lstmcalc.spec import load_spec

    root = _Path(__file__).parent
    cases = [*sorted((root / "conformance" / "cases").glob("*.yaml")),
             *sorted((root / "keras_extra" / "cases").glob("*.yaml")),
             *sorted((root / "keras_graph" / "cases").glob("*.yaml"))]
    assert len(cases) > 1800
    for case in cases:
        spec, _ = load_spec(case.read_bytes(), str(case))
        if spec is None or not spec.layers:
            continue
        analysis = Analysis(spec.path, spec.name, spec.name_span, spec.outputs)
        for layer in spec.layers:
            analysis.add(layer)
        whole = _json.dumps(summary_json(analyze(spec)))
        assert _json.dumps(summary_json(analysis.summary())) == whole, case.name
