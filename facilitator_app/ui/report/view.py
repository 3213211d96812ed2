"""The programme lead's report view: narrative sections, options, an outline, Export and Open.

The narrative sections (``sections.py``) are edited in plain text editors and stored in the
event file shortly after typing stops (debounced), so nothing is lost and there is no Save.
"Draft from data" puts the text drafted from the event into the editor for editing. The
outline (``outline.py``) previews what the report will contain (headings and how many points
under each) and each empty section's hint what the report prints there: both from one read of
the event per refresh, off the GUI thread for a large event, rebuilt whenever the event, the
text or the options change. Export (``export.py``) runs on a worker thread with a progress
bar; the report is written atomically by the core, and "Open report" opens it in Word.

All report logic lives in ``facilitator_app.core.report``; this module only wires widgets to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.changes import Changes
from facilitator_app.core.enums import ReportSectionKey
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.event import get_event
from facilitator_app.core.report import Attribution, ReportOptions
from facilitator_app.core.report.build import ReportPreview, drafted_text
from facilitator_app.core.report.sections import DRAFTED, get_sections, set_section
from facilitator_app.core.store import Workshop
from facilitator_app.ui.background import BackgroundJob
from facilitator_app.ui.operations import Operations
from facilitator_app.ui.report.export import export_in_background
from facilitator_app.ui.report.frame import FrameFields
from facilitator_app.ui.report.outline import ReportPreviewer, fill_outline
from facilitator_app.ui.report.sections import TAB_TITLES, SectionEditor
from facilitator_app.ui.widgets.busy_notice import BusyNotice

T = TypeVar("T")

#: Milliseconds after the last keystroke before a section is stored.
SAVE_DELAY_MS = 600
#: Milliseconds after the last change before the outline is rebuilt.
PREVIEW_DELAY_MS = 400


class ReportView(QWidget):
    """Write the narrative, choose the options, preview the outline, export the Word report."""

    exported = Signal(str)  # path of the report written
    previewed = Signal()  # the outline and the drafted sections' hints show the newest preview

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop: Workshop | None = None
        self.operations: Operations | None = None
        self.last_report: Path | None = None
        self.template: Path | None = None
        self._dirty: set[ReportSectionKey] = set()
        #: The newest preview shown (outline and drafts), None until the first arrives.
        self.latest: ReportPreview | None = None
        # The last job is kept (not dropped when it reports) so Python never deletes it while
        # its pool thread is still returning from run(); a new export first waits for the pool.
        self._job: BackgroundJob | None = None
        self._exporting = False

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_pending)
        self._preview_timer = QTimer(self)
        self._data_changed = False  # the event changed elsewhere since the outline was built
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_outline)
        self.previewer = ReportPreviewer(self)
        self.previewer.ready.connect(self._show_preview)
        self.previewer.failed.connect(self._show_status)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Narrative sections"))
        self.editors: dict[ReportSectionKey, SectionEditor] = {}
        for key, title in TAB_TITLES.items():
            editor = SectionEditor(key, self.tabs)
            editor.edited.connect(self._section_edited)
            if editor.draft_button is not None:
                editor.draft_button.clicked.connect(lambda _=False, k=key: self.draft_from_data(k))
            self.editors[key] = editor
            self.tabs.addTab(editor, self.tr(title))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self._build_side())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.busy_notice = BusyNotice(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy_notice)
        layout.addWidget(self.splitter)
        self._set_enabled(False)

    # --- layout ---

    def _build_side(self) -> QWidget:
        side = QWidget(self)
        layout = QVBoxLayout(side)

        self.frame = FrameFields(side)
        self.frame.edited.connect(self._frame_edited)
        self.frame.numbering_changed.connect(self._options_changed)
        self.frame.refused.connect(self._show_status)
        layout.addWidget(self.frame)

        options = QGroupBox(self.tr("Options"), side)
        form = QFormLayout(options)
        self.attribution = QComboBox(options)
        self.attribution.setAccessibleName(self.tr("Attribution"))
        for text, value in (
            (self.tr("None"), Attribution.NONE),
            (self.tr("How many tables raised it"), Attribution.COUNTS),
            (self.tr("The tables named"), Attribution.TABLES),
        ):
            self.attribution.addItem(text, value)
        self.attribution.setCurrentIndex(1)
        self.attribution.currentIndexChanged.connect(self._options_changed)
        form.addRow(self.tr("&Attribution:"), self.attribution)
        self.no_names = QCheckBox(self.tr("Leave participants' &names out"), options)
        self.no_names.setAccessibleName(self.tr("Leave participants' names out"))
        self.no_names.toggled.connect(self._options_changed)
        form.addRow(self.no_names)
        self.no_seating = QCheckBox(self.tr("Leave the &seating plan out"), options)
        self.no_seating.setAccessibleName(self.tr("Leave the seating plan out"))
        self.no_seating.toggled.connect(self._options_changed)
        form.addRow(self.no_seating)
        template_row = QHBoxLayout()
        self.template_field = QLineEdit(options)
        self.template_field.setReadOnly(True)
        self.template_field.setAccessibleName(self.tr("Word template"))
        self.template_field.setPlaceholderText(self.tr("Default template"))
        self.choose_template_button = QPushButton(self.tr("Choose…"), options)
        self.choose_template_button.setAccessibleName(self.tr("Choose a Word template"))
        self.choose_template_button.clicked.connect(self.choose_template)
        self.default_template_button = QPushButton(self.tr("&Use default"), options)
        self.default_template_button.setAccessibleName(self.tr("Use the default template"))
        self.default_template_button.clicked.connect(lambda: self.set_template(None))
        template_row.addWidget(self.template_field, 1)
        template_row.addWidget(self.choose_template_button)
        template_row.addWidget(self.default_template_button)
        template_label = QLabel(self.tr("&Template:"), options)
        template_label.setBuddy(self.choose_template_button)
        form.addRow(template_label, template_row)
        layout.addWidget(options)

        preview = QGroupBox(self.tr("What the report will contain"), side)
        preview_layout = QVBoxLayout(preview)
        self.outline_model = QStandardItemModel(0, 2, self)
        self.outline_model.setHorizontalHeaderLabels([self.tr("Heading"), self.tr("Points")])
        self.outline_view = QTreeView(preview)
        self.outline_view.setModel(self.outline_model)
        self.outline_view.setAccessibleName(self.tr("Report outline"))
        self.outline_view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.outline_view.setUniformRowHeights(True)
        header = self.outline_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        preview_layout.addWidget(self.outline_view)
        self.notes_label = QLabel(preview)
        self.notes_label.setWordWrap(True)
        preview_layout.addWidget(self.notes_label)
        layout.addWidget(preview, 1)

        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("E&xport…"), side)
        self.export_button.setAccessibleName(self.tr("Export the Word report"))
        self.export_button.clicked.connect(self.export)
        self.open_button = QPushButton(self.tr("&Open report"), side)
        self.open_button.setAccessibleName(self.tr("Open the exported report"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_report)
        self.folder_button = QPushButton(self.tr("Show &in folder"), side)
        self.folder_button.setAccessibleName(self.tr("Show the exported report in its folder"))
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self.show_report_folder)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = QProgressBar(side)
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel(side)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        return side

    @Slot(str)
    def _show_status(self, message: str) -> None:
        self.status.setText(message)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.tabs, self.frame, self.attribution, self.no_names, self.no_seating,
                       self.choose_template_button, self.default_template_button,
                       self.export_button):  # fmt: skip
            widget.setEnabled(enabled)

    def _set_busy(self, busy: bool) -> None:
        """While a merge writes the file, the sections and the paper's details take no typing
        and nothing is exported (the notice says why); then as the file allows."""
        if self.workshop is None:
            return
        read_only = busy or self.workshop.read_only
        for field in self.frame.fields.values():
            field.setReadOnly(read_only)
        for editor in self.editors.values():
            editor.editor.setReadOnly(read_only)
            if editor.draft_button is not None:
                editor.draft_button.setEnabled(not read_only)
        self.export_button.setEnabled(not busy)

    # --- the event file ---

    def set_workshop(self, workshop: Workshop | None, operations: Operations | None = None) -> None:
        """Show the given open event file (or nothing), changed through ``operations`` (its
        own, when the view stands alone). Pending edits are stored first."""
        self.save_pending()
        if self._job is not None:
            self._job.wait()  # an export still writing finishes first
        if self.operations is not None:
            self.operations.changed.disconnect(self._changed)
        self.operations = None
        if workshop is not None:
            self.operations = operations or Operations(workshop, self)
            self.operations.changed.connect(self._changed)
        self.workshop = workshop
        self.previewer.cancel()  # nothing asked of another file is shown
        self.latest = None
        self._preview_timer.stop()
        self._data_changed = False
        if self.operations is not None:
            self.busy_notice.follow(self.operations, self._set_busy)
        self._set_enabled(workshop is not None)
        self.outline_model.removeRows(0, self.outline_model.rowCount())
        self.notes_label.clear()
        self.status.clear()
        if workshop is None:
            for editor in self.editors.values():
                editor.set_text("", quietly=True)
            self.frame.set_texts({}, read_only=True)
            return
        empty: dict[ReportSectionKey, str] = {}
        texts = self._safely(lambda: get_sections(workshop), empty)
        self.frame.set_texts(texts, read_only=workshop.read_only)
        for key, editor in self.editors.items():
            editor.set_text(texts.get(key, ""), quietly=True)
            editor.editor.setReadOnly(workshop.read_only)
            if editor.draft_button is not None:
                editor.draft_button.setEnabled(not workshop.read_only)
        self._set_busy(self.busy_notice.busy)
        if workshop.read_only:
            self.status.setText(
                self.tr(
                    "This file is open read-only: the text typed here is used for the "
                    "export but not stored."
                )
            )
        self.refresh_outline()

    def _safely(self, call: Callable[[], T], fallback: T) -> T:
        """Call the core; a WorkshopError (file gone, locked…) is shown, not raised."""
        try:
            return call()
        except WorkshopError as error:
            self.status.setText(str(error))
            return fallback

    # --- sections ---

    def _changed(self, changes: Changes, initiator: object) -> None:
        """The event changed elsewhere (points, themes, a merge): the outline and the drafted
        texts follow, rebuilt after the same short pause as for typing, or when the view is
        next shown (a scribe's Enter never waits for the report)."""
        if initiator is self or changes.only_drafts:
            return
        self._data_changed = True
        if self.isVisible():
            self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._data_changed:
            self._preview_timer.start()

    def _section_edited(self, key: ReportSectionKey) -> None:
        self._dirty.add(key)
        self._save_timer.start()
        self._preview_timer.start()

    @Slot()
    def save_pending(self) -> None:
        """Store the sections edited since the last save (called by the debounce timer)."""
        self._save_timer.stop()
        if self.workshop is None or self.workshop.read_only or not self._dirty:
            self._dirty.clear()
            return
        dirty, self._dirty = self._dirty, set()
        workshop = self.workshop
        all_texts = self._texts()
        texts = {key: all_texts[key] for key in dirty}

        def store() -> None:
            for key, text in texts.items():
                set_section(workshop, key, text)

        try:
            if self.operations is None:
                store()
            else:
                self.operations.run(store, initiator=self)
        except WorkshopError as error:
            self.status.setText(str(error))

    def draft_from_data(self, key: ReportSectionKey) -> None:
        """Put the text drafted from the event data into the section's editor, to edit."""
        workshop = self.workshop
        if workshop is None:
            return
        if self.latest is not None and not self._preview_pending():
            draft = self.latest.drafts.get(key, "")  # the newest preview is of the text as is
        else:
            draft = self._safely(lambda: drafted_text(workshop, key, self.options()), "")
        editor = self.editors[key]
        # Replaced as one edit, not with setPlainText (which empties the undo history): what
        # the lead had written comes back with Ctrl+Z. Emits edited: stored after the delay.
        cursor = editor.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(draft)
        cursor.endEditBlock()
        editor.editor.setTextCursor(cursor)
        editor.editor.setFocus()

    # --- options and outline ---

    def options(self) -> ReportOptions:
        """The options as chosen, with the editors' texts (stored or not) for the sections."""
        return ReportOptions(
            attribution=Attribution(self.attribution.currentData()),
            include_names=not self.no_names.isChecked(),
            include_seating_plan=not self.no_seating.isChecked(),
            template=self.template,
            section_texts=self._texts(),
            appendix_numbering=self.frame.appendix_numbering(),
            lead_appendix=self.frame.lead_appendix,
        )

    def _texts(self) -> dict[ReportSectionKey, str]:
        """The sections' and the title block's texts as typed (stored or not)."""
        return {
            **{key: editor.text() for key, editor in self.editors.items()},
            **self.frame.texts(),
        }

    def _options_changed(self) -> None:
        self._preview_timer.start()

    def _frame_edited(self, key: ReportSectionKey) -> None:
        """A title-block field feeds the drafted introduction: its hint follows the preview."""
        self._section_edited(key)

    def choose_template(self) -> None:
        path = self._ask_template()
        if path is not None:
            self.set_template(path)

    def _ask_template(self) -> Path | None:
        """Ask for a template file (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the organisation's Word template"),
            str(self.template.parent if self.template else Path.home()),
            self.tr("Word documents and templates (*.docx *.dotx)"),
        )
        return Path(name) if name else None

    def set_template(self, path: Path | None) -> None:
        """Use the organisation's template (checked now, so a bad one is refused at once)."""
        if path is not None:
            from facilitator_app.core.report.docx_template import load_template

            try:
                load_template(path)
            except WorkshopError as error:
                self.status.setText(str(error))
                return
        self.template = path
        self.template_field.setText(str(path) if path else "")
        self.status.setText(self.tr("Template: %s") % path.name if path else "")

    @Slot()
    def refresh_outline(self) -> None:
        """Preview the report as it would be exported now: the outline and the drafted
        sections' hints follow when the preview is ready (at once for a small event)."""
        self._preview_timer.stop()
        workshop = self.workshop
        if workshop is None:
            return
        self._data_changed = False
        self.previewer.request(workshop, self.options())

    def _preview_pending(self) -> bool:
        """The text, the options or the event changed since the newest preview was asked."""
        return self._preview_timer.isActive() or self._data_changed or self.previewer.busy

    def _show_preview(self, shown: ReportPreview) -> None:
        self.latest = shown
        fill_outline(self.outline_model, shown.document)
        self.outline_view.expandAll()
        self.notes_label.setText("\n".join(shown.document.notes))
        for key, editor in self.editors.items():
            editor.set_draft_hint(shown.drafts.get(key, "") if key in DRAFTED else "")
        self.previewed.emit()

    # --- export ---

    def _ask_target(self) -> Path | None:
        """Ask where to save the report (tests replace this)."""
        assert self.workshop is not None
        suggested = self.last_report or self.workshop.path.with_name(f"{self._report_name()}.docx")
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the Word report"),
            str(suggested),
            self.tr("Word document (*.docx)"),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")

    def _report_name(self) -> str:
        """The event's title as a file name (characters Windows forbids dropped)."""
        assert self.workshop is not None
        title = self._safely(lambda: get_event(self.workshop).title, "")  # type: ignore[arg-type]
        name = "".join(c for c in title if c not in '<>:"/\\|?*' and c >= " ").strip(" .")
        return name[:120] or f"{self.workshop.path.stem} report"

    def export(self) -> None:
        """Ask for a file name, then write the report there on a worker thread."""
        if self.workshop is None or self._exporting:
            return
        target = self._ask_target()
        if target is not None:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        if self.workshop is None or self._exporting:
            return
        self.save_pending()
        if self._job is not None:
            self._job.wait()  # an export still writing finishes first
        job = export_in_background(self.workshop, target, self.options(), self)
        job.progress.connect(self.progress.setValue)
        job.done.connect(self._export_finished)
        job.failed.connect(self._export_failed)
        self._job = job
        self._exporting = True
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Writing %s…") % target.name)
        job.start()

    def _export_done(self) -> None:
        self._exporting = False
        self.progress.setVisible(False)
        self.export_button.setEnabled(self.workshop is not None)

    def _export_finished(self, path: str) -> None:
        self._export_done()
        self.last_report = Path(path)
        self.open_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.status.setText(self.tr("The report was written to %s.") % path)
        self.exported.emit(path)

    def _export_failed(self, message: str) -> None:
        self._export_done()
        self.status.setText(message)

    def show_report_folder(self) -> None:
        """The folder of the report just exported, to attach it to an e-mail."""
        from facilitator_app.ui.show_in_folder import show_in_folder

        if self.last_report is not None:
            show_in_folder(self.last_report)

    def open_report(self) -> None:
        if self.last_report is not None and self.last_report.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_report)))
        elif self.last_report is not None:
            self.status.setText(
                self.tr("%s is no longer there; export it again.") % self.last_report.name
            )
            self.open_button.setEnabled(False)
