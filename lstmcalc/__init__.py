"""lstmcalc: exact Keras 3 answers about recurrent models, without TensorFlow."""

__version__ = "0.1.0"
