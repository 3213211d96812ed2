"""*Host the room…*: choose where to listen, then show the join code and the address.

The dialog asks only what the facilitator can answer: which of this laptop's networks the
tables are on (every IPv4 address it has, the loopback one included for trying it alone), and
the port if the venue's firewall wants a particular one. Once the room is open it shows the
join code in type large enough to read out or show to a table, the address and port (for a
network that blocks the multicast tables use to find the room), and whether the room could be
advertised. It starts and stops nothing itself: it asks, and the controller does it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.ui.live.hosting import RoomInfo

LOOPBACK = "127.0.0.1"
#: The dialog's width, in average characters of its font.
DIALOG_WIDTH_CHARS = 64
#: The join code, as a multiple of the dialog's font: readable across a table.
CODE_SCALE = 3.0


@dataclass(frozen=True)
class LocalAddress:
    """One of this laptop's IPv4 addresses and the network it is on."""

    address: str
    interface: str

    @property
    def loopback(self) -> bool:
        return self.address.startswith("127.")


def local_ipv4_addresses() -> list[LocalAddress]:
    """This laptop's IPv4 addresses on the networks that are up, the venue's first, then the
    loopback address (this laptop only: for trying the room alone)."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    found: list[LocalAddress] = []
    for interface in QNetworkInterface.allInterfaces():
        if not interface.flags() & QNetworkInterface.InterfaceFlag.IsUp:
            continue
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                address = LocalAddress(ip.toString(), interface.humanReadableName())
                if address.address not in {known.address for known in found}:
                    found.append(address)
    if not any(address.loopback for address in found):
        found.append(LocalAddress(LOOPBACK, "lo"))
    return sorted(found, key=lambda address: address.loopback)


class HostDialog(QDialog):
    """Start hosting (address, port); then the code and address to give the tables."""

    #: address, port: the facilitator asked to open the room there.
    start_requested = Signal(str, int)
    stop_requested = Signal()

    def __init__(
        self,
        addresses: list[LocalAddress],
        *,
        address: str,
        port: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hostDialog")
        self.setWindowTitle(self.tr("Host the room"))
        self.setAccessibleName(self.tr("Host the room"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._choice_page(addresses, address, port))
        self.pages.addWidget(self._hosting_page())
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close this window (hosting goes on)"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.show_choice()
        # wide enough for its sentences to wrap in a few lines, whatever the font
        # (on the pages: a minimum on the dialog itself would stop it growing for the code)
        self.pages.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_WIDTH_CHARS)

    def _choice_page(self, addresses: list[LocalAddress], chosen: str, port: int) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "Tables on the same network (the venue's Wi-Fi or a pocket router; no internet "
                "needed) join with a code. Choose the network they are on."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.address = QComboBox(page)
        self.address.setAccessibleName(self.tr("Network address to listen on"))
        for entry in addresses:
            where = (
                self.tr("this laptop only") if entry.loopback else entry.interface or entry.address
            )
            self.address.addItem(f"{entry.address} ({where})", entry.address)
        index = self.address.findData(chosen)
        self.address.setCurrentIndex(max(0, index))
        self.port = QSpinBox(page)
        self.port.setRange(1024, 65535)
        self.port.setValue(port)
        self.port.setAccessibleName(self.tr("Port"))
        self.port.setToolTip(self.tr("Change it only if the venue's firewall asks for another."))
        form = QFormLayout()
        address_label = QLabel(self.tr("&Network:"), page)
        address_label.setBuddy(self.address)
        port_label = QLabel(self.tr("&Port:"), page)
        port_label.setBuddy(self.port)
        form.addRow(address_label, self.address)
        form.addRow(port_label, self.port)
        self.problem = QLabel(page)
        self.problem.setObjectName("hostProblem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Why the room could not be opened"))
        self.problem.hide()
        self.start_button = QPushButton(self.tr("&Start hosting"), page)
        self.start_button.setAccessibleName(self.tr("Start hosting the room"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    def _hosting_page(self) -> QWidget:
        page = QWidget(self)
        said = QLabel(self.tr("Join code"), page)
        self.code = QLabel(page)
        self.code.setObjectName("joinCode")
        self.code.setAccessibleName(self.tr("Join code"))
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_font = QFont(self.font())
        code_font.setBold(True)
        code_font.setStyleHint(QFont.StyleHint.Monospace)
        if code_font.pointSizeF() > 0:
            code_font.setPointSizeF(code_font.pointSizeF() * CODE_SCALE)
        self.code.setFont(code_font)
        # never squeezed below one line of its own large type
        self.code.setMinimumHeight(QFontMetrics(code_font).height())
        self.where = QLabel(page)
        self.where.setObjectName("roomAddress")
        self.where.setAccessibleName(self.tr("Address for the tables"))
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advertised = QLabel(page)
        self.advertised.setObjectName("roomAdvertised")
        self.advertised.setWordWrap(True)
        self.stop_button = QPushButton(self.tr("S&top hosting"), page)
        self.stop_button.setAccessibleName(self.tr("Stop hosting the room"))
        self.stop_button.clicked.connect(self.stop_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(said)
        layout.addWidget(self.code)
        layout.addWidget(self.where)
        layout.addWidget(self.advertised)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    # --- what the dialog shows -----------------------------------------------------------

    def chosen_address(self) -> str:
        return str(self.address.currentData() or LOOPBACK)

    def _start(self) -> None:
        self.problem.hide()
        self.start_button.setEnabled(False)
        self.start_button.setText(self.tr("Starting…"))
        self.start_requested.emit(self.chosen_address(), self.port.value())

    def show_choice(self, problem: str = "") -> None:
        """Where to listen (again, with what went wrong last time)."""
        self.pages.setCurrentIndex(0)
        self.start_button.setEnabled(True)
        self.start_button.setText(self.tr("&Start hosting"))
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.address.setFocus()

    def show_hosting(self, info: RoomInfo) -> None:
        """The room is open: the code, where to connect, and whether it is advertised."""
        self.pages.setCurrentIndex(1)
        self.code.setText(info.code)
        self.where.setText(
            self.tr(
                "Tables choose this room in Join the room, or type the address %1 and the code."
            ).replace("%1", info.where)
        )
        self.advertised.setText(
            self.tr("The room is advertised on the network, so tables can find it.")
            if info.advertised
            else self.tr(
                "The room is not advertised (this laptop only, or the network blocks it): "
                "tables type the address."
            )
        )
        self.close_button.setFocus()
        QTimer.singleShot(0, self._fit)  # once the labels have measured their new text

    def _fit(self) -> None:
        """Grow to show the page now in front whole (the code's type is large)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.size().expandedTo(self.sizeHint()))
