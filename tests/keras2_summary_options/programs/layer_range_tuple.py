from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 3)),
    layers.GRU(8, return_sequences=True),
    layers.GRU(4),
    layers.Dense(2),
])
model.summary(layer_range=("gru_1", "dense"))
