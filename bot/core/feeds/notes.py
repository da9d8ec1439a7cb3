"""The chapter list in an episode's description, read by the show-notes reader.

Until the show-notes reader exposes `read_chapters(text, duration=)` (issue 9's entry point), this
reads the description the way `ingest` reads a notes file, with a title line put in front.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..episode_files import InvalidData
from ..episodes import Chapter
from ..shownotes import parse_show_notes


@dataclass(frozen=True)
class ChapterList:
    chapters: tuple[Chapter, ...] = ()
    warnings: list[str] = field(default_factory=list)


def read_chapters(text: str, *, duration: int | None = None) -> ChapterList:
    notes = f"Episode\n\n{text}\n" + (f"Duration: {duration // 3600:02d}:{duration // 60 % 60:02d}:{duration % 60:02d}\n" if duration else "")
    try:
        ingested = parse_show_notes(notes, Path("description"), episode_id="episode", podcast="podcast")
    except InvalidData:
        return ChapterList()
    return ChapterList(ingested.episode.chapters, [w.message for w in ingested.warnings])
