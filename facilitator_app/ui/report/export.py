"""Writing the Word report off the GUI thread, with progress, and one sentence if it fails."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.report import ReportOptions, export_report
from facilitator_app.core.store import Workshop
from facilitator_app.ui.background import BackgroundJob


def export_in_background(
    workshop: Workshop, target: Path, options: ReportOptions, parent: QObject | None = None
) -> BackgroundJob:
    """A job that writes the report; ``progress`` carries percents, ``done`` the path."""

    def work(report: Callable[[object], None]) -> object:
        export_report(
            workshop, target, options, progress=lambda fraction: report(round(fraction * 100))
        )
        return str(target)

    return BackgroundJob(work, describe=_export_failure, parent=parent)


def _export_failure(error: BaseException) -> str:
    if isinstance(error, WorkshopError):
        return str(error)
    return f"The report could not be written: {error}"  # a bug; never wait for ever
