"""How long duplicate suggestions take for a large question, against one bare rapidfuzz pass."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from facilitator_app.core.duplicates import normalise, suggest_duplicates
from facilitator_app.core.event import list_questions, list_tables
from facilitator_app.core.model import Point
from facilitator_app.core.store import Workshop

POINTS = 3000


def _fill(workshop: Workshop) -> list[str]:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghiklmnoprstuw") for _ in range(rng.randint(3, 10)))
        for _ in range(800)
    ]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf, like real words
    tables = list_tables(workshop)
    question = list_questions(workshop)[0]
    texts = []
    with workshop.write() as session:
        for n in range(POINTS):
            text = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 12)))
            texts.append(text)
            session.add(
                Point(
                    table_id=tables[n % len(tables)].id,
                    question_id=question.id,
                    text=text,
                    position=n,
                )
            )
    return texts


@pytest.mark.benchmark
def test_suggest_duplicates_for_3000_points(event_file: Workshop) -> None:
    texts = _fill(event_file)
    started = time.perf_counter()
    normalised = [normalise(text) for text in texts]
    process.cdist(normalised, normalised, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    suggestions = suggest_duplicates(event_file)
    elapsed = time.perf_counter() - started

    print(
        f"\nsuggest_duplicates, {POINTS} points in one question: {elapsed:.2f} s "
        f"= {elapsed / baseline:.1f}x one bare cdist ratio pass ({baseline:.2f} s); "
        f"{len(suggestions)} suggestions"
    )
    assert elapsed < 60
