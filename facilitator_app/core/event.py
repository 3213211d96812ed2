"""Event set-up: create an event file, and read or change its questions, themes and tables.

The spec a new event is made from lives in :mod:`facilitator_app.core.event_spec`.

These are the facilitator's use cases. Set-up rows are ordered by ``position`` (0-based, dense);
every change here keeps positions dense so the GUI can show them as list rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar, cast

from sqlmodel import Session, col, func, select

from facilitator_app.core.errors import (
    FileExistsAlreadyError,
    InUseError,
    InvalidSpecError,
    InvalidValueError,
    NotFoundError,
    UnknownQuestionError,
    UnknownTableError,
    UnknownThemeError,
)

# The spec types belong to this module's API (create_event_file takes an EventSpec).
from facilitator_app.core.event_spec import EventSpec as EventSpec
from facilitator_app.core.event_spec import ParticipantSpec as ParticipantSpec
from facilitator_app.core.event_spec import QuestionSpec as QuestionSpec
from facilitator_app.core.event_spec import TableSpec as TableSpec
from facilitator_app.core.event_spec import normalise_date as normalise_date
from facilitator_app.core.event_spec import parse_kind as parse_kind
from facilitator_app.core.event_spec import parse_role as parse_role
from facilitator_app.core.model import (
    Draft,
    Event,
    Participant,
    Point,
    Question,
    QuestionKind,
    Role,
    Theme,
    WorkshopTable,
    default_table_name,
    utcnow,
)
from facilitator_app.core.records import (
    EventInfo,
    ParticipantInfo,
    QuestionInfo,
    TableInfo,
    ThemeInfo,
)
from facilitator_app.core.store import Workshop, build_workshop_file, open_workshop
from facilitator_app.core.wording import counted

# --- creating ------------------------------------------------------------------------------


def create_event_file(path: Path | str, spec: EventSpec, *, overwrite: bool = False) -> Workshop:
    """Make a new event file from ``spec`` and open it. Never leaves a half-made file."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsAlreadyError(path)
    if not spec.title.strip():
        raise InvalidSpecError("An event needs a title.")

    def fill(workshop: Workshop) -> None:
        with workshop.write() as session:
            session.add(
                Event(
                    title=spec.title.strip(), date=spec.date, venue=spec.venue, context=spec.context
                )
            )
            for position, question in enumerate(spec.questions):
                session.add(Question(position=position, text=question.text, kind=question.kind))
            for position, name in enumerate(spec.themes):
                session.add(Theme(position=position, name=name))
            tables = [
                WorkshopTable(position=position, name=table_spec.name)
                for position, table_spec in enumerate(spec.tables)
            ]
            session.add_all(tables)
            # No relationship() orders the inserts, so the tables must exist before the people.
            session.flush()
            for table, table_spec in zip(tables, spec.tables, strict=True):
                for number, person in enumerate(table_spec.participants):
                    session.add(
                        Participant(
                            table_id=table.id,
                            position=number,
                            name=person.name,
                            organisation=person.organisation,
                            role=person.role,
                        )
                    )

    build_workshop_file(path, fill)
    return open_workshop(path)


# --- reading -------------------------------------------------------------------------------


def _event_row(session: Session) -> Event:
    event = session.exec(select(Event)).first()
    if event is None:
        raise NotFoundError("This workshop file holds no event.")
    return event


def get_event(workshop: Workshop) -> EventInfo:
    with workshop.session() as session:
        event = _event_row(session)
        return EventInfo(event.id, event.title, event.date, event.venue, event.context)


def list_questions(workshop: Workshop) -> list[QuestionInfo]:
    with workshop.session() as session:
        rows = session.exec(select(Question).order_by(col(Question.position))).all()
        return [QuestionInfo(q.id, q.position, q.text, QuestionKind(q.kind)) for q in rows]


def list_themes(workshop: Workshop) -> list[ThemeInfo]:
    with workshop.session() as session:
        rows = session.exec(select(Theme).order_by(col(Theme.position))).all()
        return [ThemeInfo(t.id, t.position, t.name) for t in rows]


def list_tables(workshop: Workshop) -> list[TableInfo]:
    with workshop.session() as session:
        rows = session.exec(select(WorkshopTable).order_by(col(WorkshopTable.position))).all()
        return [TableInfo(t.id, t.position, t.name) for t in rows]


def list_participants(workshop: Workshop, table_id: str | None = None) -> list[ParticipantInfo]:
    """Participants of one table, or of every table in table order."""
    with workshop.session() as session:
        query = select(Participant).join(WorkshopTable)
        if table_id is not None:
            query = query.where(Participant.table_id == table_id)
        query = query.order_by(col(WorkshopTable.position), col(Participant.position))
        return [_participant_info(p) for p in session.exec(query).all()]


def _participant_info(p: Participant) -> ParticipantInfo:
    return ParticipantInfo(p.id, p.table_id, p.position, p.name, p.organisation, Role(p.role))


def find_table(workshop: Workshop, name: str) -> TableInfo:
    """The table called ``name`` (case and spacing ignored), or a message listing the tables."""
    tables = list_tables(workshop)
    wanted = " ".join(name.split()).casefold()
    for table in tables:
        if " ".join(table.name.split()).casefold() == wanted:
            return table
    raise UnknownTableError(name, [table.name for table in tables])


def find_theme(workshop: Workshop, name: str) -> ThemeInfo:
    themes = list_themes(workshop)
    wanted = " ".join(name.split()).casefold()
    for theme in themes:
        if " ".join(theme.name.split()).casefold() == wanted:
            return theme
    raise UnknownThemeError(name, [theme.name for theme in themes])


def question_by_number(workshop: Workshop, number: int) -> QuestionInfo:
    questions = list_questions(workshop)
    if not 1 <= number <= len(questions):
        raise UnknownQuestionError(f"{number} (this event has {len(questions)})")
    return questions[number - 1]


# --- changing the event --------------------------------------------------------------------


def update_event(
    workshop: Workshop,
    *,
    title: str | None = None,
    date: str | None = None,
    venue: str | None = None,
    context: str | None = None,
) -> EventInfo:
    with workshop.write() as session:
        event = _event_row(session)
        if title is not None:
            if not title.strip():
                raise InvalidValueError("An event needs a title.")
            event.title = title.strip()
        if date is not None:
            event.date = normalise_date(date)
        if venue is not None:
            event.venue = venue.strip()
        if context is not None:
            event.context = context
        event.updated_at = utcnow()
        session.add(event)
    return get_event(workshop)


_Ordered = TypeVar("_Ordered", Question, Theme, WorkshopTable)
_Named = TypeVar("_Named", Theme, WorkshopTable)


def _get(session: Session, model: type[_Ordered], row_id: str) -> _Ordered:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"That {model.__name__.lower()} is no longer in this event.")
    return row


def _ordered_rows(session: Session, model: type[_Ordered]) -> list[_Ordered]:
    return list(session.exec(select(model).order_by(col(model.position))).all())


def _move_in_order(session: Session, model: type[_Ordered], row_id: str, new_position: int) -> None:
    rows = _ordered_rows(session, model)
    row = next((r for r in rows if r.id == row_id), None)
    if row is None:
        raise NotFoundError(f"That {model.__name__.lower()} is no longer in this event.")
    rows.remove(row)
    rows.insert(max(0, min(new_position, len(rows))), row)
    _renumber(session, rows)


def _renumber(session: Session, rows: Sequence[_Ordered]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            session.add(row)


def _require_text(value: str, what: str) -> str:
    value = " ".join(value.split()) if "\n" not in value else value.strip()
    if not value:
        raise InvalidValueError(f"The {what} cannot be empty.")
    return value


def _refuse_name_clash(
    session: Session,
    model: type[Theme] | type[WorkshopTable],
    name: str,
    except_id: str | None = None,
) -> None:
    rows = cast(Sequence[Theme | WorkshopTable], session.exec(select(model)).all())
    for row in rows:
        if row.id != except_id and row.name.casefold() == name.casefold():
            what = "theme" if model is Theme else "table"
            raise InvalidValueError(f"There is already a {what} called {row.name!r}.")


def _rename(
    workshop: Workshop,
    model: type[_Named],
    row_id: str,
    name: str,
    what: str,
) -> None:
    """Rename a theme or table; names stay unique (case ignored) so people can tell them apart."""
    name = _require_text(name, what)
    with workshop.write() as session:
        row = _get(session, model, row_id)
        _refuse_name_clash(session, model, name, except_id=row_id)
        row.name = name
        session.add(row)


# questions


def add_question(
    workshop: Workshop, text: str, kind: QuestionKind = QuestionKind.OTHER
) -> QuestionInfo:
    text = _require_text(text, "question")
    with workshop.write() as session:
        position = session.exec(select(func.count()).select_from(Question)).one()
        question = Question(position=position, text=text, kind=kind)
        session.add(question)
    return QuestionInfo(question.id, question.position, question.text, kind)


def update_question(
    workshop: Workshop,
    question_id: str,
    *,
    text: str | None = None,
    kind: QuestionKind | None = None,
) -> None:
    with workshop.write() as session:
        question = _get(session, Question, question_id)
        if text is not None:
            question.text = _require_text(text, "question")
        if kind is not None:
            question.kind = kind
        session.add(question)


def move_question(workshop: Workshop, question_id: str, new_position: int) -> None:
    with workshop.write() as session:
        _move_in_order(session, Question, question_id, new_position)


def remove_question(workshop: Workshop, question_id: str) -> None:
    """Remove a question that has no points; one with points is refused with a count."""
    with workshop.write() as session:
        remove_question_in(session, question_id)


def remove_question_in(session: Session, question_id: str) -> None:
    """:func:`remove_question` inside a caller's transaction (see ``setup_removals``)."""
    question = _get(session, Question, question_id)
    count = session.exec(
        select(func.count()).select_from(Point).where(Point.question_id == question_id)
    ).one()
    if count:
        raise InUseError(
            f"Question {question.position + 1} has {counted(count, '%1 point', '%1 points')}; "
            "move or delete its points before removing the question."
        )
    if len(_ordered_rows(session, Question)) == 1:
        raise InUseError("An event needs at least one question.")
    for draft in session.exec(select(Draft).where(Draft.question_id == question_id)).all():
        if draft.text.strip():  # words typed at a table and not yet added are never dropped
            raise InUseError(
                f"Question {question.position + 1} has text typed but not yet added at a table; "
                "add it or clear it before removing the question."
            )
        session.delete(draft)
    session.flush()
    session.delete(question)
    session.flush()
    _renumber(session, _ordered_rows(session, Question))


# themes


def add_theme(workshop: Workshop, name: str) -> ThemeInfo:
    name = _require_text(name, "theme name")
    with workshop.write() as session:
        _refuse_name_clash(session, Theme, name)
        position = session.exec(select(func.count()).select_from(Theme)).one()
        theme = Theme(position=position, name=name)
        session.add(theme)
    return ThemeInfo(theme.id, theme.position, theme.name)


def rename_theme(workshop: Workshop, theme_id: str, name: str) -> None:
    _rename(workshop, Theme, theme_id, name, "theme name")


def move_theme(workshop: Workshop, theme_id: str, new_position: int) -> None:
    with workshop.write() as session:
        _move_in_order(session, Theme, theme_id, new_position)


def count_theme_points(workshop: Workshop, theme_id: str) -> int:
    """Live points filed under a theme: what removing it would affect."""
    with workshop.session() as session:
        return session.exec(
            select(func.count())
            .select_from(Point)
            .where(Point.theme_id == theme_id, col(Point.deleted_at).is_(None))
        ).one()


def remove_theme(
    workshop: Workshop, theme_id: str, *, reassign_to: str | None = None, unthemed: bool = False
) -> int:
    """Remove a theme. Points under it must go somewhere, said explicitly.

    With points under the theme, pass ``reassign_to`` (another theme's id) or ``unthemed=True``;
    otherwise :class:`InUseError` says how many points would be affected. Returns that number.
    Deleted points under it (nobody sees them) are left without a theme unless told otherwise.
    """
    with workshop.write() as session:
        return remove_theme_in(session, theme_id, reassign_to=reassign_to, unthemed=unthemed)


def remove_theme_in(
    session: Session, theme_id: str, *, reassign_to: str | None = None, unthemed: bool = False
) -> int:
    """:func:`remove_theme` inside a caller's transaction (see ``setup_removals``)."""
    theme = _get(session, Theme, theme_id)
    points = list(session.exec(select(Point).where(Point.theme_id == theme_id)).all())
    live = sum(1 for point in points if point.deleted_at is None)
    if live and reassign_to is None and not unthemed:
        raise InUseError(
            f"The theme {theme.name!r} has {counted(live, '%1 point', '%1 points')}. "
            "Choose a theme to move them to, "
            "or leave them without a theme."
        )
    if reassign_to is not None:
        if reassign_to == theme_id:
            raise InvalidValueError("Points cannot be moved to the theme being removed.")
        _get(session, Theme, reassign_to)
    now = utcnow()
    for point in points:
        point.theme_id = reassign_to
        point.updated_at = now
        point.revision += 1
        session.add(point)
    session.flush()
    session.delete(theme)
    session.flush()
    _renumber(session, _ordered_rows(session, Theme))
    return live


# tables


def add_table(workshop: Workshop, name: str | None = None) -> TableInfo:
    """Add a table; without a name it is called after its number ("Table Five")."""
    with workshop.write() as session:
        position = session.exec(select(func.count()).select_from(WorkshopTable)).one()
        if name is None:
            # After a removal "Table <position + 1>" may be taken: use the next free number.
            taken = {t.name.casefold() for t in session.exec(select(WorkshopTable)).all()}
            number = position + 1
            while default_table_name(number).casefold() in taken:
                number += 1
            name = default_table_name(number)
        name = _require_text(name, "table name")
        _refuse_name_clash(session, WorkshopTable, name)
        table = WorkshopTable(position=position, name=name)
        session.add(table)
    return TableInfo(table.id, table.position, table.name)


def rename_table(workshop: Workshop, table_id: str, name: str) -> None:
    _rename(workshop, WorkshopTable, table_id, name, "table name")


def move_table(workshop: Workshop, table_id: str, new_position: int) -> None:
    with workshop.write() as session:
        _move_in_order(session, WorkshopTable, table_id, new_position)


def remove_table(workshop: Workshop, table_id: str) -> None:
    """Remove a table with no points (its participants go with it)."""
    with workshop.write() as session:
        remove_table_in(session, table_id)


def remove_table_in(session: Session, table_id: str) -> None:
    """:func:`remove_table` inside a caller's transaction (see ``setup_removals``)."""
    table = _get(session, WorkshopTable, table_id)
    count = session.exec(
        select(func.count()).select_from(Point).where(Point.table_id == table_id)
    ).one()
    if count:
        raise InUseError(
            f"{table.name} has {counted(count, '%1 point', '%1 points')} and cannot be removed."
        )
    for person in session.exec(select(Participant).where(Participant.table_id == table_id)):
        session.delete(person)
    for draft in session.exec(select(Draft).where(Draft.table_id == table_id)):
        session.delete(draft)
    session.flush()
    session.delete(table)
    session.flush()
    _renumber(session, _ordered_rows(session, WorkshopTable))


# participants


def add_participant(
    workshop: Workshop,
    table_id: str,
    name: str,
    organisation: str = "",
    role: Role = Role.PARTICIPANT,
) -> ParticipantInfo:
    name = _require_text(name, "participant's name")
    with workshop.write() as session:
        _get(session, WorkshopTable, table_id)
        position = session.exec(
            select(func.count()).select_from(Participant).where(Participant.table_id == table_id)
        ).one()
        person = Participant(
            table_id=table_id,
            position=position,
            name=name,
            organisation=organisation.strip(),
            role=role,
        )
        session.add(person)
    return _participant_info(person)


def update_participant(
    workshop: Workshop,
    participant_id: str,
    *,
    name: str | None = None,
    organisation: str | None = None,
    role: Role | None = None,
    table_id: str | None = None,
) -> None:
    with workshop.write() as session:
        person = session.get(Participant, participant_id)
        if person is None:
            raise NotFoundError("That participant is no longer in this event.")
        if name is not None:
            person.name = _require_text(name, "participant's name")
        if organisation is not None:
            person.organisation = organisation.strip()
        if role is not None:
            person.role = role
        if table_id is not None and table_id != person.table_id:
            _get(session, WorkshopTable, table_id)
            old_table_id = person.table_id
            # Counted before the move (autoflush would count the person in their new table).
            position = session.exec(
                select(func.count())
                .select_from(Participant)
                .where(Participant.table_id == table_id)
            ).one()
            person.table_id = table_id
            person.position = position
            session.add(person)
            session.flush()
            left = session.exec(
                select(Participant)
                .where(Participant.table_id == old_table_id)
                .order_by(col(Participant.position))
            ).all()
            for number, other in enumerate(left):
                if other.position != number:
                    other.position = number
                    session.add(other)
        session.add(person)


def remove_participant(workshop: Workshop, participant_id: str) -> None:
    with workshop.write() as session:
        remove_participant_in(session, participant_id)


def remove_participant_in(session: Session, participant_id: str) -> None:
    """:func:`remove_participant` inside a caller's transaction (see ``setup_removals``)."""
    person = session.get(Participant, participant_id)
    if person is None:
        return
    table_id = person.table_id
    session.delete(person)
    session.flush()
    rest = session.exec(
        select(Participant)
        .where(Participant.table_id == table_id)
        .order_by(col(Participant.position))
    ).all()
    for position, other in enumerate(rest):
        if other.position != position:
            other.position = position
            session.add(other)


def replace_participants(
    workshop: Workshop, table_id: str, people: Sequence[ParticipantSpec]
) -> None:
    """Set a table's whole list at once (a pasted seating plan), in one transaction."""
    with workshop.write() as session:
        _get(session, WorkshopTable, table_id)
        for person in session.exec(select(Participant).where(Participant.table_id == table_id)):
            session.delete(person)
        session.flush()
        for position, spec in enumerate(people):
            session.add(
                Participant(
                    table_id=table_id,
                    position=position,
                    name=_require_text(spec.name, "participant's name"),
                    organisation=spec.organisation.strip(),
                    role=spec.role,
                )
            )
