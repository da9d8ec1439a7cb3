"""An episode's chapters from what its feed offers, in order of trust.

1. the Podcasting 2.0 chapters JSON the item links to (`podcast:chapters`): written for players;
2. Podlove Simple Chapters in the item itself (`psc:chapters`);
3. a chapter list in the description or `content:encoded`.

The first two are written by machines and are taken as written: a start time is read as its format
defines it (seconds in JSON; Podlove's `HH:MM:SS.mmm`, `MM:SS` or plain seconds), the fraction of a
second dropped, and a title is kept whole ("Politik und Firmenpolitik (Teil 1)", "#fragfs: Bitcoin"),
its spaces tidied. Chapters listed out of order are sorted, with a warning; one at the same time as
another, past the episode's end, without a title or with an unreadable time is dropped with a
warning. None of the show-notes heuristics for typed times touches them: those are for people's
notes, read by the show-notes reader's `read_chapters` (source 3).

A source that yields nothing (missing, malformed, empty) falls through to the next one with a
warning; no chapter list at all is not an error.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from bot.core.episodes import Chapter, format_timestamp
from bot.core.episodes.format import MAX_TITLE
from bot.core.shownotes import read_chapters
from bot.core.shownotes.kinds import kinds
from bot.core.text import clip

_LAST_START = 100 * 3600 - 1  # an episode file's times run to 99:59:59
# Podlove's Normal Play Time: [[H:]M:]S[.fraction]; more digits than these is no time of an episode.
_NPT = re.compile(r"(?:(?:(\d{1,3}):)?(\d{1,3}):)?(\d{1,7})(?:\.\d{1,9})?")


@dataclass(frozen=True)
class Chapters:
    chapters: tuple[Chapter, ...]
    source: str  # "chapters JSON", "psc:chapters", "show notes" or "none"
    warnings: list[str]


Timed = tuple[int | None, str]  # a chapter as listed: its start in seconds (None: unreadable) and title


def best_chapters(
    *, chapters_json: bytes | None, chapters_json_error: str | None, psc: Any, notes_html: str, duration: int | None
) -> Chapters:
    """The chapters of the most trusted source that has any, and every warning met on the way."""
    warnings: list[str] = []
    if chapters_json_error:
        warnings.append(f"chapters JSON: {chapters_json_error}; using the next source")
    structured = [("chapters JSON", _json_chapters(chapters_json)), ("psc:chapters", _psc_chapters(psc))]
    for source, listed in structured:
        if isinstance(listed, str):
            warnings.append(f"{source} is malformed: {listed}; using the next source")
            continue
        chapters, notes = _as_written(listed, duration)
        warnings.extend(f"{source}: {note}" for note in notes)
        if chapters:
            return Chapters(chapters, source, warnings)
        if listed:
            warnings.append(f"{source}: no chapter could be used; using the next source")
    if notes_html.strip():
        found = read_chapters(notes_html, duration=duration)
        if found.chapters:
            return Chapters(found.chapters, "show notes", warnings + [f"show notes: {w}" for w in found.warnings])
    return Chapters((), "none", warnings)


def _json_chapters(data: bytes | None) -> list[Timed] | str:
    """Podcasting 2.0 chapters (`{"chapters": [{"startTime": 12.5, "title": "..."}]}`), entries with
    `"toc": false` left out; a reason when the file is no such thing. Empty when there is no file."""
    if data is None:
        return []
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:  # RecursionError: nesting deeper than any chapters file
        return f"not JSON ({str(error)[:100] or type(error).__name__})"
    items = document.get("chapters") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return 'no "chapters" list'
    listed: list[Timed] = []
    for item in items:
        if not isinstance(item, dict) or item.get("toc") is False:
            continue
        title = item.get("title")
        listed.append((_json_seconds(item.get("startTime")), title if isinstance(title, str) else ""))
    return listed


def _json_seconds(start: object) -> int | None:
    """A number of seconds, as the format writes it (a string of one is read too)."""
    if isinstance(start, str):
        return _npt_seconds(start)
    if isinstance(start, int | float) and not isinstance(start, bool) and math.isfinite(start) and start >= 0:
        return int(start) if start <= _LAST_START else _LAST_START + 1
    return None


def _psc_chapters(psc: Any) -> list[Timed]:
    """Podlove Simple Chapters as feedparser reads them: a start in Normal Play Time and a title."""
    items = psc.get("chapters", []) if isinstance(psc, dict) else []
    return [(_npt_seconds(str(item.get("start", ""))), str(item.get("title") or "")) for item in items if isinstance(item, dict)]


def _npt_seconds(text: str) -> int | None:
    """`01:35:00.034` -> 5700, `02:03` -> 123, `59.12` -> 59; None for anything else."""
    match = _NPT.fullmatch(text.strip()) if len(text) <= 40 else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    if (match[2] and seconds >= 60) or (match[1] and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + seconds


def _as_written(listed: list[Timed], duration: int | None) -> tuple[tuple[Chapter, ...], list[str]]:
    """The chapters in order of their starts, and a note for each one moved, dropped or shortened."""
    notes: list[str] = []
    readable: list[tuple[int, str]] = []
    for start, title in listed:
        # Tidied spaces; half a character (a lone surrogate JSON can hold) is no text an episode file takes.
        title = " ".join(title.encode("utf-8", "replace").decode("utf-8").split())
        name = repr(clip(title, 60)) if title else "without a title"
        if start is None or start > _LAST_START:
            notes.append(f"chapter {name} has no start time that can be read; dropped")
        elif not title:
            notes.append(f"chapter at {format_timestamp(start)} has no title; dropped")
        elif duration is not None and start >= duration:
            notes.append(f"chapter {name} starts at {format_timestamp(start)}, after the episode ends ({format_timestamp(duration)}); dropped")
        else:
            readable.append((start, title))
    in_order = sorted(readable, key=lambda chapter: chapter[0])  # stable: equal starts keep their order
    if in_order != readable:
        moved = next(chapter for chapter, placed in zip(readable, in_order) if chapter != placed)
        notes.append(f"chapters listed out of order (first: {clip(moved[1], 60)!r} at {format_timestamp(moved[0])}); sorted by start time")
    kept: list[tuple[int, str]] = []
    for start, title in in_order:
        if kept and kept[-1][0] == start:
            notes.append(f"chapter {clip(title, 60)!r} starts at the same time as {clip(kept[-1][1], 60)!r}; dropped")
            continue
        if len(title) > MAX_TITLE:
            notes.append(f"chapter at {format_timestamp(start)}: title of {len(title)} characters cut to {MAX_TITLE}")
            title = clip(title, MAX_TITLE)
        kept.append((start, title))
    found_kinds = kinds([start for start, _ in kept], [title for _, title in kept], duration)
    return tuple(Chapter(start, title, kind) for (start, title), kind in zip(kept, found_kinds, strict=True)), notes
