"""Per-layer ground truth from real Keras, for the table-driven tests in tests/test_layers.py.

    /tmp/kenv/bin/python tools/keras_oracle/layer_table.py > tests/fixtures/keras_layers.json

For every row of ROWS (layer type, constructor arguments, input shape with batch) it builds
keras.Input(batch_shape=...) -> layer in a fresh naming state and records the output
shape, the parameter counts and every weight's name and shape in Keras's order, or the
error Keras raised. Deterministic; rerun after changing ROWS.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402

N = None
ROWS: list[tuple[str, dict, tuple]] = [
    ("LSTM", {"units": 128, "return_sequences": True}, (N, 50, 10)),
    ("LSTM", {"units": 64}, (N, 50, 128)),
    ("LSTM", {"units": 8, "use_bias": False}, (N, N, 3)),
    ("LSTM", {"units": 4, "return_state": True}, (N, 7, 2)),
    ("LSTM", {"units": 4, "stateful": True}, (8, 7, 2)),
    ("LSTM", {"units": 4, "stateful": True}, (N, 7, 2)),
    ("LSTM", {"units": 4}, (N, 64)),
    ("LSTM", {"units": 4}, (N, 5, 3, 2)),
    ("LSTM", {"units": 4}, (N, 5, N)),
    ("LSTM", {"units": 0}, (N, 5, 3)),
    ("LSTM", {"units": 4, "trainable": False}, (N, 5, 3)),
    ("LSTM", {"units": 4, "dtype": "float16"}, (N, 5, 3)),
    ("GRU", {"units": 16}, (N, 20, 8)),
    ("GRU", {"units": 16, "reset_after": False}, (N, 20, 8)),
    ("GRU", {"units": 16, "use_bias": False, "return_sequences": True}, (N, 20, 8)),
    ("GRU", {"units": 3, "return_state": True, "return_sequences": True}, (N, 4, 2)),
    ("SimpleRNN", {"units": 8}, (N, 5, 3)),
    ("SimpleRNN", {"units": 8, "return_sequences": True, "use_bias": False}, (N, 5, 3)),
    ("SimpleRNN", {"units": 8}, (N, 3)),
    ("Dense", {"units": 1}, (N, 64)),
    ("Dense", {"units": 4, "use_bias": False}, (N, 10, 3)),
    ("Dense", {"units": 4}, (N, 2, 3, 5)),
    ("Dense", {"units": 4}, (N, N)),
    ("Dense", {"units": 4}, (N,)),
    ("Dense", {"units": 4, "lora_rank": 2}, (N, 6)),
    ("Dense", {"units": 3, "dtype": "float64"}, (N, 6)),
    ("Dropout", {"rate": 0.5}, (N, 5, 3)),
    ("Dropout", {"rate": 1.5}, (N, 5, 3)),
    ("SpatialDropout1D", {"rate": 0.2}, (N, 5, 3)),
    ("SpatialDropout1D", {"rate": 0.2}, (N, 5)),
    ("Activation", {"activation": "relu"}, (N, 5, 3)),
    ("Activation", {"activation": "tanhh"}, (N, 5, 3)),
    ("Bidirectional", {"layer": ("LSTM", {"units": 16, "return_sequences": True})}, (N, 30, 4)),
    ("Bidirectional", {"layer": ("LSTM", {"units": 16}), "merge_mode": "sum"}, (N, 30, 4)),
    ("Bidirectional", {"layer": ("GRU", {"units": 8}), "merge_mode": "mul"}, (N, 30, 4)),
    ("Bidirectional", {"layer": ("SimpleRNN", {"units": 8, "return_sequences": True}), "merge_mode": "ave"}, (N, 30, 4)),
    ("Bidirectional", {"layer": ("LSTM", {"units": 4}), "trainable": False}, (N, 30, 4)),
    ("Bidirectional", {"layer": ("LSTM", {"units": 4, "go_backwards": True})}, (N, 30, 4)),
    ("Bidirectional", {"layer": ("LSTM", {"units": 4})}, (N, 30)),
    ("TimeDistributed", {"layer": ("Dense", {"units": 4})}, (N, 5, 3)),
    ("TimeDistributed", {"layer": ("LSTM", {"units": 16})}, (N, 5, 320, 2)),
    ("TimeDistributed", {"layer": ("Conv1D", {"filters": 4, "kernel_size": 2})}, (N, 5, 9, 2)),
    ("TimeDistributed", {"layer": ("Dense", {"units": 4})}, (N, 5)),
    ("TimeDistributed", {"layer": ("LSTM", {"units": 4})}, (N, 5, 3)),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, (N, 20)),
    ("Embedding", {"input_dim": 50, "output_dim": 8, "mask_zero": True}, (N, 4, 6)),
    ("Embedding", {"input_dim": 0, "output_dim": 8}, (N, 4)),
    ("Flatten", {}, (N, 5, 3)),
    ("Flatten", {}, (N, N, 3)),
    ("RepeatVector", {"n": 4}, (N, 3)),
    ("RepeatVector", {"n": 4}, (N, 2, 3)),
    ("Reshape", {"target_shape": (-1, 5)}, (N, 5, 3)),
    ("Reshape", {"target_shape": (3, 3)}, (N, 5, 3)),
    ("Reshape", {"target_shape": (-1, 3)}, (N, N, 3)),
    ("BatchNormalization", {}, (N, 5, 3)),
    ("BatchNormalization", {"axis": 1}, (N, 5, 3)),
    ("BatchNormalization", {"center": False, "scale": False}, (N, 5, 3)),
    ("BatchNormalization", {"axis": 0}, (N, 5, 3)),
    ("LayerNormalization", {}, (N, 5, 3)),
    ("LayerNormalization", {"axis": [1, 2]}, (N, 5, 3)),
    ("LayerNormalization", {"axis": 3}, (N, 5, 3)),
    ("Conv1D", {"filters": 8, "kernel_size": 3}, (N, 20, 4)),
    ("Conv1D", {"filters": 8, "kernel_size": 3, "padding": "same", "strides": 2}, (N, 20, 4)),
    ("Conv1D", {"filters": 8, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (N, 20, 4)),
    ("Conv1D", {"filters": 8, "kernel_size": 3, "groups": 2, "use_bias": False}, (N, 20, 4)),
    ("Conv1D", {"filters": 8, "kernel_size": 30}, (N, 20, 4)),
    ("Conv1D", {"filters": 8, "kernel_size": 3}, (N, 20)),
    ("MaxPooling1D", {}, (N, 20, 4)),
    ("MaxPooling1D", {"pool_size": 3, "strides": 1, "padding": "same"}, (N, 20, 4)),
    ("MaxPooling1D", {"pool_size": 30}, (N, 20, 4)),
    ("AveragePooling1D", {"pool_size": 4}, (N, 21, 4)),
    ("AveragePooling1D", {"pool_size": 2, "padding": "same"}, (N, N, 4)),
    ("GlobalAveragePooling1D", {}, (N, 20, 4)),
    ("GlobalAveragePooling1D", {"keepdims": True}, (N, 20, 4)),
    ("GlobalMaxPooling1D", {}, (N, 20, 4)),
    ("GlobalMaxPooling1D", {}, (N, 20)),
    ("Masking", {"mask_value": -1.0}, (N, 20, 4)),
    # merge layers take several inputs: a list of shapes
    ("Concatenate", {}, [(N, 5, 3), (N, 5, 4)]),
    ("Concatenate", {"axis": 1}, [(N, 5, 3), (N, N, 3)]),
    ("Concatenate", {}, [(N, 5, 3), (N, 4, 3)]),
    ("Add", {}, [(N, 5, 3), (N, 5, 3)]),
    ("Add", {}, [(N, 5, 3), (N, 1, 3), (N, 5, 1)]),
    ("Add", {}, [(N, 5, 3), (N, 5, 4)]),
    ("Subtract", {}, [(N, 4), (N, 4)]),
    ("Subtract", {}, [(N, 4), (N, 4), (N, 4)]),
    ("Multiply", {}, [(N, 6), (N, 6)]),
    ("Average", {}, [(N, 2, 6), (N, 2, 6), (N, 2, 6)]),
    ("Maximum", {}, [(8, 6), (N, 6)]),
    ("Minimum", {}, [(N, 6), (N, 6)]),
    # attention layers: several inputs, call arguments among the args (CALL_ARGS)
    ("Attention", {}, [(N, 5, 8), (N, 7, 8)]),
    ("Attention", {}, [(N, 5, 8), (N, 7, 4)]),
    ("Attention", {"use_scale": True}, [(N, 5, 8), (N, 7, 8), (N, 7, 8)]),
    ("Attention", {"score_mode": "concat", "return_attention_scores": True}, [(N, 5, 8), (N, 7, 8)]),
    ("Attention", {"use_scale": True, "score_mode": "concat", "use_causal_mask": True}, [(N, 5, 8), (N, 5, 8)]),
    ("Attention", {"return_attention_scores": True}, [(N, 5, 8), (N, 7, 8), (N, 6, 8)]),
    ("Attention", {"return_attention_scores": True}, [(N, 8), (N, 8)]),
    ("Attention", {"return_attention_scores": True}, [(N, 3, 5, 8), (N, 3, 6, 8)]),
    ("Attention", {"dropout": 0.5, "trainable": False, "use_scale": True}, [(N, N, 8), (N, N, 8)]),
    ("Attention", {}, [(N, 5, 8)]),
    ("Attention", {}, [(N, 5, 8), (N, 5, 8), (N, 5, 8), (N, 5, 8)]),
    ("Attention", {"score_mode": "add"}, [(N, 5, 8), (N, 5, 8)]),
    ("AdditiveAttention", {}, [(N, 5, 8), (N, 7, 8)]),
    ("AdditiveAttention", {"use_scale": False, "return_attention_scores": True}, [(N, 5, 8), (N, 7, 8), (N, 7, 8)]),
    ("AdditiveAttention", {"return_attention_scores": True}, [(N, 5, 8), (N, 7, 4)]),
    ("AdditiveAttention", {"dtype": "float16"}, [(N, 5, 3), (N, 7, 3)]),
    ("AdditiveAttention", {}, [(N, 5, N), (N, 7, 4)]),
    ("AdditiveAttention", {}, [(N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 16}, [(N, 5, 8), (N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "value_dim": 3, "output_shape": 6,
                            "return_attention_scores": True}, [(N, 5, 8), (N, 7, 8)]),
    ("MultiHeadAttention", {"num_heads": 3, "key_dim": 2}, [(N, 5, 8), (N, 7, 6), (N, 7, 4)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 2, "use_bias": False}, [(N, 5, 8), (N, 7, 6)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 2, "use_gate": True}, [(N, 5, 8), (N, 7, 6)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 2, "output_shape": [4, 5]}, [(N, 5, 8), (N, 7, 6)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "return_attention_scores": True},
     [(N, 3, 5, 8), (N, 3, 6, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "attention_axes": [1, 2], "return_attention_scores": True},
     [(N, 3, 5, 8), (N, 3, 6, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, [(N, 8), (N, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "use_causal_mask": True, "trainable": False,
                            "dropout": 0.1}, [(N, N, 8), (N, N, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, [(N, 5, 8), (N, 7, 8), (N, 6, 4)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, [(N, 5, N), (N, 7, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, [(N, 5, 8), (N, 7, N)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}, [(N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 0, "key_dim": 3}, [(N, 5, 8), (N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": -1}, [(N, 5, 8), (N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "value_dim": 0}, [(N, 5, 8), (N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "sliding_window": 0}, [(N, 5, 8), (N, 5, 8)]),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3, "sliding_window": 2}, [(N, 5, 8), (N, 5, 8)]),
]

#: Call arguments (the spec writes them among the layer's arguments).
CALL_ARGS = {"return_attention_scores", "use_causal_mask"}
#: Layers called on separate tensors, layer(query, value, key), not on a list.
SPREAD = {"MultiHeadAttention"}


def make(kind: str, args: dict) -> keras.layers.Layer:
    built = {}
    for key, value in args.items():
        built[key] = make(*value) if key == "layer" else value
    return getattr(keras.layers, kind)(**built)


def row(kind: str, args: dict, shape: tuple) -> dict:
    keras.backend.clear_session()
    spec_args = {k: (list(v) if isinstance(v, tuple) else v) for k, v in args.items()}
    if "layer" in args:
        inner_kind, inner_args = args["layer"]
        spec_args["layer"] = {"type": inner_kind, **inner_args}
    entry = {"type": kind, "args": spec_args,
             "input_shape": [list(s) for s in shape] if isinstance(shape, list) else list(shape)}
    try:
        call = {k: v for k, v in args.items() if k in CALL_ARGS}
        layer = make(kind, {k: v for k, v in args.items() if k not in CALL_ARGS})
        if kind in SPREAD:
            out = layer(*[keras.Input(batch_shape=s) for s in shape], **call)
        elif isinstance(shape, list):
            out = layer([keras.Input(batch_shape=s) for s in shape], **call)
        else:
            out = layer(keras.Input(batch_shape=shape))
    except Exception as exc:  # noqa: BLE001 - a refusal is the recorded answer
        entry["error"] = f"{type(exc).__name__}: {exc}"[:400]
        return entry
    outs = out if isinstance(out, (list, tuple)) else [out]
    entry["output_shapes"] = [list(o.shape) for o in outs]
    entry["params"] = layer.count_params()
    entry["trainable_params"] = int(sum(math.prod(w.shape) for w in layer.trainable_weights))
    entry["non_trainable_params"] = int(sum(math.prod(w.shape) for w in layer.non_trainable_weights))
    entry["weights"] = [{"path": w.path, "shape": list(w.shape), "trainable": w.trainable} for w in layer.weights]
    return entry


def main() -> int:
    table = {"keras_version": keras.__version__, "rows": [row(*r) for r in ROWS]}
    json.dump(table, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
