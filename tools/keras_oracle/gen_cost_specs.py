"""Write tests/cost/specs/*.yaml: small models, every fixed size known, one per layer type and
argument variant that changes a layer's matrix-product count (no TensorFlow needed).

    python tools/keras_oracle/gen_cost_specs.py

tools/keras_oracle/profiler_flops.py then counts their float ops with TensorFlow's profiler and
tests/test_cost_profiler.py compares lstmcalc's MACs with those counts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[2] / "tests" / "cost" / "specs"


def seq(shape: list[int], *layers: dict, dtype: str | None = None) -> dict:
    first = {"type": "Input", "shape": shape, **({"dtype": dtype} if dtype else {})}
    return {"layers": [first, *layers]}


def one(shape: list[int], kind: str, **args: object) -> dict:
    return seq(shape, {"type": kind, **args})


RNN = ("LSTM", "GRU", "SimpleRNN")
CASES: dict[str, dict] = {
    # --- Dense and Embedding
    "dense_2d": one([8], "Dense", units=4),
    "dense_2d_nobias": one([8], "Dense", units=4, use_bias=False),
    "dense_3d": one([5, 8], "Dense", units=4),
    "dense_4d": one([3, 5, 8], "Dense", units=4),
    "dense_lora": one([8], "Dense", units=4, lora_rank=2),
    "dense_lora_3d": one([5, 8], "Dense", units=6, lora_rank=3),
    "embedding": one([6], "Embedding", input_dim=20, output_dim=5),
    "embedding_lora": one([6], "Embedding", input_dim=20, output_dim=5, lora_rank=2),
    "embedding_dense": seq([6], {"type": "Embedding", "input_dim": 20, "output_dim": 5},
                           {"type": "Dense", "units": 3}),
}
for kind in RNN:
    low = kind.lower()
    CASES[f"{low}_last"] = one([7, 5], kind, units=4)
    CASES[f"{low}_sequences"] = one([7, 5], kind, units=4, return_sequences=True)
    CASES[f"{low}_backwards"] = one([7, 5], kind, units=4, go_backwards=True)
    CASES[f"{low}_state"] = one([7, 5], kind, units=4, return_state=True, return_sequences=True)
    CASES[f"{low}_masking"] = seq([7, 5], {"type": "Masking"}, {"type": kind, "units": 4})
    CASES[f"{low}_mask_zero"] = seq([7], {"type": "Embedding", "input_dim": 10, "output_dim": 3, "mask_zero": True},
                                    {"type": kind, "units": 4})
    CASES[f"{low}_stacked"] = seq([6, 3], {"type": kind, "units": 5, "return_sequences": True},
                                  {"type": kind, "units": 2})
CASES.update({
    "lstm_implementation1": one([7, 5], "LSTM", units=4, implementation=1),
    "gru_reset_before": one([7, 5], "GRU", units=4, reset_after=False),
    "gru_reset_before_seq": one([7, 5], "GRU", units=4, reset_after=False, return_sequences=True),
    "lstm_initial_state": {"layers": [
        {"type": "Input", "shape": [6, 3], "name": "x"},
        {"type": "Input", "shape": [4], "name": "h"},
        {"type": "Input", "shape": [4], "name": "c"},
        {"type": "LSTM", "units": 4, "inputs": "x", "initial_state": ["h", "c"]}]},
    # --- RNN over cells
    "rnn_lstmcell": one([6, 3], "RNN", cell={"type": "LSTMCell", "units": 4}),
    "rnn_grucell": one([6, 3], "RNN", cell={"type": "GRUCell", "units": 4}),
    "rnn_grucell_reset_before": one([6, 3], "RNN", cell={"type": "GRUCell", "units": 4, "reset_after": False},
                                    return_sequences=True),
    "rnn_simplecell": one([6, 3], "RNN", cell={"type": "SimpleRNNCell", "units": 4}, go_backwards=True),
    "rnn_stacked_cells": one([6, 3], "RNN", cell={"type": "StackedRNNCells", "cells": [
        {"type": "LSTMCell", "units": 4}, {"type": "GRUCell", "units": 2}]}, return_sequences=True),
    "rnn_cell_list": one([6, 3], "RNN", cell=[{"type": "SimpleRNNCell", "units": 5},
                                              {"type": "LSTMCell", "units": 2}]),
    "rnn_stacked_state": one([6, 3], "RNN", cell={"type": "StackedRNNCells", "cells": [
        {"type": "GRUCell", "units": 3}, {"type": "SimpleRNNCell", "units": 2}]}, return_state=True),
    # --- Bidirectional
    "bidi_lstm_concat": one([6, 4], "Bidirectional", layer={"type": "LSTM", "units": 3}),
    "bidi_lstm_sum_seq": one([6, 4], "Bidirectional", layer={"type": "LSTM", "units": 3, "return_sequences": True},
                             merge_mode="sum"),
    "bidi_gru_mul": one([6, 4], "Bidirectional", layer={"type": "GRU", "units": 3}, merge_mode="mul"),
    "bidi_gru_reset_before_ave": one([6, 4], "Bidirectional",
                                     layer={"type": "GRU", "units": 3, "reset_after": False}, merge_mode="ave"),
    "bidi_simplernn_none": one([6, 4], "Bidirectional",
                               layer={"type": "SimpleRNN", "units": 3, "return_sequences": True}, merge_mode=None),
    "bidi_backward_layer": one([6, 4], "Bidirectional", layer={"type": "LSTM", "units": 3, "return_sequences": True},
                               backward_layer={"type": "LSTM", "units": 3, "return_sequences": True,
                                               "go_backwards": True}),
    "bidi_backward_gru": one([6, 4], "Bidirectional", layer={"type": "GRU", "units": 5},
                             backward_layer={"type": "GRU", "units": 5, "go_backwards": True, "reset_after": False}),
    "bidi_return_state": one([6, 4], "Bidirectional",
                             layer={"type": "LSTM", "units": 3, "return_state": True}),
    "bidi_rnn_cell": one([6, 4], "Bidirectional", layer={"type": "RNN", "cell": {"type": "GRUCell", "units": 3},
                                                         "return_sequences": True}),
    "bidi_masked": seq([6], {"type": "Embedding", "input_dim": 10, "output_dim": 4, "mask_zero": True},
                       {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 3}}),
    "bidi_stacked": seq([6, 4], {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 3,
                                                                   "return_sequences": True}},
                        {"type": "Bidirectional", "layer": {"type": "GRU", "units": 2}}),
    # --- TimeDistributed
    "td_dense": one([5, 6], "TimeDistributed", layer={"type": "Dense", "units": 3}),
    "td_dense_3d": one([5, 4, 6], "TimeDistributed", layer={"type": "Dense", "units": 3}),
    "td_conv1d": one([4, 9, 3], "TimeDistributed", layer={"type": "Conv1D", "filters": 2, "kernel_size": 3}),
    "td_conv2d": one([3, 6, 6, 2], "TimeDistributed",
                     layer={"type": "Conv2D", "filters": 4, "kernel_size": 3, "strides": 2}),
    "td_lstm": one([3, 5, 4], "TimeDistributed", layer={"type": "LSTM", "units": 2}),
    "td_after_lstm": seq([5, 4], {"type": "LSTM", "units": 6, "return_sequences": True},
                         {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 2}}),
    # --- ConvLSTM
    "convlstm1d": one([4, 8, 2], "ConvLSTM1D", filters=3, kernel_size=3),
    "convlstm1d_same_seq": one([4, 8, 2], "ConvLSTM1D", filters=3, kernel_size=3, padding="same",
                               return_sequences=True),
    "convlstm1d_strides": one([4, 9, 2], "ConvLSTM1D", filters=3, kernel_size=3, strides=2),
    "convlstm2d": one([3, 6, 6, 2], "ConvLSTM2D", filters=2, kernel_size=3),
    "convlstm2d_same": one([3, 6, 6, 2], "ConvLSTM2D", filters=2, kernel_size=3, padding="same",
                           return_sequences=True),
    "convlstm2d_strides": one([3, 7, 7, 2], "ConvLSTM2D", filters=2, kernel_size=3, strides=2),
    "convlstm2d_dilation": one([3, 8, 8, 2], "ConvLSTM2D", filters=2, kernel_size=3, dilation_rate=2),
    "convlstm2d_backwards": one([3, 6, 6, 2], "ConvLSTM2D", filters=2, kernel_size=[3, 2], go_backwards=True),
    "convlstm3d": one([2, 4, 4, 4, 1], "ConvLSTM3D", filters=2, kernel_size=3),
    "convlstm3d_same": one([2, 4, 4, 4, 1], "ConvLSTM3D", filters=2, kernel_size=2, padding="same"),
})
# --- convolutions
for rank, shape in ((1, [12, 4]), (2, [9, 9, 4]), (3, [6, 6, 6, 2])):
    c = f"Conv{rank}D"
    low = f"conv{rank}d"
    CASES[f"{low}_valid"] = one(shape, c, filters=4, kernel_size=3)
    CASES[f"{low}_same"] = one(shape, c, filters=4, kernel_size=3, padding="same")
    CASES[f"{low}_strides"] = one(shape, c, filters=4, kernel_size=3, strides=2)
    CASES[f"{low}_dilation"] = one(shape, c, filters=4, kernel_size=2, dilation_rate=2)
    CASES[f"{low}_groups"] = one(shape, c, filters=4, kernel_size=3, groups=2)
    if rank == 2:
        CASES[f"{low}_nobias"] = one(shape, c, filters=4, kernel_size=2, use_bias=False)
    CASES[f"{low}_channels_first"] = one(shape, c, filters=4, kernel_size=2, data_format="channels_first")
    t = f"Conv{rank}DTranspose"
    tlow = f"conv{rank}d_transpose"
    tshape = shape if rank < 3 else [4, 4, 4, 2]
    CASES[f"{tlow}_valid"] = one(tshape, t, filters=3, kernel_size=3)
    CASES[f"{tlow}_same_strides"] = one(tshape, t, filters=3, kernel_size=3, strides=2, padding="same")
    CASES[f"{tlow}_valid_strides"] = one(tshape, t, filters=3, kernel_size=3, strides=2)
    CASES[f"{tlow}_kernel_eq_strides"] = one(tshape, t, filters=3, kernel_size=2, strides=2)
CASES.update({
    "conv1d_causal": one([12, 3], "Conv1D", filters=4, kernel_size=3, padding="causal"),
    "conv2d_rect": one([9, 7, 4], "Conv2D", filters=5, kernel_size=[3, 1], strides=[2, 1]),
    "conv2d_groups4_same": one([8, 8, 4], "Conv2D", filters=8, kernel_size=3, groups=4, padding="same"),
    "conv1d_transpose_output_padding": one([12, 3], "Conv1DTranspose", filters=3, kernel_size=3, strides=2,
                                           output_padding=1),
    "conv2d_transpose_dilation": one([9, 9, 4], "Conv2DTranspose", filters=3, kernel_size=3, dilation_rate=2),
    "depthwise1d": one([12, 3], "DepthwiseConv1D", kernel_size=3),
    "depthwise1d_multiplier_strides": one([12, 3], "DepthwiseConv1D", kernel_size=3, depth_multiplier=2,
                                          strides=2),
    "depthwise1d_dilation": one([12, 3], "DepthwiseConv1D", kernel_size=3, dilation_rate=2),
    "depthwise2d": one([9, 9, 4], "DepthwiseConv2D", kernel_size=3),
    "depthwise2d_multiplier_same": one([9, 9, 4], "DepthwiseConv2D", kernel_size=3, depth_multiplier=3,
                                       padding="same"),
    "depthwise2d_strides": one([9, 9, 4], "DepthwiseConv2D", kernel_size=3, strides=2),
    "depthwise2d_dilation": one([9, 9, 4], "DepthwiseConv2D", kernel_size=3, dilation_rate=2),
    "depthwise2d_dilation_same": one([9, 9, 4], "DepthwiseConv2D", kernel_size=3, dilation_rate=2,
                                     padding="same"),
    "separable1d": one([12, 3], "SeparableConv1D", filters=4, kernel_size=3),
    "separable1d_multiplier_strides": one([12, 3], "SeparableConv1D", filters=4, kernel_size=3,
                                          depth_multiplier=2, strides=2),
    "separable2d": one([9, 9, 4], "SeparableConv2D", filters=5, kernel_size=3),
    "separable2d_same_multiplier": one([9, 9, 4], "SeparableConv2D", filters=5, kernel_size=3, padding="same",
                                       depth_multiplier=2),
    "separable2d_strides": one([9, 9, 4], "SeparableConv2D", filters=5, kernel_size=3, strides=2),
    "separable2d_dilation": one([9, 9, 4], "SeparableConv2D", filters=5, kernel_size=3, dilation_rate=2),
})


# --- attention
def two(q: list[int], v: list[int], layer: dict, k: list[int] | None = None) -> dict:
    layers: list[dict] = [{"type": "Input", "shape": q, "name": "q"}, {"type": "Input", "shape": v, "name": "v"}]
    refs = ["q", "v"]
    if k is not None:
        layers.append({"type": "Input", "shape": k, "name": "k"})
        refs.append("k")
    return {"layers": [*layers, {**layer, "inputs": refs}]}


CASES.update({
    "attention_dot": two([4, 6], [5, 6], {"type": "Attention"}),
    "attention_dot_scale": two([4, 6], [5, 6], {"type": "Attention", "use_scale": True}),
    "attention_dot_key": two([4, 6], [5, 3], {"type": "Attention"}, k=[5, 6]),
    "attention_concat": two([4, 6], [5, 6], {"type": "Attention", "score_mode": "concat"}),
    "attention_concat_scale": two([4, 6], [5, 6], {"type": "Attention", "score_mode": "concat",
                                                   "use_scale": True}),
    "attention_self": seq([7, 4], {"type": "Attention", "inputs": ["input_layer", "input_layer"]}),
    "additive": two([4, 6], [5, 6], {"type": "AdditiveAttention"}),
    "additive_noscale": two([4, 6], [5, 6], {"type": "AdditiveAttention", "use_scale": False}),
    "additive_key": two([4, 6], [5, 3], {"type": "AdditiveAttention"}, k=[5, 6]),
    "mha_self": seq([5, 8], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                             "inputs": ["input_layer", "input_layer"]}),
    "mha_cross": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 3, "key_dim": 2}),
    "mha_key": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3}, k=[6, 7]),
    "mha_value_dim": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                          "value_dim": 4}),
    "mha_output_shape": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                             "output_shape": 7}),
    "mha_output_shape_2d": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                                "output_shape": [2, 3]}),
    "mha_nobias": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                       "use_bias": False}),
    "mha_axes_4d": two([3, 4, 8], [3, 5, 8], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                              "attention_axes": [2]}),
    "mha_axes_default_4d": two([3, 4, 8], [2, 5, 8], {"type": "MultiHeadAttention", "num_heads": 2,
                                                      "key_dim": 3}),
    "mha_axes_both_4d": two([3, 4, 8], [2, 5, 8], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                                   "attention_axes": [1, 2]}),
    "mha_gate": two([4, 8], [6, 5], {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 3,
                                     "use_gate": True}),
    "dot_2d": two([6], [6], {"type": "Dot", "axes": 1}),
    "dot_3d_features": two([4, 6], [5, 6], {"type": "Dot", "axes": [2, 2]}),
    "dot_3d_time": two([4, 6], [4, 3], {"type": "Dot", "axes": [1, 1]}),
    "dot_normalize": two([4, 6], [5, 6], {"type": "Dot", "axes": 2, "normalize": True}),
    # --- graphs
    "graph_shared_lstm": {"layers": [
        {"type": "Input", "shape": [6, 4], "name": "a"},
        {"type": "Input", "shape": [6, 4], "name": "b"},
        {"type": "LSTM", "units": 3, "inputs": "a"},
        {"call": "lstm", "inputs": "b"},
        {"type": "Concatenate", "inputs": ["lstm", "lstm@1"]},
        {"type": "Dense", "units": 2}]},
    "graph_shared_dense_three": {"layers": [
        {"type": "Input", "shape": [5], "name": "a"},
        {"type": "Dense", "units": 5, "name": "d", "inputs": "a"},
        {"call": "d", "inputs": "d"},
        {"call": "d", "inputs": "d@1"},
        {"type": "Dense", "units": 2}]},
    "graph_shared_conv": {"layers": [
        {"type": "Input", "shape": [8, 8, 2], "name": "a"},
        {"type": "Input", "shape": [6, 6, 2], "name": "b"},
        {"type": "Conv2D", "filters": 3, "kernel_size": 3, "name": "c", "inputs": "a"},
        {"call": "c", "inputs": "b"},
        {"type": "GlobalAveragePooling2D", "inputs": "c"},
        {"type": "GlobalAveragePooling2D", "inputs": "c@1"},
        {"type": "Add", "inputs": ["global_average_pooling2d", "global_average_pooling2d_1"]}]},
    "graph_nested_sequential": {"layers": [
        {"type": "Input", "shape": [6, 4]},
        {"type": "LSTM", "units": 5, "return_sequences": True},
        {"type": "Sequential", "name": "head", "layers": [
            {"type": "GRU", "units": 3}, {"type": "Dense", "units": 2}]}]},
    "graph_nested_functional_shared": {"layers": [
        {"type": "Input", "shape": [6, 4], "name": "a"},
        {"type": "Input", "shape": [6, 4], "name": "b"},
        {"type": "Functional", "name": "enc", "inputs": "a", "layers": [
            {"type": "Input", "shape": [6, 4]}, {"type": "SimpleRNN", "units": 3}, {"type": "Dense", "units": 2}]},
        {"call": "enc", "inputs": "b"},
        {"type": "Concatenate", "inputs": ["enc", "enc@1"]}]},
    "graph_encoder_decoder": {"layers": [
        {"type": "Input", "shape": [7, 5], "name": "enc_in"},
        {"type": "LSTM", "units": 4, "return_state": True, "name": "enc"},
        {"type": "Input", "shape": [3, 6], "name": "dec_in"},
        {"type": "LSTM", "units": 4, "return_sequences": True, "name": "dec", "inputs": "dec_in",
         "initial_state": ["enc[1]", "enc[2]"]},
        {"type": "Dense", "units": 6, "inputs": "dec[0]"}],
        "outputs": ["dense"]},
    "graph_attention_seq2seq": {"layers": [
        {"type": "Input", "shape": [7, 5], "name": "src"},
        {"type": "GRU", "units": 4, "return_sequences": True, "name": "enc"},
        {"type": "Input", "shape": [3, 5], "name": "tgt"},
        {"type": "GRU", "units": 4, "return_sequences": True, "name": "dec", "inputs": "tgt"},
        {"type": "Attention", "inputs": ["dec", "enc"]},
        {"type": "Concatenate", "inputs": ["dec", "attention"]},
        {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 5}}]},
    "graph_conv_lstm_pipeline": seq([10, 6], {"type": "Conv1D", "filters": 4, "kernel_size": 3},
                                    {"type": "MaxPooling1D"}, {"type": "LSTM", "units": 3},
                                    {"type": "Dense", "units": 2}),
})


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.yaml"):
        old.unlink()
    for name, spec in CASES.items():
        text = yaml.safe_dump({"name": name, **spec}, sort_keys=False, default_flow_style=None, width=100)
        (OUT / f"{name}.yaml").write_text(text)
    print(f"{len(CASES)} specs in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
