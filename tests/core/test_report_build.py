"""The report's content: the document model built from an event, before any Word is written.

``make_report_event`` (also used by the writer tests) builds a small but realistic event: four
tables with a facilitator, a scribe and participants, points under themes and with no theme,
issues with linked mitigations, an unlinked mitigation, an "other" question, a deleted point,
and a consolidated point folding two tables' points together.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from point_reads import counting_point_reads

from facilitator_app.core import event, points
from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.event import EventSpec, ParticipantSpec, TableSpec, create_event_file
from facilitator_app.core.model import (
    ConsolidationMember,
    Point,
    QuestionKind,
    ReportSectionKey,
    Role,
)
from facilitator_app.core.report import Attribution, ReportOptions, build, outline
from facilitator_app.core.report.build import drafted_text, preview
from facilitator_app.core.report.document import (
    BulletList,
    Heading,
    ListItem,
    Paragraph,
    ReportDocument,
    Section,
    SectionKind,
    Table,
)
from facilitator_app.core.report.narrative import parse_narrative
from facilitator_app.core.report.sections import (
    DRAFTED,
    get_section,
    get_sections,
    parse_section_key,
    set_section,
)
from facilitator_app.core.report.text import clean_text, one_line, xml_safe
from facilitator_app.core.store import Workshop, open_workshop

CONTEXT = "The outpatient wing needs repair.\nThe proposal moves clinics to a new hub."


@dataclass
class ReportEvent:
    workshop: Workshop
    ids: dict[str, str] = field(default_factory=dict)
    #: text of every point the report must show exactly once
    shown: list[str] = field(default_factory=list)


def _people(n: int) -> tuple[ParticipantSpec, ...]:
    return (
        ParticipantSpec(f"Fay Facil{n}", "Health Partnership", Role.FACILITATOR),
        ParticipantSpec(f"Sam Scribe{n}", "Volunteers", Role.SCRIBE),
        ParticipantSpec(f"Pat Person{n}", "Patients' Forum"),
        ParticipantSpec(f"Cal Council{n}", "District Council" if n % 2 else ""),
    )


def make_report_event(path: Path) -> ReportEvent:
    spec = EventSpec(
        title="Care closer to home",
        date="2026-03-14",
        venue="Town Hall",
        context=CONTEXT,
        tables=tuple(
            TableSpec(name, _people(n))
            for n, name in enumerate(["Table One", "Table Two", "Table Three", "Table Four"], 1)
        ),
    )
    workshop = create_event_file(path, spec)
    workshop_event = ReportEvent(workshop)
    other = event.add_question(workshop, "Anything else?", QuestionKind.OTHER)
    tables = {t.name: t.id for t in event.list_tables(workshop)}
    questions = {q.kind: q.id for q in event.list_questions(workshop)}
    questions[QuestionKind.OTHER] = other.id
    themes = {t.name: t.id for t in event.list_themes(workshop)}

    def add(
        key: str, table: str, kind: QuestionKind, text: str, theme: str | None, shown: bool = True
    ) -> str:
        point = points.add_point(
            workshop, tables[table], questions[kind], text, theme_id=themes.get(theme or "")
        )
        workshop_event.ids[key] = point.id
        if shown:
            workshop_event.shown.append(text)
        return point.id

    add(
        "adv-access-1",
        "Table One",
        QuestionKind.ADVANTAGE,
        "Care nearer home for the town",
        "Access",
        False,
    )
    add(
        "adv-access-2",
        "Table Three",
        QuestionKind.ADVANTAGE,
        "Less travel to the county hospital",
        "Access",
        False,
    )
    add(
        "adv-work",
        "Table Two",
        QuestionKind.ADVANTAGE,
        "New building helps recruitment",
        "Workforce",
    )
    add(
        "adv-quality",
        "Table Four",
        QuestionKind.ADVANTAGE,
        "Modern rooms shorten waits",
        "Quality / Efficiencies",
    )
    add("adv-none", "Table Two", QuestionKind.ADVANTAGE, "Everyone liked one place to go", None)
    add("iss-park", "Table One", QuestionKind.ISSUE, "Parking is full on market days", "Access")
    add(
        "iss-staff", "Table Two", QuestionKind.ISSUE, "Evening clinics need more staff", "Workforce"
    )
    add("iss-none", "Table Four", QuestionKind.ISSUE, "Nobody explained the timetable", None)
    add("mit-park", "Table One", QuestionKind.MITIGATION, "Agree spaces with the council", "Access")
    add(
        "mit-staff",
        "Table Two",
        QuestionKind.MITIGATION,
        "Phase in evening clinics",
        "Infrastructure",
    )
    add(
        "mit-free",
        "Table Three",
        QuestionKind.MITIGATION,
        "A shuttle bus from the villages",
        "Sustainability",
    )
    add("other-1", "Table Four", QuestionKind.OTHER, "Hold another event in the summer", "Access")
    add(
        "gone",
        "Table Three",
        QuestionKind.ADVANTAGE,
        "A point that was deleted",
        "Workforce",
        False,
    )
    points.delete_point(workshop, workshop_event.ids["gone"])
    points.link_points(workshop, workshop_event.ids["mit-park"], workshop_event.ids["iss-park"])
    points.link_points(workshop, workshop_event.ids["mit-staff"], workshop_event.ids["iss-staff"])

    combined = "Care closer to home for the town and villages"
    with workshop.write() as session:
        point = Point(
            table_id=None,
            question_id=questions[QuestionKind.ADVANTAGE],
            theme_id=themes["Access"],
            text=combined,
            position=0,
        )
        session.add(point)
        session.flush()
        for key in ("adv-access-1", "adv-access-2"):
            session.add(
                ConsolidationMember(consolidated_id=point.id, member_id=workshop_event.ids[key])
            )
        workshop_event.ids["combined"] = point.id
    workshop_event.shown.append(combined)
    return workshop_event


@pytest.fixture(scope="module")
def _report_event_file(tmp_path_factory: pytest.TempPathFactory) -> ReportEvent:
    made = make_report_event(tmp_path_factory.mktemp("report") / "event.workshop")
    made.workshop.close()
    return made


@pytest.fixture
def report_event(_report_event_file: ReportEvent, tmp_path: Path) -> Iterator[ReportEvent]:
    """A fresh copy of the event for each test (built once per module: adding points is slow)."""
    path = tmp_path / "event.workshop"
    shutil.copyfile(_report_event_file.workshop.path, path)
    workshop = open_workshop(path)
    yield ReportEvent(workshop, _report_event_file.ids, _report_event_file.shown)
    workshop.close()


# --- helpers over the model ----------------------------------------------------------------


def all_items(document: ReportDocument) -> list[ListItem]:
    """Every list item of the appendices, sub-items included."""
    found: list[ListItem] = []

    def walk(items: list[ListItem]) -> None:
        for item in items:
            found.append(item)
            walk(item.children)

    for section in document.sections:
        if section.kind is SectionKind.APPENDIX:
            for block in section.blocks:
                if isinstance(block, BulletList):
                    walk(block.items)
    return found


def grouped(section: Section) -> dict[str, list[ListItem]]:
    """Top-level items under each heading of an appendix (heading texts as keys, in order)."""
    groups: dict[str, list[ListItem]] = {}
    heading = ""
    for block in section.blocks:
        if isinstance(block, Heading):
            heading = block.text
        elif isinstance(block, BulletList):
            groups.setdefault(heading, []).extend(block.items)
    return groups


def appendix(document: ReportDocument, key: str) -> Section:
    section = document.section(key)
    assert section is not None, [s.key for s in document.sections]
    return section


# --- body ----------------------------------------------------------------------------------


def test_title_block_and_body_sections_in_order(report_event: ReportEvent) -> None:
    document = build(report_event.workshop)
    assert document.title == "Care closer to home"
    assert document.subtitle == "Report of the stakeholder event"
    assert document.details == ["Date: 14 March 2026", "Venue: Town Hall"]
    body = [s.title for s in document.sections if s.kind is SectionKind.BODY]
    # Introduction and conclusion are not written yet: the introduction is drafted (the paper
    # never opens without one), the conclusion left out, and the lead is told of both.
    assert body == [
        "Introduction", "Background", "Workshop process", "Summary of workshop outputs",
    ]  # fmt: skip
    assert any("introduction" in note for note in document.notes)
    assert any("conclusion" in note for note in document.notes)
    titles = [s.title for s in document.sections if s.kind is SectionKind.APPENDIX]
    assert titles == [
        "Appendix One: Seating plan",
        "Appendix Two: Advantages",
        "Appendix Three: Issues and potential solutions",
        "Appendix Four: Other questions",
        "Appendix Five: Figures",
    ]


def test_background_defaults_to_context_and_stored_text_wins(report_event: ReportEvent) -> None:
    background = build(report_event.workshop).section("background")
    assert background is not None
    assert [b.text for b in background.blocks if isinstance(b, Paragraph)] == CONTEXT.split("\n")
    assert all(b.numbered for b in background.blocks if isinstance(b, Paragraph))

    set_section(report_event.workshop, ReportSectionKey.BACKGROUND, "Our own background.")
    set_section(report_event.workshop, ReportSectionKey.INTRODUCTION, "Why this paper exists.")
    document = build(report_event.workshop)
    assert document.sections[0].title == "Introduction"
    assert document.section("background").blocks == [Paragraph("Our own background.", True)]  # type: ignore[union-attr]

    # Blank text removes the stored text: the draft is used again.
    set_section(report_event.workshop, ReportSectionKey.BACKGROUND, "  \n")
    assert get_section(report_event.workshop, ReportSectionKey.BACKGROUND) == ""
    assert (
        get_sections(report_event.workshop)[ReportSectionKey.INTRODUCTION]
        == "Why this paper exists."
    )


def test_options_section_texts_override_for_one_build(report_event: ReportEvent) -> None:
    options = ReportOptions(section_texts={ReportSectionKey.CONCLUSION: "We conclude."})
    conclusion = build(report_event.workshop, options).section("conclusion")
    assert conclusion is not None and conclusion.blocks == [Paragraph("We conclude.", True)]
    assert get_section(report_event.workshop, ReportSectionKey.CONCLUSION) == ""


def test_process_is_drafted_from_the_event(report_event: ReportEvent) -> None:
    draft = drafted_text(report_event.workshop, ReportSectionKey.PROCESS)
    assert "The event was held in Town Hall on 14 March 2026." in draft
    assert draft.count("14 March 2026") == 1
    # Everyone in the seating plan counts, facilitators and scribes too.
    assert (
        "The event was attended by sixteen people, seated at four tables: eight participants "
        "plus four facilitators and four scribes." in draft
    )
    assert "Each table had a facilitator" in draft
    # Organisations are counted over everyone present.
    assert "- Patients' Forum (4)" in draft and "- District Council (2)" in draft
    assert "- Volunteers (4)" in draft and "- Health Partnership (4)" in draft
    assert "given the background" not in draft
    # The questions once, as bullets, not a numbered list inside numbered paragraphs.
    assert "- What are the advantages" in draft and "- Anything else?" in draft
    assert "1. What are the advantages" not in draft
    blocks = build(report_event.workshop).section("process").blocks  # type: ignore[union-attr]
    lists = [b for b in blocks if isinstance(b, BulletList)]
    assert [lst.numbered for lst in lists] == [False, False]
    assert len(lists[1].items) == 4


def test_summary_totals_and_the_figures_appendix_agree(report_event: ReportEvent) -> None:
    document = build(report_event.workshop)
    draft = drafted_text(report_event.workshop, ReportSectionKey.SUMMARY)
    # 12 live table points; the two combined ones appear once, so 11 are listed.
    assert "In total, twelve points were recorded at four tables." in draft
    assert "leaving eleven distinct points" in draft
    # No tables of counts in the summary: they are in the figures appendix.
    assert "Points by question" not in draft and "Tables that took part" not in draft
    figures = appendix(document, "figures")
    tables = {t.header[0]: dict(t.rows) for t in figures.blocks if isinstance(t, Table)}
    assert tables["Question"]["Total"] == tables["Theme"]["Total"] == "11"
    assert sum(int(n) for q, n in tables["Question"].items() if q != "Total") == 11
    assert sum(int(n) for q, n in tables["Theme"].items() if q != "Total") == 11
    assert tables["Theme"]["Access"] == "4" and tables["Theme"]["No theme given"] == "2"
    # Each table shows what it recorded (Table One's folded point still counts for it).
    assert tables["Table"] == {
        "Table One": "3", "Table Two": "4", "Table Three": "2", "Table Four": "3", "Total": "12",
    }  # fmt: skip


def test_empty_event_still_gives_a_report(tmp_path: Path) -> None:
    with create_event_file(
        tmp_path / "e.workshop", EventSpec.with_numbered_tables("Empty", 2)
    ) as workshop:
        document = build(workshop)
    assert [s.kind for s in document.sections].count(SectionKind.APPENDIX) == 0
    summary = document.section("summary")
    assert summary is not None
    assert summary.blocks == [Paragraph("No points were recorded at the event.", True)]
    assert any("no seating plan" in note for note in document.notes)


# --- appendices ----------------------------------------------------------------------------


def test_every_point_appears_once_and_members_are_folded(report_event: ReportEvent) -> None:
    document = build(report_event.workshop, ReportOptions(attribution=Attribution.NONE))
    texts = Counter(item.text for item in all_items(document))
    assert texts == Counter(report_event.shown)
    assert "Care nearer home for the town" not in texts  # a member of the combined point
    assert "A point that was deleted" not in texts


def test_points_grouped_by_theme_in_event_order_unthemed_last(report_event: ReportEvent) -> None:
    groups = grouped(appendix(build(report_event.workshop), "advantages"))
    assert list(groups) == ["Quality / Efficiencies", "Workforce", "Access", "Other points"]
    assert [i.text for i in groups["Other points"]] == ["Everyone liked one place to go"]
    # The combined point comes first in its theme, with its attribution.
    first = groups["Access"][0]
    assert (first.text, first.note) == (
        "Care closer to home for the town and villages",
        "(raised at 2\u00a0tables)",
    )


def test_mitigations_sit_under_their_issue_and_the_rest_follow(report_event: ReportEvent) -> None:
    section = appendix(build(report_event.workshop), "issues")
    groups = grouped(section)
    assert list(groups) == ["Workforce", "Access", "Other points", "Sustainability"]
    parking = groups["Access"][0]
    assert parking.text == "Parking is full on market days"
    assert [(c.label, c.text) for c in parking.children] == [
        ("Potential solution:", "Agree spaces with the council")
    ]
    headings = [(b.level, b.text) for b in section.blocks if isinstance(b, Heading)]
    assert (2, "Other variations and mitigations") in headings
    assert headings[-1] == (3, "Sustainability")
    assert [i.text for i in groups["Sustainability"]] == ["A shuttle bus from the villages"]
    # The linked mitigation is not repeated among the unlinked ones.
    assert "Infrastructure" not in groups
    assert groups["Workforce"][0].children[0].text == "Phase in evening clinics"


def test_links_to_a_folded_member_move_to_the_consolidated_point(report_event: ReportEvent) -> None:
    workshop = report_event.workshop
    questions = {q.kind: q.id for q in event.list_questions(workshop)}
    issues = points.list_points(workshop, question_id=questions[QuestionKind.ISSUE])
    staff = next(p for p in issues if p.text == "Evening clinics need more staff")
    with workshop.write() as session:
        combined = Point(
            table_id=None,
            question_id=questions[QuestionKind.ISSUE],
            text="Staffing",
            position=0,
            theme_id=staff.theme_id,
        )
        session.add(combined)
        session.flush()
        session.add(ConsolidationMember(consolidated_id=combined.id, member_id=staff.id))
    groups = grouped(appendix(build(workshop), "issues"))
    staffing = groups["Workforce"][0]
    assert staffing.text == "Staffing"
    assert [c.text for c in staffing.children] == ["Phase in evening clinics"]


def test_deleted_consolidated_point_shows_its_members_again(report_event: ReportEvent) -> None:
    points.delete_point(report_event.workshop, report_event.ids["combined"])
    texts = [i.text for i in all_items(build(report_event.workshop))]
    assert (
        "Care nearer home for the town" in texts and "Less travel to the county hospital" in texts
    )
    assert "Care closer to home for the town and villages" not in texts


@pytest.mark.parametrize(
    ("attribution", "combined_note", "single_note"),
    [
        (Attribution.NONE, "", ""),
        (Attribution.COUNTS, "(raised at 2\u00a0tables)", ""),
        (Attribution.TABLES, "(Table\u00a0One and Table\u00a0Three)", "(Table\u00a0Two)"),
    ],
)
def test_attribution_option(
    report_event: ReportEvent, attribution: Attribution, combined_note: str, single_note: str
) -> None:
    items = {
        i.text: i
        for i in all_items(build(report_event.workshop, ReportOptions(attribution=attribution)))
    }
    assert items["Care closer to home for the town and villages"].note == combined_note
    assert items["New building helps recruitment"].note == single_note


def test_seating_plan_table_with_key(report_event: ReportEvent) -> None:
    section = appendix(build(report_event.workshop), "seating-plan")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.header == ["Table One", "Table Two", "Table Three", "Table Four"]
    assert [row[0] for row in table.rows] == [
        "Fay Facil1 (Health Partnership) [F]",
        "Sam Scribe1 (Volunteers) [S]",
        "Pat Person1 (Patients' Forum)",
        "Cal Council1 (District Council)",
    ]
    assert table.rows[3][1] == "Cal Council2"  # no organisation given
    assert "[F] facilitator" in table.key


def test_no_names_and_no_seating_plan(report_event: ReportEvent) -> None:
    document = build(report_event.workshop, ReportOptions(include_names=False))
    table = next(b for b in appendix(document, "seating-plan").blocks if isinstance(b, Table))
    cells = [cell for row in table.rows for cell in row]
    # A plan of roles and organisations; the key of [F] and [S] is not needed.
    assert "Facilitator (Health Partnership)" in cells and "Participant" in cells
    assert "Participant (District Council)" in cells and not table.key
    assert not any("Fay Facil" in cell or "Pat Person" in cell for cell in cells)

    document = build(report_event.workshop, ReportOptions(include_seating_plan=False))
    assert document.section("seating-plan") is None
    assert document.section("advantages").title == "Appendix One: Advantages"  # type: ignore[union-attr]


def test_many_tables_split_the_seating_plan(tmp_path: Path) -> None:
    spec = EventSpec.with_numbered_tables("Big", 9)
    with create_event_file(tmp_path / "big.workshop", spec) as workshop:
        for table in event.list_tables(workshop):
            event.add_participant(workshop, table.id, f"Person at {table.name}")
        section = build(workshop).section("seating-plan")
    assert section is not None
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert [len(t.header) for t in tables] == [4, 4, 1]


def test_several_questions_of_a_kind_get_their_own_headings(report_event: ReportEvent) -> None:
    workshop = report_event.workshop
    second = event.add_question(workshop, "What else would help?", QuestionKind.ADVANTAGE)
    table = event.list_tables(workshop)[0]
    points.add_point(workshop, table.id, second.id, "Longer opening hours")
    section = appendix(build(workshop), "advantages")
    headings = [(b.level, b.text) for b in section.blocks if isinstance(b, Heading)]
    assert headings[0][0] == 2 and headings[0][1].startswith("What are the advantages")
    assert (2, "What else would help?") in headings and (3, "Other points") in headings


def test_empty_themes_and_questions_are_left_out(report_event: ReportEvent) -> None:
    document = build(report_event.workshop)
    headings = [b.text for b in document.blocks() if isinstance(b, Heading)]
    assert "Service Integration" not in headings
    unused = event.add_question(report_event.workshop, "Unanswered?", QuestionKind.OTHER)
    assert unused.text not in str(build(report_event.workshop).section("other-questions"))


def test_outline_counts_points_under_headings(report_event: ReportEvent) -> None:
    nodes = {node.title: node for node in outline(build(report_event.workshop))}
    advantages = nodes["Appendix Two: Advantages"]
    assert advantages.points == 4
    assert [(c.title, c.points) for c in advantages.children] == [
        ("Quality / Efficiencies", 1), ("Workforce", 1), ("Access", 1), ("Other points", 1),
    ]  # fmt: skip
    issues = nodes["Appendix Three: Issues and potential solutions"]
    mitigations = issues.children[-1]
    assert (mitigations.title, mitigations.points) == ("Other variations and mitigations", 1)
    assert [c.title for c in mitigations.children] == ["Sustainability"]


# --- text and narrative --------------------------------------------------------------------


def test_clean_text_removes_what_xml_forbids_and_keeps_the_rest() -> None:
    assert clean_text("one\x0btwo\x0cthree") == "one\ntwo\nthree"
    assert clean_text("bell\x07 nul\x00 esc\x1b del\x7f c1\x85end") == "bell nul esc del c1\nend"
    assert clean_text("  a\r\n\r\n\r\n  b  ") == "a\n  b"
    kept = 'Café naïve — 😀 مرحبا بالعالم שלום <w:p>&amp;</w:p> "quoted"'
    assert clean_text(kept) == kept
    assert xml_safe("x\ud800y\ufffez") == "xyz"
    assert one_line("  Workforce\nand\tskills ") == "Workforce and skills"


def test_parse_narrative_paragraphs_bullets_and_numbered_lists() -> None:
    blocks = parse_narrative(
        "First paragraph.\nSecond paragraph.\n- a bullet\n  - a sub-bullet\n* another\n\n"
        "1. first\n2) second\nClosing line."
    )
    assert blocks == [
        Paragraph("First paragraph.", True),
        Paragraph("Second paragraph.", True),
        BulletList(
            [ListItem("a bullet", children=[ListItem("a sub-bullet")]), ListItem("another")]
        ),
        BulletList([ListItem("first"), ListItem("second")], numbered=True),
        Paragraph("Closing line.", True),
    ]
    assert parse_narrative(" \n\x0b\n") == []


def test_section_names_are_forgiving() -> None:
    assert parse_section_key("Introduction") is ReportSectionKey.INTRODUCTION
    assert parse_section_key("workshop-process") is ReportSectionKey.PROCESS
    assert parse_section_key("intro") is ReportSectionKey.INTRODUCTION
    with pytest.raises(InvalidValueError, match="sections: introduction, background"):
        parse_section_key("preface")


def test_mitigation_linked_to_two_issues_is_shown_under_each(report_event: ReportEvent) -> None:
    ids = report_event.ids
    points.link_points(report_event.workshop, ids["mit-park"], ids["iss-staff"])
    groups = grouped(appendix(build(report_event.workshop), "issues"))
    assert [c.text for c in groups["Workforce"][0].children] == [
        "Agree spaces with the council",
        "Phase in evening clinics",
    ]
    assert [c.text for c in groups["Access"][0].children] == ["Agree spaces with the council"]


def test_the_preview_reads_the_points_once_for_the_report_and_every_draft(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    proposal = tmp_path / "proposal.txt"
    proposal.write_text("The proposal\n\nWe propose a new clinic.", "utf-8")
    written = "The lead's own summary."
    options = ReportOptions(
        lead_appendix=proposal, section_texts={ReportSectionKey.SUMMARY: written}
    )
    with counting_point_reads() as reads:
        shown = preview(report_event.workshop, options)
    assert (reads.count, reads.orm_points) == (1, 0)  # one plain select, for all of it
    assert shown.document == build(report_event.workshop, options)
    assert shown.points == 11
    # each drafted section's hint, the one the lead wrote included, is what an empty section
    # prints, numbering the appendices as the report does (the lead's own appendix first)
    assert set(shown.drafts) == DRAFTED
    process = shown.document.section(ReportSectionKey.PROCESS.value)
    assert process is not None
    assert process.blocks == parse_narrative(shown.drafts[ReportSectionKey.PROCESS])
    summary = shown.drafts[ReportSectionKey.SUMMARY]
    assert "in Appendices Three, Four and Five" in summary
    assert "are in Appendix Six." in summary
    drafted_summary = build(report_event.workshop, ReportOptions(lead_appendix=proposal))
    section = drafted_summary.section(ReportSectionKey.SUMMARY.value)
    assert section is not None and section.blocks == parse_narrative(summary)
