"""One narrative section of the report as the lead edits it: a hint, the text, and for the
sections the report can draft, a button that puts the draft in the editor to edit.

While a section is empty its placeholder shows what the report will print instead (the draft
from the event data, from the report view's latest preview) or that it is left out.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from facilitator_app.core.enums import ReportSectionKey
from facilitator_app.core.report.sections import DRAFTED, SECTION_TITLES

TAB_TITLES: dict[ReportSectionKey, str] = {
    ReportSectionKey.INTRODUCTION: "Introduction",
    ReportSectionKey.BACKGROUND: "Background",
    ReportSectionKey.PROCESS: "Process",
    ReportSectionKey.SUMMARY: "Summary",
    ReportSectionKey.CONCLUSION: "Conclusion",
}


class SectionEditor(QWidget):
    """One narrative section: a hint, the text, and (for drafted sections) "Draft from data"."""

    edited = Signal(object)  # ReportSectionKey

    def __init__(self, key: ReportSectionKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        title = SECTION_TITLES[key]
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Each line becomes a numbered paragraph. Start a line with - for a bullet "
                "(indent it for a sub-bullet) or with 1. for a numbered list."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName(f"section-{key.value}")
        self.editor.setAccessibleName(self.tr("%s text") % title)
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(lambda: self.edited.emit(self.key))
        layout.addWidget(self.editor, 1)
        self.draft_button: QPushButton | None = None
        if key in DRAFTED:
            row = QHBoxLayout()
            label = (
                self.tr("Use the event's &context")
                if key is ReportSectionKey.BACKGROUND
                else self.tr("&Draft from data")
            )
            self.draft_button = QPushButton(label, self)
            self.draft_button.setAccessibleName(self.tr("Draft %s from the event data") % title)
            row.addWidget(self.draft_button)
            row.addStretch(1)
            layout.addLayout(row)

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str, *, quietly: bool) -> None:
        if quietly:
            self.editor.blockSignals(True)
        try:
            self.editor.setPlainText(text)
        finally:
            self.editor.blockSignals(False)

    def set_draft_hint(self, draft: str) -> None:
        """What the report will say while nothing is written here."""
        if draft:
            self.editor.setPlaceholderText(
                self.tr("Left empty, the report uses this draft from the event data:")
                + "\n\n"
                + draft
            )
        else:
            self.editor.setPlaceholderText(
                self.tr("Left empty, this section is left out of the report.")
            )
