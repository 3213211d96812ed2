"""Dates as people type them: "12 May 2026", "12/05/2026", "12.5.26", "2026-05-12".

Day before month, as in the UK and most of the world, unless only the other way round makes a
date ("05/13/2026"). Month names are read in English whatever the system's locale, so a file
set up on one laptop reads the same on every other.
"""

from __future__ import annotations

import datetime as dt
import re

from facilitator_app.core.errors import InvalidValueError

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_parts(text: str) -> dt.date | None:
    words = [w for w in re.split(r"[\s,]+", text.casefold()) if w]
    words = [w.rstrip(".") for w in words]
    words = [w for w in words if not (w.isalpha() and w[:3] in _WEEKDAYS and w not in _MONTHS)]
    numbers = re.fullmatch(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})", "".join(words))
    if numbers:
        first, second, third = numbers.groups()
        if len(first) == 4:  # 2026-05-12
            return _make(int(first), int(second), int(third))
        day_first = _make(_year(third), int(second), int(first))
        return day_first or _make(_year(third), int(first), int(second))
    day = month = year = None
    for word in words:
        plain = re.sub(r"(?<=\d)(st|nd|rd|th)$", "", word)
        if plain in _MONTHS and month is None:
            month = _MONTHS[plain]
        elif plain.isdigit() and day is None and len(plain) <= 2:
            day = int(plain)
        elif plain.isdigit() and year is None:
            year = _year(plain)
        else:
            return None
    if day is None or month is None or year is None:
        return None
    return _make(year, month, day)


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` names; ``None`` for an empty text (no date). Raises
    :class:`InvalidValueError` with a one-line explanation when it names no date."""
    text = text.strip()
    if not text:
        return None
    date = _from_parts(text)
    if date is None:
        raise InvalidValueError(
            f"“{text}” is not a date the app can read: type it like 12 May 2026 or 12/05/2026."
        )
    return date


def format_date(date: dt.date) -> str:
    """How the app shows a date: "12 May 2026"."""
    return f"{date.day} {_MONTH_NAMES[date.month - 1]} {date.year}"
