"""Consolidation of duplicate points across tables: suggestions, accept, reject, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.core import consolidate as c
from facilitator_app.core import duplicates, merge
from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.event import (
    EventSpec,
    create_event_file,
    list_questions,
    list_tables,
    list_themes,
)
from facilitator_app.core.points import add_point, delete_point, edit_point_text, list_points
from facilitator_app.core.records import PointInfo
from facilitator_app.core.review import list_review_points, read_review
from facilitator_app.core.store import Workshop, copy_workshop, open_workshop


class Event:
    """Short names for the fixture event's tables, questions and themes."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.tables = list_tables(workshop)
        self.questions = list_questions(workshop)
        self.themes = list_themes(workshop)

    def add(
        self, table: int, text: str, *, question: int = 0, theme: int | None = None
    ) -> PointInfo:
        return add_point(
            self.workshop,
            self.tables[table].id,
            self.questions[question].id,
            text,
            theme_id=None if theme is None else self.themes[theme].id,
        )


@pytest.fixture
def event(event_file: Workshop) -> Event:
    return Event(event_file)


def test_same_point_at_three_tables_is_one_suggestion_of_three(event: Event) -> None:
    one = event.add(0, "Ability to deliver care closer to home")
    two = event.add(1, "Care delivered closer to people's homes")
    three = event.add(2, "ability to deliver care closer to home.")
    event.add(3, "Longer journeys for patients without a car")

    suggestions = duplicates.suggest_duplicates(event.workshop)

    assert len(suggestions) == 1
    suggestion = suggestions[0]
    assert set(suggestion.point_ids) == {one.id, two.id, three.id}
    assert suggestion.table_names == ("Table One", "Table Two", "Table Three")
    assert suggestion.suggested_text == "Ability to deliver care closer to home"
    assert suggestion.question_id == event.questions[0].id
    assert 72 <= suggestion.score <= 100


def test_points_of_one_table_are_not_suggested_as_duplicates(event: Event) -> None:
    event.add(0, "Ability to deliver care closer to home")
    event.add(0, "Ability to deliver care closer to home.")
    assert duplicates.suggest_duplicates(event.workshop) == []


def test_same_text_under_different_questions_is_not_a_duplicate(event: Event) -> None:
    event.add(0, "Staff recruitment", question=0)
    event.add(1, "Staff recruitment", question=1)
    assert duplicates.suggest_duplicates(event.workshop) == []
    assert len(duplicates.suggest_duplicates(event.workshop, event.questions[0].id)) == 0


def test_stop_words_case_and_punctuation_are_ignored(event: Event) -> None:
    event.add(0, "The parking at the site is limited!")
    event.add(1, "parking, site -- limited")
    assert duplicates.normalise("The PARKING at the site; is limited!") == "limit park site"
    [suggestion] = duplicates.suggest_duplicates(event.workshop)
    assert suggestion.score >= 95


def test_unrelated_points_sharing_only_stop_words_are_not_suggested(event: Event) -> None:
    event.add(0, "Better use of the workforce")
    event.add(1, "Better use of the buildings")
    event.add(2, "It is what it is")
    event.add(3, "It is not what it was")
    assert duplicates.suggest_duplicates(event.workshop) == []


def test_suggestions_come_best_first(event: Event) -> None:
    event.add(0, "Limited parking on site")
    event.add(1, "Parking at the new site is limited")
    event.add(0, "Single point of access for patients")
    event.add(1, "Single point of access for patients")
    scores = [s.score for s in duplicates.suggest_duplicates(event.workshop)]
    assert len(scores) == 2
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 100


def test_rejected_suggestion_is_not_suggested_again(event: Event) -> None:
    event.add(0, "Limited parking on site")
    event.add(1, "Parking at the new site is limited")
    [suggestion] = duplicates.suggest_duplicates(event.workshop)

    assert duplicates.dismiss_suggestion(event.workshop, suggestion.point_ids) == 1
    assert duplicates.suggest_duplicates(event.workshop) == []
    # a new similar point from another table is still suggested, with either of them
    third = event.add(2, "Parking on site is limited")
    suggestions = duplicates.suggest_duplicates(event.workshop)
    assert suggestions
    assert all(third.id in s.point_ids and len(s.point_ids) == 2 for s in suggestions)


def test_consolidate_makes_an_event_level_point_that_remembers_its_tables(event: Event) -> None:
    one = event.add(0, "Ability to deliver care closer to home", theme=4)
    two = event.add(1, "Care delivered closer to people's homes", theme=4)
    three = event.add(2, "ability to deliver care closer to home.", theme=1)

    point = c.consolidate(
        event.workshop, [one.id, two.id, three.id], "  Care delivered closer to home  "
    )

    assert point.table_id is None
    assert point.question_id == event.questions[0].id
    assert point.text == "Care delivered closer to home"
    assert point.theme_id == event.themes[4].id  # the most common theme of the members
    assert c.raised_at(event.workshop) == {point.id: ["Table One", "Table Two", "Table Three"]}
    assert c.hidden_member_ids(event.workshop) == {one.id, two.id, three.id}
    [info] = c.list_consolidations(event.workshop)
    assert {m.id for m in info.members} == {one.id, two.id, three.id}
    assert info.table_names == ("Table One", "Table Two", "Table Three")
    # members are not changed, and nothing is suggested any more
    assert {p.text for p in list_points(event.workshop) if p.table_id} == {
        one.text,
        two.text,
        three.text,
    }
    assert duplicates.suggest_duplicates(event.workshop) == []


def test_consolidate_with_a_chosen_theme_or_none(event: Event) -> None:
    one = event.add(0, "Parking is limited", theme=2)
    two = event.add(1, "Limited parking", theme=2)
    point = c.consolidate(event.workshop, [one.id, two.id], "Limited parking", theme_id=None)
    assert point.theme_id is None
    c.undo_consolidation(event.workshop, point.id)
    point = c.consolidate(
        event.workshop, [one.id, two.id], "Limited parking", theme_id=event.themes[0].id
    )
    assert point.theme_id == event.themes[0].id


def test_undo_shows_the_members_again_and_redo_hides_them(event: Event) -> None:
    one = event.add(0, "Limited parking on site")
    two = event.add(1, "Parking at the new site is limited")
    point = c.consolidate(event.workshop, [one.id, two.id], "Limited parking on site")

    shown = c.undo_consolidation(event.workshop, point.id)

    assert {p.id for p in shown} == {one.id, two.id}
    assert c.hidden_member_ids(event.workshop) == set()
    assert c.raised_at(event.workshop) == {}
    assert len(duplicates.suggest_duplicates(event.workshop)) == 1
    c.redo_consolidation(event.workshop, point.id)
    assert c.hidden_member_ids(event.workshop) == {one.id, two.id}


def test_a_new_point_is_suggested_with_an_existing_consolidated_point(event: Event) -> None:
    one = event.add(0, "Limited parking on site")
    two = event.add(1, "Parking at the new site is limited")
    point = c.consolidate(event.workshop, [one.id, two.id], "Limited parking on site")
    three = event.add(2, "Limited on-site parking")

    [suggestion] = duplicates.suggest_duplicates(event.workshop)

    assert suggestion.point_ids == (point.id, three.id)
    assert suggestion.points[0].table_names == ("Table One", "Table Two")
    assert suggestion.suggested_text == "Limited parking on site"
    same = c.consolidate(event.workshop, suggestion.point_ids, suggestion.suggested_text)
    assert same.id == point.id  # joined the existing consolidated point
    assert c.raised_at(event.workshop) == {point.id: ["Table One", "Table Two", "Table Three"]}


def test_deleted_member_no_longer_counts_as_raised(event: Event) -> None:
    one = event.add(0, "Limited parking on site")
    two = event.add(1, "Parking at the new site is limited")
    point = c.consolidate(event.workshop, [one.id, two.id], "Limited parking on site")
    delete_point(event.workshop, two.id)
    assert c.raised_at(event.workshop) == {point.id: ["Table One"]}


def test_consolidate_refuses_bad_choices_and_changes_nothing(event: Event) -> None:
    one = event.add(0, "Limited parking on site")
    two = event.add(1, "Parking at the new site is limited", question=1)
    three = event.add(2, "Parking is limited")
    before = list_points(event.workshop, include_deleted=True)
    with pytest.raises(InvalidValueError, match="same question"):
        c.consolidate(event.workshop, [one.id, two.id], "Parking")
    with pytest.raises(InvalidValueError, match="at least two"):
        c.consolidate(event.workshop, [one.id, one.id], "Parking")
    with pytest.raises(InvalidValueError, match="empty"):
        c.consolidate(event.workshop, [one.id, three.id], "   ")
    assert list_points(event.workshop, include_deleted=True) == before
    c.consolidate(event.workshop, [one.id, three.id], "Parking")
    four = event.add(3, "Parking")
    with pytest.raises(InvalidValueError, match="already part"):
        c.consolidate(event.workshop, [one.id, four.id], "Parking")
    with pytest.raises(InvalidValueError, match="not a consolidated point"):
        c.undo_consolidation(event.workshop, one.id)


def test_member_edited_later_stays_consolidated(event: Event) -> None:
    one = event.add(0, "Limited parking on site")
    two = event.add(1, "Parking at the new site is limited")
    point = c.consolidate(event.workshop, [one.id, two.id], "Limited parking on site")
    edit_point_text(event.workshop, one.id, "Very limited parking on site")
    assert c.hidden_member_ids(event.workshop) == {one.id, two.id}
    assert c.raised_at(event.workshop)[point.id] == ["Table One", "Table Two"]


def test_forgetting_a_dismissal_suggests_the_pair_again_and_keeps_older_ones(
    event: Event,
) -> None:
    one = event.add(0, "Limited parking on site")
    two = event.add(1, "Parking at the new site is limited")
    three = event.add(2, "Parking on site is limited")
    duplicates.dismiss_suggestion(event.workshop, [one.id, two.id])
    earlier = duplicates.dismissed_pairs(event.workshop, [one.id, two.id, three.id])
    duplicates.dismiss_suggestion(event.workshop, [one.id, two.id, three.id])
    stored = duplicates.dismissed_pairs(event.workshop, [one.id, two.id, three.id]) - earlier
    assert len(earlier) == 1 and len(stored) == 2
    assert duplicates.suggest_duplicates(event.workshop) == []

    assert duplicates.forget_dismissal(event.workshop, stored) == 2
    suggestions = duplicates.suggest_duplicates(event.workshop)
    assert suggestions and all(three.id in s.point_ids for s in suggestions)
    assert duplicates.dismissed_pairs(event.workshop, [one.id, two.id, three.id]) == earlier
    assert duplicates.forget_dismissal(event.workshop, stored) == 0  # twice forgets nothing more


def test_unfold_takes_back_out_what_joined_an_existing_consolidated_point(event: Event) -> None:
    one = event.add(0, "Limited parking on site", theme=2)
    two = event.add(1, "Parking at the new site is limited", theme=2)
    three = event.add(2, "Limited on-site parking")
    four = event.add(3, "On-site parking is limited")
    first = c.consolidate(event.workshop, [one.id, two.id], "Limited parking")
    second = c.consolidate(event.workshop, [three.id, four.id], "Parking limited")
    before = c.member_ids(event.workshop, first.id)
    joined = c.consolidate(event.workshop, [first.id, second.id], "Parking", theme_id=None)
    assert joined.id == first.id
    added = [m for m in c.member_ids(event.workshop, first.id) if m not in before]
    assert set(added) == {three.id, four.id}

    with pytest.raises(InvalidValueError):  # it must keep at least one point
        c.unfold(event.workshop, first.id, [one.id, two.id, *added], text="x", theme_id=None)
    back = c.unfold(
        event.workshop, first.id, added, text=first.text, theme_id=first.theme_id,
        folded_ids=[second.id],
    )  # fmt: skip

    assert (back.text, back.theme_id) == ("Limited parking", event.themes[2].id)
    infos = {info.point.id: info for info in c.list_consolidations(event.workshop)}
    assert {m.id for m in infos[first.id].members} == {one.id, two.id}
    assert {m.id for m in infos[second.id].members} == {three.id, four.id}
    assert c.hidden_member_ids(event.workshop) == {one.id, two.id, three.id, four.id}


def test_consolidation_survives_a_re_merge_of_a_table_file(tmp_path: Path) -> None:
    event_path = tmp_path / "Event.workshop"
    with create_event_file(event_path, EventSpec.with_numbered_tables("Care", 3)) as workshop:
        tables = list_tables(workshop)
        question = list_questions(workshop)[0]
    files = []
    for number, text in enumerate(
        ["Ability to deliver care closer to home", "Care delivered closer to people's homes"]
    ):
        path = tmp_path / f"table-{number}.workshop"
        with open_workshop(event_path, read_only=True) as workshop:
            copy_workshop(workshop, path)
        with open_workshop(path) as table_file:
            add_point(table_file, tables[number].id, question.id, text)
        files.append(path)
    assert not merge.merge_files(event_path, files).any_refused
    with open_workshop(event_path) as workshop:
        [suggestion] = duplicates.suggest_duplicates(workshop)
        point = c.consolidate(workshop, suggestion.point_ids, "Care closer to home")
        first_id = suggestion.point_ids[0]

    # Table One fixes a typo and adds a point; its file is handed in again.
    with open_workshop(files[0]) as table_file:
        [mine] = list_points(table_file)
        edit_point_text(table_file, mine.id, "Ability to deliver care closer to home, in town")
        add_point(table_file, tables[0].id, question.id, "Fewer trips to hospital")
    [result] = merge.merge_files(event_path, [files[0]]).results
    assert result.status == merge.MergeStatus.MERGED
    assert result.updated == 1 and result.new == 1

    with open_workshop(event_path) as workshop:
        assert c.raised_at(workshop) == {point.id: ["Table One", "Table Two"]}
        assert first_id in c.hidden_member_ids(workshop)
        [info] = c.list_consolidations(workshop)
        assert "Ability to deliver care closer to home, in town" in {m.text for m in info.members}
        assert duplicates.suggest_duplicates(workshop) == []


def test_review_lists_points_as_the_report_shows_them(event: Event) -> None:
    one = event.add(0, "Limited parking on site", theme=2)
    two = event.add(1, "Parking at the new site is limited", theme=2)
    other = event.add(2, "Run a community transport scheme", question=2)
    gone = event.add(3, "Removed at the table")
    delete_point(event.workshop, gone.id)
    point = c.consolidate(event.workshop, [one.id, two.id], "Limited parking on site")

    rows = {row.point.id: row for row in list_review_points(event.workshop)}

    assert set(rows) == {point.id, other.id}
    assert rows[point.id].consolidated
    assert rows[point.id].table_names == ("Table One", "Table Two")
    assert rows[point.id].member_count == 2
    assert rows[point.id].theme_name == "Infrastructure"
    assert rows[other.id].question_number == 3
    assert rows[other.id].table_names == ("Table Three",)
    assert rows[other.id].open_conflicts == 0


def test_review_rows_and_members_come_in_reading_order_whatever_order_they_were_typed(
    event: Event,
) -> None:
    # typed out of order: later tables and questions first
    late = event.add(2, "Evening clinics at the later table", question=1)
    three = event.add(2, "Care closer to home at Table Three")
    evening = event.add(0, "Evening clinics")
    two = event.add(1, "Care closer to home at Table Two")
    one = event.add(0, "Care closer to home at Table One")
    parking = event.add(0, "Parking is limited", question=1)
    point = c.consolidate(event.workshop, [three.id, one.id, two.id], "Care closer to home")

    review = read_review(event.workshop)

    # by question, then table (consolidated points first), then place
    assert [row.point.id for row in review.rows] == [point.id, evening.id, parking.id, late.id]
    [info] = c.list_consolidations(event.workshop)
    assert [m.id for m in review.consolidations[point.id].members] == [m.id for m in info.members]
    assert [m.id for m in info.members] == [one.id, two.id, three.id]  # by table
    assert review.consolidations[point.id].table_names == ("Table One", "Table Two", "Table Three")


def test_a_member_with_a_merge_conflict_is_listed_only_through_its_consolidated_point(
    tmp_path: Path,
) -> None:
    event_path = tmp_path / "Event.workshop"
    with create_event_file(event_path, EventSpec.with_numbered_tables("Care", 2)) as workshop:
        tables = list_tables(workshop)
        question = list_questions(workshop)[0]
    files = []
    for number, text in enumerate(["Limited parking on site", "Parking on site is limited"]):
        path = tmp_path / f"table-{number}.workshop"
        with open_workshop(event_path, read_only=True) as workshop:
            copy_workshop(workshop, path)
        with open_workshop(path) as table_file:
            add_point(table_file, tables[number].id, question.id, text)
        files.append(path)
    assert not merge.merge_files(event_path, files).any_refused
    with open_workshop(event_path) as workshop:
        one, two = list_points(workshop)
        point = c.consolidate(workshop, [one.id, two.id], "Limited parking")
        edit_point_text(workshop, one.id, "Limited parking at the hospital")
    with open_workshop(files[0]) as table_file:  # the table changed it too: a conflict
        edit_point_text(table_file, one.id, "Very limited parking on site")
    [result] = merge.merge_files(event_path, [files[0]]).results
    assert result.conflicts == 1

    with open_workshop(event_path) as workshop:
        [conflict] = merge.list_conflicts(workshop)
        assert conflict.point_id == one.id  # still there to settle in the Conflicts panel
        rows = list_review_points(workshop)
        assert [row.point.id for row in rows] == [point.id]  # not the member on its own
        assert rows[0].open_conflicts == 1 and rows[0].conflict_point_ids == (one.id,)
        with pytest.raises(InvalidValueError, match="already part of a consolidated point"):
            c.consolidate(workshop, [one.id, point.id], "Parking")  # so it is never offered

        merge.keep_theirs(workshop, conflict.id)
        [row] = list_review_points(workshop)
        assert row.point.id == point.id and row.open_conflicts == 0
        c.undo_consolidation(workshop, point.id)  # on its own again, conflict settled
        assert {row.point.id for row in list_review_points(workshop)} == {one.id, two.id}
