"""Two programs writing one file at once: the second waits for the first instead of failing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from facilitator_app.core import event, points, store

_WRITER = """
import sys
from pathlib import Path
from facilitator_app.core import event, points, store
with store.open_workshop(Path(sys.argv[1])) as workshop:
    table = event.list_tables(workshop)[int(sys.argv[2])]
    question = event.list_questions(workshop)[0]
    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(40):
        points.add_point(workshop, table.id, question.id, f"Writer {sys.argv[2]} point {number}")
"""


def test_two_concurrent_writers_both_store_every_point(tmp_path: Path) -> None:
    path = tmp_path / "event.workshop"
    with event.create_event_file(path, event.EventSpec.with_numbered_tables("Care", 2)):
        pass
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(index)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in (0, 1)
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0], results
    with store.open_workshop(path, read_only=True) as workshop:
        assert points.count_points(workshop).total == 80
