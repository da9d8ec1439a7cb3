"""Search from a free-text question to the chapters (segments) of the whole catalog.

SearchIndex is built once per catalog and immutable (a reload builds a new one and swaps the
reference). It is assembled from one part per concern, each readable alone:

- building.py: the word index (posting lists, typo and prefix tables, episode context, synonyms);
- matching.py: which vocabulary words a question word means (stems, prefixes, typos);
- scoring.py: how good each chapter is by its words, and the ranking;
- semantic.py (with minilm.py): sentence vectors of questions, chapters and episodes;
- blend.py: how word and meaning scores combine, and when an answer is confident.

`search()` serves full answers with both words and meaning; `complete()` (autocomplete, on every
keystroke) uses words only, so it stays instant.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from bot.core.episodes import Chapter, Episode
from bot.core.episodes.format import MAX_SUMMARY
from bot.core.search.blend import DID_YOU_MEAN, RELATED
from bot.core.search.building import IndexBuilder
from bot.core.search.matching import WordMatcher
from bot.core.search.scoring import SUGGEST, Scorer
from bot.core.search.semantic import SemanticIndex, VectorCache, shared_model
from bot.core.search.synonyms import NO_SYNONYMS, Synonyms
from bot.core.text import clip, fold
from bot.core.yielding import Pacer, answering

_CHAPTER_ID = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})@(\d{1,6})$")


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



class SearchIndex(IndexBuilder, WordMatcher, Scorer):
    """Immutable once built; build a new one to change the catalog (a reload swaps the reference)."""

    def __init__(
        self, episodes: Sequence[Episode], *, synonyms: Synonyms = NO_SYNONYMS, semantic: bool = True,
        vectors: VectorCache | None = None, embed_limit: int | None = None,
    ) -> None:  # fmt: skip
        """`synonyms`: the moderators' (synonyms.py); `semantic`: also match by meaning (when the model
        is installed); `vectors`: where chapter vectors are cached between builds (default: this process);
        `embed_limit`: build the meaning part only if at most this many texts need embedding first
        (`meaning_pending` says when it was left out for that reason)."""
        self._pace = Pacer()
        self._synonyms = synonyms  # built in a worker thread on reload: leave the event loop room
        self.listed = list(episodes)  # as given: what the catalog lists and episode() returns
        # What is searched: an episode without chapters (a feed keeps those) as one chapter spanning
        # it, its title and description, so a question about it still finds it.
        self.episodes = [e if e.chapters else _whole_episode(e) for e in self.listed]
        self._episode_by_id = {e.id: i for i, e in enumerate(self.episodes)}
        counts = [len(e.chapters) for e in self.episodes]
        self._episode_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._seg_episode = np.repeat(np.arange(len(self.episodes), dtype=np.int32), counts)
        self.size = int(self._episode_start[-1])
        self._sponsor_terms = self._sponsor_names()
        self._build_postings()
        self._introductions = self._find_introductions()
        self._build_typo_index()
        self._local = threading.local()  # per-thread scoring buffers
        self._build_heavy_prefixes()
        self._semantic = SemanticIndex.build(self.episodes, vectors, embed_limit=embed_limit) if semantic else None
        self.meaning_pending = semantic and self._semantic is None and shared_model() is not None

    def _match(self, seg: int, score: float) -> Match:
        e = int(self._seg_episode[seg])
        return Match(self.episodes[e], seg - int(self._episode_start[e]), round(min(score, 1.0) * 100, 1))

    def search(self, query: str, *, episode: str | None = None, limit: int = 5) -> Answer:
        """The confident answers to a question, or "did you mean" suggestions when there are none."""
        with answering():  # a reload in a worker thread steps aside meanwhile (yielding.py)
            return self._search(query, episode, limit)

    def complete(self, partial: str, *, episode: str | None = None, limit: int = 25) -> list[Match]:
        """Suggestions while a question is typed: the last word may be unfinished."""
        with answering():
            _, kept, terms = self._terms(partial, partial=True)
            if not terms:
                return []
            ranked = self._rank(kept, self._score(terms, episode), limit)  # words only: instant
            return [self._match(s, v) for s, v, _ in ranked[:limit] if v >= SUGGEST]

    def _search(self, query: str, episode: str | None, limit: int) -> Answer:
        direct = self.chapter(query, episode=episode)
        if direct is not None:
            return Answer(query, [direct], [])
        stretch = self._stretch(episode)
        asked, kept, terms = self._terms(query, partial=False)
        if stretch is None or not (terms or self._semantic):
            return Answer(query, [], [])
        found = self._score(terms, episode) if terms else (np.zeros(0, np.int64), np.zeros(0, np.float32), [], 1.0)
        # Folded, like the words: quotes, accents and case change nothing.
        question = self._semantic.question(fold(query)) if self._semantic is not None else None
        ranked = self._rank(kept, found, limit, question, stretch, asked)
        if any(confident for _, _, confident in ranked):
            # The question is on topic: the best confident chapter answers it (a higher-scoring one
            # that is not confident comes after it), and the runners-up are related chapters.
            ranked.sort(key=lambda r: not r[2])  # stable: best first within each group
        if ranked and ranked[0][2]:
            related = [s for s, v, _ in ranked[1:] if v >= (RELATED if question is not None else SUGGEST)]
            return Answer(query, self._distinct([ranked[0][0], *related], ranked, limit), [])
        offered = [s for s, v, _ in ranked if v >= (DID_YOU_MEAN if question is not None else SUGGEST)]
        return Answer(query, [], self._distinct(offered, ranked, 3))

    def _stretch(self, episode: str | None) -> tuple[int, int] | None:
        """The segments searched: all, or one episode's (None for an unknown episode)."""
        if episode is None:
            return 0, self.size
        e = self._episode_by_id.get(episode)
        return None if e is None else (int(self._episode_start[e]), int(self._episode_start[e + 1]))

    def _distinct(self, segments: list[int], ranked: list[tuple[int, float, bool]], limit: int) -> list[Match]:
        """Matches for `segments`, each moment once: the same chapter in two episode files (same
        podcast, episode title and start) or two chapters starting at the same second show once."""
        score = {s: v for s, v, _ in ranked}
        seen: set[tuple[str, ...]] = set()
        out: list[Match] = []
        for seg in segments:
            match = self._match(seg, score[seg])
            e = match.episode
            moments = {(e.id, str(match.chapter.start)), (fold(e.podcast), fold(e.title), str(match.chapter.start))}
            if moments & seen:
                continue
            seen |= moments
            out.append(match)
            if len(out) == limit:
                break
        return out

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
        return None if e is None else self.listed[e]


def _whole_episode(episode: Episode) -> Episode:
    """A chapterless episode as search sees it: one chapter from the start, named by its title."""
    return replace(episode, chapters=(Chapter(0, episode.title, "content", clip(episode.description, MAX_SUMMARY)),))
