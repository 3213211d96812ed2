"""``import`` and ``merge`` leave a file the app has open alone; a stale lock stops nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_files import make_table_file

from facilitator_app.cli import run_cli
from facilitator_app.core.app_lock import lock_path_for

HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QLockFile
    lock = QLockFile(sys.argv[1])
    assert lock.tryLock(0)
    print("locked", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    event_path, table_path = make_table_file(tmp_path)
    sheet = tmp_path / "points.csv"
    sheet.write_text("question,text\n1,Parking\n", encoding="utf-8")
    return event_path, table_path, sheet


@pytest.fixture
def held(files: tuple[Path, Path, Path]) -> Iterator[subprocess.Popen[str]]:
    """The app (a process holding Qt's lock file) has the event file open."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_path_for(files[0].resolve()))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield holder
    if holder.poll() is None:
        holder.communicate("")


def test_import_and_merge_refuse_a_file_the_app_has_open(
    files: tuple[Path, Path, Path], held: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    event_path, table_path, sheet = files
    before = event_path.read_bytes()

    assert run_cli(["import", str(event_path), "--table", "Table One", str(sheet)]) == 1
    assert "open in Workshop Facilitator" in capsys.readouterr().err
    assert run_cli(["merge", "-o", str(event_path), str(table_path)]) == 1
    assert "open in Workshop Facilitator" in capsys.readouterr().err
    assert event_path.read_bytes() == before


def test_a_lock_left_by_a_crashed_app_does_not_stop_them(
    files: tuple[Path, Path, Path], held: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    event_path, table_path, sheet = files
    held.kill()
    held.wait()
    assert lock_path_for(event_path.resolve()).exists()

    assert run_cli(["import", str(event_path), "--table", "Table One", str(sheet)]) == 0
    assert run_cli(["merge", "-o", str(event_path), str(table_path)]) == 0
    capsys.readouterr()
