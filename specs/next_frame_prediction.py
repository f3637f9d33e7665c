"""Next-frame video prediction with convolutional LSTMs, adapted from the keras-io example
"Next-Frame Video Prediction with Convolutional LSTMs" (Amogh Joshi): three ConvLSTM2D
layers with BatchNormalization and a Conv3D head. The frames' shape (64, 64, 1) is written
out; the example reads it from the Moving MNIST data (x_train.shape[2:])."""

import keras
from keras import layers

inp = layers.Input(shape=(None, 64, 64, 1))
x = layers.ConvLSTM2D(
    filters=64,
    kernel_size=(5, 5),
    padding="same",
    return_sequences=True,
    activation="relu",
)(inp)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(
    filters=64,
    kernel_size=(3, 3),
    padding="same",
    return_sequences=True,
    activation="relu",
)(x)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(
    filters=64,
    kernel_size=(1, 1),
    padding="same",
    return_sequences=True,
    activation="relu",
)(x)
x = layers.Conv3D(
    filters=1, kernel_size=(3, 3, 3), activation="sigmoid", padding="same"
)(x)

model = keras.models.Model(inp, x)
model.compile(
    loss=keras.losses.binary_crossentropy,
    optimizer=keras.optimizers.Adam(),
)
model.summary()
