"""Groups of points to consolidate, named by a short stable id, for the command line.

The review view shows suggestions and the facilitator clicks; a command line needs to name a
group in one command (``duplicates``) and consolidate it in the next (``consolidate --group``),
so each group gets an id derived from its points' UUIDs: the same points give the same id.

Two kinds of group: the suggester's (:func:`~facilitator_app.core.duplicates.suggest_duplicates`,
points of different tables that read alike, with a score), and exact ones: points of one
question whose normalised wording is identical, several at one table included (a scribe who
typed a point twice, or a spreadsheet imported with a repeated row), which the suggester by
design never pairs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from facilitator_app.core import event
from facilitator_app.core.consolidate import consolidate, hidden_member_ids, raised_at
from facilitator_app.core.duplicates import DEFAULT_THRESHOLD, normalise, suggest_duplicates
from facilitator_app.core.errors import NotFoundError
from facilitator_app.core.points import list_points
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop

SHORT_ID = 8
EXACT_SCORE = 100


def group_id(point_ids: Iterable[str]) -> str:
    """A short id for a set of points, the same whatever their order."""
    digest = hashlib.sha1("\n".join(sorted(point_ids)).encode()).hexdigest()
    return digest[:SHORT_ID]


@dataclass(frozen=True, slots=True)
class PointGroup:
    """Points that look like one point: the first one's wording is offered for the group."""

    id: str
    question_id: str
    score: int
    points: tuple[PointInfo, ...]
    #: For each point, the tables that raised it (a consolidated point's are its members').
    tables: tuple[tuple[str, ...], ...]
    exact: bool = False

    @property
    def point_ids(self) -> tuple[str, ...]:
        return tuple(point.id for point in self.points)

    @property
    def suggested_text(self) -> str:
        return self.points[0].text


def _table_names(workshop: Workshop) -> tuple[dict[str, str], dict[str, list[str]]]:
    names = {table.id: table.name for table in event.list_tables(workshop)}
    return names, raised_at(workshop)


def exact_groups(workshop: Workshop) -> list[PointGroup]:
    """Points of one question with identical normalised wording, in reading order."""
    hidden = hidden_member_ids(workshop)
    names, consolidated_tables = _table_names(workshop)
    by_wording: dict[tuple[str, str], list[PointInfo]] = defaultdict(list)
    for point in list_points(workshop):
        wording = normalise(point.text)
        if point.id not in hidden and wording:
            by_wording[(point.question_id, wording)].append(point)
    groups = []
    for (question_id, _), found in by_wording.items():
        if len(found) < 2:
            continue
        # An existing consolidated point first: the others join it and its wording is kept.
        found.sort(key=lambda p: p.table_id is not None)
        groups.append(
            PointGroup(
                group_id(p.id for p in found),
                question_id,
                EXACT_SCORE,
                tuple(found),
                tuple(_tables_of(p, names, consolidated_tables) for p in found),
                exact=True,
            )
        )
    return groups


def _tables_of(
    point: PointInfo, names: dict[str, str], consolidated: dict[str, list[str]]
) -> tuple[str, ...]:
    if point.table_id is None:
        return tuple(consolidated.get(point.id, ()))
    return (names.get(point.table_id, ""),)


def all_groups(workshop: Workshop, *, min_score: float = DEFAULT_THRESHOLD) -> list[PointGroup]:
    """The suggester's groups (best first), then exact groups it does not already cover."""
    groups = [
        PointGroup(
            group_id(s.point_ids),
            s.question_id,
            s.score,
            tuple(item.point for item in s.points),
            tuple(item.table_names for item in s.points),
        )
        for s in suggest_duplicates(workshop, threshold=min_score)
    ]
    covered = [set(g.point_ids) for g in groups]
    for group in exact_groups(workshop):
        if not any(set(group.point_ids) <= ids for ids in covered):
            groups.append(group)
    return groups


def find_group(groups: list[PointGroup], reference: str) -> PointGroup:
    wanted = reference.strip().lower()
    matches = [g for g in groups if g.id.startswith(wanted)] if wanted else []
    if len(matches) != 1:
        what = "no suggested group" if not matches else "more than one group"
        raise NotFoundError(
            f"There is {what} with the id {reference!r}; list the groups with the duplicates "
            "command (with the same --min-score)."
        )
    return matches[0]


def consolidate_group(workshop: Workshop, group: PointGroup, text: str = "") -> PointInfo:
    """Fold a group into one point worded ``text`` (or its suggested wording)."""
    return consolidate(workshop, group.point_ids, text.strip() or group.suggested_text)


def find_consolidated(workshop: Workshop, reference: str) -> PointInfo:
    """A live consolidated point by (the start of) its id."""
    wanted = reference.strip().lower()
    matches = [
        p
        for p in list_points(workshop)
        if p.table_id is None and wanted and p.id.startswith(wanted)
    ]
    if len(matches) != 1:
        what = "no consolidated point" if not matches else "more than one consolidated point"
        raise NotFoundError(f"There is {what} with an id starting {reference!r}.")
    return matches[0]
