"""Checking the files handed in for a merge, before anything is written.

A facilitator collects table files from USB sticks, e-mail and shared drives; some are copies of
each other, some belong to another event, some are damaged or not workshop files at all. Each is
checked here, read-only, and either accepted (with what the merge needs to know about it) or
refused with one plain sentence naming the file. Nothing here writes to any file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import SQLModel

from facilitator_app.core import store
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
    """A source that passed every check: safe to attach read-only and merge."""

    path: Path
    content_hash: str
    event: EventIdentity


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
    table files) and hidden files (half-written temporary copies); files named explicitly are
    kept as given, so the checks can explain why one is refused.
    """
    excluded = {_resolved(path) for path in exclude}
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            found.append(path)
            continue
        for candidate in sorted(path.rglob(f"*{WORKSHOP_SUFFIX}")):
            if candidate.name.startswith(".") or not candidate.is_file():
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


def _check_real_tables(connection: sqlite3.Connection, path: Path) -> None:
    """Our tables must be tables (not views a crafted file slipped in under the same name)."""
    kinds = dict(connection.execute("SELECT name, type FROM sqlite_master").fetchall())
    for table in SQLModel.metadata.sorted_tables:
        if kinds.get(table.name) != "table":
            raise DamagedFileError(path, f"its {table.name} table is not a plain table")


def inspect_source(path: Path) -> tuple[EventIdentity, str]:
    """Open a source read-only, check it is a sound workshop file; its event and content hash.

    Raises a :class:`WorkshopFileError` (not a workshop file, damaged, newer version, ...) whose
    message names the file. The file is never written to.
    """
    workshop = store.open_workshop(path, read_only=True)
    try:
        connection = workshop.raw_connection()
        try:
            _check_real_tables(connection, path)
            identity = read_event_identity(connection, path)
        except sqlite3.DatabaseError as error:
            raise DamagedFileError(path, str(error)) from error
        finally:
            connection.close()
    finally:
        workshop.close()
    try:
        digest = content_hash(path)
    except OSError as error:
        raise WorkshopFileError(path, f"{path.name} cannot be read: {error.strerror}.") from error
    return identity, digest


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
        identity, digest = inspect_source(path)
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
        return CheckedSource(path=path, content_hash=digest, event=identity)
