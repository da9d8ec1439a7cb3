"""One catalog as it serves: its search index, and what an empty question suggests.

Built once per reload (in the reload's worker thread) and never changed: a question reads the
catalog that was current when it arrived, whatever a reload swaps in meanwhile.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import islice

from rapidfuzz import fuzz, process

from bot.core.episodes import Episode
from bot.core.search import Match, SearchIndex
from bot.core.text import fold
from bot.core.yielding import paced

STARTING_POINTS = 25  # what an empty question suggests: as many as an autocomplete answer holds


@dataclass(frozen=True)
class Catalog:
    """One catalog as it serves: its search index, and what an empty question suggests.

    Discord asks for suggestions with an empty box every time a member opens /segment, so those
    suggestions are worked out here, once per catalog (in the reload's worker thread), and an empty
    autocomplete costs the same at 100 chapters as at a million. So are the folded episode names
    the episode option matches against.
    """

    index: SearchIndex
    loaded_at: float = field(default_factory=time.time)
    _starts: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _overall_starts: tuple[tuple[Episode, int], ...] = field(init=False, repr=False, compare=False)
    _episode_names: list[str] = field(init=False, repr=False, compare=False)  # what the episode option matches
    _chapter_count: int = field(init=False, repr=False, compare=False)  # published chapters (search adds none)

    def __post_init__(self) -> None:
        # Built in a reload's worker thread: paced, since folding 4,000 names held up questions for 90 ms.
        starts = {e.id: _first_chapters(e) for e in paced(self.episodes)}
        overall = ((e, i) for e in self.episodes for i in starts[e.id])
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_overall_starts", tuple(islice(overall, STARTING_POINTS)))
        object.__setattr__(self, "_episode_names", [fold(f"{e.podcast} {e.title} {e.id}") for e in paced(self.episodes, 64)])
        object.__setattr__(self, "_chapter_count", sum(len(e.chapters) for e in self.episodes))

    @property
    def episodes(self) -> list[Episode]:
        return self.index.listed

    @property
    def chapter_count(self) -> int:
        return self._chapter_count

    def find_episodes(self, text: str, *, limit: int) -> list[Episode]:
        """Episodes whose podcast, title or id resemble `text`, best first; all (in order) for no text."""
        query = fold(text)
        if not query:
            return self.episodes[:limit]
        found = process.extract(query, self._episode_names, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [self.episodes[i] for _, _, i in found]

    def starting_points(self, episode: str | None = None) -> list[Match]:
        """An empty question's suggestions: the episode's chapters in order (the catalog's first
        chapters with no episode), sponsors left out; an unknown episode has none."""
        if episode is None:
            return [Match(e, i, 100.0) for e, i in self._overall_starts]
        found = self.index.episode(episode)
        return [] if found is None else [Match(found, i, 100.0) for i in self._starts[episode]]


def _first_chapters(episode: Episode) -> tuple[int, ...]:
    content = (i for i, chapter in enumerate(episode.chapters) if chapter.kind != "sponsor")
    return tuple(islice(content, STARTING_POINTS))
