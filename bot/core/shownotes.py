"""Show notes, as podcasts publish them, turned into an Episode.

Chapters
    A time `12:34`, `1:02:03` or `01:02:03`, bare or in `( )` / `[ ]`, starts a chapter; its title is
    the text after it up to the next chapter's time or the end of the line, without the separator
    (` - `, ` – `, ` — `, `: `, `| `) or bullet (`-`, `*`, `•`, `1.`) around it, and without URLs.
    A bracketed time starts a chapter anywhere in a line, so a list squashed onto one line splits on
    its times. A bare time starts one at the start of a line (or after a "Timestamps:" heading), or
    anywhere in a line holding two or more bare times; a single bare time inside prose is text.
    Only if no line has a chapter that way, lines ending in a time ("Intro - 12:34") are chapters,
    when there are at least two. Text after the last title that is plainly not part of it (photo
    credits, "Disclaimer", "Follow us ...") is cut. A title longer than MAX_TITLE is an error, not
    cut: it usually means unrecognised text is stuck to it, which the user should see.

Times that run backwards
    A chapter that starts before the one above it is read as having lost its hour when adding whole
    hours puts it between its neighbours (and inside the duration); that repair is a warning. Any
    other backwards time is an error naming the chapter.

Kinds
    The last chapter is "outro" when it is housekeeping ("Outro", "Closing", "Zero-Cost Support, ...").
    A title starting "Sponsor", "Sponsored by", "Ad break" ... is "sponsor". Before the first content
    chapter, a title starting "Intro", "Welcome" or "Cold open" is "intro", and so is a first chapter
    at 00:00 that ends within the first 5% of the episode: that short, the opening only sets up the
    topic (the seed's "Ketamine", 2.5 of 103 minutes). Everything else is "content".

Other fields
    title: the first non-empty line that is not a duration or "Podcast:" line. duration: the first
    line like "103 Min", "1 hr 43 min", "1:43:00" or "Duration: 01:43:00"; without one, the minute
    after the last chapter starts, with a warning. podcast: the argument, else a "Podcast: NAME" line.
    id: the argument, else a slug of the file name. description: the paragraphs of prose (six words
    or more, ending a sentence) before the chapter list, each cut where boilerplate ("For the full
    show notes", "Thank you to our sponsors", "Timestamps") begins; never rewritten, only selected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .episode_files import ID_PATTERN, MAX_DESCRIPTION, MAX_PODCAST, MAX_TITLE, InvalidData, Problem
from .episodes import Chapter, ChapterKind, Episode, format_timestamp, parse_timestamp

_NO_CHAPTERS = "no chapter list found: expected lines like '(00:12:34) Title'"
_NO_PODCAST = "podcast name not found; pass --podcast NAME (or add a line 'Podcast: NAME')"

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_BULLET = r"(?:[-*•·]|\d{1,3}[.)])"
# The bullet before a time belongs to the chapter it starts, not to the end of the previous title.
_MARKER = re.compile(
    rf"(?:(?<!\S){_BULLET}\s*)?"
    rf"(?:\((?P<paren>{_TIME})\)|\[(?P<square>{_TIME})\]|(?<![\w:])(?P<bare>{_TIME})(?!\w|:\d))"
)
_LIST_HEADING = re.compile(r"\s*(?:(?:time\s*stamps|chapters|contents|outline)\s*:?\s*)?", re.I)
_LEADING_BULLET = re.compile(rf"^\s*{_BULLET}\s+")
_LEADING_SEPARATOR = re.compile(r"^[-–—:|]+\s*")
_TRAILING_SEPARATOR = re.compile(r"[\s\-–—:|,;•*·]+$")
_URL = re.compile(r"\(?(?:https?://|www\.)[^\s)]*\)?")
_AFTER_LIST = re.compile(
    r"\b(?:(?:title card )?photo credit|disclaimer|follow (?:us|me)|learn more about your ad choices"
    r"|(?:produced|edited|mixed|music) by)\b",
    re.I,
)

_SPONSOR = re.compile(
    r"^(?:sponsors?|sponsored by|ad break|ad read|ads|advertisement|a word from our sponsors?)\b", re.I
)
_OUTRO = re.compile(r"^(?:outro|closing|wrap[- ]?up|credits|housekeeping)\b|\bzero-cost support\b", re.I)
_INTRO = re.compile(r"^(?:intro|introduction|welcome|cold open)\b", re.I)
_OPENING_SHARE = 0.05

_DURATION_LABEL = re.compile(r"^\s*(?:duration|length|runtime|running time)\s*:\s*(?P<value>.+?)\s*$", re.I)
_DURATION_VALUE = re.compile(
    rf"(?P<clock>{_TIME})"
    r"|(?:(?P<h>\d+)\s*(?:h|hrs?|hours?)\.?,?\s*)?(?:(?P<m>\d+)\s*(?:m|mins?|minutes?)\.?)?",
    re.I,
)
_PODCAST = re.compile(r"^\s*podcast\s*:\s*(?P<name>\S.*?)\s*$", re.I)

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_BOILERPLATE = re.compile(
    r"for the full show notes|thank you to (?:our|today's) sponsors?|(?:our |today's )?sponsors?:"
    r"|time\s*stamps|chapters:|learn more about your ad choices",
    re.I,
)
_PROSE_WORDS = 6

# Reads one line: (column, time, title) for each chapter found in it.
_LineReader = Callable[[str], list[tuple[int, str, str]]]


@dataclass(frozen=True)
class Ingested:
    episode: Episode
    warnings: list[Problem]  # e.g. repaired timestamps, naming the line


def parse_show_notes(text: str, source: Path, *, episode_id: str | None = None, podcast: str | None = None) -> Ingested:
    """Raises InvalidData (with Problems naming source and line) when no episode can be made."""
    # Text copied from a web page or saved by Windows editors often starts with a byte-order mark.
    return _Reader(source, text.removeprefix("\ufeff").splitlines()).ingest(episode_id, podcast)


@dataclass(frozen=True)
class _Found:
    line: int
    column: int  # where the chapter's time starts: text before the first one precedes the list
    time: str
    title: str


class _Reader:
    def __init__(self, source: Path, lines: list[str]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.source, line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.source, line, message))

    def ingest(self, episode_id: str | None, podcast: str | None) -> Ingested:
        duration, duration_line = self.duration()
        in_notes = next(((n, m["name"]) for n, text in self.numbered() if (m := _PODCAST.match(text))), None)
        metadata = {duration_line, in_notes[0] if in_notes else None}
        found = self.chapters(metadata)
        if not found:
            raise InvalidData(self.problems or [Problem(self.source, None, _NO_CHAPTERS)])
        starts = self.starts(found, duration)
        if duration is None:
            duration = (starts[-1] // 60 + 1) * 60
            self.warn(
                None,
                "no duration found (a line like '103 Min' or 'Duration: 01:43:00'); "
                f"using {format_timestamp(duration)}, the minute after the last chapter starts",
            )
        chapters = self.build_chapters(found, starts, duration)
        title_line, title = self.title(found[0], metadata)
        episode = Episode(
            id=self.episode_id(episode_id),
            title=title,
            podcast=self.podcast(podcast, in_notes),
            duration=duration,
            chapters=chapters,
            description=self.description(title_line, found[0], metadata),
        )
        if self.problems:
            raise InvalidData(self.problems)
        return Ingested(episode, self.warnings)

    def numbered(self) -> enumerate[str]:
        return enumerate(self.lines, 1)

    def duration(self) -> tuple[int | None, int | None]:
        """(seconds, line) of the first duration line; (None, None) when there is none."""
        for number, line in self.numbered():
            labelled = _DURATION_LABEL.match(line)
            seconds = _duration_seconds(labelled["value"] if labelled else line.strip(), labelled is not None)
            if seconds is not None:
                return seconds, number
            if labelled:
                hint = "write it like '103 Min', '1 hr 43 min' or '01:43:00'"
                self.fail(number, f"duration {labelled['value']!r} not understood; {hint}")
                return None, number
        return None, None

    def chapters(self, skip: set[int | None]) -> list[_Found]:
        found = self.scan(skip, _chapters_led_by_time)
        if not any(chapter.title for chapter in found):
            trailing = self.scan(skip, _chapter_ending_in_time)
            found = trailing if len(trailing) >= 2 else found
        if found:
            last = found[-1]
            cut = _AFTER_LIST.search(last.title)
            if cut and cut.start():
                found[-1] = replace(last, title=_clean(last.title[: cut.start()]))
        return found

    def scan(self, skip: set[int | None], read: _LineReader) -> list[_Found]:
        return [
            _Found(number, column, time, title)
            for number, line in self.numbered()
            if number not in skip
            for column, time, title in read(line)
        ]

    def starts(self, found: list[_Found], duration: int | None) -> list[int]:
        """Chapter starts in seconds, with dropped hours restored; InvalidData if they can't be ordered."""
        starts: list[int] = []
        for index, chapter in enumerate(found, 1):
            try:
                starts.append(parse_timestamp(chapter.time))
            except ValueError as error:
                self.fail(chapter.line, f"chapter {index} ({chapter.title!r}): {error}")
        if self.problems:
            raise InvalidData(self.problems)
        for index in range(1, len(starts)):
            before, start = starts[index - 1], starts[index]
            if start > before:
                continue
            repaired = start + 3600 * ((before - start) // 3600 + 1)
            later = starts[index + 1] if index + 1 < len(starts) else None
            chapter, name = found[index], _name(index, start, found[index].title)
            if (later is None or repaired < later) and (duration is None or repaired < duration):
                starts[index] = repaired
                self.warn(
                    chapter.line,
                    f"{name} follows a chapter at {format_timestamp(before)}; "
                    f"read as {format_timestamp(repaired)}, assuming a dropped hour",
                )
            else:
                above = _name(index - 1, before, found[index - 1].title)
                self.fail(chapter.line, f"{name} starts before the chapter above it, {above}; times must increase")
        return starts

    def build_chapters(self, found: list[_Found], starts: list[int], duration: int) -> tuple[Chapter, ...]:
        chapters: list[Chapter] = []
        opening = True  # until the first content chapter, an "Intro"/"Welcome" title is the intro
        for index, (chapter, start) in enumerate(zip(found, starts, strict=True)):
            title, last = chapter.title, index == len(found) - 1
            name = _name(index, start, title)
            if not title:
                self.fail(chapter.line, f"{name} has no title")
            elif len(title) > MAX_TITLE:
                self.fail(
                    chapter.line,
                    f"{name} has a title of {len(title)} characters; at most {MAX_TITLE} fit in a Discord reply "
                    "(is other text stuck to it?)",
                )
            if start >= duration:
                self.fail(chapter.line, f"{name} starts after the episode ends ({format_timestamp(duration)})")
            end = duration if last else starts[index + 1]
            short_opening = index == 0 and start == 0 and end <= duration * _OPENING_SHARE
            kind: ChapterKind
            if last and _OUTRO.search(title):
                kind = "outro"
            elif _SPONSOR.search(title):
                kind = "sponsor"
            elif opening and (_INTRO.search(title) or short_opening):
                kind = "intro"
            else:
                kind, opening = "content", False
            chapters.append(Chapter(start, title, kind))
        return tuple(chapters)

    def title(self, first: _Found, skip: set[int | None]) -> tuple[int, str]:
        # Never exhausted: the first chapter's own line qualifies.
        number, line = next((n, line) for n, line in self.numbered() if line.strip() and n not in skip)
        title = line.strip()
        if number >= first.line:
            self.fail(number, "episode title not found: the first line should be the title, above the chapters")
        elif len(title) > MAX_TITLE:
            self.fail(number, f"episode title is {len(title)} characters; at most {MAX_TITLE} fit in a reply")
        return number, title

    def podcast(self, given: str | None, in_notes: tuple[int, str] | None) -> str:
        """The given name, else the one on a "Podcast:" line (in_notes is its line and name)."""
        if given is not None:
            line, name = None, given.strip()
        elif in_notes is not None:
            line, name = in_notes
        else:
            self.fail(None, _NO_PODCAST)
            return ""
        if not name or len(name) > MAX_PODCAST:
            self.fail(line, f"podcast name must be 1 to {MAX_PODCAST} characters")
        return name

    def episode_id(self, given: str | None) -> str:
        if given is None:
            stem = unicodedata.normalize("NFKD", self.source.stem).encode("ascii", "ignore").decode()
            slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:64].rstrip("-")
            if not slug:
                self.fail(None, f"no episode id can be made from the file name {self.source.name!r}; pass --id ID")
            return slug
        if not ID_PATTERN.match(given):
            self.fail(None, f"episode id {given!r} must be 1 to 64 lowercase letters, digits and dashes")
        return given

    def description(self, title_line: int, first: _Found, skip: set[int | None]) -> str:
        before = [line for n, line in self.numbered() if title_line < n < first.line and n not in skip]
        before.append(self.lines[first.line - 1][: first.column])
        # A paragraph ends at a blank line or a line that ends a sentence, so hard-wrapped prose stays
        # whole while a byline or a "103 Min" line is not glued to the prose after it.
        paragraphs: list[str] = []
        current: list[str] = []
        for line in before:
            if line.strip():
                current.append(line.strip())
            if current and (not line.strip() or _SENTENCE_END.search(line)):
                paragraphs.append(" ".join(current))
                current = []
        paragraphs.append(" ".join(current))
        prose = [_BOILERPLATE.split(p, maxsplit=1)[0].strip() for p in paragraphs]
        text = "\n".join(p for p in prose if len(p.split()) >= _PROSE_WORDS and _SENTENCE_END.search(p))
        if len(text) > MAX_DESCRIPTION:
            ends = [m.end() for m in re.finditer(r"[.!?…](?=\s)", text[: MAX_DESCRIPTION + 1])]
            text = text[: ends[-1]] if ends else ""
            self.warn(None, f"description shortened to {len(text)} characters, at the last sentence that fits")
        return text


def _chapters_led_by_time(line: str) -> list[tuple[int, str, str]]:
    """(column, time, title) of each chapter in the line whose time comes before its title."""
    markers = list(_MARKER.finditer(line))
    bracketed = [m for m in markers if not m["bare"]]
    if bracketed:
        markers = bracketed
    elif len(markers) < 2 and not (markers and _LIST_HEADING.fullmatch(line[: markers[0].start()])):
        return []
    ends = [m.start() for m in markers[1:]] + [len(line)]
    return [(m.start(), _time(m), _clean(line[m.end() : end])) for m, end in zip(markers, ends, strict=True)]


def _chapter_ending_in_time(line: str) -> list[tuple[int, str, str]]:
    """The chapter of a "Title - 12:34" line, if it is one."""
    markers = list(_MARKER.finditer(line))
    if len(markers) != 1 or line[markers[0].end() :].strip():
        return []
    title = _clean(_LEADING_BULLET.sub("", line[: markers[0].start()]))
    return [(0, _time(markers[0]), title)] if title else []


def _time(marker: re.Match[str]) -> str:
    return marker["paren"] or marker["square"] or marker["bare"]


def _clean(text: str) -> str:
    text = " ".join(_URL.sub(" ", text).split())
    return _TRAILING_SEPARATOR.sub("", _LEADING_SEPARATOR.sub("", text))


def _name(index: int, start: int, title: str) -> str:
    """How a message names a chapter: its number in the list, its time and its title."""
    short = title if len(title) <= 60 else title[:59] + "…"
    return f"chapter {index + 1} ({format_timestamp(start)} '{short}')"


def _duration_seconds(value: str, labelled: bool) -> int | None:
    match = _DURATION_VALUE.fullmatch(value)
    if not match:
        return None
    if match["clock"]:
        # Unlabelled, only H:MM:SS: a lone "12:34" line is more likely a chapter that lost its title.
        if not labelled and match["clock"].count(":") < 2:
            return None
        try:
            return parse_timestamp(match["clock"])
        except ValueError:
            return None
    if match["h"] is None and match["m"] is None:
        return None
    return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60
