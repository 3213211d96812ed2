"""Tables and each table's seating plan: people with organisation and role, pasteable.

Pasting (Ctrl+V in the people list, or the button) reads tab-separated rows as copied from a
spreadsheet: name, organisation, role, with or without a header row. The whole paste is
checked before anything is stored, so a bad line stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from facilitator_app.core import event as setup
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.setup_removals import SetupKind
from facilitator_app.core.store import Workshop
from facilitator_app.ui.setup.list_editor import ComboDelegate, OrderedListEditor
from facilitator_app.ui.setup.models import ROLE_LABELS, ParticipantsModel, TablesModel

#: Asks "title, text, action button": True to go ahead (``UserDialogs.confirm``).
Confirm = Callable[[str, str, str], bool]


class SeatingPane(QWidget):
    failed = Signal(str)

    def __init__(
        self,
        workshop: Workshop,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.confirm = confirm
        self.tables_model = TablesModel(workshop, self)
        self.people_model = ParticipantsModel(workshop, self)
        self.tables = OrderedListEditor(
            self.tr("T&ables"),
            self.tables_model,
            add_text=self.tr("Add table"),
            remove_text=self.tr("Remove table"),
            parent=self,
        )
        self.people = OrderedListEditor(
            self.tr("&People at this table"),
            self.people_model,
            add_text=self.tr("Add person"),
            remove_text=self.tr("Remove person"),
            movable=False,
            parent=self,
        )
        roles = [(role.value, self.tr(label)) for role, label in ROLE_LABELS.items()]
        self.people.view.setItemDelegateForColumn(2, ComboDelegate(roles, self.people.view))
        header = self.people.view.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        # the role column is as wide as its longest choice, even before anyone is seated
        metrics = self.people.view.fontMetrics()
        role_width = max(metrics.horizontalAdvance(label) for _value, label in roles) + 24
        header.setSectionResizeMode(2, header.ResizeMode.Interactive)
        header.resizeSection(2, max(role_width, header.sectionSizeHint(2)))
        self.paste_button = QPushButton(self.tr("Paste from spreadsheet"), self)
        self.paste_button.setAccessibleName(self.tr("Paste people from a spreadsheet"))
        self.paste_button.setToolTip(
            self.tr(
                "Copy rows of name, organisation and role in a spreadsheet, then paste (Ctrl+V)."
            )
        )
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.people.buttons.insertWidget(2, self.paste_button)
        # An empty seating plan says how to fill it, inside the empty list itself.
        self.empty_hint = QLabel(
            self.tr(
                "No one is seated here yet. Add people one at a time, or copy rows of name, "
                "organisation and role from a spreadsheet and paste them here (Ctrl+V)."
            ),
            self.people.view.viewport(),
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)  # drawn quieter than the content
        self.empty_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.people.view.viewport().installEventFilter(self)
        for change in (
            self.people_model.modelReset,
            self.people_model.rowsInserted,
            self.people_model.rowsRemoved,
        ):
            change.connect(self._show_empty_hint)
        # Ctrl+V in the people list, or in the tables list with that table picked: either is
        # where a facilitator holding copied rows would press it.
        for view in (self.people.view, self.tables.view):
            paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), view)
            paste.setContext(Qt.ShortcutContext.WidgetShortcut)
            paste.activated.connect(self.paste_from_clipboard)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tables)
        splitter.addWidget(self.people)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for model in (self.tables_model, self.people_model):
            model.failed.connect(self.failed)
        self.people_model.stored.connect(self._refresh_counts)
        self.tables.add_requested.connect(self.add_table)
        self.tables.remove_requested.connect(self.remove_table)
        self.people.add_requested.connect(self.add_person)
        self.people.remove_requested.connect(self.remove_person)
        self.tables.view.selectionModel().currentRowChanged.connect(self._table_changed)
        self.tables_model.modelReset.connect(self._keep_table_selected)
        self._selected_table: str | None = None
        self.tables.select_row(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.people.view.viewport() and event.type() == QEvent.Type.Resize:
            self._show_empty_hint()
        return super().eventFilter(watched, event)

    def _show_empty_hint(self, *_args: object) -> None:
        viewport = self.people.view.viewport()
        width = max(min(viewport.width() - 48, 460), 0)
        self.empty_hint.setGeometry(
            (viewport.width() - width) // 2, 24, width, max(viewport.height() // 2 - 24, 0)
        )
        self.empty_hint.setVisible(self.people_model.rowCount() == 0)

    # --- tables --------------------------------------------------------------------------

    def _table_changed(self, *_args: object) -> None:
        row = self.tables.current_row()
        table_id = self.tables_model.row_at(row).id if row >= 0 else None
        self._selected_table = table_id
        name = self.tables_model.row_at(row).name if row >= 0 else ""
        self.people.label.setText(
            self.tr("&People at %1").replace("%1", name) if name else self.tr("&People")
        )
        if table_id != self.people_model.table_id:
            self.people_model.set_table(table_id)
        self.people.add_button.setEnabled(table_id is not None and not self.people_model.locked)
        self.paste_button.setEnabled(table_id is not None and not self.people_model.locked)

    def _keep_table_selected(self) -> None:
        ids = [row.id for row in self.tables_model.rows()]
        if self._selected_table in ids:
            self.tables.select_row(ids.index(self._selected_table))
        elif ids:
            self.tables.select_row(0)
        self._table_changed()

    def _refresh_counts(self) -> None:
        self.tables_model.reload()

    def add_table(self) -> None:
        workshop = self.workshop
        if self.tables_model.add(
            SetupKind.TABLE,
            lambda: setup.add_table(workshop).id,
            self.tr("Add table"),
        ):
            last = self.tables_model.rowCount() - 1
            self.tables.select_row(last)
            self.tables.view.setFocus()
            self.tables.view.edit(self.tables_model.index(last, 0))

    def remove_table(self, row: int) -> None:
        """Remove a table; its seating plan goes with it, so ask first when people sit there."""
        table = self.tables_model.row_at(row)
        people = self.tables_model.people_at(table)
        if people and self.confirm is not None:
            text = (
                self.tr("%1 has 1 person in the seating plan, who will be removed too.")
                if people == 1
                else self.tr("%1 has %2 people in the seating plan, who will be removed too.")
            )
            if not self.confirm(
                self.tr("Remove table"),
                text.replace("%1", table.name).replace("%2", str(people)),
                self.tr("Remove table"),
            ):
                return
        self.tables_model.remove(
            SetupKind.TABLE, table.id, self.tr("Remove %1").replace("%1", table.name)
        )

    # --- people --------------------------------------------------------------------------

    def add_person(self) -> None:
        table_id = self.people_model.table_id
        if table_id is None or self.people_model.locked:
            return
        workshop = self.workshop
        added = self.people_model.add(
            SetupKind.PARTICIPANT,
            lambda: setup.add_participant(workshop, table_id, self.tr("New person")).id,
            self.tr("Add person"),
        )
        if added:
            self._refresh_counts()
            last = self.people_model.rowCount() - 1
            self.people.select_row(last)
            self.people.view.setFocus()
            self.people.view.edit(self.people_model.index(last, 0))

    def remove_person(self, row: int) -> None:
        person = self.people_model.row_at(row)
        if self.people_model.remove(
            SetupKind.PARTICIPANT, person.id, self.tr("Remove %1").replace("%1", person.name)
        ):
            self._refresh_counts()
            self.people.select_row(min(row, self.people_model.rowCount() - 1))

    def paste_from_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> int:
        """Add the pasted people to the selected table; returns how many were added."""
        table_id = self.people_model.table_id
        if table_id is None or self.people_model.locked or not text.strip():
            return 0
        from facilitator_app.core.spreadsheets import parse_participant_rows

        try:
            people = parse_participant_rows(text)
        except WorkshopError as error:
            self.failed.emit(str(error))
            return 0
        if not people:
            return 0

        def add_all() -> None:
            # Checked in full by the parser above; added one by one so people already seated
            # keep their identity (a replace would give them new ids).
            for person in people:
                setup.add_participant(
                    self.workshop, table_id, person.name, person.organisation, person.role
                )

        already = self.people_model.rowCount()
        if self.people_model.commit(add_all):
            self._refresh_counts()
            # the first pasted person in hand: a role to fix is an arrow key and F2 away
            self.people.select_row(already)
            return len(people)
        return 0

    def set_locked(self, locked: bool) -> None:
        self.tables.set_locked(locked)
        self.people.set_locked(locked)
        self._table_changed()

    def reload(self) -> None:
        self.tables_model.reload()
        self.people_model.reload()
