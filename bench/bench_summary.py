"""How much does `lstmcalc summary` cost over importing its own dependencies?

Runs, interleaved and in the same interpreter (sys.executable):
  baseline: python -c "import click, yaml, rich.console, rich.table"
  summary:  python -m lstmcalc summary specs/understanding_lstm.yaml
and prints the median wall time of each and the median of the per-pair ratios.
The issue's target is a median ratio <= 1.3.

    python bench/bench_summary.py [--runs 20] [--spec specs/understanding_lstm.yaml] [--keras 2]

With --keras 2 the summary is tf.keras 2's (`summary --keras 2`: its table and rules).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = [sys.executable, "-c", "import click, yaml, rich.console, rich.table"]


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "120"})
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.decode()[-500:]}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--spec", default="specs/understanding_lstm.yaml")
    ap.add_argument("--target", type=float, default=1.3)
    ap.add_argument("--keras", choices=["2", "3"], default="3")
    ap.add_argument("--command", choices=["summary", "cost"], default="summary",
                    help="the command timed (cost: its own lazily loaded modules, no numpy)")
    args = ap.parse_args()
    summary = [sys.executable, "-m", "lstmcalc", args.command, *(["--keras", "2"] if args.keras == "2" else []),
               args.spec]
    # pip byte-compiles an installed package; an editable checkout (or a machine with
    # PYTHONDONTWRITEBYTECODE=1) would otherwise recompile lstmcalc on every run.
    compileall.compile_dir(str(ROOT / "lstmcalc"), quiet=1)
    for argv in (BASELINE, summary):  # warm the OS file cache and .pyc files
        timed(argv)
    base, ours, ratios = [], [], []
    for _ in range(args.runs):
        b = timed(BASELINE)
        s = timed(summary)
        base.append(b)
        ours.append(s)
        ratios.append(s / b)
    mb, ms, mr = statistics.median(base), statistics.median(ours), statistics.median(ratios)
    print(f"runs: {args.runs} (interleaved), python {sys.version.split()[0]}")
    print(f"import click, yaml, rich.console, rich.table  median {mb * 1000:7.1f} ms")
    shown = ("--keras 2 " if args.keras == "2" else "") + args.spec
    print(f"lstmcalc {args.command} {shown:<28} median {ms * 1000:7.1f} ms")
    print(f"median ratio {mr:.2f} (target <= {args.target})")
    return 0 if mr <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
