"""Chapter kinds from titles and position: sponsor, intro, outro, content."""

from __future__ import annotations

import re

from bot.core.episodes import ChapterKind

_SPONSOR = re.compile(
    r"^(?:sponsors?|sponsored by|brought to you by|ad break|ad read|ads|advertisement|a word from our sponsors?"
    r"|werbung|publicité)\b",
    re.I,
)
_OUTRO = re.compile(
    r"^(?:outro|closing|wrap[- ]?up|credits|housekeeping|abschluss|verabschiedung|fin"
    r"|follow (?:dr|prof|me|us)|sigam o trabalho)\b|\bzero-cost support\b",
    re.I,
)
_INTRO = re.compile(
    r"^(?:intro|introduction|welcome|cold open|begrüßung|einleitung|introducción|introdução)\b", re.I
)
_OPENING_SHARE = 0.05


def kinds(starts: list[int], titles: list[str], duration: int | None) -> list[ChapterKind]:
    """The last chapter is "outro" when it is housekeeping ("Follow Dr. X's work!"); a "Sponsor ..."
    or "Brought to you by ..." title is "sponsor"; before the first content chapter an "Intro" or
    "Welcome" title is "intro", and so is a first chapter at 00:00 that ends within the first 5% of
    the episode (it only sets up the topic)."""
    result: list[ChapterKind] = []
    opening = True
    for index, (start, title) in enumerate(zip(starts, titles, strict=True)):
        last = index == len(starts) - 1
        end = (duration if last else starts[index + 1]) if duration is not None or not last else None
        short_opening = (
            duration is not None and index == 0 and start == 0 and end is not None and end <= duration * _OPENING_SHARE
        )
        kind: ChapterKind
        if last and _OUTRO.search(title):
            kind = "outro"
        elif _SPONSOR.search(title):
            kind = "sponsor"
        elif opening and (_INTRO.search(title) or short_opening):
            kind = "intro"
        else:
            kind, opening = "content", False
        result.append(kind)
    return result
