"""Forward passes of layer families, each in its own module, registered with
`lstmcalc.numeric.forward.forwards`. Importing this package registers them all."""
from lstmcalc.numeric.layers import custom  # noqa: F401 - refuses user-defined layers by name
