"""Led by time: `00:12 Title`, `(00:01:02) Title`, `[12:34] - Title`, `* **[05:29](#t=05:29)** Title`,
`<time>14:27</time> Title` (after HTML), ranges `00:10–05:30 Title`, glued chapters
`(00:00) Intro(03:51) Next topic`, two chapters on one line, a list flattened after prose
("... Timestamps (00:00) Intro (02:29) ..."), and the first chapter on a "Timestamps:" heading
line. A title hard-wrapped onto an indented next line is joined. A time with nothing after it is
kept with an empty title; the finder takes the title from the line above or below."""

from __future__ import annotations

import re

from bot.core.shownotes.labels import is_list_heading
from bot.core.shownotes.model import Found, Line
from bot.core.shownotes.scan import Token, blank_links, tokens
from bot.core.shownotes.titles import clean_title

NAME = "led by time"
_RANGE_WORDS = frozenset({"", "-", "–", "—", "~", "to", "bis", "à", "a", "-->", "—>", "->"})
_FLATTENED = 3  # bracketed times after prose on one line that make a flattened list
# Text after the last title of a flattened list that is plainly not part of it.
_AFTER_LIST = re.compile(
    r"\b(?:(?:title card )?photo credit|disclaimer|follow (?:us|me)|learn more about your ad choices"
    r"|(?:produced|edited|mixed|music) by)\b",
    re.I,
)
_NOT_CONTINUATION = tuple("-*+>(#|`")


def read(lines: list[Line]) -> list[Found]:
    found: list[Found] = []
    for index, line in enumerate(lines):
        text = blank_links(line.text)
        times = tokens(text)
        if not times:
            continue
        lead = clean_title(text[: times[0].start])
        if lead and not is_list_heading(lead):
            bracketed = [token for token in times if token.bracket]
            if len(bracketed) < _FLATTENED or len({token.bracket for token in bracketed}) != 1:
                continue
            if not text[times[-1].end :].strip(" .;,"):
                continue  # the line ends with a time: titles come first ("Topic [m:ss]; Topic [h:mm:ss]")
            times = times[times.index(bracketed[0]) :]
        chapters = _chapters_in(line.number, text, times)
        last = chapters[-1]
        if len(chapters) > 1 and (cut := _AFTER_LIST.search(last.title)) and cut.start():
            chapters[-1] = Found(last.line, last.start, clean_title(last.title[: cut.start()]), last.time, last.repair)
        elif last.title and (more := _continuation(lines, index)):
            chapters[-1] = Found(last.line, last.start, f"{last.title} {more}", last.time, last.repair, last.end)
        found.extend(chapters)
    return found


def _chapters_in(number: int, text: str, times: list[Token]) -> list[Found]:
    first = times[0]
    rest = times[1:]
    end = first.end
    range_end = None
    if rest and text[first.end : rest[0].start].strip().casefold() in _RANGE_WORDS:
        end, range_end = rest[0].end, rest[0].seconds  # a range: the chapter starts at its first time
        rest = rest[1:]
    starts = [(first, end)]
    for token in rest:
        if token.bracket == first.bracket and (token.bracket or _stands_alone(text, token)):
            starts.append((token, token.end))
    chapters = []
    for index, (token, title_start) in enumerate(starts):
        title_end = starts[index + 1][0].start if index + 1 < len(starts) else len(text)
        title = clean_title(text[title_start:title_end])
        end = range_end if index == 0 else None
        chapters.append(Found(number, token.seconds, title, token.time, token.repair, end))
    return chapters


def _stands_alone(text: str, token: Token) -> bool:
    """A bare time later in the line starts a chapter when spaces surround it: `00:00 Intro 05:30 Next`."""
    before = text[token.start - 1] if token.start else " "
    after = text[token.end] if token.end < len(text) else ""
    return before.isspace() and (after.isspace() or after in tuple(":-–—|"))


def _continuation(lines: list[Line], index: int) -> str:
    """The rest of a title hard-wrapped onto the next line, indented under it (Markdown lists)."""
    if index + 1 >= len(lines):
        return ""
    line, following = lines[index].text, lines[index + 1].text
    indent = len(line) - len(line.lstrip())
    stripped = following.strip()
    if (
        not stripped
        or len(following) - len(following.lstrip()) <= indent
        or stripped.startswith(_NOT_CONTINUATION)
        or tokens(blank_links(following))
        or line.rstrip().endswith((".", "!", "?", ":"))
    ):
        return ""
    return clean_title(blank_links(following))
