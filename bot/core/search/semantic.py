"""The semantic part: questions and chapters as sentence vectors, so that meaning meets meaning.

"can't sleep at night" and a chapter titled "Insomnia" share no word; their vectors are close. Each
chapter is embedded as its title (with its summary and keywords where someone wrote them), each
episode as its title, people and the start of its description; a question is embedded when asked.

Vectors are cached by a hash of the text they were made from (VectorCache), so a reload embeds only
chapters whose text changed, and the cache is saved beside the database so a restart embeds nothing.
The model (minilm.py) is loaded once per process, on first use; without it the index is lexical only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from bot.core.episodes import Chapter, Episode
from bot.core.search.minilm import DIMENSIONS, MiniLM, ModelUnavailable
from bot.core.search.nearest import ChapterVectors
from bot.core.yielding import Pacer, paced

log = logging.getLogger(__name__)

# Chapter and episode texts are short; a description is cut to its opening, which says what the
# episode is about (and keeps embedding a large catalog affordable).
CHAPTER_TOKENS, EPISODE_TOKENS = 64, 96
EPISODE_DESCRIPTION_CHARS = 400
_KEY_BYTES = 16

_pace = Pacer()  # building runs in a reload's worker thread: step aside for questions (yielding.py)


_model: MiniLM | None = None
_model_failed = False
_model_lock = threading.Lock()


def shared_model() -> MiniLM | None:
    """The process's model, loaded on first use; None (once logged) when it cannot be loaded."""
    global _model, _model_failed
    with _model_lock:
        if _model is None and not _model_failed:
            try:
                _model = MiniLM()
            except ModelUnavailable as error:
                _model_failed = True
                log.warning("semantic search off, answering from words only: %s", error)
        return _model


def chapter_text(chapter: Chapter) -> str:
    return " ".join(part for part in (chapter.title, chapter.summary, ", ".join(chapter.keywords)) if part)


def episode_text(episode: Episode) -> str:
    people = ", ".join(episode.people)
    return " ".join(p for p in (episode.title, people, episode.description[:EPISODE_DESCRIPTION_CHARS]) if p)


def text_key(text: str, max_tokens: int) -> bytes:
    return hashlib.blake2b(f"{max_tokens}\x00{text}".encode(), digest_size=_KEY_BYTES).digest()


def text_keys(texts: Sequence[str], max_tokens: int) -> list[bytes]:
    return [text_key(t, max_tokens) for t in paced(texts)]


VECTORS_WITHOUT_FILE = "segment-bot.vectors.npz"


class VectorCache:
    """Vectors by the hash of their text; optionally kept in a file between runs.

    Thread-safe: a reload fills it in a worker thread while questions are answered.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._rows: dict[bytes, int] = {}
        # Unit vectors: float16 is precise enough. Rows from self._used on are room to grow into, so
        # that adding a step's vectors does not copy all the others (doubling, as a list does).
        self._vectors = np.zeros((0, DIMENSIONS), dtype=np.float16)
        self._used = 0
        self._saved = 0  # rows already in the file
        if path is not None:
            self._load(path)

    @classmethod
    def beside(cls, database: Path | str) -> VectorCache:
        """The cache kept next to the bot's database file; with a PostgreSQL database, which has no
        file, in the current folder (each process of a sharded bot keeps its own)."""
        if isinstance(database, str):  # a postgresql:// URL
            return cls(Path(VECTORS_WITHOUT_FILE))
        return cls(database.with_name(database.name + ".vectors.npz"))

    def __len__(self) -> int:
        return len(self._rows)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path) as stored:
                keys, vectors = stored["keys"], stored["vectors"]
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError) as error:  # a damaged cache costs time, never answers
            log.warning("%s: vector cache unreadable, embedding anew: %s", path, error)
            return
        if vectors.ndim != 2 or vectors.shape[1] != DIMENSIONS or keys.shape != (len(vectors), _KEY_BYTES):
            log.warning("%s: vector cache has the wrong shape, embedding anew", path)
            return
        raw = keys.astype(np.uint8).tobytes()
        self._rows = {raw[i * _KEY_BYTES : (i + 1) * _KEY_BYTES]: i for i in range(len(keys))}
        self._vectors = vectors.astype(np.float16, copy=False)
        self._used = len(vectors)
        self._saved = len(self._rows)

    def missing(self, texts: Sequence[str], max_tokens: int) -> list[str]:
        """The texts (each once) that have no vector yet."""
        return list(self.absent(text_keys(texts, max_tokens), texts).values())

    def absent(self, keys: Sequence[bytes], texts: Sequence[str]) -> dict[bytes, str]:
        """missing() for texts whose keys (text_keys) the caller has: each absent key with its text."""
        with self._lock:
            return {k: t for k, t in paced(zip(keys, texts)) if k not in self._rows}

    def vectors(self, texts: Sequence[str], max_tokens: int, embed: Callable[[list[str], int], np.ndarray]) -> np.ndarray:
        """One vector per text, embedding (in one call) only the texts not seen before."""
        vectors, rows = self.lookup(text_keys(texts, max_tokens), texts, max_tokens, embed)
        return vectors[rows]

    def lookup(
        self, keys: Sequence[bytes], texts: Sequence[str], max_tokens: int, embed: Callable[[list[str], int], np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """vectors() for texts whose keys the caller has, without the copy: an array and, for each
        text, its row (the array is the cache's own, to read, never to write)."""
        missing = self.absent(keys, texts)
        if missing:
            fresh = embed(list(missing.values()), max_tokens)
            with self._lock:
                start = self._used
                self._used += len(fresh)
                if self._used > len(self._vectors):
                    room = np.zeros((max(2 * len(self._vectors), self._used), DIMENSIONS), dtype=np.float16)
                    room[:start] = self._vectors[:start]
                    self._vectors = room
                self._vectors[start : start + len(fresh)] = fresh
                for offset, key in enumerate(missing):
                    self._rows.setdefault(key, start + offset)
        with self._lock:
            rows = np.fromiter((self._rows[k] for k in paced(keys)), dtype=np.int64, count=len(keys))
            return self._vectors, rows

    def save(self) -> None:
        """Write the cache to its file (atomically) if it has grown since it was read or saved."""
        if self.path is None:
            return
        with self._lock:
            if len(self._rows) == self._saved:
                return
            keys = np.frombuffer(b"".join(self._rows), dtype=np.uint8).reshape(-1, _KEY_BYTES)
            vectors = self._vectors[np.fromiter(self._rows.values(), dtype=np.int64, count=len(self._rows))]
            count = len(self._rows)
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            with open(temporary, "wb") as out:
                np.savez(out, keys=keys, vectors=vectors)
            os.replace(temporary, self.path)
            self._saved = count
        except OSError as error:
            log.warning("%s: cannot save the vector cache: %s", self.path, error)


_default_cache = VectorCache()  # for indexes built without a cache of their own (tests, `ask`)


@dataclass(frozen=True, slots=True)
class SemanticIndex:
    """Unit vectors of every chapter and episode, in the word index's chapter order (index.py)."""

    model: MiniLM
    chapters: ChapterVectors
    episodes: np.ndarray  # (episodes, 384) float32

    @classmethod
    def build(
        cls, episodes: Sequence[Episode], cache: VectorCache | None = None, *, embed_limit: int | None = None
    ) -> SemanticIndex | None:
        """The vectors of `episodes`; None without the model, or when more than `embed_limit` texts
        would have to be embedded first (fill_cache() does that apart, in steps)."""
        model = shared_model()
        if model is None:
            return None
        cache = cache if cache is not None else _default_cache
        # Each text is made and hashed once, for the check and for the look-up.
        chapter_texts = [chapter_text(c) for c in paced(c for e in episodes for c in e.chapters)]
        episode_texts = [episode_text(e) for e in episodes]
        chapter_keys, episode_keys = text_keys(chapter_texts, CHAPTER_TOKENS), text_keys(episode_texts, EPISODE_TOKENS)
        if embed_limit is not None:
            if len(cache.absent(chapter_keys, chapter_texts)) + len(cache.absent(episode_keys, episode_texts)) > embed_limit:
                return None
        embed = _embedder(model)
        chapters = ChapterVectors(*cache.lookup(chapter_keys, chapter_texts, CHAPTER_TOKENS, embed), pace=_pace)
        episode_array, episode_rows = cache.lookup(episode_keys, episode_texts, EPISODE_TOKENS, embed)
        cache.save()
        return cls(model, chapters, episode_array[episode_rows].astype(np.float32))

    def question(self, text: str) -> np.ndarray:
        return self.model.embed([text], max_tokens=CHAPTER_TOKENS)[0]

    def similarity(self, question: np.ndarray, chapters: np.ndarray, episodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity of the question to each of `chapters` and to the episodes holding them."""
        return self.chapters.of(chapters) @ question, self.episodes[episodes] @ question

    def nearest(self, question: np.ndarray, lo: int, hi: int, count: int) -> np.ndarray:
        """About the `count` chapters in [lo, hi) most like the question (unordered)."""
        return self.chapters.nearest(question, lo, hi, count)


def missing_texts(episodes: Sequence[Episode], cache: VectorCache | None = None) -> list[tuple[str, int]]:
    """The chapter and episode texts of `episodes` with no vector yet, with their token limits."""
    cache = cache if cache is not None else _default_cache
    chapters = cache.missing([chapter_text(c) for c in paced(c for e in episodes for c in e.chapters)], CHAPTER_TOKENS)
    whole = cache.missing([episode_text(e) for e in episodes], EPISODE_TOKENS)
    return [(t, CHAPTER_TOKENS) for t in chapters] + [(t, EPISODE_TOKENS) for t in whole]


def fill_cache(cache: VectorCache, texts: Sequence[tuple[str, int]]) -> None:
    """Embed `texts` (from missing_texts) into the cache: one step of a longer fill (saving is the caller's)."""
    model = shared_model()
    if model is None:
        return
    for max_tokens in {tokens for _, tokens in texts}:
        cache.vectors([t for t, tokens in texts if tokens == max_tokens], max_tokens, _embedder(model))


def _embedder(model: MiniLM) -> Callable[[list[str], int], np.ndarray]:
    return lambda texts, max_tokens: model.embed(texts, max_tokens=max_tokens, pace=_pace)
