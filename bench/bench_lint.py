"""Lint throughput: generated specs linted in one process, in specs per second.

    python bench/bench_lint.py [--specs 1000] [--repeat 5]

The specs are random but realistic stacks (Input, LSTM/GRU/SimpleRNN, Bidirectional,
Dropout, Dense, Conv1D, ...), some with errors, written to a temporary folder and linted
through the same path as `lstmcalc lint DIR` (read, parse, infer, rules, text report).
The issue's target is >= 1,000 specs/s; the figure is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

RNNS = ["LSTM", "GRU", "SimpleRNN"]


def make_spec(rng: random.Random, i: int) -> str:
    steps, feats = rng.choice([None, 10, 50, 100]), rng.choice([1, 8, 32])
    lines = [f"name: bench_{i}", "layers:", f"  - {{type: Input, shape: [{'null' if steps is None else steps}, {feats}]}}"]
    depth = rng.randint(1, 4)
    for d in range(depth):
        rnn = rng.choice(RNNS)
        seq = "true" if d < depth - 1 or rng.random() < 0.1 else "false"
        units = rng.choice([8, 16, 64, 128])
        if rng.random() < 0.3:
            lines.append(f"  - {{type: Bidirectional, layer: {{type: {rnn}, units: {units}, return_sequences: {seq}}}}}")
        else:
            lines.append(f"  - {{type: {rnn}, units: {units}, return_sequences: {seq}}}")
        if rng.random() < 0.4:
            lines.append("  - {type: Dropout, rate: 0.2}")
    lines.append(f"  - {{type: Dense, units: {rng.choice([1, 10])}, activation: {rng.choice(['sigmoid', 'softmax'])}}}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--specs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--target", type=float, default=1000.0)
    args = ap.parse_args()
    from lstmcalc.cli import read_input
    from lstmcalc.discovery import Overrides, Resolver, discover
    from lstmcalc.lint import LintOptions, lint_bytes
    from lstmcalc.render.lint_formats import render_text

    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.specs):
            Path(tmp, f"spec_{i:04d}.yaml").write_text(make_spec(rng, i))
        rates = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            options = LintOptions()
            found = discover((tmp,), Resolver(None, Overrides(), Path(tmp)))  # the folder walk lint does
            reports = [lint_bytes(read_input(p), p, options) for p, _settings in found.files]
            render_text(reports, options)
            rates.append(len(reports) / (time.perf_counter() - start))
    median = statistics.median(rates)
    print(f"linted {args.specs} specs x {args.repeat} runs: median {median:,.0f} specs/s "
          f"(min {min(rates):,.0f}, max {max(rates):,.0f}); target >= {args.target:,.0f}")
    return 0 if median >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
