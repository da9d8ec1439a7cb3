"""FFmpeg metadata files (`;FFMETADATA1`), as podcasters write them to put chapters into their audio:
`[CHAPTER]` sections with `TIMEBASE=1/1000`, `START=` counted in that time base, and `title=`.
Without a TIMEBASE, FFmpeg counts in nanoseconds; a backslash escapes `=`, `;`, `#` and itself."""

from __future__ import annotations

import re

from bot.core.episodes import format_timestamp
from bot.core.shownotes.model import Found
from bot.core.shownotes.titles import clean_title

NAME = "FFmpeg metadata chapters"
_TIMEBASE = re.compile(r"(\d{1,12})/(\d{1,12})")
_ESCAPED = re.compile(r"\\(.)")
_MAX_SECONDS = 100 * 3600  # a start later than this is no podcast's


def read(text: str) -> list[Found]:
    if "[CHAPTER]" not in text.upper():
        return []
    sections: list[tuple[int, dict[str, str]]] = []
    fields: dict[str, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            fields = {} if stripped.upper() == "[CHAPTER]" else None
            if fields is not None:
                sections.append((number, fields))
        elif fields is not None and "=" in stripped and not stripped.startswith((";", "#")):
            key, _, value = stripped.partition("=")
            fields[key.strip().casefold()] = _ESCAPED.sub(r"\1", value)
    found: list[Found] = []
    for number, section in sections:
        timebase = _TIMEBASE.fullmatch(section.get("timebase", "1/1000000000").strip())
        start = section.get("start", "").strip()
        if timebase is None or not start.isdigit() or len(start) > 20 or int(timebase[2]) == 0:
            continue
        seconds = int(start) * int(timebase[1]) // int(timebase[2])
        if seconds <= _MAX_SECONDS:
            found.append(Found(number, seconds, clean_title(section.get("title", "")), format_timestamp(seconds)))
    return found
