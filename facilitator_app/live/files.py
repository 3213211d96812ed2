"""What the live room reads from and writes to workshop files, outside the merge itself.

- :func:`read_snapshot`: a table file's bytes as one consistent state, while the app or an
  ``import`` may be writing to it. ``sqlite3.Connection.serialize`` reads the pages inside one
  read transaction (so a writer's commit is either wholly in or wholly out) without opening the
  file a second time in Python: closing a second descriptor of a file would drop SQLite's POSIX
  locks on it for the whole process (the app's own connection included). The bytes are the
  file's, so their SHA-256 is the content hash a later USB merge computes.
- :func:`change_marks` / :func:`count_changes`: what a table has still to send, point by point,
  for its status ("Offline: 12 changes to send").
- :func:`check_ownership`: a table may bring only its own table's points.
- :func:`read_setup` / :func:`apply_setup`: the event's questions and themes pushed to tables,
  kept with the event's UUIDs so a later merge sees no "question added at a table".
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import select

from facilitator_app.core import store
from facilitator_app.core.model import Question, QuestionKind, Theme

#: How long reading a snapshot waits for a writer to finish, in seconds.
READ_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Snapshot:
    """A table file as it stood at one moment: its bytes and their content hash."""

    data: bytes
    sha256: str


def read_snapshot(path: Path) -> Snapshot:
    """The table file's bytes, consistent, without changing it (a hot journal is rolled back,
    as any open by the app would)."""
    with closing(sqlite3.connect(str(path), timeout=READ_TIMEOUT_SECONDS)) as connection:
        data = connection.serialize()
    return Snapshot(data, hashlib.sha256(data).hexdigest())


class DataVersionWatch:
    """Tells when another connection (the app, ``import``, another process) committed a change.

    ``PRAGMA data_version`` on one long-lived connection changes exactly when someone else
    commits; reading it costs no file read.
    """

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(
            str(path), timeout=READ_TIMEOUT_SECONDS, check_same_thread=False
        )
        self._connection.isolation_level = None
        self._last: int | None = None
        self._closed = False
        # changed() runs on a worker thread; close() may come while it is still asking (a
        # cancelled watch's thread is not stopped): one at a time, or SQLite reads freed memory.
        self._lock = threading.Lock()

    def changed(self) -> bool:
        """Whether anything was committed since the last call (true on the first call)."""
        with self._lock:
            if self._closed:
                return False
            (version,) = self._connection.execute("PRAGMA data_version").fetchone()
        changed = version != self._last
        self._last = version
        return changed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._connection.close()


# --- what a table has still to send ----------------------------------------------------------

_MARKS = """
SELECT 'p ' || id, revision || ' ' || (deleted_at IS NULL) FROM point
UNION ALL
SELECT 'l ' || mitigation_id || ' ' || issue_id, revision || ' ' || (deleted_at IS NULL)
FROM point_link
"""


def change_marks(path: Path) -> dict[str, str]:
    """Each point and link of a table file with its revision: one change moves one mark.

    Counting commits instead would undercount (several commits between two looks at the file
    are one) and overcount (a draft saved while typing is no point to send)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_SECONDS)) as connection:
        return dict(connection.execute(_MARKS).fetchall())


def change_marks_of(data: bytes) -> dict[str, str]:
    """:func:`change_marks` of a snapshot's bytes (the file as it was sent)."""
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.deserialize(data)
        return dict(connection.execute(_MARKS).fetchall())


def count_changes(current: dict[str, str], acknowledged: dict[str, str]) -> int:
    """How many points and links differ from the file the host last acknowledged."""
    return sum(1 for key, mark in current.items() if acknowledged.get(key) != mark)


# --- the host's checks on what a table sends -------------------------------------------------

_FOREIGN_POINTS = """
SELECT count(*) FROM src.point AS s
LEFT JOIN main.point AS t ON t.id = s.id
LEFT JOIN main.point_merge_base AS b ON b.point_id = s.id
WHERE (s.table_id IS NOT :table OR (t.id IS NOT NULL AND t.table_id IS NOT :table))
  AND NOT (
    t.id IS NOT NULL AND t.table_id IS s.table_id
    AND (s.revision < coalesce(b.revision, t.revision)
         OR (s.revision = t.revision AND s.text IS t.text
             AND (s.deleted_at IS NULL) = (t.deleted_at IS NULL))
         OR (s.revision = b.revision AND s.text IS b.text
             AND (s.deleted_at IS NOT NULL) = b.deleted))
  )
"""

_NEW_TABLES = """
SELECT count(*) FROM src.workshop_table AS s
WHERE NOT EXISTS (SELECT 1 FROM main.workshop_table AS t WHERE t.id = s.id)
"""

_FOREIGN_PARTICIPANTS = """
SELECT count(*) FROM src.participant AS s
WHERE s.table_id IS NOT :table
  AND NOT EXISTS (SELECT 1 FROM main.participant AS t WHERE t.id = s.id)
"""


def check_ownership(event_path: Path, snapshot_path: Path, table_id: str, table: str) -> str:
    """Why a table's file may not be merged live ("" when it may).

    A table writes only its own table: every point of another table it holds must be one the
    event already has, at the same or an older revision (so the merge would take nothing of it);
    none of its points may be a point the event has under another table; it may add no tables
    and no participants to another table. The files are only read.
    """
    uri = event_path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_SECONDS)) as connection:
        connection.execute("PRAGMA query_only = ON")
        connection.execute(
            "ATTACH DATABASE ? AS src", (snapshot_path.resolve().as_uri() + "?mode=ro",)
        )
        parameters = {"table": table_id}
        (foreign,) = connection.execute(_FOREIGN_POINTS, parameters).fetchone()
        (tables,) = connection.execute(_NEW_TABLES).fetchone()
        (people,) = connection.execute(_FOREIGN_PARTICIPANTS, parameters).fetchone()
    if foreign:
        return (
            f"{table}'s file brings changes to {foreign} point(s) of other tables; "
            "a table sends only its own points."
        )
    if tables:
        return f"{table}'s file adds {tables} table(s); only the facilitator adds tables."
    if people:
        return f"{table}'s file adds {people} participant(s) to other tables."
    return ""


def read_room_points(event_path: Path) -> list[dict[str, Any]]:
    """Every live point of the event as tables see it when the facilitator shares the room."""
    uri = event_path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_SECONDS)) as connection:
        rows = connection.execute(
            "SELECT p.id, w.name, p.question_id, p.theme_id, p.text FROM point AS p "
            "JOIN workshop_table AS w ON w.id = p.table_id WHERE p.deleted_at IS NULL "
            "ORDER BY w.position, p.question_id, p.position"
        ).fetchall()
    keys = ("id", "table", "question_id", "theme_id", "text")
    return [dict(zip(keys, row, strict=True)) for row in rows]


# --- set-up pushed from the host -------------------------------------------------------------


def read_setup(event_path: Path) -> dict[str, Any]:
    """The event's questions and themes, as the ``setup`` message carries them."""
    with store.open_workshop(event_path, read_only=True) as workshop, workshop.session() as s:
        questions = s.exec(select(Question).order_by(Question.position)).all()  # type: ignore[arg-type]
        themes = s.exec(select(Theme).order_by(Theme.position)).all()  # type: ignore[arg-type]
        return {
            "questions": [
                {"id": q.id, "position": q.position, "text": q.text, "kind": str(q.kind)}
                for q in questions
            ],
            "themes": [{"id": t.id, "position": t.position, "name": t.name} for t in themes],
        }


def apply_setup(table_path: Path, setup: dict[str, Any]) -> int:
    """Add the event's questions and themes a table file lacks, and follow renames and order.

    Rows keep the event's UUIDs. Nothing is removed: a question or theme the event dropped may
    still hold the table's points. Returns how many rows changed (0: the file is not written).
    """
    questions = _valid_rows(setup.get("questions"), ("id", "position", "text", "kind"))
    themes = _valid_rows(setup.get("themes"), ("id", "position", "name"))
    kinds = {kind.value for kind in QuestionKind}
    changed = 0
    with store.open_workshop(table_path) as workshop, workshop.write() as session:
        for row in questions:
            kind = QuestionKind(row["kind"] if row["kind"] in kinds else "other")
            question = session.get(Question, row["id"])
            if question is None:
                session.add(
                    Question(id=row["id"], position=row["position"], text=row["text"], kind=kind)
                )
                changed += 1
            elif (question.position, question.text, question.kind) != (
                row["position"],
                row["text"],
                kind,
            ):
                question.position, question.text, question.kind = (
                    row["position"],
                    row["text"],
                    kind,
                )
                session.add(question)
                changed += 1
        for row in themes:
            theme = session.get(Theme, row["id"])
            if theme is None:
                session.add(Theme(id=row["id"], position=row["position"], name=row["name"]))
                changed += 1
            elif (theme.position, theme.name) != (row["position"], row["name"]):
                theme.position, theme.name = row["position"], row["name"]
                session.add(theme)
                changed += 1
        if not changed:
            session.rollback()
    return changed


def _valid_rows(rows: object, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise ValueError("set-up message without its rows")
    valid = []
    for row in rows:
        if not isinstance(row, dict) or any(key not in row for key in keys):
            raise ValueError("set-up row without its fields")
        if not isinstance(row["position"], int) or not all(
            isinstance(row[key], str) for key in keys if key != "position"
        ):
            raise ValueError("set-up row with fields of the wrong kind")
        valid.append(row)
    return valid
