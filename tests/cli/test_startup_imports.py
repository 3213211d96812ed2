"""Commands start at once: each imports only what it uses.

``--version``, ``--help``, ``info`` and ``check`` run in a fresh interpreter here and report
which heavy libraries got loaded; Qt, python-docx, openpyxl, numpy and rapidfuzz must not be.
``--version`` is answered by the entry point alone, and ``--help`` names every command without
importing the modules that define them; a command's own ``--help`` loads only its module.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator_app.cli import report_commands
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.report import Attribution
from facilitator_app.core.report.frame import AppendixNumbering
from facilitator_app.core.report.sections import SECTION_TITLES

HEAVY = ("PySide6", "shiboken6", "docx", "lxml", "openpyxl", "numpy", "rapidfuzz")

_PROBE = """
import contextlib, io, json, sys
from facilitator_app.__main__ import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit_:
        code = exit_.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def modules_loaded_by(*argv: str) -> tuple[object, set[str]]:
    """The exit code of ``facilitator-app ARGV`` in a fresh interpreter, and every module
    loaded by then (the interpreter's own start-up included)."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return report["code"], set(report["modules"])


def loaded_by(*argv: str) -> tuple[object, set[str]]:
    """The exit code, and the top-level packages loaded (``sqlalchemy`` for ``sqlalchemy.orm``)."""
    code, modules = modules_loaded_by(*argv)
    return code, {name.split(".")[0] for name in modules}


def _ours(modules: set[str]) -> set[str]:
    return {name for name in modules if name.startswith("facilitator_app")}


@pytest.fixture(scope="module")
def small_event(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "event.workshop"
    create_event_file(path, EventSpec.with_numbered_tables("Care closer to home", 2)).close()
    return path


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["merge", "--help"]])
def test_version_and_help_load_no_database_or_heavy_library(argv: list[str]) -> None:
    code, loaded = loaded_by(*argv)
    assert code == 0
    assert loaded.isdisjoint({*HEAVY, "sqlmodel", "sqlalchemy"}), loaded & {*HEAVY, "sqlmodel"}


def test_version_is_answered_by_the_entry_point_alone() -> None:
    """No argument parser, no command module, no core: the version is a constant."""
    code, modules = modules_loaded_by("--version")
    assert code == 0
    assert _ours(modules) == {"facilitator_app", "facilitator_app.__main__", "facilitator_app.cli"}
    assert "argparse" not in modules


def test_help_names_every_command_without_importing_any() -> None:
    code, modules = modules_loaded_by("--help")
    assert code == 0
    assert _ours(modules) == {"facilitator_app", "facilitator_app.__main__", "facilitator_app.cli"}


def test_a_commands_help_loads_only_the_module_that_defines_it() -> None:
    code, modules = modules_loaded_by("merge", "--help")
    assert code == 0
    commands = {name for name in _ours(modules) if name.endswith("_commands")}
    assert commands == {"facilitator_app.cli.merge_commands"}


@pytest.mark.parametrize("command", ["info", "check"])
def test_info_and_check_load_only_the_database_layer(command: str, small_event: Path) -> None:
    code, loaded = loaded_by(command, str(small_event))
    assert code == 0
    assert "sqlmodel" in loaded  # it did open the file
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_the_export_commands_choices_are_the_reports_own() -> None:
    """The parser names them without importing the report code; they must not drift apart."""
    assert tuple(a.value for a in Attribution) == report_commands.ATTRIBUTIONS
    assert Attribution.COUNTS.value == report_commands.DEFAULT_ATTRIBUTION
    assert tuple(k.value for k in SECTION_TITLES) == report_commands.SECTION_NAMES
    assert tuple(n.value for n in AppendixNumbering) == report_commands.APPENDIX_NUMBERINGS
