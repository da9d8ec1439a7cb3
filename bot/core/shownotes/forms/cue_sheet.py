"""CUE sheets, as DJ mixes and audiobooks carry their track lists: `TRACK 01 AUDIO`, the track's
`TITLE "..."` and `PERFORMER "..."` (titled `Performer - Title`, as a mix's track list reads), and
`INDEX 01 MM:SS:FF` (minutes past 59, then frames, 75 a second: dropped)."""

from __future__ import annotations

import re

from bot.core.shownotes.model import Found
from bot.core.shownotes.titles import clean_title

NAME = "CUE sheet"
_TRACK = re.compile(r"[ \t]{0,20}TRACK[ \t]{1,8}\d{1,4}[ \t]{1,8}AUDIO", re.I)
_FIELD = re.compile(r"""[ \t]{0,20}(TITLE|PERFORMER)[ \t]{1,8}(?:"([^"]{0,2000})"|(.{0,2000}))""", re.I)
_INDEX = re.compile(r"[ \t]{0,20}INDEX[ \t]{1,8}0?1[ \t]{1,8}(\d{1,4}):([0-5]\d):(\d\d)", re.I)


def read(text: str) -> list[Found]:
    if "INDEX" not in text.upper():
        return []
    found: list[Found] = []
    track: dict[str, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.rstrip()
        if _TRACK.fullmatch(line):
            track = {}
        elif track is not None and (field := _FIELD.fullmatch(line)):
            track[field[1].upper()] = field[2] if field[2] is not None else field[3]
        elif track is not None and (index := _INDEX.fullmatch(line)):
            title = " - ".join(part for part in (track.get("PERFORMER"), track.get("TITLE")) if part)
            seconds = int(index[1]) * 60 + int(index[2])
            found.append(Found(number, seconds, clean_title(title), f"{index[1]}:{index[2]}:{index[3]}"))
            track = None
    return found
