"""Forward passes of layer families, each in its own module, registered with
`lstmcalc.numeric.forward.forwards`. Importing this package registers them all."""

from lstmcalc.numeric.layers import (
    attention,  # noqa: F401 - registers the attention forwards
    cells,  # noqa: F401 - RNN over cells, Dot, Lambda, Normalization, ...
    convnd,  # noqa: F401 - N-D convolutions and ConvLSTMs
    custom,  # noqa: F401 - refuses user-defined layers by name
    poolnd,  # noqa: F401 - 2D/3D pooling, up-sampling, padding, cropping
)
