"""The live catalog: what the bot answers from, and how a reload replaces it without a gap.

A reload reads and validates the data folder (parsing only the files that changed since the last
load) and builds the new search index in a worker thread, stores the episodes in SQLite in one
transaction, and only then swaps the reference that questions read. Until that last step every
question is answered from the old catalog; if any step fails the old catalog simply stays.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

from rapidfuzz import fuzz, process

from .episode_files import EpisodeCache, InvalidData, Problem, load_data_dir
from .episodes import Episode
from .pacing import Pacer
from .search import SearchIndex, Synonyms, VectorCache, load_synonyms
from .store import Store
from .text import fold

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Catalog:
    index: SearchIndex
    loaded_at: float = field(default_factory=time.time)

    @property
    def episodes(self) -> list[Episode]:
        return self.index.episodes

    @property
    def chapter_count(self) -> int:
        return self.index.size

    @cached_property
    def _episode_names(self) -> list[str]:
        return [fold(f"{e.podcast} {e.title} {e.id}") for e in self.episodes]

    def find_episodes(self, text: str, *, limit: int) -> list[Episode]:
        """Episodes whose podcast, title or id resemble `text`, best first; all (in order) for no text."""
        query = fold(text)
        if not query:
            return self.episodes[:limit]
        found = process.extract(query, self._episode_names, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [self.episodes[i] for _, _, i in found]


@dataclass(frozen=True)
class Changes:
    """What a reload changed, counted the way a moderator thinks of it."""

    episodes_added: list[str] = field(default_factory=list)
    episodes_removed: list[str] = field(default_factory=list)
    episodes_changed: list[str] = field(default_factory=list)
    chapters_added: int = 0
    chapters_removed: int = 0
    chapters_changed: int = 0

    @property
    def any(self) -> bool:
        return bool(
            self.episodes_added or self.episodes_removed or self.episodes_changed
            or self.chapters_added or self.chapters_removed or self.chapters_changed
        )  # fmt: skip

    @classmethod
    def between(cls, old: list[Episode], new: list[Episode]) -> Changes:
        before = {e.id: e for e in old}
        after = {e.id: e for e in new}
        added = [i for i in after if i not in before]
        removed = [i for i in before if i not in after]
        pace = Pacer()  # a reload runs this in a worker thread while questions are answered
        changed = []
        for i in after:
            pace()
            # A reload shares unchanged episodes with the catalog before it: the same object.
            if i in before and after[i] is not before[i] and after[i] != before[i]:
                changed.append(i)
        chapters_added = sum(len(after[i].chapters) for i in added)
        chapters_removed = sum(len(before[i].chapters) for i in removed)
        chapters_changed = 0
        for i in changed:
            pace()
            # Chapters are matched by start time: a retitled chapter is changed, a moved one is
            # removed from its old time and added at its new one.
            old_chapters = {c.start: c for c in before[i].chapters}
            new_chapters = {c.start: c for c in after[i].chapters}
            chapters_added += len(new_chapters.keys() - old_chapters.keys())
            chapters_removed += len(old_chapters.keys() - new_chapters.keys())
            chapters_changed += sum(1 for s in new_chapters.keys() & old_chapters.keys() if new_chapters[s] != old_chapters[s])
        return cls(added, removed, changed, chapters_added, chapters_removed, chapters_changed)


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    changes: Changes = field(default_factory=Changes)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


class CatalogService:
    """Holds the current Catalog; reloads never interleave and never leave a half-loaded catalog."""

    def __init__(self, store: Store, data_dir: Path, *, vectors: VectorCache | None = None) -> None:
        """`vectors`: chapter vectors kept between reloads (and, with a file, between runs)."""
        self.store = store
        self.data_dir = data_dir
        self._vectors = vectors if vectors is not None else VectorCache()
        self.current = Catalog(SearchIndex([]))
        self._lock = asyncio.Lock()
        self._files = EpisodeCache()  # unchanged files are not parsed again on reload

    async def start(self) -> ReloadResult:
        """Load the data folder; if it is invalid, serve the last good catalog kept in SQLite."""
        result = await self.reload()
        if not result.ok:
            stored = await self.store.load_catalog()
            self.current = Catalog(await asyncio.to_thread(lambda: SearchIndex(stored, vectors=self._vectors)))
            log.warning(
                "data folder %s is invalid; serving the %d episodes stored in the database:\n%s",
                self.data_dir, len(stored), "\n".join(map(str, result.problems)),
            )  # fmt: skip
        return result

    async def reload(self) -> ReloadResult:
        async with self._lock:
            with _collector_paused():
                began = time.perf_counter()
                try:
                    # Everything that takes time runs outside the event loop, so questions keep being
                    # answered from the current catalog meanwhile.
                    episodes, synonyms, changes = await asyncio.to_thread(_read, self.data_dir, self._files, self.current.episodes)
                except InvalidData as error:
                    return ReloadResult(False, problems=error.problems, seconds=time.perf_counter() - began)
                index = await asyncio.to_thread(lambda: SearchIndex(episodes, synonyms=synonyms, vectors=self._vectors))
                await self.store.replace_catalog(episodes)
                self.current = Catalog(index)
                gc.freeze()
                seconds = time.perf_counter() - began
                log.info("catalog loaded from %s: %d episodes, %d chapters in %.2f s",
                         self.data_dir, len(index.episodes), index.size, seconds)  # fmt: skip
                return ReloadResult(True, changes=changes, seconds=seconds)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a catalog is built, and none over it once it serves.

    A reload allocates millions of objects; CPython answers with full collections that walk every
    object in the process while holding the GIL, which stalled questions for 140 ms at 100,000
    chapters. The catalog holds no reference cycles (plain dataclasses, tuples, numpy arrays), so
    reference counting frees an old one without the collector. While the reload runs the
    collector waits; afterwards gc.freeze() (in reload) moves the catalog now serving out of the
    collector's sight, and the collector resumes for everything else.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(data_dir: Path, files: EpisodeCache, current: list[Episode]) -> tuple[list[Episode], Synonyms, Changes]:
    problems = []
    try:
        episodes = load_data_dir(data_dir, files)
    except InvalidData as error:
        problems, episodes = error.problems, []
    try:
        synonyms = load_synonyms(data_dir)
    except InvalidData as error:
        problems.extend(error.problems)
    if problems:
        raise InvalidData(problems)
    return episodes, synonyms, Changes.between(current, episodes)
