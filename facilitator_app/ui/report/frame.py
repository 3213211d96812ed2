"""The title block of the committee paper in the report view: Report to, author, date, purpose,
how the appendices are numbered, and the lead's own appendix.

The four fields are stored in the event file like the narrative sections (the report view
stores them after typing stops); the numbering and the appendix file are export options, like
attribution. An appendix file is checked when it is chosen, so a bad one is refused at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from facilitator_app.core.enums import ReportSectionKey
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.report.frame import AppendixNumbering, load_lead_appendix


class FrameFields(QGroupBox):
    """Line editors for the title-block fields and the appendix-numbering choice."""

    edited = Signal(object)  # ReportSectionKey of the field typed in
    numbering_changed = Signal()  # the numbering or the lead's appendix changed
    refused = Signal(str)  # why an appendix file cannot be used

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Title block"))
        form = QFormLayout(self)
        labels = {
            ReportSectionKey.REPORT_TO: (self.tr("&Report to:"), self.tr("Programme Board")),
            ReportSectionKey.AUTHOR: (self.tr("Written &by:"), self.tr("Author or team")),
            ReportSectionKey.PAPER_DATE: (self.tr("Date of &paper:"), self.tr("2026-04-02")),
            ReportSectionKey.PURPOSE: (self.tr("Purpose:"), self.tr("Why the paper exists")),
        }
        self.fields: dict[ReportSectionKey, QLineEdit] = {}
        for key, (label, hint) in labels.items():
            field = QLineEdit(self)
            field.setObjectName(f"frame-{key.value}")
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            field.setPlaceholderText(hint)
            field.textEdited.connect(lambda _text, k=key: self.edited.emit(k))
            self.fields[key] = field
            form.addRow(label, field)
        self.numbering = QComboBox(self)
        self.numbering.setAccessibleName(self.tr("Appendix numbering"))
        self.numbering.addItem(self.tr("Appendix One, Two…"), AppendixNumbering.WORDS)
        self.numbering.addItem(self.tr("Appendix A, B…"), AppendixNumbering.LETTERS)
        self.numbering.currentIndexChanged.connect(lambda _index: self.numbering_changed.emit())
        form.addRow(self.tr("Appendi&ces:"), self.numbering)

        self.lead_appendix: Path | None = None
        row = QHBoxLayout()
        self.appendix_field = QLineEdit(self)
        self.appendix_field.setReadOnly(True)
        self.appendix_field.setAccessibleName(self.tr("Your own appendix"))
        self.appendix_field.setPlaceholderText(self.tr("None (a .txt or .docx, placed first)"))
        self.choose_appendix_button = QPushButton(self.tr("Choose…"), self)
        self.choose_appendix_button.setAccessibleName(self.tr("Choose your own appendix"))
        self.choose_appendix_button.clicked.connect(self.choose_appendix)
        self.clear_appendix_button = QPushButton(self.tr("Remove"), self)
        self.clear_appendix_button.setAccessibleName(self.tr("Remove your own appendix"))
        self.clear_appendix_button.clicked.connect(lambda: self.set_lead_appendix(None))
        row.addWidget(self.appendix_field, 1)
        row.addWidget(self.choose_appendix_button)
        row.addWidget(self.clear_appendix_button)
        form.addRow(self.tr("Own appendix:"), row)

    def set_texts(self, texts: dict[ReportSectionKey, str], *, read_only: bool) -> None:
        for key, field in self.fields.items():
            field.setText(texts.get(key, ""))
            field.setReadOnly(read_only)

    def texts(self) -> dict[ReportSectionKey, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def appendix_numbering(self) -> AppendixNumbering:
        return AppendixNumbering(self.numbering.currentData())

    def choose_appendix(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose your own appendix (placed first)"),
            str(self.lead_appendix.parent if self.lead_appendix else Path.home()),
            self.tr("Text or Word (*.txt *.docx)"),
        )
        if name:
            self.set_lead_appendix(Path(name))

    def set_lead_appendix(self, path: Path | None) -> None:
        """Use ``path`` as the first appendix (checked now), or none."""
        if path is not None:
            try:
                load_lead_appendix(path)
            except WorkshopError as error:
                self.refused.emit(str(error))
                return
        self.lead_appendix = path
        self.appendix_field.setText(path.name if path else "")
        self.numbering_changed.emit()
