"""A corpus of hostile and unlucky workshop files, built by code (no binary blobs in the repo).

Each builder takes a sound table file and writes a spoiled copy of it beside it, as an attacker
(triggers, views, a weakened schema, values out of every domain) or bad luck (a laptop switched
off in the middle of a growing save, a WAL-mode copy, a FIFO) would. ``HOSTILE`` maps a name to
its builder and to what the app must do with it: ``"refused"`` (with a reason) or ``"handled"``
(merged as it was last saved).
"""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.core import event, points, store
from facilitator_app.core.model import Strength


def make_table_file(folder: Path, name: str = "Table One.workshop") -> tuple[Path, Path]:
    """An event file and a copy of it in which Table One typed a few points (and a link)."""
    event_path = folder / "Event.workshop"
    with event.create_event_file(event_path, event.EventSpec.with_numbered_tables("Care", 3)):
        pass
    table_path = folder / name
    with store.open_workshop(event_path) as workshop:
        store.copy_workshop(workshop, table_path)
    with store.open_workshop(table_path) as workshop:
        table = event.list_tables(workshop)[0]
        issue, mitigation = event.list_questions(workshop)[1:3]
        theme = event.list_themes(workshop)[0]
        first = points.add_point(
            workshop,
            table.id,
            issue.id,
            "Parking is short",
            theme_id=theme.id,
            strength=Strength.CONSENSUS,
        )
        fix = points.add_point(workshop, table.id, mitigation.id, "Run a shuttle bus")
        points.link_points(workshop, fix.id, first.id)
        points.add_point(workshop, table.id, issue.id, "Evening clinics are far")
    return event_path, table_path


def _spoiled(good: Path, name: str, *statements: str, foreign_keys: bool = True) -> Path:
    """A copy of ``good`` with SQL statements run on it as a stranger would."""
    bad = good.with_name(f"{name}.workshop")
    bad.write_bytes(good.read_bytes())
    with closing(sqlite3.connect(bad, isolation_level=None)) as connection:
        connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        for statement in statements:
            connection.execute(statement)
    return bad


def _weakened(good: Path, name: str, *after: str) -> Path:
    """The question table rebuilt without NOT NULL, then ``after`` run (a NULL slipped in)."""
    bad = good.with_name(f"{name}.workshop")
    bad.write_bytes(good.read_bytes())
    with closing(sqlite3.connect(bad, isolation_level=None)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("PRAGMA legacy_alter_table = ON")
        connection.execute("ALTER TABLE question RENAME TO question_old")
        connection.execute(
            "CREATE TABLE question (id VARCHAR PRIMARY KEY, position INTEGER, text VARCHAR, "
            "kind VARCHAR(10))"
        )
        connection.execute("INSERT INTO question SELECT * FROM question_old")
        connection.execute("DROP TABLE question_old")
        for statement in after:
            connection.execute(statement)
    return bad


def growing_crash(good: Path, name: str = "cut off while growing") -> Path:
    """A save that grows the file, cut off by a power cut: the header already counts pages the
    file does not have yet, and the journal beside it holds what to roll back."""
    bad = good.with_name(f"{name}.workshop")
    bad.write_bytes(good.read_bytes())
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 2')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        'c.execute("UPDATE event SET context = hex(randomblob(20000))")\n'
        'c.execute("UPDATE point SET text = hex(randomblob(4000))")\n'
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(bad)], check=True)
    # The commit had written page 1, whose header already counts the pages still to come.
    data = bytearray(bad.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    struct.pack_into(">I", data, 28, len(data) // page_size + 40)
    bad.write_bytes(bytes(data))
    return bad


def wal_copy(good: Path, name: str = "wal mode") -> Path:
    """A copy switched to WAL by some other tool, with a change still only in its ``-wal``."""
    bad = good.with_name(f"{name}.workshop")
    bad.write_bytes(good.read_bytes())
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = WAL')\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute(\"UPDATE point SET text = text || ' (WAL)', revision = revision + 1\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(bad)], check=True)
    return bad


def another_tables_points(
    event_path: Path, own_file: Path, name: str, *, delete: bool = False
) -> Path:
    """A copy of ``own_file`` (another table's file) that rewrites, or deletes, the points the
    event holds of its first table, as an attacker who learnt their ids would.

    Ids, tables, questions and themes are public enough (the plenary's shared view, an export
    of the points); what only the file that made a point, or a copy of the event that held it,
    knows is the moment it was made, so the attacker's rows are made now.
    """
    bad = own_file.with_name(f"{name}.workshop")
    bad.write_bytes(own_file.read_bytes())
    with closing(sqlite3.connect(event_path)) as event_file:
        victims = event_file.execute(
            "SELECT id, table_id, question_id, theme_id, text, position, revision FROM point "
            "WHERE table_id = (SELECT id FROM workshop_table ORDER BY position LIMIT 1)"
        ).fetchall()
    now = "2026-03-14 16:00:00.000000"
    with closing(sqlite3.connect(bad, isolation_level=None)) as connection:
        for point_id, table_id, question_id, theme_id, text, position, revision in victims:
            connection.execute(
                "INSERT OR REPLACE INTO point (id, table_id, question_id, theme_id, text, "
                "position, strength, created_at, updated_at, deleted_at, revision, source_file) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, '')",
                (
                    point_id,
                    table_id,
                    question_id,
                    theme_id,
                    text if delete else f"{text} (rewritten)",
                    position,
                    now,
                    now,
                    now if delete else None,
                    revision + 10,
                ),
            )
    return bad


def another_tables_link_removed(event_path: Path, own_file: Path, name: str) -> Path:
    """A copy of ``own_file`` that removes a link between the first table's points: the two
    points copied in unchanged at a lower revision (so they change nothing), the link as a
    tombstone with a higher revision."""
    bad = own_file.with_name(f"{name}.workshop")
    bad.write_bytes(own_file.read_bytes())
    with closing(sqlite3.connect(event_path)) as event_file:
        link = event_file.execute(
            "SELECT mitigation_id, issue_id, revision FROM point_link LIMIT 1"
        ).fetchone()
        linked = event_file.execute(
            "SELECT id, table_id, question_id, theme_id, text, position FROM point "
            "WHERE id IN (?, ?)",
            link[:2],
        ).fetchall()
    now = "2026-03-14 16:00:00.000000"
    with closing(sqlite3.connect(bad, isolation_level=None)) as connection:
        for row in linked:
            connection.execute(
                "INSERT INTO point (id, table_id, question_id, theme_id, text, position, "
                "created_at, updated_at, revision, source_file) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '')",
                (*row, now, now),
            )
        connection.execute(
            "INSERT INTO point_link (mitigation_id, issue_id, created_at, updated_at, "
            "deleted_at, revision) VALUES (?, ?, ?, ?, ?, ?)",
            (link[0], link[1], now, now, now, link[2] + 10),
        )
    return bad


def fifo(good: Path, name: str = "a pipe") -> Path:
    path = good.with_name(f"{name}.workshop")
    os.mkfifo(path)
    return path


@dataclass(frozen=True)
class Hostile:
    build: Callable[[Path], Path]
    outcome: str  # "refused" or "handled"
    reason: str = ""  # a word the refusal must contain


_POINT = "(SELECT id FROM point ORDER BY id LIMIT 1)"

HOSTILE: dict[str, Hostile] = {
    "trigger": Hostile(
        lambda good: _spoiled(
            good,
            "trigger",
            "CREATE TRIGGER wipe AFTER INSERT ON point BEGIN DELETE FROM point; END",
        ),
        "refused",
        "trigger",
    ),
    "weakened-schema": Hostile(lambda good: _weakened(good, "weakened"), "refused", "question"),
    "null-question-text": Hostile(
        lambda good: _weakened(good, "null text", "UPDATE question SET text = NULL"),
        "refused",
        "question",
    ),
    "extra-table": Hostile(
        lambda good: _spoiled(good, "extra", "CREATE TABLE notes (x)"), "refused", "notes"
    ),
    "view-as-theme": Hostile(
        lambda good: _spoiled(
            good,
            "view theme",
            "PRAGMA legacy_alter_table = ON",
            "ALTER TABLE theme RENAME TO theme_real",
            "CREATE VIEW theme AS SELECT * FROM theme_real",
        ),
        "refused",
        "theme",
    ),
    "recursive-view": Hostile(
        lambda good: _spoiled(
            good,
            "recursive",
            "CREATE VIEW endless AS WITH RECURSIVE n(x) AS "
            "(SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n",
        ),
        "refused",
        "endless",
    ),
    "unknown-strength": Hostile(
        lambda good: _spoiled(good, "strength", "UPDATE point SET strength = 'HUGE'"),
        "refused",
        "strength",
    ),
    "unknown-kind": Hostile(
        lambda good: _spoiled(good, "kind", "UPDATE question SET kind = 'BOGUS'"),
        "refused",
        "kind",
    ),
    "unknown-role": Hostile(
        lambda good: _spoiled(
            good,
            "role",
            "INSERT INTO participant (id, table_id, position, name, organisation, role) "
            "SELECT 'p-1', id, 0, 'Ann', '', 'KING' FROM workshop_table LIMIT 1",
        ),
        "refused",
        "role",
    ),
    "unknown-section": Hostile(
        lambda good: _spoiled(
            good,
            "section",
            "INSERT INTO report_section (key, text, updated_at) "
            "VALUES ('APPENDIX', 'x', '2026-03-14 10:00:00.000000')",
        ),
        "refused",
        "key",
    ),
    "invalid-utf8-point": Hostile(
        lambda good: _spoiled(
            good,
            "utf8 point",
            f"UPDATE point SET text = CAST(x'C328FF' AS TEXT) WHERE id = {_POINT}",
        ),
        "refused",
        "UTF-8",
    ),
    "invalid-utf8-title": Hostile(
        lambda good: _spoiled(good, "utf8 title", "UPDATE event SET title = CAST(x'FF' AS TEXT)"),
        "refused",
        "UTF-8",
    ),
    "blob-in-text": Hostile(
        lambda good: _spoiled(good, "blob", f"UPDATE point SET text = x'00ff' WHERE id = {_POINT}"),
        "refused",
        "text",
    ),
    "unparseable-time": Hostile(
        lambda good: _spoiled(good, "time", "UPDATE point SET created_at = 'yesterday'"),
        "refused",
        "time",
    ),
    "time-with-zone": Hostile(
        lambda good: _spoiled(
            good, "zoned", "UPDATE point SET updated_at = '2026-03-14T10:00:00+05:00'"
        ),
        "refused",
        "time",
    ),
    "impossible-date": Hostile(
        lambda good: _spoiled(good, "date", "UPDATE event SET date = '2026-02-31'"),
        "refused",
        "date",
    ),
    "too-long-point": Hostile(
        lambda good: _spoiled(
            good, "long", f"UPDATE point SET text = printf('%.*c', 20001, 'x') WHERE id = {_POINT}"
        ),
        "refused",
        "longer",
    ),
    "text-revision": Hostile(
        lambda good: _spoiled(good, "revision", "UPDATE point SET revision = 'many'"),
        "refused",
        "revision",
    ),
    "huge-revision": Hostile(
        lambda good: _spoiled(good, "huge", "UPDATE point SET revision = 9223372036854775807"),
        "refused",
        "revision",
    ),
    "dangling-question": Hostile(
        lambda good: _spoiled(
            good, "dangling", "UPDATE point SET question_id = 'nowhere'", foreign_keys=False
        ),
        "refused",
        "missing",
    ),
    "two-events": Hostile(
        lambda good: _spoiled(
            good,
            "two events",
            "INSERT INTO event SELECT 'other', 'Other', '', '', '', created_at, updated_at "
            "FROM event",
        ),
        "refused",
        "one event",
    ),
    "no-event": Hostile(
        lambda good: _spoiled(good, "no event", "DELETE FROM event"), "refused", "one event"
    ),
    "cut-off-while-growing": Hostile(growing_crash, "handled"),
    "wal-mode": Hostile(wal_copy, "handled"),
}
if hasattr(os, "mkfifo"):
    HOSTILE["fifo"] = Hostile(fifo, "refused", "regular file")
