"""The report view, driven through its real widgets with pytest-qt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from loaded_modules import modules_loaded
from point_reads import counting_point_reads
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from facilitator_app.core import event, points
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.model import QuestionKind, ReportSectionKey, Role
from facilitator_app.core.report.sections import get_section, set_section
from facilitator_app.core.store import Workshop, open_workshop
from facilitator_app.ui.report import outline as report_outline
from facilitator_app.ui.report.view import ReportView


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[Workshop]:
    spec = EventSpec.with_numbered_tables(
        "Care closer to home", 2, venue="Town Hall", date="2026-03-14", context="The proposal."
    )
    made = create_event_file(tmp_path / "event.workshop", spec)
    tables = event.list_tables(made)
    questions = {q.kind: q.id for q in event.list_questions(made)}
    access = event.find_theme(made, "Access").id
    event.add_participant(made, tables[0].id, "Fay Facil", "Health Partnership", Role.FACILITATOR)
    event.add_participant(made, tables[1].id, "Pat Person", "Patients' Forum")
    points.add_point(
        made, tables[0].id, questions[QuestionKind.ADVANTAGE], "Care nearer home", theme_id=access
    )
    points.add_point(made, tables[1].id, questions[QuestionKind.ADVANTAGE], "Less travel")
    points.add_point(
        made, tables[1].id, questions[QuestionKind.ISSUE], "Parking is full", theme_id=access
    )
    yield made
    made.close()


@pytest.fixture
def view(qtbot: QtBot, workshop: Workshop) -> ReportView:
    widget = ReportView()
    qtbot.addWidget(widget)
    widget.set_workshop(workshop)
    return widget


def outline_rows(view: ReportView) -> list[tuple[int, str, str]]:
    """(depth, heading, points) for every row of the outline, depth first."""
    model = view.outline_model
    rows: list[tuple[int, str, str]] = []

    def walk(parent_index, depth: int) -> None:  # type: ignore[no-untyped-def]
        for row in range(model.rowCount(parent_index)):
            index = model.index(row, 0, parent_index)
            rows.append((depth, index.data(), model.index(row, 1, parent_index).data()))
            walk(index, depth + 1)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex(), 0)
    return rows


def test_sections_are_shown_and_stored_as_typed(
    qtbot: QtBot, view: ReportView, workshop: Workshop
) -> None:
    editor = view.editors[ReportSectionKey.INTRODUCTION].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Why this paper exists.")
    # Not stored on every keystroke, but soon after typing stops.
    assert get_section(workshop, ReportSectionKey.INTRODUCTION) == ""
    qtbot.waitUntil(
        lambda: get_section(workshop, ReportSectionKey.INTRODUCTION) == "Why this paper exists."
    )
    qtbot.waitUntil(lambda: "Introduction" in [r[1] for r in outline_rows(view)])

    # Reopening shows the stored text.
    set_section(workshop, ReportSectionKey.CONCLUSION, "We conclude.")
    view.set_workshop(workshop)
    assert view.editors[ReportSectionKey.CONCLUSION].text() == "We conclude."


def test_pending_edit_is_stored_when_the_file_is_closed(
    qtbot: QtBot, view: ReportView, workshop: Workshop
) -> None:
    qtbot.keyClicks(view.editors[ReportSectionKey.CONCLUSION].editor, "Last words")
    view.set_workshop(None)  # the main window does this before closing the file
    assert get_section(workshop, ReportSectionKey.CONCLUSION) == "Last words"
    assert view.editors[ReportSectionKey.CONCLUSION].text() == ""
    assert not view.export_button.isEnabled()


def test_draft_from_data_fills_the_editor(
    qtbot: QtBot, view: ReportView, workshop: Workshop
) -> None:
    process = view.editors[ReportSectionKey.PROCESS]
    assert "The event was held in Town Hall on 14 March 2026." in process.editor.placeholderText()
    assert process.draft_button is not None
    qtbot.mouseClick(process.draft_button, Qt.MouseButton.LeftButton)
    assert process.text().startswith("The event was held in Town Hall on 14 March 2026.")
    process.editor.appendPlainText("Edited by the lead.")
    qtbot.waitUntil(
        lambda: get_section(workshop, ReportSectionKey.PROCESS).endswith("Edited by the lead.")
    )
    # The introduction is drafted from the event too; the conclusion is the lead's alone.
    assert view.editors[ReportSectionKey.INTRODUCTION].draft_button is not None
    assert view.editors[ReportSectionKey.CONCLUSION].draft_button is None


def test_drafting_over_the_leads_text_can_be_undone(
    qtbot: QtBot, view: ReportView, workshop: Workshop
) -> None:
    process = view.editors[ReportSectionKey.PROCESS]
    process.editor.setFocus()
    qtbot.keyClicks(process.editor, "Our own account of the day.")
    assert process.draft_button is not None
    qtbot.mouseClick(process.draft_button, Qt.MouseButton.LeftButton)
    assert process.text().startswith("The event was held in")
    qtbot.keyClick(process.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert process.text() == "Our own account of the day."
    qtbot.waitUntil(
        lambda: get_section(workshop, ReportSectionKey.PROCESS) == "Our own account of the day."
    )


def test_outline_shows_headings_counts_and_follows_options(qtbot: QtBot, view: ReportView) -> None:
    rows = outline_rows(view)
    assert (0, "Appendix One: Seating plan", "") in rows
    assert (0, "Appendix Two: Advantages", "2") in rows
    assert (1, "Access", "1") in rows and (1, "Other points", "1") in rows
    assert "The introduction section is empty" in view.notes_label.text()

    view.no_seating.setChecked(True)
    qtbot.waitUntil(lambda: (0, "Appendix One: Advantages", "2") in outline_rows(view))
    view.attribution.setCurrentIndex(2)
    assert view.options().attribution.value == "tables"
    assert view.options().include_seating_plan is False


def test_export_writes_the_report_off_the_gui_thread_and_opens_it(
    qtbot: QtBot, view: ReportView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "report.docx"
    target.parent.mkdir()
    monkeypatch.setattr(view, "_ask_target", lambda: target)
    qtbot.keyClicks(view.editors[ReportSectionKey.INTRODUCTION].editor, "Typed just before export")
    view.no_names.setChecked(True)
    with qtbot.waitSignal(view.exported, timeout=20_000) as blocker:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
        assert not view.progress.isHidden() and not view.export_button.isEnabled()
    assert blocker.args == [str(target)]
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "Typed just before export" in texts  # pending edit stored and used
    cells = [c.text for row in docx.Document(str(target)).tables[0].rows for c in row.cells]
    assert "Facilitator (another organisation)" in cells and not any("Fay" in c for c in cells)
    assert "report.docx" in view.status.text()
    assert view.progress.isHidden() and view.export_button.isEnabled()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert view.open_button.isEnabled()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(target)]
    assert view.folder_button.isEnabled()  # to attach the report to an e-mail
    qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened[1:]] == [str(target.parent)]


def test_export_failure_is_shown_and_the_view_recovers(
    qtbot: QtBot, view: ReportView, tmp_path: Path
) -> None:
    with qtbot.assertNotEmitted(view.exported, wait=100):
        view.export_to(tmp_path / "no such folder" / "report.docx")
    qtbot.waitUntil(lambda: "does not exist" in view.status.text(), timeout=20_000)
    assert view.export_button.isEnabled() and view.progress.isHidden()
    assert not view.open_button.isEnabled()


def test_template_is_checked_when_chosen(
    qtbot: QtBot, view: ReportView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.docx"
    bad.write_text("not a Word file")
    monkeypatch.setattr(view, "_ask_template", lambda: bad)
    qtbot.mouseClick(view.choose_template_button, Qt.MouseButton.LeftButton)
    assert "cannot be used" in view.status.text()
    assert view.template is None and view.template_field.text() == ""

    good = tmp_path / "org.docx"
    docx.Document().save(str(good))
    monkeypatch.setattr(view, "_ask_template", lambda: good)
    qtbot.mouseClick(view.choose_template_button, Qt.MouseButton.LeftButton)
    assert view.template == good and view.options().template == good
    qtbot.mouseClick(view.default_template_button, Qt.MouseButton.LeftButton)
    assert view.template is None


def test_read_only_file_can_be_exported_but_not_edited(
    qtbot: QtBot, workshop: Workshop, tmp_path: Path
) -> None:
    with open_workshop(workshop.path, read_only=True) as read_only:
        view = ReportView()
        qtbot.addWidget(view)
        view.set_workshop(read_only)
        assert all(e.editor.isReadOnly() for e in view.editors.values())
        assert "read-only" in view.status.text()
        target = tmp_path / "ro.docx"
        with qtbot.waitSignal(view.exported, timeout=20_000):
            view.export_to(target)
        assert target.exists()
        view.set_workshop(None)


def test_controls_have_accessible_names(view: ReportView) -> None:
    for widget in view.findChildren(QWidget):
        if isinstance(widget, QPlainTextEdit) or widget in (
            view.attribution, view.no_names, view.no_seating, view.export_button,
            view.open_button, view.outline_view, view.template_field,
        ):  # fmt: skip
            assert widget.accessibleName(), widget


def test_alt_letters_do_not_clash_with_the_menu_bar(view: ReportView) -> None:
    """Alt+E, F, V and H open the window's menus, so a control using them is out of reach."""
    letters = mnemonic_letters(view)
    assert "x" in letters  # E&xport…
    assert not set(letters) & set("fevh")
    assert len(letters) == len(set(letters)), letters


def test_exports_one_after_another(qtbot: QtBot, view: ReportView, tmp_path: Path) -> None:
    for name in ("first.docx", "second.docx"):
        with qtbot.waitSignal(view.exported, timeout=20_000):
            view.export_to(tmp_path / name)
    assert (tmp_path / "first.docx").exists() and (tmp_path / "second.docx").exists()
    assert view.last_report == tmp_path / "second.docx"


def test_showing_the_view_does_not_load_the_word_libraries() -> None:
    """python-docx loads on the first export, not when the app opens an event file."""
    assert modules_loaded("import facilitator_app.ui.report.view", ("docx",)) == []


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


def test_title_block_fields_are_stored_as_typed_and_shape_the_report(
    qtbot: QtBot, view: ReportView, workshop: Workshop
) -> None:
    field = view.frame.fields[ReportSectionKey.REPORT_TO]
    field.setFocus()
    qtbot.keyClicks(field, "Programme Board")
    qtbot.waitUntil(lambda: get_section(workshop, ReportSectionKey.REPORT_TO) == "Programme Board")
    qtbot.keyClicks(view.frame.fields[ReportSectionKey.PURPOSE], "To brief the board")
    qtbot.waitUntil(lambda: get_section(workshop, ReportSectionKey.PURPOSE) != "")
    # The drafted introduction (shown in its empty editor) names the committee.
    introduction = view.editors[ReportSectionKey.INTRODUCTION].editor
    qtbot.waitUntil(lambda: "Its purpose is to brief the board." in introduction.placeholderText())
    assert "to the Programme Board." in introduction.placeholderText()

    # Opened again, the fields show what was stored.
    other = ReportView()
    qtbot.addWidget(other)
    other.set_workshop(workshop)
    assert other.frame.fields[ReportSectionKey.REPORT_TO].text() == "Programme Board"


def test_appendix_numbering_in_letters(qtbot: QtBot, view: ReportView) -> None:
    assert (0, "Appendix One: Seating plan", "") in outline_rows(view)
    view.frame.numbering.setCurrentIndex(1)
    qtbot.waitUntil(lambda: (0, "Appendix A: Seating plan", "") in outline_rows(view))
    assert (0, "Appendix B: Advantages", "2") in outline_rows(view)


def test_the_file_name_offered_is_the_events_title(
    view: ReportView, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def ask(_parent: object, _caption: str, directory: str, _filter: str) -> tuple[str, str]:
        offered.append(directory)
        return "", ""

    monkeypatch.setattr("facilitator_app.ui.report.view.QFileDialog.getSaveFileName", ask)
    view.export()
    assert Path(offered[0]).name == "Care closer to home.docx"


def test_the_leads_own_appendix_comes_first(
    qtbot: QtBot, view: ReportView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposal = tmp_path / "The proposal.txt"
    proposal.write_text("What we propose.\n- a hub\n", encoding="utf-8")
    monkeypatch.setattr(
        "facilitator_app.ui.report.frame.QFileDialog.getOpenFileName",
        lambda *_args: (str(proposal), ""),
    )
    qtbot.mouseClick(view.frame.choose_appendix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (0, "Appendix One: The proposal", "1") in outline_rows(view))
    assert (0, "Appendix Two: Seating plan", "") in outline_rows(view)
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(tmp_path / "report.docx")
    texts = [p.text for p in docx.Document(str(tmp_path / "report.docx")).paragraphs]
    assert "Appendix One: The proposal" in texts and "What we propose." in texts

    # An empty file is refused at once, with the reason, and the choice is kept.
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    view.frame.set_lead_appendix(empty)
    assert "empty.txt is empty" in view.status.text()
    assert view.frame.appendix_field.text() == "The proposal.txt"
    qtbot.mouseClick(view.frame.clear_appendix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (0, "Appendix One: Seating plan", "") in outline_rows(view))


def test_each_refresh_reads_the_points_once_for_the_outline_and_every_draft(
    qtbot: QtBot, workshop: Workshop
) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    view.show()
    with counting_point_reads() as reads:
        view.set_workshop(workshop)
        assert ("Appendix Two: Advantages", "2") in [r[1:] for r in outline_rows(view)]
        process = view.editors[ReportSectionKey.PROCESS].editor
        assert "The event was held in Town Hall" in process.placeholderText()
        assert (reads.count, reads.orm_points) == (1, 0)

        # a point typed at a table: one read for the outline and the hints
        assert view.operations is not None
        table = event.list_tables(workshop)[0].id
        advantages = event.list_questions(workshop)[0].id
        with qtbot.waitSignal(view.previewed, timeout=10_000):
            view.operations.run(
                lambda: points.add_point(workshop, table, advantages, "Open on Saturdays")
            )
            reads.reset()  # (adding looked up the point's place; the preview comes later)
        assert ("Appendix Two: Advantages", "3") in [r[1:] for r in outline_rows(view)]
        summary = view.editors[ReportSectionKey.SUMMARY].editor.placeholderText()
        assert "four points were recorded" in summary
        assert (reads.count, reads.orm_points) == (1, 0)


def test_a_large_event_is_previewed_off_the_gui_thread_newest_request_shown(
    qtbot: QtBot, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_outline, "BACKGROUND_ABOVE_BYTES", 0)  # every file is "large"
    view = ReportView()
    qtbot.addWidget(view)
    view.show()
    with counting_point_reads() as reads:
        view.set_workshop(workshop)
        assert outline_rows(view) == []  # not built while the lead could be typing
        view.no_seating.setChecked(True)  # a newer request while the first is being built
        view.refresh_outline()
        qtbot.waitUntil(lambda: (0, "Appendix One: Advantages", "2") in outline_rows(view))
        assert reads.on_gui_thread == 0 and reads.count >= 1
    assert not any("Seating plan" in heading for _, heading, _ in outline_rows(view))
    # the drafts came with it: "Draft from data" fills the editor without another read
    process = view.editors[ReportSectionKey.PROCESS]
    assert process.draft_button is not None
    qtbot.waitUntil(lambda: not view.previewer.busy)
    with counting_point_reads() as reads:
        qtbot.mouseClick(process.draft_button, Qt.MouseButton.LeftButton)
        assert reads.count == 0
    assert process.text().startswith("The event was held in Town Hall on 14 March 2026.")
