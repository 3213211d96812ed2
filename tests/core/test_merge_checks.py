"""Bad files handed in for a merge are refused with the file named and a plain reason."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from facilitator_app.core import event, file_validation, merge, points, store
from facilitator_app.core.merge import MergeStatus
from facilitator_app.core.merge.checks import expand_sources


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An event file and a table file with enough points to span several database pages."""
    folder = tmp_path_factory.mktemp("template")
    event_path = folder / "Event.workshop"
    with event.create_event_file(event_path, event.EventSpec.with_numbered_tables("Care", 2)):
        pass
    table_path = folder / "Table One.workshop"
    with store.open_workshop(event_path) as workshop:
        store.copy_workshop(workshop, table_path)
    with store.open_workshop(table_path) as workshop:
        table = event.list_tables(workshop)[0]
        question = event.list_questions(workshop)[0]
        for number in range(60):
            points.add_point(workshop, table.id, question.id, f"Point {number} " + "x" * 200)
    return event_path, table_path


@pytest.fixture
def event_path(template: tuple[Path, Path], tmp_path: Path) -> Path:
    path = tmp_path / "Event.workshop"
    path.write_bytes(template[0].read_bytes())
    return path


@pytest.fixture
def good_file(template: tuple[Path, Path], tmp_path: Path) -> Path:
    path = tmp_path / "Table One.workshop"
    path.write_bytes(template[1].read_bytes())
    return path


def _truncated(good: Path) -> Path:
    bad = good.with_name("truncated.workshop")
    data = good.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    return bad


def _random_bytes(folder: Path) -> Path:
    bad = folder / "random.workshop"
    bad.write_bytes(os.urandom(8192))
    return bad


def _other_database(folder: Path) -> Path:
    bad = folder / "contacts.workshop"
    connection = sqlite3.connect(bad)
    connection.execute("CREATE TABLE contact (name TEXT, phone TEXT)")
    connection.execute("INSERT INTO contact VALUES ('Ann', '0123')")
    connection.commit()
    connection.close()
    return bad


def _newer_version(good: Path) -> Path:
    bad = good.with_name("from the future.workshop")
    bad.write_bytes(good.read_bytes())
    connection = sqlite3.connect(bad)
    connection.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    connection.close()
    return bad


def _csv(folder: Path) -> Path:
    bad = folder / "points spreadsheet.workshop"
    bad.write_text("table,question,point\nTable One,1,Parking\n", encoding="utf-8")
    return bad


def _empty(folder: Path) -> Path:
    bad = folder / "empty.workshop"
    bad.write_bytes(b"")
    return bad


def _corrupt_page(good: Path) -> Path:
    """Same length, but the middle pages overwritten: the integrity check fails."""
    bad = good.with_name("corrupt.workshop")
    data = bytearray(good.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size - 1):
        start = page * page_size
        data[start + 8 : start + 64] = b"\xff" * 56
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda good: _truncated(good), "damaged"),
        (lambda good: _random_bytes(good.parent), "is not a workshop file (it is not a database"),
        (lambda good: _other_database(good.parent), "database made by another program"),
        (lambda good: _newer_version(good), "newer version"),
        (lambda good: _csv(good.parent), "is not a workshop file (it is not a database file)"),
        (lambda good: _empty(good.parent), "is not a workshop file (it is empty)"),
        (lambda good: _corrupt_page(good), "damaged"),
    ],
    ids=["truncated", "random", "other-sqlite", "newer", "csv", "empty", "corrupt"],
)
def test_bad_file_is_refused_and_the_good_one_still_merges(
    event_path: Path, good_file: Path, make, reason: str
) -> None:
    bad = make(good_file)
    bad_digest = hashlib.sha256(bad.read_bytes()).hexdigest()

    summary = merge.merge_files(event_path, [bad, good_file])

    refused, merged = summary.results
    assert refused.status is MergeStatus.REFUSED
    assert refused.message.startswith(bad.name)
    assert reason in refused.message
    assert merged.status is MergeStatus.MERGED
    assert merged.new == 60
    assert summary.any_refused
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == bad_digest


def test_a_missing_file_is_refused(event_path: Path) -> None:
    summary = merge.merge_files(event_path, [event_path.with_name("gone.workshop")])

    (result,) = summary.results
    assert result.status is MergeStatus.REFUSED
    assert "gone.workshop: no such file" in result.message


def test_a_view_posing_as_the_point_table_is_refused(event_path: Path, good_file: Path) -> None:
    crafted = good_file.with_name("crafted.workshop")
    crafted.write_bytes(good_file.read_bytes())
    connection = sqlite3.connect(crafted)
    connection.execute("ALTER TABLE point_link RENAME TO point_link_real")
    connection.execute("CREATE VIEW point_link AS SELECT * FROM point_link_real")
    connection.commit()
    connection.close()

    (result,) = merge.merge_files(event_path, [crafted]).results

    assert result.status is MergeStatus.REFUSED
    assert "not a plain table" in result.message


def test_expand_sources_searches_folders_and_skips_hidden_and_excluded(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.workshop").write_bytes(b"")
    (tmp_path / "a" / ".half-written.workshop").write_bytes(b"")
    (tmp_path / "a" / "notes.txt").write_bytes(b"")
    (tmp_path / "Event.workshop").write_bytes(b"")
    (tmp_path / "Event.workshop.bak-20260101-000000").write_bytes(b"")
    explicit = tmp_path / "elsewhere.workshop"

    found = expand_sources([tmp_path, explicit], exclude=[tmp_path / "Event.workshop"])

    assert found == [tmp_path / "a" / "one.workshop", explicit]


def _leave_unfinished_change(path: Path) -> None:
    """A write cut off midway (a laptop switched off while saving): a hot journal beside it."""
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE point SET text = 'half-saved ' || hex(randomblob(3000))\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


def test_a_file_with_an_unfinished_change_is_merged_as_last_saved(
    event_path: Path, good_file: Path
) -> None:
    _leave_unfinished_change(good_file)
    journal = good_file.with_name(good_file.name + "-journal")
    assert journal.stat().st_size > 0
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (good_file, journal)}

    (result,) = merge.merge_files(event_path, [good_file]).results

    assert result.status is MergeStatus.MERGED
    assert result.new == 60
    (note,) = result.warnings
    assert "unfinished change (Table One.workshop-journal beside it)" in note
    with store.open_workshop(event_path, read_only=True) as workshop:
        texts = [p.text for p in points.list_points(workshop)]
    assert not any(text.startswith("half-saved") for text in texts)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in digests} == digests


def test_a_new_event_file_never_carries_a_strangers_schema(
    good_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if a trigger slipped past the checks, the new event file is built from our schema."""
    crafted = good_file.with_name("crafted.workshop")
    crafted.write_bytes(good_file.read_bytes())
    with closing(sqlite3.connect(crafted)) as connection:
        connection.execute("CREATE TRIGGER wipe AFTER INSERT ON point BEGIN DELETE FROM point; END")
        connection.commit()
    monkeypatch.setattr(file_validation, "schema_problems", lambda *args, **kwargs: [])
    new_event = tmp_path / "New event.workshop"

    (result,) = merge.merge_files(new_event, [crafted]).results

    assert result.status is MergeStatus.MERGED
    assert result.new == 60
    with closing(sqlite3.connect(new_event)) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "wipe" not in names
        assert connection.execute("SELECT count(*) FROM point").fetchone() == (60,)
    monkeypatch.undo()
    assert store.check_file(new_event).sound


def test_files_the_merge_writes_follow_the_umask(event_path: Path, good_file: Path) -> None:
    """Event files made by merge and backups are documents like any other (not 0600)."""
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    old = os.umask(0o022)
    try:
        new_event = event_path.with_name("New event.workshop")
        merge.merge_files(new_event, [good_file])
        summary = merge.merge_files(event_path, [good_file])
    finally:
        os.umask(old)
    assert summary.backup_path is not None
    for path in (new_event, summary.backup_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name


def test_a_file_moving_another_tables_points_is_refused(event_path: Path, good_file: Path) -> None:
    """A crafted file reuses a merged point's UUID under another table with a higher revision."""
    merge.merge_files(event_path, [good_file])
    crafted = good_file.with_name("Table Two.workshop")
    crafted.write_bytes(good_file.read_bytes())
    with closing(sqlite3.connect(crafted)) as connection:
        connection.execute(
            "UPDATE point SET table_id = (SELECT id FROM workshop_table ORDER BY position "
            "LIMIT 1 OFFSET 1), text = 'rewritten', revision = revision + 5"
        )
        connection.commit()

    (result,) = merge.merge_files(event_path, [crafted]).results

    assert result.status is MergeStatus.REFUSED
    assert "would move 60 points of the event to another table" in result.message
    with store.open_workshop(event_path, read_only=True) as workshop:
        tables = event.list_tables(workshop)
        assert points.count_points(workshop).by_table == {tables[0].id: 60}
        assert "rewritten" not in {p.text for p in points.list_points(workshop)}


def test_a_wal_mode_file_is_merged_with_its_wal_and_nothing_appears_beside_it(
    event_path: Path, good_file: Path
) -> None:
    """Changes living only in the -wal count, for the merge and for "already merged"."""
    from hostile_files import wal_copy

    merge.merge_files(event_path, [good_file])
    wal_file = wal_copy(good_file)
    beside = sorted(p.name for p in wal_file.parent.iterdir() if p.name.startswith("wal mode"))
    digests = {
        name: hashlib.sha256((wal_file.parent / name).read_bytes()).hexdigest() for name in beside
    }

    (result,) = merge.merge_files(event_path, [wal_file]).results

    assert result.status is MergeStatus.MERGED, result.message
    assert result.updated == 60
    with store.open_workshop(event_path, read_only=True) as workshop:
        assert all(p.text.endswith(" (WAL)") for p in points.list_points(workshop))
    assert sorted(p.name for p in wal_file.parent.iterdir() if p.name.startswith("wal")) == beside
    assert {
        name: hashlib.sha256((wal_file.parent / name).read_bytes()).hexdigest() for name in beside
    } == digests
