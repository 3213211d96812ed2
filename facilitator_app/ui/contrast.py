"""Text colours that meet WCAG 2.1 AA contrast (4.5:1 for ordinary text) on their background.

Secondary text (a point's number, strength and links; an empty list's hint) is drawn in the
palette's faint colour, which on some palettes reads at barely 3:1. :func:`readable` keeps the
palette's hue and moves it towards the text colour only as far as needed.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

#: WCAG 2.1 AA for ordinary (not large) text.
AA_TEXT = 4.5


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    red, green, blue = (_channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _blend(colour: QColor, towards: QColor, share: float) -> QColor:
    return QColor.fromRgbF(
        colour.redF() + (towards.redF() - colour.redF()) * share,
        colour.greenF() + (towards.greenF() - colour.greenF()) * share,
        colour.blueF() + (towards.blueF() - colour.blueF()) * share,
    )


def readable(colour: QColor, background: QColor, minimum: float = AA_TEXT) -> QColor:
    """``colour``, or the least change of it towards black or white (whichever the background
    is further from) that reads at ``minimum`` contrast on ``background``."""
    if contrast(colour, background) >= minimum:
        return QColor(colour)
    extreme = QColor("black") if luminance(background) > 0.18 else QColor("white")
    low, high = 0.0, 1.0
    for _ in range(20):  # bisect the share of the extreme mixed in
        middle = (low + high) / 2
        if contrast(_blend(colour, extreme, middle), background) >= minimum:
            high = middle
        else:
            low = middle
    return _blend(colour, extreme, high)
