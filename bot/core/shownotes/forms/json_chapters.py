"""Chapters as JSON pasted into notes: Podcasting 2.0 chapters (`{"version": "1.2.0", "chapters":
[{"startTime": 0, "title": "Intro"}, ...]}`, start times in float seconds; `"toc": false` entries
are not in the table of contents and are skipped), and site data with lists of timed items
(`"topics": [{"title": "Grunt", "time": "00:47:38"}, ...]`, then `"links": [...]`): every top-level
list of objects with a time is read, in order (structured.py), else the first list deeper down that is a
chapter list by its records' shape, whatever its key (`{"episode": {"segments": [...]}}`), or a
`"chapters"` object keyed by number. Nesting too deep for the decoder and integers over
MAX_DIGITS digits are refused, naming the line."""

from __future__ import annotations

import json

from bot.core.shownotes.model import Found, Unreadable
from bot.core.shownotes.structured import chapter_items, chapter_records, found_in

NAME = "chapters JSON"
MAX_DIGITS = 20
_MAX_OBJECTS = 1_000


def read(text: str) -> list[Found]:
    start = min((i for i in (text.find("{"), text.find("[")) if i != -1), default=-1)
    if start == -1 or '"' not in text:
        return []
    line = text.count("\n", 0, start) + 1

    def bounded_int(digits: str) -> int:
        if len(digits) > MAX_DIGITS:
            raise Unreadable(line, f"a number of {len(digits):,} digits")
        return int(digits)

    try:
        data, _ = json.JSONDecoder(parse_int=bounded_int).raw_decode(text, start)
    except RecursionError:
        raise Unreadable(line, "nested too deep") from None
    except ValueError:
        return []
    if isinstance(data, list):
        return found_in(data, lambda _: line)
    if not isinstance(data, dict):
        return []
    found = [chapter for value in data.values() if isinstance(value, list) for chapter in found_in(value, lambda _: line)]
    if len(found) < 2 and (chapters := _chapters_within(data)) is not None:
        found = found_in(chapter_items(chapters), lambda _: line)  # `{"episode": {"chapters": ...}}`, keyed by number
    return found


def _chapters_within(data: dict[str, object]) -> object | None:
    """The value of the first `chapters` key met going down the objects, breadth first, looking at
    no more than _MAX_OBJECTS of them; else the longest list of records in a chapter list's shape."""
    queue = [data]
    for value in queue:
        if "chapters" in value:
            return value["chapters"]
        queue.extend(child for child in value.values() if isinstance(child, dict) and len(queue) < _MAX_OBJECTS)
    return chapter_records(data, _MAX_OBJECTS)
