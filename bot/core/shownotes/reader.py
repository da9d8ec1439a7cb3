"""A whole notes file, as podcasts publish it, turned into an Episode.

Chapters
    Read by chapters_of (chapters.py): the chapter list is found in whatever form it is written
    (forms/), placed in order by the one time check (times.py) with each repair or drop a warning
    naming the line; the file is refused only when no trustworthy list remains. Kinds (kinds.py):
    sponsor, intro, outro, content.

Other fields
    title: the first non-empty line that is not a duration or "Podcast:" line, above the chapter
    list. duration: the first line like "103 Min", "1 hr 43 min", "1:43:00" or "Duration: 01:43:00"
    ("Dauer:", "Durée :" ...); without one, or unreadable, the minute after the last chapter starts,
    with a warning. podcast: the argument, else a "Podcast: NAME" line.
    id: the argument, else a slug of the file name. description: the paragraphs of prose (six words
    or more, ending a sentence) before the chapter list, each cut where boilerplate ("For the full
    show notes", "Thank you to our sponsors", "Timestamps") begins; never rewritten, only selected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core.episodes import Episode, InvalidData, Problem, format_timestamp, parse_timestamp
from bot.core.episodes.format import ID_PATTERN, MAX_DESCRIPTION, MAX_PODCAST, MAX_TITLE, slug
from bot.core.shownotes.chapters import NO_LIST, chapters_of
from bot.core.shownotes.kinds import kinds
from bot.core.shownotes.model import Notes
from bot.core.shownotes.scan import TIME, blank_links, tokens
from bot.core.shownotes.text import lines_of
from bot.core.shownotes.times import read_time

_NO_PODCAST = "podcast name not found; pass --podcast NAME (or add a line 'Podcast: NAME')"

# Bounded repeats only: these run on every line, whatever its length.
_DURATION_LABEL = re.compile(
    r"[ \t]{0,20}(?:duration|length|runtime|running time|dauer|durée|duración|duração|durata|laufzeit)"
    r"[ \t]{0,5}:(?P<value>.*)",
    re.I,
)
_LONE_CLOCK = re.compile(TIME)
_DURATION_VALUE = re.compile(
    rf"(?P<clock>{TIME})"
    r"|(?:(?P<h>\d{1,3})[ \t]{0,3}(?:h|hrs?|hours?|std)\.?,?[ \t]{0,3})?"
    r"(?:(?P<m>\d{1,4})[ \t]{0,3}(?:m|mins?|minutes?|min\.)\.?)?",
    re.I,
)
_PODCAST = re.compile(r"[ \t]{0,20}podcast[ \t]{0,5}:(?P<name>.*)", re.I)
_SENTENCE_MARKS = ".!?…"
_BOILERPLATE = re.compile(
    r"for the full show notes|thank you to (?:our|today's) sponsors?|(?:our |today's )?sponsors?:"
    r"|time ?stamps|chapters:|learn more about your ad choices",
    re.I,
)
_PROSE_WORDS = 6

@dataclass(frozen=True)
class Ingested:
    episode: Episode
    warnings: list[Problem]  # e.g. repaired timestamps, naming the line
    form: str | None = None  # the form the chapter list was read in, e.g. "led by time"


def parse_show_notes(
    text: str, source: Path, *, episode_id: str | None = None, podcast: str | None = None, said_until: int | None = None
) -> Ingested:
    """Raises InvalidData (with Problems naming source and line) when no episode can be made.

    With `said_until` (where the episode's transcript ends, in seconds), notes without a chapter list
    still make an episode: one without chapters (they are found in its transcript when it loads),
    as long as the transcript when the notes give no duration."""
    # Text copied from a web page or saved by Windows editors often starts with a byte-order mark.
    return _Reader(source, text).ingest(episode_id, podcast, said_until)


class _Reader:
    def __init__(self, source: Path, text: str) -> None:
        self.source = source
        self.text = text
        self.notes = Notes()  # warnings of the chapter reading, from decoding escapes on
        self.numbered_lines = lines_of(text, self.notes)
        self.lines = [line.text for line in self.numbered_lines]
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.source, line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.source, line, message))

    def ingest(self, episode_id: str | None, podcast: str | None, said_until: int | None) -> Ingested:
        duration, duration_line = self.duration()
        in_notes = next(
            ((n, m["name"]) for n, text in self.numbered() if (m := _PODCAST.match(text)) and m["name"].strip()), None
        )
        metadata = {duration_line, in_notes[0] if in_notes else None}
        content = [line for line in self.numbered_lines if line.number not in metadata]
        listed = chapters_of(self.text, content, self.notes, duration)
        for line, message in self.notes.items:
            self.warn(line, message)
        if not listed.chapters and said_until is None:
            # What was met on the way (a YAML list refused for its aliases, times dropped) says why, line by line.
            why = [*self.problems, *self.warnings, Problem(self.source, None, listed.problem or NO_LIST)]
            raise InvalidData(why)
        chapters = listed.chapters
        if not chapters:
            self.warn(None, "no chapter list found; the chapters will be found in the transcript when it loads")
        if duration is None and said_until is not None and not chapters:
            duration = said_until
            self.warn(None, f"no duration found; using {format_timestamp(duration)}, where the transcript ends")
        elif duration is None:
            duration = (chapters[-1].start // 60 + 1) * 60
            self.warn(
                None,
                "no duration found (a line like '103 Min' or 'Duration: 01:43:00'); "
                f"using {format_timestamp(duration)}, the minute after the last chapter starts",
            )
            found_kinds = kinds([c.start for c in chapters], [c.title for c in chapters], duration)
            chapters = tuple(replace(c, kind=k) for c, k in zip(chapters, found_kinds, strict=True))
        first_line = self.first_chapter_line(listed.first_line) if chapters else (len(self.lines), 0)
        title_line, title = self.title(first_line, metadata)
        episode = Episode(
            id=self.episode_id(episode_id),
            title=title,
            podcast=self.podcast(podcast, in_notes),
            duration=duration,
            chapters=chapters,
            description=self.description(title_line, first_line, metadata),
        )
        if self.problems:
            raise InvalidData(self.problems)
        return Ingested(episode, self.warnings, listed.form)

    def numbered(self) -> list[tuple[int, str]]:
        return [(line.number, line.text) for line in self.numbered_lines]

    def first_chapter_line(self, line: int | None) -> tuple[int, int]:
        """(index in self.lines, column) where the chapter list starts: its first time on that line."""
        # One source line may hold many (a string literal of escaped lines): the first with a time.
        same = [i for i, numbered in enumerate(self.numbered_lines) if numbered.number == line]
        index = next((i for i in same if tokens(blank_links(self.lines[i]))), same[0] if same else 0)
        if line is None or not self.lines:
            return index, 0
        blanked = blank_links(self.lines[index])
        times = tokens(blanked)
        if not times:
            return index, 0
        # blank_links only removes characters, so the time sits at or after its column in the line as written.
        column = self.lines[index].find(blanked[times[0].start : times[0].end], times[0].start)
        return index, max(column, 0)

    def duration(self) -> tuple[int | None, int | None]:
        """(seconds, line) of the first duration line; (None, None) when there is none. A lone
        `1:43:00` line is the length only when no other line is a lone time: two or more are a
        timeline's times (`<h2>Title</h2>` / `<p>00:02:40</p>`), and `00:00:00` is never a length."""
        lone_clocks: list[tuple[int, int]] = []
        for number, line in self.numbered():
            labelled = _DURATION_LABEL.match(line)
            # A value quoted as YAML front matter quotes it (`duration: '00:38:09'`) is the same value.
            value = labelled["value"].strip().strip("'\"").strip() if labelled else line.strip()
            seconds = _duration_seconds(value, labelled is not None)
            if seconds is not None and not labelled and _LONE_CLOCK.fullmatch(value):
                lone_clocks.append((seconds, number))
            elif seconds is not None:
                return seconds, number
            elif labelled:
                hint = "write it like '103 Min', '1 hr 43 min' or '01:43:00'"
                self.warn(number, f"duration {labelled['value'].strip()!r} not understood; {hint}")
                return None, number
        return lone_clocks[0] if len(lone_clocks) == 1 and lone_clocks[0][0] else (None, None)

    def title(self, first: tuple[int, int], skip: set[int | None]) -> tuple[int, str]:
        """(index, text) of the title: the first non-empty line above the chapter list."""
        numbered = self.numbered()
        index = next((i for i, (n, line) in enumerate(numbered) if line.strip() and n not in skip), len(numbered))
        if index >= first[0] and not (index == first[0] and first[1] > 0):
            self.fail(None, "episode title not found: the first line should be the title, above the chapters")
            return index, ""
        title = numbered[index][1].strip()
        if index == first[0]:
            title = title[: first[1]].strip()
        if len(title) > MAX_TITLE:
            self.fail(
                numbered[index][0], f"episode title is {len(title)} characters; at most {MAX_TITLE} fit in a reply"
            )
        return index, title

    def podcast(self, given: str | None, in_notes: tuple[int, str] | None) -> str:
        """The given name, else the one on a "Podcast:" line (in_notes is its line and name)."""
        if given is not None:
            line, name = None, given.strip()
        elif in_notes is not None:
            line, name = in_notes[0], in_notes[1].strip()
        else:
            self.fail(None, _NO_PODCAST)
            return ""
        if not name or len(name) > MAX_PODCAST:
            self.fail(line, f"podcast name must be 1 to {MAX_PODCAST} characters")
        return name

    def episode_id(self, given: str | None) -> str:
        if given is None:
            made = slug(self.source.stem)
            if not made:
                self.fail(None, f"no episode id can be made from the file name {self.source.name!r}; pass --id ID")
            return made
        if not ID_PATTERN.match(given):
            self.fail(None, f"episode id {given!r} must be 1 to 64 lowercase letters, digits and dashes")
        return given

    def description(self, title_index: int, first: tuple[int, int], skip: set[int | None]) -> str:
        numbered = self.numbered()
        before = [line for i, (n, line) in enumerate(numbered) if title_index < i < first[0] and n not in skip]
        if title_index < first[0] < len(numbered):
            before.append(numbered[first[0]][1][: first[1]])
        # A paragraph ends at a blank line or a line that ends a sentence, so hard-wrapped prose stays
        # whole while a byline or a "103 Min" line is not glued to the prose after it.
        paragraphs: list[str] = []
        current: list[str] = []
        for line in before:
            if line.strip():
                current.append(line.strip())
            if current and (not line.strip() or _ends_sentence(line)):
                paragraphs.append(" ".join(current))
                current = []
        paragraphs.append(" ".join(current))
        prose = [_BOILERPLATE.split(p, maxsplit=1)[0].strip() for p in paragraphs]
        text = "\n".join(p for p in prose if len(p.split()) >= _PROSE_WORDS and _ends_sentence(p))
        if len(text) > MAX_DESCRIPTION:
            ends = [m.end() for m in re.finditer(r"[.!?…](?=\s)", text[: MAX_DESCRIPTION + 1])]
            text = text[: ends[-1]] if ends else ""
            self.warn(None, f"description shortened to {len(text)} characters, at the last sentence that fits")
        return text


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)]")[-1:] in tuple(_SENTENCE_MARKS)


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
            read = read_time(match["clock"])
            return read[0] if read else None
    if match["h"] is None and match["m"] is None:
        return None
    return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60
