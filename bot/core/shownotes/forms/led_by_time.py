"""Led by time: `00:12 Title`, `(00:01:02) Title`, `[12:34] - Title`, `* **[05:29](#t=05:29)** Title`,
`<time>14:27</time> Title` (after HTML), ranges `00:10–05:30 Title`, glued chapters
`(00:00) Intro(03:51) Next topic`, two chapters on one line (`Intro and [04:20] Mail`), the first chapter on a
"Timestamps:" heading line, list letters counting A, B, C or any mark without a letter or digit (`🎙 00:00 Intro`) before the time (`A 11:33 Title`), a word saying the time is about or a minute (`ca. 00:12 Thema`, `Min. 12:03 Tema`), a range opened by a word (`From 20:12 to 22:57, Title`) or run to the end (`54:36 to end, Title`), and a track number before the time (`01  00:00  Artist - Track`, `02 / 02:40 / ...`). A title hard-wrapped onto an indented next line is joined. A time with
nothing after it is kept with an empty title; the finder takes the title from the line above or
below; with only a colon after it (`(00:06:15):`, a transcript's speaker going on) it is none. A
time with a dot (`• 33.56 Title`) is read only under a list mark that leads MIN_DOTTED colon times
(a warning names it); one typed loosely (dotted `07.10 –`, `00.31:55`, `19.01:`; glued `1:20Atli`; seconds
with no minutes, `:30 Title`) only in order among a list's colon times. A line with words before its first time is another form's (flattened.py,
title_first.py)."""

from __future__ import annotations

import re
from bisect import bisect

from bot.core.shownotes.labels import is_list_heading
from bot.core.shownotes.model import Found, Line
from bot.core.shownotes.scan import (
    BARE_START,
    RANGE_WORDS,
    START_WORDS,
    Token,
    blank_links,
    stands_alone,
    tokens,
    without_asides,
)
from bot.core.shownotes.titles import clean_title, without_closing_sentence

NAME = "led by time"
# A word joining two chapters on one line, left at the end of the first: "[00:03:23] Gogland и [00:14:33] ...".
_JOINING = frozenset({"and", "und", "et", "y", "e", "и", "i", "en", "og", "och", "&", "+"})
_NOT_CONTINUATION = tuple("-*+>(#|`")
# A mix's track number before the time, as a cue sheet or a DJ's track list writes it: "01", "02 /", "#3".
_TRACK_NUMBER = re.compile(r"#?\d{1,3}(?:\s{0,3}[/|])?")
# A letter marking the entries of a list in turn, A, B, C ...: "A 11:33 Title", "b) 15:57 Title".
_LETTER = re.compile(r"(?P<letter>[A-Za-z])[.)]?")
# A list's entry led by a time after its mark: "• 09:38 Sam Michel", and the same with a dot typed for
# the colon, "• 33.56 Stewart Townsend" (a price or a decimal is not under the mark of a list of times).
_LED = re.compile(r"\s{0,8}(?P<mark>[-*•●▪◦+])?\s{0,3}\d{1,3}:\d\d\b")
# Typed either way after a dotted hour (`00.31:55 – Title`), and with a colon closing the time (`19.01: Title`); the
# colon slipped otherwise too: a quote typed for it (`26‘48 Title`, `26'48`) or a space after it (`15: 30 Title`); a
# quoted list's `>` may lead them (`> 26‘48 Title`).
_DOTTED = re.compile(
    r"\s{0,8}(?P<mark>[-*•●▪◦+>])?\s{0,3}(?:(?P<hours>\d{1,2})\.)?(?P<minutes>\d{1,3})(?P<sep>[.'‘’′]|: ?)(?P<seconds>[0-5]\d):?\s"
)
# Seconds with the zero minutes left out (`:30 Title`, `:00 Intro`): read only in order among a list's spaced times.
_BARE_SECONDS = re.compile(r"\s{0,8}(?P<mark>[-*•●▪◦+])?\s{0,3}:(?P<seconds>[0-5]\d)\s")
# A time glued to the title after it (`1:20Atli Orvarssan – ...`): read only in order among a list's spaced ones.
_GLUED = re.compile(r"\s{0,8}(?P<mark>[-*•●▪◦+])?\s{0,3}(?:(?P<hours>\d{1,2}):)?(?P<minutes>\d{1,3}):(?P<seconds>[0-5]\d)(?=[^\W\d_])")
MIN_DOTTED = 3
_DOTTED_REACH = 6  # lines from a time with colons within which a dotted one in its order is of its list (HTML leaves blanks)
_FLATTENED = 3  # chapters on one line that make it a list flattened onto it (as forms/flattened.py counts them)
# A word saying what the time is, before it: about (`ca. 00:12 Thema`, `~`, `approx.`) or which minute (`Min. 12:03 – Tema`).
_TIME_WORD = re.compile(r"(?:ca|circa|approx|env|aprox|min|minute|minuto|minuta|minuut)\.?", re.I)
# A word saying the part starts at the time, leading its line: "Starts at 2:30: the news", "Beginn 2:30 – ...",
# "Ab Minute 12:30 –" (scan.START_WORDS; not a bare "at", "um", "from": "At 9:00 we met" is a clock). With no
# title after the time (`Starts at [00:22:17].`) the section's heading above is its title (title_first.py).
_STARTS = re.compile(rf"(?!{BARE_START})(?:{START_WORDS})", re.I)
_SENTENCE_WORDS = 6
# A word opening a range before its first time: "From 20:12 to 22:57, sentence.", "Von 12:00 bis 19:30: ...".
_FROM = re.compile(r"(?:from|von|ab|de|desde|dès|du|da)", re.I)
# A range running to the episode's end, written in words, a separator after it: "54:36 to end, ...", "1:02:10 bis
# zum Ende: ..." (not "19:45 - End of part one", nor "05:00 To the End of the World": titles).
_TO_THE_END = re.compile(
    r"\s{0,3}(?:to|till|until|bis|hasta)\s{1,3}(?:the\s|zum\s|el\s)?(?:end|ende|schluss|final)\s{0,3}(?=[,:;–—-])", re.I
)


def read(lines: list[Line]) -> list[Found]:
    found: list[Found] = []
    in_order: list[Found] = []  # lines led by a dotted or glued time, kept where they fall in order among colon ones (_in_order)
    dotted = _dotted_marks(lines)
    lettered = _lettered(lines)
    for index, line in enumerate(lines):
        text = blank_links(line.text)
        times = tokens(text)
        if not times:
            if dot := _dotted_match(text):
                if dot["mark"] and dot["mark"] in dotted and not dot["hours"] and dot["sep"] == ".":
                    found.append(_dotted(line, index, dot))
                else:
                    in_order.append(_dotted(line, index, dot))
            elif glued := _GLUED.match(text):
                in_order.append(_dotted(line, index, glued, "a time glued to its title, in order among the list's"))
            elif bare := _BARE_SECONDS.match(text):
                in_order.append(_dotted(line, index, bare, "seconds with no minutes written, in order among the list's"))
            continue
        lead = clean_title(text[: times[0].start])
        marked = not any(c.isalnum() for c in lead)  # a bullet of its own: "🎙 00:00 Intro", "★ 05:10 ..."
        if (
            lead
            and not marked
            and not is_list_heading(lead)
            and not _TRACK_NUMBER.fullmatch(lead)
            and not _TIME_WORD.fullmatch(lead)
            and not (_STARTS.fullmatch(lead) and any(c.isalnum() for c in text[times[0].end :]))
            and not (_FROM.fullmatch(lead) and len(times) > 1 and _in_range(text, times[0], times[1]))
            and index not in lettered
        ):
            continue
        if len(times) == 1 and text[times[0].end :].strip() == ":":
            continue  # "(00:06:15):" alone: a transcript's speaker going on after a paragraph, not a chapter
        chapters = _chapters_in(line.number, index, text, times)
        if chapters[-1].title and (more := _continuation(lines, index)):
            # Joined before links are read: a link may break across the lines (`[Rust` / `  1.70](...)`).
            whole = blank_links(f"{line.text.rstrip()} {more}")
            chapters = _chapters_in(line.number, index, whole, tokens(whole))
        found.extend(chapters)
    return _in_order(found, in_order) if in_order else found


def _in_order(found: list[Found], loose: list[Found]) -> list[Found]:
    """The list with the lines led by a time written loosely (dotted, `07.10 – Dosbox`, `01.01.10 – ENDE`;
    glued, `1:20Atli ...`) that stand among at least MIN_DOTTED lines led by a spaced time with colons,
    within _DOTTED_REACH lines of one of the list's entries, and fall in order between the entry above
    and the colon time below them: one list typed both ways. A number out of that order (a date, a price)
    is none. One pass down the lines."""
    colons = sorted((c.index, c.start) for c in found if c.index is not None and ":" in c.time)
    if len(colons) < MIN_DOTTED:
        return found
    positions = [index for index, _ in colons]
    far = (-_DOTTED_REACH - 1, -1)
    kept: list[Found] = []
    for chapter in sorted(loose, key=lambda c: c.index or 0):
        place = bisect(positions, chapter.index)
        above = max(colons[place - 1] if place else far, (kept[-1].index, kept[-1].start) if kept else far)
        below = colons[place] if place < len(colons) else None
        near = min(chapter.index - above[0], below[0] - chapter.index if below else _DOTTED_REACH + 1)
        if near <= _DOTTED_REACH and above[1] < chapter.start and (below is None or chapter.start < below[1]):
            kept.append(chapter)
    return sorted([*found, *kept], key=lambda chapter: chapter.index or 0) if kept else found


def _dotted_marks(lines: list[Line]) -> set[str]:
    """The list marks (`•`, `-`, ...) that lead at least MIN_DOTTED lines with a time written with
    colons, and fewer with a dot: a line under such a mark led by `33.56` is one of that list, its
    `.` typed for `:` (a slip; a list written with dots is a list of something else)."""
    colons: dict[str, int] = {}
    dots: dict[str, int] = {}
    for line in lines:
        if (led := _LED.match(line.text)) and led["mark"]:
            colons[led["mark"]] = colons.get(led["mark"], 0) + 1
        elif dot := _dotted_match(line.text):
            dots[dot["mark"]] = dots.get(dot["mark"], 0) + 1
    return {mark for mark, count in colons.items() if count >= MIN_DOTTED and dots.get(mark, 0) < count}


def _dotted_match(text: str) -> re.Match[str] | None:
    """A line led by a time written with a dot somewhere (`07.10`, `00.31:55`, `19.01:`); one with colons only is tokens'."""
    dot = _DOTTED.match(text)
    return dot if dot and (dot["hours"] or dot["sep"] != ":") else None


def _lettered(lines: list[Line]) -> set[int]:
    """The lines led by a letter, then a time, whose letters count A, B, C ... from A (or a): list
    marks (`A 11:33 Title`, `B 15:57 Title`); a lone `A 10:00 ...` is a sentence."""
    marked: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        text = blank_links(line.text)
        times = tokens(text) if len(text) > 2 and text.lstrip()[1:2] in " .)" else []
        if times and (letter := _LETTER.fullmatch(text[: times[0].start].strip())):
            marked.append((index, letter["letter"]))
    kept: set[int] = set()
    run: list[int] = []
    for place, (index, letter) in enumerate(marked):
        if letter in "Aa":
            run = [index]
        elif run and letter == chr(ord(marked[place - 1][1]) + 1):
            run.append(index)
        else:
            run = []
        if len(run) >= 2:
            kept.update(run)
    return kept


def _dotted(line: Line, index: int, dot: re.Match[str], how: str = "") -> Found:
    """The chapter of a line led by a time written loosely: with dots (`07.10 – Title`) or glued (how says so)."""
    parts = dot.groupdict()
    hours = f"{parts['hours']}:" if parts.get("hours") else ""
    minutes = parts.get("minutes") or "0"
    time = f"{hours}{minutes}:{parts['seconds']}"
    slip = "a space after ':'" if parts.get("sep") == ": " else f"a {parts.get('sep')!r} typed for ':'"
    note = f"{time} read as {how}" if how else f"{_typed(parts)} read as {time}, {slip} (the list's other times have ':')"
    seconds = int(parts.get("hours") or 0) * 3600 + int(minutes) * 60 + int(parts["seconds"])
    return Found(line.number, seconds, clean_title(line.text[dot.end() :]), time, note, None, index)


def _typed(parts: dict[str, str | None]) -> str:
    hours = f"{parts['hours']}." if parts.get("hours") else ""
    return f"{hours}{parts['minutes']}{parts['sep']}{parts['seconds']}"


def _chapters_in(number: int, index: int, text: str, times: list[Token]) -> list[Found]:
    times = without_asides(text, times)
    first = times[0]
    rest = times[1:]
    end = first.end
    range_end = None
    if rest and _in_range(text, first, rest[0]):
        end, range_end = rest[0].end, rest[0].seconds  # a range: the chapter starts at its first time
        rest = rest[1:]
    elif to_the_end := _TO_THE_END.match(text, first.end):
        end = to_the_end.end()
    starts = [(first, end)]
    for token in rest:
        if token.bracket == first.bracket and (token.bracket or stands_alone(text, token)):
            starts.append((token, token.end))
    chapters = []
    raw = [text[title_start : starts[place + 1][0].start if place + 1 < len(starts) else len(text)] for place, (_, title_start) in enumerate(starts)]
    if len(raw) >= _FLATTENED:  # a list flattened onto the line: a sentence after its last title is none of it
        raw[-1] = without_closing_sentence(raw[-1], raw[:-1])
    for place, (token, title_start) in enumerate(starts):
        title = clean_title(raw[place], ends_line=place + 1 == len(starts))
        head, _, joining = title.rpartition(" ")
        if place + 1 < len(starts) and head and joining.casefold() in _JOINING:
            title = clean_title(head)
        end = range_end if place == 0 else None
        chapters.append(Found(number, token.seconds, title, token.time, token.repair, end, index))
    return chapters


def _in_range(text: str, first: Token, second: Token) -> bool:
    return text[first.end : second.start].strip().casefold() in RANGE_WORDS


def _continuation(lines: list[Line], index: int) -> str:
    """The rest of a title hard-wrapped onto the next lines, indented under it (Markdown lists), as
    written: each line on while the one before ends mid-sentence. A sentence of its own starting with
    a capital (`  Rene collected more links for the trip:`) is a note under the entry, not its title."""
    line = lines[index].text
    indent = len(line) - len(line.lstrip())
    parts: list[str] = []
    for following in lines[index + 1 :]:
        stripped = following.text.strip()
        if (
            not stripped
            or len(following.text) - len(following.text.lstrip()) <= indent
            or stripped.startswith(_NOT_CONTINUATION)
            or tokens(blank_links(following.text))
            or line.rstrip().endswith((".", "!", "?", ":"))
            or (stripped[0].isupper() and _is_sentence(stripped))
        ):
            break
        parts.append(stripped)
        line = following.text
    return " ".join(parts)


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= _SENTENCE_WORDS and text.endswith((".", "!", "?", ":"))
