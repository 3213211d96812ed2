"""A column of thousands of points: adding one measures the new row only, and every row still
wraps to its text, its width and the zoom (issue #14: capture fast at every size)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from capture_helpers import Opener, Typer
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QStyleOptionViewItem
from pytestqt.qtbot import QtBot
from rows_measured import RowsMeasured

from facilitator_app.core.spreadsheets import import_points, rows_from_mappings
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.capture.delegate import PointDelegate
from facilitator_app.ui.capture.point_list import PointListView
from facilitator_app.ui.capture.point_model import PointRole

LONG = (
    "Evening clinics at the new hub would need a shuttle bus from the station, staff rotas "
    "that carers can plan around, and parking that older people can reach without a long walk"
)


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Iterator[RowsMeasured]:
    yield RowsMeasured(monkeypatch)


def fill(workshop: Workshop, table_id: str, count: int) -> None:
    """``count`` points of varied length (some wrap) under question 2, in one import."""
    rows = [
        {"question": 2, "text": f"Point {n}: " + " ".join(LONG.split()[: 4 + n % 25])}
        for n in range(count)
    ]
    import_points(workshop, table_id, rows_from_mappings(rows))


def rows_measured_by_an_add(
    view: CaptureView, type_point: Typer, measured: RowsMeasured, text: str
) -> int:
    measured.settle()  # the column laid out at open
    before = measured.rows
    type_point(view, 2, text)
    measured.settle()
    return measured.rows - before


def row_height(listing: PointListView, row: int) -> int:
    return listing.visualRect(listing.model().index(row, 0)).height()


def row_heights(listing: PointListView) -> list[int]:
    return [row_height(listing, row) for row in range(listing.model().rowCount())]


def fresh_heights(listing: PointListView) -> list[int]:
    """Each row's height as a delegate that has measured nothing before finds it now."""
    delegate = PointDelegate(listing)
    delegate.fit_numbers_up_to(listing.points_model().total_count())
    option = QStyleOptionViewItem()
    listing.initViewItemOption(option)
    model = listing.model()
    heights = [
        delegate.sizeHint(option, model.index(row, 0)).height() for row in range(model.rowCount())
    ]
    delegate.deleteLater()
    return heights


def test_adding_a_point_measures_the_new_row_only_however_long_the_column(
    seated_workshop: Workshop,
    table_two: str,
    open_capture: Opener,
    type_point: Typer,
    measured: RowsMeasured,
    qtbot: QtBot,
) -> None:
    fill(seated_workshop, table_two, 1_000)
    view = open_capture(seated_workshop, table_two)
    at_1000 = rows_measured_by_an_add(view, type_point, measured, "Shuttle from the station")
    assert view.column(2).model.rowCount() == 1_001
    fill(seated_workshop, table_two, 3_000)
    view.close()
    view = open_capture(seated_workshop, table_two)
    at_4000 = rows_measured_by_an_add(view, type_point, measured, "Parking for carers")
    column = view.column(2)
    assert column.model.rowCount() == 4_002
    assert at_1000 <= 2, at_1000  # the new row (today's list view: every row, 1,001)
    assert at_4000 <= at_1000, (at_1000, at_4000)  # whatever the column's length
    # and the point is there, at the end of the list, in full and in sight
    listing = column.list_view
    last = column.model.index(4_001, 0)
    assert last.data() == "Parking for carers"
    assert listing.viewport().rect().contains(listing.visualRect(last))


def test_adding_a_point_to_a_filtered_column_measures_the_new_row_only(
    seated_workshop: Workshop,
    table_two: str,
    open_capture: Opener,
    type_point: Typer,
    measured: RowsMeasured,
) -> None:
    fill(seated_workshop, table_two, 1_000)
    view = open_capture(seated_workshop, table_two)
    view.set_filter("parking")
    shown = view.column(2).model.rowCount()
    assert 100 < shown < 1_000
    rows = rows_measured_by_an_add(view, type_point, measured, "Evening parking for carers")
    assert view.column(2).model.rowCount() == shown + 1  # it matches the filter: shown
    assert rows <= 2, rows
    assert view.column(2).model.point_at(shown).text == "Evening parking for carers"


def test_rows_fit_their_text_after_an_edit_a_link_a_narrower_window_and_a_zoom(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Short", LONG, "Also short"):
        type_point(view, 2, text)
    column = view.column(2)
    listing = column.list_view
    short, long = row_height(listing, 0), row_height(listing, 1)
    assert long > short  # the long point wraps over lines of its own
    assert row_height(listing, 2) == short

    # Edited in place into the long text, the first row grows to the long row's height.
    listing.setFocus()
    listing.setCurrentIndex(column.model.index(0, 0))
    qtbot.keyClick(listing, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, LONG)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert column.model.index(0, 0).data() == LONG
    assert row_height(listing, 0) == long
    assert row_height(listing, 2) == short  # renumbered or not, the others keep theirs

    # Linked to a mitigation, the third point shows "addressed by 1" on a line of its own.
    type_point(view, 3, "A shuttle bus")
    mitigation = view.column(3).model.point_at(0).id
    view.set_links(mitigation, {column.model.point_at(2).id})
    assert row_height(listing, 2) > short

    # In a narrower window the columns change width (narrower side by side, or wider stacked,
    # as the fonts allow): every row is measured again, at the new width.
    width = listing.viewport().width()
    view.resize(1100, 768)
    qtbot.waitUntil(lambda: listing.viewport().width() != width)
    qtbot.waitUntil(lambda: row_heights(listing) == fresh_heights(listing))
    assert row_height(listing, 0) == row_height(listing, 1)

    # Zoomed in, every row is taller again; zoomed back, as it was.
    narrow = (row_height(listing, 0), row_height(listing, 2))
    original = QApplication.font()
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    try:
        QApplication.setFont(bigger)
        qtbot.waitUntil(lambda: row_height(listing, 0) > narrow[0])
        assert row_height(listing, 2) > narrow[1]
    finally:
        QApplication.setFont(original)
    qtbot.waitUntil(lambda: (row_height(listing, 0), row_height(listing, 2)) == narrow)


def test_filtering_a_long_column_shows_each_row_at_its_height(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    fill(seated_workshop, table_two, 2_000)
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Unique long one: " + LONG)
    type_point(view, 2, "Unique short one")
    listing = view.column(2).list_view
    qtbot.waitUntil(lambda: row_height(listing, 2_001) > 0)
    long, short = row_height(listing, 2_000), row_height(listing, 2_001)
    assert long > short

    view.set_filter("unique")
    assert view.column(2).model.rowCount() == 2
    qtbot.waitUntil(lambda: (row_height(listing, 0), row_height(listing, 1)) == (long, short))
    view.set_filter("")
    listing.scrollTo(listing.model().index(2_001, 0))
    qtbot.waitUntil(
        lambda: (row_height(listing, 2_000), row_height(listing, 2_001)) == (long, short)
    )
    assert listing.viewport().rect().intersects(listing.visualRect(listing.model().index(2_000, 0)))


def test_a_hidden_capture_list_measures_nothing_until_it_is_shown_again(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, measured: RowsMeasured
) -> None:
    """A facilitator who opens a long table file and goes straight to the review or the report
    must not wait on the capture lists still laying themselves out behind it: the pass over
    the rows pauses while the list is hidden and goes on from where it was when shown again."""
    fill(seated_workshop, table_two, 4_000)
    view = open_capture(seated_workshop, table_two)
    listing = view.column(2).list_view
    assert measured.rows < 4_000  # the pass over the column is under way
    view.hide()
    paused_at = measured.rows
    for _turn in range(200):
        QApplication.processEvents()
    assert measured.rows == paused_at
    view.show()
    measured.settle()
    assert measured.rows - paused_at < 4_000 + 100  # went on, did not start again from the top
    assert row_heights(listing) == fresh_heights(listing)


def test_a_thousandth_point_shows_its_whole_number(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    """Numbers of four digits and more have room left of the text (once "8654." showed as
    "654." in a column of 8,000), and the rows wrap to the text's new width."""
    fill(seated_workshop, table_two, 999)
    view = open_capture(seated_workshop, table_two)
    listing = view.column(2).list_view
    room = listing.point_delegate.number_width
    metrics = QFontMetrics(listing.font())
    assert metrics.horizontalAdvance("999.") < room

    type_point(view, 2, "The thousandth point")
    last = listing.model().index(999, 0)
    assert last.data(PointRole.NUMBER) == 1000
    assert metrics.horizontalAdvance("1000.") < listing.point_delegate.number_width
    qtbot.waitUntil(lambda: row_heights(listing) == fresh_heights(listing))

    view.delete_points([listing.points_model().point_at(999).id])
    assert listing.point_delegate.number_width == room


def test_home_and_end_go_to_the_first_and_last_point(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Alpha", "Bravo", "Charlie", "Delta"):
        type_point(view, 1, text)
    listing = view.column(1).list_view
    listing.setFocus()
    listing.setCurrentIndex(listing.model().index(1, 0))
    qtbot.keyClick(listing, Qt.Key.Key_End)
    assert listing.current_id() == view.column(1).model.point_at(3).id
    qtbot.keyClick(listing, Qt.Key.Key_Home)
    assert listing.current_id() == view.column(1).model.point_at(0).id
    assert listing.selected_ids() == [view.column(1).model.point_at(0).id]


def test_a_screen_reader_reads_each_point_with_its_number_and_nothing_else(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Parking at the new site", "Evening clinics"):
        type_point(view, 2, text)
    listing = view.column(2).list_view
    face = QAccessible.queryAccessibleInterface(listing)
    assert face is not None
    assert face.text(QAccessible.Text.Name) == "Points under question 2"
    children = [face.child(i) for i in range(face.childCount())]
    items = [c for c in children if c.role() in (QAccessible.Role.Cell, QAccessible.Role.ListItem)]
    assert [c.text(QAccessible.Text.Name) for c in items] == [
        "2.1  Parking at the new site. No theme",
        "2.2  Evening clinics. No theme",
    ]
    assert all(not c.text(QAccessible.Text.Name) for c in children if c not in items)
    assert items[1].state().selected  # the point just added is the one in hand
