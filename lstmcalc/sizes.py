"""Sizes in bytes as people read them, the one formatter for every size lstmcalc prints."""

from __future__ import annotations


def size_text(size: int) -> str:
    """A size in bytes as people read it: '512 B', '1.0 KiB', '3.2 MiB', '2.0 GiB'. The one
    formatter for every size run and cost print."""
    if size >= 2**60:
        return "more than an exbibyte"
    if size < 1024:
        return f"{size:,} B"
    exponent = min((size.bit_length() - 1) // 10, 5)
    if exponent < 5 and round(size / 1024**exponent, 1) >= 1024:  # 1,048,575 B is 1.0 MiB, not 1,024.0 KiB
        exponent += 1
    return f"{size / 1024**exponent:,.1f} {('KiB', 'MiB', 'GiB', 'TiB', 'PiB')[exponent - 1]}"
