"""Render a :class:`ReportDocument` as a Word file with python-docx, onto a template.

The template (ours in ``resources/``, or the organisation's own ``.docx``/``.dotx``) supplies
fonts, colours, headers and footers; its body is cleared and the report written in its styles.
A style the template lacks is copied in from our default template, with its list numbering, so
an organisation's template never breaks the export.

Speed: python-docx's ``add_paragraph`` looks styles up and builds proxies on every call, which is
slow for ten thousand points. Here each paragraph is a deep copy of a small prepared ``<w:p>``
for its style, given its text, and all paragraphs are appended to the body at once.

The file is written beside the target under a temporary name and moved into place, so a failure
never leaves half a report and an existing report is only replaced by a complete one.
"""

from __future__ import annotations

import copy
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu

from facilitator_app.core.report.document import (
    Block,
    BulletList,
    Heading,
    ListItem,
    Paragraph,
    ReportDocument,
    SectionKind,
    Table,
)
from facilitator_app.core.report.docx_template import (
    STYLE_NORMAL,
    TemplateStyles,
    add_num,
    drop_external_links,
    load_template,
    next_id,
    numbering_element,
)
from facilitator_app.core.report.errors import ReportLockedError, ReportWriteError
from facilitator_app.core.report.text import NO_BREAK_HYPHEN, xml_safe

Progress = Callable[[float], None]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# The styles the report is written in, by their (English, built-in) names.
STYLE_TITLE = "Title"
STYLE_SUBTITLE = "Subtitle"
STYLE_NUMBERED = "Numbered Paragraph"
STYLE_BULLET = "List Bullet"
STYLE_BULLET_2 = "List Bullet 2"
STYLE_NUMBER = "List Number"
STYLE_TABLE = "Table Grid"
STYLE_TABLE_TEXT = "Table Text"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")

_P, _PPR, _PSTYLE, _R, _RPR, _T = (
    qn("w:p"),
    qn("w:pPr"),
    qn("w:pStyle"),
    qn("w:r"),
    qn("w:rPr"),
    qn("w:t"),
)
_BR, _TAB, _VAL, _I = qn("w:br"), qn("w:tab"), qn("w:val"), qn("w:i")
_NO_BREAK_HYPHEN, _KEEP_NEXT = qn("w:noBreakHyphen"), qn("w:keepNext")


# --- the writer ----------------------------------------------------------------------------


class _Writer:
    """Turns blocks into body elements of one python-docx document."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.styles = TemplateStyles(document)
        self._prototypes: dict[str, Any] = {}
        self._numbered_lists = 0

    def _prototype(self, style_name: str) -> Any:
        """A ``<w:p>`` in the style holding one empty run of text, to be deep-copied."""
        prototype = self._prototypes.get(style_name)
        if prototype is None:
            style_id = self.styles.id(style_name)
            prototype = parse_xml(
                f'<w:p xmlns:w="{_W}"><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
                '<w:r><w:t xml:space="preserve"></w:t></w:r></w:p>'
            )
            self._prototypes[style_name] = prototype
        return prototype

    def paragraph(self, style_name: str, text: str, *, label: str = "", note: str = "") -> Any:
        """A ``<w:p>`` in the style, with an italic lead-in ``label`` and a trailing ``note``."""
        p = copy.deepcopy(self._prototype(style_name))
        run = p[1]
        text = xml_safe(f"{text} {note}" if note else text)
        if "\n" in text or "\t" in text or NO_BREAK_HYPHEN in text:
            run.remove(run[0])
            _add_text(run, text)
        else:
            run[0].text = text
        if label:
            lead = p.makeelement(_R, {})
            lead.append(lead.makeelement(_RPR, {}))
            lead[0].append(lead.makeelement(_I, {}))
            _add_text(lead, xml_safe(label) + " ")
            run.addprevious(lead)
        return p

    def blocks(self, blocks: Iterable[Block], *, body: bool) -> Iterable[Any]:
        for block in blocks:
            if isinstance(block, Heading):
                element = self.paragraph(
                    HEADING_STYLES[min(max(block.level, 1), 3) - 1], block.text
                )
                if block.new_page:
                    _page_break_before(element)
                yield element
            elif isinstance(block, Paragraph):
                yield self.paragraph(
                    STYLE_NUMBERED if block.numbered and body else STYLE_NORMAL, block.text
                )
            elif isinstance(block, BulletList):
                yield from self.bullet_list(block)
            elif isinstance(block, Table):
                yield from self.table(block)

    def bullet_list(self, block: BulletList) -> Iterable[Any]:
        if block.numbered:
            restart = self._restarting_num_id() if self._numbered_lists else None
            self._numbered_lists += 1
            for item in block.items:
                element = self.paragraph(STYLE_NUMBER, item.text, label=item.label, note=item.note)
                if restart:
                    _set_num(element, restart)
                yield element
                yield from self._children(item)
            return
        for item in block.items:
            yield self.paragraph(STYLE_BULLET, item.text, label=item.label, note=item.note)
            yield from self._children(item)

    def _children(self, item: ListItem) -> Iterable[Any]:
        for child in item.children:
            yield self.paragraph(STYLE_BULLET_2, child.text, label=child.label, note=child.note)

    def _restarting_num_id(self) -> str | None:
        """A fresh ``<w:num>`` on List Number's list, starting again at 1 (Word otherwise
        carries on counting from the previous numbered list)."""
        self.styles.id(STYLE_NUMBER)
        style = self.document.styles[STYLE_NUMBER].element
        num_id = style.find(f"{_PPR}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            return None
        numbering = numbering_element(self.document)
        num = next(
            (n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(_VAL)),
            None,
        )
        if num is None or num.find(qn("w:abstractNumId")) is None:
            return None
        new_id = str(next_id(numbering, "w:num", "w:numId"))
        add_num(numbering, new_id, num.find(qn("w:abstractNumId")).get(_VAL), restart=True)
        return new_id

    def table(self, block: Table) -> Iterable[Any]:
        """A real Word table: a header row repeated on each page, then the rows."""
        columns = max(len(block.header), 1)
        self.styles.id(STYLE_TABLE, WD_STYLE_TYPE.TABLE)
        text_style = self.styles.id(STYLE_TABLE_TEXT)
        table = self.document.add_table(rows=len(block.rows) + 1, cols=columns)
        table.style = self.document.styles[STYLE_TABLE]
        section = self.document.sections[-1]
        usable = (
            (section.page_width or Emu(0))
            - (section.left_margin or 0)
            - (section.right_margin or 0)
        )
        weights = block.weights if len(block.weights) == columns else (1,) * columns
        widths = (
            [Emu(int(usable * weight / sum(weights))) for weight in weights] if usable > 0 else None
        )
        if widths is not None:
            for column_index, table_column in enumerate(table.columns):
                table_column.width = widths[column_index]  # the grid, which LibreOffice follows
        for row_index, values in enumerate([block.header, *block.rows]):
            row = table.rows[row_index]
            if row_index == 0:
                _repeat_header(row._tr)
            for column, cell in enumerate(row.cells):
                if widths is not None:
                    cell.width = widths[column]
                value = values[column] if column < len(values) else ""
                paragraph = cell.paragraphs[0]._p
                paragraph.get_or_add_pPr().get_or_add_pStyle().set(_VAL, text_style)
                run = paragraph.makeelement(_R, {})
                if row_index == 0:
                    run.append(run.makeelement(_RPR, {}))
                    run[0].append(run.makeelement(qn("w:b"), {}))
                    _shade(cell._tc, "D9E2F3")
                _add_text(run, xml_safe(value))
                paragraph.append(run)
        element = table._tbl
        element.getparent().remove(element)
        yield element
        if block.key:
            key = self.paragraph(STYLE_NORMAL, block.key)
            key.find(_PPR).append(parse_xml(f'<w:spacing xmlns:w="{_W}" w:before="120"/>'))
            yield key

    def render(self, report: ReportDocument, progress: Progress | None = None) -> None:
        body = self.document.element.body
        section_properties = body.find(qn("w:sectPr"))
        for child in list(body):
            if child is not section_properties:
                body.remove(child)
        elements: list[Any] = [self.paragraph(STYLE_TITLE, report.title)]
        if report.subtitle:
            elements.append(self.paragraph(STYLE_SUBTITLE, report.subtitle))
        for line in report.details:
            # "Report to: Programme Board": the label in bold, as committee papers set it.
            label, separator, value = line.partition(": ")
            element = self.paragraph(STYLE_NORMAL, value if separator else line)
            if separator:
                lead = element.makeelement(_R, {})
                lead.append(lead.makeelement(_RPR, {}))
                lead[0].append(lead.makeelement(qn("w:b"), {}))
                _add_text(lead, xml_safe(label) + ": ")
                element[1].addprevious(lead)
            elements.append(element)
        total = max(sum(_size(s.blocks) for s in report.sections), 1)
        done = 0
        for section in report.sections:
            appendix = section.kind is SectionKind.APPENDIX
            heading = self.paragraph(HEADING_STYLES[0], section.title)
            if appendix:
                _page_break_before(heading)
            elements.append(heading)
            previous: Block | None = None
            for block in section.blocks:
                if isinstance(previous, Paragraph) and isinstance(block, BulletList | Table):
                    _keep_with_next(elements[-1])  # "Points made:" never ends a page alone
                elements.extend(self.blocks([block], body=not appendix))
                previous = block
                size = _size([block])
                # Report about every 2% of the way, so a long appendix moves the bar too.
                if progress is not None and (
                    size > 1 or done * 50 // total != (done + 1) * 50 // total
                ):
                    progress(0.95 * (done + size) / total)
                done += size
        body.extend(elements)
        if section_properties is not None:
            body.append(section_properties)
        self._ensure_page_numbers()
        self._describe(report)

    def _describe(self, report: ReportDocument) -> None:
        """The file's properties describe this report, not the template it was made from; and
        no template's "spelling and grammar are clean" mark hides Word's marks on the text."""
        properties = self.document.core_properties
        author = report.author[:255] or "Workshop Facilitator"
        properties.title = report.title[:255]
        properties.subject = report.subtitle[:255]
        properties.author = properties.last_modified_by = author
        properties.comments = properties.keywords = properties.category = ""
        properties.revision = 1
        properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
        settings = self.document.settings.element
        for proof_state in settings.findall(qn("w:proofState")):
            settings.remove(proof_state)

    def _ensure_page_numbers(self) -> None:
        """Our template numbers its pages; an organisation's template with no footer at all
        gets a centred page number so the board can refer to pages."""
        footer = self.document.sections[0].footer
        if not footer.is_linked_to_previous:
            xml = footer._element.xml
            if "PAGE" in xml or any(p.text.strip() for p in footer.paragraphs):
                return
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for part in (
            '<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r xmlns:w="{w}"><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
            '<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="separate"/></w:r>',
            '<w:r xmlns:w="{w}"><w:t>1</w:t></w:r>',
            '<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="end"/></w:r>',
        ):
            paragraph._p.append(parse_xml(part.format(w=_W)))


def _size(blocks: list[Block]) -> int:
    return sum(len(b.items) if isinstance(b, BulletList) else 1 for b in blocks)


def _add_text(run: Any, text: str) -> None:
    """Text into a run: line breaks become ``<w:br/>``, tabs ``<w:tab/>``, non-breaking
    hyphens Word's ``<w:noBreakHyphen/>`` (fonts need not have the character)."""
    if "\n" not in text and "\t" not in text and NO_BREAK_HYPHEN not in text:
        t = run.makeelement(_T, {_XML_SPACE: "preserve"})
        t.text = text
        run.append(t)
        return
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            run.append(run.makeelement(_BR, {}))
        for piece_number, piece in enumerate(line.split("\t")):
            if piece_number:
                run.append(run.makeelement(_TAB, {}))
            for hyphen_number, chunk in enumerate(piece.split(NO_BREAK_HYPHEN)):
                if hyphen_number:
                    run.append(run.makeelement(_NO_BREAK_HYPHEN, {}))
                if chunk:
                    t = run.makeelement(_T, {_XML_SPACE: "preserve"})
                    t.text = chunk
                    run.append(t)


#: The first children of ``w:pPr`` in the schema's order (the ones the writer adds).
_PPR_ORDER = [qn(f"w:{tag}") for tag in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                          "framePr", "widowControl", "numPr")]  # fmt: skip


def _add_property(paragraph: Any, element: Any) -> None:
    """Put ``element`` into the paragraph's ``w:pPr`` where the schema wants it (Word repairs a
    file whose paragraph properties are out of order)."""
    properties = paragraph.find(_PPR)
    rank = _PPR_ORDER.index(element.tag)
    anchor = None
    for child in properties:
        if child.tag in _PPR_ORDER and _PPR_ORDER.index(child.tag) < rank:
            anchor = child
    if anchor is None:
        properties.insert(0, element)
    else:
        anchor.addnext(element)


def _page_break_before(paragraph: Any) -> None:
    _add_property(paragraph, paragraph.makeelement(qn("w:pageBreakBefore"), {}))


def _keep_with_next(paragraph: Any) -> None:
    if paragraph.find(f"{_PPR}/{_KEEP_NEXT}") is None:
        _add_property(paragraph, paragraph.makeelement(_KEEP_NEXT, {}))


def _set_num(paragraph: Any, num_id: str) -> None:
    numbering = parse_xml(
        f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    _add_property(paragraph, numbering)


def _repeat_header(row: Any) -> None:
    row.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{_W}"/>'))


def _shade(cell: Any, fill: str) -> None:
    cell.get_or_add_tcPr().append(
        parse_xml(f'<w:shd xmlns:w="{_W}" w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


# --- writing the file ----------------------------------------------------------------------


def render(
    report: ReportDocument, template: Path | None = None, progress: Progress | None = None
) -> DocxDocument:
    """The report as a python-docx document in memory (the template's styles filled in)."""
    document = load_template(template)
    dropped = drop_external_links(document)
    if dropped:
        report.notes.append(
            f"The template links to {', '.join(dropped)}; the report leaves "
            f"{'that link' if len(dropped) == 1 else 'those links'} out."
        )
    _Writer(document).render(report, progress)
    return document


def write_docx(
    report: ReportDocument,
    target: Path | str,
    *,
    template: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the report to ``target`` (.docx) atomically; returns the path written."""
    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise ReportWriteError(target, f"{target.name}: the report must be saved as a .docx file.")
    if target.is_dir():
        raise ReportWriteError(
            target, f"{target.name} is a folder; choose a file name for the report."
        )
    if not target.parent.is_dir():
        raise ReportWriteError(target, f"The folder {target.parent} does not exist.")
    document = render(report, template, progress)
    save_atomically(document, target)
    if progress is not None:
        progress(1.0)
    return target


def _file_mode(target: Path) -> int:
    """The replaced report's permissions, or what a new file gets under the user's umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask; read from /proc where it can be (``os.umask`` must set it to read it,
    which is not safe while other threads create files)."""
    with suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def save_atomically(document: DocxDocument, target: Path) -> None:
    """Save beside ``target`` under a temporary name, then move it into place."""
    try:
        descriptor, temporary_name = tempfile.mkstemp(
            prefix=f".~{target.stem}-", suffix=".docx.tmp", dir=target.parent
        )
    except PermissionError as error:
        raise ReportWriteError(
            target, f"The report cannot be saved in {target.parent}: choose another folder."
        ) from error
    except OSError as error:
        raise ReportWriteError(
            target, f"{target.name} could not be written: {error.strerror}."
        ) from error
    temporary = Path(temporary_name)
    try:
        # Zipped in memory first: a full disk then fails one plain write, not python-docx's
        # ZipFile, whose clean-up would print a second traceback when it is collected.
        packed = io.BytesIO()
        document.save(packed)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(packed.getbuffer())
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); a report gets the usual permissions.
        with suppress(OSError):
            os.chmod(temporary, _file_mode(target))
        try:
            os.replace(temporary, target)
        except PermissionError as error:
            raise ReportLockedError(target) from error
    except OSError as error:
        raise ReportWriteError(
            target, f"{target.name} could not be written: {error.strerror}."
        ) from error
    finally:
        with suppress(OSError):
            temporary.unlink()
