"""Ground truth for `convert --keras 2`: run the tf.keras 2 code and the Keras 3 translation for real.

    python tools/keras_oracle/check_emitted_keras2.py            # writes tests/fixtures/keras2_convert_runs.json
    python tools/keras_oracle/check_emitted_keras2.py --sources  # writes tests/fixtures/keras2_snippet_runs.json

For every case of the corpus (the conformance cases tf.keras 2 builds, listed in
/work/shared/conformance/expected_keras2.jsonl and read from tests/conformance/cases, the
Keras 2 Python and YAML snippets in tests/fixtures/keras2_snippets, and tf.keras 2's own
`model.to_json()` files in tests/fixtures/keras2_configs), lstmcalc (this checkout,
this Python) reads the input with --keras 2 and writes
  - tf.keras 2 code (`convert --keras 2 --to keras`), run in /tmp/k2env with TF_USE_LEGACY_KERAS=1;
  - Keras 3 code (`convert --keras 2 --to keras --to-keras 3`), run in /tmp/kenv;
and for the conformance cases Keras 3 builds (tests/conformance/expected.jsonl), read as Keras 3,
the same two the other way round (Keras 3 code, and tf.keras 2 code with its changes). It
records the code, the change list, and each built model's facts (model name; per layer name,
class, output shape, parameters) in the fixture, which tests/test_convert_keras2.py
compares with lstmcalc's own analyses. Disagreements are printed here too. The venvs hold only
Keras; tools/keras_oracle/run_programs.py runs the programs inside them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lstmcalc.engine import analyze  # noqa: E402
from lstmcalc.keras_version import using_keras  # noqa: E402
from lstmcalc.readers.notebook import first  # noqa: E402
from lstmcalc.spec import load_spec  # noqa: E402
from lstmcalc.spec.parse import load_specs  # noqa: E402
from lstmcalc.writers.keras_code import EmitError, to_keras_python  # noqa: E402
from lstmcalc.writers.translate import translate  # noqa: E402

SHARED = Path("/work/shared/conformance/expected_keras2.jsonl")
SNIPPETS = ROOT / "tests" / "fixtures" / "keras2_snippets"
CONFIGS = ROOT / "tests" / "fixtures" / "keras2_configs"
FIXTURE = ROOT / "tests" / "fixtures" / "keras2_convert_runs.json"
#: tf.keras 2's own run of each Keras 2 Python snippet as written (`--sources`), to hold the
#: tf.keras 2 code lstmcalc writes from it to the program it came from
SOURCES = ROOT / "tests" / "fixtures" / "keras2_snippet_runs.json"
RUNNER = ROOT / "tools" / "keras_oracle" / "run_programs.py"


def corpus() -> list[tuple[str, str, int]]:
    """(case, path relative to the checkout, the Keras it is read for) of every input: Keras 2
    inputs are written for tf.keras 2 and translated to Keras 3; the Keras 3 conformance cases
    Keras 3 builds are translated to tf.keras 2 (the reverse)."""
    found = []
    for line in SHARED.read_text().splitlines():
        entry = json.loads(line)
        if entry["ok"]:
            found.append((f"conformance/{entry['case']}", f"tests/conformance/cases/{entry['case']}.yaml", 2))
    found += [(f"snippet/{p.stem}", str(p.relative_to(ROOT)), 2) for p in sorted(SNIPPETS.glob("*.*"))]
    found += [(f"keras2_config/{p.stem}", str(p.relative_to(ROOT)), 2)  # tf.keras 2 model.to_json() files
              for p in sorted(CONFIGS.glob("*.json"))]
    for line in (ROOT / "tests" / "conformance" / "expected.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if entry["ok"]:
            found.append((f"keras3/{entry['case']}", f"tests/conformance/cases/{entry['case']}.yaml", 3))
    return found


def written(path: str, keras: int) -> dict[str, Any]:
    """What convert writes for PATH read as Keras KERAS: code for that Keras, and code for the
    other with its changes (or the refusal of each)."""
    data = (ROOT / path).read_bytes()
    other = 5 - keras
    with using_keras(keras):
        spec, problems = first(load_specs(data, path, {}, "auto", None))
        summary = analyze(spec) if spec is not None else None
        errors = [d.message for d in problems if d.is_error]
        if summary is not None:
            errors += [d.message for d in summary.diagnostics if d.is_error]
        if spec is None or summary is None or errors:
            return {"refused": errors[0] if errors else "not read"}
        out: dict[str, Any] = {}
        for target in (keras, other):
            try:
                done = translate(spec, summary, keras, target)
            except EmitError as exc:
                out[f"keras{target}_refused"] = str(exc)
                continue
            out[f"keras{target}_code"] = done.code
            if target == other:
                out["changes"] = [f"{c.span.where()}: {c.layer}: {c.text}" for c in done.changes]
    return out


def run(env: Path, programs: list[dict[str, str]], legacy: bool) -> dict[str, Any]:
    environ = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    environ.pop("TF_USE_LEGACY_KERAS", None)
    if legacy:
        environ["TF_USE_LEGACY_KERAS"] = "1"
    done = subprocess.run([str(env), str(RUNNER)], input=json.dumps(programs), capture_output=True, text=True,
                          env=environ, check=True, timeout=3600)
    return {r["case"]: r for r in json.loads(done.stdout)}


def sources() -> int:
    """Run the Keras 2 Python snippets themselves in tf.keras 2 and record what they build."""
    programs = [{"case": f"snippet/{p.stem}", "code": p.read_text()} for p in sorted(SNIPPETS.glob("*.py"))]
    ran = run(Path("/tmp/k2env/bin/python"), programs, legacy=True)
    SOURCES.write_text(json.dumps({case: {k: v for k, v in r.items() if k != "case"} for case, r in ran.items()},
                                  indent=1) + "\n")
    print(f"{sum(r['ok'] for r in ran.values())}/{len(programs)} snippets built by tf.keras 2")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--sources"]:
        return sources()
    entries = []
    for case, path, keras in corpus():
        entries.append({"case": case, "input": path, "keras": keras, **written(path, keras)})
    for path in sorted(SNIPPETS.glob("*cudnn*.yaml")):  # lstmcalc cannot analyse CuDNN layers: the emitter alone
        spec, _ = load_spec(path.read_bytes(), str(path))
        assert spec is not None
        entries.append({"case": f"emitter/{path.stem}", "input": str(path.relative_to(ROOT)), "keras": 2,
                        "emitter": True, "keras2_code": to_keras_python(spec, 2), "keras3_code": to_keras_python(spec, 3)})
    k2 = [{"case": e["case"], "code": e["keras2_code"]} for e in entries if "keras2_code" in e]
    k3 = [{"case": e["case"], "code": e["keras3_code"]} for e in entries if "keras3_code" in e]
    ran2 = run(Path("/tmp/k2env/bin/python"), k2, legacy=True)
    ran3 = run(Path("/tmp/kenv/bin/python"), k3, legacy=False)
    for entry in entries:
        if entry["case"] in ran2:
            entry["keras2_run"] = {k: v for k, v in ran2[entry["case"]].items() if k != "case"}
        if entry["case"] in ran3:
            entry["keras3_run"] = {k: v for k, v in ran3[entry["case"]].items() if k != "case"}
    FIXTURE.write_text(json.dumps(entries, indent=1) + "\n")
    refused = sum("refused" in e for e in entries)
    built2 = sum(e.get("keras2_run", {}).get("ok", False) for e in entries)
    built3 = sum(e.get("keras3_run", {}).get("ok", False) for e in entries)
    print(f"{len(entries)} inputs: {refused} refused by lstmcalc under --keras 2; tf.keras 2 code built "
          f"{built2}/{len(k2)}; Keras 3 translation built {built3}/{len(k3)}; "
          f"{sum(bool(e.get('changes')) for e in entries)} translations changed something")
    for entry in entries:
        for key in ("keras2_run", "keras3_run"):
            if key in entry and not entry[key]["ok"]:
                print(f"{entry['case']}: {key}: {entry[key]['error'][:200]}")
        for key in ("refused", "keras2_refused", "keras3_refused"):
            if key in entry:
                print(f"{entry['case']}: {key}: {entry[key][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
