"""A refreshed episode merged with its file, so that nothing written by hand is lost.

How a hand edit is recognised: the database keeps, for every episode a feed wrote, the episode as
the feed last gave it (FeedItem.written). A field whose value in the file differs from that is a
hand edit, and the file's value stays; every other field takes the feed's new value. Per chapter
(matched by start time) the same holds for title, kind, summary and keywords; if someone added,
removed or moved chapters, or the feed moved or dropped a chapter someone edited, the file's
chapter list stays as it is: hand work is never lost to a refresh. The `note` and `id` are never
taken from a feed.
"""

from __future__ import annotations

from dataclasses import fields, replace

from bot.core.episodes import Chapter, Episode

_FEED_FIELDS = tuple(f.name for f in fields(Episode) if f.name not in ("id", "note", "chapters"))
_CHAPTER_FIELDS = ("title", "kind", "summary", "keywords")


def merge(fresh: Episode, in_file: Episode, last_written: Episode) -> Episode:
    """`fresh` from the feed, keeping every field of `in_file` that differs from `last_written`."""
    changes = {
        name: getattr(fresh, name)
        for name in _FEED_FIELDS
        if getattr(in_file, name) == getattr(last_written, name)
    }
    changes["chapters"] = _merge_chapters(fresh.chapters, in_file.chapters, last_written.chapters)
    return replace(in_file, **changes)


def _merge_chapters(
    fresh: tuple[Chapter, ...], in_file: tuple[Chapter, ...], last_written: tuple[Chapter, ...]
) -> tuple[Chapter, ...]:
    if [c.start for c in in_file] != [c.start for c in last_written]:
        return in_file  # chapters added, removed or moved by hand: the list is theirs now
    file_at = {c.start: c for c in in_file}
    written_at = {c.start: c for c in last_written}
    edited = {start for start, mine in file_at.items() if mine != written_at[start]}
    if not edited <= {c.start for c in fresh}:
        return in_file  # the feed moved or dropped a chapter someone wrote for
    merged = []
    for chapter in fresh:
        mine, theirs = file_at.get(chapter.start), written_at.get(chapter.start)
        if mine is not None and theirs is not None:
            kept = {name: getattr(mine, name) for name in _CHAPTER_FIELDS if getattr(mine, name) != getattr(theirs, name)}
            chapter = replace(chapter, **kept)
        merged.append(chapter)
    return tuple(merged)
