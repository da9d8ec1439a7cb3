"""What the search tests share: the seed index, small episodes, and short ways to read answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.episode_files import load_episode_file
from bot.core.episodes import Chapter, ChapterKind, Episode
from bot.core.search import Answer, SearchIndex

SEED = Path(__file__).resolve().parents[1] / "data" / "huberman-ketamine.json"


@pytest.fixture(scope="module")
def seed() -> SearchIndex:
    return SearchIndex([load_episode_file(SEED)])


def episode(episode_id: str, *chapters: tuple[str, ChapterKind, str, tuple[str, ...]], **fields: object) -> Episode:
    """An episode whose chapters (title, kind, summary, keywords) start a minute apart."""
    return Episode(
        id=episode_id, title=str(fields.pop("title", episode_id.replace("-", " ").title())), podcast=str(fields.pop("podcast", "Test Cast")),
        duration=3600, chapters=tuple(Chapter(60 * i, t, k, s, kw) for i, (t, k, s, kw) in enumerate(chapters)), **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def starts(answer: Answer) -> list[str]:
    return [m.chapter.timestamp for m in answer.results]


def first(index: SearchIndex, question: str, **kwargs: str) -> str | None:
    answer = index.search(question, **kwargs)
    return answer.results[0].chapter.timestamp if answer.results else None
