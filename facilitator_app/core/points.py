"""The scribe's use cases: add, edit, move, re-theme, delete and restore points; link them.

Every function commits before it returns, so a point is on disk the moment it is added or
changed. Each change bumps the point's ``revision`` (merge compares revisions, not clocks).
Deleting leaves a tombstone; :func:`restore_point` undoes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, literal
from sqlalchemy import delete as sa_delete
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, func, select

from facilitator_app.core.errors import InvalidValueError, UnknownPointError
from facilitator_app.core.model import (
    MAX_POINT_LENGTH,
    Draft,
    Point,
    PointLink,
    Question,
    QuestionKind,
    Strength,
    Theme,
    WorkshopTable,
    utcnow,
)
from facilitator_app.core.records import DraftInfo, LinkInfo, PointInfo
from facilitator_app.core.store import Workshop


def _info(point: Point) -> PointInfo:
    return PointInfo.from_row(point)


def clean_point_text(text: str) -> str:
    """Trim a point: no surrounding blank space or blank lines; inner line breaks kept."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    cleaned = "\n".join(lines).strip()
    if not cleaned:
        raise InvalidValueError("A point cannot be empty.")
    if len(cleaned) > MAX_POINT_LENGTH:
        raise InvalidValueError(
            f"A point can be at most {MAX_POINT_LENGTH:,} characters; "
            f"this one has {len(cleaned):,}."
        )
    return cleaned


def _point(session: Session, point_id: str) -> Point:
    point = session.get(Point, point_id)
    if point is None:
        raise UnknownPointError(point_id)
    return point


def _touch(point: Point) -> None:
    point.updated_at = utcnow()
    point.revision += 1


def _check_and_place(
    session: Session, table_id: str | None, question_id: str, theme_id: str | None
) -> int:
    """Check a new point's references and find its position, in one query: a scribe's Enter
    pays for one round trip here, not four ORM loads, so the add costs little beyond the fsync
    that makes it durable."""
    highest = (
        sa_select(func.max(Point.position))
        .where(col(Point.table_id) == table_id, col(Point.question_id) == question_id)
        .scalar_subquery()
    )
    found = session.execute(
        sa_select(
            _present(WorkshopTable, table_id),
            _present(Question, question_id),
            _present(Theme, theme_id),
            highest,
        )
    ).one()
    for name, present in zip(("table", "question", "theme"), found[:3], strict=True):
        if not present:
            raise InvalidValueError(f"That {name} is not in this event.")
    return 0 if found[3] is None else int(found[3]) + 1


def _present(table: type[SQLModel], row_id: str | None) -> ColumnElement[bool]:
    """True when ``row_id`` is a row of ``table`` (or is None: nothing to check)."""
    if row_id is None:
        return literal(True)
    return sa_select(literal(1)).where(table.id == row_id).exists()  # type: ignore[attr-defined]


def add_point(
    workshop: Workshop,
    table_id: str,
    question_id: str,
    text: str,
    *,
    theme_id: str | None = None,
    strength: Strength | None = None,
    clear_draft: bool = True,
) -> PointInfo:
    """Add a point at the end of its question's list, and clear the draft it was typed in."""
    text = clean_point_text(text)
    with workshop.write() as session:
        position = _check_and_place(session, table_id, question_id, theme_id)
        point = Point(
            table_id=table_id,
            question_id=question_id,
            theme_id=theme_id,
            text=text,
            strength=strength,
            position=position,
        )
        session.add(point)
        if clear_draft:
            session.flush()
            session.execute(
                sa_delete(Draft).where(
                    col(Draft.table_id) == table_id, col(Draft.question_id) == question_id
                )
            )
    return _info(point)


def get_point(workshop: Workshop, point_id: str) -> PointInfo:
    with workshop.session() as session:
        return _info(_point(session, point_id))


def edit_point_text(workshop: Workshop, point_id: str, text: str) -> PointInfo:
    text = clean_point_text(text)
    with workshop.write() as session:
        point = _point(session, point_id)
        if point.text != text:
            point.text = text
            _touch(point)
            session.add(point)
    return _info(point)


def set_point_theme(workshop: Workshop, point_id: str, theme_id: str | None) -> PointInfo:
    with workshop.write() as session:
        point = _point(session, point_id)
        if theme_id is not None and session.get(Theme, theme_id) is None:
            raise InvalidValueError("That theme is not in this event.")
        if point.theme_id != theme_id:
            point.theme_id = theme_id
            _touch(point)
            session.add(point)
    return _info(point)


def set_points_theme(workshop: Workshop, point_ids: Iterable[str], theme_id: str | None) -> int:
    """Re-theme many points in one transaction (the facilitator's bulk fix). Returns how many."""
    changed = 0
    with workshop.write() as session:
        if theme_id is not None and session.get(Theme, theme_id) is None:
            raise InvalidValueError("That theme is not in this event.")
        for point_id in point_ids:
            point = _point(session, point_id)
            if point.theme_id != theme_id:
                point.theme_id = theme_id
                _touch(point)
                session.add(point)
                changed += 1
    return changed


def set_point_strength(workshop: Workshop, point_id: str, strength: Strength | None) -> PointInfo:
    with workshop.write() as session:
        point = _point(session, point_id)
        if point.strength != strength:
            point.strength = strength
            _touch(point)
            session.add(point)
    return _info(point)


def move_point(
    workshop: Workshop, point_id: str, new_index: int, *, question_id: str | None = None
) -> PointInfo:
    """Put a point at ``new_index`` among the live points of its (or another) question.

    Positions of the other live points are renumbered densely; deleted points keep theirs.
    A move to another question drops the point's links; :func:`move_point_to_question` says
    which, so the move can be undone.
    """
    return _move(workshop, point_id, new_index, question_id).point


@dataclass(frozen=True)
class QuestionMove:
    """What a move to another question changed, enough to undo it exactly: move the point
    back to ``old_question_id`` at ``old_index``, then :func:`restore_links` ``removed_links``."""

    point: PointInfo
    old_question_id: str
    old_index: int
    removed_links: tuple[LinkInfo, ...]


def move_point_to_question(
    workshop: Workshop, point_id: str, question_id: str, new_index: int
) -> QuestionMove:
    """Move a point (filed under the wrong question) to ``new_index`` of another question."""
    return _move(workshop, point_id, new_index, question_id)


def _live_siblings(session: Session, point: Point, question_id: str) -> list[Point]:
    return list(
        session.exec(
            select(Point)
            .where(
                Point.table_id == point.table_id,
                Point.question_id == question_id,
                col(Point.deleted_at).is_(None),
                Point.id != point.id,
            )
            .order_by(col(Point.position))
        ).all()
    )


def _renumber(rows: list[Point], moved: Point | None = None) -> None:
    """Positions 0, 1, 2… in list order; each row whose position changes is touched."""
    for position, row in enumerate(rows):
        if row.position != position or row is moved:
            row.position = position
            _touch(row)


def _move(
    workshop: Workshop, point_id: str, new_index: int, question_id: str | None
) -> QuestionMove:
    with workshop.write() as session:
        return move_in(session, point_id, new_index, question_id)


def move_in(
    session: Session, point_id: str, new_index: int, question_id: str | None
) -> QuestionMove:
    """Move a point within its question or to another, inside a caller's transaction."""
    point = _point(session, point_id)
    old_question = point.question_id
    target_question = question_id or old_question
    old_siblings = _live_siblings(session, point, old_question)
    old_index = sum(1 for row in old_siblings if row.position < point.position)
    removed: tuple[LinkInfo, ...] = ()
    if target_question != old_question:
        if session.get(Question, target_question) is None:
            raise InvalidValueError("That question is not in this event.")
        removed = _unlink_all(session, point)
        point.question_id = target_question
        _renumber(old_siblings)  # the question left behind stays dense too
        siblings = _live_siblings(session, point, target_question)
    else:
        siblings = old_siblings
    siblings.insert(max(0, min(new_index, len(siblings))), point)
    _renumber(siblings, point)
    session.add_all([*old_siblings, *siblings])
    session.flush()
    return QuestionMove(_info(point), old_question, old_index, removed)


def _unlink_all(session: Session, point: Point) -> tuple[LinkInfo, ...]:
    """A point leaving its question drops its links (a link only joins mitigation and issue).

    Returns the links dropped, so an undo can :func:`restore_links` them.
    """
    links = session.exec(
        select(PointLink).where(
            (PointLink.mitigation_id == point.id) | (PointLink.issue_id == point.id),
            col(PointLink.deleted_at).is_(None),
        )
    ).all()
    for link in links:
        link.deleted_at = utcnow()
        link.updated_at = link.deleted_at
        link.revision += 1
        session.add(link)
    return tuple(
        LinkInfo(link.mitigation_id, link.issue_id)
        for link in sorted(links, key=lambda link: (link.mitigation_id, link.issue_id))
    )


def restore_links(workshop: Workshop, links: Iterable[LinkInfo]) -> int:
    """Bring back links a move dropped (undo): tombstones off, revisions bumped. Returns how
    many came back. All or none: a link whose points no longer sit under a mitigation and an
    issue question is refused, and nothing is written."""
    with workshop.write() as session:
        return restore_links_in(session, links)


def restore_links_in(session: Session, links: Iterable[LinkInfo]) -> int:
    """:func:`restore_links` inside a caller's transaction."""
    restored = 0
    for wanted in links:
        link = session.get(PointLink, (wanted.mitigation_id, wanted.issue_id))
        if link is None:
            raise InvalidValueError("That link is not in this file, so it cannot come back.")
        mitigation = _point(session, link.mitigation_id)
        issue = _point(session, link.issue_id)
        if (
            _kind_of(session, mitigation) is not QuestionKind.MITIGATION
            or _kind_of(session, issue) is not QuestionKind.ISSUE
        ):
            raise InvalidValueError(
                "A link can only come back while its points are a mitigation and an issue; "
                "move the point back first."
            )
        if link.deleted_at is not None:
            link.deleted_at = None
            link.updated_at = utcnow()
            link.revision += 1
            session.add(link)
            restored += 1
    return restored


def delete_point(workshop: Workshop, point_id: str) -> PointInfo:
    """Tombstone a point. Its links stay recorded, hidden while it is deleted, back on restore."""
    with workshop.write() as session:
        point = _point(session, point_id)
        if point.deleted_at is None:
            point.deleted_at = utcnow()
            _touch(point)
            session.add(point)
    return _info(point)


def restore_point(workshop: Workshop, point_id: str) -> PointInfo:
    """Bring back a deleted point at its old place (undo of delete)."""
    with workshop.write() as session:
        point = _point(session, point_id)
        if point.deleted_at is not None:
            point.deleted_at = None
            _touch(point)
            session.add(point)
    return _info(point)


def list_points(
    workshop: Workshop,
    *,
    table_id: str | None = None,
    question_id: str | None = None,
    theme_id: str | None = None,
    include_deleted: bool = False,
    any_table: bool = True,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[PointInfo]:
    """Points in reading order: by table, question and position.

    ``table_id=None`` with ``any_table=True`` means every table (and consolidated points).
    ``where`` narrows further, so a caller that needs a few points does not load them all.
    """
    with workshop.session() as session:
        query = select(Point).outerjoin(WorkshopTable).join(Question)
        if table_id is not None or not any_table:
            query = query.where(Point.table_id == table_id)
        if question_id is not None:
            query = query.where(Point.question_id == question_id)
        if theme_id is not None:
            query = query.where(Point.theme_id == theme_id)
        if not include_deleted:
            query = query.where(col(Point.deleted_at).is_(None))
        for condition in where:
            query = query.where(condition)
        query = query.order_by(
            col(WorkshopTable.position), col(Question.position), col(Point.position)
        )
        return [_info(point) for point in session.exec(query).all()]


# --- links between mitigations and issues --------------------------------------------------


def _kind_of(session: Session, point: Point) -> QuestionKind:
    question = session.get(Question, point.question_id)
    assert question is not None  # foreign key
    return QuestionKind(question.kind)


def link_points(workshop: Workshop, mitigation_id: str, issue_id: str) -> None:
    """Record that a mitigation point addresses an issue point (idempotent)."""
    with workshop.write() as session:
        link_in(session, _point(session, mitigation_id), _point(session, issue_id), utcnow())


def link_in(session: Session, mitigation: Point, issue: Point, now: datetime) -> None:
    """Link ``mitigation`` to ``issue`` inside the caller's transaction (idempotent); a link
    removed before comes back with a new revision. Refuses points of the wrong kinds."""
    if _kind_of(session, mitigation) is not QuestionKind.MITIGATION:
        raise InvalidValueError("Only a point under a mitigation question can address an issue.")
    if _kind_of(session, issue) is not QuestionKind.ISSUE:
        raise InvalidValueError(
            "A mitigation can only be linked to a point under an issue question."
        )
    link = session.get(PointLink, (mitigation.id, issue.id))
    if link is None:
        session.add(PointLink(mitigation_id=mitigation.id, issue_id=issue.id))
    elif link.deleted_at is not None:
        link.deleted_at = None
        link.updated_at = now
        link.revision += 1
        session.add(link)


def unlink_points(workshop: Workshop, mitigation_id: str, issue_id: str) -> None:
    with workshop.write() as session:
        link = session.get(PointLink, (mitigation_id, issue_id))
        if link is not None and link.deleted_at is None:
            link.deleted_at = utcnow()
            link.updated_at = link.deleted_at
            link.revision += 1
            session.add(link)


def list_links(workshop: Workshop, *, table_id: str | None = None) -> list[LinkInfo]:
    """Live links between live points (of one table's mitigations, if given)."""
    with workshop.session() as session:
        issue = Point.__table__.alias("issue")  # type: ignore[attr-defined]
        query = (
            select(PointLink.mitigation_id, PointLink.issue_id)
            .join(Point, col(Point.id) == PointLink.mitigation_id)
            .join(issue, issue.c.id == PointLink.issue_id)
            .where(
                col(PointLink.deleted_at).is_(None),
                col(Point.deleted_at).is_(None),
                issue.c.deleted_at.is_(None),
            )
        )
        if table_id is not None:
            query = query.where(Point.table_id == table_id)
        return [LinkInfo(m, i) for m, i in session.exec(query).all()]


# --- counts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointCounts:
    """Live points counted three ways; keys are ids (``None`` for "no theme"/"no table")."""

    total: int
    by_table: Counter[str | None]
    by_question: Counter[str]
    by_theme: Counter[str | None]


def count_points(workshop: Workshop, *, table_id: str | None = None) -> PointCounts:
    with workshop.session() as session:
        query = select(Point.table_id, Point.question_id, Point.theme_id, func.count()).where(
            col(Point.deleted_at).is_(None)
        )
        if table_id is not None:
            query = query.where(Point.table_id == table_id)
        query = query.group_by(col(Point.table_id), col(Point.question_id), col(Point.theme_id))
        by_table: Counter[str | None] = Counter()
        by_question: Counter[str] = Counter()
        by_theme: Counter[str | None] = Counter()
        total = 0
        for table, question, theme, count in session.exec(query).all():
            by_table[table] += count
            by_question[question] += count
            by_theme[theme] += count
            total += count
        return PointCounts(total, by_table, by_question, by_theme)


# --- drafts --------------------------------------------------------------------------------


def save_draft(
    workshop: Workshop,
    table_id: str,
    question_id: str,
    text: str,
    *,
    theme_id: str | None = None,
    strength: Strength | None = None,
) -> None:
    """Keep what is typed but not yet added, with the theme and strength chosen for it, so a
    crash loses nothing. Empty text clears it."""
    with workshop.write() as session:
        draft = session.get(Draft, (table_id, question_id))
        if not text.strip():
            if draft is not None:
                session.delete(draft)
            return
        if draft is None:
            draft = Draft(table_id=table_id, question_id=question_id, text=text)
        else:
            draft.text = text
            draft.updated_at = utcnow()
        draft.theme_id = theme_id
        draft.strength = strength
        session.add(draft)


def load_drafts(workshop: Workshop, table_id: str) -> dict[str, str]:
    """Drafts of one table, by question id."""
    return {key: draft.text for key, draft in load_draft_details(workshop, table_id).items()}


def load_draft_details(workshop: Workshop, table_id: str) -> dict[str, DraftInfo]:
    """Drafts of one table with their theme and strength, by question id. A theme removed
    since the draft was written is dropped from it."""
    with workshop.session() as session:
        rows = session.exec(select(Draft).where(Draft.table_id == table_id)).all()
        themes = set(session.exec(select(Theme.id)).all())
        return {
            draft.question_id: DraftInfo(
                question_id=draft.question_id,
                text=draft.text,
                theme_id=draft.theme_id if draft.theme_id in themes else None,
                strength=draft.strength,
            )
            for draft in rows
        }


def reorder_points(workshop: Workshop, ordered_ids: Sequence[str]) -> None:
    """Give the listed points positions 0, 1, 2… in that order (a drag of several rows)."""
    with workshop.write() as session:
        for position, point_id in enumerate(ordered_ids):
            point = _point(session, point_id)
            if point.position != position:
                point.position = position
                _touch(point)
                session.add(point)
