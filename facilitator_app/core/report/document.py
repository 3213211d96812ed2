"""The report as a plain document model: what it says, with no python-docx in it.

The builder (:mod:`.build`) turns an event into a :class:`ReportDocument`; a writer
(:mod:`.docx_writer`) renders it. Keeping the two apart makes the content easy to test and the
outline cheap to preview in the app, and would let another writer (HTML, PDF) reuse it.
Blocks are deliberately few: headings, paragraphs (numbered in the body, as committee papers
are), bulleted or numbered lists whose items may have sub-items, and tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(slots=True)
class Heading:
    text: str
    level: int = 1  # 1 to 3
    new_page: bool = False


@dataclass(slots=True)
class Paragraph:
    """A paragraph of prose; ``numbered`` ones carry the running paragraph number (1, 2, 3…)."""

    text: str
    numbered: bool = False


@dataclass(slots=True)
class ListItem:
    """One bullet. ``label`` is a lead-in shown before the text ("Potential solution:"),
    ``note`` an attribution shown after it ("(raised at 3 tables)")."""

    text: str
    note: str = ""
    label: str = ""
    children: list[ListItem] = field(default_factory=list)


@dataclass(slots=True)
class BulletList:
    items: list[ListItem]
    numbered: bool = False


@dataclass(slots=True)
class Table:
    """A grid with a header row; ``key`` is a line printed under it (what markers mean)."""

    header: list[str]
    rows: list[list[str]]
    key: str = ""
    #: Relative column widths (``(4, 1)``: the first column four times the second); equal if empty.
    weights: tuple[int, ...] = ()


Block = Heading | Paragraph | BulletList | Table


class SectionKind(StrEnum):
    BODY = "body"
    APPENDIX = "appendix"


@dataclass(slots=True)
class Section:
    """A body section (its heading is ``title``) or an appendix."""

    key: str
    title: str
    kind: SectionKind
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class ReportDocument:
    title: str
    subtitle: str
    details: list[str]  # the lines under the title: report to, author, date, venue…
    sections: list[Section] = field(default_factory=list)
    #: Who wrote the paper (the document's author property); "" when not given.
    author: str = ""
    #: Things the lead may want to know (sections left out because empty…), for CLI and GUI.
    notes: list[str] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def blocks(self) -> Iterator[Block]:
        for section in self.sections:
            yield from section.blocks


def count_items(items: list[ListItem]) -> int:
    """Items and their sub-items."""
    return sum(1 + count_items(item.children) for item in items)


# --- the outline the app previews ----------------------------------------------------------


@dataclass(slots=True)
class OutlineNode:
    """A heading of the report and how many bullets sit under it (including sub-headings')."""

    title: str
    level: int
    points: int = 0
    children: list[OutlineNode] = field(default_factory=list)


def outline(document: ReportDocument) -> list[OutlineNode]:
    """Sections, and headings within them nested by level, each with its count of top-level
    bullets (points), so the lead sees what the report will contain before exporting."""
    roots: list[OutlineNode] = []
    for section in document.sections:
        root = OutlineNode(section.title, 0)
        roots.append(root)
        stack: list[OutlineNode] = [root]
        for block in section.blocks:
            if isinstance(block, Heading):
                level = max(1, block.level - 1)  # the section title is the Heading 1
                while len(stack) > level:
                    stack.pop()
                node = OutlineNode(block.text, level)
                stack[-1].children.append(node)
                stack.append(node)
            elif isinstance(block, BulletList) and section.kind is SectionKind.APPENDIX:
                for node in stack:
                    node.points += len(block.items)
    return roots
