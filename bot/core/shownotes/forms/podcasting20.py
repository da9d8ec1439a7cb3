"""Podcasting 2.0 chapters JSON pasted into notes: `{"version": "1.2.0", "chapters": [{"startTime":
0, "title": "Intro"}, ...]}` with start times in (float) seconds; chapters marked `"toc": false`
are not in the table of contents and are skipped."""

from __future__ import annotations

import json

from ..model import Found
from ..titles import clean_title

NAME = "Podcasting 2.0 chapters JSON"


def read(text: str) -> list[Found]:
    start = text.find("{")
    if start == -1 or '"chapters"' not in text:
        return []
    try:
        data, _ = json.JSONDecoder().raw_decode(text, start)
    except ValueError:
        return []
    items = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    line = text.count("\n", 0, start) + 1
    found: list[Found] = []
    for item in items:
        if not isinstance(item, dict) or item.get("toc") is False:
            continue
        seconds, title = item.get("startTime"), item.get("title")
        if isinstance(seconds, int | float) and not isinstance(seconds, bool) and 0 <= seconds < 10**7:
            found.append(Found(line, int(seconds), clean_title(str(title or "")), f"{seconds}s"))
    return found
