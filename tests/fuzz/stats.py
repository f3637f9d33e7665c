"""What the fuzz tests tried and found in this process, for the terminal summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

#: cases run per input kind
TRIED: Counter[str] = Counter()
#: with --fuzz-collect: signature -> the smallest failing case seen and what went wrong
FAILURES: dict[str, dict[str, Any]] = {}
#: with --fuzz-collect: signature -> how many cases hit it
HITS: Counter[str] = Counter()
