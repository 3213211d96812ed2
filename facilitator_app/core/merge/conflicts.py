"""Merge conflicts: a point changed both in the event file and at a table since the last merge.

Both texts are kept (see :mod:`.sql`) until the facilitator settles the conflict: keeps
one side or an edited wording. Settling hands back a :class:`ConflictSettlement` of everything
it changed, so the review can undo it exactly (:func:`undo_settlement`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from facilitator_app.core.errors import InvalidValueError, NotFoundError
from facilitator_app.core.model import MergeConflict, Point, WorkshopTable, utcnow
from facilitator_app.core.points import clean_point_text
from facilitator_app.core.store import Workshop

__all__ = [
    "ConflictInfo",
    "ConflictSettlement",
    "keep_ours",
    "keep_theirs",
    "list_conflicts",
    "resolve_conflict",
    "undo_settlement",
]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ConflictInfo:
    """A point changed both in the event file ("ours") and at a table ("theirs")."""

    id: str
    point_id: str
    table_id: str | None
    table_name: str
    question_id: str
    source_name: str
    our_text: str
    our_deleted: bool
    their_text: str
    their_deleted: bool
    their_revision: int
    created_at: datetime


def list_conflicts(workshop: Workshop, *, include_resolved: bool = False) -> list[ConflictInfo]:
    """Conflicts still to settle (or all of them), in the order they were found."""
    with workshop.session() as session:
        query = (
            select(MergeConflict, Point, WorkshopTable)
            .join(Point, col(Point.id) == MergeConflict.point_id)
            .outerjoin(WorkshopTable, col(WorkshopTable.id) == Point.table_id)
            .order_by(col(MergeConflict.created_at), col(MergeConflict.id))
        )
        if not include_resolved:
            query = query.where(col(MergeConflict.resolved_at).is_(None))
        return [
            ConflictInfo(
                id=conflict.id,
                point_id=point.id,
                table_id=point.table_id,
                table_name=table.name if table is not None else "",
                question_id=point.question_id,
                source_name=conflict.source_name,
                our_text=point.text,
                our_deleted=point.deleted_at is not None,
                their_text=conflict.their_text,
                their_deleted=conflict.their_deleted,
                their_revision=conflict.their_revision,
                created_at=_aware(conflict.created_at),
            )
            for conflict, point, table in session.exec(query).all()
        ]


#: The columns of a point that settling a conflict rewrites, read and restored as stored.
_SETTLED_POINT_COLUMNS = "text, deleted_at, revision, updated_at"
_BASE_COLUMNS = "point_id, revision, text, deleted, question_id, theme_id, position, strength"

#: A row as stored (raw SQLite values), so an undo puts back exactly what was there.
StoredRow = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class ConflictSettlement:
    """Everything settling one conflict changed, before and after, as stored.

    Handed back by :func:`resolve_conflict` so :func:`undo_settlement` can reopen the conflict
    with the point, its merge base and the conflict exactly as they were; ``text`` and
    ``deleted`` say how it was settled, so the same settling can be done again.
    """

    conflict_id: str
    point_id: str
    text: str
    deleted: bool
    point_before: StoredRow
    point_after: StoredRow
    base_before: StoredRow | None
    base_after: StoredRow | None


def _stored_point(session: Session, point_id: str) -> StoredRow:
    row = (
        session.connection()
        .exec_driver_sql(f"SELECT {_SETTLED_POINT_COLUMNS} FROM point WHERE id = ?", (point_id,))
        .fetchone()
    )
    assert row is not None  # foreign key of the conflict
    return tuple(row)


def _stored_base(session: Session, point_id: str) -> StoredRow | None:
    row = (
        session.connection()
        .exec_driver_sql(
            f"SELECT {_BASE_COLUMNS} FROM point_merge_base WHERE point_id = ?", (point_id,)
        )
        .fetchone()
    )
    return None if row is None else tuple(row)


def resolve_conflict(
    workshop: Workshop, conflict_id: str, text: str, *, deleted: bool = False
) -> ConflictSettlement:
    """Settle a conflict: the point gets ``text`` (live, or deleted if ``deleted``).

    The table's revision counts as seen, so merging that table file again does not bring the
    conflict back; the point's revision moves past both sides. What changed is returned, so
    the settling can be undone (:func:`undo_settlement`).
    """
    if not deleted:
        text = clean_point_text(text)
    with workshop.write() as session:
        conflict = session.get(MergeConflict, conflict_id)
        if conflict is None:
            raise NotFoundError("That conflict is not in this event file (it may be settled).")
        if conflict.resolved_at is not None:
            raise InvalidValueError("That conflict has already been settled.")
        point = session.get(Point, conflict.point_id)
        assert point is not None  # foreign key
        point_before = _stored_point(session, point.id)
        base_before = _stored_base(session, point.id)
        now = utcnow()
        if not deleted:
            point.text = text
        point.deleted_at = (point.deleted_at or now) if deleted else None
        point.revision = max(point.revision, conflict.their_revision) + 1
        point.updated_at = now
        session.add(point)
        conflict.resolved_at = now
        session.add(conflict)
        session.flush()
        # The table's side becomes the base; other fields are copied as stored (raw values).
        session.connection().exec_driver_sql(
            """
            INSERT OR REPLACE INTO point_merge_base
                (point_id, revision, text, deleted, question_id, theme_id, position, strength)
            SELECT p.id, max(coalesce(b.revision, 0), ?), ?, ?, p.question_id, p.theme_id,
                p.position, p.strength
            FROM point AS p LEFT JOIN point_merge_base AS b ON b.point_id = p.id
            WHERE p.id = ?
            """,
            (conflict.their_revision, conflict.their_text, conflict.their_deleted, point.id),
        )
        return ConflictSettlement(
            conflict_id=conflict.id,
            point_id=point.id,
            text=point.text,
            deleted=deleted,
            point_before=point_before,
            point_after=_stored_point(session, point.id),
            base_before=base_before,
            base_after=_stored_base(session, point.id),
        )


def undo_settlement(workshop: Workshop, settlement: ConflictSettlement) -> None:
    """Reopen a settled conflict: the point's wording, deleted state, revision and merge base
    go back to what they were, in one transaction, so the next merge of that table finds the
    conflict still open (and does not record it twice).

    Refused, changing nothing, when the point or its base changed after the settling (edited,
    or a later merge): putting the old rows back would lose that change.
    """
    conflict_id, point_id = settlement.conflict_id, settlement.point_id
    with workshop.write() as session:
        conflict = session.get(MergeConflict, conflict_id)
        if conflict is None:
            raise NotFoundError("That conflict is no longer in this event file.")
        if conflict.resolved_at is None:
            raise InvalidValueError("That conflict is not settled, so there is nothing to undo.")
        if (
            _stored_point(session, point_id) != settlement.point_after
            or _stored_base(session, point_id) != settlement.base_after
        ):
            raise InvalidValueError(
                "The point was changed after its conflict was settled, so the settling "
                "cannot be undone; edit the point instead."
            )
        connection = session.connection()
        # The base row exists now (settling wrote it), so the base trigger stays quiet here.
        connection.exec_driver_sql(
            "UPDATE point SET text = ?, deleted_at = ?, revision = ?, updated_at = ? WHERE id = ?",
            (*settlement.point_before, point_id),
        )
        if settlement.base_before is None:
            connection.exec_driver_sql(
                "DELETE FROM point_merge_base WHERE point_id = ?", (point_id,)
            )
        else:
            connection.exec_driver_sql(
                f"INSERT OR REPLACE INTO point_merge_base ({_BASE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                settlement.base_before,
            )
        connection.exec_driver_sql(
            "UPDATE merge_conflict SET resolved_at = NULL WHERE id = ?", (conflict_id,)
        )


def _conflict(workshop: Workshop, conflict_id: str) -> ConflictInfo:
    for conflict in list_conflicts(workshop, include_resolved=True):
        if conflict.id == conflict_id:
            return conflict
    raise NotFoundError("That conflict is not in this event file (it may be settled).")


def keep_ours(workshop: Workshop, conflict_id: str) -> ConflictSettlement:
    """Settle a conflict by keeping the event file's version of the point."""
    conflict = _conflict(workshop, conflict_id)
    return resolve_conflict(workshop, conflict_id, conflict.our_text, deleted=conflict.our_deleted)


def keep_theirs(workshop: Workshop, conflict_id: str) -> ConflictSettlement:
    """Settle a conflict by taking the table file's version of the point."""
    conflict = _conflict(workshop, conflict_id)
    return resolve_conflict(
        workshop, conflict_id, conflict.their_text, deleted=conflict.their_deleted
    )
