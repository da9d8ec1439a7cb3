"""The transcripts feed items link to (`<podcast:transcript>`): fetched with the feed's own guards,
read, and kept beside their episode files as `<stem>.transcript.<ext>`, where the catalog attaches
them like any other transcript (transcripts/attach.py).

- One fetch for all (fetch.py): http(s) only, no loopback, private or link-local address (every
  redirect checked), the feed's timeout, and the feed's size limit (at most the transcript reader's
  MAX_TRANSCRIPT_BYTES, which the data folder enforces too).
- Conditional requests: the ETag and Last-Modified of each transcript URL are remembered (the
  database's meta values, one entry per feed, so no new table) with the digest of the text written.
  They go along while that text is still beside its episode; a 304 reads and writes nothing.
- Which link: transcript_links.py orders them; the first is tried, and the next one when it fails
  (TRIES at most).
- A transcript that fails (HTTP error, refused address, too big, timeout, not a transcript, nothing
  within the episode's length) costs only itself: the episode is imported without it, and a
  warning names the URL and why.
- A transcript file beside the episode that the feed did not write (given by `ingest --transcript`,
  `/episode transcript` or by hand) is kept, as a refresh keeps fields edited by hand.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import aiohttp

from bot.core.episodes import Episode, InvalidData
from bot.core.episodes.files import FileRefused, read_regular_file
from bot.core.feeds.fetch import FetchError, FetchLimits, fetch
from bot.core.feeds.transcript_links import TranscriptLink
from bot.core.transcripts import (
    MAX_TRANSCRIPT_BYTES,
    TRANSCRIPT_EXTENSIONS,
    Transcript,
    read_transcript,
    read_transcript_file,
)
from bot.core.transcripts.naming import transcript_name
from bot.core.transcripts.storing import keep_beside, stored_transcript

# One refresh of one feed fetches the transcripts of at most this many episodes (the feed's first,
# usually its newest); the others are imported at once without theirs and get them on the next
# refreshes. With TRIES and the importer's 4 fetches at once, a refresh sends at most 100
# transcript requests, never one per episode of a long back catalog in a burst.
TRANSCRIPTS_PER_REFRESH = 50
TRIES = 2  # links tried per episode: the richest, and one fallback
MEMORY_KEY = "feed_transcripts:"  # + the feed's URL: the meta value holding its TranscriptMemory


@dataclass(frozen=True)
class Remembered:
    etag: str | None
    last_modified: str | None
    digest: str  # of the text written beside the episode


class TranscriptMemory:
    """What each transcript URL of one feed answered last, for conditional requests."""

    def __init__(self, entries: dict[str, Remembered] | None = None) -> None:
        self.entries = entries or {}
        self.changed = False

    @classmethod
    def from_json(cls, text: str | None) -> TranscriptMemory:
        """The memory a meta value holds; an empty one for none or for a value this code cannot read
        (the cost is one unconditional request per transcript)."""
        try:
            raw = json.loads(text or "{}")
            return cls({url: Remembered(*fields) for url, fields in raw.items()})
        except (ValueError, TypeError, AttributeError):
            return cls()

    def to_json(self) -> str:
        return json.dumps({url: [r.etag, r.last_modified, r.digest] for url, r in self.entries.items()})

    def remember(self, url: str, remembered: Remembered) -> None:
        if self.entries.get(url) != remembered:
            self.entries[url] = remembered
            self.changed = True

    def keep_only(self, urls: set[str]) -> None:
        """Forget the URLs the feed no longer links to."""
        gone = self.entries.keys() - urls
        for url in gone:
            del self.entries[url]
        self.changed |= bool(gone)


@dataclass(frozen=True)
class Download:
    link: TranscriptLink
    body: bytes | None  # None: unchanged since the text beside the episode was written (HTTP 304)
    etag: str | None
    last_modified: str | None
    transcript: Transcript  # as read, without the episode's length (for a 304, from the file beside the episode)


async def download(
    session: aiohttp.ClientSession, limits: FetchLimits, memory: TranscriptMemory,
    links: tuple[TranscriptLink, ...], episode_file: Path | None,
) -> tuple[Download | None, list[str]]:  # fmt: skip
    """The first of `links` (TRIES at most) that fetches and reads as a transcript, or None; and a
    warning for each one that failed. `episode_file` is where the episode's file already is, if it is."""
    limits = FetchLimits(limits.timeout, min(limits.max_bytes, MAX_TRANSCRIPT_BYTES), limits.allowed_networks)
    warnings: list[str] = []
    for link in links[:TRIES]:
        known = memory.entries.get(link.url)
        written = await asyncio.to_thread(_beside, episode_file, known.digest) if known and episode_file else None
        try:
            etag, last_modified = (known.etag, known.last_modified) if known and written else (None, None)
            fetched = await fetch(session, link.url, limits, etag=etag, last_modified=last_modified)
            if fetched.body is not None:
                transcript = await asyncio.to_thread(read_transcript, fetched.body, _source(link))
            elif written:  # unchanged: the file it gave is still beside the episode
                transcript = await asyncio.to_thread(read_transcript_file, written)
            else:
                raise FetchError("HTTP 304 to a request that was not conditional")
        except FetchError as error:
            warnings.append(failure(link, str(error)))
            continue
        except InvalidData as error:
            warnings.append(failure(link, _why(error)))
            continue
        return Download(link, fetched.body, fetched.etag, fetched.last_modified, transcript), warnings
    return None, warnings


def keep(got: Download, episode: Episode, episode_file: Path, memory: TranscriptMemory) -> tuple[bool, list[str]]:
    """Write the transcript beside `episode_file` (checked against the episode's length) unless the
    file there is one the feed did not write; whether a file changed, and warnings."""
    if got.body is None:
        return False, []
    try:
        _, name, text = stored_transcript(got.body, _source(got.link), episode_file.stem, episode.duration)
    except InvalidData as error:
        return False, [failure(got.link, _why(error))]
    digest = _digest(text.encode("utf-8"))
    ours = {r.digest for r in memory.entries.values()} | {digest}
    for extension in TRANSCRIPT_EXTENSIONS:
        other = episode_file.with_name(transcript_name(episode_file.stem, extension))
        if (other.exists() or other.is_symlink()) and _file_digest(other) not in ours:
            return False, [f"transcript {got.link.url[:200]}: not written; {other.name} beside the episode was not written by the feed, and is kept"]
    changed = keep_beside(episode_file, name, text)
    memory.remember(got.link.url, Remembered(got.etag, got.last_modified, digest))
    return changed, []


def failure(link: TranscriptLink, why: str) -> str:
    return f"transcript {link.url[:200]}: {why}; the episode is imported without it"


def _why(error: InvalidData) -> str:
    problem = error.problems[0]
    return f"line {problem.line}: {problem.message}" if problem.line else problem.message


def _source(link: TranscriptLink) -> Path:
    """The name problems give the downloaded file: the last part of its URL's path."""
    return Path(PurePosixPath(urlsplit(link.url).path).name or "transcript")


def _beside(episode_file: Path, digest: str) -> Path | None:
    """The transcript file beside the episode that holds the text of this digest, if one does (the
    text a transcript URL gave is still there: a conditional request can ask whether it changed)."""
    names = (episode_file.with_name(transcript_name(episode_file.stem, extension)) for extension in TRANSCRIPT_EXTENSIONS)
    return next((path for path in names if _file_digest(path) == digest), None)


def _file_digest(path: Path) -> str | None:
    try:
        return _digest(read_regular_file(path, MAX_TRANSCRIPT_BYTES))
    except (OSError, FileRefused):
        return None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
