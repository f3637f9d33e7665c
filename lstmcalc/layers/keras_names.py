"""Identifier names Keras 3.15 accepts for string arguments.

Read from `keras.src.{activations,initializers,regularizers,constraints}.ALL_OBJECTS_DICT`
in Keras 3.15.1 (tools/keras_oracle/ has the environment that produced them).
"""

from __future__ import annotations

ACTIVATIONS = frozenset("""
celu elu exponential gelu glu hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh leaky_relu
linear log_sigmoid log_softmax mish relu relu6 selu sigmoid silu soft_shrink softmax softplus
softsign sparse_plus sparse_sigmoid sparsemax squareplus swish tanh tanh_shrink threshold
""".split())

INITIALIZERS = frozenset("""
Constant GlorotNormal GlorotUniform HeNormal HeUniform Identity IdentityInitializer Initializer
LecunNormal LecunUniform Ones Orthogonal OrthogonalInitializer RandomNormal RandomUniform STFT
STFTInitializer TruncatedNormal VarianceScaling Zeros constant glorot_normal glorot_uniform
he_normal he_uniform identity initializer lecun_normal lecun_uniform normal one ones orthogonal
random_normal random_uniform stft truncated_normal uniform variance_scaling zero zeros
""".split())

REGULARIZERS = frozenset("L1 L1L2 L2 OrthogonalRegularizer Regularizer l1 l1l2 l2 "
                         "orthogonal_regularizer regularizer".split())

CONSTRAINTS = frozenset("Constraint MaxNorm MinMaxNorm NonNeg UnitNorm constraint max_norm "
                        "min_max_norm non_neg unit_norm".split())

#: Layer classes Keras 3 removed, with what replaces them (recorded: `keras.layers.CuDNNLSTM`
#: raises AttributeError and `from keras.layers import CuDNNGRU` ImportError in Keras 3.15.1).
REMOVED_LAYERS = {
    "CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU",
}


def removed_layer_hint(type_name: str) -> str | None:
    """The message for a layer class Keras 3 no longer has, or None."""
    replacement = REMOVED_LAYERS.get(type_name)
    if replacement is None:
        return None
    return (f"Keras 3 removed {type_name}: keras.layers.{replacement} uses the cuDNN kernel by itself on a GPU "
            "when its arguments allow it (`lstmcalc rules LC203` lists them)")


#: Layers built as soon as they are constructed (no build() of their own), recorded from
#: Keras 3.15.1 by tools/keras_oracle/built_at_construction.py: in a model Keras leaves
#: unbuilt, their rows print `0`, the others `0 (unbuilt)`.
BUILT_AT_CONSTRUCTION = frozenset({
    "Activation", "AveragePooling1D", "Dropout", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "Masking",
    "MaxPooling1D", "Reshape", "SpatialDropout1D",
    "UnitNormalization",  # cells family
    # added with the activation, noise and shape layers (PReLU and Permute are not built at construction)
    "ActivityRegularization", "AlphaDropout", "ELU", "GaussianDropout", "GaussianNoise", "Identity", "LeakyReLU",
    "ReLU", "Softmax",
    # poolnd (UpSampling*, ZeroPadding*, Cropping* have a build() of their own: not here)
    "MaxPooling2D", "MaxPooling3D", "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling2D",
    "GlobalMaxPooling3D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "SpatialDropout2D", "SpatialDropout3D",
})

#: Other names keras.layers gives the same class (`keras.layers.MaxPool1D is keras.layers.MaxPooling1D`
#: in Keras 3.15.1); Keras prints, names and serialises the class under its own name.
LAYER_ALIASES = {
    "AvgPool1D": "AveragePooling1D", "Convolution1D": "Conv1D", "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D", "MaxPool1D": "MaxPooling1D",
    "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose", "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D", "SeparableConvolution2D": "SeparableConv2D",
    "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D", "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D", "GlobalMaxPool2D": "GlobalMaxPooling2D", "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "GlobalAvgPool2D": "GlobalAveragePooling2D", "GlobalAvgPool3D": "GlobalAveragePooling3D",
}
