"""Chapters as JSON pasted into notes: Podcasting 2.0 chapters (`{"version": "1.2.0", "chapters":
[{"startTime": 0, "title": "Intro"}, ...]}`, start times in float seconds; `"toc": false` entries
are not in the table of contents and are skipped), and site data with lists of timed items
(`"topics": [{"title": "Grunt", "time": "00:47:38"}, ...]`, then `"links": [...]`): every top-level
list of objects with a time is read, in order (structured.py), or a `"chapters"` object keyed by number. Nesting too deep for the decoder and integers over
MAX_DIGITS digits are refused, naming the line."""

from __future__ import annotations

import json

from bot.core.shownotes.model import Found, Unreadable
from bot.core.shownotes.structured import START_KEYS, chapter_items, found_in

NAME = "chapters JSON"
MAX_DIGITS = 20


def read(text: str) -> list[Found]:
    start = text.find("{")
    if start == -1 or not any(f'"{key}"' in text for key in START_KEYS):
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
    if not isinstance(data, dict):
        return []
    items = [item for value in data.values() if isinstance(value, list) for item in value]
    if not items and isinstance(data.get("chapters"), dict):  # keyed by number: {"1": {...}, "2": {...}}
        items = chapter_items(data["chapters"])
    return found_in(items, lambda _: line)
