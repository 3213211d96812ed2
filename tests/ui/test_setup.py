"""The facilitator's event set-up, driven through its real widgets; every edit must be on disk
(checked by closing the file and opening it again)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator_app.core import event as setup
from facilitator_app.core.model import QuestionKind, Role
from facilitator_app.core.points import add_point, list_points
from facilitator_app.core.store import Workshop, open_workshop
from facilitator_app.ui.setup import SetupView
from facilitator_app.ui.setup.models import (
    ParticipantsModel,
    QuestionsModel,
    TablesModel,
    ThemesModel,
)
from facilitator_app.ui.setup.theme_removal import ThemeDestination


class AskedDialogs:
    def __init__(self) -> None:
        self.answer: ThemeDestination | None = None
        self.asked: list[tuple[str, int, list[str]]] = []
        self.confirmed: list[str] = []
        self.confirm_answer = False

    def choose_theme_destination(self, theme: Any, count: int, others: Any) -> Any:
        self.asked.append((theme.name, count, [other.name for other in others]))
        return self.answer

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.confirmed.append(text)
        return self.confirm_answer


@pytest.fixture
def dialogs() -> AskedDialogs:
    return AskedDialogs()


@pytest.fixture
def open_setup(
    qtbot: QtBot, seated_event_path: Path, dialogs: AskedDialogs
) -> Iterator[Callable[[], SetupView]]:
    opened: list[Workshop] = []

    def opener() -> SetupView:
        workshop = open_workshop(seated_event_path)
        opened.append(workshop)
        view = SetupView(workshop, dialogs)
        qtbot.addWidget(view)
        view.resize(1366, 700)
        view.show()
        view.activateWindow()
        qtbot.waitExposed(view)
        qtbot.waitUntil(view.isActiveWindow)
        return view

    yield opener
    for workshop in opened:
        workshop.close()


def reopened(path: Path) -> Workshop:
    return open_workshop(path, read_only=True)


def commit_editor(qtbot: QtBot, editor: Any) -> None:
    """Enter in a cell editor: Qt commits it from a queued call, so wait until it has closed."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)


def edit_cell(qtbot: QtBot, view: Any, row: int, column: int, text: str) -> None:
    """Select a cell, press F2, replace its text and press Enter: as a keyboard user would."""
    index = view.model().index(row, column)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not view, "no editor opened"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    commit_editor(qtbot, editor)


# --- event details -------------------------------------------------------------------------


def test_event_details_are_stored_as_they_are_edited(
    open_setup: Callable[[], SetupView], seated_event_path: Path, qtbot: QtBot
) -> None:
    view = open_setup()
    form = view.event_form
    stored: list[bool] = []
    view.operations.changed.connect(lambda *_: stored.append(True))
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Care nearer home")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    form.venue.setFocus()
    form.venue.selectAll()
    qtbot.keyClicks(form.venue, "Village Hall")
    qtbot.keyClick(form.venue, Qt.Key.Key_Return)
    form.date.setFocus()
    qtbot.keyClicks(form.date, "2 May 2026")
    qtbot.keyClick(form.date, Qt.Key.Key_Return)
    form.context.setFocus()
    qtbot.keyClicks(form.context, "Two options are on the table.")
    form.flush()
    assert len(stored) == 4
    view.workshop.close()
    with reopened(seated_event_path) as workshop:
        info = setup.get_event(workshop)
    assert (info.title, info.venue, info.date) == ("Care nearer home", "Village Hall", "2026-05-02")
    assert info.context == "Two options are on the table."


def test_context_is_stored_after_a_pause_without_leaving_the_field(
    open_setup: Callable[[], SetupView], seated_event_path: Path, qtbot: QtBot
) -> None:
    view = open_setup()
    view.event_form.context.setFocus()
    with qtbot.waitSignal(view.operations.changed, timeout=3000):
        qtbot.keyClicks(view.event_form.context, "Background")
    assert setup.get_event(view.workshop).context == "Background"


def test_an_empty_title_is_refused_and_the_field_reverts(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    messages: list[str] = []
    view.failed.connect(messages.append)
    view.event_form.title.setFocus()
    view.event_form.title.selectAll()
    qtbot.keyClick(view.event_form.title, Qt.Key.Key_Delete)
    qtbot.keyClick(view.event_form.title, Qt.Key.Key_Return)
    assert messages == ["An event needs a title."]
    assert view.event_form.title.text() == "Care closer to home"


def test_no_date_is_kept_as_no_date(open_setup: Callable[[], SetupView], qtbot: QtBot) -> None:
    view = open_setup()
    form = view.event_form
    form.date.setFocus()
    qtbot.keyClicks(form.date, "12 May 2026")
    qtbot.keyClick(form.date, Qt.Key.Key_Return)
    assert setup.get_event(view.workshop).date == "2026-05-12"
    form.date.selectAll()
    qtbot.keyClick(form.date, Qt.Key.Key_Delete)
    qtbot.keyClick(form.date, Qt.Key.Key_Return)
    assert setup.get_event(view.workshop).date == ""
    assert form.date.text() == "" and "No date set" in form.date.placeholderText()


def test_dates_are_typed_as_people_type_them_and_tab_goes_on_to_the_venue(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    """The day typed stays in the field (no jump to the month), Alt+D lands on the whole
    date, and Tab leaves for the venue only with the date read: the venue is never typed
    over."""
    view = open_setup()
    form = view.event_form
    form.venue.setText("Town Hall")
    for typed, stored in (
        ("12 May 2026", "2026-05-12"),
        ("12/05/2026", "2026-05-12"),
        ("3.6.26", "2026-06-03"),
        ("2026-07-14", "2026-07-14"),
    ):
        form.title.setFocus()
        qtbot.keyClick(form.title, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is form.date
        qtbot.keyClicks(form.date, typed)  # replaces the whole date, Alt+D selected it
        qtbot.keyClick(form.date, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is form.venue
        assert setup.get_event(view.workshop).date == stored
        assert setup.get_event(view.workshop).venue == "Town Hall"
    assert form.date.text() == "14 July 2026"


def test_a_text_that_is_no_date_is_explained_and_nothing_is_stored(
    open_setup: Callable[[], SetupView], qtbot: QtBot, dialogs: AskedDialogs
) -> None:
    view = open_setup()
    form = view.event_form
    refusals: list[str] = []
    view.failed.connect(refusals.append)
    form.date.setFocus()
    qtbot.keyClicks(form.date, "31/02/2026")
    qtbot.keyClick(form.date, Qt.Key.Key_Return)
    assert refusals == [
        "“31/02/2026” is not a date the app can read: type it like 12 May 2026 or 12/05/2026."
    ]
    assert setup.get_event(view.workshop).date == "2026-03-14"  # as it was
    assert form.date.text() == "31/02/2026"  # kept, to be corrected
    form.venue.setFocus()
    assert len(refusals) == 1  # said once, not again as the field is left


def test_the_date_field_is_as_wide_as_a_date(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)
    form = view.event_form
    assert form.date.width() < form.title.width() // 2


@pytest.mark.parametrize(
    ("count", "wording"),
    [(1, "has 1 point. Choose where it goes"), (3, "has 3 points. Choose where they go")],
)
def test_theme_removal_says_how_many_points_in_plain_words(
    qtbot: QtBot, count: int, wording: str
) -> None:
    from PySide6.QtWidgets import QLabel

    from facilitator_app.core.records import ThemeInfo
    from facilitator_app.ui.setup.theme_removal import ThemeRemovalDialog

    dialog = ThemeRemovalDialog(ThemeInfo("a", 0, "Access"), count, [])
    qtbot.addWidget(dialog)
    [message] = [label.text() for label in dialog.findChildren(QLabel) if "Access" in label.text()]
    assert wording in message


# --- questions -----------------------------------------------------------------------------


def test_questions_are_added_edited_reordered_and_given_a_kind(
    open_setup: Callable[[], SetupView], seated_event_path: Path, qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(1)
    editor = view.questions
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)  # adds, and opens the new row's editor
    text_editor = QApplication.focusWidget()
    text_editor.selectAll()
    qtbot.keyClicks(text_editor, "Who else should we ask?")
    commit_editor(qtbot, text_editor)
    assert editor.current_row() == 3
    # kind, through the combo delegate
    editor.view.setCurrentIndex(view.questions_model.index(3, 1))
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(QuestionKind.ISSUE.value))
    commit_editor(qtbot, combo)
    # move it up to second place with Alt+Up twice
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.current_row() == 1
    assert view.questions_model.index(1, 0).data() == "Who else should we ask?"
    # remove the (point-less) third question with Delete
    editor.select_row(2)
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    view.workshop.close()
    with reopened(seated_event_path) as workshop:
        questions = setup.list_questions(workshop)
    assert [q.text for q in questions][1] == "Who else should we ask?"
    assert [q.kind for q in questions] == [
        QuestionKind.ADVANTAGE, QuestionKind.ISSUE, QuestionKind.MITIGATION
    ]  # fmt: skip
    assert questions[2].text.startswith("What variations or mitigations")


def test_a_question_with_points_is_not_removed(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    question = setup.list_questions(view.workshop)[0]
    table = setup.find_table(view.workshop, "Table Two")
    add_point(view.workshop, table.id, question.id, "A point")
    messages: list[str] = []
    view.failed.connect(messages.append)
    view.remove_question(0)
    assert messages and "has 1 point;" in messages[0]
    assert len(setup.list_questions(view.workshop)) == 3


# --- themes --------------------------------------------------------------------------------


def test_themes_are_added_renamed_and_reordered(
    open_setup: Callable[[], SetupView], seated_event_path: Path, qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(1)
    themes = view.themes
    themes.view.setFocus()
    qtbot.mouseClick(themes.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Transport")
    commit_editor(qtbot, editor)
    edit_cell(qtbot, themes.view, 0, 0, "Quality")
    themes.select_row(6)
    qtbot.keyClick(themes.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    view.workshop.close()
    with reopened(seated_event_path) as workshop:
        names = [theme.name for theme in setup.list_themes(workshop)]
    assert names[0] == "Quality"
    assert names[5] == "Transport" and names[6] == "Sustainability"


def test_renaming_a_theme_to_an_existing_name_is_refused(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(1)
    messages: list[str] = []
    view.failed.connect(messages.append)
    edit_cell(qtbot, view.themes.view, 0, 0, "Access")
    assert messages == ["There is already a theme called 'Access'."]
    assert view.themes_model.index(0, 0).data() == "Quality / Efficiencies"


def test_removing_a_theme_with_points_asks_where_they_go(
    open_setup: Callable[[], SetupView],
    seated_event_path: Path,
    dialogs: AskedDialogs,
    qtbot: QtBot,
) -> None:
    view = open_setup()
    workshop = view.workshop
    access = setup.find_theme(workshop, "Access")
    workforce = setup.find_theme(workshop, "Workforce")
    table = setup.find_table(workshop, "Table Two")
    question = setup.list_questions(workshop)[0]
    for text in ("Bus route", "Parking"):
        add_point(workshop, table.id, question.id, text, theme_id=access.id)
    view.themes_model.reload()
    view.tabs.setCurrentIndex(1)
    row = [t.name for t in view.themes_model.rows()].index("Access")
    assert view.themes_model.index(row, 1).data() == 2  # the count is shown before removing

    dialogs.answer = None  # cancelled: nothing changes
    view.themes.select_row(row)
    view.themes.view.setFocus()
    qtbot.keyClick(view.themes.view, Qt.Key.Key_Delete)
    assert dialogs.asked[0][:2] == ("Access", 2) and "Access" not in dialogs.asked[0][2]
    assert "Access" in [t.name for t in setup.list_themes(workshop)]

    dialogs.answer = ThemeDestination(workforce.id)
    qtbot.keyClick(view.themes.view, Qt.Key.Key_Delete)
    workshop.close()
    with reopened(seated_event_path) as again:
        assert "Access" not in [t.name for t in setup.list_themes(again)]
        assert {p.theme_id for p in list_points(again)} == {workforce.id}


def test_removing_a_theme_can_leave_its_points_unthemed(
    open_setup: Callable[[], SetupView], dialogs: AskedDialogs
) -> None:
    view = open_setup()
    access = setup.find_theme(view.workshop, "Access")
    table = setup.find_table(view.workshop, "Table Two")
    question = setup.list_questions(view.workshop)[0]
    add_point(view.workshop, table.id, question.id, "Bus route", theme_id=access.id)
    view.themes_model.reload()
    dialogs.answer = ThemeDestination(None)
    view.remove_theme([t.name for t in view.themes_model.rows()].index("Access"))
    assert [p.theme_id for p in list_points(view.workshop)] == [None]


def test_removing_an_unused_theme_does_not_ask(
    open_setup: Callable[[], SetupView], dialogs: AskedDialogs
) -> None:
    view = open_setup()
    view.remove_theme(0)
    assert dialogs.asked == []
    assert "Quality / Efficiencies" not in [t.name for t in setup.list_themes(view.workshop)]


# --- tables and people ---------------------------------------------------------------------


def test_tables_are_added_renamed_and_removed(
    open_setup: Callable[[], SetupView],
    seated_event_path: Path,
    qtbot: QtBot,
    dialogs: AskedDialogs,
) -> None:
    dialogs.confirm_answer = True  # Table Two has people: yes, remove them with it
    view = open_setup()
    view.tabs.setCurrentIndex(2)
    tables = view.seating.tables
    tables.view.setFocus()
    qtbot.keyClick(tables.view, Qt.Key.Key_Insert)
    commit_editor(qtbot, QApplication.focusWidget())  # keep "Table Three"
    edit_cell(qtbot, tables.view, 0, 0, "Top Table")
    tables.select_row(1)
    qtbot.keyClick(tables.view, Qt.Key.Key_Delete)
    assert dialogs.confirmed == [
        "Table Two has 3 people in the seating plan, who will be removed too."
    ]
    view.workshop.close()
    with reopened(seated_event_path) as workshop:
        assert [t.name for t in setup.list_tables(workshop)] == ["Top Table", "Table Three"]


def test_participants_are_edited_in_the_table_view(
    open_setup: Callable[[], SetupView], seated_event_path: Path, qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(2)
    view.seating.tables.select_row(1)  # Table Two
    people = view.seating.people
    assert [p.name for p in view.seating.people_model.rows()] == [
        "Ann Smith",
        "Bob Jones",
        "Cy Patel",
    ]
    assert people.label.text() == "&People at Table Two"
    edit_cell(qtbot, people.view, 2, 1, "Patients' Panel")
    people.view.setCurrentIndex(view.seating.people_model.index(2, 2))
    qtbot.keyClick(people.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Role.SCRIBE.value))
    commit_editor(qtbot, combo)
    people.view.setFocus()
    qtbot.keyClick(people.view, Qt.Key.Key_Insert)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Di Moss")
    commit_editor(qtbot, editor)
    people.select_row(0)
    qtbot.keyClick(people.view, Qt.Key.Key_Delete)
    assert view.seating.tables_model.index(1, 1).data() == 3  # the people count follows
    view.workshop.close()
    with reopened(seated_event_path) as workshop:
        table = setup.find_table(workshop, "Table Two")
        seated = [
            (p.name, p.organisation, p.role) for p in setup.list_participants(workshop, table.id)
        ]
    assert seated == [
        ("Bob Jones", "Borough Council", Role.SCRIBE),
        ("Cy Patel", "Patients' Panel", Role.SCRIBE),
        ("Di Moss", "", Role.PARTICIPANT),
    ]


def test_people_are_pasted_from_a_spreadsheet(
    open_setup: Callable[[], SetupView], seated_event_path: Path, qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(2)
    view.seating.tables.select_row(0)  # Table One
    QApplication.clipboard().setText(
        "Name\tOrganisation\tRole\r\nEd Lowe\tFire Service\tscribe\r\nFay Ng\tCollege\t\r\n"
    )
    view.seating.people.view.setFocus()
    with qtbot.waitSignal(view.operations.changed):
        qtbot.keyClick(view.seating.people.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert view.seating.people.current_row() == 1  # Ed Lowe, the first pasted, in hand
    assert view.seating.people.remove_button.isEnabled()
    view.workshop.close()
    with reopened(seated_event_path) as workshop:
        table = setup.find_table(workshop, "Table One")
        seated = [
            (p.name, p.organisation, p.role) for p in setup.list_participants(workshop, table.id)
        ]
    assert seated == [
        ("Dee Evans", "Council", Role.FACILITATOR),
        ("Ed Lowe", "Fire Service", Role.SCRIBE),
        ("Fay Ng", "College", Role.PARTICIPANT),
    ]


def test_people_pasted_with_a_table_picked_in_the_tables_list_sit_at_that_table(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(2)
    seating = view.seating
    seating.tables.view.setFocus()
    seating.tables.select_row(1)  # Table Two
    QApplication.clipboard().setText("Ed Lowe\tFire Service\tscribe\n")
    with qtbot.waitSignal(view.operations.changed):
        qtbot.keyClick(seating.tables.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    table = setup.find_table(view.workshop, "Table Two")
    assert [p.name for p in setup.list_participants(view.workshop, table.id)][-1] == "Ed Lowe"
    assert seating.tables.current_row() == 1  # still on Table Two, its people shown


def test_a_bad_paste_stores_nothing_and_says_which_line(
    open_setup: Callable[[], SetupView],
) -> None:
    view = open_setup()
    view.seating.tables.select_row(0)
    messages: list[str] = []
    view.failed.connect(messages.append)
    added = view.seating.paste_text("Ed Lowe\tFire Service\tscribe\nFay Ng\tCollege\tcaptain\n")
    assert added == 0
    assert messages and "2" in messages[0]
    table = setup.find_table(view.workshop, "Table One")
    assert [p.name for p in setup.list_participants(view.workshop, table.id)] == ["Dee Evans"]


# --- locking and the models themselves -----------------------------------------------------


def test_locked_set_up_cannot_be_edited(open_setup: Callable[[], SetupView], qtbot: QtBot) -> None:
    view = open_setup()
    view.set_locked(True, "Locked while capturing Table Two.")
    assert view.banner.isVisible() and "Table Two" in view.banner_text.text()
    assert view.event_form.title.isReadOnly()
    for model in (view.questions_model, view.themes_model, view.seating.tables_model):
        assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
        assert not model.setData(model.index(0, 0), "Changed")
    assert not view.themes.add_button.isEnabled()
    view.themes.view.setFocus()
    view.themes.select_row(0)
    qtbot.keyClick(view.themes.view, Qt.Key.Key_Delete)
    assert len(setup.list_themes(view.workshop)) == 6
    assert not view.seating.paste_button.isEnabled()
    view.set_locked(False)
    assert not view.banner.isVisible() and not view.event_form.title.isReadOnly()


def test_locked_fields_look_read_only_and_look_editable_again_once_unlocked(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    """A read-only field is drawn like an editable one unless told otherwise: while locked,
    the window's colour is behind its text, as behind a disabled field."""
    view = open_setup()
    form = view.event_form
    fields: list[QWidget] = [form.title, form.date, form.venue, form.context]
    lists: list[QWidget] = [view.questions.view, view.themes.view, view.seating.tables.view,
                            view.seating.people.view]  # fmt: skip
    app_base = QApplication.palette().color(QPalette.ColorRole.Base)
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert app_base != window_colour

    def base(widget: QWidget) -> QColor:
        return widget.palette().color(QPalette.ColorRole.Base)

    assert all(base(widget) == app_base for widget in fields + lists)
    view.set_locked(True, "Locked while capturing Table Two.")
    for widget in fields + lists:
        assert base(widget) == window_colour, widget
        assert "unlock" in widget.accessibleDescription().lower()
    assert base(view.questions.view.viewport()) == window_colour  # where the rows are drawn
    assert form.title.isReadOnly() and form.title.focusPolicy() != Qt.FocusPolicy.NoFocus
    form.title.setFocus()
    qtbot.keyClicks(form.title, "X")
    assert not form.title.text().endswith("X")

    view.set_locked(False)
    for widget in fields + lists:
        assert base(widget) == app_base, widget
        assert widget.accessibleDescription() == ""
    form.title.setFocus()
    qtbot.keyClicks(form.title, " (draft)")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert setup.get_event(view.workshop).title.endswith(" (draft)")


@pytest.mark.parametrize("model_class", [QuestionsModel, ThemesModel, TablesModel])
def test_set_up_models_pass_the_model_tester(
    qtmodeltester: Any, seated_workshop: Workshop, model_class: type
) -> None:
    qtmodeltester.check(model_class(seated_workshop))


def test_participants_model_passes_the_model_tester(
    qtmodeltester: Any, seated_workshop: Workshop
) -> None:
    model = ParticipantsModel(seated_workshop)
    model.set_table(setup.find_table(seated_workshop, "Table Two").id)
    qtmodeltester.check(model)


def test_alt_letters_do_not_clash_with_the_menu_bar(open_setup: Callable[[], SetupView]) -> None:
    """Alt+E, F, V and H open the window's menus, so a control using them is out of reach."""
    view = open_setup()
    for page in range(view.tabs.count()):
        letters = mnemonic_letters(view.tabs.widget(page))
        assert not set(letters) & set("fevh"), letters
        assert len(letters) == len(set(letters)), letters


def mnemonic_letters(widget: QWidget) -> list[str]:
    """The Alt+letter of every label and button shown in ``widget`` ("&&" is a plain "&")."""
    letters = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton) and child.isVisibleTo(widget):
            text = child.text().replace("&&", "")
            at = text.find("&")
            if 0 <= at < len(text) - 1:
                letters.append(text[at + 1].casefold())
    return letters


def test_removing_a_seated_table_asks_first(
    open_setup: Callable[[], SetupView], dialogs: AskedDialogs
) -> None:
    view = open_setup()
    names = [table.name for table in setup.list_tables(view.workshop)]
    seated = next(
        row
        for row, table in enumerate(setup.list_tables(view.workshop))
        if setup.list_participants(view.workshop, table.id)
    )
    view.seating.remove_table(seated)  # the answer is "Cancel"
    assert [table.name for table in setup.list_tables(view.workshop)] == names
    assert dialogs.confirmed and "in the seating plan, who will be removed" in dialogs.confirmed[0]
    dialogs.confirm_answer = True
    view.seating.remove_table(seated)
    assert len(setup.list_tables(view.workshop)) == len(names) - 1


def test_question_rows_are_as_tall_as_theme_rows_and_long_ones_grow(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(1)
    question = setup.list_questions(view.workshop)[1]
    setup.update_question(view.workshop, question.id, text="Why? " * 80)
    view.reload()
    questions = view.questions.view
    qtbot.waitUntil(lambda: questions.rowHeight(1) > 2 * questions.rowHeight(0))
    assert questions.rowHeight(0) == view.themes.view.rowHeight(0)


def test_an_empty_seating_plan_says_how_to_fill_it(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(2)
    seating = view.seating
    setup.add_table(view.workshop, "Table Nine")
    view.reload()
    seating.tables.select_row(seating.tables_model.rowCount() - 1)
    qtbot.waitUntil(seating.empty_hint.isVisible)
    assert "paste them here (Ctrl+V)" in seating.empty_hint.text()
    role_width = seating.people.view.horizontalHeader().sectionSize(2)
    assert role_width > seating.people.view.fontMetrics().horizontalAdvance("Participant")
    seating.add_person()
    assert not seating.empty_hint.isVisible()


def test_enter_on_a_focused_button_presses_it_as_in_merge_and_review(
    open_setup: Callable[[], SetupView], qtbot: QtBot
) -> None:
    view = open_setup()
    view.tabs.setCurrentIndex(1)  # questions and themes
    before = view.questions_model.rowCount()
    button = view.questions.add_button
    button.setFocus()
    assert QApplication.focusWidget() is button
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.questions_model.rowCount() == before + 1)
    # and every other button of the set-up answers Enter (and the keypad's Enter) as well
    pressed = 0
    for other in view.findChildren(QPushButton):
        if not other.isEnabled():
            continue
        with qtbot.waitSignal(other.clicked, timeout=2000):
            qtbot.keyClick(other, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
        pressed += 1
    assert pressed >= 4  # the questions', themes' and seating plan's buttons
