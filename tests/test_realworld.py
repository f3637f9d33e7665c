"""Real scripts and notebooks by others (tests/realworld/), read untouched, against what Keras 3
did with them (each entry's keras3.json, recorded by tools/keras_oracle/realworld.py in a
throwaway Keras venv with the entry's recipe.json: the run-time values given as --set, the
data stubbed).

The rule: lstmcalc never prints a table Keras would not print. When it prints, the text is
exactly what the file prints (every summary() call, in order) or, when the file calls no
summary(), the table of the model lstmcalc says it chose, as Keras prints that model.
Otherwise it refuses with a diagnostic (exit 1, nothing on stdout).

Entries with a keras2.json (tf.keras 2 = tf_keras 2.21's record of the same run, written by
realworld.py --keras 2) are also read with `lstmcalc summary --keras 2` and held to the same rule
against what Keras 2 printed: Keras 2's own tables, character for character, or a refusal.

Entries from 114 on hold only origin.json (repository, path, commit, sha256 of the file),
recipe.json and keras3.json: the search tools they were found with keep public code out of
this repository's commits, so their files are not committed. Such an entry is checked when its
file is put beside origin.json (the bytes must hash to origin.json's sha256); without it, only
its origin is checked (test_origin_names_the_file), never skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

ROOT = Path(__file__).parent / "realworld"
ENTRIES = sorted(p.parent for p in ROOT.glob("*/keras3.json"))
#: Entries whose untouched file lstmcalc prints exactly as Keras does (a floor: it only rises).
EXACT_AT_LEAST = 52
_SELECT = (("fit", "fit_generator", "train_on_batch"), ("compile",), ("save", "evaluate", "predict"))


def source(entry: Path) -> Path:
    record = json.loads((entry / "keras3.json").read_text())
    return entry / record["file"]


def committed(entry: Path) -> bool:
    """False for an entry whose file is not in the repository (origin.json says
    source_committed: false and the file is absent)."""
    origin = entry / "origin.json"
    listed = json.loads(origin.read_text()).get("source_committed", True) if origin.exists() else True
    return listed or source(entry).exists()


def run(entry: Path, keras: int = 3) -> tuple[int, str, str]:
    recipe = json.loads((entry / "recipe.json").read_text()) if (entry / "recipe.json").exists() else {}
    args = ["summary", str(source(entry))]
    if keras == 2:
        args += ["--keras", "2"]
    for key, value in recipe.get("set", {}).items():
        args += ["--set", f"{key}={value}"]
    if recipe.get("model"):  # the builder the recipe's driver calls, among several the file defines
        args += ["--model", recipe["model"]]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


def keras_text(record: dict[str, Any], chosen: str | None) -> str | None:
    """What the file prints per Keras: its summary() tables, else the table of the model
    lstmcalc's note names (by variable or Keras name), when Keras built it."""
    if record.get("summaries"):
        return "\n\n".join(s.rstrip("\n") for s in record["summaries"])
    models = record.get("models") or []
    if not models:
        return None
    for model in models:
        if chosen is not None and chosen in (model.get("variable"), model.get("name")) and model.get("summary"):
            return before_training(str(model["summary"]))
    for methods in _SELECT:  # lstmcalc's rule, applied to what Keras recorded
        used = [m for m in models if set(m.get("role") or ()) & set(methods)]
        if used:
            return before_training(str(used[-1].get("summary") or "")) or None
    return before_training(str(models[-1].get("summary") or "")) or None


def before_training(table: str) -> str:
    """A table Keras printed after fit() ran, as it printed the same model before: without
    the "Optimizer params" line, whose count Total then drops. Only for float32 weights
    (4 bytes each, checked against the sizes Keras printed), whose sizes Keras formats with
    the function the tables themselves are checked against (render/keras_table)."""
    from lstmcalc.render.keras_table import readable_memory_size

    lines = table.rstrip("\n").split("\n")
    if not lines[-1].startswith(" Optimizer params:"):
        return table.rstrip("\n")
    counts = {}
    for line in lines[-4:-1]:
        label, _, rest = line.strip().partition(": ")
        number, _, size = rest.partition(" (")
        counts[label] = int(number.replace(",", ""))
        if label != "Total params" and readable_memory_size(counts[label] * 4) != size.rstrip(")"):
            return table.rstrip("\n")  # not float32: leave it, the comparison will say so
    total = counts["Trainable params"] + counts["Non-trainable params"]
    lines[-4] = f" Total params: {total:,} ({readable_memory_size(total * 4)})"
    return "\n".join(lines[:-1])


def _chosen(stderr: str) -> str | None:
    for line in stderr.splitlines():
        if " LC034 " in line and "`" in line:
            return line.split("`")[1]
    return None


def outcome(entry: Path, keras: int = 3) -> str:
    record = json.loads((entry / f"keras{keras}.json").read_text())
    code, out, err = run(entry, keras)
    if not out.strip():
        return "refused" if code == 1 and " [error] " in err else f"WRONG: exit {code} with no table"
    expected = keras_text(record, _chosen(err))
    if expected is None:
        return "WRONG: a table Keras did not print"
    if out.rstrip("\n") == expected:
        return "exact"
    if keras == 3 and "(unbuilt)" in out and "(unbuilt)" not in expected and not record.get("summaries"):
        # Keras printed the model after fit() built it from the data; as written, before
        # fit, the model has no input shape and Keras prints this unbuilt table (LC020).
        return "unbuilt until fit"
    return "WRONG: a different table"


PRESENT = [e for e in ENTRIES if committed(e)]


@pytest.mark.parametrize("entry", PRESENT, ids=[e.name[:3] for e in PRESENT])
def test_never_a_table_keras_would_not_print(entry: Path) -> None:
    record = json.loads((entry / "keras3.json").read_text())
    if "unrunnable" in record:
        code, out, _ = run(entry)
        assert code == 1 and not out.strip(), "Keras could not run it as found; lstmcalc must not print a table"
        return
    assert not outcome(entry).startswith("WRONG"), outcome(entry)


KERAS2 = [e for e in PRESENT if (e / "keras2.json").exists()]


@pytest.mark.parametrize("entry", KERAS2, ids=[e.name[:3] for e in KERAS2])
def test_keras2_never_a_table_keras2_would_not_print(entry: Path) -> None:
    """`summary --keras 2` against tf_keras 2.21's own run of the file: every table Keras 2
    printed, character for character, or a refusal (exit 1, nothing on stdout); never a table
    Keras 2 did not print. (Keras 2 prints no table for an unbuilt model: summary() raises.)"""
    record = json.loads((entry / "keras2.json").read_text())
    if "unrunnable" in record:
        code, out, _ = run(entry, 2)
        assert code == 1 and not out.strip(), "Keras 2 could not run it as found; lstmcalc must not print a table"
        return
    assert not outcome(entry, 2).startswith("WRONG"), outcome(entry, 2)


def test_how_many_are_exact() -> None:
    outcomes = {entry.name: outcome(entry) for entry in PRESENT}
    exact = [name for name, o in outcomes.items() if o == "exact"]
    assert len(exact) >= EXACT_AT_LEAST, outcomes


@pytest.mark.parametrize("entry", [e for e in ENTRIES if (e / "origin.json").exists()], ids=lambda e: e.name[:3])
def test_origin_names_the_file(entry: Path) -> None:
    """origin.json names a file by repository, path and commit; when it records the file's
    sha256 (entries 114 on), a copy put beside it must be byte for byte that file."""
    import hashlib

    origin = json.loads((entry / "origin.json").read_text())
    assert origin["repo"].count("/") == 1 and origin["path"] and len(origin["commit"]) == 40
    if "sha256" in origin:
        assert origin["file"] == json.loads((entry / "keras3.json").read_text())["file"]
        if source(entry).exists():
            data = source(entry).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (origin["bytes"], origin["sha256"])
