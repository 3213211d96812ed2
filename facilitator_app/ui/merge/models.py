"""The merge view's list of files: each file handed in, and what became of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator_app.core.merge import MergeStatus, SourceResult
from facilitator_app.core.wording import counted
from facilitator_app.ui.widgets.status_colours import error_colour, success_colour, warning_colour

Index = QModelIndex | QPersistentModelIndex


class FileState(Enum):
    QUEUED = "queued"
    CHECKING = "checking"
    MERGING = "merging"
    MERGED = "merged"
    UNCHANGED = "unchanged"
    REFUSED = "refused"

    @property
    def done(self) -> bool:
        return self in (FileState.MERGED, FileState.UNCHANGED, FileState.REFUSED)


@dataclass(frozen=True)
class FileRow:
    path: Path
    state: FileState = FileState.QUEUED
    result: SourceResult | None = None


def path_key(path: Path) -> str:
    """One spelling per file, so a file added twice (or reported back) is found again."""
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


class MergeFilesModel(QAbstractTableModel):
    """Rows of files to merge and their state; results are matched back by path."""

    FILE, TABLES, STATUS = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FileRow] = []

    # --- content ---------------------------------------------------------------------------

    def add(self, paths: Iterable[Path]) -> tuple[int, int]:
        """Queue files not listed yet (or listed and done, to merge again); (added, skipped)."""
        listed = {path_key(row.path): index for index, row in enumerate(self._rows)}
        new: list[Path] = []
        new_keys: set[str] = set()
        skipped = 0
        for path in paths:
            key = path_key(path)
            if key in new_keys or (key in listed and not self._rows[listed[key]].state.done):
                skipped += 1
            elif key in listed:
                self._set(listed[key], FileRow(path))  # merged before: queue it again
            else:
                new_keys.add(key)
                new.append(path)
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._rows.extend(FileRow(path) for path in new)
            self.endInsertRows()
        return len(new), skipped

    def remove_rows(self, rows: Iterable[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def rows(self) -> list[FileRow]:
        return list(self._rows)

    def queued_paths(self) -> list[Path]:
        return [row.path for row in self._rows if row.state is FileState.QUEUED]

    def mark(self, paths: Iterable[Path], state: FileState) -> None:
        keys = {path_key(path) for path in paths}
        for index, row in enumerate(self._rows):
            if path_key(row.path) in keys:
                self._set(index, replace(row, state=state))

    def mark_waiting(self, state: FileState) -> None:
        """Move every file still being worked on (checking) to ``state`` (e.g. merging)."""
        for index, row in enumerate(self._rows):
            if row.state in (FileState.CHECKING, FileState.MERGING):
                self._set(index, replace(row, state=state))

    def set_result(self, result: SourceResult) -> None:
        key = path_key(result.path)
        state = {
            MergeStatus.MERGED: FileState.MERGED,
            MergeStatus.UNCHANGED: FileState.UNCHANGED,
            MergeStatus.REFUSED: FileState.REFUSED,
        }[MergeStatus(result.status)]
        for index, row in enumerate(self._rows):
            if path_key(row.path) == key and not row.state.done:
                self._set(index, FileRow(row.path, state, result))
                return
        # a file found in a folder by the core, not listed here: show it too
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(FileRow(result.path, state, result))
        self.endInsertRows()

    def _set(self, index: int, row: FileRow) -> None:
        self._rows[index] = row
        self.dataChanged.emit(self.index(index, 0), self.index(index, self.columnCount() - 1))

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (self.tr("File"), self.tr("Tables"), self.tr("Status"))
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.FILE:
                return row.path.name
            if column == self.TABLES:
                return ", ".join(row.result.table_names) if row.result else ""
            return self.status_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.FILE:
                return str(row.path)
            if column == self.TABLES:
                return "\n".join(row.result.table_names) if row.result else None
            return self.status_text(row, full=True)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            if row.state is FileState.REFUSED:
                return error_colour()
            if row.state is FileState.MERGED and row.result is not None and row.result.conflicts:
                return warning_colour()  # merged, but with conflicts to settle: not all good
            if row.state is FileState.MERGED:
                return success_colour()
        return None

    def status_text(self, row: FileRow, *, full: bool = False) -> str:
        """What a person reads in the status column."""
        result = row.result
        if row.state is FileState.QUEUED:
            return self.tr("Queued")
        if row.state is FileState.CHECKING:
            return self.tr("Checking…")
        if row.state is FileState.MERGING:
            return self.tr("Merging…")
        assert result is not None
        if row.state is FileState.REFUSED:
            return self.tr("Refused: %1").replace("%1", result.message)
        if row.state is FileState.UNCHANGED:
            return self.tr("Already merged: nothing new")
        text = self.counts_text(result)
        if result.warnings and full:
            text += "\n" + "\n".join(result.warnings)
        elif result.warnings:
            text += self.tr(" (see note)")
        return text

    def counts_text(self, result: SourceResult) -> str:
        parts = [
            self.tr("%1 new").replace("%1", str(result.new)),
            self.tr("%1 updated").replace("%1", str(result.updated)),
        ]
        if result.deleted:
            parts.append(self.tr("%1 deleted").replace("%1", str(result.deleted)))
        if result.unchanged:
            parts.append(self.tr("%1 unchanged").replace("%1", str(result.unchanged)))
        if result.conflicts:
            parts.append(counted(result.conflicts, self.tr("%1 conflict"), self.tr("%1 conflicts")))
        return self.tr("Merged: %1").replace("%1", ", ".join(parts))
