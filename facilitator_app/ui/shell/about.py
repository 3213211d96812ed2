"""The About box: which version this is, its licence, and where the app keeps its things.

People ask "which version do you have?" and "where are my settings?" when something goes wrong
at an event; the answers are here, selectable so they can be copied into a message.
"""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from facilitator_app import APP_NAME, __version__
from facilitator_app.ui.widgets.icons import app_icon, render_icon

LICENCE_NAME = "MIT"
COPYRIGHT = "Copyright (c) 2026 the Workshop Facilitator contributors"

_SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse
    | Qt.TextInteractionFlag.TextSelectableByKeyboard
    | Qt.TextInteractionFlag.LinksAccessibleByMouse
    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
)


def data_dir() -> Path:
    """The per-user folder for the app's own data (the sample event; not users' workshop files)."""
    from facilitator_app.ui.shell.settings import data_dir as app_data_dir

    return app_data_dir()


def settings_locations() -> tuple[str, str]:
    """Where preferences and remembered window state live: files on Linux and macOS, registry
    keys on Windows; asked of the settings the app really uses (so a test folder shows too)."""
    from facilitator_app.ui.shell.settings import Preferences, WindowState

    return Preferences().location, WindowState().location


class AboutDialog(QDialog):
    """Version, licence and locations, with text that can be selected and copied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About %1").replace("%1", APP_NAME))
        self.setObjectName("aboutDialog")
        self.setWindowIcon(app_icon())

        logo = QLabel(self)
        logo.setPixmap(QPixmap.fromImage(render_icon(96)))
        logo.setAccessibleName(self.tr("App icon"))
        logo.setObjectName("aboutLogo")

        heading = QLabel(f"<h2>{escape(APP_NAME)}</h2>", self)
        heading.setObjectName("aboutHeading")

        self.version_label = QLabel(self.tr("Version %1").replace("%1", __version__), self)
        self.version_label.setObjectName("aboutVersion")
        self.version_label.setAccessibleName(self.tr("Version"))

        self.licence_label = QLabel(
            escape(self.tr("Free software under the %1 licence.").replace("%1", LICENCE_NAME))
            + "<br>"
            + escape(COPYRIGHT),
            self,
        )
        self.licence_label.setObjectName("aboutLicence")
        self.licence_label.setAccessibleName(self.tr("Licence"))

        self.locations_label = QLabel(self._locations_html(data_dir(), *settings_locations()), self)
        self.locations_label.setObjectName("aboutLocations")
        self.locations_label.setAccessibleName(self.tr("Where data and settings live"))
        self.locations_label.setOpenExternalLinks(True)

        self.platform_label = QLabel(
            self.tr("Qt %1, Python %2, %3")
            .replace("%1", qVersion())
            .replace("%2", platform.python_version())
            .replace("%3", platform.platform(terse=True)),
            self,
        )
        self.platform_label.setObjectName("aboutPlatform")

        for label in (
            self.version_label,
            self.licence_label,
            self.locations_label,
            self.platform_label,
        ):
            label.setWordWrap(True)
            label.setTextInteractionFlags(_SELECTABLE)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()  # Enter or Escape closes; the text stays selectable with the mouse

        title = QVBoxLayout()
        title.addWidget(heading)
        title.addWidget(self.version_label)
        title.addWidget(self.licence_label)
        title.addStretch()
        top = QHBoxLayout()
        top.addWidget(logo, alignment=Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        top.addLayout(title, stretch=1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.locations_label)
        layout.addWidget(self.platform_label)
        layout.addWidget(buttons)
        self._fit_height(520)

    def _fit_height(self, width: int) -> None:
        """Start as tall as the wrapped text needs at this width: Qt's own first guess measures
        the wrapped labels narrower than they end up, which left a gap under the licence."""
        self.setMinimumWidth(width)
        layout = self.layout()
        assert layout is not None  # set in __init__
        layout.activate()
        self.resize(width, layout.totalHeightForWidth(width))

    def _locations_html(self, data: Path, preferences: str, window_state: str) -> str:
        """Locations as text; folders that exist are links that open in the file manager."""

        def place(path: str) -> str:
            if Path(path).exists():
                url = QUrl.fromLocalFile(path).toString()
                return f'<a href="{escape(url)}">{escape(path)}</a>'
            return escape(path)

        return (
            escape(self.tr("Workshop files stay where you save them; the app never moves them."))
            + "<br>"
            + escape(self.tr("App data:"))
            + " "
            + place(str(data))
            + "<br>"
            + escape(self.tr("Preferences:"))
            + " "
            + place(preferences)
            + "<br>"
            + escape(self.tr("Window layout:"))
            + " "
            + place(window_state)
        )


def show_about(parent: QWidget | None) -> None:
    """Show the About box modally over ``parent`` (the Help menu calls this)."""
    dialog = AboutDialog(parent)
    dialog.exec()
    dialog.deleteLater()
