"""The capture view's keyboard shortcuts, and which point(s) a key acts on.

The scribe files and weighs points without leaving the keyboard (the scheme is in the view's
docstring). Every key here needs the same answer first — the point(s) in hand: selected in a
list, the one being typed, or the one just added — so the actions, that answer and the theme
(Alt+N) and strength (Ctrl+H) keys built on it live together, apart from the view that only
wires widgets to undoable changes. Undo/redo stay with the view's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from facilitator_app.core.enums import Strength
from facilitator_app.ui.capture.column import QuestionColumn
from facilitator_app.ui.capture.point_model import strength_label
from facilitator_app.ui.capture.question_moves import NEXT_KEYS, PREVIOUS_KEYS
from facilitator_app.ui.capture.surface import CaptureSurface

#: Order Ctrl+H steps through.
STRENGTH_CYCLE: tuple[Strength | None, ...] = (
    None,
    Strength.CONSENSUS,
    Strength.SEVERAL,
    Strength.ONE,
)


class CaptureShortcuts(QObject):
    """The view's key actions (added to the view, active while the focus is inside it); it asks
    the view for the columns, the changes and the message line."""

    def __init__(self, view: CaptureSurface) -> None:
        super().__init__(view.as_widget())
        self.view = view
        widget = view.as_widget()
        #: The column whose point menu is open: its selection is the point(s) in hand.
        self.menu_column: QuestionColumn | None = None
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut

        self.theme_actions: list[QAction] = []
        for number, theme in enumerate(view.points.themes[:9], start=1):
            action = QAction(theme.name, widget)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.setShortcutContext(scope)
            action.setToolTip(
                self.tr("Theme: %1 (Alt+%2)").replace("%1", theme.name).replace("%2", str(number))
            )
            action.triggered.connect(lambda _=False, t=theme.id: self.theme_shortcut(t))
            widget.addAction(action)
            self.theme_actions.append(action)
        # Alt+N past the last theme says so, rather than typing the digit into the point.
        for number in range(len(self.theme_actions) + 1, 10):
            action = QAction(widget)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.setShortcutContext(scope)
            action.triggered.connect(lambda _=False, n=number: self._no_such_theme(n))
            widget.addAction(action)
        self.no_theme_action = QAction(self.tr("No theme"), widget)
        self.no_theme_action.setShortcut(QKeySequence("Alt+0"))
        self.no_theme_action.setShortcutContext(scope)
        self.no_theme_action.triggered.connect(lambda: self.theme_shortcut(None))
        widget.addAction(self.no_theme_action)

        def add(text: str, keys: str, handler: Callable[[], object]) -> QAction:
            action = QAction(text, widget)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(scope)
            action.triggered.connect(handler)
            widget.addAction(action)
            return action

        self.strength_action = add(
            self.tr("How strongly held (cycle)"), "Ctrl+H", self.strength_shortcut
        )
        self.link_action = add(self.tr("Link…"), "Ctrl+L", lambda: view.open_link_dialog())
        self.filter_action = add(self.tr("Filter points"), "Ctrl+F", view.focus_filter)
        self.next_question_action = add(
            self.tr("Next question"), "Alt+Right", lambda: self.focus_question_step(1)
        )
        self.previous_question_action = add(
            self.tr("Previous question"), "Alt+Left", lambda: self.focus_question_step(-1)
        )
        self.move_next_action = add(
            self.tr("Move to next question"),
            NEXT_KEYS,
            lambda: view.move_to_question_step(1),
        )
        self.move_previous_action = add(
            self.tr("Move to previous question"),
            PREVIOUS_KEYS,
            lambda: view.move_to_question_step(-1),
        )

    # --- the point(s) in hand ------------------------------------------------------------------

    def target(self) -> tuple[QuestionColumn | None, bool]:
        """The column the keyboard is in, and whether the focus is in its list (not its entry)."""
        if self.menu_column is not None:
            return self.menu_column, True
        focus = QApplication.focusWidget()
        for column in self.view.columns:
            if focus is not None and (focus is column or column.isAncestorOf(focus)):
                in_list = focus is column.list_view or column.list_view.isAncestorOf(focus)
                return column, in_list
        return None, False

    def target_points(self, column: QuestionColumn, in_list: bool) -> list[str]:
        if in_list:
            return column.list_view.selected_ids()
        focus = QApplication.focusWidget()
        if focus is not None and focus is not column.entry:
            return []  # in the theme or strength box: it is about the next point
        current = column.list_view.current_id()
        return [current] if current else []

    # --- the keys ------------------------------------------------------------------------------

    def focus_question_step(self, step: int) -> None:
        """Alt+Right / Alt+Left: into the next or previous question's entry box."""
        columns = self.view.columns
        column, _in_list = self.target()
        here = columns.index(column) if column is not None else -1
        target = columns[(here + step) % len(columns)] if columns else None
        if target is not None:
            target.entry.setFocus()
            self.view.columns_area.bring_into_view(target)

    def theme_shortcut(self, theme_id: str | None) -> None:
        """Alt+N: theme the point(s) in hand, or the point being typed; again takes it off."""
        view = self.view
        column, in_list = self.target()
        if column is None or view.read_only:
            return
        if not in_list and column.entry.toPlainText().strip():
            current = column.pending_theme_id()
            column.set_pending_theme(None if current == theme_id else theme_id)
            return
        ids = self.target_points(column, in_list)
        if not ids:
            column.set_pending_theme(None if column.pending_theme_id() == theme_id else theme_id)
            return
        all_have = all(view.points.point(p).theme_id == theme_id for p in ids)
        view.set_theme(ids, None if all_have else theme_id)

    def _no_such_theme(self, number: int) -> None:
        count = len(self.theme_actions)
        if count == 0:
            text = self.tr("This event has no themes, so Alt+%1 does nothing.")
        elif count == 1:
            text = self.tr("There is no theme %1: this event has one theme (Alt+1).")
        else:
            text = self.tr("There is no theme %1: this event has %2 themes (Alt+1 to Alt+%2).")
        self.view.show_message(text.replace("%1", str(number)).replace("%2", str(count)))

    def strength_shortcut(self) -> None:
        """Ctrl+H: step how strongly held: not set → consensus → several → one person."""
        view = self.view
        column, in_list = self.target()
        if column is None or view.read_only:
            return

        def step(strength: Strength | None) -> Strength | None:
            return STRENGTH_CYCLE[(STRENGTH_CYCLE.index(strength) + 1) % len(STRENGTH_CYCLE)]

        ids = (
            []
            if (not in_list and column.entry.toPlainText().strip())
            else self.target_points(column, in_list)
        )
        if not ids:
            column.set_pending_strength(step(column.pending_strength()))
            return
        new = step(view.points.point(ids[0]).strength)
        view.set_strength(ids, new)
        view.show_message(
            self.tr("Held by: %1").replace("%1", strength_label(new))
            if new
            else self.tr("Strength cleared")
        )
