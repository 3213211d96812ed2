"""Adding many points at once (an import of a whole sheet), set-based, inside the caller's session.

Building an ORM object per point made a 100,000-row import take most of a minute. Here one
INSERT is executed for every row's values (``executemany``), with each value already in the
form SQLAlchemy would store (timestamps and strengths converted once, not per row), so it costs
about what a plain sqlite3 ``executemany`` does. Nothing here commits: the caller's transaction
holds all the rows or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlmodel import Session, func, select

from facilitator_app.core.model import Point, PointLink, Strength, new_id, utcnow


class NewPoint(NamedTuple):
    """A point to add to a table: what the sheet said (a tuple: one is made per row)."""

    question_id: str
    theme_id: str | None
    text: str
    strength: Strength | None


def next_position(session: Session, table_id: str, question_id: str) -> int:
    """Where the next point of a table's question goes: after its last one."""
    highest = session.exec(
        select(func.max(Point.position)).where(
            Point.table_id == table_id, Point.question_id == question_id
        )
    ).one()
    return 0 if highest is None else highest + 1


def insert_points(session: Session, table_id: str, points: Sequence[NewPoint]) -> list[str]:
    """Add the points to the table, each after its question's last one, in the order given;
    returns their new ids, in the same order."""
    if not points:
        return []
    table = Point.__table__  # type: ignore[attr-defined]
    now = _stored(session, table.c.created_at, utcnow())
    stored: dict[Strength | None, object] = {
        s: _stored(session, table.c.strength, s) for s in Strength
    }
    stored[None] = None
    position = {q: next_position(session, table_id, q) for q in {p.question_id for p in points}}
    ids = [new_id() for _ in points]
    rows = []
    for point_id, (question_id, theme_id, text, strength) in zip(ids, points, strict=True):
        rows.append((point_id, table_id, question_id, theme_id, text, stored[strength],
                     position[question_id], now, now, 1, ""))  # fmt: skip
        position[question_id] += 1
    _execute_many(session, "point", _POINT_COLUMNS, rows)
    return ids


def insert_links(session: Session, links: Sequence[tuple[str, str]]) -> None:
    """Insert ``(mitigation id, issue id)`` links."""
    if not links:
        return
    table = PointLink.__table__  # type: ignore[attr-defined]
    now = _stored(session, table.c.created_at, utcnow())
    rows = [(mitigation, issue, now, now, 1) for mitigation, issue in links]
    _execute_many(session, "point_link", _LINK_COLUMNS, rows)


_POINT_COLUMNS = (
    "id", "table_id", "question_id", "theme_id", "text", "strength", "position", "created_at",
    "updated_at", "revision", "source_file",
)  # fmt: skip
_LINK_COLUMNS = ("mitigation_id", "issue_id", "created_at", "updated_at", "revision")


def _stored(session: Session, column: Any, value: object) -> object:
    """The value as SQLAlchemy stores it in this column (worked out once, not per row)."""
    dialect = session.get_bind().dialect
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor(value) if processor is not None else value


def _execute_many(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """One INSERT executed for every row, in the session's transaction (plain executemany)."""
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    session.connection().exec_driver_sql(statement, list(rows))
