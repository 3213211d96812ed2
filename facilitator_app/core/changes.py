"""What a use case changed: a small :class:`Changes` value the GUI refreshes its views from.

Use cases do not have to say it themselves: while :func:`recording` is active, every INSERT,
UPDATE or DELETE that reaches SQLite through SQLAlchemy is noted by the table it wrote to, and
every point an ORM flush wrote is noted by its id. So every use case, old or new, reports what
it touched without a change to its signature. Work that writes through its own ``sqlite3``
connection (a merge) says so with :data:`EVERYTHING`, which is what a merge can touch.

Recording is per thread (a context variable): a merge in a worker thread and a keystroke on the
GUI thread never mix their notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session

from facilitator_app.core.model import Point


class Kind(StrEnum):
    """The kinds of rows a change can touch; views refresh what shows those kinds."""

    EVENT = "event"
    QUESTIONS = "questions"
    THEMES = "themes"
    TABLES = "tables"
    PARTICIPANTS = "participants"
    POINTS = "points"
    LINKS = "links"
    DRAFTS = "drafts"
    SECTIONS = "sections"
    MERGES = "merges"
    CONFLICTS = "conflicts"
    CONSOLIDATIONS = "consolidations"
    DUPLICATES = "duplicates"


#: Which kind each table of a workshop file holds.
_KIND_OF_TABLE = {
    "event": Kind.EVENT,
    "question": Kind.QUESTIONS,
    "theme": Kind.THEMES,
    "workshop_table": Kind.TABLES,
    "participant": Kind.PARTICIPANTS,
    "point": Kind.POINTS,
    "point_link": Kind.LINKS,
    "draft": Kind.DRAFTS,
    "report_section": Kind.SECTIONS,
    "merge_record": Kind.MERGES,
    "point_merge_base": Kind.MERGES,
    "merge_conflict": Kind.CONFLICTS,
    "consolidation_member": Kind.CONSOLIDATIONS,
    "dismissed_duplicate": Kind.DUPLICATES,
}

_WRITE = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)"
    r"\s+[\"'`\[]?(\w+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Changes:
    """The kinds of rows a change touched, and (where cheap to know) which points."""

    kinds: frozenset[Kind] = frozenset()
    point_ids: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.point_ids | other.point_ids)

    def touches(self, *kinds: Kind) -> bool:
        """Whether any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)

    @classmethod
    def of(cls, *kinds: Kind, point_ids: Iterable[str] = ()) -> Changes:
        return cls(frozenset(kinds), frozenset(point_ids))

    @property
    def only_drafts(self) -> bool:
        """A draft saved while typing: stored, but no view shows it anywhere else."""
        return self.kinds == {Kind.DRAFTS}


#: What a merge (or any work through its own connection) may have changed: all of it.
EVERYTHING = Changes(frozenset(Kind))


@dataclass
class ChangeRecorder:
    """Collects what the writes made while it records; read :attr:`changes` afterwards."""

    kinds: set[Kind] = field(default_factory=set)
    point_ids: set[str] = field(default_factory=set)

    @property
    def changes(self) -> Changes:
        return Changes(frozenset(self.kinds), frozenset(self.point_ids))

    def add(self, changes: Changes) -> None:
        """Note changes made where the recorder cannot see them (a raw connection)."""
        self.kinds |= changes.kinds
        self.point_ids |= changes.point_ids


_current: ContextVar[ChangeRecorder | None] = ContextVar("facilitator_changes", default=None)


@contextmanager
def recording() -> Iterator[ChangeRecorder]:
    """Record what the writes inside the block change (nested blocks each see their own)."""
    outer = _current.get()
    recorder = ChangeRecorder()
    token = _current.set(recorder)
    try:
        yield recorder
    finally:
        _current.reset(token)
        if outer is not None:
            outer.add(recorder.changes)


def _note_statement(
    _connection: Any, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    recorder = _current.get()
    if recorder is None:
        return
    match = _WRITE.match(statement)
    if match is not None:
        kind = _KIND_OF_TABLE.get(match.group(1).lower())
        if kind is not None:
            recorder.kinds.add(kind)


def _note_points(session: Session, _context: Any, _instances: Any) -> None:
    recorder = _current.get()
    if recorder is None:
        return
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Point):
            recorder.point_ids.add(row.id)


event.listen(Engine, "before_cursor_execute", _note_statement)
event.listen(Session, "before_flush", _note_points)
