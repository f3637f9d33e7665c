"""Every Keras-answered corpus against its Keras 2 ground truth, through the command line.

Each corpus folder with an `expected_keras2.jsonl` (recorded from tf_keras 2.21 by
tools/keras_oracle/keras2_oracle.py; see "Keras 2 ground truth" in tests/conformance/README.md)
is checked the way `tests/conformance/check.py --keras 2` checks it: its specs go to
`python -m lstmcalc summary --keras 2 --format json` in batches, and every case must match
under the shared checker's own `compare` (shapes, parameters, the layer Keras 2 refuses);
`python -m lstmcalc summary --keras 2` (text, COLUMNS=120) must print each table that Keras 2
printed (summaries_keras2/<case>.txt), from `Model: "<name>"` to the rule of underscores after
`Non-trainable params:`. A case Keras 2 cannot express (`"unsupported"` in the file) has
nothing to compare and is only counted.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "conformance"))
from check import compare, first_error  # noqa: E402  (the shared checker's own comparison)

BATCH = 200
CORPORA = {str(p.parent.relative_to(HERE)): p.parent for p in sorted(HERE.glob("**/expected_keras2.jsonl"))}


def load(corpus: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (corpus / "expected_keras2.jsonl").read_text().splitlines() if line]


ENTRIES = {name: load(path) for name, path in CORPORA.items()}
CASES = [(name, e) for name, entries in ENTRIES.items() for e in entries if "unsupported" not in e]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="120")
    env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "lstmcalc", "summary", "--keras", "2", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)


@functools.cache
def json_results(corpus: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each case's JSON result and its batch's exit status, one CLI run per batch."""
    cases = [e["case"] for e in ENTRIES[corpus] if "unsupported" not in e]
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for i in range(0, len(cases), BATCH):
        chunk = cases[i:i + BATCH]
        proc = _cli("--format", "json", *[str(CORPORA[corpus] / "cases" / f"{c}.yaml") for c in chunk])
        results = json.loads(proc.stdout)
        assert len(results) == len(chunk), proc.stderr[-2000:]
        out.update({c: (proc.returncode, r) for c, r in zip(chunk, results, strict=True)})
    return out


@functools.cache
def printed(corpus: str) -> dict[str, list[str]]:
    """The table lstmcalc prints for every case Keras 2 printed a table for, in batches: each
    batch's tables, in order, belong to the cases lstmcalc answers without an error (many
    cases share a model name, so a table is not found by its `Model:` line)."""
    names = sorted(p.stem for p in (CORPORA[corpus] / "summaries_keras2").glob("*.txt"))
    results = json_results(corpus)
    out: dict[str, list[str]] = {}
    for i in range(0, len(names), BATCH):
        chunk = names[i:i + BATCH]
        lines = _cli(*[str(CORPORA[corpus] / "cases" / f"{c}.yaml") for c in chunk]).stdout.splitlines()
        starts = [j for j, line in enumerate(lines) if line.startswith('Model: "')]
        tables = [table(lines[j:]) for j in starts]
        answered = [c for c in chunk if first_error(results[c][1]) is None]
        assert len(tables) == len(answered), (corpus, chunk[0])
        out.update({c: t for c, t in zip(answered, tables, strict=True) if t is not None})
    return out


def table(lines: list[str]) -> list[str] | None:
    """The Keras 2 table LINES start with: to the rule of underscores after `Non-trainable params:`."""
    end = next((j for j, line in enumerate(lines) if line.lstrip().startswith("Non-trainable params:")), None)
    return None if end is None else lines[:end + 2]


def test_every_spec_has_keras2_ground_truth() -> None:
    assert CORPORA, "no corpus holds expected_keras2.jsonl"
    for name, path in CORPORA.items():
        recorded = {e["case"] for e in ENTRIES[name]}
        assert recorded == {p.stem for p in (path / "cases").glob("*.yaml")}, name
        built = {e["case"] for e in ENTRIES[name] if e.get("ok")}
        assert built == {p.stem for p in (path / "summaries_keras2").glob("*.txt")}, name


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_exit_status(corpus: str) -> None:
    """A batch exits 1 when Keras 2 refuses any spec in it, else 0 (as check.py asks)."""
    entries = [e for e in ENTRIES[corpus] if "unsupported" not in e]
    results = json_results(corpus)
    for i in range(0, len(entries), BATCH):
        chunk = entries[i:i + BATCH]
        want = 1 if any(not e["ok"] for e in chunk) else 0
        assert results[chunk[0]["case"]][0] == want


@pytest.mark.parametrize(("corpus", "entry"), CASES, ids=[f"{n}/{e['case']}" for n, e in CASES])
def test_json_matches_keras2(corpus: str, entry: dict[str, Any]) -> None:
    _, got = json_results(corpus)[entry["case"]]
    assert compare(entry, got) == []


TABLES = [(n, e) for n, e in CASES if e["ok"]]


@pytest.mark.parametrize(("corpus", "entry"), TABLES, ids=[f"{n}/{e['case']}" for n, e in TABLES])
def test_table_matches_keras2(corpus: str, entry: dict[str, Any]) -> None:
    want = (CORPORA[corpus] / "summaries_keras2" / f"{entry['case']}.txt").read_text().rstrip("\n").splitlines()
    got = printed(corpus).get(entry["case"])
    assert got == want
