"""The driver's own fetch, typed by plain_rows, gives exactly what SQLAlchemy's execute gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import SQLModel

from facilitator_app.core import event, points
from facilitator_app.core.enums import Strength
from facilitator_app.core.model import Point
from facilitator_app.core.plain_reads import plain_rows
from facilitator_app.core.sample import create_sample_event
from facilitator_app.core.store import Workshop, open_workshop

_POINT = Point.__table__  # type: ignore[attr-defined]


def test_every_column_of_every_table_reads_as_execute_reads_it(tmp_path: Path) -> None:
    """The sample event has every kind of value: times (some with microseconds), enums, NULLs,
    deleted points, consolidations, a merge record."""
    path = create_sample_event(tmp_path / "sample.workshop")
    with open_workshop(path) as workshop, workshop.session() as session:
        connection = session.connection()
        compared = 0
        for table in SQLModel.metadata.sorted_tables:
            query = select(*table.columns).order_by(*table.primary_key.columns)
            expected = [tuple(row) for row in connection.execute(query)]
            assert plain_rows(connection, query) == expected, table.name
            compared += len(expected)
        assert compared > 50  # the sample holds rows to compare


def test_times_come_back_aware_in_utc_with_their_microseconds(event_file: Workshop) -> None:
    table = event.list_tables(event_file)[0].id
    question = event.list_questions(event_file)[0].id
    added = points.add_point(event_file, table, question, "Parking", strength=Strength.ONE)
    with event_file.session() as session:
        query = select(_POINT.c.created_at, _POINT.c.deleted_at, _POINT.c.strength)
        [(created, deleted, strength)] = plain_rows(session.connection(), query)
    assert created == added.created_at and created.tzinfo is UTC
    assert isinstance(created, datetime) and created.microsecond == added.created_at.microsecond
    assert deleted is None and strength is Strength.ONE


def test_bound_values_reach_the_driver_as_execute_would_send_them(event_file: Workshop) -> None:
    """An enum and a list (an expanding IN) in the WHERE clause are bound as SQLAlchemy binds
    them, so the same rows come back."""
    table = event.list_tables(event_file)[0].id
    question = event.list_questions(event_file)[0].id
    kept = points.add_point(event_file, table, question, "Kept", strength=Strength.CONSENSUS)
    points.add_point(event_file, table, question, "Other", strength=Strength.SEVERAL)
    query = select(_POINT.c.text).where(
        _POINT.c.strength == Strength.CONSENSUS, _POINT.c.id.in_([kept.id, "absent"])
    )
    with event_file.session() as session:
        assert plain_rows(session.connection(), query) == [("Kept",)]
