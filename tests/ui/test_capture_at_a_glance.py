"""A capture screen a scribe can trust at a glance: where the keyboard is shows, only the list
with the keyboard shows a bright selection, and no delete goes unnoticed.

What the scribe sees is read from the widgets as drawn (``grab``), at places worked out from
the widgets' own geometry, and compared with the palette's colours: no fixed pixel sizes.
"""

from __future__ import annotations

import pytest
from capture_helpers import Opener, Typer, stored_texts, texts
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.capture.column import FOCUS_MARK_WIDTH, QuestionColumn
from facilitator_app.ui.contrast import contrast


def highlight(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)


def drawn(widget: QWidget, at: QPoint) -> QColor:
    """The colour the widget shows at ``at`` (its own coordinates, on any pixel density)."""
    image = widget.grab().toImage()
    scale = image.devicePixelRatio()
    return image.pixelColor(
        round((at.x() + 0.5) * scale - 0.5), round((at.y() + 0.5) * scale - 0.5)
    )


def distance(one: QColor, other: QColor) -> int:
    return sum(abs(a - b) for a, b in zip(one.getRgb()[:3], other.getRgb()[:3], strict=True))


def beside(column: QuestionColumn, part: QWidget) -> QPoint:
    """A point on the focus mark drawn around ``part``: just left of it, half-way down."""
    offset = FOCUS_MARK_WIDTH // 2 + 2
    return QPoint(part.geometry().left() - offset, part.geometry().center().y())


def on_edge(column: QuestionColumn) -> QPoint:
    """A point on the mark drawn along the column's own left edge, half-way down."""
    return QPoint(FOCUS_MARK_WIDTH // 2 + 1, column.height() // 2)


def selection_colour(view: CaptureView, number: int) -> QColor:
    """The background the list of question ``number`` shows behind its selected point."""
    listing = view.column(number).list_view
    rect = listing.visualRect(listing.selectionModel().selectedRows()[0])
    return drawn(listing.viewport(), QPoint(rect.right() - 2, rect.top() + 2))


def test_the_box_and_column_with_the_keyboard_are_marked_and_no_other(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    first, second = view.column(1), view.column(2)
    assert QApplication.focusWidget() is first.entry
    assert drawn(first, beside(first, first.entry)) == highlight(first)
    assert drawn(first, on_edge(first)) == highlight(first)
    assert drawn(second, beside(second, second.entry)) != highlight(second)
    assert drawn(second, on_edge(second)) != highlight(second)

    qtbot.keyClick(first.entry, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is second.entry
    assert drawn(second, beside(second, second.entry)) == highlight(second)
    assert drawn(first, beside(first, first.entry)) != highlight(first)
    assert drawn(first, on_edge(first)) != highlight(first)

    second.list_view.setFocus()  # the mark goes with the keyboard to the list
    assert drawn(second, beside(second, second.list_view)) == highlight(second)
    assert drawn(second, beside(second, second.entry)) != highlight(second)


def test_only_the_list_with_the_keyboard_shows_a_bright_selection(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer
) -> None:
    view = open_capture(seated_workshop, table_two)
    for number in (1, 2, 3):
        type_point(view, number, f"A point under question {number}")
        view.column(number).list_view.select_point(view.column(number).model.point_at(0).id)
    view.column(2).list_view.setFocus()
    listing = view.column(2).list_view
    base = listing.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)

    assert selection_colour(view, 2) == highlight(listing)
    for muted in (selection_colour(view, 1), selection_colour(view, 3)):
        assert muted != highlight(listing)
        assert distance(muted, base) < distance(muted, highlight(listing))

    view.column(2).entry.setFocus()  # typing again: no list shows a bright selection
    assert selection_colour(view, 2) != highlight(listing)


def test_every_delete_says_what_went_and_that_ctrl_z_brings_it_back(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Buses every twenty minutes", "A clinic in every village hall", "Parking"):
        type_point(view, 2, text)
    listing = view.column(2).list_view
    listing.setFocus()
    listing.select_point(view.column(2).model.point_at(1).id)
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert texts(view, 2) == ["Buses every twenty minutes", "Parking"]
    assert view.message.isVisible()
    assert view.message.text() == (
        "Deleted point 2.2 “A clinic in every village hall”. Ctrl+Z brings it back."
    )
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_texts(seated_workshop, table_two, 2) == [
        "Buses every twenty minutes",
        "A clinic in every village hall",
        "Parking",
    ]

    listing.selectAll()
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert texts(view, 2) == []
    assert view.message.text() == "Deleted 3 points of question 2. Ctrl+Z brings them back."


def palette_of(base: str, text: str, faint: str, highlight: str) -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Base, QColor(base))
        palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(faint))
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(highlight))
    return palette


PALETTES = {
    "light": palette_of("#ffffff", "#000000", "#a0a0a0", "#308cc6"),
    "dark": palette_of("#2b2b2b", "#e0e0e0", "#6f6f6f", "#2a82da"),
}


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_small_grey_text_meets_wcag_aa_in_light_and_dark_palettes_at_every_zoom(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, name: str
) -> None:
    """A point's number, strength and links, and an empty list's hint, read at 4.5:1 at least,
    and the strength and links line is never set below 8 points."""
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking at the new site")
    listing = view.column(2).list_view
    listing.setPalette(PALETTES[name])
    delegate = listing.point_delegate
    palette = listing.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        base = palette.color(group, QPalette.ColorRole.Base)
        assert contrast(delegate.secondary_colour(palette, group), base) >= 4.5
    text = palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText)
    muted = palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    assert contrast(text, muted) >= 4.5  # a point selected in a list without the keyboard
    base_font = QApplication.font()
    for step in range(6, 26):  # every zoom step, 0.6 to 2.5
        font = QFont(base_font)
        font.setPointSizeF(base_font.pointSizeF() * step / 10)
        assert delegate._small_font(font).pointSizeF() >= 8.0
