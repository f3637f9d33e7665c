"""Replay every fuzz regression as a real subprocess, the way the unseen hostile set is run.

    python tools/check_hostile.py [--dir tests/fuzz/regressions] [--timeout 10] [--max-rss-mib 400]

For each regression file the case's files are written to a fresh temporary folder and
`lstmcalc ARGV...` runs there as its own process (stdin from the case), under a wall-clock
timeout. Peak memory is the child's ru_maxrss (resource.getrusage(RUSAGE_CHILDREN) grows
only when a child peaks higher, so each case runs in its own `python -c` wrapper that
reports its own peak). A case fails on: a timeout, peak RSS over the cap, an exit status
outside the case's allowed list or outside {0, 1, 2}, or "Traceback"/"internal error" in
its output. Prints one line per failure and a summary with the slowest and largest cases.
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRAPPER = r"""
import resource, subprocess, sys
proc = subprocess.run(sys.argv[2:], input=sys.stdin.buffer.read(), capture_output=True)
sys.stdout.buffer.write(proc.stdout)
sys.stderr.buffer.write(proc.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(str(peak))
sys.exit(proc.returncode)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "fuzz" / "regressions")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--max-rss-mib", type=float, default=400.0)
    args = ap.parse_args()
    lstmcalc = [sys.executable, "-c", "from lstmcalc.cli import main; main()"]
    results = []
    failures = 0
    for path in sorted(args.dir.glob("*.json")):
        case = json.loads(path.read_text())
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name, body in case["files"].items():
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(body["b64"]) if "b64" in body else body["text"].encode())
            stdin = (case.get("stdin") or "").encode("utf-8", "surrogatepass")
            peak_file = folder / ".peak"
            start = time.perf_counter()
            try:
                proc = subprocess.run([sys.executable, "-c", WRAPPER, str(peak_file), *lstmcalc, *case["argv"]],
                                      input=stdin, capture_output=True, cwd=folder, timeout=args.timeout, check=False)
            except subprocess.TimeoutExpired:
                failures += 1
                print(f"FAIL {path.name}: over {args.timeout} s")
                continue
            wall = time.perf_counter() - start
            peak_mib = int(peak_file.read_text()) / 1024 if peak_file.exists() else 0.0
        output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        problems = []
        if proc.returncode not in case["exit"] or proc.returncode not in (0, 1, 2):
            problems.append(f"exit {proc.returncode}, allowed {case['exit']}")
        if "Traceback" in output or "internal error" in output:
            problems.append("a traceback or internal error")
        if peak_mib > args.max_rss_mib:
            problems.append(f"peak RSS {peak_mib:.0f} MiB")
        if problems:
            failures += 1
            print(f"FAIL {path.name}: {'; '.join(problems)}")
        results.append((wall, peak_mib, path.name))
    slowest = max(results) if results else (0.0, 0.0, "-")
    largest = max(results, key=lambda r: r[1]) if results else (0.0, 0.0, "-")
    total = len(list(args.dir.glob("*.json")))
    print(f"{total} cases as subprocesses, {failures} failed; "
          f"slowest {slowest[0]:.2f} s ({slowest[2]}), largest {largest[1]:.0f} MiB ({largest[2]})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
