"""The sample event: a fictional event with four tables, a seating plan and points, to explore.

The spec lives in ``resources/sample_event.json`` (event set-up in the shape
:meth:`EventSpec.from_mapping` reads, plus points and links); the ``.workshop`` file is built
from it with the ordinary use cases, so the sample always matches the current file format and
is never committed as a binary.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import suppress
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from facilitator_app.core.errors import InvalidSpecError
from facilitator_app.core.event import (
    EventSpec,
    add_participant,
    create_event_file,
    find_table,
    find_theme,
    question_by_number,
)
from facilitator_app.core.model import Strength
from facilitator_app.core.points import add_point, link_points
from facilitator_app.core.store import Workshop

SAMPLE_FILE_NAME = "Sample event.workshop"


def load_sample_spec() -> dict[str, Any]:
    """The sample event's JSON, as shipped in the package's resources."""
    text = files("facilitator_app.resources").joinpath("sample_event.json").read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict) or "event" not in data:
        raise InvalidSpecError('The sample event needs an "event" object.')
    return data


def create_sample_event(path: Path | str) -> Path:
    """Build the sample event at ``path`` (replacing one there), atomically; returns the path.

    Built under a temporary name beside ``path`` and moved into place only when complete, so a
    failure never leaves half a sample where the app looks for it.
    """
    path = Path(path)
    data = load_sample_spec()
    spec = EventSpec.from_mapping(data["event"])
    # Participants are added with the ordinary use case after the tables exist.
    seating = {table.name: table.participants for table in spec.tables}
    spec = replace(spec, tables=tuple(replace(table, participants=()) for table in spec.tables))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=".sample-", suffix=".workshop-new", dir=path.parent
    )
    os.close(descriptor)
    temporary = Path(temporary_name)
    temporary.unlink()
    try:
        workshop = create_event_file(temporary, spec)
        try:
            for table_name, people in seating.items():
                table_id = find_table(workshop, table_name).id
                for person in people:
                    add_participant(
                        workshop, table_id, person.name, person.organisation, person.role
                    )
            _add_points(workshop, data.get("points", []), data.get("links", []))
        finally:
            workshop.close()
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    return path


def _add_points(
    workshop: Workshop, points: list[dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    ids: dict[str, str] = {}
    for number, item in enumerate(points):
        try:
            table = find_table(workshop, item["table"])
            question = question_by_number(workshop, int(item["question"]))
            theme_id = find_theme(workshop, item["theme"]).id if item.get("theme") else None
            strength = Strength(item["strength"]) if item.get("strength") else None
            text = item["text"]
        except (KeyError, ValueError, TypeError) as error:
            raise InvalidSpecError(f'"points"[{number}] is malformed: {error}.') from error
        point = add_point(
            workshop, table.id, question.id, text, theme_id=theme_id, strength=strength
        )
        if item.get("key"):
            ids[str(item["key"])] = point.id
    for number, link in enumerate(links):
        try:
            link_points(workshop, ids[link["mitigation"]], ids[link["issue"]])
        except KeyError as error:
            raise InvalidSpecError(f'"links"[{number}] names an unknown point {error}.') from error
