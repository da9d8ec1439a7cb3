"""A local podcast host, a data folder, a database and a catalog: the world the feed tests run in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.feeds.service import FeedService
from tests.support.feedserver import FeedServer


@dataclass
class World:
    host: FeedServer
    feeds: FeedService
    catalog: CatalogService
    store: SqliteStore
    data: Path

    def files(self) -> dict[Path, float]:
        return {p: p.stat().st_mtime_ns for p in self.data.rglob("*.json")}


def episode_item(n: int, **extra: str) -> dict[str, str]:
    return {"guid": f"ep-{n}", "title": f"Episode {n}: Topic {n}", "link": f"https://www.youtube.com/watch?v=abcdefghi{n:02d}",
            "description": f"About topic {n}.\n00:00 Welcome\n05:00 Topic {n} in depth\n20:00 Questions",
            "itunes:duration": "30:00", "pubDate": f"Mon, {n:02d} Jan 2024 10:00:00 +0000", **extra}  # fmt: skip
