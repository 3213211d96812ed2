"""Runs a merge off the GUI thread (see :mod:`facilitator_app.ui.background`): each file's
result arrives as ``progress``, the summary as ``done``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject

from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.merge import merge_files
from facilitator_app.ui.background import BackgroundJob


def merge_in_background(
    target: Path, sources: Sequence[Path], parent: QObject | None = None
) -> BackgroundJob:
    """A job that merges ``sources`` into ``target`` (the core opens its own connections)."""
    sources = list(sources)

    def work(report: Callable[[object], None]) -> object:
        return merge_files(target, sources, progress=report)

    return BackgroundJob(work, describe=_describe, parent=parent)


def _describe(error: BaseException) -> str:
    if isinstance(error, WorkshopError):
        return str(error)  # the event file itself could not be used
    return f"The merge stopped unexpectedly: {error}"  # a bug: never leave the view waiting
