"""Settling a merge conflict, and undoing that: the file goes back to exactly what it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app.core import event, merge, points, store
from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.merge import ConflictInfo, ConflictSettlement, MergeStatus
from facilitator_app.core.records import QuestionInfo, TableInfo
from facilitator_app.core.store import Workshop

#: The tables settling (and undoing it) may touch, compared whole and as stored.
_WATCHED = ("point", "point_merge_base", "merge_conflict")


@dataclass
class Conflicted:
    """An event file holding one open conflict, and the table file that brought it."""

    folder: Path
    event_path: Path
    table_file: Path
    point_id: str
    tables: list[TableInfo]
    questions: list[QuestionInfo]

    def handed_in_again(self, name: str) -> Path:
        """The same table file with new bytes (a draft saved), so the merge reads it again."""
        path = self.folder / name
        with store.open_workshop(self.table_file, read_only=True) as workshop:
            store.copy_workshop(workshop, path)
        with opened(path) as workshop:
            points.save_draft(workshop, self.tables[0].id, self.questions[0].id, "half a thought")
        return path


@contextmanager
def opened(path: Path) -> Iterator[Workshop]:
    with store.open_workshop(path) as workshop:
        yield workshop


def stored_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the watched tables, as SQLite holds them (no ORM conversion)."""
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in _WATCHED
        }


def _make_conflict(tmp_path: Path, ours: str | None, theirs: str | None) -> Conflicted:
    """A point edited (or deleted, if None) in the event file and at the table since a merge."""
    event_path = tmp_path / "Event.workshop"
    with event.create_event_file(
        event_path, event.EventSpec.with_numbered_tables("Care closer to home", 2)
    ) as workshop:
        tables, questions = event.list_tables(workshop), event.list_questions(workshop)
    table_file = tmp_path / "Table One.workshop"
    with store.open_workshop(event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, table_file)
    with opened(table_file) as workshop:
        point_id = points.add_point(workshop, tables[0].id, questions[0].id, "Original").id
    merge.merge_files(event_path, [table_file])
    for path, change in ((event_path, ours), (table_file, theirs)):
        with opened(path) as workshop:
            if change is None:
                points.delete_point(workshop, point_id)
            else:
                points.edit_point_text(workshop, point_id, change)
    result = merge.merge_files(event_path, [table_file]).results[0]
    assert result.conflicts == 1
    return Conflicted(tmp_path, event_path, table_file, point_id, tables, questions)


def _only_conflict(workshop: Workshop) -> ConflictInfo:
    (conflict,) = merge.list_conflicts(workshop)
    return conflict


Settle = Callable[[Workshop, str], ConflictSettlement]

SETTLINGS: dict[str, tuple[str | None, str | None, Settle, str | None]] = {
    # name: (our change, their change, how it is settled, the point's text after, None: deleted)
    "ours": ("Event wording", "Table wording", merge.keep_ours, "Event wording"),
    "theirs": ("Event wording", "Table wording", merge.keep_theirs, "Table wording"),
    "edited": (
        "Event wording",
        "Table wording",
        lambda w, c: merge.resolve_conflict(w, c, "  Agreed wording "),
        "Agreed wording",
    ),
    "deleted at the table, taken": ("Event wording", None, merge.keep_theirs, None),
    "deleted here, kept": (None, "Table wording", merge.keep_ours, None),
    "deleted by hand": (
        "Event wording",
        "Table wording",
        lambda w, c: merge.resolve_conflict(w, c, "", deleted=True),
        None,
    ),
}


@pytest.mark.parametrize("how", list(SETTLINGS))
def test_undoing_a_settlement_puts_point_base_and_conflict_back_exactly(
    tmp_path: Path, how: str
) -> None:
    ours, theirs, settle, expected = SETTLINGS[how]
    setting = _make_conflict(tmp_path, ours, theirs)
    before = stored_rows(setting.event_path)
    with opened(setting.event_path) as workshop:
        conflict = _only_conflict(workshop)
        settlement = settle(workshop, conflict.id)
        point = points.get_point(workshop, setting.point_id)
        assert merge.list_conflicts(workshop) == []
    assert (None if point.deleted else point.text) == expected
    assert stored_rows(setting.event_path) != before

    with opened(setting.event_path) as workshop:
        merge.undo_settlement(workshop, settlement)
        assert _only_conflict(workshop) == conflict

    assert stored_rows(setting.event_path) == before


@pytest.mark.parametrize("how", list(SETTLINGS))
def test_a_merge_after_the_undo_behaves_as_if_never_settled(tmp_path: Path, how: str) -> None:
    ours, theirs, settle, _expected = SETTLINGS[how]
    setting = _make_conflict(tmp_path, ours, theirs)
    never_settled = tmp_path / "never settled" / "Event.workshop"
    never_settled.parent.mkdir()
    with store.open_workshop(setting.event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, never_settled)
    with opened(setting.event_path) as workshop:
        merge.undo_settlement(workshop, settle(workshop, _only_conflict(workshop).id))
    again = setting.handed_in_again("Table One again.workshop")

    undone = merge.merge_files(setting.event_path, [again]).results[0]
    untouched = merge.merge_files(never_settled, [again]).results[0]

    assert undone.status is untouched.status is MergeStatus.MERGED
    assert (undone.new, undone.updated, undone.deleted, undone.conflicts) == (
        untouched.new,
        untouched.updated,
        untouched.deleted,
        untouched.conflicts,
    )
    assert undone.conflicts == 1
    after, expected = stored_rows(setting.event_path), stored_rows(never_settled)
    assert after["point"] == expected["point"]
    assert after["point_merge_base"] == expected["point_merge_base"]
    assert len(after["merge_conflict"]) == 1  # still one conflict, not recorded twice
    with opened(setting.event_path) as workshop, opened(never_settled) as twin:
        assert [c.id for c in merge.list_conflicts(workshop)] == [
            c.id for c in merge.list_conflicts(twin)
        ]


def _make_two_laptop_conflict(tmp_path: Path) -> Conflicted:
    """One table's file copied to two laptops and edited apart on each: the point comes in new
    from one, so it has no merge base row, and conflicts with the other."""
    event_path = tmp_path / "Event.workshop"
    with event.create_event_file(
        event_path, event.EventSpec.with_numbered_tables("Care closer to home", 2)
    ) as workshop:
        tables, questions = event.list_tables(workshop), event.list_questions(workshop)
    first, second = tmp_path / "Laptop A.workshop", tmp_path / "Laptop B.workshop"
    with store.open_workshop(event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, first)
    with opened(first) as workshop:
        point_id = points.add_point(workshop, tables[0].id, questions[0].id, "Original").id
    with store.open_workshop(first, read_only=True) as workshop:
        store.copy_workshop(workshop, second)
    for path, wording in ((first, "Wording on laptop A"), (second, "Wording on laptop B")):
        with opened(path) as workshop:
            points.edit_point_text(workshop, point_id, wording)
    merge.merge_files(event_path, [first])
    assert merge.merge_files(event_path, [second]).results[0].conflicts == 1
    return Conflicted(tmp_path, event_path, second, point_id, tables, questions)


@pytest.mark.parametrize("settle", [merge.keep_ours, merge.keep_theirs])
def test_a_conflict_without_a_merge_base_row_is_undone_exactly(
    tmp_path: Path, settle: Settle
) -> None:
    setting = _make_two_laptop_conflict(tmp_path)
    before = stored_rows(setting.event_path)
    assert before["point_merge_base"] == []
    never_settled = tmp_path / "never settled.workshop-copy"
    with store.open_workshop(setting.event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, never_settled)
    with opened(setting.event_path) as workshop:
        settlement = settle(workshop, _only_conflict(workshop).id)
        assert settlement.base_before is None
        assert stored_rows(setting.event_path)["point_merge_base"] != []
        merge.undo_settlement(workshop, settlement)
    assert stored_rows(setting.event_path) == before

    again = setting.handed_in_again("Laptop B again.workshop")
    undone = merge.merge_files(setting.event_path, [again]).results[0]
    untouched = merge.merge_files(never_settled, [again]).results[0]
    assert (undone.updated, undone.conflicts) == (untouched.updated, untouched.conflicts)
    assert stored_rows(setting.event_path) == stored_rows(never_settled)


def test_settling_again_after_an_undo_settles_the_same_way(tmp_path: Path) -> None:
    setting = _make_conflict(tmp_path, "Event wording", "Table wording")
    with opened(setting.event_path) as workshop:
        first = merge.keep_theirs(workshop, _only_conflict(workshop).id)
        merge.undo_settlement(workshop, first)
        second = merge.resolve_conflict(
            workshop, first.conflict_id, first.text, deleted=first.deleted
        )
        assert merge.list_conflicts(workshop) == []
        assert points.get_point(workshop, setting.point_id).text == "Table wording"
    assert (second.point_before, second.base_before) == (first.point_before, first.base_before)
    assert second.point_after[2] == first.point_after[2]  # the same revision


def test_an_undo_is_refused_once_the_point_changed_again(tmp_path: Path) -> None:
    setting = _make_conflict(tmp_path, "Event wording", "Table wording")
    with opened(setting.event_path) as workshop:
        settlement = merge.keep_ours(workshop, _only_conflict(workshop).id)
        points.edit_point_text(workshop, setting.point_id, "Edited after settling")
    before = stored_rows(setting.event_path)

    with opened(setting.event_path) as workshop, pytest.raises(InvalidValueError, match="changed"):
        merge.undo_settlement(workshop, settlement)

    assert stored_rows(setting.event_path) == before


def test_an_undo_is_refused_when_the_conflict_is_open(tmp_path: Path) -> None:
    setting = _make_conflict(tmp_path, "Event wording", "Table wording")
    with opened(setting.event_path) as workshop:
        settlement = merge.keep_ours(workshop, _only_conflict(workshop).id)
        merge.undo_settlement(workshop, settlement)
        before = stored_rows(setting.event_path)
        with pytest.raises(InvalidValueError, match="not settled"):
            merge.undo_settlement(workshop, settlement)
    assert stored_rows(setting.event_path) == before
