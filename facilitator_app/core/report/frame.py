"""The frame of a committee paper: who it is for, by whom, when, why, and its appendices.

The title block of a committee paper names the committee it reports to, its author, the date
of the paper and its purpose; these are stored in the event file beside the narrative sections
(so the app and the command line share them) and drafted into an opening paragraph when the
lead has written no introduction. Appendices are numbered in words (Appendix One, Two…) or
letters, and body text refers to them by the label they end up with. A lead's own appendix
(the proposal consulted on, say) is read from a text or Word file and placed first.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.model import ReportSectionKey
from facilitator_app.core.report.data import EventData
from facilitator_app.core.report.document import Block, BulletList, Heading, ListItem, Paragraph
from facilitator_app.core.report.document import Table as TableBlock
from facilitator_app.core.report.narrative import parse_narrative
from facilitator_app.core.report.text import clean_text, number_word, one_line

#: The title-block fields, in the order they are printed, with their labels.
FRAME_FIELDS: dict[ReportSectionKey, str] = {
    ReportSectionKey.REPORT_TO: "Report to",
    ReportSectionKey.AUTHOR: "Author",
    ReportSectionKey.PAPER_DATE: "Date",
    ReportSectionKey.PURPOSE: "Purpose",
}
LEAD_APPENDIX_KEY = "lead-appendix"


class AppendixNumbering(StrEnum):
    """How appendices are numbered: "Appendix One" (committee papers' habit) or "Appendix A"."""

    WORDS = "words"
    LETTERS = "letters"


def appendix_label(index: int, numbering: AppendixNumbering) -> str:
    """``Appendix Two`` or ``Appendix B`` for the second appendix (``index`` 1)."""
    if numbering is AppendixNumbering.LETTERS:
        letters = ""
        number = index
        while True:
            letters = chr(ord("A") + number % 26) + letters
            number = number // 26 - 1
            if number < 0:
                break
        return f"Appendix {letters}"
    word = number_word(index + 1)
    return f"Appendix {word.capitalize() if word.isalpha() else word}"


def frame_value(texts: Mapping[ReportSectionKey, str], key: ReportSectionKey) -> str:
    return one_line(texts.get(key, ""))


def draft_introduction(data: EventData, texts: Mapping[ReportSectionKey, str]) -> str:
    """An opening paragraph from what the file holds: the event, the committee, the purpose."""
    title = one_line(data.event.title)
    report_to = frame_value(texts, ReportSectionKey.REPORT_TO)
    purpose = frame_value(texts, ReportSectionKey.PURPOSE).rstrip(".")
    tables = len(data.tables)
    lines = []
    opening = (
        f"This paper reports the outputs of the stakeholder event \u201c{title}\u201d"
        if title
        else "This paper reports the outputs of the stakeholder event"
    )
    if report_to:
        opening += (
            f" to the {report_to}"
            if not report_to.lower().startswith("the ")
            else (f" to {report_to}")
        )
    lines.append(opening + ".")
    if purpose:
        lines.append(f"Its purpose is {purpose[0].lower() + purpose[1:]}.")
    if data.questions and tables:
        lines.append(
            f"It sets out what was said at the event's {number_word(tables)} "
            f"{'table' if tables == 1 else 'tables'} in answer to the questions put to them, "
            "drawn from the points their scribes recorded."
        )
    return "\n".join(lines)


# --- the lead's own appendix -------------------------------------------------------------------


def load_lead_appendix(path: Path, title: str = "") -> tuple[str, list[Block]]:
    """The title and blocks of a lead's appendix from a .txt (UTF-8) or .docx file.

    A text file is read like a section (paragraphs, ``-`` bullets, ``1.`` lists); a Word file
    keeps its headings, lists, paragraphs and tables as text in the report's own styles. The
    title is ``title`` or else the file's first heading, or its name.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidValueError(f"The appendix file {path} does not exist.")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        found_title, blocks = _docx_blocks(path)
    elif suffix in (".txt", ".text", ".md", ""):
        found_title, blocks = "", _text_blocks(path)
    else:
        raise InvalidValueError(
            f"{path.name}: an appendix must be a text (.txt) or Word (.docx) file."
        )
    if not blocks:
        raise InvalidValueError(f"The appendix file {path.name} is empty.")
    name = one_line(title) or found_title or path.stem.replace("_", " ").replace("-", " ")
    return name, blocks


def _text_blocks(path: Path) -> list[Block]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidValueError(
            f"{path.name} is not UTF-8 text; save it as UTF-8 (or plain text) and try again."
        ) from error
    except OSError as error:
        raise InvalidValueError(f"{path.name} cannot be read: {error.strerror}.") from error
    blocks = parse_narrative(text)
    for block in blocks:
        if isinstance(block, Paragraph):
            block.numbered = False
    return blocks


def _docx_blocks(path: Path) -> tuple[str, list[Block]]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        source = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InvalidValueError(f"{path.name} is not a Word .docx file.") from error
    title = ""
    shift = 1  # a document's Heading 1 is a level below our appendix title
    blocks: list[Block] = []
    current: BulletList | None = None
    for item in source.iter_inner_content():
        if isinstance(item, DocxTable):
            current = None
            rows = [[one_line(cell.text) for cell in row.cells] for row in item.rows]
            if rows:
                blocks.append(TableBlock(rows[0], rows[1:]))
            continue
        assert isinstance(item, DocxParagraph)
        text = clean_text(item.text)
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if not title and (style == "Title" or (style.startswith("Heading") and not blocks)):
            title = one_line(text)
            # Headings under a "Heading 1" title move up one level to sit under ours.
            shift = 0 if style.startswith("Heading") else 1
            continue
        if style.startswith("Heading") or style == "Title":
            current = None
            level = style.rsplit(" ", 1)[-1]
            depth = int(level) + shift if level.isdigit() else 2
            blocks.append(Heading(one_line(text), min(max(depth, 2), 3)))
        elif style.startswith("List"):
            numbered = "Number" in style
            if current is None or current.numbered != numbered:
                current = BulletList([], numbered=numbered)
                blocks.append(current)
            if style.rstrip().endswith(("2", "3")) and current.items and not numbered:
                current.items[-1].children.append(ListItem(text))
            else:
                current.items.append(ListItem(text))
        else:
            current = None
            blocks.append(Paragraph(text))
    return title, blocks
