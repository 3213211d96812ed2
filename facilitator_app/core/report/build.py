"""Build the report's content from an event: ``build(workshop, options) -> ReportDocument``;
``preview`` adds, from the same one read, what each drafted section prints (the report view).

The shape is the one in ``shared/design/report.md``: a title block, the narrative body
(introduction, background, workshop process, summary, conclusion: numbered paragraphs), then
appendices: the seating plan, the advantages by theme, the issues by theme with the mitigations
linked to each as sub-points and the unlinked mitigations after them, and any other questions.
Points with no theme go under "Other points" at the end of their appendix; themes and questions
with no points are left out; consolidated points appear once with their attribution.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from facilitator_app.core.cycle_collector import cycle_collection_paused
from facilitator_app.core.model import QuestionKind, ReportSectionKey, Role
from facilitator_app.core.records import ParticipantInfo, QuestionInfo
from facilitator_app.core.report.data import EventData, ReportPoint, load_event_data
from facilitator_app.core.report.document import (
    Block,
    BulletList,
    Heading,
    ListItem,
    Paragraph,
    ReportDocument,
    Section,
    SectionKind,
    Table,
)
from facilitator_app.core.report.findings import FIGURES_KEY, FIGURES_TITLE, figures_blocks
from facilitator_app.core.report.frame import (
    FRAME_FIELDS,
    LEAD_APPENDIX_KEY,
    AppendixNumbering,
    appendix_label,
    frame_value,
    load_lead_appendix,
)
from facilitator_app.core.report.narrative import parse_narrative
from facilitator_app.core.report.sections import (
    DRAFTED,
    SECTION_TITLES,
    draft_from_data,
    format_date,
    get_sections,
)
from facilitator_app.core.report.text import (
    NBSP,
    clean_text,
    one_line,
    unbreakable,
    unbroken_abbreviations,
)
from facilitator_app.core.store import Workshop

SUBTITLE = "Report of the stakeholder event"
OTHER_POINTS = "Other points"
OTHER_MITIGATIONS = "Other variations and mitigations"
SOLUTION_LABEL = "Potential solution:"
#: Columns per seating-plan table: more would make the names unreadably narrow on A4.
SEATING_COLUMNS = 4
MARKERS: dict[Role, str] = {Role.FACILITATOR: "[F]", Role.SCRIBE: "[S]"}
ROLE_NAMES: dict[Role, str] = {
    Role.FACILITATOR: "Facilitator",
    Role.SCRIBE: "Scribe",
    Role.PARTICIPANT: "Participant",
}


ItemMaker = Callable[[ReportPoint], ListItem]


class Attribution(StrEnum):
    """What the report says about where a point was raised."""

    NONE = "none"  # nothing
    COUNTS = "counts"  # "(raised at 3 tables)" on points several tables made
    TABLES = "tables"  # "(Table One and Table Three)" on every point


@dataclass(frozen=True)
class ReportOptions:
    attribution: Attribution = Attribution.COUNTS
    include_names: bool = True
    include_seating_plan: bool = True
    #: The organisation's own .docx/.dotx; ``None`` for the default template.
    template: Path | None = None
    #: Section texts (and title-block fields) to use instead of the stored ones, for this build.
    section_texts: Mapping[ReportSectionKey, str] = field(default_factory=dict)
    appendix_numbering: AppendixNumbering = AppendixNumbering.WORDS
    #: The lead's own appendix (.txt or .docx), placed first; its title, or "" for the file's.
    lead_appendix: Path | None = None
    lead_appendix_title: str = ""


def build(workshop: Workshop, options: ReportOptions | None = None) -> ReportDocument:
    """The report of the event in ``workshop`` as a plain document model."""
    options = options or ReportOptions()
    with cycle_collection_paused():  # tens of thousands of records, none in a cycle
        data, texts, lead = _read(workshop, options)
        return compose(data, texts, options, lead_appendix=lead)


@dataclass(frozen=True, slots=True)
class ReportPreview:
    """What the report view shows, from one read of the event: the document the export
    would write, what each drafted section prints while the lead has written nothing there,
    and how many points the report shows."""

    document: ReportDocument
    drafts: Mapping[ReportSectionKey, str]
    points: int


def preview(workshop: Workshop, options: ReportOptions | None = None) -> ReportPreview:
    """The report and the drafts of its sections, reading the event once (the report view's
    refresh: each draft used to read the whole event again)."""
    options = options or ReportOptions()
    with cycle_collection_paused():  # tens of thousands of records, none in a cycle
        data, texts, lead = _read(workshop, options)
        drafts: dict[ReportSectionKey, str] = {}
        document, refs = _compose(data, texts, options, lead, drafts)
        for key in DRAFTED - drafts.keys():
            drafts[key] = draft_from_data(
                data, key, texts=texts, refs=refs, include_names=options.include_names
            )
    return ReportPreview(document, {key: drafts[key] for key in DRAFTED}, len(data.points))


def drafted_text(
    workshop: Workshop, key: ReportSectionKey, options: ReportOptions | None = None
) -> str:
    """What the report would print for a section the lead has not written."""
    return preview(workshop, options).drafts.get(key, "")


def _read(
    workshop: Workshop, options: ReportOptions
) -> tuple[EventData, dict[ReportSectionKey, str], tuple[str, list[Block]] | None]:
    """The event's data, the sections' texts (as stored, overridden by the options') and the
    lead's own appendix, if one is chosen."""
    texts = get_sections(workshop)
    texts.update(options.section_texts)
    lead = None
    if options.lead_appendix is not None:
        lead = load_lead_appendix(options.lead_appendix, options.lead_appendix_title)
    return load_event_data(workshop), texts, lead


def compose(
    data: EventData,
    texts: Mapping[ReportSectionKey, str],
    options: ReportOptions,
    *,
    lead_appendix: tuple[str, list[Block]] | None = None,
) -> ReportDocument:
    """The report from data already read (the builder's pure half)."""
    return _compose(data, texts, options, lead_appendix, {})[0]


def _compose(
    data: EventData,
    texts: Mapping[ReportSectionKey, str],
    options: ReportOptions,
    lead_appendix: tuple[str, list[Block]] | None,
    drafts: dict[ReportSectionKey, str],
) -> tuple[ReportDocument, dict[str, str]]:
    """:func:`compose`, also giving the appendices' labels by key; the drafts made for
    sections left empty are kept in ``drafts``."""
    document = ReportDocument(
        title=one_line(data.event.title) or "Stakeholder event",
        subtitle=SUBTITLE,
        details=_title_block(data, texts),
        author=frame_value(texts, ReportSectionKey.AUTHOR),
    )
    appendices = _Appendices(data, options, document.notes).build()
    if lead_appendix is not None:
        title, blocks = lead_appendix
        appendices.insert(0, Section(LEAD_APPENDIX_KEY, title, SectionKind.APPENDIX, blocks))
    refs = _number(appendices, options.appendix_numbering)
    for key, title in SECTION_TITLES.items():
        written = texts.get(key, "").strip()
        if not written:
            drafts[key] = draft_from_data(
                data, key, texts=texts, refs=refs, include_names=options.include_names
            )
        text = written or drafts[key]
        blocks = parse_narrative(text)
        if not written and key is ReportSectionKey.INTRODUCTION and blocks:
            document.notes.append(
                "The introduction section is empty, so an opening paragraph is drafted from "
                "the event."
            )
        if blocks:
            document.sections.append(Section(key.value, title, SectionKind.BODY, blocks))
        else:
            document.notes.append(f"The {title.lower()} section is empty and is left out.")
    document.sections.extend(appendices)
    return document, refs


def _title_block(data: EventData, texts: Mapping[ReportSectionKey, str]) -> list[str]:
    """The lines under the title: the paper's frame, then the event's date and venue."""
    details = []
    for key, label in FRAME_FIELDS.items():
        value = frame_value(texts, key)
        if key is ReportSectionKey.PAPER_DATE:
            value = format_date(value) if value else ""
            if not value:
                continue
        if value:
            details.append(f"{label}: {value}")
    event_date = format_date(data.event.date) if data.event.date.strip() else ""
    venue = one_line(data.event.venue)
    if any(line.startswith("Date:") for line in details):
        held = ", ".join(part for part in (event_date, venue) if part)
        if held:
            details.append(f"Event: {held}")
    else:
        if event_date:
            details.append(f"Date: {event_date}")
        if venue:
            details.append(f"Venue: {venue}")
    return details


def _number(appendices: list[Section], numbering: AppendixNumbering) -> dict[str, str]:
    """Title each appendix with its label; the labels by appendix key, for references."""
    refs: dict[str, str] = {}
    for index, section in enumerate(appendices):
        label = appendix_label(index, numbering)
        refs[section.key] = label
        section.title = f"{label}: {section.title}"
    return refs


class _Appendices:
    """Builds the appendices (titles not yet numbered) in the order they appear."""

    def __init__(self, data: EventData, options: ReportOptions, notes: list[str]) -> None:
        self.data = data
        self.options = options
        self.notes = notes
        self.sections: list[Section] = []
        self.theme_order = {theme.id: theme.position for theme in data.themes}
        self.theme_names = {theme.id: one_line(theme.name) for theme in data.themes}
        self.kinds = {question.id: question.kind for question in data.questions}
        self.table_names = {table.id: one_line(table.name) for table in data.tables}
        self._people_from = Counter(one_line(p.organisation) for p in data.participants)
        #: The attribution of the points raised at each set of tables.
        self._notes: dict[tuple[str, ...], str] = {}

    def build(self) -> list[Section]:
        if self.options.include_seating_plan:
            self._seating_plan()
        self._advantages()
        self._issues()
        self._other_questions()
        if self.data.points:
            self._appendix(FIGURES_KEY, FIGURES_TITLE, figures_blocks(self.data))
        else:
            self.notes.append("No points were recorded, so there are no appendices of points.")
        return self.sections

    def _appendix(self, key: str, title: str, blocks: list[Block]) -> None:
        self.sections.append(Section(key, title, SectionKind.APPENDIX, blocks))

    # --- seating plan ---

    def _seating_plan(self) -> None:
        people = self.data.participants
        if not people:
            self.notes.append("No participants are listed, so there is no seating plan.")
            return
        role_order = {Role.FACILITATOR: 0, Role.SCRIBE: 1, Role.PARTICIPANT: 2}
        columns: list[tuple[str, list[str]]] = []
        for table in self.data.tables:
            seated = sorted(
                (p for p in people if p.table_id == table.id),
                key=lambda p: (role_order[p.role], p.position),
            )
            columns.append((self.table_names[table.id], [self._seat(p) for p in seated]))
        blocks: list[Block] = [Paragraph("The tables were made up as follows.")]
        for start in range(0, len(columns), SEATING_COLUMNS):
            chunk = columns[start : start + SEATING_COLUMNS]
            depth = max((len(cells) for _, cells in chunk), default=0)
            rows = [
                [cells[row] if row < len(cells) else "" for _, cells in chunk]
                for row in range(depth)
            ]
            blocks.append(Table([name for name, _ in chunk], rows))
        if self.options.include_names and any(p.role in MARKERS for p in people):
            last = blocks[-1]
            assert isinstance(last, Table)
            last.key = "Key: [F] facilitator; [S] scribe."
        self._appendix("seating-plan", "Seating plan", blocks)

    def _seat(self, person: ParticipantInfo) -> str:
        name = one_line(person.name)
        organisation = unbroken_abbreviations(one_line(person.organisation))
        if not self.options.include_names:
            # A plan of roles and organisations; an organisation only one person came from
            # would name them, so it is not given.
            if organisation and self._people_from[one_line(person.organisation)] < 2:
                organisation = "another organisation"
            role = ROLE_NAMES[person.role]
            return f"{role} ({organisation})" if organisation else role
        text = f"{name} ({organisation})" if organisation else name
        marker = MARKERS.get(person.role)
        return f"{text} {marker}" if marker else text

    # --- points ---

    def _questions(self, kind: QuestionKind) -> list[QuestionInfo]:
        return [q for q in self.data.questions if q.kind is kind]

    def _points_of(self, question_ids: set[str]) -> list[ReportPoint]:
        return [p for p in self.data.points if p.question_id in question_ids]

    def _note(self, point: ReportPoint, parent: ReportPoint | None = None) -> str:
        """The attribution after a point. A solution raised where its issue was says nothing
        with ``tables``: the issue already names the table."""
        tables = point.tables
        if (
            parent is not None
            and self.options.attribution is Attribution.TABLES
            and set(tables) <= set(parent.tables)
        ):
            return ""
        note = self._notes.get(tables)
        if note is None:  # once per set of tables, not per point: a report may have 50,000
            note = self._notes[tables] = self._note_for(tables)
        return note

    def _note_for(self, tables: tuple[str, ...]) -> str:
        attribution = self.options.attribution
        if attribution is Attribution.COUNTS and len(tables) > 1:
            return f"(raised at {len(tables)}{NBSP}tables)"
        if attribution is Attribution.TABLES and tables:
            names = [unbreakable(self.table_names[t]) for t in tables if t in self.table_names]
            return f"({_and_list(names)})" if names else ""
        return ""

    def _item(
        self, point: ReportPoint, label: str = "", parent: ReportPoint | None = None
    ) -> ListItem:
        return ListItem(clean_text(point.text) or "(no text)", self._note(point, parent), label)

    def _by_theme(self, points: list[ReportPoint]) -> list[tuple[str, list[ReportPoint]]]:
        """Groups in the event's theme order, then the unthemed points as "Other points"."""
        groups: dict[str | None, list[ReportPoint]] = {}
        for point in points:
            theme = point.theme_id if point.theme_id in self.theme_order else None
            groups.setdefault(theme, []).append(point)
        ordered = sorted((t for t in groups if t is not None), key=self.theme_order.__getitem__)
        result = [(self.theme_names[t], groups[t]) for t in ordered]
        if None in groups:
            result.append((OTHER_POINTS, groups[None]))
        return result

    def _themed_lists(
        self, points: list[ReportPoint], level: int, make_item: ItemMaker | None = None
    ) -> list[Block]:
        blocks: list[Block] = []
        for name, group in self._by_theme(points):
            blocks.append(Heading(name, level))
            make = make_item or self._item
            blocks.append(BulletList([make(p) for p in group]))
        return blocks

    def _question_appendix(
        self,
        questions: list[QuestionInfo],
        points: list[ReportPoint],
        make_item: ItemMaker | None = None,
    ) -> list[Block]:
        """One question: its wording, then themes as Heading 2. Several: each question as a
        Heading 2 with its themes as Heading 3. Questions with no points are left out."""
        asked = [q for q in questions if any(p.question_id == q.id for p in points)]
        if len(asked) == 1:
            return [
                Paragraph(f"Points made in answer to the question {_quoted(asked[0].text)}"),
                *self._themed_lists(points, 2, make_item),
            ]
        blocks: list[Block] = []
        for question in asked:
            blocks.append(Heading(one_line(question.text), 2))
            blocks.extend(
                self._themed_lists(
                    [p for p in points if p.question_id == question.id], 3, make_item
                )
            )
        return blocks

    def _advantages(self) -> None:
        questions = self._questions(QuestionKind.ADVANTAGE)
        points = self._points_of({q.id for q in questions})
        if points:
            self._appendix("advantages", "Advantages", self._question_appendix(questions, points))

    def _issues(self) -> None:
        issue_questions = self._questions(QuestionKind.ISSUE)
        issues = self._points_of({q.id for q in issue_questions})
        mitigations = self._points_of({q.id for q in self._questions(QuestionKind.MITIGATION)})
        by_id = {p.id: p for p in mitigations}
        shown_issues = {p.id for p in issues}
        linked = {
            m
            for issue_id, ids in self.data.mitigations_of.items()
            if issue_id in shown_issues
            for m in ids
        }
        unlinked = [p for p in mitigations if p.id not in linked]

        def issue_item(point: ReportPoint) -> ListItem:
            item = self._item(point)
            item.children = [
                self._item(by_id[m], SOLUTION_LABEL, parent=point)
                for m in self.data.mitigations_of.get(point.id, ())
                if m in by_id
            ]
            return item

        if issues:
            blocks = self._question_appendix(issue_questions, issues, issue_item)
            if linked and isinstance(blocks[0], Paragraph):
                blocks[
                    0
                ].text += (
                    " Under each issue are the variations or mitigations put forward to address it."
                )
            if unlinked:
                blocks.append(Heading(OTHER_MITIGATIONS, 2))
                blocks.append(
                    Paragraph(
                        "Variations and mitigations that were not linked to a particular issue."
                    )
                )
                blocks.extend(self._themed_lists(unlinked, 3))
            self._appendix("issues", "Issues and potential solutions", blocks)
        elif unlinked:
            blocks = [Paragraph("Variations and mitigations put forward by the tables.")]
            blocks.extend(self._themed_lists(unlinked, 2))
            self._appendix("mitigations", "Variations and mitigations", blocks)

    def _other_questions(self) -> None:
        questions = self._questions(QuestionKind.OTHER)
        points = self._points_of({q.id for q in questions})
        if points:
            self._appendix(
                "other-questions", "Other questions", self._question_appendix(questions, points)
            )


def _quoted(question: str) -> str:
    """A question in curly quotes, with a full stop unless it ends with its own punctuation."""
    text = one_line(question)
    return f"\u201c{text}\u201d" + ("" if text and text[-1] in "?.!" else ".")


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
