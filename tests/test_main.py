"""The one entry point sends each command line to the window or to the command line."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from loaded_modules import modules_loaded

from facilitator_app import __version__
from facilitator_app.__main__ import _wants_window, main
from facilitator_app.cli import COMMANDS, build_parser


@pytest.fixture
def event_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "Event.workshop"
    path.write_bytes(b"")  # only its existence matters to the decision
    return path


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["Event.workshop"],
        ["Event.workshop", "--table", "Table Two"],
        ["--new-instance"],
        ["--table", "Table Two", "Event.workshop"],
        ["--table=Table Two"],
    ],
)
def test_these_open_the_window(arguments: list[str], event_path: Path) -> None:
    assert _wants_window(arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        ["info", "Event.workshop"],
        ["merge", "-o", "Event.workshop"],
        ["--version"],
        ["--help"],
        ["frobnicate", "Event.workshop"],
        ["missing.workshop"],
        ["some file without the extension"],
    ],
)
def test_these_run_the_command_line(arguments: list[str], event_path: Path) -> None:
    assert not _wants_window(arguments)


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["frobnicate", "Event.workshop"], "unknown command 'frobnicate': the commands are "),
        (["missing.workshop"], "unknown command 'missing.workshop': there is no file"),
    ],
)
def test_an_unknown_command_or_missing_file_exits_2_without_a_window(
    arguments: list[str], said: str, event_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2
    assert said in capsys.readouterr().err


def test_unknown_command_from_a_real_process_exits_2(tmp_path: Path) -> None:
    """Before, this opened the window and hung: the timeout would fail the test."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator_app", "consolidat", str(tmp_path / "x.workshop")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unknown command 'consolidat'" in result.stderr


def test_version_prints_the_program_and_its_version(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["--version"])
    except SystemExit as exit_:  # how argparse ends
        code = exit_.code
    assert code == 0
    assert capsys.readouterr().out == f"facilitator-app {__version__}\n"


def test_help_lists_every_command_with_the_line_its_own_parser_gives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--help`` is built without the commands' modules; it must read exactly as the parser
    with every command registered does (same commands, order and one-line descriptions)."""
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    printed = capsys.readouterr().out
    assert printed == build_parser().format_help()
    for command in ("new", "import", "info", "export-points", "merge", "export", "join"):
        assert f"\n    {command} " in printed or f"\n    {command}\n" in printed


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_is_built_by_the_module_the_table_names(command: str) -> None:
    """Parsing a command imports only the module :data:`COMMANDS` names; it must define it."""
    subparsers = next(
        action
        for action in build_parser([command])._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    assert callable(subparsers.choices[command].get_default("handler"))


def test_a_file_to_open_loads_the_core_before_the_window_and_qt(
    event_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PySide6 reads the source of every module imported after it, so the entry point imports
    the core (and SQLAlchemy) first when a file is to be opened at once."""
    import types

    import facilitator_app.__main__ as entry

    calls: list[str] = []
    window_module = types.ModuleType("facilitator_app.ui.shell.app")
    window_module.run_app = lambda arguments: calls.append("window") or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "facilitator_app.ui.shell.app", window_module)
    monkeypatch.setattr(entry, "load_core_before_qt", lambda: calls.append("core"))
    assert main(["--table", "Table Two", "Event.workshop"]) == 0
    assert calls == ["core", "window"]
    calls.clear()
    assert main(["--new-instance"]) == 0  # no file: the start page needs no core
    assert calls == ["window"]


def test_the_core_loaded_before_qt_brings_no_qt() -> None:
    loaded = modules_loaded(
        "from facilitator_app.__main__ import load_core_before_qt; load_core_before_qt()",
        ("sqlalchemy", "PySide6"),
    )
    assert "sqlalchemy" in loaded
    assert not [m for m in loaded if m.startswith("PySide6")]
