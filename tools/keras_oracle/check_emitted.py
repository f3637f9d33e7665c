"""Run the Keras code `lstmcalc convert --to keras` emits, in real Keras, and compare summaries.

    /tmp/kenv/bin/python tools/keras_oracle/check_emitted.py tests/conformance tests/keras_graph
    /tmp/kenv/bin/python tools/keras_oracle/check_emitted.py tests/fixtures/keras3_shared_nested.json

For every case Keras builds, the spec is converted with lstmcalc (imported from this
checkout), the program is executed in this Keras, and its model.summary() (COLUMNS=120)
is compared with the corpus's recorded summary. A one-off check, not a CI step: it needs
TensorFlow, which lstmcalc never depends on.
"""

from __future__ import annotations

import io
import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"
warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import keras  # noqa: E402

from lstmcalc.spec import load_spec  # noqa: E402
from lstmcalc.writers.keras_code import to_keras_python  # noqa: E402


def _cases(corpus: Path) -> list[tuple[str, bytes, str]]:
    """(case, spec bytes, Keras's summary) of every case Keras builds: a corpus folder, or a
    fixture list of {name, spec, summary} (tools/keras_oracle/shared_nested.py)."""
    if corpus.suffix == ".json":
        return [(c["name"], c["spec"].encode(), c["summary"]) for c in json.loads(corpus.read_text())
                if "summary" in c]
    found = []
    for line in (corpus / "expected.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if entry["ok"]:
            found.append((entry["case"], (corpus / "cases" / f"{entry['case']}.yaml").read_bytes(),
                          (corpus / "summaries" / f"{entry['case']}.txt").read_text()))
    return found


def main() -> int:
    same = total = 0
    for corpus in map(Path, sys.argv[1:]):
        for case_name, data, want in _cases(corpus):
            spec, _ = load_spec(data, f"{case_name}.yaml")
            assert spec is not None
            code = to_keras_python(spec).replace("model.summary()", "")
            keras.backend.clear_session()
            scope: dict[str, object] = {}
            total += 1
            try:
                exec(compile(code, case_name, "exec"), scope)  # our own emitted code, in the throwaway venv
                text = io.StringIO()
                scope["model"].summary(print_fn=text.write)  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - report and go on
                print(f"{case_name}: {type(exc).__name__}: {exc}"[:300])
                continue
            if text.getvalue().rstrip("\n") == want.rstrip("\n"):
                same += 1
            else:
                print(f"{case_name}: summary differs")
    print(f"emitted Keras code: {same}/{total} summaries identical to Keras's recorded ones")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
