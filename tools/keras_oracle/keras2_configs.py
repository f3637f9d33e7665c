"""Save tf.keras 2 recurrent models as Keras 2 wrote them: `model.to_json()` and `.h5` files.

    /tmp/k2env/bin/python tools/keras_oracle/keras2_configs.py tests/fixtures

run in a throwaway tf.keras 2 venv (tf_keras 2.21 is the tf.keras 2 of TensorFlow <= 2.15):

    python -m venv /tmp/k2env && /tmp/k2env/bin/pip install tensorflow-cpu==2.21.0 tf_keras==2.21.0 h5py

Each model below is written as FOLDER/keras2_configs/NAME.json (`model.to_json()`) and
FOLDER/keras2_h5/NAME.h5 (`model.save(..., save_format="h5")`, weights included, so the
models are tiny). tools/keras_oracle/keras2_in_keras3.py then records what Keras 3 makes
of each file. lstmcalc never depends on TensorFlow; this is a one-off in a throwaway venv.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tf_keras as keras
from tf_keras import layers as L

MODELS: dict[str, Callable[[], keras.Model]] = {}


def model(build: Callable[[], keras.Model]) -> Callable[[], keras.Model]:
    MODELS[build.__name__] = build
    return build


@model
def seq_input_shape() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(10, 3)), L.Dense(1, activation="sigmoid")])


@model
def seq_batch_input_shape_stateful() -> keras.Model:
    return keras.Sequential([L.GRU(4, batch_input_shape=(2, 10, 3), stateful=True, return_sequences=True),
                             L.SimpleRNN(2, stateful=True), L.Dense(1)], name="stateful_gru")


@model
def seq_input_dim_length() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_dim=3, input_length=10, return_sequences=True), L.LSTM(2)])


@model
def seq_input_shape_none_steps() -> keras.Model:
    return keras.Sequential([L.SimpleRNN(3, input_shape=(None, 2)), L.Dense(2, activation="softmax")])


@model
def seq_input_layer() -> keras.Model:
    return keras.Sequential([keras.Input(shape=(6, 2)), L.LSTM(3, return_sequences=True),
                             L.TimeDistributed(L.Dense(2))])


@model
def seq_embedding_mask_zero() -> keras.Model:
    return keras.Sequential([L.Embedding(50, 4, input_length=10, mask_zero=True), L.LSTM(3), L.Dense(1)])


@model
def seq_embedding_no_length() -> keras.Model:
    m = keras.Sequential([L.Embedding(30, 4), L.GRU(3), L.Dense(1)])
    m.build((None, 7))
    return m


@model
def seq_batchnorm_3d() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(10, 3), return_sequences=True), L.BatchNormalization(),
                             L.LSTM(2)])


@model
def seq_batchnorm_2d() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(10, 3)), L.BatchNormalization(), L.Dense(1)])


@model
def seq_batchnorm_axis_1() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(10, 3), return_sequences=True), L.BatchNormalization(axis=1),
                             L.GRU(2)])


@model
def seq_layernorm() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(10, 3), return_sequences=True), L.LayerNormalization(),
                             L.GRU(2), L.LayerNormalization(axis=-1)])


@model
def seq_conv_pool() -> keras.Model:
    return keras.Sequential([L.Conv1D(4, 3, activation="relu", input_shape=(12, 2)), L.MaxPooling1D(2),
                             L.Conv1D(3, 2, padding="same"), L.AveragePooling1D(), L.LSTM(3),
                             L.Dense(1)])


@model
def seq_conv_global_pool() -> keras.Model:
    return keras.Sequential([L.Input(shape=(8, 2)), L.GRU(3, return_sequences=True),
                             L.Conv1D(2, 2, strides=2), L.GlobalAveragePooling1D(), L.Dense(1)])


@model
def seq_dropout() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(5, 3), dropout=0.2, recurrent_dropout=0.1,
                                    return_sequences=True),
                             L.Dropout(0.5), L.SpatialDropout1D(0.1), L.LSTM(2), L.Dropout(0.3), L.Dense(1)])


@model
def seq_regularized() -> keras.Model:
    return keras.Sequential([
        L.LSTM(3, input_shape=(5, 2), kernel_regularizer=keras.regularizers.l2(0.01),
               recurrent_regularizer=keras.regularizers.l1_l2(0.01, 0.02), bias_regularizer="l1",
               activity_regularizer=keras.regularizers.l1(0.001),
               kernel_initializer=keras.initializers.HeNormal(seed=1), recurrent_initializer="identity",
               bias_initializer=keras.initializers.Constant(0.1), unit_forget_bias=False,
               kernel_constraint=keras.constraints.MaxNorm(3), recurrent_constraint="non_neg",
               bias_constraint=keras.constraints.UnitNorm()),
        L.Dense(2, kernel_initializer=keras.initializers.RandomNormal(stddev=0.01),
                kernel_regularizer=keras.regularizers.L2(0.001))])


@model
def seq_gru_reset_after_false() -> keras.Model:
    return keras.Sequential([L.GRU(4, input_shape=(6, 3), reset_after=False, return_sequences=True),
                             L.GRU(2, reset_after=True)])


@model
def seq_cudnn_free() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(6, 3), activation="relu", recurrent_activation="hard_sigmoid",
                                    implementation=1, unroll=True, return_sequences=True),
                             L.GRU(3, recurrent_activation="sigmoid", use_bias=False, implementation=1,
                                   go_backwards=True),
                             L.Dense(1, use_bias=False)])


@model
def seq_masking() -> keras.Model:
    return keras.Sequential([L.Masking(mask_value=0.0, input_shape=(7, 3)), L.LSTM(3, return_sequences=True),
                             L.TimeDistributed(L.Dense(2, activation="softmax"))])


@model
def seq_bidirectional() -> keras.Model:
    return keras.Sequential([L.Bidirectional(L.LSTM(3, return_sequences=True), input_shape=(6, 2)),
                             L.Bidirectional(L.GRU(2, return_sequences=True), merge_mode="sum"),
                             L.Bidirectional(L.SimpleRNN(2), merge_mode="ave"), L.Dense(1)])


@model
def seq_bidirectional_inner_shape() -> keras.Model:
    m = keras.Sequential([L.Bidirectional(L.LSTM(3, input_shape=(6, 2)), merge_mode="mul"), L.Dense(1)])
    m.build((None, 6, 2))  # the inner input_shape is not the model's: without this it has no weights
    return m


@model
def seq_repeat_vector() -> keras.Model:
    return keras.Sequential([L.LSTM(4, input_shape=(5, 2)), L.RepeatVector(3), L.LSTM(4, return_sequences=True),
                             L.TimeDistributed(L.Dense(2))])


@model
def seq_trainable_false() -> keras.Model:
    m = keras.Sequential([L.Embedding(20, 3, input_length=4, trainable=False), L.LSTM(2, name="frozen_lstm"),
                          L.Dense(1)])
    m.get_layer("frozen_lstm").trainable = False
    return m


@model
def seq_dtypes() -> keras.Model:
    return keras.Sequential([L.LSTM(3, input_shape=(4, 2), dtype="float64", return_sequences=True),
                             L.GRU(2, dtype="float16"), L.Dense(1, dtype="float32")])


@model
def seq_mixed_precision() -> keras.Model:
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        return keras.Sequential([L.LSTM(3, input_shape=(4, 2)), L.Dense(1, dtype="float32")])
    finally:
        keras.mixed_precision.set_global_policy("float32")


@model
def seq_activation_flatten() -> keras.Model:
    return keras.Sequential([L.SimpleRNN(3, input_shape=(4, 2), return_sequences=True), L.Activation("tanh"),
                             L.Flatten(), L.Dense(2), L.Reshape((2, 1)), L.LSTM(2)])


@model
def fn_simple() -> keras.Model:
    inputs = keras.Input(shape=(10, 3), name="series")
    x = L.LSTM(4, return_sequences=True, name="encoder_lstm")(inputs)
    x = L.LSTM(2, name="summary_lstm")(x)
    return keras.Model(inputs, L.Dense(1, name="score")(x), name="custom_names")


@model
def fn_batch_size() -> keras.Model:
    inputs = keras.Input(shape=(5, 2), batch_size=4)
    return keras.Model(inputs, L.GRU(3)(inputs))


@model
def fn_seq2seq() -> keras.Model:
    enc_in = keras.Input(shape=(None, 5), name="encoder_inputs")
    _, h, c = L.LSTM(4, return_state=True, name="encoder")(enc_in)
    dec_in = keras.Input(shape=(None, 6), name="decoder_inputs")
    dec = L.LSTM(4, return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
    out = L.Dense(6, activation="softmax", name="decoder_dense")(dec)
    return keras.Model([enc_in, dec_in], out, name="seq2seq")


@model
def fn_seq2seq_gru() -> keras.Model:
    enc_in = keras.Input(shape=(7, 3))
    _, state = L.GRU(4, return_state=True)(enc_in)
    dec_in = keras.Input(shape=(5, 2))
    dec = L.GRU(4, return_sequences=True)(dec_in, initial_state=state)
    return keras.Model([enc_in, dec_in], L.TimeDistributed(L.Dense(2))(dec))


@model
def fn_bidirectional_states() -> keras.Model:
    inputs = keras.Input(shape=(6, 3))
    out, fh, fc, bh, bc = L.Bidirectional(L.LSTM(2, return_state=True))(inputs)
    h = L.Concatenate()([fh, bh])
    c = L.Concatenate()([fc, bc])
    return keras.Model(inputs, [out, L.Add()([h, c])])


@model
def fn_concat_add() -> keras.Model:
    a = keras.Input(shape=(6, 3), name="a")
    b = keras.Input(shape=(6, 3), name="b")
    x = L.Concatenate(axis=-1)([L.LSTM(2, return_sequences=True)(a), L.GRU(2, return_sequences=True)(b)])
    y = L.Add()([L.SimpleRNN(3)(x), L.Dense(3)(L.Flatten()(a))])
    return keras.Model([a, b], L.Dense(1)(y))


@model
def fn_embedding_mask() -> keras.Model:
    tokens = keras.Input(shape=(8,), dtype="int32")
    x = L.Embedding(40, 3, mask_zero=True)(tokens)
    x = L.Bidirectional(L.LSTM(2))(x)
    return keras.Model(tokens, L.Dense(1, activation="sigmoid")(x))


@model
def fn_multi_output() -> keras.Model:
    inputs = keras.Input(shape=(5, 2))
    x = L.LSTM(3, return_sequences=True)(inputs)
    seq = L.TimeDistributed(L.Dense(2), name="per_step")(x)
    last = L.GRU(2, name="last")(x)
    return keras.Model(inputs=inputs, outputs=[seq, last])


@model
def fn_batchnorm_layernorm() -> keras.Model:
    inputs = keras.Input(shape=(6, 2))
    x = L.BatchNormalization()(inputs)
    x = L.LSTM(3, return_sequences=True)(x)
    x = L.LayerNormalization()(x)
    return keras.Model(inputs, L.Dense(1)(L.GlobalMaxPooling1D()(x)))


@model
def fn_repeat_vector_autoencoder() -> keras.Model:
    inputs = keras.Input(shape=(4, 2))
    code = L.LSTM(3)(inputs)
    x = L.RepeatVector(4)(code)
    x = L.LSTM(3, return_sequences=True)(x)
    return keras.Model(inputs, L.TimeDistributed(L.Dense(2))(x))


@model
def fn_nested_sequential() -> keras.Model:
    inner = keras.Sequential([L.LSTM(3, input_shape=(5, 2)), L.Dense(2)], name="inner")
    inputs = keras.Input(shape=(5, 2))
    return keras.Model(inputs, L.Dense(1)(inner(inputs)))


@model
def fn_time_major() -> keras.Model:
    inputs = keras.Input(shape=(4, 3))
    x = L.LSTM(3, time_major=True, return_sequences=True)(inputs)
    return keras.Model(inputs, L.Dense(1)(x))


# Without recurrent layers: every tf.keras 2 RNN config carries `time_major`, which Keras 3
# refuses, so these are the configs in which the other argument forms reach Keras 3.
@model
def plain_seq_conv_batchnorm() -> keras.Model:
    return keras.Sequential([L.Conv1D(3, 2, input_shape=(8, 2)), L.BatchNormalization(), L.MaxPooling1D(),
                             L.GlobalMaxPooling1D(), L.Dense(1)])


@model
def plain_seq_batch_input_shape() -> keras.Model:
    return keras.Sequential([L.Dense(3, batch_input_shape=(4, 5, 2)), L.BatchNormalization(axis=1),
                             L.TimeDistributed(L.Dense(2)), L.Flatten(), L.Dense(1)])


@model
def plain_seq_input_dim() -> keras.Model:
    return keras.Sequential([L.Dense(4, input_dim=3, kernel_regularizer=keras.regularizers.l2(0.01),
                                     kernel_constraint=keras.constraints.MaxNorm(2),
                                     bias_initializer=keras.initializers.Constant(0.1)),
                             L.Dropout(0.2), L.Dense(2, activation="softmax")])


@model
def plain_seq_embedding_layernorm() -> keras.Model:
    return keras.Sequential([L.Embedding(20, 3, input_length=6, mask_zero=True), L.LayerNormalization(),
                             L.Flatten(), L.Dense(1, trainable=False)])


@model
def plain_seq_embedding_no_length() -> keras.Model:
    m = keras.Sequential([L.Embedding(20, 3), L.GlobalAveragePooling1D(), L.Dense(1)])
    m.build((None, 5))
    return m


@model
def plain_seq_dtypes() -> keras.Model:
    return keras.Sequential([L.Dense(3, input_shape=(4,), dtype="float64"), L.Dense(2, dtype="float16"),
                             L.Activation("relu")])


@model
def plain_seq_mixed_precision() -> keras.Model:
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        return keras.Sequential([L.Conv1D(2, 3, input_shape=(6, 2)), L.Flatten(), L.Dense(1, dtype="float32")])
    finally:
        keras.mixed_precision.set_global_policy("float32")


@model
def plain_fn_merge() -> keras.Model:
    a = keras.Input(shape=(6, 2), name="left")
    b = keras.Input(shape=(6, 2), name="right")
    x = L.Concatenate(name="joined")([L.Conv1D(2, 1, padding="same")(a), b])
    y = L.Add()([L.Dense(3)(x), L.Dense(3, trainable=False)(x)])
    y = L.LayerNormalization(axis=[1, 2])(y)
    return keras.Model(inputs=[a, b], outputs=L.Dense(1, name="out")(L.GlobalAveragePooling1D()(y)),
                       name="merge_model")


@model
def plain_fn_masking_repeat() -> keras.Model:
    inputs = keras.Input(shape=(5, 3))
    x = L.Masking()(inputs)
    x = L.TimeDistributed(L.Dense(2), name="td")(x)
    x = L.Flatten()(x)
    x = L.RepeatVector(2)(L.Dense(3)(x))
    return keras.Model(inputs, L.BatchNormalization()(x))


@model
def plain_fn_nested_sequential() -> keras.Model:
    inner = keras.Sequential([L.Dense(3, input_shape=(4,)), L.Dense(2)], name="inner")
    inputs = keras.Input(shape=(4,), batch_size=2)
    return keras.Model(inputs, L.Dense(1)(inner(inputs)))


def main() -> int:
    folder = Path(sys.argv[1])
    (folder / "keras2_configs").mkdir(parents=True, exist_ok=True)
    (folder / "keras2_h5").mkdir(parents=True, exist_ok=True)
    for name, build in MODELS.items():
        keras.backend.clear_session()
        m = build()
        m.compile(optimizer="adam", loss="mse")  # as saved models usually are: the .h5 gets a training_config
        (folder / "keras2_configs" / f"{name}.json").write_text(m.to_json())
        m.save(folder / "keras2_h5" / f"{name}.h5", save_format="h5")
    return 0


if __name__ == "__main__":
    sys.exit(main())
