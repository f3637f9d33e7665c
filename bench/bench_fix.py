"""The cost of fixing: `lint DIR` beside `lint --fix --diff DIR` on the same generated specs.

    python bench/bench_fix.py [--specs 300] [--repeat 5] [--broken 0.5]

The specs are bench_lint's realistic stacks; a share (--broken) gets a mechanical mistake
(a missing return_sequences, a misspelt argument or activation, a Keras 2 input_shape),
so --diff has something to fix. Both commands run in this process through click's
CliRunner, alternately, so they see the same machine state; the figures are medians of
--repeat runs and their ratio. --diff writes nothing, so every run sees the same files.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # run from a checkout, as the other benches
from bench_lint import make_spec


def break_spec(rng: random.Random, text: str) -> str:
    """One mechanical mistake that `lint --fix` knows how to undo."""
    mistake = rng.choice(["sequences", "argument", "activation", "keras2"])
    if mistake == "sequences" and "return_sequences: true}" in text:
        return text.replace("return_sequences: true}", "return_sequences: false}", 1)
    if mistake == "argument":
        return text.replace("units:", "unit:", 1) if "{type: Dense" not in text.split("\n")[3] else text
    if mistake == "activation" and "activation: sigmoid" in text:
        return text.replace("activation: sigmoid", "activation: sigmod", 1)
    lines = text.splitlines()
    shape = lines[2].split("shape: ")[1].rstrip("}")
    first = lines[3].rstrip("}")
    if first.startswith("  - {type: Bidirectional"):
        return text
    return "\n".join([*lines[:2], f"{first}, input_shape: {shape}}}", *lines[4:]]) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--specs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--broken", type=float, default=0.5, help="share of specs given a fixable mistake")
    args = ap.parse_args()
    from click.testing import CliRunner

    from lstmcalc.cli import cli

    rng = random.Random(0)
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.specs):
            text = make_spec(rng, i)
            if rng.random() < args.broken:
                text = break_spec(rng, text)
            Path(tmp, f"spec_{i:04d}.yaml").write_text(text)
        times: dict[str, list[float]] = {"lint": [], "lint --fix --diff": []}
        outputs: dict[str, str] = {}
        for _ in range(args.repeat):
            for label, extra in (("lint", []), ("lint --fix --diff", ["--fix", "--diff"])):
                start = time.perf_counter()
                result = runner.invoke(cli, ["lint", *extra, tmp])
                times[label].append(time.perf_counter() - start)
                outputs[label] = result.stdout
                assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    fixed = outputs["lint --fix --diff"].count("\n+++ ")
    base = statistics.median(times["lint"])
    print(f"{args.specs} generated specs, {fixed} with a fix in the diff; medians of {args.repeat} runs:")
    for label, runs in times.items():
        median = statistics.median(runs)
        print(f"  {label:<18} {median * 1000:8.1f} ms  {args.specs / median:8,.0f} specs/s  "
              f"(min {min(runs) * 1000:.1f}, max {max(runs) * 1000:.1f} ms)  ratio {median / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
