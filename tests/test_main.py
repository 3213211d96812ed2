"""The one entry point sends each command line to the window or to the command line."""

from __future__ import annotations

import pytest

from facilitator_app.__main__ import _wants_window


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["Event.workshop"],
        ["Event.workshop", "--table", "Table Two"],
        ["--new-instance"],
        ["--table", "Table Two", "Event.workshop"],
        ["--table=Table Two"],
        ["some file without the extension"],
    ],
)
def test_these_open_the_window(arguments: list[str]) -> None:
    assert _wants_window(arguments)


@pytest.mark.parametrize(
    "arguments",
    [["info", "Event.workshop"], ["merge", "-o", "Event.workshop"], ["--version"], ["--help"]],
)
def test_these_run_the_command_line(arguments: list[str]) -> None:
    assert not _wants_window(arguments)
