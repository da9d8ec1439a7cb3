"""TOML front matter chapter lists, as Hugo sites keep them between `+++` lines: `[[chapters]]` tables
with `start = "00:04:30"` and `title = "..."`, or an array `chapters = ["00:00 Intro", ...]`, at the
top or in one table (`[params]`); else the longest array of tables in a chapter list's shape under
any key (`[[segments]]` / `at = "04:30"` / `what = "..."`, structured.chapter_records). Read with the standard library's parser, which recurses: brackets
nested over structured.MAX_DEPTH are refused first, naming the line."""

from __future__ import annotations

import re
import tomllib

from bot.core.shownotes.model import Found
from bot.core.shownotes.structured import chapter_items, chapter_records, found_in, refuse_deep_brackets

NAME = "TOML front matter"
_FENCE = re.compile(r"^\+\+\+[ \t]{0,20}$", re.M)


def read(text: str) -> list[Found]:
    if (opening := _FENCE.search(text)) is None:
        return []
    if (closing := _FENCE.search(text, opening.end())) is None:
        return []
    block = text[opening.end() : closing.start()]
    line = text.count("\n", 0, opening.end()) + 2  # the first line inside the fences
    refuse_deep_brackets(block, line)
    try:
        data = tomllib.loads(block)
    except (tomllib.TOMLDecodeError, RecursionError):
        return []
    chapters = data.get("chapters")
    if chapters is None:
        chapters = next((table["chapters"] for table in data.values() if isinstance(table, dict) and "chapters" in table), None)
    if chapters is None:
        chapters = chapter_records(data)
    return found_in(chapter_items(chapters), lambda _: line)
