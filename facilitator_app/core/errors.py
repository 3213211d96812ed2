"""The errors the core raises, each with a message a facilitator or scribe can act on.

Every error the CLI or GUI shows to a person derives from :class:`WorkshopError`; its ``str()``
is one plain sentence naming the file or thing concerned. Anything else escaping the core is a bug.
"""

from __future__ import annotations

from pathlib import Path


class WorkshopError(Exception):
    """Base of all errors a person can do something about."""


# --- files ---------------------------------------------------------------------------------


class WorkshopFileError(WorkshopError):
    """A problem with a workshop file as a whole. ``path`` names the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(message)


class FileMissingError(WorkshopFileError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"{Path(path).name}: no such file ({path}).")


class FileExistsAlreadyError(WorkshopFileError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path, f"{Path(path).name} already exists; choose another name or remove it first."
        )


class NotAWorkshopFileError(WorkshopFileError):
    def __init__(self, path: Path | str, detail: str = "") -> None:
        what = f" ({detail})" if detail else ""
        super().__init__(path, f"{Path(path).name} is not a workshop file{what}.")


class DamagedFileError(WorkshopFileError):
    def __init__(self, path: Path | str, detail: str = "") -> None:
        what = f": {detail}" if detail else ""
        super().__init__(
            path,
            f"{Path(path).name} is a workshop file but it is damaged{what}. "
            "Ask for another copy of it.",
        )


class NewerVersionError(WorkshopFileError):
    def __init__(self, path: Path | str, file_version: int, our_version: int) -> None:
        self.file_version = file_version
        self.our_version = our_version
        super().__init__(
            path,
            f"{Path(path).name} was made by a newer version of Workshop Facilitator "
            f"(file format {file_version}; this version reads up to {our_version}). "
            "Update the app to open it.",
        )


class ReadOnlyError(WorkshopFileError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"{Path(path).name} is open read-only; changes cannot be saved.")


class FileInUseError(WorkshopFileError):
    def __init__(self, path: Path | str, detail: str = "") -> None:
        what = f" ({detail})" if detail else ""
        super().__init__(path, f"{Path(path).name} is in use by another program{what}.")


# --- things inside a file ------------------------------------------------------------------


class NotFoundError(WorkshopError):
    """A named or identified thing is not in the workshop file."""


class UnknownTableError(NotFoundError):
    def __init__(self, name: str, known: list[str] | None = None) -> None:
        self.name = name
        hint = f" Tables in this event: {', '.join(known)}." if known else ""
        super().__init__(f"There is no table called {name!r} in this event.{hint}")


class UnknownQuestionError(NotFoundError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"There is no question {reference} in this event.")


class UnknownThemeError(NotFoundError):
    def __init__(self, name: str, known: list[str] | None = None) -> None:
        hint = f" Themes in this event: {', '.join(known)}." if known else ""
        super().__init__(f"There is no theme called {name!r} in this event.{hint}")


class UnknownPointError(NotFoundError):
    def __init__(self, point_id: str) -> None:
        super().__init__(f"The point {point_id} is not in this file (it may have been removed).")


class InUseError(WorkshopError):
    """Removing a thing would orphan points or people; the message says what to do instead."""


class InvalidValueError(WorkshopError):
    """A value given to a use case is not acceptable (empty title, unknown kind, ...)."""


class InvalidSpecError(WorkshopError):
    """An event spec (JSON) is malformed; the message names the key at fault."""


class ImportRowError(WorkshopError):
    """A spreadsheet row could not be imported; nothing of the sheet was imported."""

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line = line
        super().__init__(f"{source}, line {line}: {message}. Nothing was imported.")


class SearchCancelled(Exception):
    """The caller no longer wants this duplicate search (a newer one replaced it, or the view
    closed). Here, not with the search, so catching it loads no numpy or rapidfuzz."""
