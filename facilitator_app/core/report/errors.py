"""Errors of the report export, each a sentence a programme lead can act on."""

from __future__ import annotations

from pathlib import Path

from facilitator_app.core.errors import WorkshopError


class ReportError(WorkshopError):
    """The report could not be written; nothing was left half-written."""


class TemplateError(ReportError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(f"The template {path.name} cannot be used: {detail}.")


class ReportWriteError(ReportError):
    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


class ReportLockedError(ReportWriteError):
    """The target is open in Word (Windows locks open documents) or otherwise not replaceable."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"{path.name} is open in another program, so it cannot be replaced: "
            "close it in Word and try again.",
        )
