"""Open Shownotes Format pads (shownot.es): lines starting with a UNIX time (`1357756855 Begrüßung
#chapter`). The lines tagged `#chapter` (or `#c`) are the chapters, timed from the first timed
line; without any tag every timed line is one. A tag glued to the title's last word (`Japanese
Journey#c`) is still the tag: a chapter the pad's author marked, with a space forgotten."""

from __future__ import annotations

import re

from bot.core.episodes import format_timestamp
from bot.core.shownotes.model import Found
from bot.core.shownotes.titles import clean_title

NAME = "Open Shownotes Format"
_TIMED = re.compile(r"(\d{10})[ \t]{1,10}(\S.*)")
CHAPTER_TAG = re.compile(r"#c(?:hapter)?(?=\s|$)", re.I)


def read(text: str) -> list[Found]:
    timed = [(number, int(m[1]), m[2]) for number, line in enumerate(text.splitlines(), 1) if (m := _TIMED.match(line))]
    if len(timed) < 2:
        return []
    origin = timed[0][1]
    tagged = [entry for entry in timed if CHAPTER_TAG.search(entry[2])]
    return [
        Found(number, epoch - origin, clean_title(CHAPTER_TAG.sub(" ", rest)), format_timestamp(epoch - origin))
        for number, epoch, rest in (tagged or timed)
        if epoch >= origin
    ]
