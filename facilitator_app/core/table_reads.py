"""One table's points, links and drafts as the scribe's capture view shows them.

Read with plain selects into light records (the points and links in one transaction, so they
agree), as the review reads its points (:func:`facilitator_app.core.review.read_points`): an
ORM object per point costs several times the read itself, and a scribe reopening a table of
thousands of points would wait for every one of them before typing. The points are typed by
:func:`facilitator_app.core.plain_reads.plain_rows`, at about the cost of the driver's fetch.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, select

from facilitator_app.core.cycle_collector import cycle_collection_paused
from facilitator_app.core.enums import Strength
from facilitator_app.core.model import Draft, Point, PointLink, Question, Theme
from facilitator_app.core.plain_reads import plain_rows
from facilitator_app.core.records import DraftInfo, LinkInfo, PointInfo
from facilitator_app.core.store import Workshop

_POINT = Point.__table__  # type: ignore[attr-defined]
_LINK = PointLink.__table__  # type: ignore[attr-defined]
_DRAFT = Draft.__table__  # type: ignore[attr-defined]
_QUESTION = Question.__table__  # type: ignore[attr-defined]
_THEME = Theme.__table__  # type: ignore[attr-defined]
#: The point's columns in the order of the record's fields, so that a row (its values already
#: typed: enums, times) makes a record by position: reading each of twelve columns by name
#: costs more than the select itself for thousands of points.
POINT_RECORD_COLUMNS = tuple(_POINT.c[name] for name in PointInfo._fields)
_QUESTION_ID_COLUMN = PointInfo._fields.index("question_id")


def read_table_points(workshop: Workshop, table_id: str) -> tuple[list[PointInfo], list[LinkInfo]]:
    """The table's live points in reading order (question, then place) and the live links its
    mitigations make to live issues, read in one transaction so the two agree."""
    with workshop.session() as session, cycle_collection_paused():  # a record a point, no cycle
        connection = session.connection()
        return _points(connection, table_id), _links(connection, table_id)


def read_drafts(workshop: Workshop, table_id: str) -> dict[str, DraftInfo]:
    """The table's drafts by question id; a theme removed since the draft was written is
    dropped from it."""
    with workshop.session() as session:
        return _drafts(session.connection(), table_id)


def _points(connection: Connection, table_id: str) -> list[PointInfo]:
    # Read in the order of the (table, question, position) index, which needs no join and no
    # sort in SQLite; the few questions are then put in their own order by a stable sort.
    query = (
        select(*POINT_RECORD_COLUMNS)
        .where(_POINT.c.table_id == table_id, _POINT.c.deleted_at.is_(None))
        .order_by(_POINT.c.question_id, _POINT.c.position)
    )
    question_order: dict[str, int] = dict(
        connection.execute(select(_QUESTION.c.id, _QUESTION.c.position)).all()
    )
    points = [
        PointInfo(*row)
        for row in plain_rows(connection, query)
        if row[_QUESTION_ID_COLUMN] in question_order
    ]
    points.sort(key=lambda point: question_order[point.question_id])
    return points


def live_links_query(table_id: str | None = None) -> Select[Any]:
    """(mitigation id, issue id) of the live links between live points (of one table's
    mitigations, given ``table_id``)."""
    mitigation, issue = _POINT.alias("mitigation"), _POINT.alias("issue")
    query = (
        select(_LINK.c.mitigation_id, _LINK.c.issue_id)
        .join(mitigation, mitigation.c.id == _LINK.c.mitigation_id)
        .join(issue, issue.c.id == _LINK.c.issue_id)
        .where(
            _LINK.c.deleted_at.is_(None),
            mitigation.c.deleted_at.is_(None),
            issue.c.deleted_at.is_(None),
        )
    )
    return query if table_id is None else query.where(mitigation.c.table_id == table_id)


def _links(connection: Connection, table_id: str) -> list[LinkInfo]:
    return [LinkInfo(m, i) for m, i in connection.execute(live_links_query(table_id))]


def _drafts(connection: Connection, table_id: str) -> dict[str, DraftInfo]:
    query = (
        select(_DRAFT.c.question_id, _DRAFT.c.text, _THEME.c.id, _DRAFT.c.strength)
        .outerjoin(_THEME, _THEME.c.id == _DRAFT.c.theme_id)
        .where(_DRAFT.c.table_id == table_id)
    )
    return {
        question_id: DraftInfo(
            question_id=question_id,
            text=text,
            theme_id=theme_id,
            strength=Strength(strength) if strength else None,
        )
        for question_id, text, theme_id, strength in connection.execute(query)
    }
