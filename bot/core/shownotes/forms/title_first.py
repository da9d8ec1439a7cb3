"""Title first: `Title (12:34)`, `Title — 12:34`, `- **Title**: 00:00`, `### Title (4:30~)`, ranges
`5. Quiet Harbour (02:10–09:45)` (countdowns, rankings), and
`Topic [m:ss]; Topic [h:mm:ss]; ...` flattened into one paragraph, also as a sentence, one item a
line or flattened: `Topic [1:45];` ... `Last topic [48:00]; and` `More.` (a bracketed time may end
its line with the list's separator and a joining word, and the list close on a few untimed words,
`...; and more.`; the joining word is no part of the next title). Every time on the line must end
it or be followed by a list separator (or a bullet glued to the next entry, `Guest (12:15) *Band (42:15)`),
so `Speaker (00:00):` transcript turns and times cited in prose (`... the meeting for 3:00.`) are not
chapters, nor rows of a table of times (a title holding a time; a time of day, `10:00 am`, is words). The one exception: a few words after
the time of a line inside a list of plain ones (`News [25:41] GodBlock` between `Prison [02:35]` and
`Outro [45:14]`) are a link's text, left out with a warning; and a line of two entries or more inside
such a list, each time bracketed, the last ending the line, is its entries with the line break between
them lost (`Why sleep matters [02:15] Light in the morning [10:30]`), read with a warning. A word joining the time to its title is
no part of the title (`Fazit ab 1:02:00`, `Links und News (ab 1:14)`, `(Beginn: 0:20 min)`; scan.START_WORDS,
one table for every language), nor is the part the time is in (`(Teil 1, ab 3:55 Min.)`, `(1, 27:59)`); a lead
whose start stands in brackets after it, a description after a colon or dash, is titled by the lead
(`Suck [ab ca. Minute 01:45]: Eine ...`), with a warning. A line that only says when the
section above starts (`Starts at [00:22:17].` under `## Libraries`, `Ab 00:19:45.`) is titled by the
heading above it, with a warning; so is a time alone on its line between plain lines of the list
(`Cut Chemist - The Garden` above `41:10`): the entry's line broken before its time. A label before the time (`Bonus: 31:12 Why we sleep`) and the words
after it are one title. Titles numbered 1, 2, 3 ... by a bare number lose the number (a list mark). On a line of
entries joined by `|`, `;` or `•`, the text before the first timed entry's own separator is untimed entries
(`Cold open | Harbour vote (starts at 12:10) | ...`): no chapters, nor part of the first title."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.shownotes.labels import is_list_heading, is_not_chapter
from bot.core.shownotes.model import Found, Line
from bot.core.shownotes.scan import (
    BARE_START,
    CJK,
    CLOCK_AFTER,
    START_WORDS,
    STARTS_AFTER,
    Token,
    blank_links,
    tokens,
    with_ranges,
)
from bot.core.shownotes.titles import JOINING_WORD, clean_title, untimed_entries_end, without_joining_word

NAME = "title first"
_AFTER_TIME = " \t\u00a0~)]*_.。"
_LIST_SEPARATORS = ";,|·•/"
_UNTIMED_NOTE = "{!r}, before the first timed entry of the line, has no time: no chapter"
# A bullet glued to the next entry of a list flattened onto one line: "Guest (12:15) *Band (42:15)".
_BULLET = re.compile(r"[)\]]?\s{1,3}\*(?=[^\s*])")
# Words joining a title to its time: "Advice starts at 52:26", "Intro @ 0:00", "Fazit ab 1:02:00",
# also inside the brackets of the time: "Links und News (ab 1:14)", "Q&A (from 41:10)".
_CONNECTOR = re.compile(rf"(?:^|\s|(?<=[\s*_])[(\[]|[（［]|(?<=[{CJK}]))(?:{START_WORDS})[\s\[(*_]{{0,6}}$", re.I)  # "(Beginn: 0:20 min)"
# The words saying it after the time, before what closes its brackets: "（从02:30开始）", "（2:30から）".
_STARTS_AFTER = re.compile(rf"{STARTS_AFTER}(?=[\s)）\]］]|$)")
# A word that joins a time to the sentence before it: "... I've scheduled the meeting for 3:00." is prose.
_CITED = re.compile(r"\s(?:for|by|until|till|to|since|around|before|after|bis|seit|vers|hasta)\s{1,3}$", re.I)
# A title that holds a time itself is a row of a table of times ("Temps au KM 5 :00:24:40   24:50",
# split times against a plan), not a chapter.
# What may follow the bracketed time closing a line of such a list: its separator, a joining word,
# and the list's untimed last item of a few words (`[48:00]; and`, `[48:00]; and More.`).
_CLOSING = re.compile(rf"[;,](?:\s{{0,3}}{JOINING_WORD}(?:\s{{1,3}}[^\s\d:]+){{0,6}})?")
_HOLDS_TIME = re.compile(r"\d:[0-5]\d\b")
_ORDINAL = re.compile(r"(\d{1,2})\s{1,3}(?=\S)")
_LABEL_END = re.compile(r"(?<!\s)[:：]\s{0,3}$")  # a label's colon glued to it, right before the time
_WRAPPED_NOTE = "time alone on its line read as the time of {} above it (the line broken before the time)"
_GLUED_NOTE = "no separator after this entry's time: the next entry on its line read as a chapter of its own (a line break lost)"
_DESCRIBED_NOTE = "{!r} titled by its lead before the time; {!r}... after it read as its description"
# What opens a description after a lead's start: "]: Eine Vampirkomödie", ") – what it covers".
_DESCRIPTION = re.compile(r"[:–—-]\s{0,3}\w")
# Which part a time is in, before it inside its brackets: `(Teil 1, ab 3:55 Min.)`, `(1, 27:59)`, `(part 2, 4:10)`.
_IN_BRACKET = re.compile(r"\s{0,3}[(\[](?:[^\W\d_]{1,10}\s{1,3})?\d{1,2},\s{0,3}$")
# ... and a note after the time in its brackets, closing the line: `(1, 64:23, Weiter in Teil 2)`, `(12:30, with Dana)`.
_BRACKET_NOTE = re.compile(r",\s{0,3}[^()\[\]:]{1,40}[)\]]\s{0,3}")
_BARE_START = re.compile(BARE_START, re.I)
_JOINED_NEXT = re.compile(rf"{JOINING_WORD}\s")  # "... (starts at 12:10) and your questions (starts at 35:40)."
_HEADING_WORDS = 15
_TRAILER_WORDS = 6  # words after a title-first time that can be a link's text (`News [25:41] GodBlock`)
_LIST_GAP = 2  # lines of text between two timed lines of one list
_ABOVE = 12  # how many blank lines a "Starts at" line looks past for its heading (HTML leaves many)


def _holds_time(title: str) -> bool:
    """Whether a title holds a time of a table's row; a time of day in it (`ohp 10:00 am`) is its words."""
    return any(CLOCK_AFTER.match(title, held.end()) is None for held in _HOLDS_TIME.finditer(title))


def read(lines: list[Line]) -> list[Found]:
    found: dict[int, list[Found]] = {}  # by the position of their line
    trailed: dict[int, Found] = {}  # chapters of lines with a few words after their time (see _trailed)
    glued: dict[int, list[Found]] = {}  # chapters of lines holding two entries or more (see _glued)
    wrapped: dict[int, list[Found]] = {}  # times alone on their line, titled by the line above (see _trailed)
    for position, line in enumerate(lines):
        text = blank_links(line.text)
        times = tokens(text)
        if not times:
            continue
        chapters: list[Found] = []
        title_start = 0
        pairs = with_ranges(text, times)
        two_or_more = _glued(text, pairs)
        glued_line = False  # an entry of the line ran into the next with no separator
        for index, (token, range_end) in enumerate(pairs):
            last = index + 1 == len(pairs)
            stop = (range_end or token).end
            following = len(text) if last else pairs[index + 1][0].start
            after = text[stop:following].strip(_AFTER_TIME)
            if starts_after := _STARTS_AFTER.match(after):
                after = after[starts_after.end() :].strip(_AFTER_TIME + "）］")
            in_brackets = token.bracket != "" or _IN_BRACKET.search(text, title_start, token.start) is not None
            ends_its_chapter = (
                (not after or (token.bracket != "" and _CLOSING.fullmatch(after) is not None)
                 or (in_brackets and _BRACKET_NOTE.fullmatch(text, stop) is not None))
                if last
                else after[:1] in tuple(_LIST_SEPARATORS) or _BULLET.match(text, stop)
                # a list written as a sentence: "the news (starts at 2:30), the interview (starts at 12:10) and your ..."
                or (_JOINED_NEXT.match(after) is not None and _started_in_brackets(text[title_start : token.start], token, bare=False))
            )
            raw = text[title_start : token.start]
            untimed_note = None
            if index == 0 and not last and (cut := untimed_entries_end(raw, after[:1])):
                untimed_note = _UNTIMED_NOTE.format(clean_title(raw[:cut])[-40:])
                raw = raw[cut:]
            title = clean_title(_IN_BRACKET.sub("", _CONNECTOR.sub("", without_joining_word(raw) if index else raw)), before_time=True)
            if len(pairs) == 1 and not title and _CONNECTOR.fullmatch(text[: token.start].lstrip(" *_-")):
                chapters = _starts_at(lines, position, token, "time after {} read as the start of that section")
                break
            if len(pairs) == 1 and not title and not after and not text[: token.start].strip(" *_-"):
                # A time alone on its line: the time of the title above, wrapped onto a line of its own.
                wrapped[position] = _starts_at(lines, position, token, _WRAPPED_NOTE)
                break
            heading, _, rest = title.partition(": ")
            if index == 0 and rest and is_list_heading(heading):
                title = rest  # "Topics: Welcome [0:00]; ..."
            cited = _CITED.search(text, max(0, token.start - 12), token.start) is not None
            if not title or cited or is_not_chapter(title) or _holds_time(title):
                chapters = []
                break
            label = _LABEL_END.search(text, 0, token.start) if len(pairs) == 1 and not ends_its_chapter else None
            if label and not is_list_heading(title):
                # A label before the time, the entry after it (`衍生问题：31:12 祝谢可能只是...？`): one title.
                colon = label[0].strip()
                joined = f"{title.rstrip(':：')}{colon}{'' if colon == '：' else ' '}{clean_title(after)}"
                chapters.append(Found(line.number, token.seconds, joined, token.time, token.repair, None, position))
                break
            if not ends_its_chapter and len(pairs) == 1 and _described(raw, token, after, title):
                # A lead, its start in brackets, then what it is about: `Suck [ab ca. Minute 01:45]: Eine ...`.
                note = _DESCRIBED_NOTE.format(title[:40], clean_title(after)[:40])
                chapters.append(Found(line.number, token.seconds, title, token.time, token.repair or note, None, position))
                break
            if not ends_its_chapter and two_or_more:
                glued_line = True
            elif not ends_its_chapter:
                if len(pairs) == 1 and 0 < len(after.split()) <= _TRAILER_WORDS and after[-1:] not in ".!?:":
                    note = f"{after[:40]!r} after the time of {title[:40]!r} read as a link, not part of the title"
                    trailed[position] = Found(line.number, token.seconds, title, token.time, token.repair or note, None, position)
                chapters = []
                break
            end = range_end.seconds if range_end else None
            note = token.repair or (_GLUED_NOTE if not ends_its_chapter else untimed_note)
            chapters.append(Found(line.number, token.seconds, title, token.time, note, end, position))
            title_start = stop  # the separator after it is cleaned off the next title
        if chapters and glued_line:
            glued[position] = chapters
        elif chapters:
            found[position] = chapters
    # Lines read only inside a list of plain ones, in turn: each joins the list the ones before it made.
    for inside in ({p: [chapter] for p, chapter in trailed.items()}, glued, {p: chapters for p, chapters in wrapped.items() if chapters}):
        for position in _trailed(lines, sorted(found), sorted(inside)):
            found[position] = inside[position]
    return _without_ordinals([chapter for position in sorted(found) for chapter in found[position]])


def _described(raw: str, token: Token, after: str, title: str) -> bool:
    """Whether a line is a lead, a start word saying where it starts in brackets, and a description of
    it after a colon or dash (`Suck [ab ca. Minute 01:45]: Eine Vampirkomödie ...`, `Q&A (from 41:10) –
    your questions`): the lead of a few words is the title, however long the description."""
    return _started_in_brackets(raw, token) and _DESCRIPTION.match(after) is not None and 0 < len(title.split()) <= _HEADING_WORDS


def _started_in_brackets(raw: str, token: Token, bare: bool = True) -> bool:
    """Whether a start word introduces the time right after `raw`, the two in brackets: `[ab ca. Minute 01:45]`,
    `(starts at 2:30)`; with bare False, not a bare `at` or `from` (`We met (at 9:00) and then ...` is a clock)."""
    lead = _CONNECTOR.search(raw)
    if lead is None or (not bare and _BARE_START.fullmatch(lead[0].strip(" \t([*_（［"))):
        return False
    return token.bracket != "" or any(mark in lead[0] for mark in "([（［")


def _glued(text: str, pairs: list[tuple[Token, Token | None]]) -> bool:
    """Whether a line holds two entries or more with no separator between them, where a line break
    was lost (`Why sleep matters [02:15] Light in the morning [10:30]`): every time bracketed, the
    last ending the line. Read only inside a list of plain lines (_trailed), never alone: in prose a
    bracketed time may well be followed by more of the sentence."""
    last = pairs[-1][1] or pairs[-1][0]
    return len(pairs) >= 2 and all(token.bracket for token, _ in pairs) and not text[last.end :].strip(_AFTER_TIME)


def _without_ordinals(chapters: list[Found]) -> list[Found]:
    """Titles numbered in turn by a bare number (`1 Nietzsche on decline 00:49`, `2 Seekers 51:44`),
    counting 1, 2, 3 ... down the list: the numbers are list marks, no part of the titles. A lone
    number (`3 Dinge, die ...`) or numbers out of turn stay."""
    numbered = [(place, ordinal) for place, chapter in enumerate(chapters) if (ordinal := _ORDINAL.match(chapter.title))]
    if len(numbered) < 2 or [int(ordinal[1]) for _, ordinal in numbered] != list(range(1, len(numbered) + 1)):
        return chapters
    result = list(chapters)
    for place, ordinal in numbered:
        result[place] = replace(chapters[place], title=chapters[place].title[ordinal.end() :])
    return result


def _trailed(lines: list[Line], plain: list[int], trailed: list[int]) -> list[int]:
    """The lines with a few words after their time (`News [25:41] GodBlock`, a link's text that lost
    its tag) that stand inside a list of plain ones (`Prison [02:35]` above, `Outro [45:14]` below),
    with at most _LIST_GAP lines of text between two timed lines: the words are a link, the entry a chapter."""
    timed = sorted({*plain, *trailed})
    plain_set = set(plain)
    kept: list[int] = []
    pending: list[int] = []  # trailed lines since the last plain one of the current stretch
    seen_plain = False
    for previous, position in zip([None, *timed], timed):
        if previous is not None and sum(bool(line.text.strip()) for line in lines[previous + 1 : position]) > _LIST_GAP:
            pending, seen_plain = [], False
        if position in plain_set:
            if seen_plain:
                kept.extend(pending)
            pending, seen_plain = [], True
        else:
            pending.append(position)
    return kept


def _starts_at(lines: list[Line], position: int, token: Token, how: str) -> list[Found]:
    """The chapter of a line saying only when a section starts, or holding only a time, titled by the
    line above it (past blank lines), if that line holds no time: the section's heading, or the entry
    whose time was wrapped onto a line of its own. `how` is the note, `{}` standing for that line."""
    for above in range(position - 1, max(-1, position - 1 - _ABOVE), -1):
        text = blank_links(lines[above].text)
        if not text.strip():
            continue
        title = clean_title(text)
        if tokens(text) or not title or len(title.split()) > _HEADING_WORDS or title.endswith((".", "!", "?")):
            return []  # a time, or a sentence of prose: no heading
        note = how.format(repr(text.strip()[:40]))
        return [Found(lines[position].number, token.seconds, title, token.time, token.repair or note, None, position)]
    return []
