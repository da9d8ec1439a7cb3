"""YAML chapter lists: `- start: 00:01:02` / `title: Intro` items (`startTime`, `time`, `start_time`,
`name` also), as site generators keep them, alone or under a `chapters:` key in front matter."""

from __future__ import annotations

import re

import yaml

from bot.core.shownotes.model import Found
from bot.core.shownotes.times import seconds_of
from bot.core.shownotes.titles import clean_title

NAME = "YAML list"
_START_KEYS = ("start", "startTime", "start_time", "time", "timestamp", "begin")
_TITLE_KEYS = ("title", "name", "text", "label")
_LIST_ITEM = re.compile(
    r"^[ \t]{0,40}- [ \t]{0,10}(?:start|startTime|start_time|time|timestamp|begin)[ \t]{0,10}:", re.M
)


def read(text: str) -> list[Found]:
    first = _LIST_ITEM.search(text)
    if first is None:
        return []
    block = _block_from(text, first.start())
    try:
        items = yaml.safe_load(block)
    except yaml.YAMLError:
        return []
    if not isinstance(items, list):
        return []
    base_line = text.count("\n", 0, first.start()) + 1
    found: list[Found] = []
    for offset, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        start = next((item[key] for key in _START_KEYS if key in item), None)
        title = next((item[key] for key in _TITLE_KEYS if key in item), "")
        seconds = seconds_of(start)
        if seconds is not None:
            found.append(Found(base_line + offset, seconds, clean_title(str(title or "")), str(start)))
    return found if len(found) >= 2 else []


def _block_from(text: str, start: int) -> str:
    """The YAML list that starts at `start`: its lines until one less indented than its items."""
    lines = text[start:].splitlines()
    indent = len(lines[0]) - len(lines[0].lstrip())
    block = [lines[0][indent:]]
    for line in lines[1:]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        if line.strip() == "---":
            break
        block.append(line[indent:])
    return "\n".join(block)

