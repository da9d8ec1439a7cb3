"""What a structured chapter list holds, whatever its format (JSON, YAML): items with a start and a
title (`{"startTime": 74.5, "title": "Light"}`, `start: '00:00:22'` / `title: ...`), or strings led by
their time (`- "00:04:30 Light"`), listed or keyed by number (`1:` / `start: ...`, read in the order
written). The forms that parse each format hand their items here, so all read them one way.

Records under key names nobody listed are read by their shape (record_columns): a list of two or more
mappings that share one time-like value (a clock string, or a number under a key that names a time)
in order, and one title-like string, is a chapter list, whatever its keys are called (`sections:` /
`- title: Releases` / `time: 1:52`, `timeline:` / `- time: 00:03:19` / `content: ...`). Records of
something else have no such column: links and guests carry dates (`2023-01-17`), addresses, names
and roles, an episode number is no time, and times out of order are no list."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate

from bot.core.shownotes.model import Found, Unreadable
from bot.core.shownotes.scan import blank_links, tokens
from bot.core.shownotes.times import seconds_of
from bot.core.shownotes.titles import clean_title

# (`startOffset`: a schema.org Clip, the "key moments" of a podcast web page's JSON-LD `hasPart`.)
START_KEYS = ("startTime", "start", "start_time", "time", "timestamp", "begin", "startOffset", "at")
TITLE_KEYS = ("title", "name", "text", "label", "topic", "subject", "heading", "caption")


# A key whose numbers are times (seconds): a bare number under another key (`episode: 12`, `year:
# 2019`) is no time. Clock strings (`1:52`) are times under any key.
_TIME_NAME = re.compile(
    r"time|start|begin|offset|stamp|secs?$|seconds?$|zeit|tiempo|temps|tempo|inizio|d[ée]but|^(?:at|t|ts|from|von|de)$",
    re.I,
)
# A key whose values are lengths or ends, not starts: `duration: "1:02:03"` of a list of episodes.
_NOT_START = re.compile(r"dur|length|runtime|(?:^|_)end|ends?$|stop|size|dauer", re.I)
_SLIPS = 1  # times out of order a list may hold (an erratum) and still be a chapter list


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
MAX_DEPTH = 20  # how deep a structured chapter list may nest; real ones nest 3 or 4 deep


def bracket_depth(text: str) -> int:
    """How deep `[` and `{` nest in text, in one pass: parsers (YAML's scanner, TOML's) take time or
    stack growing with it, so a hostile depth is measured before parsing."""
    brackets = _NOT_BRACKET.sub("", text)
    return max(accumulate(1 if c in "[{" else -1 for c in brackets)) if brackets else 0


def refuse_deep_brackets(text: str, line: int) -> None:
    """Raise Unreadable (naming `line`) when brackets in text nest more than MAX_DEPTH deep."""
    if bracket_depth(text) > MAX_DEPTH:
        raise Unreadable(line, f"brackets nested more than {MAX_DEPTH} deep")


def chapter_items(value: object) -> list[object]:
    """The items of a chapter list: a list as it is, a mapping (keyed by number) its values in order."""
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else []


def time_of(value: object) -> int | None:
    """Seconds of a record's time: a number of seconds, a clock, or a clock leading words (`5:48 Title`);
    not a subtitle cue or a range (`00:00:04.000 --> 00:00:06.000`: a transcript's line)."""
    seconds = seconds_of(value)
    if seconds is not None or not isinstance(value, str):
        return seconds
    times = tokens(value.lstrip())
    return times[0].seconds if len(times) == 1 and times[0].start == 0 else None


def record_columns(records: list[dict[object, object]]) -> tuple[object, object] | None:
    """(time key, title key) of records that are a chapter list by their shape, else None: a key every
    record has whose values are all times in order (clock strings for one at least, or under a key
    naming a time), a start key (START_KEYS) first; and a key with text that is no time nor address,
    in half the records or more, a title key (TITLE_KEYS) first, else the first written."""
    if len(records) < 2:
        return None
    shared = [key for key in records[0] if all(key in record for record in records[1:])]
    times = [key for key in shared if _is_time_column(key, [record[key] for record in records])]
    if not times:
        return None
    time_key = next((key for key in START_KEYS if key in times), times[0])
    counts: dict[object, int] = {}
    for record in records:
        for key, value in record.items():
            if key not in times and isinstance(value, str) and value.strip() and not _is_address(value):
                counts[key] = counts.get(key, 0) + 1
    titles = [key for key, count in counts.items() if 2 * count >= len(records)]
    if not titles:
        return None
    return time_key, next((key for key in TITLE_KEYS if key in titles), titles[0])


def chapter_records(data: object, limit: int = 1_000) -> list[object]:
    """The longest list of records within data (any depth, breadth first, looking into no more than
    `limit` containers) that is a chapter list by its shape: every record a chapter (record_columns)."""
    best: list[object] = []
    queue = [data]
    for value in queue:
        children = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else []
        if isinstance(value, list) and len(value) > len(best) and all(isinstance(item, dict) for item in value):
            if record_columns(value) is not None and len(found_in(value, lambda _: None)) == len(value):
                best = value
        queue.extend(child for child in children if isinstance(child, dict | list) and len(queue) < limit)
    return best


def _is_time_column(key: object, values: list[object]) -> bool:
    seconds = [time_of(value) for value in values]
    if any(s is None for s in seconds):
        return False
    clocks = any(isinstance(value, str) and ":" in value for value in values)
    if isinstance(key, str) and _NOT_START.search(key):
        return False
    named = isinstance(key, str) and _TIME_NAME.search(key) is not None
    slips = sum(1 for a, b in zip(seconds, seconds[1:], strict=False) if b < a)  # type: ignore[operator]
    return (clocks or named) and slips <= _SLIPS


def _is_address(value: str) -> bool:
    return "://" in value or value.startswith(("www.", "mailto:")) or time_of(value) is not None


def found_in(items: list[object], line_of: Callable[[int], int | None]) -> list[Found]:
    """The chapters among items (the others skipped); line_of(place) is the line of the item at place.
    Records without a start or title key named in START_KEYS / TITLE_KEYS take them by their shape."""
    found: list[Found] = []
    columns = record_columns([item for item in items if isinstance(item, dict)])
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
        title = next((item[key] for key in TITLE_KEYS if isinstance(item.get(key), str | int | float)), None)
        if columns is not None:
            written = item.get(columns[0]) if written is None else written
            title = item.get(columns[1]) if title is None else title
        seconds = time_of(written)
        title = title if isinstance(title, str | int | float) else ""
        if seconds is not None:
            found.append(Found(line_of(place), seconds, clean_title(str(title)), str(written)))
    return found
