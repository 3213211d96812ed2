"""``merge``: merge table files (or folders of them) into the event file, file by file.

One line per source as it is done (merged with its counts, unchanged, or refused and why), then
the totals. Exit 0 when every source merged (or had nothing new), 1 when any was refused (the
good ones are still merged), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator_app.core import merge
from facilitator_app.core.merge import MergeStatus, MergeSummary, SourceResult

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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts(item: SourceResult | MergeSummary) -> str:
    return (
        f"{item.new} new, {item.updated} updated, {item.deleted} deleted, "
        f"{item.unchanged} unchanged, {_plural(item.conflicts, 'conflict')}"
    )


def format_result(result: SourceResult) -> list[str]:
    """The line (and any warning lines) printed for one source."""
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
            "both texts are kept; choose one in the app's merge view."
        )
    if refused:
        lines.append(f"{_plural(refused, 'file')} refused; the others were merged.")
    return lines


def run_merge(args: argparse.Namespace) -> int:
    sources = merge.expand_sources(args.sources, exclude=[args.event_file])
    if not sources:
        folders = ", ".join(str(path) for path in args.sources)
        print(f"{PROGRAM} merge: error: no .workshop files found in {folders}.", file=sys.stderr)
        return 2

    def show(result: SourceResult) -> None:
        for line in format_result(result):
            print(line, flush=True)

    summary = merge.merge_files(args.event_file, sources, progress=show)
    for line in format_totals(summary):
        print(line)
    return 1 if summary.any_refused else 0
