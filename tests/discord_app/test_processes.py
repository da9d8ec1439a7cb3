"""Two bot processes with disjoint shard ranges, one fake Discord, one real PostgreSQL: what one
process changes, the other serves; once-only work moves when its process dies; a database
restart is survived. Each process is `python -m bot run --shards N --shard-count 2` with a data
folder of its own, as on two machines."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess, eventually, start_bot_process
from tests.support.bots import MANAGE_GUILD
from tests.support.fakediscord import FakeDiscord, Guild, Member
from tests.support.postgres import PostgresServer


@dataclass
class World:
    fake: FakeDiscord
    guilds: list[Guild]  # guilds[n] is on shard n
    admins: list[Member]
    processes: list[BotProcess]

    async def reply(self, command: str, options: dict | None = None, *, shard: int, guild: Guild | None = None) -> str:
        guild = guild or self.guilds[shard]
        admin = next(m for m in guild.members.values() if m.name == "admin")
        return (await (await self.fake.slash(command, options or {}, guild=guild, member=admin)).response()).content or ""

    async def segment(self, guild: Guild, channel_name: str) -> object:
        channel = next(c for c in guild.channels.values() if c.name == channel_name)
        # A new member each time: polling as one member would run into /segment's cooldown.
        member = self.fake.add_member(guild, f"listener {len(guild.members)}")
        return await (await self.fake.slash("segment", {"query": "habenula"}, guild=guild, channel=channel, member=member)).response()


async def start_process(fake: FakeDiscord, database: str, shard: int, folder: Path) -> BotProcess:
    """The process of shard `shard` of 2, once it is connected."""
    args = ("--shards", str(shard), "--shard-count", "2")
    # Identifies paced 0.5 s apart instead of Discord's 5 (test_identify_pacing.py tests the pacing).
    started = await start_bot_process(fake, database, folder, name=f"shard-{shard}", args=args,
                                      env={"SEGMENT_BOT_IDENTIFY_SECONDS": "0.5"})  # fmt: skip

    async def connected() -> bool:
        if not started.running:
            raise AssertionError(f"bot process of shard {shard} exited {started.process.returncode}:\n{started.log_text()}")
        return (shard, 2) in fake.gateway.shards

    await eventually(connected, within=30, what=f"shard {shard}'s process connected")
    return started


@pytest.fixture
async def world(fake_discord: FakeDiscord, postgres_url: str, tmp_path: Path) -> AsyncIterator[World]:
    fake_discord.shard_count = 2
    guilds = [fake_discord.add_guild(f"Podcast on shard {shard}", shard=shard) for shard in range(2)]
    for guild in guilds:
        fake_discord.add_channel(guild, "general")
        fake_discord.add_channel(guild, "off-topic")
    admins = [fake_discord.add_member(guild, "admin", permissions=MANAGE_GUILD) for guild in guilds]
    processes = [await start_process(fake_discord, postgres_url, 0, tmp_path)]
    try:
        # The second starts after the first has synced the commands, as a rolling start does.
        processes.append(await start_process(fake_discord, postgres_url, 1, tmp_path))
        yield World(fake_discord, guilds, admins, processes)
    finally:
        for process in processes:
            process.kill()
            await process.process.wait()
    assert fake_discord.sync_count == 1  # the second process found the definitions synced


def _add_episode(data_dir: Path) -> None:
    raw = json.loads((data_dir / "huberman-ketamine.json").read_text())
    second = dict(raw, id="second-episode", chapters=raw["chapters"][:5])
    (data_dir / "second-episode.json").write_text(json.dumps(second))


async def serves_chapters(world: World, shard: int, count: int) -> bool:
    return f"**Catalog**: 2 episodes, {count} chapters" in await world.reply("config show", shard=shard)


async def test_a_settings_change_in_one_process_is_seen_by_the_other_within_2_s(world: World) -> None:
    server = world.guilds[0]
    # Shard 1's process serves the server for a while (as during a resharding) and caches its
    # settings: no channel list, so it answers everywhere.
    await world.fake.move_guild(server, 1)
    assert (await world.segment(server, "off-topic")).embeds
    await world.fake.move_guild(server, 0)
    general = next(c for c in server.channels.values() if c.name == "general")
    assert "added" in await world.reply("config channels add", {"channel": general.id}, shard=0)

    await world.fake.move_guild(server, 1)

    async def restricted() -> bool:
        return getattr(await world.segment(server, "off-topic"), "content", None) == f"In this server I answer in <#{general.id}>."

    await eventually(restricted, within=2, what="shard 1's process answering only in #general")


async def test_a_reload_in_one_process_reaches_both(world: World) -> None:
    chapters = await world.reply("config show", shard=1)
    _add_episode(world.processes[0].data_dir)  # only the first process's folder changes
    assert "episodes added: 1 (second-episode)" in await _reload(world, shard=0)
    total = int(chapters.split("**Catalog**: 1 episodes, ")[1].split(" chapters")[0]) + 5
    await eventually(lambda: serves_chapters(world, 1, total), within=5, what="shard 1's process serving the reload")


async def _reload(world: World, *, shard: int) -> str:
    admin = world.admins[shard]
    interaction = await world.fake.slash("reload", guild=world.guilds[shard], member=admin)
    return (await interaction.followup(0, timeout=20)).content or ""


async def test_once_only_work_moves_when_its_process_dies(world: World) -> None:
    async def leader() -> int | None:
        runs = [s for s in (0, 1) if world.processes[s].running
                and "which runs the once-only work" in await world.reply("config show", shard=s)]  # fmt: skip
        assert len(runs) <= 1, "two processes run the once-only work at once"
        return runs[0] if runs else None

    await eventually(lambda: _is_not_none(leader()), within=5, what="a process leading")
    first = await leader()
    assert first is not None
    world.processes[first].kill()
    await world.processes[first].process.wait()
    other = 1 - first
    await eventually(lambda: _equals(leader(), other), within=5, what="the other process taking the work over")


async def _is_not_none(value: Awaitable[object]) -> bool:
    return await value is not None


async def _equals(value: Awaitable[object], expected: object) -> bool:
    return await value == expected


async def test_a_database_restart_is_survived_and_loses_nothing(world: World, postgres_server: PostgresServer) -> None:
    general = next(c for c in world.guilds[0].channels.values() if c.name == "general")
    assert "added" in await world.reply("config channels add", {"channel": general.id}, shard=0)
    chapters = await world.reply("config show", shard=1)
    _add_episode(world.processes[0].data_dir)

    await asyncio.to_thread(postgres_server.stop)
    # A reload while the database is down: it waits for the database rather than fail.
    reload = await world.fake.slash("reload", guild=world.guilds[0], member=world.admins[0])
    await asyncio.sleep(0.5)
    await asyncio.to_thread(postgres_server.start)

    assert "episodes added: 1 (second-episode)" in ((await reload.followup(0, timeout=20)).content or "")
    # Both processes hear each other again: the reload reaches the other one.
    total = int(chapters.split("**Catalog**: 1 episodes, ")[1].split(" chapters")[0]) + 5
    await eventually(lambda: serves_chapters(world, 1, total), within=5, what="shard 1's process serving the reload")
    # Settings written before the restart are there; writes after it go through.
    assert f"<#{general.id}>" in await world.reply("config show", shard=0)
    general1 = next(c for c in world.guilds[1].channels.values() if c.name == "general")
    assert "added" in await world.reply("config channels add", {"channel": general1.id}, shard=1)
