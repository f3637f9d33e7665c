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
    # 2D/3D pooling, up-sampling, zero-padding, cropping, spatial dropout and the aliases (poolnd)
    ("MaxPooling2D", {}, (N, 8, 6, 3)),
    ("MaxPooling2D", {"pool_size": (3, 2), "strides": (2, 1), "padding": "same"}, (N, 8, 7, 3)),
    ("MaxPooling2D", {"pool_size": 3, "data_format": "channels_first"}, (N, 3, 8, 7)),
    ("MaxPooling2D", {"pool_size": 2}, (N, N, 7, 3)),
    ("MaxPooling2D", {"pool_size": 5}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"pool_size": (2, 2, 2)}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"padding": "SAME"}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"padding": "full"}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"strides": 0}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"pool_size": 0}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"data_format": "nchw"}, (N, 4, 4, 3)),
    ("MaxPooling2D", {"data_format": "Channels_First"}, (N, 3, 4, 4)),
    ("MaxPooling2D", {}, (N, 5, 3)),
    ("MaxPooling3D", {}, (N, 4, 6, 5, 2)),
    ("MaxPooling3D", {"pool_size": (1, 2, 3), "strides": 1, "padding": "same"}, (N, 4, 6, 5, 2)),
    ("MaxPooling3D", {"data_format": "channels_first"}, (N, 2, 4, 6, 5)),
    ("MaxPooling3D", {"pool_size": 3}, (N, 2, 6, 5, 2)),
    ("MaxPooling3D", {}, (N, 4, 6, 5)),
    ("AveragePooling2D", {"pool_size": 2}, (N, 8, 6, 3)),
    ("AveragePooling2D", {"pool_size": (2, 3), "strides": 2, "padding": "same"}, (N, 7, 5, 3)),
    ("AveragePooling2D", {"pool_size": 2, "data_format": "channels_first"}, (N, 3, 7, 5)),
    ("AveragePooling2D", {"pool_size": 9}, (N, 8, 6, 3)),
    ("AveragePooling2D", {"pool_size": 2}, (N, 8, 6, 3, 2)),
    ("AveragePooling3D", {"pool_size": 2}, (N, 4, 6, 5, 2)),
    ("AveragePooling3D", {"pool_size": (2, 2, 1), "padding": "same", "data_format": "channels_first"}, (N, 2, 5, 6, 5)),
    ("AveragePooling3D", {"pool_size": (2, 2)}, (N, 4, 6, 5, 2)),
    ("GlobalMaxPooling2D", {}, (N, 5, 4, 3)),
    ("GlobalMaxPooling2D", {"keepdims": True, "data_format": "channels_first"}, (N, 3, 5, 4)),
    ("GlobalMaxPooling2D", {}, (N, 5, 3)),
    ("GlobalMaxPooling3D", {"keepdims": True}, (N, 2, 5, 4, 3)),
    ("GlobalMaxPooling3D", {"data_format": "channels_first"}, (N, 3, 2, 5, 4)),
    ("GlobalAveragePooling2D", {"keepdims": True}, (N, N, N, 3)),
    ("GlobalAveragePooling2D", {"data_format": "channels_first"}, (N, 3, 5, 4)),
    ("GlobalAveragePooling3D", {}, (N, 2, 5, 4, 3)),
    ("GlobalAveragePooling3D", {}, (N, 5, 4, 3)),
    ("UpSampling1D", {}, (N, 5, 3)),
    ("UpSampling1D", {"size": 3}, (N, N, 3)),
    ("UpSampling1D", {"size": 0}, (N, 5, 3)),
    ("UpSampling1D", {}, (N, 5, 3, 2)),
    ("UpSampling2D", {}, (N, 4, 5, 3)),
    ("UpSampling2D", {"size": (2, 3), "interpolation": "bilinear"}, (N, 4, 5, 3)),
    ("UpSampling2D", {"size": 3, "data_format": "channels_first"}, (N, 3, 4, N)),
    ("UpSampling2D", {"size": (2, 0)}, (N, 4, 5, 3)),
    ("UpSampling2D", {"interpolation": "cubic"}, (N, 4, 5, 3)),
    ("UpSampling2D", {}, (N, 4, 3)),
    ("UpSampling3D", {}, (N, 2, 3, 4, 2)),
    ("UpSampling3D", {"size": (1, 2, 3), "data_format": "channels_first"}, (N, 2, 2, 3, 4)),
    ("UpSampling3D", {"size": (2, 2)}, (N, 2, 3, 4, 2)),
    ("ZeroPadding1D", {}, (N, 5, 3)),
    ("ZeroPadding1D", {"padding": (2, 0), "data_format": "channels_first"}, (N, 3, 5)),
    ("ZeroPadding1D", {"padding": (1, 2, 3)}, (N, 5, 3)),
    ("ZeroPadding1D", {"padding": -1}, (N, 5, 3)),
    ("ZeroPadding1D", {}, (N, 5)),
    ("ZeroPadding2D", {}, (N, 4, 5, 3)),
    ("ZeroPadding2D", {"padding": (1, 2)}, (N, 4, N, 3)),
    ("ZeroPadding2D", {"padding": ((1, 0), (2, 3)), "data_format": "channels_first"}, (N, 3, 4, 5)),
    ("ZeroPadding2D", {"padding": (1, 2, 3)}, (N, 4, 5, 3)),
    ("ZeroPadding2D", {"padding": ((1, 2), (3,))}, (N, 4, 5, 3)),
    ("ZeroPadding2D", {"padding": ((1, 2), (3, -1))}, (N, 4, 5, 3)),
    ("ZeroPadding3D", {}, (N, 2, 3, 4, 2)),
    ("ZeroPadding3D", {"padding": (1, 0, 2), "data_format": "channels_first"}, (N, 2, 2, 3, 4)),
    ("ZeroPadding3D", {"padding": ((0, 1), (2, 0), (1, 1))}, (N, 2, 3, 4, 2)),
    ("ZeroPadding3D", {"padding": (1, 2)}, (N, 2, 3, 4, 2)),
    ("ZeroPadding3D", {}, (N, 2, 3, 4)),
    ("Cropping1D", {}, (N, 5, 3)),
    ("Cropping1D", {"cropping": (0, 2)}, (N, N, 3)),
    ("Cropping1D", {"cropping": 2}, (N, 4, 3)),
    ("Cropping1D", {"cropping": (1, 2, 3)}, (N, 5, 3)),
    ("Cropping1D", {"cropping": -1}, (N, 5, 3)),
    ("Cropping1D", {}, (N, 5, 3, 2)),
    ("Cropping2D", {}, (N, 4, 5, 3)),
    ("Cropping2D", {"cropping": 1}, (N, 4, 5, 3)),
    ("Cropping2D", {"cropping": ((1, 0), (2, 1)), "data_format": "channels_first"}, (N, 3, 4, 5)),
    ("Cropping2D", {"cropping": (1, 2)}, (N, N, 5, 3)),
    ("Cropping2D", {"cropping": 2}, (N, 4, 5, 3)),
    ("Cropping2D", {"cropping": -1}, (N, 4, 5, 3)),
    ("Cropping2D", {"cropping": (1, 2, 3)}, (N, 4, 5, 3)),
    ("Cropping2D", {"cropping": ((1, 2), (3, 4, 5))}, (N, 4, 5, 3)),
    ("Cropping3D", {}, (N, 3, 4, 5, 2)),
    ("Cropping3D", {"cropping": (0, 1, 2), "data_format": "channels_first"}, (N, 2, 3, 4, 5)),
    ("Cropping3D", {"cropping": ((1, 0), (0, 1), (2, 2))}, (N, 3, 4, 5, 2)),
    ("Cropping3D", {"cropping": 2}, (N, 3, 4, 5, 2)),
    ("Cropping3D", {"cropping": (1, 1)}, (N, 3, 4, 5, 2)),
    ("Cropping3D", {"cropping": ((1, 0), (0, -1), (2, 2))}, (N, 3, 4, 5, 2)),
    ("SpatialDropout2D", {"rate": 0.3}, (N, 4, 5, 3)),
    ("SpatialDropout2D", {"rate": 0.3, "data_format": "channels_first"}, (N, 3, 4, 5)),
    ("SpatialDropout2D", {"rate": 0.3}, (N, 5, 3)),
    ("SpatialDropout2D", {"rate": 1.5}, (N, 4, 5, 3)),
    ("SpatialDropout2D", {"rate": 0.3, "trainable": False}, (N, 4, 5, 3)),
    ("SpatialDropout3D", {"rate": 0.1, "seed": 3}, (N, 2, 4, 5, 3)),
    ("SpatialDropout3D", {"rate": 0.1}, (N, 4, 5, 3)),
    ("MaxPool1D", {}, (N, 6, 3)),
    ("MaxPool2D", {"pool_size": 2}, (N, 6, 4, 3)),
    ("MaxPool3D", {}, (N, 2, 4, 4, 3)),
    ("AvgPool1D", {"pool_size": 3}, (N, 6, 3)),
    ("AvgPool2D", {"pool_size": 2}, (N, 6, 4, 3)),
    ("AvgPool3D", {"pool_size": 2}, (N, 2, 4, 4, 3)),
    ("GlobalMaxPool1D", {}, (N, 6, 3)),
    ("GlobalMaxPool2D", {}, (N, 6, 4, 3)),
    ("GlobalMaxPool3D", {}, (N, 2, 4, 4, 3)),
    ("GlobalAvgPool1D", {"keepdims": True}, (N, 6, 3)),
    ("GlobalAvgPool2D", {}, (N, 6, 4, 3)),
    ("GlobalAvgPool3D", {}, (N, 2, 4, 4, 3)),
    ("GlobalAvgPool3D", {}, (N, 4, 4, 3)),
    ("ZeroPadding2D", {"padding": -1}, (N, 4, 5, 3)),
    ("ZeroPadding2D", {"padding": -3}, (N, 4, 5, 3)),
    ("ZeroPadding3D", {"padding": ((1, 1), (0, 2), (3, 0))}, (N, N, 3, 4, 2)),
]


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
        layer = make(kind, args)
        if isinstance(shape, list):
            out = layer([keras.Input(batch_shape=s) for s in shape])
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
