"""The narrative sections of the report: stored in the event file, drafted from the data.

The programme lead writes the introduction, background, summary and conclusion; the workshop
process and the summary's figures are drafted from the event (tables, who attended, the
questions, counts) and the background defaults to the event's context, until the lead stores
their own text. A stored empty text means "use the draft again".

Section text is plain text with a light, forgiving shape, so text pasted from Word works: each
line is a paragraph (numbered in the report); lines starting with "-", "*" or "•" are bullets
(indented ones are sub-bullets); lines starting with "1." or "1)" are a numbered list.
"""

from __future__ import annotations

import re
from collections import Counter

from sqlmodel import select

from facilitator_app.core.errors import InvalidValueError
from facilitator_app.core.model import ReportSection, ReportSectionKey, Role, utcnow
from facilitator_app.core.report.data import EventData, load_event_data
from facilitator_app.core.report.document import Block, BulletList, ListItem, Paragraph
from facilitator_app.core.report.text import clean_text
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
    {ReportSectionKey.BACKGROUND, ReportSectionKey.PROCESS, ReportSectionKey.SUMMARY}
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


def draft_section(workshop: Workshop, key: ReportSectionKey) -> str:
    """The text drafted from the event data for a section ("" for sections with no draft)."""
    return draft_from_data(load_event_data(workshop), key)


def draft_from_data(data: EventData, key: ReportSectionKey) -> str:
    if key is ReportSectionKey.BACKGROUND:
        return data.event.context.strip()
    if key is ReportSectionKey.PROCESS:
        return _draft_process(data)
    if key is ReportSectionKey.SUMMARY:
        return _draft_summary(data)
    return ""


# --- drafts --------------------------------------------------------------------------------


def format_date(iso_date: str) -> str:
    """``2026-03-14`` -> ``14 March 2026`` (the way UK reports write dates); anything else as is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso_date.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return iso_date.strip()
    return f"{int(match[3])} {_MONTHS[int(match[2]) - 1]} {match[1]}"


_SMALL_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _plural(count: int, word: str, plural: str | None = None, *, in_words: bool = False) -> str:
    """``3 tables``; with ``in_words`` one to nine are spelt out, for running prose."""
    number = _SMALL_NUMBERS[count] if in_words and 0 <= count < 10 else f"{count:,}"
    return f"{number} {word if count == 1 else (plural or word + 's')}"


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _draft_process(data: EventData) -> str:
    lines: list[str] = []
    when = format_date(data.event.date)
    venue = data.event.venue.strip()
    if when and venue:
        lines.append(f"The event was held on {when} at {venue}.")
    elif when or venue:
        lines.append(f"The event was held {'on ' + when if when else 'at ' + venue}.")

    people = [p for p in data.participants if p.role is Role.PARTICIPANT]
    table_count = len(data.tables)
    tables = _plural(table_count, "table", in_words=True)
    seating = f", seated at {tables}" if table_count else ""
    if people:
        attended = _plural(len(people), "participant", in_words=True)
        lines.append(f"The event was attended by {attended}{seating}.")
    elif table_count:
        lines.append(f"Participants were seated at {tables}.")
    roles_by_table: dict[str, set[Role]] = {}
    for person in data.participants:
        roles_by_table.setdefault(person.table_id, set()).add(person.role)
    if table_count and all(
        {Role.FACILITATOR, Role.SCRIBE} <= roles_by_table.get(table.id, set())
        for table in data.tables
    ):
        lines.append(
            "Each table had a facilitator, who guided the discussion, and a scribe, who recorded "
            "the points made."
        )
    elif table_count:
        lines.append(
            "The discussion at each table was guided by a facilitator and the points made were "
            "recorded by a scribe."
        )

    organisations = Counter(p.organisation.strip() for p in people if p.organisation.strip())
    if organisations:
        lines.append("Those taking part came from the following organisations:")
        for name, count in sorted(
            organisations.items(), key=lambda item: (-item[1], item[0].lower())
        ):
            lines.append(f"- {name} ({count})")

    if data.event.context.strip():
        lines.append("Participants were given the background to the proposal set out above.")
    if data.questions:
        lines.append(
            "Each table discussed the following question:"
            if len(data.questions) == 1
            else "Each table discussed the following questions:"
        )
        lines.extend(f"{q.number}. {' '.join(q.text.split())}" for q in data.questions)
    if data.themes:
        names = _and_list([theme.name for theme in data.themes])
        lines.append(f"Each point was recorded under one of the following themes: {names}.")
    return "\n".join(lines)


def _draft_summary(data: EventData) -> str:
    if not data.points:
        return "No points were recorded at the event."
    lines: list[str] = []
    per_table = Counter[str]()
    # Points per table: a combined point counts once for each table that raised it.
    for point in data.points:
        for table_id in point.tables:
            per_table[table_id] += 1
    took_part = [table for table in data.tables if per_table[table.id]]
    shown = len(data.points)
    if data.captured:
        verb = "was" if data.captured == 1 else "were"
        lines.append(
            f"In total, {_plural(data.captured, 'point', in_words=True)} {verb} recorded at "
            f"{_plural(len(took_part), 'table', in_words=True)}."
        )
    if shown != data.captured:
        lines.append(
            "Where several tables made the same point, the points have been combined, so the "
            f"appendices list {_plural(shown, 'distinct point', in_words=True)}."
        )
    by_question = Counter(point.question_id for point in data.points)
    if by_question:
        lines.append("Points by question:")
        lines.extend(
            f"- {' '.join(q.text.split())} ({_plural(by_question[q.id], 'point')})"
            for q in data.questions
            if by_question[q.id]
        )
    by_theme = Counter(point.theme_id for point in data.points)
    themed = [theme for theme in data.themes if by_theme[theme.id]]
    if themed:
        lines.append("Points by theme:")
        lines.extend(f"- {theme.name} ({_plural(by_theme[theme.id], 'point')})" for theme in themed)
        theme_ids = {theme.id for theme in data.themes}
        unthemed = sum(count for theme_id, count in by_theme.items() if theme_id not in theme_ids)
        if unthemed:
            lines.append(f"- No theme given ({_plural(unthemed, 'point')})")
    if took_part:
        lines.append("Tables that took part:")
        lines.extend(
            f"- {table.name} ({_plural(per_table[table.id], 'point')})" for table in took_part
        )
    silent = [table.name for table in data.tables if not per_table[table.id]]
    if silent and took_part:
        lines.append(f"No points were recorded at {_and_list(silent)}.")
    lines.append(
        "The points made are set out in full in the appendices, grouped by question and theme."
    )
    return "\n".join(lines)


# --- narrative text to blocks --------------------------------------------------------------

_BULLET = re.compile(r"^(\s*)[-*\u2022\u2013]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def parse_narrative(text: str) -> list[Block]:
    """Blocks of a narrative section: a numbered paragraph per line, bullets and numbered lists."""
    blocks: list[Block] = []
    current: BulletList | None = None
    for raw in clean_text(text).split("\n"):
        if not raw.strip():
            current = None
            continue
        bullet = _BULLET.match(raw)
        numbered = None if bullet else _NUMBERED.match(raw)
        if bullet or numbered:
            is_numbered = numbered is not None
            content = (numbered or bullet)[2 if bullet else 1].strip()  # type: ignore[index]
            if current is None or current.numbered != is_numbered:
                current = BulletList([], numbered=is_numbered)
                blocks.append(current)
            indented = bullet is not None and len(bullet[1].expandtabs(4)) >= 2
            if indented and current.items and not is_numbered:
                current.items[-1].children.append(ListItem(content))
            else:
                current.items.append(ListItem(content))
            continue
        current = None
        blocks.append(Paragraph(raw.strip(), numbered=True))
    return blocks
