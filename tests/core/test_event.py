"""Event set-up: creating an event from a spec, and changing questions, themes, tables, people."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.core import event, points, store
from facilitator_app.core.errors import (
    InUseError,
    InvalidSpecError,
    InvalidValueError,
    NotFoundError,
    UnknownQuestionError,
    UnknownTableError,
    UnknownThemeError,
)
from facilitator_app.core.event import EventSpec, ParticipantSpec
from facilitator_app.core.model import DEFAULT_THEMES, QuestionKind, Role, default_table_name
from facilitator_app.core.store import Workshop


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.name for row in rows]


def positions(rows: list) -> list[int]:  # type: ignore[type-arg]
    return [row.position for row in rows]


# --- creating ------------------------------------------------------------------------------


def test_new_event_has_the_standard_set_up(event_file: Workshop) -> None:
    info = event.get_event(event_file)
    assert (info.title, info.date, info.venue) == ("Care closer to home", "2026-03-14", "Town Hall")
    questions = event.list_questions(event_file)
    assert [q.kind for q in questions] == [
        QuestionKind.ADVANTAGE,
        QuestionKind.ISSUE,
        QuestionKind.MITIGATION,
    ]
    assert [q.number for q in questions] == [1, 2, 3]
    assert tuple(names(event.list_themes(event_file))) == DEFAULT_THEMES
    assert names(event.list_tables(event_file)) == [
        "Table One",
        "Table Two",
        "Table Three",
        "Table Four",
    ]
    assert positions(event.list_tables(event_file)) == [0, 1, 2, 3]


def test_event_from_a_full_spec_with_participants(tmp_path: Path) -> None:
    spec = EventSpec.from_mapping(
        {
            "title": "  Stroke services ",
            "date": "2026-05-01",
            "venue": "Civic Centre",
            "context": "Two options are on the table.",
            "questions": ["What works?", {"text": "What worries you?", "kind": "Issue"}],
            "themes": ["Access", " Cost "],
            "tables": [
                {
                    "name": "Red",
                    "participants": [
                        {"name": "Ann", "organisation": "NHS", "role": "facilitator"},
                        {"name": "Bob", "role": "SCRIBE"},
                        {"name": "Cat"},
                    ],
                },
                "Blue",
            ],
        }
    )
    with event.create_event_file(tmp_path / "e.workshop", spec) as workshop:
        assert event.get_event(workshop).title == "Stroke services"
        assert event.get_event(workshop).context == "Two options are on the table."
        assert [(q.text, q.kind) for q in event.list_questions(workshop)] == [
            ("What works?", QuestionKind.OTHER),
            ("What worries you?", QuestionKind.ISSUE),
        ]
        assert names(event.list_themes(workshop)) == ["Access", "Cost"]
        red, blue = event.list_tables(workshop)
        people = event.list_participants(workshop, red.id)
        assert [(p.name, p.organisation, p.role, p.position) for p in people] == [
            ("Ann", "NHS", Role.FACILITATOR, 0),
            ("Bob", "", Role.SCRIBE, 1),
            ("Cat", "", Role.PARTICIPANT, 2),
        ]
        assert event.list_participants(workshop, blue.id) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["x"], "JSON object"),
        ({}, '"title" is required'),
        ({"title": "  "}, '"title" is required'),
        ({"title": 3}, '"title" must be text'),
        ({"title": "x", "colour": "red"}, "Unknown key.*colour"),
        ({"title": "x", "date": "14/03/2026"}, "YYYY-MM-DD"),
        ({"title": "x", "questions": []}, "at least one question"),
        ({"title": "x", "questions": "Q1"}, '"questions" must be a list'),
        ({"title": "x", "questions": [{"text": "Q", "kind": "wish"}]}, r"questions.\[0\]\.kind"),
        ({"title": "x", "questions": [{"kind": "issue"}]}, r"questions.\[0\]\.text"),
        ({"title": "x", "themes": ["Access", "access"]}, "theme 'access' is listed twice"),
        ({"title": "x", "themes": ["", "B"]}, r"themes.\[0\]"),
        ({"title": "x", "tables": ["Red", "RED"]}, "table 'RED' is listed twice"),
        ({"title": "x", "tables": [{"name": "R", "participants": {}}]}, "must be a list"),
        ({"title": "x", "tables": [{"name": "R", "participants": [{"name": "A", "role": "x"}]}]},
         "'x'; it must be one of"),
        ({"title": "x", "tables": [{"name": "R", "participants": ["Ann"]}]}, r"participants\[0\]"),
    ],
)  # fmt: skip
def test_bad_specs_name_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(InvalidSpecError, match=message):
        EventSpec.from_mapping(data)


def test_numbered_tables_are_named_as_facilitators_say_them() -> None:
    spec = EventSpec.with_numbered_tables("Day", 21)
    assert spec.tables[0].name == "Table One"
    assert spec.tables[19].name == "Table Twenty"
    assert spec.tables[20].name == "Table 21"
    assert default_table_name(3) == "Table Three"
    with pytest.raises(InvalidSpecError, match="negative"):
        EventSpec.with_numbered_tables("Day", -1)


def test_an_event_needs_a_title(tmp_path: Path) -> None:
    with pytest.raises(InvalidSpecError, match="title"):
        event.create_event_file(tmp_path / "e.workshop", EventSpec(title="  "))
    assert not (tmp_path / "e.workshop").exists()


def test_failed_creation_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def power_cut(**_values: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(event, "Participant", power_cut)
    spec = EventSpec(title="Day", tables=(event.TableSpec("Red", (ParticipantSpec("Ann"),)),))
    with pytest.raises(OSError, match="power cut"):
        event.create_event_file(tmp_path / "e.workshop", spec)
    assert list(tmp_path.iterdir()) == []


# --- the event -----------------------------------------------------------------------------


def test_update_event_trims_and_checks(event_file: Workshop) -> None:
    info = event.update_event(event_file, title="  New title ", venue=" Hall ", date=" 2026-04-01 ")
    assert (info.title, info.venue, info.date) == ("New title", "Hall", "2026-04-01")
    assert event.update_event(event_file, date="").date == ""
    with pytest.raises(InvalidValueError, match="title"):
        event.update_event(event_file, title=" ")
    with pytest.raises(InvalidSpecError, match="YYYY-MM-DD"):
        event.update_event(event_file, date="next Tuesday")
    assert event.get_event(event_file).title == "New title"


# --- questions -----------------------------------------------------------------------------


def test_questions_add_update_move(event_file: Workshop) -> None:
    added = event.add_question(event_file, "  Anything   else? ", QuestionKind.OTHER)
    assert (added.text, added.position, added.number) == ("Anything else?", 3, 4)
    event.update_question(event_file, added.id, text="Any other comments?", kind=QuestionKind.ISSUE)
    event.move_question(event_file, added.id, 0)
    questions = event.list_questions(event_file)
    assert questions[0].text == "Any other comments?" and questions[0].kind is QuestionKind.ISSUE
    assert positions(questions) == [0, 1, 2, 3]
    event.move_question(event_file, added.id, 99)  # clamped to the end
    assert event.list_questions(event_file)[-1].id == added.id
    with pytest.raises(InvalidValueError, match="cannot be empty"):
        event.add_question(event_file, "   ")
    with pytest.raises(InvalidValueError, match="cannot be empty"):
        event.update_question(event_file, added.id, text="")
    with pytest.raises(NotFoundError):
        event.move_question(event_file, "no-such-id", 0)


def test_remove_question_refuses_when_it_has_points(event_file: Workshop) -> None:
    first, second, third = event.list_questions(event_file)
    table = event.list_tables(event_file)[0]
    point = points.add_point(event_file, table.id, second.id, "Parking")
    with pytest.raises(InUseError, match="Question 2 has 1 point"):
        event.remove_question(event_file, second.id)
    points.delete_point(event_file, point.id)
    with pytest.raises(InUseError):  # the tombstone still refers to it
        event.remove_question(event_file, second.id)
    event.remove_question(event_file, first.id)
    remaining = event.list_questions(event_file)
    assert [q.id for q in remaining] == [second.id, third.id]
    assert positions(remaining) == [0, 1]
    event.remove_question(event_file, third.id)
    with pytest.raises(InUseError):
        event.remove_question(event_file, second.id)


def test_last_question_cannot_be_removed(tmp_path: Path) -> None:
    spec = EventSpec(title="Day", questions=(event.QuestionSpec("Only"),))
    with event.create_event_file(tmp_path / "e.workshop", spec) as workshop:
        [only] = event.list_questions(workshop)
        with pytest.raises(InUseError, match="at least one question"):
            event.remove_question(workshop, only.id)


def test_question_by_number(event_file: Workshop) -> None:
    assert event.question_by_number(event_file, 2).kind is QuestionKind.ISSUE
    for number in (0, 4):
        with pytest.raises(UnknownQuestionError, match="this event has 3"):
            event.question_by_number(event_file, number)


# --- themes --------------------------------------------------------------------------------


def test_themes_add_rename_move(event_file: Workshop) -> None:
    added = event.add_theme(event_file, "  Digital  ")
    assert (added.name, added.position) == ("Digital", len(DEFAULT_THEMES))
    with pytest.raises(InvalidValueError, match="already a theme called 'Access'"):
        event.add_theme(event_file, "ACCESS")
    with pytest.raises(InvalidValueError, match="already a theme"):
        event.rename_theme(event_file, added.id, "access")
    event.rename_theme(event_file, added.id, "Digital access")
    event.rename_theme(event_file, added.id, "digital ACCESS")  # its own name in another case
    event.move_theme(event_file, added.id, 1)
    themes = event.list_themes(event_file)
    assert themes[1].name == "digital ACCESS"
    assert positions(themes) == list(range(len(themes)))
    assert event.find_theme(event_file, "  Digital   access ").id == added.id
    with pytest.raises(UnknownThemeError, match=r"Weather.*Workforce"):
        event.find_theme(event_file, "Weather")


def test_remove_theme_with_points_needs_a_decision(event_file: Workshop) -> None:
    access = event.find_theme(event_file, "Access")
    workforce = event.find_theme(event_file, "Workforce")
    table = event.list_tables(event_file)[0]
    question = event.list_questions(event_file)[0]
    kept = points.add_point(event_file, table.id, question.id, "Nearer", theme_id=access.id)
    gone = points.add_point(event_file, table.id, question.id, "Old", theme_id=access.id)
    points.delete_point(event_file, gone.id)
    assert event.count_theme_points(event_file, access.id) == 1

    with pytest.raises(InUseError, match="'Access' has 1 point"):
        event.remove_theme(event_file, access.id)
    with pytest.raises(InvalidValueError, match="theme being removed"):
        event.remove_theme(event_file, access.id, reassign_to=access.id)
    with pytest.raises(NotFoundError):
        event.remove_theme(event_file, access.id, reassign_to="no-such-theme")
    assert points.get_point(event_file, kept.id).theme_id == access.id  # nothing changed

    assert event.remove_theme(event_file, access.id, reassign_to=workforce.id) == 1
    moved = points.get_point(event_file, kept.id)
    assert moved.theme_id == workforce.id
    assert moved.revision == 2  # merge sees the change
    assert points.get_point(event_file, gone.id).theme_id == workforce.id
    assert "Access" not in names(event.list_themes(event_file))
    assert positions(event.list_themes(event_file)) == list(range(len(DEFAULT_THEMES) - 1))


def test_remove_theme_leaving_points_unthemed(event_file: Workshop) -> None:
    access = event.find_theme(event_file, "Access")
    table = event.list_tables(event_file)[0]
    question = event.list_questions(event_file)[0]
    point = points.add_point(event_file, table.id, question.id, "Nearer", theme_id=access.id)
    assert event.remove_theme(event_file, access.id, unthemed=True) == 1
    assert points.get_point(event_file, point.id).theme_id is None


def test_remove_empty_theme(event_file: Workshop) -> None:
    cost = event.add_theme(event_file, "Cost")
    assert event.remove_theme(event_file, cost.id) == 0
    assert "Cost" not in names(event.list_themes(event_file))


def test_remove_theme_whose_points_are_all_deleted_needs_no_decision(event_file: Workshop) -> None:
    access = event.find_theme(event_file, "Access")
    table = event.list_tables(event_file)[0]
    question = event.list_questions(event_file)[0]
    gone = points.add_point(event_file, table.id, question.id, "Old", theme_id=access.id)
    points.delete_point(event_file, gone.id)
    assert event.remove_theme(event_file, access.id) == 0
    assert points.get_point(event_file, gone.id).theme_id is None


# --- tables --------------------------------------------------------------------------------


def test_tables_add_rename_move_find(event_file: Workshop) -> None:
    fifth = event.add_table(event_file)
    assert (fifth.name, fifth.position) == ("Table Five", 4)
    red = event.add_table(event_file, "  Red ")
    assert red.name == "Red"
    with pytest.raises(InvalidValueError, match="already a table called 'Red'"):
        event.add_table(event_file, "red")
    with pytest.raises(InvalidValueError, match="cannot be empty"):
        event.add_table(event_file, " ")
    event.rename_table(event_file, red.id, "Blue")
    event.move_table(event_file, red.id, 0)
    tables = event.list_tables(event_file)
    assert names(tables)[:2] == ["Blue", "Table One"]
    assert positions(tables) == list(range(6))
    assert event.find_table(event_file, "table   five").id == fifth.id
    with pytest.raises(UnknownTableError, match=r"'Green'.*Blue, Table One"):
        event.find_table(event_file, "Green")


def test_adding_a_table_after_a_removal_picks_a_free_name(event_file: Workshop) -> None:
    two = event.find_table(event_file, "Table Two")
    event.remove_table(event_file, two.id)
    added = event.add_table(event_file)
    assert added.name == "Table Five"
    assert names(event.list_tables(event_file)) == [
        "Table One", "Table Three", "Table Four", "Table Five"
    ]  # fmt: skip


def test_remove_table_refuses_with_points_and_takes_people_and_drafts(event_file: Workshop) -> None:
    one, two = event.list_tables(event_file)[:2]
    question = event.list_questions(event_file)[0]
    points.add_point(event_file, one.id, question.id, "Nearer")
    with pytest.raises(InUseError, match="Table One has 1 point"):
        event.remove_table(event_file, one.id)
    event.add_participant(event_file, two.id, "Ann")
    points.save_draft(event_file, two.id, question.id, "half typed")
    event.remove_table(event_file, two.id)
    assert "Table Two" not in names(event.list_tables(event_file))
    assert positions(event.list_tables(event_file)) == [0, 1, 2]
    assert event.list_participants(event_file) == []
    # The file stays sound: nothing refers to the removed table.
    event_file.close()
    assert store.check_file(event_file.path).sound


# --- participants --------------------------------------------------------------------------


def test_participants_add_update_remove(event_file: Workshop) -> None:
    one, two = event.list_tables(event_file)[:2]
    ann = event.add_participant(event_file, one.id, " Ann Lee ", " NHS ", Role.SCRIBE)
    bob = event.add_participant(event_file, one.id, "Bob")
    cat = event.add_participant(event_file, two.id, "Cat", role=Role.FACILITATOR)
    assert (ann.name, ann.organisation, ann.role, ann.position) == (
        "Ann Lee",
        "NHS",
        Role.SCRIBE,
        0,
    )
    assert bob.position == 1 and bob.role is Role.PARTICIPANT
    assert names(event.list_participants(event_file)) == ["Ann Lee", "Bob", "Cat"]

    event.update_participant(event_file, bob.id, name="Robert", organisation="Council")
    event.update_participant(event_file, ann.id, role=Role.FACILITATOR)
    people = {p.id: p for p in event.list_participants(event_file)}
    assert (people[bob.id].name, people[bob.id].organisation) == ("Robert", "Council")
    assert people[ann.id].role is Role.FACILITATOR
    with pytest.raises(InvalidValueError, match="name cannot be empty"):
        event.update_participant(event_file, bob.id, name=" ")
    with pytest.raises(InvalidValueError, match="name cannot be empty"):
        event.add_participant(event_file, one.id, "")
    with pytest.raises(NotFoundError):
        event.add_participant(event_file, "no-such-table", "Dee")
    with pytest.raises(NotFoundError):
        event.update_participant(event_file, "no-such-person", name="Dee")

    event.remove_participant(event_file, ann.id)
    assert [(p.name, p.position) for p in event.list_participants(event_file, one.id)] == [
        ("Robert", 0)
    ]
    event.remove_participant(event_file, ann.id)  # already gone: nothing to do
    assert [p.id for p in event.list_participants(event_file, two.id)] == [cat.id]


def test_moving_a_participant_to_another_table_keeps_both_lists_dense(event_file: Workshop) -> None:
    one, two = event.list_tables(event_file)[:2]
    ann = event.add_participant(event_file, one.id, "Ann")
    event.add_participant(event_file, one.id, "Bob")
    event.add_participant(event_file, two.id, "Cat")
    event.update_participant(event_file, ann.id, table_id=two.id)
    assert [(p.name, p.position) for p in event.list_participants(event_file, two.id)] == [
        ("Cat", 0),
        ("Ann", 1),
    ]
    assert [(p.name, p.position) for p in event.list_participants(event_file, one.id)] == [
        ("Bob", 0)
    ]


def test_replace_participants_is_all_or_nothing(event_file: Workshop) -> None:
    table = event.list_tables(event_file)[0]
    event.add_participant(event_file, table.id, "Old")
    people = [ParticipantSpec("Ann", "NHS", Role.SCRIBE), ParticipantSpec(" ")]
    with pytest.raises(InvalidValueError):
        event.replace_participants(event_file, table.id, people)
    assert names(event.list_participants(event_file, table.id)) == ["Old"]
    event.replace_participants(event_file, table.id, people[:1])
    assert names(event.list_participants(event_file, table.id)) == ["Ann"]
