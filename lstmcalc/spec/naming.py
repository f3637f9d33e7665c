"""Keras 3's automatic layer names: a per-prefix counter, as in a fresh process."""

from __future__ import annotations


class Namer:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def take(self, prefix: str) -> str:
        """'lstm', then 'lstm_1', 'lstm_2', ..."""
        n = self.counts.get(prefix, 0)
        self.counts[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"
