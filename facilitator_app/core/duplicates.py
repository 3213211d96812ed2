"""Suggesting likely duplicates: points of one question, from different tables, that read alike.

:func:`suggest_duplicates` compares points with rapidfuzz over normalised text (case,
punctuation, stop words and common word endings removed) and groups them, best first. The
facilitator accepts a suggestion (:func:`facilitator_app.core.consolidate.consolidate`) or
rejects it (:func:`dismiss_suggestion`, remembered per pair of point UUIDs, undone by
:func:`forget_dismissal`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from sqlmodel import select

from facilitator_app.core.consolidate import live_memberships, tables_by_id
from facilitator_app.core.errors import InvalidValueError, UnknownPointError
from facilitator_app.core.model import DismissedDuplicate, Point
from facilitator_app.core.records import PointInfo
from facilitator_app.core.review import read_points
from facilitator_app.core.store import Workshop

if TYPE_CHECKING:
    # numpy and rapidfuzz load with the first search run in this process: the review view
    # imports this module, and a big event's search runs in a process of its own.
    from facilitator_app.core.duplicate_pairs import PairScores

#: Pairs scoring at least this (0-100) are suggested as duplicates.
DEFAULT_THRESHOLD = 72
#: The lowest threshold :func:`suggest_duplicates` accepts (below it, suggestions are noise).
MIN_THRESHOLD = 50
#: A question where more than one point in this many was reworded is compared afresh (cheaper
#: than comparing each reworded point against all).
REWORDED_SHARE = 4
#: A point joins a group only if it is at least this similar to every point already in it,
#: so a chain of loosely similar points does not snowball into one big group.
LINK_SLACK = 12

# Common English words that carry no meaning for matching ("the", "to", "would"...).
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either etc few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let may me might more most must my myself no nor not now of off
    on once only or other ought our ours ourselves out over own per same shall she should so
    some such than that the their theirs them themselves then there these they this those
    through to too under until up upon us very via was we were what when where whether which
    while who whom why will with within without would yet you your yours yourself yourselves
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_POSSESSIVE = re.compile(r"['\u2019]s\b")  # "people's", typographic apostrophe too
_WORD = re.compile(r"[^\W_]+")


def _stem(word: str) -> str:
    """Strip the commonest English endings so "delivered homes" matches "deliver home"."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    for ending in ("ment", "ing", "ed"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Text as compared: lower case, no punctuation or stop words, word endings cut, sorted.

    Sorting the words lets a plain ratio act as rapidfuzz's ``token_sort_ratio`` without
    re-tokenising for every pair.
    """
    text = _POSSESSIVE.sub("", text.casefold())
    words = [_stem(word) for word in _WORD.findall(text) if word not in STOP_WORDS]
    return " ".join(sorted(words))


def similarity(first: str, second: str) -> float:
    """How alike two point texts are, 0-100, after :func:`normalise`."""
    return _pair_score(normalise(first), normalise(second))


def _pair_score(first: str, second: str) -> float:
    # token_set alone calls any text whose words are a subset of another's a perfect match
    # ("care" vs "deliver care closer to home"); averaging with the sorted ratio tempers that.
    if not first or not second:
        return 0.0
    from rapidfuzz import fuzz  # loaded by the first comparison, not with the review

    return (fuzz.token_set_ratio(first, second) + fuzz.ratio(first, second)) / 2


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SuggestedPoint:
    """One point of a suggestion, with the tables that raised it."""

    point: PointInfo
    table_names: tuple[str, ...]

    @property
    def consolidated(self) -> bool:
        return self.point.table_id is None


@dataclass(frozen=True, slots=True)
class DuplicateSuggestion:
    """Points of one question, from different tables, that look like the same point.

    ``points`` start with the most representative one (an existing consolidated point if any),
    whose text is offered as the wording of the consolidated point.
    """

    question_id: str
    points: tuple[SuggestedPoint, ...]
    score: int

    @property
    def point_ids(self) -> tuple[str, ...]:
        return tuple(item.point.id for item in self.points)

    @property
    def table_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for item in self.points:
            names.extend(name for name in item.table_names if name not in names)
        return tuple(names)

    @property
    def suggested_text(self) -> str:
        return self.points[0].point.text


# --- suggesting ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    point: PointInfo
    table_ids: frozenset[str]
    normalised: str


def _candidates(
    workshop: Workshop, question_id: str | None, normalised: dict[str, str] | None = None
) -> dict[str, list[_Candidate]]:
    """Points that can be suggested, by question: live, and not hidden in a consolidation.

    Read with one plain select (an ORM object per point cost seconds at 10,000). ``normalised``
    holds the texts normalised last time (text -> normalised); it is brought up to date.
    """
    points = read_points(workshop)
    if question_id is not None:
        points = [p for p in points if p.question_id == question_id]
    known = dict(normalised or {})
    if normalised is not None:
        normalised.clear()
    with workshop.session() as session:
        memberships = live_memberships(session)
    live = {p.id: p for p in points}
    hidden = {m for members in memberships.values() for m in members}
    by_question: dict[str, list[_Candidate]] = defaultdict(list)
    for point in points:
        if point.id in hidden:
            continue
        if point.table_id is None:
            tables = frozenset(
                t for m in memberships.get(point.id, []) if (t := _table_of(live, m)) is not None
            )
        else:
            tables = frozenset({point.table_id})
        if not tables:
            continue
        words = known.get(point.text)
        if words is None:
            words = normalise(point.text)
        if normalised is not None:
            normalised[point.text] = words
        by_question[point.question_id].append(_Candidate(point, tables, words))
    return by_question


def _table_of(points: dict[str, PointInfo], point_id: str) -> str | None:
    point = points.get(point_id)
    return None if point is None else point.table_id


def _dismissed_pairs(workshop: Workshop) -> set[tuple[str, str]]:
    with workshop.session() as session:
        rows = session.exec(select(DismissedDuplicate.first_id, DismissedDuplicate.second_id)).all()
    return {(first, second) for first, second in rows}


def _check_threshold(threshold: float) -> None:
    if not MIN_THRESHOLD <= threshold <= 100:
        raise InvalidValueError(
            f"The similarity threshold must be between {MIN_THRESHOLD} and 100."
        )


def _ordered(suggestions: list[DuplicateSuggestion]) -> list[DuplicateSuggestion]:
    suggestions.sort(key=lambda s: (-s.score, -len(s.points), s.suggested_text.casefold()))
    return suggestions


def suggest_duplicates(
    workshop: Workshop,
    question_id: str | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    cancelled: Callable[[], bool] | None = None,
) -> list[DuplicateSuggestion]:
    """Likely duplicates across tables, grouped, best first (highest similarity, then size).

    Points of one table are never suggested as duplicates of each other; pairs the facilitator
    rejected are not suggested again. An existing consolidated point can be suggested together
    with a new point from another table (accepting adds the point to it). ``cancelled`` is asked
    now and then; when it returns true the search stops with :class:`SearchCancelled`.
    """
    _check_threshold(threshold)
    dismissed = _dismissed_pairs(workshop)
    with workshop.session() as session:
        tables = tables_by_id(session)
    suggestions: list[DuplicateSuggestion] = []
    for question, candidates in _candidates(workshop, question_id).items():
        suggestions.extend(
            _suggest_in_question(
                question, candidates, dismissed, tables, threshold, cancelled=cancelled
            )
        )
    return _ordered(suggestions)


class DuplicateSearch:
    """Suggestions kept up to date as points arrive, comparing only the new points.

    Each :meth:`update` re-reads the points. In a question compared before, only new points and
    points whose words changed are compared against the rest, and points gone (deleted, or
    folded into a consolidation) are left out; a question where most points were reworded is
    compared afresh. Grouping is redone every time; it is cheap next to comparing. Not for two
    threads at once.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        _check_threshold(threshold)
        self.threshold = threshold
        # per question: the compared points' ids and texts, in the order compared; their scores
        self._questions: dict[str, tuple[dict[str, str], PairScores]] = {}
        self._normalised: dict[str, str] = {}  # each text as compared, kept for the next update

    def update(
        self, workshop: Workshop, *, cancelled: Callable[[], bool] | None = None
    ) -> list[DuplicateSuggestion]:
        dismissed = _dismissed_pairs(workshop)
        with workshop.session() as session:
            tables = tables_by_id(session)
        by_question = _candidates(workshop, None, self._normalised)
        for gone in set(self._questions) - set(by_question):
            del self._questions[gone]
        suggestions: list[DuplicateSuggestion] = []
        for question, candidates in by_question.items():
            scores = self._scores(question, candidates, cancelled)
            suggestions.extend(
                _suggest_in_question(
                    question, candidates, dismissed, tables, self.threshold, scores
                )
            )
        return _ordered(suggestions)

    def _scores(
        self,
        question: str,
        candidates: Sequence[_Candidate],
        cancelled: Callable[[], bool] | None,
    ) -> _InCandidateOrder:
        # Taken out while comparing: a cancelled comparison leaves nothing half-done behind.
        known = self._questions.pop(question, None)
        texts = {c.point.id: c.normalised for c in candidates}
        changed = [] if known is None else [
            i for i, text in known[0].items() if texts.get(i, text) != text
        ]  # fmt: skip
        if known is not None and len(changed) <= len(known[0]) // REWORDED_SHARE:
            slots, scores = known
            slot_of = {point_id: n for n, point_id in enumerate(slots)}
            reworded = [texts[i] for i in changed]
            scores.replace([slot_of[i] for i in changed], reworded, cancelled=cancelled)
            slots.update(zip(changed, reworded, strict=True))
            new = [c for c in candidates if c.point.id not in slots]
            scores.add([c.normalised for c in new], cancelled=cancelled)
            slots.update({c.point.id: c.normalised for c in new})
        else:
            from facilitator_app.core.duplicate_pairs import PairScores

            scores = PairScores(
                list(texts.values()), self.threshold - LINK_SLACK, cancelled=cancelled
            )
            slots = dict(texts)
        self._questions[question] = (slots, scores)
        slot_of = {point_id: n for n, point_id in enumerate(slots)}
        return _InCandidateOrder(scores, [slot_of[c.point.id] for c in candidates])


class _InCandidateOrder:
    """Pair scores kept in the order points arrived, read in the candidates' (table) order."""

    def __init__(self, scores: PairScores, slots: list[int]) -> None:
        self.scores = scores
        self.slots = slots
        self.index_of = {slot: index for index, slot in enumerate(slots)}

    def score(self, first: int, second: int) -> int:
        return self.scores.score(self.slots[first], self.slots[second])

    def pairs_at_least(self, threshold: float) -> list[tuple[int, int, int]]:
        pairs = []
        for score, x, y in self.scores.pairs_at_least(threshold):
            i, j = self.index_of.get(x), self.index_of.get(y)
            if i is not None and j is not None:  # both still candidates
                pairs.append((score, min(i, j), max(i, j)))
        return pairs


def _blocked_pairs(
    candidates: Sequence[_Candidate], dismissed: set[tuple[str, str]]
) -> set[tuple[int, int]]:
    """Index pairs (both orders) the facilitator marked as not duplicates."""
    if not dismissed:
        return set()
    index = {c.point.id: i for i, c in enumerate(candidates)}
    blocked: set[tuple[int, int]] = set()
    for first, second in dismissed:
        if first in index and second in index:
            blocked.update({(index[first], index[second]), (index[second], index[first])})
    return blocked


def _suggest_in_question(
    question_id: str,
    candidates: Sequence[_Candidate],
    dismissed: set[tuple[str, str]],
    tables: dict[str, tuple[int, str]],
    threshold: float,
    pair_scores: PairScores | _InCandidateOrder | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[DuplicateSuggestion]:
    if len(candidates) < 2:
        return []
    if pair_scores is None:
        from facilitator_app.core.duplicate_pairs import PairScores

        pair_scores = PairScores(
            [c.normalised for c in candidates], threshold - LINK_SLACK, cancelled=cancelled
        )
    blocked = _blocked_pairs(candidates, dismissed)

    def score(i: int, j: int) -> float:
        return 0.0 if (i, j) in blocked else float(pair_scores.score(i, j))

    # Greedy grouping, strongest pairs first. Only pairs from different tables start or grow
    # a group, but a table that said the same thing twice may bring both into it. Two groups
    # join only if every cross pair is close enough (complete linkage with a little slack).
    seeds = sorted(
        (-pair, i, j)
        for pair, i, j in pair_scores.pairs_at_least(threshold)
        if (i, j) not in blocked and not candidates[i].table_ids & candidates[j].table_ids
    )
    floor = threshold - LINK_SLACK
    group_of = list(range(len(candidates)))
    groups: dict[int, list[int]] = {}
    for _, i, j in seeds:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        group_a, group_b = groups.get(a, [a]), groups.get(b, [b])
        if any(score(x, y) < floor for x in group_a for y in group_b):
            continue
        for x in group_b:
            group_of[x] = a
        groups[a] = group_a + group_b
        groups.pop(b, None)

    suggestions = []
    for members in groups.values():
        if len(members) < 2:
            continue
        pair_scores_in_group = [score(x, y) for x, y in combinations(members, 2)]
        ordered = _representative_first(members, candidates, score)
        points = tuple(
            SuggestedPoint(
                candidates[x].point,
                tuple(
                    tables[t][1] for t in sorted(candidates[x].table_ids, key=lambda t: tables[t])
                ),
            )
            for x in ordered
        )
        mean = sum(pair_scores_in_group) / len(pair_scores_in_group)
        suggestions.append(DuplicateSuggestion(question_id, points, round(mean)))
    return suggestions


def _representative_first(
    members: list[int], candidates: Sequence[_Candidate], score: Callable[[int, int], float]
) -> list[int]:
    """Order a group for display; the first one's text is offered as the wording.

    An existing consolidated point leads (the facilitator chose its wording). Otherwise the
    fullest wording among the most central points (within a few points of the best mean
    similarity to the rest) leads; the others follow in table order.
    """
    for x in members:
        if candidates[x].point.table_id is None:
            return [x, *(y for y in members if y != x)]
    mean = {x: sum(score(x, y) for y in members if y != x) / (len(members) - 1) for x in members}
    best = max(mean.values())
    central = [x for x in members if mean[x] >= best - 5]
    lead = max(central, key=lambda x: _wording_rank(candidates[x].point.text, x))
    rest = sorted((y for y in members if y != lead), key=lambda y: y)
    return [lead, *rest]


def _wording_rank(text: str, index: int) -> tuple[int, bool, int]:
    """Fuller first; then one that starts with a capital; then the earlier table."""
    text = text.strip().rstrip(".")
    return (len(text), text[:1].isupper(), -index)


# --- changing ------------------------------------------------------------------------------


def dismiss_suggestion(workshop: Workshop, point_ids: Iterable[str]) -> int:
    """Remember that these points are not duplicates of each other. Returns new pairs stored."""
    ids = sorted(set(point_ids))
    if len(ids) < 2:
        raise InvalidValueError("Choose at least two points to mark as not duplicates.")
    added = 0
    with workshop.write() as session:
        for point_id in ids:
            if session.get(Point, point_id) is None:
                raise UnknownPointError(point_id)
        for first, second in combinations(ids, 2):
            if session.get(DismissedDuplicate, (first, second)) is None:
                session.add(DismissedDuplicate(first_id=first, second_id=second))
                added += 1
    return added


def dismissed_pairs(workshop: Workshop, point_ids: Iterable[str]) -> set[tuple[str, str]]:
    """The pairs among these points already marked as not duplicates (ordered UUID pairs).

    Read before :func:`dismiss_suggestion` so an undo forgets only the pairs it stored.
    """
    ids = set(point_ids)
    return {
        (first, second) for first, second in _dismissed_pairs(workshop) if {first, second} <= ids
    }


def forget_dismissal(workshop: Workshop, pairs: Iterable[tuple[str, str]]) -> int:
    """Undo of :func:`dismiss_suggestion`: these pairs may be suggested again. Returns how many."""
    forgotten = 0
    with workshop.write() as session:
        for first, second in {tuple(sorted(pair)) for pair in pairs}:
            row = session.get(DismissedDuplicate, (first, second))
            if row is not None:
                session.delete(row)
                forgotten += 1
    return forgotten
