"""Moving points filed under the wrong question to another one (Alt+Shift+Right/Left, the point
menu's "Move to question", or a drop on another question's list).

A link only joins a mitigation and an issue, so a point leaving its question loses its links.
The core says which went; the command puts them back on undo, and the message says so, so the
scribe is never surprised by a link silently gone.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.points import QuestionMove
from facilitator_app.ui.capture.column import QuestionColumn
from facilitator_app.ui.capture.commands import MoveToQuestionCommand
from facilitator_app.ui.capture.surface import CaptureSurface

#: The keys that move the point(s) in hand one question on or back.
NEXT_KEYS = "Alt+Shift+Right"
PREVIOUS_KEYS = "Alt+Shift+Left"


def short_question(text: str, length: int = 50) -> str:
    """A question's text cut to fit a menu line."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


class QuestionMover(QObject):
    """The capture view's moves between questions; it asks the view for the focus, the undo
    stack and the message line."""

    def __init__(self, view: CaptureSurface) -> None:
        super().__init__(view.as_widget())
        self.view = view

    def move(self, point_ids: list[str], question_id: str, index: int | None = None) -> None:
        """Move points to another question's list: at ``index`` (a drop), or at its end. The
        moved points stay in hand, selected in their new list."""
        view = self.view
        if view.read_only:
            return
        points = view.points
        ids = [p for p in point_ids if points.is_live(p)]
        ids = [p for p in ids if points.point(p).question_id != question_id]
        target = next((c for c in view.columns if c.question.id == question_id), None)
        if not ids or target is None:
            return
        start = target.model.total_count() if index is None else index
        placements = [(point_id, start + offset) for offset, point_id in enumerate(ids)]
        try:  # one transaction: every point moves, or (one deleted since) none does
            moves = list(points.move_to_question(placements, question_id))
        except WorkshopError as error:
            view.show_message(str(error))
            return
        number = target.question.number
        view._push(MoveToQuestionCommand(points, moves, question_id, number))
        target.list_view.select_points([move.point.id for move in moves])
        target.list_view.setFocus()
        view.columns_area.bring_into_view(target)
        text = self.moved_message(moves, number)
        if any(target.model.row_of(move.point.id) < 0 for move in moves):
            text += " " + self.tr("The filter hides it there.")
        view.show_message(text)

    def moved_message(self, moves: list[QuestionMove], number: int) -> str:
        if len(moves) == 1:
            text = self.tr("Moved 1 point to question %1.")
        else:
            text = self.tr("Moved %2 points to question %1.").replace("%2", str(len(moves)))
        text = text.replace("%1", str(number))
        links = sum(len(move.removed_links) for move in moves)
        if links == 1:
            removed = self.tr("Its link was removed (Ctrl+Z brings it back).")
        elif links:
            removed = self.tr("%1 links were removed (Ctrl+Z brings them back).")
        else:
            return text
        return f"{text} {removed.replace('%1', str(links))}"

    def step(self, step: int) -> None:
        """The point(s) in hand — selected in a list, or the one just added when the keys are
        pressed in an empty entry box — one question on or back. No wrapping round: at the last
        question the points stay put, with a word why."""
        view = self.view
        column, in_list = view.shortcuts.target()
        if column is None or view.read_only:
            return
        if not in_list and column.entry.toPlainText().strip():
            view.show_message(
                self.tr("Add the point first, or select it in the list, then move it.")
            )
            return
        ids = view.shortcuts.target_points(column, in_list)
        if not ids:
            view.show_message(self.tr("Choose a point in the list first, then move it."))
            return
        here = view.columns.index(column)
        if not 0 <= here + step < len(view.columns):
            view.show_message(
                self.tr("This is the last question.")
                if step > 0
                else self.tr("This is the first question.")
            )
            return
        self.move(ids, view.columns[here + step].question.id)

    def add_menu(self, menu: QMenu, column: QuestionColumn) -> QMenu:
        """ "Move to question" in a point's menu: every other question, by number and text, the
        neighbours showing their keys."""
        columns = self.view.columns
        move_to = menu.addMenu(self.tr("Move to question"))
        move_to.setAccessibleName(self.tr("Move to question"))
        here = columns.index(column)
        for other in columns:
            if other is column:
                continue
            label = (
                self.tr("%1 · %2")
                .replace("%1", str(other.question.number))
                .replace("%2", short_question(other.question.text))
            )
            action = move_to.addAction(label, partial(self._move_selected, column, other))
            keys = {1: NEXT_KEYS, -1: PREVIOUS_KEYS}.get(columns.index(other) - here)
            if keys:
                action.setShortcut(QKeySequence(keys))
        move_to.setEnabled(len(columns) > 1)
        return move_to

    def _move_selected(self, column: QuestionColumn, target: QuestionColumn) -> None:
        self.move(column.list_view.selected_ids(), target.question.id)
