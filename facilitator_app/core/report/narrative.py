"""Narrative text to report blocks: the light, forgiving shape the lead types or pastes.

Each line is a numbered paragraph; lines starting with "-", "*" or "•" are bullets (indented ones
are sub-bullets); lines starting with "1." or "1)" are a numbered list. Its own module because the
sections, the lead's text appendix (frame) and the builder all read text this way.
"""

from __future__ import annotations

import re

from facilitator_app.core.report.document import Block, BulletList, ListItem, Paragraph
from facilitator_app.core.report.text import clean_text

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
