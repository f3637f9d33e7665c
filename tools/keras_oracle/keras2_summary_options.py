"""What Keras 2 (tf_keras 2.21) prints for model.summary() and its options: line_length,
positions, show_trainable, layer_range and expand_nested, on sequential, functional, graph
(merges, shared layers, several outputs), wrapper and nested models.

    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/keras2_summary_options.py \
        tests/keras2_summary_options

(/tmp/k2env: `python -m venv /tmp/k2env && /tmp/k2env/bin/pip install tensorflow-cpu==2.21.0
tf_keras==2.21.0 pyyaml`; tf_keras 2.21 is the tf.keras 2 of TensorFlow <= 2.15.)

Writes OUT/cases/<spec>.yaml (spec v1) and OUT/expected.jsonl: one record per (spec, options)
with the text tf_keras's model.summary() printed (print_fn capture: each line and a newline),
or the error it raised (`Endless` where print_row would print lines forever: stopped after
10,000 lines). The models are built as the shared corpus's Keras 2 ground truth
builds them (/work/shared/conformance/README.md, "Keras 2 ground truth"): a spec whose first
layer carries input_shape is a Sequential given that argument, one that starts with Input uses
the functional API; entry by entry with shared_nested.build, run here with `keras` bound to
tf_keras. Option sets that need layer names (a layer_range) take them from tf_keras's own
model.layers, so the record says exactly what was passed.
A one-off, in a throwaway venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ["COLUMNS"] = "120"
os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tf_keras
import yaml

sys.modules["keras"] = tf_keras  # shared_nested's builder, run against Keras 2
import summary_options as KERAS3  # noqa: E402 - Keras 3's recorder: its specs, programs and labels
from shared_nested import build  # noqa: E402

SPECS: dict[str, str] = {
    "seq_stack": """
name: stack
layers:
  - {type: LSTM, units: 32, return_sequences: true, input_shape: [20, 8]}
  - {type: Dropout, rate: 0.2}
  - {type: LSTM, units: 16, trainable: false}
  - {type: Dense, units: 8, activation: relu}
  - {type: Dense, units: 1}
""",
    "seq_three_stacked": """
layers:
  - {type: Embedding, input_dim: 20000, output_dim: 128, input_length: 100}
  - {type: LSTM, units: 64, return_sequences: true}
  - {type: LSTM, units: 32}
  - {type: Dense, units: 1, activation: sigmoid}
""",
    "seq_wrappers": KERAS3.SPECS["seq_wrappers"],
    "seq_unbuilt": KERAS3.SPECS["seq_unbuilt"],
    "seq_nested_sequential": KERAS3.SPECS["seq_nested_sequential"],
    "seq_long_names": """
name: a_model_with_a_rather_long_name
layers:
  - {type: LSTM, units: 12, return_sequences: true, input_shape: [40, 6], name: an_unusually_long_recurrent_layer_name}
  - {type: TimeDistributed, name: per_timestep_projection_layer, layer: {type: Dense, units: 4}}
  - {type: GlobalAveragePooling1D, name: global_average_pooling_over_time}
""",
    "func_chain": KERAS3.SPECS["func_chain"],
    "func_masked_embedding_chain": """
layers:
  - {type: Input, shape: [12], dtype: int32}
  - {type: Embedding, input_dim: 100, output_dim: 8, mask_zero: true}
  - {type: LSTM, units: 6}
  - {type: Dense, units: 2, activation: softmax}
""",
    "func_two_branches": KERAS3.SPECS["func_two_branches"],
    "func_residual": """
layers:
  - {type: Input, shape: [16, 6], name: x}
  - {type: LSTM, units: 6, return_sequences: true}
  - {type: Add, inputs: [x, lstm]}
  - {type: LayerNormalization}
  - {type: Bidirectional, layer: {type: GRU, units: 3, return_sequences: true}}
  - {type: TimeDistributed, layer: {type: Dense, units: 2}}
""",
    "func_lstm_states": """
layers:
  - {type: Input, shape: [null, 7], name: tokens}
  - {type: LSTM, units: 20, return_state: true, name: encoder}
  - {type: Dense, units: 3, inputs: "encoder[0]"}
""",
    "func_bidirectional_states": """
layers:
  - {type: Input, shape: [12, 3], name: left}
  - {type: Bidirectional, merge_mode: null, layer: {type: LSTM, units: 4, return_state: true}, inputs: left}
  - {type: Concatenate, inputs: ["bidirectional[0]", "bidirectional[1]", "bidirectional[2]"]}
""",
    "func_shared_siamese": KERAS3.SPECS["func_shared_siamese"],
    "func_shared_two_shapes": """
layers:
  - {type: Input, shape: [10, 4], name: long_seq}
  - {type: Input, shape: [3, 4], name: short_seq}
  - {type: Dense, units: 5, inputs: long_seq, name: shared_proj}
  - {call: shared_proj, inputs: short_seq}
  - {type: GlobalMaxPooling1D, inputs: shared_proj, name: pool_a}
  - {type: GlobalMaxPooling1D, inputs: shared_proj@1, name: pool_b}
  - {type: Concatenate, inputs: [pool_a, pool_b]}
""",
    "func_long_names": """
name: long_connections
layers:
  - {type: Input, shape: [20, 3], name: first_sequence_input_with_a_long_name}
  - {type: Input, shape: [20, 3], name: second_sequence_input_with_a_long_name}
  - {type: Input, shape: [20, 3], name: third_sequence_input_with_a_long_name}
  - {type: Concatenate, name: concatenate_all_three_sequence_inputs_here, inputs: [
      first_sequence_input_with_a_long_name, second_sequence_input_with_a_long_name,
      third_sequence_input_with_a_long_name]}
  - {type: LSTM, units: 10, name: recurrent_layer_reading_the_concatenation}
""",
    "func_nested_sequential": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, name: encoder, layers: [
      {type: LSTM, units: 8, return_sequences: true, input_shape: [10, 4]},
      {type: Dense, units: 3}]}
  - {type: LSTM, units: 5}
""",
    "func_frozen_nested": """
layers:
  - {type: Input, shape: [10, 4], name: x}
  - {type: Sequential, name: backbone, trainable: false, layers: [
      {type: Input, shape: [10, 4]},
      {type: LSTM, units: 8},
      {type: BatchNormalization}]}
  - {type: Dense, units: 2}
""",
    "func_nested_two_levels": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, name: outer_block, layers: [
      {type: Sequential, name: inner_block, layers: [{type: Dense, units: 6, input_shape: [10, 4]}, {type: Dropout, rate: 0.1}]},
      {type: LSTM, units: 7, return_sequences: true}]}
  - {type: TimeDistributed, layer: {type: Dense, units: 2}}
""",
    "func_tower_twice": """
layers:
  - {type: Input, shape: [8, 3], name: a}
  - {type: Input, shape: [8, 3], name: b}
  - {type: Functional, name: tower, inputs: a, layers: [
      {type: Input, shape: [8, 3], name: tower_in},
      {type: Bidirectional, layer: {type: GRU, units: 4}},
      {type: Dense, units: 2}]}
  - {call: tower, inputs: b}
  - {type: Subtract, inputs: [tower, tower@1]}
""",
    "func_masked_embedding": KERAS3.SPECS["func_masked_embedding"],
    "func_encoder_states": KERAS3.SPECS["func_encoder_states"],
    "func_decoder_states_out": """
layers:
  - {type: Input, shape: [null, 9], name: dec_in}
  - {type: Input, shape: [16], name: h}
  - {type: Input, shape: [16], name: c}
  - {type: LSTM, units: 16, return_sequences: true, return_state: true, inputs: dec_in, initial_state: [h, c],
     name: decoder_lstm}
  - {type: Dense, units: 9, activation: softmax, inputs: "decoder_lstm[0]", name: decoder_dense}
outputs: [decoder_dense, "decoder_lstm[1]", "decoder_lstm[2]"]
""",
}

#: specs of other corpora, reused as they are (the repository's own files): the seed case is
#: the Keras 2 golden of tests/test_goldens.py
ROOT = Path(__file__).resolve().parents[2]
REUSED = {"seed_three_stacked_classifier": "tests/conformance/cases/seed_three_stacked_classifier.yaml"}
SPECS.update({name: (ROOT / path).read_text() for name, path in REUSED.items()})

#: options every spec is printed with; "RANGE" stands for a layer_range of the model's own names
COMMON: list[dict] = [
    {},
    {"show_trainable": True},
    {"expand_nested": True, "show_trainable": True},
    {"layer_range": "RANGE"},
]

EXTRA: dict[str, list[dict]] = {
    "seq_stack": [
        {"line_length": 70},
        {"line_length": 40},
        {"line_length": 70, "show_trainable": True},
        {"positions": [0.5, 0.75, 1.0], "show_trainable": True},
        {"positions": [30, 60, 70]},
        {"positions": [0.3, 0.6, 0.7], "line_length": 100},
        {"positions": [0.1, 0.2, 1.0]},
        {"layer_range": ["lstm.*", "dense"]},
        {"layer_range": ["dense_1", "lstm"], "show_trainable": True},
        {"layer_range": ["gru", "dense"]},
        {"line_length": 20},
        {"line_length": 20, "show_trainable": True},
        {"positions": [0.5, 0.8]},
        {"positions": [10.5, 20, 30]},
    ],
    "seq_three_stacked": [{"line_length": 80}],
    "seq_long_names": [{"line_length": 50}, {"positions": [0.6, 0.9, 1.0]}],
    "func_chain": [
        {"layer_range": ["series", "rnn_1"]},
        {"line_length": 116, "show_trainable": True},
    ],
    "func_two_branches": [
        {"line_length": 120},
        {"line_length": 80, "show_trainable": True},
        {"positions": [0.25, 0.5, 0.65, 1.0], "show_trainable": True},
        {"positions": [40, 70, 80, 110]},
        {"layer_range": ["meta", "joined"], "show_trainable": True},
        {"layer_range": ["nothing", "out"]},
        {"line_length": 30},
        {"positions": [0.3, 0.6, 1.0]},
    ],
    "func_lstm_states": [{"line_length": 60}],
    "func_long_names": [{"line_length": 70}, {"line_length": 130}],
    "func_frozen_nested": [
        {"expand_nested": True},
        {"layer_range": ["backbone", "dense"], "expand_nested": True, "show_trainable": True},
        {"expand_nested": True, "line_length": 80, "positions": [0.35, 0.6, 0.75, 1.0]},
    ],
    "func_nested_two_levels": [{"expand_nested": True}],
    "func_tower_twice": [{"expand_nested": True}],
    "seq_nested_sequential": [{"expand_nested": True, "line_length": 50}],
}


#: print_row loops forever when a column cannot take a character; the record stops it here
ENDLESS = 10_000


class Endless(Exception):
    pass


#: Python programs calling model.summary(...) themselves: the Keras 3 corpus's programs
#: (tests/keras_summary_options/programs), importing keras from tensorflow as a Keras 2 user does
PROGRAMS = ["show_trainable", "positions_and_trainable", "positional_arguments", "layer_range_tuple",
            "frozen_nested_expanded", "wrappers_trainable"]


def keras2_program(name: str) -> str:
    text = (ROOT / "tests" / "keras_summary_options" / "programs" / f"{name}.py").read_text()
    # TF_USE_LEGACY_KERAS=1: tensorflow's keras is tf_keras
    return text.replace("import keras\n", "from tensorflow import keras\n").replace(
        "from keras import layers", "from tensorflow.keras import layers")


run_program = KERAS3.run_program  # keras is tf_keras here


def summary_text(model: tf_keras.Model, options: dict) -> str:
    lines: list[str] = []

    def print_fn(line: str) -> None:
        lines.append(line)
        if len(lines) > ENDLESS:
            raise Endless(f"print_summary printed over {ENDLESS} lines without finishing")

    model.summary(print_fn=print_fn, **options)
    return "".join(line + "\n" for line in lines)


def record(spec_name: str, options: dict) -> dict:
    tf_keras.backend.clear_session()
    entry: dict = {"spec": spec_name, "options": options}
    model = build(yaml.safe_load(SPECS[spec_name]))
    names = [layer.name for layer in model.layers]
    if options.get("layer_range") == "RANGE":
        first = 1 if len(names) > 2 else 0
        options = {**options, "layer_range": [names[first], names[-2] if len(names) > 2 else names[-1]]}
        entry["options"] = options
    try:
        entry["keras_text"] = summary_text(model, options)
    except Exception as exc:  # noqa: BLE001  (whatever Keras raises for these options is the record)
        entry["keras_error"] = {"type": type(exc).__name__, "message": str(exc)}
    return entry


def option_label(options: dict) -> str:
    return KERAS3.option_label(options) or "default"


def main() -> int:
    out = Path(sys.argv[1])
    (out / "cases").mkdir(parents=True, exist_ok=True)
    records = []
    for name, text in SPECS.items():
        (out / "cases" / f"{name}.yaml").write_text(text.lstrip("\n"))
        for options in [*COMMON, *EXTRA.get(name, [])]:
            entry = record(name, dict(options))
            records.append({"case": f"{name}[{option_label(entry['options'])}]", **entry})
    (out / "programs").mkdir(exist_ok=True)
    for name in PROGRAMS:
        text = keras2_program(name)
        (out / "programs" / f"{name}.py").write_text(text)
        records.append({"case": f"program:{name}", "program": name, **run_program(text)})
    with (out / "expected.jsonl").open("w") as f:
        for entry in records:
            f.write(json.dumps(entry) + "\n")
    errors = sum("keras_error" in e for e in records)
    print(f"{len(records)} records ({errors} Keras errors) in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
