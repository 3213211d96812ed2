"""The Word file: read back with python-docx (structure, styles, content), hostile text, the
template fallback, the temp-file/locked-target behaviour, and a real reader (LibreOffice)."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from ooxml_checks import problems
from test_report_build import ReportEvent, make_report_event

from facilitator_app.core import event, points
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.model import QuestionKind, ReportSectionKey, Role
from facilitator_app.core.report import (
    Attribution,
    ReportOptions,
    build,
    docx_writer,
    export_report,
)
from facilitator_app.core.report.errors import ReportLockedError, ReportWriteError, TemplateError
from facilitator_app.core.report.sections import set_section
from facilitator_app.core.report.text import clean_text
from facilitator_app.core.store import open_workshop

HOSTILE = {
    "word-paste": "Pasted from Word\x0bwith a vertical tab\x0cand a form feed",
    "controls": "Bell\x07 escape\x1b null\x00 and delete\x7f characters",
    "emoji": "Great idea 😀👍🏽 for families 👨‍👩‍👧",
    "accents": "Café, naïve, Zoë, Ångström, Łódź and São Paulo",
    "rtl": "مرحبا بالعالم — שלום עולם",
    "markup": '<w:p>not markup</w:p> & <b>bold</b> "quotes" ]]> &amp;',
    "lines": "First line\nsecond line\n\n\nthird line after blanks",
    "long": "A very long point. " * 263,  # ~5,000 characters
}


@pytest.fixture(scope="module")
def _event_file(tmp_path_factory: pytest.TempPathFactory) -> ReportEvent:
    made = make_report_event(tmp_path_factory.mktemp("docx") / "event.workshop")
    made.workshop.close()
    return made


@pytest.fixture
def report_event(_event_file: ReportEvent, tmp_path: Path) -> Iterator[ReportEvent]:
    path = tmp_path / "event.workshop"
    shutil.copyfile(_event_file.workshop.path, path)
    workshop = open_workshop(path)
    yield ReportEvent(workshop, _event_file.ids, _event_file.shown)
    workshop.close()


def export(made: ReportEvent, target: Path, **options: object) -> DocxDocument:
    export_report(made.workshop, target, ReportOptions(**options))  # type: ignore[arg-type]
    return docx.Document(str(target))


def styled(document: DocxDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def by_heading(document: DocxDocument) -> dict[tuple[str, str], list[str]]:
    """Bullet texts under each (appendix, last heading) pair."""
    groups: dict[tuple[str, str], list[str]] = {}
    appendix = heading = ""
    for style, text in styled(document):
        if style == "Heading 1":
            appendix, heading = text, ""
        elif style.startswith("Heading"):
            heading = text
        elif style.startswith("List Bullet"):
            groups.setdefault((appendix, heading), []).append(text)
    return groups


# --- structure and styles ------------------------------------------------------------------


def test_report_structure_and_styles(report_event: ReportEvent, tmp_path: Path) -> None:
    set_section(report_event.workshop, ReportSectionKey.INTRODUCTION, "Why.\n- one\n- two\n1. a")
    document = export(report_event, tmp_path / "report.docx")
    paragraphs = styled(document)
    assert paragraphs[:4] == [
        ("Title", "Care closer to home"),
        ("Subtitle", "Report of the stakeholder event"),
        ("Normal", "Date: 14 March 2026"),
        ("Normal", "Venue: Town Hall"),
    ]
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "Introduction",
        "Background",
        "Workshop process",
        "Summary of workshop outputs",
        "Appendix One: Seating plan",
        "Appendix Two: Advantages",
        "Appendix Three: Issues and potential solutions",
        "Appendix Four: Other questions",
        "Appendix Five: Figures",
    ]
    assert ("Numbered Paragraph", "Why.") in paragraphs
    assert ("List Bullet", "one") in paragraphs
    used = {style for style, _ in paragraphs}
    assert {"Heading 2", "Heading 3", "List Bullet 2", "List Number"} <= used
    # The numbered paragraphs are numbered by Word (a list on the style), not typed numbers.
    style = document.styles["Numbered Paragraph"].element
    assert style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}") is not None
    # Appendices start on a new page.
    appendix = next(p for p in document.paragraphs if p.text == "Appendix Two: Advantages")
    assert appendix._p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    # Page numbers in the footer, A4 pages.
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    assert document.core_properties.title == "Care closer to home"


def test_every_point_once_under_its_theme(report_event: ReportEvent, tmp_path: Path) -> None:
    document = export(report_event, tmp_path / "report.docx", attribution=Attribution.NONE)
    groups = by_heading(document)
    bullets = Counter(
        text
        for (appendix, _), texts in groups.items()
        if appendix.startswith("Appendix")
        for text in texts
    )
    expected = Counter(report_event.shown)
    # Linked mitigations are shown (once) as "Potential solution: ..." under their issue.
    solutions = {"Agree spaces with the council", "Phase in evening clinics"}
    found = Counter(text.removeprefix("Potential solution: ") for text in bullets.elements())
    assert found == expected
    assert all(f"Potential solution: {s}" in bullets for s in solutions)

    advantages = "Appendix Two: Advantages"
    assert groups[(advantages, "Access")] == ["Care closer to home for the town and villages"]
    assert groups[(advantages, "Other points")] == ["Everyone liked one place to go"]
    issues = "Appendix Three: Issues and potential solutions"
    assert groups[(issues, "Access")] == [
        "Parking is full on market days",
        "Potential solution: Agree spaces with the council",
    ]
    assert groups[(issues, "Sustainability")] == ["A shuttle bus from the villages"]


def test_mitigation_paragraph_follows_its_issue_one_level_down(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    paragraphs = styled(export(report_event, tmp_path / "report.docx"))
    index = paragraphs.index(("List Bullet", "Evening clinics need more staff"))
    assert paragraphs[index + 1] == (
        "List Bullet 2",
        "Potential solution: Phase in evening clinics",
    )


def test_seating_plan_is_a_word_table(report_event: ReportEvent, tmp_path: Path) -> None:
    document = export(report_event, tmp_path / "report.docx")
    # The seating plan, then the figures appendix's tables.
    assert [t.rows[0].cells[0].text for t in document.tables] == [
        "Table One", "Question", "Theme", "Table",
    ]  # fmt: skip
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Table One",
        "Table Two",
        "Table Three",
        "Table Four",
    ]
    assert table.rows[1].cells[0].text == "Fay Facil1 (Health Partnership) [F]"
    assert table.rows[2].cells[3].text == "Sam Scribe4 (Volunteers) [S]"
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert any(p.text.startswith("Key: [F] facilitator") for p in document.paragraphs)


@pytest.mark.parametrize(
    ("attribution", "expected"),
    [
        (Attribution.NONE, "Care closer to home for the town and villages"),
        (
            Attribution.COUNTS,
            "Care closer to home for the town and villages (raised at 2\u00a0tables)",
        ),
        (
            Attribution.TABLES,
            "Care closer to home for the town and villages (Table\u00a0One and Table\u00a0Three)",
        ),
    ],
)
def test_attribution_in_the_document(
    report_event: ReportEvent, tmp_path: Path, attribution: Attribution, expected: str
) -> None:
    document = export(report_event, tmp_path / "report.docx", attribution=attribution)
    assert ("List Bullet", expected) in styled(document)


def test_no_names_and_no_seating_plan_in_the_document(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    document = export(report_event, tmp_path / "a.docx", include_names=False)
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "Facilitator (Health Partnership)" in cells
    everything = "\n".join(p.text for p in document.paragraphs) + "\n".join(cells)
    assert "Fay Facil" not in everything and "Pat Person" not in everything

    document = export(report_event, tmp_path / "b.docx", include_seating_plan=False)
    assert [t.rows[0].cells[0].text for t in document.tables] == ["Question", "Theme", "Table"]
    assert "Appendix One: Advantages" in [p.text for p in document.paragraphs]


def test_numbered_lists_restart_at_one(report_event: ReportEvent, tmp_path: Path) -> None:
    set_section(report_event.workshop, ReportSectionKey.INTRODUCTION, "Aims:\n1. listen\n2. learn")
    set_section(
        report_event.workshop, ReportSectionKey.CONCLUSION, "Next steps:\n1. consult\n2. decide"
    )
    document = export(report_event, tmp_path / "report.docx")
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered][-2:] == ["consult", "decide"]
    # The second list has its own numbering instance that starts again at 1.
    num_id = numbered[-1]._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_empty_event_gives_a_valid_report(tmp_path: Path) -> None:
    with create_event_file(
        tmp_path / "e.workshop", EventSpec.with_numbered_tables("Empty", 2)
    ) as workshop:
        export_report(workshop, tmp_path / "empty.docx")
    document = docx.Document(str(tmp_path / "empty.docx"))
    assert document.paragraphs[0].text == "Empty"
    assert "No points were recorded at the event." in [p.text for p in document.paragraphs]


# --- hostile text --------------------------------------------------------------------------


def test_hostile_texts_survive_or_are_cleaned(report_event: ReportEvent, tmp_path: Path) -> None:
    workshop = report_event.workshop
    table = event.list_tables(workshop)[0]
    question = next(q for q in event.list_questions(workshop) if q.kind is QuestionKind.ADVANTAGE)
    for text in HOSTILE.values():
        points.add_point(workshop, table.id, question.id, text)
    # Hostile text in the set-up and the narrative too.
    event.update_event(workshop, title="Event\x0b<title> & 😀")
    event.add_participant(workshop, table.id, "Zoë\x0c O'Brien", "Org\x00 & <Co>", Role.PARTICIPANT)
    theme = event.list_themes(workshop)[0]
    event.rename_theme(workshop, theme.id, "Quality\x0bof care 😀")
    points.add_point(workshop, table.id, question.id, "Themed hostile", theme_id=theme.id)
    set_section(workshop, ReportSectionKey.CONCLUSION, "Ends\x0cwith a form feed 😀")

    document = export(report_event, tmp_path / "report.docx", attribution=Attribution.NONE)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Event <title> & 😀"
    assert "with a form feed 😀" in texts
    for key, text in HOSTILE.items():
        assert clean_text(text) in texts, key
    assert "Pasted from Word\nwith a vertical tab\nand a form feed" in texts
    assert "Bell escape null and delete characters" in texts
    assert "First line\nsecond line\nthird line after blanks" in texts
    lines = next(p for p in document.paragraphs if p.text.startswith("First line"))
    assert len(lines._p.findall(f"{qn('w:r')}/{qn('w:br')}")) == 2  # real line breaks
    assert len(clean_text(HOSTILE["long"])) > 4900
    assert "Quality of care 😀" in texts
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "Zoë O'Brien (Org & <Co>)" in cells
    assert problems(tmp_path / "report.docx") == []


# --- templates -----------------------------------------------------------------------------


def _plain_template(path: Path, *, drop: tuple[str, ...] = ()) -> Path:
    """A bare template (python-docx's own) lacking some styles, with sample text in the body."""
    document = docx.Document()
    document.add_paragraph("Delete this sample text")
    for name in drop:
        element = document.styles[name].element
        element.getparent().remove(element)
    document.save(str(path))
    return path


def test_template_lacking_styles_gets_ours(report_event: ReportEvent, tmp_path: Path) -> None:
    template = _plain_template(
        tmp_path / "org.docx", drop=("List Bullet 2", "Table Grid", "Subtitle")
    )
    document = export(report_event, tmp_path / "report.docx", template=template)
    # The styles and numbering copied in leave a package Word opens without repair.
    assert problems(tmp_path / "report.docx") == []
    paragraphs = styled(document)
    assert "Delete this sample text" not in [text for _, text in paragraphs]
    used = {style for style, _ in paragraphs}
    assert {"Numbered Paragraph", "List Bullet 2", "Subtitle", "List Bullet"} <= used
    assert document.tables[0].style.name == "Table Grid"
    # The copied list styles brought their numbering with them.
    numbering = document.part.numbering_part.element
    for name in ("Numbered Paragraph", "List Bullet 2"):
        num_id = document.styles[name].element.find(
            f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"
        )
        assert num_id is not None
        assert any(
            n.get(qn("w:numId")) == num_id.get(qn("w:val")) for n in numbering.findall(qn("w:num"))
        )
    # Copied styles take the template's fonts (from its Normal), not ours.
    copied = document.styles["Numbered Paragraph"].element
    assert copied.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is None
    # A template with no footer gets page numbers.
    assert "PAGE" in document.sections[0].footer._element.xml


def test_dotx_template_is_accepted(report_event: ReportEvent, tmp_path: Path) -> None:
    docx_path = _plain_template(tmp_path / "plain.docx")
    dotx = tmp_path / "org.dotx"
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, data)
    with pytest.raises(ValueError):  # python-docx alone refuses a template
        docx.Document(str(dotx))
    document = export(report_event, tmp_path / "report.docx", template=dotx)
    assert document.paragraphs[0].text == "Care closer to home"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.docx", b"just some text", "not a Word .docx or .dotx file"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save it from Word as a .docx or .dotx file first"),
        ("missing.docx", None, "there is no such file"),
        ("macros.dotm", b"PK", "save it as a .dotx first"),
    ],
)
def test_bad_template_is_refused_clearly(
    report_event: ReportEvent, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    target = tmp_path / "report.docx"
    with pytest.raises(TemplateError, match=message):
        export_report(report_event.workshop, target, ReportOptions(template=template))
    assert not target.exists()


# --- writing the file ----------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


def test_locked_target_gets_a_clear_message_and_stays_as_it_was(
    report_event: ReportEvent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(b"the report as it was")

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(docx_writer.os, "replace", locked)
    with pytest.raises(
        ReportLockedError, match=r"report\.docx is open in another program.*close it in Word"
    ):
        export_report(report_event.workshop, target)
    assert target.read_bytes() == b"the report as it was"
    assert _leftovers(tmp_path) == []


def test_failure_while_writing_leaves_no_half_report(
    report_event: ReportEvent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"

    def broken_save(self: object, stream: object) -> None:
        stream.write(b"PK half a zip")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(ReportWriteError, match="No space left on device"):
        export_report(report_event.workshop, target)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_target_must_be_a_docx_in_an_existing_folder(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    with pytest.raises(ReportWriteError, match=r"must be saved as a \.docx"):
        export_report(report_event.workshop, tmp_path / "report.pdf")
    with pytest.raises(ReportWriteError, match="does not exist"):
        export_report(report_event.workshop, tmp_path / "nowhere" / "report.docx")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_report_gets_ordinary_permissions(report_event: ReportEvent, tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    mask = os.umask(0o022)
    try:
        export_report(report_event.workshop, target)
        assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        target.chmod(0o640)
        export_report(report_event.workshop, target)
        assert target.stat().st_mode & 0o777 == 0o640  # a replaced report keeps its own
    finally:
        os.umask(mask)


def test_progress_is_reported_up_to_the_end(report_event: ReportEvent, tmp_path: Path) -> None:
    seen: list[float] = []
    export_report(report_event.workshop, tmp_path / "r.docx", progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_model_without_python_docx(report_event: ReportEvent) -> None:
    """The builder's model is plain data: building imports nothing of python-docx."""
    import sys

    document = build(report_event.workshop)
    for module_name in ("build", "document", "data", "sections", "text"):
        module = sys.modules[f"facilitator_app.core.report.{module_name}"]
        assert "docx" not in {
            name.split(".")[0] for name in vars(module) if not name.startswith("_")
        }
    assert document.sections


# --- a real reader -------------------------------------------------------------------------


def test_libreoffice_opens_the_report(report_event: ReportEvent, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are not installed")
    workshop = report_event.workshop
    table = event.list_tables(workshop)[1]
    question = next(q for q in event.list_questions(workshop) if q.kind is QuestionKind.ISSUE)
    points.add_point(workshop, table.id, question.id, HOSTILE["accents"])
    points.add_point(workshop, table.id, question.id, HOSTILE["word-paste"])
    target = tmp_path / "report.docx"
    export_report(workshop, target)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(target)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert pdf.stat().st_size > 0
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for expected in (
        "Care closer to home",
        "Report of the stakeholder event",
        "Appendix Three: Issues and potential solutions",
        "Potential solution: Agree spaces with the council",
        "Care closer to home for the town and villages (raised at 2 tables)",  # no-break space
        "Fay Facil1",
        "Café, naïve, Zoë, Ångström, Łódź and São Paulo",
        "with a vertical tab",
        "Page 1 of",
    ):
        assert expected in flat, expected
    assert "1. " in text  # the body's numbered paragraphs are numbered by the reader
    os.remove(pdf)


# --- layout --------------------------------------------------------------------------------


def test_a_lead_in_stays_with_its_list_and_table_names_do_not_break(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    document = export(report_event, tmp_path / "report.docx", attribution=Attribution.TABLES)
    paragraphs = document.paragraphs
    lead_in = next(p for p in paragraphs if p.text.endswith("following organisations:"))
    assert lead_in.paragraph_format.keep_with_next
    following = paragraphs[paragraphs.index(lead_in) + 1]
    assert following.style.name == "List Bullet"
    # Headings keep with what follows them (the style says so).
    assert document.styles["Heading 2"].paragraph_format.keep_with_next
    # A table's name is one unbreakable unit wherever a point names it.
    assert any(p.text.endswith("(Table\u00a0Two)") for p in paragraphs)
    assert not any(p.text.endswith("(Table Two)") for p in paragraphs)


def test_tables_attribution_does_not_repeat_the_issues_table_on_its_solutions(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    ids = report_event.ids
    points.link_points(report_event.workshop, ids["mit-free"], ids["iss-park"])
    document = export(report_event, tmp_path / "r.docx", attribution=Attribution.TABLES)
    texts = [p.text for p in document.paragraphs]
    issue = texts.index("Parking is full on market days (Table\u00a0One)")
    assert texts[issue + 1 : issue + 3] == [
        "Potential solution: Agree spaces with the council",  # Table One's own
        "Potential solution: A shuttle bus from the villages (Table\u00a0Three)",
    ]


def test_seating_plan_cells_do_not_wrap_inside_an_abbreviation(
    report_event: ReportEvent, tmp_path: Path
) -> None:
    table = event.list_tables(report_event.workshop)[0]
    event.add_participant(report_event.workshop, table.id, "Nia Nurse", "NHS-LLR")
    document = export(report_event, tmp_path / "report.docx")
    cell = next(c for row in document.tables[0].rows for c in row.cells if c.text.startswith("Nia"))
    assert cell.text == "Nia Nurse (NHS-LLR)"
    assert cell._tc.xpath(".//w:noBreakHyphen") and "-" not in "".join(
        t.text for t in cell._tc.iter(qn("w:t"))
    )
