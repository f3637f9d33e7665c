from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(12, 5))
x = layers.Bidirectional(layers.LSTM(8, return_sequences=True), trainable=False)(inputs)
x = layers.TimeDistributed(layers.Dense(3))(x)
outputs = layers.GlobalMaxPooling1D()(x)
model = keras.Model(inputs, outputs, name="wrapped")
model.summary(line_length=96, show_trainable=True, expand_nested=True)
