"""Duplicate suggestions at the size of a merged programme: bounded memory, only new points
compared when points arrive, and a search that can be called off."""

from __future__ import annotations

import random
import tracemalloc
from itertools import combinations

import pytest
from rapidfuzz import fuzz, process

from facilitator_app.core import duplicate_pairs, duplicates
from facilitator_app.core.consolidate import consolidate
from facilitator_app.core.duplicate_pairs import PairScores
from facilitator_app.core.errors import SearchCancelled
from facilitator_app.core.event import list_questions, list_tables
from facilitator_app.core.model import Point
from facilitator_app.core.points import add_point, delete_point, edit_point_text, list_points
from facilitator_app.core.store import Workshop

PHRASES = [
    "care closer to home", "longer journeys for patients", "parking is poor at the hospital",
    "too few nurses on the ward", "a shuttle bus from the station", "train local people",
    "waiting times will fall", "digital appointments for follow up", "carers need support",
]  # fmt: skip


def realistic_texts(count: int, seed: int = 3) -> list[str]:
    """Points built from shared phrases with a few changed words, as tables write them."""
    rng = random.Random(seed)
    words = [
        "staff",
        "cost",
        "travel",
        "access",
        "rural",
        "evening",
        "weekend",
        "clinic",
        "pharmacy",
        "data",
    ]
    texts = []
    for _ in range(count):
        phrase = rng.choice(PHRASES).split()
        for _ in range(rng.randint(0, 3)):
            phrase.insert(rng.randrange(len(phrase) + 1), rng.choice(words))
        texts.append(" ".join(phrase))
    return texts


def fill(workshop: Workshop, texts: list[str]) -> None:
    tables = list_tables(workshop)
    question = list_questions(workshop)[0]
    with workshop.write() as session:
        for n, text in enumerate(texts):
            table = tables[n % len(tables)].id
            session.add(Point(table_id=table, question_id=question.id, text=text, position=n))


def brute_force(texts: list[str], floor: int) -> dict[tuple[int, int], int]:
    """Every pair scored on its own, as the suggestion score is defined."""
    scores = {}
    for i, j in combinations(range(len(texts)), 2):
        ratio = fuzz.ratio(texts[i], texts[j], score_cutoff=duplicate_pairs.RATIO_FLOOR)
        if ratio:
            score = (round(fuzz.token_set_ratio(texts[i], texts[j])) + round(ratio)) // 2
            if score >= floor:
                scores[i, j] = score
    return scores


def test_chunked_scores_are_every_pair_when_each_point_may_keep_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(duplicate_pairs, "CHUNK_ROWS", 7)  # many chunks, ragged last one
    texts = [duplicates.normalise(t) for t in realistic_texts(60)]
    scores = PairScores(texts, 60, best_per_point=len(texts))
    found = {(i, j): scores.score(i, j) for i, j in combinations(range(len(texts)), 2)}
    assert {pair: s for pair, s in found.items() if s} == brute_force(texts, 60)


def test_each_point_keeps_only_its_best_few() -> None:
    texts = [duplicates.normalise(t) for t in realistic_texts(400)]
    scores = PairScores(texts, 50, best_per_point=5)
    assert 0 < scores.pair_count() <= 5 * len(texts)


def _peak_bytes(count: int) -> int:
    texts = [duplicates.normalise(t) for t in realistic_texts(count)]
    tracemalloc.start()
    try:
        PairScores(texts, 60)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_the_points_not_with_the_pairs() -> None:
    """Twice the points is four times the pairs; the memory used must not follow them."""
    small, large = _peak_bytes(1500), _peak_bytes(3000)
    assert large / small < 3, f"{small / 2**20:.1f} MiB -> {large / 2**20:.1f} MiB"


def test_new_points_are_compared_only_against_the_rest(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every point may keep every pair, so comparing afresh must find exactly the same
    monkeypatch.setattr(duplicate_pairs, "BEST_PER_POINT", 1000)
    fill(event_file, realistic_texts(300))
    search = duplicates.DuplicateSearch()
    search.update(event_file)

    compared: list[int] = []
    real_cdist = process.cdist

    def counting_cdist(queries, choices, **options):  # type: ignore[no-untyped-def]
        compared.append(len(queries))
        return real_cdist(queries, choices, **options)

    monkeypatch.setattr(duplicate_pairs.process, "cdist", counting_cdist)
    tables, question = list_tables(event_file), list_questions(event_file)[0]
    add_point(event_file, tables[1].id, question.id, "Care closer to home for rural patients")
    add_point(event_file, tables[2].id, question.id, "rural care closer to patients' home")
    updated = search.update(event_file)

    assert sum(compared) == 2  # the two new points, not all 302
    monkeypatch.setattr(duplicate_pairs.process, "cdist", real_cdist)
    assert _shape(updated) == _shape(duplicates.suggest_duplicates(event_file))


def test_an_edited_point_alone_is_compared_again(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(duplicate_pairs, "BEST_PER_POINT", 1000)
    fill(event_file, realistic_texts(80))
    search = duplicates.DuplicateSearch()
    search.update(event_file)
    compared: list[int] = []
    real_cdist = process.cdist

    def counting_cdist(queries, choices, **options):  # type: ignore[no-untyped-def]
        compared.append(len(queries))
        return real_cdist(queries, choices, **options)

    monkeypatch.setattr(duplicate_pairs.process, "cdist", counting_cdist)
    points = list_points(event_file)
    edit_point_text(event_file, points[0].id, "Something nobody else said about ferries")
    edit_point_text(event_file, points[5].id, points[6].text + " too")  # now alike
    updated = search.update(event_file)

    assert compared == [1, 1]  # the two reworded points, not all 80 again
    monkeypatch.setattr(duplicate_pairs.process, "cdist", real_cdist)
    assert _shape(updated) == _shape(duplicates.suggest_duplicates(event_file))


def test_consolidating_or_deleting_compares_only_the_consolidated_point(
    event_file: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(duplicate_pairs, "BEST_PER_POINT", 1000)
    fill(event_file, realistic_texts(120))
    search = duplicates.DuplicateSearch()
    first = search.update(event_file)[0]
    compared: list[int] = []
    real_cdist = process.cdist

    def counting_cdist(queries, choices, **options):  # type: ignore[no-untyped-def]
        compared.append(len(queries))
        return real_cdist(queries, choices, **options)

    monkeypatch.setattr(duplicate_pairs.process, "cdist", counting_cdist)
    consolidate(event_file, list(first.point_ids), first.suggested_text)
    delete_point(event_file, list_points(event_file)[-1].id)
    updated = search.update(event_file)

    assert compared == [1]  # only the new consolidated point, not the 120 again
    monkeypatch.setattr(duplicate_pairs.process, "cdist", real_cdist)
    assert _shape(updated) == _shape(duplicates.suggest_duplicates(event_file))


def test_a_search_called_off_stops_and_a_later_one_is_whole(event_file: Workshop) -> None:
    fill(event_file, realistic_texts(600))
    search = duplicates.DuplicateSearch()
    asked: list[int] = []

    def cancel_on_second_chunk() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(SearchCancelled):
        search.update(event_file, cancelled=cancel_on_second_chunk)
    with pytest.raises(SearchCancelled):
        duplicates.suggest_duplicates(event_file, cancelled=lambda: True)
    assert _shape(search.update(event_file)) == _shape(duplicates.suggest_duplicates(event_file))


def _shape(suggestions: list[duplicates.DuplicateSuggestion]) -> list[tuple[int, tuple[str, ...]]]:
    return [(s.score, tuple(sorted(s.point_ids))) for s in suggestions]
