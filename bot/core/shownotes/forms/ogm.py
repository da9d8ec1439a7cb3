"""OGM ("simple") chapter files, as mkvmerge, MP3 and M4B chapter tools write them:
`CHAPTER01=00:00:00.000`, then `CHAPTER01NAME=Intro`; read in the order of their start lines."""

from __future__ import annotations

import re

from bot.core.shownotes.model import Found
from bot.core.shownotes.times import read_time
from bot.core.shownotes.titles import clean_title

NAME = "OGM chapter file"
_ENTRY = re.compile(r"[ \t]{0,8}CHAPTER(\d{1,4})(NAME)?[ \t]{0,4}=[ \t]{0,4}(.{0,2000})", re.I)


def read(text: str) -> list[Found]:
    if "chapter" not in text.casefold():
        return []
    starts: dict[str, tuple[int, str]] = {}
    names: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if entry := _ENTRY.fullmatch(line.rstrip()):
            if entry[2]:
                names[entry[1]] = entry[3]
            else:
                starts.setdefault(entry[1], (number, entry[3]))
    found: list[Found] = []
    for key, (number, written) in starts.items():
        if (read := read_time(written)) is not None:
            found.append(Found(number, read[0], clean_title(names.get(key, "")), written, read[1]))
    return found
