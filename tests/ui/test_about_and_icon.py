"""The About box tells version, licence and locations; the app icon renders from its SVG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from facilitator_app import __version__
from facilitator_app.ui.shell.about import AboutDialog, data_dir, settings_locations
from facilitator_app.ui.shell.settings import use_settings_folder
from facilitator_app.ui.widgets.icons import WINDOW_ICON_SIZES, app_icon, app_icon_svg, render_icon


def test_icon_svg_is_shipped_as_a_resource() -> None:
    assert app_icon_svg().lstrip().startswith(b"<?xml")


def test_app_icon_has_every_window_size(qapp: object) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(WINDOW_ICON_SIZES)


def test_rendered_icon_is_opaque_inside_and_transparent_in_the_corner(qapp: object) -> None:
    image = render_icon(64)
    assert image.width() == image.height() == 64
    assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner
    assert image.pixelColor(32, 58).alpha() == 255  # the tile


def test_about_shows_version_licence_and_locations(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert __version__ in dialog.version_label.text()
    assert "MIT" in dialog.licence_label.text()
    locations = dialog.locations_label.text()
    assert str(data_dir()) in locations
    preferences, window_state = settings_locations()
    assert preferences in locations and window_state in locations
    assert preferences != window_state
    assert not dialog.windowIcon().isNull()


def test_about_closes_with_enter(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=1000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_about_closes_with_escape(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_about_names_the_settings_files_the_app_really_uses(qtbot: QtBot, tmp_path: Path) -> None:
    use_settings_folder(tmp_path)
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
        locations = dialog.locations_label.text()
    finally:
        use_settings_folder(None)
    assert str(tmp_path / "preferences.ini") in locations
    assert str(tmp_path / "window-state.ini") in locations


def test_about_has_no_gap_between_the_licence_and_the_locations(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    logo = dialog.findChild(QLabel, "aboutLogo")
    assert logo is not None
    top_bottom = max(dialog.licence_label.geometry().bottom(), logo.geometry().bottom())
    assert dialog.locations_label.geometry().top() - top_bottom < dialog.fontMetrics().height()
    assert dialog.width() >= 520
