"""read_chapters: the chapter list of a description (plain text, Markdown or HTML), found, read in
its form, placed in order, titled and kinded; every repair and drop a warning naming its line. A
credit line or disclaimer glued to the last title (line breaks lost) is cut off it, and so is the
opening of a next time that a feed's length limit cut off (`... nuevo país(33:`); the full stop
ending the last item of a list punctuated like a sentence (`Intro;` ... `Letters.`) is no part of it."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.episodes import Chapter, format_timestamp
from bot.core.episodes.format import MAX_SUMMARY, MAX_TITLE
from bot.core.shownotes.finder import find_list
from bot.core.shownotes.kinds import kinds
from bot.core.shownotes.list_times import read_list_times
from bot.core.shownotes.model import ChapterList, Found, Line, Notes
from bot.core.shownotes.scan import more_times_than
from bot.core.shownotes.text import lines_of
from bot.core.shownotes.times import place
from bot.core.shownotes.titles import clean_title

_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_SHORTEST_CUT = 20  # a cut title shorter than this has lost what it was about
_CLAUSE_MARKS = " ,;:–-—(/"  # left off a title cut after a word, before its `…`
# What follows a list on its last line, glued to the last title when line breaks were lost ("Special
# Guest: Name." is the credit line a hosting platform, Fireside, adds under every episode's notes).
_AFTER_LIST = re.compile(
    r"\b(?:(?:title card )?photo credit|disclaimer|follow (?:us|me)|learn more about your ad choices"
    r"|(?:produced|edited|mixed|music|sponsored|presented) by|brought to you by|special guests?(?=:)|sponsors?(?=:))\b",
    re.I,
)
# The next entry's time cut off where a feed or an API ended the text (`... nuevo país(33:`).
_CUT_OFF_TIME = re.compile(r"(?<=\S)\s?[(\[]\d{1,2}:?\d?$")
# A last chapter that is itself the credits ("Music – Beautiful Music by Paradigm X"): nothing glued to cut.
_CREDIT_CHAPTER = re.compile(r"(?:music|musik|musique|música|credits?|outro music)\b", re.I)
MIN_LISTED = 3  # numbered titles that make a numbered list
NO_LIST = "no chapter list found: expected lines like '(00:12:34) Title' or '12:34 Title'"
# A length in brackets after a title, the time its part runs (`Meditation (7 min)`, `Class (2 hrs, 15 Min)`,
# `Rückblick (ca. 10 Min.)`, `开场（19分钟）`): no title text, as the start before it says where the part is.
_LENGTH_AFTER_TITLE = re.compile(
    r"\s{0,3}[(（]\s{0,2}(?:(?:ca\.|approx\.|about|etwa|~|约|約)\s{0,2})?"
    r"(?:\d{1,3}(?:[:.,]\d{1,2})?\s{0,2}(?:hours?|hrs?|h|std|stunden|minutes?|minuten|mins?|m|seconds?|secs?|s|小时|分钟|分|秒)\.?"
    r"(?:\s{0,2},?\s{0,2}(?:and|und)?\s{0,2})?){1,3}[)）]$",
    re.I,
)
# A track's or an item's number opening its title, with no mark after it (`3 Artist - Track (1:34)`).
_BARE_NUMBER = re.compile(r"(\d{1,3})\s{1,3}(?=[^\W\d])")
_NUMBERED_SHARE = 2  # numbers are the list's when at least one title in this many opens with one ...
_NEXT_NUMBER_SHARE = 3 / 2  # ... rising, and by one in at least two steps of three (a few entries unnumbered or cut)
# More times than this in one text: a transcript, subtitles or a log, never one episode's chapters
# (the longest list met has 66). Refused before reading, so such a file costs one scan.
MAX_TIMES = 2_000


def read_chapters(text: str, *, duration: int | None = None) -> ChapterList:
    notes = Notes()
    lines = lines_of(text, notes)
    return chapters_of(text, lines, notes, duration)


def chapters_of(text: str, lines: list[Line], notes: Notes, duration: int | None) -> ChapterList:
    """The chapter list of `lines` (the text as numbered lines); notes gathers the warnings."""
    if more_times_than(text, MAX_TIMES):
        why = f"more than {MAX_TIMES:,} times: a transcript, subtitles or a log, not one episode's chapters"
        return ChapterList((), notes.as_strings(), f"{NO_LIST} ({why})")
    found_list = find_list(text, lines, notes)
    if found_list is None:
        return ChapterList((), notes.as_strings(), NO_LIST)
    form, found = found_list
    untitled = sum(not chapter.title for chapter in found)
    if untitled * 2 > len(found):
        # Times without titles (a photo timeline, links under each time) tell a reader nothing.
        return ChapterList((), notes.as_strings(), f"{NO_LIST} ({untitled} of {len(found)} times have no title)", form)
    found = _without_list_stops([*found[:-1], _without_trailer(found[-1], notes)], lines, notes)
    found = _without_lengths(_without_list_numbers(found, notes), notes)
    for chapter in found:
        if chapter.repair:
            notes.add(chapter.line, chapter.repair)
    found = read_list_times(found, notes)
    found = [c for c in found if _readable(c, notes)]
    cut_at_words = sum(_unbroken(c.title) for c in found) * 2 <= len(found)
    found = [titled for chapter in found if (titled := _titled(chapter, notes, cut_at_words))]
    found = [_fitted(chapter, notes) for chapter in place(found, notes, duration)]
    if duration is not None:
        found = [chapter for chapter in found if _within(chapter, duration, notes)]
    if len(found) < 2:
        problem = f"{NO_LIST} (a list was found but {len(found)} of its chapters could be placed)"
        return ChapterList((), notes.as_strings(), problem, form)
    chapter_kinds = kinds([c.start for c in found], [c.title for c in found], duration)
    chapters = tuple(Chapter(c.start, c.title, kind, c.summary) for c, kind in zip(found, chapter_kinds, strict=True))
    first_line = min((c.line for c in found if c.line is not None), default=None)
    return ChapterList(chapters, notes.as_strings(), None, form, first_line)


def _without_trailer(last: Found, notes: Notes) -> Found:
    """The last chapter without a credit line or disclaimer glued to its title (`... LinkedIn Photo Credit: ...`)."""
    if cut_off := _CUT_OFF_TIME.search(last.title):
        notes.add(last.line, f"{cut_off[0].strip()!r} after the last chapter's title is the start of a time cut off with the text; left out")
        last = replace(last, title=clean_title(last.title[: cut_off.start()]))
    cut = _AFTER_LIST.search(last.title)
    if cut is None or not clean_title(last.title[: cut.start()]) or _CREDIT_CHAPTER.match(last.title):
        return last
    notes.add(last.line, f"{last.title[cut.start() :][:40]!r}... after the last chapter's title is not part of it; cut")
    return replace(last, title=clean_title(last.title[: cut.start()]))


def _without_list_numbers(found: list[Found], notes: Notes) -> list[Found]:
    """Titles without the numbers of a numbered list (`1 intro`, `2 eye of the tiger theme`, ... `44 L Plus -
    Nite alive`): numbers opening the titles that rise, mostly by one, count the entries. A lone number is
    the title's own (`2 Broke Girls`), and so are numbers that do not count up."""
    numbered = [(chapter, number) for chapter in found if (number := _BARE_NUMBER.match(chapter.title))]
    values = [int(number[1]) for _, number in numbered]
    steps = [later - earlier for earlier, later in zip(values, values[1:])]
    if len(numbered) < MIN_LISTED or len(numbered) * _NUMBERED_SHARE < len(found) or min(steps) < 1:
        return found
    if steps.count(1) * _NEXT_NUMBER_SHARE < len(steps):
        return found
    notes.add(numbered[0][0].line, f"numbers opening {len(numbered)} titles ({values[0]}, {values[1]}, ...) read as the list's numbering; left out")
    cuts = {id(chapter): number.end() for chapter, number in numbered}
    return [replace(c, title=c.title[cuts[id(c)] :]) if id(c) in cuts else c for c in found]


def _without_lengths(found: list[Found], notes: Notes) -> list[Found]:
    """Titles without the length in brackets after them (`Meditation (7 min)`); one warning, at the first."""
    lengths = [(chapter, cut) for chapter in found if (cut := _LENGTH_AFTER_TITLE.search(chapter.title)) and cut.start()]
    if not lengths:
        return found
    first, cut = lengths[0]
    notes.add(first.line, f"{cut[0].strip()!r} after a title read as the length of its part, not its title; left out of {len(lengths)} title(s)")
    cuts = {id(chapter): cut.start() for chapter, cut in lengths}
    return [replace(c, title=clean_title(c.title[: cuts[id(c)]])) if id(c) in cuts else c for c in found]


def _without_list_stops(found: list[Found], lines: list[Line], notes: Notes) -> list[Found]:
    """Titles without the full stop (or the colon over a sub-list) of list punctuation, when a third of the list's lines end with
    `;` (its `;` are already gone, as separators, from every title)."""
    ends = [lines[c.index].text.rstrip()[-1:] if c.index is not None else "" for c in found]
    if len({c.index for c in found}) < len(found) or ends.count(";") * 3 < max(len(found), 6):
        return found  # several chapters on one line, a structured form, or no list punctuation
    stops = [c for c, end in zip(found, ends, strict=True) if end in ".:" and c.title.endswith(end) and not c.title.endswith("..")]
    if stops:
        notes.add(stops[0].line, f"{stops[0].title[-1]!r} after a title read as the list's punctuation (its items end with ';'); left out")
    return [replace(c, title=c.title[:-1].rstrip()) if c in stops else c for c in found]


def _readable(chapter: Found, notes: Notes) -> bool:
    if chapter.start >= 0:
        return True
    why = "is not a time (minutes and seconds run to 59)"
    notes.add(chapter.line, f"{chapter.time!r} {why}; chapter {chapter.title!r} dropped")
    return False


def _titled(chapter: Found, notes: Notes, cut_at_words: bool) -> Found | None:
    """The chapter with a title that fits a Discord reply: a long one (a paragraph after its time, a
    listener's question) cut after its last sentence that fits, the whole paragraph kept as the
    chapter's summary (searched, never lost). A long title with no sentence end within reach is cut
    after its last whole word (`…`) when such titles are at most half the list (cut_at_words): a list
    of short topics with one long run of names keeps that moment. When most of the list is such
    paragraphs, they are a transcript's turns more often than topics: None, with a warning."""
    if not chapter.title:
        notes.add(chapter.line, f"chapter at {chapter.time} has no title; dropped")
        return None
    if len(chapter.title) <= MAX_TITLE:
        return chapter
    summary = _cut(chapter.title, MAX_SUMMARY)
    kept = "; the whole text kept as its summary" if summary else ""
    if end := _sentence_cut(chapter.title):
        notes.add(chapter.line, f"chapter at {chapter.time}: title of {len(chapter.title)} characters cut after a sentence{kept}")
        return replace(chapter, title=chapter.title[:end].strip(), summary=summary)
    if cut_at_words:
        head = chapter.title[: MAX_TITLE - 1]  # room for the `…`
        words = head.rsplit(None, 1)[0]
        title = (words if len(words) >= _SHORTEST_CUT else head).rstrip(_CLAUSE_MARKS) + "…"
        notes.add(chapter.line, f"chapter at {chapter.time}: title of {len(chapter.title)} characters without a sentence end cut after a word{kept}")
        return replace(chapter, title=title, summary=summary)
    notes.add(
        chapter.line,
        f"chapter at {chapter.time} has a title of {len(chapter.title)} characters (at most {MAX_TITLE} fit "
        "in a Discord reply, no sentence end to cut after, and most of the list is such paragraphs); dropped",
    )
    return None


def _unbroken(title: str) -> bool:
    """Whether a title is too long for a reply and has no sentence end to cut it after."""
    return len(title) > MAX_TITLE and not _sentence_cut(title)


def _sentence_cut(title: str) -> int:
    """Where the last sentence that fits a reply's title ends, or 0 when none long enough does."""
    ends = [m.end() for m in _SENTENCE_END.finditer(title[: MAX_TITLE + 1]) if m.end() <= MAX_TITLE]
    return ends[-1] if ends and ends[-1] >= _SHORTEST_CUT else 0


def _cut(text: str, limit: int) -> str:
    """The text, or as many of its sentences as fit in limit characters."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text[: limit + 1]) if m.end() <= limit]
    return text[: ends[-1]].strip() if ends else ""


def _fitted(chapter: Found, notes: Notes) -> Found:
    """Topics joined at one time ("A; B; C") keep as many as fit a reply."""
    if len(chapter.title) <= MAX_TITLE:
        return chapter
    title = chapter.title[: MAX_TITLE + 2].rsplit("; ", 1)[0]  # each topic alone fits: the first is kept
    notes.add(chapter.line, f"chapter at {chapter.time}: joined titles cut to {len(title)} characters")
    return replace(chapter, title=title)


def _within(chapter: Found, duration: int, notes: Notes) -> bool:
    if chapter.start < duration:
        return True
    why = f"starts after the episode ends ({format_timestamp(duration)})"
    notes.add(chapter.line, f"chapter at {chapter.time} {chapter.title!r} {why}; dropped")
    return False
