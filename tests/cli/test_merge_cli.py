"""``facilitator-app merge`` run as a user would: its output and exit code (in-process, and a
real subprocess for the main merge and the usage errors)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from cli_runner import run, run_process

from facilitator_app.core import event, merge, points, store


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """An event, two table files with points, a re-handed-in copy, junk and another event."""
    event_path = tmp_path / "Event.workshop"
    with event.create_event_file(
        event_path, event.EventSpec.with_numbered_tables("Care closer to home", 3)
    ) as workshop:
        tables = event.list_tables(workshop)
        questions = event.list_questions(workshop)
    inbox = tmp_path / "inbox"
    made: dict[str, Path] = {"event": event_path, "inbox": inbox}
    for index, name in enumerate(["Table One", "Table Two"]):
        path = inbox / f"{name}.workshop"
        with store.open_workshop(event_path, read_only=True) as workshop:
            store.copy_workshop(workshop, path)
        with store.open_workshop(path) as workshop:
            for number in range(3):
                points.add_point(
                    workshop, tables[index].id, questions[0].id, f"{name} point {number}"
                )
        made[name] = path
    (inbox / "sheet.workshop").write_text("table,point\nOne,Parking\n", encoding="utf-8")
    made["sheet"] = inbox / "sheet.workshop"
    other = tmp_path / "Last month.workshop"
    with event.create_event_file(other, event.EventSpec.with_numbered_tables("Old plan", 2)):
        pass
    made["other"] = other
    return made


def test_merges_files_and_prints_one_line_each_and_totals(
    files: dict[str, Path], tmp_path: Path
) -> None:
    result = run_process(
        "merge", "-o", files["event"], files["Table One"], files["Table Two"], cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("merged")
    assert "Table One.workshop (Table One): 3 new, 0 updated, 0 deleted" in lines[0]
    assert "Table Two.workshop (Table Two): 3 new" in lines[1]
    assert any(line.startswith("Total: 2 files (2 merged") for line in lines)
    assert "points: 6 new" in result.stdout
    assert "Backup of the event file before merging: Event.workshop.bak-" in result.stdout
    with store.open_workshop(files["event"], read_only=True) as workshop:
        assert points.count_points(workshop).total == 6


def test_refused_files_give_exit_1_and_the_good_ones_still_merge(
    files: dict[str, Path], tmp_path: Path
) -> None:
    before = {
        name: hashlib.sha256(files[name].read_bytes()).hexdigest() for name in ("sheet", "other")
    }

    result = run("merge", "-o", files["event"], files["inbox"], files["other"], cwd=tmp_path)

    assert result.returncode == 1
    out = result.stdout
    assert "refused   sheet.workshop is not a workshop file (it is not a database file)." in out
    assert "Last month.workshop belongs to another event" in out
    assert "Old plan" in out and "Care closer to home" in out
    assert out.count("\nmerged") + out.startswith("merged") == 2
    assert "2 files refused; the others were merged." in out
    with store.open_workshop(files["event"], read_only=True) as workshop:
        assert points.count_points(workshop).total == 6
    after = {
        name: hashlib.sha256(files[name].read_bytes()).hexdigest() for name in ("sheet", "other")
    }
    assert after == before


def test_merging_again_reports_already_merged(files: dict[str, Path], tmp_path: Path) -> None:
    run("merge", "-o", files["event"], files["Table One"], cwd=tmp_path)

    result = run("merge", "-o", files["event"], files["Table One"], cwd=tmp_path)

    assert result.returncode == 0
    assert result.stdout.startswith("unchanged Table One.workshop was already merged on ")
    assert "Backup" not in result.stdout


def _make_conflict(files: dict[str, Path], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    run("merge", "-o", files["event"], files["Table One"], cwd=tmp_path)
    with store.open_workshop(files["event"]) as workshop:
        point = points.list_points(workshop)[0]
        points.edit_point_text(workshop, point.id, "Changed by the facilitator")
    with store.open_workshop(files["Table One"]) as workshop:
        points.edit_point_text(workshop, point.id, "Changed by the scribe")
    return run("merge", "-o", files["event"], files["Table One"], cwd=tmp_path)


def test_conflicts_are_reported(files: dict[str, Path], tmp_path: Path) -> None:
    result = _make_conflict(files, tmp_path)

    assert result.returncode == 0
    assert "0 updated, 0 deleted, 2 unchanged, 1 conflict" in result.stdout
    assert "1 point changed both here and at a table: both texts are kept" in result.stdout
    with store.open_workshop(files["event"], read_only=True) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
    assert conflict.their_text == "Changed by the scribe"


def test_makes_a_new_event_file_from_the_first_good_file(
    files: dict[str, Path], tmp_path: Path
) -> None:
    new_event = tmp_path / "out" / "Merged.workshop"

    result = run("merge", "-o", new_event, files["inbox"], cwd=tmp_path)

    assert result.returncode == 1  # the spreadsheet in the inbox is refused
    assert f"Made the new event file {new_event}." in result.stdout
    with store.open_workshop(new_event, read_only=True) as workshop:
        assert points.count_points(workshop).total == 6
        assert event.get_event(workshop).title == "Care closer to home"


def test_two_laptops_for_one_table_are_pointed_out(files: dict[str, Path], tmp_path: Path) -> None:
    laptop_b = tmp_path / "Table One laptop B.workshop"
    with store.open_workshop(files["event"], read_only=True) as workshop:
        store.copy_workshop(workshop, laptop_b)
    with store.open_workshop(laptop_b) as workshop:
        table = event.list_tables(workshop)[0]
        points.add_point(workshop, table.id, event.list_questions(workshop)[0].id, "After lunch")

    result = run("merge", "-o", files["event"], files["Table One"], laptop_b, cwd=tmp_path)

    assert result.returncode == 0
    assert "warning: Table One also has points from Table One.workshop" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["merge"],
        ["merge", "-o", "Event.workshop"],
        ["merge", "some.workshop"],
        ["merge", "-o", "Event.workshop", "empty-folder"],
    ],
    ids=["nothing", "no-sources", "no-output", "empty-folder"],
)
def test_usage_errors_exit_2(files: dict[str, Path], tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "empty-folder").mkdir()
    before = files["event"].read_bytes()

    result = run(*args, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    assert "error:" in result.stderr
    assert files["event"].read_bytes() == before


def test_a_usage_error_exits_2_from_the_real_command(tmp_path: Path) -> None:
    result = run_process("merge", "some.workshop", cwd=tmp_path)
    assert result.returncode == 2
    assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_an_event_file_that_is_not_one_is_a_plain_error(
    files: dict[str, Path], tmp_path: Path
) -> None:
    result = run("merge", "-o", files["sheet"], files["Table One"], cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "facilitator-app: error: sheet.workshop is not a workshop file (it is not a database file)."
    )
    assert "Traceback" not in result.stderr


def test_conflicts_are_listed_and_settled(files: dict[str, Path], tmp_path: Path) -> None:
    _make_conflict(files, tmp_path)

    listed = run("conflicts", files["event"], cwd=tmp_path)

    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    short_id = lines[0].split()[0]
    assert lines[0].endswith("Table One, question 1 (from Table One.workshop)")
    assert lines[1] == "    here:  Changed by the facilitator"
    assert lines[2] == "    table: Changed by the scribe"
    assert lines[3] == "1 conflict to settle."

    wrong = run("conflicts", files["event"], "--keep", "theirs", "--id", "zzzz", cwd=tmp_path)
    assert wrong.returncode == 1
    assert "no open conflict with an id starting 'zzzz'" in wrong.stderr

    settled = run("conflicts", files["event"], "--keep", "theirs", "--id", short_id, cwd=tmp_path)

    assert settled.returncode == 0
    assert settled.stdout.strip() == "Settled 1 conflict, keeping theirs."
    with store.open_workshop(files["event"], read_only=True) as workshop:
        assert merge.list_conflicts(workshop) == []
        texts = {p.text for p in points.list_points(workshop)}
    assert "Changed by the scribe" in texts
    assert "Changed by the facilitator" not in texts
    assert run("conflicts", files["event"], cwd=tmp_path).stdout == "0 conflicts to settle.\n"


def test_conflicts_usage_errors_exit_2(files: dict[str, Path], tmp_path: Path) -> None:
    no_side = run("conflicts", files["event"], "--all", cwd=tmp_path)
    no_ids = run("conflicts", files["event"], "--keep", "ours", cwd=tmp_path)

    assert (no_side.returncode, no_ids.returncode) == (2, 2)
    assert "--keep ours or --keep theirs" in no_side.stderr
    assert "name the conflicts to settle" in no_ids.stderr
