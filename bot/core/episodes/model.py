"""Episodes and their chapters: the catalog's data model, free of any storage or Discord detail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from bot.core.episodes.links import timestamp_link

if TYPE_CHECKING:
    from bot.core.transcripts.model import Transcript

ChapterKind = Literal["content", "sponsor", "intro", "outro"]
CHAPTER_KINDS: tuple[str, ...] = get_args(ChapterKind)

_TIMESTAMP = re.compile(r"^(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)$")


def parse_timestamp(text: str) -> int:
    """Seconds from `H:MM:SS`, `HH:MM:SS` or `MM:SS`; ValueError names the bad text."""
    match = _TIMESTAMP.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a timestamp like 01:02:03 or 12:34")
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def format_timestamp(seconds: int) -> str:
    """`HH:MM:SS`, the form show notes and Discord users read."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class Chapter:
    start: int
    title: str
    kind: ChapterKind = "content"
    summary: str = ""
    keywords: tuple[str, ...] = ()
    # Drawn from what was said in the chapter (bot/core/transcripts/summaries.py) when `summary` is
    # empty and the episode has a transcript; shown as coming from the transcript, never written to a file.
    transcript_summary: str = ""

    @property
    def timestamp(self) -> str:
        return format_timestamp(self.start)


@dataclass(frozen=True, slots=True)
class Episode:
    id: str
    title: str
    podcast: str
    duration: int
    chapters: tuple[Chapter, ...]  # may be empty: a feed's episode without a chapter list
    description: str = ""
    url: str | None = None
    note: str | None = None
    people: tuple[str, ...] = ()  # hosts and guests
    published: str | None = None  # ISO date, YYYY-MM-DD
    number: int | None = None
    transcript_url: str | None = None
    transcript_type: str | None = None  # a MIME type such as text/vtt or application/srt
    # What was said, from the transcript file beside the episode file (bot/core/transcripts); not
    # part of the episode file, so not written back by codec.py nor kept in the database.
    transcript: Transcript | None = field(default=None, repr=False, hash=False)
    # Where `chapters` were found in the transcript (bot/core/transcripts/topics.py), the episode
    # having published no chapter list: what its file holds (none, or one for the whole episode).
    # None: `chapters` are the published ones. Found chapters are never written to a file or database.
    replaced_chapters: tuple[Chapter, ...] | None = None

    @property
    def chapters_automatic(self) -> bool:
        """Whether the chapters were found in the transcript, not published: replies say so."""
        return self.replaced_chapters is not None

    @property
    def published_chapters(self) -> tuple[Chapter, ...]:
        """The chapters the episode file holds."""
        return self.chapters if self.replaced_chapters is None else self.replaced_chapters

    def link(self, chapter: Chapter) -> str | None:
        """A link starting playback at the chapter, or None where the host has no known form."""
        return timestamp_link(self.url, chapter.start) if self.url else None

    def chapter_id(self, index: int) -> str:
        """A stable id for one chapter, short enough for an autocomplete value."""
        return f"{self.id}@{self.chapters[index].start}"
