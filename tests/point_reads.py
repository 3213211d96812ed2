"""Counting the reads of the points table, as a user's wait grows with each one.

``PointReads`` listens to every statement SQLAlchemy sends (any engine, any thread) and counts
the SELECTs whose rows come from the ``point`` table (``FROM point``): the bulk reads a view
makes to show points. Small look-ups that only join a point (a conflict's) are not counted.
The duplicate search's own reads (made from ``core/duplicates.py``, on whatever thread) are
counted apart, in ``by_search``. ``orm_points`` counts the ORM objects built from rows of the
points table: bulk reads for display use plain selects into light records, never those.
"""

from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from facilitator_app.core.model import Point

_SEARCH = str(Path("core", "duplicates.py"))
_FROM_POINT = re.compile(r"^\s*SELECT\b.*?\bFROM point\b", re.IGNORECASE | re.DOTALL)


class PointReads:
    """The number of bulk reads of the points table since the count started (or was reset)."""

    def __init__(self) -> None:
        self.count = 0
        self.on_gui_thread = 0
        self.by_search = 0
        self.orm_points = 0
        #: Each counted read's bound values (the ids of a read of a few points).
        self.parameters: list[tuple[object, ...]] = []
        self._lock = threading.Lock()
        self._gui = threading.get_ident()

    def reset(self) -> None:
        with self._lock:
            self.count = self.on_gui_thread = self.by_search = self.orm_points = 0
            self.parameters = []

    def _built(self, *_args: Any) -> None:
        with self._lock:
            self.orm_points += 1

    def _heard(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if _FROM_POINT.match(statement):
            if any(frame.filename.endswith(_SEARCH) for frame in traceback.extract_stack()):
                with self._lock:
                    self.by_search += 1
                return
            with self._lock:
                self.count += 1
                self.parameters.append(tuple(_rest[0]) if _rest and _rest[0] else ())
                if threading.get_ident() == self._gui:
                    self.on_gui_thread += 1


@contextmanager
def counting_point_reads() -> Iterator[PointReads]:
    reads = PointReads()
    event.listen(Engine, "before_cursor_execute", reads._heard)
    event.listen(Point, "load", reads._built)
    try:
        yield reads
    finally:
        event.remove(Engine, "before_cursor_execute", reads._heard)
        event.remove(Point, "load", reads._built)
