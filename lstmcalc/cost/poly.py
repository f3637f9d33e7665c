"""A count as a polynomial in T, the length of the model's variable axes.

`lstmcalc cost` on a model with variable timesteps and no `--timesteps` evaluates the
model at several lengths and interpolates: an LSTM's MACs are a·T, attention's scores b·T²,
a Dense after the last step a constant. A count that is no polynomial (a strided
convolution's floor((T - k) / s) + 1) fails the check at a further, odd length, and is
refused rather than shown wrong. Pure: integers and fractions only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

#: lengths the model is evaluated at: three fit a quadratic, three more (one odd, one far
#: beyond) check it, and short lengths find where it starts to hold (a peak is a maximum of
#: counts, so a short sequence may have another layer at its peak: "for T >= 8")
FIT_AT = (64, 128, 256)
CHECK_AT = (96, 97, 1_000_003)
PROBE_AT = (1, 2, 4, 8, 16, 32)


class Poly(NamedTuple):
    """c0 + c1·T + c2·T² (coefficients lowest first, trailing zeros dropped), for T from
    VALID_FROM on."""

    coefficients: tuple[Fraction, ...]
    valid_from: int = 1

    @classmethod
    def constant(cls, value: int) -> Poly:
        return cls((Fraction(value),) if value else ())

    @property
    def degree(self) -> int:
        return len(self.coefficients) - 1

    @property
    def value(self) -> int | None:
        """The count, when it does not depend on T."""
        if self.degree > 0:
            return None
        return int(self.coefficients[0]) if self.coefficients else 0

    def at(self, t: int) -> Fraction:
        return sum((c * t**i for i, c in enumerate(self.coefficients)), Fraction(0))

    def coefficient(self, power: int) -> Fraction:
        return self.coefficients[power] if power < len(self.coefficients) else Fraction(0)

    def text(self, unit: str = "T") -> str:
        """'70,656·T + 8,192' (a constant as its number)."""
        if not self.coefficients:
            return "0"
        terms = []
        for power in range(len(self.coefficients) - 1, -1, -1):
            c = self.coefficients[power]
            if c == 0:
                continue
            number = f"{int(c):,}" if c.denominator == 1 else f"{float(c):,.2f}"
            variable = "" if power == 0 else unit if power == 1 else f"{unit}²"
            terms.append(number if not variable else (variable if c == 1 else f"{number}·{variable}"))
        return " + ".join(terms).replace("+ -", "- ") + self.range_text(unit)

    def times(self, factor: int) -> Poly:
        return self._replace(coefficients=_strip([c * factor for c in self.coefficients]))

    def minus(self, *others: Poly) -> Poly:
        """This less OTHERS, holding where all of them hold."""
        coefficients = [*self.coefficients, *[Fraction(0)] * max((len(o.coefficients) for o in others), default=0)]
        for other in others:
            for i, c in enumerate(other.coefficients):
                coefficients[i] -= c
        return Poly(_strip(coefficients), max([self.valid_from, *(o.valid_from for o in others)]))

    def range_text(self, unit: str = "T") -> str:
        return f" (for {unit} ≥ {self.valid_from:,})" if self.valid_from > 1 and self.degree > 0 else ""


def _strip(coefficients: list[Fraction]) -> tuple[Fraction, ...]:
    while coefficients and coefficients[-1] == 0:
        coefficients.pop()
    return tuple(coefficients)


def interpolate(points: dict[int, int | None]) -> Poly | None:
    """The polynomial of degree < len(FIT_AT) through the values at FIT_AT, if it also gives
    the values at CHECK_AT; None when no such polynomial fits (the count is not one). It
    holds from the shortest length in PROBE_AT from which it gives every probed value (a
    length the model cannot take, None, ends the range)."""
    xs = list(FIT_AT)
    n = len(xs)
    # Newton's divided differences, exactly
    if any(points.get(x) is None for x in xs):
        return None
    table = [Fraction(points[x] or 0) for x in xs]
    coef = [table[0]]
    for level in range(1, n):
        table = [(table[i + 1] - table[i]) / (xs[i + level] - xs[i]) for i in range(n - level)]
        coef.append(table[0])
    # expand Newton form into powers of T
    result = [Fraction(0)] * n
    basis = [Fraction(1)]
    for k in range(n):
        for i, b in enumerate(basis):
            result[i] += coef[k] * b
        basis = [Fraction(0), *basis]
        for i in range(len(basis) - 1):
            basis[i] -= xs[k] * basis[i + 1]
    poly = Poly(_strip(result))
    if any(points.get(x) is None or poly.at(x) != points[x] for x in CHECK_AT):
        return None
    start = FIT_AT[0]
    for x in sorted(PROBE_AT, reverse=True):
        if points.get(x) is None or poly.at(x) != points[x]:
            break
        start = x
    return poly._replace(valid_from=start)
