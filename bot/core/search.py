"""Fuzzy search from a free-text question to the chapters (segments) of the whole catalog.

How a question is scored, in short:
1. The question is folded into words (text.py); question filler words are dropped.
2. Each word is matched against the catalog's vocabulary: exactly (as written or by stem), as the
   prefix of longer words (people type "keta", "dos"), or within one or two typing mistakes
   (rapidfuzz's optimal-string-alignment distance, so a swap of two letters is one mistake, on candidates from a deletion index, so no scan of the whole
   vocabulary is needed), or as a longer form of a known word ("faster" for "fast"). The weaker
   kinds of match have a similarity below 1.
3. A segment's score is the share of the question it covers: every question word weighs its
   inverse document frequency (rare words decide), and contributes its best match in the segment
   times the field's weight: title 1.0, keywords 0.9 (curated search terms), summary 0.6 (longer
   text, so a word there is weaker evidence); a part of a hyphenated compound gets 0.8 of that. Unmatched words weigh as the rarest word, which is
   what sends off-topic questions below the confidence threshold.
4. Ties are broken by rapidfuzz similarity of question and chapter title; sponsor chapters are
   halved unless the question names the sponsor.

All posting lists are numpy arrays, so a query touches only the segments sharing a word with it.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .episodes import Chapter, Episode
from .text import STOPWORDS, compound_parts, fold, stem, words

# An answer must cover more than half of the question's weight: one rare word matched and one
# not ("lsd microdosing") is a coin toss, and a coin toss is declined.
CONFIDENT = 0.5
SUGGEST = 0.3  # what "did you mean" needs
# ...or three question words found in the same chapter: long questions carry words no chapter
# has ("which brain AREA DRIVES ..."), but three agreeing words do not happen by chance.
AGREEING_WORDS = 3
SPONSOR_PENALTY = 0.5

TITLE, KEYWORDS, SUMMARY = 0, 2, 4
# Weight by field code: each field, then the parts of its hyphenated compounds ("dosing" in
# "micro-dosing" is weaker evidence of a question about doses than the word "Doses" itself).
FIELD_WEIGHT = np.array([1.0, 0.8, 0.9, 0.72, 0.6, 0.48], dtype=np.float32)
# The chapter's kind is indexed as words, so "intro" or "sponsors" finds those chapters.
KIND_WORDS = {"intro": "intro introduction opening beginning", "outro": "outro closing ending end", "sponsor": "sponsor ad", "content": ""}

EXACT, PREFIX_BASE, TYPO_1, TYPO_2 = 1.0, 0.75, 0.8, 0.65
MAX_PREFIX_EXPANSION = 64
_NOTHING = (np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.int8))
_CHAPTER_ID = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})@(\d{1,6})$")
_SPONSOR_PREFIX = re.compile(r"^\s*(?:sponsors?|ad|ads|sponsored by)\s*[:\-]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Match:
    episode: Episode
    chapter_index: int
    score: float  # 0..100

    @property
    def chapter(self) -> Chapter:
        return self.episode.chapters[self.chapter_index]

    @property
    def chapter_id(self) -> str:
        return self.episode.chapter_id(self.chapter_index)


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    results: list[Match]  # a confident best match, then related chapters; empty when none is confident
    suggestions: list[Match]  # "did you mean", only when results is empty


@dataclass(frozen=True, slots=True)
class _Term:
    """One question word and the vocabulary entries (word ids) it matched, with similarities."""

    ids: np.ndarray
    sims: np.ndarray
    weight: float


class SearchIndex:
    """Immutable once built; build a new one to change the catalog (a reload swaps the reference)."""

    def __init__(self, episodes: Sequence[Episode]) -> None:
        self.episodes = list(episodes)
        self._episode_by_id = {e.id: i for i, e in enumerate(self.episodes)}
        counts = [len(e.chapters) for e in self.episodes]
        self._episode_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._seg_episode = np.repeat(np.arange(len(self.episodes), dtype=np.int32), counts)
        self.size = int(self._episode_start[-1])
        self._titles = [fold(c.title) for e in self.episodes for c in e.chapters]
        self._sponsor_terms = self._sponsor_names()
        self._build_postings()
        self._build_typo_index()
        self._scratch = np.zeros(self.size, dtype=np.float32)
        self._total = np.zeros(self.size, dtype=np.float32)
        self._hits = np.zeros(self.size, dtype=np.int8)

    # ---- building ---------------------------------------------------------------------------

    def _build_postings(self) -> None:
        word_ids: dict[str, int] = {}  # a word as written (folded), or a stem -> the stem's id
        stem_ids: dict[str, int] = {}

        def ids_of(found: list[str]) -> set[int]:
            out = set()
            for w in found:
                term = word_ids.get(w)
                if term is None:
                    root = stem(w)
                    term = word_ids[w] = stem_ids.setdefault(root, len(stem_ids))
                    word_ids.setdefault(root, term)
                out.add(term)
            return out

        segs: list[int] = []
        terms: list[int] = []
        fields: list[int] = []
        seg = 0
        for episode in self.episodes:
            for chapter in episode.chapters:
                seen: set[int] = set()
                title = chapter.title + " " + KIND_WORDS[chapter.kind]
                keywords = " ".join(chapter.keywords)
                for field, text in ((TITLE, title), (KEYWORDS, keywords), (SUMMARY, chapter.summary)):
                    for code, found in ((field, ids_of(words(text))), (field + 1, ids_of(compound_parts(text)))):
                        found -= seen
                        seen |= found
                        terms.extend(found)
                        segs.extend([seg] * len(found))
                        fields.extend([code] * len(found))
                seg += 1
        term_arr = np.array(terms, dtype=np.int32)
        order = np.argsort(term_arr, kind="stable")
        self._post_seg = np.array(segs, dtype=np.int32)[order]
        self._post_weight = FIELD_WEIGHT[np.array(fields, dtype=np.int8)[order]]
        df = np.bincount(term_arr, minlength=len(stem_ids))
        self._post_start = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
        n = max(self.size, 1)
        # BM25's idf: always positive, so a word found everywhere still counts a little.
        self._idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self._unmatched_weight = float(math.log1p((n - 0.5) / 1.5)) if self.size else 1.0
        self._word_ids = word_ids
        self._stem_ids = stem_ids
        self._sorted_words = sorted(word_ids)
        self._sorted_word_df = df[[word_ids[w] for w in self._sorted_words]] if word_ids else np.zeros(0)

    def _build_typo_index(self) -> None:
        """Every vocabulary word and its one-letter deletions, hashed and sorted for searchsorted.

        A typo within distance 1 of a word shares a deletion with it (SymSpell's idea); the
        candidates are then checked with a real edit distance.
        """
        keys: list[int] = []
        owners: list[int] = []
        for index, word in enumerate(self._sorted_words):
            if len(word) < 4:
                continue
            variants = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
            keys.extend(hash(v) for v in variants)
            owners.extend([index] * len(variants))
        key_arr = np.array(keys, dtype=np.int64)
        order = np.argsort(key_arr)
        self._typo_keys = key_arr[order]
        self._typo_owner = np.array(owners, dtype=np.int32)[order]

    def _sponsor_names(self) -> list[list[set[str]]]:
        """For each segment, the sponsors it names, each as the set of its words' stems.

        A sponsor chapter's title lists the sponsors ("Sponsors: ROKA & Eight Sleep"); its keywords
        are other names for them ("athletic greens" for AG1).
        """
        names: list[list[set[str]]] = []
        for episode in self.episodes:
            for chapter in episode.chapters:
                if chapter.kind != "sponsor":
                    names.append([])
                    continue
                listed = re.split(r",|&|\band\b|/", _SPONSOR_PREFIX.sub("", chapter.title))
                names.append([{stem(w) for w in words(n)} for n in (*listed, *chapter.keywords) if words(n)])
        return names

    # ---- matching words ---------------------------------------------------------------------

    def _match_word(self, word: str, *, partial: bool) -> _Term:
        """Vocabulary entries for one question word. `partial`: the word may be unfinished."""
        found: dict[int, float] = {}

        def offer(term_id: int, sim: float) -> None:
            if sim > found.get(term_id, 0.0):
                found[term_id] = sim

        exact = self._stem_ids.get(stem(word), self._word_ids.get(word))
        if exact is not None:
            offer(exact, EXACT)
        if partial or len(word) >= 3:
            lo = bisect.bisect_left(self._sorted_words, word)
            hi = bisect.bisect_left(self._sorted_words, word + "\x7f")
            span = range(lo, hi)
            if hi - lo > MAX_PREFIX_EXPANSION:  # keep the most common completions of a short prefix
                top = np.argpartition(self._sorted_word_df[lo:hi], -MAX_PREFIX_EXPANSION)[-MAX_PREFIX_EXPANSION:]
                span = (lo + int(i) for i in top)
            for i in span:
                candidate = self._sorted_words[i]
                offer(self._word_ids[candidate], PREFIX_BASE + (1 - PREFIX_BASE) * len(word) / len(candidate))
        if exact is None:
            # A form the stemmer leaves alone ("faster", "helplessly"): its longest known beginning.
            for cut in range(len(word) - 1, max(3, len(word) - 4), -1):
                base = self._word_ids.get(word[:cut])
                if base is not None:
                    offer(base, PREFIX_BASE + (1 - PREFIX_BASE) * cut / len(word))
                    break
        if len(word) >= 4 and exact is None:
            for candidate, distance in self._typo_candidates(word):
                offer(self._word_ids[candidate], TYPO_1 if distance == 1 else TYPO_2)
        if not found:
            return _Term(np.zeros(0, np.int32), np.zeros(0, np.float32), self._unmatched_weight)
        ids = np.fromiter(found.keys(), dtype=np.int32, count=len(found))
        sims = np.fromiter(found.values(), dtype=np.float32, count=len(found))
        # The word weighs as its likeliest meaning: the most similar match, the commoner on a tie.
        best = max(found, key=lambda t: (found[t], -self._idf[t]))
        return _Term(ids, sims, float(self._idf[best]))

    def _typo_candidates(self, word: str) -> Iterable[tuple[str, int]]:
        # One deletion from the question word meets one deletion from a vocabulary word: distance
        # 1 for sure, and many distance-2 typos; long words get a second deletion on the question
        # side so that two slips in a long word are still found.
        variants = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
        if len(word) >= 8:
            variants |= {v[:i] + v[i + 1 :] for v in list(variants) for i in range(len(v))}
        keys = np.fromiter((hash(v) for v in variants), dtype=np.int64, count=len(variants))
        left = np.searchsorted(self._typo_keys, keys, side="left")
        right = np.searchsorted(self._typo_keys, keys, side="right")
        owners = {int(o) for lo, hi in zip(left, right) for o in self._typo_owner[lo:hi]}
        limit = 2 if len(word) >= 8 else 1
        for owner in owners:
            candidate = self._sorted_words[owner]
            distance = OSA.distance(word, candidate, score_cutoff=limit)
            if distance <= limit:
                yield candidate, distance

    # ---- scoring ----------------------------------------------------------------------------

    def _terms(self, query: str, *, partial: bool) -> tuple[list[str], list[_Term]]:
        found = words(query)
        kept = [w for w in found if w not in STOPWORDS] or found
        # Only the word being typed may be unfinished; the ones before it were typed in full.
        return kept, [self._match_word(w, partial=partial and i == len(kept) - 1) for i, w in enumerate(kept)]

    def _score(self, terms: list[_Term], episode: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate segment ids, their coverage (0..1) and how many question words each matched."""
        total_weight = sum(t.weight for t in terms)
        touched: list[np.ndarray] = []
        for term in terms:
            if not len(term.ids):
                continue
            segs, vals = self._postings(term)
            scratch = self._scratch
            np.maximum.at(scratch, segs, vals)
            unique = np.unique(segs)
            self._total[unique] += term.weight * scratch[unique]
            self._hits[unique] += 1
            scratch[unique] = 0.0
            touched.append(unique)
        if not touched:
            return _NOTHING
        candidates = np.unique(np.concatenate(touched))
        scores = self._total[candidates] / total_weight
        hits = self._hits[candidates]
        self._total[candidates] = 0.0
        self._hits[candidates] = 0
        if episode is not None:
            e = self._episode_by_id.get(episode)
            if e is None:
                return _NOTHING
            keep = (candidates >= self._episode_start[e]) & (candidates < self._episode_start[e + 1])
            candidates, scores, hits = candidates[keep], scores[keep], hits[keep]
        return candidates, scores, hits

    def _postings(self, term: _Term) -> tuple[np.ndarray, np.ndarray]:
        starts, ends = self._post_start[term.ids], self._post_start[term.ids + 1]
        segs = np.concatenate([self._post_seg[s:e] for s, e in zip(starts, ends)])
        vals = np.concatenate([self._post_weight[s:e] * sim for s, e, sim in zip(starts, ends, term.sims)])
        return segs, vals

    def _rank(self, kept: list[str], found: tuple[np.ndarray, np.ndarray, np.ndarray], limit: int) -> list[tuple[int, float, bool]]:
        """(segment, score, confident), best first."""
        candidates, scores, hits = found
        if not len(candidates):
            return []
        # Only the best few need the slower per-segment adjustments.
        pool = min(len(candidates), max(limit * 4, 20))
        top = np.argpartition(-scores, pool - 1)[:pool] if pool < len(candidates) else np.arange(len(candidates))
        stems = {stem(w) for w in kept}
        folded = " ".join(kept)
        ranked = []
        for i in top:
            seg = int(candidates[i])
            score = float(scores[i])
            sponsors = self._sponsor_terms[seg]
            if sponsors and not any(name <= stems for name in sponsors) and not stems & {"sponsor", "ad"}:
                score *= SPONSOR_PENALTY
            tie_break = fuzz.token_sort_ratio(folded, self._titles[seg]) / 100
            confident = score > CONFIDENT or (hits[i] >= AGREEING_WORDS and score >= SUGGEST)
            ranked.append((seg, score, tie_break, confident))
        ranked.sort(key=lambda r: (-r[1], -r[2], r[0]))
        return [(seg, score, confident) for seg, score, _, confident in ranked]

    def _match(self, seg: int, score: float) -> Match:
        e = int(self._seg_episode[seg])
        return Match(self.episodes[e], seg - int(self._episode_start[e]), round(min(score, 1.0) * 100, 1))

    # ---- public -----------------------------------------------------------------------------

    def search(self, query: str, *, episode: str | None = None, limit: int = 5) -> Answer:
        """The confident answers to a question, or "did you mean" suggestions when there are none."""
        direct = self.chapter(query, episode=episode)
        if direct is not None:
            return Answer(query, [direct], [])
        kept, terms = self._terms(query, partial=False)
        if not terms:
            return Answer(query, [], [])
        ranked = self._rank(kept, self._score(terms, episode), limit)
        close = [self._match(s, v) for s, v, _ in ranked if v >= SUGGEST]
        if ranked and ranked[0][2]:
            # The question is on topic; the runners-up are shown as related chapters.
            return Answer(query, close[:limit], [])
        return Answer(query, [], close[:3])

    def complete(self, partial: str, *, episode: str | None = None, limit: int = 25) -> list[Match]:
        """Suggestions while a question is typed: the last word may be unfinished."""
        kept, terms = self._terms(partial, partial=True)
        if not terms:
            return []
        return [self._match(s, v) for s, v, _ in self._rank(kept, self._score(terms, episode), limit)[:limit] if v >= SUGGEST]

    def chapter(self, chapter_id: str, *, episode: str | None = None) -> Match | None:
        """The chapter named by an id such as `huberman-ketamine@5164` (an autocomplete value)."""
        found = _CHAPTER_ID.match(chapter_id.strip())
        if not found or (episode is not None and found.group(1) != episode):
            return None
        e = self._episode_by_id.get(found.group(1))
        if e is None:
            return None
        start = int(found.group(2))
        for index, chapter in enumerate(self.episodes[e].chapters):
            if chapter.start == start:
                return Match(self.episodes[e], index, 100.0)
        return None

    def episode(self, episode_id: str) -> Episode | None:
        e = self._episode_by_id.get(episode_id)
        return None if e is None else self.episodes[e]
