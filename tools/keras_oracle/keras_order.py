"""List each case of a corpus in Keras's own layer order, for the next oracle run.

    python tools/keras_oracle/keras_order.py tests/keras_layers/<family>

The JSON rows of a functional model follow the spec's listing; Keras's `model.layers`
follow its graph order. A generator that lists layers in another (valid) order than
Keras's would compare rows out of place, so after a first oracle run each case Keras
builds is rewritten with its layers in Keras's order (every layer still after the
layers it takes input from; layers outside the model keep their place after those);
the oracle is then run again (automatic names of mask ops follow the new order).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def keras_order(layers: list[dict], names: list[str]) -> list[dict]:
    """LAYERS listed in the order of NAMES, each after the layers it takes input from."""
    by_name = {layer["name"]: layer for layer in layers}
    placed: set[str] = set()
    ordered: list[dict] = []
    for start in [*names, *by_name]:
        stack = [(start, False)]
        while stack:
            name, ready = stack.pop()
            if name in placed:
                continue
            if ready:
                placed.add(name)
                ordered.append(by_name[name])
                continue
            stack.append((name, True))
            stack.extend((ref.split("[")[0], False) for ref in reversed(by_name[name].get("inputs", [])))
    return ordered


def main() -> int:
    corpus = Path(sys.argv[1])
    for line in (corpus / "expected.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if not entry["ok"]:
            continue
        path = corpus / "cases" / f"{entry['case']}.yaml"
        spec = yaml.safe_load(path.read_text())
        if "outputs" not in spec:  # a Sequential spec: its listing is Keras's order
            continue
        spec["layers"] = keras_order(spec["layers"], [row["name"] for row in entry["layers"]])
        path.write_text(yaml.safe_dump(spec, sort_keys=False, default_flow_style=None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
