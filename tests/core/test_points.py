"""The scribe's use cases: points added, edited, moved, re-themed, deleted, restored and linked."""

from __future__ import annotations

import pytest
from sqlmodel import select

from facilitator_app.core import event, points
from facilitator_app.core.errors import InvalidValueError, UnknownPointError
from facilitator_app.core.model import PointLink, Strength
from facilitator_app.core.records import LinkInfo, PointInfo
from facilitator_app.core.store import Workshop


class Room:
    """Ids of the standard set-up, by the names people use."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        tables = event.list_tables(workshop)
        self.one, self.two = tables[0].id, tables[1].id
        questions = event.list_questions(workshop)
        self.advantages, self.issues, self.mitigations = (q.id for q in questions)
        self.access = event.find_theme(workshop, "Access").id
        self.workforce = event.find_theme(workshop, "Workforce").id

    def add(
        self, text: str, question: str | None = None, table: str | None = None, **kw
    ) -> PointInfo:  # type: ignore[no-untyped-def]
        return points.add_point(
            self.workshop, table or self.one, question or self.advantages, text, **kw
        )

    def texts(self, **filters) -> list[str]:  # type: ignore[no-untyped-def]
        return [p.text for p in points.list_points(self.workshop, **filters)]


@pytest.fixture
def room(event_file: Workshop) -> Room:
    return Room(event_file)


# --- adding --------------------------------------------------------------------------------


def test_add_point_cleans_text_and_appends_per_table_and_question(room: Room) -> None:
    first = room.add("  Care closer to home \n\n")
    second = room.add("Line one  \r\nline two", theme_id=room.access, strength=Strength.CONSENSUS)
    other_table = room.add("Elsewhere", table=room.two)
    other_question = room.add("Parking", question=room.issues)
    assert first.text == "Care closer to home"
    assert second.text == "Line one\nline two"
    assert (first.position, second.position, other_table.position, other_question.position) == (
        0,
        1,
        0,
        0,
    )
    assert second.theme_id == room.access and second.strength is Strength.CONSENSUS
    assert first.revision == 1 and not first.deleted
    assert first.created_at.tzinfo is not None
    assert points.get_point(room.workshop, second.id) == second


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "cannot be empty"), (" \n\t ", "cannot be empty"), ("x" * 20_001, "at most 20,000")],
)
def test_add_point_refuses_bad_text(room: Room, text: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        room.add(text)
    assert room.texts() == []


def test_add_point_refuses_things_not_in_the_event(room: Room) -> None:
    with pytest.raises(InvalidValueError, match="table"):
        room.add("x", table="no-such-table")
    with pytest.raises(InvalidValueError, match="question"):
        room.add("x", question="no-such-question")
    with pytest.raises(InvalidValueError, match="theme"):
        room.add("x", theme_id="no-such-theme")
    assert room.texts() == []


def test_a_deleted_point_keeps_its_place_so_new_points_go_after_it(room: Room) -> None:
    first = room.add("First")
    points.delete_point(room.workshop, first.id)
    assert room.add("Second").position == 1


# --- editing -------------------------------------------------------------------------------


def test_edit_text_bumps_revision_only_when_it_changes(room: Room) -> None:
    point = room.add("Parking")
    edited = points.edit_point_text(room.workshop, point.id, " Parking is poor ")
    assert (edited.text, edited.revision) == ("Parking is poor", 2)
    assert edited.updated_at >= point.updated_at
    same = points.edit_point_text(room.workshop, point.id, "Parking is poor")
    assert same.revision == 2
    with pytest.raises(InvalidValueError, match="empty"):
        points.edit_point_text(room.workshop, point.id, "  ")
    assert points.get_point(room.workshop, point.id).text == "Parking is poor"


def test_unknown_point_is_named(room: Room) -> None:
    for change in (
        lambda: points.edit_point_text(room.workshop, "gone", "x"),
        lambda: points.delete_point(room.workshop, "gone"),
        lambda: points.get_point(room.workshop, "gone"),
        lambda: points.set_point_theme(room.workshop, "gone", None),
    ):
        with pytest.raises(UnknownPointError, match="gone"):
            change()


def test_theme_and_strength_changes(room: Room) -> None:
    point = room.add("Nearer")
    themed = points.set_point_theme(room.workshop, point.id, room.access)
    assert (themed.theme_id, themed.revision) == (room.access, 2)
    assert points.set_point_theme(room.workshop, point.id, room.access).revision == 2
    assert points.set_point_theme(room.workshop, point.id, None).theme_id is None
    with pytest.raises(InvalidValueError, match="theme"):
        points.set_point_theme(room.workshop, point.id, "no-such-theme")
    strong = points.set_point_strength(room.workshop, point.id, Strength.SEVERAL)
    assert (strong.strength, strong.revision) == (Strength.SEVERAL, 4)
    assert points.set_point_strength(room.workshop, point.id, None).strength is None


def test_bulk_re_theme_is_one_transaction(room: Room) -> None:
    a = room.add("A", theme_id=room.access)
    b = room.add("B")
    c = room.add("C")
    assert points.set_points_theme(room.workshop, [a.id, b.id, c.id], room.access) == 2
    assert {p.theme_id for p in points.list_points(room.workshop)} == {room.access}
    assert points.get_point(room.workshop, a.id).revision == 1  # unchanged, not bumped
    with pytest.raises(UnknownPointError):
        points.set_points_theme(room.workshop, [a.id, "gone"], room.workforce)
    assert points.get_point(room.workshop, a.id).theme_id == room.access  # rolled back
    with pytest.raises(InvalidValueError):
        points.set_points_theme(room.workshop, [a.id], "no-such-theme")


# --- moving --------------------------------------------------------------------------------


def test_move_within_a_question_renumbers_densely(room: Room) -> None:
    _a, b, c = (room.add(text) for text in "ABC")
    points.delete_point(room.workshop, b.id)
    moved = points.move_point(room.workshop, c.id, 0)
    assert room.texts() == ["C", "A"]
    assert [p.position for p in points.list_points(room.workshop)] == [0, 1]
    assert moved.revision == 2
    assert points.get_point(room.workshop, b.id).deleted  # the tombstone stays where it was
    points.move_point(room.workshop, c.id, 99)
    assert room.texts() == ["A", "C"]


def test_move_to_another_question_goes_to_the_index_and_drops_links(room: Room) -> None:
    issue = room.add("Parking", question=room.issues)
    fix = room.add("Car park", question=room.mitigations)
    other = room.add("Shuttle bus", question=room.mitigations)
    points.link_points(room.workshop, fix.id, issue.id)
    points.link_points(room.workshop, other.id, issue.id)
    moved = points.move_point(room.workshop, fix.id, 0, question_id=room.advantages)
    assert moved.question_id == room.advantages and moved.position == 0
    assert [(link.mitigation_id, link.issue_id) for link in points.list_links(room.workshop)] == [
        (other.id, issue.id)
    ]
    with pytest.raises(InvalidValueError, match="question"):
        points.move_point(room.workshop, fix.id, 0, question_id="no-such-question")


def _link_revisions(workshop: Workshop) -> dict[tuple[str, str], tuple[int, bool]]:
    """Every link row, tombstoned or not: (revision, is deleted)."""
    with workshop.session() as session:
        return {
            (link.mitigation_id, link.issue_id): (link.revision, link.deleted_at is not None)
            for link in session.exec(select(PointLink)).all()
        }


def test_move_to_another_question_says_which_links_went_and_undo_brings_all_back(
    room: Room,
) -> None:
    """A scribe filed "Costs are high" under Issues, linked, then moves it to Advantages by
    mistake: moving it back and restoring the links it names undoes the move exactly."""
    room.add("Nearer to family")
    before_issue = room.add("Parking", question=room.issues)
    costs = room.add("Costs are high", question=room.issues)
    after_issue = room.add("Staff shortages", question=room.issues)
    fix = room.add("Pooled budgets", question=room.mitigations)
    grant = room.add("Apply for a grant", question=room.mitigations)
    points.link_points(room.workshop, fix.id, costs.id)
    points.link_points(room.workshop, grant.id, costs.id)
    points.link_points(room.workshop, fix.id, after_issue.id)
    links_before = set(points.list_links(room.workshop))
    revision_before = points.get_point(room.workshop, costs.id).revision

    move = points.move_point_to_question(room.workshop, costs.id, room.advantages, 1)

    assert move.old_question_id == room.issues and move.old_index == 1
    assert set(move.removed_links) == {LinkInfo(fix.id, costs.id), LinkInfo(grant.id, costs.id)}
    assert set(points.list_links(room.workshop)) == {LinkInfo(fix.id, after_issue.id)}
    assert room.texts(question_id=room.advantages) == ["Nearer to family", "Costs are high"]
    assert room.texts(question_id=room.issues) == ["Parking", "Staff shortages"]
    for question in (room.advantages, room.issues):  # dense on both sides of the move
        listed = points.list_points(room.workshop, question_id=question)
        assert [p.position for p in listed] == list(range(len(listed)))
    assert _link_revisions(room.workshop)[(fix.id, costs.id)] == (2, True)

    back = points.move_point(
        room.workshop, costs.id, move.old_index, question_id=move.old_question_id
    )
    assert points.restore_links(room.workshop, move.removed_links) == 2

    assert set(points.list_links(room.workshop)) == links_before
    assert room.texts(question_id=room.issues) == ["Parking", "Costs are high", "Staff shortages"]
    assert [p.position for p in points.list_points(room.workshop, question_id=room.issues)] == [
        0,
        1,
        2,
    ]
    assert points.get_point(room.workshop, before_issue.id).position == 0
    assert back.question_id == room.issues and back.position == 1
    assert back.revision == revision_before + 2  # moved away and back: two changes to merge
    revisions = _link_revisions(room.workshop)
    assert revisions[(fix.id, costs.id)] == (3, False)
    assert revisions[(grant.id, costs.id)] == (3, False)
    assert revisions[(fix.id, after_issue.id)] == (1, False)  # never touched
    assert points.restore_links(room.workshop, move.removed_links) == 0  # twice: no change


def test_restore_links_refuses_while_the_point_is_still_elsewhere(room: Room) -> None:
    costs = room.add("Costs are high", question=room.issues)
    fix = room.add("Pooled budgets", question=room.mitigations)
    points.link_points(room.workshop, fix.id, costs.id)
    move = points.move_point_to_question(room.workshop, costs.id, room.advantages, 0)
    with pytest.raises(InvalidValueError, match="move the point back first"):
        points.restore_links(room.workshop, move.removed_links)
    assert points.list_links(room.workshop) == []
    assert _link_revisions(room.workshop)[(fix.id, costs.id)] == (2, True)  # nothing written
    with pytest.raises(InvalidValueError, match="not in this file"):
        points.restore_links(room.workshop, [LinkInfo(costs.id, fix.id)])


def test_reorder_points(room: Room) -> None:
    a, b, c = (room.add(text) for text in "ABC")
    points.reorder_points(room.workshop, [c.id, a.id, b.id])
    assert room.texts() == ["C", "A", "B"]
    assert points.get_point(room.workshop, b.id).revision == 2


# --- deleting and restoring ----------------------------------------------------------------


def test_delete_leaves_a_tombstone_and_restore_brings_it_back_in_place(room: Room) -> None:
    _a, b, _c = (room.add(text) for text in "ABC")
    deleted = points.delete_point(room.workshop, b.id)
    assert deleted.deleted and deleted.revision == 2
    assert room.texts() == ["A", "C"]
    assert [p.text for p in points.list_points(room.workshop, include_deleted=True)] == [
        "A",
        "B",
        "C",
    ]
    assert points.delete_point(room.workshop, b.id).revision == 2  # deleting twice: no change
    restored = points.restore_point(room.workshop, b.id)
    assert not restored.deleted and restored.revision == 3
    assert room.texts() == ["A", "B", "C"]
    assert points.restore_point(room.workshop, b.id).revision == 3


# --- links ---------------------------------------------------------------------------------


def test_link_only_mitigation_to_issue_and_idempotently(room: Room) -> None:
    issue = room.add("Parking", question=room.issues)
    fix = room.add("Car park", question=room.mitigations)
    advantage = room.add("Nearer")
    with pytest.raises(InvalidValueError, match="mitigation question"):
        points.link_points(room.workshop, advantage.id, issue.id)
    with pytest.raises(InvalidValueError, match="issue question"):
        points.link_points(room.workshop, fix.id, advantage.id)
    with pytest.raises(UnknownPointError):
        points.link_points(room.workshop, fix.id, "gone")
    points.link_points(room.workshop, fix.id, issue.id)
    points.link_points(room.workshop, fix.id, issue.id)
    assert len(points.list_links(room.workshop)) == 1


def test_unlink_and_relink(room: Room) -> None:
    issue = room.add("Parking", question=room.issues)
    fix = room.add("Car park", question=room.mitigations)
    points.link_points(room.workshop, fix.id, issue.id)
    points.unlink_points(room.workshop, fix.id, issue.id)
    points.unlink_points(room.workshop, fix.id, issue.id)  # already unlinked: nothing to do
    assert points.list_links(room.workshop) == []
    points.link_points(room.workshop, fix.id, issue.id)
    [link] = points.list_links(room.workshop)
    assert (link.mitigation_id, link.issue_id) == (fix.id, issue.id)


def test_links_hide_while_either_end_is_deleted(room: Room) -> None:
    issue = room.add("Parking", question=room.issues)
    fix = room.add("Car park", question=room.mitigations)
    points.link_points(room.workshop, fix.id, issue.id)
    points.delete_point(room.workshop, issue.id)
    assert points.list_links(room.workshop) == []
    points.restore_point(room.workshop, issue.id)
    assert len(points.list_links(room.workshop)) == 1
    points.delete_point(room.workshop, fix.id)
    assert points.list_links(room.workshop) == []
    points.restore_point(room.workshop, fix.id)
    assert len(points.list_links(room.workshop)) == 1


def test_links_of_one_table(room: Room) -> None:
    issue = room.add("Parking", question=room.issues)
    mine = room.add("Car park", question=room.mitigations)
    theirs = room.add("Bus", question=room.mitigations, table=room.two)
    points.link_points(room.workshop, mine.id, issue.id)
    points.link_points(room.workshop, theirs.id, issue.id)
    assert [link.mitigation_id for link in points.list_links(room.workshop, table_id=room.two)] == [
        theirs.id
    ]


# --- listing and counting ------------------------------------------------------------------


def test_list_points_in_reading_order_with_filters(room: Room) -> None:
    room.add("T2 Q1", table=room.two)
    room.add("T1 Q2", question=room.issues, theme_id=room.access)
    room.add("T1 Q1 a")
    room.add("T1 Q1 b", theme_id=room.access)
    assert room.texts() == ["T1 Q1 a", "T1 Q1 b", "T1 Q2", "T2 Q1"]
    assert room.texts(table_id=room.two) == ["T2 Q1"]
    assert room.texts(question_id=room.issues) == ["T1 Q2"]
    assert room.texts(theme_id=room.access) == ["T1 Q1 b", "T1 Q2"]
    assert room.texts(any_table=False) == []  # no event-level points here


def test_count_points_three_ways_without_deleted(room: Room) -> None:
    room.add("a", theme_id=room.access)
    room.add("b", question=room.issues, theme_id=room.access)
    room.add("c", table=room.two)
    gone = room.add("d", table=room.two, theme_id=room.workforce)
    points.delete_point(room.workshop, gone.id)
    counts = points.count_points(room.workshop)
    assert counts.total == 3
    assert counts.by_table == {room.one: 2, room.two: 1}
    assert counts.by_question == {room.advantages: 2, room.issues: 1}
    assert counts.by_theme == {room.access: 2, None: 1}
    assert counts.by_theme[room.workforce] == 0
    assert points.count_points(room.workshop, table_id=room.two).total == 1


# --- drafts --------------------------------------------------------------------------------


def test_drafts_are_kept_per_table_and_question_and_cleared_on_add(room: Room) -> None:
    points.save_draft(room.workshop, room.one, room.advantages, "half a thou")
    points.save_draft(room.workshop, room.one, room.advantages, "half a thought")
    points.save_draft(room.workshop, room.one, room.issues, "worry")
    points.save_draft(room.workshop, room.two, room.issues, "other table")
    assert points.load_drafts(room.workshop, room.one) == {
        room.advantages: "half a thought",
        room.issues: "worry",
    }
    room.add("half a thought")
    assert points.load_drafts(room.workshop, room.one) == {room.issues: "worry"}
    room.add("kept", question=room.issues, clear_draft=False)
    assert points.load_drafts(room.workshop, room.one) == {room.issues: "worry"}
    points.save_draft(room.workshop, room.one, room.issues, "   ")
    assert points.load_drafts(room.workshop, room.one) == {}
    assert points.load_drafts(room.workshop, room.two) == {room.issues: "other table"}


def test_a_draft_keeps_the_theme_and_strength_chosen_for_it(room: Room) -> None:
    points.save_draft(
        room.workshop,
        room.one,
        room.advantages,
        "half a thought",
        theme_id=room.access,
        strength=Strength.SEVERAL,
    )
    details = points.load_draft_details(room.workshop, room.one)
    assert details[room.advantages].text == "half a thought"
    assert details[room.advantages].theme_id == room.access
    assert details[room.advantages].strength is Strength.SEVERAL
    # the choice changes as the scribe changes it, and goes with a plain save
    points.save_draft(room.workshop, room.one, room.advantages, "half a thought, more")
    details = points.load_draft_details(room.workshop, room.one)
    assert (details[room.advantages].theme_id, details[room.advantages].strength) == (None, None)
