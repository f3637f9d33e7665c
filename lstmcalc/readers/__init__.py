"""Input readers, one module or package per kind of input, all meeting in the one ModelSpec."""
