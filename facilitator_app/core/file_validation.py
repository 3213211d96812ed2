"""Checking that a workshop file holds nothing this version cannot use, before anyone relies on it.

Table files arrive from USB sticks and e-mail: they are untrusted input. A file is accepted only if
its whole ``sqlite_schema`` is ours (no trigger, view or weakened table of a stranger's making) and
every row holds values the app can show, merge and report on: the enum values we write, no NULL
where one is required, the storage class each column expects (``typeof()``), text that is valid
UTF-8 and within the point length limit, times and dates that parse, ids that refer to rows that
exist. ``open_workshop``, ``check_file`` and the merge all use :func:`find_problems`, so ``check``
finds everything a merge would refuse and nothing refused ever reaches the event file.

Each query is bounded: the schema is compared before any row is read (so no view or trigger of a
stranger's runs), and every row query stops at the first few problems.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache

from sqlalchemy import Boolean, Column, Enum, Integer, String, Table, create_engine
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import SQLModel

from facilitator_app.core import model
from facilitator_app.core.model import MAX_POINT_LENGTH

#: Longest text accepted in any other column (titles, names, context, report sections).
MAX_TEXT_LENGTH = 200_000
#: Longest id accepted (ours are 36-character UUIDs).
MAX_ID_LENGTH = 64
#: Integers (positions, revisions, counts) stay well inside SQLite's 64-bit range, so the merge's
#: arithmetic never overflows into a floating-point value.
MAX_INTEGER = 2**31
#: How many problems a check reports before it stops looking.
PROBLEM_LIMIT = 10

#: Texts whose limit is a point's, not the general one.
_POINT_TEXTS = {("point", "text"), ("merge_conflict", "their_text"), ("draft", "text")}
_POINT_TEXTS |= {("point_merge_base", "text")}

# SQLAlchemy stores datetimes as "YYYY-MM-DD HH:MM:SS" with an optional ".ffffff" and reads
# them back with datetime.fromisoformat; SQLite's own date() lets 31 February through.
_STORED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?")
_STORED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The same, in SQL (no call into Python per value): text of 19 characters, or of 26 ending in
# "." and six digits. A round trip through julianday() gives the canonical form of a real day and
# time ("YYYY-MM-DD HH:MM:SS"; 31 February rolls over to March, 24:00:00 to the next day, :60
# gives NULL), so the first 19 characters hold one when they come back unchanged. A fraction may
# round up to the next second on the way: the 19 characters alone are then tried. Python's
# datetime has no year 0. The length is the bytes': SQLite's length() and GLOB stop at a NUL.
_TIME_OK = (
    "(typeof({c}) = 'text' AND substr({c}, 1, 4) != '0000'"
    " AND (length(CAST({c} AS BLOB)) = 19"
    " OR length(CAST({c} AS BLOB)) = 26 AND {c} GLOB '*.[0-9][0-9][0-9][0-9][0-9][0-9]')"
    " AND (datetime(julianday({c})) IS substr({c}, 1, 19)"
    " OR datetime(julianday(substr({c}, 1, 19))) IS substr({c}, 1, 19)))"
)
_WHITESPACE = re.compile(r"\s+")


def _valid_utf8(*values: bytes | None) -> int:
    """SQL function: 1 when every text given decodes as UTF-8 (SQLite stores text unchecked).
    A row's texts go in one call, as they are: joining them in SQL first cost more than the call."""
    try:
        for value in values:
            if value is not None:
                value.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return 1


def _valid_time(value: object) -> int:
    """SQL function: 1 when the value is a time as this app stores it (and Python reads it)."""
    return int(isinstance(value, str) and _parses(value, _STORED_TIME, datetime.fromisoformat))


def _valid_date(value: object) -> int:
    """SQL function: 1 when the value is an ISO date (YYYY-MM-DD) that exists."""
    return int(isinstance(value, str) and _parses(value, _STORED_DATE, date.fromisoformat))


def _parses(value: str, pattern: re.Pattern[str], parse: Callable[[str], object]) -> bool:
    if not pattern.fullmatch(value):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_rules(table: str, column: Column[object]) -> list[tuple[str, str]]:
    """(SQL condition that is true for a bad value, what is wrong) for one of our columns."""
    return [(condition, f"'{reason}'") for condition, reason in _plain_rules(table, column)]


def _utf8_rule(table: Table) -> tuple[str, str]:
    """One check of all the row's text at once (one call per row); then which column it is."""
    texts = [_quoted(column.name) for column in table.columns if _is_text(column)]
    blobs = ", ".join(f"CAST({c} AS BLOB)" for c in texts)
    which = " ".join(
        f"WHEN NOT wf_valid_utf8(CAST({c} AS BLOB)) THEN '{c.strip(chr(34))} is not UTF-8'"
        for c in texts
    )
    return f"NOT wf_valid_utf8({blobs})", f"CASE {which} END"


def _is_text(column: Column[object]) -> bool:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, String)


def _plain_rules(table: str, column: Column[object]) -> list[tuple[str, str]]:
    c = _quoted(column.name)
    rules: list[tuple[str, str]] = []
    if not column.nullable:
        rules.append((f"{c} IS NULL", f"{column.name} is missing"))
    not_null = f"{c} IS NOT NULL AND "
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, Boolean):
        rules.append((not_null + f"{c} NOT IN (0, 1)", f"{column.name} is not true or false"))
    elif isinstance(kind, Integer):
        rules.append(
            (
                not_null + f"(typeof({c}) != 'integer' OR abs({c}) > {MAX_INTEGER})",
                f"{column.name} is not a whole number in range",
            )
        )
    elif isinstance(kind, DateTime):
        rules.append((not_null + f"NOT {_TIME_OK.format(c=c)}", f"{column.name} is not a time"))
    elif isinstance(kind, String):
        rules.append((not_null + f"typeof({c}) != 'text'", f"{column.name} is not text"))
        is_id = column.primary_key or column.foreign_keys or column.name.endswith("_id")
        limit = (
            MAX_ID_LENGTH
            if is_id and not isinstance(kind, Enum)
            else MAX_POINT_LENGTH
            if (table, column.name) in _POINT_TEXTS
            else MAX_TEXT_LENGTH
        )
        rules.append(
            (
                # length() counts characters up to a NUL; the bytes bound what follows one
                not_null + f"(length({c}) > {limit} OR length(CAST({c} AS BLOB)) > {4 * limit})",
                f"{column.name} is longer than {limit:,}",
            )
        )
        if isinstance(kind, Enum):
            allowed = ", ".join(f"'{value}'" for value in kind.enums)
            shown = ", ".join(value.lower() for value in kind.enums)
            rules.append(
                (not_null + f"{c} NOT IN ({allowed})", f"{column.name} is not one of {shown}")
            )
    return rules


@cache
def _row_queries() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Per table: a query giving (primary key, what is wrong) for its first bad rows."""
    queries = []
    for table in SQLModel.metadata.sorted_tables:
        rules = [rule for column in table.columns for rule in _column_rules(table.name, column)]
        if table.name == "event":
            rules.append(("date != '' AND NOT wf_valid_date(date)", "'date is not a date'"))
        rules.append(_utf8_rule(table))
        cases = " ".join(f"WHEN {condition} THEN {reason}" for condition, reason in rules)
        keys = [column.name for column in table.primary_key.columns]
        key_sql = " || ' ' || ".join(
            f"CASE WHEN wf_valid_utf8(CAST({_quoted(k)} AS BLOB)) "
            f"THEN substr({_quoted(k)}, 1, 8) ELSE '?' END"
            for k in keys
        )
        # The key is worked out only for the rows found wanting (the outer WHERE runs first).
        sql = (
            f"SELECT {key_sql}, problem FROM (SELECT *, CASE {cases} END AS problem "
            f"FROM {{schema}}.{_quoted(table.name)}) WHERE problem IS NOT NULL LIMIT {{limit}}"
        )
        queries.append((table.name, sql, tuple(keys)))
    return tuple(queries)


@cache
def expected_schema() -> dict[tuple[str, str], str]:
    """Our own ``sqlite_schema``: (type, name) -> its SQL, whitespace collapsed."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            # a new database in memory: nothing to look for first (a third of the time)
            SQLModel.metadata.create_all(connection, checkfirst=False)
            rows = connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
    finally:
        engine.dispose()
    return {(row[0], row[1]): _normalised(row[2]) for row in rows}


#: How a file of an older schema version differed from ours, per version: what its tables'
#: definitions looked like before the migrations (store.MIGRATIONS) bring them up to date.
_OLDER: dict[int, dict[tuple[str, str], Callable[[str], str]]] = {
    # 1: a draft kept only its text (no theme or strength yet)
    1: {("table", "draft"): lambda sql: sql.replace(" theme_id VARCHAR, strength VARCHAR(9),", "")},
}


def expected_schema_of(version: int) -> dict[tuple[str, str], str]:
    """The schema a file of ``version`` has: ours, with what changed since undone."""
    expected = dict(expected_schema())
    for older, changes in _OLDER.items():
        if version <= older:
            for key, undo in changes.items():
                expected[key] = undo(expected[key])
    return expected


def _normalised(sql: str | None) -> str:
    return _WHITESPACE.sub(" ", sql or "").strip()


#: Objects of ours a file may lack: indexes and the merge-base trigger were added over time; a
#: file without them is slower or keeps fewer merge bases, but is not wrong.
def _optional(kind: str) -> bool:
    return kind in ("index", "trigger")


def _sqlite_own(kind: str, name: str, sql: object) -> bool:
    """SQLite's own objects: statistics from ANALYZE, the indexes behind primary keys."""
    if kind == "table":
        return name in ("sqlite_stat1", "sqlite_stat4", "sqlite_sequence")
    return kind == "index" and sql is None and name.startswith("sqlite_autoindex_")


def schema_problems(
    connection: sqlite3.Connection,
    schema: str = "main",
    version: int | None = None,
    *,
    exact: bool = True,
) -> list[str]:
    """How a file's ``sqlite_schema`` differs from ours (or from what a file of an older
    ``version`` has, before it is upgraded): extra, missing or altered objects.

    ``exact`` compares each object's SQL with ours, as a file made at that version has it. A
    file just upgraded (its tables altered by a migration, not made afresh) is held to the rest:
    nothing that is not ours, and every column of ours there.
    """
    expected = expected_schema() if version is None else expected_schema_of(version)
    try:
        rows = connection.execute(f"SELECT type, name, sql FROM {schema}.sqlite_master").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"its list of tables cannot be read ({error})"]
    problems: list[str] = []
    present: set[tuple[str, str]] = set()
    for kind, name, sql in rows:
        if str(name).startswith("sqlite_"):
            if not _sqlite_own(str(kind), str(name), sql):
                problems.append(f"it holds a {kind} {name!r} this app never makes")
            continue
        key = (str(kind), str(name))
        present.add(key)
        wanted = expected.get(key)
        if wanted is None and ("table", key[1]) in expected:
            problems.insert(0, f"its {name} table is not a plain table (it is a {kind})")
        elif wanted is None:
            problems.append(f"it holds a {kind} {name!r} this app never makes")
        elif exact and _normalised(sql) != wanted:
            problems.append(f"its {kind} {name!r} is not defined as this app defines it")
        elif not exact and kind == "table":
            problems.extend(_missing_columns(connection, schema, str(name)))
    for key in expected:
        if key not in present and not _optional(key[0]):
            problems.append(f"the {key[1]} {key[0]} is missing")
    return problems[:PROBLEM_LIMIT]


def _missing_columns(connection: sqlite3.Connection, schema: str, table: str) -> list[str]:
    rows = connection.execute(f"PRAGMA {schema}.table_info({_quoted(table)})").fetchall()
    present = {row[1] for row in rows}
    wanted = SQLModel.metadata.tables[table].columns
    missing = [column.name for column in wanted if column.name not in present]
    return [f"the {table} table lacks {', '.join(missing)}"] if missing else []


def row_problems(connection: sqlite3.Connection, schema: str = "main") -> list[str]:
    """Rows holding a value this version cannot use, a dangling reference, or not one event.

    Only call on a file whose schema passed :func:`schema_problems`.
    """
    connection.create_function("wf_valid_utf8", -1, _valid_utf8, deterministic=True)
    connection.create_function("wf_valid_time", 1, _valid_time, deterministic=True)
    connection.create_function("wf_valid_date", 1, _valid_date, deterministic=True)
    problems: list[str] = []
    for table, sql, _keys in _row_queries():
        left = PROBLEM_LIMIT - len(problems)
        if left <= 0:
            break
        for row_key, problem in connection.execute(sql.format(schema=schema, limit=left)):
            problems.append(f"{_label(table)} {row_key}: {problem}")
    if len(problems) < PROBLEM_LIMIT:
        problems.extend(_reference_problems(connection, schema, PROBLEM_LIMIT - len(problems)))
    events = connection.execute(f"SELECT count(*) FROM {schema}.event").fetchone()[0]
    if events != 1:
        problems.append(f"it should describe one event, not {events}")
    return problems


def _reference_problems(connection: sqlite3.Connection, schema: str, limit: int) -> list[str]:
    rows = connection.execute(f"PRAGMA {schema}.foreign_key_check").fetchmany(limit)
    return [f"a {_label(row[0])} row refers to a missing {_label(row[2])}" for row in rows]


def _label(table: str) -> str:
    return {"workshop_table": "table", "point_link": "link"}.get(table, table.replace("_", " "))


def find_problems(connection: sqlite3.Connection, schema: str = "main") -> list[str]:
    """Everything that makes a file unusable or unsafe; empty when it is fine."""
    problems = schema_problems(connection, schema)
    if problems:
        return problems
    return row_problems(connection, schema)


def describe(problems: Iterable[str]) -> str:
    """The first problem, and how many more there are, for a one-line error."""
    listed = list(problems)
    more = len(listed) - 1
    if more <= 0:
        return listed[0]
    return f"{listed[0]} (and {more} more problem{'s' if more > 1 else ''})"


__all__ = [
    "MAX_TEXT_LENGTH",
    "describe",
    "expected_schema",
    "find_problems",
    "row_problems",
    "schema_problems",
]

_ = model  # the tables must be registered on the metadata before expected_schema() runs
