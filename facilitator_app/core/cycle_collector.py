"""Python's cycle collector held off while a big batch of plain records is built.

Reading an event of 50,000 points makes a few hundred thousand tuples, strings and small
records that never form a cycle, yet making them sets the collector off hundreds of times, each
pass walking every object the process holds (in the app: every view's rows too). That was a
third of the time of building a report's preview, and half that of reading a 40,000-row sheet.

The pause is counted, so builds on several threads at once (a preview on a worker thread while
the GUI thread reads the review) hold it together: the collector runs again when the last one
ends, and collects then whatever cycles were left meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
#: Whether the collector was running when the first of the current holders paused it.
_resume = False


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """No cycle collection inside the block (nor in other threads meanwhile)."""
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
