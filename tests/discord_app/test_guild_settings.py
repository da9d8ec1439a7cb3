"""The servers' settings in memory (bot/discord_app/guild_settings.py): reads racing with changes.
A read that started before a change must never put back what the change replaced, and a change
must be in memory when its reply goes out, whatever other reads run meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.db import GuildSettings
from bot.core.db.sqlite import SqliteStore
from bot.discord_app.guild_settings import GuildSettingsCache


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with await SqliteStore.open(tmp_path / "bot.db") as opened:
        yield opened


async def test_a_read_of_every_server_that_began_before_a_change_does_not_undo_it(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = GuildSettingsCache(store)
    await cache.load()
    answered = asyncio.Event()
    read_all = store.all_guild_settings

    async def late_answer() -> dict[int, GuildSettings]:
        before = await read_all()  # read before the change below...
        await answered.wait()  # ...and delivered after it
        return before

    monkeypatch.setattr(store, "all_guild_settings", late_answer)
    stale = asyncio.create_task(cache.refresh())  # as when the listener reconnects
    await asyncio.sleep(0.05)
    assert await cache.add_channel(1, 10)
    answered.set()
    await stale
    assert await cache.get(1) == GuildSettings((10,))


async def test_a_change_is_in_memory_when_its_reply_goes_out_while_another_read_runs(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = GuildSettingsCache(store)
    await cache.load()
    read_one = store.guild_settings
    held = asyncio.Event()
    others: list[asyncio.Task[GuildSettings]] = []

    async def with_a_notification_meanwhile(guild_id: int) -> GuildSettings:
        if not others:  # the change's own read-back: its notification's read starts meanwhile and is slow
            others.append(asyncio.create_task(cache.refresh(guild_id)))
            await asyncio.sleep(0)
        else:
            await held.wait()
        return await read_one(guild_id)

    monkeypatch.setattr(store, "guild_settings", with_a_notification_meanwhile)
    assert await cache.add_channel(1, 10)
    assert await cache.get(1) == GuildSettings((10,))
    held.set()
    await others[0]
    assert await cache.get(1) == GuildSettings((10,))
