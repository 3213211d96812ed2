"""Duplicate suggestions for a large question, against one bare rapidfuzz pass on the same texts.

The floor is ``process.cdist`` (plain ratio, with a score cutoff) over every pair of the
question's normalised texts, timed and traced in this run. Target (issue 14): within 2x of it in
time and in memory at 10,000 points. Two sizes show how each grows (the exponent, not one point).
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from facilitator_app.core.duplicates import normalise, suggest_duplicates
from facilitator_app.core.event import EventSpec, create_event_file, list_questions, list_tables
from facilitator_app.core.model import Point
from facilitator_app.core.store import Workshop

SIZES = (2500, 10000)


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghiklmnoprstuw") for _ in range(rng.randint(3, 10)))
        for _ in range(800)
    ]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf, like real words
    return [" ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 12))) for _ in range(count)]


def _fill(workshop: Workshop, texts: list[str]) -> None:
    tables = list_tables(workshop)
    question = list_questions(workshop)[0]
    with workshop.write() as session:
        for n, text in enumerate(texts):
            table = tables[n % len(tables)].id
            session.add(Point(table_id=table, question_id=question.id, text=text, position=n))


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


#: Run in a child process: the extra peak memory (resident) of one piece of work on a file.
_MEMORY_PROBE = """
import sys
import numpy as np
from rapidfuzz import fuzz, process
from facilitator_app.core.duplicates import normalise, suggest_duplicates
from facilitator_app.core.points import list_points
from facilitator_app.core.store import open_workshop
workshop = open_workshop(sys.argv[2], read_only=True)
texts = [p.text for p in list_points(workshop)]
del list_points
def resident(field):
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field))
    return int(line.split()[1]) * 1024
before = resident("VmRSS:")
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # the peak (VmHWM) starts again from here
if sys.argv[1] == "floor":
    normalised = [normalise(text) for text in texts]
    process.cdist(normalised, normalised, scorer=fuzz.ratio, dtype=np.uint8, workers=-1,
                  score_cutoff=40)
else:
    suggest_duplicates(workshop)
print(resident("VmHWM:") - before)
"""


def _extra_peak_bytes(what: str, path: Path) -> int | None:
    if not Path("/proc/self/clear_refs").exists():
        return None  # resident memory is read the Linux way
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, what, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return max(int(result.stdout), 1)


@pytest.mark.benchmark
def test_suggest_duplicates_against_one_cdist_pass(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    rows = []
    for size in SIZES:
        texts = _texts(size)
        path = tmp_path_factory.mktemp("dups") / "event.workshop"
        workshop = create_event_file(path, EventSpec.with_numbered_tables("Big programme", 8))
        _fill(workshop, texts)

        def floor(texts: list[str] = texts) -> None:
            normalised = [normalise(text) for text in texts]
            process.cdist(
                normalised, normalised, scorer=fuzz.ratio, dtype=np.uint8, workers=-1,
                score_cutoff=40,
            )  # fmt: skip

        base_time = _seconds(floor)
        ours_time = _seconds(lambda w=workshop: suggest_duplicates(w))
        workshop.close()
        rows.append(
            (size, base_time, ours_time, _extra_peak_bytes("floor", path),
             _extra_peak_bytes("ours", path))
        )  # fmt: skip

    print("\nduplicate suggestions in one question, vs rapidfuzz cdist with a cutoff (target 2x):")
    for size, base_time, ours_time, base_memory, ours_memory in rows:
        memory = (
            f"; extra peak memory {ours_memory / 2**20:6.1f} MiB = "
            f"{ours_memory / base_memory:4.2f}x ({base_memory / 2**20:.1f} MiB)"
            if base_memory and ours_memory
            else ""
        )
        print(
            f"  {size:>6} points: {ours_time:6.2f} s = {ours_time / base_time:4.2f}x "
            f"({base_time:.2f} s){memory}"
        )
    (small, small_base, small_time, *_), (large, large_base, large_time, *_) = rows
    growth = math.log(large / small)
    print(
        f"  growth exponent in time: ours {math.log(large_time / small_time) / growth:.2f}, "
        f"floor {math.log(large_base / small_base) / growth:.2f} (pairs grow as 2)"
    )
    assert large_time / large_base < 6, "suggestions are far slower than one cdist pass"
