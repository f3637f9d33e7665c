from tensorflow import keras
from tensorflow.keras import layers

backbone = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.BatchNormalization()],
                            name="backbone")
backbone.trainable = False
inputs = keras.Input(shape=(10, 4))
model = keras.Model(inputs, layers.Dense(2)(backbone(inputs)))
model.summary(expand_nested=True, show_trainable=True, layer_range=["back.*", "dense"])
