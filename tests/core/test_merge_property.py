"""Property: any order and any repetition of merging the same table files gives the same event.

Each table's scribe works on one file and hands in copies of it at several moments (snapshots);
a replacement laptop adds a second, separate file for a table. However the facilitator merges
those files (in any order, in one run or several, some of them twice), the event ends the same.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator_app.core import event, merge, points, store
from facilitator_app.core.store import Workshop

TABLES = 2
TEXTS = st.sampled_from(["Parking", "Buses", "Staff", "Care at home", "Cost", "Travel time"])

#: One scribe action; indexes pick among the points made so far (modulo their number).
ACTIONS = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 2), TEXTS),
    st.tuples(st.just("add"), st.integers(0, 2), TEXTS),
    st.tuples(st.just("edit"), st.integers(0, 99), TEXTS),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("restore"), st.integers(0, 99)),
    st.tuples(st.just("theme"), st.integers(0, 99), st.integers(0, 5)),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 3)),
    st.tuples(st.just("link"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("unlink"), st.integers(0, 99)),
)
#: Per table: snapshots, each a few actions done since the previous one.
HISTORY = st.lists(st.lists(ACTIONS, min_size=1, max_size=4), min_size=1, max_size=3)


def _apply(workshop: Workshop, table_id: str, action: tuple[Any, ...], made: list[str]) -> None:
    questions = event.list_questions(workshop)
    kind, *args = action
    if kind == "add":
        made.append(points.add_point(workshop, table_id, questions[args[0]].id, args[1]).id)
        return
    if not made:
        return
    point = made[args[0] % len(made)]
    if kind == "edit":
        points.edit_point_text(workshop, point, args[1])
    elif kind == "delete":
        points.delete_point(workshop, point)
    elif kind == "restore":
        points.restore_point(workshop, point)
    elif kind == "theme":
        points.set_point_theme(workshop, point, event.list_themes(workshop)[args[1]].id)
    elif kind == "move":
        points.move_point(workshop, point, args[1])
    elif kind in ("link", "unlink"):
        live = points.list_points(workshop, table_id=table_id)
        issues = [p.id for p in live if p.question_id == questions[1].id]
        mitigations = [p.id for p in live if p.question_id == questions[2].id]
        if not issues or not mitigations:
            return
        mitigation = mitigations[args[0] % len(mitigations)]
        if kind == "link":
            points.link_points(workshop, mitigation, issues[args[1] % len(issues)])
        else:
            for link in points.list_links(workshop, table_id=table_id):
                if link.mitigation_id == mitigation:
                    points.unlink_points(workshop, mitigation, link.issue_id)


def _build_files(folder: Path, event_path: Path, histories: list[Any], laptop: Any) -> list[Path]:
    """Snapshots of each table's file, oldest first, and the replacement laptop's file."""
    files: list[Path] = []
    work_items = [(f"table{i}", i, history) for i, history in enumerate(histories)]
    if laptop:
        work_items.append(("laptop", 0, [laptop]))
    for name, table_index, history in work_items:
        work = folder / f"{name}-work.workshop"
        with store.open_workshop(event_path, read_only=True) as source:
            store.copy_workshop(source, work)
        made: list[str] = []
        with store.open_workshop(work) as workshop:
            table_id = event.list_tables(workshop)[table_index].id
            for number, actions in enumerate(history):
                for action in actions:
                    _apply(workshop, table_id, action, made)
                snapshot = folder / f"{name}-v{number}.workshop"
                store.copy_workshop(workshop, snapshot)
                files.append(snapshot)
        work.unlink()
    return files


def _dump(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """What the event holds, canonically: points, links, and how many conflicts."""
    connection = sqlite3.connect(path)
    try:
        point_rows = connection.execute(
            "SELECT id, table_id, question_id, theme_id, text, position, strength,"
            " deleted_at IS NOT NULL, revision FROM point ORDER BY id"
        ).fetchall()
        link_rows = connection.execute(
            "SELECT mitigation_id, issue_id, deleted_at IS NOT NULL, revision FROM point_link"
            " ORDER BY mitigation_id, issue_id"
        ).fetchall()
        conflicts = connection.execute("SELECT count(*) FROM merge_conflict").fetchone()[0]
    finally:
        connection.close()
    return point_rows, link_rows, conflicts


@st.composite
def _runs(draw: st.DrawFn, count: int) -> list[list[int]]:
    """Every file at least once, some again, in any order, cut into one or more merge runs."""
    order = list(draw(st.permutations(range(count))))
    for extra in draw(st.lists(st.integers(0, count - 1), max_size=3)):
        order.insert(draw(st.integers(0, len(order))), extra)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=3)))
    runs, start = [], 0
    for cut in [*cuts, len(order)]:
        if cut > start:
            runs.append(order[start:cut])
            start = cut
    return runs


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    histories=st.lists(HISTORY, min_size=1, max_size=TABLES),
    laptop=st.one_of(st.none(), st.lists(ACTIONS, min_size=1, max_size=3)),
    data=st.data(),
)
def test_any_order_and_repetition_gives_the_same_event(
    histories: list[Any], laptop: Any, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        base = folder / "base.workshop"
        with event.create_event_file(base, event.EventSpec.with_numbered_tables("Care", TABLES)):
            pass
        files = _build_files(folder, base, histories, laptop)

        reference = folder / "reference.workshop"
        reference.write_bytes(base.read_bytes())
        summary = merge.merge_files(reference, files)
        # Only byte-identical snapshots (nothing changed in between) are turned away.
        refused = [r.message for r in summary.results if r.status is merge.MergeStatus.REFUSED]
        assert all("identical copy" in message for message in refused), refused

        shuffled = folder / "shuffled.workshop"
        shuffled.write_bytes(base.read_bytes())
        for run in data.draw(_runs(len(files)), label="runs"):
            merge.merge_files(shuffled, [files[index] for index in run])

        expected = _dump(reference)
        assert expected[2] == 0
        assert _dump(shuffled) == expected
        # And the event holds each file's newest snapshot of its points, nothing else.
        newest: dict[str, Path] = {}
        for path in files:  # oldest first, so later snapshots win
            newest[path.name.split("-v")[0]] = path
        wanted = sorted(row for path in newest.values() for row in _dump(path)[0])
        assert expected[0] == wanted
