"""TOML chapter lists: front matter as Hugo sites keep it between `+++` lines, or a data file of
`[[...]]` tables (below a title line, or none): `[[chapters]]` tables
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
_ARRAY_OF_TABLES = re.compile(r"^\[\[[ \t]{0,10}[\w.-]{1,60}[ \t]{0,10}\]\][ \t]{0,20}$", re.M)
# Where a data file's TOML starts: its first `key = value` or `[table]` line (the title above is none).
_TOML_LINE = re.compile(r"^(?:[A-Za-z_][\w-]{0,60}[ \t]{0,10}=[ \t]{0,10}\S|\[)", re.M)


def read(text: str) -> list[Found]:
    if (opening := _FENCE.search(text)) is not None and (closing := _FENCE.search(text, opening.end())) is not None:
        return _read_block(text[opening.end() : closing.start()], text.count("\n", 0, opening.end()) + 2)
    if (table := _ARRAY_OF_TABLES.search(text)) is None:
        return []
    # A TOML data file (`[[chapters]]` / `time = "0:37"` / ...): from its first TOML line (a title
    # line above is none), else, when that line was prose, from its first array of tables.
    first = _TOML_LINE.search(text, 0, table.end())
    for start in dict.fromkeys((first.start() if first else table.start(), table.start())):
        if found := _read_block(text[start:], text.count("\n", 0, start) + 1):
            return found
    return []


def _read_block(block: str, line: int) -> list[Found]:
    """The chapters of a TOML document starting at `line`: a `chapters` key at the top or in one
    table, else the longest array of tables in a chapter list's shape."""
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
