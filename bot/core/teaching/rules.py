"""What counts when the community teaches: questions as compared, closeness, and the bound.

The bound on how far votes move a result for everyone else: a pair (question -> chapter) applies
to other members only once `needed` distinct members (2 by default) said it helped, more than said
"not this one", or once a moderator taught it; it drops a chapter for a question likewise. A single
member's votes, however many, change nothing anyone else sees.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.search.minilm import DIMENSIONS
from bot.core.text import STOPWORDS, fold, stem

MAX_QUESTION = 200  # as /segment takes it
# Closeness of two questions. In words: rapidfuzz's token_sort_ratio of their content words, so a
# typo or another word order is close and a question with a word more or less is not (token_set
# would make "sleep" as close to "sleep apnea" as to itself). In meaning: the cosine of the sentence
# model's vectors. Set once, before the replay (benchmarks/replay.py) measured anything.
WORDS_CLOSE = 88.0
MEANING_CLOSE = 0.80


def normalize(question: str) -> str:
    """A question as kept and compared: folded (case, accents, punctuation), words single-spaced."""
    return " ".join(fold(question).split())[:MAX_QUESTION]


def content(question: str) -> str:
    """A normalized question's words that carry its topic ("what is angel dust" -> "angel dust"), what
    closeness in words compares; the question itself when it has none."""
    kept = [w for w in question.split() if w not in STOPWORDS]
    return " ".join(kept) if kept else question


def member_hash(key: bytes, guild_id: int, member_id: int) -> str:
    """A member as the database knows them: a keyed hash, per server (the same member in two servers
    cannot be linked), enough to count one vote per member and never the id itself."""
    return hmac.new(key, f"{guild_id}:{member_id}".encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Pair:
    """A question and a chapter with the votes cast on them in one server."""

    question: str  # normalized
    chapter_id: str
    helped: int  # distinct members (not moderators) who said it helped, or picked it
    not_this: int  # distinct members (not moderators) who said "not this one"
    moderator: int  # the moderators' votes summed: > 0 taught, < 0 voted down, 0 none
    last_at: float

    def verdict(self, needed: int) -> int:
        """1: it answers the question for everyone; -1: it drops for the question; 0: neither yet."""
        if self.moderator:
            return 1 if self.moderator > 0 else -1
        if self.helped >= needed and self.helped > self.not_this:
            return 1
        if self.not_this >= needed and self.not_this > self.helped:
            return -1
        return 0

    @property
    def key(self) -> str:
        """A short name for the pair, as autocomplete values (100 characters at most) carry it."""
        return hashlib.blake2b(f"{self.question}\x00{self.chapter_id}".encode(), digest_size=8).hexdigest()


def close_in_words(question: str, other: str) -> bool:
    return fuzz.token_sort_ratio(content(question), content(other)) >= WORDS_CLOSE


@dataclass(frozen=True, slots=True)
class TaughtFor:
    """What a chapter's taught questions have of a question: the cosine to the nearest of them, and
    the share of the question's weight their words cover."""

    chapter_id: str
    meaning: float
    covered: float


class Wordings:
    """Pairs with their questions ready to compare, all at once (a server may have thousands): their
    topic words sorted as token_sort_ratio sorts them, their stems in an inverted list, and one
    matrix of their vectors where the model gave them."""

    def __init__(self, pairs: Sequence[Pair], vectors: Mapping[str, np.ndarray]) -> None:
        self.pairs = list(pairs)
        topics = [content(p.question).split() for p in self.pairs]
        self._sorted = [" ".join(sorted(words)) for words in topics]
        self._chapter_ids = list(dict.fromkeys(p.chapter_id for p in self.pairs))
        numbered = {chapter: n for n, chapter in enumerate(self._chapter_ids)}
        self._chapter_of = np.array([numbered[p.chapter_id] for p in self.pairs], dtype=np.int64)  # each pair's chapter
        holding: dict[str, set[int]] = {}
        for i, words in enumerate(topics):
            for s in {stem(w) for w in words}:
                holding.setdefault(s, set()).add(numbered[self.pairs[i].chapter_id])
        self._holding = {s: np.array(sorted(held), dtype=np.int64) for s, held in holding.items()}  # a stem -> the chapters taught with it
        # The vectors, one matrix, its rows grouped by chapter (a chapter's taught questions are one
        # slice of it, read without a copy); a pair whose question has no vector yet (being embedded)
        # has a row of zeros and is compared in words only.
        grouped = np.argsort(self._chapter_of, kind="stable")
        self._row = np.empty(len(self.pairs), dtype=np.int64)
        self._row[grouped] = np.arange(len(self.pairs))  # each pair's row
        self._slices = np.searchsorted(self._chapter_of[grouped], np.arange(len(self._chapter_ids) + 1))  # each chapter's rows
        known = [self.pairs[i].question in vectors for i in grouped.tolist()]
        self._matrix = np.stack([vectors[self.pairs[i].question] if k else np.zeros(DIMENSIONS, np.float32) for i, k in zip(grouped.tolist(), known)]) if any(known) else None
        self._squares = np.einsum("ij,ij->i", self._matrix, self._matrix) if self._matrix is not None else None  # each row's length, squared
        self._text_dots: dict[int, tuple[bytes, np.ndarray, float]] = {}  # a chapter -> its text's key, t.c of each row, |c|^2

    def close(self, question: str, vector: np.ndarray | None) -> list[Pair]:
        """The pairs whose question is close to `question` (normalized), closest first: in words or in
        meaning, whichever is closer, each measured against its own threshold."""
        if not self.pairs:
            return []
        words = process.cdist([" ".join(sorted(content(question).split()))], self._sorted, scorer=fuzz.ratio, score_cutoff=WORDS_CLOSE, dtype=np.float32)[0]
        closeness = np.maximum(words / WORDS_CLOSE, self._meaning(vector) / MEANING_CLOSE)
        close = np.flatnonzero(closeness >= 1.0)
        return [self.pairs[i] for i in close[np.argsort(-closeness[close], kind="stable")]]

    def nearest(self, question: str, vector: np.ndarray, weight: Callable[[str], float], limit: int,
                texts: Callable[[str], np.ndarray | None] = lambda chapter_id: None) -> list[TaughtFor]:  # fmt: skip
        """The `limit` chapters whose taught questions are nearest in meaning to `question`
        (normalized), nearest first, with what they have of it. `weight`: a stem's weight in a question.
        `texts`: a chapter's own text's unit vector, when known; each of the `limit` is then read as its
        expanded document (the nearer of its taught questions and of its text read together with one of
        them, their vectors' sum): a question sharing something with the chapter's text and something
        with the community's wording is nearer to the two together than to either."""
        if not self.pairs:
            return []
        rows = self._row_cosines(vector)
        meaning = np.full(len(self._chapter_ids), -1.0)
        np.maximum.at(meaning, self._chapter_of, rows[self._row])
        nearest = np.argsort(-meaning, kind="stable")[:limit]
        for i in nearest.tolist():
            if (text := texts(self._chapter_ids[i])) is not None:
                meaning[i] = max(meaning[i], self._together(i, text, vector, rows))
        nearest = nearest[np.argsort(-meaning[nearest], kind="stable")]
        stems = list(dict.fromkeys(stem(w) for w in content(question).split()))
        weights = [weight(s) for s in stems]
        covered = np.zeros(len(self._chapter_ids))
        for s, w in zip(stems, weights):
            if (chapters := self._holding.get(s)) is not None:
                covered[chapters] += w
        covered /= max(sum(weights), 1e-9)
        return [TaughtFor(self._chapter_ids[i], float(meaning[i]), float(covered[i])) for i in nearest.tolist()]

    def _together(self, chapter: int, text: np.ndarray, vector: np.ndarray, cosines: np.ndarray) -> float:
        """The best cosine of `vector` to `text` plus one of the chapter's taught questions' vectors
        (`cosines`: the question's to each row), from dot products: |t + c|^2 = |t|^2 + |c|^2 + 2 t.c,
        with t.c kept for the snapshot's life (a chapter's text is the same from question to question)."""
        if self._matrix is None or self._squares is None:
            return -1.0  # no taught question has a vector yet
        rows = slice(self._slices[chapter], self._slices[chapter + 1])
        key = text.tobytes()
        kept = self._text_dots.get(chapter)
        if kept is None or kept[0] != key:
            kept = self._text_dots[chapter] = (key, self._matrix[rows] @ text, float(text @ text))
        squares = self._squares[rows]
        together = (cosines[rows] + float(text @ vector)) / np.sqrt(np.maximum(squares + kept[2] + 2 * kept[1], 1e-18))
        return float(np.max(np.where(squares > 0, together, -1.0)))

    def _meaning(self, vector: np.ndarray | None) -> np.ndarray:
        """The cosine of each pair's question to the one of `vector` (0 without vectors)."""
        return self._row_cosines(vector)[self._row]

    def _row_cosines(self, vector: np.ndarray | None) -> np.ndarray:
        """The cosine of each row of the matrix (grouped by chapter) to `vector` (0 without vectors)."""
        if vector is None or self._matrix is None:
            return np.zeros(len(self.pairs), np.float32)
        return self._matrix @ vector


def groups(questions: Iterable[tuple[str, str]]) -> list[tuple[str, dict[str, int]]]:
    """(question, what happened) rows gathered into groups of close wordings, most frequent first:
    each group's most frequent wording with its counts by what happened."""
    counted: dict[str, dict[str, int]] = {}
    for question, what in questions:
        counted.setdefault(question, {}).setdefault(what, 0)
        counted[question][what] += 1
    merged: list[tuple[str, dict[str, int]]] = []
    for question in sorted(counted, key=lambda q: -sum(counted[q].values())):
        for head, counts in merged:
            if close_in_words(question, head):
                for what, n in counted[question].items():
                    counts[what] = counts.get(what, 0) + n
                break
        else:
            merged.append((question, dict(counted[question])))
    return sorted(merged, key=lambda g: -sum(g[1].values()))
