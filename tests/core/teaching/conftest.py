"""The teaching tests' stores (SQLite and PostgreSQL, each test on both) and the shipped episode's index."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.db import Storage, open_storage
from bot.core.episodes.codec import load_episode_file
from bot.core.search import SearchIndex
from tests.support.paths import SEED


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    where = tmp_path / "bot.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    opened = await open_storage(where)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(scope="module")
def seed() -> SearchIndex:
    return SearchIndex([load_episode_file(SEED)])
