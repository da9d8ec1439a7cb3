"""What the bot remembers about each feed between polls and restarts (kept in the database)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_INTERVAL = 3600  # seconds between polls of one feed, unless a moderator sets another
PAUSE_AFTER = 3 * 24 * 3600  # a feed failing this long is paused until a moderator refreshes it
MAX_BACKOFF = 24 * 3600  # a failing feed is still tried at least daily until it is paused


@dataclass
class FeedState:
    url: str
    folder: str  # the podcast's folder in the data folder, e.g. "design-details"
    podcast: str = ""
    interval: int = DEFAULT_INTERVAL
    etag: str | None = None
    last_modified: str | None = None
    body_digest: str | None = None  # of the last feed body read: an unchanged body is not read again
    last_attempt: float | None = None  # UNIX times
    last_success: float | None = None
    last_error: str | None = None
    failing_since: float | None = None
    paused: bool = False
    episode_count: int = 0
    announce_channel_id: int | None = None
    failures: int = 0  # in a row, for the backoff

    def next_poll(self) -> float:
        """When the feed is due: its interval after the last attempt, doubled for each failure in a
        row (at most MAX_BACKOFF), so a failing server is not hammered."""
        if self.last_attempt is None:
            return 0.0
        wait = self.interval * 2 ** min(self.failures, 10) if self.failures else self.interval
        return self.last_attempt + min(wait, max(self.interval, MAX_BACKOFF))

    def due(self, now: float) -> bool:
        return not self.paused and now >= self.next_poll()

    def failed(self, message: str, now: float, *, gone: bool = False) -> None:
        """Record a failure; pause the feed once it has failed for PAUSE_AFTER without a success, or at
        once when the server says it is gone for good (HTTP 410)."""
        self.last_attempt = now
        self.last_error = message
        self.failures += 1
        if self.failing_since is None:
            self.failing_since = now
        if gone or now - self.failing_since >= PAUSE_AFTER:
            self.paused = True

    def succeeded(self, now: float) -> None:
        self.last_attempt = self.last_success = now
        self.last_error = None
        self.failing_since = None
        self.failures = 0
        self.paused = False


@dataclass(frozen=True)
class FeedItem:
    """One episode a feed wrote: which file, and the text the feed last gave it.

    `written` is how a hand edit is recognised: a field whose value in the file differs from its
    value in `written` was changed by someone, and a refresh keeps it.
    """

    guid: str
    episode_id: str
    path: str  # relative to the data folder
    written: str
    source_digest: str  # of the feed's item: an item that has not changed is not rebuilt
