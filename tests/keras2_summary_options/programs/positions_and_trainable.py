from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(30, 4), name="series")
meta = keras.Input(shape=(5,), name="meta")
x = layers.LSTM(16)(inputs)
m = layers.Dense(8, trainable=False)(meta)
out = layers.Dense(1)(layers.Concatenate()([x, m]))
model = keras.Model([inputs, meta], out)
model.summary(line_length=100, positions=[0.25, 0.5, 0.65, 1.0], show_trainable=True)
