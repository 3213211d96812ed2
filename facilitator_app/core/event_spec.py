"""The spec a new event file is made from: what a facilitator gives ``facilitator-app new``.

Parsed from JSON with messages that name the key at fault, so a facilitator can fix a spec file
without reading code. :func:`facilitator_app.core.event.create_event_file` turns a spec into a
workshop file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator_app.core.errors import InvalidSpecError
from facilitator_app.core.model import (
    DEFAULT_QUESTIONS,
    DEFAULT_THEMES,
    QuestionKind,
    Role,
    default_table_name,
)


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: QuestionKind = QuestionKind.OTHER


@dataclass(frozen=True)
class ParticipantSpec:
    name: str
    organisation: str = ""
    role: Role = Role.PARTICIPANT


@dataclass(frozen=True)
class TableSpec:
    name: str
    participants: tuple[ParticipantSpec, ...] = ()


@dataclass(frozen=True)
class EventSpec:
    """Everything needed to make a new event file; defaults are the standard set-up."""

    title: str
    date: str = ""
    venue: str = ""
    context: str = ""
    questions: tuple[QuestionSpec, ...] = field(
        default_factory=lambda: tuple(QuestionSpec(text, kind) for text, kind in DEFAULT_QUESTIONS)
    )
    themes: tuple[str, ...] = DEFAULT_THEMES
    tables: tuple[TableSpec, ...] = ()

    @classmethod
    def with_numbered_tables(cls, title: str, count: int, **values: Any) -> EventSpec:
        """The common case: ``count`` tables called Table One, Table Two, …"""
        if count < 0:
            raise InvalidSpecError("The number of tables cannot be negative.")
        tables = tuple(TableSpec(default_table_name(n)) for n in range(1, count + 1))
        return cls(title=title, tables=tables, **values)

    @classmethod
    def from_mapping(cls, data: Any) -> EventSpec:
        """Read a spec as parsed from JSON, naming the key at fault when it is malformed."""
        if not isinstance(data, Mapping):
            raise InvalidSpecError('The spec must be a JSON object with at least a "title".')
        known = {"title", "date", "venue", "context", "questions", "themes", "tables"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidSpecError(
                f"Unknown key(s) in the spec: {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})."
            )
        title = _spec_text(data, "title", "title", required=True)
        values: dict[str, Any] = {
            "title": title,
            "date": _spec_date(data.get("date", "")),
            "venue": _spec_text(data, "venue", "venue"),
            "context": _spec_text(data, "context", "context"),
        }
        if "questions" in data:
            values["questions"] = tuple(
                _spec_question(item, index)
                for index, item in enumerate(_spec_list(data, "questions"))
            )
            if not values["questions"]:
                raise InvalidSpecError(
                    '"questions" is empty: an event needs at least one question.'
                )
        if "themes" in data:
            themes = _spec_list(data, "themes")
            names = []
            for index, theme in enumerate(themes):
                if not isinstance(theme, str) or not theme.strip():
                    raise InvalidSpecError(f'"themes"[{index}] must be a non-empty name.')
                names.append(theme.strip())
            _refuse_duplicates(names, "theme")
            values["themes"] = tuple(names)
        if "tables" in data:
            values["tables"] = tuple(
                _spec_table(item, index) for index, item in enumerate(_spec_list(data, "tables"))
            )
            _refuse_duplicates([table.name for table in values["tables"]], "table")
        return cls(**values)


def _spec_text(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidSpecError(f'"{where}" must be text, not {type(value).__name__}.')
    if required and not value.strip():
        raise InvalidSpecError(f'"{where}" is required and cannot be empty.')
    return value.strip()


def _spec_date(value: Any) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise InvalidSpecError('"date" must be text in the form YYYY-MM-DD.')
    return normalise_date(value)


def normalise_date(value: str) -> str:
    """Accept an ISO date (YYYY-MM-DD), or empty; refuse anything else plainly."""
    value = value.strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise InvalidSpecError(
            f"{value!r} is not a date in the form YYYY-MM-DD (for example 2026-03-14)."
        ) from error


def _spec_list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise InvalidSpecError(f'"{key}" must be a list.')
    return value


def _spec_question(item: Any, index: int) -> QuestionSpec:
    where = f'"questions"[{index}]'
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, Mapping):
        raise InvalidSpecError(f'{where} must be an object with "text" and "kind".')
    text = _spec_text(item, "text", f"{where}.text", required=True)
    kind_value = item.get("kind", QuestionKind.OTHER.value)
    return QuestionSpec(text, parse_kind(kind_value, where=f"{where}.kind"))


def parse_kind(value: Any, *, where: str = "kind") -> QuestionKind:
    try:
        return QuestionKind(str(value).strip().lower())
    except ValueError as error:
        kinds = ", ".join(kind.value for kind in QuestionKind)
        raise InvalidSpecError(f'"{where}" is {value!r}; it must be one of: {kinds}.') from error


def parse_role(value: Any, *, where: str = "role") -> Role:
    text = str(value or Role.PARTICIPANT.value).strip().lower()
    try:
        return Role(text)
    except ValueError as error:
        roles = ", ".join(role.value for role in Role)
        raise InvalidSpecError(f'"{where}" is {value!r}; it must be one of: {roles}.') from error


def _spec_table(item: Any, index: int) -> TableSpec:
    where = f'"tables"[{index}]'
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, Mapping):
        raise InvalidSpecError(f'{where} must be an object with a "name".')
    name = _spec_text(item, "name", f"{where}.name", required=True)
    people = item.get("participants", [])
    if not isinstance(people, list):
        raise InvalidSpecError(f"{where}.participants must be a list.")
    participants = []
    for number, person in enumerate(people):
        at = f"{where}.participants[{number}]"
        if not isinstance(person, Mapping):
            raise InvalidSpecError(f'{at} must be an object with a "name".')
        participants.append(
            ParticipantSpec(
                name=_spec_text(person, "name", f"{at}.name", required=True),
                organisation=_spec_text(person, "organisation", f"{at}.organisation"),
                role=parse_role(person.get("role"), where=f"{at}.role"),
            )
        )
    return TableSpec(name, tuple(participants))


def _refuse_duplicates(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if key in seen:
            raise InvalidSpecError(f"The {what} {name!r} is listed twice.")
        seen.add(key)
