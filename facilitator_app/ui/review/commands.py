"""Undoable changes of the review: each command calls core use cases both ways.

As in capture, a command is pushed *after* its change was made (a refused change raises to the
caller with its plain message and never reaches the stack), so its first ``redo`` does nothing.

Settling a merge conflict is undone through the core (:func:`merge.undo_settlement`), which puts
the point's wording, revision and merge base back and reopens the conflict, so the next merge of
that table still sees it; an undo is refused (and the step dropped) once the point moved on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from facilitator_app.core import consolidate, duplicates, merge, point_batches
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.merge import ConflictSettlement
from facilitator_app.core.point_batches import Values
from facilitator_app.core.store import Workshop
from facilitator_app.core.wording import counted
from facilitator_app.ui.operations import UndoStep, changed_since


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewCommands", text)


def undo_actions(widget: QWidget, stack: QUndoStack) -> tuple[QAction, QAction]:
    """Undo/redo actions on Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) while focus is in ``widget``:
    the view's own keys when it stands alone (in a test, or a window without an Edit menu)."""
    undo = stack.createUndoAction(widget, _tr("Undo"))
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = stack.createRedoAction(widget, _tr("Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        widget.addAction(action)
    return undo, redo


def step_aside_for_window_undo(widget: QWidget, mine: tuple[QAction, ...]) -> None:
    """Drop the keys of ``mine`` that the window's own actions (the main window's Edit > Undo
    on its QUndoGroup) already have: two actions on one key would make Qt trigger neither."""
    taken = {
        sequence.toString()
        for action in widget.window().findChildren(QAction)
        if action not in mine
        for sequence in action.shortcuts()
    }
    for action in mine:
        if any(sequence.toString() in taken for sequence in action.shortcuts()):
            action.setShortcuts([])


class ReviewCommand(UndoStep):
    """Base: skips the first redo (already done), reports a failure instead of raising, and
    tells the view which points to select once the file has changed. Undo and redo run
    through the file's :class:`Operations`, so every other view hears of them."""

    def __init__(self, workshop: Workshop, text: str) -> None:
        super().__init__(text)
        self.workshop = workshop
        #: Called with a plain message when an undo or redo could not be stored.
        self.on_error: Callable[[str], None] | None = None
        #: Called after an undo (True) or redo (False) with the points to select.
        self.on_changed: Callable[[QUndoCommand, list[str], bool], None] | None = None

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._safely(self.forward, undone=False)

    def undo(self) -> None:
        self._safely(self.backward, undone=True)

    def _safely(self, action: Callable[[], list[str]], *, undone: bool) -> None:
        try:
            if self.operations is None:
                selected = action()
            else:
                selected = self.operations.run(action, initiator=self.initiator)
        except WorkshopError as error:
            self.setObsolete(True)  # the file moved on (e.g. a merge): drop it from the stack
            if self.on_error is not None:
                self.on_error(str(error))
            return
        if self.on_changed is not None:
            self.on_changed(self, selected, undone)

    def forward(self) -> list[str]:
        raise NotImplementedError

    def backward(self) -> list[str]:
        raise NotImplementedError


class RethemeCommand(ReviewCommand):
    """Bulk re-theme; undo gives each point back its own previous theme."""

    def __init__(
        self,
        workshop: Workshop,
        old_themes: Mapping[str, str | None],
        theme_id: str | None,
        theme_name: str,
    ) -> None:
        count = len(old_themes)
        if theme_id is None:
            text = counted(count, _tr("Remove the theme of %1 point"),
                           _tr("Remove the theme of %1 points"))  # fmt: skip
        else:
            text = counted(count, _tr("Re-theme %1 point as %2"),
                           _tr("Re-theme %1 points as %2")).replace("%2", theme_name)  # fmt: skip
        super().__init__(workshop, text)
        self.old_themes = dict(old_themes)
        self.theme_id = theme_id

    def forward(self) -> list[str]:
        self._apply(
            {p: {"theme_id": self.theme_id} for p in self.old_themes},
            {p: {"theme_id": old} for p, old in self.old_themes.items()},
        )
        return list(self.old_themes)

    def backward(self) -> list[str]:
        self._apply(
            {p: {"theme_id": old} for p, old in self.old_themes.items()},
            {p: {"theme_id": self.theme_id} for p in self.old_themes},
        )
        return list(self.old_themes)

    def _apply(self, values: dict[str, Values], expected: dict[str, Values]) -> None:
        """One transaction; points re-themed since (in capture, by a merge) are left alone."""
        result = point_batches.update_points(self.workshop, values, expected=expected)
        if result.left_alone and self.on_error is not None:
            self.on_error(changed_since(len(result.left_alone)))


class ConsolidateCommand(ReviewCommand):
    """Points folded into a new consolidated point: undo takes it apart, redo brings it back
    (the same point, so later commands that name it still find it)."""

    def __init__(self, workshop: Workshop, consolidated_id: str, member_ids: Sequence[str]) -> None:
        super().__init__(workshop, counted(len(member_ids), _tr("Consolidate %1 point"),
                                           _tr("Consolidate %1 points")))  # fmt: skip
        self.consolidated_id = consolidated_id
        self.member_ids = list(member_ids)

    def forward(self) -> list[str]:
        return [consolidate.redo_consolidation(self.workshop, self.consolidated_id).id]

    def backward(self) -> list[str]:
        consolidate.undo_consolidation(self.workshop, self.consolidated_id)
        return self.member_ids


class FoldIntoCommand(ReviewCommand):
    """Points folded into an existing consolidated point (accepting a suggestion that holds
    one): undo takes only the new points back out and restores its wording and theme."""

    def __init__(
        self,
        workshop: Workshop,
        chosen_ids: Sequence[str],
        target_id: str,
        added_member_ids: Sequence[str],
        folded_ids: Sequence[str],
        before: tuple[str, str | None],
        after: tuple[str, str | None],
    ) -> None:
        super().__init__(workshop, counted(len(chosen_ids), _tr("Consolidate %1 point"),
                                           _tr("Consolidate %1 points")))  # fmt: skip
        self.chosen_ids = list(chosen_ids)
        self.target_id = target_id
        self.added_member_ids = list(added_member_ids)
        self.folded_ids = list(folded_ids)
        self.before, self.after = before, after

    def forward(self) -> list[str]:
        text, theme_id = self.after
        return [consolidate.consolidate(self.workshop, self.chosen_ids, text, theme_id=theme_id).id]

    def backward(self) -> list[str]:
        text, theme_id = self.before
        consolidate.unfold(
            self.workshop,
            self.target_id,
            self.added_member_ids,
            text=text,
            theme_id=theme_id,
            folded_ids=self.folded_ids,
        )
        return self.chosen_ids


class TakeApartCommand(ReviewCommand):
    """ "Undo consolidation" button: undo puts the consolidated points back together."""

    def __init__(
        self, workshop: Workshop, consolidated_ids: Sequence[str], member_ids: Sequence[str]
    ) -> None:
        super().__init__(workshop, counted(len(consolidated_ids),
                                           _tr("Take apart %1 consolidated point"),
                                           _tr("Take apart %1 consolidated points")))  # fmt: skip
        self.consolidated_ids = list(consolidated_ids)
        self.member_ids = list(member_ids)

    def forward(self) -> list[str]:
        for point_id in self.consolidated_ids:
            consolidate.undo_consolidation(self.workshop, point_id)
        return self.member_ids

    def backward(self) -> list[str]:
        for point_id in reversed(self.consolidated_ids):
            consolidate.redo_consolidation(self.workshop, point_id)
        return self.consolidated_ids


class DismissCommand(ReviewCommand):
    """ "Not duplicates": undo forgets only the pairs this rejection stored."""

    def __init__(
        self, workshop: Workshop, point_ids: Sequence[str], pairs: set[tuple[str, str]]
    ) -> None:
        super().__init__(workshop, counted(len(point_ids), _tr("Mark %1 point as not duplicates"),
                                           _tr("Mark %1 points as not duplicates")))  # fmt: skip
        self.point_ids = list(point_ids)
        self.pairs = set(pairs)

    def forward(self) -> list[str]:
        duplicates.dismiss_suggestion(self.workshop, self.point_ids)
        return []

    def backward(self) -> list[str]:
        duplicates.forget_dismissal(self.workshop, self.pairs)
        return []


class SettleCommand(ReviewCommand):
    """A merge conflict settled: undo reopens it with the point exactly as it was, redo settles
    it the same way again (the same wording, or deleted)."""

    def __init__(self, workshop: Workshop, settlement: ConflictSettlement, text: str) -> None:
        super().__init__(workshop, text)
        self.settlement = settlement

    def forward(self) -> list[str]:
        done = self.settlement
        self.settlement = merge.resolve_conflict(
            self.workshop, done.conflict_id, done.text, deleted=done.deleted
        )
        return [done.point_id]

    def backward(self) -> list[str]:
        merge.undo_settlement(self.workshop, self.settlement)
        return [self.settlement.point_id]
