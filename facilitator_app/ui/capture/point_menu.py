"""A point's context menu in the capture view (right click, the Menu key or Shift+F10).

The menu lists every action on a point with its key, so a scribe who reaches for the mouse
learns the keyboard. It runs the view's own shortcuts and changes on the point(s) selected in
the column it was opened on, so the menu and the keys can never drift apart.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from facilitator_app.core.enums import QuestionKind, Strength
from facilitator_app.ui.capture.column import QuestionColumn
from facilitator_app.ui.capture.point_model import strength_label
from facilitator_app.ui.capture.shortcuts import STRENGTH_CYCLE
from facilitator_app.ui.capture.surface import CaptureSurface


class PointMenu(QObject):
    """Builds and shows the menu of the point(s) in a column's list."""

    def __init__(self, view: CaptureSurface) -> None:
        super().__init__(view.as_widget())
        self.view = view

    def popup(self, column: QuestionColumn, position: QPoint) -> None:
        """The menu at ``position`` in the column's list; while it is open, the keys' "point in
        hand" is that list's selection."""
        listing = column.list_view
        if not listing.indexAt(position).isValid():
            current = listing.currentIndex()  # the Menu key or Shift+F10: the point in hand
            if not current.isValid():
                return
            position = listing.visualRect(current).center()
        menu = self.build(column)
        shortcuts = self.view.shortcuts
        shortcuts.menu_column = column
        try:
            menu.exec(listing.viewport().mapToGlobal(position))
        finally:
            shortcuts.menu_column = None

    def build(self, column: QuestionColumn) -> QMenu:
        """The menu of a point: every action with its key, so the menu teaches the keyboard."""
        view = self.view
        shortcuts = view.shortcuts
        menu = QMenu(view.as_widget())
        menu.setAccessibleName(self.tr("Point actions"))
        edit = menu.addAction(
            self.tr("Edit"), lambda: column.list_view.edit(column.list_view.currentIndex())
        )
        edit.setShortcut(QKeySequence(Qt.Key.Key_F2))
        delete = menu.addAction(
            self.tr("Delete"), lambda: view.delete_points(column.list_view.selected_ids())
        )
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        up = menu.addAction(self.tr("Move up"), lambda: column.list_view.move_current(-1))
        up.setShortcut(QKeySequence("Alt+Up"))
        down = menu.addAction(self.tr("Move down"), lambda: column.list_view.move_current(1))
        down.setShortcut(QKeySequence("Alt+Down"))
        view.mover.add_menu(menu, column)
        themes = menu.addMenu(self.tr("Theme"))
        themes.addActions(shortcuts.theme_actions)
        for theme in view.points.themes[9:]:
            themes.addAction(theme.name, partial(shortcuts.theme_shortcut, theme.id))
        strengths = menu.addMenu(self.tr("How strongly held"))
        for strength in (*STRENGTH_CYCLE[1:], None):
            label = strength_label(strength) if strength else self.tr("Not set")
            strengths.addAction(label, partial(self._set_selected_strength, column, strength))
        strengths.addSeparator()
        strengths.addAction(shortcuts.strength_action)
        if column.question.kind in (QuestionKind.MITIGATION, QuestionKind.ISSUE):
            menu.addAction(shortcuts.link_action)
        for action in menu.actions():
            action.setEnabled(not view.read_only)
        return menu

    def _set_selected_strength(self, column: QuestionColumn, strength: Strength | None) -> None:
        self.view.set_strength(column.list_view.selected_ids(), strength)
