"""The drafted Summary says what the room said, and the paper has a committee paper's frame.

Read back from the written .docx where a reader would see it: the most-raised point is named,
an issue with no mitigation is listed, views held by consensus or by one person are told apart,
appendix references follow the options, and the title block carries the lead's fields.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from test_report_build import ReportEvent, make_report_event

from facilitator_app.core import event, points
from facilitator_app.core.consolidate import consolidate
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.model import QuestionKind, ReportSectionKey, Strength
from facilitator_app.core.report import ReportOptions, build, export_report
from facilitator_app.core.report.build import drafted_text
from facilitator_app.core.report.document import BulletList, Heading, Paragraph, SectionKind
from facilitator_app.core.report.frame import AppendixNumbering
from facilitator_app.core.report.sections import set_section
from facilitator_app.core.store import open_workshop


@pytest.fixture(scope="module")
def _event_file(tmp_path_factory: pytest.TempPathFactory) -> ReportEvent:
    made = make_report_event(tmp_path_factory.mktemp("findings") / "event.workshop")
    ids = made.ids
    points.set_point_strength(made.workshop, ids["iss-park"], Strength.CONSENSUS)
    points.set_point_strength(made.workshop, ids["adv-none"], Strength.ONE)
    points.set_point_strength(made.workshop, ids["iss-staff"], Strength.SEVERAL)
    made.workshop.close()
    return made


@pytest.fixture
def made(_event_file: ReportEvent, tmp_path: Path) -> Iterator[ReportEvent]:
    path = tmp_path / "event.workshop"
    shutil.copyfile(_event_file.workshop.path, path)
    workshop = open_workshop(path)
    yield ReportEvent(workshop, _event_file.ids, _event_file.shown)
    workshop.close()


def summary_lines(made: ReportEvent, tmp_path: Path, **options: object) -> list[str]:
    """The Summary's paragraphs and bullets as written in the .docx."""
    target = tmp_path / "report.docx"
    export_report(made.workshop, target, ReportOptions(**options))  # type: ignore[arg-type]
    lines: list[str] = []
    inside = False
    for paragraph in docx.Document(str(target)).paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == "Summary of workshop outputs"
        elif inside:
            lines.append(paragraph.text)
    return lines


def after(lines: list[str], lead_in: str) -> list[str]:
    """The bullets that follow the line starting with ``lead_in``."""
    start = next(i for i, line in enumerate(lines) if line.startswith(lead_in))
    found = []
    for line in lines[start + 1 :]:
        if not line.startswith("\u201c"):
            break
        found.append(line)
    return found


def test_key_messages_open_the_summary_and_name_the_most_raised_point(
    made: ReportEvent, tmp_path: Path
) -> None:
    lines = summary_lines(made, tmp_path)
    assert lines[0] == "Key messages:"
    messages = []
    for line in lines[1:]:
        if line.startswith("In total"):
            break
        messages.append(line)
    assert 3 <= len(messages) <= 5
    assert messages[0] == (
        "The point raised most widely was \u201cCare closer to home for the town and "
        "villages\u201d, at two of the four tables."
    )
    assert any("recorded as the consensus of a table" in m for m in messages)
    # Counts by question, theme and table are not in the summary but in an appendix.
    assert not any(line.startswith(("Points by", "Tables that took part")) for line in lines)
    assert lines[-1].endswith("the numbers of points by question, theme and table are in "
                              "Appendix Five.")  # fmt: skip


def test_issue_with_no_mitigation_and_aspects_for_further_consideration(
    made: ReportEvent, tmp_path: Path
) -> None:
    lines = summary_lines(made, tmp_path)
    assert after(lines, "No solution was proposed for this issue (Appendix Three)") == [
        "\u201cNobody explained the timetable\u201d (Table\u00a0Four)"
    ]
    aspects = after(lines, "Aspects needing further consideration")
    # The consensus issue first, with the solution proposed for it folded in.
    assert aspects[0] == (
        "\u201cParking is full on market days\u201d (Table\u00a0One); proposed: \u201cAgree spaces "
        "with the council\u201d."
    )
    assert (
        "\u201cNobody explained the timetable\u201d (Table\u00a0Four); no solution was proposed."
        in (aspects)
    )


def test_consensus_and_divergent_views(made: ReportEvent, tmp_path: Path) -> None:
    lines = summary_lines(made, tmp_path)
    assert after(lines, "This point was recorded as the consensus of its table") == [
        "\u201cParking is full on market days\u201d (Table\u00a0One)"
    ]
    assert after(lines, "Some views were recorded as held by one person or by several") == [
        "\u201cEvening clinics need more staff\u201d (several people; Table\u00a0Two)",
        "\u201cEveryone liked one place to go\u201d (one person; Table\u00a0Two)",
    ]


def test_widest_point_after_a_third_table_joins_and_counts_agree(made: ReportEvent) -> None:
    workshop = made.workshop
    tables = {t.name: t.id for t in event.list_tables(workshop)}
    question = points.get_point(workshop, made.ids["adv-work"]).question_id
    extra = points.add_point(workshop, tables["Table Four"], question, "Care nearer home!")
    consolidate(workshop, [made.ids["combined"], extra.id], "Care closer to home")
    document = build(workshop)
    summary = document.section("summary")
    assert summary is not None
    texts = [b.text for b in summary.blocks if isinstance(b, Paragraph)]
    assert texts[1].startswith("In total, thirteen points were recorded at four tables.")
    assert "leaving eleven distinct points" in texts[1]
    messages = next(b for b in summary.blocks if isinstance(b, BulletList)).items
    assert messages[0].text == (
        "The point raised most widely was \u201cCare closer to home\u201d, at three of the four "
        "tables."
    )


@pytest.mark.parametrize(
    ("options", "issues_label"),
    [
        ({}, "Appendix Three"),
        ({"include_seating_plan": False}, "Appendix Two"),
        ({"appendix_numbering": AppendixNumbering.LETTERS}, "Appendix C"),
        (
            {"include_seating_plan": False, "appendix_numbering": AppendixNumbering.LETTERS},
            "Appendix B",
        ),
    ],
)
def test_references_follow_the_appendices_the_options_leave(
    made: ReportEvent, options: dict[str, object], issues_label: str
) -> None:
    document = build(made.workshop, ReportOptions(**options))  # type: ignore[arg-type]
    issues = document.section("issues")
    assert issues is not None and issues.title.startswith(f"{issues_label}: ")
    summary = "\n".join(
        b.text if isinstance(b, Paragraph) else "\n".join(i.text for i in b.items)
        for b in document.section("summary").blocks  # type: ignore[union-attr]
        if isinstance(b, Paragraph | BulletList)
    )
    assert f"No solution was proposed for this issue ({issues_label}):" in summary
    figures = document.section("figures")
    assert figures is not None and figures.title.split(":")[0] in summary


# --- the frame ---------------------------------------------------------------------------------


def test_title_block_fields_and_a_drafted_introduction(made: ReportEvent, tmp_path: Path) -> None:
    workshop = made.workshop
    set_section(workshop, ReportSectionKey.REPORT_TO, "Programme Board")
    set_section(workshop, ReportSectionKey.AUTHOR, "Service Change Team")
    set_section(workshop, ReportSectionKey.PAPER_DATE, "2026-04-02")
    set_section(workshop, ReportSectionKey.PURPOSE, "To brief the board on what the event said")
    target = tmp_path / "report.docx"
    export_report(workshop, target)
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[2:7] == [
        "Report to: Programme Board",
        "Author: Service Change Team",
        "Date: 2 April 2026",
        "Purpose: To brief the board on what the event said",
        "Event: 14 March 2026, Town Hall",
    ]
    introduction = paragraphs[paragraphs.index("Introduction") + 1]
    assert introduction == (
        "This paper reports the outputs of the stakeholder event \u201cCare closer to home\u201d "
        "to the Programme Board."
    )
    assert "Its purpose is to brief the board on what the event said." in paragraphs
    assert drafted_text(workshop, ReportSectionKey.INTRODUCTION).startswith(introduction)


def test_lead_appendix_from_text_comes_first(made: ReportEvent, tmp_path: Path) -> None:
    proposal = tmp_path / "the-proposal.txt"
    proposal.write_text("The proposal in brief.\n- a new hub\n- evening clinics\n", "utf-8")
    document = build(made.workshop, ReportOptions(lead_appendix=proposal))
    appendices = [s for s in document.sections if s.kind is SectionKind.APPENDIX]
    assert appendices[0].title == "Appendix One: the proposal"
    assert appendices[0].blocks[0] == Paragraph("The proposal in brief.")
    assert appendices[1].title == "Appendix Two: Seating plan"
    summary = document.section("summary")
    assert summary is not None
    assert any(
        "(Appendix Four)" in b.text for b in summary.blocks if isinstance(b, Paragraph)
    )  # the issues moved from Three to Four


def test_lead_appendix_from_word_keeps_its_title_headings_and_lists(
    made: ReportEvent, tmp_path: Path
) -> None:
    source = docx.Document()
    source.add_heading("The proposal consulted on", 1)
    source.add_paragraph("Clinics move to a new hub.")
    source.add_heading("What changes", 2)
    source.add_paragraph("Evening clinics", style="List Bullet")
    path = tmp_path / "proposal.docx"
    source.save(str(path))
    document = build(made.workshop, ReportOptions(lead_appendix=path))
    first = next(s for s in document.sections if s.kind is SectionKind.APPENDIX)
    assert first.title == "Appendix One: The proposal consulted on"
    assert [type(b).__name__ for b in first.blocks] == ["Paragraph", "Heading", "BulletList"]
    assert first.blocks[1] == Heading("What changes", 2)  # under the title, one level down


def test_no_names_hides_people_alone_in_their_organisation(made: ReportEvent) -> None:
    table = event.list_tables(made.workshop)[0]
    event.add_participant(made.workshop, table.id, "Cora Consult", "Consultant")
    named = drafted_text(made.workshop, ReportSectionKey.PROCESS)
    assert "- Consultant (1)" in named
    document = build(made.workshop, ReportOptions(include_names=False))
    process = document.section("process")
    assert process is not None
    bullets = [i.text for b in process.blocks if isinstance(b, BulletList) for i in b.items]
    assert "Consultant (1)" not in bullets and not any("Consultant" in t for t in bullets)
    assert "Other organisations, one person each (1)" in bullets
    assert "District Council (2)" in bullets


def test_thin_data_still_gives_key_messages_without_repeating_itself(tmp_path: Path) -> None:
    spec = EventSpec.with_numbered_tables("Small", 2)
    with create_event_file(tmp_path / "small.workshop", spec) as workshop:
        table = event.list_tables(workshop)[0]
        question = next(
            q for q in event.list_questions(workshop) if q.kind is QuestionKind.ADVANTAGE
        )
        points.add_point(workshop, table.id, question.id, "Shorter journeys")
        summary = drafted_text(workshop, ReportSectionKey.SUMMARY)
    lines = summary.split("\n")
    assert lines[:2] == [
        "Key messages:", "- In total, one point was recorded at one table.",
    ]  # fmt: skip
    assert summary.count("In total") == 1
    # Nothing is claimed that the data does not hold: no consensus, no issues, no shared points.
    assert "consensus" not in summary and "solution" not in summary
