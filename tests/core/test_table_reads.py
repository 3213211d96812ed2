"""Capture's plain-select reads of one table give what the use cases give, without ORM objects."""

from __future__ import annotations

from sqlalchemy import event as sqlalchemy_event

from facilitator_app.core import event, points, table_reads
from facilitator_app.core.enums import Strength
from facilitator_app.core.model import Draft, Point, PointLink
from facilitator_app.core.records import LinkInfo
from facilitator_app.core.store import Workshop


class OrmLoads:
    """Counts the ORM objects SQLAlchemy builds from rows of the given classes."""

    def __init__(self, *classes: type) -> None:
        self.count = 0
        self.classes = classes

    def _loaded(self, *_args: object) -> None:
        self.count += 1

    def __enter__(self) -> OrmLoads:
        for cls in self.classes:
            sqlalchemy_event.listen(cls, "load", self._loaded)
        return self

    def __exit__(self, *_exc: object) -> None:
        for cls in self.classes:
            sqlalchemy_event.remove(cls, "load", self._loaded)


def two_tables_with_links(workshop: Workshop) -> tuple[str, str]:
    """Points at two tables under every question, two deleted, links (one to a deleted issue);
    at the first table a point moved to the top of its question."""
    one, two = (t.id for t in event.list_tables(workshop)[:2])
    advantages, issues, mitigations = (q.id for q in event.list_questions(workshop))
    access = event.find_theme(workshop, "Access").id
    for table in (one, two):
        added = {}
        for question, texts in (
            (mitigations, ["Evening surgery", "Shuttle bus"]),
            (advantages, ["Closer to home", "Fewer trips", "Gone soon"]),
            (issues, ["Parking", "Withdrawn worry"]),
        ):
            for text in texts:
                point = points.add_point(
                    workshop, table, question, text, theme_id=access, strength=Strength.SEVERAL
                )
                added[text] = point.id
        points.link_points(workshop, added["Shuttle bus"], added["Parking"])
        points.link_points(workshop, added["Evening surgery"], added["Withdrawn worry"])
        points.delete_point(workshop, added["Withdrawn worry"])
        points.delete_point(workshop, added["Gone soon"])
        if table == one:
            points.move_point(workshop, added["Fewer trips"], 0)
    return one, two


def test_a_table_reads_as_the_use_cases_list_it_and_builds_no_orm_objects(
    event_file: Workshop,
) -> None:
    one, two = two_tables_with_links(event_file)
    with OrmLoads(Point, PointLink) as loads:
        read, links = table_reads.read_table_points(event_file, one)
    assert loads.count == 0
    assert [p.text for p in read] == [
        "Fewer trips",
        "Closer to home",
        "Parking",
        "Evening surgery",
        "Shuttle bus",
    ]
    assert {p.table_id for p in read} == {one}
    assert read == points.list_points(event_file, table_id=one)
    [link] = links  # the link to the deleted issue is hidden, the other table's not read
    assert link == LinkInfo(read[4].id, read[2].id)
    assert links == points.list_links(event_file, table_id=one)
    assert table_reads.read_table_points(event_file, two) == (
        points.list_points(event_file, table_id=two),
        points.list_links(event_file, table_id=two),
    )


def test_drafts_read_as_the_use_cases_give_them_without_a_removed_theme(
    event_file: Workshop,
) -> None:
    one, two = (t.id for t in event.list_tables(event_file)[:2])
    advantages, issues, _ = (q.id for q in event.list_questions(event_file))
    access = event.find_theme(event_file, "Access").id
    gone = event.add_theme(event_file, "Dropped later").id
    points.save_draft(event_file, one, advantages, "half a thought", theme_id=access,
                      strength=Strength.CONSENSUS)  # fmt: skip
    points.save_draft(event_file, one, issues, "a worry", theme_id=gone)
    points.save_draft(event_file, two, issues, "another table's")
    event.remove_theme(event_file, gone)
    with OrmLoads(Draft) as loads:
        drafts = table_reads.read_drafts(event_file, one)
    assert loads.count == 0
    assert drafts == points.load_draft_details(event_file, one)
    assert drafts[advantages].strength is Strength.CONSENSUS
    assert drafts[advantages].theme_id == access
    assert (drafts[issues].text, drafts[issues].theme_id) == ("a worry", None)
