"""Which Keras 3 layers are built as soon as they are constructed (no build() of their own).

    /tmp/kenv/bin/python tools/keras_oracle/built_at_construction.py

Keras's summary prints `0 (unbuilt)` only for layers whose `built` is still False; a layer
without its own build() (Dropout, Activation, the poolings, ...) is built at construction
and prints `0` in an unbuilt model. The answer is copied into
lstmcalc/layers/keras_names.py BUILT_AT_CONSTRUCTION, with the Keras version.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ARGS = {
    "Activation": ("relu",), "Conv1D": (2, 3), "Dense": (2,), "Dropout": (0.1,), "Embedding": (10, 2),
    "GRU": (2,), "LSTM": (2,), "SimpleRNN": (2,), "RepeatVector": (2,), "Reshape": ((2,),),
    "SpatialDropout1D": (0.1,), "AveragePooling1D": (2,), "MaxPooling1D": (2,),
    "MultiHeadAttention": (2, 3),
}


def main() -> None:
    import keras

    names = ["Activation", "Add", "Average", "AveragePooling1D", "BatchNormalization", "Concatenate", "Conv1D",
             "Dense", "Dropout", "Embedding", "Flatten", "GRU", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
             "LSTM", "LayerNormalization", "Masking", "MaxPooling1D", "Maximum", "Minimum", "Multiply",
             "RepeatVector", "Reshape", "SimpleRNN", "SpatialDropout1D", "Subtract"]
    names += ["Attention", "AdditiveAttention", "MultiHeadAttention"]
    built = [n for n in names if getattr(keras.layers, n)(*ARGS.get(n, ())).built]
    wrapped = {w: getattr(keras.layers, w)(keras.layers.LSTM(2) if w == "Bidirectional" else keras.layers.Dense(2)).built
               for w in ("Bidirectional", "TimeDistributed")}
    print(f"keras {keras.__version__}")
    print("built at construction:", built + [w for w, b in wrapped.items() if b])


if __name__ == "__main__":
    main()
