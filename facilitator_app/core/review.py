"""The facilitator's review of the merged points: one row per point as the report will show it.

A member of a live consolidated point is shown only through that consolidated point, which
lists the tables that raised it, even when the member has an unsettled merge conflict: the
consolidated point then counts that conflict as its own (so "conflicts only" finds it and leads
to it), and the conflict itself is settled in the Conflicts panel. Any other point with an
unsettled conflict is listed, even when the event's side of it is a deletion, so it can be
settled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import select

from facilitator_app.core.consolidate import ConsolidationInfo, members_by_consolidated_id
from facilitator_app.core.cycle_collector import cycle_collection_paused
from facilitator_app.core.event import list_questions, list_tables, list_themes
from facilitator_app.core.merge import ConflictInfo, list_conflicts
from facilitator_app.core.model import ConsolidationMember, Point, Question, WorkshopTable
from facilitator_app.core.plain_reads import plain_rows
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop
from facilitator_app.core.table_reads import POINT_RECORD_COLUMNS

_POINT = Point.__table__  # type: ignore[attr-defined]
_MEMBER = ConsolidationMember.__table__  # type: ignore[attr-defined]
_QUESTION = Question.__table__  # type: ignore[attr-defined]
_TABLE = WorkshopTable.__table__  # type: ignore[attr-defined]


class ReviewPoint(NamedTuple):
    """One row of the review: a point with the names it is shown with (a named tuple, not a
    dataclass: one is made per point, and it costs a third as much)."""

    point: PointInfo
    question_number: int
    question_text: str
    theme_name: str  # empty when the point has no theme
    table_names: tuple[str, ...]  # the table, or the tables that raised a consolidated point
    member_count: int  # how many source points a consolidated point stands for; 0 otherwise
    open_conflicts: int  # a consolidated point's count includes its members' conflicts
    #: The points whose conflicts ``open_conflicts`` counts: this one, or its members.
    conflict_point_ids: tuple[str, ...] = ()
    #: Where the row goes: question, table (consolidated points first), position.
    order: tuple[int, int, int] = (0, 0, 0)

    @property
    def consolidated(self) -> bool:
        return self.point.table_id is None


@dataclass(frozen=True, slots=True)
class Review:
    """What the review shows, from one read of the points: its rows, the live consolidated
    points (by id) and the conflicts still to settle."""

    rows: list[ReviewPoint]
    consolidations: dict[str, ConsolidationInfo] = field(default_factory=dict)
    conflicts: list[ConflictInfo] = field(default_factory=list)


def read_points(
    workshop: Workshop,
    *,
    include_deleted: bool = False,
    ids: Collection[str] | None = None,
    ordered: bool = True,
) -> list[PointInfo]:
    """Every point in reading order (table, question, position), or only those of ``ids``, as
    light records read with one plain select (typed by :func:`plain_rows`): an ORM object per
    row costs several times the read itself, and SQLAlchemy's typing of every value half again.

    ``ordered=False``: in no particular order, for a caller that sorts them its own way anyway
    (the database's sort of every point, text and all, costs nearly as much as the read)."""
    query = select(*POINT_RECORD_COLUMNS).select_from(
        _POINT.outerjoin(_TABLE, _TABLE.c.id == _POINT.c.table_id).join(
            _QUESTION, _QUESTION.c.id == _POINT.c.question_id
        )
    )
    if ordered:
        query = query.order_by(_TABLE.c.position, _QUESTION.c.position, _POINT.c.position)
    if not include_deleted:
        query = query.where(_POINT.c.deleted_at.is_(None))
    if ids is not None:
        query = query.where(_POINT.c.id.in_(sorted(ids)))
    with workshop.session() as session:
        rows = plain_rows(session.connection(), query)
    return [PointInfo(*row) for row in rows]  # by position: the columns are the fields


def list_review_points(workshop: Workshop) -> list[ReviewPoint]:
    """Every point the facilitator reviews, by question, then table (consolidated first)."""
    return read_review(workshop).rows


class _Rows:
    """Makes review rows: the event's questions, themes and tables, the open conflicts and
    the live consolidations, read once for a whole review or for a few changed points.

    What every row of a question or a table shares (its number and wording, its name) is
    looked up once here, not once per point: a big event has tens of thousands of rows."""

    def __init__(self, workshop: Workshop) -> None:
        self.questions = {q.id: (q.number, q.text) for q in list_questions(workshop)}
        self.themes = {t.id: t.name for t in list_themes(workshop)}
        self.tables = {t.id: t for t in list_tables(workshop)}
        #: Each table's name as a row's ``table_names``: one tuple shared by all its rows.
        self.table_names = {t.id: (t.name,) for t in self.tables.values()}
        self.table_positions = {t.id: t.position for t in self.tables.values()}
        self.open_conflicts = list_conflicts(workshop)
        self.conflicts = Counter(conflict.point_id for conflict in self.open_conflicts)
        # live consolidated points: every member (deleted ones' conflicts are theirs to show)
        self.members_of = members_by_consolidated_id(workshop)
        self.hidden = {member for members in self.members_of.values() for member in members}

    def row(
        self, point: PointInfo, consolidations: dict[str, ConsolidationInfo]
    ) -> ReviewPoint | None:
        """The point's row, or None when the review does not show it."""
        conflicts = self.conflicts
        if point.deleted and point.id not in conflicts:
            return None
        if point.id in self.hidden:
            return None  # shown through its consolidated point, conflict or not
        question_number, question_text = self.questions[point.question_id]
        if point.table_id is None:
            info = consolidations.get(point.id)
            names = info.table_names if info else ()
            members = len(info.members) if info else 0
            table_position = -1  # consolidated points first
        else:
            names = self.table_names[point.table_id]
            members = 0
            table_position = self.table_positions[point.table_id]
        conflicted = self._conflicted(point.id) if conflicts else ()
        # By position, in the order of the fields: keywords cost a third more per row here.
        return ReviewPoint(
            point,
            question_number,
            question_text,
            self.themes.get(point.theme_id, "") if point.theme_id else "",
            names,
            members,
            sum(conflicts[i] for i in conflicted) if conflicted else 0,
            conflicted,
            (question_number, table_position, point.position),
        )

    def reading_order(self, point: PointInfo) -> tuple[int, int, int]:
        """Where :func:`read_points` puts the point: by table (none first, as the database
        sorts a missing table's position), question, then position."""
        table = self.tables.get(point.table_id) if point.table_id is not None else None
        question_number, _text = self.questions[point.question_id]
        return (-1 if table is None else table.position, question_number, point.position)

    def _conflicted(self, point_id: str) -> tuple[str, ...]:
        """The point, or its members, that have open conflicts."""
        conflicts = self.conflicts
        return tuple(i for i in (point_id, *self.members_of.get(point_id, ())) if conflicts[i])


def read_review(workshop: Workshop) -> Review:
    """The review's rows, consolidations and conflicts, reading the points once."""
    make = _Rows(workshop)
    with cycle_collection_paused():  # a record or two per point, none in a cycle
        # Unordered: the rows are sorted here in the review's order, the members by
        # reading_order.
        every_point = read_points(workshop, include_deleted=bool(make.conflicts), ordered=False)
        by_id = {point.id: point for point in every_point}
        consolidations = _consolidations(every_point, by_id, make)
        rows = [row for point in every_point if (row := make.row(point, consolidations))]
        rows.sort(key=attrgetter("order"))
    return Review(rows, consolidations, make.open_conflicts)


@dataclass(frozen=True, slots=True)
class ReviewPatch:
    """What a change did to the review: each affected point's row now (None: no longer
    shown), and each affected consolidated point's consolidation now (None: gone)."""

    rows: dict[str, ReviewPoint | None]
    consolidations: dict[str, ConsolidationInfo | None]


def read_review_patch(
    workshop: Workshop, point_ids: Iterable[str], former_members: Iterable[str] = ()
) -> ReviewPatch:
    """The rows of the points a change touched, reading only those points (and the members of
    the consolidated ones among them, whose rows a consolidation hides or shows again).

    ``former_members``: the members the affected consolidated points had before the change
    (an undo may have taken them out); their rows are read again too.
    """
    make = _Rows(workshop)
    ids = set(point_ids) | set(former_members)
    # a member changed: its consolidated point's row (tables, count) may change with it
    owner = {m: c for c, members in make.members_of.items() for m in members}
    ids |= {owner[point_id] for point_id in ids if point_id in owner}
    ids |= {m for point_id in list(ids) for m in make.members_of.get(point_id, ())}
    if not ids:
        return ReviewPatch({}, {})
    found = read_points(workshop, include_deleted=True, ids=ids)
    by_id = {point.id: point for point in found}
    consolidations = _consolidations(found, by_id, make)
    rows = {point_id: None for point_id in ids} | {
        point.id: make.row(point, consolidations) for point in found
    }
    affected = {i for i in ids if i in by_id and by_id[i].table_id is None}
    return ReviewPatch(rows, {i: consolidations.get(i) for i in affected})


def _consolidations(
    points: list[PointInfo], by_id: dict[str, PointInfo], make: _Rows
) -> dict[str, ConsolidationInfo]:
    """Each live consolidated point among ``points`` with its live members (reading order)
    and the distinct tables that raised it (table order), as
    :func:`consolidate.list_consolidations` has them."""
    tables = make.tables
    found: dict[str, ConsolidationInfo] = {}
    for point in points:
        if point.table_id is not None or point.deleted:
            continue
        live = [by_id[m] for m in make.members_of.get(point.id, ()) if m in by_id]
        members = tuple(sorted((m for m in live if not m.deleted), key=make.reading_order))
        raised = {m.table_id for m in members if m.table_id in tables}
        names = tuple(tables[t].name for t in sorted(raised, key=lambda t: tables[t].position))
        found[point.id] = ConsolidationInfo(point, members, names)
    return found
