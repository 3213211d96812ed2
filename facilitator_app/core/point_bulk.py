"""Adding many points at once (an import of a whole sheet), set-based, inside the caller's session.

Building an ORM object per point made a 100,000-row import take most of a minute; one INSERT
executed with every row's values (SQLAlchemy's bulk insert, no objects) costs little more than
``executemany`` on a plain connection. Nothing here commits: the caller's transaction holds all
the rows or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, func, select

from facilitator_app.core.model import Point, PointLink, Strength, new_id, utcnow


@dataclass(frozen=True, slots=True)
class NewPoint:
    """A point to add: what the sheet said, and where it goes."""

    table_id: str
    question_id: str
    theme_id: str | None
    text: str
    strength: Strength | None
    position: int


def next_position(session: Session, table_id: str, question_id: str) -> int:
    """Where the next point of a table's question goes: after its last one."""
    highest = session.exec(
        select(func.max(Point.position)).where(
            Point.table_id == table_id, Point.question_id == question_id
        )
    ).one()
    return 0 if highest is None else highest + 1


def insert_points(session: Session, points: Sequence[NewPoint]) -> list[str]:
    """Insert the points; returns their new ids, in the same order."""
    if not points:
        return []
    now = utcnow()
    ids = [new_id() for _ in points]
    values = [
        {
            "id": point_id,
            "table_id": point.table_id,
            "question_id": point.question_id,
            "theme_id": point.theme_id,
            "text": point.text,
            "strength": point.strength,
            "position": point.position,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
            "revision": 1,
            "source_file": "",
        }
        for point_id, point in zip(ids, points, strict=True)
    ]
    # Core's executemany on the table: the ORM's bulk insert splits rows into one statement per
    # run of rows with the same empty columns (an issue with a theme, a mitigation without).
    session.execute(insert(Point.__table__), values)  # type: ignore[attr-defined]
    return ids


def insert_links(session: Session, links: Sequence[tuple[str, str]]) -> None:
    """Insert ``(mitigation id, issue id)`` links."""
    if not links:
        return
    now = utcnow()
    session.execute(
        insert(PointLink.__table__),  # type: ignore[attr-defined]
        [
            {
                "mitigation_id": mitigation,
                "issue_id": issue,
                "created_at": now,
                "updated_at": now,
                "deleted_at": None,
                "revision": 1,
            }
            for mitigation, issue in links
        ],
    )
