"""File names built from names people typed stay inside the chosen folder on every system."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.core.file_names import hand_in_file_name, safe_stem


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("Table Two", "event - Table Two.workshop"),
        ("x/../../PWNED", "event - x .. .. PWNED.workshop"),
        ("a/b", "event - a b.workshop"),
        ("a\\b:c*d?e", "event - a b c d e.workshop"),
        ('<"|>', "event -.workshop"),
        (None, "event copy.workshop"),
    ],
)
def test_hand_in_names_never_leave_the_chosen_folder(table: str | None, expected: str) -> None:
    name = hand_in_file_name("event", table)

    assert name == expected
    folder = Path("/stick")
    assert (folder / name).parent == folder


@pytest.mark.parametrize("reserved", ["CON", "nul", "Com1", "LPT9.txt", "aux"])
def test_names_windows_reserves_for_devices_are_avoided(reserved: str) -> None:
    assert safe_stem(reserved, "x").lower() != reserved.lower()
    assert safe_stem(reserved, "x").startswith(reserved)


def test_an_empty_or_dotted_name_falls_back() -> None:
    assert safe_stem(" .. ", "table file") == "table file"
    assert safe_stem("x" * 300, "f") == "x" * 80
