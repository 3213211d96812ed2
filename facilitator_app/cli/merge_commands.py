"""``merge`` table files (or folders of them) into the event file; list or settle ``conflicts``.

One line per source as it is done (merged with its counts, unchanged, or refused and why), then
the totals. Exit 0 when every source merged (or had nothing new), 1 when any was refused (the
good ones are still merged), 2 on usage errors.

The core is imported inside the handlers, so building the parser stays light.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator_app.core.errors import NotFoundError

# typing.TYPE_CHECKING without importing typing: ``--help`` stays quick.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from facilitator_app.core import merge
    from facilitator_app.core.merge import MergeSummary, SourceResult

PROGRAM = "facilitator-app"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="merge table files into the event file",
        description=(
            "Merge table files into the event file. Folders are searched (with their "
            "sub-folders) for .workshop files. The event file is made from the first good "
            "file if it does not exist yet, and backed up beside itself before it is changed. "
            "The files merged from are never changed."
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        dest="event_file",
        metavar="EVENT_FILE",
        type=Path,
        required=True,
        help="the event file to merge into (made if it does not exist)",
    )
    parser.add_argument(
        "sources",
        metavar="SOURCE",
        type=Path,
        nargs="+",
        help="table files or folders holding them",
    )
    parser.set_defaults(handler=run_merge)

    conflicts = subparsers.add_parser(
        "conflicts",
        help="list or settle points changed both in the event file and at a table",
        description=(
            "With only the event file, list the points changed both here and at a table since "
            "the last merge, each with both texts and a short id. With --keep, settle the ones "
            "named with --id (or --all) by keeping the event file's text (ours) or the "
            "table's (theirs)."
        ),
    )
    conflicts.add_argument("event_file", metavar="EVENT_FILE", type=Path)
    conflicts.add_argument(
        "--keep", choices=("ours", "theirs"), help="settle conflicts with this side's text"
    )
    conflicts.add_argument(
        "--id",
        dest="ids",
        metavar="ID",
        action="append",
        default=[],
        help="a conflict to settle, by its id as listed (repeat for several)",
    )
    conflicts.add_argument("--all", action="store_true", help="settle every open conflict")
    conflicts.set_defaults(handler=run_conflicts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts(item: SourceResult | MergeSummary) -> str:
    return (
        f"{item.new} new, {item.updated} updated, {item.deleted} deleted, "
        f"{item.unchanged} unchanged, {_plural(item.conflicts, 'conflict')}"
    )


def format_result(result: SourceResult) -> list[str]:
    """The line (and any warning lines) printed for one source."""
    from facilitator_app.core.merge import MergeStatus

    status = f"{result.status.value:<10}"
    # A refusal, or a file recognised as merged before, is told in a sentence; a merge in counts.
    if result.status is MergeStatus.REFUSED or (result.message and not result.unchanged):
        lines = [f"{status}{result.message}"]
    else:
        tables = f" ({', '.join(result.table_names)})" if result.table_names else ""
        lines = [f"{status}{result.name}{tables}: {_counts(result)}"]
    lines.extend(f"{'':<10}warning: {warning}" for warning in result.warnings)
    return lines


def format_totals(summary: MergeSummary) -> list[str]:
    """The closing lines: what the run did as a whole, and what is left to do."""
    from facilitator_app.core.merge import MergeStatus

    merged = summary.count(MergeStatus.MERGED)
    unchanged = summary.count(MergeStatus.UNCHANGED)
    refused = summary.count(MergeStatus.REFUSED)
    lines = [
        f"Total: {_plural(len(summary.results), 'file')} ({merged} merged, {unchanged} "
        f"unchanged, {refused} refused) into {summary.target.name}; points: {_counts(summary)}."
    ]
    if summary.created_target:
        lines.append(f"Made the new event file {summary.target}.")
    if summary.backup_path is not None:
        lines.append(f"Backup of the event file before merging: {summary.backup_path.name}")
    if summary.conflicts:
        lines.append(
            f"{_plural(summary.conflicts, 'point')} changed both here and at a table: "
            "both texts are kept; settle them in the app's review view or with "
            f"{PROGRAM} conflicts {summary.target}"
        )
    if refused:
        lines.append(f"{_plural(refused, 'file')} refused; the others were merged.")
    return lines


def run_merge(args: argparse.Namespace) -> int:
    from facilitator_app.core import merge
    from facilitator_app.core.app_lock import refuse_if_open_in_the_app

    sources = merge.expand_sources(args.sources, exclude=[args.event_file])
    if not sources:
        folders = ", ".join(str(path) for path in args.sources)
        print(f"{PROGRAM} merge: error: no .workshop files found in {folders}.", file=sys.stderr)
        return 2

    refuse_if_open_in_the_app(args.event_file)

    def show(result: SourceResult) -> None:
        for line in format_result(result):
            print(line, flush=True)

    summary = merge.merge_files(args.event_file, sources, progress=show)
    for line in format_totals(summary):
        print(line)
    return 1 if summary.any_refused else 0


_SHORT_ID = 8


def _side(text: str, deleted: bool) -> str:
    return f"(deleted) {text}" if deleted else text


def run_conflicts(args: argparse.Namespace) -> int:
    from facilitator_app.core import event, merge, store

    if args.keep is None and (args.ids or args.all):
        return _usage("conflicts: give --keep ours or --keep theirs to settle conflicts.")
    if args.keep is not None and not (args.ids or args.all):
        return _usage("conflicts: name the conflicts to settle (--id ID), or give --all.")
    with store.open_workshop(args.event_file, read_only=args.keep is None) as workshop:
        open_conflicts = merge.list_conflicts(workshop)
        if args.keep is None:
            numbers = {q.id: q.number for q in event.list_questions(workshop)}
            for conflict in open_conflicts:
                print(
                    f"{conflict.id[:_SHORT_ID]}  {conflict.table_name or 'event'}, question "
                    f"{numbers.get(conflict.question_id, '?')} (from {conflict.source_name})"
                )
                print(f"    here:  {_side(conflict.our_text, conflict.our_deleted)}")
                print(f"    table: {_side(conflict.their_text, conflict.their_deleted)}")
            print(f"{_plural(len(open_conflicts), 'conflict')} to settle.")
            return 0
        chosen = open_conflicts if args.all else [_find(open_conflicts, i) for i in args.ids]
        settle = merge.keep_ours if args.keep == "ours" else merge.keep_theirs
        for conflict in chosen:
            settle(workshop, conflict.id)
        print(f"Settled {_plural(len(chosen), 'conflict')}, keeping {args.keep}.")
    return 0


def _find(conflicts: list[merge.ConflictInfo], reference: str) -> merge.ConflictInfo:
    matches = [c for c in conflicts if c.id.startswith(reference.strip().lower())]
    if len(matches) != 1:
        what = "no open conflict" if not matches else "several conflicts"
        raise NotFoundError(f"There is {what} with an id starting {reference!r}.")
    return matches[0]


def _usage(message: str) -> int:
    print(f"{PROGRAM} {message}", file=sys.stderr)
    return 2
