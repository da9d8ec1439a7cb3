"""An episode's chapters from what its feed offers, in order of trust.

1. the Podcasting 2.0 chapters JSON the item links to (`podcast:chapters`): written for players;
2. Podlove Simple Chapters in the item itself (`psc:chapters`);
3. a chapter list in the description or `content:encoded`, read by the show-notes reader.

Each source's chapters pass one check: titled, in order, before the end of the episode; what fails
is dropped with a warning naming it. A source that yields nothing (missing, malformed, empty)
falls through to the next one with a warning; no chapter list at all is not an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from ..episode_files import MAX_TITLE
from ..episodes import Chapter, format_timestamp
from .html_text import html_to_text
from .notes import read_chapters


@dataclass(frozen=True)
class Chapters:
    chapters: tuple[Chapter, ...]
    source: str  # "chapters JSON", "psc:chapters", "show notes" or "none"
    warnings: list[str]


def checked(raw: Iterable[tuple[float, str]], duration: int | None, source: str) -> tuple[tuple[Chapter, ...], list[str]]:
    """Chapters from (start seconds, title) pairs; each one that cannot be used is dropped with a warning."""
    chapters: list[Chapter] = []
    warnings: list[str] = []
    for number, (start, title) in enumerate(raw, 1):
        seconds, title = int(start), " ".join(title.split())
        if not title:
            warnings.append(f"{source}: chapter {number} has no title; dropped")
        elif chapters and seconds <= chapters[-1].start:
            warnings.append(f"{source}: chapter {number} ({title[:60]!r}) at {format_timestamp(seconds)} "
                            f"is not after the one before it; dropped")  # fmt: skip
        elif duration and seconds >= duration:
            warnings.append(f"{source}: chapter {number} ({title[:60]!r}) starts past the episode's end; dropped")
        else:
            if len(title) > MAX_TITLE:
                title = title[: MAX_TITLE - 1].rstrip() + "…"
            chapters.append(Chapter(seconds, title))
    return tuple(chapters), warnings


def from_chapters_json(body: bytes) -> list[tuple[float, str]]:
    """(start, title) pairs of a Podcasting 2.0 chapters file; ValueError saying what is wrong."""
    try:
        raw: Any = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not JSON ({error})") from None
    items = raw.get("chapters") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise ValueError("no 'chapters' list")
    pairs = []
    for item in items:
        if not isinstance(item, dict) or item.get("toc") is False:
            continue  # toc: false marks a chapter players do not list (e.g. a picture change)
        start, title = item.get("startTime"), item.get("title")
        if isinstance(start, (int, float)) and not isinstance(start, bool) and start >= 0 and isinstance(title, str):
            pairs.append((float(start), title))
    if not pairs:
        raise ValueError("no chapter with a startTime and a title")
    return pairs


def from_psc(psc: Any) -> list[tuple[float, str]]:
    """(start, title) pairs of feedparser's reading of `psc:chapters`."""
    items = psc.get("chapters", []) if isinstance(psc, dict) else []
    return [
        (item["start_parsed"].total_seconds(), str(item.get("title", "")))
        for item in items
        if isinstance(item, dict) and item.get("start_parsed") is not None
    ]


def best_chapters(
    *, chapters_json: bytes | None, chapters_json_error: str | None, psc: Any, notes_html: str, duration: int | None
) -> Chapters:
    """The chapters of the most trusted source that has any, and every warning met on the way."""
    warnings: list[str] = []
    if chapters_json_error:
        warnings.append(f"chapters JSON: {chapters_json_error}; using the next source")
    if chapters_json is not None:
        try:
            found, dropped = checked(from_chapters_json(chapters_json), duration, "chapters JSON")
        except ValueError as error:
            warnings.append(f"chapters JSON is malformed: {error}; using the next source")
        else:
            if found:
                return Chapters(found, "chapters JSON", warnings + dropped)
            warnings.extend(dropped)
    if psc:
        found, dropped = checked(from_psc(psc), duration, "psc:chapters")
        if found:
            return Chapters(found, "psc:chapters", warnings + dropped)
        warnings.extend(dropped)
    if notes_html:
        listed = read_chapters(html_to_text(notes_html), duration=duration)
        found, dropped = checked(((c.start, c.title) for c in listed.chapters), duration, "show notes")
        if found:
            kinds = {c.start: c.kind for c in listed.chapters}
            return Chapters(tuple(Chapter(c.start, c.title, kinds.get(c.start, "content")) for c in found),
                            "show notes", warnings + listed.warnings + dropped)  # fmt: skip
    return Chapters((), "none", warnings)
