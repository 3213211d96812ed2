"""The duplicate search in a process of its own, so the window never waits for it.

The comparing itself is rapidfuzz and numpy, but the Python around it (reading and normalising
the points, keeping the pairs, grouping them) holds the interpreter's lock for seconds at
10,000 points: run in a thread, it made every keystroke in the review's filter wait (97-350 ms).
In a process of its own (started with ``spawn``, so nothing of the GUI is copied into it, and
at a lower priority) it takes nothing from the window but a share of the CPU.

The process reads the file itself, read-only, and keeps its :class:`DuplicateSearch` between
requests, so after a change only the changed points are compared. It answers each request with
its generation and the suggestions as plain tuples. A newer request, or
:meth:`SearchProcess.cancel`, stops the search in hand at its next chunk;
:meth:`SearchProcess.close` ends the process at once; and when the app's process ends in any
way (``os._exit`` on closing the window, a crash) the search process ends with it: it watches
its parent and never outlives it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from facilitator_app.core.duplicates import DuplicateSearch, DuplicateSuggestion, SuggestedPoint
from facilitator_app.core.enums import Strength
from facilitator_app.core.errors import SearchCancelled
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop

#: How much lower the search runs than the window (POSIX ``nice``): a keystroke comes first.
NICENESS = 10

#: What a search that was waited for says when its process died (out of memory, killed).
CRASHED = "the search stopped unexpectedly; it starts again after the next change"

#: A point of a suggestion as sent between processes: the point's fields, then its tables.
PlainPoint = tuple[
    str, str | None, str, str | None, str, int, str | None, datetime, datetime, datetime | None,
    int, str, tuple[str, ...],
]  # fmt: skip
#: A suggestion as sent between processes: question id, score, its points.
PlainSuggestion = tuple[str, int, tuple[PlainPoint, ...]]


class Search(Protocol):
    """What the process needs of a search (:class:`DuplicateSearch`, or a stand-in in tests)."""

    def update(
        self, workshop: Workshop, *, cancelled: Callable[[], bool] | None = None
    ) -> Sequence[DuplicateSuggestion]: ...


#: Makes a search for a threshold; must be importable by name (it is sent to the process).
SearchType = Callable[[float], Search]


def to_plain(suggestions: Sequence[DuplicateSuggestion]) -> list[PlainSuggestion]:
    """Suggestions as tuples of plain values: cheap to send and to take in on the GUI side."""
    return [
        (
            suggestion.question_id,
            suggestion.score,
            tuple(_plain_point(item) for item in suggestion.points),
        )
        for suggestion in suggestions
    ]


def _plain_point(item: SuggestedPoint) -> PlainPoint:
    p = item.point
    strength = p.strength.value if p.strength is not None else None
    return (
        p.id, p.table_id, p.question_id, p.theme_id, p.text, p.position, strength,
        p.created_at, p.updated_at, p.deleted_at, p.revision, p.source_file, item.table_names,
    )  # fmt: skip


def from_plain(plain: Sequence[PlainSuggestion]) -> list[DuplicateSuggestion]:
    """The suggestions again, from :func:`to_plain`'s tuples."""
    return [
        DuplicateSuggestion(question_id, tuple(_point(item) for item in items), score)
        for question_id, score, items in plain
    ]


def _point(item: PlainPoint) -> SuggestedPoint:
    (id_, table_id, question_id, theme_id, text, position, strength, created_at, updated_at,
     deleted_at, revision, source_file, table_names) = item  # fmt: skip
    point = PointInfo(
        id=id_,
        table_id=table_id,
        question_id=question_id,
        theme_id=theme_id,
        text=text,
        position=position,
        strength=Strength(strength) if strength else None,
        created_at=created_at,
        updated_at=updated_at,
        deleted_at=deleted_at,
        revision=revision,
        source_file=source_file,
    )
    return SuggestedPoint(point, tuple(table_names))


class SearchProcess:
    """One search process, started at the first request, answering through ``on_result``.

    ``on_result(generation, kind, payload)`` is called on a thread of its own, for each request
    that was neither replaced nor cancelled: ``kind`` is ``"found"`` (payload: the plain
    suggestions) or ``"failed"`` (payload: the error, in one sentence).
    """

    def __init__(
        self,
        on_result: Callable[[int, str, Any], None],
        search_type: SearchType = DuplicateSearch,
    ) -> None:
        self._on_result = on_result
        self._search_type = search_type
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._requests: Connection | None = None
        #: The generation the GUI still wants; any other search stops at its next chunk.
        self._wanted: Any = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def request(self, workshop: Workshop, threshold: float, generation: int) -> None:
        """Search ``workshop``'s file at ``threshold``; whatever the process was doing stops."""
        if not self.running():
            self._start()
        assert self._requests is not None and self._wanted is not None
        self._wanted.value = generation
        self._requests.send((str(workshop.path), str(workshop.reading_path), threshold, generation))

    def cancel(self) -> None:
        """Stop the search in hand at its next chunk (the process and what it learnt stay)."""
        if self._wanted is not None:
            self._wanted.value = 0

    def close(self) -> None:
        """End the process now: nothing it was doing is wanted any more."""
        process, requests = self._process, self._requests
        self._process = self._requests = None
        self.cancel()
        if requests is not None:
            requests.close()
        if process is not None:
            process.terminate()  # never waited for: it holds nothing that needs finishing
            threading.Thread(target=process.join, daemon=True).start()  # reaped when it ends

    def _start(self) -> None:
        context = self._context
        self.close()
        wanted = context.Value("q", 0, lock=False)
        requests_out, requests_in = context.Pipe(duplex=False)
        results_out, results_in = context.Pipe(duplex=False)
        process = context.Process(
            target=_serve,
            args=(requests_out, results_in, wanted, self._search_type),
            name="facilitator-duplicate-search",
            daemon=True,  # ended with the app at a normal exit; _watch_parent covers the rest
        )
        process.start()
        _lower_priority(process.pid)  # at once: its imports alone take a second of CPU
        requests_out.close()
        results_in.close()
        self._process, self._requests, self._wanted = process, requests_in, wanted
        threading.Thread(
            target=self._listen,
            args=(process, results_out, wanted),
            name="duplicate-search-results",
            daemon=True,
        ).start()

    def _listen(
        self, process: multiprocessing.process.BaseProcess, results: Connection, wanted: Any
    ) -> None:
        with results:
            while True:
                try:
                    generation, kind, payload = results.recv()
                except (EOFError, OSError):
                    break  # the process ended
                self._on_result(generation, kind, payload)
        if self._process is process and wanted.value:  # not closed by us: it died
            self._process = None
            self._on_result(wanted.value, "failed", CRASHED)


# --- in the search process -------------------------------------------------------------------


def _serve(requests: Connection, results: Connection, wanted: Any, search_type: SearchType) -> None:
    """The search process: answer requests one at a time until the app goes."""
    _watch_parent()
    kept: tuple[tuple[str, float], Search] | None = None
    while True:
        try:
            path, reading_path, threshold, generation = requests.recv()
        except (EOFError, OSError):
            return  # the app closed the search
        if wanted.value != generation:
            continue  # replaced before it started
        key = (reading_path, threshold)
        if kept is None or kept[0] != key:
            kept = (key, search_type(threshold))
        answer = _answer(kept[1], path, reading_path, generation, wanted)
        if answer is not None and wanted.value == generation:
            results.send(answer)


def _answer(
    search: Search, path: str, reading_path: str, generation: int, wanted: Any
) -> tuple[int, str, Any] | None:
    """One request's answer, or None when it was cancelled meanwhile."""
    workshop = Workshop(Path(path), read_only=True, working_path=Path(reading_path))
    try:
        found = search.update(workshop, cancelled=lambda: wanted.value != generation)
    except SearchCancelled:
        return None
    except Exception as error:  # reported in a sentence, never lost in a process
        return (generation, "failed", str(error) or type(error).__name__)
    finally:
        workshop.close()
    return (generation, "found", to_plain(found))


def _lower_priority(pid: int | None) -> None:
    """Run the search below the window (POSIX): a keystroke comes first on a busy machine."""
    if pid is not None and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)


def _watch_parent() -> None:
    """End this process the moment the app's ends, however it ends."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="watch-the-app", daemon=True).start()
