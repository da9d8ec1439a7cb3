"""Small numpy helpers shared by index building and scoring."""

from __future__ import annotations

import numpy as np


def top_positions(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest of non-negative float32 scores, ascending; ties go to the earlier position.

    Common words give tens of thousands of equal scores ("th", "have an"), where np.partition
    slows down twentyfold; so the usual case, enough ties at the top, is taken first. Otherwise
    the scores are partitioned as keys that are all distinct: each score's bits (which order
    non-negative floats as their values) above its position counted from the end, so that of
    equal scores the earlier position ranks higher.
    """
    n = len(scores)
    if k >= n:
        return np.arange(n)
    ties = np.flatnonzero(scores == scores.max())
    if len(ties) >= k:
        return ties[:k]
    key = scores.view(np.int32).astype(np.int64) << 32
    key |= np.arange(n - 1, -1, -1, dtype=np.int64)
    return np.flatnonzero(key >= np.partition(key, n - k)[n - k])


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
