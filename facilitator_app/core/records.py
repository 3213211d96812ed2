"""Plain, immutable snapshots of what a workshop file holds, handed out by the use cases.

The GUI and CLI never see ORM objects or sessions: they get these records, and change data only
through the use-case functions. A record is a copy taken when it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from facilitator_app.core.model import QuestionKind, Role, Strength


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: str
    title: str
    date: str
    venue: str
    context: str


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    id: str
    position: int
    text: str
    kind: QuestionKind

    @property
    def number(self) -> int:
        """The number people call it by: 1, 2, 3…"""
        return self.position + 1


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    id: str
    position: int
    name: str


@dataclass(frozen=True, slots=True)
class TableInfo:
    id: str
    position: int
    name: str


@dataclass(frozen=True, slots=True)
class ParticipantInfo:
    id: str
    table_id: str
    position: int
    name: str
    organisation: str
    role: Role


class PointInfo(NamedTuple):
    """A point. A named tuple rather than a frozen dataclass, as immutable and hashable: it is
    built by the ten thousand when a view opens, and a frozen dataclass costs several times
    more to build (each field goes through ``object.__setattr__``). Its fields are the
    ``point`` table's columns, in order, so a row of them makes one by position."""

    id: str
    table_id: str | None
    question_id: str
    theme_id: str | None
    text: str
    position: int
    strength: Strength | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    revision: int
    source_file: str

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @classmethod
    def from_row(cls, row: Any) -> PointInfo:
        """The record of a point read as an ORM object or as a plain row of its columns (the
        quick way for thousands of points)."""
        return cls(
            id=row.id,
            table_id=row.table_id,
            question_id=row.question_id,
            theme_id=row.theme_id,
            text=row.text,
            position=row.position,
            strength=Strength(row.strength) if row.strength else None,
            created_at=row.created_at,
            updated_at=row.updated_at,
            deleted_at=row.deleted_at,
            revision=row.revision,
            source_file=row.source_file,
        )


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """A live link: the mitigation point addresses the issue point."""

    mitigation_id: str
    issue_id: str


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """A point typed but not yet added, with the theme and strength already chosen for it."""

    question_id: str
    text: str
    theme_id: str | None = None
    strength: Strength | None = None
