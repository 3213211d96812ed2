"""One table's points as the capture view sees them: a cache, and the one place that calls the core.

Every change goes to a core use case through the file's :class:`Operations` first (so it is
committed on disk when the call returns, and every other view hears of it), then into the cache
and the per-question models, and then ``stored`` is emitted. A change made elsewhere (review,
a merge, an undo of theirs) reloads the cache (:meth:`TablePoints.reload`). The cache is
kept in step by hand rather than re-read after each change: re-reading thousands of points takes
longer than a frame, while updating one row is instant. Reads are plain selects into light
records (:mod:`facilitator_app.core.table_reads`), the points once per open or reload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QObject

from facilitator_app.core import event as event_cases
from facilitator_app.core import point_batches, table_reads
from facilitator_app.core import points as point_cases
from facilitator_app.core.changes import Changes, Kind
from facilitator_app.core.enums import QuestionKind, Role, Strength
from facilitator_app.core.records import DraftInfo, LinkInfo, PointInfo, QuestionInfo, ThemeInfo
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture.point_model import QuestionPointsModel
from facilitator_app.ui.operations import Operations, changed_since

LinkPair = tuple[str, str]  # (mitigation id, issue id)


def link_ends(link: LinkInfo) -> LinkPair:
    return (link.mitigation_id, link.issue_id)


class TablePoints(QObject):
    """The points, links and drafts of one table, with a Qt list model per question."""

    def __init__(
        self,
        workshop: Workshop,
        table_id: str,
        parent: QObject | None = None,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.operations = operations or Operations(workshop, self)
        self.operations.changed.connect(self._changed_elsewhere)
        self.table_id = table_id
        self.read_only = workshop.read_only
        self.event_info = event_cases.get_event(workshop)
        self.table = next(t for t in event_cases.list_tables(workshop) if t.id == table_id)
        self.questions: list[QuestionInfo] = event_cases.list_questions(workshop)
        self.themes: list[ThemeInfo] = event_cases.list_themes(workshop)
        self.theme_names: dict[str, str] = {theme.id: theme.name for theme in self.themes}
        people = event_cases.list_participants(workshop, table_id)
        self.facilitators = [p.name for p in people if p.role is Role.FACILITATOR]
        self.scribes = [p.name for p in people if p.role is Role.SCRIBE]
        #: The point the latest change was about (None for a draft), so undo can show it.
        self.last_changed_id: str | None = None

        self._live: dict[str, PointInfo] = {}
        self._issues_of: dict[str, set[str]] = {}
        self._mitigations_of: dict[str, set[str]] = {}
        by_question = self._read_points()
        self.models: dict[str, QuestionPointsModel] = {
            q.id: QuestionPointsModel(self, q, by_question[q.id], read_only=self.read_only)
            for q in self.questions
        }

    def _read_points(self) -> dict[str, list[PointInfo]]:
        """Fill the cache from the file; the table's live points by question, in order."""
        self._live.clear()
        self._issues_of.clear()
        self._mitigations_of.clear()
        by_question: dict[str, list[PointInfo]] = {q.id: [] for q in self.questions}
        points, links = table_reads.read_table_points(self.workshop, self.table_id)
        for point in points:
            self._live[point.id] = point
            by_question.setdefault(point.question_id, []).append(point)
        for link in links:
            self._remember_link(link.mitigation_id, link.issue_id)
        return by_question

    def reload(self) -> None:
        """Read the points and links again: they were changed outside this view."""
        by_question = self._read_points()
        for question_id, model in self.models.items():
            model.reset_points(by_question.get(question_id, []))

    def detach(self) -> None:
        """Its view is gone: stop following the file (its undo steps still work)."""
        self.operations.changed.disconnect(self._changed_elsewhere)

    def _changed_elsewhere(self, changes: Changes, initiator: object) -> None:
        if initiator is self:
            return  # already in the cache
        if changes.touches(Kind.POINTS, Kind.LINKS, Kind.CONSOLIDATIONS, Kind.CONFLICTS):
            self.reload()

    def _run(self, change: Callable[[], object]) -> None:
        self.operations.run(change, initiator=self)

    # --- looking things up ---------------------------------------------------------------------

    def question(self, question_id: str) -> QuestionInfo:
        return next(q for q in self.questions if q.id == question_id)

    def point(self, point_id: str) -> PointInfo:
        return self._live[point_id]

    def is_live(self, point_id: str) -> bool:
        return point_id in self._live

    def theme_name(self, theme_id: str | None) -> str:
        return self.theme_names.get(theme_id, "") if theme_id else ""

    def kind_of(self, point_id: str) -> QuestionKind:
        return self.question(self._live[point_id].question_id).kind

    def number_of(self, point_id: str) -> str:
        """How people refer to a point: question number and place, e.g. "2.3"."""
        point = self._live[point_id]
        model = self.models[point.question_id]
        return f"{self.question(point.question_id).number}.{model.full_index(point_id) + 1}"

    def issues_addressed_by(self, mitigation_id: str) -> list[PointInfo]:
        """The live issue points a mitigation addresses, in reading order."""
        return self._ordered(self._issues_of.get(mitigation_id, ()))

    def mitigations_of(self, issue_id: str) -> list[PointInfo]:
        """The live mitigation points that address an issue, in reading order."""
        return self._ordered(self._mitigations_of.get(issue_id, ()))

    def _ordered(self, ids: Iterable[str]) -> list[PointInfo]:
        live = [self._live[i] for i in ids if i in self._live]
        order = {q.id: q.position for q in self.questions}
        return sorted(live, key=lambda p: (order[p.question_id], p.position))

    def points_of_kind(self, kind: QuestionKind) -> list[PointInfo]:
        """Every live point of the table under questions of one kind, in reading order."""
        result: list[PointInfo] = []
        for question in self.questions:
            if question.kind is kind:
                result.extend(self.models[question.id].all_points())
        return result

    def links(self) -> set[LinkPair]:
        """Live links between live points."""
        return {
            (m, i)
            for m, issues in self._issues_of.items()
            for i in issues
            if m in self._live and i in self._live
        }

    # --- changing things (each call is committed before it returns) ----------------------------

    def add_point(
        self,
        question_id: str,
        text: str,
        *,
        theme_id: str | None = None,
        strength: Strength | None = None,
    ) -> PointInfo:
        point = self.operations.run(
            lambda: point_cases.add_point(
                self.workshop,
                self.table_id,
                question_id,
                text,
                theme_id=theme_id,
                strength=strength,
            ),
            initiator=self,
        )
        self._insert(point)
        self._stored(point.id)
        return point

    def delete_point(self, point_id: str) -> None:
        self._run(lambda: point_cases.delete_point(self.workshop, point_id))
        point = self._live.pop(point_id)
        self.models[point.question_id].remove_point(point_id)
        self._refresh_partners(point_id)
        self._stored(point_id)

    def delete_points(self, point_ids: list[str]) -> None:
        """Delete several points in one transaction (all or none)."""
        deleted = self.operations.run(
            lambda: point_batches.delete_points(self.workshop, point_ids), initiator=self
        )
        for point in deleted:
            self._forget(point.id)
        self._stored(point_ids[0])

    def set_deleted(self, point_ids: list[str], *, deleted: bool) -> str:
        """Undo (``deleted=False``) or redo a delete of several points in one transaction; the
        points changed since are left alone, and the message says so ("" when none was)."""
        result = self.operations.run(
            lambda: point_batches.set_deleted(self.workshop, point_ids, deleted=deleted),
            initiator=self,
        )
        for point in result.points:
            if deleted:
                self._forget(point.id)
            elif point.id not in self._live:
                self._insert(point)
        if result.points:
            self._stored(result.points[0].id)
        message = ""
        if result.left_alone:
            self.reload()
            message = changed_since(len(result.left_alone))
        return message

    def _forget(self, point_id: str) -> None:
        point = self._live.pop(point_id, None)
        if point is not None:
            self.models[point.question_id].remove_point(point_id)
            self._refresh_partners(point_id)

    def restore_point(self, point_id: str) -> PointInfo:
        point = self.operations.run(
            lambda: point_cases.restore_point(self.workshop, point_id), initiator=self
        )
        if point_id in self._live:  # it was not deleted: nothing comes back
            return self._replace(point)
        self._insert(point)
        self._stored(point_id)
        return point

    def edit_text(self, point_id: str, text: str) -> PointInfo:
        self.update({point_id: {"text": text}})
        return self._live[point_id]

    def set_theme(self, point_id: str, theme_id: str | None) -> PointInfo:
        self.update({point_id: {"theme_id": theme_id}})
        return self._live[point_id]

    def set_strength(self, point_id: str, strength: Strength | None) -> PointInfo:
        self.update({point_id: {"strength": strength}})
        return self._live[point_id]

    def update(
        self,
        values: Mapping[str, point_batches.Values],
        expected: Mapping[str, point_batches.Values] | None = None,
    ) -> str:
        """Set the wording, theme or strength of several points in one transaction. With
        ``expected`` (an undo or redo), points changed since are left alone: the message says
        so ("" when none was)."""
        result = self.operations.run(
            lambda: point_batches.update_points(self.workshop, values, expected=expected),
            initiator=self,
        )
        for point in result.points:
            if point.id in self._live:
                self._replace(point)
        if result.left_alone:
            self.reload()  # show what the file holds for them now
            return changed_since(len(result.left_alone))
        return ""

    def change_links(self, added: Iterable[LinkPair], removed: Iterable[LinkPair]) -> None:
        """Make and remove links in one transaction."""
        added, removed = set(added), set(removed)
        self._run(lambda: point_batches.change_links(self.workshop, added, removed))
        for mitigation_id, issue_id in added:
            self._remember_link(mitigation_id, issue_id)
        for mitigation_id, issue_id in removed:
            self._issues_of.get(mitigation_id, set()).discard(issue_id)
            self._mitigations_of.get(issue_id, set()).discard(mitigation_id)
        self._refresh(*(p for pair in added | removed for p in pair))
        touched = sorted(added | removed)
        self._stored(touched[0][0] if touched else None)

    def move_point(self, point_id: str, new_index: int) -> None:
        """Move a point to ``new_index`` among all live points of its question (filter or not)."""
        self._run(lambda: point_cases.move_point(self.workshop, point_id, new_index))
        model = self.models[self._live[point_id].question_id]
        model.move_point(point_id, new_index)
        for renumbered in model.all_points():
            self._live[renumbered.id] = renumbered
        self._refresh_partners(point_id)  # their tooltips show this point's number
        self._stored(point_id)

    def move_to_question(
        self, placements: list[tuple[str, int]], question_id: str
    ) -> tuple[point_cases.QuestionMove, ...]:
        """Move points to another question, each to its index there, in one transaction (all
        or none); their links are dropped (each move says which, for undo)."""
        moves = self.operations.run(
            lambda: point_batches.move_to_question(self.workshop, placements, question_id),
            initiator=self,
        )
        for move in moves:
            self._moved(move)
        if moves:
            self._stored(moves[0].point.id)
        return moves

    def move_back(self, moves: list[point_cases.QuestionMove]) -> str:
        """Undo a move to another question in one transaction: each point back to its place
        with its links; a message says which were left alone because they changed since."""
        result = self.operations.run(
            lambda: point_batches.move_back(self.workshop, moves), initiator=self
        )
        if result.left_alone:
            self.reload()
            return changed_since(len(result.left_alone))
        self.reload()  # links and places came back on two questions: read them as they are
        if result.points:
            self._stored(result.points[0].id)
        return ""

    def _moved(self, move: point_cases.QuestionMove) -> None:
        """Follow one move to another question in the cache and both questions' models."""
        point_id = move.point.id
        self._refresh_partners(point_id)  # before forgetting who they are
        for link in move.removed_links:
            self._issues_of.get(link.mitigation_id, set()).discard(link.issue_id)
            self._mitigations_of.get(link.issue_id, set()).discard(link.mitigation_id)
        self._refresh(*(p for link in move.removed_links for p in link_ends(link)))
        old_model = self.models[move.old_question_id]
        old_model.remove_point(point_id)
        new_model = self.models[move.point.question_id]
        new_model.insert_point(move.point.position, move.point)
        for model in (old_model, new_model):
            for renumbered in model.renumber():
                self._live[renumbered.id] = renumbered

    def link(self, mitigation_id: str, issue_id: str) -> None:
        self._run(lambda: point_cases.link_points(self.workshop, mitigation_id, issue_id))
        self._remember_link(mitigation_id, issue_id)
        self._refresh(mitigation_id, issue_id)
        self._stored(mitigation_id)

    def unlink(self, mitigation_id: str, issue_id: str) -> None:
        self._run(lambda: point_cases.unlink_points(self.workshop, mitigation_id, issue_id))
        self._issues_of.get(mitigation_id, set()).discard(issue_id)
        self._mitigations_of.get(issue_id, set()).discard(mitigation_id)
        self._refresh(mitigation_id, issue_id)
        self._stored(mitigation_id)

    def save_draft(
        self,
        question_id: str,
        text: str,
        *,
        theme_id: str | None = None,
        strength: Strength | None = None,
    ) -> None:
        self._run(
            lambda: point_cases.save_draft(
                self.workshop,
                self.table_id,
                question_id,
                text,
                theme_id=theme_id,
                strength=strength,
            )
        )
        self._stored()

    def load_drafts(self) -> dict[str, DraftInfo]:
        return table_reads.read_drafts(self.workshop, self.table_id)

    def set_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for model in self.models.values():
            model.set_filter(needle)

    # --- keeping the cache in step -------------------------------------------------------------

    def _stored(self, point_id: str | None = None) -> None:
        """Note the point the latest change was about (the file's ``changed`` signal, sent by
        :class:`Operations`, tells every view that it was stored)."""
        self.last_changed_id = point_id

    def _insert(self, point: PointInfo) -> None:
        self._live[point.id] = point
        model = self.models[point.question_id]
        model.insert_point(model.place_for(point.position), point)
        self._refresh_partners(point.id)

    def _replace(self, point: PointInfo) -> PointInfo:
        self._live[point.id] = point
        self.models[point.question_id].replace_point(point)
        self._stored(point.id)
        return point

    def _remember_link(self, mitigation_id: str, issue_id: str) -> None:
        self._issues_of.setdefault(mitigation_id, set()).add(issue_id)
        self._mitigations_of.setdefault(issue_id, set()).add(mitigation_id)

    def _refresh_partners(self, point_id: str) -> None:
        """Points linked to this one show its count or number: repaint them."""
        partners = self._issues_of.get(point_id, set()) | self._mitigations_of.get(point_id, set())
        self._refresh(*partners)

    def _refresh(self, *point_ids: str) -> None:
        for point_id in point_ids:
            point = self._live.get(point_id)
            if point is not None:
                self.models[point.question_id].refresh_point(point_id)
