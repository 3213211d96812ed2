"""Dates typed as people type them."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.core.dates import format_date, parse_date
from facilitator_app.core.errors import InvalidValueError

MAY_12 = dt.date(2026, 5, 12)


@pytest.mark.parametrize(
    "typed",
    [
        "12 May 2026",
        "12 may 2026",
        "12th May 2026",
        "Tuesday 12 May 2026",
        "Tue, 12 May 2026",
        "May 12, 2026",
        "12 May 26",
        "12/05/2026",
        "12/5/2026",
        "12.05.2026",
        "12-05-2026",
        "12/05/26",
        "2026-05-12",
        "  12 May 2026  ",
    ],
)
def test_typed_dates_are_read(typed: str) -> None:
    assert parse_date(typed) == MAY_12


def test_month_first_only_when_day_first_makes_no_date() -> None:
    assert parse_date("05/12/2026") == dt.date(2026, 12, 5)  # day first
    assert parse_date("05/13/2026") == dt.date(2026, 5, 13)  # only month first works


def test_empty_means_no_date_and_nonsense_is_explained() -> None:
    assert parse_date("") is None
    for typed in ("31/02/2026", "next Tuesday", "12 Maybe 2026", "2026"):
        with pytest.raises(InvalidValueError, match="is not a date"):
            parse_date(typed)


def test_dates_are_shown_in_words() -> None:
    assert format_date(MAY_12) == "12 May 2026"


def test_any_weekday_name_is_ignored() -> None:
    assert parse_date("Wednesday 13 May 2026") == dt.date(2026, 5, 13)
