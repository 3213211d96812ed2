"""Use cases say what they changed (recorded as they write), and several points change in one
transaction whose undo leaves alone a point changed since."""

from __future__ import annotations

import pytest

from facilitator_app.core import consolidate, point_batches
from facilitator_app.core import points as point_cases
from facilitator_app.core.changes import EVERYTHING, Changes, Kind, recording
from facilitator_app.core.event import add_question, list_questions, list_tables, list_themes
from facilitator_app.core.spreadsheets import SheetRow, import_points
from facilitator_app.core.store import Workshop


def first_points(workshop: Workshop, count: int) -> list[str]:
    table = list_tables(workshop)[0].id
    question = list_questions(workshop)[0].id
    return [
        point_cases.add_point(workshop, table, question, f"Point {number}").id
        for number in range(count)
    ]


def test_a_point_added_is_recorded_with_its_id(event_file: Workshop) -> None:
    with recording() as recorder:
        (point_id,) = first_points(event_file, 1)
    assert recorder.changes.touches(Kind.POINTS)
    assert point_id in recorder.changes.point_ids
    assert not recorder.changes.touches(Kind.QUESTIONS, Kind.THEMES)


def test_set_up_import_and_consolidation_say_what_they_changed(event_file: Workshop) -> None:
    with recording() as recorder:
        add_question(event_file, "Who else should we ask?")
    assert recorder.changes.kinds == {Kind.QUESTIONS}

    table = list_tables(event_file)[0].id
    rows = [SheetRow(2, {"question": "1", "text": "Imported"})]
    with recording() as recorder:
        import_points(event_file, table, rows)
    assert recorder.changes.touches(Kind.POINTS)

    ids = first_points(event_file, 2)
    with recording() as recorder:
        consolidate.consolidate(event_file, ids, "Both at once")
    assert recorder.changes.touches(Kind.CONSOLIDATIONS, Kind.POINTS)


def test_nothing_is_recorded_outside_a_recording_and_reads_record_nothing(
    event_file: Workshop,
) -> None:
    first_points(event_file, 1)  # no recorder: nothing to note, nothing fails
    with recording() as recorder:
        point_cases.list_points(event_file)
    assert recorder.changes == Changes()
    assert not recorder.changes


def test_a_merge_says_it_may_have_changed_everything() -> None:
    assert all(EVERYTHING.touches(kind) for kind in Kind)


def test_several_points_change_in_one_transaction_or_not_at_all(event_file: Workshop) -> None:
    first, second = first_points(event_file, 2)
    theme = list_themes(event_file)[0].id
    point_cases.delete_point(event_file, second)
    with pytest.raises(point_batches.PointGoneError, match="was deleted since"):
        point_batches.update_points(
            event_file, {first: {"theme_id": theme}, second: {"theme_id": theme}}
        )
    assert point_cases.get_point(event_file, first).theme_id is None


def test_an_undo_leaves_alone_a_point_changed_since(event_file: Workshop) -> None:
    first, second = first_points(event_file, 2)
    access, workforce = (theme.id for theme in list_themes(event_file)[:2])
    point_batches.update_points(
        event_file, {first: {"theme_id": access}, second: {"theme_id": access}}
    )
    point_cases.set_point_theme(event_file, second, workforce)  # changed since, elsewhere

    result = point_batches.update_points(
        event_file,
        {first: {"theme_id": None}, second: {"theme_id": None}},
        expected={first: {"theme_id": access}, second: {"theme_id": access}},
    )

    assert result.left_alone == (second,)
    assert point_cases.get_point(event_file, first).theme_id is None
    assert point_cases.get_point(event_file, second).theme_id == workforce


def test_links_change_together(event_file: Workshop) -> None:
    table = list_tables(event_file)[0].id
    issue_q, mitigation_q = list_questions(event_file)[1:3]
    issue = point_cases.add_point(event_file, table, issue_q.id, "Parking").id
    mitigation = point_cases.add_point(event_file, table, mitigation_q.id, "Drop-off").id
    other = point_cases.add_point(event_file, table, issue_q.id, "Staff").id
    point_cases.delete_point(event_file, other)
    with pytest.raises(point_batches.PointGoneError):
        point_batches.change_links(event_file, {(mitigation, issue), (mitigation, other)}, set())
    assert point_cases.list_links(event_file) == []
    point_batches.change_links(event_file, {(mitigation, issue)}, set())
    assert [(link.mitigation_id, link.issue_id) for link in point_cases.list_links(event_file)] == [
        (mitigation, issue)
    ]
