"""Benchmark: merge 20 table files of 5,000 points each into a new event file.

Printed as a ratio against a baseline measured in the same run: plain sqlite3 ATTACH +
INSERT … SELECT of the same rows, with none of the merge's checks (target: at most 2x). Each side
runs in its own process so its peak memory (the resident high-water mark) is its own. The merge's
peak is also measured for files ten times smaller: it should hardly differ (set-based SQL, no
rows held in Python), so memory stays flat as files grow.

Run with: pytest -m benchmark -n 0 -s tests/benchmarks/test_merge_speed.py
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from facilitator_app.core import event, store

TABLE_FILES = 20
POINTS_PER_FILE = 5_000

_MERGE = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from facilitator_app.core.merge import merge_files

def peak_kib():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
trace, target, *sources = sys.argv[1:]
target, sources = Path(target), [Path(source) for source in sources]
if trace == "trace":
    tracemalloc.start()
start = time.perf_counter()
summary = merge_files(target, sources)
elapsed = time.perf_counter() - start
python_peak = tracemalloc.get_traced_memory()[1] // 1024 if trace == "trace" else 0
assert not summary.any_refused, [r.message for r in summary.results]
print(json.dumps({"seconds": elapsed, "new": summary.new,
                  "peak_kib": peak_kib(), "python_peak_kib": python_peak}))
"""

_BASELINE = """
import json, resource, shutil, sqlite3, sys, time
from pathlib import Path

def peak_kib():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
template, target, *sources = map(Path, sys.argv[1:])
start = time.perf_counter()
shutil.copyfile(template, target)
connection = sqlite3.connect(target, isolation_level=None)
connection.execute("PRAGMA journal_mode = DELETE")
connection.execute("PRAGMA synchronous = FULL")
connection.execute("PRAGMA foreign_keys = ON")
for source in sources:
    connection.execute("ATTACH DATABASE ? AS src", (source.resolve().as_uri() + "?mode=ro",))
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO main.point SELECT * FROM src.point")
    connection.execute("COMMIT")
    connection.execute("DETACH DATABASE src")
count = connection.execute("SELECT count(*) FROM point").fetchone()[0]
connection.close()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "new": count,
                  "peak_kib": peak_kib()}))
"""


def _build_table_files(folder: Path, points: int = POINTS_PER_FILE) -> tuple[Path, list[Path]]:
    """An empty event file and 20 table files of ``points`` points, written with executemany."""
    folder.mkdir(exist_ok=True)
    template = folder / "template.workshop"
    spec = event.EventSpec.with_numbered_tables("Benchmark", TABLE_FILES)
    with event.create_event_file(template, spec) as workshop:
        tables = [table.id for table in event.list_tables(workshop)]
        questions = [question.id for question in event.list_questions(workshop)]
        themes = [theme.id for theme in event.list_themes(workshop)]
    files = []
    for index, table_id in enumerate(tables):
        path = folder / f"Table {index + 1}.workshop"
        path.write_bytes(template.read_bytes())
        connection = sqlite3.connect(path)
        connection.executemany(
            "INSERT INTO point (id, table_id, question_id, theme_id, text, position, strength,"
            " created_at, updated_at, deleted_at, revision, source_file)"
            " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, 1, '')",
            (
                (
                    str(uuid.uuid4()),
                    table_id,
                    questions[number % len(questions)],
                    themes[number % len(themes)],
                    f"Table {index + 1}, point {number}: a sentence of typical length about care.",
                    number // len(questions),
                    "2026-03-14 10:00:00.000000",
                    "2026-03-14 10:00:00.000000",
                )
                for number in range(points)
            ),
        )
        connection.commit()
        connection.close()
        files.append(path)
    return template, files


def _run(script: str, *args: str | Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(result.stdout)


@pytest.mark.benchmark
def test_merge_speed_against_plain_attach_insert(tmp_path: Path) -> None:
    template, files = _build_table_files(tmp_path)
    _small_template, small_files = _build_table_files(tmp_path / "small", POINTS_PER_FILE // 10)
    expected = TABLE_FILES * POINTS_PER_FILE

    # Alternate the two, best of three each: other work on the machine (disk syncs) is noisy.
    baselines, merges = [], []
    for attempt in range(3):
        baselines.append(
            _run(_BASELINE, template, tmp_path / f"baseline{attempt}.workshop", *files)
        )
        merges.append(_run(_MERGE, "time", tmp_path / f"merged{attempt}.workshop", *files))
    baseline = min(baselines, key=lambda run: run["seconds"])
    merged = min(merges, key=lambda run: run["seconds"])
    small = _run(_MERGE, "trace", tmp_path / "small.workshop", *small_files)
    traced = _run(_MERGE, "trace", tmp_path / "traced.workshop", *files)

    assert baseline["new"] == expected
    assert merged["new"] == expected
    with store.open_workshop(tmp_path / "merged0.workshop", read_only=True) as workshop:
        connection = workshop.raw_connection()
        try:
            assert connection.execute("SELECT count(*) FROM point").fetchone()[0] == expected
        finally:
            connection.close()
    ratio = merged["seconds"] / baseline["seconds"]
    print(
        f"\nmerge of {TABLE_FILES} files x {POINTS_PER_FILE:,} points: "
        f"{merged['seconds']:.2f} s vs baseline ATTACH + INSERT...SELECT "
        f"{baseline['seconds']:.2f} s -> ratio {ratio:.2f}x (target <= 2x)\n"
        f"peak memory (resident high-water mark): merge {merged['peak_kib'] / 1024:.0f} MiB "
        f"(with files 10x smaller: {small['peak_kib'] / 1024:.0f} MiB; the difference is "
        f"{(merged['peak_kib'] - small['peak_kib']) / 1024:.1f} MiB, within SQLite's page cache, "
        "capped at 16 MiB), "
        f"baseline {baseline['peak_kib'] / 1024:.0f} MiB (plain sqlite3, no app imports)\n"
        f"Python heap peak during the merge (tracemalloc): {traced['python_peak_kib']:,} KiB, "
        f"with files 10x smaller {small['python_peak_kib']:,} KiB"
    )
    assert ratio < 6, "merge is far slower than plain SQL"
