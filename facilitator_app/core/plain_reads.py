"""Rows of a Core select fetched by the driver itself, then typed one value at a time.

Reading thousands of points through ``Connection.execute`` costs two to three times the
driver's own fetch: every value passes through SQLAlchemy's result processing, and each
timestamp through two layers of it (SQLite's DATETIME, then SQLModel's ``UTCDateTime``, which
adds the UTC zone). A scribe reopening a table of 25,000 points waits for all of that before
typing. :func:`plain_rows` runs the same select on the same connection (and transaction) with
the driver's cursor, and types only the values that need it: a stored time with one
``datetime.fromisoformat`` call, anything else with SQLAlchemy's own processor for its type.
The values are the ones ``execute`` would give (a test compares the two on every column).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select
from sqlalchemy.types import TypeEngine
from sqlmodel.sql.sqltypes import UTCDateTime

Converter = Callable[[Any], Any]


def plain_rows(connection: Connection, query: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as tuples of typed values, as ``connection.execute`` would type
    them, fetched by the driver in the connection's own transaction."""
    result = connection.execute(query)
    try:
        # SQLAlchemy compiled and bound the select; the rows are taken from its cursor as the
        # driver gives them, which skips SQLAlchemy's processing of every value.
        rows: list[tuple[Any, ...]] = list(result.cursor.fetchall())
    finally:
        result.close()
    converters = [_converter(column.type, connection) for column in query.selected_columns]
    if not rows or not any(converters):
        return rows
    # Column by column, each in one comprehension: no call per value but the conversion itself.
    columns = [
        column if converter is None else _converted(column, converter)
        for column, converter in zip(zip(*rows, strict=True), converters, strict=True)
    ]
    return list(zip(*columns, strict=True))


def _converted(column: tuple[Any, ...], converter: Converter) -> list[Any]:
    """The column's values converted, NULL left as None (as SQLAlchemy's processors do)."""
    if converter is _utc_time:  # the usual one, written out: most of a point's typing
        parse = datetime.fromisoformat
        return [None if value is None else parse(value + "+00:00") for value in column]
    return [None if value is None else converter(value) for value in column]


def _converter(kind: TypeEngine[Any], connection: Connection) -> Converter | None:
    """How a stored value of ``kind`` becomes what ``execute`` returns (None: as stored)."""
    if isinstance(kind, UTCDateTime):
        return _utc_time
    dialect = connection.dialect
    return kind.dialect_impl(dialect).result_processor(dialect, None)


def _utc_time(stored: str) -> datetime:
    """SQLite keeps the time as UTC text without its zone; UTCDateTime gives it back aware.
    (Parsing the zone with the text is several times quicker than ``replace(tzinfo=UTC)``.)"""
    return datetime.fromisoformat(stored + "+00:00")
