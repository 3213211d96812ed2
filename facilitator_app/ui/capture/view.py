"""The scribe's capture view: every question of the event side by side, typed into all evening.

The view wires widgets to the controller (:class:`TablePoints`) and turns each user action into
an undoable command; it holds no data of its own and writes no SQL. The keys below are built
in ``shortcuts`` (with the point(s) they act on), a point's menu in ``point_menu`` and moves
between questions in ``question_moves``.

Keyboard scheme (also in the tooltips and the context menu of a point):
  Enter add point · Shift+Enter new line · Alt+Right/Alt+Left next/previous question's box
  Alt+1…Alt+9 theme N (pressed again, or Alt+0: no theme) for the selected point(s), the point
  being typed, or, in an empty entry box, the point just added · Ctrl+H cycle how strongly held
  Ctrl+L link a mitigation to issues (or an issue to mitigations) · Ctrl+F filter
  F2 edit in place · Del delete · Alt+Up/Alt+Down move · Esc back to typing
  Alt+Shift+Right/Alt+Shift+Left move the selected point(s) (or, from an empty entry box, the
  point just added) to the next/previous question (its links go; undo brings them back)
  Ctrl+Z undo · Ctrl+Shift+Z or Ctrl+Y redo
The main window owns Ctrl+1…Ctrl+6 (views), Ctrl+=/Ctrl+-/Ctrl+0 (zoom), Ctrl+T and
Ctrl+Shift+H, so none of those is used here. Every change runs through the open file's
:class:`~facilitator_app.ui.operations.Operations` and lands on its one undo history, shared
with the other views; when the window has its own undo/redo actions on that history, the
view's own undo shortcuts step aside.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.enums import QuestionKind, Strength
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture.column import QuestionColumn
from facilitator_app.ui.capture.columns_area import ColumnsArea
from facilitator_app.ui.capture.commands import (
    AddPointCommand,
    DeletePointsCommand,
    EditTextCommand,
    LinkCommand,
    MovePointCommand,
    PointCommand,
    SetStrengthCommand,
    SetThemeCommand,
)
from facilitator_app.ui.capture.controller import TablePoints
from facilitator_app.ui.capture.link_dialog import LinkDialog
from facilitator_app.ui.capture.point_menu import PointMenu
from facilitator_app.ui.capture.question_moves import QuestionMover
from facilitator_app.ui.capture.scaled_label import ScaledLabel
from facilitator_app.ui.capture.shortcuts import CaptureShortcuts
from facilitator_app.ui.operations import Operations
from facilitator_app.ui.widgets.busy_notice import BusyNotice


class CaptureView(QWidget):
    """Capture for one table; every change is on disk when its call returns (then the file's
    ``Operations.changed`` tells every view)."""

    def __init__(
        self,
        workshop: Workshop,
        table_id: str,
        parent: QWidget | None = None,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture-view")
        self.workshop = workshop
        self.table_id = table_id
        # With the file's shared history, the points live as long as it does: a step typed here
        # can still be undone after this view was rebuilt (a question added in set-up).
        owner = operations if operations is not None else self
        self.points = TablePoints(workshop, table_id, owner, operations)
        #: The open file's one undo history, shared with every other view.
        self.undo_stack = self.points.operations.undo_stack
        self._pushing = False
        self._undo_index = 0
        self.undo_stack.indexChanged.connect(self._after_undo_or_redo)
        self.read_only = workshop.read_only
        self.link_dialog: LinkDialog | None = None
        self._shown_once = False

        self.columns = [
            QuestionColumn(question, self.points.models[question.id], self.points.themes, self)
            for question in self.points.questions
        ]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        # Messages share the table's line in the header: one appearing must not push the
        # columns (and the box being typed in) down for a few seconds.
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Messages"))
        bold = self.message.font()
        bold.setBold(True)
        self.message.setFont(bold)
        self.message.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=8000)
        self._message_timer.timeout.connect(self.message.hide)
        layout.addLayout(self._header())
        self.banner = self._read_only_banner()
        layout.addWidget(self.banner)
        self.busy_notice = BusyNotice(self)
        layout.addWidget(self.busy_notice)
        self.columns_area = ColumnsArea(self.columns, self)
        layout.addWidget(self.columns_area, 1)

        for column in self.columns:
            self._wire(column)
        # The filter box, then each column (box, list, theme, strength): Shift+Tab from the
        # first box stays in capture instead of leaving for the window's tab bar.
        previous: QWidget = self.filter_edit
        for column in self.columns:
            self.setTabOrder(previous, column.entry)
            column.set_tab_order()
            previous = column.strength_combo
        self.mover = QuestionMover(self)
        self._undo_actions()
        self.shortcuts = CaptureShortcuts(self)
        self.point_menus = PointMenu(self)
        self._restore_drafts()
        if self.read_only:
            for column in self.columns:
                column.set_read_only(True)
        self.busy_notice.follow(self.points.operations, self._set_busy)
        if self.columns:
            self.setFocusProxy(self.columns[0].entry)

    # --- building ------------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        title = ScaledLabel(self.points.event_info.title, self, factor=1.4)
        title.setAccessibleName(self.tr("Event"))
        self.title_label = title

        nobody = self.tr("not named")
        facilitator = ", ".join(self.points.facilitators) or nobody
        scribe = ", ".join(self.points.scribes) or nobody
        table = ScaledLabel(self.points.table.name, self, factor=1.2)
        table.setAccessibleName(self.tr("Table"))
        self.table_label = table
        people = QLabel(
            self.tr("Facilitator: %1 · Scribe: %2")
            .replace("%1", facilitator)
            .replace("%2", scribe),
            self,
        )
        people.setAccessibleName(self.tr("Facilitator and scribe"))
        self.people_label = people

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter points (Ctrl+F)"))
        self.filter_edit.setAccessibleName(self.tr("Filter the table's points"))
        self.filter_edit.setToolTip(
            self.tr(
                "Shows only points containing this text or theme; Enter goes back to typing, "
                "Esc clears (again: back to typing)"
            )
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(220)
        self.filter_edit.textChanged.connect(self.set_filter)
        clear_filter = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_edit)
        clear_filter.setContext(Qt.ShortcutContext.WidgetShortcut)  # Esc elsewhere is not ours
        clear_filter.activated.connect(self._filter_escape)
        self.filter_edit.returnPressed.connect(self._back_from_filter)
        self._before_filter: QWidget | None = None

        self.theme_keys = QLabel(self._theme_keys_text(), self)
        self.theme_keys.setObjectName("themeKeys")
        self.theme_keys.setWordWrap(True)
        self.theme_keys.setAccessibleName(self.tr("Theme keys"))
        self.theme_keys.setVisible(bool(self.points.themes))

        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(title)
        line = QHBoxLayout()
        line.addWidget(table)
        line.addSpacing(12)
        line.addWidget(people)
        line.addSpacing(24)
        line.addWidget(self.message, 1)
        line.addStretch(0)
        left.addLayout(line)
        left.addWidget(self.theme_keys)
        header = QHBoxLayout()
        header.addLayout(left, 1)
        header.addWidget(self.filter_edit, 0, Qt.AlignmentFlag.AlignBottom)
        return header

    def _theme_keys_text(self) -> str:
        """Which Alt+number files a point under which theme, always in sight: the scribe looks
        up, not into a menu, while people talk."""
        keys = [
            self.tr("Alt+%1 %2").replace("%1", str(number)).replace("%2", theme.name)
            for number, theme in enumerate(self.points.themes[:9], start=1)
        ]
        return self.tr("Themes: %1 · Alt+0 none").replace("%1", " · ".join(keys))

    def _read_only_banner(self) -> QLabel:
        banner = QLabel(
            self.tr(
                "This file is open read-only, so nothing can be added or changed here "
                "(another copy of the app may have it open, or it was opened only to look at). "
                "Close it there, then open it again to type."
            ),
            self,
        )
        banner.setWordWrap(True)
        banner.setAccessibleName(self.tr("Read-only notice"))
        banner.setAutoFillBackground(True)
        banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
        banner.setMargin(8)
        banner.setVisible(self.read_only)
        return banner

    def _wire(self, column: QuestionColumn) -> None:
        question_id = column.question.id
        column.entry.submitted.connect(lambda: self.add_from(column))
        column.draft_due.connect(lambda: self._save_draft(column))
        column.list_view.delete_requested.connect(self.delete_points)
        column.list_view.move_requested.connect(self.move_point)
        column.list_view.arrive_requested.connect(
            lambda ids, index: self.move_to_question(ids, question_id, index)
        )
        column.list_view.leave_requested.connect(column.entry.setFocus)
        column.list_view.typing_requested.connect(lambda text: self._type_into(column, text))
        column.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        column.list_view.customContextMenuRequested.connect(
            lambda position: self.point_menus.popup(column, position)
        )
        column.model.edit_handler = self.edit_point

    def _undo_actions(self) -> None:
        """Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) on this view's stack while the focus is inside
        it; the other keys are :class:`CaptureShortcuts`."""
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _step_aside_for_window_undo(self) -> None:
        """If the window already has undo/redo shortcuts (the shell's QUndoGroup actions), drop
        ours: two actions on one key would make Qt trigger neither."""
        mine = {self.undo_action, self.redo_action}
        taken = {
            sequence.toString()
            for action in self.window().findChildren(QAction)
            if action not in mine
            for sequence in action.shortcuts()
        }
        for action in mine:
            if any(sequence.toString() in taken for sequence in action.shortcuts()):
                action.setShortcuts([])

    # --- adding, and the draft beside it -------------------------------------------------------

    def add_from(self, column: QuestionColumn) -> None:
        """The entry box's Enter: add its text as a point under its question."""
        text = column.entry.toPlainText()
        if not text.strip() or self.read_only:
            return
        try:
            point = self.points.add_point(
                column.question.id,
                text,
                theme_id=column.pending_theme_id(),
                strength=column.pending_strength(),
            )
        except WorkshopError as error:
            self.show_message(str(error))
            return
        self._push(AddPointCommand(self.points, point.id))
        column.clear_entry()
        column.reset_pending()
        column.list_view.select_point(point.id)
        if column.model.row_of(point.id) < 0:
            self.show_message(self.tr("Point added; the filter hides it."))

    def _type_into(self, column: QuestionColumn, text: str) -> None:
        """Letters typed in a list go on the end of the point being typed below it: a scribe
        who starts typing never loses the words."""
        if self.read_only:
            return
        column.entry.setFocus()
        column.entry.moveCursor(column.entry.textCursor().MoveOperation.End)
        column.entry.insertPlainText(text)

    def _save_draft(self, column: QuestionColumn) -> None:
        if self.read_only:
            return
        text, theme_id, strength = column.draft_state()
        try:
            self.points.save_draft(column.question.id, text, theme_id=theme_id, strength=strength)
        except WorkshopError as error:
            self.show_message(str(error))

    def _restore_drafts(self) -> None:
        drafts = self.points.load_drafts()
        for column in self.columns:
            draft = drafts.get(column.question.id)
            if draft is not None and draft.text:
                column.restore_draft(draft.text, draft.theme_id, draft.strength)

    def _set_busy(self, busy: bool) -> None:
        """While a merge writes the file, take no typing (the busy notice says why)."""
        if self.read_only:
            return
        for column in self.columns:
            column.set_read_only(busy)

    def flush_drafts(self) -> None:
        """Write any draft still waiting for its clock (the shell calls this on close)."""
        for column in self.columns:
            column.flush_draft()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.window() is not self:
            self._step_aside_for_window_undo()
        if not self._shown_once and self.columns and not self.read_only:
            self._shown_once = True
            self._focus_start()
            # Again once the window has settled: the shell may put the keyboard in the first
            # box as it switches to this view, after this event.
            QTimer.singleShot(0, self, self._focus_start)

    def _focus_start(self) -> None:
        """The first entry box, or, after a crash, the one holding the half-typed point, so
        the scribe carries on where they were."""
        drafted = [c for c in self.columns if c.entry.toPlainText().strip()]
        column = drafted[0] if drafted else self.columns[0]
        self.setFocusProxy(column.entry)
        column.entry.setFocus()
        self.columns_area.bring_into_view(column)

    def hideEvent(self, event: object) -> None:
        self.flush_drafts()
        super().hideEvent(event)  # type: ignore[arg-type]

    # --- changing points -----------------------------------------------------------------------

    def edit_point(self, point_id: str, text: str) -> None:
        old = self.points.point(point_id).text
        self._change(lambda: self.points.edit_text(point_id, text))
        new = self.points.point(point_id).text
        if new != old:
            self._push(EditTextCommand(self.points, point_id, old, new))

    def delete_points(self, point_ids: list[str]) -> None:
        if self.read_only or not point_ids:
            return
        column = self._column_for(point_ids[0])
        row = column.model.row_of(point_ids[0]) if column else -1
        said = self._deleted_message(point_ids)
        if self._change(lambda: self.points.delete_points(point_ids)):
            self._push(DeletePointsCommand(self.points, point_ids))
            self.show_message(said)
        if column is not None and column.model.rowCount():
            next_row = min(max(row, 0), column.model.rowCount() - 1)
            column.list_view.setCurrentIndex(column.model.index(next_row, 0))

    def _deleted_message(self, point_ids: list[str]) -> str:
        """What a delete says: which point (number and start of its text) or how many, from
        which question, and that Ctrl+Z brings it back; no delete goes unnoticed."""
        first = self.points.point(point_ids[0])
        question = self.points.question(first.question_id).number
        if len(point_ids) == 1:
            text = " ".join(first.text.split())
            if len(text) > 40:
                text = text[:39].rstrip() + "…"
            return (
                self.tr("Deleted point %1 “%2”. Ctrl+Z brings it back.")
                .replace("%1", self.points.number_of(first.id))
                .replace("%2", text)
            )
        return (
            self.tr("Deleted %1 points of question %2. Ctrl+Z brings them back.")
            .replace("%1", str(len(point_ids)))
            .replace("%2", str(question))
        )

    def move_point(self, point_id: str, new_index: int) -> None:
        if self.read_only:
            return
        column = self._column_for(point_id)
        if column is None:
            return
        old_index = column.model.full_index(point_id)
        if old_index == new_index:
            return
        if self._change(lambda: self.points.move_point(point_id, new_index)):
            self._push(MovePointCommand(self.points, point_id, old_index, new_index))
            column.list_view.select_point(point_id)

    def move_to_question(
        self, point_ids: list[str], question_id: str, index: int | None = None
    ) -> None:
        """Points filed under the wrong question, to another one (see :class:`QuestionMover`)."""
        self.mover.move(point_ids, question_id, index)

    def move_to_question_step(self, step: int) -> None:
        """Alt+Shift+Right / Alt+Shift+Left: the point(s) in hand to the next/previous question."""
        self.mover.step(step)

    def set_theme(self, point_ids: list[str], theme_id: str | None) -> None:
        old = {p: self.points.point(p).theme_id for p in point_ids}
        changed = {p: t for p, t in old.items() if t != theme_id}
        if not changed or self.read_only:
            return
        if self._change(lambda: self.points.update({p: {"theme_id": theme_id} for p in changed})):
            self._push(SetThemeCommand(self.points, changed, theme_id))

    def set_strength(self, point_ids: list[str], strength: Strength | None) -> None:
        old = {p: self.points.point(p).strength for p in point_ids}
        changed = {p: s for p, s in old.items() if s != strength}
        if not changed or self.read_only:
            return
        if self._change(lambda: self.points.update({p: {"strength": strength} for p in changed})):
            self._push(SetStrengthCommand(self.points, changed, strength))

    def set_links(self, point_id: str, linked_ids: set[str]) -> None:
        """Make ``point_id`` linked to exactly ``linked_ids`` (issues of a mitigation or back)."""
        if self.read_only:
            return
        is_mitigation = self.points.kind_of(point_id) is QuestionKind.MITIGATION
        current = {
            p.id
            for p in (
                self.points.issues_addressed_by(point_id)
                if is_mitigation
                else self.points.mitigations_of(point_id)
            )
        }

        def pair(other: str) -> tuple[str, str]:
            return (point_id, other) if is_mitigation else (other, point_id)

        added = {pair(other) for other in linked_ids - current}
        removed = {pair(other) for other in current - linked_ids}
        if not added and not removed:
            return

        if self._change(lambda: self.points.change_links(added, removed)):
            self._push(LinkCommand(self.points, added, removed))

    def _change(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except WorkshopError as error:
            self.show_message(str(error))
            return False
        return True

    def _push(self, command: PointCommand) -> None:
        command.on_error = self.show_message
        self._pushing = True
        try:
            self.points.operations.push(command)
        finally:
            self._pushing = False

    def _after_undo_or_redo(self, index: int) -> None:
        """Say what was undone or redone, and put the point concerned in view."""
        went_back = index < self._undo_index
        self._undo_index = index
        if self._pushing:
            return
        text = self.undo_stack.redoText() if went_back else self.undo_stack.undoText()
        if not text:
            return  # the step was dropped: it said why (a newer change was left alone)
        if went_back:
            self.show_message(self.tr("Undone: %1").replace("%1", text))
        else:
            self.show_message(self.tr("Redone: %1").replace("%1", text))
        point_id = self.points.last_changed_id
        column = self._column_for(point_id) if point_id else None
        if column is not None and point_id is not None:
            column.list_view.select_point(point_id)
            self.columns_area.bring_into_view(column)
            # A point moved between questions: if the keyboard is in another list, it follows
            # the point, so the next Delete or F2 acts on the point shown selected.
            focus = QApplication.focusWidget()
            if any(focus is other.list_view for other in self.columns if other is not column):
                column.list_view.setFocus()

    # --- keys and the point menu (their own modules) --------------------------------------------

    def theme_shortcut(self, theme_id: str | None) -> None:
        """Alt+N (see :meth:`CaptureShortcuts.theme_shortcut`)."""
        self.shortcuts.theme_shortcut(theme_id)

    def strength_shortcut(self) -> None:
        """Ctrl+H (see :meth:`CaptureShortcuts.strength_shortcut`)."""
        self.shortcuts.strength_shortcut()

    def focus_question_step(self, step: int) -> None:
        """Alt+Right / Alt+Left: into the next or previous question's entry box."""
        self.shortcuts.focus_question_step(step)

    def point_menu(self, column: QuestionColumn) -> QMenu:
        """The menu of a point in ``column`` (see :class:`PointMenu`)."""
        return self.point_menus.build(column)

    # --- links ---------------------------------------------------------------------------------

    def open_link_dialog(self, point_id: str | None = None) -> LinkDialog | None:
        """Ctrl+L: tick the issues a mitigation addresses (or the mitigations of an issue)."""
        if point_id is None:
            column, in_list = self.shortcuts.target()
            ids = self.shortcuts.target_points(column, in_list) if column else []
            point_id = ids[0] if ids else None
        if point_id is None:
            self.show_message(self.tr("Choose a mitigation or an issue first, then press Ctrl+L."))
            return None
        kind = self.points.kind_of(point_id)
        if kind not in (QuestionKind.MITIGATION, QuestionKind.ISSUE):
            self.show_message(self.tr("Only mitigations and issues can be linked to each other."))
            return None
        if self.read_only:
            return None
        focus = QApplication.focusWidget()
        came_from = focus if focus is not None and self.isAncestorOf(focus) else None
        dialog = LinkDialog.for_point(self.points, point_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_links(point_id, dialog.checked_ids()))
        dialog.finished.connect(lambda _result: self._link_dialog_closed(point_id, came_from))
        self.link_dialog = dialog
        dialog.open()
        return dialog

    def _link_dialog_closed(self, point_id: str, came_from: QWidget | None = None) -> None:
        """The keyboard goes back where Ctrl+L was pressed: a scribe who linked the point just
        added from the entry box types the next point at once (a list with the focus would take
        the letters as a search and lose them)."""
        self.link_dialog = None
        self.window().activateWindow()
        column = self._column_for(point_id)
        if column is not None:
            column.list_view.select_point(point_id)
        if came_from is not None and came_from.isVisible() and came_from.isEnabled():
            came_from.setFocus()
        elif column is not None:
            column.list_view.setFocus()

    # --- filter and messages -------------------------------------------------------------------

    def focus_filter(self) -> None:
        """Ctrl+F: into the filter box, remembering where the keyboard came from."""
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.filter_edit and self.isAncestorOf(focus):
            self._before_filter = focus
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _filter_escape(self) -> None:
        """Esc clears the filter; in an empty filter it goes back to typing."""
        if self.filter_edit.text():
            self.filter_edit.clear()
        else:
            self._back_from_filter()

    def _back_from_filter(self) -> None:
        """Back to where Ctrl+F was pressed (the first entry box if the filter was reached
        another way), the filter kept."""
        target = self._before_filter
        self._before_filter = None
        if target is None or not target.isVisible() or not target.isEnabled():
            target = self.columns[0].entry if self.columns else None
        if target is not None:
            target.setFocus()

    def set_filter(self, text: str) -> None:
        self.points.set_filter(text)
        if self.filter_edit.text() != text:
            self.filter_edit.setText(text)

    def as_widget(self) -> QWidget:
        """The view as a widget, for its helpers' menus and actions (see ``surface``)."""
        return self

    def show_message(self, text: str) -> None:
        """A plain line above the columns; no modal box interrupts the typing."""
        self.message.setText(text)
        self.message.show()
        self._message_timer.start()

    def _column_for(self, point_id: str) -> QuestionColumn | None:
        if not self.points.is_live(point_id):
            return None
        question_id = self.points.point(point_id).question_id
        return next((c for c in self.columns if c.question.id == question_id), None)

    def column(self, number: int) -> QuestionColumn:
        """The column of question ``number`` (1, 2, 3…)."""
        return self.columns[number - 1]
