"""Consolidation: several tables raised the same point in different words; fold them into one.

:mod:`facilitator_app.core.duplicates` suggests likely duplicates; the facilitator accepts a
suggestion (:func:`consolidate`), rejects it, or picks points by hand.

A consolidated point is a :class:`~facilitator_app.core.model.Point` with ``table_id=None``
whose sources are :class:`~facilitator_app.core.model.ConsolidationMember` rows. The member
points themselves are never changed, so a later re-merge of a table file (which matches points
by UUID) updates them in place and the consolidation survives. Undo tombstones the consolidated
point; its members then show again on their own. Every change has its reverse for the review's
undo: :func:`redo_consolidation` and :func:`unfold` (points that joined an existing consolidated
point).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from facilitator_app.core.errors import InvalidValueError, UnknownPointError
from facilitator_app.core.model import (
    ConsolidationMember,
    Point,
    WorkshopTable,
    utcnow,
)
from facilitator_app.core.points import clean_point_text, get_point, list_points
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop

# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsolidationInfo:
    """A live consolidated point, its source points and the tables that raised it."""

    point: PointInfo
    members: tuple[PointInfo, ...]
    table_names: tuple[str, ...]


class _Auto(Enum):
    AUTO = "auto"


#: Pass as ``theme_id`` to :func:`consolidate` to use the most common theme of the members.
MOST_COMMON_THEME = _Auto.AUTO


# --- reading -------------------------------------------------------------------------------


def _live_consolidated_ids(session: Session) -> set[str]:
    rows = session.exec(
        select(Point.id).where(col(Point.table_id).is_(None), col(Point.deleted_at).is_(None))
    ).all()
    return set(rows)


def live_memberships(session: Session) -> dict[str, list[str]]:
    """Consolidated point id -> its member ids, for live consolidated points only."""
    query = (
        select(ConsolidationMember.consolidated_id, ConsolidationMember.member_id)
        .join(Point, col(Point.id) == ConsolidationMember.consolidated_id)
        .where(col(Point.deleted_at).is_(None))
    )
    members: dict[str, list[str]] = defaultdict(list)
    for consolidated_id, member_id in session.exec(query).all():
        members[consolidated_id].append(member_id)
    return members


def tables_by_id(session: Session) -> dict[str, tuple[int, str]]:
    """Each table's position and name, by id, for naming the tables that raised a point."""
    rows = session.exec(select(WorkshopTable)).all()
    return {table.id: (table.position, table.name) for table in rows}


def hidden_member_ids(workshop: Workshop) -> set[str]:
    """Points shown only through a live consolidated point (review and report skip them)."""
    with workshop.session() as session:
        return {m for members in live_memberships(session).values() for m in members}


def members_by_consolidated_id(workshop: Workshop) -> dict[str, list[str]]:
    """Every live consolidated point's member ids, deleted members too (their merge conflicts
    are still the consolidated point's to show)."""
    with workshop.session() as session:
        return dict(live_memberships(session))


def raised_at(workshop: Workshop) -> dict[str, list[str]]:
    """For every live consolidated point: the names of the distinct tables that raised it.

    Only live (not deleted) members count, in table order: ``{"id": ["Table One", ...]}``.
    """
    with workshop.session() as session:
        return _raised_at(session)


def _raised_at(session: Session) -> dict[str, list[str]]:
    tables = tables_by_id(session)
    member = Point.__table__.alias("member")  # type: ignore[attr-defined]
    consolidated = Point.__table__.alias("consolidated")  # type: ignore[attr-defined]
    query = (
        select(ConsolidationMember.consolidated_id, member.c.table_id)
        .join(member, member.c.id == ConsolidationMember.member_id)
        .join(consolidated, consolidated.c.id == ConsolidationMember.consolidated_id)
        .where(consolidated.c.deleted_at.is_(None), member.c.deleted_at.is_(None))
        .distinct()
    )
    found: dict[str, set[str]] = defaultdict(set)
    for consolidated_id, table_id in session.exec(query).all():
        if table_id is not None:
            found[consolidated_id].add(table_id)
    result: dict[str, list[str]] = {p: [] for p in _live_consolidated_ids(session)}
    for point_id, table_ids in found.items():
        if point_id in result:
            result[point_id] = [tables[t][1] for t in sorted(table_ids, key=lambda t: tables[t])]
    return result


def list_consolidations(
    workshop: Workshop, *, question_id: str | None = None
) -> list[ConsolidationInfo]:
    """Live consolidated points with their members (live ones) and tables, in reading order."""
    # Only consolidated points and their members are read, not every point of the event.
    member_ids = select(ConsolidationMember.member_id)
    wanted = or_(col(Point.table_id).is_(None), col(Point.id).in_(member_ids))
    points = {p.id: p for p in list_points(workshop, question_id=question_id, where=[wanted])}
    with workshop.session() as session:
        memberships = live_memberships(session)
        tables_of = _raised_at(session)
    result = []
    for point in points.values():
        if point.table_id is not None:
            continue
        mine = set(memberships.get(point.id, []))
        members = tuple(p for p in points.values() if p.id in mine)  # reading order
        result.append(ConsolidationInfo(point, members, tuple(tables_of.get(point.id, []))))
    return result


# --- changing ------------------------------------------------------------------------------


def _members(session: Session, consolidated_id: str) -> list[str]:
    rows = session.exec(
        select(ConsolidationMember.member_id).where(
            ConsolidationMember.consolidated_id == consolidated_id
        )
    ).all()
    return list(rows)


def _next_event_position(session: Session, question_id: str) -> int:
    highest = session.exec(
        select(func.max(Point.position)).where(
            col(Point.table_id).is_(None), Point.question_id == question_id
        )
    ).one()
    return 0 if highest is None else highest + 1


def _touch(point: Point) -> None:
    point.updated_at = utcnow()
    point.revision += 1


def consolidate(
    workshop: Workshop,
    point_ids: Sequence[str],
    text: str,
    *,
    theme_id: str | _Auto | None = MOST_COMMON_THEME,
) -> PointInfo:
    """Fold points of one question into one consolidated point worded ``text``.

    If one of the points is already a consolidated point, the others join it (its identity is
    kept); a second consolidated point among them is folded in and removed. The theme defaults
    to the most common theme of the source points. All or nothing.
    """
    text = clean_point_text(text)
    ids = list(dict.fromkeys(point_ids))
    if len(ids) < 2:
        raise InvalidValueError("Choose at least two points to consolidate.")
    with workshop.write() as session:
        chosen = []
        for point_id in ids:
            point = session.get(Point, point_id)
            if point is None:
                raise UnknownPointError(point_id)
            if point.deleted_at is not None:
                raise InvalidValueError("One of the chosen points has been deleted.")
            chosen.append(point)
        if len({point.question_id for point in chosen}) > 1:
            raise InvalidValueError("Only points under the same question can be consolidated.")
        hidden = {m for members in live_memberships(session).values() for m in members}
        if any(point.id in hidden for point in chosen):
            raise InvalidValueError(
                "One of the chosen points is already part of a consolidated point; "
                "choose that consolidated point instead."
            )
        consolidated = [point for point in chosen if point.table_id is None]
        members: list[str] = []
        for point in chosen:
            if point.table_id is None:
                members.extend(_members(session, point.id))
            else:
                members.append(point.id)
        members = list(dict.fromkeys(members))

        if theme_id is MOST_COMMON_THEME:
            themes = Counter(
                p.theme_id
                for m in members
                if (p := session.get(Point, m)) is not None and p.theme_id is not None
            )
            theme_id = themes.most_common(1)[0][0] if themes else None
        assert not isinstance(theme_id, _Auto)

        if consolidated:
            target = consolidated[0]
            for other in consolidated[1:]:
                other.deleted_at = utcnow()
                _touch(other)
                session.add(other)
            if target.text != text or target.theme_id != theme_id:
                target.text = text
                target.theme_id = theme_id
                _touch(target)
                session.add(target)
        else:
            question_id = chosen[0].question_id
            target = Point(
                table_id=None,
                question_id=question_id,
                theme_id=theme_id,
                text=text,
                position=_next_event_position(session, question_id),
            )
            session.add(target)
            session.flush()
        existing = set(_members(session, target.id))
        for member_id in members:
            if member_id not in existing:
                session.add(ConsolidationMember(consolidated_id=target.id, member_id=member_id))
        target_id = target.id
    return get_point(workshop, target_id)


def _consolidated_point(session: Session, consolidated_id: str) -> Point:
    point = session.get(Point, consolidated_id)
    if point is None:
        raise UnknownPointError(consolidated_id)
    if point.table_id is not None or not _members(session, consolidated_id):
        raise InvalidValueError("That point is not a consolidated point.")
    return point


def undo_consolidation(workshop: Workshop, consolidated_id: str) -> list[PointInfo]:
    """Take a consolidation apart: the consolidated point is tombstoned, its members show again.

    Returns the (live) member points that are shown again.
    """
    with workshop.write() as session:
        point = _consolidated_point(session, consolidated_id)
        if point.deleted_at is None:
            point.deleted_at = utcnow()
            _touch(point)
            session.add(point)
        member_ids = _members(session, consolidated_id)
    return [p for m in member_ids if not (p := get_point(workshop, m)).deleted]


def redo_consolidation(workshop: Workshop, consolidated_id: str) -> PointInfo:
    """Bring back a consolidation that was undone, unless its points were consolidated since."""
    with workshop.write() as session:
        point = _consolidated_point(session, consolidated_id)
        if point.deleted_at is not None:
            hidden = {m for members in live_memberships(session).values() for m in members}
            if hidden & set(_members(session, consolidated_id)):
                raise InvalidValueError(
                    "Some of its points have since been consolidated differently; "
                    "undo that consolidation first."
                )
            point.deleted_at = None
            _touch(point)
            session.add(point)
    return get_point(workshop, consolidated_id)


def member_ids(workshop: Workshop, consolidated_id: str) -> list[str]:
    """Every source point of a consolidated point, deleted ones too (what an undo must restore)."""
    with workshop.session() as session:
        _consolidated_point(session, consolidated_id)
        return _members(session, consolidated_id)


def unfold(
    workshop: Workshop,
    consolidated_id: str,
    members: Iterable[str],
    *,
    text: str,
    theme_id: str | None,
    folded_ids: Iterable[str] = (),
) -> PointInfo:
    """Undo of :func:`consolidate` into an existing consolidated point. All or nothing.

    ``members`` leave it and show on their own again, it gets back its wording and theme, and
    the consolidated points ``folded_ids`` that were folded into it come back. Its other
    members stay: :func:`undo_consolidation` is the way to take it apart entirely.
    """
    text = clean_point_text(text)
    leaving = set(members)
    with workshop.write() as session:
        point = _consolidated_point(session, consolidated_id)
        if point.deleted_at is not None:
            raise InvalidValueError("That consolidated point has been taken apart since.")
        if not set(_members(session, consolidated_id)) - leaving:
            raise InvalidValueError("A consolidated point must keep at least one of its points.")
        for row in session.exec(
            select(ConsolidationMember).where(
                ConsolidationMember.consolidated_id == consolidated_id,
                col(ConsolidationMember.member_id).in_(leaving),
            )
        ).all():
            session.delete(row)
        session.flush()
        hidden = {m for members in live_memberships(session).values() for m in members}
        for folded_id in folded_ids:
            folded = _consolidated_point(session, folded_id)
            if hidden & set(_members(session, folded_id)):
                raise InvalidValueError(
                    "Some of its points have since been consolidated differently; "
                    "undo that consolidation first."
                )
            if folded.deleted_at is not None:
                folded.deleted_at = None
                _touch(folded)
                session.add(folded)
        if point.text != text or point.theme_id != theme_id:
            point.text = text
            point.theme_id = theme_id
            _touch(point)
            session.add(point)
    return get_point(workshop, consolidated_id)
