"""The facilitator's merge: table files in (dropped or picked), each file's fate shown as it goes.

The merge itself runs off the GUI thread (:mod:`.worker`, on the one background helper) and
calls the core's ``merge_files`` into the open event file; this view only lists files, shows
progress and ends with a summary a person can read, and a way to the conflicts to settle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app import FILE_EXTENSION
from facilitator_app.core.changes import EVERYTHING
from facilitator_app.core.merge import MergeStatus, MergeSummary, SourceResult, expand_sources
from facilitator_app.core.store import Workshop
from facilitator_app.core.wording import counted
from facilitator_app.ui.background import BackgroundJob
from facilitator_app.ui.merge.models import FileState, MergeFilesModel
from facilitator_app.ui.merge.worker import merge_in_background
from facilitator_app.ui.operations import Operations
from facilitator_app.ui.widgets.enter_clicks import EnterClicks
from facilitator_app.ui.widgets.status_colours import error_colour

#: Asks for files (or a folder) to merge; replaced in tests.
AskPaths = Callable[[QWidget], list[Path]]


def ask_files(parent: QWidget) -> list[Path]:
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        parent.tr("Add table files to merge"),
        "",
        parent.tr("Workshop files (*%1);;All files (*)").replace("%1", FILE_EXTENSION),
    )
    return [Path(name) for name in names]


def ask_folder(parent: QWidget) -> list[Path]:
    name = QFileDialog.getExistingDirectory(parent, parent.tr("Add a folder of table files"))
    return [Path(name)] if name else []


class MergeView(QWidget):
    #: The event file was changed by a merge (views showing it should reload).
    merged = Signal()
    #: A merge run ended (its MergeSummary), whether or not it changed anything.
    run_finished = Signal(object)
    #: The facilitator asked to settle the conflicts a merge found (show the review's).
    review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop: Workshop | None = None
        self.operations: Operations | None = None
        self.ask_files: AskPaths = ask_files
        self.ask_folder: AskPaths = ask_folder
        self.current_run: BackgroundJob | None = None
        self.setAcceptDrops(True)

        self.model = MergeFilesModel(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.drop_area = QFrame(self)
        self.drop_area.setObjectName("mergeDropArea")
        self.drop_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_area.setStyleSheet(
            "#mergeDropArea { border: 2px dashed palette(mid); border-radius: 6px; }"
        )
        drop_text = QLabel(
            self.tr("Drop table files or folders here (source files are never changed)"),
            self.drop_area,
        )
        drop_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.add_files_button = QPushButton(self.tr("&Add files…"), self)
        self.add_files_button.setAccessibleName(self.tr("Add table files to merge"))
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button = QPushButton(self.tr("Add f&older…"), self)
        self.add_folder_button.setAccessibleName(self.tr("Add a folder of table files"))
        self.add_folder_button.clicked.connect(self.add_folder)
        drop_layout = QHBoxLayout(self.drop_area)
        drop_layout.setContentsMargins(16, 12, 16, 12)
        drop_layout.addWidget(drop_text, 1)
        drop_layout.addWidget(self.add_files_button)
        drop_layout.addWidget(self.add_folder_button)

        self.table = QTableView(self)
        self.table.setObjectName("mergeFiles")
        self.table.setAccessibleName(self.tr("Files to merge and their status"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # A refusal is a sentence or two: wrapped in full, not cut off at the window's edge.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MergeFilesModel.FILE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MergeFilesModel.TABLES, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MergeFilesModel.STATUS, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(MergeFilesModel.FILE, 260)
        header.resizeSection(MergeFilesModel.TABLES, 150)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)

        self.remove_button = QPushButton(self.tr("&Remove from list"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected files from the list"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.tr("C&lear list"), self)
        self.clear_button.setAccessibleName(self.tr("Clear the list of files"))
        self.clear_button.clicked.connect(self.clear)
        self.merge_button = QPushButton(self.tr("&Merge"), self)
        self.merge_button.setAccessibleName(self.tr("Merge the queued files into the event file"))
        self.merge_button.clicked.connect(self.start_merge)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Merge progress"))
        self.progress.setTextVisible(False)  # until a merge starts: "0 of 100" means nothing
        self.progress.setFormat(self.tr("%v of %m files"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        # Hidden until a merge starts (an empty bar looks like a text field), keeping its place
        # so the Merge button stays at the right.
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.merge_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName(self.tr("Merge summary"))
        self.conflicts_button = QPushButton(self.tr("Settle the &conflicts…"), self)
        self.conflicts_button.setAccessibleName(
            self.tr("Show the conflicts to settle in the review")
        )
        self.conflicts_button.clicked.connect(self.review_requested)
        self.conflicts_button.hide()
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.drop_area)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(summary_row)
        self.model.rowsInserted.connect(self._update_state)
        self.model.rowsRemoved.connect(self._update_state)
        self.model.modelReset.connect(self._update_state)
        self.table.selectionModel().selectionChanged.connect(self._update_state)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._wait_for_run)
        # Enter presses the button with the keyboard, as Space does (outside a dialog Qt
        # leaves Enter to the default button, and a default button's frame looked like focus).
        self._enter_clicks = EnterClicks(self)
        self._enter_clicks.watch(self.findChildren(QPushButton))
        self._update_state()

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # --- the event file ----------------------------------------------------------------------

    def set_workshop(self, workshop: Workshop | None, operations: Operations | None = None) -> None:
        """Merge into the given open event file (or nothing); every view hears of a merge
        through ``operations`` (its own, when the view stands alone)."""
        self.workshop = workshop
        self.operations = operations or (Operations(workshop, self) if workshop else None)
        self._update_state()

    def _target(self) -> Path | None:
        if self.workshop is None or self.workshop.read_only:
            return None
        return self.workshop.path

    # --- adding files --------------------------------------------------------------------------

    def add_files(self) -> None:
        self.add_paths(self.ask_files(self))

    def add_folder(self) -> None:
        self.add_paths(self.ask_folder(self))

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Queue files, and the workshop files found in folders (not the event file itself)."""
        if not paths:
            return
        exclude = [self.workshop.path] if self.workshop is not None else []
        files = expand_sources([Path(path) for path in paths], exclude=exclude)
        added, skipped = self.model.add(files)
        if added and self.current_run is None:
            # The last run's "5 of 5" says nothing about the files now waiting.
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setTextVisible(False)
            self.progress.hide()
        notes = []
        if added:
            notes.append(counted(added, self.tr("%1 file added."), self.tr("%1 files added.")))
        if skipped:
            notes.append(self.tr("%1 already in the list.").replace("%1", str(skipped)))
        folders = [path for path in paths if Path(path).is_dir()]
        if folders and not files:
            notes.append(self.tr("No workshop files were found in that folder."))
        self._say(" ".join(notes))
        self._update_state()

    def remove_selected(self) -> None:
        if self.current_run is not None:
            return
        self.model.remove_rows(index.row() for index in self.table.selectionModel().selectedRows())

    def clear(self) -> None:
        if self.current_run is None:
            self.model.clear()
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setTextVisible(False)
            self.progress.hide()
            self._say("")
            self.conflicts_button.hide()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.current_run is None and _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData().urls())
        if self.current_run is None and paths:
            event.acceptProposedAction()
            self.add_paths(paths)
        else:
            event.ignore()

    # --- merging ----------------------------------------------------------------------------

    def start_merge(self) -> None:
        target = self._target()
        sources = self.model.queued_paths()
        if target is None or not sources or self.current_run is not None:
            return
        self.model.mark(sources, FileState.CHECKING)
        self.progress.setRange(0, len(sources))
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.show()
        self.conflicts_button.hide()
        self._say(
            counted(len(sources), self.tr("Checking %1 file…"), self.tr("Checking %1 files…"))
        )
        if self.operations is not None:
            self.operations.set_busy(
                self.tr("Table files are being merged into this file; changes wait until then.")
            )
        self.current_run = merge_in_background(target, sources, self)
        self.current_run.progress.connect(self._file_done)
        self.current_run.done.connect(self._run_done)
        self.current_run.failed.connect(self._run_failed)
        self._update_state()
        self.current_run.start()

    @Slot()
    def _wait_for_run(self) -> None:
        """The app is quitting: let a running merge finish its file rather than kill it."""
        if self.current_run is not None:
            self.current_run.wait()

    def _file_done(self, result: SourceResult) -> None:
        if result.status != MergeStatus.REFUSED:
            # Every file is checked before any is merged: the rest are being merged now.
            self.model.mark_waiting(FileState.MERGING)
        self.model.set_result(result)
        self.progress.setValue(min(self.progress.value() + 1, self.progress.maximum()))

    def _run_done(self, summary: MergeSummary) -> None:
        self._finish_run()
        self.progress.setValue(self.progress.maximum())
        lines = self.summary_text(summary).split("\n")
        self.summary.setStyleSheet("")
        self.summary.setText(
            f"<b>{_escape(lines[0])}</b><br>" + "<br>".join(_escape(line) for line in lines[1:])
        )
        self.conflicts_button.setVisible(summary.conflicts > 0)
        if summary.changed_target:
            if self.operations is not None:
                # The merge wrote through its own connection: anything may have changed.
                self.operations.announce(EVERYTHING, initiator=self)
            self.merged.emit()
        self.run_finished.emit(summary)

    def _run_failed(self, message: str) -> None:
        self._finish_run()
        self.model.mark_waiting(FileState.QUEUED)
        self._say(self.tr("Nothing was merged: %1").replace("%1", message), error=True)
        self.run_finished.emit(None)

    def _finish_run(self) -> None:
        if self.operations is not None:
            self.operations.set_busy("")
        if self.current_run is not None:
            self.current_run.deleteLater()
        self.current_run = None
        self.model.mark_waiting(FileState.QUEUED)  # none should be left; never leave one hanging
        self._update_state()

    def summary_text(self, summary: MergeSummary) -> str:
        """The end of a merge in a few plain sentences."""
        files = len(summary.results)
        merged = summary.count(MergeStatus.MERGED)
        unchanged = summary.count(MergeStatus.UNCHANGED)
        refused = summary.count(MergeStatus.REFUSED)
        lines = [
            counted(
                files,
                self.tr("%2 of %1 file merged into %3."),
                self.tr("%2 of %1 files merged into %3."),
            )
            .replace("%2", str(merged))
            .replace("%3", summary.target.name)
        ]
        if merged:
            lines.append(
                self.tr("Points: %1 new, %2 updated, %3 deleted, %4 unchanged.")
                .replace("%1", str(summary.new))
                .replace("%2", str(summary.updated))
                .replace("%3", str(summary.deleted))
                .replace("%4", str(summary.unchanged))
            )
        if unchanged:
            lines.append(
                counted(
                    unchanged,
                    self.tr("%1 file had been merged before; nothing new in it."),
                    self.tr("%1 files had been merged before; nothing new in them."),
                )
            )
        if refused:
            lines.append(
                counted(
                    refused,
                    self.tr("%1 file refused; the list says why."),
                    self.tr("%1 files refused; the list says why."),
                )
            )
        if summary.conflicts:
            lines.append(
                counted(
                    summary.conflicts,
                    self.tr(
                        "%1 point was changed both here and at a table: both versions are kept "
                        "for you to choose."
                    ),
                    self.tr(
                        "%1 points were changed both here and at a table: both versions are kept "
                        "for you to choose."
                    ),
                )
            )
        for result in summary.results:
            lines.extend(result.warnings)
        if summary.backup_path is not None:
            lines.append(
                self.tr("A copy of the event file as it was is kept as %1.").replace(
                    "%1", summary.backup_path.name
                )
            )
        return "\n".join(lines)

    # --- state --------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setStyleSheet(f"color: {error_colour().name()};" if error else "")
        self.summary.setText(_escape(text))

    def _update_state(self, *_args: object) -> None:
        idle = self.current_run is None
        target = self._target()
        queued = len(self.model.queued_paths())
        if self.workshop is None:
            self.intro.setText(self.tr("Open or create the event file first, then merge into it."))
        elif self.workshop.read_only:
            self.intro.setText(
                self.tr("%1 is open read-only, so nothing can be merged into it.").replace(
                    "%1", self.workshop.path.name
                )
            )
        else:
            self.intro.setText(
                self.tr(
                    "Merge the table files into <b>%1</b>. Each file is checked first; a bad "
                    "file is explained and never stops the good ones, and merging a file twice "
                    "adds nothing."
                ).replace("%1", _escape(self.workshop.path.name))
            )
        self.merge_button.setEnabled(idle and target is not None and queued > 0)
        self.merge_button.setText(
            counted(queued, self.tr("&Merge %1 file"), self.tr("&Merge %1 files"))
            if queued
            else self.tr("&Merge")
        )
        for widget in (self.add_files_button, self.add_folder_button):
            widget.setEnabled(idle)
        self.clear_button.setEnabled(idle and self.model.rowCount() > 0)
        has_selection = self.table.selectionModel().hasSelection()
        self.remove_button.setEnabled(idle and has_selection)
        self.setAcceptDrops(idle)


def _local_paths(urls: Sequence[object]) -> list[Path]:
    paths = []
    for url in urls:
        if url.isLocalFile():  # type: ignore[attr-defined]
            paths.append(Path(url.toLocalFile()))  # type: ignore[attr-defined]
    return paths


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
