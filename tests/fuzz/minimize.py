"""Turn collected fuzz failures into small regression files.

    python -m fuzz.minimize FAILURES.json [--out tests/fuzz/regressions]   (run from tests/)

For each signature in a `--fuzz-collect` file, the kept case is minimized greedily while
the driver reports the same signature: argv words are dropped, then lines (and then
characters) of every text file and of stdin are removed with a simple ddmin. The result
is written as `fuzz_<short-name>.json` (under 50 KB) unless a file with that name exists.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .driver import case_from_regression, regression_json, run_case

MAX_BYTES = 50_000


def _same(sig: str) -> Callable[[dict[str, Any]], bool]:
    def test(case: dict[str, Any]) -> bool:
        try:
            return run_case(case).signature == sig
        except Exception:  # noqa: BLE001 - a candidate the harness cannot even run is no good
            return False
    return test


def _ddmin(items: list[Any], keep: Callable[[list[Any]], bool], budget: list[int]) -> list[Any]:
    n = 2
    while len(items) >= 2 and budget[0] > 0:
        chunk = max(1, len(items) // n)
        removed = False
        for start in range(0, len(items), chunk):
            if budget[0] <= 0:
                break
            candidate = items[:start] + items[start + chunk:]
            budget[0] -= 1
            if candidate and keep(candidate):
                items = candidate
                n = max(n - 1, 2)
                removed = True
                break
        if not removed:
            if chunk == 1:
                break
            n = min(n * 2, len(items))
    return items


def minimize(case: dict[str, Any], sig: str, budget: int = 400) -> dict[str, Any]:
    same = _same(sig)
    left = [budget]
    case = dict(case, files=dict(case["files"]))
    # argv: drop single words and option/value pairs after the command and first path
    i = 2
    while i < len(case["argv"]) and left[0] > 0:
        for width in (2, 1):
            candidate = dict(case, argv=case["argv"][:i] + case["argv"][i + width:])
            left[0] -= 1
            if len(candidate["argv"]) >= 1 and same(candidate):
                case = candidate
                break
        else:
            i += 1
    for name in list(case["files"]):
        if name in case["argv"] or left[0] <= 0:
            continue
        candidate = dict(case, files={k: v for k, v in case["files"].items() if k != name})
        left[0] -= 1
        if same(candidate):
            case = candidate
    for name, data in list(case["files"].items()):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        for split, join in ((lambda t: t.split("\n"), "\n"), (list, "")):
            parts = split(text)
            if len(parts) > 4000:
                continue

            def keep(items: list[str], name: str = name, join: str = join) -> bool:
                files = dict(case["files"])
                files[name] = join.join(items).encode("utf-8", "surrogatepass")
                return same(dict(case, files=files))

            text = join.join(_ddmin(parts, keep, left))
            case["files"][name] = text.encode("utf-8", "surrogatepass")
    if isinstance(case.get("stdin"), str):
        lines = case["stdin"].split("\n")
        lines = _ddmin(lines, lambda items: same(dict(case, stdin="\n".join(items))), left)
        case["stdin"] = "\n".join(lines)
    return case


def short_name(sig: str) -> str:
    match = re.search(r"(\w+) at lstmcalc/([\w/]+)\.py:(\d+)", sig)
    if match:
        return f"{match.group(2).split('/')[-1]}_{match.group(3)}_{match.group(1)}".lower()
    words = re.sub(r"[^a-z0-9]+", "_", sig.lower()).strip("_")
    return words[:50]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("failures")
    parser.add_argument("--out", default=str(Path(__file__).parent / "regressions"))
    parser.add_argument("--budget", type=int, default=400)
    args = parser.parse_args(argv)
    found = json.loads(Path(args.failures).read_text())
    out = Path(args.out)
    for sig, entry in sorted(found.items()):
        kind = sig.split(":")[0]
        case, _ = case_from_regression(entry["case"])
        real_sig = sig.split(": ", 1)[1]
        first = run_case(case)
        if first.signature != real_sig:
            print(f"not reproduced: {sig} (got {first.signature})", file=sys.stderr)
            continue
        small = minimize(case, real_sig, args.budget)
        final = run_case(small)
        name = f"fuzz_{kind}_{short_name(real_sig)}"[:80] + ".json"
        body = regression_json(small, f"fuzz ({kind}) {real_sig}: {final.problems[0] if final.problems else ''}"[:240])
        text = json.dumps(body, indent=1, ensure_ascii=True) + "\n"
        if len(text) > MAX_BYTES:
            print(f"too big after minimizing ({len(text)} bytes): {sig}", file=sys.stderr)
            continue
        target = out / name
        if target.exists():
            print(f"exists, kept: {target.name}  <- {sig}")
            continue
        target.write_text(text)
        print(f"{target.name}  <- {sig}  argv={small['argv']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
