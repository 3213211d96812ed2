"""A full disk or a read-only folder: one clear line, the other files reported, nothing half done.

These run on a small tmpfs mounted for the test (root on Linux); elsewhere they are skipped.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_files import make_table_file

from facilitator_app.cli import run_cli
from facilitator_app.core import event, points, store
from facilitator_app.core.model import Point


def _mount(folder: Path, size: str) -> None:
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("needs Linux and mount to make a small file system")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {result.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 320 KiB file system: room for an event file and its backup, not for many points."""
    folder = tmp_path / "small"
    folder.mkdir()
    _mount(folder, "320k")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An event file and a table file too big for the small disk (long points)."""
    event_path, table_path = make_table_file(tmp_path_factory.mktemp("full"))
    with store.open_workshop(table_path) as workshop, workshop.write() as session:
        table = event.list_tables(workshop)[0]
        question = event.list_questions(workshop)[0]
        for number in range(400):
            session.add(
                Point(
                    table_id=table.id,
                    question_id=question.id,
                    text=f"Point {number} " + "words " * 200,
                    position=number,
                )
            )
    return event_path, table_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run_cli([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def test_a_merge_that_fills_the_disk_says_so_and_changes_nothing(
    small_disk: Path, template: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    event_path = small_disk / "Event.workshop"
    shutil.copyfile(template[0], event_path)
    big, small = tmp_path / "Table One.workshop", tmp_path / "Table Two.workshop"
    shutil.copyfile(template[1], big)
    shutil.copyfile(template[0], small)
    before = _digest(event_path)

    code, out, err = _run(capsys, "merge", "-o", event_path, big, small)

    assert code == 1
    assert f"refused   {big.name} was not merged: Event.workshop could not" in out
    assert "full" in out
    assert f"{small.name} was not merged" in out
    assert "Total: 2 files" in out
    assert err == ""
    assert _digest(event_path) == before
    assert store.check_file(event_path).sound
    assert not event_path.with_name(event_path.name + "-journal").exists()


def test_a_backup_that_does_not_fit_stops_the_merge_before_any_change(
    small_disk: Path, template: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    event_path = small_disk / "Event.workshop"
    shutil.copyfile(template[0], event_path)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - event_path.stat().st_size // 2))
    source = tmp_path / "Table One.workshop"
    shutil.copyfile(template[1], source)
    before = _digest(event_path)

    code, out, _err = _run(capsys, "merge", "-o", event_path, source)

    assert code == 1
    assert "could not be backed up" in out
    assert _digest(event_path) == before
    assert {path.name for path in small_disk.iterdir()} == {"Event.workshop", "filler"}


def test_merging_into_a_read_only_folder_says_so(
    small_disk: Path, template: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    event_path = small_disk / "Event.workshop"
    shutil.copyfile(template[0], event_path)
    source = tmp_path / "Table One.workshop"
    shutil.copyfile(template[1], source)
    _remount_read_only(small_disk)

    code, out, err = _run(capsys, "merge", "-o", event_path, source)
    assert code == 1
    assert "Read-only file system" in out + err or "read-only" in (out + err).lower()
    assert "Total: 1 file" in out or err.startswith("facilitator-app: error:")

    code, out, err = _run(capsys, "merge", "-o", small_disk / "New.workshop", source)
    assert code == 1
    assert "New.workshop could not be made" in out
    assert not (small_disk / "New.workshop").exists()


def test_an_import_that_fills_the_disk_leaves_the_file_as_it_was(
    small_disk: Path, template: tuple[Path, Path], tmp_path: Path, capsys
) -> None:
    table_file = small_disk / "Table One.workshop"
    shutil.copyfile(template[0], table_file)
    sheet = tmp_path / "points.csv"
    rows = "".join(f"1,Imported {n} {'text ' * 200}\n" for n in range(400))
    sheet.write_text("question,text\n" + rows, encoding="utf-8")
    before = _digest(table_file)

    code, _out, err = _run(capsys, "import", table_file, "--table", "Table One", sheet)

    assert code == 1
    assert err.startswith("facilitator-app: error: Table One.workshop could not be written")
    assert len(err.strip().splitlines()) == 1
    assert _digest(table_file) == before
    assert not table_file.with_name(table_file.name + "-journal").exists()
    with store.open_workshop(table_file, read_only=True) as workshop:
        assert points.count_points(workshop).total == 0


def test_an_export_onto_a_full_disk_prints_one_line_and_no_second_traceback(
    small_disk: Path, template: tuple[Path, Path], tmp_path: Path
) -> None:
    """Run as a user would (a real process), so anything printed at exit is seen too."""
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 4096))

    result = subprocess.run(
        [sys.executable, "-m", "facilitator_app", "export", str(template[1]), "-o",
         str(small_disk / "report.docx")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 1
    assert result.stderr.startswith("facilitator-app: error: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (small_disk / "report.docx").exists()
    assert {path.name for path in small_disk.iterdir()} == {"filler"}
