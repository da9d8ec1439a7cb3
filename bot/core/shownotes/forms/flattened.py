"""Flattened: a whole chapter list on one line, as apps, aggregators and scrapers leave a description
whose line breaks they dropped: `... and naps. 00:00 Intro 02:15 Why sleep matters 10:30 Light`,
entries joined by `; `, ` – `, ` | `, `•`, or titles first: `Metformin [8:00]; Getting a dog [15:45]`.

A line with at least three times in order (a slip aside; two, on a line beside such a line and in
order with it: a list broken into a few long lines) that stand apart from the words around them
(spaces, separators or brackets), no more than a title's words apart, is split at them. Whether titles follow or precede
their times is decided once for the line: a line that ends with a time has its titles first; else
the side of the times the separators between entries stand on decides (`Intro; 03:12` titles
follow, `Abertura (00:00), O que` titles first, and so does a colon before a time, `Topic: 2:45 - 7:15`;
a dash does not vote: `00:00 – Intro` puts one between a time and its own title); else titles follow. Prose before a list led by time is left out;
before a list of titles first, the first title starts after the last sentence. After the last
title of a separated list, the text past the next separator or a gap of spaces is not part of it, nor,
after the last title led by its time, a sentence after its own (`Questions. Thanks for listening!`);
with no separator to vote, a title before the first time and one sentence after the last make the
titles first (`Intro (00:00) ... Questions (48:10) Thanks for listening!`). Each line read so,
unless a list heading announces it, is one warning naming it (a guess a moderator may check).
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.shownotes.labels import is_list_heading
from bot.core.shownotes.model import Found, Line
from bot.core.shownotes.scan import Token, blank_links, tokens, with_ranges, without_asides
from bot.core.shownotes.titles import (
    SENTENCE_BREAK,
    clean_title,
    untimed_entries_end,
    without_closing_sentence,
    without_joining_word,
)

NAME = "flattened"
MIN_TIMES = 3
ANNOUNCED_TIMES = 2  # after a list heading ("Outline * (00:00) Intro * (00:44) ..."), two times are a list
_IN_ORDER = 4  # at most one time in this many may run backwards (a slip); more: no list
_TITLE_WORDS = 16  # more words between two times: prose, not a list
# With the full-width `；` `，` `、` `｜` a Chinese or Japanese list joins its entries with.
_SEPARATORS = ";|•·,–—-/；，、｜"
_LIST_MARKS = ";|•·,/；，、｜"  # the separators that only ever stand between entries
_APART = " \t\u00a0\u3000" + _SEPARATORS + ":"  # with the ideographic space CJK text sets after a time
# A character of Chinese or Japanese text (with its full-width punctuation) that a time may follow unspaced.
_CJK_BEFORE = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
_CLOSING = ("Pe", "Pf")  # a closing bracket or quotation mark: `“转折点”00:09:00`
# A time cited in prose: "... at 22:10 we change our minds" (the word before it joins it to the sentence).
_CITED = re.compile(r"(?:^|\s)(?:at|by|from|until|to|since|around|before|after|um|ab|bis|seit|à|vers|dès|desde|a las|hasta)$", re.I)
# Where the first title of a list of titles first starts: after the prose sentence or heading before it.
_BULLET_END = re.compile(r"(?:^|\s)\*\s*$")
# A section heading glued to the word before it, with no space: "留言Chapter 2: ...", "recapPart II: ...".
_GLUED_SECTION = re.compile(
    r"(?<=[a-z\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60])(?:Chapter|Part|Section|Kapitel|Teil|Partie|Parte)"
    r"\s{0,3}(?:\d{1,3}|[IVX]{1,5})\s{0,3}[:：]"
)
_GAP = re.compile(r"\s{3}|\t")
_SENTENCE_MARKS = ".!?…。！？"
_LEAD_END = re.compile(r"[.!?…。！？:：]\s|(?<=[a-z])[.!?](?=[A-Z])")  # "... long.Non-Spoiler": a break dropped


def read(lines: list[Line]) -> list[Found]:
    runs: dict[int, tuple[int, str, list[tuple[Token, Token | None]]]] = {}
    for index, line in enumerate(lines):
        text = blank_links(line.text)
        times = [token for token in without_asides(text, tokens(text)) if _apart(text, token)]
        if len(times) >= ANNOUNCED_TIMES:
            runs[index] = (line.number, text, _without_length(_longest_run(text, times)))
    read_lines = {index: _chapters(number, index, text, run) for index, (number, text, run) in runs.items()}
    found: list[Found] = []
    for index, (number, text, run) in runs.items():
        chapters = read_lines[index]
        if not chapters and _continues(index, run, read_lines):
            chapters = _chapters(number, index, text, run, beside_list=True)
        found.extend(chapters)
    return found


def _continues(index: int, run: list[tuple[Token, Token | None]], read_lines: dict[int, list[Found]]) -> bool:
    """Whether two times on a line go on a list flattened onto the lines beside it, in time order: a
    list broken into a few long lines where the break fell after its second entry (`... my friend.
    03:50 Title 09:08 Title` over `14:27 Title 19:23 Title 24:49 Title`), or before its last two."""
    above, below = read_lines.get(index - 1), read_lines.get(index + 1)
    return bool(
        (below and run[-1][0].seconds < below[0].start) or (above and above[-1].start < run[0][0].seconds)
    )


def _apart(text: str, token: Token) -> bool:
    before = text[token.start - 1] if token.start else " "
    after = text[token.end] if token.end < len(text) else " "
    glued = after.isupper() and text[token.end + 1 : token.end + 2].islower()  # "7:15Spoiler ...": the next title
    return (before in _APART or token.bracket != "" or _glued_after_cjk(before, token)) and (
        after in _APART or after in "." or glued or (_CJK_BEFORE.match(after) is not None and _cjk_shaped(token))
    )


def _glued_after_cjk(before: str, token: Token) -> bool:
    """A time with hours, or minutes padded to two digits, glued to the end of a CJK title or sentence,
    as a feed that dropped the line breaks of a Chinese or Japanese list leaves it (`重听Vol.1
    发刊词00:05:00 给两年前…`, `害怕？00:04:00`, `朝の光25:05リスナー`): those scripts put no space between
    words, so the time still stands apart from them (a clock in prose is written `下午3:30`); so does a
    time that the next title is glued to (`02:15为什么睡眠很重要`)."""
    cjk = bool(_CJK_BEFORE.match(before)) or (ord(before) > 127 and unicodedata.category(before) in _CLOSING)
    return cjk and _cjk_shaped(token)


def _cjk_shaped(token: Token) -> bool:
    return token.time.count(":") == 2 or len(token.time.split(":")[0]) == 2


def _longest_run(text: str, times: list[Token]) -> list[tuple[Token, Token | None]]:
    """(start, end of its range or None) of the longest run of times a title's words apart."""
    pairs = with_ranges(text, times)
    best, first = (0, 0), 0  # [start, end) of the longest run, start of the current one
    for i in range(1, len(pairs) + 1):
        if i == len(pairs) or len(text[(pairs[i - 1][1] or pairs[i - 1][0]).end : pairs[i][0].start].split()) > _TITLE_WORDS:
            if i - first > best[1] - best[0]:
                best = (first, i)
            first = i
    return pairs[best[0] : best[1]]


def _without_length(run: list[tuple[Token, Token | None]]) -> list[tuple[Token, Token | None]]:
    """The run without a first time later than all the others: the episode's length before its list
    (`041_show.mp3 - 29.2MB - 42:38 Show notes: 00:00 Intro 02:28 ...`), not a chapter."""
    if len(run) > MIN_TIMES and run[0][0].seconds > max(start.seconds for start, _ in run[1:]):
        return run[1:]
    return run


def _chapters(
    number: int, index: int, text: str, run: list[tuple[Token, Token | None]], *, beside_list: bool = False
) -> list[Found]:
    starts = [start.seconds for start, _ in run]
    backwards = sum(later <= earlier for earlier, later in zip(starts, starts[1:]))
    lead = text[: run[0][0].start]
    enough = len(run) >= MIN_TIMES or (len(run) >= ANNOUNCED_TIMES and (beside_list or _announced(lead)))
    if not enough or backwards * _IN_ORDER > len(run) - 1:
        return []  # a list flattened is still written in order (a slip aside, for the time check)
    ends = [(end or start).end for start, end in run]
    between = [text[ends[i - 1] : run[i][0].start] for i in range(1, len(run))]
    tail = text[ends[-1] :]
    # Dashes do not vote: "00:00 – Intro" puts one between a time and its own title, "Intro – 02:15"
    # between entries. A colon joins a title to the time after it: "Discussion: 2:45 - 7:15Spoiler ...".
    before = sum(_ends_with_separator(part, _LIST_MARKS) for part in between)
    after = sum(_starts_with_separator(part, _LIST_MARKS) or part.rstrip().endswith(":") for part in between)
    titles_first = not tail.strip(" .;,\t") or after > before or (not after and not before and _closes_titles_first(lead, tail))
    if titles_first:
        first = _after_lead(lead)
        first = first[untimed_entries_end(first, between[0].strip()[:1] if between else "") :]
        titles = [first, *map(without_joining_word, between)]
    else:
        last = _before_trailer(tail, _common_separator([lead, *between]))
        titles = [*between, without_closing_sentence(last, between)]
    titles = [_without_glued_section(title) for title in titles]
    cleaned = [clean_title(title, before_time=titles_first) for title in titles]
    if not all(cleaned) or any(_CITED.search(title.rstrip(_SEPARATORS + " ")) for title in titles[:-1]):
        return []
    how = "before" if titles_first else "after"
    note = None if _announced(lead) else f"{len(run)} chapters flattened onto one line; each title read {how} its time"
    return [
        Found(number, start.seconds, title, start.time, note if place == 0 else start.repair, end.seconds if end else None, index)
        for place, ((start, end), title) in enumerate(zip(run, cleaned, strict=True))
    ]


def _closes_titles_first(lead: str, tail: str) -> bool:
    """With no separator to vote, whether the words before the first time are its title and those after
    the last time a sentence closing the list (`Intro (00:00) ... Questions (48:10) Thanks for listening!`):
    the lead ends no sentence and no heading, and the tail is one sentence of a few words."""
    lead, tail = lead.strip(), tail.strip()
    return (
        bool(lead)
        and (lead[-1].isalnum() or lead[-1] in ")]\"'”’»")  # a title's end, not a sentence's, a heading's or a bullet's
        and not _announced(lead)
        and not tokens(lead)  # a file's length before the list (`... 22.8MB - 33:13`) is no title
        and len(tail.split()) >= 2
        and tail[-1] in _SENTENCE_MARKS
        and not tail.endswith(("..", "…"))  # text cut off where a feed's length limit ended it
        and SENTENCE_BREAK.search(tail[:-1]) is None
    )


def _without_glued_section(title: str) -> str:
    """The title without a section heading glued to its end where a line break was dropped
    (`给自己留言Chapter 2: 聊聊选择00:07:00 ...`): the heading groups the entries after it, no entry's title."""
    glued = _GLUED_SECTION.search(title)
    return title[: glued.start()] if glued else title


def _announced(lead: str) -> bool:
    """The list follows its heading ("... Timestamps (00:00) Intro ..."): no guess to warn of."""
    words = lead.rstrip(_SEPARATORS + "* \t:：").split()
    return any(is_list_heading(clean_title(" ".join(words[-n:]))) for n in (1, 2) if len(words) >= n)


def _ends_with_separator(part: str, marks: str = _SEPARATORS) -> bool:
    return part.rstrip()[-1:] in tuple(marks)


def _starts_with_separator(part: str, marks: str = _SEPARATORS) -> bool:
    return part.lstrip()[:1] in tuple(marks)


def _common_separator(parts: list[str]) -> str:
    """The mark most parts end with; a star set apart by a space is one too, a bullet flattened (`Intro * `)."""
    marks = [part.rstrip()[-1] for part in parts if _ends_with_separator(part) or _BULLET_END.search(part)]
    return max(set(marks), key=marks.count) if len(marks) * 2 >= len(parts) else ""


def _after_lead(lead: str) -> str:
    """The first title, without the prose or list heading in front of it."""
    cut = 0
    end = len(lead.rstrip())
    for match in _LEAD_END.finditer(lead):
        if match.start() + 1 < end:  # not the colon that joins the first title to its time
            cut = match.end()
    title = lead[cut:]
    heading, _, rest = title.partition(": ")
    return rest if rest and is_list_heading(clean_title(heading)) else title


def _before_trailer(tail: str, separator: str) -> str:
    """The last title, without what follows it past the list's own separator (`Eure Fragen | Musik: ...`)
    or past a gap of spaces, where a line break was dropped (`... and Yakone     Get your free ...`)."""
    tail = tail.lstrip(_SEPARATORS + " \t")
    if gap := _GAP.search(tail):
        tail = tail[: gap.start()]
    if not separator:
        return tail
    cut = tail.find(f" {separator} ")
    return tail if cut == -1 else tail[:cut]
