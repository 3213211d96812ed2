"""``duplicates`` and ``consolidate``: consolidation without the window, and a report whose
counts agree afterwards. Called in-process through ``main(argv)``."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import docx
import pytest

from facilitator_app.__main__ import main
from facilitator_app.core import event, points
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.model import QuestionKind
from facilitator_app.core.store import open_workshop

SAME = "Ability to deliver care closer to home"


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    """Three tables typed the same advantage four times (twice at Table One), and Table One
    typed another point twice, which no other table made."""
    path = tmp_path / "event.workshop"
    with create_event_file(path, EventSpec.with_numbered_tables("Care", 3)) as workshop:
        tables = [t.id for t in event.list_tables(workshop)]
        questions = {q.kind: q.id for q in event.list_questions(workshop)}
        advantage, issue = questions[QuestionKind.ADVANTAGE], questions[QuestionKind.ISSUE]
        points.add_point(workshop, tables[0], advantage, SAME)
        points.add_point(workshop, tables[0], advantage, "Fewer trips to the city")
        points.add_point(workshop, tables[0], advantage, SAME + ".")
        points.add_point(workshop, tables[0], advantage, "fewer trips to the city!")
        points.add_point(workshop, tables[1], advantage, "ability to deliver care closer to home")
        points.add_point(workshop, tables[2], advantage, "Ability to deliver care close to home")
        points.add_point(workshop, tables[1], issue, "Parking is scarce on market days")
        points.add_point(workshop, tables[2], issue, "Parking is scarce on busy market days")
    return path


def run(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str, str]:
    code = main([str(a) for a in arguments])
    out, err = capsys.readouterr()
    return code, out, err


def report_texts(capsys: pytest.CaptureFixture[str], path: Path, target: Path) -> list[str]:
    code, _, err = run(capsys, "export", path, "-o", target)
    assert code == 0, err
    document = docx.Document(str(target))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


def test_duplicates_lists_groups_with_ids_and_scores(
    event_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "duplicates", event_path, "--json")
    assert code == 0
    groups = json.loads(out)
    parking = next(g for g in groups if "Parking" in g["suggested_text"])
    assert 72 <= parking["score"] <= 100 and not parking["exact"]
    assert sorted(p["tables"][0] for p in parking["points"]) == ["Table Three", "Table Two"]
    # Identical wording at one table too: the suggester never pairs those.
    exact = next(g for g in groups if g["exact"])
    assert [(p["tables"], p["text"]) for p in exact["points"]] == [
        (["Table One"], "Fewer trips to the city"), (["Table One"], "fewer trips to the city!"),
    ]  # fmt: skip
    code, out, _ = run(capsys, "duplicates", event_path)
    assert f"{parking['id']}  question 2, score {parking['score']}" in out
    assert "    Table Two: Parking is scarce on market days" in out


def test_consolidate_all_exact_and_the_report_counts_agree(
    event_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = report_texts(capsys, event_path, tmp_path / "before.docx")
    assert {SAME, SAME + ".", "Fewer trips to the city", "fewer trips to the city!"} <= set(before)
    code, out, err = run(capsys, "consolidate", event_path, "--all-exact")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        f"Consolidated 3 points into \u201c{SAME}\u201d (raised at 2 tables;"
    )
    assert lines[1].startswith("Consolidated 2 points into \u201cFewer trips to the city\u201d")
    assert lines[2] == "2 groups (5 points) consolidated."
    texts = report_texts(capsys, event_path, tmp_path / "after.docx")
    assert f"{SAME} (raised at 2\u00a0tables)" in texts
    assert SAME not in texts and SAME + "." not in texts
    assert "Fewer trips to the city" in texts and "fewer trips to the city!" not in texts
    # Eight points typed, five distinct after consolidation: every count agrees.
    assert (
        "In total, eight points were recorded at three tables. Where tables made the same "
        "point, the points have been combined, leaving five distinct points." in texts
    )
    totals = [texts[i + 1] for i, t in enumerate(texts) if t == "Total"]
    assert totals == ["5", "8"]  # by question (no themes given), then by table
    table_counts = dict(itertools.pairwise(texts))
    assert table_counts["Table One"] == "4"  # what Table One recorded, its repeats included


def test_consolidate_a_group_with_wording_then_undo(
    event_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "duplicates", event_path, "--json")
    parking = next(g for g in json.loads(out) if "Parking" in g["suggested_text"])
    code, out, err = run(
        capsys, "consolidate", event_path, "--group", parking["id"][:6], "--text", "Parking"
    )
    assert code == 0, err
    assert out.startswith("Consolidated 2 points into \u201cParking\u201d (raised at 2 tables;")
    consolidated_id = out.split("id ")[1][:8]
    with open_workshop(event_path, read_only=True) as workshop:
        texts = [p.text for p in points.list_points(workshop)]
    assert "Parking" in texts
    # The group is gone from the list.
    _, out, _ = run(capsys, "duplicates", event_path, "--json")
    assert not any("Parking" in g["suggested_text"] for g in json.loads(out))

    code, out, err = run(capsys, "consolidate", event_path, "--undo", consolidated_id)
    assert code == 0, err
    assert out == "Undid the consolidation \u201cParking\u201d: its 2 points show again.\n"
    _, out, _ = run(capsys, "duplicates", event_path, "--json")
    assert any("Parking" in g["suggested_text"] for g in json.loads(out))


@pytest.mark.parametrize(
    ("arguments", "code", "said"),
    [
        (["--group", "ffffffff"], 1, "no suggested group with the id 'ffffffff'"),
        (["--undo", "ffffffff"], 1, "no consolidated point with an id starting 'ffffffff'"),
        (["--group", "a", "b", "--text", "x"], 1, "give it with one --group"),
        ([], 2, "one of the arguments --group --all-exact --undo is required"),
        (["--all-exact", "--undo", "x"], 2, "not allowed with argument"),
    ],
)
def test_mistakes_are_clear_and_change_nothing(
    event_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    code: int,
    said: str,
) -> None:
    before = event_path.read_bytes()
    try:
        result = run(capsys, "consolidate", event_path, *arguments)
        got, err = result[0], result[2]
    except SystemExit as exit_:  # argparse's usage errors
        got, err = int(exit_.code or 0), capsys.readouterr().err
    assert got == code
    assert said in err
    assert event_path.read_bytes() == before
