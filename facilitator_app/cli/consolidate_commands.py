"""``duplicates`` lists points that look like one point; ``consolidate`` folds them together.

The same consolidation the review view offers, without the window: ``duplicates`` prints each
suggested group with a short id and its score; ``consolidate --group ID`` folds a group into one
point ("raised at N tables" in the report), ``--all-exact`` every group of identically worded
points (several at one table included), and ``--undo ID`` takes a consolidation apart again.
The grouping and the id live in :mod:`facilitator_app.core.duplicate_groups`; the matching
libraries load inside the commands, not when the command line starts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from facilitator_app.core.errors import InvalidValueError

# typing.TYPE_CHECKING without importing typing: ``--help`` stays quick.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from facilitator_app.core.duplicate_groups import PointGroup
    from facilitator_app.core.records import PointInfo

PROGRAM = "facilitator-app"
DEFAULT_MIN_SCORE = 72  # duplicates.DEFAULT_THRESHOLD, repeated so --help needs no rapidfuzz


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = subparsers.add_parser(
        "duplicates",
        help="list groups of points that look like the same point",
        description=(
            "List suggested groups of likely duplicates (points of one question from different "
            "tables that read alike, best first, with their score 0-100), then groups of "
            "identically worded points, each with an id for consolidate --group. The event "
            "file is only read."
        ),
    )
    listing.add_argument("event_file", type=Path, metavar="EVENT_FILE")
    listing.add_argument("--json", action="store_true", help="print the groups as JSON")
    _min_score(listing)
    listing.set_defaults(handler=run_duplicates)

    folding = subparsers.add_parser(
        "consolidate",
        help="fold duplicate points into one point, or undo that",
        description=(
            "Fold the points of a group listed by the duplicates command into one point, which "
            "the report shows once as raised at each of their tables; or every group of "
            "identically worded points; or undo a consolidation by its id."
        ),
    )
    folding.add_argument("event_file", type=Path, metavar="EVENT_FILE")
    what = folding.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--group", nargs="+", metavar="ID", help="the groups to consolidate, by their ids"
    )
    what.add_argument(
        "--all-exact",
        action="store_true",
        help="consolidate every group of points with identical wording (case, punctuation, "
        "common words and word endings aside), several at one table included",
    )
    what.add_argument("--undo", metavar="ID", help="undo the consolidation with this id")
    folding.add_argument(
        "--text", metavar="WORDING", help="the consolidated point's wording (with one --group)"
    )
    _min_score(folding)
    folding.set_defaults(handler=run_consolidate)


def _min_score(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--min-score",
        type=int,
        default=DEFAULT_MIN_SCORE,
        metavar="N",
        help=f"suggest pairs at least this alike, 50-100 (default {DEFAULT_MIN_SCORE})",
    )


def _describe(group: PointGroup) -> dict[str, object]:
    return {
        "id": group.id,
        "score": group.score,
        "exact": group.exact,
        "question": group.question_id,
        "suggested_text": group.suggested_text,
        "points": [
            {"id": point.id, "tables": list(tables), "text": point.text}
            for point, tables in zip(group.points, group.tables, strict=True)
        ],
    }


def run_duplicates(args: argparse.Namespace) -> int:
    from facilitator_app.core import event
    from facilitator_app.core.duplicate_groups import all_groups
    from facilitator_app.core.store import open_workshop

    with open_workshop(args.event_file, read_only=True) as workshop:
        groups = all_groups(workshop, min_score=args.min_score)
        if args.json:
            print(json.dumps([_describe(g) for g in groups], ensure_ascii=False, indent=2))
            return 0
        numbers = {q.id: q.number for q in event.list_questions(workshop)}
        for group in groups:
            kind = "identical wording" if group.exact else f"score {group.score}"
            print(f"{group.id}  question {numbers.get(group.question_id, '?')}, {kind}")
            for point, tables in zip(group.points, group.tables, strict=True):
                where = ", ".join(tables) or "event"
                print(f"    {where}: {' '.join(point.text.split())}")
    count = len(groups)
    print(f"{count} group{'' if count == 1 else 's'} to consider.")
    if groups:
        print(f"Consolidate one with: {PROGRAM} consolidate {args.event_file} --group ID")
    return 0


def _told(point: PointInfo, tables: int) -> str:
    wording = " ".join(point.text.split())
    at = f"raised at {tables} table{'' if tables == 1 else 's'}"
    return f"\u201c{wording}\u201d ({at}; id {point.id[:8]})"


def run_consolidate(args: argparse.Namespace) -> int:
    from facilitator_app.core.consolidate import raised_at, undo_consolidation
    from facilitator_app.core.duplicate_groups import (
        all_groups,
        consolidate_group,
        exact_groups,
        find_consolidated,
        find_group,
    )
    from facilitator_app.core.store import open_workshop

    if args.text is not None and not (args.group and len(args.group) == 1):
        raise InvalidValueError("--text words one consolidated point: give it with one --group.")
    with open_workshop(args.event_file) as workshop:
        if args.undo is not None:
            point = find_consolidated(workshop, args.undo)
            shown = undo_consolidation(workshop, point.id)
            print(
                f"Undid the consolidation \u201c{' '.join(point.text.split())}\u201d: its "
                f"{len(shown)} point{'' if len(shown) == 1 else 's'} show again."
            )
            return 0
        if args.all_exact:
            groups = exact_groups(workshop)
        else:
            available = all_groups(workshop, min_score=args.min_score)
            groups = [find_group(available, reference) for reference in args.group]
            if len({g.id for g in groups}) != len(groups):
                raise InvalidValueError("The same group is named twice.")
            chosen = [set(g.point_ids) for g in groups]
            if any(a & b for i, a in enumerate(chosen) for b in chosen[i + 1 :]):
                raise InvalidValueError(
                    "Two of the groups share a point; consolidate them one at a time."
                )
        folded = 0
        for group in groups:
            point = consolidate_group(workshop, group, args.text or "")
            folded += len(group.points)
            tables = len(raised_at(workshop).get(point.id, ()))
            print(f"Consolidated {len(group.points)} points into {_told(point, tables)}.")
        if not groups:
            print("No points with identical wording to consolidate.")
        elif len(groups) > 1:
            print(f"{len(groups)} groups ({folded} points) consolidated.")
    return 0
