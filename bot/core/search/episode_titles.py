"""What an episode's title says about its chapters: the context lift of a ranking (scoring.rank).

The words of each episode's title and people are kept per episode in the word index (title_start,
title_terms); a ranking reads those of the few episodes it ranks, once for all the question's words.
"""

from __future__ import annotations

import numpy as np

from bot.core.search.arrays import spans, unique
from bot.core.search.index import WordIndex
from bot.core.search.matching import Term


def context_lift(index: WordIndex, terms: list[Term], values: list[np.ndarray], chapters: np.ndarray, total_weight: float) -> np.ndarray:
    """What the episode's title adds to each chapter's score when the question also asks about a topic.

    "zach lloyd rust": the guest's name is in the episode's title, so it says which episode, not
    which chapter; the chapter on Rust answers, not "Who is Zach Lloyd?". So when some question
    word is not in a chapter's episode title, the words that are count in full in every chapter
    of that episode. When all of them are ("ketamine ptsd" in "Ketamine: ... PTSD ..."), the
    chapters that name them themselves still come first.
    """
    if len(terms) < 2:
        return np.zeros(len(chapters), dtype=np.float64)
    in_title = _in_episode_titles(index, terms, index.chapter_episode[chapters])
    topic_asked = (in_title == 0).any(axis=0)
    weights = np.array([t.weight for t in terms], dtype=np.float32)[:, None]
    lift = np.where(topic_asked, weights * np.maximum(in_title - np.array(values), np.float32(0.0)), np.float32(0.0))
    return lift.astype(np.float64).sum(axis=0) / total_weight


def _in_episode_titles(index: WordIndex, terms: list[Term], episodes: np.ndarray) -> np.ndarray:
    """For each question word (a row) and each of `episodes`, the similarity with which the word is
    in the episode's title (0: not). The titles' words are read once, for all the question's words."""
    distinct = unique(episodes.astype(np.int64))
    starts = index.title_start[distinct]
    counts = index.title_start[distinct + 1] - starts
    title_terms = index.title_terms[spans(starts, counts)]
    owner = np.repeat(np.arange(len(distinct)), counts)
    # Every word's matched terms, sorted by term: a title's term finds the words that matched it.
    matched = [t.matched for t in terms]
    ids = np.fromiter((t for m in matched for t, _ in m), dtype=np.int64)
    sims = np.fromiter((s for m in matched for _, s in m), dtype=np.float32, count=len(ids))
    word = np.repeat(np.arange(len(terms)), [len(m) for m in matched])
    order = np.argsort(ids, kind="stable")
    ids, sims, word = ids[order], sims[order], word[order]
    lo, hi = np.searchsorted(ids, title_terms), np.searchsorted(ids, title_terms, side="right")
    found = hi - lo
    at = spans(lo, found)
    out = np.zeros((len(terms), len(distinct)), dtype=np.float32)
    np.maximum.at(out, (word[at], np.repeat(owner, found)), sims[at])
    return out[:, np.searchsorted(distinct, episodes)]
