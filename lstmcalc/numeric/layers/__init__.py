"""Forward passes of layer families, each in its own module, registered with
`lstmcalc.numeric.forward.forwards`. Importing this package registers them all."""

from lstmcalc.numeric.layers import attention  # noqa: E402,F401,I001 - registers the attention forwards
