"""The review at any size: a change re-reads only the points it touched, the filter stays right
while duplicates are looked for, and a search overtaken by a change is never shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import search_stand_ins
from point_reads import counting_point_reads
from pytestqt.qtbot import QtBot

from facilitator_app.core import consolidate, event, points
from facilitator_app.core.changes import recording
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop
from facilitator_app.ui.review import worker
from facilitator_app.ui.review.dialogs import ConsolidationChoice
from facilitator_app.ui.review.view import ReviewView

TEXTS = [
    "Run the clinic bus on Saturdays",
    "Parking at the hub is too expensive",
    "Evening appointments for carers",
    "Train volunteers as drivers",
]


@pytest.fixture
def workshop(event_file: Workshop) -> Workshop:
    """Four tables, each with the same four points under question 1."""
    question = event.list_questions(event_file)[0].id
    for table in event.list_tables(event_file):
        for text in TEXTS:
            points.add_point(event_file, table.id, question, f"{text} ({table.name})")
    return event_file


@pytest.fixture
def view(qtbot: QtBot, workshop: Workshop) -> Iterator[ReviewView]:
    view = ReviewView()
    qtbot.addWidget(view)
    view.set_workshop(workshop)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not view.duplicates.searching, timeout=30_000)
    yield view
    view.set_workshop(None)


def shown_texts(view: ReviewView) -> list[str]:
    return [str(view.proxy.index(row, 0).data()) for row in range(view.proxy.rowCount())]


def point(workshop: Workshop, text: str) -> PointInfo:
    return next(p for p in points.list_points(workshop) if p.text == text)


def test_a_change_to_one_point_re_reads_only_that_point(
    view: ReviewView, workshop: Workshop
) -> None:
    assert view.operations is not None
    view.search.setText("saturday")
    assert len(shown_texts(view)) == 4
    parking = point(workshop, "Parking at the hub is too expensive (Table Two)")
    with recording() as change:  # as the capture view edits a point
        points.edit_point_text(workshop, parking.id, "Parking on Saturdays costs")
    with counting_point_reads() as reads:  # what the review reads to show it
        view.operations.announce(change.changes)
    assert reads.count == 1
    assert reads.parameters == [(parking.id,)]  # that point alone, not the whole event
    # the row shows the new wording, and the search finds it by it
    assert "Parking on Saturdays costs" in shown_texts(view)
    assert len(shown_texts(view)) == 5
    assert view.model.rowCount() == 16


def test_a_deleted_point_leaves_and_an_added_one_arrives_in_its_place(
    view: ReviewView, workshop: Workshop
) -> None:
    assert view.operations is not None
    tables = event.list_tables(workshop)
    question = event.list_questions(workshop)[0].id
    gone = point(workshop, "Train volunteers as drivers (Table One)")
    with recording() as deleting:
        points.delete_point(workshop, gone.id)
    with recording() as adding:
        added = points.add_point(workshop, tables[0].id, question, "A new point at One")
    with counting_point_reads() as reads:
        view.operations.announce(deleting.changes)
        view.operations.announce(adding.changes)
    assert reads.parameters == [(gone.id,), (added.id,)]
    texts = shown_texts(view)
    assert gone.text not in texts
    # in reading order: after Table One's other points, before Table Two's
    assert texts.index("A new point at One") == 3
    assert texts.index("Run the clinic bus on Saturdays (Table Two)") == 4


def test_consolidating_reads_only_its_points_and_undo_brings_them_back(
    view: ReviewView, workshop: Workshop
) -> None:
    first = point(workshop, "Run the clinic bus on Saturdays (Table One)")
    second = point(workshop, "Run the clinic bus on Saturdays (Table Two)")
    view.ask_consolidation = lambda *_args: ConsolidationChoice(
        "Saturday clinic bus", consolidate.MOST_COMMON_THEME
    )
    view.select_points([first.id, second.id])
    with counting_point_reads() as reads:
        view.consolidate_selected()
    # besides the use case's own look-ups (one id each), one read of the two and their new
    # point; never a read of every point (no bound values)
    assert () not in reads.parameters
    assert [len(p) for p in reads.parameters if len(p) > 1] == [3]
    texts = shown_texts(view)
    assert "Saturday clinic bus" in texts
    assert first.text not in texts and second.text not in texts
    assert view.model.rowCount() == 15

    view.undo_stack.undo()
    texts = shown_texts(view)
    assert "Saturday clinic bus" not in texts
    assert first.text in texts and second.text in texts
    assert view.model.rowCount() == 16


@pytest.fixture
def marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "marks"
    folder.mkdir()
    monkeypatch.setenv(search_stand_ins.FOLDER, str(folder))
    monkeypatch.setattr(worker, "BACKGROUND_ABOVE", 0)  # every search in the search process
    return folder


def test_the_filter_is_right_while_duplicates_are_looked_for(
    qtbot: QtBot, view: ReviewView, marks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        worker.SuggestionFinder, "search_type", search_stand_ins.EndlessAtAnyThreshold
    )
    view.refresh()
    qtbot.waitUntil((marks / "started-71").exists, timeout=30_000)
    for typed, expected in (("bus", 4), ("table two", 4), ("volunteers two", 1), ("", 16)):
        view.search.setText(typed)
        assert len(shown_texts(view)) == expected
        assert view.count_label.text() in (f"{expected} of 16 points shown", "16 points")
    assert view.duplicates.searching and view.side.tabText(0) == "Duplicates (…)"


def test_a_search_overtaken_by_a_change_is_never_shown(
    qtbot: QtBot, view: ReviewView, workshop: Workshop, marks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert view.operations is not None
    monkeypatch.setattr(worker.SuggestionFinder, "search_type", search_stand_ins.SlowRealSearch)
    view.refresh()
    qtbot.waitUntil((marks / "searched").exists, timeout=30_000)  # found, held back
    (marks / "searched").unlink()
    gone = point(workshop, "Run the clinic bus on Saturdays (Table One)")
    view.operations.run(lambda: points.delete_point(workshop, gone.id))
    applied: list[int] = []
    view.finder.found.connect(lambda generation, _result: applied.append(generation))
    (marks / "release").write_text("")  # the first answer, made before the change, may go
    qtbot.waitUntil((marks / "searched").exists, timeout=30_000)  # the search after it
    (marks / "release").write_text("")
    qtbot.waitUntil(lambda: not view.duplicates.searching, timeout=30_000)
    assert applied == [view.finder.generation]  # only the answer to the latest request
    shown = {p.point.id for s in view.duplicates._suggestions for p in s.points}
    assert shown and gone.id not in shown
