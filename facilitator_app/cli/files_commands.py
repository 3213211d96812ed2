"""Commands on one workshop file: ``new``, ``import``, ``info``, ``check``, ``export-points``.

Each handler returns an exit code; errors a person can act on are raised as
:class:`~facilitator_app.core.errors.WorkshopError` and printed as one line by the runner.
Commands that only read (``info``, ``check``, ``export-points``) open the file read-only.

The core is imported inside each handler, not here: building the parser (for ``--help`` and
``--version``) must not load SQLModel, and ``info`` must not load openpyxl.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator_app.core.errors import InvalidSpecError, WorkshopError

# typing.TYPE_CHECKING without importing typing: ``--help`` stays quick.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from facilitator_app.core import store
    from facilitator_app.core.event import EventSpec


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    new = subparsers.add_parser(
        "new",
        help="create an event file",
        description=(
            "Create an event file from a JSON spec, or from quick options "
            "(the standard questions and themes, tables called Table One, Table Two, ...). "
            "Options given with --spec override the spec's values."
        ),
    )
    new.add_argument("file", type=Path, metavar="FILE", help="the .workshop file to create")
    new.add_argument("--spec", type=Path, metavar="SPEC.json", help="the event described in JSON")
    new.add_argument("--title", help="the event's title")
    new.add_argument("--tables", type=int, metavar="N", help="make N numbered tables")
    new.add_argument("--date", help="the event's date, YYYY-MM-DD")
    new.add_argument("--venue", help="where the event takes place")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")
    new.set_defaults(handler=run_new)

    import_ = subparsers.add_parser(
        "import",
        help="add points to a table from a spreadsheet",
        description=(
            "Add points to one table from a .csv or .xlsx sheet with the columns question "
            "(its number, from 1), theme (empty for none), text, and optionally ref, addresses "
            "(refs of issue rows, separated by ';') and strength (consensus, several, one). "
            "Every row is checked first: a bad row is reported and nothing is imported."
        ),
    )
    import_.add_argument("file", type=Path, metavar="FILE", help="the .workshop file")
    import_.add_argument("--table", required=True, metavar="NAME", help="the table, by name")
    import_.add_argument("sheet", type=Path, metavar="POINTS", help="a .csv or .xlsx file")
    import_.set_defaults(handler=run_import)

    info = subparsers.add_parser(
        "info",
        help="show the event, its tables and point counts",
        description="Show the event, its tables with their point counts, and points by question "
        "and by theme. The file is opened read-only.",
    )
    info.add_argument("file", type=Path, metavar="FILE")
    info.add_argument("--json", action="store_true", help="print JSON for scripts")
    info.set_defaults(handler=run_info)

    check = subparsers.add_parser(
        "check",
        help="check a file's integrity and schema",
        description="Check a file's integrity and schema without changing it: exit 0 when sound, "
        "1 otherwise, naming what is wrong.",
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(handler=run_check)

    export = subparsers.add_parser(
        "export-points",
        help="write every point to a spreadsheet",
        description="Write every live point to a .csv or .xlsx file, one row each: table, "
        "question, theme, text, strength, and the issues a mitigation addresses.",
    )
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="a .csv or .xlsx file"
    )
    export.set_defaults(handler=run_export_points)


# --- new -----------------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    from facilitator_app.core import event
    from facilitator_app.core.event import EventSpec

    if args.spec is None and args.title is None:
        raise InvalidSpecError("Give the event a title with --title, or describe it with --spec.")
    spec = read_spec(args.spec) if args.spec is not None else EventSpec(title=args.title)
    spec = _override(spec, args)
    path: Path = args.file
    if path.is_dir():
        raise WorkshopError(f"{path} is a folder; give a file name such as event.workshop.")
    try:
        with event.create_event_file(path, spec, overwrite=args.force) as workshop:
            summary = _describe_new(workshop)
    except OSError as error:
        raise WorkshopError(f"{path.name} cannot be created: {error.strerror}.") from error
    print(f"Created {path}: {summary}")
    return 0


def read_spec(path: Path) -> EventSpec:
    """An :class:`EventSpec` from a JSON file; a syntax error names its line and column."""
    import json

    from facilitator_app.core.event import EventSpec

    if not path.is_file():
        raise InvalidSpecError(f"{path.name}: no such spec file ({path}).")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidSpecError(f"{path.name} is not UTF-8 text; save it as UTF-8.") from error
    except OSError as error:
        raise InvalidSpecError(f"{path.name} cannot be read: {error.strerror}.") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidSpecError(
            f"{path.name}, line {error.lineno}, column {error.colno}: {error.msg} "
            "(it is not valid JSON)."
        ) from error
    try:
        return EventSpec.from_mapping(data)
    except InvalidSpecError as error:
        raise InvalidSpecError(f"{path.name}: {error}") from error


def _override(spec: EventSpec, args: argparse.Namespace) -> EventSpec:
    from facilitator_app.core import event
    from facilitator_app.core.model import default_table_name

    changes: dict[str, Any] = {}
    if args.title is not None:
        if not args.title.strip():
            raise InvalidSpecError("--title cannot be empty.")
        changes["title"] = args.title.strip()
    if args.date is not None:
        changes["date"] = event.normalise_date(args.date)
    if args.venue is not None:
        changes["venue"] = args.venue.strip()
    if args.tables is not None:
        if args.tables < 0:
            raise InvalidSpecError("--tables cannot be negative.")
        changes["tables"] = tuple(
            event.TableSpec(default_table_name(n)) for n in range(1, args.tables + 1)
        )
    import dataclasses

    return dataclasses.replace(spec, **changes)


def _describe_new(workshop: store.Workshop) -> str:
    from facilitator_app.core import event

    info = event.get_event(workshop)
    counts = (
        _plural(len(event.list_questions(workshop)), "question"),
        _plural(len(event.list_themes(workshop)), "theme"),
        _plural(len(event.list_tables(workshop)), "table"),
    )
    return f"{info.title!r}, {', '.join(counts)}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --- import --------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    from facilitator_app.core import event, spreadsheets, store
    from facilitator_app.core.app_lock import refuse_if_open_in_the_app

    # The sheet is read and its header checked before the workshop file is opened at all.
    sheet = spreadsheets.read_sheet(args.sheet)
    spreadsheets.check_point_columns(sheet)
    refuse_if_open_in_the_app(args.file)
    with store.open_workshop(args.file) as workshop:
        table = event.find_table(workshop, args.table)
        summary = spreadsheets.import_points(workshop, table.id, sheet)
    links = f" and {_plural(summary.links, 'link')}" if summary.links else ""
    print(f"Imported {_plural(summary.points, 'point')}{links} into {table.name} of {args.file}.")
    return 0


# --- info ----------------------------------------------------------------------------------


def describe(workshop: store.Workshop) -> dict[str, Any]:
    """What ``info --json`` prints: the event, tables, questions and themes with point counts."""
    from facilitator_app.core import event, points

    info = event.get_event(workshop)
    counts = points.count_points(workshop)
    participants = event.list_participants(workshop)
    tables = [
        {
            "id": table.id,
            "name": table.name,
            "points": counts.by_table.get(table.id, 0),
            "participants": [
                {"name": p.name, "organisation": p.organisation, "role": p.role.value}
                for p in participants
                if p.table_id == table.id
            ],
        }
        for table in event.list_tables(workshop)
    ]
    return {
        "file": str(workshop.path),
        "event": {
            "id": info.id,
            "title": info.title,
            "date": info.date,
            "venue": info.venue,
            "context": info.context,
        },
        "tables": tables,
        "points": counts.total,
        "event_level_points": counts.by_table.get(None, 0),
        "questions": [
            {
                "number": q.number,
                "id": q.id,
                "text": q.text,
                "kind": q.kind.value,
                "points": counts.by_question.get(q.id, 0),
            }
            for q in event.list_questions(workshop)
        ],
        "themes": [
            {"id": t.id, "name": t.name, "points": counts.by_theme.get(t.id, 0)}
            for t in event.list_themes(workshop)
        ],
        "unthemed_points": counts.by_theme.get(None, 0),
    }


def run_info(args: argparse.Namespace) -> int:
    from facilitator_app.core import store

    with store.open_workshop(args.file, read_only=True) as workshop:
        description = describe(workshop)
    if args.json:
        import json

        json.dump(description, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(_info_text(description))
    return 0


def _info_text(d: dict[str, Any]) -> str:
    event_info = d["event"]
    lines = [event_info["title"]]
    details = [value for value in (event_info["date"], event_info["venue"]) if value]
    if details:
        lines.append("  " + ", ".join(details))
    lines.append(f"  {_plural(d['points'], 'point')} in all")
    lines.append("")
    lines.append(f"Tables ({len(d['tables'])}):" if d["tables"] else "Tables: none yet")
    width = max((len(t["name"]) for t in d["tables"]), default=0)
    for table in d["tables"]:
        people = len(table["participants"])
        seated = f", {_plural(people, 'participant')}" if people else ""
        lines.append(f"  {table['name']:<{width}}  {_plural(table['points'], 'point')}{seated}")
    if d["event_level_points"]:
        lines.append(f"  {'(event level)':<{width}}  {_plural(d['event_level_points'], 'point')}")
    lines.append("")
    lines.append("Points by question:")
    for question in d["questions"]:
        lines.append(
            f"  {question['number']:>2}. {question['points']:>4}  "
            f"[{question['kind']}] {_shorten(question['text'], 70)}"
        )
    lines.append("")
    lines.append("Points by theme:")
    width = max([len(t["name"]) for t in d["themes"]] + [len("(no theme)")])
    for theme in d["themes"]:
        lines.append(f"  {theme['name']:<{width}}  {theme['points']:>4}")
    lines.append(f"  {'(no theme)':<{width}}  {d['unthemed_points']:>4}")
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- check ---------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    from facilitator_app.core import store

    report = store.check_file(args.file)
    if report.sound:
        print(f"{args.file}: sound (file format {report.schema_version}).")
        return 0
    for problem in report.problems:
        print(f"facilitator-app: error: {problem}", file=sys.stderr)
    return 1


# --- export-points -------------------------------------------------------------------------


def run_export_points(args: argparse.Namespace) -> int:
    from facilitator_app.core import spreadsheets, store

    output: Path = args.output
    if output.suffix.lower() not in spreadsheets.SPREADSHEET_SUFFIXES:
        raise spreadsheets.SpreadsheetError(
            f"{output.name}: choose a name ending in .csv or .xlsx."
        )
    if output.resolve() == args.file.resolve():
        raise WorkshopError("The output would replace the workshop file; choose another name.")
    with store.open_workshop(args.file, read_only=True) as workshop:
        count = spreadsheets.export_points(workshop, output)
    print(f"Wrote {_plural(count, 'point')} to {output}.")
    return 0
