"""``facilitator-app export``: the command line in-process, and once as a real subprocess."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import docx
import pytest
from cli_runner import run, run_process

from facilitator_app.core.model import ConsolidationMember, Point, ReportSectionKey
from facilitator_app.core.points import list_points
from facilitator_app.core.report.sections import get_section
from facilitator_app.core.sample import create_sample_event
from facilitator_app.core.store import open_workshop


@pytest.fixture(scope="module")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample event (four tables, themes, linked issues) plus one consolidated point."""
    path = create_sample_event(tmp_path_factory.mktemp("cli") / "event.workshop")
    with open_workshop(path) as workshop:
        table_points = [p for p in list_points(workshop) if p.table_id]
        first = table_points[0]
        second = next(p for p in table_points if p.table_id != first.table_id)
        with workshop.write() as session:
            combined = Point(
                table_id=None,
                question_id=first.question_id,
                theme_id=first.theme_id,
                text="A point two tables made",
                position=0,
            )
            session.add(combined)
            session.flush()
            for member in (first, second):
                session.add(ConsolidationMember(consolidated_id=combined.id, member_id=member.id))
    return path


@pytest.fixture
def sample(_sample: Path, tmp_path: Path) -> Path:
    path = tmp_path / "event.workshop"
    shutil.copyfile(_sample, path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def test_export_writes_the_report_and_leaves_the_event_untouched(
    sample: Path, tmp_path: Path
) -> None:
    before = _digest(sample)
    report = tmp_path / "report.docx"
    result = run_process("export", sample, "-o", report)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {report}" in result.stdout
    assert "note: The introduction section is empty" in result.stderr
    texts = _texts(report)
    assert texts[0] == "Brackenford Community Hospital: options for outpatient care"
    assert "Appendix Three: Issues and potential solutions" in texts
    assert any(t.startswith("Potential solution: ") for t in texts)
    assert "A point two tables made (raised at 2\u00a0tables)" in texts
    assert any("Priya Castellane" in t for t in texts)
    assert _digest(sample) == before  # opened read-only


def test_export_options(sample: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.docx"
    result = run(
        "export", sample, "-o", report, "--attribution", "tables", "--no-names", "--no-seating-plan"
    )
    assert result.returncode == 0, result.stderr
    texts = _texts(report)
    assert "A point two tables made (Table\u00a0One and Table\u00a0Two)" in texts
    assert "Appendix One: Advantages" in texts
    assert not any("Priya Castellane" in t for t in texts)
    # No seating plan: only the figures appendix's tables.
    headers = [t.rows[0].cells[0].text for t in docx.Document(str(report)).tables]
    assert headers == ["Question", "Theme", "Table"]

    result = run("export", sample, "-o", report, "--attribution", "none")
    assert "A point two tables made" in _texts(report)


def test_sections_from_files_are_stored_and_used(sample: Path, tmp_path: Path) -> None:
    intro = tmp_path / "intro.txt"
    intro.write_text(
        "\ufeffThis paper reports the event. Café 😀\n- first\n- second\n", encoding="utf-8"
    )
    conclusion = tmp_path / "end.txt"
    conclusion.write_text("The board is asked to note the report.", encoding="utf-8")
    report = tmp_path / "report.docx"
    result = run(
        "export", sample, "-o", report,
        "--section", f"introduction={intro}", "--section", f"Conclusion={conclusion}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Stored the introduction section" in result.stdout
    texts = _texts(report)
    assert texts.index("Introduction") < texts.index("This paper reports the event. Café 😀")
    assert "The board is asked to note the report." in texts
    with open_workshop(sample, read_only=True) as workshop:
        assert get_section(workshop, ReportSectionKey.INTRODUCTION).startswith("This paper reports")

    # Stored: a later export without --section still has them.
    result = run("export", sample, "-o", tmp_path / "again.docx")
    assert "The board is asked to note the report." in _texts(tmp_path / "again.docx")


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["--section", "preface=x.txt"], 2, "no report section called 'preface'"),
        (["--section", "introduction"], 2, "is not NAME=FILE"),
        (["--section", "introduction=missing.txt"], 1, "missing.txt does not exist"),
        (["--attribution", "some"], 2, "invalid choice"),
        (["--template", "nowhere.dotx"], 1, "The template nowhere.dotx cannot be used"),
    ],
)
def test_mistakes_are_reported_and_change_nothing(
    sample: Path, tmp_path: Path, extra: list[str], code: int, message: str
) -> None:
    before = _digest(sample)
    report = tmp_path / "report.docx"
    result = run("export", sample, "-o", report, *extra, cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not report.exists()
    assert _digest(sample) == before


def test_not_an_event_file_and_wrong_suffix(sample: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.workshop"
    other.write_text("not a database")
    result = run("export", other, "-o", tmp_path / "r.docx")
    assert result.returncode == 1 and "is not a workshop file" in result.stderr

    result = run("export", sample, "-o", tmp_path / "report.pdf")
    assert result.returncode == 1 and "must be saved as a .docx file" in result.stderr


def test_sections_not_utf8_are_refused(sample: Path, tmp_path: Path) -> None:
    latin = tmp_path / "intro.txt"
    latin.write_bytes("Caf\xe9 \xff\xfe".encode("latin-1"))
    result = run("export", sample, "-o", tmp_path / "r.docx", "--section", f"introduction={latin}")
    assert result.returncode == 1
    assert "intro.txt is not UTF-8 text" in result.stderr


def test_title_block_options_and_the_leads_appendix(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator_app.__main__ import main

    proposal = tmp_path / "proposal.txt"
    proposal.write_text("The options consulted on.\n- Option A\n- Option B\n", encoding="utf-8")
    report = tmp_path / "report.docx"
    code = main(
        [
            "export", str(sample), "-o", str(report), "--no-seating-plan",
            "--report-to", "Programme Board", "--author", "Service Change Team",
            "--paper-date", "2026-04-02", "--purpose", "To brief the board",
            "--appendix", str(proposal), "--appendix-title", "The proposal",
            "--appendix-numbering", "letters",
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert 'Stored "Report to"' in capsys.readouterr().out
    texts = _texts(report)
    assert texts[2:6] == [
        "Report to: Programme Board",
        "Author: Service Change Team",
        "Date: 2 April 2026",
        "Purpose: To brief the board",
    ]
    appendices = [t for t in texts if t.startswith("Appendix ") and ": " in t]
    assert appendices[:2] == ["Appendix A: The proposal", "Appendix B: Advantages"]
    assert "Option A" in texts
    # Stored like the sections: the next export keeps the frame.
    assert main(["export", str(sample), "-o", str(tmp_path / "again.docx")]) == 0
    assert "Report to: Programme Board" in _texts(tmp_path / "again.docx")


def test_a_missing_appendix_file_changes_nothing(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator_app.__main__ import main

    before = _digest(sample)
    code = main(
        ["export", str(sample), "-o", str(tmp_path / "r.docx"), "--report-to", "Board",
         "--appendix", str(tmp_path / "nowhere.docx")]
    )  # fmt: skip
    assert code == 1
    assert "nowhere.docx does not exist" in capsys.readouterr().err
    assert _digest(sample) == before and not (tmp_path / "r.docx").exists()
