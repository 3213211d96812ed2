"""Cleaning text for the report: whatever a scribe typed or pasted must survive or be cleaned.

Word's XML (XML 1.0) forbids most control characters, and python-docx/lxml refuse them outright,
so one stray vertical tab pasted from Word would otherwise crash the whole export. Vertical tab
and form feed are how Word itself writes a manual line break and a page break into plain text, so
they become line breaks; every other forbidden character is dropped. Nothing else is touched:
emoji, accents, right-to-left text and markup-like text pass through as they are (lxml escapes
``<`` and ``&`` when it writes).
"""

from __future__ import annotations

import re

# Characters XML 1.0 does not allow, plus the C1 controls and DEL which only ever come from text
# decoded with the wrong code page and which Word shows as boxes.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_BLANK_LINES = re.compile(r"\n{2,}")
# Anything either function would change (tab and newline excluded): most text has none, and one
# search is far cheaper than the substitutions, which matters for ten thousand points.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def xml_safe(text: str) -> str:
    """Drop what XML cannot hold; the last line of defence in the writer."""
    if _SUSPECT.search(text) is None:
        return text
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", text))


def clean_text(text: str) -> str:
    """A point or heading as it should appear: XML-safe, trimmed, no runs of blank lines.

    Line breaks inside the text are kept (the writer renders them as line breaks within one
    paragraph); vertical tabs and form feeds become line breaks.
    """
    if "\n" not in text and _SUSPECT.search(text) is None:
        return text.strip()
    text = xml_safe(text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", text).strip()


def one_line(text: str) -> str:
    """Text for a heading or a table cell label: line breaks folded into spaces."""
    return " ".join(clean_text(text).split())


_NUMBER_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip


def number_word(count: int) -> str:
    """``three`` for 3, as running prose writes small numbers; ``1,250`` past twenty."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else f"{count:,}"


def and_list(items: list[str]) -> str:
    """``A``; ``A and B``; ``A, B and C``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


NBSP = "\u00a0"
NO_BREAK_HYPHEN = "\u2011"


def unbreakable(name: str) -> str:
    """A name kept on one line: "(Table Four)" never splits between "Table" and "Four"."""
    return one_line(name).replace(" ", NBSP)


def unbroken_abbreviations(text: str) -> str:
    """Hyphens held together, so a cell never wraps inside "NHS-LLR" (the Word writer renders
    the non-breaking hyphen as Word's own)."""
    return text.replace("-", NO_BREAK_HYPHEN)
