"""Shared layers (a layer called several times) and nested models, as Keras 3 prints them.

    /tmp/kenv/bin/python tools/keras_oracle/shared_nested.py > tests/fixtures/keras3_shared_nested.json

Each case is a spec v1 YAML text using `{call: NAME, ...}` entries, `name@k` references (a
layer's Keras node k), top-level `inputs:`, and `{type: Sequential|Functional, layers: ...}`
entries. The spec is built in Keras entry by entry, in the order written (as a program
would), and the fixture records `model.summary()` (COLUMNS=120, no colour) with
expand_nested False and True, `model.to_json()`, each layer's counts, or the error Keras
raised and the layer it names. A case may also carry the Python program it stands for
(the Keras lstm_seq2seq example): the program's own summaries must equal the spec's, which
this script checks before writing anything. tests/test_shared_nested.py compares lstmcalc
with every record. A one-off, in a throwaway Keras venv: lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import yaml  # noqa: E402

MERGES = {"Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"}
_REF = re.compile(r"^([^\[\]@\s]+)(?:@(\d+))?(?:\[(\d+)\])?$")


class Refused(Exception):
    def __init__(self, layer: str, error: BaseException) -> None:
        super().__init__(str(error))
        self.layer, self.error = layer, error


def construct(spec: dict) -> keras.layers.Layer:
    kind = spec["type"]
    spec = {k: v for k, v in spec.items() if k not in ("type", "inputs", "initial_state")}
    for key in ("layer", "backward_layer"):
        if isinstance(spec.get(key), dict):
            spec[key] = construct(spec[key])
    return getattr(keras.layers, kind)(**spec)


def resolve(refs, produced: dict, default: list) -> list:  # type: ignore[no-untyped-def]
    if refs is None:
        return default
    out = []
    for ref in [refs] if isinstance(refs, str) else refs:
        match = _REF.match(ref.replace(" ", ""))
        assert match, ref
        tensors = produced[(match.group(1), int(match.group(2) or 0))]
        out.extend(tensors if match.group(3) is None else [tensors[int(match.group(3))]])
    return out


def nested(entry: dict) -> keras.Model:
    """A `{type: Sequential|Functional, layers: ...}` entry as a Keras model object."""
    if entry["type"] == "Functional":  # its own `inputs:` would be the call's: every Input is a model input
        model = build({k: v for k, v in entry.items() if k not in ("inputs", "initial_state")})
    else:
        items = []
        for item in entry["layers"]:
            if item["type"] == "Input":
                items.append(keras.Input(**_input_args(item)))
            elif item["type"] in ("Sequential", "Functional"):
                items.append(nested(item))
            else:
                items.append(construct(item))
        model = keras.Sequential(items, **({"name": entry["name"]} if entry.get("name") else {}))
    if entry.get("trainable") is False:
        model.trainable = False
    return model


def _input_args(item: dict) -> dict:
    return {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items() if k != "type"}


def build(spec: dict) -> keras.Model:
    """A graph spec (first entry an Input) or a Sequential spec, built entry by entry."""
    entries = spec["layers"]
    name = {"name": spec["name"]} if spec.get("name") else {}
    if entries[0]["type"] != "Input":
        return nested({**spec, "type": "Sequential"})
    produced: dict[tuple[str, int], list] = {}
    calls: dict[str, int] = {}
    objects: dict[str, object] = {}
    consumed: set[tuple[str, int]] = set()
    inputs: list = []
    last: list = []
    for entry in entries:
        if entry.get("type") == "Input":
            tensor = keras.Input(**_input_args(entry))
            inputs.append(tensor)
            produced[(tensor._keras_history[0].name, 0)] = last = [tensor]
            continue
        if "call" in entry:
            layer = objects[entry["call"]]
        elif entry["type"] in ("Sequential", "Functional"):
            layer = nested(entry)
        else:
            layer = construct(entry)
        objects[layer.name] = layer
        sources = resolve(entry.get("inputs"), produced, last)
        states = resolve(entry.get("initial_state"), produced, [])
        consumed.update((t._keras_history[0].name, t._keras_history[1]) for t in [*sources, *states])
        try:
            arg = sources if len(sources) != 1 or type(layer).__name__ in MERGES else sources[0]
            out = layer(arg, initial_state=states) if states else layer(arg)
        except Exception as exc:
            raise Refused(layer.name, exc) from exc
        node = calls.get(layer.name, -1) + 1
        calls[layer.name] = node
        produced[(layer.name, node)] = last = list(out) if isinstance(out, (list, tuple)) else [out]
    if spec.get("inputs"):
        inputs = resolve(spec["inputs"], produced, [])
    if spec.get("outputs"):
        outs = resolve(spec["outputs"], produced, [])
    else:
        outs = [t for key, ts in produced.items() if key not in consumed and key[0] not in
                {i._keras_history[0].name for i in inputs} for t in ts]
    try:
        return keras.Model(inputs if len(inputs) > 1 else inputs[0], outs if len(outs) > 1 else outs[0], **name)
    except Exception as exc:
        raise Refused("<model>", exc) from exc


def count(weights: list) -> int:
    return int(sum(math.prod(w.shape) for w in weights))


def summary(model: keras.Model, expand: bool) -> str:
    buf = io.StringIO()
    model.summary(print_fn=lambda text, line_break=True: buf.write(text), expand_nested=expand)
    return buf.getvalue()


def record(model: keras.Model) -> dict:
    config = model.to_json()
    keras.backend.clear_session()  # the config read back in a fresh process: its node indices are renumbered
    again = keras.models.model_from_json(config)
    return {
        "summary": summary(model, False), "summary_expanded": summary(model, True),
        "keras_json": config, "json_summary": summary(again, False),
        "layers": [{"name": layer.name, "type": type(layer).__name__, "params": layer.count_params(),
                    "trainable_params": count(layer.trainable_weights),
                    "non_trainable_params": count(layer.non_trainable_weights)} for layer in model.layers],
        "total_params": model.count_params(), "trainable_params": count(model.trainable_weights),
        "non_trainable_params": count(model.non_trainable_weights),
    }


SEQ2SEQ_PROGRAM = """
import keras
from keras import layers
latent_dim = 16
num_encoder_tokens = 7
num_decoder_tokens = 9
encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
encoder = layers.LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]
decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))
decoder_lstm = layers.LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = layers.Dense(num_decoder_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)

encoder_model = keras.Model(encoder_inputs, encoder_states)
decoder_state_input_h = keras.Input(shape=(latent_dim,))
decoder_state_input_c = keras.Input(shape=(latent_dim,))
decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
decoder_outputs, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=decoder_states_inputs)
decoder_states = [state_h, state_c]
decoder_outputs = decoder_dense(decoder_outputs)
decoder_model = keras.Model([decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states)
"""

# The whole lstm_seq2seq program as one spec; `inputs:`/`outputs:` pick one of its three models.
SEQ2SEQ_LAYERS = """
layers:
  - {type: Input, shape: [null, 7]}
  - {type: LSTM, units: 16, return_state: true}
  - {type: Input, shape: [null, 9]}
  - {type: LSTM, units: 16, return_sequences: true, return_state: true, inputs: input_layer_1,
     initial_state: ["lstm[1]", "lstm[2]"]}
  - {type: Dense, units: 9, activation: softmax, inputs: "lstm_1[0]"}
  - {type: Input, shape: [16]}
  - {type: Input, shape: [16]}
  - {call: lstm_1, inputs: input_layer_1, initial_state: [input_layer_2, input_layer_3]}
  - {call: dense, inputs: "lstm_1@1[0]"}
"""

CASES: list[dict] = [
    {"name": "siamese_lstm", "spec": """
name: siamese
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 4], name: b}
  - {type: LSTM, units: 8, inputs: a}
  - {call: lstm, inputs: b}
  - {type: Concatenate, inputs: [lstm, lstm@1]}
  - {type: Dense, units: 1}
"""},
    {"name": "applied_three_times", "spec": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Input, shape: [7, 4]}
  - {type: Input, shape: [null, 4]}
  - {type: LSTM, units: 8, return_sequences: true, inputs: input_layer}
  - {call: lstm, inputs: input_layer_1}
  - {call: lstm, inputs: input_layer_2}
outputs: [lstm, lstm@1, lstm@2]
"""},
    {"name": "second_call_consumes_a_later_layer", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Bidirectional, name: bi, layer: {type: LSTM, units: 2, return_sequences: true}}
  - {type: Dense, units: 4, name: proj}
  - {call: bi, inputs: proj}
outputs: [bi@1]
"""},
    {"name": "shared_bidirectional", "spec": """
layers:
  - {type: Input, shape: [12, 3], name: left}
  - {type: Input, shape: [12, 3], name: right}
  - {type: Bidirectional, layer: {type: GRU, units: 5}, inputs: left}
  - {call: bidirectional, inputs: right}
  - {type: Subtract, inputs: [bidirectional, bidirectional@1]}
  - {type: Dense, units: 2, activation: softmax}
"""},
    {"name": "shared_bidirectional_states", "spec": """
layers:
  - {type: Input, shape: [12, 3], name: left}
  - {type: Input, shape: [12, 3], name: right}
  - {type: Bidirectional, merge_mode: null, layer: {type: LSTM, units: 4, return_state: true}, inputs: left}
  - {call: bidirectional, inputs: right}
  - {type: Concatenate, inputs: ["bidirectional@1[0]", "bidirectional@1[1]", "bidirectional[2]"]}
"""},
    {"name": "next_entry_takes_the_call", "spec": """
layers:
  - {type: Input, shape: [6, 2], name: x}
  - {type: Input, shape: [6, 2], name: y}
  - {type: GRU, units: 3, return_sequences: true, name: shared, inputs: x}
  - {call: shared, inputs: y}
  - {type: GlobalAveragePooling1D}
  - {type: Add, inputs: [shared, global_average_pooling1d]}
"""},
    {"name": "shared_embedding_with_mask", "spec": """
layers:
  - {type: Input, shape: [5], dtype: int32, name: q1}
  - {type: Input, shape: [5], dtype: int32, name: q2}
  - {type: Embedding, input_dim: 50, output_dim: 6, mask_zero: true, inputs: q1}
  - {type: LSTM, units: 4}
  - {call: embedding, inputs: q2}
  - {call: lstm, inputs: embedding@1}
  - {type: Concatenate, inputs: [lstm, lstm@1]}
"""},
    {"name": "shared_dense_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 5], name: b}
  - {type: Dense, units: 3, inputs: a}
  - {call: dense, inputs: b}
"""},
    {"name": "shared_conv1d_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 5], name: b}
  - {type: Conv1D, filters: 3, kernel_size: 2, inputs: a}
  - {call: conv1d, inputs: b}
"""},
    {"name": "shared_batchnorm_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 5], name: b}
  - {type: BatchNormalization, inputs: a}
  - {call: batch_normalization, inputs: b}
"""},
    {"name": "shared_gru_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 5], name: b}
  - {type: GRU, units: 3, inputs: a}
  - {call: gru, inputs: b}
"""},
    {"name": "shared_timedistributed_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 5], name: b}
  - {type: TimeDistributed, layer: {type: Dense, units: 3}, inputs: a}
  - {call: time_distributed, inputs: b}
"""},
    {"name": "output_not_connected_to_inputs", "spec": """
layers:
  - {type: Input, shape: [3], name: a}
  - {type: Input, shape: [3], name: b}
  - {type: Dense, units: 2, inputs: a}
  - {call: dense, inputs: b}
  - {type: Add, inputs: [dense, dense@1]}
inputs: [b]
"""},
    {"name": "unused_input_is_listed", "spec": """
layers:
  - {type: Input, shape: [3], name: a}
  - {type: Input, shape: [3], name: b}
  - {type: Dense, units: 2, inputs: a}
  - {type: Dense, units: 1, inputs: a, name: dead_end}
outputs: [dense]
"""},
    {"name": "shared_lstm_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 5], name: b}
  - {type: LSTM, units: 3, inputs: a}
  - {call: lstm, inputs: b}
"""},
    {"name": "seq2seq_training", "program": SEQ2SEQ_PROGRAM, "model": "model",
     "spec": SEQ2SEQ_LAYERS + "name: functional\ninputs: [input_layer, input_layer_1]\noutputs: [dense]\n"},
    {"name": "seq2seq_inference_encoder", "program": SEQ2SEQ_PROGRAM, "model": "encoder_model",
     "spec": SEQ2SEQ_LAYERS + "name: functional_1\ninputs: [input_layer]\noutputs: [\"lstm[1]\", \"lstm[2]\"]\n"},
    {"name": "seq2seq_inference_decoder", "program": SEQ2SEQ_PROGRAM, "model": "decoder_model",
     "spec": SEQ2SEQ_LAYERS + 'name: functional_2\ninputs: [input_layer_1, input_layer_2, input_layer_3]\n'
             'outputs: [dense@1, "lstm_1@1[1]", "lstm_1@1[2]"]\n'},
    # nested models
    {"name": "sequential_in_sequential", "spec": """
layers:
  - {type: Sequential, name: encoder, layers: [
      {type: LSTM, units: 8, return_sequences: true, input_shape: [10, 4]},
      {type: Dense, units: 3}]}
  - {type: LSTM, units: 5}
"""},
    {"name": "sequential_in_functional", "spec": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, name: encoder, layers: [
      {type: Input, shape: [10, 4]},
      {type: LSTM, units: 8, return_sequences: true},
      {type: Dense, units: 3}]}
  - {type: LSTM, units: 5}
"""},
    {"name": "sequential_without_input_built_by_its_call", "spec": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, layers: [{type: LSTM, units: 8, return_sequences: true}, {type: Dense, units: 3}]}
  - {type: LSTM, units: 5}
  - {type: Input, shape: [3]}
  - {type: Concatenate, inputs: [lstm_1, input_layer_2]}
"""},
    {"name": "sequential_without_input_in_sequential", "spec": """
layers:
  - {type: Dense, units: 6, input_shape: [10, 4]}
  - {type: Sequential, layers: [{type: GRU, units: 8, return_sequences: true}, {type: Dense, units: 3}]}
  - {type: GRU, units: 2}
"""},
    {"name": "functional_encoder_called_twice", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [10, 4], name: b}
  - {type: Functional, name: enc, layers: [
      {type: Input, shape: [10, 4]},
      {type: LSTM, units: 8}], inputs: a}
  - {call: enc, inputs: b}
  - {type: Concatenate, inputs: [enc, enc@1]}
  - {type: Dense, units: 1}
"""},
    {"name": "functional_encoder_with_states", "spec": """
layers:
  - {type: Input, shape: [null, 7], name: tokens}
  - {type: Functional, name: encoder, layers: [
      {type: Input, shape: [null, 7], name: enc_in},
      {type: LSTM, units: 6, return_state: true, name: enc_lstm}],
     outputs: ["enc_lstm[1]", "enc_lstm[2]"]}
  - {type: Input, shape: [null, 9], name: target}
  - {type: LSTM, units: 6, return_sequences: true, inputs: target, initial_state: ["encoder[0]", "encoder[1]"]}
  - {type: Dense, units: 9}
"""},
    {"name": "frozen_nested_sequential", "spec": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, name: backbone, trainable: false, layers: [
      {type: Input, shape: [10, 4]},
      {type: LSTM, units: 8},
      {type: BatchNormalization}]}
  - {type: Dense, units: 2}
"""},
    {"name": "nested_two_levels", "spec": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Sequential, name: outer_block, layers: [
      {type: Sequential, name: inner_block, layers: [{type: Dense, units: 6}, {type: Dropout, rate: 0.1}]},
      {type: LSTM, units: 7, return_sequences: true}]}
  - {type: TimeDistributed, layer: {type: Dense, units: 2}}
"""},
    {"name": "functional_in_sequential", "spec": """
layers:
  - {type: Functional, layers: [{type: Input, shape: [6, 3]}, {type: GRU, units: 4, return_sequences: true}]}
  - {type: Dense, units: 2}
"""},
    {"name": "functional_call_fills_the_time_axis", "spec": """
layers:
  - {type: Input, shape: [10, 4]}
  - {type: Functional, name: enc, layers: [
      {type: Input, shape: [null, 4]},
      {type: LSTM, units: 8, return_sequences: true}]}
  - {type: GlobalAveragePooling1D}
"""},
    {"name": "functional_called_with_a_free_time_axis", "spec": """
layers:
  - {type: Input, shape: [null, 4]}
  - {type: Functional, name: enc, layers: [{type: Input, shape: [10, 4]}, {type: LSTM, units: 8, return_sequences: true}]}
"""},
    {"name": "functional_called_with_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 5]}
  - {type: Functional, name: enc, layers: [{type: Input, shape: [10, 4]}, {type: LSTM, units: 8}]}
"""},
    {"name": "sequential_called_with_other_width", "spec": """
layers:
  - {type: Input, shape: [10, 5]}
  - {type: Sequential, name: enc, layers: [{type: Input, shape: [10, 4]}, {type: LSTM, units: 8}]}
"""},
    {"name": "sequential_called_with_other_rank", "spec": """
layers:
  - {type: Input, shape: [4]}
  - {type: Sequential, name: enc, layers: [{type: Input, shape: [10, 4]}, {type: LSTM, units: 8}]}
"""},
    {"name": "sequential_without_input_called_twice", "spec": """
layers:
  - {type: Input, shape: [10, 4], name: a}
  - {type: Input, shape: [7, 4], name: b}
  - {type: Sequential, name: block, layers: [{type: LSTM, units: 8, return_sequences: true}, {type: Dense, units: 3}],
     inputs: a}
  - {call: block, inputs: b}
outputs: [block, block@1]
"""},
    {"name": "mask_into_nested_sequential", "spec": """
layers:
  - {type: Input, shape: [5], dtype: int32}
  - {type: Embedding, input_dim: 20, output_dim: 4, mask_zero: true}
  - {type: Sequential, name: block, layers: [{type: LSTM, units: 6, return_sequences: true}, {type: Dense, units: 3}]}
  - {type: LSTM, units: 2}
"""},
    {"name": "mask_inside_nested_sequential", "spec": """
layers:
  - {type: Input, shape: [5], dtype: int32}
  - {type: Sequential, name: block, layers: [
      {type: Embedding, input_dim: 20, output_dim: 4, mask_zero: true},
      {type: LSTM, units: 6, return_sequences: true}]}
  - {type: LSTM, units: 2}
"""},
    {"name": "frozen_functional_called_twice", "spec": """
layers:
  - {type: Input, shape: [8, 3], name: a}
  - {type: Input, shape: [8, 3], name: b}
  - {type: Functional, name: tower, trainable: false, inputs: a, layers: [
      {type: Input, shape: [8, 3]},
      {type: Bidirectional, layer: {type: GRU, units: 4}},
      {type: Dense, units: 2, trainable: true}]}
  - {call: tower, inputs: b}
  - {type: Subtract, inputs: [tower, tower@1]}
"""},
]


def main() -> int:
    out = []
    programs: dict[str, dict] = {}
    for case in CASES:
        keras.backend.clear_session()
        spec = yaml.safe_load(case["spec"])
        entry: dict = {"name": case["name"], "spec": case["spec"].lstrip("\n")}
        try:
            model = build(spec)
        except Refused as refused:
            entry.update(raises=type(refused.error).__name__, message=str(refused.error), layer=refused.layer)
            out.append(entry)
            continue
        entry.update(record(model))
        if "program" in case:
            if case["program"] not in programs:
                keras.backend.clear_session()
                scope: dict = {}
                exec(compile(case["program"], case["name"], "exec"), scope)  # our own fixed program
                programs[case["program"]] = scope
            program_model = programs[case["program"]][case["model"]]
            for expand in (False, True):
                assert summary(program_model, expand) == entry["summary_expanded" if expand else "summary"], \
                    f"{case['name']}: the spec does not print what the program prints"
            entry.update(program=case["program"].lstrip("\n"), model=case["model"])
        out.append(entry)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
