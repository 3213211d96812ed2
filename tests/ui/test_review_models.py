"""The review's table and filter models: right rows through filter changes and reloads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.modeltest import ModelTester

from facilitator_app.core.records import PointInfo
from facilitator_app.core.review import ReviewPoint
from facilitator_app.ui.review import models
from facilitator_app.ui.review.models import ReviewFilterModel, ReviewTableModel

NOW = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
TABLES = ["Oak", "Rosewood", "Elm"]
TEXTS = ["Parking at the Hub", "Evening clinics", "Shuttle bus to the hub", "Ça va: café"]
THEMES = ["Access", "", "Travel", "Access"]


def _rows(count: int) -> list[ReviewPoint]:
    rows = []
    for number in range(count):
        point = PointInfo(
            id=f"p{number}",
            table_id=f"t{number % 3}",
            question_id=f"q{number % 2}",
            theme_id=f"th-{THEMES[number % 4]}" if THEMES[number % 4] else None,
            text=f"{TEXTS[number % 4]} {number}",
            position=number,
            strength=None,
            created_at=NOW,
            updated_at=NOW,
            deleted_at=None,
            revision=1,
            source_file=f"{TABLES[number % 3]}.workshop",
        )
        rows.append(
            ReviewPoint(
                point=point,
                question_number=number % 2 + 1,
                question_text="Q",
                theme_name=THEMES[number % 4],
                table_names=(TABLES[number % 3],),
                member_count=0,
                open_conflicts=1 if number % 7 == 0 else 0,
            )
        )
    return rows


def _shown(proxy: ReviewFilterModel) -> list[str]:
    model = proxy.sourceModel()
    assert isinstance(model, ReviewTableModel)
    return [model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).point.id
            for r in range(proxy.rowCount())]  # fmt: skip


def test_filters_show_the_rows_a_reader_expects_through_changes_and_reloads(
    qtmodeltester: ModelTester, qapp: object
) -> None:
    model = ReviewTableModel()
    proxy = ReviewFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(_rows(40))
    qtmodeltester.check(proxy)

    proxy.set_filters(search="HUB")  # any case, in the text
    assert _shown(proxy) == [f"p{n}" for n in range(40) if n % 4 in (0, 2)]
    proxy.set_filters(search="hub rosewood")  # every word, in text, tables or file name
    assert _shown(proxy) == [f"p{n}" for n in range(40) if n % 4 in (0, 2) and n % 3 == 1]
    proxy.set_filters(search="café")
    assert _shown(proxy) == [f"p{n}" for n in range(40) if n % 4 == 3]
    proxy.set_filters(search="access", question_id="q0")  # a theme's name is searched too
    assert _shown(proxy) == [f"p{n}" for n in range(40) if n % 4 in (0, 3) and n % 2 == 0]
    proxy.set_filters(theme_id=ReviewFilterModel.NO_THEME, conflicts_only=True)
    assert _shown(proxy) == [f"p{n}" for n in range(40) if n % 4 == 1 and n % 7 == 0]

    # Rows reloaded under a search: the search applies to the new rows, not the old verdicts.
    proxy.set_filters(search="evening")
    model.set_rows(_rows(12))
    assert _shown(proxy) == ["p1", "p5", "p9"]
    proxy.set_filters()
    assert proxy.rowCount() == 12
    qtmodeltester.check(proxy)


def test_rows_are_made_searchable_only_when_first_searched(
    monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """A big review shows its rows without first case-folding every row's text, theme, tables
    and file name for a search nobody may type; the first search does it, and finds the
    rows changed since."""
    folded: list[str] = []
    real = models._haystack
    monkeypatch.setattr(models, "_haystack", lambda row: folded.append(row.point.id) or real(row))
    model = ReviewTableModel()
    proxy = ReviewFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(_rows(40))
    proxy.set_filters(question_id="q0")
    assert proxy.rowCount() == 20 and folded == []
    first = model.row_at(0)
    model.update_rows({"p0": first._replace(point=first.point._replace(text="Tram stop"))})
    assert folded == []

    proxy.set_filters(search="tram")
    assert _shown(proxy) == ["p0"]
    assert sorted(folded) == sorted(f"p{n}" for n in range(40))  # each row once


def test_a_filter_keeps_the_selection_and_changed_rows_land_in_order(
    qtmodeltester: ModelTester, qapp: object
) -> None:
    from PySide6.QtCore import QItemSelectionModel, Qt

    model = ReviewTableModel()
    proxy = ReviewFilterModel()
    proxy.setSourceModel(model)
    rows = [row._replace(order=(0, 0, n)) for n, row in enumerate(_rows(12))]
    model.set_rows(rows)
    selection = QItemSelectionModel(proxy)
    selection.select(
        proxy.index(5, 0),  # p5: "Evening clinics 5"
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    proxy.set_filters(search="evening")
    assert _shown(proxy) == ["p1", "p5", "p9"]
    assert [proxy.index(i.row(), 0).data() for i in selection.selectedRows()] == [
        "Evening clinics 5"
    ]
    proxy.set_filters()
    assert [i.row() for i in selection.selectedRows()] == [5]

    proxy.sort(ReviewTableModel.TEXT, Qt.SortOrder.DescendingOrder)
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert shown == sorted(shown, key=str.casefold, reverse=True)
    # a row changed, one added, one gone: each where the sort puts it, nothing else moved
    model.update_rows(
        {
            "p0": rows[0]._replace(point=rows[0].point._replace(text="Zebra crossing")),
            "p3": None,
            "p99": rows[1]._replace(point=rows[1].point._replace(id="p99", text="Bus"),
                                    order=(0, 0, 99)),
        }
    )  # fmt: skip
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert "[conflict] Zebra crossing" in shown and "Bus" in shown and len(shown) == 12
    assert "Ça va: café 3" not in shown
    assert shown == sorted(shown, key=str.casefold, reverse=True)
    qtmodeltester.check(proxy)
