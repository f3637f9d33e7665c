"""Forward passes of layer families, each in its own module, registered with
`lstmcalc.numeric.forward.forwards`. Importing this package registers them all."""

from lstmcalc.numeric.layers import attention  # noqa: F401 - registers the attention forwards
