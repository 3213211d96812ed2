"""A table file may change only its own table's points and those the event sent to it.

The attack: Table Two's file reuses the ids of Table One's points (learnt from the plenary's
shared view or an export) with a higher revision, to rewrite or delete them. The real cases that
change points of the event must keep merging: a newer copy of a table's own file, and a copy of
the event (made after Table One was merged) in which those points were corrected.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_files import another_tables_link_removed, another_tables_points, make_table_file

from facilitator_app.core import event, merge, points, store
from facilitator_app.core.merge import MergeStatus


@pytest.fixture
def room(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The event file with Table One's file merged, Table One's file, and Table Two's file
    (copied from the event when the tables were handed their files, before any merge)."""
    event_path, table_one = make_table_file(tmp_path)
    table_two = tmp_path / "Table Two.workshop"
    with store.open_workshop(event_path) as workshop:
        store.copy_workshop(workshop, table_two)
    with store.open_workshop(table_two) as workshop:
        second = event.list_tables(workshop)[1]
        question = event.list_questions(workshop)[0]
        points.add_point(workshop, second.id, question.id, "Table Two's own point")
    (result,) = merge.merge_files(event_path, [table_one], backup=False).results
    assert result.status is MergeStatus.MERGED
    return event_path, table_one, table_two


def _texts(event_path: Path) -> set[str]:
    with store.open_workshop(event_path, read_only=True) as workshop:
        return {point.text for point in points.list_points(workshop)}


def _table_one_points(event_path: Path) -> int:
    with store.open_workshop(event_path, read_only=True) as workshop:
        first = event.list_tables(workshop)[0]
        return points.count_points(workshop).by_table.get(first.id, 0)


@pytest.mark.parametrize("delete", [False, True], ids=["rewrite", "delete"])
def test_a_file_changing_another_tables_points_is_refused_and_the_good_files_merge(
    room: tuple[Path, Path, Path], delete: bool
) -> None:
    event_path, _, table_two = room
    crafted = another_tables_points(event_path, table_two, "Table Two crafted", delete=delete)
    before = crafted.read_bytes()
    good = table_two  # Table Two's honest file, handed in by the same run

    summary = merge.merge_files(event_path, [crafted, good], backup=False)

    refused, merged = summary.results
    assert refused.status is MergeStatus.REFUSED
    assert refused.message == (
        "Table Two crafted.workshop would change 3 points of another table (Table One) that it "
        "was never given; a table file may change only its own table's points and those the "
        "event sent to it, so it was not merged."
    )
    assert merged.status is MergeStatus.MERGED, merged.message
    assert merged.new == 1
    texts = _texts(event_path)
    assert {"Parking is short", "Run a shuttle bus", "Evening clinics are far"} <= texts
    assert not any(text.endswith("(rewritten)") for text in texts)
    assert _table_one_points(event_path) == 3
    assert crafted.read_bytes() == before
    assert store.check_file(event_path).sound


def test_a_newer_copy_of_a_tables_own_file_still_changes_its_points(
    room: tuple[Path, Path, Path],
) -> None:
    event_path, table_one, _ = room
    with store.open_workshop(table_one) as workshop:
        by_text = {point.text: point.id for point in points.list_points(workshop)}
        points.edit_point_text(workshop, by_text["Parking is short"], "Parking is very short")
        points.delete_point(workshop, by_text["Evening clinics are far"])

    (result,) = merge.merge_files(event_path, [table_one], backup=False).results

    assert result.status is MergeStatus.MERGED, result.message
    assert (result.updated, result.deleted) == (1, 1)
    assert "Parking is very short" in _texts(event_path)


def test_a_copy_the_event_sent_after_a_merge_may_change_the_points_it_was_given(
    room: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A facilitator's (or a late table's) copy of the event holds Table One's points as they
    were made, so its corrections to them are merged."""
    event_path, _, _ = room
    copy = tmp_path / "Facilitator copy.workshop"
    with store.open_workshop(event_path) as workshop:
        store.copy_workshop(workshop, copy)
    with store.open_workshop(copy) as workshop:
        parking = next(p for p in points.list_points(workshop) if p.text == "Parking is short")
        points.edit_point_text(workshop, parking.id, "Parking is short at the west entrance")
        shuttle = next(p for p in points.list_points(workshop) if p.text == "Run a shuttle bus")
        points.delete_point(workshop, shuttle.id)

    (result,) = merge.merge_files(event_path, [copy], backup=False).results

    assert result.status is MergeStatus.MERGED, result.message
    assert (result.updated, result.deleted) == (1, 1)
    assert "Parking is short at the west entrance" in _texts(event_path)


def test_an_attack_merged_into_a_new_event_file_first_is_refused_there_too(
    room: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Gathered into a fresh event file (Table One's file, then the crafted one), the same rule
    holds: the points came from Table One's file, not from the crafted one."""
    event_path, table_one, table_two = room
    crafted = another_tables_points(event_path, table_two, "Table Two crafted", delete=True)
    fresh = tmp_path / "fresh" / "Event.workshop"
    fresh.parent.mkdir()
    shutil.copyfile(table_one, fresh.parent / table_one.name)

    summary = merge.merge_files(fresh, [fresh.parent / table_one.name, crafted])

    assert [r.status for r in summary.results] == [MergeStatus.MERGED, MergeStatus.REFUSED]
    assert _table_one_points(fresh) == 3


def test_a_file_removing_another_tables_link_is_refused(room: tuple[Path, Path, Path]) -> None:
    """The link's points are copied in unchanged (a lower revision changes nothing), the link
    as a tombstone: the link belongs to the table of its mitigation, never given to the file."""
    event_path, _, table_two = room
    crafted = another_tables_link_removed(event_path, table_two, "Table Two crafted")

    (result,) = merge.merge_files(event_path, [crafted], backup=False).results

    assert result.status is MergeStatus.REFUSED
    assert result.message.startswith(
        "Table Two crafted.workshop would change 1 link of another table (Table One) that it "
        "was never given;"
    )
    with store.open_workshop(event_path, read_only=True) as workshop:
        assert len(points.list_links(workshop)) == 1


def test_a_newer_copy_of_a_tables_own_file_still_removes_its_links(
    room: tuple[Path, Path, Path],
) -> None:
    event_path, table_one, _ = room
    with store.open_workshop(table_one) as workshop:
        (link,) = points.list_links(workshop)
        points.unlink_points(workshop, link.mitigation_id, link.issue_id)

    (result,) = merge.merge_files(event_path, [table_one], backup=False).results

    assert result.status is MergeStatus.UNCHANGED, result.message
    with store.open_workshop(event_path, read_only=True) as workshop:
        assert points.list_links(workshop) == []
