"""Spreadsheets of points read and written, imported all or nothing; pasted seating plans."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
from pathlib import Path

import openpyxl
import pytest

from facilitator_app.core import event, points, spreadsheets
from facilitator_app.core.errors import ImportRowError, InvalidValueError
from facilitator_app.core.model import ConsolidationMember, Point, Role, Strength
from facilitator_app.core.spreadsheets import SheetRow, SpreadsheetError
from facilitator_app.core.store import Workshop

HEADER = ["question", "theme", "text", "ref", "addresses", "strength"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def rows(*cells: list[str]) -> list[SheetRow]:
    """Rows under HEADER, numbered from line 2 as a spreadsheet shows them."""
    return [
        SheetRow(line, {name: value for name, value in zip(HEADER, values, strict=False) if value})
        for line, values in enumerate(cells, start=2)
    ]


def table_id(workshop: Workshop, number: int = 1) -> str:
    return event.list_tables(workshop)[number - 1].id


def question_id(workshop: Workshop, number: int) -> str:
    return event.question_by_number(workshop, number).id


# --- reading -------------------------------------------------------------------------------


def test_csv_header_is_matched_loosely_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_bytes(
        b"\xef\xbb\xbf Question , THEME,Text\r\n\r\n1,Access,First\r\n,,\r\n2,,Second\r\n"
    )
    sheet = spreadsheets.read_sheet(path)
    assert sheet.source == "points.csv"
    assert sheet.columns == ("question", "theme", "text")
    assert [(row.line, dict(row.cells)) for row in sheet.rows] == [
        (3, {"question": "1", "theme": "Access", "text": "First"}),
        (5, {"question": "2", "text": "Second"}),
    ]


def test_csv_line_numbers_count_lines_inside_quoted_cells(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text('question,text\n1,"one\ntwo\nthree"\n2,after\n', encoding="utf-8")
    sheet = spreadsheets.read_sheet(path)
    assert [row.line for row in sheet.rows] == [2, 5]
    assert sheet.rows[0].get("text") == "one\ntwo\nthree"


def test_csv_with_semicolons_and_a_windows_code_page(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("question;text\n1;Café \u2013 near\n".encode("cp1252"))
    sheet = spreadsheets.read_sheet(path)
    assert sheet.rows[0].get("text") == "Café \u2013 near"


def test_xlsx_cells_read_as_a_person_sees_them(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Question", "Text", "Ref"])
    sheet.append([1.0, "First", 2020.0])
    sheet.append([None, None, None])
    sheet.append([2, "On", dt.datetime(2026, 3, 14)])
    sheet.append([3, 0.5, None])
    path = tmp_path / "points.xlsx"
    workbook.save(path)
    read = spreadsheets.read_sheet(path)
    assert [(row.line, dict(row.cells)) for row in read.rows] == [
        (2, {"question": "1", "text": "First", "ref": "2020"}),
        (4, {"question": "2", "text": "On", "ref": "2026-03-14"}),
        (5, {"question": "3", "text": "0.5"}),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("points.txt", b"question,text\n", ".csv or .xlsx"),
        ("points.xls", b"\xd0\xcf\x11\xe0", ".csv or .xlsx"),
        ("fake.xlsx", b"question,text\n1,x\n", "not a readable .xlsx"),
        ("blank.csv", b"\n \n", "is empty"),
    ],
)
def test_unreadable_sheets_are_refused(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=message):
        spreadsheets.read_sheet(path)


def test_missing_sheet_is_named(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match=r"gone\.csv: no such file"):
        spreadsheets.read_sheet(tmp_path / "gone.csv")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("question,theem,text", "'theem'"),
        ("question,theme", "no 'text' column"),
        ("theme,text", "no 'question' column"),
        ("question,text,Text", "'text' twice"),
    ],
)
def test_sheet_columns_are_checked(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "points.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match=message):
        spreadsheets.check_point_columns(spreadsheets.read_sheet(path))


def test_columns_only_an_export_has_are_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [list(spreadsheets.EXPORT_COLUMNS)])
    spreadsheets.check_point_columns(spreadsheets.read_sheet(path))


# --- importing -----------------------------------------------------------------------------


def test_import_adds_points_after_existing_ones_with_themes_strengths_and_links(
    event_file: Workshop,
) -> None:
    table = table_id(event_file)
    existing = points.add_point(event_file, table, question_id(event_file, 2), "Already here")
    summary = spreadsheets.import_points(
        event_file,
        table,
        rows(
            ["3", "workforce", "Train locally", "", "i1;I2 ; I1", "Several people"],
            ["2", " Service   Integration ", "Parking", "I1", "", "CONSENSUS"],
            ["2", "", "Nurses", "i2", "", ""],
            ["1.0", "", "Nearer", "", "", "one"],
        ),
    )
    assert summary.points == 4 and summary.links == 2
    assert dict(summary.by_question) == {3: 1, 2: 2, 1: 1}
    issues = points.list_points(event_file, question_id=question_id(event_file, 2))
    assert [(p.text, p.position) for p in issues] == [
        ("Already here", 0),
        ("Parking", 1),
        ("Nurses", 2),
    ]
    assert issues[0].id == existing.id
    by_text = {p.text: p for p in points.list_points(event_file)}
    assert by_text["Parking"].strength is Strength.CONSENSUS
    assert by_text["Train locally"].strength is Strength.SEVERAL
    assert by_text["Nearer"].strength is Strength.ONE
    assert by_text["Nurses"].strength is None and by_text["Nurses"].theme_id is None
    assert by_text["Parking"].theme_id == event.find_theme(event_file, "Service Integration").id
    assert all(p.revision == 1 and p.table_id == table for p in by_text.values())
    links = {(link.mitigation_id, link.issue_id) for link in points.list_links(event_file)}
    mitigation = by_text["Train locally"].id
    assert links == {(mitigation, by_text["Parking"].id), (mitigation, by_text["Nurses"].id)}


def test_imported_text_is_trimmed_as_typed_text_is(event_file: Workshop) -> None:
    """Blank space around the point and at line ends goes; inner line breaks stay."""
    said = ["  One line  ", " First line  \r\n\r\n second  ", "x" * 20_000 + "\n"]
    spreadsheets.import_points(
        event_file, table_id(event_file), rows(*[["1", "", t] for t in said])
    )
    assert [p.text for p in points.list_points(event_file)] == [
        "One line",
        "First line\n\n second",
        "x" * 20_000,
    ]


def test_import_accepts_rows_given_in_code(event_file: Workshop) -> None:
    """The sample event imports its points from plain mappings."""
    given = spreadsheets.rows_from_mappings(
        [
            {"Question": 2, "Text": "Parking", "Ref": "P"},
            {"Question": 3, "Text": "Car park", "Addresses": "P", "Theme": "Infrastructure"},
        ]
    )
    assert [row.line for row in given] == [2, 3]
    summary = spreadsheets.import_points(event_file, table_id(event_file, 4), given)
    assert (summary.points, summary.links) == (2, 1)
    counts = points.count_points(event_file)
    assert counts.by_table[table_id(event_file, 4)] == 2


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([["1", "", "ok"], ["9", "", "x"]], "line 3: there is no question 9 in this event"),
        ([["1", "", "ok"], ["one", "", "x"]], "line 3: the question 'one' is not a number"),
        ([["1.5", "", "x"]], "line 2: the question '1.5' is not a number"),
        ([["", "", "x"]], "line 2: the question number is missing"),
        ([["1", "Weather", "x"]], "line 2: there is no theme called 'Weather'.*Access"),
        ([["1", "", "ok"], ["2", "", ""]], "line 3: the point's text cannot be empty"),
        ([["1", "", " \t "]], "line 2: the point's text cannot be empty"),
        ([["1", "", " " + "x" * 20_001 + " "]], "line 2: the point's text can be at most 20,000"),
        ([["1", "", "x" * 20_001]], "line 2: the point's text can be at most 20,000"),
        ([["1", "", "x", "", "", "loud"]], "line 2: the strength 'loud' is not one of"),
        ([["1", "", "x", "", "Z9"]], "line 2: only a point under a mitigation question"),
        ([["3", "", "x", "", "Z9"]], "line 2: it addresses 'Z9', but no row has that ref"),
        ([["2", "", "a", "R"], ["2", "", "b", "r"]], "line 3: the ref 'r' is also used on line 2"),
        ([["1", "", "adv", "A"], ["3", "", "fix", "", "A"]], "line 3: .*not under an issue"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    event_file: Workshop, cells: list[list[str]], message: str
) -> None:
    points.add_point(event_file, table_id(event_file), question_id(event_file, 1), "Before")
    before = digest(event_file.path)
    with pytest.raises(ImportRowError, match=message) as caught:
        spreadsheets.import_points(event_file, table_id(event_file), rows(*cells), source="p.csv")
    assert str(caught.value).startswith("p.csv, line ")
    assert str(caught.value).endswith("Nothing was imported.")
    assert digest(event_file.path) == before
    assert [p.text for p in points.list_points(event_file)] == ["Before"]


def test_the_cycle_collector_runs_again_after_an_import_good_or_bad(
    event_file: Workshop, tmp_path: Path
) -> None:
    """Reading and importing hold Python's cycle collector off; it must always come back."""
    path = write_csv(tmp_path / "p.csv", [["question", "text"], ["1", "Fine"], ["9", "Bad"]])
    with pytest.raises(ImportRowError):
        spreadsheets.import_points_file(event_file, table_id(event_file), path)
    assert gc.isenabled()
    write_csv(path, [["question", "text"], ["1", "Fine"]])
    spreadsheets.import_points_file(event_file, table_id(event_file), path)
    assert gc.isenabled()
    spreadsheets.export_points(event_file, tmp_path / "out.xlsx")
    assert gc.isenabled()


def test_the_last_row_failing_still_imports_nothing(event_file: Workshop) -> None:
    good = [["1", "", f"Point {n}"] for n in range(50)]
    with pytest.raises(ImportRowError, match="line 52"):
        spreadsheets.import_points(event_file, table_id(event_file), rows(*good, ["7", "", "bad"]))
    assert points.count_points(event_file).total == 0


def test_addresses_may_name_existing_issue_points_by_id(event_file: Workshop) -> None:
    table = table_id(event_file)
    issue = points.add_point(event_file, table, question_id(event_file, 2), "Queues")
    advantage = points.add_point(event_file, table, question_id(event_file, 1), "Nearer")
    gone = points.add_point(event_file, table, question_id(event_file, 2), "Old issue")
    points.delete_point(event_file, gone.id)

    with pytest.raises(ImportRowError, match="not an issue"):
        spreadsheets.import_points(event_file, table, rows(["3", "", "x", "", advantage.id]))
    with pytest.raises(ImportRowError, match="no point has that id"):
        spreadsheets.import_points(event_file, table, rows(["3", "", "x", "", gone.id]))
    summary = spreadsheets.import_points(
        event_file, table, rows(["3", "", "More staff", "", issue.id])
    )
    assert summary.links == 1
    [link] = points.list_links(event_file)
    assert link.issue_id == issue.id


def test_import_into_a_table_not_in_the_event_is_refused(event_file: Workshop) -> None:
    with pytest.raises(InvalidValueError, match="table"):
        spreadsheets.import_points(event_file, "no-such-table", rows(["1", "", "x"]))


def test_import_points_file_reads_and_imports(event_file: Workshop, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Question", "Text", "Ref", "Addresses"],
            ["2", "Queues", "Q"],
            ["3", "More staff", "", "Q"],
        ],
    )
    summary = spreadsheets.import_points_file(event_file, table_id(event_file, 3), path)
    assert (summary.points, summary.links) == (2, 1)
    assert points.count_points(event_file).by_table == {table_id(event_file, 3): 2}
    with pytest.raises(ImportRowError, match=r"^p\.csv, line 2: there is no question 7"):
        write_csv(path, [["question", "text"], ["7", "x"]])
        spreadsheets.import_points_file(event_file, table_id(event_file, 3), path)


def test_a_whole_sheet_is_checked_for_columns(event_file: Workshop, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["question", "txt"], ["1", "x"]])
    with pytest.raises(SpreadsheetError, match="'txt'"):
        spreadsheets.import_points(event_file, table_id(event_file), spreadsheets.read_sheet(path))
    assert points.count_points(event_file).total == 0


# --- exporting -----------------------------------------------------------------------------


def _make_consolidated(workshop: Workshop, text: str, members: list[str]) -> str:
    question = points.get_point(workshop, members[0]).question_id
    with workshop.write() as session:
        merged = Point(table_id=None, question_id=question, text=text, position=0)
        session.add(merged)
        session.flush()
        for member in members:
            session.add(ConsolidationMember(consolidated_id=merged.id, member_id=member))
    return merged.id


def test_point_rows_show_each_live_point_once_with_refs_and_addressed_issues(
    event_file: Workshop,
) -> None:
    one, two = table_id(event_file, 1), table_id(event_file, 2)
    access = event.find_theme(event_file, "Access")
    issue_q, fix_q = question_id(event_file, 2), question_id(event_file, 3)
    points.add_point(event_file, one, question_id(event_file, 1), "Nearer", theme_id=access.id)
    parking_1 = points.add_point(event_file, one, issue_q, "Parking", strength=Strength.SEVERAL)
    parking_2 = points.add_point(event_file, two, issue_q, "No parking")
    deleted = points.add_point(event_file, two, issue_q, "Withdrawn")
    points.delete_point(event_file, deleted.id)
    fix = points.add_point(event_file, two, fix_q, "Car park")
    points.link_points(event_file, fix.id, parking_2.id)
    points.link_points(event_file, fix.id, deleted.id)
    merged = _make_consolidated(event_file, "Parking is poor", [parking_1.id, parking_2.id])

    exported = spreadsheets.point_rows(event_file)
    assert [(r["table"], r["question"], r["text"], r["ref"]) for r in exported] == [
        ("Table One", "1", "Nearer", "T1-Q1-1"),
        ("Table Two", "3", "Car park", "T2-Q3-1"),
        ("Table One; Table Two", "2", "Parking is poor", "E-Q2-1"),
    ]
    nearer, car_park, consolidated = exported
    assert nearer["theme"] == "Access" and nearer["strength"] == ""
    assert nearer["question text"].startswith("What are the advantages")
    # The link to a folded-in issue shows as a link to the consolidated point.
    assert car_park["addresses"] == "E-Q2-1"
    assert car_park["addresses text"] == "Parking is poor"
    assert consolidated["id"] == merged
    assert set(exported[0]) == set(spreadsheets.EXPORT_COLUMNS)


def test_export_points_writes_csv_excel_reads_as_utf8(event_file: Workshop, tmp_path: Path) -> None:
    points.add_point(
        event_file, table_id(event_file), question_id(event_file, 1), "Café, “quoted”\nline"
    )
    out = tmp_path / "exports" / "points.csv"
    out.parent.mkdir()
    assert spreadsheets.export_points(event_file, out) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["text"] == "Café, “quoted”\nline"
    assert [p.name for p in out.parent.iterdir()] == ["points.csv"]  # no temporary file left


def test_export_points_xlsx_keeps_text_as_text(event_file: Workshop, tmp_path: Path) -> None:
    table, question = table_id(event_file), question_id(event_file, 1)
    points.add_point(event_file, table, question, "=1+1 is not a sum")
    points.add_point(event_file, table, question, "bell\x07 removed")
    out = tmp_path / "points.xlsx"
    spreadsheets.export_points(event_file, out)
    sheet = openpyxl.load_workbook(out).active
    texts = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert texts == ["=1+1 is not a sum", "bell removed"]
    assert sheet["E2"].data_type == "s"


def test_export_points_xlsx_keeps_every_column_as_text(
    event_file: Workshop, tmp_path: Path
) -> None:
    """A formula-like value in any column (here the issue a mitigation addresses) stays text."""
    table = table_id(event_file)
    issue = points.add_point(event_file, table, question_id(event_file, 2), "=SUM(A1:A9)")
    fix = points.add_point(event_file, table, question_id(event_file, 3), "Two\n=lines")
    points.link_points(event_file, fix.id, issue.id)
    out = tmp_path / "points.xlsx"
    spreadsheets.export_points(event_file, out)
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [(r["text"].value, r["addresses text"].value) for r in rows] == [
        ("=SUM(A1:A9)", None),
        ("Two\n=lines", "=SUM(A1:A9)"),
    ]
    assert {r["text"].data_type for r in rows} == {"s"}
    assert rows[1]["addresses text"].data_type == "s"


def test_writing_fails_cleanly_and_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "points.csv"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match=r"\.csv or \.xlsx"):
        spreadsheets.write_sheet(tmp_path / "points.ods", ["a"], [])
    with pytest.raises(SpreadsheetError, match="does not exist"):
        spreadsheets.write_sheet(tmp_path / "nowhere" / "points.csv", ["a"], [])

    class Boom(Exception):
        pass

    def exploding():  # type: ignore[no-untyped-def]
        yield {"a": "1"}
        raise Boom

    with pytest.raises(Boom):
        spreadsheets.write_sheet(out, ["a"], exploding())
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["points.csv"]


# --- a pasted seating plan -----------------------------------------------------------------


def test_pasted_plan_with_a_header_in_any_order() -> None:
    text = "Role\tName\tOrganization\r\nscribe\tAnn Lee\tNHS Trust\r\n\r\n\tBob  Roy\t\r\n"
    assert spreadsheets.parse_participant_rows(text) == [
        event.ParticipantSpec("Ann Lee", "NHS Trust", Role.SCRIBE),
        event.ParticipantSpec("Bob Roy", "", Role.PARTICIPANT),
    ]


def test_pasted_plan_without_a_header_is_name_organisation_role() -> None:
    text = "Ann Lee\tNHS Trust\tFacilitator\nBob Roy\nCat Day\tCouncil\n"
    assert spreadsheets.parse_participant_rows(text) == [
        event.ParticipantSpec("Ann Lee", "NHS Trust", Role.FACILITATOR),
        event.ParticipantSpec("Bob Roy", "", Role.PARTICIPANT),
        event.ParticipantSpec("Cat Day", "Council", Role.PARTICIPANT),
    ]
    assert spreadsheets.parse_participant_rows("  \n\n") == []


def test_pasted_plan_errors_name_the_line() -> None:
    with pytest.raises(InvalidValueError, match="Line 3: the role 'chair' is not one of"):
        spreadsheets.parse_participant_rows("Name\tRole\nAnn\tscribe\nBob\tchair\n")
    with pytest.raises(InvalidValueError, match="Line 2 has no name"):
        spreadsheets.parse_participant_rows("Ann\tNHS\n\tCouncil\tscribe\n")


def test_pasted_plan_can_replace_a_tables_participants(event_file: Workshop) -> None:
    people = spreadsheets.parse_participant_rows("Ann\tNHS\tscribe\nBob\tCouncil\n")
    table = table_id(event_file, 2)
    event.replace_participants(event_file, table, people)
    stored = event.list_participants(event_file, table)
    assert [(p.name, p.organisation, p.role, p.position) for p in stored] == [
        ("Ann", "NHS", Role.SCRIBE, 0),
        ("Bob", "Council", Role.PARTICIPANT, 1),
    ]
