"""An asyncio event loop on a thread of its own, for programs that are not asyncio (the GUI).

The host and the table client are asyncio code. The app's window runs Qt's event loop, so it
runs them here: :meth:`LoopThread.submit` schedules a coroutine from any thread and returns a
``concurrent.futures.Future``. Their callbacks (``on_change``, ``on_status``, ``on_timer``...)
are called on this thread: a GUI hands them on to its own thread (a queued signal), never
touching widgets from here.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    """Start once, submit coroutines, stop once (which cancels whatever still runs)."""

    def __init__(self, name: str = "live-room") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def start(self) -> LoopThread:
        self._thread.start()
        return self

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        """Run ``coroutine`` on the loop; its result (or error) comes through the future."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel the tasks still running, let them finish their clean-up, stop the thread."""
        if not self._thread.is_alive():
            return

        async def wind_down() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._loop.shutdown_default_executor()

        try:
            self.submit(wind_down()).result(timeout)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._loop.close()
