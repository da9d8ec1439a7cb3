"""Search from a free-text question to the chapters of the whole catalog: the public SearchIndex.

SearchIndex is built once per catalog and immutable (a reload builds a new one and swaps the
reference). It is a thin searcher over two immutable indexes, each built by one function:

- the word index (index.py, built by building.py): posting lists, typo and prefix tables, episode context;
- the meaning index (semantic.py, with minilm.py and nearest.py): sentence vectors of chapters and episodes.

A question about a whole episode ("the one with Lex Fridman") is answered with the episode
(episode_questions.py). Any other question goes through three steps, each a module of functions that take the word index:
matching.py (which vocabulary words the question's words mean), scoring.py (how good each chapter
is by its words, and the ranking), and blend.py (how word and meaning scores combine, and when an
answer is confident).

`search()` serves full answers with both words and meaning; `complete()` (autocomplete, on every
keystroke) uses words only, so it stays instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

import numpy as np

from bot.core.blas import one_thread_per_product
from bot.core.episodes import Chapter, Episode, format_timestamp
from bot.core.episodes.format import MAX_SUMMARY
from bot.core.episodes.links import timestamp_link
from bot.core.search.blend import ANSWER_AT, RELATED, SUGGEST_AT
from bot.core.search.building import build_index
from bot.core.search.episode_questions import EpisodeQuestions
from bot.core.search.matching import Question, read_question
from bot.core.search.passage_sheets import SheetStore
from bot.core.search.passages import RELATED as RELATED_PASSAGE
from bot.core.search.passages import Found as FoundPassage
from bot.core.search.passages import Moment, PassageIndex, chapter_at
from bot.core.search.scoring import SUGGEST, Found, Ranked, Scratch, pool, rank, score
from bot.core.search.semantic import SemanticIndex, shared_model
from bot.core.search.synonyms import NO_SYNONYMS, Synonyms
from bot.core.search.vector_cache import VectorCache
from bot.core.text import clip, fold
from bot.core.yielding import answering

_CHAPTER_ID = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})@(\d{1,6})$")


@dataclass(frozen=True, slots=True)
class Match:
    episode: Episode
    chapter_index: int
    score: float  # 0..100
    moment: Moment | None = None  # where the answer is said, when the episode has a transcript

    @property
    def start(self) -> int:
        """The second to play from: the moment's, else the chapter's start."""
        return self.moment.start if self.moment is not None else self.chapter.start

    @property
    def timestamp(self) -> str:
        return format_timestamp(self.start)

    @property
    def link(self) -> str | None:
        """A link starting playback at `start`, or None where the host has no known form."""
        return timestamp_link(self.episode.url, self.start) if self.episode.url else None

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
    # A question about a whole episode ("the one with Lex Fridman", "episode 112"): the episodes it
    # names, best first (episode_questions.py); then results and suggestions are empty.
    episodes: tuple[Episode, ...] = ()
    # How likely the best chapter by words and meaning is right (blend.py), which decided between an
    # answer, "did you mean" and nothing; None when no model decided (a chapter asked for by its id,
    # a moment found in a transcript, or the meaning part not installed).
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Weighed:
    """A candidate chapter, as the decision saw it."""

    match: Match
    confidence: float
    evidence: np.ndarray | None  # blend.FEATURES; None without the meaning part


class SearchIndex:
    """Immutable once built; build a new one to change the catalog (a reload swaps the reference)."""

    def __init__(
        self, episodes: Sequence[Episode], *, synonyms: Synonyms = NO_SYNONYMS, semantic: bool = True,
        vectors: VectorCache | None = None, embed_limit: int | None = None, sheets: SheetStore | None = None,
        tokenize_limit: int | None = None,
    ) -> None:  # fmt: skip
        """`synonyms`: the moderators' (synonyms.py); `semantic`: also match by meaning (when the model
        is installed); `vectors`: where chapter vectors are cached between builds (default: this process);
        `embed_limit`: build the meaning part only if at most this many texts need embedding first
        (`meaning_pending` says when it was left out for that reason); `sheets`: where transcripts'
        words are kept tokenized (default: beside `vectors`, passage_sheets); `tokenize_limit`: search what
        was said only in the transcripts already tokenized, if more than this many are not
        (`said_pending`; passages.fill_sheets tokenizes them into `sheets`)."""
        one_thread_per_product()  # a question's matrix products never wait for a second core (blas.py)
        self.listed = list(episodes)  # as given: what the catalog lists and episode() returns
        # What is searched: an episode without chapters (a feed keeps those) as one chapter spanning
        # it, its title and description, so a question about it still finds it.
        self.episodes = [e if e.chapters else _whole_episode(e) for e in self.listed]
        self._episode_by_id = {e.id: i for i, e in enumerate(self.episodes)}
        self.word_index = build_index(self.episodes, synonyms)
        self.size = self.word_index.size
        self._scratch = Scratch(self.size)
        self._semantic = SemanticIndex.build(self.episodes, vectors, embed_limit=embed_limit) if semantic else None
        self.meaning_pending = semantic and self._semantic is None and shared_model() is not None
        # What was said, in the episodes with a transcript; each transcript's words are tokenized
        # once, into a sheet kept beside the vector cache (passage_sheets.py).
        self.sheets = sheets if sheets is not None else passage_sheets(vectors)
        self.passages = PassageIndex(self.episodes, self.sheets, limit=tokenize_limit)
        self.said_pending = self.passages.missing > 0
        self._episode_questions = EpisodeQuestions(self.listed)

    def search(self, query: str, *, episode: str | None = None, limit: int = 5) -> Answer:
        """The confident answers to a question, or "did you mean" suggestions when there are none."""
        with answering():  # a reload in a worker thread steps aside meanwhile (yielding.py)
            return self._search(query, episode, limit)

    def complete(self, partial: str, *, episode: str | None = None, limit: int = 25) -> list[Match]:
        """Suggestions while a question is typed: the last word may be unfinished."""
        with answering():
            words = self.word_index
            question = read_question(words, partial, partial=True)
            stretch = self._stretch(episode)
            if not question.terms or stretch is None:
                return []
            found = score(words, question.terms, stretch, self._scratch, keep=pool(limit))
            ranked = rank(words, question.kept, found, limit, self._scratch, shown=limit)  # words only: instant
            shown = [r for r in ranked if r.score >= SUGGEST]
            return self._matches([r.chapter for r in shown], [r.score for r in shown])

    def _search(self, query: str, episode: str | None, limit: int) -> Answer:
        direct = self.chapter(query, episode=episode)
        if direct is not None:
            return Answer(query, [direct], [])
        if episode is None and (named := self._episode_questions.named(query)):
            return Answer(query, [], [], episodes=tuple(self.listed[e] for e in named))
        answer = self._chapter_answer(query, episode, limit)
        if not len(self.passages) or (episode is not None and episode not in self._episode_by_id):
            return answer
        question, found = self.passages.search(query, None if episode is None else self._episode_by_id[episode])
        if found and found[0].confident:
            # Said in so many words: the moment answers; other moments and chapters are related.
            best = found[0]
            said = [best, *(f for f in found[1:] if f.score >= RELATED_PASSAGE)]
            # Moments are found for no more passages than can be shown (each needs its episode's pieces).
            results = _one_per_chapter((self._said(f, question) for f in self._one_per_chapter_start(said)), limit)
            return Answer(query, _one_per_chapter([*results, *answer.results], limit), [])
        if answer.results and answer.results[0].episode.transcript is not None:
            # The chapter answers: start at the moment in it that says the most of the question.
            first = answer.results[0]
            e = self._episode_by_id[first.episode.id]
            inside = [f for f in found if f.episode == e and chapter_at(first.episode, self.passages.passage_start(f)) == first.chapter_index]
            if inside:
                moment = self.passages.moment(inside[0], question)
                return replace(answer, results=[replace(first, moment=moment), *answer.results[1:]])
        return answer

    def _one_per_chapter_start(self, found: list[FoundPassage]) -> Iterator[FoundPassage]:
        """The best passage starting in each chapter: another one there would show the same chapter."""
        seen: set[tuple[int, int]] = set()
        for f in found:
            key = (f.episode, chapter_at(self.episodes[f.episode], self.passages.passage_start(f)))
            if key not in seen:
                seen.add(key)
                yield f

    def _said(self, found: FoundPassage, question: Question) -> Match:
        episode = self.episodes[found.episode]
        moment = self.passages.moment(found, question)
        return Match(episode, chapter_at(episode, moment.said), round(min(found.score, 1.0) * 100, 1), moment)

    def weigh(self, query: str, *, episode: str | None = None, limit: int = 5) -> list[Weighed]:
        """The best candidate chapters by words and meaning, best first, with the confidence and the
        evidence the decision weighs (what tests/core/search/calibrate.py fits the model on)."""
        with answering():
            ranked, _ = self._ranked(query, episode, limit)
            return [Weighed(self._match(r.chapter, r.score), r.confidence, r.evidence) for r in ranked[:limit]]

    def _ranked(self, query: str, episode: str | None, limit: int) -> tuple[list[Ranked], bool]:
        """The ranked candidates, and whether meaning took part."""
        words, semantic = self.word_index, self._semantic
        stretch = self._stretch(episode)
        asked, kept, terms = read_question(words, query, partial=False)
        if stretch is None or not (terms or semantic):
            return [], False
        found = score(words, terms, stretch, self._scratch, keep=pool(limit)) if terms else Found.nothing()
        # Folded, like the words: quotes, accents and case change nothing.
        question = semantic.question(fold(query)) if semantic is not None else None
        return rank(words, kept, found, limit, self._scratch, semantic, question, stretch, asked), question is not None

    def _chapter_answer(self, query: str, episode: str | None, limit: int) -> Answer:
        """The answer by chapters alone: their words and meaning."""
        ranked, meaning = self._ranked(query, episode, limit)
        if not ranked:
            return Answer(query, [], [])
        sure = ranked[0].confidence if meaning else None
        if ranked[0].confidence >= ANSWER_AT:
            # The best chapter answers; the runners-up close enough are related chapters.
            related = [r.chapter for r in ranked[1:] if r.score >= (RELATED if meaning else SUGGEST)]
            return Answer(query, self._distinct([ranked[0].chapter, *related], ranked, limit), [], confidence=sure)
        offered = [r.chapter for r in ranked if (r.confidence >= SUGGEST_AT if meaning else r.score >= SUGGEST)]
        return Answer(query, [], self._distinct(offered, ranked, 3), confidence=sure)

    def _stretch(self, episode: str | None) -> tuple[int, int] | None:
        """The chapters searched, [lo, hi): all, or one episode's (None for an unknown episode)."""
        if episode is None:
            return 0, self.size
        e = self._episode_by_id.get(episode)
        start = self.word_index.episode_start
        return None if e is None else (int(start[e]), int(start[e + 1]))

    def _match(self, chapter: int, value: float) -> Match:
        """The match of a chapter numbered as in the word index, with its score (0..1)."""
        return self._matches([chapter], [value])[0]

    def _matches(self, chapters: list[int], values: list[float]) -> list[Match]:
        """_match() of each chapter with its value, their episodes looked up together."""
        episodes = self.word_index.chapter_episode[chapters].tolist()
        firsts = self.word_index.episode_start[episodes].tolist()
        return [Match(self.episodes[e], c - f, round(min(v, 1.0) * 100, 1)) for e, f, c, v in zip(episodes, firsts, chapters, values)]

    def _distinct(self, chapters: list[int], ranked: list[Ranked], limit: int) -> list[Match]:
        """Matches for `chapters`, each moment once: the same chapter in two episode files (same
        podcast, episode title and start) or two chapters starting at the same second show once."""
        scores = {r.chapter: r.score for r in ranked}
        seen: set[tuple[str, ...]] = set()
        out: list[Match] = []
        for chapter in chapters:
            match = self._match(chapter, scores[chapter])
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

    def chapter_vector(self, chapter_id: str) -> np.ndarray | None:
        """The sentence vector of a chapter's own text (semantic.chapter_text), unit length; None
        without the meaning index or for a chapter the catalog does not have."""
        match = self.chapter(chapter_id)
        if match is None or self._semantic is None:
            return None
        first = int(self.word_index.episode_start[self._episode_by_id[match.episode.id]])
        return self._semantic.chapters.of(np.array([first + match.chapter_index]))[0]

    def episode(self, episode_id: str) -> Episode | None:
        e = self._episode_by_id.get(episode_id)
        return None if e is None else self.listed[e]


def passage_sheets(vectors: VectorCache | None) -> SheetStore:
    """Where transcripts' sheets are kept: a folder beside the vector cache file (in memory without one)."""
    return SheetStore(vectors.folder("passages") if vectors is not None else None)


def _one_per_chapter(matches: Iterable[Match], limit: int) -> list[Match]:
    """The first match of each chapter, up to `limit` (the rest of `matches` is not made)."""
    seen: set[tuple[str, int]] = set()
    out: list[Match] = []
    for match in matches:
        key = (match.episode.id, match.chapter_index)
        if key not in seen:
            seen.add(key)
            out.append(match)
            if len(out) == limit:
                break
    return out


def _whole_episode(episode: Episode) -> Episode:
    """A chapterless episode as search sees it: one chapter from the start, named by its title."""
    return replace(episode, chapters=(Chapter(0, episode.title, "content", clip(episode.description, MAX_SUMMARY)),))
