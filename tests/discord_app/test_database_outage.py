"""A PostgreSQL outage longer than the store's retry window, twice over: no question waits for the
database. Every server keeps the settings it had (a restricted channel stays restricted, whether or
not the server asked anything before), each answer beats Discord's 3 s deadline (the fake enforces
it), a settings change is answered "I couldn't save that" in time, and when the database is back
everything resumes: changes are saved, and changes made by another process are heard."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.core.db import cluster, postgres
from bot.core.db.postgres import PostgresStore
from bot.discord_app.runner import open_bot
from bot.settings import Settings
from tests.support.bot_process import eventually
from tests.support.bots import MANAGE_GUILD
from tests.support.fakediscord import Channel, FakeDiscord, Guild
from tests.support.postgres import PostgresServer

# The store retries a lost database for RECONNECT_SECONDS (30) before it gives up; shortened here so
# that two outages longer than it fit in a test. Nothing on a question's path may depend on it.
RETRY_WINDOW = 3.0
OUTAGE = RETRY_WINDOW + 2.0


class Podcasts:
    """Three servers: one restricted to #general that asked before the outage, one restricted the
    same way that never asked, and one with no settings."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.asked, self.quiet, self.plain = (fake.add_guild(name) for name in ("Asked", "Quiet", "Plain"))
        self.general = {g.id: fake.add_channel(g, "general") for g in (self.asked, self.quiet, self.plain)}
        self.offtopic = {g.id: fake.add_channel(g, "off-topic") for g in (self.asked, self.quiet, self.plain)}
        self.admins = {g.id: fake.add_member(g, "admin", permissions=MANAGE_GUILD) for g in (self.asked, self.quiet, self.plain)}

    async def segment(self, guild: Guild, channel: Channel) -> str:
        """What /segment answers there: "embed" or the private note's text. The fake refuses (and
        the test fails on) an answer later than Discord's 3 s."""
        # A new member each time: one member asking again and again runs into /segment's cooldown.
        member = self.fake.add_member(guild, f"listener {len(guild.members)}")
        interaction = await self.fake.slash("segment", {"query": "habenula"}, guild=guild, channel=channel, member=member)
        response = await interaction.response()
        return "embed" if response.embeds else response.content or ""

    def restricted(self, guild: Guild) -> str:
        return f"In this server I answer in <#{self.general[guild.id].id}>."

    async def config(self, guild: Guild, command: str, options: dict | None = None) -> str:
        interaction = await self.fake.slash(command, options or {}, guild=guild, member=self.admins[guild.id])
        return (await interaction.response()).content or ""


async def test_questions_keep_their_settings_and_their_deadline_through_two_outages(
    fake_discord: FakeDiscord, postgres_server: PostgresServer, postgres_url: str, bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(postgres, "RECONNECT_SECONDS", RETRY_WINDOW)
    monkeypatch.setattr(cluster, "RECONNECT_SECONDS", RETRY_WINDOW)
    world = Podcasts(fake_discord)
    async with await PostgresStore.open(postgres_url) as earlier:  # settings from an earlier run
        for guild in (world.asked, world.quiet):
            await earlier.add_channel(guild.id, world.general[guild.id].id)
    loop = asyncio.get_running_loop()

    async with open_bot(replace(bot_settings, database=postgres_url), guild_ready_timeout=0.05) as bot:
        async with fake_discord.running(bot):
            assert await world.segment(world.asked, world.offtopic[world.asked.id]) == world.restricted(world.asked)
            for outage in (1, 2):
                await asyncio.to_thread(postgres_server.stop)
                try:
                    began = loop.time()
                    while loop.time() - began < OUTAGE:
                        for guild in (world.asked, world.quiet):
                            assert await world.segment(guild, world.offtopic[guild.id]) == world.restricted(guild)
                            assert await world.segment(guild, world.general[guild.id]) == "embed"
                        assert await world.segment(world.plain, world.offtopic[world.plain.id]) == "embed"
                        refused = await world.config(world.plain, "config channels add", {"channel": world.general[world.plain.id].id})
                        assert refused.startswith("I couldn't save that: the bot's database cannot be written right now.")
                        assert "only in" in await world.config(world.quiet, "config channels list")
                        await asyncio.sleep(0.2)
                finally:
                    await asyncio.to_thread(postgres_server.start)

                # Back: a change here is saved, and one made by another process is heard.
                added = await world.config(world.plain, "config channels add", {"channel": world.general[world.plain.id].id})
                assert "added" in added
                assert await world.segment(world.plain, world.offtopic[world.plain.id]) == world.restricted(world.plain)
                async with await PostgresStore.open(postgres_url) as other:
                    await other.clear_channels(world.plain.id)

                async def answers_everywhere() -> bool:
                    return await world.segment(world.plain, world.offtopic[world.plain.id]) == "embed"

                await eventually(answers_everywhere, within=10, what=f"the other process's change heard after outage {outage}")
