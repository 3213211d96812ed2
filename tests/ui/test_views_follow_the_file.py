"""A stateful property test across the views: random changes in capture, review, set-up and
merge, mixed with undo and redo on the file's one history. After every step each view shows
what a fresh read of the file says, and no undo or redo ever wrote a wording or a theme that
the file never had.

Bounded (a few short runs) so it stays well under a minute on a busy laptop.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from PySide6.QtWidgets import QApplication
from test_app import ScriptedDialogs

from facilitator_app.core import points as point_cases
from facilitator_app.core.consolidate import hidden_member_ids
from facilitator_app.core.event import (
    EventSpec,
    TableSpec,
    create_event_file,
    find_table,
    list_questions,
    list_themes,
)
from facilitator_app.core.review import list_review_points
from facilitator_app.core.store import copy_workshop, open_workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.review.dialogs import ConsolidationChoice
from facilitator_app.ui.review.view import ReviewView
from facilitator_app.ui.setup.theme_removal import ThemeDestination
from facilitator_app.ui.shell import settings as app_settings
from facilitator_app.ui.shell.main_window import MainWindow, Mode

WORDS = st.sampled_from(["Parking", "Staff", "Transport", "Care at home", "Clinics", "Records"])

# Each run builds a window and writes real files: keep them few and short.
RUNS = settings(
    max_examples=6,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class ViewsFollowTheFile(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="views-follow-"))
        app_settings.use_settings_folder(self.folder / "settings")
        path = self.folder / "event.workshop"
        spec = EventSpec(title="Care closer to home", tables=(TableSpec("Table One"),))
        create_event_file(path, spec).close()
        dialogs = ScriptedDialogs()
        dialogs.table = "Table One"
        self.window = MainWindow(
            app_settings.Preferences(),
            app_settings.WindowState(),
            data_dir=self.folder / "data",
            dialogs=dialogs,
        )
        self.window.show()
        assert self.window.open_path(path, table="Table One")
        self.window.unlock_setup()
        self.path = path
        #: Every wording and theme each point has had in the file, step by step.
        self.texts: dict[str, set[str]] = {}
        self.themes: dict[str, set[str | None]] = {}
        self.merges = 0
        self._observe()

    def teardown(self) -> None:
        self.window.close_document()
        self.window.close()
        self.window.deleteLater()
        QApplication.processEvents()
        app_settings.use_settings_folder(None)
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---------------------------------------------------------------------------

    @property
    def capture(self) -> CaptureView:
        view = self.window.capture_view
        assert isinstance(view, CaptureView)
        return view

    @property
    def review(self) -> ReviewView:
        view = self.window.review_view
        assert isinstance(view, ReviewView)
        return view

    def _live_ids(self) -> list[str]:
        return [p.id for column in self.capture.columns for p in column.model.all_points()]

    def _fresh_points(self) -> list[point_cases.PointInfo]:
        with open_workshop(self.path, read_only=True) as workshop:
            return point_cases.list_points(workshop, include_deleted=True)

    def _observe(self) -> None:
        for point in self._fresh_points():
            self.texts.setdefault(point.id, set()).add(point.text)
            self.themes.setdefault(point.id, set()).add(point.theme_id)

    def _themes(self) -> list[str]:
        with open_workshop(self.path, read_only=True) as workshop:
            return [theme.id for theme in list_themes(workshop)]

    # --- capture -----------------------------------------------------------------------------

    @rule(number=st.integers(1, 3), text=WORDS)
    def add_point(self, number: int, text: str) -> None:
        self.window.show_mode(Mode.CAPTURE)
        column = self.capture.column(number)
        column.entry.setPlainText(text)
        self.capture.add_from(column)
        self._observe()

    @precondition(lambda self: bool(self._live_ids()))
    @rule(data=st.data(), text=WORDS)
    def edit_point(self, data: st.DataObject, text: str) -> None:
        point_id = data.draw(st.sampled_from(self._live_ids()))
        self.capture.edit_point(point_id, text + " (edited)")
        self._observe()

    @precondition(lambda self: bool(self._live_ids()))
    @rule(data=st.data())
    def theme_in_capture(self, data: st.DataObject) -> None:
        point_id = data.draw(st.sampled_from(self._live_ids()))
        theme = data.draw(st.sampled_from([None, *self._themes()]))
        self.capture.set_theme([point_id], theme)
        self._observe()

    @precondition(lambda self: bool(self._live_ids()))
    @rule(data=st.data())
    def link_or_move_or_delete(self, data: st.DataObject) -> None:
        view = self.capture
        point_id = data.draw(st.sampled_from(self._live_ids()))
        action = data.draw(st.sampled_from(["link", "move", "delete"]))
        if action == "delete":
            view.delete_points([point_id])
        elif action == "move":
            questions = [c.question.id for c in view.columns]
            view.move_to_question([point_id], data.draw(st.sampled_from(questions)))
        else:
            issues = view.column(2).model.all_points()
            mitigations = view.column(3).model.all_points()
            if issues and mitigations:
                mitigation = data.draw(st.sampled_from(mitigations)).id
                view.set_links(mitigation, {data.draw(st.sampled_from(issues)).id})
        self._observe()

    # --- review, set-up, merge ---------------------------------------------------------------

    @precondition(lambda self: bool(self._live_ids()))
    @rule(data=st.data())
    def re_theme_in_review(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(self._live_ids()), min_size=1, unique=True))
        self.window.show_mode(Mode.REVIEW)
        review = self.review
        review.select_points(ids)
        review.theme_choice.setCurrentIndex(data.draw(st.integers(0, 2)))
        review.retheme_selected()
        self._observe()

    @precondition(lambda self: len(self._live_ids()) >= 2)
    @rule(data=st.data())
    def consolidate_in_review(self, data: st.DataObject) -> None:
        column = data.draw(st.sampled_from(self.capture.columns))
        points = column.model.all_points()
        if len(points) < 2:
            return
        self.window.show_mode(Mode.REVIEW)
        review = self.review
        review.ask_consolidation = lambda *args: ConsolidationChoice("Folded together", None)
        review.select_points([p.id for p in points[:2]])
        review.consolidate_selected()
        self._observe()

    @rule()
    def add_question_in_set_up(self) -> None:
        setup = self.window.setup_view
        assert setup is not None
        if len(setup.questions_model.rows()) < 5:
            setup.add_question()
            self.window.setFocus()  # leave the new row's editor as it is
        self._observe()

    @rule(data=st.data())
    def remove_a_theme_in_set_up(self, data: st.DataObject) -> None:
        """Its points go to another theme or none; an undo brings them back (issue #10)."""
        setup = self.window.setup_view
        assert setup is not None
        themes = setup.themes_model.rows()
        if len(themes) > 2:
            row = data.draw(st.integers(0, len(themes) - 1))
            others = [theme.id for theme in themes if theme.id != themes[row].id]
            target = data.draw(st.sampled_from([None, *others]))
            self.window.dialogs.theme_answer = ThemeDestination(target)  # type: ignore[attr-defined]
            setup.remove_theme(row)
        self._observe()

    @precondition(lambda self: self.merges < 1)
    @rule(text=WORDS)
    def merge_a_table_file(self, text: str) -> None:
        self.merges += 1
        table_file = self.folder / f"table-{self.merges}.workshop"
        assert self.window.document is not None
        copy_workshop(self.window.document.workshop, table_file)
        with open_workshop(table_file) as laptop:
            table = find_table(laptop, "Table One").id
            point_cases.add_point(laptop, table, list_questions(laptop)[0].id, text + " (laptop)")
        self.window.show_mode(Mode.MERGE)
        merge = self.window.merge_view
        assert merge is not None
        merge.add_paths([table_file])
        finished: list[object] = []
        merge.run_finished.connect(finished.append)
        merge.start_merge()
        while not finished:
            QApplication.processEvents()
        self._observe()

    # --- one history ---------------------------------------------------------------------------

    @rule(undo=st.booleans())
    def undo_or_redo(self, undo: bool) -> None:
        assert self.window.operations is not None
        history = self.window.operations.undo_stack
        before = {p.id: (p.text, p.theme_id) for p in self._fresh_points()}
        if undo:
            history.undo()
        else:
            history.redo()
        for point in self._fresh_points():
            if before.get(point.id) == (point.text, point.theme_id):
                continue
            # an undo or redo writes only what the file held before
            assert point.text in self.texts.get(point.id, {point.text})
            assert point.theme_id in self.themes.get(point.id, {point.theme_id})
        self._observe()

    # --- what every view shows -----------------------------------------------------------------

    @invariant()
    def capture_shows_the_file(self) -> None:
        view = self.capture
        with open_workshop(self.path, read_only=True) as workshop:
            table = find_table(workshop, "Table One").id
            questions = list_questions(workshop)
            assert [c.question.id for c in view.columns] == [q.id for q in questions]
            for column, question in zip(view.columns, questions, strict=True):
                stored = point_cases.list_points(workshop, table_id=table, question_id=question.id)
                shown = column.model.all_points()
                assert [(p.id, p.text, p.theme_id) for p in shown] == [
                    (p.id, p.text, p.theme_id) for p in stored
                ]

    @invariant()
    def review_shows_the_file(self) -> None:
        self.window.show_mode(Mode.REVIEW)
        model = self.review.model
        shown = sorted(
            (row.point.id, row.point.text, row.point.theme_id)
            for row in (model.row_at(number) for number in range(model.rowCount()))
        )
        with open_workshop(self.path, read_only=True) as workshop:
            stored = sorted(
                (row.point.id, row.point.text, row.point.theme_id)
                for row in list_review_points(workshop)
            )
            assert hidden_member_ids(workshop).isdisjoint(row[0] for row in shown)
        assert shown == stored
        self.window.show_mode(Mode.CAPTURE)


def test_every_view_follows_the_file_through_changes_undo_and_redo(qapp: QApplication) -> None:
    ViewsFollowTheFile.TestCase.settings = RUNS
    ViewsFollowTheFile.TestCase().runTest()
