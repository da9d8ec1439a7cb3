"""An episode's chapters from what its feed offers, in order of trust.

1. the Podcasting 2.0 chapters JSON the item links to (`podcast:chapters`): written for players;
2. Podlove Simple Chapters in the item itself (`psc:chapters`);
3. a chapter list in the description or `content:encoded`.

All three are read by the show-notes reader's `read_chapters`, which knows each of these forms and
checks the times the same way for all (in order, before the end, titled), dropping what it cannot
place with a warning. A source that yields nothing (missing, malformed, empty) falls through to the
next one with a warning; no chapter list at all is not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from bot.core.episodes import Chapter
from bot.core.shownotes import read_chapters


@dataclass(frozen=True)
class Chapters:
    chapters: tuple[Chapter, ...]
    source: str  # "chapters JSON", "psc:chapters", "show notes" or "none"
    warnings: list[str]


def psc_text(psc: Any) -> str:
    """feedparser's reading of `psc:chapters`, written back as the elements the reader knows."""
    items = psc.get("chapters", []) if isinstance(psc, dict) else []
    return "\n".join(
        f'<psc:chapter start="{escape(str(item.get("start", "")))}" title="{escape(str(item.get("title", "")))}"/>'
        for item in items
        if isinstance(item, dict)
    )


def best_chapters(
    *, chapters_json: bytes | None, chapters_json_error: str | None, psc: Any, notes_html: str, duration: int | None
) -> Chapters:
    """The chapters of the most trusted source that has any, and every warning met on the way."""
    warnings: list[str] = []
    if chapters_json_error:
        warnings.append(f"chapters JSON: {chapters_json_error}; using the next source")
    sources = [
        ("chapters JSON", chapters_json.decode("utf-8", "replace") if chapters_json is not None else ""),
        ("psc:chapters", psc_text(psc)),
        ("show notes", notes_html),
    ]
    for source, text in sources:
        if not text.strip():
            continue
        listed = read_chapters(text, duration=duration)
        if listed.chapters:
            return Chapters(listed.chapters, source, warnings + [f"{source}: {w}" for w in listed.warnings])
        if source != "show notes":  # notes without a chapter list are common, not worth a warning
            warnings.append(f"{source} is malformed: {listed.problem}; using the next source")
    return Chapters((), "none", warnings)
