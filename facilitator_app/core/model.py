"""The tables of a workshop file (SQLModel).

One file format serves the facilitator's event file and every scribe's table file: a table file
is a copy of the event file into which one table's points were typed, so merging is a union of
files of one kind. Identity is always a UUID string, never an auto-increment number, so rows made
on different laptops never collide. Points and links are never deleted outright: a tombstone
(``deleted_at``) lets a later merge tell "deleted at the table" from "never seen".

Times are timezone-aware UTC ``datetime`` values. ``revision`` counts the changes made to a row;
merge uses it, not wall-clock times, because laptops' clocks disagree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DDL, Index
from sqlalchemy import event as sqlalchemy_event
from sqlmodel import Field, SQLModel

# The enums live in a plain module the GUI may import; re-exported here for the core's modules.
from facilitator_app.core.enums import QuestionKind as QuestionKind
from facilitator_app.core.enums import ReportSectionKey as ReportSectionKey
from facilitator_app.core.enums import Role as Role
from facilitator_app.core.enums import Strength as Strength

#: Longest point text accepted: generous (a long pasted paragraph), but bounded. Files handed in
#: are held to it too (see :mod:`file_validation`).
MAX_POINT_LENGTH = 20_000


def new_id() -> str:
    """A fresh row identity, unique across every laptop."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Now, in UTC, as stored in workshop files."""
    return datetime.now(UTC)


class Event(SQLModel, table=True):
    """The one event a file is about. Its id tells files of this event from others."""

    __tablename__ = "event"
    id: str = Field(default_factory=new_id, primary_key=True)
    title: str
    date: str = ""  # ISO date (YYYY-MM-DD) or empty
    venue: str = ""
    context: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Question(SQLModel, table=True):
    __tablename__ = "question"
    id: str = Field(default_factory=new_id, primary_key=True)
    position: int
    text: str
    kind: QuestionKind = QuestionKind.OTHER


class Theme(SQLModel, table=True):
    __tablename__ = "theme"
    id: str = Field(default_factory=new_id, primary_key=True)
    position: int
    name: str


class WorkshopTable(SQLModel, table=True):
    """A table of people in the room ("Table One"); not a database table."""

    __tablename__ = "workshop_table"
    id: str = Field(default_factory=new_id, primary_key=True)
    position: int
    name: str


class Participant(SQLModel, table=True):
    __tablename__ = "participant"
    id: str = Field(default_factory=new_id, primary_key=True)
    table_id: str = Field(foreign_key="workshop_table.id", index=True)
    position: int
    name: str
    organisation: str = ""
    role: Role = Role.PARTICIPANT


class Point(SQLModel, table=True):
    """One point a table made, under a question and (optionally) a theme.

    ``table_id`` is empty only for a consolidated point made at the event level from points of
    several tables (see :class:`ConsolidationMember`).
    """

    __tablename__ = "point"
    __table_args__ = (
        Index("ix_point_table_question_position", "table_id", "question_id", "position"),
    )
    id: str = Field(default_factory=new_id, primary_key=True)
    table_id: str | None = Field(default=None, foreign_key="workshop_table.id")
    question_id: str = Field(foreign_key="question.id", index=True)
    theme_id: str | None = Field(default=None, foreign_key="theme.id", index=True)
    text: str
    position: int
    strength: Strength | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None
    revision: int = 1
    source_file: str = ""  # name of the table file it was merged from, empty if typed here


class PointLink(SQLModel, table=True):
    """A mitigation point linked to an issue point it addresses."""

    __tablename__ = "point_link"
    mitigation_id: str = Field(foreign_key="point.id", primary_key=True)
    issue_id: str = Field(foreign_key="point.id", primary_key=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None
    revision: int = 1


class ConsolidationMember(SQLModel, table=True):
    """A source point folded into a consolidated point; the report shows the latter once."""

    __tablename__ = "consolidation_member"
    consolidated_id: str = Field(foreign_key="point.id", primary_key=True)
    member_id: str = Field(foreign_key="point.id", primary_key=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Draft(SQLModel, table=True):
    """Text typed into a quick-entry box but not yet added: kept so a crash loses nothing."""

    __tablename__ = "draft"
    table_id: str = Field(foreign_key="workshop_table.id", primary_key=True)
    question_id: str = Field(foreign_key="question.id", primary_key=True)
    text: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    #: The theme and strength chosen for the point being typed (schema 2): kept with its text.
    #: No foreign key: a theme removed at set-up simply no longer applies to the draft.
    theme_id: str | None = None
    strength: Strength | None = None


class ReportSection(SQLModel, table=True):
    """A narrative section of the report as the programme lead wrote it."""

    __tablename__ = "report_section"
    key: ReportSectionKey = Field(primary_key=True)
    text: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class MergeRecord(SQLModel, table=True):
    """One source file merged into this event file, so a re-merge of it is recognised."""

    __tablename__ = "merge_record"
    id: str = Field(default_factory=new_id, primary_key=True)
    source_name: str
    source_path: str = ""
    content_hash: str = Field(index=True)
    merged_at: datetime = Field(default_factory=utcnow)
    table_names: str = ""
    new_points: int = 0
    updated_points: int = 0
    deleted_points: int = 0
    unchanged_points: int = 0
    conflicts: int = 0


class PointMergeBase(SQLModel, table=True):
    """A point as last merged in from a table file: the common ancestor of a three-way merge.

    Comparing the event's row and the table's row with this one tells a change made on one side
    (taken) from changes made on both (merged field by field, or a conflict if both changed the
    text or deleted state differently). A merged point that has no row here is unchanged since
    it was merged: it is its own base. :data:`POINT_MERGE_BASE_TRIGGER` writes the row just
    before such a point is first changed, so a merge need not copy every point it adds.
    """

    __tablename__ = "point_merge_base"
    point_id: str = Field(foreign_key="point.id", primary_key=True)
    revision: int
    text: str = ""
    deleted: bool = False
    question_id: str = ""
    theme_id: str | None = None
    position: int = 0
    strength: str | None = None  # the raw stored value, compared as is


#: Keeps a merged point's base (see :class:`PointMergeBase`) before its first change anywhere.
POINT_MERGE_BASE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS point_keep_merge_base BEFORE UPDATE ON point FOR EACH ROW
WHEN OLD.source_file != ''
    AND NOT EXISTS (SELECT 1 FROM point_merge_base WHERE point_id = OLD.id)
BEGIN
    INSERT INTO point_merge_base
        (point_id, revision, text, deleted, question_id, theme_id, position, strength)
    VALUES (OLD.id, OLD.revision, OLD.text, OLD.deleted_at IS NOT NULL, OLD.question_id,
        OLD.theme_id, OLD.position, OLD.strength);
END
"""
sqlalchemy_event.listen(
    PointMergeBase.__table__,  # type: ignore[attr-defined]
    "after_create",
    DDL(POINT_MERGE_BASE_TRIGGER),
)


class MergeConflict(SQLModel, table=True):
    """A point changed both here and at the table since the last merge: both texts kept."""

    __tablename__ = "merge_conflict"
    id: str = Field(default_factory=new_id, primary_key=True)
    point_id: str = Field(foreign_key="point.id", index=True)
    source_name: str
    their_text: str
    their_revision: int
    their_deleted: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


DEFAULT_QUESTIONS: tuple[tuple[str, QuestionKind], ...] = (
    (
        "What are the advantages of the proposed option and how does it fit the overarching "
        "criteria?",
        QuestionKind.ADVANTAGE,
    ),
    (
        "What are the potential issues and disadvantages with the proposed option?",
        QuestionKind.ISSUE,
    ),
    (
        "What variations or mitigations to the proposed option could address these issues?",
        QuestionKind.MITIGATION,
    ),
)

DEFAULT_THEMES: tuple[str, ...] = (
    "Quality / Efficiencies",
    "Service Integration",
    "Infrastructure",
    "Workforce",
    "Access",
    "Sustainability",
)

TABLE_NUMBER_NAMES: tuple[str, ...] = (
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen", "Twenty",
)  # fmt: skip


def default_table_name(number: int) -> str:
    """ "Table One" … "Table Twenty", then "Table 21" …: the names facilitators use."""
    if 1 <= number <= len(TABLE_NUMBER_NAMES):
        return f"Table {TABLE_NUMBER_NAMES[number - 1]}"
    return f"Table {number}"


class DismissedDuplicate(SQLModel, table=True):
    """Two points the facilitator said are not duplicates, so they are not suggested again.

    Kept as an ordered pair of UUIDs (``first_id < second_id``) so it survives re-merges.
    """

    __tablename__ = "dismissed_duplicate"
    first_id: str = Field(foreign_key="point.id", primary_key=True)
    second_id: str = Field(foreign_key="point.id", primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
