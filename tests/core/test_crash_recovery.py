"""A merge or an import killed at a random moment never loses the file or locks anyone out.

The work runs in a child process that is killed (SIGKILL: no clean-up of any kind) at a random
moment of a run calibrated on this machine, so many kills land inside the commit that grows the
file. Afterwards the file opens, passes ``check``, and holds either the old or the new state.
A handful of runs by default; many more with ``-m slow``.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator_app.core import event, points, store
from facilitator_app.core.model import Point

_POINTS = 1000

_MERGE = """
import sys
from pathlib import Path
from facilitator_app.core import merge
print("ready", flush=True)
merge.merge_files(Path(sys.argv[1]), [Path(sys.argv[2])])
"""

_IMPORT = """
import sys
from pathlib import Path
from facilitator_app.core import event, spreadsheets, store
print("ready", flush=True)
with store.open_workshop(Path(sys.argv[1])) as workshop:
    table = event.list_tables(workshop)[0]
    spreadsheets.import_points(workshop, table.id, spreadsheets.read_sheet(Path(sys.argv[2])))
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """An event file, a table file with many long points, and a sheet of as many rows."""
    folder = tmp_path_factory.mktemp("crash")
    event_path = folder / "Event.workshop"
    with event.create_event_file(event_path, event.EventSpec.with_numbered_tables("Care", 2)):
        pass
    table_path = folder / "Table One.workshop"
    with store.open_workshop(event_path) as workshop:
        store.copy_workshop(workshop, table_path)
    with store.open_workshop(table_path) as workshop, workshop.write() as session:
        table = event.list_tables(workshop)[0]
        question = event.list_questions(workshop)[0]
        for number in range(_POINTS):
            session.add(
                Point(
                    table_id=table.id,
                    question_id=question.id,
                    text=f"Point {number} " + "words " * 120,
                    position=number,
                )
            )
    sheet = folder / "points.csv"
    rows = "".join(f"1,Imported {n} {'text ' * 120}\n" for n in range(_POINTS))
    sheet.write_text("question,text\n" + rows, encoding="utf-8")
    return event_path, table_path, sheet


def _start(script: str, *args: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def _calibrated(script: str, first: Path, second: Path, work: Path) -> float:
    """How long the work takes uninterrupted here, after the child is ready."""
    target = work / first.name
    target.write_bytes(first.read_bytes())
    child = _start(script, target, second)
    began = time.monotonic()
    assert child.wait(timeout=300) == 0
    target.unlink()
    return time.monotonic() - began


def _point_count(path: Path) -> int:
    with store.open_workshop(path, read_only=True) as workshop:
        return points.count_points(workshop).total


def _kill_runs(
    script: str, first: Path, second: Path, work: Path, runs: int, seed: int
) -> list[int]:
    """Kill the work ``runs`` times at random moments; the point counts found after each."""
    duration = _calibrated(script, first, second, work)
    chooser = random.Random(seed)
    counts = []
    for run in range(runs):
        target = work / f"run {run}" / first.name
        target.parent.mkdir()
        target.write_bytes(first.read_bytes())
        source_bytes = second.read_bytes()
        child = _start(script, target, second)
        time.sleep(chooser.uniform(0, duration * 1.1))
        child.kill()
        child.wait(timeout=60)
        report = store.check_file(target)
        assert report.sound, (run, report.problems)
        counts.append(_point_count(target))
        # The file works afterwards for writing too, and the next save leaves no journal.
        with store.open_workshop(target) as workshop:
            table = event.list_tables(workshop)[0]
            question = event.list_questions(workshop)[0]
            points.add_point(workshop, table.id, question.id, "Typed after the crash")
        assert _point_count(target) == counts[-1] + 1
        assert not target.with_name(target.name + "-journal").exists()
        assert second.read_bytes() == source_bytes
    return counts


def test_a_killed_merge_leaves_the_old_or_the_new_event(
    files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    event_path, table_path, _sheet = files
    counts = _kill_runs(_MERGE, event_path, table_path, tmp_path, 4, seed=11)
    assert set(counts) <= {0, _POINTS}


def test_a_killed_import_leaves_the_old_or_the_new_table_file(
    files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _event_path, table_path, sheet = files
    counts = _kill_runs(_IMPORT, table_path, sheet, tmp_path, 3, seed=12)
    assert set(counts) <= {_POINTS, 2 * _POINTS}


@pytest.mark.slow
def test_many_killed_merges_and_imports(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Under ``-m slow``: many more seeds, so kills land in every phase of the commit."""
    event_path, table_path, sheet = files
    for seed in range(3):
        (tmp_path / f"m{seed}").mkdir()
        (tmp_path / f"i{seed}").mkdir()
        merged = _kill_runs(_MERGE, event_path, table_path, tmp_path / f"m{seed}", 20, seed)
        assert set(merged) <= {0, _POINTS}
        imported = _kill_runs(_IMPORT, table_path, sheet, tmp_path / f"i{seed}", 20, seed)
        assert set(imported) <= {_POINTS, 2 * _POINTS}
