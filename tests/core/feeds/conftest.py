"""The feed tests' world, fresh for each test."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.feeds.service import FeedService
from tests.core.feeds.world import World
from tests.support.feedserver import LOOPBACK_ONLY, feed_server
from tests.support.paths import SEED


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data)
    async with feed_server() as host, await SqliteStore.open(tmp_path / "bot.db") as store:
        catalog = CatalogService(store, data)
        await catalog.start()
        feeds = FeedService(store, catalog, LOOPBACK_ONLY)
        try:
            yield World(host, feeds, catalog, store, data)
        finally:
            await feeds.close()
