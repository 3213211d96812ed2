"""Colours for good and bad news that stay readable on the light or dark palette in use."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette


def _dark_palette() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def error_colour() -> QColor:
    """A red that reads on the palette in use: dark red on a light one, a soft red on dark."""
    return QColor("#ff8a80" if _dark_palette() else "#a00000")


def success_colour() -> QColor:
    """A green that reads on the palette in use."""
    return QColor("#81c784" if _dark_palette() else "#1b6e20")


def warning_colour() -> QColor:
    """An amber-brown for "done, but look": merged with conflicts to settle."""
    return QColor("#ffcc80" if _dark_palette() else "#8a4b00")
