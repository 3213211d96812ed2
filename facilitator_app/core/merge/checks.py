"""Checking the files handed in for a merge, before anything is written.

A facilitator collects table files from USB sticks, e-mail and shared drives; some are copies of
each other, some belong to another event, some are damaged or not workshop files at all. Each is
checked here, read-only, and either accepted (with what the merge needs to know about it) or
refused with one plain sentence naming the file. Nothing here writes to any file.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.core import recovery, store
from facilitator_app.core.errors import DamagedFileError, WorkshopFileError

#: The suffix of workshop files, searched for in folders given as sources.
WORKSHOP_SUFFIX = ".workshop"

_HASH_CHUNK = 1 << 20


class RefusedSourceError(WorkshopFileError):
    """A source file the merge will not take; the message names it and says why."""


class OtherEventError(RefusedSourceError):
    def __init__(self, path: Path, their_title: str, our_title: str) -> None:
        super().__init__(
            path,
            f"{path.name} belongs to another event (\u201c{their_title}\u201d), "
            f"not to \u201c{our_title}\u201d; it was not merged.",
        )


@dataclass(frozen=True)
class EventIdentity:
    """Which event a workshop file is about: its UUID and the title people know it by."""

    id: str
    title: str


@dataclass(frozen=True)
class CheckedSource:
    """A source that passed every check: safe to attach read-only and merge.

    ``read_path`` is the file to read: the source itself, or a private recovered copy when the
    source came with an unfinished change beside it (see :meth:`SourceChecker.check`).
    """

    path: Path
    content_hash: str
    event: EventIdentity
    read_path: Path
    notes: tuple[str, ...] = ()


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: the same file handed in twice has the same hash."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def expand_sources(paths: Iterable[Path], *, exclude: Sequence[Path] = ()) -> list[Path]:
    """Files as given, and every ``*.workshop`` file found (recursively) in folders given.

    Files found in folders skip ``exclude`` (the event file itself, usually kept beside the
    table files) and hidden files and folders (half-written temporary copies, the live room's
    inbox of copies already merged); files named explicitly are kept as given, so the checks
    can explain why one is refused.
    """
    excluded = {_resolved(path) for path in exclude}
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            found.append(path)
            continue
        for candidate in sorted(path.rglob(f"*{WORKSHOP_SUFFIX}")):
            hidden = any(part.startswith(".") for part in candidate.relative_to(path).parts)
            if hidden or not candidate.is_file():
                continue
            if _resolved(candidate) in excluded:
                continue
            found.append(candidate)
    return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def read_event_identity(connection: sqlite3.Connection, path: Path) -> EventIdentity:
    """The one event a workshop file describes; a file with none or several is damaged."""
    rows = connection.execute("SELECT id, title FROM event").fetchall()
    if len(rows) != 1:
        raise DamagedFileError(path, f"it should describe one event, not {len(rows)}")
    return EventIdentity(id=rows[0][0], title=rows[0][1])


def inspect_source(path: Path) -> EventIdentity:
    """Open a source read-only, check it is a sound workshop file; the event it is about.

    Raises a :class:`WorkshopFileError` (not a workshop file, damaged, newer version, ...) whose
    message names the file. The file is never written to.
    """
    workshop = store.open_workshop(path, read_only=True)
    try:
        connection = workshop.raw_connection()
        try:
            identity = read_event_identity(connection, path)
        except sqlite3.DatabaseError as error:
            raise DamagedFileError(path, str(error)) from error
        finally:
            connection.close()
    finally:
        workshop.close()
    return identity


def _hash_of(path: Path) -> str:
    """The file's hash; with its WAL's, whose committed changes are part of what it holds."""
    try:
        digest = content_hash(path)
        wal = path.with_name(f"{path.name}-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            digest = hashlib.sha256((digest + content_hash(wal)).encode()).hexdigest()
        return digest
    except OSError as error:
        raise WorkshopFileError(path, f"{path.name} cannot be read: {error.strerror}.") from error


def _journal_of(path: Path) -> Path | None:
    """The rollback journal left beside a file whose last change never finished, if any."""
    journal = path.with_name(f"{path.name}-journal")
    try:
        return journal if journal.is_file() and journal.stat().st_size > 0 else None
    except OSError:
        return None


class SourceChecker:
    """Checks a run's sources one by one, remembering what it has accepted so far.

    Refuses the event file itself, a path given twice, a file whose bytes equal one accepted
    earlier in the run, files of another event, and anything :func:`inspect_source` refuses.
    The event is the target's, or (for a new event file) the first accepted source's.
    """

    def __init__(self, target: Path, event: EventIdentity | None) -> None:
        self.target = _resolved(target)
        self.event = event
        self._paths: dict[Path, Path] = {}
        self._hashes: dict[str, Path] = {}
        self._workspace: Path | None = None

    def close(self) -> None:
        """Remove the private copies made while checking."""
        if self._workspace is not None:
            shutil.rmtree(self._workspace, ignore_errors=True)
            self._workspace = None

    def __enter__(self) -> SourceChecker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _recovered_copy(self, path: Path) -> Path:
        """The file as last saved, in a private copy (see :func:`recovery.recovered_copy`)."""
        if self._workspace is None:
            self._workspace = Path(tempfile.mkdtemp(prefix="workshop-merge-"))
        return recovery.recovered_copy(path, self._workspace)

    def check(self, path: Path) -> CheckedSource:
        resolved = _resolved(path)
        if resolved == self.target:
            raise RefusedSourceError(
                path, f"{path.name} is the event file being merged into; it was not merged."
            )
        if resolved in self._paths:
            raise RefusedSourceError(
                path, f"{path.name} was given twice ({path}); it is merged only once."
            )
        self._paths[resolved] = path
        read_path = path
        notes: tuple[str, ...] = ()
        store.read_header(path)  # not a regular file, not a database: refused before SQLite
        journal = _journal_of(path)
        if journal is not None:
            read_path = self._recovered_copy(path)
            notes = (
                f"{path.name} came with an unfinished change ({journal.name} beside it): "
                "it was merged as it was last saved.",
            )
        elif store.read_header(path).wal or recovery.unfinished_change(path) is not None:
            # A WAL-mode file is read from a private copy, so no -shm appears beside it.
            read_path = self._recovered_copy(path)
        identity = inspect_source(read_path)
        digest = _hash_of(path)
        earlier = self._hashes.get(digest)
        if earlier is not None:
            raise RefusedSourceError(
                path,
                f"{path.name} is an identical copy of {earlier.name}; it is merged only once.",
            )
        if self.event is None:
            self.event = identity
        elif identity.id != self.event.id:
            raise OtherEventError(path, identity.title, self.event.title)
        self._hashes[digest] = path
        return CheckedSource(
            path=path, content_hash=digest, event=identity, read_path=read_path, notes=notes
        )
