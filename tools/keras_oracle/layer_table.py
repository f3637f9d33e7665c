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
    # activations as layers
    ("ReLU", {}, (N, 5, 3)),
    ("ReLU", {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5}, (N, 5, 3)),
    ("ReLU", {}, (N, 4)),
    ("ReLU", {"max_value": -1.0}, (N, 5, 3)),
    ("ReLU", {"negative_slope": -0.1}, (N, 5, 3)),
    ("ReLU", {"threshold": -1.0}, (N, 5, 3)),
    ("ReLU", {"max_value": None}, (N, 5, 3)),
    ("ReLU", {"threshold": None}, (N, 5, 3)),
    ("LeakyReLU", {}, (N, 5, 3)),
    ("LeakyReLU", {"negative_slope": 0.2}, (N, 4)),
    ("LeakyReLU", {"alpha": 0.2}, (N, 4)),
    ("LeakyReLU", {"negative_slope": -0.2}, (N, 4)),
    ("LeakyReLU", {"negative_slope": None}, (N, 4)),
    ("PReLU", {}, (N, 5, 3)),
    ("PReLU", {"shared_axes": [1]}, (N, 5, 3)),
    ("PReLU", {"shared_axes": 1}, (N, 5, 3)),
    ("PReLU", {"shared_axes": [1, 2]}, (N, 5, 3)),
    ("PReLU", {}, (N, 4)),
    ("PReLU", {}, (N, N, 3)),
    ("PReLU", {"shared_axes": [1]}, (N, N, 3)),
    ("PReLU", {"shared_axes": [3]}, (N, 5, 3)),
    ("PReLU", {"trainable": False}, (N, 5, 3)),
    ("PReLU", {"alpha_initializer": "ones"}, (N, 2, 3, 4)),
    ("ELU", {}, (N, 5, 3)),
    ("ELU", {"alpha": 0.5}, (N, 4)),
    ("Softmax", {}, (N, 5, 3)),
    ("Softmax", {"axis": 1}, (N, 5, 3)),
    ("Softmax", {"axis": [1, 2]}, (N, 5, 3)),
    ("Softmax", {"axis": 3}, (N, 5, 3)),
    # noise and regularisation
    ("GaussianNoise", {"stddev": 0.1}, (N, 5, 3)),
    ("GaussianNoise", {"stddev": 0.1, "seed": 3}, (N, 4)),
    ("GaussianNoise", {"stddev": -0.1}, (N, 4)),
    ("GaussianDropout", {"rate": 0.3}, (N, 5, 3)),
    ("GaussianDropout", {"rate": 1.5}, (N, 5, 3)),
    ("GaussianDropout", {"rate": 1.0}, (N, 5, 3)),
    ("GaussianDropout", {"rate": -0.1}, (N, 5, 3)),
    ("AlphaDropout", {"rate": 0.2}, (N, 5, 3)),
    ("AlphaDropout", {"rate": 0.2, "noise_shape": (N, 1, 3), "seed": 1}, (N, 5, 3)),
    ("AlphaDropout", {"rate": 1.0}, (N, 5, 3)),
    ("AlphaDropout", {"rate": -0.5}, (N, 5, 3)),
    ("ActivityRegularization", {}, (N, 5, 3)),
    ("ActivityRegularization", {"l1": 0.01, "l2": 0.001}, (N, 4)),
    ("ActivityRegularization", {"l1": -1.0}, (N, 4)),
    # shape
    ("Permute", {"dims": (2, 1)}, (N, 5, 3)),
    ("Permute", {"dims": (1, 2)}, (N, 5, 3)),
    ("Permute", {"dims": (3, 1, 2)}, (N, 4, 5, 3)),
    ("Permute", {"dims": (2, 1)}, (N, N, 3)),
    ("Permute", {"dims": (1, 1)}, (N, 5, 3)),
    ("Permute", {"dims": (0, 1)}, (N, 5, 3)),
    ("Permute", {"dims": (2, 3)}, (N, 5, 3)),
    ("Permute", {"dims": (2, 1)}, (N, 4, 5, 3)),
    ("Permute", {"dims": (2, 1, 3)}, (N, 5, 3)),
    ("Identity", {}, (N, 5, 3)),
    ("Identity", {}, (N, 4)),
    # N-D convolutions (convnd family)
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same"}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": (2, 1)}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2, "use_bias": False}, (N, 9, 8, 4)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, (N, 2, 9, 8)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first", "padding": "same", "strides": 2}, (N, 2, 9, 8)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (N, N, N, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 10}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (N, 9, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (N, 5, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": (3, 3, 3)}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 0, "kernel_size": 3}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 4, "kernel_size": 0}, (N, 9, 8, 2)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "groups": 2}, (N, 9, 8, 4)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2}, (N, 9, 8, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (N, 9, 8, N)),
    ("Convolution2D", {"filters": 4, "kernel_size": 2}, (N, 5, 5, 1)),
    ("Convolution1D", {"filters": 4, "kernel_size": 2, "padding": "causal"}, (N, 5, 1)),
    ("Conv3D", {"filters": 3, "kernel_size": 2}, (N, 4, 5, 6, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": (3, 3, 3), "padding": "same", "strides": (1, 2, 2)}, (N, 4, 5, 6, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": 2, "data_format": "channels_first", "dilation_rate": 2}, (N, 2, 4, 5, 6)),
    ("Conv3D", {"filters": 3, "kernel_size": 5}, (N, 4, 5, 6, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": 2}, (N, 5, 6, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": (2, 2)}, (N, 4, 5, 6, 2)),
    ("Convolution3D", {"filters": 2, "kernel_size": 1, "use_bias": False}, (N, 3, 3, 3, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 3, "output_padding": 1}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 2, "strides": 3}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "data_format": "channels_first"}, (N, 2, 7)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 2}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (N, 7, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3}, (N, 7)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3}, (N, N, 2)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3}, (N, 5, 7, 2)),
    ("Convolution1DTranspose", {"filters": 2, "kernel_size": 2}, (N, 3, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2}, (N, 4, 5, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same", "use_bias": False},
      (N, 4, 5, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 4, "strides": 2, "padding": "same", "output_padding": 1}, (N, 4, 5, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "data_format": "channels_first"}, (N, 2, 4, 5)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (N, 4, 5, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3}, (N, 4, 2)),
    ("Convolution2DTranspose", {"filters": 2, "kernel_size": 2}, (N, 3, 3, 1)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 2, "strides": 2}, (N, 2, 3, 4, 1)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "padding": "same", "data_format": "channels_first"}, (N, 1, 2, 3, 4)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "strides": (1, 2, 3), "output_padding": (0, 1, 2)}, (N, 2, 3, 4, 1)),
    ("Convolution3DTranspose", {"filters": 2, "kernel_size": 1}, (N, 2, 2, 2, 1)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3}, (N, 10, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2, "padding": "same", "strides": 2}, (N, 10, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "use_bias": False, "data_format": "channels_first"},
      (N, 3, 10)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 11}, (N, 10, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (N, 10, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 0}, (N, 10, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (N, 10, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3}, (N, 10)),
    ("SeparableConvolution1D", {"filters": 2, "kernel_size": 2}, (N, 4, 2)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, (N, 6, 7, 3)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": (3, 1), "depth_multiplier": 3, "padding": "same", "strides": (2, 2)},
      (N, 6, 7, 3)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first", "dilation_rate": 2}, (N, 3, 6, 7)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (N, 6, 7, 3)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 8}, (N, 6, 7, 3)),
    ("SeparableConvolution2D", {"filters": 2, "kernel_size": 2}, (N, 3, 3, 2)),
    ("DepthwiseConv1D", {"kernel_size": 3}, (N, 10, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2, "padding": "same", "strides": 2, "use_bias": False},
      (N, 10, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "dilation_rate": 3, "data_format": "channels_first"}, (N, 3, 10)),
    ("DepthwiseConv1D", {"kernel_size": 12}, (N, 10, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "strides": 2, "dilation_rate": 2}, (N, 10, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "padding": "causal"}, (N, 10, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": -1}, (N, 10, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (N, 6, 7, 3)),
    ("DepthwiseConv2D", {"kernel_size": (2, 3), "depth_multiplier": 2, "padding": "same", "strides": 2}, (N, 6, 7, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3, "data_format": "channels_first", "dilation_rate": 2}, (N, 3, 6, 7)),
    ("DepthwiseConv2D", {"kernel_size": 7}, (N, 6, 7, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (N, 6, 7)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (N, 6, 7, N)),
    # convolutional LSTMs (convlstm family)
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "same", "return_sequences": True}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": (3, 2), "strides": (2, 1), "return_state": True}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "use_bias": False}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first", "return_sequences": True}, (N, 5, 2, 8, 8)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first", "return_state": True, "padding": "same"},
      (N, 5, 2, 8, 7)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "stateful": True}, (3, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "stateful": True}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (N, N, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (N, 5, N, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (N, 5, 8, 8, N)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 9}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (N, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": (3, 3, 3)}, (N, 5, 8, 8, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "go_backwards": True, "unit_forget_bias": False, "trainable": False},
      (N, 5, 8, 8, 2)),
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3}, (N, 4, 9, 2)),
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3, "padding": "same", "return_sequences": True, "return_state": True},
      (N, 4, 9, 2)),
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3, "data_format": "channels_first", "strides": 2}, (N, 4, 2, 9)),
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3}, (N, 4, 9, 2, 1)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 2}, (N, 3, 4, 4, 4, 1)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 3, "padding": "same", "return_sequences": True, "data_format": "channels_first"},
      (N, 3, 1, 4, 4, 4)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 2}, (N, 3, 4, 4, 1)),
    # cells family (helper/cells): RNN over cells, Dot, Lambda, Normalization, GroupNormalization,
    # UnitNormalization
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4}, "return_sequences": True}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "GRUCell", "units": 4}, "return_state": True}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "GRUCell", "units": 4, "reset_after": False}}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "SimpleRNNCell", "units": 4, "use_bias": False}, "return_state": True,
             "return_sequences": True}, (N, 5, 3)),
    ("RNN", {"cell": [{"type": "LSTMCell", "units": 4}, {"type": "GRUCell", "units": 2},
                      {"type": "SimpleRNNCell", "units": 3}], "return_state": True}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "StackedRNNCells", "cells": [{"type": "LSTMCell", "units": 4},
                                                           {"type": "LSTMCell", "units": 2}]}}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4}}, (N, 5, 3, 2)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4}}, (N, 3)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4}}, (N, 5, N)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4}, "stateful": True}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4}, "stateful": True}, (2, 5, 3)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 4, "trainable": False}}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 0}}, (N, 5, 3)),
    ("RNN", {"cell": {"type": "SimpleRNNCell", "units": 4}, "go_backwards": True, "unroll": True}, (N, 5, 3)),
    ("Bidirectional", {"layer": ("RNN", {"cell": {"type": "LSTMCell", "units": 4}})}, (N, 5, 3)),
    ("TimeDistributed", {"layer": ("RNN", {"cell": {"type": "GRUCell", "units": 4}})}, (N, 2, 5, 3)),
    ("Dot", {"axes": 1}, [(N, 5), (N, 5)]),
    ("Dot", {"axes": [2, 2]}, [(N, 5, 3), (N, 4, 3)]),
    ("Dot", {"axes": -1, "normalize": True}, [(N, 5, 3), (N, 4, 3)]),
    ("Dot", {"axes": [1, 2]}, [(N, 5), (N, 4, 5)]),
    ("Dot", {"axes": 3}, [(N, 5, 3, 2), (N, 5, 3, 2)]),
    ("Dot", {"axes": 1}, [(N, 5, 3), (N, 4, 3)]),
    ("Dot", {"axes": 1}, [(N, N), (N, 5)]),
    ("Dot", {"axes": 1}, [(N, 5), (N, 5), (N, 5)]),
    ("Dot", {"axes": [1, 2, 3]}, [(N, 5), (N, 5)]),
    ("Dot", {"axes": 0}, [(N, 5), (N, 5)]),
    ("Dot", {"axes": [1, 0]}, [(N, 5, 3), (N, 5)]),
    ("Lambda", {"output_shape": [8]}, (N, 5, 8)),
    ("Lambda", {"output_shape": [N, 2]}, (N, 5, 8)),
    ("Normalization", {}, (N, 5, 3)),
    ("Normalization", {"axis": None}, (N, 5, 3)),
    ("Normalization", {"axis": [1, 2]}, (N, 5, 3)),
    ("Normalization", {"mean": 0.5, "variance": 2.0}, (N, 5, 3)),
    ("Normalization", {"mean": [0.5, 1.0, 2.0], "variance": [2.0, 1.0, 3.0], "invert": True}, (N, 5, 3)),
    ("Normalization", {"mean": 0.5}, (N, 5, 3)),
    ("Normalization", {}, (N, 5, N)),
    ("Normalization", {"axis": 3}, (N, 5, 3)),
    ("GroupNormalization", {"groups": 4}, (N, 5, 8)),
    ("GroupNormalization", {}, (N, 5, 8)),
    ("GroupNormalization", {"groups": 3}, (N, 5, 8)),
    ("GroupNormalization", {"groups": -1, "center": False}, (N, 5, 8)),
    ("GroupNormalization", {"groups": 0}, (N, 5, 8)),
    ("GroupNormalization", {"groups": 2, "axis": 1, "scale": False}, (N, 6, 8)),
    ("GroupNormalization", {"groups": 2}, (N, 8)),
    ("GroupNormalization", {"groups": 2}, (N, 5, N)),
    ("UnitNormalization", {}, (N, 5, 8)),
    ("UnitNormalization", {"axis": [1, 2]}, (N, 5, 8)),
    ("UnitNormalization", {"axis": 3}, (N, 5, 8)),
    ("RNN", {"cell": {"type": "SimpleRNNCell", "units": 4}}, (3, 5)),
    ("RNN", {"cell": {"type": "GRUCell", "units": 4}, "return_sequences": True}, (N, 5, 3, 2)),
    ("RNN", {"cell": [{"type": "LSTMCell", "units": 4}, {"type": "LSTMCell", "units": 0}]}, (N, 5, 3)),
    ("GroupNormalization", {"groups": 2, "axis": -2}, (N, 6, 8)),
    ("GroupNormalization", {"groups": 2, "axis": 3}, (N, 6, 8)),
    ("Normalization", {"axis": [1, 2], "mean": [[1.0, 2.0]], "variance": [[1.0, 2.0]]}, (N, 5, 2)),
    ("Normalization", {"axis": 1, "mean": [1.0, 2.0], "variance": [1.0, 2.0]}, (N, 5, 2)),
    ("Normalization", {"mean": [[1.0]], "variance": [[1.0]]}, (N, 5, 2)),
    ("Normalization", {"mean": [1.0, 2.0], "variance": [1.0]}, (N, 5, 2)),
    ("Normalization", {"dtype": "float16"}, (N, 5, 2)),
    ("Lambda", {"output_shape": []}, (N, 5, 2)),
    ("Dot", {"axes": 2, "normalize": True}, [(N, 5, 3), (N, 5, 3)]),
    ("Dot", {"axes": [2, 1]}, [(N, 5, 3), (N, 3, 4, 2)]),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 3}, "dtype": "float16"}, (N, 5, 2)),
    ("RNN", {"cell": {"type": "LSTMCell", "units": 3, "dtype": "float16"}}, (N, 5, 2)),
]


def make(kind: str, args: dict) -> keras.layers.Layer:
    built = {}
    for key, value in args.items():
        built[key] = make(*value) if key == "layer" else make_cell(value) if key == "cell" else value
    if kind == "Lambda":  # lstmcalc reads no function: any function, the shape comes from output_shape
        built.setdefault("function", lambda x: x)
        if isinstance(built.get("output_shape"), list):  # a spec's list is a Keras config's tuple
            built["output_shape"] = tuple(built["output_shape"])
    return getattr(keras.layers, kind)(**built)


def make_cell(value):  # type: ignore[no-untyped-def]
    """A Keras RNN cell (or list of cells) from the spec's `cell:` form {type: LSTMCell, ...}."""
    if isinstance(value, list):
        return [make_cell(v) for v in value]
    args = dict(value)
    kind = args.pop("type")
    if kind == "StackedRNNCells":
        args["cells"] = make_cell(args.get("cells", []))
    return getattr(keras.layers, kind)(**args)


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
    outs = keras.tree.flatten(out)  # an RNN of stacked cells returns its states nested per cell
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
