"""Readers: one module or package per input kind, all meeting in the one ModelSpec."""
