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
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from facilitator_app.core.consolidate import members_by_consolidated_id, raised_at
from facilitator_app.core.enums import Strength
from facilitator_app.core.event import list_questions, list_tables, list_themes
from facilitator_app.core.merge import list_conflicts
from facilitator_app.core.model import Point, Question, WorkshopTable
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop


@dataclass(frozen=True, slots=True)
class ReviewPoint:
    """One row of the review: a point with the names it is shown with."""

    point: PointInfo
    question_number: int
    question_text: str
    theme_name: str  # empty when the point has no theme
    table_names: tuple[str, ...]  # the table, or the tables that raised a consolidated point
    member_count: int  # how many source points a consolidated point stands for; 0 otherwise
    open_conflicts: int  # a consolidated point's count includes its members' conflicts
    #: The points whose conflicts ``open_conflicts`` counts: this one, or its members.
    conflict_point_ids: tuple[str, ...] = ()

    @property
    def consolidated(self) -> bool:
        return self.point.table_id is None


def list_review_points(workshop: Workshop) -> list[ReviewPoint]:
    """Every point the facilitator reviews, by question, then table (consolidated first)."""
    questions = {q.id: q for q in list_questions(workshop)}
    themes = {t.id: t.name for t in list_themes(workshop)}
    tables = {t.id: t for t in list_tables(workshop)}
    table_names = {t.id: (t.name,) for t in tables.values()}
    table_position: dict[str | None, int] = {t.id: t.position for t in tables.values()}
    conflicts = Counter(conflict.point_id for conflict in list_conflicts(workshop))
    tables_raising = raised_at(workshop)
    members_of = members_by_consolidated_id(workshop)
    hidden = {member for members in members_of.values() for member in members}

    points = _read_points(workshop, include_deleted=bool(conflicts))
    live = {point.id for point in points if not point.deleted}
    rows: list[ReviewPoint] = []
    for point in points:
        if point.deleted and point.id not in conflicts:
            continue
        if point.id in hidden:
            continue  # shown through its consolidated point, conflict or not
        conflicted = (
            tuple(i for i in (point.id, *members_of.get(point.id, ())) if i in conflicts)
            if conflicts
            else ()
        )
        question = questions[point.question_id]
        if point.table_id is None:
            names = tuple(tables_raising.get(point.id, ()))
            members = sum(1 for member in members_of.get(point.id, ()) if member in live)
        else:
            names = table_names[point.table_id]
            members = 0
        rows.append(
            ReviewPoint(
                point=point,
                question_number=question.number,
                question_text=question.text,
                theme_name=themes.get(point.theme_id, "") if point.theme_id else "",
                table_names=names,
                member_count=members,
                open_conflicts=sum(conflicts[i] for i in conflicted),
                conflict_point_ids=conflicted,
            )
        )

    def order(row: ReviewPoint) -> tuple[int, int, int]:
        point = row.point
        return (row.question_number, table_position.get(point.table_id, -1), point.position)

    rows.sort(key=order)
    return rows


def _read_points(workshop: Workshop, *, include_deleted: bool) -> list[PointInfo]:
    """Every point in reading order (table, question, position), as light records read with
    one Core select: 10,000 ORM objects would take seconds to build, these take a fraction."""
    point = Point.__table__  # type: ignore[attr-defined]
    query = (
        select(point)
        .outerjoin(WorkshopTable.__table__)  # type: ignore[attr-defined]
        .join(Question.__table__)  # type: ignore[attr-defined]
        .order_by(col(WorkshopTable.position), col(Question.position), point.c.position)
    )
    if not include_deleted:
        query = query.where(point.c.deleted_at.is_(None))
    with workshop.session() as session:
        rows = session.execute(query).all()
    return [
        PointInfo(
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
        for row in rows
    ]
