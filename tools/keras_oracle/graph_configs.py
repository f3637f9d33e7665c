"""Write Keras's own model.to_json() beside each graph spec that Keras builds.

    /tmp/kenv/bin/python tools/keras_oracle/graph_configs.py tests/keras_graph/cases

Each CASE.yaml that builds gets CASE.keras.json, the config real Keras produces for the same
model, so the importer can be tested against Keras's serialisation of graphs (merges,
several inputs and outputs, initial states), as ../shared/conformance does for stacks.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).parent))

import oracle  # noqa: E402
import yaml  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1])
    for case in sorted(folder.glob("*.yaml")):
        try:
            model = oracle.build(yaml.safe_load(case.read_text()))
        except oracle.Refused:
            continue
        case.with_suffix("").with_suffix(".keras.json").write_text(model.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
