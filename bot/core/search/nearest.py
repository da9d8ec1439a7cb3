"""The chapters nearest in meaning to a question, fast at catalog scale.

Up to EXACT_LIMIT chapters, every chapter vector is compared with the question (one matrix-vector
product: 2 ms at 20,000 chapters). Beyond that the product alone would cost 16 ms at 100,000, so
the vectors are partitioned into about sqrt(n) cells, each the vectors nearest to one centre
(spherical k-means on a sample, when the index is built), and stored cell by cell; a question is
compared with the centres, and then only with the vectors of the PROBES nearest cells (an inverted
file, as FAISS's IVF does, whose word "cell" this is). A chapter in an unvisited cell can be missed by
meaning; it is still found by its words.

The vectors in cells are kept as int8 with a scale per vector (each component within 1/254 of the
vector's largest): a quarter of float32's memory, and numpy widens int8 to float32 four times as
fast as float16, which it converts without the processor's help. With each visited cell read as
the contiguous block it is, the 7,500 vectors a question visits at 100,000 chapters take under 1 ms
(5 ms as float16).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

EXACT_LIMIT = 20_000
PROBES = 24  # cells visited per question
SAMPLE, ROUNDS = 10_000, 6  # k-means is trained on a sample of this many vectors, this many rounds
# Vectors handled per step of a build: a few milliseconds each, between which a reload's build steps
# aside for a question (yielding.py); the products use every core, which a question needs too.
_CHUNK = 1024


class ChapterVectors:
    """Chapter vectors in the index's chapter order, for `of(chapters)` and `nearest(question, ...)`."""

    def __init__(self, vectors: np.ndarray, rows: np.ndarray | None = None, pace: Callable[[], None] = lambda: None) -> None:
        """The chapter vectors `vectors[rows]` (or all of `vectors`), read a chunk at a time: a
        large catalog's vectors are never all copied at once. `pace` is called between chunks."""
        rows = np.arange(len(vectors)) if rows is None else rows
        self.size = len(rows)
        if self.size <= EXACT_LIMIT:
            self._rows = vectors[rows].astype(np.float32)
            self._order = self._position = self._centres = self._starts = self._scale = None
            return
        centres = _kmeans(vectors, rows, int(np.sqrt(self.size)), pace)
        cell = _nearest_centres(vectors, rows, centres, pace)
        order = np.argsort(cell, kind="stable")
        # Row r holds chapter order[r]: int8 and its scale.
        self._rows = np.empty((self.size, vectors.shape[1]), dtype=np.int8)
        self._scale = np.empty(self.size, dtype=np.float32)
        for i in range(0, self.size, _CHUNK):
            pace()
            chunk = vectors[rows[order[i : i + _CHUNK]]].astype(np.float32)
            scale = np.maximum(np.abs(chunk).max(axis=1), 1e-12) / 127
            self._rows[i : i + _CHUNK] = np.rint(chunk / scale[:, None])
            self._scale[i : i + _CHUNK] = scale
        self._order = order
        self._position = np.empty(self.size, dtype=np.int64)
        self._position[order] = np.arange(self.size)
        self._centres = centres
        self._starts = np.searchsorted(cell[order], np.arange(len(centres) + 1))  # where each cell's rows start

    def of(self, chapters: np.ndarray) -> np.ndarray:
        if self._position is None:
            return self._rows[chapters]
        rows = self._position[chapters]
        return self._rows[rows].astype(np.float32) * self._scale[rows, None]

    def nearest(self, question: np.ndarray, lo: int, hi: int, count: int) -> np.ndarray:
        """About the `count` chapters in [lo, hi) most like the question (unordered)."""
        if self._centres is None or hi - lo <= EXACT_LIMIT:
            chapters = np.arange(lo, hi)
            scores = self.of(chapters) @ question
        else:
            visited = np.argpartition(self._centres @ question, len(self._centres) - PROBES)[-PROBES:]
            # Cell by cell: each is a contiguous block of rows, read faster than a gather.
            spans = [(self._starts[c], self._starts[c + 1]) for c in visited]
            scores = np.concatenate([(self._rows[a:b].astype(np.float32) @ question) * self._scale[a:b] for a, b in spans])
            chapters = np.concatenate([self._order[a:b] for a, b in spans])
            if lo > 0 or hi < self.size:
                keep = (chapters >= lo) & (chapters < hi)
                chapters, scores = chapters[keep], scores[keep]
        if count >= len(scores):
            return chapters
        return chapters[np.argpartition(scores, len(scores) - count)[len(scores) - count :]]


def _nearest_centres(vectors: np.ndarray, rows: np.ndarray, centres: np.ndarray, pace: Callable[[], None]) -> np.ndarray:
    """For each of `vectors[rows]`, the index of its nearest centre."""
    nearest = np.empty(len(rows), dtype=np.int64)
    for i in range(0, len(rows), _CHUNK):
        pace()
        nearest[i : i + _CHUNK] = np.argmax(vectors[rows[i : i + _CHUNK]].astype(np.float32) @ centres.T, axis=1)
    return nearest


def _kmeans(vectors: np.ndarray, rows: np.ndarray, cells: int, pace: Callable[[], None]) -> np.ndarray:
    """The `cells` unit-length centres of the unit vectors `vectors[rows]` (spherical k-means),
    seeded for repeatable builds."""
    rng = np.random.default_rng(0)
    sample = rows[rng.choice(len(rows), min(len(rows), SAMPLE), replace=False)]
    centres = vectors[sample[rng.choice(len(sample), cells, replace=False)]].astype(np.float32)
    for _ in range(ROUNDS):
        nearest = _nearest_centres(vectors, sample, centres, pace)
        order = np.argsort(nearest, kind="stable")
        present, starts = np.unique(nearest[order], return_index=True)
        sums = np.add.reduceat(vectors[sample[order]].astype(np.float32), starts, axis=0)
        centres[present] = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    return centres
