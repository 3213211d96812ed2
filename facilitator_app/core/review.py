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

from facilitator_app.core.consolidate import (
    list_consolidations,
    members_by_consolidated_id,
)
from facilitator_app.core.event import list_questions, list_tables, list_themes
from facilitator_app.core.merge import list_conflicts
from facilitator_app.core.points import list_points
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
    conflicts = Counter(conflict.point_id for conflict in list_conflicts(workshop))
    consolidations = {info.point.id: info for info in list_consolidations(workshop)}
    members_of = members_by_consolidated_id(workshop)
    hidden = {member for members in members_of.values() for member in members}

    rows: list[ReviewPoint] = []
    for point in list_points(workshop, include_deleted=bool(conflicts)):
        if point.deleted and point.id not in conflicts:
            continue
        if point.id in hidden:
            continue  # shown through its consolidated point, conflict or not
        conflicted = tuple(i for i in (point.id, *members_of.get(point.id, ())) if conflicts[i])
        question = questions[point.question_id]
        if point.table_id is None:
            info = consolidations.get(point.id)
            names = info.table_names if info else ()
            members = len(info.members) if info else 0
        else:
            names = (tables[point.table_id].name,)
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
        table = tables.get(row.point.table_id) if row.point.table_id else None
        return (row.question_number, -1 if table is None else table.position, row.point.position)

    rows.sort(key=order)
    return rows
