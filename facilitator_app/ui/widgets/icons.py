"""The app's icon, drawn from the SVG source shipped in ``facilitator_app.resources``.

The SVG is rendered with QtSvg at the sizes window managers and task bars ask for, so the window
icon needs no generated PNG and no build step: it works from a source checkout, an installed
wheel and the PyInstaller bundle alike (``importlib.resources`` reads it even from a zip).
"""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_RESOURCE = ("icons", "facilitator.svg")
"""Where the icon's SVG source lives inside ``facilitator_app.resources``."""

WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""Sizes pre-rendered into the window icon: title bars, task bars, Alt+Tab and docks."""


def app_icon_svg() -> bytes:
    """The icon's SVG source, read through importlib.resources (never a working-dir path)."""
    resource = files("facilitator_app.resources")
    for part in ICON_RESOURCE:
        resource = resource.joinpath(part)
    return resource.read_bytes()


def render_icon(size: int, renderer: QSvgRenderer | None = None) -> QImage:
    """The icon as a transparent square image of ``size`` pixels (shared with the icon script)."""
    renderer = renderer or QSvgRenderer(QByteArray(app_icon_svg()))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def app_icon() -> QIcon:
    """The window icon; needs a QGuiApplication (pixmaps live on the GUI side)."""
    renderer = QSvgRenderer(QByteArray(app_icon_svg()))
    if not renderer.isValid():  # a damaged install: better no icon than no window
        return QIcon()
    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(render_icon(size, renderer)))
    return icon
