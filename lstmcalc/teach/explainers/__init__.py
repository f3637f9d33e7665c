"""`explain` for layer families, each in its own module, registered with
`lstmcalc.teach.explain.explains`. Importing this package registers them all."""
from lstmcalc.teach.explainers import (
    attention,  # noqa: F401 - registers the attention explainers
    cells,  # noqa: F401 - RNN over cells, Dot, Lambda, Normalization, ...
    convnd,  # noqa: F401 - N-D convolutions and ConvLSTMs
    custom,  # noqa: F401 - registers the Custom explainer
    poolnd,  # noqa: F401 - 2D/3D pooling, up-sampling, padding, cropping
)
