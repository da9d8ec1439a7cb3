"""Discord allows one IDENTIFY per 5 s in each bucket (shard id modulo max_concurrency) across the
whole bot. Two bot processes starting together on one real PostgreSQL take turns through it, and a
turn held by a process that died does not block the others. The interval is shortened for the
tests (SEGMENT_BOT_IDENTIFY_SECONDS); the bot's default is Discord's 5 s."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from bot.core.db.cluster import turn_key
from tests.support.bot_process import BotProcess, eventually, start_bot_process
from tests.support.fakediscord import FakeDiscord

INTERVAL = 1.5


async def start(fake: FakeDiscord, database: str, folder: Path, name: str, shards: str, count: int) -> BotProcess:
    return await start_bot_process(fake, database, folder, name=name, args=("--shards", shards, "--shard-count", str(count)),
                                   env={"SEGMENT_BOT_IDENTIFY_SECONDS": str(INTERVAL)})  # fmt: skip


@pytest.mark.parametrize("max_concurrency", [1, 2])
async def test_processes_starting_together_identify_one_per_interval_in_each_bucket(
    fake_discord: FakeDiscord, postgres_url: str, tmp_path: Path, max_concurrency: int
) -> None:
    fake_discord.shard_count = 4
    fake_discord.max_concurrency = max_concurrency
    bots = await asyncio.gather(start(fake_discord, postgres_url, tmp_path, "first", "0-1", 4),
                                start(fake_discord, postgres_url, tmp_path, "second", "2-3", 4))  # fmt: skip
    try:
        async def all_connected() -> bool:
            for bot in bots:
                assert bot.running, bot.log_text()
            return fake_discord.gateway.shards == [(shard, 4) for shard in range(4)]

        await eventually(all_connected, within=60, what="four shards in two processes connected")
    finally:
        for bot in bots:
            bot.kill()
            await bot.process.wait()
    for bucket in range(max_concurrency):
        times = sorted(at for shard, _, at in fake_discord.gateway.identifies if shard % max_concurrency == bucket)
        assert len(times) == 4 // max_concurrency
        gaps = [later - earlier for earlier, later in zip(times, times[1:])]
        assert min(gaps) >= INTERVAL, f"bucket {bucket}: identifies {gaps} s apart"


async def test_a_turn_held_by_a_process_that_died_does_not_block_the_others(
    fake_discord: FakeDiscord, postgres_url: str, tmp_path: Path
) -> None:
    # Another process is taking its turn to identify: it holds the turn's lock, in a transaction.
    holder = await asyncpg.connect(postgres_url)
    await holder.execute("BEGIN")
    await holder.execute("SELECT pg_advisory_xact_lock(hashtext($1))", turn_key("identify 0"))
    bot = await start(fake_discord, postgres_url, tmp_path, "waiting", "1", 2)
    try:
        await eventually(lambda: _synced(fake_discord), within=30, what="the bot logging in")
        await asyncio.sleep(2 * INTERVAL)
        assert not fake_discord.gateway.identifies  # it waits for its turn

        holder.terminate()  # the holder dies: its connection closes and PostgreSQL frees the lock

        async def identified() -> bool:
            return bool(fake_discord.gateway.identifies)

        await eventually(identified, within=10, what="the bot identifying once the holder died")
    finally:
        bot.kill()
        await bot.process.wait()


async def _synced(fake: FakeDiscord) -> bool:
    return fake.sync_count >= 1
