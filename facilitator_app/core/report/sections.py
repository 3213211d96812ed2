"""The narrative sections of the report: stored in the event file, drafted from the data.

The programme lead writes the introduction, background, summary and conclusion; the workshop
process and the summary's figures are drafted from the event (tables, who attended, the
questions, counts) and the background defaults to the event's context, until the lead stores
their own text. A stored empty text means "use the draft again".

Section text is plain text with a light, forgiving shape, so text pasted from Word works (read
by ``narrative.parse_narrative``). What the report prints for a section not yet written, appendix
references included, is ``build.drafted_text``: it needs the numbered appendices.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from sqlmodel import select

from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.model import ReportSection, ReportSectionKey, Role, utcnow
from facilitator_app.core.records import ParticipantInfo
from facilitator_app.core.report.data import EventData
from facilitator_app.core.report.findings import draft_summary
from facilitator_app.core.report.frame import draft_introduction
from facilitator_app.core.report.text import and_list, number_word, one_line
from facilitator_app.core.store import Workshop

SECTION_TITLES: dict[ReportSectionKey, str] = {
    ReportSectionKey.INTRODUCTION: "Introduction",
    ReportSectionKey.BACKGROUND: "Background",
    ReportSectionKey.PROCESS: "Workshop process",
    ReportSectionKey.SUMMARY: "Summary of workshop outputs",
    ReportSectionKey.CONCLUSION: "Conclusion",
}

#: Sections whose default is drafted from the event data.
DRAFTED: frozenset[ReportSectionKey] = frozenset(
    {
        ReportSectionKey.INTRODUCTION,
        ReportSectionKey.BACKGROUND,
        ReportSectionKey.PROCESS,
        ReportSectionKey.SUMMARY,
    }
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def parse_section_key(name: str) -> ReportSectionKey:
    """``introduction`` or ``Introduction`` or ``workshop process``: the section meant."""
    wanted = " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
    for key, title in SECTION_TITLES.items():
        if wanted in (key.value, title.lower()):
            return key
    if wanted in ("intro", "summary of outputs"):
        return ReportSectionKey.INTRODUCTION if wanted == "intro" else ReportSectionKey.SUMMARY
    known = ", ".join(key.value for key in SECTION_TITLES)
    raise InvalidValueError(f"There is no report section called {name!r} (sections: {known}).")


# --- stored text ---------------------------------------------------------------------------


def get_sections(workshop: Workshop) -> dict[ReportSectionKey, str]:
    """The text the lead stored for each section ("" where none is stored)."""
    texts = dict.fromkeys(SECTION_TITLES, "")
    with workshop.session() as session:
        for row in session.exec(select(ReportSection)).all():
            texts[ReportSectionKey(row.key)] = row.text
    return texts


def get_section(workshop: Workshop, key: ReportSectionKey) -> str:
    with workshop.session() as session:
        row = session.get(ReportSection, key)
        return row.text if row is not None else ""


def set_section(workshop: Workshop, key: ReportSectionKey, text: str) -> None:
    """Store the lead's text for a section; blank text removes it so the draft is used again."""
    key = ReportSectionKey(key)
    with workshop.write() as session:
        row = session.get(ReportSection, key)
        if not text.strip():
            if row is not None:
                session.delete(row)
            return
        if row is None:
            row = ReportSection(key=key, text=text)
        elif row.text == text:
            return
        else:
            row.text = text
            row.updated_at = utcnow()
        session.add(row)


def draft_from_data(
    data: EventData,
    key: ReportSectionKey,
    *,
    texts: Mapping[ReportSectionKey, str] | None = None,
    refs: Mapping[str, str] | None = None,
    include_names: bool = True,
) -> str:
    """The drafted text of a section. ``texts`` are the stored texts (the frame fields feed the
    introduction), ``refs`` the appendix labels by key (the summary points to them)."""
    if key is ReportSectionKey.INTRODUCTION:
        return draft_introduction(data, texts or {})
    if key is ReportSectionKey.BACKGROUND:
        return data.event.context.strip()
    if key is ReportSectionKey.PROCESS:
        return _draft_process(data, include_names=include_names)
    if key is ReportSectionKey.SUMMARY:
        return draft_summary(data, refs or {})
    return ""


# --- drafts --------------------------------------------------------------------------------


def format_date(iso_date: str) -> str:
    """``2026-03-14`` -> ``14 March 2026`` (the way UK reports write dates); anything else as is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso_date.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return iso_date.strip()
    return f"{int(match[3])} {_MONTHS[int(match[2]) - 1]} {match[1]}"


def _people(count: int, word: str, plural: str | None = None) -> str:
    return f"{number_word(count)} {word if count == 1 else (plural or word + 's')}"


#: What an organisation held by one person is folded into when names are left out.
SINGLE_ORGANISATIONS = "Other organisations, one person each"


def organisation_counts(
    people: list[ParticipantInfo], *, include_names: bool = True
) -> list[tuple[str, int]]:
    """Organisations with the number of people from each, most first. Without names, those
    with one person are counted together, since one person's organisation identifies them."""
    counts = Counter(one_line(p.organisation) for p in people if p.organisation.strip())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
    if include_names:
        return ranked
    shared = [(name, count) for name, count in ranked if count > 1]
    single = sum(1 for _, count in ranked if count == 1)
    return [*shared, (SINGLE_ORGANISATIONS, single)] if single else shared


def _draft_process(data: EventData, *, include_names: bool = True) -> str:
    lines: list[str] = []
    when = format_date(data.event.date)
    venue = one_line(data.event.venue)
    if when and venue:
        lines.append(f"The event was held in {venue} on {when}.")
    elif when or venue:
        lines.append(f"The event was held {'on ' + when if when else 'in ' + venue}.")

    everyone = data.participants
    table_count = len(data.tables)
    tables = _people(table_count, "table")
    seating = f", seated at {tables}" if table_count else ""
    attendees = [p for p in everyone if p.role is Role.PARTICIPANT]
    staff = Counter(p.role for p in everyone if p.role is not Role.PARTICIPANT)
    if everyone:
        text = f"The event was attended by {_people(len(everyone), 'person', 'people')}{seating}"
        if staff:
            helpers = and_list(
                [
                    _people(staff[role], role.value)
                    for role in (Role.FACILITATOR, Role.SCRIBE)
                    if staff[role]
                ]
            )
            text += f": {_people(len(attendees), 'participant')} plus {helpers}"
        lines.append(text + ".")
    elif table_count:
        lines.append(f"Participants were seated at {tables}.")
    roles_by_table: dict[str, set[Role]] = {}
    for person in everyone:
        roles_by_table.setdefault(person.table_id, set()).add(person.role)
    if table_count and all(
        {Role.FACILITATOR, Role.SCRIBE} <= roles_by_table.get(table.id, set())
        for table in data.tables
    ):
        lines.append(
            "Each table had a facilitator, who guided the discussion, and a scribe, who recorded "
            "the points made."
        )

    organisations = organisation_counts(everyone, include_names=include_names)
    if organisations:
        lines.append("Those present came from the following organisations:")
        lines.extend(f"- {name} ({count})" for name, count in organisations)

    if data.questions:
        lines.append(
            "Each table discussed the following question:"
            if len(data.questions) == 1
            else "Each table discussed the following questions:"
        )
        lines.extend(f"- {one_line(q.text)}" for q in data.questions)
    if data.themes:
        names = and_list([one_line(theme.name) for theme in data.themes])
        lines.append(f"Each point was recorded under one of the following themes: {names}.")
    return "\n".join(lines)
