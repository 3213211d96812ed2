"""*Join the room…*: the room (found on the network, or its address typed), the code, the table.

The dialog only asks and shows: :attr:`JoinDialog.join_requested` hands the answers on, and the
controller tells it back :meth:`JoinDialog.refused` (the reason in plain words; the scribe
corrects the code and tries again) or :meth:`JoinDialog.joined` (it closes). The rooms found by
mDNS fill in while it is open (:class:`RoomListModel`); on a network that blocks multicast the
list stays empty and the address the facilitator shows is all that is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.live.protocol import normalise_code
from facilitator_app.live.table import parse_host
from facilitator_app.ui.widgets.status_colours import error_colour

if TYPE_CHECKING:
    from facilitator_app.core.records import TableInfo
    from facilitator_app.live.discovery import FoundRoom

#: After this long with no answer from the host, the dialog says what to check (still trying).
NO_ANSWER_MS = 8000


@dataclass(frozen=True)
class JoinRequest:
    """What the scribe asked for: where the room is, its code, which table this laptop is."""

    address: str
    port: int
    code: str
    table_id: str
    table: str

    @property
    def where(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


class RoomListModel(QAbstractListModel):
    """The rooms advertised on the network, as they come and go."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rooms: list[FoundRoom] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rooms)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rooms):
            return None
        room = self.rooms[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{room.title or self.tr('A workshop')} — {room.address}:{room.port}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Hosted at %1").replace("%1", f"{room.address}:{room.port}")
        return None

    def set_rooms(self, rooms: Sequence[FoundRoom]) -> None:
        self.beginResetModel()
        self.rooms = list(rooms)
        self.endResetModel()

    def room(self, row: int) -> FoundRoom | None:
        return self.rooms[row] if 0 <= row < len(self.rooms) else None


class JoinDialog(QDialog):
    join_requested = Signal(object)  # JoinRequest

    def __init__(
        self,
        tables: Sequence[TableInfo],
        current_table_id: str,
        *,
        last_address: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("joinRoomDialog")
        self.setWindowTitle(self.tr("Join the room"))
        self.setAccessibleName(self.tr("Join the room"))
        self._asked: JoinRequest | None = None

        intro = QLabel(
            self.tr(
                "Send this table's points to the facilitator's laptop as you type. Every point "
                "is still stored on this laptop first; nothing stops if the network drops."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.rooms = RoomListModel(self)
        self.room_list = QListView(self)
        self.room_list.setModel(self.rooms)
        self.room_list.setAccessibleName(self.tr("Rooms found on the network"))
        self.room_list.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.room_list.clicked.connect(self._room_chosen)
        self.room_list.activated.connect(self._room_chosen)
        self.rooms_note = QLabel(self)
        self.rooms_note.setWordWrap(True)
        self.rooms.modelReset.connect(self._say_what_was_found)

        self.address = QLineEdit(last_address, self)
        self.address.setPlaceholderText(self.tr("for example 192.168.8.10"))
        self.address.setAccessibleName(self.tr("Address of the facilitator's laptop"))
        self.address.setToolTip(
            self.tr("The address the facilitator's screen shows (ADDRESS or ADDRESS:PORT)")
        )
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("for example K7QX-M3PD"))
        self.code.setAccessibleName(self.tr("Join code"))
        self.code.setToolTip(self.tr("The join code the facilitator's screen shows"))
        self.table = QComboBox(self)
        self.table.setAccessibleName(self.tr("This laptop's table"))
        for info in tables:
            self.table.addItem(info.name, info.id)
        self.table.setCurrentIndex(max(0, self.table.findData(current_table_id)))

        form = QFormLayout()
        rooms_label = QLabel(self.tr("&Rooms found"), self)
        rooms_label.setBuddy(self.room_list)
        form.addRow(rooms_label, self.room_list)
        form.addRow("", self.rooms_note)
        for text, field in (
            (self.tr("&Address"), self.address),
            (self.tr("Join &code"), self.code),
            (self.tr("&Table"), self.table),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)

        self.message = QLabel(self)
        self.message.setObjectName("joinMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("What happened"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.join_button = self.buttons.addButton(
            self.tr("&Join"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.join_button.setAccessibleName(self.tr("Join the room"))
        self.join_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self._ask)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._no_answer = QTimer(self)
        self._no_answer.setSingleShot(True)
        self._no_answer.setInterval(NO_ANSWER_MS)
        self._no_answer.timeout.connect(self._say_no_answer)
        self._say_what_was_found()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        (self.code if last_address else self.address).setFocus()

    # --- what the controller tells it ----------------------------------------------------------

    def set_rooms(self, rooms: Sequence[FoundRoom]) -> None:
        self.rooms.set_rooms(rooms)

    def refused(self, reason: str) -> None:
        """The room would not have this table: say why, and let the scribe try again."""
        self._no_answer.stop()
        self._asked = None
        self._set_busy(False)
        self._say(
            self.tr("The room did not let this table in: %1.").replace("%1", reason), error=True
        )
        self.code.setFocus()
        self.code.selectAll()

    def joined(self) -> None:
        self._no_answer.stop()
        self.accept()

    # --- inside --------------------------------------------------------------------------------

    def _ask(self) -> None:
        try:
            address, port = parse_host(self.address.text())
        except ValueError as error:
            self._say(
                self.tr("Type the facilitator's address: %1.").replace("%1", str(error)),
                error=True,
            )
            self.address.setFocus()
            return
        try:
            normalise_code(self.code.text())
        except ValueError:
            self._say(self.tr("Type the join code the facilitator's screen shows."), error=True)
            self.code.setFocus()
            return
        if self.table.currentIndex() < 0:
            self._say(self.tr("This event has no tables to join as."), error=True)
            return
        self._asked = JoinRequest(
            address, port, self.code.text().strip(), str(self.table.currentData()),
            self.table.currentText(),
        )  # fmt: skip
        self._set_busy(True)
        self._say(self.tr("Joining the room at %1…").replace("%1", self._asked.where))
        self._no_answer.start()
        self.join_requested.emit(self._asked)

    def _say_no_answer(self) -> None:
        if self._asked is not None:
            self._say(
                self.tr(
                    "No answer yet from %1. Check the address and that the facilitator is "
                    "hosting the room; still trying (Cancel to stop)."
                ).replace("%1", self._asked.where)
            )

    def _set_busy(self, busy: bool) -> None:
        """While the room is asked, Join waits; the fields stay where the keyboard is (a
        disabled field would hand the keyboard to Cancel, and a space typed would cancel)."""
        self.join_button.setEnabled(not busy)

    def _room_chosen(self, index: QModelIndex) -> None:
        room = self.rooms.room(index.row())
        if room is not None:
            host = f"[{room.address}]" if ":" in room.address else room.address
            self.address.setText(f"{host}:{room.port}")
            self.code.setFocus()

    def _say_what_was_found(self) -> None:
        if self.rooms.rowCount():
            self.rooms_note.setText(self.tr("Choose the room, or type its address below."))
        else:
            self.rooms_note.setText(
                self.tr(
                    "Looking for rooms on the network… None found yet: type the address the "
                    "facilitator's screen shows (many venue networks hide rooms)."
                )
            )

    def _say(self, text: str, *, error: bool = False) -> None:
        """What happened, in words (and in the error colour when something must change)."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        palette = self.message.palette()
        role = QPalette.ColorRole.WindowText
        palette.setColor(role, error_colour() if error else self.palette().color(role))
        self.message.setPalette(palette)
