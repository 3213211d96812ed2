"""The window's actions and menus, built in one place so shortcuts are easy to review.

Shortcuts: Ctrl+N new, Ctrl+O open, Ctrl+T change table, Ctrl+Shift+H hand in, Ctrl+W close,
Ctrl+Q quit, Ctrl+Z / Ctrl+Shift+Z undo/redo, Ctrl+= / Ctrl+- / Ctrl+0 zoom, Ctrl+1…6 views.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class WindowActions:
    new_event: QAction
    open_file: QAction
    open_sample: QAction
    recent_menu: QMenu
    change_table: QAction
    hand_in: QAction
    close_file: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    unlock_setup: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    about: QAction
    modes: list[QAction] = field(default_factory=list)


def _action(window: QMainWindow, text: str, *shortcuts: QKeySequence | str) -> QAction:
    action = QAction(text, window)
    sequences: list[QKeySequence] = []
    for shortcut in shortcuts:
        sequence = QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut
        # A key listed twice (Ctrl+- is also the platform's ZoomOut) would be ambiguous.
        if not sequence.isEmpty() and sequence not in sequences:
            sequences.append(sequence)
    action.setShortcuts(sequences)
    return action


def build_actions(
    window: QMainWindow, undo_group: QUndoGroup, mode_names: list[str]
) -> WindowActions:
    tr = window.tr
    keys = QKeySequence.StandardKey
    undo = undo_group.createUndoAction(window, tr("&Undo"))
    undo.setShortcuts(QKeySequence.keyBindings(keys.Undo))
    redo = undo_group.createRedoAction(window, tr("&Redo"))
    # Both redo keys on every platform: a GNOME desktop's own scheme lacks Ctrl+Y.
    redo_keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
    redo_keys += [k for k in QKeySequence.keyBindings(keys.Redo) if k not in redo_keys]
    redo.setShortcuts(redo_keys)
    actions = WindowActions(
        new_event=_action(window, tr("&New event…"), QKeySequence(keys.New)),
        open_file=_action(window, tr("&Open workshop file…"), QKeySequence(keys.Open)),
        open_sample=_action(window, tr("Open the &sample event")),
        recent_menu=QMenu(tr("Open &recent"), window),
        change_table=_action(window, tr("Change &table…"), "Ctrl+T"),
        hand_in=_action(window, tr("&Hand in table file…"), "Ctrl+Shift+H"),
        close_file=_action(window, tr("&Close file"), QKeySequence(keys.Close)),
        quit=_action(window, tr("&Quit"), "Ctrl+Q"),
        undo=undo,
        redo=redo,
        unlock_setup=_action(window, tr("Un&lock event set-up…")),
        zoom_in=_action(window, tr("Zoom &in"), "Ctrl+=", "Ctrl++", QKeySequence(keys.ZoomIn)),
        zoom_out=_action(window, tr("Zoom &out"), "Ctrl+-", QKeySequence(keys.ZoomOut)),
        zoom_reset=_action(window, tr("&Actual size"), "Ctrl+0"),
        about=_action(window, tr("&About Workshop Facilitator")),
    )
    for number, name in enumerate(mode_names, start=1):
        mode = _action(window, name, f"Ctrl+{number}")
        mode.setCheckable(True)
        actions.modes.append(mode)
    for action in (actions.quit, actions.zoom_in, actions.zoom_out, actions.zoom_reset):
        action.setShortcutVisibleInContextMenu(True)
    return actions


def build_menus(
    window: QMainWindow,
    actions: WindowActions,
    view_extras: list[QAction] | None = None,
) -> None:
    """Menus of the window; ``view_extras`` are panel toggles (the timer) for the View menu."""
    tr = window.tr
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    file_menu.addAction(actions.new_event)
    file_menu.addAction(actions.open_file)
    file_menu.addMenu(actions.recent_menu)
    file_menu.addAction(actions.open_sample)
    file_menu.addSeparator()
    file_menu.addAction(actions.change_table)
    file_menu.addAction(actions.hand_in)
    file_menu.addSeparator()
    file_menu.addAction(actions.close_file)
    file_menu.addAction(actions.quit)

    edit_menu = bar.addMenu(tr("&Edit"))
    edit_menu.addAction(actions.undo)
    edit_menu.addAction(actions.redo)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.unlock_setup)

    view_menu = bar.addMenu(tr("&View"))
    for mode in actions.modes:
        view_menu.addAction(mode)
    view_menu.addSeparator()
    view_menu.addAction(actions.zoom_in)
    view_menu.addAction(actions.zoom_out)
    view_menu.addAction(actions.zoom_reset)
    if view_extras:
        view_menu.addSeparator()
        for action in view_extras:
            view_menu.addAction(action)

    help_menu = bar.addMenu(tr("&Help"))
    help_menu.addAction(actions.about)
