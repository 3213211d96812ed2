"""Everything the report needs from an event file, read once.

Points are read with one set-based query (a report may hold ten thousand). Consolidation is
applied here so the builder never has to think about it: a member of a live consolidated point
is shown only through that point, which is "raised at" the distinct tables of its live members;
links from or to a member are carried over to the consolidated point.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from facilitator_app.core import event
from facilitator_app.core.model import Strength
from facilitator_app.core.records import (
    EventInfo,
    ParticipantInfo,
    QuestionInfo,
    TableInfo,
    ThemeInfo,
)
from facilitator_app.core.store import Workshop

_POINTS_SQL = """
SELECT p.id, p.table_id, p.question_id, p.theme_id, p.text, p.strength
FROM point AS p LEFT JOIN workshop_table AS t ON t.id = p.table_id
WHERE p.deleted_at IS NULL
ORDER BY p.table_id IS NOT NULL, t.position, p.position, p.created_at
"""

_MEMBERS_SQL = """
SELECT c.id, m.id, m.table_id
FROM consolidation_member AS cm
JOIN point AS c ON c.id = cm.consolidated_id
JOIN point AS m ON m.id = cm.member_id
WHERE c.deleted_at IS NULL AND m.deleted_at IS NULL
"""

_LINKS_SQL = """
SELECT l.mitigation_id, l.issue_id
FROM point_link AS l
JOIN point AS m ON m.id = l.mitigation_id
JOIN point AS i ON i.id = l.issue_id
WHERE l.deleted_at IS NULL AND m.deleted_at IS NULL AND i.deleted_at IS NULL
"""


@dataclass(frozen=True, slots=True)
class ReportPoint:
    """A point as the report shows it; ``tables`` are the ids of the tables that raised it.

    ``strengths`` are how strongly it was held where that was recorded: the point's own, or
    for a consolidated point its members' (one entry per member that has one).
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
    connection = workshop.raw_connection()
    try:
        rows = connection.execute(_POINTS_SQL).fetchall()
        member_rows = connection.execute(_MEMBERS_SQL).fetchall()
        link_rows = connection.execute(_LINKS_SQL).fetchall()
    finally:
        connection.close()

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
