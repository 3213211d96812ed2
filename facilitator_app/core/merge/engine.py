"""Merging table files into the event file, and resolving the conflicts a merge finds.

Identity is the UUID: merging a file twice adds nothing, a newer copy of a table file updates
what changed and carries its deletions (tombstones), and a point changed both in the event and
at the table since the last merge keeps both texts as a conflict for the facilitator to settle.

A merge run checks every source first (read-only, see :mod:`.checks`), backs the event file
up before its first write, then merges each good source in its own transaction with set-based
SQL (see :mod:`.sql`). A refused file never stops the good ones. Conflicts are listed,
settled and un-settled in :mod:`.conflicts`, re-exported here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlmodel import SQLModel, col, select

from facilitator_app.core import store
from facilitator_app.core.errors import (
    FileInUseError,
    WorkshopError,
)
from facilitator_app.core.merge.checks import (
    CheckedSource,
    EventIdentity,
    SourceChecker,
    expand_sources,
    read_event_identity,
)
from facilitator_app.core.merge.conflicts import (
    ConflictInfo,
    ConflictSettlement,
    keep_ours,
    keep_theirs,
    list_conflicts,
    resolve_conflict,
    undo_settlement,
)
from facilitator_app.core.merge.sql import (
    NotGiven,
    PointCounts,
    merge_points,
    other_laptop_warnings,
    points_moved_between_tables,
    points_not_given,
    stored_now,
    table_names,
)
from facilitator_app.core.model import (
    MergeRecord,
    new_id,
)
from facilitator_app.core.store import Workshop

__all__ = [
    "ConflictInfo",
    "ConflictSettlement",
    "MergeRecordInfo",
    "MergeStatus",
    "MergeSummary",
    "SourceResult",
    "expand_sources",
    "keep_ours",
    "keep_theirs",
    "list_conflicts",
    "list_merges",
    "merge_files",
    "resolve_conflict",
    "undo_settlement",
]

#: How many backups of an event file are kept beside it; older ones are removed.
BACKUPS_KEPT = 5
_BACKUP_MARK = ".bak-"

#: Set-up tables a new event file keeps from the table file it is made from; every other
#: table (points, links, merge history, consolidation...) starts empty.
_SETUP_TABLES = frozenset(
    {"event", "question", "theme", "workshop_table", "participant", "report_section"}
)


class MergeStatus(StrEnum):
    MERGED = "merged"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True)
class SourceResult:
    """What became of one source file; ``message`` says why when it was refused."""

    path: Path
    status: MergeStatus
    table_names: tuple[str, ...] = ()
    new: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0
    message: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class MergeSummary:
    """The outcome of a merge run: one result per source, in the order given, and totals."""

    target: Path
    results: list[SourceResult] = field(default_factory=list)
    backup_path: Path | None = None
    created_target: bool = False

    def _total(self, name: str) -> int:
        return sum(getattr(result, name) for result in self.results)

    @property
    def new(self) -> int:
        return self._total("new")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def deleted(self) -> int:
        return self._total("deleted")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def conflicts(self) -> int:
        return self._total("conflicts")

    def count(self, status: MergeStatus) -> int:
        return sum(1 for result in self.results if result.status is status)

    @property
    def any_refused(self) -> bool:
        return self.count(MergeStatus.REFUSED) > 0

    @property
    def changed_target(self) -> bool:
        """Whether the event file was written (the GUI reloads its views when it was)."""
        return self.created_target or self.count(MergeStatus.MERGED) > 0


ProgressCallback = Callable[[SourceResult], None]


# --- the merge run ---------------------------------------------------------------------------


def merge_files(
    target: Path,
    sources: Sequence[Path],
    *,
    progress: ProgressCallback | None = None,
    backup: bool = True,
) -> MergeSummary:
    """Merge ``sources`` (files, or folders searched for ``*.workshop``) into ``target``.

    A missing ``target`` is made from the first good source (its set-up, none of its points).
    ``progress`` is called with each source's result as soon as it is known (refusals first, as
    every source is checked before anything is written). The target itself being unusable
    raises a :class:`WorkshopError`; a bad source only gives a refused result.
    ``backup=False`` skips the backup made before the first change: the live room's host backs
    the event file up once when hosting starts, not before every table's change.
    """
    target = Path(target)
    paths = expand_sources([Path(source) for source in sources], exclude=[target])
    summary = MergeSummary(target=target)
    results: dict[int, SourceResult] = {}

    def report(index: int, result: SourceResult) -> None:
        results[index] = result
        if progress is not None:
            progress(result)

    existed = target.exists()
    with SourceChecker(target, _target_event(target) if existed else None) as checker:
        accepted: list[tuple[int, CheckedSource]] = []
        for index, path in enumerate(paths):
            try:
                accepted.append((index, checker.check(path)))
            except WorkshopError as error:
                report(index, _refused(path, str(error)))
            except (sqlite3.Error, OSError) as error:
                report(index, _refused(path, f"{path.name} could not be read ({error})."))

        if accepted:
            blocked = ""  # why the event file cannot be written, once that is known
            if not existed:
                try:
                    _create_target_from(accepted[0][1].read_path, target)
                    summary.created_target = True
                except (OSError, sqlite3.Error) as error:
                    blocked = _cannot_write(target, error, "be made")
            if blocked:
                for index, source in accepted:
                    report(index, _not_merged(source, blocked))
            else:
                _merge_accepted(target, accepted, summary, existed and backup, report)
    summary.results = [results[index] for index in sorted(results)]
    return summary


def _merge_accepted(
    target: Path,
    accepted: list[tuple[int, CheckedSource]],
    summary: MergeSummary,
    back_up: bool,
    report: Callable[[int, SourceResult], None],
) -> None:
    """Merge the accepted sources one by one; a target that cannot be written stops the rest.

    ``back_up``: copy the event file aside before its first change (it existed before, and the
    caller did not take its own backup, as the live room's host does once when it starts).
    """
    blocked = ""
    with closing(_connect_target(target)) as connection:
        for index, source in accepted:
            if blocked:
                report(index, _not_merged(source, blocked))
                continue
            earlier = _earlier_merge(connection, source.content_hash)
            if earlier is not None:
                report(index, _already_merged(source, earlier))
                continue
            try:
                if back_up and summary.backup_path is None:
                    summary.backup_path = backup_target(target)
            except (OSError, sqlite3.Error) as error:
                blocked = _cannot_write(target, error, "be backed up")
                report(index, _not_merged(source, blocked))
                continue
            try:
                report(index, _merge_one(connection, target, source))
            except TargetNotWritableError as error:
                blocked = str(error)
                report(index, _not_merged(source, blocked))


class TargetNotWritableError(WorkshopError):
    """The event file cannot take a write (disk full, read-only folder): no source is to blame."""


def _cannot_write(target: Path, error: BaseException, what: str) -> str:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"{target.name} could not {what} ({reason})"


def _not_merged(source: CheckedSource, reason: str) -> SourceResult:
    return _refused(
        source.path, f"{source.path.name} was not merged: {reason}; the event file is unchanged."
    )


def _is_write_failure(error: sqlite3.Error) -> bool:
    message = str(error).lower()
    return any(
        word in message for word in ("full", "disk i/o", "readonly", "read-only", "unable to open")
    )


def _refused(path: Path, message: str) -> SourceResult:
    return SourceResult(path=path, status=MergeStatus.REFUSED, message=message)


def _already_merged(source: CheckedSource, earlier: tuple[str, str]) -> SourceResult:
    when, tables = earlier
    since = f" on {when[:16]} UTC" if when else ""
    return SourceResult(
        path=source.path,
        status=MergeStatus.UNCHANGED,
        table_names=tuple(name for name in tables.split(", ") if name),
        message=f"{source.path.name} was already merged{since}; nothing to add.",
        warnings=source.notes,
    )


def _target_event(target: Path) -> EventIdentity:
    """Open (and, if older, upgrade) the event file; which event it is."""
    with store.open_workshop(target) as workshop, closing(workshop.raw_connection()) as connection:
        return read_event_identity(connection, target)


def _connect_target(target: Path) -> sqlite3.Connection:
    """A connection to the event file opened with URI support, so sources attach read-only.

    Same pragmas as :func:`store._connect` for a read-write file.
    """
    connection = sqlite3.connect(
        target.resolve().as_uri() + "?mode=rw", uri=True, timeout=5, check_same_thread=False
    )
    connection.isolation_level = None
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA synchronous = FULL")
    # A bounded page cache (16 MiB) large enough that inserting a file's points does not
    # re-read index pages; memory stays capped however large the files are.
    connection.execute("PRAGMA cache_size = -16384")
    return connection


def _earlier_merge(connection: sqlite3.Connection, digest: str) -> tuple[str, str] | None:
    """When a file with these bytes was last merged, and its tables; None if never.

    One indexed lookup per file, so a merge stays as fast when the event has recorded
    thousands of merges (the live room records one per table change).
    """
    row = connection.execute(
        "SELECT merged_at, table_names FROM merge_record WHERE content_hash = ? "
        "ORDER BY merged_at DESC LIMIT 1",
        (digest,),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def _earlier_merge_of_tables(
    connection: sqlite3.Connection, tables: list[str]
) -> tuple[str, str] | None:
    """When these tables were last merged, if ever (None for a file of no table)."""
    if not tables:
        return None
    row = connection.execute(
        "SELECT merged_at, table_names FROM merge_record WHERE table_names = ? "
        "ORDER BY merged_at DESC LIMIT 1",
        (", ".join(tables),),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def _merge_one(connection: sqlite3.Connection, target: Path, source: CheckedSource) -> SourceResult:
    """One source in one transaction: all of it is merged, or none of it."""
    name = source.path.name
    # Every accepted file has our schema version (older ones would need the upgraded private
    # copy that store.open_workshop(read_only=True) makes attached instead, once MIGRATIONS
    # holds any).
    connection.execute(
        "ATTACH DATABASE ? AS src", (source.read_path.resolve().as_uri() + "?mode=ro",)
    )
    try:
        moved = points_moved_between_tables(connection)
        if moved:
            return _refused(
                source.path,
                f"{name} would move {moved} point{'s' if moved > 1 else ''} of the event to "
                "another table; a table file may change only its own table's points, so it "
                "was not merged.",
            )
        not_given = points_not_given(connection)
        if not_given:
            return _refused(source.path, _not_given_message(name, not_given))
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _is_write_failure(error):
                raise TargetNotWritableError(_cannot_write(target, error, "be written")) from error
            raise FileInUseError(target, "it is locked") from error
        try:
            warnings = other_laptop_warnings(connection, name)
            counts = merge_points(connection, name)
            tables = table_names(connection)
            changed = counts.new or counts.updated or counts.deleted or counts.conflicts
            # A copy of a table already merged (the live room synced it; the app's hand-in
            # wrote other header bytes) is recognised by what it holds, and adds no record.
            earlier = None if changed else _earlier_merge_of_tables(connection, tables)
            if earlier is None:
                _record_merge(connection, source, tables, counts)
            connection.execute("COMMIT")
        except BaseException as error:
            # SQLite has already rolled back after some errors (a full disk); rolling back
            # again would hide the real error behind "no transaction is active".
            if connection.in_transaction:
                with suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise FileInUseError(target, "it is locked") from error
            if isinstance(error, sqlite3.Error) and _is_write_failure(error):
                raise TargetNotWritableError(_cannot_write(target, error, "be written")) from error
            if isinstance(error, sqlite3.DatabaseError):
                return _refused(
                    source.path,
                    f"{name} could not be merged, so nothing of it was ({error}). "
                    "Ask for another copy of it.",
                )
            raise
    finally:
        with suppress(sqlite3.Error):
            connection.execute("DETACH DATABASE src")
    if earlier is not None:
        already = _already_merged(source, earlier)
        return replace(already, unchanged=counts.unchanged, warnings=(*source.notes, *warnings))
    return SourceResult(
        path=source.path,
        status=MergeStatus.MERGED if changed else MergeStatus.UNCHANGED,
        table_names=tuple(tables),
        new=counts.new,
        updated=counts.updated,
        deleted=counts.deleted,
        unchanged=counts.unchanged,
        conflicts=counts.conflicts,
        message="" if changed else f"{name} holds nothing new.",
        warnings=(*source.notes, *warnings),
    )


def _not_given_message(name: str, not_given: list[NotGiven]) -> str:
    """Why a source changing points it was never given is refused, in one sentence."""
    changes = [
        _how_many(sum(table.points for table in not_given), "point"),
        _how_many(sum(table.links for table in not_given), "link"),
    ]
    what = " and ".join(change for change in changes if change)
    tables = ", ".join(table.table_name for table in not_given)
    whose = "another table" if len(not_given) == 1 else "other tables"
    return (
        f"{name} would change {what} of {whose} ({tables}) that it was never given; a table "
        "file may change only its own table's points and those the event sent to it, so it "
        "was not merged."
    )


def _how_many(count: int, thing: str) -> str:
    return "" if count == 0 else f"{count} {thing}{'s' if count > 1 else ''}"


def _record_merge(
    connection: sqlite3.Connection, source: CheckedSource, tables: list[str], counts: PointCounts
) -> None:
    connection.execute(
        """
        INSERT INTO main.merge_record (id, source_name, source_path, content_hash, merged_at,
            table_names, new_points, updated_points, deleted_points, unchanged_points, conflicts)
        VALUES (:id, :name, :path, :hash, :now, :tables, :new, :updated, :deleted, :unchanged,
            :conflicts)
        """,
        {
            "id": new_id(),
            "name": source.path.name,
            "path": str(source.path.resolve()),
            "hash": source.content_hash,
            "now": stored_now(),
            "tables": ", ".join(tables),
            "new": counts.new,
            "updated": counts.updated,
            "deleted": counts.deleted,
            "unchanged": counts.unchanged,
            "conflicts": counts.conflicts,
        },
    )


def _create_target_from(source: Path, target: Path) -> None:
    """A new event file with the source's set-up and nothing else, put in place atomically.

    The file is built from our own schema and only the set-up rows are copied in, column by
    column: nothing of a stranger's schema (a trigger, a weakened table) can come along.
    """

    def copy_setup(workshop: Workshop) -> None:
        with closing(workshop.raw_connection()) as connection:
            connection.execute(
                "ATTACH DATABASE ? AS src", (source.resolve().as_uri() + "?mode=ro",)
            )
            try:
                connection.execute("BEGIN IMMEDIATE")
                for table in SQLModel.metadata.sorted_tables:
                    if table.name in _SETUP_TABLES:
                        columns = ", ".join(f'"{column.name}"' for column in table.columns)
                        connection.execute(
                            f'INSERT INTO main."{table.name}" ({columns}) '
                            f'SELECT {columns} FROM src."{table.name}"'
                        )
                connection.execute("COMMIT")
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                connection.execute("DETACH DATABASE src")

    store.build_workshop_file(target, copy_setup)


def backup_target(target: Path) -> Path:
    """Copy the event file to ``NAME.bak-YYYYmmdd-HHMMSS`` beside it; keep the newest few.

    The suffix is not ``.workshop``, so a folder of table files that also holds the event file
    and its backups can be given as a merge source without the backups being merged.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.name}{_BACKUP_MARK}{stamp}")
    counter = 2
    while backup.exists():
        backup = target.with_name(f"{target.name}{_BACKUP_MARK}{stamp}-{counter}")
        counter += 1
    with store.open_workshop(target, read_only=True) as workshop:
        store.copy_workshop(workshop, backup)
    prefix = f"{target.name}{_BACKUP_MARK}"  # not a glob: names may hold [ or *
    backups = sorted(
        (path for path in target.parent.iterdir() if path.name.startswith(prefix)),
        key=lambda path: (path.stat().st_mtime, path.name),
    )
    for old in backups[:-BACKUPS_KEPT]:
        with suppress(OSError):
            old.unlink()
    return backup


# --- merge history -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeRecordInfo:
    """One file merged into this event file: when, and what it brought."""

    id: str
    source_name: str
    source_path: str
    content_hash: str
    merged_at: datetime
    table_names: str
    new: int
    updated: int
    deleted: int
    unchanged: int
    conflicts: int


def list_merges(workshop: Workshop) -> list[MergeRecordInfo]:
    """The files merged into this event file, oldest first."""
    with workshop.session() as session:
        rows = session.exec(select(MergeRecord).order_by(col(MergeRecord.merged_at))).all()
        return [
            MergeRecordInfo(
                id=row.id,
                source_name=row.source_name,
                source_path=row.source_path,
                content_hash=row.content_hash,
                merged_at=_aware(row.merged_at),
                table_names=row.table_names,
                new=row.new_points,
                updated=row.updated_points,
                deleted=row.deleted_points,
                unchanged=row.unchanged_points,
                conflicts=row.conflicts,
            )
            for row in rows
        ]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
