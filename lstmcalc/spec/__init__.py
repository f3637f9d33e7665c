"""Spec files -> typed `ModelSpec` values with source positions. No shapes here."""

from lstmcalc.span import Span
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec
from lstmcalc.spec.parse import load_spec, parse_spec

__all__ = ["ArgSpec", "LayerSpec", "ModelSpec", "Span", "load_spec", "parse_spec"]
