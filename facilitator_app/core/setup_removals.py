"""Removing a question, theme, table or person so that undo can put it back exactly.

Set-up rows are deleted outright (only points and links keep tombstones), so a removal here
first notes the row as it was (its UUID, its place, a table's seating plan and drafts, the
points a removed theme's points moved to): :func:`restore` puts back that very row, with the
same identity, so a table file merged later still recognises it instead of adding it a second
time under another name. Anything changed since is left alone and counted, never overwritten:
a row a merge already brought back, a point re-themed again after the theme went.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from facilitator_app.core import event as setup
from facilitator_app.core.errors import InvalidValueError, NotFoundError
from facilitator_app.core.model import (
    Draft,
    Participant,
    Point,
    Question,
    Theme,
    WorkshopTable,
    utcnow,
)
from facilitator_app.core.store import Workshop


class SetupKind(StrEnum):
    """The kinds of set-up row a facilitator removes."""

    QUESTION = "question"
    THEME = "theme"
    TABLE = "table"
    PARTICIPANT = "participant"


_MODEL: dict[SetupKind, type[Question | Theme | WorkshopTable | Participant]] = {
    SetupKind.QUESTION: Question,
    SetupKind.THEME: Theme,
    SetupKind.TABLE: WorkshopTable,
    SetupKind.PARTICIPANT: Participant,
}

Columns = Mapping[str, Any]


@dataclass(frozen=True)
class Removal:
    """What one removal took away: enough to put it back as it was."""

    kind: SetupKind
    row: Columns
    #: A removed table's seating plan; the (empty) drafts of a removed table or question.
    participants: tuple[Columns, ...] = ()
    drafts: tuple[Columns, ...] = ()
    #: A removed theme's points: point id → its revision once moved, and where they went.
    moved_points: Mapping[str, int] = field(default_factory=dict)
    moved_to: str | None = None

    @property
    def row_id(self) -> str:
        return str(self.row["id"])

    @property
    def label(self) -> str:
        """The row's own words (a question's text, a name), for messages."""
        return str(self.row.get("text") or self.row.get("name") or "")


@dataclass(frozen=True)
class Restored:
    """How a :func:`restore` went: the row was back already, or points were left alone."""

    already_there: bool = False
    points_left_alone: int = 0


def _columns(row: Any) -> dict[str, Any]:
    return dict(row.model_dump())


def remove(
    workshop: Workshop,
    kind: SetupKind,
    row_id: str,
    *,
    reassign_to: str | None = None,
    unthemed: bool = False,
    expected: Columns | None = None,
) -> Removal | None:
    """Remove a set-up row as :mod:`facilitator_app.core.event` does, noting what went.

    With ``expected`` (a redo), a row that is gone or no longer has those columns (its
    place aside) was changed since: nothing is removed and ``None`` is returned.
    """
    with workshop.write() as session:
        row = session.get(_MODEL[kind], row_id)
        if expected is not None and (row is None or not _same(_columns(row), expected)):
            return None
        if row is None:
            raise NotFoundError(f"That {kind.value} is no longer in this event.")
        noted = _columns(row)
        participants: tuple[Columns, ...] = ()
        drafts: tuple[Columns, ...] = ()
        moved: list[Point] = []
        if kind is SetupKind.QUESTION:
            typed = session.exec(select(Draft).where(Draft.question_id == row_id)).all()
            drafts = tuple(_columns(draft) for draft in typed)
            setup.remove_question_in(session, row_id)
        elif kind is SetupKind.THEME:
            moved = list(session.exec(select(Point).where(Point.theme_id == row_id)).all())
            setup.remove_theme_in(session, row_id, reassign_to=reassign_to, unthemed=unthemed)
        elif kind is SetupKind.TABLE:
            people = session.exec(
                select(Participant)
                .where(Participant.table_id == row_id)
                .order_by(col(Participant.position))
            ).all()
            participants = tuple(_columns(person) for person in people)
            typed = session.exec(select(Draft).where(Draft.table_id == row_id)).all()
            drafts = tuple(_columns(draft) for draft in typed)
            setup.remove_table_in(session, row_id)
        else:
            setup.remove_participant_in(session, row_id)
        return Removal(
            kind,
            noted,
            participants,
            drafts,
            {point.id: point.revision for point in moved},
            reassign_to,
        )


def _same(now: Columns, expected: Columns) -> bool:
    return all(now.get(name) == value for name, value in expected.items() if name != "position")


def restore(workshop: Workshop, removal: Removal) -> Restored:
    """Put a removed row back with its identity, place, seating plan, drafts and points.

    A row with its id already in the file (a merge brought it back) is left as it is. A name
    taken since by another theme or table refuses the restore (:class:`InvalidValueError`).
    """
    model = _MODEL[removal.kind]
    with workshop.write() as session:
        if session.get(model, removal.row_id) is not None:
            return Restored(already_there=True)
        row = model(**removal.row)
        if isinstance(row, Theme | WorkshopTable):
            _refuse_taken_name(session, row)
        if isinstance(row, Participant):
            if session.get(WorkshopTable, row.table_id) is None:
                raise NotFoundError("The person's table was removed since, so they stay removed.")
            siblings: list[Any] = list(
                session.exec(
                    select(Participant)
                    .where(Participant.table_id == row.table_id)
                    .order_by(col(Participant.position))
                ).all()
            )
        else:
            siblings = list(session.exec(select(model).order_by(col(model.position))).all())
        siblings.insert(min(row.position, len(siblings)), row)
        for position, sibling in enumerate(siblings):
            sibling.position = position
            session.add(sibling)
        session.flush()
        for person in removal.participants:
            session.add(Participant(**person))
        for draft in removal.drafts:
            if session.get(Question, draft["question_id"]) is not None and (
                session.get(Draft, (draft["table_id"], draft["question_id"])) is None
            ):
                session.add(Draft(**draft))
        left_alone = _move_points_back(session, removal)
    return Restored(points_left_alone=left_alone)


def _refuse_taken_name(session: Session, row: Theme | WorkshopTable) -> None:
    others: list[Any] = list(session.exec(select(type(row))).all())
    for other in others:
        if other.name.casefold() == row.name.casefold():
            what = "theme" if isinstance(row, Theme) else "table"
            raise InvalidValueError(
                f"There is now another {what} called {other.name!r}, so {row.name!r} "
                "cannot come back; rename one first."
            )


def _move_points_back(session: Session, removal: Removal) -> int:
    """A removed theme's points go back under it, unless changed since they moved."""
    left_alone = 0
    now = utcnow()
    for point_id, revision in removal.moved_points.items():
        point = session.get(Point, point_id)
        if point is None or point.revision != revision or point.theme_id != removal.moved_to:
            left_alone += 1
            continue
        point.theme_id = removal.row_id
        point.updated_at = now
        point.revision += 1
        session.add(point)
    return left_alone
