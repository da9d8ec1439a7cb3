"""Chapter lists kept as records in YAML under a key of any name: `sections:` / `- title: Releases` /
`time: 1:52`, `timeline:` / `- time: 00:03:19` / `content: ...`, in a front matter or in a notes file
that is one YAML document (an episode record: its first line a `key:`). Every list of two or more
mappings, at any depth, is tried; a list is a chapter list when every record holds a time and a
title by the shape of its values (structured.record_columns), and the longest such list is read.
Loaded with safe_yaml's loader, a clock kept as written."""

from __future__ import annotations

import re

import yaml

from bot.core.shownotes.front_matter import nodes, parsed_front_matter
from bot.core.shownotes.model import Found, Unreadable
from bot.core.shownotes.safe_yaml import ClockLoader, composed
from bot.core.shownotes.structured import found_in

NAME = "YAML records"
_YAML_START = re.compile(r"[A-Za-z_][\w-]{0,40}:(?:[ \t]|$)")  # a document that opens with a key


def read(text: str) -> list[Found]:
    parsed = parsed_front_matter(text, ClockLoader) if "---" in text else None
    if parsed is None and _YAML_START.match(text):
        try:
            parsed = composed(text, 1, ClockLoader)
        except Unreadable:
            return []  # notes that only open like YAML (`Note: ...` over `*bold*` lines): no warning
    if parsed is None:
        return []
    loader, root = parsed
    best: list[Found] = []
    try:
        for node in nodes(root):
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            if len(items) < 2 or not all(isinstance(item, yaml.MappingNode) for item in items):
                continue
            records = loader.construct_object(node, deep=True)  # type: ignore[no-untyped-call]
            found = found_in(records, lambda place, items=items: loader.line_of(items[place].start_mark))
            if len(found) == len(records) and len(found) > len(best):
                best = found
    except yaml.YAMLError:
        return []
    finally:
        loader.dispose()
    return best
