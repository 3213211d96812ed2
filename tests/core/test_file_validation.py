"""The check of every row of a file: which times and texts pass, and how the bad rows are named.

A file's times must be exactly what SQLAlchemy writes and reads back ("YYYY-MM-DD HH:MM:SS" and
an optional six-digit fraction, of a real day and time), and its text must be UTF-8. Each case
here is a file spoiled in one way, checked as the app checks a file it opens.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator_app.core import event, points
from facilitator_app.core.file_validation import _TIME_OK, PROBLEM_LIMIT, row_problems

POINT_ID = "a1b2c3d4-0000-4000-8000-000000000000"
KEY = POINT_ID[:8]


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An event with one point, whose id is known."""
    path = tmp_path_factory.mktemp("sound") / "Event.workshop"
    with event.create_event_file(path, event.EventSpec.with_numbered_tables("Care", 2)) as shop:
        table = event.list_tables(shop)[0]
        question = event.list_questions(shop)[0]
        added = points.add_point(shop, table.id, question.id, "Parking is short")
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("UPDATE point SET id = ? WHERE id = ?", (POINT_ID, added.id))
    return path


def problems_of(sound_file: Path, folder: Path, *statements: str, **values: object) -> list[str]:
    """The row problems of a copy of the sound file, spoiled by ``statements``."""
    copy = folder / "Spoiled.workshop"
    shutil.copyfile(sound_file, copy)
    with closing(sqlite3.connect(copy, isolation_level=None)) as connection:
        for statement in statements:
            connection.execute(statement, values)
        return row_problems(connection)


#: The form SQLAlchemy writes a time in (ASCII digits only).
STORED_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?")


def python_reads_time(value: str) -> bool:
    """What the app can read back: SQLAlchemy's form, parsed by ``datetime.fromisoformat``."""
    if not STORED_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:  # a day or time that does not exist, or year 0
        return False
    return True


READABLE_TIMES = [
    "2026-03-14 10:00:00",
    "2026-03-14 10:00:00.000000",
    "2024-02-29 23:59:59",  # a leap day
    "2000-02-29 12:00:00.500000",
    "2026-12-31 23:59:59.999999",  # a fraction that could round up to the next second
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59.999999",
]
UNREADABLE_TIMES = [
    "2026-02-31 10:00:00",  # no 31 February
    "2023-02-29 10:00:00",  # nor a 29th in a common year
    "1900-02-29 10:00:00",
    "2026-04-31 10:00:00",
    "2026-13-01 10:00:00",
    "2026-00-10 10:00:00",
    "2026-03-14 24:00:00",  # SQLite rolls it over to the next day; Python refuses it
    "2026-03-14 10:60:00",
    "2026-03-14 10:00:60",
    "2026-03-14T10:00:00",  # the ISO separator SQLAlchemy never writes
    "2026-03-14T10:00:00.000000",
    "2026-03-14 10:00:00.12345",  # five digits of fraction
    "2026-03-14 10:00:00.1234567",
    "2026-03-14 10:00:00.",
    "2026-03-14 10:00:00x",  # trailing junk
    "2026-03-14 10:00:00.12345Z",
    "2026-03-14 10:00:00.1234 ",
    "2026-03-14 10:00:00.12 456",
    "2026-03-14 10:00:00+00:00",
    "2026-03-14 10:00:00.1234é",
    "0000-01-01 00:00:00",  # Python's datetime has no year 0
    "0000-12-31 23:59:59.000000",
    "2026-03-14 10:00",
    "2026-3-14 10:00:00  ",
    "yesterday",
    "",
    "2024-02-29 23:59:59\x00junk",  # SQLite's length() and GLOB stop at a NUL; the bytes do not
    "2024-02-29 23:59:59\x00",
    "2024-02-29 23:59:5\x00.123456",
]


@pytest.mark.parametrize("value", READABLE_TIMES)
def test_times_the_app_can_read_back_pass(sound_file: Path, tmp_path: Path, value: str) -> None:
    assert python_reads_time(value)
    spoiled = "UPDATE point SET created_at = :v, updated_at = :v, deleted_at = :v"
    assert problems_of(sound_file, tmp_path, spoiled, v=value) == []


@pytest.mark.parametrize("value", UNREADABLE_TIMES)
def test_times_the_app_cannot_read_are_refused(
    sound_file: Path, tmp_path: Path, value: str
) -> None:
    assert not python_reads_time(value)
    found = problems_of(sound_file, tmp_path, "UPDATE point SET updated_at = :v", v=value)
    assert found == [f"point {KEY}: updated_at is not a time"]


@pytest.mark.parametrize(
    "value",
    [b"2026-03-14 10:00:00", 20260314100000, 2461113.9166667, b"2026-03-14 10:00:00.000000"],
    ids=["blob", "integer", "real (a julian day)", "blob with a fraction"],
)
def test_a_time_that_is_not_text_is_refused(
    sound_file: Path, tmp_path: Path, value: object
) -> None:
    found = problems_of(sound_file, tmp_path, "UPDATE point SET deleted_at = :v", v=value)
    assert found == [f"point {KEY}: deleted_at is not a time"]


#: Near misses of stored times: each made from a sound one by a few edits.
_TIME_CHARACTERS = "0123456789-: .T+Zé\n/"


@st.composite
def near_times(draw: st.DrawFn) -> str:
    text = list(draw(st.sampled_from([*READABLE_TIMES, "2026-02-28 23:59:59.999999"])))
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(text)))
        character = draw(st.sampled_from(_TIME_CHARACTERS))
        edit = draw(st.sampled_from(["replace", "insert", "delete"]))
        if edit == "insert" or where == len(text):
            text.insert(where, character)
        elif edit == "replace":
            text[where] = character
        else:
            del text[where]
    return "".join(text)


@pytest.fixture(scope="module")
def time_column() -> Iterator[sqlite3.Connection]:
    """A column declared as ours are (DATETIME: numeric affinity, which changes comparisons)."""
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.execute("CREATE TABLE stored (value DATETIME)")
        yield connection


@settings(max_examples=400, deadline=None)
@given(value=near_times())
def test_a_time_passes_exactly_when_the_app_can_read_it(
    time_column: sqlite3.Connection, value: str
) -> None:
    time_column.execute("DELETE FROM stored")
    time_column.execute("INSERT INTO stored VALUES (?)", (value,))
    rule = _TIME_OK.format(c="value")
    (passes,) = time_column.execute(f"SELECT {rule} FROM stored").fetchone()
    assert bool(passes) == python_reads_time(value), value


@pytest.mark.parametrize("column", ["text", "source_file"])
def test_text_that_is_not_utf8_is_named_with_its_column(
    sound_file: Path, tmp_path: Path, column: str
) -> None:
    spoiled = f"UPDATE point SET {column} = CAST(x'4F4BC328' AS TEXT)"
    assert problems_of(sound_file, tmp_path, spoiled) == [f"point {KEY}: {column} is not UTF-8"]


def test_a_character_split_across_two_columns_is_refused(sound_file: Path, tmp_path: Path) -> None:
    """Each half is broken, though together they would spell "é"."""
    spoiled = "UPDATE point SET text = CAST(x'4FC3' AS TEXT), source_file = CAST(x'A9' AS TEXT)"
    assert problems_of(sound_file, tmp_path, spoiled) == [f"point {KEY}: text is not UTF-8"]


def test_a_bad_byte_after_a_nul_is_refused(sound_file: Path, tmp_path: Path) -> None:
    spoiled = "UPDATE point SET text = CAST(x'4F4B00FF' AS TEXT)"
    assert problems_of(sound_file, tmp_path, spoiled) == [f"point {KEY}: text is not UTF-8"]


def test_a_key_that_is_not_utf8_is_shown_as_a_question_mark(
    sound_file: Path, tmp_path: Path
) -> None:
    spoiled = "UPDATE point SET id = CAST(x'FF41' AS TEXT)"
    assert problems_of(sound_file, tmp_path, spoiled) == ["point ?: id is not UTF-8"]


def test_an_earlier_rule_is_listed_before_utf8(sound_file: Path, tmp_path: Path) -> None:
    spoiled = "UPDATE point SET text = CAST(x'FF' AS TEXT), revision = 'many'"
    found = problems_of(sound_file, tmp_path, spoiled)
    assert found == [f"point {KEY}: revision is not a whole number in range"]


#: Sound copies of the point, with ids "00000001" onwards (rowids following the first point's).
_COPIES = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
    "INSERT INTO point SELECT printf('%08d', i), table_id, question_id, theme_id, "
    "text || ' ' || i, position + i, strength, created_at, updated_at, deleted_at, revision, "
    "source_file FROM n, point WHERE point.id = '" + POINT_ID + "'"
)


def test_bad_rows_deep_in_a_big_table_are_named_in_order(sound_file: Path, tmp_path: Path) -> None:
    """Far into the table, each bad row is named with its key, in the order of the table."""
    bad = [1023, 1024, 4096, 4097, 9000]
    spoil = [
        f"UPDATE point SET text = CAST(x'C328' AS TEXT) WHERE id = printf('%08d', {n})" for n in bad
    ]
    found = problems_of(sound_file, tmp_path, _COPIES.format(count=9000), *spoil)
    assert found == [f"point {n:08d}: text is not UTF-8" for n in bad]


def test_no_more_than_the_limit_of_bad_rows_is_listed(sound_file: Path, tmp_path: Path) -> None:
    spoiled = "UPDATE point SET source_file = CAST(x'E282' AS TEXT) WHERE id != '" + POINT_ID + "'"
    found = problems_of(sound_file, tmp_path, _COPIES.format(count=PROBLEM_LIMIT + 5), spoiled)
    expected = [f"point {n:08d}: source_file is not UTF-8" for n in range(1, PROBLEM_LIMIT + 1)]
    assert found == expected


def test_a_big_sound_table_passes(sound_file: Path, tmp_path: Path) -> None:
    assert problems_of(sound_file, tmp_path, _COPIES.format(count=5000)) == []


def test_a_text_too_long_behind_a_nul_is_refused(sound_file: Path, tmp_path: Path) -> None:
    """SQLite's length() stops at a NUL, which would let any amount of text through."""
    spoiled = "UPDATE point SET text = :v"
    hidden = "Parking\x00" + "x" * 100_000
    assert problems_of(sound_file, tmp_path, spoiled, v=hidden) == [
        f"point {POINT_ID[:8]}: text is longer than 20,000"
    ]
    assert problems_of(sound_file, tmp_path, spoiled, v="Parking\x00is short") == []
