from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 8)),
    layers.LSTM(32, return_sequences=True),
    layers.LSTM(16, trainable=False),
    layers.Dense(1),
])
model.summary(show_trainable=True)
