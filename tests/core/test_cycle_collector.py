"""The cycle collector's pause is shared by builds running at once on several threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from facilitator_app.core.cycle_collector import cycle_collection_paused


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_runs_again_only_when_the_last_of_two_overlapping_builds_ends() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen_after_first: list[bool] = []

    def second_build() -> None:
        first_in.wait(5)
        with cycle_collection_paused():
            second_in.set()
            first_out.wait(5)
            seen_after_first.append(gc.isenabled())

    other = threading.Thread(target=second_build)
    other.start()
    with cycle_collection_paused():
        first_in.set()
        assert second_in.wait(5)
        assert not gc.isenabled()
    first_out.set()  # the first build ended while the second still runs
    other.join(5)
    assert seen_after_first == [False]  # the second build was not left to the collector
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_runs_again_after_a_build_that_failed() -> None:
    with pytest.raises(ValueError), cycle_collection_paused():
        raise ValueError("a damaged row")
    assert gc.isenabled()
