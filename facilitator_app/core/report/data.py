"""Everything the report needs from an event file, read once.

Points are read with one plain select into tuples, typed by
:func:`~facilitator_app.core.plain_reads.plain_rows` (a report may hold fifty thousand; an ORM
object per point would cost several times the read, SQLAlchemy's typing of each value half as
much again). Consolidation is
applied here so the builder never has to think about it: a member of a live consolidated point
is shown only through that point, which is "raised at" the distinct tables of its live members;
links from or to a member are carried over to the consolidated point.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Select, String, select, type_coerce

from facilitator_app.core import event
from facilitator_app.core.model import (
    ConsolidationMember,
    Point,
    Strength,
    WorkshopTable,
)
from facilitator_app.core.plain_reads import plain_rows
from facilitator_app.core.records import (
    EventInfo,
    ParticipantInfo,
    QuestionInfo,
    TableInfo,
    ThemeInfo,
)
from facilitator_app.core.store import Workshop
from facilitator_app.core.table_reads import live_links_query

_POINT = Point.__table__  # type: ignore[attr-defined]
_TABLE = WorkshopTable.__table__  # type: ignore[attr-defined]
_MEMBER = ConsolidationMember.__table__  # type: ignore[attr-defined]


def _points_query() -> Select[Any]:
    """Live points, consolidated ones first, then by table and place; the strength as stored
    (raw text: :func:`_strength` reads both the enum's name and its value)."""
    return (
        select(
            _POINT.c.id,
            _POINT.c.table_id,
            _POINT.c.question_id,
            _POINT.c.theme_id,
            _POINT.c.text,
            type_coerce(_POINT.c.strength, String),
        )
        .select_from(_POINT.outerjoin(_TABLE, _TABLE.c.id == _POINT.c.table_id))
        .where(_POINT.c.deleted_at.is_(None))
        .order_by(
            _POINT.c.table_id.is_not(None),
            _TABLE.c.position,
            _POINT.c.position,
            _POINT.c.created_at,
        )
    )


def _members_query() -> Select[Any]:
    """(consolidated id, member id, member's table) of live consolidated points' live members."""
    consolidated, member = _POINT.alias("c"), _POINT.alias("m")
    return (
        select(consolidated.c.id, member.c.id, member.c.table_id)
        .select_from(_MEMBER)
        .join(consolidated, consolidated.c.id == _MEMBER.c.consolidated_id)
        .join(member, member.c.id == _MEMBER.c.member_id)
        .where(consolidated.c.deleted_at.is_(None), member.c.deleted_at.is_(None))
    )


class ReportPoint(NamedTuple):
    """A point as the report shows it; ``tables`` are the ids of the tables that raised it.

    ``strengths`` are how strongly it was held where that was recorded: the point's own, or
    for a consolidated point its members' (one entry per member that has one).

    A named tuple, not a dataclass: one is made per point, and it costs a third as much.
    """

    id: str
    question_id: str
    theme_id: str | None
    text: str
    tables: tuple[str, ...]
    consolidated: bool = False
    strengths: tuple[Strength, ...] = ()


@dataclass(slots=True)
class EventData:
    event: EventInfo
    questions: list[QuestionInfo]
    themes: list[ThemeInfo]
    tables: list[TableInfo]
    participants: list[ParticipantInfo]
    #: Points as shown, consolidated ones first, then by table, question and position.
    points: list[ReportPoint]
    #: issue point id -> the mitigation point ids linked to it, in point order.
    mitigations_of: dict[str, list[str]] = field(default_factory=dict)
    #: Live points typed at the tables (before consolidation folded duplicates together).
    captured: int = 0
    #: table id -> live points typed at that table (before consolidation).
    recorded_by_table: dict[str, int] = field(default_factory=dict)

    def table_names(self, table_ids: tuple[str, ...]) -> list[str]:
        names = {table.id: table.name for table in self.tables}
        return [names[table_id] for table_id in table_ids if table_id in names]


def _strength(raw: str) -> Strength:
    """A strength as stored (SQLAlchemy keeps the enum's name, ``CONSENSUS``)."""
    return Strength[raw] if raw in Strength.__members__ else Strength(raw)


def load_event_data(workshop: Workshop) -> EventData:
    """Read the event, its set-up and its live points in report order."""
    tables = event.list_tables(workshop)
    table_order = {table.id: table.position for table in tables}
    with workshop.session() as session:  # one transaction: points, members and links agree
        connection = session.connection()
        rows = plain_rows(connection, _points_query())
        member_rows = plain_rows(connection, _members_query())
        link_rows = plain_rows(connection, live_links_query())

    representative: dict[str, str] = {}
    raised_at: dict[str, set[str]] = defaultdict(set)
    for consolidated_id, member_id, table_id in member_rows:
        if consolidated_id == member_id:
            continue
        representative[member_id] = consolidated_id
        if table_id is not None:
            raised_at[consolidated_id].add(table_id)

    member_strengths: dict[str, list[Strength]] = defaultdict(list)
    for point_id, _table, _question, _theme, _text, strength in rows:
        if point_id in representative and strength:
            member_strengths[representative[point_id]].append(_strength(strength))

    points: list[ReportPoint] = []
    recorded: Counter[str] = Counter()
    for point_id, table_id, question_id, theme_id, text, strength in rows:
        if table_id is not None:
            recorded[table_id] += 1
        if point_id in representative:
            continue
        if table_id is None:
            tables_raised = tuple(
                sorted(raised_at.get(point_id, ()), key=lambda t: table_order.get(t, len(tables)))
            )
            strengths = tuple(member_strengths.get(point_id, ())) or (
                (_strength(strength),) if strength else ()
            )
            points.append(
                ReportPoint(point_id, question_id, theme_id, text, tables_raised, True, strengths)
            )
        else:
            points.append(
                ReportPoint(
                    point_id,
                    question_id,
                    theme_id,
                    text,
                    (table_id,),
                    strengths=(_strength(strength),) if strength else (),
                )
            )

    shown = {point.id: index for index, point in enumerate(points)}
    mitigations_of: dict[str, list[str]] = defaultdict(list)
    pairs: set[tuple[str, str]] = set()
    for mitigation_id, issue_id in link_rows:
        pair = (
            representative.get(mitigation_id, mitigation_id),
            representative.get(issue_id, issue_id),
        )
        if pair[0] in shown and pair[1] in shown and pair[0] != pair[1] and pair not in pairs:
            pairs.add(pair)
            mitigations_of[pair[1]].append(pair[0])
    for mitigation_ids in mitigations_of.values():
        mitigation_ids.sort(key=shown.__getitem__)

    return EventData(
        event=event.get_event(workshop),
        questions=event.list_questions(workshop),
        themes=event.list_themes(workshop),
        tables=tables,
        participants=event.list_participants(workshop),
        points=points,
        mitigations_of=dict(mitigations_of),
        captured=sum(recorded.values()),
        recorded_by_table=dict(recorded),
    )
