"""The naive baseline: rapidfuzz over every chapter's "title + summary", per question.

`process.extract(query, choices, scorer=fuzz.WRatio, limit=5)`, the first thing one would write.
To be fair to it, every choice is preprocessed once with `utils.default_process` when the catalog
is loaded (not timed), and each question is preprocessed the same way inside the timed call, with
`processor=None` so that the choices are not processed again per question.
"""

from __future__ import annotations

from typing import Sequence

from rapidfuzz import fuzz, process, utils

from bot.core.episodes import Episode


class Baseline:
    def __init__(self, episodes: Sequence[Episode]) -> None:
        self.choices = [utils.default_process(f"{c.title} {c.summary}") for e in episodes for c in e.chapters]

    def search(self, query: str) -> list[tuple[str, float, int]]:
        return process.extract(utils.default_process(query), self.choices, scorer=fuzz.WRatio, limit=5, processor=None)
