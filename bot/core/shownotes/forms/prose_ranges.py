"""Prose whose clauses carry time ranges: `We talk to Dr Sutton [9:15-19:56] about gravitational waves,
Dr Chrysostomou and Dr Thompson [20:04-31:26] tell us about SCUBA-2, ... Megan rounds up the news
[1:55-9:05] and we find out what's in the night sky [49:51-72:48].` Each range starts a chapter titled
by its clause without the range: from the sentence end, comma or semicolon before it (or the end of
the clause before) to the first one after it, or to an `and` right after the range. A paragraph is read so only with
MIN_RANGES ranges in brackets, one of them inside its clause (words after it): a list written as
sentences, not a list of titles (flattened.py reads those). Clauses may come in any order; the time
check sorts them, each with a warning.
"""

from __future__ import annotations

import re

from bot.core.shownotes.model import Found, Line
from bot.core.shownotes.scan import blank_links, tokens, with_ranges
from bot.core.shownotes.titles import clean_title

NAME = "prose with ranges"
MIN_RANGES = 3
_BEFORE = re.compile(r"[.!?;,]\s")  # where a clause starts, looking back from a range
_AFTER = re.compile(r"[.!?;,](?:\s|$)")  # where it ends, looking on
_AND_NEXT = re.compile(r"[\s)\]]{0,3}\s(?:and|und|et|y)\s", re.I)  # "... news [1:55-9:05] and we find out ..."
_LEADING_AND = re.compile(r"^(?:and|und|et|y)\s", re.I)


def read(lines: list[Line]) -> list[Found]:
    found: list[Found] = []
    for index, line in enumerate(lines):
        text = blank_links(line.text)
        ranges = [(start, end) for start, end in with_ranges(text, tokens(text)) if end and start.bracket]
        if len(ranges) < MIN_RANGES:
            continue
        chapters: list[Found] = []
        inside = False
        clause_start = 0
        for place, (start, end) in enumerate(ranges):
            before = [m.end() for m in _BEFORE.finditer(text, clause_start, start.start)]
            left = before[-1] if before else clause_start
            # Searched only up to the next range, so a line of any length is read in linear time.
            reach = ranges[place + 1][0].start if place + 1 < len(ranges) else len(text)
            closing = _AND_NEXT.match(text, end.end, reach) or _AFTER.search(text, end.end, reach)
            right = closing.start() if closing else reach
            inside = inside or bool(text[end.end : right].strip(" )]"))
            title = clean_title(_LEADING_AND.sub("", (text[left : start.start] + text[end.end : right]).strip()))
            if not title:
                chapters = []
                break
            chapters.append(Found(line.number, start.seconds, title, start.time, start.repair, end.seconds, index))
            clause_start = closing.end() if closing else reach
        if inside:
            found.extend(chapters)
    return found
