"""Every live point as one spreadsheet row, for analysis outside the app.

Kept apart from reading and writing sheets: this is the one place that decides how points,
consolidated points and links become flat rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from facilitator_app.core.model import (
    ConsolidationMember,
    Point,
    PointLink,
    Question,
    Strength,
    Theme,
    WorkshopTable,
)
from facilitator_app.core.store import Workshop

#: Columns of an exported sheet, in order. An export can be imported again (into one table):
#: the columns only an export has are ignored on import.
EXPORT_COLUMNS: tuple[str, ...] = (
    "table",
    "question",
    "question text",
    "theme",
    "text",
    "strength",
    "ref",
    "addresses",
    "addresses text",
    "id",
)


_LIVE_POINTS = sa_select(
    col(Point.id), col(Point.table_id), col(Point.question_id), col(Point.theme_id),
    col(Point.text), col(Point.strength), col(Point.position),
).where(col(Point.deleted_at).is_(None))  # fmt: skip
_MEMBERS = sa_select(col(ConsolidationMember.consolidated_id), col(ConsolidationMember.member_id))
_LIVE_LINKS = sa_select(col(PointLink.mitigation_id), col(PointLink.issue_id)).where(
    col(PointLink.deleted_at).is_(None)
)


def point_rows(workshop: Workshop) -> list[dict[str, str]]:
    """Every live point as a row of :data:`EXPORT_COLUMNS`, in reading order.

    A point folded into a live consolidated point appears only through that point, whose table
    column names the tables it was raised at. Each row gets a ref (``T2-Q3-1``: table 2,
    question 3, first point) that ``addresses`` uses for the issues a mitigation addresses.
    """
    with workshop.session() as session:
        tables = {t.id: t for t in session.exec(select(WorkshopTable)).all()}
        questions = {q.id: q for q in session.exec(select(Question)).all()}
        themes = {t.id: t.name for t in session.exec(select(Theme)).all()}
        # Plain rows, not objects: an export of 100,000 points spent a third of its time making
        # ORM objects it only read.
        live = session.connection().execute(_LIVE_POINTS).all()
        members = session.connection().execute(_MEMBERS).all()
        link_rows = session.connection().execute(_LIVE_LINKS).all()

    live_by_id = {point.id: point for point in live}
    folded_into: dict[str, str] = {}
    raised_at: dict[str, set[str]] = {}
    for member in members:
        if member.consolidated_id in live_by_id and member.member_id in live_by_id:
            folded_into[member.member_id] = member.consolidated_id
            table_id = live_by_id[member.member_id].table_id
            if table_id is not None:
                raised_at.setdefault(member.consolidated_id, set()).add(table_id)
    shown = [p for p in live if p.id not in folded_into]

    def table_position(point: Any) -> int:
        return tables[point.table_id].position if point.table_id in tables else len(tables)

    shown.sort(key=lambda p: (table_position(p), questions[p.question_id].position, p.position))
    refs: dict[str, str] = {}
    counters: dict[tuple[int, int], int] = {}
    for point in shown:
        key = (table_position(point), questions[point.question_id].position)
        counters[key] = counters.get(key, 0) + 1
        table_part = f"T{key[0] + 1}" if point.table_id in tables else "E"
        refs[point.id] = f"{table_part}-Q{key[1] + 1}-{counters[key]}"

    addressed: dict[str, list[str]] = {}
    for link in link_rows:
        mitigation = folded_into.get(link.mitigation_id, link.mitigation_id)
        issue = folded_into.get(link.issue_id, link.issue_id)
        if mitigation in refs and issue in refs and issue not in addressed.get(mitigation, []):
            addressed.setdefault(mitigation, []).append(issue)

    rows = []
    for point in shown:
        question = questions[point.question_id]
        if point.table_id in tables:
            table_name = tables[point.table_id].name
        else:
            names = sorted(
                (tables[t] for t in raised_at.get(point.id, ())), key=lambda t: t.position
            )
            table_name = "; ".join(t.name for t in names)
        issues = sorted(addressed.get(point.id, []), key=lambda i: refs[i])
        rows.append(
            {
                "table": table_name,
                "question": str(question.position + 1),
                "question text": question.text,
                "theme": themes.get(point.theme_id, "") if point.theme_id else "",
                "text": point.text,
                "strength": Strength(point.strength).value if point.strength else "",
                "ref": refs[point.id],
                "addresses": "; ".join(refs[i] for i in issues),
                "addresses text": "\n".join(live_by_id[i].text for i in issues),
                "id": point.id,
            }
        )
    return rows
