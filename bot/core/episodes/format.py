"""The episode file format: its fields, their limits, and the check that turns parsed JSON into an Episode.

The format is documented in docs/episode-format.md. EpisodeChecker collects every problem with a
pointer to where it is (codec.py turns pointers into line numbers); valid_chapters() is the
same check of a chapter list in one tight loop, for the common case of a list with no problem.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from bot.core.episodes.model import CHAPTER_KINDS, Chapter, Episode, format_timestamp, parse_timestamp
from bot.core.text import clip

FORMAT_VERSION = 1

# Lengths chosen so that any field fits where the Discord layer puts it (embed title 256, field
# value 1024, footer 2048, autocomplete value 100), with room for the timestamp and decoration.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_TITLE = 200
MAX_PODCAST = 100
MAX_SUMMARY = 1000
MAX_NOTE = 300
MAX_DESCRIPTION = 4000
MAX_URL = 500
MAX_KEYWORD = 50
MAX_KEYWORDS = 20
MAX_PERSON = 100
MAX_PEOPLE = 30
MAX_MIME = 100
MAX_SHOWN = 80  # characters of a wrong value quoted in a problem

# JSON's \ud800-\udfff escapes give Python strings that no UTF-8 store can hold (decoded UTF-8
# itself never has them): only a text with such an escape needs its strings checked.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_MESSAGE = "holds a \\u escape of half a character (a lone surrogate, \\ud800-\\udfff), which is not text"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_EPISODE_KEYS = {
    "format", "id", "title", "podcast", "duration", "description", "url", "note", "chapters",
    "people", "published", "number", "transcript_url", "transcript_type",
}  # fmt: skip
_CHAPTER_KEYS = {"start", "title", "kind", "summary", "keywords"}

Pointer = tuple[str | int, ...]


def slug(text: str, limit: int = 64) -> str:
    """`text` in lowercase ASCII letters, digits and dashes (accents dropped), at most `limit` long:
    what episode ids and podcast folders are made of. Empty when nothing of `text` is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


class EpisodeChecker:
    """Builds an Episode from parsed JSON, collecting (pointer, message) for every problem."""

    def __init__(self, *, surrogates: bool) -> None:
        self.errors: list[tuple[Pointer, str]] = []
        self.surrogates = surrogates  # the text has an escape that may make a lone surrogate

    @classmethod
    def for_text(cls, text: str) -> EpisodeChecker:
        """A checker for the JSON `text`: strings are searched for lone surrogates only if it may hold one."""
        return cls(surrogates=_SURROGATE_ESCAPE.search(text) is not None)

    def fail(self, pointer: Pointer, message: str) -> None:
        self.errors.append((pointer, message))

    def episode(self, raw: Any) -> Episode | None:
        if not isinstance(raw, dict):
            self.fail((), "an episode file holds one JSON object")
            return None
        if raw.get("format") != FORMAT_VERSION:
            self.fail(("format",), f"format must be {FORMAT_VERSION} (this bot reads version {FORMAT_VERSION})")
        self.unknown_keys(raw, _EPISODE_KEYS, ())
        episode_id = self.text(raw, "id", (), max_len=64)
        if episode_id and not ID_PATTERN.match(episode_id):
            self.fail(("id",), "id must be lowercase letters, digits and dashes, starting with a letter or digit")
        title = self.text(raw, "title", (), max_len=MAX_TITLE)
        podcast = self.text(raw, "podcast", (), max_len=MAX_PODCAST)
        duration = self.timestamp(raw, "duration", ())
        description = self.text(raw, "description", (), max_len=MAX_DESCRIPTION, required=False, empty_ok=True)
        url = self.text(raw, "url", (), max_len=MAX_URL, required=False)
        if url and not url.startswith(("https://", "http://")):
            self.fail(("url",), "url must start with https:// or http://")
        note = self.text(raw, "note", (), max_len=MAX_NOTE, required=False)
        people = self.people(raw)
        published = self.text(raw, "published", (), max_len=10, required=False)
        if published and not _valid_date(published):
            self.fail(("published",), f"published must be a date like 2024-03-31, not {_shown(published)}")
        number = raw.get("number")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 0):
            self.fail(("number",), f"number must be a whole number 0 or more, not {_shown(number)}")
        transcript_url = self.text(raw, "transcript_url", (), max_len=MAX_URL, required=False)
        if transcript_url and not transcript_url.startswith(("https://", "http://")):
            self.fail(("transcript_url",), "transcript_url must start with https:// or http://")
        transcript_type = self.text(raw, "transcript_type", (), max_len=MAX_MIME, required=False)
        chapters = self.chapters(raw, duration)
        if self.errors:
            return None
        return Episode(
            id=episode_id, title=title, podcast=podcast, duration=duration, chapters=chapters,
            description=description or "", url=url, note=note, people=people, published=published,
            number=number, transcript_url=transcript_url, transcript_type=transcript_type,
        )  # fmt: skip

    def people(self, raw: dict[str, Any]) -> tuple[str, ...]:
        names = raw.get("people", [])
        if not isinstance(names, list) or len(names) > MAX_PEOPLE:
            self.fail(("people",), f"people must be a list of at most {MAX_PEOPLE} names")
            return ()
        for index, name in enumerate(names):
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_PERSON:
                self.fail(("people", index), f"each name in people must be text of 1 to {MAX_PERSON} characters")
        return tuple(n.strip() for n in names if isinstance(n, str) and n.strip())

    def chapters(self, raw: dict[str, Any], duration: int | None) -> tuple[Chapter, ...]:
        items = raw.get("chapters", [])
        if not isinstance(items, list):
            self.fail(("chapters",), "chapters must be a list (empty for an episode without chapters)")
            return ()
        quick = None if self.surrogates else valid_chapters(items, duration)
        if quick is not None:
            return quick
        chapters: list[Chapter] = []
        previous: Chapter | None = None
        for index, item in enumerate(items):
            where: Pointer = ("chapters", index)
            if not isinstance(item, dict):
                self.fail(where, f"chapter {index + 1} must be an object")
                continue
            self.unknown_keys(item, _CHAPTER_KEYS, where)
            start = self.timestamp(item, "start", where)
            title = self.text(item, "title", where, max_len=MAX_TITLE)
            kind = item.get("kind", "content")
            if kind not in CHAPTER_KINDS:
                self.fail((*where, "kind"), f"kind must be one of {', '.join(CHAPTER_KINDS)}, not {_shown(kind)}")
            summary = self.text(item, "summary", where, max_len=MAX_SUMMARY, required=False, empty_ok=True)
            keywords = self.keywords(item, where)
            if start is None or title is None:
                continue
            if previous is not None and start <= previous.start:
                self.fail(
                    (*where, "start"),
                    f"chapter {index + 1} starts at {format_timestamp(start)}, "
                    f"not after the chapter before it ({previous.timestamp})",
                )
            if duration is not None and start >= duration:
                self.fail(
                    (*where, "start"),
                    f"chapter {index + 1} starts at {format_timestamp(start)}, "
                    f"past the episode's duration ({format_timestamp(duration)})",
                )
            previous = Chapter(start, title, kind, summary or "", keywords)
            chapters.append(previous)
        return tuple(chapters)

    def keywords(self, item: dict[str, Any], where: Pointer) -> tuple[str, ...]:
        words = item.get("keywords", [])
        if not isinstance(words, list) or len(words) > MAX_KEYWORDS:
            self.fail((*where, "keywords"), f"keywords must be a list of at most {MAX_KEYWORDS} strings")
            return ()
        for index, word in enumerate(words):
            if not isinstance(word, str) or not word.strip() or len(word) > MAX_KEYWORD:
                self.fail((*where, "keywords", index), f"each keyword must be text of 1 to {MAX_KEYWORD} characters")
            elif self.surrogates and _SURROGATE.search(word):
                self.fail((*where, "keywords", index), _SURROGATE_MESSAGE)
        return tuple(w.strip() for w in words if isinstance(w, str) and w.strip())

    def unknown_keys(self, raw: dict[str, Any], allowed: set[str], where: Pointer) -> None:
        for key in raw.keys() - allowed:
            self.fail((*where, key), f"unknown field {_shown(key)} (allowed: {', '.join(sorted(allowed))})")

    def text(
        self, raw: dict[str, Any], key: str, where: Pointer, *, max_len: int,
        required: bool = True, empty_ok: bool = False,
    ) -> Any:  # fmt: skip
        value = raw.get(key)
        if value is None:
            if required:
                self.fail(where if key not in raw else (*where, key), f"{key} is required")
            return None
        if not isinstance(value, str):
            self.fail((*where, key), f"{key} must be text, not {type(value).__name__}")
            return None
        value = value.strip()
        if self.surrogates and _SURROGATE.search(value):
            self.fail((*where, key), f"{key}: {_SURROGATE_MESSAGE}")
        elif not value and not empty_ok:
            self.fail((*where, key), f"{key} must not be empty")
        elif len(value) > max_len:
            self.fail((*where, key), f"{key} is {len(value)} characters; at most {max_len} fit in a Discord reply")
        return value

    def timestamp(self, raw: dict[str, Any], key: str, where: Pointer) -> int | None:
        value = self.text(raw, key, where, max_len=8)
        if not value:
            return None
        try:
            return parse_timestamp(value)
        except ValueError as error:
            self.fail((*where, key), f"{key}: {error}")
            return None


def valid_chapters(items: list[Any], duration: int | None) -> tuple[Chapter, ...] | None:
    """The chapters of a list with no problem at all, or None to have _Checker find the problems.

    The same rules as EpisodeChecker.chapters, in one tight loop: a catalog of thousands of episodes is
    read on every reload, and nearly every chapter is fine.
    """
    chapters: list[Chapter] = []
    previous = -1
    for item in items:
        if not isinstance(item, dict) or not _CHAPTER_KEYS.issuperset(item):
            return None
        start, title, kind = item.get("start"), item.get("title"), item.get("kind", "content")
        summary, keywords = item.get("summary"), item.get("keywords", [])
        if not isinstance(start, str) or not isinstance(title, str) or kind not in CHAPTER_KINDS:
            return None
        start, title = start.strip(), title.strip()
        if not start or len(start) > 8 or not title or len(title) > MAX_TITLE:
            return None
        try:
            seconds = parse_timestamp(start)
        except ValueError:
            return None
        if seconds <= previous or (duration is not None and seconds >= duration):
            return None
        if summary is not None:
            if not isinstance(summary, str):
                return None
            summary = summary.strip()
            if len(summary) > MAX_SUMMARY:
                return None
        if not isinstance(keywords, list) or len(keywords) > MAX_KEYWORDS:
            return None
        for word in keywords:
            if not isinstance(word, str) or not word.strip() or len(word) > MAX_KEYWORD:
                return None
        chapters.append(Chapter(seconds, title, kind, summary or "", tuple(w.strip() for w in keywords)))
        previous = seconds
    return tuple(chapters)


def _shown(value: Any) -> str:
    """A value a problem quotes, clipped: a field may hold megabytes, the message stays one line."""
    return clip(repr(value), MAX_SHOWN)


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
