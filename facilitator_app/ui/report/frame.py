"""The title block of the committee paper in the report view: Report to, author, date, purpose,
and how the appendices are numbered.

The four fields are stored in the event file like the narrative sections (the report view
stores them after typing stops); the numbering is an export option, like attribution.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from facilitator_app.core.enums import ReportSectionKey
from facilitator_app.core.report.frame import AppendixNumbering


class FrameFields(QGroupBox):
    """Line editors for the title-block fields and the appendix-numbering choice."""

    edited = Signal(object)  # ReportSectionKey of the field typed in
    numbering_changed = Signal()

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

    def set_texts(self, texts: dict[ReportSectionKey, str], *, read_only: bool) -> None:
        for key, field in self.fields.items():
            field.setText(texts.get(key, ""))
            field.setReadOnly(read_only)

    def texts(self) -> dict[ReportSectionKey, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def appendix_numbering(self) -> AppendixNumbering:
        return AppendixNumbering(self.numbering.currentData())
