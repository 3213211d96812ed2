"""Fuzzing: random values of every storage class written into any column of a table file.

Whatever a stranger's tool writes, merging the file either refuses it with a reason or merges
it, and the event file stays usable: it passes ``check``, and ``info``, ``export-points`` and
the report still work.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import closing, redirect_stderr, redirect_stdout, suppress
from io import StringIO
from pathlib import Path

import pytest
from hostile_files import make_table_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from facilitator_app.cli import run_cli
from facilitator_app.core import merge, store
from facilitator_app.core.merge import MergeStatus

_COLUMNS = [
    (table.name, column.name)
    for table in SQLModel.metadata.sorted_tables
    if table.name not in ("merge_record",)
    for column in table.columns
]

_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=40),
    st.sampled_from(
        [
            "",
            "ADVANTAGE",
            "CONSENSUS",
            "huge",
            "2026-03-14 10:00:00.000000",
            "2026-02-31 10:00:00",
            "2026-03-14",
            "9999-12-31 23:59:59.999999",
            "x" * 25_000,
        ]
    ),
    st.binary(min_size=1, max_size=8).map(lambda raw: ("invalid utf-8", raw)),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_table_file(tmp_path_factory.mktemp("fuzz"))


def _spoil(path: Path, changes: list[tuple[tuple[str, str], object]]) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        for (table, column), value in changes:
            expression = "?"
            if isinstance(value, tuple):  # text that is not UTF-8
                expression, value = "CAST(? AS TEXT)", value[1]
            # NOT NULL or a duplicate key: SQLite itself says no.
            with suppress(sqlite3.IntegrityError):
                connection.execute(
                    f'UPDATE "{table}" SET "{column}" = {expression} '
                    f'WHERE rowid = (SELECT min(rowid) FROM "{table}")',
                    (value,),
                )


def _cli(*args: str | Path) -> int:
    with redirect_stdout(StringIO()), redirect_stderr(StringIO()):
        return run_cli([str(arg) for arg in args])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(st.tuples(st.sampled_from(_COLUMNS), _VALUES), min_size=1, max_size=3))
def test_random_column_values_never_break_the_merge_or_the_event(
    template: tuple[Path, Path], changes: list[tuple[tuple[str, str], object]]
) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        event_path = folder / "Event.workshop"
        shutil.copyfile(template[0], event_path)
        source = folder / "Table One.workshop"
        shutil.copyfile(template[1], source)
        _spoil(source, changes)
        before = source.read_bytes()

        (result,) = merge.merge_files(event_path, [source]).results

        assert result.status in (MergeStatus.MERGED, MergeStatus.REFUSED)
        if result.status is MergeStatus.REFUSED:
            assert result.message.startswith(source.name)
        assert source.read_bytes() == before
        report = store.check_file(event_path)
        assert report.sound, report.problems
        assert _cli("info", event_path) == 0
        assert _cli("export-points", event_path, "-o", folder / "points.csv") == 0
        assert _cli("export", event_path, "-o", folder / "report.docx") == 0
        # check finds whatever merge refused, and passes what it merged; except a file whose
        # event id was changed: sound on its own, it belongs to another event, which check (one
        # file, no event to compare with) cannot know.
        if "belongs to another event" not in result.message:
            assert store.check_file(source).sound == (result.status is MergeStatus.MERGED)
