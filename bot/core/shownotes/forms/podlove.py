"""Podlove Simple Chapters: `<psc:chapter start="00:01:02.500" title="Intro" />` elements, as feeds
carry them (a namespace prefix other than `psc:` works too)."""

from __future__ import annotations

import html
import re

from bot.core.shownotes.model import Found
from bot.core.shownotes.text import numbered
from bot.core.shownotes.times import read_time
from bot.core.shownotes.titles import clean_title

NAME = "Podlove Simple Chapters"
_CHAPTER = re.compile(r"<(?:\w{1,20}:)?chapter\b([^<>]{0,3000})>", re.I)
_ATTRIBUTE = re.compile(r"""(\w{1,20})\s{0,5}=\s{0,5}(?:"([^"]{0,2000})"|'([^']{0,2000})')""")


def read(text: str) -> list[Found]:
    if "chapter" not in text.casefold():
        return []
    found: list[Found] = []
    for line, element in numbered(_CHAPTER, text):
        attributes = {m[1].casefold(): m[2] if m[2] is not None else m[3] for m in _ATTRIBUTE.finditer(element[1])}
        start = attributes.get("start")
        read_start = read_time(start) if start else None
        if read_start is None and start and start.replace(".", "", 1).isdigit():
            read_start = (int(float(start)), None)  # plain seconds
        if read_start is None:
            continue
        title = clean_title(html.unescape(attributes.get("title", "")))
        found.append(Found(line, read_start[0], title, start or "", read_start[1]))
    return found
