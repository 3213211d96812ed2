"""Undoable changes to a table's points: each command calls core use cases both ways, through
the file's one undo history (:class:`~facilitator_app.ui.operations.UndoStep`); wording, theme
and strength steps pass the values they left, so an undo never overwrites a newer change.

A command is pushed *after* its change was made (so a refused change raises to the caller with
its plain message and never reaches the stack); its first ``redo`` therefore does nothing.
Undo of delete is the core's ``restore_point`` (the tombstone comes off, the point goes back to
its place, its links come back), undo of add is a delete, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from facilitator_app.core.enums import Strength
from facilitator_app.core.points import QuestionMove
from facilitator_app.ui.capture.controller import LinkPair, TablePoints
from facilitator_app.ui.operations import UndoStep


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaptureCommands", text)


class PointCommand(UndoStep):
    """Base: a capture change on the file's one undo history (see :class:`UndoStep`); a failed
    or partly left-alone undo/redo is said in the capture view (``on_error``)."""

    def __init__(self, points: TablePoints, text: str) -> None:
        super().__init__(text, initiator=points)
        self.points = points
        #: Called with a plain message when an undo or redo could not be stored in full.
        self.on_error: Callable[[str], None] | None = None

    def failed(self, message: str) -> None:
        if self.on_error is not None:
            self.on_error(message)
        else:
            super().failed(message)

    def left_alone(self, message: str) -> None:
        self.failed(message)


class AddPointCommand(PointCommand):
    def __init__(self, points: TablePoints, point_id: str) -> None:
        super().__init__(points, _tr("Add point"))
        self.point_id = point_id

    def forward(self) -> None:
        self.points.restore_point(self.point_id)

    def backward(self) -> None:
        self.points.delete_point(self.point_id)


class DeletePointsCommand(PointCommand):
    """Points deleted in one transaction; undo brings them all back in one, leaving alone any
    brought back since (by a merge, another program), and redo deletes them again."""

    def __init__(self, points: TablePoints, point_ids: list[str]) -> None:
        text = (
            _tr("Delete point")
            if len(point_ids) == 1
            else _tr("Delete %1 points").replace("%1", str(len(point_ids)))
        )
        super().__init__(points, text)
        self.point_ids = list(point_ids)

    def forward(self) -> str:
        return self._set(deleted=True)

    def backward(self) -> str:
        return self._set(deleted=False)

    def _set(self, *, deleted: bool) -> str:
        return self.points.set_deleted(self.point_ids, deleted=deleted)


class EditTextCommand(PointCommand):
    def __init__(self, points: TablePoints, point_id: str, old: str, new: str) -> None:
        super().__init__(points, _tr("Edit point"))
        self.point_id, self.old, self.new = point_id, old, new

    def forward(self) -> str:
        return self.points.update(
            {self.point_id: {"text": self.new}}, {self.point_id: {"text": self.old}}
        )

    def backward(self) -> str:
        return self.points.update(
            {self.point_id: {"text": self.old}}, {self.point_id: {"text": self.new}}
        )


class SetThemeCommand(PointCommand):
    def __init__(
        self, points: TablePoints, old_themes: Mapping[str, str | None], theme_id: str | None
    ) -> None:
        text = _tr("Set theme") if len(old_themes) == 1 else _tr("Set theme of %1 points")
        super().__init__(points, text.replace("%1", str(len(old_themes))))
        self.old_themes = dict(old_themes)
        self.theme_id = theme_id

    def forward(self) -> str:
        return self.points.update(
            {p: {"theme_id": self.theme_id} for p in self.old_themes},
            {p: {"theme_id": old} for p, old in self.old_themes.items()},
        )

    def backward(self) -> str:
        return self.points.update(
            {p: {"theme_id": old} for p, old in self.old_themes.items()},
            {p: {"theme_id": self.theme_id} for p in self.old_themes},
        )


class SetStrengthCommand(PointCommand):
    def __init__(
        self,
        points: TablePoints,
        old_strengths: Mapping[str, Strength | None],
        strength: Strength | None,
    ) -> None:
        text = (
            _tr("Set how strongly held")
            if len(old_strengths) == 1
            else _tr("Set how strongly %1 points were held")
        )
        super().__init__(points, text.replace("%1", str(len(old_strengths))))
        self.old_strengths = dict(old_strengths)
        self.strength = strength

    def forward(self) -> str:
        return self.points.update(
            {p: {"strength": self.strength} for p in self.old_strengths},
            {p: {"strength": old} for p, old in self.old_strengths.items()},
        )

    def backward(self) -> str:
        return self.points.update(
            {p: {"strength": old} for p, old in self.old_strengths.items()},
            {p: {"strength": self.strength} for p in self.old_strengths},
        )


class MovePointCommand(PointCommand):
    def __init__(self, points: TablePoints, point_id: str, old_index: int, new_index: int) -> None:
        super().__init__(points, _tr("Move point"))
        self.point_id, self.old_index, self.new_index = point_id, old_index, new_index

    def forward(self) -> None:
        self.points.move_point(self.point_id, self.new_index)

    def backward(self) -> None:
        self.points.move_point(self.point_id, self.old_index)


class MoveToQuestionCommand(PointCommand):
    """Points filed under the wrong question, moved to the end of another one.

    One transaction each way: undo moves each back to its old place, last first (each move was
    recorded in the state it left), with the links the move dropped, leaving alone a point
    moved or deleted since; redo moves them again.
    """

    def __init__(
        self, points: TablePoints, moves: list[QuestionMove], question_id: str, number: int
    ) -> None:
        text = (
            _tr("Move 1 point to question %1")
            if len(moves) == 1
            else _tr("Move %2 points to question %1").replace("%2", str(len(moves)))
        )
        super().__init__(points, text.replace("%1", str(number)))
        self.moves = list(moves)
        self.question_id = question_id

    def forward(self) -> str:
        placements = [(move.point.id, move.point.position) for move in self.moves]
        self.moves = list(self.points.move_to_question(placements, self.question_id))
        return ""

    def backward(self) -> str:
        return self.points.move_back(self.moves)


class LinkCommand(PointCommand):
    """Links made and links removed in one go (one dialog's worth of ticks)."""

    def __init__(self, points: TablePoints, added: set[LinkPair], removed: set[LinkPair]) -> None:
        super().__init__(points, _tr("Link points") if added else _tr("Unlink points"))
        self.added, self.removed = set(added), set(removed)

    def forward(self) -> str:
        self.points.change_links(self.added, self.removed)
        return ""

    def backward(self) -> str:
        self.points.change_links(self.removed, self.added)
        return ""
