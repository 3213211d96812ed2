"""A template's links to outside the file (a remote attached template, a UNC path) never reach
the report: Word would reach out to them whenever a reader opens it. The exporter is told."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from test_report_build import make_report_event

from facilitator_app.core.report import ReportOptions, export_report

UNC = "\\\\evil-server\\share\\normal.dotx"
REMOTE_PICTURE = "http://tracker.example/pixel.png"
ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)


def _template_with_outside_links(path: Path) -> Path:
    document = docx.Document()
    settings = next(
        part
        for part in document.part.package.iter_parts()
        if part.partname.endswith("settings.xml")
    )
    r_id = settings.relate_to(UNC, ATTACHED_TEMPLATE, is_external=True)
    settings.element.append(
        parse_xml(
            '<w:attachedTemplate xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships" r:id="{r_id}"/>'
        )
    )
    document.part.relate_to(REMOTE_PICTURE, RT.IMAGE, is_external=True)
    document.save(path)
    return path


def test_outside_links_of_a_template_are_dropped_and_the_exporter_is_told(
    tmp_path: Path,
) -> None:
    template = _template_with_outside_links(tmp_path / "our style.docx")
    report = make_report_event(tmp_path / "event.workshop")
    target = tmp_path / "report.docx"

    document = export_report(report.workshop, target, ReportOptions(template=template))

    with zipfile.ZipFile(target) as written:
        everything = b"".join(written.read(name) for name in written.namelist())
    assert b"evil-server" not in everything
    assert b"tracker.example" not in everything
    assert b'TargetMode="External"' not in everything
    (note,) = [note for note in document.notes if "links to" in note]
    assert UNC in note and REMOTE_PICTURE in note
    assert docx.Document(str(target)).paragraphs  # Word-readable
