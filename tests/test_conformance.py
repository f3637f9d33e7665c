"""Every case of both Keras corpora, in process: JSON fields, refusals and table text.

tests/conformance is a copy of ../shared/conformance (Keras 3.15.1, 314 cases);
tests/keras_extra was generated with tools/keras_oracle (1,500 broader cases). The same
rules as tests/conformance/check.py apply, and the tables are rendered the way the corpus
was captured: COLUMNS=120, no colour.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from lstmcalc.engine import summarize
from lstmcalc.render.json_out import summary_json
from lstmcalc.render.keras_table import FUNCTIONAL, SEQUENTIAL, print_summary

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "conformance"))
from check import compare  # noqa: E402  (the shared checker's own comparison)

CORPORA = {"conformance": HERE / "conformance", "keras_extra": HERE / "keras_extra",
           "keras_graph": HERE / "keras_graph"}
#: one Keras-answered corpus per family of layer types (tests/keras_layers/<family>/)
CORPORA.update({f"keras_layers/{p.name}": p for p in sorted((HERE / "keras_layers").glob("*"))
                if (p / "expected.jsonl").is_file()})


def load(corpus: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (corpus / "expected.jsonl").read_text().splitlines() if line]


CASES = [(name, entry) for name, path in CORPORA.items() for entry in load(path)]


def test_corpora_are_complete() -> None:
    assert sum(1 for name, _ in CASES if name == "conformance") == 314
    assert sum(1 for name, _ in CASES if name == "keras_extra") == 1500
    assert sum(1 for name, _ in CASES if name == "keras_graph") == 25
    for name, path in CORPORA.items():
        yamls = {p.stem for p in (path / "cases").glob("*.yaml")}
        assert {e["case"] for n, e in CASES if n == name} == yamls


def render(case_path: Path) -> tuple[dict[str, Any], str]:
    summary = summarize(case_path.read_bytes(), str(case_path))
    console = Console(file=io.StringIO(), width=120, color_system=None, force_terminal=False, highlight=False)
    text = ""
    if summary.ok:
        natural = SEQUENTIAL[0] if summary.sequential_like else FUNCTIONAL[0]
        print_summary(summary, console, min(natural, 116))
        text = console.file.getvalue()  # type: ignore[attr-defined]
    return summary_json(summary), text


@pytest.mark.parametrize(("corpus", "entry"), CASES, ids=[f"{n}/{e['case']}" for n, e in CASES])
def test_case_matches_keras(corpus: str, entry: dict[str, Any]) -> None:
    path = CORPORA[corpus] / "cases" / f"{entry['case']}.yaml"
    got, text = render(path)
    assert compare(entry, got) == []
    summary_file = CORPORA[corpus] / "summaries" / f"{entry['case']}.txt"
    if entry["ok"]:
        assert summary_file.exists()
        assert text.rstrip("\n").splitlines() == summary_file.read_text().rstrip("\n").splitlines()
