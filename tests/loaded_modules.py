"""Which modules a few lines of Python load, run in a fresh interpreter.

What start-up or a command pays for in imports is checked from outside: in the test process,
whatever the tests already imported would hide it.
"""

from __future__ import annotations

import json
import subprocess
import sys


def modules_loaded(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules named ``prefixes[i]`` or below them that ``code`` leaves loaded, sorted
    (``code`` failing fails the test, with its error)."""
    report = (
        "\nimport json, sys\n"
        f"wanted = {prefixes!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "    if any(m == p or m.startswith(p + '.') for p in wanted))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code + report], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded
