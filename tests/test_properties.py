"""Property tests: no input, however broken, makes the parser or engine raise.

Random bytes, random YAML documents and random mutations of the corpus specs all go
through the same path as `lstmcalc summary` and `lstmcalc lint`; each must come back as a
Summary (errors as diagnostics with a code and a position), quickly. The number of cases
tried is printed at the end of the run.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmcalc.engine import summarize
from lstmcalc.lint import lint_bytes
from lstmcalc.spec.pycall import parse_call

CORPUS = sorted((Path(__file__).parent / "conformance" / "cases").glob("*.yaml"))
TRIED = {"bytes": 0, "yaml": 0, "mutations": 0, "calls": 0}
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, kind: str) -> None:
    TRIED[kind] += 1
    start = time.perf_counter()
    summary = summarize(data, "fuzz.yaml")
    report = lint_bytes(data, "fuzz.yaml")
    assert time.perf_counter() - start < 2.0
    for d in (*summary.diagnostics, *report.diagnostics):
        assert d.code.startswith("LC") and d.span.line >= 0 and d.message
    if not summary.ok:
        assert any(d.is_error for d in summary.diagnostics)


@PROFILE
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(data, "bytes")


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**40, 10**40), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["LSTM", "GRU", "Dense", "Input", "units", "shape"]))
documents = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(
        ["type", "layers", "units", "shape", "layer", "name", "return_sequences"])), children, max_size=5)),
    max_leaves=30)


@PROFILE
@given(documents)
def test_random_yaml_documents(document: object) -> None:
    check(yaml.safe_dump(document).encode(), "yaml")


@PROFILE
@given(st.sampled_from(CORPUS), st.randoms(use_true_random=False), st.integers(1, 4))
def test_mutated_corpus_specs(path: Path, rng: random.Random, edits: int) -> None:
    spec = yaml.safe_load(path.read_text())
    for _ in range(edits):
        layers = spec["layers"]
        layer = rng.choice(layers)
        action = rng.randrange(6)
        key = rng.choice([*layer.keys(), "units", "shape", "rate", "layer"])
        if action == 0:
            layer[key] = rng.choice([None, -1, 0, 10**30, "x", 2.5, [], {}, [None, -3], True, float("nan")])
        elif action == 1 and len(layers) > 1:
            layers.remove(layer)
        elif action == 2:
            layers.insert(rng.randrange(len(layers) + 1), dict(rng.choice(layers)))
        elif action == 3:
            layer.pop(key, None)
        elif action == 4:
            layer["type"] = rng.choice(["LSTM", "Bidirectional", "TimeDistributed", "Reshape", "Lstm", 3])
        else:
            rng.shuffle(layers)
    check(yaml.safe_dump(spec).encode(), "mutations")


@PROFILE
@given(st.text(max_size=80))
def test_random_calls_never_raise(text: str) -> None:
    TRIED["calls"] += 1
    layer, problems = parse_call(text)
    assert layer is not None or problems
