"""Small helpers for the words people read: "1 point", "3 points", never "point(s)"."""

from __future__ import annotations


def counted(count: int, one: str, many: str) -> str:
    """The form for ``count`` with ``%1`` replaced by the number: ``counted(3, "%1 point",
    "%1 points")`` gives "3 points", and 10000 gives "10,000 points" (grouped, as the report
    prints numbers). Both forms come from the caller, already translated."""
    return (one if count == 1 else many).replace("%1", grouped(count))


def grouped(count: int) -> str:
    """A count as people read it: ``10,000``."""
    return f"{count:,}"
