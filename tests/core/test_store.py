"""The workshop file: what it says it is, durability settings, defensive opening, upgrades."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from facilitator_app.core import event, points, recovery, store
from facilitator_app.core.errors import (
    DamagedFileError,
    FileExistsAlreadyError,
    FileInUseError,
    FileMissingError,
    NewerVersionError,
    NotAWorkshopFileError,
    ReadOnlyError,
)
from facilitator_app.core.store import APPLICATION_ID, SCHEMA_VERSION, Workshop


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_sample_point(workshop: Workshop) -> None:
    table = event.list_tables(workshop)[0]
    question = event.list_questions(workshop)[0]
    points.add_point(workshop, table.id, question.id, "Care closer to home")


def test_file_declares_application_id_and_schema_version(event_file: Workshop) -> None:
    connection = sqlite3.connect(event_file.path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()


def test_connections_are_durable_and_enforce_foreign_keys(event_file: Workshop) -> None:
    connection = event_file.raw_connection()
    try:
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert connection.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    finally:
        connection.close()


def test_main_file_alone_holds_committed_points(event_file: Workshop, tmp_path: Path) -> None:
    _add_sample_point(event_file)
    # No side file exists after a commit: copying the main file alone is enough.
    siblings = sorted(p.name for p in tmp_path.iterdir())
    assert siblings == ["event.workshop"]
    copy = tmp_path / "copy" / "event.workshop"
    copy.parent.mkdir()
    copy.write_bytes(event_file.path.read_bytes())
    with store.open_workshop(copy, read_only=True) as reopened:
        assert [p.text for p in points.list_points(reopened)] == ["Care closer to home"]


def test_create_refuses_to_overwrite(event_file: Workshop) -> None:
    with pytest.raises(FileExistsAlreadyError, match="already exists"):
        event.create_event_file(event_file.path, event.EventSpec(title="Other"))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match=r"nowhere\.workshop"):
        store.open_workshop(tmp_path / "nowhere.workshop")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"question,theme,text\n1,Access,Better access\n", "not a database file"),
        (b"PK\x03\x04" + bytes(200), "not a database file"),
    ],
)
def test_non_database_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "points.workshop"
    path.write_bytes(content)
    with pytest.raises(NotAWorkshopFileError, match=reason):
        store.open_workshop(path, read_only=True)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "contacts.workshop"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contact (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(NotAWorkshopFileError, match="another program"):
        store.open_workshop(path, read_only=True)


def test_truncated_file_is_damaged_and_untouched(event_file: Workshop, tmp_path: Path) -> None:
    _add_sample_point(event_file)
    data = event_file.path.read_bytes()
    cut = tmp_path / "cut.workshop"
    cut.write_bytes(data[: len(data) // 2])
    before = _digest(cut)
    with pytest.raises(DamagedFileError, match="cut short"):
        store.open_workshop(cut, read_only=True)
    assert _digest(cut) == before


def test_corrupted_pages_are_damaged(event_file: Workshop, tmp_path: Path) -> None:
    for _ in range(20):
        _add_sample_point(event_file)
    data = bytearray(event_file.path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over every page after the first, keeping the header intact.
    for offset in range(page_size, len(data), 7):
        data[offset] = 0xA5
    bad = tmp_path / "scribbled.workshop"
    bad.write_bytes(bytes(data))
    with pytest.raises(DamagedFileError):
        store.open_workshop(bad, read_only=True)


def test_newer_version_is_refused_with_versions_named(event_file: Workshop) -> None:
    event_file.close()
    connection = sqlite3.connect(event_file.path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    with pytest.raises(NewerVersionError, match="newer version") as raised:
        store.open_workshop(event_file.path)
    assert raised.value.file_version == SCHEMA_VERSION + 1


def test_missing_table_is_reported_as_damage(event_file: Workshop) -> None:
    event_file.close()
    connection = sqlite3.connect(event_file.path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DROP TABLE point_link")
    connection.commit()
    connection.close()
    with pytest.raises(DamagedFileError, match="point_link"):
        store.open_workshop(event_file.path, read_only=True)


def test_read_only_opening_never_writes(event_file: Workshop) -> None:
    _add_sample_point(event_file)
    event_file.close()
    before = _digest(event_file.path)
    with store.open_workshop(event_file.path, read_only=True) as readonly:
        assert len(points.list_points(readonly)) == 1
        table = event.list_tables(readonly)[0]
        question = event.list_questions(readonly)[0]
        with pytest.raises(ReadOnlyError):
            points.add_point(readonly, table.id, question.id, "Should not be written")
    assert _digest(event_file.path) == before


def _pretend_older(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the file one version older than a pretend current version with one migration."""

    def add_column(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE event ADD COLUMN organiser TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store.MIGRATIONS, SCHEMA_VERSION, add_column)


def test_older_file_is_upgraded_in_place(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_sample_point(event_file)
    event_file.close()
    _pretend_older(event_file.path, monkeypatch)
    with store.open_workshop(event_file.path) as upgraded:
        assert len(points.list_points(upgraded)) == 1
    connection = sqlite3.connect(event_file.path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        columns = {row[1] for row in connection.execute("PRAGMA table_info(event)")}
        assert "organiser" in columns
    finally:
        connection.close()


def test_older_file_opened_read_only_is_upgraded_in_a_copy(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_sample_point(event_file)
    event_file.close()
    before = _digest(event_file.path)
    _pretend_older(event_file.path, monkeypatch)
    with store.open_workshop(event_file.path, read_only=True) as readonly:
        assert [p.text for p in points.list_points(readonly)] == ["Care closer to home"]
    assert _digest(event_file.path) == before


def test_failed_migration_leaves_the_file_as_it_was(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    event_file.close()
    before = _digest(event_file.path)

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE event ADD COLUMN half_done TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(store, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store.MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises(RuntimeError):
        store.open_workshop(event_file.path)
    assert _digest(event_file.path) == before


def test_check_file_reports_sound_and_damaged(event_file: Workshop, tmp_path: Path) -> None:
    _add_sample_point(event_file)
    assert store.check_file(event_file.path).sound
    broken = tmp_path / "broken.workshop"
    broken.write_bytes(b"SQLite format 3\x00" + bytes(20))
    report = store.check_file(broken)
    assert not report.sound
    assert "broken.workshop" in report.problems[0]


def test_copy_workshop_is_complete_and_standalone(event_file: Workshop, tmp_path: Path) -> None:
    _add_sample_point(event_file)
    destination = tmp_path / "usb" / "Table One.workshop"
    store.copy_workshop(event_file, destination)
    assert sorted(p.name for p in destination.parent.iterdir()) == ["Table One.workshop"]
    with store.open_workshop(destination, read_only=True) as copy:
        assert [p.text for p in points.list_points(copy)] == ["Care closer to home"]
        assert event.get_event(copy).id == event.get_event(event_file).id


def test_writing_while_another_program_holds_the_lock_says_in_use(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.05)
    table = event.list_tables(event_file)[0]
    question = event.list_questions(event_file)[0]
    event_file.engine.dispose()  # new connections pick up the short timeout
    blocker = sqlite3.connect(event_file.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(FileInUseError, match="in use"):
            points.add_point(event_file, table.id, question.id, "Blocked point")
    finally:
        blocker.rollback()
        blocker.close()
    points.add_point(event_file, table.id, question.id, "Point after the lock")
    assert [p.text for p in points.list_points(event_file)] == ["Point after the lock"]


def test_a_file_of_schema_1_gets_drafts_that_keep_theme_and_strength(
    event_file: Workshop,
) -> None:
    """Files written before drafts kept their theme and strength open, keep their drafts,
    and can then store a draft's theme."""
    table = event.list_tables(event_file)[0]
    question = event.list_questions(event_file)[0]
    theme = event.list_themes(event_file)[0]
    points.save_draft(event_file, table.id, question.id, "half typed")
    event_file.close()
    connection = sqlite3.connect(event_file.path)
    try:
        connection.execute("ALTER TABLE draft DROP COLUMN theme_id")
        connection.execute("ALTER TABLE draft DROP COLUMN strength")
        connection.execute("PRAGMA user_version = 1")
        connection.commit()
    finally:
        connection.close()
    with store.open_workshop(event_file.path) as upgraded:
        assert points.load_drafts(upgraded, table.id) == {question.id: "half typed"}
        points.save_draft(upgraded, table.id, question.id, "half typed", theme_id=theme.id)
        details = points.load_draft_details(upgraded, table.id)
        assert details[question.id].theme_id == theme.id
    assert store.check_file(event_file.path).schema_version == SCHEMA_VERSION == 2


def test_an_older_file_with_a_strangers_trigger_is_refused_after_its_upgrade(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgraded tables are altered, not made afresh: they are held to "nothing but ours"."""
    event_file.close()
    connection = sqlite3.connect(event_file.path)
    connection.execute("CREATE TRIGGER wipe AFTER INSERT ON point BEGIN DELETE FROM point; END")
    connection.commit()
    connection.close()
    before = _digest(event_file.path)
    _pretend_older(event_file.path, monkeypatch)

    with pytest.raises(store.UnusableContentError, match="trigger 'wipe'"):
        store.open_workshop(event_file.path, read_only=True)
    assert _digest(event_file.path) == before


def test_a_journal_that_vanishes_while_it_is_copied_is_read_again(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal beside the file may be another program's save under way: it can be gone by
    the time it is copied. The private copy is then taken again, not refused as unreadable."""
    _add_sample_point(event_file)
    event_file.close()
    journal = event_file.path.with_name(event_file.path.name + "-journal")
    journal.write_bytes(b"")  # a save under way in another program, just committing
    real_copy = store.shutil.copyfile
    vanished: list[Path] = []

    def copy_while_the_save_ends(source: Path, target: Path) -> object:
        if Path(source) == journal and not vanished:
            journal.unlink()  # the other program committed meanwhile
            vanished.append(journal)
            raise FileNotFoundError(2, "No such file or directory", str(source))
        return real_copy(source, target)

    monkeypatch.setattr(store.shutil, "copyfile", copy_while_the_save_ends)
    copy = recovery.recovered_copy(event_file.path)
    try:
        assert vanished == [journal]
        with store.open_workshop(copy, read_only=True) as workshop:
            assert len(points.list_points(workshop)) == 1
    finally:
        store.shutil.rmtree(copy.parent, ignore_errors=True)
