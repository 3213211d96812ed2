"""The issue's "done when": a scribe captures twenty points across the three questions, themed
and linked, without touching the mouse. Every key goes to whatever has the focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator_app.core import points as point_cases
from facilitator_app.core.event import list_questions, list_themes
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_twenty_points_themed_and_linked_by_keyboard_alone(
    seated_workshop: Workshop,
    table_two: str,
    open_capture: Callable[..., CaptureView],
    qtbot: QtBot,
) -> None:
    view = open_capture(seated_workshop, table_two)
    themes = list_themes(seated_workshop)

    def type_and_add(text: str, theme_number: int) -> None:
        qtbot.keyClicks(focused(), text)
        qtbot.keyClick(focused(), getattr(Qt.Key, f"Key_{theme_number}"), ALT)
        qtbot.keyClick(focused(), Qt.Key.Key_Return)

    assert focused() is view.column(1).entry
    for number in range(1, 8):
        type_and_add(f"Advantage {number}", number % 6 + 1)
    qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert focused() is view.column(2).entry
    issues = ["parking", "travel", "staffing", "rota", "funding", "records", "access"]
    for number, word in enumerate(issues, start=1):
        type_and_add(f"Issue about {word}", number % 6 + 1)
    qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert focused() is view.column(3).entry
    for number, word in enumerate(issues[:6], start=1):
        type_and_add(f"Mitigation for {word}", number % 6 + 1)
        qtbot.keyClick(focused(), Qt.Key.Key_L, CTRL)  # link the point just added
        dialog = view.link_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClicks(focused(), word)  # the filter box has the focus
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.link_dialog is None)
        qtbot.waitUntil(view.isActiveWindow)
        assert focused() is view.column(3).entry  # back where Ctrl+L was pressed: type on

    stored = point_cases.list_points(seated_workshop, table_id=table_two)
    assert len(stored) == 20
    questions = list_questions(seated_workshop)
    assert [sum(p.question_id == q.id for p in stored) for q in questions] == [7, 7, 6]
    assert all(p.theme_id == themes[(int(p.text.split()[-1]) % 6)].id for p in stored[:7])
    links = point_cases.list_links(seated_workshop, table_id=table_two)
    by_id = {p.id: p.text for p in stored}
    assert sorted((by_id[link.mitigation_id], by_id[link.issue_id]) for link in links) == sorted(
        (f"Mitigation for {word}", f"Issue about {word}") for word in issues[:6]
    )
    assert (
        view.column(2).model.index(6, 0).data(Qt.ItemDataRole.ToolTipRole).count("Addressed") == 0
    )
    assert "Addressed by 3.1" in view.column(2).model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_tab_walks_box_list_theme_strength_then_the_next_question(
    seated_workshop: Workshop,
    table_two: str,
    open_capture: Callable[..., CaptureView],
    qtbot: QtBot,
) -> None:
    view = open_capture(seated_workshop, table_two)
    first, second = view.column(1), view.column(2)
    visited = [focused()]
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())
    assert visited == [
        first.entry,
        first.list_view,  # one Tab from the box to its points
        first.theme_combo,
        first.strength_combo,
        second.entry,
    ]
    qtbot.keyClick(focused(), Qt.Key.Key_Left, ALT)
    assert focused() is first.entry
    qtbot.keyClick(focused(), Qt.Key.Key_Left, ALT)  # round to the last question
    assert focused() is view.column(3).entry
