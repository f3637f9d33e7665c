"""Drawing cost: `diagram` (unrolled and --overview) beside the summary of the same model.

    python bench/bench_diagram.py [--repeat 30]

For each model (the bundled specs that draw, and a 100-step Conv1D -> Bidirectional ->
LSTM stack), in one process: the median time to read and infer it (summarize), to draw it
unrolled in time (diagram_svg) and to draw its overview (overview_svg), and the drawings'
median ratio to the summary. The diagram must stay a small multiple of reading the model
(target: unrolled <= 3x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lstmcalc.engine import summarize  # noqa: E402
from lstmcalc.render.diagram import diagram_svg, undrawable  # noqa: E402
from lstmcalc.render.overview import overview_svg  # noqa: E402

LONG = b"""layers:
  - {type: Input, shape: [100, 16]}
  - {type: Conv1D, filters: 8, kernel_size: 5, padding: same}
  - type: Bidirectional
    layer: {type: LSTM, units: 32, return_sequences: true}
  - {type: LSTM, units: 16}
  - {type: Dense, units: 1}
"""


def median_ms(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--target", type=float, default=3.0)
    args = ap.parse_args()
    models = [(p.name, p.read_bytes()) for p in sorted((ROOT / "specs").glob("*.yaml"))] + [("100 steps", LONG)]
    ratios = []
    print(f"{'model':<32} {'summary':>9} {'diagram':>9} {'overview':>9}  (median ms of {args.repeat})")
    for name, data in models:
        summary = summarize(data, name)
        if not summary.ok or undrawable(summary) is not None:
            continue
        read = median_ms(lambda d=data, n=name: summarize(d, n), args.repeat)
        draw = median_ms(lambda s=summary: diagram_svg(s), args.repeat)
        over = median_ms(lambda s=summary: overview_svg(s), args.repeat)
        ratios.append(draw / read)
        print(f"{name:<32} {read:9.2f} {draw:9.2f} {over:9.2f}")
    ratio = statistics.median(ratios)
    print(f"median ratio diagram / summary: {ratio:.2f} (target <= {args.target})")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
