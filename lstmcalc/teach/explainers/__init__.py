"""`explain` for layer families, each in its own module, registered with
`lstmcalc.teach.explain.explains`. Importing this package registers them all."""

from lstmcalc.teach.explainers import poolnd  # noqa: F401 - 2D/3D pooling, up-sampling, padding, cropping
