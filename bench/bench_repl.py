"""The interactive calculator's cost per line as sessions grow: it must stay linear.

    python bench/bench_repl.py [--sizes 250 500 1000] [--runs 5]

Each size is a scripted session (`lstmcalc interactive` with a script on stdin) of N lines,
an Input and then N-1 `Dense(4)` (1,000 layers is a session's limit, and a script whose
line is refused exits 1), run --runs times interleaved with the other sizes in
one process each (as a user runs it). It prints the median wall time per size, the time per
line, and the ratio of each size's time to the smallest one's over the ratio of their line
counts: about 1 is linear; the old re-render-everything REPL was quadratic (ratio ~N/N0).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def session(lines: int) -> str:
    return "Input(shape=(50, 10))\n" + "Dense(4)\n" * (lines - 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    command = [sys.executable, "-c", "from lstmcalc.cli import main; main()", "interactive"]
    times: dict[int, list[float]] = {n: [] for n in args.sizes}
    for _ in range(args.runs):
        for n in args.sizes:  # interleaved, so machine load hits every size alike
            start = time.perf_counter()
            subprocess.run(command, input=session(n), text=True, capture_output=True, check=True)
            times[n].append(time.perf_counter() - start)
    base = args.sizes[0]
    base_median = statistics.median(times[base])
    print(f"runs: {args.runs} (interleaved), python {sys.version.split()[0]}")
    for n in args.sizes:
        median = statistics.median(times[n])
        growth = (median / base_median) / (n / base)
        print(f"{n:>6} lines  median {median * 1000:8.1f} ms  {median / n * 1000:6.2f} ms/line  "
              f"growth vs linear {growth:4.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
