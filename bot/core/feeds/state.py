"""What the bot remembers about each feed between polls and restarts (kept in the database)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_INTERVAL = 3600  # seconds between polls of one feed, unless a moderator sets another
PAUSE_AFTER = 3 * 24 * 3600  # a feed failing this long is paused until a moderator refreshes it


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

    def due(self, now: float) -> bool:
        return not self.paused and (self.last_attempt is None or now - self.last_attempt >= self.interval)

    def failed(self, message: str, now: float) -> None:
        """Record a failure; pause the feed once it has failed for PAUSE_AFTER without a success."""
        self.last_attempt = now
        self.last_error = message
        if self.failing_since is None:
            self.failing_since = now
        if now - self.failing_since >= PAUSE_AFTER:
            self.paused = True

    def succeeded(self, now: float) -> None:
        self.last_attempt = self.last_success = now
        self.last_error = None
        self.failing_since = None
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
