"""The facilitator's event set-up: event details, questions and themes, tables and seating.

Three tabs keep each part readable on a 13-inch screen. Every edit is stored through the core
at once (the file's ``Operations.changed`` says so). While a table is being captured the set-up
is locked; the lock banner offers the deliberate way to unlock it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core import event as setup
from facilitator_app.core.enums import QuestionKind
from facilitator_app.core.records import ThemeInfo
from facilitator_app.core.setup_removals import SetupKind
from facilitator_app.core.store import Workshop
from facilitator_app.ui.operations import Operations
from facilitator_app.ui.setup.event_form import EventForm
from facilitator_app.ui.setup.list_editor import ComboDelegate, OrderedListEditor
from facilitator_app.ui.setup.models import KIND_LABELS, QuestionsModel, ThemesModel
from facilitator_app.ui.setup.seating import SeatingPane
from facilitator_app.ui.setup.theme_removal import ThemeDestination
from facilitator_app.ui.widgets.busy_notice import BusyNotice
from facilitator_app.ui.widgets.enter_clicks import EnterClicks


class SetupDialogs(Protocol):
    """What the set-up view asks people (see ``ui.shell.dialogs.UserDialogs``)."""

    def choose_theme_destination(
        self, theme: ThemeInfo, point_count: int, others: list[ThemeInfo]
    ) -> ThemeDestination | None: ...

    def confirm(self, title: str, text: str, action: str) -> bool: ...


class SetupView(QWidget):
    failed = Signal(str)
    unlock_requested = Signal()

    def __init__(
        self,
        workshop: Workshop,
        dialogs: SetupDialogs,
        parent: QWidget | None = None,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupView")
        self.workshop = workshop
        self.operations = operations or Operations(workshop, self)
        self.dialogs = dialogs
        self.locked = False

        self.banner = QFrame(self)
        self.banner.setObjectName("lockBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("&Unlock set-up…"), self.banner)
        self.unlock_button.setAccessibleName(self.tr("Unlock the event set-up"))
        self.unlock_button.clicked.connect(self.unlock_requested)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.unlock_button)
        self.banner.hide()

        self.event_form = EventForm(workshop, self)
        self.questions_model = QuestionsModel(workshop, self)
        self.themes_model = ThemesModel(workshop, self)
        self.questions = OrderedListEditor(
            self.tr("&Questions"),
            self.questions_model,
            add_text=self.tr("Add question"),
            remove_text=self.tr("Remove question"),
            wrap=True,
            parent=self,
        )
        kinds = [(kind.value, self.tr(label)) for kind, label in KIND_LABELS.items()]
        self.questions.view.setItemDelegateForColumn(1, ComboDelegate(kinds, self.questions.view))
        self.themes = OrderedListEditor(
            self.tr("The&mes"),
            self.themes_model,
            add_text=self.tr("Add theme"),
            remove_text=self.tr("Remove theme…"),
            parent=self,
        )
        self.seating = SeatingPane(workshop, self, confirm=dialogs.confirm)

        splitter = QSplitter(self)
        splitter.addWidget(self.questions)
        splitter.addWidget(self.themes)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        questions_page = QWidget(self)
        QVBoxLayout(questions_page).addWidget(splitter)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Event set-up"))
        event_page = QWidget(self)
        event_layout = QHBoxLayout(event_page)
        event_layout.addWidget(self.event_form, 1)
        event_layout.addStretch(0)
        self.event_form.setMaximumWidth(960)
        self.tabs.addTab(event_page, self.tr("Event"))
        self.tabs.addTab(questions_page, self.tr("Questions and themes"))
        self.tabs.addTab(self.seating, self.tr("Tables and seating plan"))
        self.busy_notice = BusyNotice(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy_notice)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        for part in (self.event_form, self.questions_model, self.themes_model, self.seating):
            part.failed.connect(self.failed)
        for changer in (
            self.event_form, self.questions_model, self.themes_model,
            self.seating.tables_model, self.seating.people_model,
        ):  # fmt: skip
            changer.run_change = self._run_change
        for model in (
            self.questions_model, self.themes_model,
            self.seating.tables_model, self.seating.people_model,
        ):  # fmt: skip
            model.push_step = self.operations.push
        self.event_form.push_step = self.operations.push
        self.questions.add_requested.connect(self.add_question)
        self.questions.remove_requested.connect(self.remove_question)
        self.themes.add_requested.connect(self.add_theme)
        self.themes.remove_requested.connect(self.remove_theme)
        self.questions.select_row(0)
        self.themes.select_row(0)
        self.busy_notice.follow(self.operations, lambda _busy: self._lock_parts())
        self._enter_clicks = EnterClicks(self)  # Enter on a focused button presses it
        self._enter_clicks.watch(self.findChildren(QPushButton))

    # --- questions -----------------------------------------------------------------------

    def add_question(self) -> None:
        workshop = self.workshop
        added = self.questions_model.add(
            SetupKind.QUESTION,
            lambda: setup.add_question(workshop, self.tr("New question"), QuestionKind.OTHER).id,
            self.tr("Add question"),
        )
        if added:
            self._edit_last(self.questions)

    def remove_question(self, row: int) -> None:
        question = self.questions_model.row_at(row)
        if self.questions_model.remove(
            SetupKind.QUESTION,
            question.id,
            self.tr("Remove question %1").replace("%1", str(row + 1)),
        ):
            self.questions.select_row(min(row, self.questions_model.rowCount() - 1))

    # --- themes --------------------------------------------------------------------------

    def add_theme(self) -> None:
        names = {theme.name.casefold() for theme in self.themes_model.rows()}
        name, number = self.tr("New theme"), 1
        while name.casefold() in names:
            number += 1
            name = self.tr("New theme %1").replace("%1", str(number))
        workshop = self.workshop
        if self.themes_model.add(
            SetupKind.THEME,
            lambda: setup.add_theme(workshop, name).id,
            self.tr("Add theme"),
        ):
            self._edit_last(self.themes)

    def remove_theme(self, row: int) -> None:
        """Remove a theme; if points are filed under it, ask where they go first."""
        theme = self.themes_model.row_at(row)
        count = setup.count_theme_points(self.workshop, theme.id)
        # Deleted points under the theme move too, so always say where, even when none is live.
        destination: ThemeDestination | None = ThemeDestination(None)
        if count:
            others = [other for other in self.themes_model.rows() if other.id != theme.id]
            destination = self.dialogs.choose_theme_destination(theme, count, others)
            if destination is None:
                return
        assert destination is not None
        target = destination.theme_id
        removed = self.themes_model.remove(
            SetupKind.THEME,
            theme.id,
            self.tr("Remove theme %1").replace("%1", theme.name),
            reassign_to=target,
            unthemed=target is None,
        )
        if removed:
            self.themes.select_row(min(row, self.themes_model.rowCount() - 1))

    def _edit_last(self, editor: OrderedListEditor) -> None:
        last = editor.model.rowCount() - 1
        editor.select_row(last)
        editor.view.setFocus()
        editor.view.edit(editor.model.index(last, 0))

    # --- locking and refreshing ------------------------------------------------------------

    def set_locked(self, locked: bool, reason: str = "") -> None:
        """Lock every editor (capture mode, or a read-only file); the banner says why."""
        self.locked = locked
        self._lock_parts()
        self.banner_text.setText(reason)
        self.banner.setVisible(locked)
        self.unlock_button.setVisible(locked and not self.workshop.read_only)

    def _lock_parts(self) -> None:
        """Every editor takes no changes while locked or while a merge writes the file."""
        locked = self.locked or self.busy_notice.busy
        self.event_form.set_locked(locked)
        for editor in (self.questions, self.themes):
            editor.set_locked(locked)
        self.seating.set_locked(locked)

    def _run_change(self, change: Callable[[], object]) -> object:
        return self.operations.run(change, initiator=self)

    def reload(self) -> None:
        """Re-read everything (after a merge or after points were themed elsewhere)."""
        self.event_form.reload()
        self.questions_model.reload()
        self.themes_model.reload()
        self.seating.reload()

    def focus_first(self) -> None:
        """Put the keyboard in the current tab, so Ctrl+Tab moves between tabs at once."""
        page = self.tabs.currentWidget()
        if page is self.tabs.widget(0):
            self.event_form.title.setFocus()
        elif page is self.seating:
            self.seating.tables.view.setFocus()
        else:
            self.questions.view.setFocus()

    def flush(self) -> None:
        self.event_form.flush()
