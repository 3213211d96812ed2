"""File names made from names people typed (an event title, a table name), safe on every system.

A table called ``x/../../PWNED`` or ``a/b`` must not write outside the folder the scribe chose or
make folders in it, and ``CON`` or ``Table: 2?`` must still be a file Windows can hold.
"""

from __future__ import annotations

import re

from facilitator_app import FILE_EXTENSION

#: Longest stem we make: well inside every file system's limit, with room for " (2)".
MAX_STEM_LENGTH = 80

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
#: Names Windows reserves for devices, with or without an extension.
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$")


def safe_stem(text: str, fallback: str) -> str:
    """``text`` as a file name without extension: separators and reserved names made harmless."""
    cleaned = " ".join(_UNSAFE.sub(" ", text).split()).strip(" .")[:MAX_STEM_LENGTH].strip(" .")
    if not cleaned:
        return fallback
    if _RESERVED.match(cleaned):
        return f"{cleaned} file"
    return cleaned


def hand_in_file_name(event_stem: str, table_name: str | None) -> str:
    """``event - Table Two.workshop``: the name suggested for a table file handed in."""
    name = f"{event_stem} - {table_name}" if table_name else f"{event_stem} copy"
    return safe_stem(name, "table file") + FILE_EXTENSION
