"""The pairs worth suggesting, found in chunks so a big question costs one rapidfuzz pass.

Comparing every pair of 10,000 points is 50 million pairs: they are never held as Python
objects, nor all at once. Chunks of rows are compared with a plain ratio (``process.cdist`` with
a score cutoff) against the points before them, so each pair is scored once; each point keeps
only its best few by that ratio, and only those pairs get the dearer token-set ratio. What is
kept is sparse: each point's neighbours scoring at least the grouping floor. New points (a
merge, a live table) are compared only against the rest (:meth:`PairScores.add`), and so is a
point whose wording changed (:meth:`PairScores.replace`). A
``cancelled`` callback is asked between chunks, so a search a newer one replaced stops early.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from facilitator_app.core.errors import SearchCancelled

#: Pairs whose sorted words are less alike than this (plain ratio) are never duplicates.
RATIO_FLOOR = 40
#: Each point keeps at most this many candidates (by plain ratio) for the token-set ratio.
BEST_PER_POINT = 32
#: Rows compared per rapidfuzz call: working memory is about ``9 * CHUNK_ROWS * points`` bytes
#: (a byte per score and an index per score to pick each row's best).
CHUNK_ROWS = 64


class PairScores:
    """Similarity (0-100) of the pairs of candidates scoring at least ``floor``; others are 0.

    Built from normalised texts (see :func:`facilitator_app.core.duplicates.normalise`).
    """

    def __init__(
        self,
        texts: Sequence[str],
        floor: float,
        *,
        best_per_point: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.floor = floor
        self.best_per_point = BEST_PER_POINT if best_per_point is None else best_per_point
        self.texts: list[str] = list(texts)
        self.neighbours: list[dict[int, int]] = [{} for _ in self.texts]
        self._build(cancelled)

    def __len__(self) -> int:
        return len(self.texts)

    def score(self, first: int, second: int) -> int:
        return self.neighbours[first].get(second, 0)

    def pair_count(self) -> int:
        return sum(len(n) for n in self.neighbours) // 2

    def add(self, texts: Sequence[str], *, cancelled: Callable[[], bool] | None = None) -> None:
        """Add points and compare only them against every point (old and new).

        A point added earlier keeps the best few it was given then: a new point that would now
        be among them is still paired with it from the new point's side.
        """
        start = len(self.texts)
        self.texts.extend(texts)
        self.neighbours.extend({} for _ in texts)
        for chunk_start in range(start, len(self.texts), CHUNK_ROWS):
            if cancelled is not None and cancelled():
                raise SearchCancelled
            self._compare_rows(chunk_start, min(chunk_start + CHUNK_ROWS, len(self.texts)))

    def replace(
        self,
        slots: Sequence[int],
        texts: Sequence[str],
        *,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """New wording for these points: each is compared again, alone, against every point
        (its old pairs are dropped both ways), as :meth:`add` compares a new one."""
        for slot, text in zip(slots, texts, strict=True):
            if cancelled is not None and cancelled():
                raise SearchCancelled
            for other in self.neighbours[slot]:
                self.neighbours[other].pop(slot, None)
            self.neighbours[slot] = {}
            self.texts[slot] = text
            self._compare_rows(slot, slot + 1)

    def forget(self, first: int, second: int) -> None:
        """Treat a pair as not alike (the facilitator said they are not duplicates)."""
        self.neighbours[first].pop(second, None)
        self.neighbours[second].pop(first, None)

    def pairs_at_least(self, threshold: float) -> list[tuple[int, int, int]]:
        """``(score, i, j)`` with ``i < j`` for pairs scoring at least ``threshold``."""
        return [
            (score, i, j)
            for i, row in enumerate(self.neighbours)
            for j, score in row.items()
            if i < j and score >= threshold
        ]

    def _build(self, cancelled: Callable[[], bool] | None) -> None:
        """Every point against every other once (half the pairs), each keeping its best few.

        Chunks of rows are compared with the points before them only (the lower triangle);
        each pair's ratio then counts for both points: the row's best few are taken from the
        chunk's row, the earlier point's from the chunk's column, merged with what it has.
        """
        count = len(self.texts)
        keep = min(self.best_per_point, count - 1)
        if keep < 1:
            return
        best_ratio = np.zeros((count, keep), dtype=np.uint8)
        best_index = np.zeros((count, keep), dtype=np.int64)
        for start in range(0, count, CHUNK_ROWS):
            if cancelled is not None and cancelled():
                raise SearchCancelled
            end = min(start + CHUNK_ROWS, count)
            block = process.cdist(
                self.texts[start:end],
                self.texts[:end],
                scorer=fuzz.ratio,
                dtype=np.uint8,
                workers=-1,
                score_cutoff=RATIO_FLOOR,
            )
            block = np.tril(block, k=start - 1)  # only earlier points: each pair once
            _merge_best(best_ratio[start:end], best_index[start:end], block, np.arange(end))
            wanted = block.max(axis=0) > best_ratio[:end].min(axis=1)  # columns it can improve
            columns = np.flatnonzero(wanted)
            if len(columns):
                ratio, index = best_ratio[columns], best_index[columns]
                _merge_best(ratio, index, block[:, columns].T, np.arange(start, end))
                best_ratio[columns], best_index[columns] = ratio, index
        points, slots = np.nonzero(best_ratio)
        partners = best_index[points, slots]
        pairs = np.unique(np.maximum(points, partners) * count + np.minimum(points, partners))
        self._score_pairs(pairs // count, pairs % count)

    def _score_pairs(self, rows: np.ndarray, columns: np.ndarray) -> None:
        """The token-set ratio for these pairs; those scoring at least the floor are kept."""
        if not len(rows):
            return
        texts = self.texts
        plain = process.cpdist(
            [texts[r] for r in rows.tolist()],
            [texts[c] for c in columns.tolist()],
            scorer=fuzz.ratio,
            dtype=np.uint8,
            workers=-1,
        )
        self._keep_alike(rows, columns, plain)

    def _keep_alike(self, rows: np.ndarray, columns: np.ndarray, plain: np.ndarray) -> None:
        """Score these pairs (points by index, ``plain`` their plain ratio) with the token-set
        ratio too, and keep as neighbours, both ways, those reaching the floor."""
        texts = self.texts
        token_set = process.cpdist(
            [texts[r] for r in rows.tolist()],
            [texts[c] for c in columns.tolist()],
            scorer=fuzz.token_set_ratio,
            dtype=np.uint8,
            workers=-1,
        )
        combined = (token_set.astype(np.uint16) + plain) // 2
        good = combined >= self.floor
        for i, j, score in zip(
            rows[good].tolist(), columns[good].tolist(), combined[good].tolist(), strict=True
        ):
            self.neighbours[i][j] = score
            self.neighbours[j][i] = score

    def _compare_rows(self, first_row: int, end_row: int) -> None:
        """Rows ``first_row:end_row`` against every point; each row keeps its best few.

        A pair of two new points is scored from both rows (the same score), which costs
        little and lets each of them pick its own best few.
        """
        texts = self.texts
        ratio = process.cdist(
            texts[first_row:end_row],
            texts,
            scorer=fuzz.ratio,
            dtype=np.uint8,
            workers=-1,
            score_cutoff=RATIO_FLOOR,
        )
        rows_in_chunk = np.arange(end_row - first_row)
        ratio[rows_in_chunk, rows_in_chunk + first_row] = 0  # a point is not its own duplicate
        keep = min(self.best_per_point, ratio.shape[1])
        if keep < ratio.shape[1]:
            best = np.argpartition(ratio, -keep, axis=1)[:, -keep:]
        else:
            best = np.broadcast_to(np.arange(ratio.shape[1]), ratio.shape)
        rows = np.repeat(rows_in_chunk, best.shape[1])
        columns = best.reshape(-1)
        plain = ratio[rows, columns]
        alive = plain > 0
        rows, columns, plain = rows[alive], columns[alive], plain[alive]
        if len(rows):
            self._keep_alike(rows + first_row, columns, plain)


def _merge_best(
    best_ratio: np.ndarray, best_index: np.ndarray, ratio: np.ndarray, index: np.ndarray
) -> None:
    """Keep, per row, the highest ratios of what it had and these candidates (in place)."""
    keep = best_ratio.shape[1]
    ratios = np.concatenate([best_ratio, ratio], axis=1)
    indexes = np.concatenate([best_index, np.broadcast_to(index, ratio.shape)], axis=1)
    top = np.argpartition(ratios, -keep, axis=1)[:, -keep:]
    best_ratio[:] = np.take_along_axis(ratios, top, axis=1)
    best_index[:] = np.take_along_axis(indexes, top, axis=1)
