"""What a structured chapter list holds, whatever its format (JSON, YAML): items with a start and a
title (`{"startTime": 74.5, "title": "Light"}`, `start: '00:00:22'` / `title: ...`), or strings led by
their time (`- "00:04:30 Light"`), listed or keyed by number (`1:` / `start: ...`, read in the order
written). The forms that parse each format hand their items here, so all read them one way."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate

from bot.core.shownotes.model import Found
from bot.core.shownotes.scan import blank_links, tokens
from bot.core.shownotes.times import seconds_of
from bot.core.shownotes.titles import clean_title

# (`startOffset`: a schema.org Clip, the "key moments" of a podcast web page's JSON-LD `hasPart`.)
START_KEYS = ("startTime", "start", "start_time", "time", "timestamp", "begin", "startOffset", "at")
TITLE_KEYS = ("title", "name", "text", "label", "topic", "subject", "heading", "caption")


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def bracket_depth(text: str) -> int:
    """How deep `[` and `{` nest in text, in one pass: parsers (YAML's scanner, TOML's) take time or
    stack growing with it, so a hostile depth is measured before parsing."""
    brackets = _NOT_BRACKET.sub("", text)
    return max(accumulate(1 if c in "[{" else -1 for c in brackets)) if brackets else 0


def chapter_items(value: object) -> list[object]:
    """The items of a chapter list: a list as it is, a mapping (keyed by number) its values in order."""
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else []


def found_in(items: list[object], line_of: Callable[[int], int | None]) -> list[Found]:
    """The chapters among items (the others skipped); line_of(place) is the line of the item at place."""
    found: list[Found] = []
    for place, item in enumerate(items):
        if isinstance(item, str):
            text = blank_links(item)
            times = tokens(text)
            if times and not clean_title(text[: times[0].start]):
                first = times[0]
                found.append(Found(line_of(place), first.seconds, clean_title(text[first.end :]), first.time, first.repair))
            continue
        if not isinstance(item, dict) or item.get("toc") is False:  # Podcasting 2.0: not in the table of contents
            continue
        written = next((item[key] for key in START_KEYS if key in item), None)
        title = next((item[key] for key in TITLE_KEYS if isinstance(item.get(key), str | int | float)), "")
        seconds = seconds_of(written)
        if seconds is not None:
            found.append(Found(line_of(place), seconds, clean_title(str(title)), str(written)))
    return found
