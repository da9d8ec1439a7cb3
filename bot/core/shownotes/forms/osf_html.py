"""Open Shownotes Format rendered as HTML by Podlove Publisher (as Metaebene feeds carry it):
`<h2 class="osf_chapter">Title</h2> <span class="osf_chaptertime" data-time="118">00:01:58</span>`."""

from __future__ import annotations

from selectolax.parser import HTMLParser

from bot.core.episodes import format_timestamp
from bot.core.shownotes.model import Found
from bot.core.shownotes.times import seconds_of
from bot.core.shownotes.titles import clean_title

NAME = "Open Shownotes Format (HTML)"


def read(text: str) -> list[Found]:
    if "osf_chaptertime" not in text:
        return []
    found: list[Found] = []
    for span in HTMLParser(text).css("span.osf_chaptertime"):
        heading = span.prev
        while heading is not None and heading.tag == "-text" and not (heading.text() or "").strip():
            heading = heading.prev
        seconds = seconds_of(span.attributes.get("data-time") or span.text())
        if heading is None or seconds is None or "osf_chapter" not in (heading.attributes.get("class") or ""):
            continue
        found.append(Found(None, seconds, clean_title(heading.text()), format_timestamp(seconds)))
    return found
