"""Changes to several points (or links) in one transaction, each a single undo step.

A scribe re-theming three selected points makes one change, so it is one transaction: either
every point takes the theme or (say one was deleted on another screen) none does, and one undo
step takes it back. An undo passes ``expected``, the values its step left behind: a point whose
values differ now was changed since (in another view, by a merge, a settled conflict or another
program), so it is left alone and reported, and undo never writes a value over a newer one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from facilitator_app.core.errors import InvalidValueError, WorkshopError
from facilitator_app.core.model import Point, PointLink, Theme, utcnow
from facilitator_app.core.points import (
    QuestionMove,
    _info,
    _point,
    _touch,
    clean_point_text,
    link_in,
    move_in,
    restore_links_in,
)
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop

#: The fields of a point a batch may set: its wording, theme and strength.
FIELDS = frozenset({"text", "theme_id", "strength"})

#: Field name → value, for one point.
Values = Mapping[str, Any]


class PointGoneError(WorkshopError):
    """A point of the change was deleted (on another screen, by a merge) before it was made."""

    def __init__(self, text: str) -> None:
        short = text if len(text) <= 40 else text[:39] + "…"
        super().__init__(f"“{short}” was deleted since, so nothing was changed.")


@dataclass(frozen=True)
class BatchResult:
    """The points as they now are, and those left alone because they changed since."""

    points: tuple[PointInfo, ...]
    left_alone: tuple[str, ...] = ()


def update_points(
    workshop: Workshop,
    values: Mapping[str, Values],
    *,
    expected: Mapping[str, Values] | None = None,
) -> BatchResult:
    """Set the wording, theme or strength of several points in one transaction.

    ``values`` maps a point id to the fields to set. With ``expected`` (an undo or redo), a
    point whose fields are not what the step left is left alone and listed in the result.
    Without it, a deleted point refuses the whole change (:class:`PointGoneError`).
    """
    for fields in values.values():
        unknown = set(fields) - FIELDS
        if unknown:
            raise ValueError(f"not a point field: {sorted(unknown)}")
    changed: list[Point] = []
    left_alone: list[str] = []
    with workshop.write() as session:
        theme_ids = {f["theme_id"] for f in values.values() if f.get("theme_id") is not None}
        for theme_id in theme_ids:
            if session.get(Theme, theme_id) is None:
                raise InvalidValueError("That theme is not in this event.")
        for point_id, fields in values.items():
            point = _point(session, point_id)
            if expected is not None:
                if point.deleted_at is not None or not _matches(point, expected[point_id]):
                    left_alone.append(point_id)
                    continue
            elif point.deleted_at is not None:
                raise PointGoneError(point.text)
            new = {
                name: clean_point_text(value) if name == "text" else value
                for name, value in fields.items()
            }
            if any(getattr(point, name) != value for name, value in new.items()):
                for name, value in new.items():
                    setattr(point, name, value)
                _touch(point)
                session.add(point)
            changed.append(point)
    return BatchResult(tuple(_info(point) for point in changed), tuple(left_alone))


def _matches(point: Point, fields: Values) -> bool:
    return all(getattr(point, name) == value for name, value in fields.items())


def delete_points(workshop: Workshop, point_ids: Iterable[str]) -> tuple[PointInfo, ...]:
    """Delete several points (tombstones) in one transaction: one deleted since refuses the
    whole change (:class:`PointGoneError`), so a delete is never half done."""
    now = utcnow()
    deleted: list[Point] = []
    with workshop.write() as session:
        for point_id in point_ids:
            point = _point(session, point_id)
            if point.deleted_at is not None:
                raise PointGoneError(point.text)
            point.deleted_at = now
            _touch(point)
            session.add(point)
            deleted.append(point)
    return tuple(_info(point) for point in deleted)


def set_deleted(workshop: Workshop, point_ids: Iterable[str], *, deleted: bool) -> BatchResult:
    """Undo (``deleted=False``) or redo a delete of several points in one transaction: each
    point still as the step left it (deleted for an undo, live for a redo) changes; one
    brought back or deleted since (by a merge, another program) is left alone and listed."""
    changed: list[Point] = []
    left_alone: list[str] = []
    with workshop.write() as session:
        for point_id in point_ids:
            point = session.get(Point, point_id)
            if point is None or (point.deleted_at is None) == (not deleted):
                left_alone.append(point_id)
                continue
            point.deleted_at = utcnow() if deleted else None
            _touch(point)
            session.add(point)
            changed.append(point)
    return BatchResult(tuple(_info(point) for point in changed), tuple(left_alone))


def move_to_question(
    workshop: Workshop, placements: Iterable[tuple[str, int]], question_id: str
) -> tuple[QuestionMove, ...]:
    """Move several points to another question (each to its index there) in one transaction;
    their links go (each move says which). One that fails moves none."""
    with workshop.write() as session:
        moves = []
        for point_id, index in placements:
            point = _point(session, point_id)
            if point.deleted_at is not None:
                raise PointGoneError(point.text)
            moves.append(move_in(session, point_id, index, question_id))
    return tuple(moves)


def move_back(workshop: Workshop, moves: Iterable[QuestionMove]) -> BatchResult:
    """Undo :func:`move_to_question` in one transaction: each point, last first, back to its
    old place with the links it lost; a point deleted or moved again since is left alone."""
    back: list[PointInfo] = []
    left_alone: list[str] = []
    with workshop.write() as session:
        for move in reversed(list(moves)):
            point = _point(session, move.point.id)
            if point.deleted_at is not None or point.question_id != move.point.question_id:
                left_alone.append(point.id)
                continue
            back.append(move_in(session, point.id, move.old_index, move.old_question_id).point)
            restore_links_in(session, move.removed_links)
    return BatchResult(tuple(back), tuple(left_alone))


LinkPair = tuple[str, str]  # (mitigation id, issue id)


def change_links(
    workshop: Workshop, added: Iterable[LinkPair], removed: Iterable[LinkPair]
) -> None:
    """Make and remove links between mitigations and issues in one transaction (one dialog's
    worth of ticks); a refused link (wrong kinds, a deleted point) changes nothing at all."""
    with workshop.write() as session:
        now = utcnow()
        for mitigation_id, issue_id in sorted(added):
            mitigation = _point(session, mitigation_id)
            issue = _point(session, issue_id)
            for point in (mitigation, issue):
                if point.deleted_at is not None:
                    raise PointGoneError(point.text)
            link_in(session, mitigation, issue, now)
        for mitigation_id, issue_id in sorted(removed):
            link = session.get(PointLink, (mitigation_id, issue_id))
            if link is not None and link.deleted_at is None:
                link.deleted_at = now
                link.updated_at = now
                link.revision += 1
                session.add(link)
