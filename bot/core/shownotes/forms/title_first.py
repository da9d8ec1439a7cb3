"""Title first: `Title (12:34)`, `Title — 12:34`, `- **Title**: 00:00`, `### Title (4:30~)`, ranges
`5. Quiet Harbour (02:10–09:45)` (countdowns, rankings), and
`Topic [m:ss]; Topic [h:mm:ss]; ...` flattened into one paragraph. Every time on the line must end
it or be followed by a list separator, so `Speaker (00:00):` transcript turns and times cited
in prose are not chapters. A line that only says when the section above starts (`Starts at
[00:22:17].` under `## Libraries`, `Ab 00:19:45.`) is titled by the heading above it, with a warning."""

from __future__ import annotations

import re

from bot.core.shownotes.labels import is_list_heading, is_not_chapter
from bot.core.shownotes.model import Found, Line
from bot.core.shownotes.scan import Token, blank_links, tokens, with_ranges
from bot.core.shownotes.titles import clean_title

NAME = "title first"
_AFTER_TIME = " \t\u00a0~)]*_.。"
_LIST_SEPARATORS = ";,|·•/"
# Words joining a title to its time: "Advice starts at 52:26", "Intro @ 0:00", "Fazit ab 1:02:00".
_CONNECTOR = re.compile(r"(?:^|\s)(?:starts? at|begins? at|from|at|@|ab|um|à|desde|a partir de|dès)[\s\[(*_]{0,6}$", re.I)
_HEADING_WORDS = 15
_ABOVE = 12  # how many blank lines a "Starts at" line looks past for its heading (HTML leaves many)


def read(lines: list[Line]) -> list[Found]:
    found: list[Found] = []
    for position, line in enumerate(lines):
        text = blank_links(line.text)
        times = tokens(text)
        if not times:
            continue
        chapters: list[Found] = []
        title_start = 0
        pairs = with_ranges(text, times)
        for index, (token, range_end) in enumerate(pairs):
            last = index + 1 == len(pairs)
            stop = (range_end or token).end
            following = len(text) if last else pairs[index + 1][0].start
            after = text[stop:following].strip(_AFTER_TIME)
            ends_its_chapter = not after if last else after[:1] in tuple(_LIST_SEPARATORS)
            title = clean_title(_CONNECTOR.sub("", text[title_start : token.start]))
            if len(pairs) == 1 and not title and _CONNECTOR.fullmatch(text[: token.start].lstrip(" *_-")):
                chapters = _starts_at(lines, position, token)
                break
            heading, _, rest = title.partition(": ")
            if index == 0 and rest and is_list_heading(heading):
                title = rest  # "Topics: Welcome [0:00]; ..."
            if not ends_its_chapter or not title or is_not_chapter(title):
                chapters = []
                break
            end = range_end.seconds if range_end else None
            chapters.append(Found(line.number, token.seconds, title, token.time, token.repair, end, position))
            title_start = stop  # the separator after it is cleaned off the next title
        found.extend(chapters)
    return found


def _starts_at(lines: list[Line], position: int, token: Token) -> list[Found]:
    """The chapter of a line saying only when a section starts, titled by the line above it (past
    blank lines), if that line holds no time: the section's heading."""
    for above in range(position - 1, max(-1, position - 1 - _ABOVE), -1):
        text = blank_links(lines[above].text)
        if not text.strip():
            continue
        title = clean_title(text)
        if tokens(text) or not title or len(title.split()) > _HEADING_WORDS or title.endswith((".", "!", "?")):
            return []  # a time, or a sentence of prose: no heading
        note = f"time after {text.strip()[:40]!r} read as the start of that section"
        return [Found(lines[position].number, token.seconds, title, token.time, token.repair or note, None, position)]
    return []
