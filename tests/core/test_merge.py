"""Merging table files into the event file: identity, updates, tombstones, conflicts, safety."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from facilitator_app.core import event, merge, points, store
from facilitator_app.core.errors import InvalidValueError, NotFoundError, WorkshopError
from facilitator_app.core.merge import MergeStatus
from facilitator_app.core.model import ConsolidationMember, Point, QuestionKind
from facilitator_app.core.records import QuestionInfo, TableInfo
from facilitator_app.core.store import Workshop


@dataclass
class Setting:
    """An event file with four tables, and a helper to hand out table files from it."""

    folder: Path
    event_path: Path
    tables: list[TableInfo]
    questions: list[QuestionInfo]

    def table_file(self, name: str) -> Path:
        path = self.folder / name
        with store.open_workshop(self.event_path, read_only=True) as workshop:
            store.copy_workshop(workshop, path)
        return path

    def copy(self, source: Path, name: str) -> Path:
        path = self.folder / name
        with store.open_workshop(source, read_only=True) as workshop:
            store.copy_workshop(workshop, path)
        return path


@pytest.fixture
def setting(tmp_path: Path) -> Setting:
    path = tmp_path / "Event.workshop"
    with event.create_event_file(
        path, event.EventSpec.with_numbered_tables("Care closer to home", 4)
    ) as workshop:
        return Setting(tmp_path, path, event.list_tables(workshop), event.list_questions(workshop))


@contextmanager
def opened(path: Path) -> Iterator[Workshop]:
    with store.open_workshop(path) as workshop:
        yield workshop


def texts(path: Path, *, include_deleted: bool = False) -> dict[str, str]:
    with store.open_workshop(path, read_only=True) as workshop:
        return {
            p.id: p.text + (" [deleted]" if p.deleted else "")
            for p in points.list_points(workshop, include_deleted=include_deleted)
        }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one(summary: merge.MergeSummary) -> merge.SourceResult:
    assert len(summary.results) == 1
    return summary.results[0]


def add(workshop: Workshop, setting: Setting, table: int, question: int, text: str) -> str:
    return points.add_point(
        workshop, setting.tables[table].id, setting.questions[question].id, text
    ).id


# --- new points, provenance, history -----------------------------------------------------------


def test_new_points_are_added_with_their_table_and_source_file(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        first = add(workshop, setting, 0, 0, "Shorter journeys for patients")
        add(workshop, setting, 0, 1, "Parking is scarce")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert result.status is MergeStatus.MERGED
    assert (result.new, result.updated, result.deleted, result.conflicts) == (2, 0, 0, 0)
    assert result.table_names == ("Table One",)
    with opened(setting.event_path) as workshop:
        merged = points.get_point(workshop, first)
        assert merged.table_id == setting.tables[0].id
        assert merged.source_file == "Table One.workshop"
        assert merged.text == "Shorter journeys for patients"
        (record,) = merge.list_merges(workshop)
    assert record.source_name == "Table One.workshop"
    assert record.content_hash == sha256(table_file)
    assert (record.new, record.table_names) == (2, "Table One")


def test_merging_the_same_file_again_adds_nothing(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        add(workshop, setting, 0, 0, "One point")
    merge.merge_files(setting.event_path, [table_file])
    before = texts(setting.event_path, include_deleted=True)

    again = one(merge.merge_files(setting.event_path, [table_file]))
    renamed = setting.folder / "renamed copy.workshop"
    renamed.write_bytes(table_file.read_bytes())
    copy = one(merge.merge_files(setting.event_path, [renamed]))

    assert again.status is MergeStatus.UNCHANGED
    assert "already merged" in again.message
    assert again.table_names == ("Table One",)
    assert copy.status is MergeStatus.UNCHANGED
    assert texts(setting.event_path, include_deleted=True) == before
    with opened(setting.event_path) as workshop:
        assert len(merge.list_merges(workshop)) == 1


def test_a_copy_with_other_bytes_but_nothing_new_is_recognised_as_already_merged(
    setting: Setting,
) -> None:
    """A hand-in copy of a table already merged (written afresh, so other header bytes) says
    "already merged", not merely "nothing new", and adds no second merge record."""
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        add(workshop, setting, 0, 0, "One point")
    merge.merge_files(setting.event_path, [table_file])
    handed_in = setting.folder / "usb" / "Table One.workshop"
    with store.open_workshop(table_file, read_only=True) as workshop:
        store.copy_workshop(workshop, handed_in)
    assert handed_in.read_bytes() != table_file.read_bytes()

    copy = one(merge.merge_files(setting.event_path, [handed_in]))

    assert copy.status is MergeStatus.UNCHANGED
    assert copy.message.startswith("Table One.workshop was already merged on ")
    assert copy.table_names == ("Table One",)
    with opened(setting.event_path) as workshop:
        assert len(merge.list_merges(workshop)) == 1


def test_a_file_with_nothing_new_of_a_table_never_merged_is_recorded(setting: Setting) -> None:
    """A blank copy of a table no file has brought yet is recorded, so a later identical copy
    is known; it is "nothing new", since nothing of it was merged before."""
    table_file = setting.table_file("Table One.workshop")
    first = one(merge.merge_files(setting.event_path, [table_file]))
    assert first.status is MergeStatus.UNCHANGED
    assert "already merged" not in first.message
    with opened(setting.event_path) as workshop:
        assert len(merge.list_merges(workshop)) == 1


def test_identical_copies_in_one_run_are_merged_once(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        add(workshop, setting, 0, 0, "One point")
    twin = setting.folder / "Table One (copy).workshop"
    twin.write_bytes(table_file.read_bytes())

    summary = merge.merge_files(setting.event_path, [table_file, twin, table_file])

    statuses = [result.status for result in summary.results]
    assert statuses == [MergeStatus.MERGED, MergeStatus.REFUSED, MergeStatus.REFUSED]
    assert "identical copy of Table One.workshop" in summary.results[1].message
    assert "given twice" in summary.results[2].message
    assert summary.new == 1
    assert len(texts(setting.event_path)) == 1


def test_an_unchanged_file_with_new_bytes_reports_nothing_new(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        add(workshop, setting, 0, 0, "One point")
    merge.merge_files(setting.event_path, [table_file])
    with opened(table_file) as workshop:  # a draft changes the bytes, not the points
        points.save_draft(workshop, setting.tables[0].id, setting.questions[1].id, "half typed")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert result.status is MergeStatus.UNCHANGED
    assert (result.new, result.unchanged) == (0, 1)


# --- newer copies: updates and tombstones ------------------------------------------------------


def test_newer_copy_updates_changed_points_and_carries_deletions(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        typo = add(workshop, setting, 0, 0, "Shorter jouneys")
        gone = add(workshop, setting, 0, 1, "Said by mistake")
        kept = add(workshop, setting, 0, 1, "Parking is scarce")
    early = setting.copy(table_file, "Table One early.workshop")
    merge.merge_files(setting.event_path, [early])
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, typo, "Shorter journeys")
        points.delete_point(workshop, gone)
        later = add(workshop, setting, 0, 2, "Run a shuttle bus")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert (result.new, result.updated, result.deleted, result.unchanged) == (1, 1, 1, 1)
    assert result.conflicts == 0
    assert result.warnings == ()
    assert texts(setting.event_path) == {
        typo: "Shorter journeys",
        kept: "Parking is scarce",
        later: "Run a shuttle bus",
    }
    # The early copy handed in again afterwards brings nothing back.
    early_again = setting.copy(early, "Table One early again.workshop")
    with opened(early_again) as workshop:  # different bytes, same points
        points.save_draft(workshop, setting.tables[0].id, setting.questions[0].id, "x")
    stale = one(merge.merge_files(setting.event_path, [early_again]))
    assert stale.status is MergeStatus.UNCHANGED
    assert (stale.updated, stale.deleted, stale.conflicts) == (0, 0, 0)
    assert texts(setting.event_path)[typo] == "Shorter journeys"
    assert gone not in texts(setting.event_path)


def test_restore_at_the_table_brings_the_point_back(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "Back again")
        points.delete_point(workshop, point)
    merge.merge_files(setting.event_path, [table_file])
    assert point not in texts(setting.event_path)
    with opened(table_file) as workshop:
        points.restore_point(workshop, point)

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert result.updated == 1
    assert texts(setting.event_path)[point] == "Back again"


def test_event_side_change_survives_a_newer_copy_without_conflict(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        edited_here = add(workshop, setting, 0, 0, "Facilitator will fix this")
        edited_there = add(workshop, setting, 0, 0, "Table will fix this")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        points.edit_point_text(workshop, edited_here, "Fixed by the facilitator")
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, edited_there, "Fixed at the table")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert (result.updated, result.conflicts) == (1, 0)
    assert texts(setting.event_path) == {
        edited_here: "Fixed by the facilitator",
        edited_there: "Fixed at the table",
    }


def test_changes_to_different_fields_are_merged_field_by_field(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "Care at home")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        theme = event.list_themes(workshop)[2]
        points.set_point_theme(workshop, point, theme.id)
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, point, "Care at home, not in hospital")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert (result.updated, result.conflicts) == (1, 0)
    with opened(setting.event_path) as workshop:
        merged = points.get_point(workshop, point)
    assert merged.text == "Care at home, not in hospital"
    assert merged.theme_id == theme.id


# --- conflicts --------------------------------------------------------------------------------


def _conflicting_edit(setting: Setting, ours: str, theirs: str | None) -> tuple[Path, str]:
    """A point edited in the event file and edited (or deleted, if None) at the table."""
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "Original wording")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        points.edit_point_text(workshop, point, ours)
    with opened(table_file) as workshop:
        if theirs is None:
            points.delete_point(workshop, point)
        else:
            points.edit_point_text(workshop, point, theirs)
    return table_file, point


def test_a_point_changed_on_both_sides_keeps_both_texts(setting: Setting) -> None:
    table_file, point = _conflicting_edit(setting, "Event wording", "Table wording")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert result.status is MergeStatus.MERGED
    assert (result.conflicts, result.updated) == (1, 0)
    assert texts(setting.event_path)[point] == "Event wording"
    with opened(setting.event_path) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
    assert conflict.point_id == point
    assert (conflict.our_text, conflict.their_text) == ("Event wording", "Table wording")
    assert conflict.table_name == "Table One"
    assert conflict.source_name == "Table One.workshop"


def test_the_same_conflict_is_recorded_once(setting: Setting) -> None:
    table_file, _point = _conflicting_edit(setting, "Event wording", "Table wording")
    merge.merge_files(setting.event_path, [table_file])
    copy = setting.copy(table_file, "copy.workshop")
    with opened(copy) as workshop:
        points.save_draft(workshop, setting.tables[0].id, setting.questions[0].id, "x")

    merge.merge_files(setting.event_path, [copy])

    with opened(setting.event_path) as workshop:
        assert len(merge.list_conflicts(workshop)) == 1


def test_resolving_a_conflict_sets_the_text_and_it_stays_resolved(setting: Setting) -> None:
    table_file, point = _conflicting_edit(setting, "Event wording", "Table wording")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
        merge.resolve_conflict(workshop, conflict.id, "  Agreed wording ")
        assert merge.list_conflicts(workshop) == []
        assert len(merge.list_conflicts(workshop, include_resolved=True)) == 1
    # The same table file handed in again (new bytes) does not reopen it.
    copy = setting.copy(table_file, "copy.workshop")
    with opened(copy) as workshop:
        points.save_draft(workshop, setting.tables[0].id, setting.questions[0].id, "x")

    result = one(merge.merge_files(setting.event_path, [copy]))

    assert result.conflicts == 0
    assert texts(setting.event_path)[point] == "Agreed wording"
    with opened(setting.event_path) as workshop:
        assert merge.list_conflicts(workshop) == []


def test_keep_theirs_then_later_table_edits_flow_in(setting: Setting) -> None:
    table_file, point = _conflicting_edit(setting, "Event wording", "Table wording")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
        merge.keep_theirs(workshop, conflict.id)
    assert texts(setting.event_path)[point] == "Table wording"
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, point, "Table wording, final")

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert (result.updated, result.conflicts) == (1, 0)
    assert texts(setting.event_path)[point] == "Table wording, final"


def test_deleted_at_the_table_but_edited_here_is_a_conflict(setting: Setting) -> None:
    table_file, point = _conflicting_edit(setting, "Event wording", None)

    result = one(merge.merge_files(setting.event_path, [table_file]))

    assert (result.conflicts, result.deleted) == (1, 0)
    assert texts(setting.event_path)[point] == "Event wording"
    with opened(setting.event_path) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
        assert conflict.their_deleted
        merge.keep_theirs(workshop, conflict.id)
    assert point not in texts(setting.event_path)


def test_keep_ours_keeps_the_event_text(setting: Setting) -> None:
    table_file, point = _conflicting_edit(setting, "Event wording", "Table wording")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
        merge.keep_ours(workshop, conflict.id)
        assert merge.list_conflicts(workshop) == []
        with pytest.raises(InvalidValueError):
            merge.resolve_conflict(workshop, conflict.id, "again")
        with pytest.raises(NotFoundError):
            merge.resolve_conflict(workshop, "no-such-conflict", "text")
    assert texts(setting.event_path)[point] == "Event wording"


def test_two_laptops_edited_apart_at_the_same_revision_conflict(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "Shared start")
    replacement = setting.copy(table_file, "Table One laptop B.workshop")
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, point, "Edited on laptop A")
    with opened(replacement) as workshop:
        points.edit_point_text(workshop, point, "Edited on laptop B")

    summary = merge.merge_files(setting.event_path, [table_file, replacement])

    assert [r.conflicts for r in summary.results] == [0, 1]
    assert texts(setting.event_path)[point] == "Edited on laptop A"
    with opened(setting.event_path) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
    assert conflict.their_text == "Edited on laptop B"


# --- two laptops for one table, set-up rows, links, consolidation ---------------------------


def test_two_files_for_one_table_are_both_merged_with_a_warning(setting: Setting) -> None:
    laptop_a = setting.table_file("Table One.workshop")
    laptop_b = setting.table_file("Table One replacement.workshop")
    with opened(laptop_a) as workshop:
        first = add(workshop, setting, 0, 0, "Said in the morning")
    with opened(laptop_b) as workshop:
        second = add(workshop, setting, 0, 0, "Said in the afternoon")

    summary = merge.merge_files(setting.event_path, [laptop_a, laptop_b])

    assert [r.new for r in summary.results] == [1, 1]
    assert summary.results[0].warnings == ()
    (warning,) = summary.results[1].warnings
    assert "Table One" in warning and "Table One.workshop" in warning
    assert set(texts(setting.event_path)) == {first, second}


def test_setup_rows_added_at_a_table_are_added_by_uuid(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        theme = event.add_theme(workshop, "Transport")
        clash = event.add_theme(workshop, "Parking")
        person = event.add_participant(workshop, setting.tables[0].id, "Ann Smith")
        extra_table = event.add_table(workshop, "Table Five")
        extra_question = event.add_question(workshop, "Anything else?", QuestionKind.OTHER)
        points.add_point(workshop, extra_table.id, extra_question.id, "At the new table")
        point = points.add_point(
            workshop, setting.tables[0].id, setting.questions[0].id, "Buses", theme_id=theme.id
        )
    with opened(setting.event_path) as workshop:
        event.add_theme(workshop, "Parking")  # same name, another UUID

    merge.merge_files(setting.event_path, [table_file])

    with opened(setting.event_path) as workshop:
        themes = {t.id: t.name for t in event.list_themes(workshop)}
        assert themes[theme.id] == "Transport"
        assert themes[clash.id] == "Parking (Table One.workshop)"
        assert sorted(t.position for t in event.list_themes(workshop)) == list(range(len(themes)))
        people = event.list_participants(workshop, setting.tables[0].id)
        assert [p.id for p in people] == [person.id]
        assert points.get_point(workshop, point.id).theme_id == theme.id
        assert event.list_tables(workshop)[-1] == extra_table
        assert event.list_questions(workshop)[-1] == extra_question


def test_links_and_their_removal_are_merged(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        issue = add(workshop, setting, 0, 1, "Parking is scarce")
        mitigation = add(workshop, setting, 0, 2, "Park and ride")
        points.link_points(workshop, mitigation, issue)
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        assert [(x.mitigation_id, x.issue_id) for x in points.list_links(workshop)] == [
            (mitigation, issue)
        ]
    with opened(table_file) as workshop:
        points.unlink_points(workshop, mitigation, issue)

    merge.merge_files(setting.event_path, [table_file])

    with opened(setting.event_path) as workshop:
        assert points.list_links(workshop) == []


def test_consolidated_points_are_never_disturbed(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        member = add(workshop, setting, 0, 0, "Closer care")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        with workshop.write() as session:
            merged = Point(
                table_id=None, question_id=setting.questions[0].id, text="Care closer", position=0
            )
            session.add(merged)
            session.flush()
            session.add(ConsolidationMember(consolidated_id=merged.id, member_id=member))
        consolidated = merged.id
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, member, "Closer care, please")
        points.add_point(workshop, setting.tables[0].id, setting.questions[0].id, "Another")

    merge.merge_files(setting.event_path, [table_file])

    with opened(setting.event_path) as workshop:
        assert points.get_point(workshop, consolidated).text == "Care closer"
        assert points.get_point(workshop, consolidated).revision == 1
        with workshop.session() as session:
            rows = session.exec(select(ConsolidationMember)).all()
            assert [(r.consolidated_id, r.member_id) for r in rows] == [(consolidated, member)]
        assert points.get_point(workshop, member).text == "Closer care, please"


# --- safety: sources untouched, backups, all or nothing, new event files -----------------------


def test_sources_are_never_changed(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "Point")
    merge.merge_files(setting.event_path, [table_file])
    with opened(setting.event_path) as workshop:
        points.edit_point_text(workshop, point, "Event wording")
    with opened(table_file) as workshop:
        points.edit_point_text(workshop, point, "Table wording")
    before = sha256(table_file)

    merge.merge_files(setting.event_path, [table_file])

    assert sha256(table_file) == before
    assert sorted(p.name for p in setting.folder.iterdir() if "Table" in p.name) == [
        "Table One.workshop"
    ]


def test_the_event_file_is_backed_up_before_the_first_write(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        add(workshop, setting, 0, 0, "Point")
    summary = merge.merge_files(setting.event_path, [table_file])

    assert summary.backup_path is not None
    assert summary.backup_path.parent == setting.folder
    assert summary.backup_path.name.startswith("Event.workshop.bak-")
    assert texts(summary.backup_path) == {}  # the event as it was: no points yet
    assert len(texts(setting.event_path)) == 1
    assert sha256(summary.backup_path) != sha256(setting.event_path)
    # Nothing to write: no backup.
    assert merge.merge_files(setting.event_path, [table_file]).backup_path is None


def test_backups_are_bounded(setting: Setting) -> None:
    event_path = setting.event_path.rename(setting.folder / "Event [final].workshop")
    setting.event_path = event_path  # a name that is not a safe glob pattern
    for number in range(merge.BACKUPS_KEPT + 3):
        table_file = setting.table_file(f"Table {number}.workshop")
        with opened(table_file) as workshop:
            add(workshop, setting, 0, 0, f"Point {number}")
        merge.merge_files(event_path, [table_file])

    backups = [p for p in setting.folder.iterdir() if p.name.startswith(event_path.name + ".bak-")]
    assert len(backups) == merge.BACKUPS_KEPT


def test_a_source_that_fails_midway_leaves_nothing_and_others_merge(setting: Setting) -> None:
    good = setting.table_file("Table Two.workshop")
    with opened(good) as workshop:
        add(workshop, setting, 1, 0, "Good point")
    broken = setting.table_file("Table One.workshop")
    with opened(broken) as workshop:
        add(workshop, setting, 0, 0, "Would be merged first")
    # A point that refers to a question that exists nowhere: the insert fails midway.
    connection = sqlite3.connect(broken)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute(
        "INSERT INTO point (id, table_id, question_id, text, position, created_at, updated_at,"
        " revision, source_file) SELECT 'zz-orphan', table_id, 'missing-question', 'orphan', 9,"
        " created_at, updated_at, 1, '' FROM point LIMIT 1"
    )
    connection.commit()
    connection.close()

    summary = merge.merge_files(setting.event_path, [broken, good])

    assert [r.status for r in summary.results] == [MergeStatus.REFUSED, MergeStatus.MERGED]
    assert "Table One.workshop" in summary.results[0].message
    assert list(texts(setting.event_path).values()) == ["Good point"]
    with opened(setting.event_path) as workshop:
        assert [r.source_name for r in merge.list_merges(workshop)] == ["Table Two.workshop"]


def test_a_new_event_file_is_made_from_the_first_good_source(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        first = add(workshop, setting, 0, 0, "First")
        points.save_draft(workshop, setting.tables[0].id, setting.questions[1].id, "draft")
    other = setting.table_file("Table Two.workshop")
    with opened(other) as workshop:
        second = add(workshop, setting, 1, 0, "Second")
    new_event = setting.folder / "merged" / "Whole event.workshop"

    summary = merge.merge_files(new_event, [setting.folder / "nothing.workshop", table_file, other])

    assert summary.created_target
    assert summary.backup_path is None
    assert [r.status for r in summary.results] == [
        MergeStatus.REFUSED,
        MergeStatus.MERGED,
        MergeStatus.MERGED,
    ]
    assert [r.new for r in summary.results] == [0, 1, 1]
    assert set(texts(new_event)) == {first, second}
    with opened(new_event) as workshop:
        assert event.get_event(workshop).title == "Care closer to home"
        assert len(merge.list_merges(workshop)) == 2
        assert points.load_drafts(workshop, setting.tables[0].id) == {}


def test_nothing_is_created_when_every_source_is_refused(setting: Setting) -> None:
    junk = setting.folder / "junk.workshop"
    junk.write_bytes(b"not a database at all")
    new_event = setting.folder / "New.workshop"

    summary = merge.merge_files(new_event, [junk])

    assert summary.any_refused
    assert not new_event.exists()


def test_a_file_of_another_event_is_refused_naming_both_events(setting: Setting) -> None:
    other_event = setting.folder / "Last month.workshop"
    with event.create_event_file(other_event, event.EventSpec.with_numbered_tables("Old plan", 2)):
        pass
    good = setting.table_file("Table One.workshop")
    with opened(good) as workshop:
        add(workshop, setting, 0, 0, "Point")

    summary = merge.merge_files(setting.event_path, [other_event, good])

    refused, merged = summary.results
    assert refused.status is MergeStatus.REFUSED
    assert "Last month.workshop" in refused.message
    assert "Old plan" in refused.message and "Care closer to home" in refused.message
    assert merged.status is MergeStatus.MERGED


def test_the_event_file_itself_is_refused(setting: Setting) -> None:
    result = one(merge.merge_files(setting.event_path, [setting.event_path]))

    assert result.status is MergeStatus.REFUSED
    assert "event file being merged into" in result.message


def test_folders_are_searched_and_the_event_file_in_them_skipped(setting: Setting) -> None:
    nested = setting.folder / "usb" / "stick"
    nested.mkdir(parents=True)
    inner = setting.copy(setting.table_file("a.workshop"), "usb/stick/Table Three.workshop")
    with opened(inner) as workshop:
        add(workshop, setting, 2, 0, "From the stick")
    (setting.folder / "notes.txt").write_text("not a workshop file")

    seen: list[merge.SourceResult] = []
    summary = merge.merge_files(setting.event_path, [setting.folder], progress=seen.append)

    names = sorted(r.name for r in summary.results)
    assert names == ["Table Three.workshop", "a.workshop"]
    assert sorted(r.name for r in seen) == names
    assert summary.new == 1
    assert not summary.any_refused


def test_an_unusable_event_file_raises_a_plain_error(setting: Setting) -> None:
    bogus = setting.folder / "bogus.workshop"
    bogus.write_text("a,b\n1,2\n")
    good = setting.table_file("Table One.workshop")

    with pytest.raises(WorkshopError, match=r"bogus\.workshop is not a workshop file"):
        merge.merge_files(bogus, [good])


def test_points_from_a_merged_event_copy_keep_their_first_source(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "From table one")
    merge.merge_files(setting.event_path, [table_file])
    assistant_copy = setting.copy(setting.event_path, "Assistant's event copy.workshop")
    fresh = setting.folder / "Fresh.workshop"

    merge.merge_files(fresh, [assistant_copy])

    with opened(fresh) as workshop:
        assert points.get_point(workshop, point).source_file == "Table One.workshop"


def test_a_whole_evening_of_files_in_one_go(setting: Setting) -> None:
    """Four tables, a duplicate, a re-handed-in copy, another event's file, a damaged file."""
    handed_in: list[Path] = []
    first_points: list[str] = []
    for index, name in enumerate(["One", "Two", "Three", "Four"]):
        path = setting.table_file(f"Table {name}.workshop")
        with opened(path) as workshop:
            first_points.append(add(workshop, setting, index, 0, f"Table {name} first point"))
            add(workshop, setting, index, 1, f"Table {name} second point")
        handed_in.append(path)
    duplicate = setting.folder / "Table Two (1).workshop"
    duplicate.write_bytes(handed_in[1].read_bytes())
    corrected = setting.copy(handed_in[0], "Table One corrected.workshop")
    with opened(corrected) as workshop:
        points.edit_point_text(workshop, first_points[0], "Table One first point, corrected")
        second = next(p.id for p in points.list_points(workshop) if "second" in p.text)
        points.delete_point(workshop, second)
    other_event = setting.folder / "March event.workshop"
    with event.create_event_file(other_event, event.EventSpec.with_numbered_tables("March", 2)):
        pass
    damaged = setting.folder / "Table Five.workshop"
    damaged.write_bytes(handed_in[2].read_bytes()[:3000])

    summary = merge.merge_files(
        setting.event_path, [*handed_in, duplicate, corrected, other_event, damaged]
    )

    by_name = {result.name: result for result in summary.results}
    assert by_name["Table Two (1).workshop"].status is MergeStatus.REFUSED
    assert by_name["March event.workshop"].status is MergeStatus.REFUSED
    assert by_name["Table Five.workshop"].status is MergeStatus.REFUSED
    assert "damaged" in by_name["Table Five.workshop"].message
    fix = by_name["Table One corrected.workshop"]
    assert (fix.status, fix.updated, fix.deleted, fix.conflicts) == (MergeStatus.MERGED, 1, 1, 0)
    assert summary.new == 8
    assert summary.count(MergeStatus.MERGED) == 5
    live = texts(setting.event_path)
    assert len(live) == 7
    assert live[first_points[0]] == "Table One first point, corrected"
    with opened(setting.event_path) as workshop:
        tables_with_points = {p.table_id for p in points.list_points(workshop)}
    assert tables_with_points == {table.id for table in setting.tables}


def test_a_merged_point_keeps_its_base_only_once_changed_here(setting: Setting) -> None:
    table_file = setting.table_file("Table One.workshop")
    with opened(table_file) as workshop:
        point = add(workshop, setting, 0, 0, "As merged")
        add(workshop, setting, 0, 0, "Never touched")
    merge.merge_files(setting.event_path, [table_file])

    def bases() -> list[tuple[str, int, str]]:
        with closing(sqlite3.connect(setting.event_path)) as connection:
            return connection.execute(
                "SELECT point_id, revision, text FROM point_merge_base"
            ).fetchall()

    assert bases() == []  # each merged point is its own base while unchanged
    with opened(setting.event_path) as workshop:
        points.edit_point_text(workshop, point, "Changed by the facilitator")
        points.edit_point_text(workshop, point, "Changed again")
    assert bases() == [(point, 1, "As merged")]
