"""Any number of questions (one to six) on a 1366x768 laptop: the column with the keyboard is
always whole in view, header, count, latest points and entry box, and moving between questions
brings the next one into view."""

from __future__ import annotations

import pytest
from capture_helpers import Opener
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from facilitator_app.core.event import add_question, list_questions, remove_question
from facilitator_app.core.model import QuestionKind
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView

EXTRA_QUESTIONS = [
    ("What else should the programme board hear about?", QuestionKind.OTHER),
    ("Which groups should be asked next time?", QuestionKind.OTHER),
    ("What would make the new clinics easier to reach for everyone?", QuestionKind.OTHER),
]


def with_questions(workshop: Workshop, count: int) -> None:
    """The standard three questions, fewer or more (the extra ones of kind "other")."""
    questions = list_questions(workshop)
    for question in questions[count:]:
        remove_question(workshop, question.id)
    for text, kind in EXTRA_QUESTIONS[: max(0, count - len(questions))]:
        add_question(workshop, text, kind)


def needed_height(label: QLabel) -> int:
    """What the label's wrapped text needs at its width, measured afresh (a label's own
    heightForWidth never answers less than its minimum height)."""
    probe = QLabel(label.text())
    probe.setWordWrap(True)
    probe.setFont(label.font())
    return probe.heightForWidth(label.width())


def shown_in_full(view: CaptureView, label: QLabel, needed: int) -> bool:
    """As tall as its text needs, and all of it inside its column and inside the visible part
    of the columns area: not cut off by either."""
    column = label.parentWidget()
    in_column = column is not None and column.rect().contains(
        QRect(label.mapTo(column, label.rect().topLeft()), label.size())
    )
    return label.height() >= needed and in_column and shown_whole(view, label)


def below(lower: QWidget, upper: QWidget) -> bool:
    """``lower`` starts where ``upper`` ends or further down (the two do not overlap)."""
    top = lower.mapTo(lower.window(), lower.rect().topLeft()).y()
    bottom = upper.mapTo(upper.window(), upper.rect().bottomLeft()).y()
    return top > bottom


def shown_whole(view: CaptureView, widget: QWidget) -> bool:
    """The widget lies wholly inside the visible part of the columns area."""
    area = view.columns_area.viewport()
    top_left = widget.mapTo(area, widget.rect().topLeft())
    return area.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6])
def test_every_question_comes_whole_into_view_with_the_keyboard_at_1366x768(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot, count: int
) -> None:
    with_questions(seated_workshop, count)
    view = open_capture(seated_workshop, table_two)
    assert len(view.columns) == count
    assert QApplication.focusWidget() is view.column(1).entry
    for number in range(1, count + 1):
        column = view.column(number)
        if number > 1:
            qtbot.keyClick(
                QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier
            )
        assert QApplication.focusWidget() is column.entry
        qtbot.waitUntil(lambda column=column: shown_whole(view, column))
        for part in (column.heading, column.question_text, column.list_view, column.entry):
            assert shown_whole(view, part)
        qtbot.keyClicks(column.entry, f"A point under question {number}")
        qtbot.keyClick(column.entry, Qt.Key.Key_Return)
        assert column.heading.text().endswith("1 point")
        listing = column.list_view
        newest = listing.visualRect(column.model.index(column.model.rowCount() - 1, 0))
        assert listing.viewport().rect().contains(newest)  # the point just added is in sight
    # and back round to the first with Alt+Right, whole again
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is view.column(1).entry
    qtbot.waitUntil(lambda: shown_whole(view, view.column(1)))


def test_four_questions_open_with_the_first_column_whole_and_its_header_in_sight(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    with_questions(seated_workshop, 4)
    view = open_capture(seated_workshop, table_two)
    qtbot.waitUntil(lambda: shown_whole(view, view.column(1)))
    tops = {view.column(n).mapTo(view, view.column(n).rect().topLeft()).y() for n in (1, 2, 3, 4)}
    assert len(tops) == 1  # one row, whole columns: no 3+1 grid
    assert shown_whole(view, view.column(2).heading)


def test_an_other_question_has_a_header_that_reads_naturally(
    seated_workshop: Workshop, table_two: str, open_capture: Opener
) -> None:
    with_questions(seated_workshop, 4)
    view = open_capture(seated_workshop, table_two)
    assert view.column(1).heading.text() == "1 · Advantages — 0 points"
    assert view.column(4).heading.text() == "Question 4 — 0 points"


def test_question_texts_line_up_at_the_top_whatever_their_length(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    with_questions(seated_workshop, 4)  # the fourth question takes one line, the others two
    view = open_capture(seated_workshop, table_two, size=(1920, 1080))

    def tops(part: str) -> set[int]:
        return {
            getattr(c, part).mapTo(view, getattr(c, part).rect().topLeft()).y()
            for c in view.columns
        }

    qtbot.waitUntil(lambda: len(tops("list_view")) == 1)
    assert len(tops("question_text")) == 1


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_no_question_text_or_heading_is_clipped_at_any_zoom_step(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot, size: tuple
) -> None:
    view = open_capture(seated_workshop, table_two, size=size)
    base = QFont(QApplication.font())

    def nothing_clipped() -> bool:
        return all(
            shown_in_full(view, c.question_text, needed_height(c.question_text))
            and shown_in_full(view, c.heading, c.heading.sizeHint().height())
            and below(c.question_text, c.heading)
            and below(c.list_view, c.question_text)
            for c in view.columns
        )

    try:
        for step in range(1, 6):  # Ctrl+= five times: 1.1 ... 1.5
            zoomed = QFont(base)
            zoomed.setPointSizeF(base.pointSizeF() * (1 + step / 10))
            QApplication.setFont(zoomed)
            qtbot.waitUntil(nothing_clipped, timeout=2000)
    finally:
        QApplication.setFont(base)


@pytest.mark.parametrize(
    ("count", "size"),
    [(3, (1366, 768)), (6, (1366, 768)), (5, (1920, 1080)), (6, (1920, 1080))],
)
def test_the_strength_choice_is_never_cut_short(
    seated_workshop: Workshop,
    table_two: str,
    open_capture: Opener,
    qtbot: QtBot,
    count: int,
    size: tuple[int, int],
) -> None:
    with_questions(seated_workshop, count)
    view = open_capture(seated_workshop, table_two, size=size)
    for column in view.columns:
        combo = column.strength_combo
        # what the longest choice needs, measured on a combo that shows every one whole
        whole = QComboBox()
        whole.setFont(combo.font())
        whole.addItems([combo.itemText(i) for i in range(combo.count())])
        whole.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        needed = whole.sizeHint().width()
        qtbot.waitUntil(lambda combo=combo, needed=needed: combo.width() >= needed)


def test_a_large_screen_shows_the_points_in_larger_type_and_a_laptop_does_not(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    base = QFont(QApplication.font())
    laptop = open_capture(seated_workshop, table_two, size=(1366, 768))
    assert laptop.column(1).list_view.font().pointSizeF() == base.pointSizeF()
    large = open_capture(seated_workshop, table_two, size=(1920, 1080))
    for column in large.columns:
        qtbot.waitUntil(
            lambda column=column: column.list_view.font().pointSizeF() > base.pointSizeF()
        )
        assert column.entry.font().pointSizeF() == column.list_view.font().pointSizeF()
    # and it still follows the zoom
    zoomed = QFont(base)
    zoomed.setPointSizeF(base.pointSizeF() * 1.2)
    try:
        QApplication.setFont(zoomed)
        qtbot.waitUntil(lambda: large.column(1).list_view.font().pointSizeF() > zoomed.pointSizeF())
    finally:
        QApplication.setFont(base)


def test_question_texts_take_the_height_they_need_after_the_window_grows(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    """No blank line left under the questions once a laptop-sized window is made larger."""
    view = open_capture(seated_workshop, table_two, size=(1366, 768))
    view.resize(1920, 1080)

    def snug() -> bool:
        labels = [column.question_text for column in view.columns]
        tallest = max(needed_height(label) for label in labels)
        return all(label.height() == tallest for label in labels)

    qtbot.waitUntil(snug)
