"""The file commands as a facilitator's script runs them: in-process (``main(argv)``), and the
issue's script and a damaged-file check once more as a real subprocess."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from cli_runner import run, run_process

from facilitator_app.core import event, points, store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clear_failure(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit non-zero with one line on stderr naming the problem, and no traceback."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("facilitator-app: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    """An event with three tables, made in-process (the ``new`` command has its own tests)."""
    path = tmp_path / "event.workshop"
    spec = event.EventSpec.with_numbered_tables("Care closer to home", 3)
    event.create_event_file(path, spec).close()
    return path


@pytest.fixture
def points_csv(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "points.csv",
        [
            ["question", "theme", "text", "ref", "addresses", "strength"],
            ["1", "Access", "Care closer to home", "", "", "consensus"],
            ["2", "", "Parking is poor", "I1", "", ""],
            ["2", "Workforce", "Too few nurses", "I2", "", "several"],
            ["3", "Infrastructure", "A multi-storey car park", "", "I1", ""],
            ["3", "Workforce", "Train local people", "", "I1; I2", "one"],
        ],
    )


def info(path: Path) -> dict:
    result = run("info", path, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def table_counts(path: Path) -> dict[str, int]:
    """Live points per table, read in-process (cheaper than another subprocess)."""
    with store.open_workshop(path, read_only=True) as workshop:
        counts = points.count_points(workshop)
        return {t.name: counts.by_table.get(t.id, 0) for t in event.list_tables(workshop)}


# --- new -----------------------------------------------------------------------------------


def test_new_with_quick_options(tmp_path: Path) -> None:
    path = tmp_path / "quick.workshop"
    result = run(
        "new", path, "--title", "Options day", "--tables", "2", "--date", "2026-03-14",
        "--venue", "Town Hall",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Created" in result.stdout and "2 tables" in result.stdout
    with store.open_workshop(path, read_only=True) as workshop:
        assert event.get_event(workshop).title == "Options day"
        assert event.get_event(workshop).date == "2026-03-14"
        assert event.get_event(workshop).venue == "Town Hall"
        assert [t.name for t in event.list_tables(workshop)] == ["Table One", "Table Two"]
        assert len(event.list_questions(workshop)) == 3


def test_new_from_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "title": "Stroke services",
                "date": "2026-05-01",
                "questions": [
                    {"text": "What works?", "kind": "advantage"},
                    {"text": "Risks?", "kind": "issue"},
                ],
                "themes": ["Access", "Cost"],
                "tables": [
                    {
                        "name": "Red",
                        "participants": [{"name": "Ann", "organisation": "NHS", "role": "scribe"}],
                    },
                    {"name": "Blue"},
                ],
            }
        ),
        encoding="utf-8",
    )
    path = tmp_path / "spec.workshop"
    result = run("new", path, "--spec", spec)
    assert result.returncode == 0, result.stderr
    data = info(path)
    assert data["event"]["title"] == "Stroke services"
    assert [t["name"] for t in data["tables"]] == ["Red", "Blue"]
    assert data["tables"][0]["participants"] == [
        {"name": "Ann", "organisation": "NHS", "role": "scribe"}
    ]
    assert [(q["number"], q["kind"]) for q in data["questions"]] == [(1, "advantage"), (2, "issue")]
    assert [t["name"] for t in data["themes"]] == ["Access", "Cost"]


def test_new_options_override_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text('{"title": "Draft title", "tables": ["Red"]}', encoding="utf-8")
    path = tmp_path / "event.workshop"
    assert run("new", path, "--spec", spec, "--title", "Final", "--tables", "2").returncode == 0
    with store.open_workshop(path, read_only=True) as workshop:
        assert event.get_event(workshop).title == "Final"
        assert [t.name for t in event.list_tables(workshop)] == ["Table One", "Table Two"]


def test_new_refuses_to_overwrite_unless_forced(event_path: Path) -> None:
    before = digest(event_path)
    result = run("new", event_path, "--title", "Other")
    assert_clear_failure(result, "already exists")
    assert digest(event_path) == before
    forced = run("new", event_path, "--title", "Other", "--force")
    assert forced.returncode == 0, forced.stderr
    with store.open_workshop(event_path, read_only=True) as workshop:
        assert event.get_event(workshop).title == "Other"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ('{\n  "title": "x",\n  "tables": [\n}', ("spec.json, line 4, column 1", "not valid JSON")),
        ('{"title": ""}', ("spec.json", '"title" is required')),
        ('{"title": "x", "questions": [{"text": "Q", "kind": "wish"}]}', ("kind", "wish")),
        ('["title"]', ("JSON object",)),
    ],
)
def test_new_with_a_bad_spec_says_what_is_wrong(
    tmp_path: Path, content: str, fragments: tuple[str, ...]
) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(content, encoding="utf-8")
    target = tmp_path / "event.workshop"
    assert_clear_failure(run("new", target, "--spec", spec), *fragments)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [spec]  # no half-made file left behind


def test_new_with_a_missing_spec_or_no_title(tmp_path: Path) -> None:
    assert_clear_failure(
        run("new", tmp_path / "e.workshop", "--spec", tmp_path / "nope.json"), "nope.json"
    )
    assert_clear_failure(run("new", tmp_path / "e.workshop"), "--title")
    assert_clear_failure(
        run("new", tmp_path / "e.workshop", "--title", "x", "--date", "soon"), "YYYY-MM-DD"
    )
    assert not (tmp_path / "e.workshop").exists()


# --- import --------------------------------------------------------------------------------


def test_import_adds_points_and_links_to_the_named_table(
    event_path: Path, points_csv: Path
) -> None:
    result = run("import", event_path, "--table", "table two", points_csv)  # case ignored
    assert result.returncode == 0, result.stderr
    assert (
        "5 points" in result.stdout and "3 links" in result.stdout and "Table Two" in result.stdout
    )
    with store.open_workshop(event_path, read_only=True) as workshop:
        table = event.find_table(workshop, "Table Two")
        imported = points.list_points(workshop, table_id=table.id)
        assert [p.text for p in imported] == [
            "Care closer to home",
            "Parking is poor",
            "Too few nurses",
            "A multi-storey car park",
            "Train local people",
        ]
        by_text = {p.text: p for p in imported}
        links = {
            (m, i)
            for m, i in (
                (link.mitigation_id, link.issue_id) for link in points.list_links(workshop)
            )
        }
        assert links == {
            (by_text["A multi-storey car park"].id, by_text["Parking is poor"].id),
            (by_text["Train local people"].id, by_text["Parking is poor"].id),
            (by_text["Train local people"].id, by_text["Too few nurses"].id),
        }
        assert by_text["Care closer to home"].strength.value == "consensus"
        assert by_text["Parking is poor"].theme_id is None


def test_import_tolerates_what_excel_writes(event_path: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "excel.csv"
    content = (
        '\ufeff Question ;THEME;Text\r\n\r\n1.0;access;Café nearby\r\n;;\r\n2;;"Two\r\nlines"\r\n'
    )
    sheet.write_bytes(content.encode())
    result = run("import", event_path, "--table", "Table One", sheet)
    assert result.returncode == 0, result.stderr
    with store.open_workshop(event_path, read_only=True) as workshop:
        texts = [p.text for p in points.list_points(workshop)]
    assert texts == ["Café nearby", "Two\nlines"]


def test_import_from_xlsx_with_number_cells(event_path: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Question", "Theme", "Text", "Strength"])
    sheet.append([1.0, "Access", "Closer to home", "Consensus"])
    sheet.append([None, None, None, None])
    sheet.append([2, None, "=not a formula", None])
    path = tmp_path / "points.xlsx"
    workbook.save(path)
    # openpyxl saved "=not a formula" as a formula; a person's sheet would hold text, so fix it.
    workbook = openpyxl.load_workbook(path)
    workbook.active["C4"].data_type = "s"
    workbook.save(path)
    result = run("import", event_path, "--table", "Table Three", path)
    assert result.returncode == 0, result.stderr
    assert table_counts(event_path) == {"Table One": 0, "Table Two": 0, "Table Three": 2}
    with store.open_workshop(event_path, read_only=True) as workshop:
        imported = points.list_points(workshop)
        assert [p.text for p in imported] == ["Closer to home", "=not a formula"]
        assert imported[0].strength is not None and imported[0].strength.value == "consensus"


@pytest.mark.parametrize(
    ("rows", "fragments"),
    [
        ([["1", "", "ok"], ["9", "", "no such question"]], ("line 3", "no question 9")),
        ([["1", "Weather", "x"]], ("line 2", "no theme called 'Weather'", "Access")),
        ([["3", "", "x", "", "Z9"]], ("line 2", "'Z9'")),
        ([["1", "", "adv", "A"], ["3", "", "fix", "", "A"]], ("line 3", "not under an issue")),
    ],
)
def test_import_bad_row_names_its_line_and_imports_nothing(  # more cases: test_spreadsheets
    event_path: Path, tmp_path: Path, rows: list[list[str]], fragments: tuple[str, ...]
) -> None:
    sheet = write_csv(
        tmp_path / "bad.csv", [["question", "theme", "text", "ref", "addresses", "strength"], *rows]
    )
    before = digest(event_path)
    result = run("import", event_path, "--table", "Table One", sheet)
    assert_clear_failure(result, "bad.csv", "Nothing was imported", *fragments)
    assert digest(event_path) == before


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("cols.csv", b"question,theem,text\n1,Access,x\n", "'theem'"),
        ("notes.txt", b"question,text\n1,x\n", ".csv or .xlsx"),
        ("fake.xlsx", b"question,text\n1,x\n", "not a readable .xlsx"),
    ],
)
def test_import_unreadable_sheet_is_refused(
    event_path: Path, tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    sheet = tmp_path / name
    sheet.write_bytes(content)
    before = digest(event_path)
    assert_clear_failure(run("import", event_path, "--table", "Table One", sheet), fragment)
    assert digest(event_path) == before


def test_import_unknown_table_lists_the_tables(event_path: Path, points_csv: Path) -> None:
    before = digest(event_path)
    result = run("import", event_path, "--table", "Table Nine", points_csv)
    assert_clear_failure(result, "'Table Nine'", "Table One, Table Two, Table Three")
    assert digest(event_path) == before


def test_import_missing_sheet(event_path: Path, tmp_path: Path) -> None:
    before = digest(event_path)
    assert_clear_failure(
        run("import", event_path, "--table", "Table One", tmp_path / "gone.csv"), "gone.csv"
    )
    assert digest(event_path) == before


def test_import_can_address_existing_issue_points_by_id(event_path: Path, tmp_path: Path) -> None:
    with store.open_workshop(event_path) as workshop:
        table = event.list_tables(workshop)[0]
        issue_question = event.question_by_number(workshop, 2)
        issue = points.add_point(workshop, table.id, issue_question.id, "Long waits")
    sheet = write_csv(
        tmp_path / "fix.csv", [["question", "text", "addresses"], ["3", "More clinics", issue.id]]
    )
    result = run("import", event_path, "--table", "Table One", sheet)
    assert result.returncode == 0, result.stderr
    with store.open_workshop(event_path, read_only=True) as workshop:
        [link] = points.list_links(workshop)
        assert link.issue_id == issue.id


# --- info ----------------------------------------------------------------------------------


def test_info_text_and_json(event_path: Path, points_csv: Path) -> None:
    assert run("import", event_path, "--table", "Table One", points_csv).returncode == 0
    before = digest(event_path)
    text = run("info", event_path)
    assert text.returncode == 0, text.stderr
    assert "Care closer to home" in text.stdout
    assert re.search(r"Table One +5 points", text.stdout)
    assert re.search(r"Table Two +0 points", text.stdout)
    assert "(no theme)" in text.stdout
    data = info(event_path)
    assert data["event"]["title"] == "Care closer to home"
    assert {"id", "date", "venue"} <= set(data["event"])
    assert data["points"] == 5
    assert [(t["name"], t["points"]) for t in data["tables"]] == [
        ("Table One", 5), ("Table Two", 0), ("Table Three", 0)
    ]  # fmt: skip
    assert [q["points"] for q in data["questions"]] == [1, 2, 2]
    themes = {t["name"]: t["points"] for t in data["themes"]}
    assert themes["Workforce"] == 2 and themes["Access"] == 1 and themes["Infrastructure"] == 1
    assert data["unthemed_points"] == 1
    assert digest(event_path) == before  # info only reads


# --- check ---------------------------------------------------------------------------------


def test_check_sound_file(event_path: Path) -> None:
    result = run("check", event_path)
    assert result.returncode == 0, result.stderr
    assert "sound" in result.stdout


def test_check_damaged_file_exits_1(event_path: Path, tmp_path: Path) -> None:
    data = event_path.read_bytes()
    cut = tmp_path / "cut.workshop"
    cut.write_bytes(data[: len(data) // 2])
    result = run_process("check", cut)
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr


# --- export-points -------------------------------------------------------------------------


def test_export_points_csv(event_path: Path, points_csv: Path, tmp_path: Path) -> None:
    assert run("import", event_path, "--table", "Table Two", points_csv).returncode == 0
    out = tmp_path / "out.csv"
    result = run("export-points", event_path, "-o", out)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5
    assert {row["table"] for row in rows} == {"Table Two"}
    train = next(row for row in rows if row["text"] == "Train local people")
    assert train["question"] == "3" and train["theme"] == "Workforce" and train["strength"] == "one"
    assert train["addresses text"].splitlines() == ["Parking is poor", "Too few nurses"]
    refs = {row["ref"]: row["text"] for row in rows}
    assert [refs[ref.strip()] for ref in train["addresses"].split(";")] == [
        "Parking is poor", "Too few nurses"
    ]  # fmt: skip
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_export_points_xlsx_can_be_imported_again(
    event_path: Path, points_csv: Path, tmp_path: Path
) -> None:
    assert run("import", event_path, "--table", "Table One", points_csv).returncode == 0
    out = tmp_path / "out.xlsx"
    assert run("export-points", event_path, "-o", out).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["table", "question", "question text", "theme", "text"]
    assert sheet.max_row == 6
    again = run("import", event_path, "--table", "Table Three", out)
    assert again.returncode == 0, again.stderr
    assert table_counts(event_path) == {"Table One": 5, "Table Two": 0, "Table Three": 5}
    with store.open_workshop(event_path, read_only=True) as workshop:
        assert len(points.list_links(workshop)) == 6


def test_export_refuses_other_formats_and_missing_file(event_path: Path, tmp_path: Path) -> None:
    assert_clear_failure(
        run("export-points", event_path, "-o", tmp_path / "out.txt"), ".csv or .xlsx"
    )
    assert_clear_failure(
        run("export-points", tmp_path / "gone.workshop", "-o", tmp_path / "o.csv"), "gone.workshop"
    )
    assert not (tmp_path / "o.csv").exists()


# --- files that are not sound --------------------------------------------------------------


def _not_a_workshop(tmp_path: Path) -> Path:
    path = tmp_path / "notes.workshop"
    path.write_text("question,text\n1,hello\n", encoding="utf-8")
    return path


def _damaged(tmp_path: Path, event_path: Path) -> Path:
    path = tmp_path / "damaged.workshop"
    data = event_path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("command", ["info", "import", "export-points", "check"])
@pytest.mark.parametrize(
    ("kind", "fragment"),
    [("missing", "no such file"), ("not-workshop", "not a workshop file"), ("damaged", "damaged")],
)
def test_bad_files_get_one_clear_line_and_stay_untouched(
    event_path: Path, points_csv: Path, tmp_path: Path, command: str, kind: str, fragment: str
) -> None:
    if kind == "missing":
        target = tmp_path / "missing.workshop"
    elif kind == "not-workshop":
        target = _not_a_workshop(tmp_path)
    else:
        target = _damaged(tmp_path, event_path)
    before = digest(target) if target.exists() else None
    arguments: dict[str, list[str | Path]] = {
        "info": ["info", target],
        "import": ["import", target, "--table", "Table One", points_csv],
        "export-points": ["export-points", target, "-o", tmp_path / "out.csv"],
        "check": ["check", target],
    }
    assert_clear_failure(run(*arguments[command]), target.name, fragment)
    assert (digest(target) if target.exists() else None) == before
    assert not (tmp_path / "out.csv").exists()


# --- the issue's "Done when" script ---------------------------------------------------------


def test_script_creates_event_copies_it_for_two_tables_imports_and_counts(tmp_path: Path) -> None:
    event_file = tmp_path / "event.workshop"
    assert run_process("new", event_file, "--title", "Options day", "--tables", "2").returncode == 0
    red = write_csv(
        tmp_path / "one.csv",
        [
            ["question", "theme", "text"],
            ["1", "Access", "Nearer"],
            ["2", "", "Parking"],
            ["2", "", "Cost"],
        ],
        bom=True,
    )
    blue = write_csv(tmp_path / "two.csv", [["question", "text"], ["3", "Shuttle bus"]])
    table_one = tmp_path / "table-one.workshop"
    table_two = tmp_path / "table-two.workshop"
    shutil.copyfile(event_file, table_one)
    shutil.copyfile(event_file, table_two)
    assert run_process("import", table_one, "--table", "Table One", red).returncode == 0
    assert run_process("import", table_two, "--table", "Table Two", blue).returncode == 0
    one, two = info(table_one), info(table_two)
    assert one["event"]["id"] == two["event"]["id"] == info(event_file)["event"]["id"]
    assert {t["name"]: t["points"] for t in one["tables"]} == {"Table One": 3, "Table Two": 0}
    assert {t["name"]: t["points"] for t in two["tables"]} == {"Table One": 0, "Table Two": 1}
    assert one["points"] == 3 and two["points"] == 1
    assert info(event_file)["points"] == 0
    for path in (event_file, table_one, table_two):
        assert run("check", path).returncode == 0
