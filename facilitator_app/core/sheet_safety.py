"""Sheets handed in are untrusted: size limits, and CSV cells that must never run as formulas.

Kept apart from reading and writing sheets (:mod:`spreadsheets`) so the rules are in one place:
a sheet far larger than any list of points is refused before it takes minutes and gigabytes,
and a CSV export never holds a cell that Excel or LibreOffice would run as a formula.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from facilitator_app.core.errors import WorkshopError


class SpreadsheetError(WorkshopError):
    """A spreadsheet cannot be read or written as a whole (missing, wrong kind, no header)."""


# --- limits on sheets handed in ---------------------------------------------------------

#: A sheet of points drawn up beforehand has hundreds of rows; these bounds are far above that
#: and keep a huge or crafted file from taking minutes and gigabytes before it is refused.
MAX_SHEET_ROWS = 50_000
MAX_SHEET_COLUMNS = 50
MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024


def _too_big(path: Path, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"{path.name} is too large to import ({what}); split it into smaller sheets."
    )


def check_csv_size(path: Path) -> None:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise _too_big(path, f"more than {MAX_CSV_BYTES // (1024 * 1024)} MB")


def check_xlsx_parts(path: Path) -> None:
    """Refuse, before reading, a workbook that would unpack to more than the limit (a zip bomb)
    or whose XML declares a DTD (entities that expand to gigabytes; Excel never writes one)."""
    # A crafted archive: bad zip, bad deflate data, encrypted or unknown compression.
    unreadable = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED_BYTES:
                raise _too_big(
                    path, f"it unpacks to more than {MAX_XLSX_UNPACKED_BYTES // 2**20} MB"
                )
            with_dtd = next((i.filename for i in infos if _declares_dtd(archive, i)), None)
    except unreadable as error:
        raise SpreadsheetError(f"{path.name} is not a readable .xlsx workbook.") from error
    if with_dtd is not None:
        raise SpreadsheetError(
            f"{path.name} is not a readable .xlsx workbook ({with_dtd} declares a DTD)."
        )


_DTD = b"<!DOCTYPE"


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            if _DTD in tail + chunk:
                return True
            tail = chunk[-len(_DTD) :]
    return False


def check_row_count(path: Path, count: int) -> None:
    if count > MAX_SHEET_ROWS:
        raise _too_big(path, f"more than {MAX_SHEET_ROWS:,} rows")


# --- CSV formula injection ---------------------------------------------------------------

# A cell starting with one of these is run as a formula by Excel or LibreOffice when a CSV is
# opened (OWASP, "CSV Injection"); a leading apostrophe makes it text. Cells that already start
# with apostrophes before such a character get one more, so reading strips exactly one back.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")
_ANY_FORMULA_START = re.compile(r"\n'*[=+\-@\t\r]")  # a cell's start or any line's


def csv_safe(cell: str) -> str:
    """A cell as written to CSV: a would-be formula prefixed with ``'`` so it stays text."""
    return "'" + cell if _FORMULA_START.match(cell) else cell


def csv_safe_row(cells: Sequence[str]) -> Sequence[str]:
    """A row as written to CSV (:func:`csv_safe` on each cell), with one look at the whole row
    first: almost no row has a cell to escape, and an export writes hundreds of thousands."""
    joined = "\n" + "\n".join(cells)  # every cell starts after a line break here
    return [csv_safe(cell) for cell in cells] if _ANY_FORMULA_START.search(joined) else cells


def csv_unescaped(cell: str) -> str:
    """The text :func:`csv_safe` was given: an exported sheet imports with the original text."""
    return cell[1:] if _ESCAPED_FORMULA.match(cell) else cell
