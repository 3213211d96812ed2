"""Every report the app writes is a package Word opens without offering to repair it, from a
clean default template whose properties describe the report, not a 2013 Mac blank document."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from ooxml_checks import problems
from test_report_build import ReportEvent, make_report_event

from facilitator_app.core.model import ReportSectionKey
from facilitator_app.core.report import Attribution, ReportOptions, export_report
from facilitator_app.core.report.frame import AppendixNumbering
from facilitator_app.core.report.sections import set_section
from facilitator_app.core.store import open_workshop

TEMPLATE = Path(str(files("facilitator_app.resources").joinpath("report-template.docx")))


@pytest.fixture(scope="module")
def _event_file(tmp_path_factory: pytest.TempPathFactory) -> ReportEvent:
    made = make_report_event(tmp_path_factory.mktemp("ooxml") / "event.workshop")
    made.workshop.close()
    return made


@pytest.fixture
def made(_event_file: ReportEvent, tmp_path: Path) -> Iterator[ReportEvent]:
    path = tmp_path / "event.workshop"
    shutil.copyfile(_event_file.workshop.path, path)
    workshop = open_workshop(path)
    yield ReportEvent(workshop, _event_file.ids, _event_file.shown)
    workshop.close()


def test_the_checks_catch_what_word_repairs(tmp_path: Path) -> None:
    """A test that cannot fail is a defect: each rule must catch a package that breaks it."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        numbering.remove(num)  # styles (and stylesWithEffects) now number missing lists
    paragraph = document.add_paragraph("Out of order")
    paragraph.paragraph_format.space_after = 0
    paragraph._p.pPr.append(paragraph._p.pPr.makeelement(qn("w:keepNext"), {}))
    broken = tmp_path / "broken.docx"
    document.save(str(broken))
    with zipfile.ZipFile(broken, "a") as package:
        package.writestr("word/leftover.xml", "<x/>")
    found = "\n".join(problems(broken))
    assert "/word/stylesWithEffects.xml uses numbering" in found
    assert "/word/styles.xml uses numbering" in found
    assert "the children of pPr are out of order: ['spacing', 'keepNext']" in found
    assert "leftover part nothing refers to: /word/leftover.xml" in found
    assert "no content type for /word/leftover.xml" not in found  # .xml has a default type


def test_the_default_template_is_clean() -> None:
    assert problems(TEMPLATE) == []
    with zipfile.ZipFile(TEMPLATE) as package:
        names = set(package.namelist())
        settings = package.read("word/settings.xml").decode()
        app = package.read("docProps/app.xml").decode()
    assert "word/stylesWithEffects.xml" not in names
    assert not any(n.startswith("customXml/") or "thumbnail" in n for n in names)
    # Word's spelling and grammar marks are not hidden on the scribes' text.
    assert "proofState" not in settings
    assert "Macintosh" not in app and "Workshop Facilitator" in app
    assert docx.Document(str(TEMPLATE)).core_properties.created.year >= 2026


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"include_names": False, "attribution": Attribution.TABLES},
        {"include_seating_plan": False, "appendix_numbering": AppendixNumbering.LETTERS},
    ],
    ids=["default", "no-names", "letters"],
)
def test_every_report_passes_the_checks(
    made: ReportEvent, tmp_path: Path, options: dict[str, object]
) -> None:
    set_section(made.workshop, ReportSectionKey.CONCLUSION, "Next:\n1. consult\n2. decide")
    target = tmp_path / "report.docx"
    export_report(made.workshop, target, ReportOptions(**options))  # type: ignore[arg-type]
    assert problems(target) == []


def test_a_report_with_the_leads_appendix_and_an_organisations_template_passes(
    made: ReportEvent, tmp_path: Path
) -> None:
    proposal = docx.Document()
    proposal.add_heading("The proposal", 1)
    proposal.add_paragraph("A new hub.", style="List Bullet")
    proposal.save(str(tmp_path / "proposal.docx"))
    organisation = docx.Document()  # python-docx's template: the kind Word repairs
    organisation.save(str(tmp_path / "ours.docx"))
    target = tmp_path / "report.docx"
    export_report(
        made.workshop,
        target,
        ReportOptions(lead_appendix=tmp_path / "proposal.docx", template=tmp_path / "ours.docx"),
    )
    assert not [line for line in problems(target) if "stylesWithEffects" not in line]


def test_document_properties_come_from_the_event(made: ReportEvent, tmp_path: Path) -> None:
    set_section(made.workshop, ReportSectionKey.AUTHOR, "Service Change Team")
    target = tmp_path / "report.docx"
    export_report(made.workshop, target)
    properties = docx.Document(str(target)).core_properties
    assert properties.title == "Care closer to home"
    assert properties.author == "Service Change Team"
    assert properties.last_modified_by == "Service Change Team"
    assert properties.comments == ""  # not the template's own description
    now = datetime.now(UTC)
    created = (
        properties.created.replace(tzinfo=UTC)
        if properties.created.tzinfo is None
        else properties.created
    )
    assert now - created < timedelta(hours=1)
    assert properties.modified == properties.created
