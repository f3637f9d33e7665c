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
    "GaussianNoise": (0.1,), "GaussianDropout": (0.1,), "AlphaDropout": (0.1,), "Permute": ((2, 1),),
}
CONVND = ["Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D",
          "SeparableConv2D", "Convolution2D", "Convolution3D", "Convolution1DTranspose", "Convolution2DTranspose",
          "Convolution3DTranspose", "SeparableConvolution1D", "SeparableConvolution2D", "ConvLSTM1D", "ConvLSTM2D",
          "ConvLSTM3D"]
ARGS.update(dict.fromkeys(CONVND, (2, 3)))
ARGS.update({"DepthwiseConv1D": (3,), "DepthwiseConv2D": (3,)})
# cells family (helper/cells)
ARGS.update({"Dot": (1,), "Lambda": (lambda x: x,), "GroupNormalization": (2,)})
CELLS_FAMILY = ["Dot", "Lambda", "Normalization", "GroupNormalization", "UnitNormalization"]
# poolnd: 2D/3D pooling, up-sampling, zero-padding, cropping, spatial dropout
ARGS |= {"AveragePooling2D": (2,), "AveragePooling3D": (2,), "SpatialDropout2D": (0.1,), "SpatialDropout3D": (0.1,)}
POOLND = ["MaxPooling2D", "MaxPooling3D", "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling2D",
          "GlobalMaxPooling3D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "UpSampling1D", "UpSampling2D",
          "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D",
          "SpatialDropout2D", "SpatialDropout3D"]


def main() -> None:
    import keras

    names = ["Activation", "Add", "Average", "AveragePooling1D", "BatchNormalization", "Concatenate", "Conv1D",
             "Dense", "Dropout", "Embedding", "Flatten", "GRU", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
             "LSTM", "LayerNormalization", "Masking", "MaxPooling1D", "Maximum", "Minimum", "Multiply",
             "RepeatVector", "Reshape", "SimpleRNN", "SpatialDropout1D", "Subtract",
             "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout", "AlphaDropout",
             "ActivityRegularization", "Permute", "Identity", *CELLS_FAMILY]
    names += [*CONVND, "DepthwiseConv1D", "DepthwiseConv2D", *POOLND]
    built = [n for n in names if getattr(keras.layers, n)(*ARGS.get(n, ())).built]
    wrapped = {w: getattr(keras.layers, w)(keras.layers.LSTM(2) if w == "Bidirectional" else keras.layers.Dense(2)).built
               for w in ("Bidirectional", "TimeDistributed")}
    rnn = keras.layers.RNN(keras.layers.LSTMCell(2))
    wrapped["RNN"] = rnn.built
    print(f"keras {keras.__version__}")
    print("built at construction:", built + [w for w, b in wrapped.items() if b])


if __name__ == "__main__":
    main()
