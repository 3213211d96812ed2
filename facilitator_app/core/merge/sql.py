"""The set-based SQL that merges one attached source file into the event file.

The source is ATTACHed read-only as ``src``; every step is one INSERT … SELECT or UPDATE … FROM
over whole tables, so memory stays flat however many points a file holds. The caller wraps one
source in one transaction (all or nothing).

How a point of the source is treated (``s`` the source row, ``t`` the event's row, ``b`` the row
as last merged in, kept in ``point_merge_base`` once the event side changes a merged point; until
then the event's row is its own base; "content" is the text and the deleted state):

* no ``t``: **new** (inserted, tombstones too, so an older copy cannot bring a deleted point back;
  its ``source_file`` is the source's name, or the file it came from if the source is itself a
  merged event file);
* ``t`` is a consolidated point (no table): never touched;
* no ``b`` (typed into the event file, or merged and unchanged here since): the higher revision
  wins (a newer source row is **taken**); equal revisions with different content are a
  **conflict**;
* ``s.revision < b.revision``: an older copy → ignored (**older**);
* ``s.revision = b.revision``: the same revision; if its content differs from both ``b`` and
  ``t`` the files were edited apart on two laptops → **conflict**, else ignored;
* ``s`` newer and ``t`` untouched since ``b`` → **take** the source row;
* both changed: if at most one side changed the content → **merge** field by field (a field
  changed only at the table is taken; the event's own changes are kept); if both changed the
  content differently → **conflict**: the event's row stays as it is and a ``merge_conflict``
  row keeps the table's text until the facilitator chooses.

Before any of that, the engine refuses a source that moves the event's points to another table
(:func:`points_moved_between_tables`) or would change points it was never given
(:func:`points_not_given`: it holds them, or a link's mitigation, made at another moment
than the event's).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from facilitator_app.core.model import POINT_MERGE_BASE_TRIGGER, utcnow

#: The point columns copied as they are from a source row (``source_file`` is set apart).
_POINT_COLUMNS = (
    "id, table_id, question_id, theme_id, text, position, strength, "
    "created_at, updated_at, deleted_at, revision"
)

_SAME_CONTENT = "({a}.text IS {b}.text AND ({a}.deleted_at IS NULL) = ({b}.deleted_at IS NULL))"
_S_IS_T = _SAME_CONTENT.format(a="s", b="t")
_S_IS_B = "(s.text IS b.text AND (s.deleted_at IS NOT NULL) = b.deleted)"
_T_IS_B = "(t.text IS b.text AND (t.deleted_at IS NOT NULL) = b.deleted)"

# What to do with each point of the source (see the module docstring), one row per point.
_PLAN_ACTIONS = f"""
INSERT INTO temp.merge_plan (id, action, source_live, was_live)
SELECT s.id,
    CASE
        WHEN t.id IS NULL THEN 'new'
        WHEN t.table_id IS NULL THEN 'older'
        WHEN b.point_id IS NULL THEN
            CASE
                WHEN s.revision > t.revision THEN 'take'
                WHEN s.revision < t.revision OR {_S_IS_T} THEN 'older'
                ELSE 'conflict'
            END
        WHEN s.revision < b.revision THEN 'older'
        WHEN s.revision = b.revision THEN
            CASE WHEN {_S_IS_B} OR {_S_IS_T} THEN 'older' ELSE 'conflict' END
        WHEN t.revision <= b.revision THEN 'take'
        WHEN {_S_IS_T} OR {_S_IS_B} OR {_T_IS_B} THEN 'merge'
        ELSE 'conflict'
    END,
    s.deleted_at IS NULL,
    t.id IS NOT NULL AND t.deleted_at IS NULL
FROM src.point AS s
LEFT JOIN main.point AS t ON t.id = s.id
LEFT JOIN main.point_merge_base AS b ON b.point_id = s.id
WHERE s.table_id IS NOT NULL
ORDER BY s.id
"""

# The row the event will hold after the merge, for points taken or merged field by field.
_PLAN_VALUES = f"""
UPDATE temp.merge_plan SET
    table_id = CASE action WHEN 'take' THEN s.table_id ELSE t.table_id END,
    question_id = CASE WHEN action = 'take' OR t.question_id IS b.question_id
        THEN s.question_id ELSE t.question_id END,
    theme_id = CASE WHEN action = 'take' OR t.theme_id IS b.theme_id
        THEN s.theme_id ELSE t.theme_id END,
    position = CASE WHEN action = 'take' OR t.position IS b.position
        THEN s.position ELSE t.position END,
    strength = CASE WHEN action = 'take' OR t.strength IS b.strength
        THEN s.strength ELSE t.strength END,
    text = CASE WHEN action = 'take' OR {_T_IS_B} THEN s.text ELSE t.text END,
    deleted_at = CASE WHEN action = 'take' OR {_T_IS_B} THEN s.deleted_at ELSE t.deleted_at END,
    updated_at = CASE action WHEN 'take' THEN s.updated_at
        ELSE max(s.updated_at, t.updated_at) END,
    revision = CASE action WHEN 'take' THEN s.revision
        ELSE max(s.revision, t.revision) + 1 END
FROM src.point AS s
JOIN main.point AS t ON t.id = s.id
LEFT JOIN main.point_merge_base AS b ON b.point_id = s.id
WHERE merge_plan.id = s.id AND merge_plan.action IN ('take', 'merge')
"""

_CREATE_PLAN = """
CREATE TEMP TABLE IF NOT EXISTS merge_plan (
    id TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    source_live INTEGER NOT NULL,
    was_live INTEGER NOT NULL,
    table_id TEXT, question_id TEXT, theme_id TEXT, text TEXT, position INTEGER,
    strength TEXT, updated_at TEXT, deleted_at TEXT, revision INTEGER
) WITHOUT ROWID
"""

# A taken or merged row that differs from the event's row in any field the user sees.
_CHANGED = """
(p.table_id IS NOT t.table_id OR p.question_id IS NOT t.question_id
 OR p.theme_id IS NOT t.theme_id OR p.text IS NOT t.text OR p.position IS NOT t.position
 OR p.strength IS NOT t.strength OR (p.deleted_at IS NULL) != (t.deleted_at IS NULL))
"""

_COUNTS = f"""
SELECT
    count(*) FILTER (WHERE p.action = 'new' AND p.source_live),
    count(*) FILTER (WHERE p.action IN ('take', 'merge') AND {_CHANGED}
        AND NOT (p.was_live AND p.deleted_at IS NOT NULL)),
    count(*) FILTER (WHERE p.action IN ('take', 'merge') AND p.was_live
        AND p.deleted_at IS NOT NULL),
    count(*) FILTER (WHERE p.action = 'older'
        OR (p.action IN ('take', 'merge') AND NOT {_CHANGED})),
    count(*) FILTER (WHERE p.action = 'conflict')
FROM temp.merge_plan AS p
LEFT JOIN main.point AS t ON t.id = p.id
"""


@dataclass(frozen=True)
class PointCounts:
    """What merging one source did to the event's points."""

    new: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0


def stored_now() -> str:
    """Now as SQLAlchemy stores a datetime in SQLite, for rows written with plain SQL."""
    return utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")


#: Set-up tables whose rows missing in the event are added by UUID: the table, the column that
#: names a row (a name already used gets the source file's name appended), other columns.
_SETUP_TABLES = (
    ("question", "text", ", kind"),
    ("theme", "name", ""),
    ("workshop_table", "name", ""),
)


def _add_setup_rows(connection: sqlite3.Connection, source_name: str) -> None:
    """Questions, themes, tables and participants the event lacks, added by UUID at the end."""
    for table, label, others in _SETUP_TABLES:
        source_others = others.replace(", ", ", s.")
        connection.execute(
            f"""
            INSERT INTO main.{table} (id, position, {label}{others})
            SELECT s.id,
                (SELECT coalesce(max(position), -1) FROM main.{table})
                    + row_number() OVER (ORDER BY s.position),
                CASE WHEN EXISTS (SELECT 1 FROM main.{table} AS o WHERE o.{label} = s.{label})
                    THEN s.{label} || ' (' || :source || ')' ELSE s.{label} END
                {source_others}
            FROM src.{table} AS s
            WHERE NOT EXISTS (SELECT 1 FROM main.{table} AS o WHERE o.id = s.id)
            """,
            {"source": source_name},
        )
    connection.execute(
        """
        INSERT INTO main.participant (id, table_id, position, name, organisation, role)
        SELECT s.id, s.table_id,
            (SELECT coalesce(max(position), -1) FROM main.participant AS o
                WHERE o.table_id = s.table_id)
                + row_number() OVER (PARTITION BY s.table_id ORDER BY s.position),
            s.name, s.organisation, s.role
        FROM src.participant AS s
        WHERE NOT EXISTS (SELECT 1 FROM main.participant AS o WHERE o.id = s.id)
        """
    )


def table_names(connection: sqlite3.Connection) -> list[str]:
    """The tables the source holds points of, by the event's names, in the event's order."""
    rows = connection.execute(
        """
        SELECT w.name FROM main.workshop_table AS w
        WHERE w.id IN (SELECT table_id FROM src.point WHERE table_id IS NOT NULL)
        ORDER BY w.position
        """
    ).fetchall()
    return [row[0] for row in rows]


def other_laptop_warnings(connection: sqlite3.Connection, source_name: str) -> list[str]:
    """Tables that already have points merged from another file sharing none with this one.

    That is two laptops' files for one table (a replacement laptop mid-event): both are merged,
    and the facilitator should know. A newer copy of the same file shares its points, so it is
    not flagged.
    """
    rows = connection.execute(
        """
        WITH tables_here AS (
            SELECT DISTINCT table_id FROM src.point WHERE table_id IS NOT NULL
        ), shared AS (
            SELECT DISTINCT o.table_id FROM src.point AS s JOIN main.point AS o ON o.id = s.id
            WHERE o.table_id IS NOT NULL
        )
        SELECT w.name, group_concat(DISTINCT t.source_file)
        FROM main.point AS t JOIN main.workshop_table AS w ON w.id = t.table_id
        WHERE t.table_id IN tables_here AND t.table_id NOT IN shared
            AND t.source_file NOT IN ('', :source)
        GROUP BY w.id ORDER BY w.position
        """,
        {"source": source_name},
    ).fetchall()
    return [
        f"{name} also has points from {others.replace(',', ', ')}: "
        "both files were merged (two laptops for one table?)."
        for name, others in rows
    ]


def points_moved_between_tables(connection: sqlite3.Connection) -> int:
    """How many of the event's points the source puts under another table than the event's.

    No table file moves points between tables (a point stays with the table that made it), so
    such rows can only come from a file crafted to rewrite another table's points.
    """
    row = connection.execute(
        """
        SELECT count(*) FROM src.point AS s JOIN main.point AS t ON t.id = s.id
        WHERE s.table_id IS NOT NULL AND t.table_id IS NOT NULL AND s.table_id != t.table_id
        """
    ).fetchone()
    return int(row[0])


# Points of the event the source would change (take, merge field by field, or set against the
# event's as a conflict) without holding them as they were made (see points_not_given).
_NOT_GIVEN = f"""
SELECT w.id, count(*)
FROM src.point AS s
JOIN main.point AS t ON t.id = s.id
JOIN main.workshop_table AS w ON w.id = t.table_id
LEFT JOIN main.point_merge_base AS b ON b.point_id = s.id
WHERE s.table_id IS t.table_id
    AND s.created_at IS NOT t.created_at
    AND s.revision >= coalesce(b.revision, t.revision)
    AND NOT ({_S_IS_T} AND s.question_id IS t.question_id AND s.theme_id IS t.theme_id
        AND s.position IS t.position AND s.strength IS t.strength)
    AND NOT (b.point_id IS NOT NULL AND s.revision = b.revision AND {_S_IS_B})
GROUP BY w.id
ORDER BY w.position
"""

# Links of the event the source would add or change whose mitigation point (a link belongs to
# the table of the mitigation that addresses the issue) it does not hold as it was made.
_LINKS_NOT_GIVEN = """
SELECT w.id, count(*)
FROM src.point_link AS s
JOIN main.point AS m ON m.id = s.mitigation_id
JOIN main.workshop_table AS w ON w.id = m.table_id
LEFT JOIN main.point_link AS t
    ON t.mitigation_id = s.mitigation_id AND t.issue_id = s.issue_id
LEFT JOIN src.point AS sm ON sm.id = s.mitigation_id
WHERE sm.created_at IS NOT m.created_at
    AND (t.mitigation_id IS NULL OR (s.revision > t.revision
        AND (s.deleted_at IS NULL) != (t.deleted_at IS NULL)))
GROUP BY w.id
ORDER BY w.position
"""


@dataclass(frozen=True)
class NotGiven:
    """What a source would change of one table's points and links without being given them."""

    table_name: str
    points: int = 0
    links: int = 0


def points_not_given(connection: sqlite3.Connection) -> list[NotGiven]:
    """Per table (in the event's order): how many of its points and links the source would
    change without ever having been given them.

    A point's creation time is copied, never changed, wherever the point goes: into the copies
    of the file that made it (a newer copy, a second laptop's) and, through the merge, into the
    event file and every copy made of it afterwards. So a source that holds a point as the
    event does, made at the same moment, descends from the file that made it or was sent it by
    the event. A file that only learnt a point's id (from the plenary's shared view, an export
    of the points) has to invent that moment, and may change nothing of the point.
    """
    changed_points = dict(connection.execute(_NOT_GIVEN).fetchall())
    changed_links = dict(connection.execute(_LINKS_NOT_GIVEN).fetchall())
    rows = connection.execute(
        "SELECT id, name FROM main.workshop_table ORDER BY position, id"
    ).fetchall()
    return [
        NotGiven(name, int(changed_points.get(key, 0)), int(changed_links.get(key, 0)))
        for key, name in rows
        if key in changed_points or key in changed_links
    ]


def merge_points(connection: sqlite3.Connection, source_name: str) -> PointCounts:
    """Merge ``src`` into ``main`` inside the caller's transaction; what it did to the points."""
    connection.execute(POINT_MERGE_BASE_TRIGGER)  # for event files made before it existed
    _add_setup_rows(connection, source_name)
    connection.execute(_CREATE_PLAN)
    connection.execute("DELETE FROM temp.merge_plan")
    connection.execute(_PLAN_ACTIONS)
    connection.execute(_PLAN_VALUES)
    new, updated, deleted, unchanged, conflicts = connection.execute(_COUNTS).fetchone()
    connection.execute(
        f"""
        INSERT INTO main.point ({_POINT_COLUMNS}, source_file)
        SELECT {", ".join("s." + c.strip() for c in _POINT_COLUMNS.split(","))},
            coalesce(nullif(s.source_file, ''), :source)
        FROM src.point AS s JOIN temp.merge_plan AS p ON p.id = s.id
        WHERE p.action = 'new'
        ORDER BY s.id
        """,
        {"source": source_name},
    )
    connection.execute(
        """
        UPDATE main.point SET
            table_id = p.table_id, question_id = p.question_id, theme_id = p.theme_id,
            text = p.text, position = p.position, strength = p.strength,
            updated_at = p.updated_at, deleted_at = p.deleted_at, revision = p.revision
        FROM temp.merge_plan AS p
        WHERE point.id = p.id AND p.action IN ('take', 'merge')
        """
    )
    _record_conflicts(connection, source_name)
    # A point inserted or taken as the table has it is its own base (no row); a point merged
    # field by field differs from the table's row, which becomes its base.
    connection.execute(
        """
        DELETE FROM main.point_merge_base
        WHERE point_id IN (SELECT id FROM temp.merge_plan WHERE action = 'take')
        """
    )
    connection.execute(
        """
        INSERT OR REPLACE INTO main.point_merge_base
            (point_id, revision, text, deleted, question_id, theme_id, position, strength)
        SELECT s.id, s.revision, s.text, s.deleted_at IS NOT NULL, s.question_id, s.theme_id,
            s.position, s.strength
        FROM src.point AS s JOIN temp.merge_plan AS p ON p.id = s.id
        WHERE p.action = 'merge'
        """
    )
    _merge_links(connection)
    connection.execute("DELETE FROM temp.merge_plan")
    return PointCounts(new, updated, deleted, unchanged, conflicts)


def _record_conflicts(connection: sqlite3.Connection, source_name: str) -> None:
    """Keep the table's side of each conflict (once, however often the same copy is merged)."""
    connection.create_function("merge_new_id", 0, lambda: str(uuid.uuid4()))
    connection.execute(
        """
        INSERT INTO main.merge_conflict (id, point_id, source_name, their_text, their_revision,
            their_deleted, created_at, resolved_at)
        SELECT merge_new_id(), s.id, :source, s.text, s.revision, s.deleted_at IS NOT NULL,
            :now, NULL
        FROM src.point AS s JOIN temp.merge_plan AS p ON p.id = s.id
        WHERE p.action = 'conflict' AND NOT EXISTS (
            SELECT 1 FROM main.merge_conflict AS c
            WHERE c.point_id = s.id AND c.resolved_at IS NULL
                AND c.their_revision = s.revision AND c.their_text IS s.text
                AND c.their_deleted = (s.deleted_at IS NOT NULL)
        )
        """,
        {"source": source_name, "now": stored_now()},
    )


def _merge_links(connection: sqlite3.Connection) -> None:
    """Links between points: new ones added, a higher revision (e.g. a tombstone) taken."""
    connection.execute(
        """
        INSERT INTO main.point_link
            (mitigation_id, issue_id, created_at, updated_at, deleted_at, revision)
        SELECT s.mitigation_id, s.issue_id, s.created_at, s.updated_at, s.deleted_at, s.revision
        FROM src.point_link AS s
        WHERE NOT EXISTS (
                SELECT 1 FROM main.point_link AS t
                WHERE t.mitigation_id = s.mitigation_id AND t.issue_id = s.issue_id)
            AND EXISTS (SELECT 1 FROM main.point AS m WHERE m.id = s.mitigation_id)
            AND EXISTS (SELECT 1 FROM main.point AS i WHERE i.id = s.issue_id)
        """
    )
    connection.execute(
        """
        UPDATE main.point_link SET
            updated_at = s.updated_at, deleted_at = s.deleted_at, revision = s.revision
        FROM src.point_link AS s
        WHERE point_link.mitigation_id = s.mitigation_id AND point_link.issue_id = s.issue_id
            AND s.revision > point_link.revision
        """
    )
