"""The word index of every passage said, merged from the transcripts' sheets (passage_sheets.py).

It is a WordIndex (index.py) like the chapters', so matching.py and scoring.py read a question
against it the same way (stems, prefixes, typing mistakes, rare words deciding), but lean: its
"chapters" are passages, which have no titles, introductions or sponsors; passage numbers are
int32; and it has no merged lists of heavy prefixes (a full answer reads a prefix's completions,
at most matching.MAX_PREFIX_EXPANSION lists). Merging is numpy work over the sheets' keys: each
sheet's own term numbers are mapped to the catalog's by their stems, and its postings written into
place (a counting sort: nothing the size of all postings is made twice).
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

import numpy as np

from bot.core.search.building import EPISODE, FIELD_WEIGHT, _typo_table
from bot.core.search.index import WordIndex
from bot.core.search.passage_sheets import Sheet
from bot.core.yielding import Pacer

_pace = Pacer()
_EMPTY = (np.zeros(0, np.float32), np.zeros((0, 2), np.int32), np.zeros((0, 2), np.int32))
PASSAGE_BITS = 0x1FFFFFFF  # the passage part of a key (after the field code's 3 bits)


def merge(sheets: Iterable[Sheet], keys_again: Callable[[int], np.ndarray]) -> tuple[WordIndex, np.ndarray, np.ndarray, np.ndarray]:
    """One word index over the passages of `sheets`, numbered sheet after sheet; and the passages'
    starts, spans and cues (passage_sheets.Sheet).

    Two passes, so that nothing the size of all postings is held twice: the first maps each sheet's
    terms to the catalog's and counts every term's postings (each sheet is let go after its turn);
    the second reads each sheet's keys again (`keys_again(i)`, the i-th sheet's) and writes them
    straight into place in the posting lists.
    """
    counts: list[int] = []
    layout: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
    stem_ids: dict[str, int] = {}
    word_ids: dict[str, int] = {}
    mapped: list[np.ndarray] = []  # each sheet's terms, as the catalog's
    df, used = _Counts(), _Counts()  # postings of each term; passages using it, an episode's name once
    for sheet in sheets:
        _pace()
        counts.append(sheet.passages)
        for kept, part in zip(layout, (sheet.starts, sheet.spans, sheet.cues)):
            kept.append(part)
        terms = np.fromiter((stem_ids.setdefault(s, len(stem_ids)) for s in sheet.stems), dtype=np.int32, count=len(sheet.stems))
        word_ids.update(zip(sheet.words, terms[sheet.word_term].tolist()))
        mapped.append(terms)
        keys = sheet.keys
        named = (keys & 7) >= EPISODE
        df.add(terms[keys >> 32])
        used.add(terms[keys[~named] >> 32])
        used.add(np.unique(terms[keys[named] >> 32]))
    episode_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    size = int(episode_start[-1])
    df_, used_ = df.total(len(stem_ids)), used.total(len(stem_ids))
    post_start = np.concatenate(([0], np.cumsum(df_))).astype(np.int64)
    post_chapter = np.empty(int(post_start[-1]), dtype=np.int32)
    post_weight = np.empty(int(post_start[-1]), dtype=np.float32)
    cursor = post_start[:-1].copy()
    for i, (terms, first) in enumerate(zip(mapped, episode_start.tolist())):
        _pace()
        keys = keys_again(i)
        term = terms[keys >> 32]
        order = np.argsort(term, kind="stable")  # a sheet's keys run by its own terms, then passage
        term, keys = term[order], keys[order]
        group = np.searchsorted(term, term, side="left")
        place = cursor[term] + (np.arange(len(term)) - group)
        post_chapter[place] = ((keys >> 3) & PASSAGE_BITS) + first
        post_weight[place] = FIELD_WEIGHT[keys & 7]
        listed, many = np.unique(term, return_counts=True)
        cursor[listed] += many
    del mapped, cursor
    chapter_episode = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    # A passage's own words are all of one field (building.py's themes, which raise a word to its
    # best field in each chapter of an episode it is the theme of, would change nothing but
    # compound parts), so post_weight is the fields' weight. As for chapters, a word of an
    # episode's name counts once per episode in how common it is.
    df, used = df_, used_
    # Filler words' stems have no postings (the sheets keep none): matching must not find them.
    said = df > 0
    word_ids = {w: t for w, t in word_ids.items() if said[t]}
    stem_ids = {s: t for s, t in stem_ids.items() if said[t]}
    n = max(size, 1)
    sorted_words = sorted(word_ids)
    sorted_word_ids = np.array([word_ids[w] for w in sorted_words], dtype=np.int64)
    _pace()
    typo_keys, typo_owner = _typo_table(sorted_words)
    index = WordIndex(
        size=size, episode_start=episode_start, chapter_episode=chapter_episode, titles=[],
        word_ids=word_ids, stem_ids=stem_ids, sorted_words=sorted_words, sorted_word_ids=sorted_word_ids,
        sorted_word_df=df[sorted_word_ids] if sorted_words else np.zeros(0, np.int64),
        post_start=post_start, post_chapter=post_chapter, post_weight=post_weight,
        term_top=_tops(post_weight, post_start, df),
        idf=np.log1p((n - used + 0.5) / (used + 0.5)).astype(np.float32),
        unmatched_weight=float(math.log1p((n - 0.5) / 1.5)) if size else 1.0,
        typo_keys=typo_keys, typo_owner=typo_owner, heavy={},
        introductions=np.zeros(size, dtype=bool), title_start=np.zeros(len(episode_start), np.int64),
        title_terms=np.zeros(0, np.int64), sponsors={},
    )  # fmt: skip
    starts, spans, cues = (np.concatenate(kept) if kept else empty for kept, empty in zip(layout, _EMPTY))
    return index, starts, spans, cues


def _tops(post_weight: np.ndarray, post_start: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Each term's highest weight (0 for a filler word's stem, which has no postings)."""
    top = np.zeros(len(df), dtype=np.float32)
    listed = df > 0
    if listed.any():
        top[listed] = np.maximum.reduceat(post_weight, post_start[:-1][listed])
    return top


class _Counts:
    """How many times each term comes up, added a sheet at a time as the vocabulary grows."""

    def __init__(self) -> None:
        self._counts = np.zeros(1024, dtype=np.int64)

    def add(self, terms: np.ndarray) -> None:
        if not len(terms):
            return
        top = int(terms.max()) + 1
        if top > len(self._counts):
            self._counts = np.concatenate([self._counts, np.zeros(max(top, 2 * len(self._counts)) - len(self._counts), np.int64)])
        self._counts[:top] += np.bincount(terms, minlength=top)

    def total(self, terms: int) -> np.ndarray:
        return self._counts[:terms].copy() if terms <= len(self._counts) else np.concatenate([self._counts, np.zeros(terms - len(self._counts), np.int64)])
