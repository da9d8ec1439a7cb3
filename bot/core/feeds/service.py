"""Feeds as the bot and the command line use them: add, remove, list, refresh, and the polling loop.

One FeedService per process. Polling is `poll_forever()`, which the bot runs as once-only work,
so of a deployment of several processes exactly one polls.
Refreshes never overlap (one lock), and the catalog is reloaded once after any refresh that wrote
files, never when nothing changed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable

import aiohttp

from bot.core.catalog import CatalogService, ReloadResult
from bot.core.db import Storage
from bot.core.episodes import Episode
from bot.core.feeds.fetch import FetchError, FetchLimits, check_url, open_session
from bot.core.feeds.importer import FeedImporter, Progress, RefreshResult, is_local
from bot.core.feeds.state import DEFAULT_INTERVAL, FeedState
from bot.core.feeds.transcripts import MEMORY_KEY, TranscriptMemory

log = logging.getLogger(__name__)

POLL_TICK = 60.0  # seconds between looks at which feeds are due
MIN_INTERVAL = 300  # a feed is polled at most every 5 minutes, whatever a moderator sets

# Called for a feed with an announcement channel when a refresh brought new episodes (report.announced)
# or paused the feed (report.paused_now).
Announcer = Callable[["FeedReport"], Awaitable[None]]


class FeedRefused(Exception):
    """A feed cannot be added or changed; the message says why, for the moderator."""


@dataclass
class FeedReport:
    state: FeedState
    result: RefreshResult
    reload: ReloadResult | None = None
    announced: list[Episode] = field(default_factory=list)  # new episodes the catalog now serves
    paused_now: bool = False  # this refresh paused the feed after days of failures


class FeedService:
    def __init__(self, store: Storage, catalog: CatalogService, limits: FetchLimits, announce: Announcer | None = None) -> None:
        self.store = store
        self.catalog = catalog
        self.limits = limits
        self.announce = announce
        self._session: aiohttp.ClientSession | None = None
        self._refreshing = asyncio.Lock()

    @property
    def data_dir(self) -> Path:
        return self.catalog.data_dir

    def _importer(self) -> FeedImporter:
        if self._session is None or self._session.closed:
            self._session = open_session(self.limits)
        return FeedImporter(self.data_dir, self._session, self.limits)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    # ---- moderators' commands ---------------------------------------------------------------

    async def add(
        self, source: str, *, local_files: bool = False, interval: int | None = None,
        announce_channel_id: int | None = None, progress: Progress | None = None,
    ) -> FeedReport:  # fmt: skip
        """Import a feed and keep it; FeedRefused (nothing kept) if it cannot be read at all.

        `local_files` lets `source` be a file on this machine: the command line only.
        """
        source = source.strip()
        if is_local(source):
            if not local_files:
                raise FeedRefused("a feed address must start with http:// or https://")
            if not Path(source).is_file():
                raise FeedRefused(f"{source}: no such file")
            source = str(Path(source).resolve())
        else:
            try:
                check_url(source, self.limits)
            except FetchError as error:
                raise FeedRefused(str(error)) from None
        state = FeedState(source, folder="", interval=self._interval(interval), announce_channel_id=announce_channel_id)
        async with self._refreshing:  # checked inside the lock: two adds of one feed must not both import it
            if await self.store.feed(source) is not None:
                raise FeedRefused(f"{source[:200]} is already followed; use refresh")
            report = await self._refresh(state, force=True, progress=progress, announce=False)
        if report.result.error:
            await self.store.remove_feed(source)  # nothing half-added: a broken feed is not followed
            raise FeedRefused(f"cannot read {source[:200]}: {report.result.error}")
        return report

    async def remove(self, url: str) -> bool:
        """Stop following the feed; its episode files stay in the data folder."""
        async with self._refreshing:
            removed = await self.store.remove_feed(url)
            if removed:
                await self.store.set_meta(MEMORY_KEY + url, TranscriptMemory().to_json())
            return removed

    async def feeds(self) -> list[FeedState]:
        return await self.store.feeds()

    async def set_options(self, url: str, *, interval: int | None = None, announce_channel_id: int | None = None) -> FeedState:
        state = await self.store.feed(url)
        if state is None:
            raise FeedRefused(f"no feed {url[:200]!r} is followed")
        if interval is not None:
            state.interval = self._interval(interval)
        if announce_channel_id is not None:
            state.announce_channel_id = announce_channel_id
        await self.store.save_feed(state)
        return state

    async def refresh(self, url: str) -> FeedReport:
        """Refresh one feed now, even a paused one (a moderator's refresh un-pauses it if it works)."""
        async with self._refreshing:
            state = await self.store.feed(url)
            if state is None:
                raise FeedRefused(f"no feed {url[:200]!r} is followed")
            return await self._refresh(state, force=False)

    # ---- polling ----------------------------------------------------------------------------

    async def refresh_all(self) -> list[FeedReport]:
        """Refresh every feed now, paused ones too, with one reload at the end."""
        return await self._round(lambda state: True, time.time())

    async def poll_due(self, now: float | None = None) -> list[FeedReport]:
        """Refresh every feed that is due, then reload the catalog once if any wrote files."""
        now = time.time() if now is None else now
        return await self._round(lambda state: state.due(now), now)

    async def _round(self, chosen: Callable[[FeedState], bool], now: float) -> list[FeedReport]:
        reports = []
        async with self._refreshing:
            # One set of ids for the round: the catalog is reloaded only after it, so ids handed out
            # to one feed's new episodes must be known to the next feed's.
            known_ids = {e.id for e in self.catalog.current.episodes}
            for state in await self.store.feeds():
                if not chosen(state):
                    continue
                try:
                    reports.append(await self._refresh(state, now=now, force=False, reload=False, known_ids=known_ids))
                except Exception:  # a fault no feed should cause must still not cost the other feeds their turn
                    log.exception("refreshing feed %s failed; the round goes on", state.url)
            if any(r.result.wrote_files for r in reports):
                reloaded = await self.catalog.reload()
                for report in reports:
                    report.reload = reloaded
            await self._announce(reports)
        return reports

    async def poll_forever(self, tick: float = POLL_TICK) -> None:
        """Refresh the feeds that are due, every `tick` seconds, until cancelled.

        The bot runs this as once-only work (client.ONCE_ONLY_JOBS): in a sharded bot of many
        processes only one polls, and another takes over when it dies.
        """
        while True:
            try:
                await self.poll_due()
            except Exception:  # one bad round must not end polling for good
                log.exception("feed polling round failed")
            await asyncio.sleep(tick)

    # ---- one refresh ------------------------------------------------------------------------

    async def _refresh(
        self, state: FeedState, *, force: bool, now: float | None = None, reload: bool = True,
        announce: bool = True, progress: Progress | None = None, known_ids: set[str] | None = None,
    ) -> FeedReport:  # fmt: skip
        importer = self._importer()
        items = await self.store.feed_items(state.url)
        if known_ids is None:
            known_ids = {e.id for e in self.catalog.current.episodes}
        was_paused = state.paused
        memory = TranscriptMemory.from_json(await self.store.get_meta(MEMORY_KEY + state.url))
        result, changed_items = await importer.refresh(
            state, items, known_ids, now=time.time() if now is None else now, force=force, progress=progress, memory=memory
        )
        if state.paused and not was_paused:
            log.warning("feed %s paused after failing since %s: %s", state.url,
                        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(state.failing_since or 0)), state.last_error)  # fmt: skip
        await self.store.save_feed(state)
        if changed_items:
            await self.store.save_feed_items(state.url, changed_items)
        if memory.changed:
            await self.store.set_meta(MEMORY_KEY + state.url, memory.to_json())
        report = FeedReport(state, result, paused_now=state.paused and not was_paused)
        if reload and result.wrote_files:
            report.reload = await self.catalog.reload()
        if reload and announce:
            await self._announce([report])
        return report

    async def _announce(self, reports: list[FeedReport]) -> None:
        if self.announce is None:
            return
        for report in reports:
            if report.result.added and report.reload and report.reload.ok:
                report.announced = report.result.added
            if report.state.announce_channel_id and (report.announced or report.paused_now):
                try:
                    await self.announce(report)
                except Exception:  # an announcement that fails must not undo or stop the refresh
                    log.exception("announcing news of %s failed", report.state.url)

    @staticmethod
    def _interval(seconds: int | None) -> int:
        return DEFAULT_INTERVAL if seconds is None else max(MIN_INTERVAL, seconds)
