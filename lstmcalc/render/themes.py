"""The colours of the handout formats (SVG, HTML), in one place.

Keras colours its summary with three xterm-256 colours (keras/src/utils/summary_utils.py):
color(45) cyan for `None`, color(34) green for numbers and color(33) blue for layer types.
On a dark terminal they read well; on white paper cyan `None` is 1.7:1, far below the
4.5:1 WCAG AA asks of text. So the handouts map each of Keras's colours to a *role* and
each theme gives every role a colour that meets 4.5:1 on every background of that theme
(tests/test_themes.py computes the ratios).

- `light` (the default): dark text on white, darker shades of Keras's hues; prints well.
- `terminal`: the look of a dark terminal, Keras's own colours on rich's SVG background,
  except color(33) (#0087ff, 4.1:1 there) lightened to #3a96ff.
- monochrome (`--no-color`): every role in the text colour; bold is kept.
"""

from __future__ import annotations

from typing import NamedTuple

from lstmcalc.render.context import Theme


class Palette(NamedTuple):
    #: backgrounds: the page, and the shaded background of inline code (explain HTML)
    background: str
    surface: str
    #: foregrounds: text and table rules, secondary notes, then Keras's three colours
    text: str
    muted: str
    none: str  # Keras color(45): `None` in shapes
    number: str  # Keras color(34): dimensions, parameter counts
    symbol: str  # Keras color(33): the layer's class name

    @property
    def backgrounds(self) -> dict[str, str]:
        return {"background": self.background, "surface": self.surface}

    @property
    def foregrounds(self) -> dict[str, str]:
        return {"text": self.text, "muted": self.muted, "none": self.none, "number": self.number,
                "symbol": self.symbol}

    def monochrome(self) -> Palette:
        return self._replace(none=self.text, number=self.text, symbol=self.text)


PALETTES: dict[Theme, Palette] = {
    Theme.LIGHT: Palette(background="#ffffff", surface="#f4f4f4", text="#1a1a1a", muted="#555555",
                         none="#00677a", number="#0a6e0a", symbol="#0054b3"),
    Theme.TERMINAL: Palette(background="#292929", surface="#292929", text="#c5c8c6", muted="#a8aaa9",
                            none="#00d7ff", number="#00af00", symbol="#3a96ff"),
}

#: Keras's xterm-256 colour numbers -> palette role
KERAS_ROLES: dict[int, str] = {45: "none", 34: "number", 33: "symbol"}


def palette(theme: Theme | str = Theme.LIGHT, *, color: bool | None = True) -> Palette:
    """THEME's palette; monochrome when colour is turned off (`--no-color`)."""
    chosen = PALETTES[Theme(theme)]
    return chosen.monochrome() if color is False else chosen


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio, 1.0 to 21.0."""
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)

__all__ = ["KERAS_ROLES", "PALETTES", "Palette", "Theme", "contrast_ratio", "palette", "relative_luminance"]
