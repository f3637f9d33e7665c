from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([keras.Input(shape=(10, 3)), layers.SimpleRNN(8), layers.Dense(2)])
model.summary(80, [0.5, 0.75, 1.0], None, False, True)
