"""The semantic part: questions and chapters as sentence vectors, so that meaning meets meaning.

"can't sleep at night" and a chapter titled "Insomnia" share no word; their vectors are close. Each
chapter is embedded as its title (with its summary and keywords where someone wrote them), each
episode as its title, people and the start of its description; a question is embedded when asked.

Vectors are cached by a hash of the text they were made from (vector_cache.py), so a reload embeds
only chapters whose text changed, and the cache file beside the database lets a restart, or another
process of the bot, embed nothing. A large catalog's texts are embedded apart from any index, in
steps saved as they go (`embed_missing()`: the bot in the background, `python -m bot embed` and
`ask --wait` in the foreground, all with this one function). The model (minilm.py) is loaded once
per process, on first use; without it the index is lexical only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from bot.core.episodes import Chapter, Episode
from bot.core.search.minilm import MiniLM
from bot.core.search.nearest import ChapterVectors
from bot.core.search.vector_cache import KEY_BYTES, VectorCache
from bot.core.yielding import Pacer, paced

log = logging.getLogger(__name__)

# Chapter and episode texts are short; a description is cut to its opening, which says what the
# episode is about (and keeps embedding a large catalog affordable).
CHAPTER_TOKENS, EPISODE_TOKENS = 64, 96
EPISODE_DESCRIPTION_CHARS = 400
EMBED_STEP = 256  # texts embedded and saved at a time by embed_missing(): a stop loses at most one step
WAIT_FOR_OTHERS = 2.0  # seconds between looks at the file while another process embeds its texts

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
            except Exception as error:  # missing or damaged weights, no runtime: words only, never a stop
                _model_failed = True
                log.warning("semantic search off, answering from words only: %s", error)
        return _model


def chapter_text(chapter: Chapter) -> str:
    return " ".join(part for part in (chapter.title, chapter.summary, ", ".join(chapter.keywords)) if part)


def episode_text(episode: Episode) -> str:
    people = ", ".join(episode.people)
    return " ".join(p for p in (episode.title, people, episode.description[:EPISODE_DESCRIPTION_CHARS]) if p)


def text_key(text: str, max_tokens: int) -> bytes:
    return hashlib.blake2b(f"{max_tokens}\x00{text}".encode(), digest_size=KEY_BYTES).digest()


def text_keys(texts: Sequence[str], max_tokens: int) -> list[bytes]:
    return [text_key(t, max_tokens) for t in paced(texts)]


@dataclass(frozen=True, slots=True)
class Texts:
    """The texts a catalog's meaning is made of, with their keys."""

    chapters: list[str]
    chapter_keys: list[bytes]
    episodes: list[str]
    episode_keys: list[bytes]

    @classmethod
    def of(cls, episodes: Sequence[Episode]) -> Texts:
        chapters = [chapter_text(c) for c in paced(c for e in episodes for c in e.chapters)]
        whole = [episode_text(e) for e in episodes]
        return cls(chapters, text_keys(chapters, CHAPTER_TOKENS), whole, text_keys(whole, EPISODE_TOKENS))

    def missing(self, cache: VectorCache) -> list[tuple[bytes, str, int]]:
        """Each text with no vector in `cache` yet, once: its key, the text, its token limit."""
        chapters = cache.absent(self.chapter_keys, self.chapters)
        whole = cache.absent(self.episode_keys, self.episodes)
        return [(k, t, CHAPTER_TOKENS) for k, t in chapters.items()] + [(k, t, EPISODE_TOKENS) for k, t in whole.items()]


_default_cache = VectorCache()  # for indexes built without a cache of their own (tests)


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
        would have to be embedded first (embed_missing() does that apart, in steps)."""
        model = shared_model()
        if model is None:
            return None
        cache = cache if cache is not None else _default_cache
        texts = Texts.of(episodes)  # each text made and hashed once, for the check and for the look-up
        if embed_limit is not None and len(texts.missing(cache)) > embed_limit:
            return None
        chapters = ChapterVectors(*cache.lookup(texts.chapter_keys, texts.chapters, _embedder(model, CHAPTER_TOKENS)), pace=_pace)
        episode_array, episode_rows = cache.lookup(texts.episode_keys, texts.episodes, _embedder(model, EPISODE_TOKENS))
        return cls(model, chapters, episode_array[episode_rows].astype(np.float32))

    def question(self, text: str) -> np.ndarray:
        return self.model.embed([text], max_tokens=CHAPTER_TOKENS)[0]

    def similarity(self, question: np.ndarray, chapters: np.ndarray, episodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity of the question to each of `chapters` and to the episodes holding them."""
        return self.chapters.of(chapters) @ question, self.episodes[episodes] @ question

    def nearest(self, question: np.ndarray, lo: int, hi: int, count: int) -> np.ndarray:
        """About the `count` chapters in [lo, hi) most like the question (unordered)."""
        return self.chapters.nearest(question, lo, hi, count)


def embed_missing(
    episodes: Sequence[Episode], cache: VectorCache, *, workers: int = 1,
    progress: Callable[[int, int], None] = lambda done, total: None, stopped: Callable[[], bool] = lambda: False,
) -> int:  # fmt: skip
    """Embed every text of `episodes` that has no vector in `cache`, EMBED_STEP texts at a time, each
    step saved as soon as it is made: a stop (`stopped()`, Ctrl+C, a kill) keeps all but one step,
    and the next call goes on from there. How many texts this process embedded.

    `workers`: batches embedded at once (more than 1 only while nothing else needs the cores).
    While another process embeds into the same file, this one waits and takes its vectors from the
    file (a sharded bot embeds a new catalog once); it takes over should that process stop.
    `progress(done, total)` is called after every step and look.
    """
    model = shared_model()
    if model is None:
        return 0
    texts = Texts.of(episodes)
    total = len(texts.missing(cache))
    if total:
        progress(0, total)
    made = 0
    while (todo := texts.missing(cache)) and not stopped():
        with cache.turn() as ours:
            if ours:
                todo = texts.missing(cache)  # turn() read what others saved meanwhile
                for first in range(0, len(todo), EMBED_STEP):
                    step = todo[first : first + EMBED_STEP]
                    for tokens in sorted({t for _, _, t in step}):
                        chosen = [(k, t) for k, t, limit in step if limit == tokens]
                        vectors = model.embed([t for _, t in chosen], max_tokens=tokens, workers=workers, pace=_pace)
                        cache.add([k for k, _ in chosen], vectors)
                    made += len(step)
                    progress(total - len(todo) + first + len(step), total)
                    if stopped():
                        break
                continue
        time.sleep(WAIT_FOR_OTHERS)  # another process embeds these texts: they arrive through the file
        cache.refresh()
        progress(total - len(texts.missing(cache)), total)
    return made


def bulk_workers() -> int:
    """Batches embedded at once in bulk: one per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _embedder(model: MiniLM, max_tokens: int) -> Callable[[list[str]], np.ndarray]:
    return lambda texts: model.embed(texts, max_tokens=max_tokens, pace=_pace)
