"""Set-up removals that undo can take back exactly: the same row (same UUID, same place, same
seating plan), its points back under a removed theme, and nothing changed since overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.core import event as setup
from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.merge import merge_files
from facilitator_app.core.model import QuestionKind, Role
from facilitator_app.core.points import add_point, get_point, set_point_theme
from facilitator_app.core.setup_removals import SetupKind, remove, restore
from facilitator_app.core.store import Workshop, copy_workshop, open_workshop


def test_a_removed_question_comes_back_with_its_identity_and_place(event_file: Workshop) -> None:
    before = setup.list_questions(event_file)
    added = setup.add_question(event_file, "What else?", QuestionKind.OTHER)
    setup.move_question(event_file, added.id, 1)
    placed = setup.list_questions(event_file)

    removal = remove(event_file, SetupKind.QUESTION, added.id)
    assert removal is not None
    assert setup.list_questions(event_file) == before
    restored = restore(event_file, removal)

    assert not restored.already_there
    assert setup.list_questions(event_file) == placed


def test_a_removed_table_comes_back_with_its_seating_plan(event_file: Workshop) -> None:
    table = setup.find_table(event_file, "Table Two")
    setup.add_participant(event_file, table.id, "Ann Lee", "NHS Trust", Role.SCRIBE)
    setup.add_participant(event_file, table.id, "Raj Patel", "Council")
    tables, people = setup.list_tables(event_file), setup.list_participants(event_file)

    removal = remove(event_file, SetupKind.TABLE, table.id)
    assert removal is not None and setup.list_participants(event_file) == []
    restore(event_file, removal)

    assert setup.list_tables(event_file) == tables
    assert setup.list_participants(event_file) == people


def test_a_removed_person_takes_their_old_seat(event_file: Workshop) -> None:
    table = setup.find_table(event_file, "Table One")
    for name in ("Ann Lee", "Raj Patel", "Sue Wong"):
        setup.add_participant(event_file, table.id, name)
    seated = setup.list_participants(event_file, table.id)

    removal = remove(event_file, SetupKind.PARTICIPANT, seated[1].id)
    assert removal is not None
    restore(event_file, removal)

    assert setup.list_participants(event_file, table.id) == seated


def test_a_removed_themes_points_go_back_unless_re_themed_since(event_file: Workshop) -> None:
    table = setup.find_table(event_file, "Table One").id
    question = setup.list_questions(event_file)[0].id
    access = setup.find_theme(event_file, "Access").id
    workforce = setup.find_theme(event_file, "Workforce").id
    infrastructure = setup.find_theme(event_file, "Infrastructure").id
    moved_back = add_point(event_file, table, question, "Closer clinics", theme_id=access).id
    re_themed = add_point(event_file, table, question, "Fewer trips", theme_id=access).id
    themes = setup.list_themes(event_file)

    removal = remove(event_file, SetupKind.THEME, access, reassign_to=workforce)
    assert removal is not None
    assert get_point(event_file, moved_back).theme_id == workforce
    set_point_theme(event_file, re_themed, infrastructure)  # changed since: left alone
    restored = restore(event_file, removal)

    assert setup.list_themes(event_file) == themes
    assert get_point(event_file, moved_back).theme_id == access
    assert get_point(event_file, re_themed).theme_id == infrastructure
    assert restored.points_left_alone == 1


def test_a_row_a_merge_brought_back_is_left_alone(tmp_path: Path, event_file: Workshop) -> None:
    table_file = tmp_path / "Table Two.workshop"
    copy_workshop(event_file, table_file)
    question = setup.list_questions(event_file)[2]
    removal = remove(event_file, SetupKind.QUESTION, question.id)
    assert removal is not None
    event_file.close()
    merge_files(tmp_path / "event.workshop", [table_file], backup=False)  # brings it back

    with open_workshop(tmp_path / "event.workshop") as workshop:
        assert restore(workshop, removal).already_there
        assert [q.id for q in setup.list_questions(workshop)].count(question.id) == 1


def test_a_merge_after_a_restore_recognises_the_row(tmp_path: Path, event_file: Workshop) -> None:
    table_file = tmp_path / "Table Two.workshop"
    copy_workshop(event_file, table_file)
    theme = setup.find_theme(event_file, "Access")
    removal = remove(event_file, SetupKind.THEME, theme.id)
    assert removal is not None
    restore(event_file, removal)
    themes = setup.list_themes(event_file)
    event_file.close()

    merge_files(tmp_path / "event.workshop", [table_file], backup=False)

    with open_workshop(tmp_path / "event.workshop", read_only=True) as workshop:
        assert setup.list_themes(workshop) == themes  # no "Access (Table Two.workshop)"


def test_a_name_taken_since_refuses_the_restore_and_changes_nothing(event_file: Workshop) -> None:
    theme = setup.find_theme(event_file, "Access")
    removal = remove(event_file, SetupKind.THEME, theme.id)
    assert removal is not None
    setup.add_theme(event_file, "access")
    themes = setup.list_themes(event_file)

    with pytest.raises(InvalidValueError, match="another theme called 'access'"):
        restore(event_file, removal)
    assert setup.list_themes(event_file) == themes


def test_a_redo_leaves_alone_a_row_changed_since(event_file: Workshop) -> None:
    theme = setup.find_theme(event_file, "Access")
    removal = remove(event_file, SetupKind.THEME, theme.id)
    assert removal is not None
    restore(event_file, removal)
    setup.rename_theme(event_file, theme.id, "Getting there")

    assert remove(event_file, SetupKind.THEME, theme.id, expected=removal.row) is None
    assert setup.find_theme(event_file, "Getting there").id == theme.id


def test_a_question_with_words_typed_but_not_added_is_not_removed(event_file: Workshop) -> None:
    from facilitator_app.core.errors import InUseError
    from facilitator_app.core.points import load_drafts, save_draft

    table = setup.find_table(event_file, "Table One").id
    question = setup.add_question(event_file, "What else?", QuestionKind.OTHER)
    save_draft(event_file, table, question.id, "half a thought")
    with pytest.raises(InUseError, match="typed but not yet added"):
        remove(event_file, SetupKind.QUESTION, question.id)
    assert load_drafts(event_file, table)[question.id] == "half a thought"

    save_draft(event_file, table, question.id, "")  # the box was cleared
    removal = remove(event_file, SetupKind.QUESTION, question.id)
    assert removal is not None
    restore(event_file, removal)
    assert question.id in [q.id for q in setup.list_questions(event_file)]
