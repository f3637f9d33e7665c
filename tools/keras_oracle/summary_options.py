"""What Keras 3 prints for model.summary()'s options: show_trainable, positions, layer_range,
line_length and expand_nested, alone and together.

    /tmp/kenv/bin/python tools/keras_oracle/summary_options.py tests/keras_summary_options

Writes OUT/cases/<spec>.yaml (spec v1, built in Keras entry by entry with
shared_nested.build, the builder tests/test_shared_nested.py already checks), OUT/programs/
<name>.py (Python code calling model.summary(...) itself) and OUT/expected.jsonl: one record
per (spec, options) with Keras's printed text (COLUMNS=120, print_fn capture, no colour) or
the error Keras raised. Option sets that need the model's layer names (a layer_range) are
derived from Keras's own layer list, so the record says exactly what was passed.

`expand_wrappers` is lstmcalc's extension, which Keras does not have: its records are what
Keras's own print_summary prints with expand_nested=True when Bidirectional and
TimeDistributed are given a `layers` list (forward and backward layer; the wrapped layer),
so the extension's rows use Keras's own formatting (format_layer_shape, count_params, the
trainable flag) of those sublayers. lstmcalc adds a footnote after such tables.
A one-off, in a throwaway Keras venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ["COLUMNS"] = "120"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import yaml
from shared_nested import build

SEQ_STACK = """
name: stack
layers:
  - {type: LSTM, units: 32, return_sequences: true, input_shape: [20, 8]}
  - {type: Dropout, rate: 0.2}
  - {type: LSTM, units: 16}
  - {type: Dense, units: 8, activation: relu}
  - {type: Dense, units: 1}
"""

SPECS: dict[str, str] = {
    "seq_stack": SEQ_STACK,
    "seq_frozen_layers": """
layers:
  - {type: Dense, units: 6, trainable: false, input_shape: [12, 4]}
  - {type: BatchNormalization}
  - {type: LSTM, units: 8, return_sequences: true, trainable: false}
  - {type: GRU, units: 5}
  - {type: Dropout, rate: 0.1}
  - {type: Dense, units: 2, activation: softmax}
""",
    "seq_wrappers": """
name: wrapped
layers:
  - {type: Bidirectional, layer: {type: LSTM, units: 8, return_sequences: true}, input_shape: [12, 5]}
  - {type: TimeDistributed, layer: {type: Dense, units: 3}}
  - {type: Bidirectional, trainable: false, layer: {type: GRU, units: 4}, merge_mode: sum}
  - {type: Dense, units: 1}
""",
    "seq_wrapper_inner_frozen": """
layers:
  - {type: Bidirectional, layer: {type: LSTM, units: 6, trainable: false}, input_shape: [9, 3]}
  - {type: Dense, units: 2}
""",
    "seq_unbuilt": """
layers:
  - {type: LSTM, units: 4, return_sequences: true}
  - {type: Dense, units: 2}
""",
    "seq_no_weights": """
layers:
  - {type: Masking, mask_value: 0.0, input_shape: [7, 3]}
  - {type: SimpleRNN, units: 4, return_sequences: true}
  - {type: GlobalAveragePooling1D}
  - {type: Activation, activation: tanh}
""",
    "seq_nested_sequential": """
layers:
  - {type: Sequential, name: encoder, layers: [
      {type: LSTM, units: 8, return_sequences: true, input_shape: [10, 4]},
      {type: Dense, units: 3}]}
  - {type: LSTM, units: 5}
""",
    "seq_functional_inside": """
layers:
  - {type: Functional, layers: [{type: Input, shape: [6, 3]}, {type: GRU, units: 4, return_sequences: true}]}
  - {type: Dense, units: 2}
""",
    "func_chain": """
name: chain
layers:
  - {type: Input, shape: [30, 4], name: series}
  - {type: LSTM, units: 16, return_sequences: true, name: rnn_1}
  - {type: LSTM, units: 8, name: rnn_2}
  - {type: Dense, units: 1, name: head}
""",
    "func_two_branches": """
name: two_inputs
layers:
  - {type: Input, shape: [30, 4], name: series}
  - {type: Input, shape: [5], name: meta}
  - {type: LSTM, units: 16, inputs: series, name: rnn}
  - {type: Dense, units: 8, inputs: meta, name: meta_dense, trainable: false}
  - {type: Concatenate, inputs: [rnn, meta_dense], name: joined}
  - {type: Dense, units: 1, activation: sigmoid, name: out}
""",
    "func_residual": """
layers:
  - {type: Input, shape: [16, 6]}
  - {type: LSTM, units: 6, return_sequences: true}
  - {type: Add, inputs: [input_layer, lstm]}
  - {type: LayerNormalization}
  - {type: Bidirectional, layer: {type: GRU, units: 3, return_sequences: true}}
  - {type: TimeDistributed, layer: {type: Dense, units: 2}}
""",
    "func_shared_siamese": """
name: siamese
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 4], name: b}
  - {type: LSTM, units: 8, inputs: a}
  - {call: lstm, inputs: b}
  - {type: Concatenate, inputs: [lstm, lstm@1]}
  - {type: Dense, units: 1}
""",
    "func_nested_sequential": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, name: encoder, layers: [
      {type: Input, shape: [10, 4]},
      {type: LSTM, units: 8, return_sequences: true},
      {type: Dense, units: 3}]}
  - {type: LSTM, units: 5}
""",
    "func_frozen_nested": """
layers:
  - {type: Input, shape: [10, 4]}
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
      {type: Sequential, name: inner_block, layers: [{type: Dense, units: 6}, {type: Dropout, rate: 0.1}]},
      {type: LSTM, units: 7, return_sequences: true}]}
  - {type: TimeDistributed, layer: {type: Dense, units: 2}}
""",
    "func_frozen_tower_twice": """
layers:
  - {type: Input, shape: [8, 3], name: a}
  - {type: Input, shape: [8, 3], name: b}
  - {type: Functional, name: tower, trainable: false, inputs: a, layers: [
      {type: Input, shape: [8, 3]},
      {type: Bidirectional, layer: {type: GRU, units: 4}},
      {type: Dense, units: 2, trainable: true}]}
  - {call: tower, inputs: b}
  - {type: Subtract, inputs: [tower, tower@1]}
""",
    "func_encoder_states": """
layers:
  - {type: Input, shape: [null, 7], name: tokens}
  - {type: Functional, name: encoder, layers: [
      {type: Input, shape: [null, 7], name: enc_in},
      {type: LSTM, units: 6, return_state: true, name: enc_lstm}],
     outputs: ["enc_lstm[1]", "enc_lstm[2]"]}
  - {type: Input, shape: [null, 9], name: target}
  - {type: LSTM, units: 6, return_sequences: true, inputs: target, initial_state: ["encoder[0]", "encoder[1]"]}
  - {type: Dense, units: 9}
""",
    "func_masked_embedding": """
layers:
  - {type: Input, shape: [5], dtype: int32, name: q1}
  - {type: Input, shape: [5], dtype: int32, name: q2}
  - {type: Embedding, input_dim: 50, output_dim: 6, mask_zero: true, inputs: q1}
  - {type: LSTM, units: 4}
  - {call: embedding, inputs: q2}
  - {call: lstm, inputs: embedding@1}
  - {type: Concatenate, inputs: [lstm, lstm@1]}
""",
    "func_bidirectional_states": """
layers:
  - {type: Input, shape: [12, 3], name: left}
  - {type: Input, shape: [12, 3], name: right}
  - {type: Bidirectional, merge_mode: null, layer: {type: LSTM, units: 4, return_state: true}, inputs: left}
  - {call: bidirectional, inputs: right}
  - {type: Concatenate, inputs: ["bidirectional@1[0]", "bidirectional@1[1]", "bidirectional[2]"]}
""",
}

#: specs of the other Keras corpora, reused as they are (the repository's own files)
ROOT = Path(__file__).resolve().parents[2]
REUSED = {
    "graph_masked_merge": "tests/keras_graph/cases/g14_masked_merge.yaml",
    "graph_seq2seq_states": "tests/keras_graph/cases/g02_encoder_decoder_states.yaml",
    "layers_frozen_noise": "tests/keras_layers/activations/cases/activations_0008.yaml",
    "layers_attention": "tests/keras_layers/attention/cases/attention_0001.yaml",
}
SPECS.update({name: (ROOT / path).read_text() for name, path in REUSED.items()})

#: options every spec is printed with; "RANGE" stands for a layer_range of the model's own names
COMMON: list[dict] = [
    {"show_trainable": True},
    {"show_trainable": True, "expand_nested": True},
    {"layer_range": "RANGE"},
    {"positions": [0.4, 0.7, 0.85, 1.0]},
]

EXTRA: dict[str, list[dict]] = {
    "seq_stack": [
        {"line_length": 70},
        {"line_length": 70, "show_trainable": True},
        {"positions": [0.5, 0.75, 1.0], "show_trainable": True},
        {"positions": [30, 60, 70]},
        {"positions": [0.3, 0.6, 0.7], "line_length": 100},
        {"positions": [0.1, 0.2, 1.0]},
        {"positions": [0.5, 0.8]},
        {"layer_range": ["lstm", "lstm"]},
        {"layer_range": ["lstm.*", "dense"]},
        {"layer_range": ["d.*", "dropout"]},
        {"layer_range": ["gru", "dense"]},
        {"layer_range": ["dense_1", "lstm"], "show_trainable": True},
        {"line_length": 30, "show_trainable": True},
    ],
    "func_chain": [
        {"layer_range": ["series", "rnn_1"]},
        {"layer_range": ["rnn_.*", "rnn_.*"], "show_trainable": True},
        {"layer_range": ["head", "nothing"]},
        {"line_length": 116, "show_trainable": True},
    ],
    "func_two_branches": [
        {"line_length": 90},
        {"line_length": 90, "show_trainable": True},
        {"positions": [0.25, 0.5, 0.65, 1.0], "show_trainable": True},
        {"positions": [0.3, 0.56, 0.74]},
        {"layer_range": ["meta", "joined"], "show_trainable": True},
        {"layer_range": ["m", "o"]},
        {"line_length": 20},
    ],
    "func_frozen_nested": [
        {"show_trainable": True, "expand_nested": True, "line_length": 100},
        {"layer_range": ["backbone", "backbone"], "expand_nested": True},
        {"layer_range": ["backbone", "dense"], "expand_nested": True, "show_trainable": True},
        {"positions": [0.35, 0.6, 0.75, 1.0], "expand_nested": True, "show_trainable": True},
    ],
    "func_nested_two_levels": [
        {"layer_range": ["outer_block", "time_distributed"], "expand_nested": True},
        {"layer_range": ["inner_block", "inner_block"], "expand_nested": True},
    ],
    "func_frozen_tower_twice": [
        {"layer_range": ["t", "s"], "expand_nested": True, "show_trainable": True},
    ],
    "seq_nested_sequential": [
        {"layer_range": ["encoder", "encoder"], "expand_nested": True, "show_trainable": True},
        {"layer_range": ["lstm$", "lstm$"], "expand_nested": True},
        {"line_length": 60, "expand_nested": True, "show_trainable": True},
    ],
    "seq_wrappers": [
        {"layer_range": ["bidirectional_1", "bidirectional"]},
        {"line_length": 80, "show_trainable": True, "positions": [0.5, 0.8, 1.0]},
    ],
    "func_masked_embedding": [
        {"layer_range": ["embedding", "lstm"], "show_trainable": True},
    ],
    "graph_masked_merge": [
        {"layer_range": ["not_.*", "logical_or_1"], "show_trainable": True},
        {"layer_range": ["any", "expand_dims"]},
        {"layer_range": ["emb", "l1"], "line_length": 80, "positions": [0.35, 0.6, 0.7, 1.0]},
    ],
    "graph_seq2seq_states": [
        {"layer_range": ["decoder.*", "decoder.*"], "show_trainable": True, "line_length": 110},
    ],
    "layers_frozen_noise": [
        {"show_trainable": True, "line_length": 64},
    ],
}

#: specs with wrappers, printed as lstmcalc's --expand-wrappers prints them (see the docstring)
WRAPPED: dict[str, list[dict]] = {
    "seq_wrappers": [{"expand_wrappers": True}, {"expand_wrappers": True, "show_trainable": True}],
    "seq_wrapper_inner_frozen": [{"expand_wrappers": True, "show_trainable": True}],
    "func_residual": [{"expand_wrappers": True}, {"expand_wrappers": True, "layer_range": ["bidirectional", "time.*"]}],
    "func_frozen_tower_twice": [{"expand_wrappers": True, "show_trainable": True}],
    "func_bidirectional_states": [{"expand_wrappers": True}],
}

PROGRAMS: dict[str, str] = {
    "show_trainable": """
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 8)),
    layers.LSTM(32, return_sequences=True),
    layers.LSTM(16, trainable=False),
    layers.Dense(1),
])
model.summary(show_trainable=True)
""",
    "positions_and_trainable": """
import keras
from keras import layers

inputs = keras.Input(shape=(30, 4), name="series")
meta = keras.Input(shape=(5,), name="meta")
x = layers.LSTM(16)(inputs)
m = layers.Dense(8, trainable=False)(meta)
out = layers.Dense(1)(layers.Concatenate()([x, m]))
model = keras.Model([inputs, meta], out)
model.summary(line_length=100, positions=[0.25, 0.5, 0.65, 1.0], show_trainable=True)
""",
    "layer_range_tuple": """
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 3)),
    layers.GRU(8, return_sequences=True),
    layers.GRU(4),
    layers.Dense(2),
])
model.summary(layer_range=("gru_1", "dense"))
""",
    "positional_arguments": """
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.SimpleRNN(8), layers.Dense(2)])
model.summary(80, [0.5, 0.75, 1.0], None, False, True)
""",
    "frozen_nested_expanded": """
import keras
from keras import layers

backbone = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.BatchNormalization()],
                            name="backbone")
backbone.trainable = False
inputs = keras.Input(shape=(10, 4))
model = keras.Model(inputs, layers.Dense(2)(backbone(inputs)))
model.summary(expand_nested=True, show_trainable=True, layer_range=["back.*", "dense"])
""",
    "layer_range_tuple_no_match": """
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8), layers.Dense(2)])
model.summary(layer_range=("dense", "encoder"), show_trainable=True)
""",
    "wrappers_trainable": """
import keras
from keras import layers

inputs = keras.Input(shape=(12, 5))
x = layers.Bidirectional(layers.LSTM(8, return_sequences=True), trainable=False)(inputs)
x = layers.TimeDistributed(layers.Dense(3))(x)
outputs = layers.GlobalMaxPooling1D()(x)
model = keras.Model(inputs, outputs, name="wrapped")
model.summary(line_length=96, show_trainable=True, expand_nested=True)
""",
    "layer_range_three_names": """
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8), layers.Dense(2)])
model.summary(layer_range=['lstm', 'dense', 'dense'])
""",
    "layer_range_not_strings": """
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8), layers.Dense(2)])
model.summary(layer_range=[1, 2])
""",
    "layer_range_int": """
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8), layers.Dense(2)])
model.summary(layer_range=5)
""",
    "layer_range_no_match": """
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8), layers.Dense(2)])
model.summary(layer_range=["encoder", "dense"])
""",
}


def summary_text(model: keras.Model, options: dict) -> str:
    buf = io.StringIO()
    model.summary(print_fn=lambda text, line_break=True: buf.write(text), **options)
    return buf.getvalue()


def top_names(model: keras.Model) -> list[str]:
    """The list Keras's layer_range indexes: model.layers (Sequential), model._operations (else)."""
    if isinstance(model, keras.Sequential):
        return [layer.name for layer in model.layers]
    return [op.name for op in model._operations]


@contextlib.contextmanager
def wrappers_expanded():  # type: ignore[no-untyped-def]
    """Give Bidirectional and TimeDistributed a `layers` list, which print_summary's
    expand_nested then lists with Keras's own row formatting."""
    from keras.src.layers import Bidirectional, TimeDistributed

    Bidirectional.layers = property(lambda self: [self.forward_layer, self.backward_layer])
    TimeDistributed.layers = property(lambda self: [self.layer])
    try:
        yield
    finally:
        del Bidirectional.layers, TimeDistributed.layers


def record(spec_name: str, options: dict) -> dict:
    keras.backend.clear_session()
    model = build(yaml.safe_load(SPECS[spec_name]))
    names = top_names(model)
    if options.get("layer_range") == "RANGE":
        first = 1 if len(names) > 2 else 0
        options = {**options, "layer_range": [names[first], names[-2] if len(names) > 2 else names[-1]]}
    keras_options = {k: v for k, v in options.items() if k != "expand_wrappers"}
    entry: dict = {"spec": spec_name, "options": options}
    try:
        if options.get("expand_wrappers"):
            with wrappers_expanded():
                entry["keras_text"] = summary_text(model, {**keras_options, "expand_nested": True})
        else:
            entry["keras_text"] = summary_text(model, keras_options)
    except Exception as exc:  # noqa: BLE001  (whatever Keras raises for these options is the record)
        entry["keras_error"] = {"type": type(exc).__name__, "message": str(exc)}
    return entry


def run_program(text: str) -> dict:
    keras.backend.clear_session()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(text, "program", "exec"), {})  # our own fixed programs
    except Exception as exc:  # noqa: BLE001  (whatever the program raises is the record)
        return {"keras_text": out.getvalue(), "keras_error": {"type": type(exc).__name__, "message": str(exc)}}
    return {"keras_text": out.getvalue()}


def option_label(options: dict) -> str:
    parts = []
    for key, value in options.items():
        if value is True:
            parts.append(key)
        elif isinstance(value, list):
            parts.append(key + "=" + ",".join(str(v) for v in value))
        else:
            parts.append(f"{key}={value}")
    return "+".join(parts)


def main() -> int:
    out = Path(sys.argv[1])
    (out / "cases").mkdir(parents=True, exist_ok=True)
    (out / "programs").mkdir(parents=True, exist_ok=True)
    records = []
    for name, text in SPECS.items():
        (out / "cases" / f"{name}.yaml").write_text(text.lstrip("\n"))
        for options in [*COMMON, *EXTRA.get(name, []), *WRAPPED.get(name, [])]:
            entry = record(name, dict(options))
            entry = {"case": f"{name}[{option_label(entry['options'])}]", **entry}
            records.append(entry)
    for name, text in PROGRAMS.items():
        (out / "programs" / f"{name}.py").write_text(text.lstrip("\n"))
        records.append({"case": f"program:{name}", "program": name, **run_program(text.lstrip("\n"))})
    with (out / "expected.jsonl").open("w") as f:
        for entry in records:
            f.write(json.dumps(entry) + "\n")
    errors = sum("keras_error" in e for e in records)
    print(f"{len(records)} records ({errors} Keras errors) in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
