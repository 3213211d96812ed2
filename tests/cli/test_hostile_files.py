"""Every file of the hostile corpus, through every command: refused with a reason or handled.

No traceback (the commands run in-process, so any exception fails the test), the hostile file
and everything beside it byte-identical afterwards, and the event file still sound with every
later command working.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hostile_files import HOSTILE, another_tables_points, make_table_file

from facilitator_app.cli import run_cli
from facilitator_app.core import event, points, store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_table_file(tmp_path_factory.mktemp("template"))


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry of a folder and (for regular files) a hash of its bytes."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[path.name] = "not a regular file"
    return found


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = run_cli([str(arg) for arg in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out + captured.err


def _event_still_works(capsys: pytest.CaptureFixture[str], event_path: Path, out: Path) -> None:
    assert _run(capsys, "check", event_path)[0] == 0
    assert _run(capsys, "info", event_path)[0] == 0
    assert _run(capsys, "export-points", event_path, "-o", out / "points.csv")[0] == 0
    assert _run(capsys, "export", event_path, "-o", out / "report.docx")[0] == 0
    with store.open_workshop(event_path) as workshop:
        assert event.get_event(workshop).title == "Care"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_or_handled_by_every_command(
    name: str,
    template: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hostile = HOSTILE[name]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = inbox / template[1].name
    shutil.copyfile(template[1], good)
    bad = hostile.build(good)
    good.unlink()
    before = _snapshot(inbox)
    work = tmp_path / "work"
    work.mkdir()
    event_path = work / "Event.workshop"
    shutil.copyfile(template[0], event_path)
    other_good = work / "Table One.workshop"
    shutil.copyfile(template[1], other_good)

    # Into the existing event file.
    code, output = _run(capsys, "merge", "-o", event_path, bad)
    if hostile.outcome == "refused":
        assert code == 1
        assert f"refused   {bad.name}" in output
        assert hostile.reason in output
    else:
        assert code == 0, output
        assert f"merged    {bad.name}" in output
    _event_still_works(capsys, event_path, work)

    # Into a new event file, made from it (or from the good file after it).
    new_event = work / "New event.workshop"
    code, output = _run(capsys, "merge", "-o", new_event, bad, other_good)
    assert code == (1 if hostile.outcome == "refused" else 0), output
    _event_still_works(capsys, new_event, work)

    # The read-only commands on the hostile file itself.
    expected = 1 if hostile.outcome == "refused" else 0
    code, output = _run(capsys, "check", bad)
    assert code == expected, output
    if hostile.outcome == "refused":
        assert hostile.reason in output
    assert _run(capsys, "info", bad)[0] == expected
    assert _run(capsys, "export-points", bad, "-o", work / "theirs.csv")[0] == expected
    assert _run(capsys, "export", bad, "-o", work / "theirs.docx")[0] == expected

    assert _snapshot(inbox) == before


def test_a_file_rewriting_another_tables_points_is_refused_and_the_good_one_merged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Table Two's file reuses Table One's point ids with a higher revision: the merge says why
    it refuses it, still merges Table Two's honest file, and leaves Table One's points alone."""
    event_path, table_one = make_table_file(tmp_path)
    table_two = tmp_path / "Table Two.workshop"
    with store.open_workshop(event_path) as workshop:
        store.copy_workshop(workshop, table_two)
    with store.open_workshop(table_two) as workshop:
        second = event.list_tables(workshop)[1]
        points.add_point(workshop, second.id, event.list_questions(workshop)[0].id, "Buses")
    assert _run(capsys, "merge", "-o", event_path, table_one)[0] == 0
    crafted = another_tables_points(event_path, table_two, "Table Two (final)", delete=True)
    handed_in = {path: path.read_bytes() for path in (table_one, table_two, crafted)}

    code, output = _run(capsys, "merge", "-o", event_path, crafted, table_two)

    assert code == 1, output
    assert (
        "refused   Table Two (final).workshop would change 3 points of another table "
        "(Table One) that it was never given" in output
    )
    assert "merged    Table Two.workshop (Table Two): 1 new" in output
    with store.open_workshop(event_path, read_only=True) as workshop:
        texts = {point.text for point in points.list_points(workshop)}
    assert texts == {"Parking is short", "Run a shuttle bus", "Evening clinics are far", "Buses"}
    out = tmp_path / "out"
    out.mkdir()
    _event_still_works(capsys, event_path, out)
    assert {path: path.read_bytes() for path in handed_in} == handed_in
