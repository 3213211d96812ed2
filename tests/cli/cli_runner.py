"""The command line run in-process, as the tests' default: ``main(argv)`` with captured output.

It behaves as the real command does (exit code, stdout, stderr) without paying for a new
interpreter per call; a few tests per command still start a true subprocess (:func:`run_process`)
so the entry point, the encoding of the output and the exit status are checked end to end.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from facilitator_app.__main__ import main


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``facilitator-app ARGS`` in this process, in folder ``cwd``: its exit code and output."""
    argv = [str(arg) for arg in args]
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd if cwd is not None else os.getcwd()),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: --help, --version and usage errors
            code = exit_.code if isinstance(exit_.code, int) else (exit_.code is not None)
    return subprocess.CompletedProcess(argv, int(code), stdout.getvalue(), stderr.getvalue())


def run_process(
    *args: str | Path, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m facilitator_app ARGS`` as a real subprocess, as a user's script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=cwd,
    )
