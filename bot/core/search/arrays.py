"""Small numpy helpers shared by index building and scoring."""

from __future__ import annotations

import numpy as np


def top_positions(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, in no particular order; ties go to the earlier position.

    The k-th highest is found by sorting a copy: numpy sorts with SIMD instructions, tens of
    microseconds for 100,000 scores, where np.partition slows down twentyfold on the many equal
    scores that common words give ("th", "have an").
    """
    n = len(scores)
    if k >= n:
        return np.arange(n)
    kth = np.sort(scores)[n - k]
    above = np.flatnonzero(scores > kth)
    return np.concatenate([above, np.flatnonzero(scores == kth)[: k - len(above)]])


def best_positions(values: np.ndarray, bar: np.float32, k: int | None) -> np.ndarray:
    """Ascending positions of the values at or above `bar`; only the k highest of them (ties to the
    earlier position) when there are more and k is given."""
    above = values >= bar
    count = np.count_nonzero(above)
    if k is None or count <= k:
        return np.flatnonzero(above)
    if count * 8 < len(values):  # a few above the bar: sort just those
        positions = np.flatnonzero(above)
        return positions[np.sort(top_positions(values[positions], k))]
    return np.sort(top_positions(values, k))


def best_of(postings: list[tuple[np.ndarray, np.ndarray]], best: np.ndarray) -> np.ndarray:
    """Each chapter's best value over several posting lists, written into `best` (zero before).

    The lists' chapters are returned, concatenated: the caller reads `best` at them, then zeroes it there.
    """
    # The longest list is written as it is (its chapters are distinct, and no value is below
    # zero); only the others need the slower unbuffered maximum.
    longest = max(range(len(postings)), key=lambda i: len(postings[i][0]))
    best[postings[longest][0]] = postings[longest][1]
    rest = [p for i, p in enumerate(postings) if i != longest]
    if rest:
        np.maximum.at(best, np.concatenate([c for c, _ in rest]), np.concatenate([v for _, v in rest]))
    return np.concatenate([c for c, _ in postings])


def spans(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions of the ranges [start, start + count), one after another."""
    ends = np.cumsum(counts)
    return np.repeat(starts - ends + counts, counts) + np.arange(int(ends[-1]) if len(ends) else 0)


def unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique's hashing is slow on the short arrays of a query)."""
    values = np.sort(values)
    return values[first_of_runs(values)]


def first_of_runs(values: np.ndarray) -> np.ndarray:
    """A mask of the entries of a sorted array that differ from the one before."""
    mask = np.ones(len(values), dtype=bool)
    if len(values) > 1:
        np.not_equal(values[1:], values[:-1], out=mask[1:])
    return mask


def sorted_counts(values: np.ndarray, size: int) -> np.ndarray:
    """np.bincount(values, minlength=size) of sorted non-negative values, made of operations that
    let go of the interpreter lock while they run: np.bincount holds it (40 ms at 5 million
    postings), and a question answered meanwhile waits that long."""
    counts = np.zeros(size, dtype=np.int64)
    if len(values):
        starts = np.flatnonzero(first_of_runs(values))
        counts[values[starts]] = np.diff(starts, append=len(values))
    return counts
