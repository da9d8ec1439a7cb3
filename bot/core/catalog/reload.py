"""A reload: the next catalog read, built, stored and swapped in without a gap.

A reload reads and validates the data folder (parsing only the files that changed since the last
load) and builds the new search index in a worker thread, stores the episodes in the database in one
transaction, and only then swaps the reference that questions read. Until that last step every
question is answered from the old catalog; if reading or building fails the old catalog simply
stays. A database that cannot store the new catalog does not keep it from serving (see _keep).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from bot.core.catalog.changes import Changes
from bot.core.catalog.serving import Catalog
from bot.core.db import CATALOG_VERSION_KEY, DATABASE_ERRORS, Storage
from bot.core.episodes import Episode, InvalidData, Problem
from bot.core.episodes.folder import EpisodeCache, load_data_dir
from bot.core.search import NO_SYNONYMS, SearchIndex, Synonyms, VectorCache, load_synonyms
from bot.core.search.passages import fill_sheets
from bot.core.search.searcher import passage_sheets
from bot.core.search.semantic import bulk_workers, embed_missing
from bot.core.transcripts.attach import refused

log = logging.getLogger(__name__)

# A reload embeds at most this many new chapter texts before it serves (a few seconds); a first
# start of a large catalog serves from words at once and gains meaning in the background.
EMBED_AT_ONCE = 500
# Likewise, a reload tokenizes at most this many new transcripts before it serves (a few seconds);
# with more, it answers from chapters and what is already indexed, and indexes the rest behind.
TOKENIZE_AT_ONCE = 40
PROGRESS_EVERY = 60.0  # seconds between log lines of a background fill
try:  # glibc's; elsewhere there is nothing to call (_give_back_memory)
    _MALLOC_TRIM = ctypes.CDLL(None).malloc_trim
except (OSError, AttributeError, TypeError):
    _MALLOC_TRIM = None


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    changes: Changes = field(default_factory=Changes)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    skipped: list[Problem] = field(default_factory=list)  # entries of the data folder that are not episode files
    warnings: list[Problem] = field(default_factory=list)  # accepted, but likely a mistake (synonyms.py)
    not_stored: str | None = None  # why the database could not keep the new catalog, when it could not
    # Transcripts refused (their episodes serve without them) and repairs made while reading them.
    transcript_notes: list[Problem] = field(default_factory=list)


class CatalogService:
    """Holds the current Catalog; reloads never interleave and never leave a half-loaded catalog."""

    def __init__(self, store: Storage, data_dir: Path, *, vectors: VectorCache | None = None) -> None:
        """`vectors`: chapter vectors kept between reloads (and, with a file, between runs)."""
        self.store = store
        self.data_dir = data_dir
        self._vectors = vectors if vectors is not None else VectorCache()
        self._sheets = passage_sheets(self._vectors)  # transcripts' words, tokenized once (passage_sheets.py)
        self._synonyms = NO_SYNONYMS  # the data folder's, as last read
        self._meaning: asyncio.Task[None] | None = None  # the background fill of chapter vectors
        self._stop_meaning = threading.Event()  # tells that fill's worker thread to stop after its step
        self.current = Catalog(SearchIndex([]))
        self._lock = asyncio.Lock()
        # Unchanged files are not parsed again on reload, nor transcripts read again after a restart.
        self._files = EpisodeCache(self._vectors.folder("transcripts"))
        # The stored catalog this process serves, where the database keeps versions (PostgreSQL):
        # another process's reload changes the stored version, and follow() catches up.
        self.version: str | None = None

    def episode_file(self, episode_id: str) -> Path | None:
        """The data folder's file of the episode `episode_id` as the last good load read it, or None."""
        return self._files.path_of(episode_id)

    async def start(self) -> ReloadResult:
        """Load the data folder; if it is invalid, serve the last good catalog kept in the database."""
        result = await self.reload()
        if not result.ok:
            try:
                self.version = await self.store.get_meta(CATALOG_VERSION_KEY)
                stored = await self.store.load_catalog()
            except DATABASE_ERRORS as error:
                log.error("the database's catalog cannot be read either (%s); serving nothing until /reload", error)
                stored = []
            self._serve(await asyncio.to_thread(self._build, stored))
            log.warning(
                "data folder %s is invalid; serving the %d episodes stored in the database:\n%s",
                self.data_dir, len(stored), "\n".join(map(str, result.problems)),
            )  # fmt: skip
        return result

    async def reload(self) -> ReloadResult:
        async with self._lock:
            with _collector_paused():
                began = time.perf_counter()
                skipped: list[Problem] = []
                warnings: list[Problem] = []
                notes: list[Problem] = []
                try:
                    # Everything that takes time runs outside the event loop, so questions keep being
                    # answered from the current catalog meanwhile.
                    episodes, synonyms, changes = await asyncio.to_thread(
                        _read, self.data_dir, self._files, self.current.episodes, skipped, warnings, notes
                    )
                except InvalidData as error:
                    seconds = time.perf_counter() - began
                    return ReloadResult(False, problems=error.problems, seconds=seconds, skipped=skipped, warnings=warnings)
                self._synonyms = synonyms
                catalog = await asyncio.to_thread(self._build, episodes)
                # Off the event loop too: sorting and hashing thousands of file names takes tens of ms.
                not_stored = await self._keep(episodes, await asyncio.to_thread(self._files.digest))
                self._serve(catalog)
                gc.freeze()
                seconds = time.perf_counter() - began
                transcribed = sum(1 for episode in episodes if episode.transcript is not None)
                log.info("catalog loaded from %s: %d episodes, %d chapters, %d transcripts in %.2f s",
                         self.data_dir, len(catalog.episodes), catalog.chapter_count, transcribed, seconds)  # fmt: skip
                if warnings:  # at start no one sees a /reload reply: the log says it
                    log.warning("data folder %s: %d warning(s):\n%s", self.data_dir, len(warnings), "\n".join(map(str, warnings)))
                for note in refused(notes):
                    log.warning("%s", note)
                return ReloadResult(True, changes=changes, seconds=seconds, skipped=skipped, warnings=warnings,
                                    not_stored=not_stored, transcript_notes=notes)  # fmt: skip

    async def _keep(self, episodes: list[Episode], digest: str) -> str | None:
        """Store the catalog as the last good one; why not, when the database cannot take it.

        A catalog the database already holds (the same files, byte for byte) is not written again:
        that rewrite was most of a restart's time at 100,000 chapters. A database that cannot be
        written does not stop a valid data folder from serving: the catalog serves from memory, and
        the next start reads the folder again.
        """
        try:
            if await self.store.catalog_digest() == digest:
                self.version = await self.store.get_meta(CATALOG_VERSION_KEY)
                return None
            self.version = await self.store.replace_catalog(episodes, digest=digest)
        except DATABASE_ERRORS as error:
            log.error("the database cannot keep the catalog (%s); serving it from the data folder all the same", error)
            return str(error)
        return None

    def _build(self, episodes: list[Episode], *, embed_all: bool = False) -> Catalog:
        """The catalog of `episodes`, with this folder's synonyms; run in a worker thread. Meaning
        is left out when more than EMBED_AT_ONCE texts need embedding, unless `embed_all`."""
        limit = None if embed_all else EMBED_AT_ONCE
        return Catalog(SearchIndex(episodes, synonyms=self._synonyms, vectors=self._vectors, embed_limit=limit,
                                   sheets=self._sheets, tokenize_limit=TOKENIZE_AT_ONCE))  # fmt: skip

    def _serve(self, catalog: Catalog) -> None:
        """Swap `catalog` in; if it still lacks meaning (too much to embed at once) or the words of
        some transcripts (too many to tokenize at once), add them behind."""
        self.current = catalog
        self._stop_filling()
        if catalog.index.meaning_pending or catalog.index.said_pending:
            self._stop_meaning = threading.Event()
            self._meaning = asyncio.create_task(self._add_meaning(catalog, self._stop_meaning), name="chapter vectors")

    def _stop_filling(self) -> None:
        if self._meaning is not None:
            self._stop_meaning.set()  # the worker thread ends after its step; what it made is saved
            self._meaning.cancel()
            self._meaning = None

    async def _add_meaning(self, catalog: Catalog, stop: threading.Event) -> None:
        """Embed the catalog's new texts in the background (saved as they go: a stop loses at most
        one step), then serve it with meaning. Meanwhile it answers from words, which need no core
        of the model's, so the embedding uses every core (and steps aside while a question is answered).
        Transcripts not yet indexed are indexed first (_index_said): moments come before meaning."""
        try:
            if catalog.index.said_pending:
                found = await self._index_said(catalog, stop)
                if found is None or not found.index.meaning_pending:
                    return
                catalog = found
            began = time.perf_counter()
            made = await asyncio.to_thread(
                embed_missing, catalog.index.episodes, self._vectors, workers=bulk_workers(), progress=_logged(), stopped=stop.is_set
            )  # fmt: skip
            if stop.is_set():
                return
            with _collector_paused():  # a whole catalog is built again, as in a reload
                with_meaning = await asyncio.to_thread(functools.partial(self._build, catalog.episodes, embed_all=True))
                async with self._lock:
                    if self.current is catalog:  # not replaced by a reload meanwhile
                        self.current = with_meaning
                        gc.freeze()
            await asyncio.to_thread(_give_back_memory)  # the fill's texts and the catalog without meaning
            log.info("meaning added to the catalog: %d texts embedded here in %.0f s", made, time.perf_counter() - began)
        except Exception:  # a failure costs meaning, never answers
            log.exception("chapter vectors could not be made; answering from words")

    async def _index_said(self, catalog: Catalog, stop: threading.Event) -> Catalog | None:
        """Tokenize the transcripts not yet indexed, then serve the catalog with all of them; the
        catalog now serving, or None when stopped or replaced by a reload meanwhile."""
        began = time.perf_counter()
        made = await asyncio.to_thread(
            fill_sheets, catalog.index.episodes, self._sheets, progress=_logged(INDEXING_SAID), stopped=stop.is_set
        )  # fmt: skip
        if stop.is_set():
            return None
        with _collector_paused():
            with_said = await asyncio.to_thread(self._build, catalog.episodes)
            async with self._lock:
                if self.current is not catalog:
                    return None
                self.current = with_said
                gc.freeze()
        log.info("what was said is indexed: %d transcripts tokenized in %.0f s; answering with moments", made, time.perf_counter() - began)
        return with_said

    async def meaning_added(self) -> None:
        """Wait until the catalog serving has its meaning part (at once when nothing is pending)."""
        while self._meaning is not None and not self._meaning.done():
            await asyncio.shield(self._meaning)

    async def close(self) -> None:
        """Stop a background fill of chapter vectors (what it embedded is kept in the cache file)."""
        task = self._meaning
        self._stop_filling()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def follow(self) -> bool:
        """Serve the stored catalog if another process stored a newer one; True when it did.

        Called when another process says so (cluster.py) and periodically. The data folder is
        not read: the database holds the catalog every process serves.
        """
        if await self.store.get_meta(CATALOG_VERSION_KEY) in (None, self.version):
            return False
        async with self._lock:
            version = await self.store.get_meta(CATALOG_VERSION_KEY)
            if version in (None, self.version):
                return False  # a reload here or an earlier follow() got there first
            with _collector_paused():
                began = time.perf_counter()
                episodes = await self.store.load_catalog()
                self.version = version
                self._serve(await asyncio.to_thread(self._build, episodes))
                gc.freeze()
            log.info("catalog stored by another process now served: %d episodes, %d chapters in %.2f s",
                     len(self.current.episodes), self.current.chapter_count, time.perf_counter() - began)  # fmt: skip
            return True


EMBEDDING = (
    "answering from words while %d chapter and episode texts are embedded for meaning",
    "embedding for meaning: %d of %d texts (%.0f%%); answering from words meanwhile",
)
INDEXING_SAID = (
    "answering from chapters while the words of %d transcripts are indexed",
    "indexing what was said: %d of %d transcripts (%.0f%%); answering from chapters meanwhile",
)


def _logged(lines: tuple[str, str] = EMBEDDING) -> Callable[[int, int], None]:
    """A progress callback for a background fill that logs where it is, once a minute: `lines` are
    the first line (given the total) and the ones after (done, total, percent)."""
    last = time.perf_counter()
    first, then = lines

    def progress(done: int, total: int) -> None:
        nonlocal last
        if done == 0:
            log.info(first, total)
        elif time.perf_counter() - last >= PROGRESS_EVERY:
            last = time.perf_counter()
            log.info(then, done, total, 100 * done / max(total, 1))

    return progress


def _give_back_memory() -> None:
    """Hand the memory freed by a background fill back to the system (malloc_trim).

    Catalogs are built and texts embedded in worker threads, and glibc gives each thread an arena
    of its own: what one frees stays in its arena, out of reach of the thread that builds the next
    catalog, so without this the resident set grew by it after each (measured at 100k chapters after
    20,000 texts embedded in the background: 681 MB settled instead of 519, the next reload's peak
    796 MB instead of 725). Run in a worker thread: it walks the arenas, tens of milliseconds.
    Not after every reload: it holds each arena's lock while it walks it, and the event loop's own
    allocations waited behind it (the longest stall of a /reload at 100k, 1% of files edited, went
    from 43-56 ms to 51-86 ms with it, alternated in one process).
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


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


def read_data_dir(
    data_dir: Path,
    files: EpisodeCache | None = None,
    skipped: list[Problem] | None = None,
    warnings: list[Problem] | None = None,
    transcript_notes: list[Problem] | None = None,
) -> tuple[list[Episode], Synonyms]:
    """The data folder's episodes (with their transcripts) and moderator synonyms, or InvalidData
    naming every problem of both. A transcript's problems go to `transcript_notes`, never here; what
    is accepted but likely a mistake (a synonyms file for a podcast no episode has) goes to `warnings`."""
    problems: list[Problem] = []
    episodes: list[Episode] = []
    synonyms = NO_SYNONYMS
    try:
        episodes = load_data_dir(data_dir, files, skipped=skipped, transcript_notes=transcript_notes)
    except InvalidData as error:
        problems.extend(error.problems)
    podcasts = None if problems else {e.podcast for e in episodes}
    try:
        synonyms = load_synonyms(data_dir, podcasts=podcasts, warnings=warnings)
    except InvalidData as error:
        problems.extend(error.problems)
    if problems:
        raise InvalidData(problems)
    return episodes, synonyms


def _read(
    data_dir: Path,
    files: EpisodeCache,
    current: list[Episode],
    skipped: list[Problem],
    warnings: list[Problem],
    notes: list[Problem],
) -> tuple[list[Episode], Synonyms, Changes]:
    episodes, synonyms = read_data_dir(data_dir, files, skipped, warnings, notes)
    return episodes, synonyms, Changes.between(current, episodes)
