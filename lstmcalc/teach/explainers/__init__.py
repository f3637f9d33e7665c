"""`explain` for layer families, each in its own module, registered with
`lstmcalc.teach.explain.explains`. Importing this package registers them all."""
from lstmcalc.teach.explainers import custom  # noqa: F401 - registers the Custom explainer
