"""What a reload changed, counted the way a moderator thinks of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.episodes import Episode
from bot.core.yielding import Pacer


@dataclass(frozen=True)
class Changes:
    """What a reload changed, counted the way a moderator thinks of it."""

    episodes_added: list[str] = field(default_factory=list)
    episodes_removed: list[str] = field(default_factory=list)
    episodes_changed: list[str] = field(default_factory=list)
    chapters_added: int = 0
    chapters_removed: int = 0
    chapters_changed: int = 0

    @property
    def any(self) -> bool:
        return bool(
            self.episodes_added or self.episodes_removed or self.episodes_changed
            or self.chapters_added or self.chapters_removed or self.chapters_changed
        )  # fmt: skip

    @classmethod
    def between(cls, old: list[Episode], new: list[Episode]) -> Changes:
        before = {e.id: e for e in old}
        after = {e.id: e for e in new}
        added = [i for i in after if i not in before]
        removed = [i for i in before if i not in after]
        pace = Pacer()  # a reload runs this in a worker thread while questions are answered
        changed = []
        for i in after:
            pace()
            # A reload shares unchanged episodes with the catalog before it: the same object.
            if i in before and after[i] is not before[i] and after[i] != before[i]:
                changed.append(i)
        chapters_added = sum(len(after[i].chapters) for i in added)
        chapters_removed = sum(len(before[i].chapters) for i in removed)
        chapters_changed = 0
        for i in changed:
            pace()
            # Chapters are matched by start time: a retitled chapter is changed, a moved one is
            # removed from its old time and added at its new one.
            old_chapters = {c.start: c for c in before[i].chapters}
            new_chapters = {c.start: c for c in after[i].chapters}
            chapters_added += len(new_chapters.keys() - old_chapters.keys())
            chapters_removed += len(old_chapters.keys() - new_chapters.keys())
            chapters_changed += sum(1 for s in new_chapters.keys() & old_chapters.keys() if new_chapters[s] != old_chapters[s])
        return cls(added, removed, changed, chapters_added, chapters_removed, chapters_changed)
