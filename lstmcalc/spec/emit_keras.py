"""Moved to lstmcalc/writers/keras_code.py (emitted code lives with the writers); kept so that
`from lstmcalc.spec.emit_keras import to_keras_python` goes on working."""

from lstmcalc.writers.keras_code import EmitError, all_names, identifier, to_keras_python

__all__ = ["EmitError", "all_names", "identifier", "to_keras_python"]
