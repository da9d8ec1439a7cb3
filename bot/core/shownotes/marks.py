"""Sections of notes that hold a listener's own marks, not the episode's chapters.

Podcast apps and note-taking tools export an episode's show notes followed by what one listener
kept of it: Snipd's `## Snips` (`### [20:33] Untitled` over a play link), highlights, clips,
quotes, bookmarks. Their times are real moments of the episode, but nobody outlined the episode
with them: they are as many as the listener pleased, often untitled, and overlap. The general
signal is the heading that says what the timed entries under it are; the section runs to the next
heading of the same or a higher level (fewer `#`), so a show-notes section after it is read again.
"""

from __future__ import annotations

import re

from bot.core.shownotes.model import Line

# Compared after casefold, with a leading "my"/"meine" and a trailing colon dropped.
MARK_HEADINGS = frozenset(
    """snips snip highlights highlight clips clip quotes quote bookmarks bookmark annotations
    zitate lesezeichen markierungen citations extraits signets 摘录 划线 书签 笔记 ハイライト""".split()
) | {"key quotes", "favourite quotes", "favorite quotes", "my notes", "audio clips", "podcast clips"}
_HEADING = re.compile(r"\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_OWNER = re.compile(r"^(?:my|meine|mes|mis)\s+", re.I)


def marked_lines(lines: list[Line]) -> set[int]:
    """The numbers of the lines inside sections whose heading names a listener's marks (one pass)."""
    inside: set[int] = set()
    level = 0  # the level of the marks heading whose section we are in; 0 when outside
    for line in lines:
        heading = _HEADING.match(line.text)
        if heading and level and len(heading[1]) <= level:
            level = 0
        if heading and not level and _is_marks(heading[2]):
            level = len(heading[1])
        elif level:
            inside.add(line.number)
    return inside


def _is_marks(title: str) -> bool:
    words = _OWNER.sub("", title.strip().rstrip(":：").strip(), count=1).casefold()
    return words in MARK_HEADINGS
