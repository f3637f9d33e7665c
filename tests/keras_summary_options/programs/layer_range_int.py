import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(8), layers.Dense(2)])
model.summary(layer_range=5)
