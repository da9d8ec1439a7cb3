"""One refresh of one feed: fetch, read, and write the episode files that are new or changed.

Files go to `<data folder>/<feed folder>/<episode id>.json`, written atomically (a temporary file,
then a rename). An episode that vanishes from the feed keeps its file. Work is skipped wherever
nothing changed: a 304 or a byte-identical body reads nothing, an item whose feed data is the same
as last time is not rebuilt, and a rebuilt episode equal to its file is not written.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import aiohttp

from bot.core.episodes import Episode, InvalidData
from bot.core.episodes.codec import dump_episode, load_episode_file, parse_episode
from bot.core.episodes.files import MAX_FILE_BYTES, FileRefused, read_regular_file, write_atomically
from bot.core.episodes.format import slug
from bot.core.feeds.chapters import best_chapters
from bot.core.feeds.entries import FeedEntry, FeedError, parse_feed
from bot.core.feeds.fetch import FetchError, FetchLimits, fetch
from bot.core.feeds.merge import merge
from bot.core.feeds.state import FeedItem, FeedState
from bot.core.feeds.transcripts import TRANSCRIPTS_PER_REFRESH, Download, TranscriptMemory, download, keep

log = logging.getLogger(__name__)

CHAPTER_FETCHES = 4  # episodes built at once for one feed, each fetching its chapters JSON and transcript
# The source digest of an item whose transcript waits for a later refresh: never equal to its
# entry's digest, so the next refresh takes the item up again (transcripts.TRANSCRIPTS_PER_REFRESH).
TRANSCRIPT_WAITING = "transcript waiting:"
Progress = Callable[[int, int], None]  # (episodes done, episodes to do)


@dataclass
class RefreshResult:
    added: list[Episode] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # episode ids
    kept: list[str] = field(default_factory=list)  # hand-edited or unreadable files left alone, with why
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    transcripts: list[str] = field(default_factory=list)  # ids of episodes whose transcript file was written

    @property
    def wrote_files(self) -> bool:
        return bool(self.added or self.updated or self.transcripts)


def is_local(source: str) -> bool:
    """A feed added from the command line may be a file on the bot's machine."""
    return not source.startswith(("http://", "https://"))


class FeedImporter:
    """Refreshes feeds into one data folder; the Store keeps their state."""

    def __init__(self, data_dir: Path, session: aiohttp.ClientSession, limits: FetchLimits) -> None:
        self.data_dir = data_dir
        self.session = session
        self.limits = limits

    async def refresh(
        self, state: FeedState, items: dict[str, FeedItem], known_ids: set[str], *,
        now: float, force: bool = False, progress: Progress | None = None, memory: TranscriptMemory | None = None,
    ) -> tuple[RefreshResult, list[FeedItem]]:  # fmt: skip
        """Refresh one feed; updates `state` (and `memory`, its transcripts' validators) in place;
        returns what changed and the items to store.

        `known_ids` holds every episode id in the catalog; new ids are added to it. Never raises for
        anything the feed does: failures are `result.error` and a line in `state.last_error`.
        """
        memory = TranscriptMemory() if memory is None else memory
        try:
            read = await self._read(state, force)
            if read is None:
                state.succeeded(now)
                return RefreshResult(), []
            body, validators = read
            parsed = await asyncio.to_thread(parse_feed, body)
        except (FetchError, FeedError, OSError) as error:
            message = str(error)
            state.failed(message, now, gone=getattr(error, "gone", False))
            log.warning("feed %s: %s", state.url, message)
            return RefreshResult(error=message), []
        result = RefreshResult(warnings=list(parsed.warnings))
        if not state.podcast:
            state.podcast = parsed.podcast
        if not state.folder:
            state.folder = _free_folder(self.data_dir, parsed.podcast)
        changed = await asyncio.to_thread(_changed, parsed.entries, items, force)
        memory.keep_only({link.url for entry in parsed.entries for link in entry.transcripts})
        with_transcripts = [entry.guid for entry in changed if entry.transcripts]
        fetching = set(with_transcripts[:TRANSCRIPTS_PER_REFRESH])
        if waiting := len(with_transcripts) - len(fetching):
            result.warnings.append(f"{waiting} episode(s) get their transcripts on the next refreshes "
                                   f"(at most {TRANSCRIPTS_PER_REFRESH} a refresh)")  # fmt: skip
        stored: list[FeedItem] = []
        gate = asyncio.Semaphore(CHAPTER_FETCHES)

        async def build(entry: FeedEntry) -> tuple[FeedEntry, Episode, list[str], Download | None]:
            async with gate:
                item = items.get(entry.guid)
                episode_file = self.data_dir / item.path if item else None
                chosen = memory if entry.guid in fetching else None
                return (entry, *await self._episode(entry, state.podcast, chosen, episode_file))

        done = 0
        for task in asyncio.as_completed([build(entry) for entry in changed]):
            entry, fresh, warnings, transcript = await task
            result.warnings.extend(f"{fresh.title[:60]}: {w}" for w in warnings)
            try:
                item = await asyncio.to_thread(self._write, state, entry, fresh, items.get(entry.guid), known_ids, result)
                if item is not None and transcript is not None:
                    wrote, kept = await asyncio.to_thread(keep, transcript, fresh, self.data_dir / item.path, memory)
                    result.transcripts.extend([item.episode_id] if wrote else [])
                    for warning in kept:
                        result.warnings.append(f"{fresh.title[:60]}: {warning}")
                        log.warning("%s: %s: %s", state.podcast, fresh.title[:60], warning)
            except OSError as error:  # a full or read-only disk: this episode waits for the next refresh
                result.kept.append(f"{fresh.title[:60]}: not written ({error.strerror or error})")
                log.warning("feed %s: cannot write an episode file: %s", state.url, error)
                item = None
            if item is not None:
                if entry.transcripts and entry.guid not in fetching:
                    item = replace(item, source_digest=TRANSCRIPT_WAITING + entry.digest)
                stored.append(item)
            done += 1
            if progress:
                progress(done, len(changed))
        state.episode_count = len(items.keys() | {i.guid for i in stored})
        if len(stored) == len(changed) and not waiting:
            # Only now is this body done with: until then (an episode not written, transcripts
            # waiting), the next refresh must read it again rather than be told (304, same digest)
            # that nothing changed.
            state.etag, state.last_modified, state.body_digest = validators
        state.succeeded(now)
        for warning in result.warnings:
            log.info("feed %s: %s", state.url, warning)
        return result, stored

    async def _read(self, state: FeedState, force: bool) -> tuple[bytes, tuple[str | None, str | None, str]] | None:
        """The feed's body and its validators (ETag, Last-Modified, digest), or None when it has not
        changed since the last refresh that wrote all of it."""
        etag = last_modified = None
        if is_local(state.url):
            body = await asyncio.to_thread(Path(state.url).read_bytes)
        else:
            fetched = await fetch(
                self.session, state.url, self.limits,
                etag=None if force else state.etag, last_modified=None if force else state.last_modified,
            )  # fmt: skip
            if fetched.body is None:
                return None
            etag, last_modified, body = fetched.etag, fetched.last_modified, fetched.body
        digest = await asyncio.to_thread(lambda: hashlib.blake2b(body, digest_size=16).hexdigest())
        if not force and digest == state.body_digest:
            return None
        return body, (etag, last_modified, digest)

    async def _episode(
        self, entry: FeedEntry, podcast: str, memory: TranscriptMemory | None, episode_file: Path | None
    ) -> tuple[Episode, list[str], Download | None]:
        """The episode as the feed gives it (its id is filled in when it is written), warnings, and
        its transcript when given the `memory` to fetch it with (`episode_file`: where its file is, if it is)."""
        transcript, warnings = None, []
        if memory is not None:
            transcript, warnings = await download(self.session, self.limits, memory, entry.transcripts, episode_file)
            for warning in warnings:
                log.warning("%s: %s: %s", podcast, entry.title[:60], warning)
        chapters_json, json_error = None, None
        if entry.chapters_url:
            try:
                chapters_json = (await fetch(self.session, entry.chapters_url, self.limits)).body
            except FetchError as error:
                json_error = f"cannot fetch {entry.chapters_url[:120]}: {error}"
        found = await asyncio.to_thread(
            best_chapters, chapters_json=chapters_json, chapters_json_error=json_error, psc=entry.psc,
            notes_html=entry.notes_html, duration=entry.duration,
        )  # fmt: skip
        duration = entry.duration or max(
            (found.chapters[-1].start // 60 + 1) * 60 if found.chapters else 0,
            math.ceil(transcript.transcript.end) if transcript else 0,
        )  # a feed without durations (pc20rss.xml): the transcript says how long the episode runs
        episode = Episode(
            id="", title=entry.title, podcast=podcast, duration=duration, chapters=found.chapters,
            description=entry.description, url=entry.url, people=entry.people, published=entry.published,
            number=entry.number, transcript_url=entry.transcript_url, transcript_type=entry.transcript_type,
        )  # fmt: skip
        return episode, found.warnings + warnings, transcript

    def _write(
        self, state: FeedState, entry: FeedEntry, fresh: Episode, item: FeedItem | None,
        known_ids: set[str], result: RefreshResult,
    ) -> FeedItem | None:  # fmt: skip
        """Write the episode's file if it changed; the item to store, or None to store nothing."""
        if item is None:
            episode_id, on_disk = _new_id(self.data_dir / state.folder, fresh, known_ids)
            path = f"{state.folder}/{episode_id}.json"
            fresh = replace(fresh, id=episode_id)
            text = _valid_text(fresh, path, result)
            if text is None:
                return None
            if not on_disk:
                write_atomically(self.data_dir / path, text)
            if not (on_disk and episode_id in known_ids):  # new to the catalog, whoever wrote the file
                result.added.append(fresh)
            known_ids.add(episode_id)
            return FeedItem(entry.guid, episode_id, path, text, entry.digest)
        fresh = replace(fresh, id=item.episode_id)
        target = self.data_dir / item.path
        try:
            in_file = load_episode_file(target)
        except InvalidData as error:
            # Deleted or broken by hand: leave it for the person editing it (validate names the problem).
            result.kept.append(f"{item.path}: not updated ({error.problems[0].message})")
            return None
        last = parse_episode(item.written, target)
        merged = merge(fresh, in_file, last)
        if merged != in_file:
            text = _valid_text(merged, item.path, result)
            if text is None:
                return None  # e.g. a duration shortened by hand that the feed's new chapters run past
            write_atomically(target, text)
            result.updated.append(item.episode_id)
        if merged != fresh:
            result.kept.append(f"{item.path}: fields edited by hand kept")
        return FeedItem(entry.guid, item.episode_id, item.path, dump_episode(fresh), entry.digest)


def _changed(entries: list[FeedEntry], items: dict[str, FeedItem], force: bool) -> list[FeedEntry]:
    """The entries that are new or whose feed data changed since they were last written."""
    return [e for e in entries if force or e.guid not in items or items[e.guid].source_digest != e.digest]


def _valid_text(episode: Episode, path: str, result: RefreshResult) -> str | None:
    """The episode's file text if it passes the checks every load makes, else None and a note:
    one odd item must not leave a file that stops the whole folder from loading."""
    text = dump_episode(episode)
    try:
        parse_episode(text, Path(path))
    except InvalidData as error:
        result.kept.append(f"{path}: not written ({error.problems[0]})")
        return None
    return text


def _free_folder(data_dir: Path, podcast: str) -> str:
    """A folder of its own for a new feed's episodes, named after its podcast."""
    name = slug(podcast, 40) or "podcast"
    candidate, n = name, 2
    while (data_dir / candidate).exists():
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def _new_id(folder: Path, episode: Episode, known_ids: set[str]) -> tuple[str, bool]:
    """`<podcast>-<number>` or `<podcast>-<title>`, unique in the catalog and in the folder; and
    whether its file already holds exactly this episode. That happens when a refresh wrote the file
    and the database then failed to keep the record of it: the file is this episode, not a name
    another one took, and a copy beside it would put the episode in the catalog twice."""
    tail = str(episode.number) if episode.number is not None else slug(episode.title, 40) or "podcast"
    base = f"{folder.name[:20].strip('-')}-{tail}"[:60].strip("-")
    candidate, n = base, 2
    while True:
        path = folder / f"{candidate}.json"
        if _holds(path, replace(episode, id=candidate)):
            return candidate, True
        if candidate not in known_ids and not path.exists():
            return candidate, False
        candidate, n = f"{base}-{n}", n + 1


def _holds(path: Path, episode: Episode) -> bool:
    """Whether the file at `path` is the one dump_episode(episode) would write."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES) == dump_episode(episode).encode("utf-8")
    except (OSError, FileRefused):
        return False
