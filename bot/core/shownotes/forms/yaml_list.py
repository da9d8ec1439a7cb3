"""YAML chapter lists: `- start: 00:01:02` / `title: Intro` items (`startTime`, `time`, `start_time`, `at`,
`name`, `topic` also), as site generators keep them, alone or under a `chapters:` key in front matter; also a
`chapters:` mapping whose values are those items (`1:` / `start: '00:00:22'` / `title: '...'`, as a
Jekyll post's front matter keeps them), read in the order written, and a list of strings led by their
time (`- "00:04:30 Light"`, `chapters: ["00:00 Intro", ...]`).

Read with safe_yaml's loader, which refuses what no chapter list needs and a hostile one uses."""

from __future__ import annotations

import re

import yaml

from bot.core.shownotes.model import Found
from bot.core.shownotes.safe_yaml import composed
from bot.core.shownotes.structured import chapter_items, found_in

NAME = "YAML list"
_LIST_ITEM = re.compile(
    r"^[ \t]{0,40}- [ \t]{0,10}(?:start|startTime|start_time|time|timestamp|begin|at)[ \t]{0,10}:", re.M
)
# A key naming chapters (`chapters:`, `podcast_chapters:`, `timestamps:`, `kapitel:`, `marks:`) with its
# items (a list or a mapping) indented below it, or a list after it on its line. Lower case, as keys of
# front matter are: `Chapters:` or `Timestamps:` over a Markdown list is a heading, read as lines.
_CHAPTERS_KEY = re.compile(
    r"^[ \t]{0,40}[a-z_-]{0,30}?(?:chapters?|kapitel|chapitres?|cap[ií]tulos?|capitoli|timestamps|marks|markers)"
    r"[a-z_-]{0,20}[ \t]{0,10}:[ \t]{0,10}(?:$|\[)",
    re.M,
)


def read(text: str) -> list[Found]:
    for pattern in (_LIST_ITEM, _CHAPTERS_KEY):
        if (first := pattern.search(text)) is not None and len(found := _read_block(text, first.start())) >= 2:
            return found
    return []


def _read_block(text: str, start: int) -> list[Found]:
    block = _block_from(text, start)
    base_line = text.count("\n", 0, start) + 1
    parsed = composed(block, base_line)
    if parsed is None:
        return []
    loader, node = parsed
    try:
        data = loader.construct_document(node)  # type: ignore[no-untyped-call]
    except yaml.YAMLError:
        return []
    finally:
        loader.dispose()
    keyed = isinstance(data, dict) and len(data) == 1
    if keyed:  # the `chapters:` key itself
        data = next(iter(data.values()))
    items = chapter_items(data)
    found = found_in(items, lambda place: base_line + place)
    # Under a key every item is a chapter: else it is a list of something else, or Markdown read as YAML.
    return [] if keyed and len(found) < len(items) else found


def _block_from(text: str, start: int) -> str:
    """The YAML list (or `chapters:` key) that starts at `start`: its lines until one less indented
    than its items (for a key: one as little indented as the key, unless it is one of its `- ` items)."""
    lines = text[start:].splitlines()
    indent = len(lines[0]) - len(lines[0].lstrip())
    keyed = not lines[0].lstrip().startswith("-")
    block = [lines[0][indent:]]
    for line in lines[1:]:
        depth = len(line) - len(line.lstrip())
        if line.strip() and (depth < indent or (keyed and depth == indent and not line.lstrip().startswith("- "))):
            break
        if line.strip() == "---":
            break
        block.append(line[indent:])
    return "\n".join(block)

