"""How fast the command line starts, against bare interpreters started the same way in this run.

Targets (issue 14): ``--version`` and ``--help`` within 2x a bare ``python -c pass``; ``info`` on
a small file within 1.5x a bare ``python -c "import sqlmodel"`` (the one import it needs).
Runs alternate so every command sees the same load; medians are printed as ratios. The
commands run as ``python -m facilitator_app`` and, where it is installed beside the interpreter,
as the ``facilitator-app`` console script people type (its own wrapper imports ``re``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator_app.core.event import EventSpec, create_event_file

RUNS = 7


def _seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _medians(commands: dict[str, list[str]]) -> dict[str, float]:
    for command in commands.values():  # warm the disk cache for each
        _seconds(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, command in commands.items():
            times[name].append(_seconds(command))
    return {name: statistics.median(values) for name, values in times.items()}


@pytest.mark.benchmark
def test_command_line_start_up_against_bare_interpreters(tmp_path: Path) -> None:
    small = tmp_path / "small.workshop"
    create_event_file(small, EventSpec.with_numbered_tables("Small", 2)).close()
    big = tmp_path / "big.workshop"
    create_event_file(big, EventSpec.with_numbered_tables("Big", 40)).close()
    app = [sys.executable, "-m", "facilitator_app"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import sqlmodel": [sys.executable, "-c", "import sqlmodel"],
        "--version": [*app, "--version"],
        "--help": [*app, "--help"],
        "merge --help": [*app, "merge", "--help"],
        "info (2 tables)": [*app, "info", str(small)],
        "info (40 tables)": [*app, "info", str(big)],
    }
    script = Path(sys.executable).with_name("facilitator-app")
    if script.is_file():
        commands["script --version"] = [str(script), "--version"]
        commands["script --help"] = [str(script), "--help"]
    medians = _medians(commands)
    bare, sqlmodel = medians["python -c pass"], medians["import sqlmodel"]
    print(f"\nCLI start-up, medians of {RUNS}:")
    for name in ("--version", "--help", "merge --help", "script --version", "script --help"):
        if name not in medians:
            continue
        print(f"  {name:<17} {medians[name]:.3f} s = {medians[name] / bare:.2f}x python -c pass "
              f"({bare:.3f} s; target <= 2x)")  # fmt: skip
    for name in ("info (2 tables)", "info (40 tables)"):
        print(f"  {name:<17} {medians[name]:.3f} s = {medians[name] / sqlmodel:.2f}x import "
              f"sqlmodel ({sqlmodel:.3f} s; target <= 1.5x)")  # fmt: skip
    assert medians["--version"] / bare < 6, "--version has started importing heavy modules"
