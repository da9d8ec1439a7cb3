"""A feed's bytes read into the podcast's name and one FeedEntry per episode (feedparser does the XML).

feedparser keeps only the last of repeated Podcasting 2.0 tags and drops their text, so the names in
`podcast:person` and the number in `podcast:episode` are read from each item's own XML (raw.py),
found by its guid. Everything here runs in time linear in the feed's size: a feed is anyone's text.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import feedparser

from bot.core.episodes.format import MAX_DESCRIPTION, MAX_PERSON, MAX_PODCAST, MAX_TITLE, MAX_URL
from bot.core.episodes.links import timestamp_link
from bot.core.feeds import raw
from bot.core.feeds.transcript_links import MAX_LINKS, TranscriptLink, link_of, ranked
from bot.core.feeds.videos import episode_video
from bot.core.shownotes.text import lines_of
from bot.core.text import clip


class FeedError(Exception):
    """The bytes are not a podcast feed that can be read; the message says why in one line."""


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    title: str
    url: str | None
    duration: int | None
    published: str | None
    number: int | None
    people: tuple[str, ...]
    transcripts: tuple[TranscriptLink, ...]  # every transcript the item links to, in the order tried
    description: str  # plain text
    notes_html: str  # the fullest notes (content:encoded, else the description): where a chapter list is
    chapters_url: str | None
    psc: Any = field(default=None, compare=False)

    @property
    def transcript_url(self) -> str | None:
        return self.transcripts[0].url if self.transcripts else None

    @property
    def transcript_type(self) -> str | None:
        return self.transcripts[0].type if self.transcripts else None

    @property
    def digest(self) -> str:
        """Changes whenever anything the feed says about this episode changes."""
        fields = asdict(self) | {"psc": self.psc}
        return hashlib.blake2b(json.dumps(fields, default=str, sort_keys=True).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class ParsedFeed:
    podcast: str
    entries: list[FeedEntry]
    warnings: list[str]


_EPISODE_NUMBER = re.compile(rb"(\d{1,9})(?:\.\d{1,9})?")  # podcast:episode's text; more digits are no episode
_ITUNES_EPISODE = re.compile(r"[0-9]{1,9}")
_LONGEST_DURATION = len("100:00:00.000000")
PODLOVE_DEEP_LINK = "http://podlove.org/deep-link"
# "… with Jane Doe", "feat. Jane Doe", "w/ Dr. Jane Doe", "Guest: Jane Doe": two to four capitalised words.
_GUEST_IN_TITLE = re.compile(
    r"(?:\bwith|\bfeat\.?|\bfeaturing|\bft\.|\bw/|\bguests?:)\s+((?:(?:Dr|Prof)\.\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*\.?){1,3})"
)
_NOT_A_NAME = {"The", "A", "An", "And", "Of", "On", "In", "Special", "Part", "Episode"}


def parse_feed(body: bytes) -> ParsedFeed:
    """Every item of the feed, in the feed's order, first of any duplicated guid; FeedError if none can be read."""
    body, cut = raw.bounded(body)
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    warnings: list[str] = [cut] if cut else []
    if not parsed.version and not parsed.entries:
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise FeedError("this is an HTML page, not a feed; look for its RSS link")
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not a feed: malformed XML ({reason})" if reason else "not an RSS or Atom feed")
    items = parsed.entries
    raw_items = raw.items(body)
    if parsed.bozo:
        # Read what can be read, but not an item cut off by the error: only as many items as the
        # body holds complete <item>...</item> elements.
        items = items[: len(raw_items)]
        if not items:
            raise FeedError(f"not a feed: {cut}" if cut else f"not a feed: malformed XML ({parsed.get('bozo_exception')})")
        warnings.append(f"the feed is not well-formed XML ({parsed.get('bozo_exception')}); read what could be read")
    podcast = " ".join(str(parsed.feed.get("title", "")).split())[:MAX_PODCAST] or "Podcast"
    first_item = body.find(b"<item")
    channel_people = _people(raw.texts(body[: first_item if first_item != -1 else len(body)], b"podcast:person"))
    by_guid = _by_guid(raw_items)
    language = str(parsed.feed.get("language", "")) or None
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for position, item in enumerate(items, 1):
        entry = _entry(item, by_guid, channel_people, language)
        if entry is None:
            warnings.append(f"item {position} has no guid, link or title; skipped")
        elif entry.guid in seen:
            warnings.append(f"item {position} repeats the guid {entry.guid[:80]!r}; only the first is kept")
        else:
            seen.add(entry.guid)
            entries.append(entry)
    if not entries:
        warnings.append("the feed lists no episodes")
    return ParsedFeed(podcast, entries, warnings)


def _by_guid(raw_items: list[bytes]) -> dict[str, bytes]:
    by_guid: dict[str, bytes] = {}
    for item in raw_items:
        guid = raw.texts(item, b"guid", b"id")
        if guid:
            by_guid.setdefault(_text(guid[0]), item)
    return by_guid


def _text(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    if text.startswith("<![CDATA[") and text.endswith("]]>"):
        text = text[9:-3]
    return " ".join(html.unescape(text).split())


def _people(raw_names: list[bytes]) -> tuple[str, ...]:
    names = (_text(name)[:MAX_PERSON] for name in raw_names)
    return tuple(dict.fromkeys(name for name in names if name))


def _entry(item: Any, by_guid: dict[str, bytes], channel_people: tuple[str, ...], language: str | None) -> FeedEntry | None:
    title = " ".join(str(item.get("title", "")).split())
    link = _web_url(item.get("link"))
    guid = str(item.get("id") or link or title).strip()
    if not guid:
        return None
    item_xml = by_guid.get(guid, b"")
    summary = str(item.get("summary", ""))
    contents = [str(c.get("value", "")) for c in item.get("content", []) if isinstance(c, dict)]
    notes_html = max([summary, *contents], key=len)
    description = plain_text(summary or notes_html)
    description = clip(description, MAX_DESCRIPTION)
    title = clip(title, MAX_TITLE)  # before the guests are looked for in it: a title is anyone's text too
    people = _people(raw.texts(item_xml, b"podcast:person")) or channel_people
    guests = [g for g in _guests(title) if g not in people]
    # feedparser keeps the last <podcast:transcript> only: read them all from the item's own XML.
    tags = raw.attributes(item_xml, b"podcast:transcript", limit=MAX_LINKS) or [item.get("podcast_transcript") or {}]
    links = [found for tag in tags if (found := link_of({str(k): str(v) for k, v in tag.items()}))]
    chapters = item.get("podcast_chapters") or {}
    return FeedEntry(
        guid=guid,
        title=title or "(untitled episode)",
        url=_episode_url(link, notes_html, item),
        duration=parse_duration(str(item.get("itunes_duration", ""))),
        published=_date(item.get("published_parsed") or item.get("updated_parsed")),
        number=_number(item.get("itunes_episode"), item_xml),
        people=(*people, *guests)[:30],
        transcripts=ranked(links, language),
        description=description,
        notes_html=notes_html,
        chapters_url=_web_url(chapters.get("url")),
        psc=item.get("psc_chapters"),
    )


def plain_text(notes: str) -> str:
    """A description as the catalog keeps it: plain text (searchable, safe in an embed), a line per paragraph."""
    return "\n".join(" ".join(line.text.split()) for line in lines_of(notes) if line.text.strip())


def _web_url(value: Any) -> str | None:
    url = str(value or "").strip()
    return url if url.startswith(("https://", "http://")) and len(url) <= MAX_URL else None


def _episode_url(link: str | None, notes_html: str, item: Any) -> str | None:
    """The address of the episode itself, which answers open at a chapter's moment: the item's link
    where its host has a start-time form; else its Podlove deep link; else a YouTube video the notes
    present as this episode (videos.py: never a clip they merely cite); else the item's link; else
    the audio file itself (browsers start a media file at `#t=`)."""
    if link and timestamp_link(link, 0):
        return link
    deep_link = next(
        (_web_url(link.get("href")) for link in item.get("links", []) if link.get("rel") == PODLOVE_DEEP_LINK), None
    )
    if deep_link and len(deep_link) < MAX_URL - 8:
        # Podlove's deep link takes a Media Fragments time after its '#': `#t=754` starts at 12:34.
        return f"{deep_link.rstrip('#')}#t={{t}}"
    video = episode_video(notes_html)
    if video:
        return video
    if link:
        return link
    enclosures = [_web_url(e.get("href")) for e in item.get("enclosures", [])]
    return next((url for url in enclosures if url), None)


def parse_duration(text: str) -> int | None:
    """Seconds from `itunes:duration`: `HH:MM:SS`, `H:MM:SS`, `MM:SS`, `SSSS`, any with `.fraction`."""
    text = text.strip()
    if not text or len(text) > _LONGEST_DURATION:
        return None
    parts = text.split(":")
    if len(parts) > 3:
        return None
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if any(n < 0 for n in numbers) or any(n >= 60 for n in numbers[1:]):
        return None
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return int(seconds) or None


def _date(parsed: time.struct_time | None) -> str | None:
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed and 1000 <= parsed.tm_year <= 9999 else None


def _number(itunes_episode: Any, item_xml: bytes) -> int | None:
    text = str(itunes_episode or "").strip()
    if _ITUNES_EPISODE.fullmatch(text):
        return int(text)
    found = next((m for text in raw.texts(item_xml, b"podcast:episode") if (m := _EPISODE_NUMBER.fullmatch(text))), None)
    return int(found[1]) if found else None


def _guests(title: str) -> list[str]:
    names = []
    for match in _GUEST_IN_TITLE.finditer(title):
        words = match.group(1).rstrip(".").split()
        while words and words[-1] in _NOT_A_NAME:
            words.pop()
        if len(words) >= 2 and words[0] not in _NOT_A_NAME:
            names.append(" ".join(words))
    return names
