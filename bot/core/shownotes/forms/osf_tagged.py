"""Shownotes pads in the Open Shownotes Format with times from the episode's start, as listeners
write them live (`00:04:15 Der lange Winter #chapter`, `00:06:02 Schnee <https://...> #link`). Only
the lines tagged `#chapter` (or `#c`) are chapters; the other timed lines are notes, links and quotes
inside a chapter. Read when at least two timed lines carry the tag; a pad with no tag at all is an
ordinary list for the line forms. A tag one typing slip from `#chapter` (`#chaper`) counts, with a
warning. The tags left at the end of a title (`#wikilink`, `#pdf`) go. A pad that tags one line only
(its header block or the other tags say it is a pad) has one chapter: read alone, so that no other
form takes its notes for chapters, and refused, as one chapter is no list."""

from __future__ import annotations

import re

from bot.core.shownotes.model import Found
from bot.core.shownotes.scan import blank_links, tokens
from bot.core.shownotes.titles import clean_title

NAME = "Open Shownotes Format (tagged chapters)"
_TAG = re.compile(r"#[^\W\d]\w{0,40}")
_CHAPTER = "chapter"
# The header block a shownotes pad opens with (`HEADER` / `Podcast: ...` / `/HEADER`).
_HEADER_START = re.compile(r"^HEADER[ \t]*$", re.M)
_HEADER_END = re.compile(r"^/HEADER[ \t]*$", re.M)


def read(text: str) -> list[Found]:
    if "#c" not in text.casefold():  # cheap refusal for the many notes with no tag at all
        return []
    tagged: list[Found] = []
    untagged: list[int] = []
    tagged_notes = 0  # untagged-as-chapter lines that carry another tag of the format (#g, #link, #q)
    for number, line in enumerate(text.splitlines(), 1):
        plain = blank_links(line)
        times = tokens(plain)
        if not times or plain[: times[0].start].strip():
            continue
        rest = plain[times[0].end :]
        tags = [tag[0][1:].casefold() for tag in _TAG.finditer(rest)]
        slip = next((tag for tag in tags if tag != _CHAPTER and _one_slip(tag)), None)
        if not (set(tags) & {"c", _CHAPTER} or slip):
            untagged.append(number)
            tagged_notes += bool(tags)
            continue
        repair = times[0].repair or (f"tag #{slip} read as #chapter" if slip and _CHAPTER not in tags else None)
        tagged.append(Found(number, times[0].seconds, clean_title(_without_tags(rest)), times[0].time, repair))
    if len(tagged) == 1 and untagged and (_has_header(text) or tagged_notes >= 2):
        # The pad marks its chapters and marks one: its other timed lines are notes, so there is no
        # list to read (one chapter is none), rather than every note read as a chapter.
        note = f"the pad tags only line {tagged[0].line} #chapter: its {len(untagged)} other timed lines are notes"
        return [Found(tagged[0].line, tagged[0].start, tagged[0].title, tagged[0].time, note)]
    if len(tagged) < 2 or not untagged:
        return tagged if len(tagged) >= 2 else []
    first = tagged[0]
    note = f"{len(untagged)} timed lines without a #chapter tag (first: line {untagged[0]}) read as notes, not chapters"
    return [Found(first.line, first.start, first.title, first.time, first.repair or note), *tagged[1:]]


def _has_header(text: str) -> bool:
    """Whether the text holds a pad's header block: a `HEADER` line, then a `/HEADER` line."""
    start = _HEADER_START.search(text)
    return start is not None and _HEADER_END.search(text, start.end()) is not None


def _without_tags(text: str) -> str:
    """The text without the tags at its end, word by word from the right (linear in its length)."""
    head, _, last = text.replace("\t", " ").rstrip().rpartition(" ")
    while _TAG.fullmatch(last):
        if not head:
            return ""
        head, _, last = head.rstrip().rpartition(" ")
    return f"{head} {last}"


def _one_slip(tag: str) -> bool:
    """Whether a tag is `chapter` with one letter missing, added, wrong, or two swapped."""
    if abs(len(tag) - len(_CHAPTER)) > 1 or not tag.startswith("ch"):
        return False
    short = min(len(tag), len(_CHAPTER))
    head = next((i for i in range(short) if tag[i] != _CHAPTER[i]), short)
    tail = next((i for i in range(short - head) if tag[-1 - i] != _CHAPTER[-1 - i]), short - head)
    left, right = tag[head : len(tag) - tail], _CHAPTER[head : len(_CHAPTER) - tail]
    return (len(left) <= 1 and len(right) <= 1) or (len(left) == len(right) == 2 and left == right[::-1])
