"""Counts read as English: "1 point", "3 points", "0 points"."""

from __future__ import annotations

import pytest

from facilitator_app.core.wording import counted


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 points"), (1, "1 point"), (3, "3 points"), (12_500, "12,500 points")],
)
def test_counted_picks_the_form_for_the_number(count: int, expected: str) -> None:
    assert counted(count, "%1 point", "%1 points") == expected
