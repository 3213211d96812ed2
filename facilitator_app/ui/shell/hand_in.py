""" "Hand in table file…": a complete standalone copy where the scribe chooses, checked.

The copy is written with the core's :func:`~facilitator_app.core.store.copy_workshop` (SQLite's
backup API, checked, moved into place), then opened again from the destination to prove it is
whole, and described: which table, how many points. A USB stick can be slow, so the work runs
on a thread from the pool and reports back with a signal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject

from facilitator_app.core.errors import DamagedFileError, WorkshopError
from facilitator_app.core.event import get_event, list_tables
from facilitator_app.core.points import count_points
from facilitator_app.core.store import Workshop, check_file, copy_workshop, open_workshop
from facilitator_app.ui.background import BackgroundJob, failure_message


@dataclass(frozen=True)
class HandInResult:
    path: Path
    event_title: str
    table_name: str | None
    table_points: int
    total_points: int
    size_bytes: int


def write_hand_in(workshop: Workshop, destination: Path, table_id: str | None) -> HandInResult:
    """Copy, re-open the copy read-only, and say what it holds. Raises WorkshopError."""
    if destination.resolve() == workshop.path.resolve():
        raise WorkshopError(
            f"{destination.name} is the file already open; choose another place for the copy."
        )
    copy_workshop(workshop, destination)
    report = check_file(destination)
    if not report.sound:
        raise DamagedFileError(destination, "; ".join(report.problems))
    with open_workshop(destination, read_only=True) as copy:
        title = get_event(copy).title
        tables = {table.id: table.name for table in list_tables(copy)}
        counts = count_points(copy)
    return HandInResult(
        path=destination,
        event_title=title,
        table_name=tables.get(table_id) if table_id else None,
        table_points=counts.by_table.get(table_id, 0) if table_id else counts.total,
        total_points=counts.total,
        size_bytes=destination.stat().st_size,
    )


def hand_in_in_background(
    workshop: Workshop, destination: Path, table_id: str | None, parent: QObject | None = None
) -> BackgroundJob:
    """A job that runs :func:`write_hand_in` (a slow USB stick must not freeze the window);
    ``done`` carries the :class:`HandInResult`."""

    def work(_report: Callable[[object], None]) -> object:
        return write_hand_in(workshop, destination, table_id)

    def describe(error: BaseException) -> str:
        if isinstance(error, OSError) and not isinstance(error, WorkshopError):
            return (
                f"The copy could not be written to {destination.parent}: {error.strerror or error}."
            )
        return failure_message(error)

    return BackgroundJob(work, describe=describe, parent=parent)
