"""The bot sharded: every shard's servers answered, only this process's shards connected, and
/config show naming the shard. All in one process; discord_app/test_processes.py runs several."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.cli import main
from bot.discord_app.client import SegmentBot
from bot.discord_app.runner import open_bot
from bot.settings import Settings, SettingsError, parse_shards
from tests.support.bots import MANAGE_GUILD
from tests.support.fakediscord import FakeDiscord, Guild


async def _no_wait(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py waits 5 s before each IDENTIFY but the first, for Discord's rate limit; the fake has none."""


@contextlib.asynccontextmanager
async def sharded_bot(fake: FakeDiscord, settings: Settings) -> AsyncIterator[SegmentBot]:
    async with open_bot(settings, guild_ready_timeout=0.05) as bot:
        bot.before_identify_hook = _no_wait  # type: ignore[method-assign]
        async with fake.running(bot) as running:
            yield running


def servers(fake: FakeDiscord, shards: int) -> list[Guild]:
    """One server per shard, each with a channel and an admin."""
    fake.shard_count = shards
    guilds = [fake.add_guild(f"Podcast on shard {shard}", shard=shard) for shard in range(shards)]
    for guild in guilds:
        fake.add_channel(guild, "general")
        fake.add_member(guild, "admin", permissions=MANAGE_GUILD)
    return guilds


def admin(guild: Guild):  # noqa: ANN201 - the fake's Member
    return next(m for m in guild.members.values() if m.name == "admin")


async def test_the_bot_shards_as_discord_advises_and_answers_on_every_shard(
    fake_discord: FakeDiscord, bot_settings: Settings
) -> None:
    guilds = servers(fake_discord, 3)
    async with sharded_bot(fake_discord, bot_settings) as bot:
        assert fake_discord.requests_to("GET /gateway/bot")  # asked Discord how many shards
        assert fake_discord.gateway.shards == [(0, 3), (1, 3), (2, 3)]
        for shard, guild in enumerate(guilds):
            answer = await (await fake_discord.slash("segment", {"query": "habenula"}, guild=guild)).response()
            assert answer.embeds and "Habenula" in answer.embeds[0]["title"]
            shown = (await (await fake_discord.slash("config show", guild=guild, member=admin(guild))).response()).content
            assert f"**Shard**: {shard} of 3, served by the process of all shards" in shown
        assert bot.shard_count == 3


async def test_a_shard_range_connects_only_those_shards(fake_discord: FakeDiscord, bot_settings: Settings) -> None:
    guilds = servers(fake_discord, 4)
    settings = replace(bot_settings, shard_ids=(2, 3), shard_count=4)
    fake_discord.shard_count = 6  # what Discord advises now: the count given wins
    async with sharded_bot(fake_discord, settings) as bot:
        assert fake_discord.gateway.shards == [(2, 4), (3, 4)]
        assert {g.id for g in bot.guilds} == {guilds[2].id, guilds[3].id}
        shown = (await (await fake_discord.slash("config show", guild=guilds[3], member=admin(guilds[3]))).response()).content
        assert "**Shard**: 3 of 4, served by the process of shards 2-3 of 4, which runs the once-only work" in shown


def test_shard_ranges_are_read_and_checked() -> None:
    assert parse_shards("0-7", "16") == (tuple(range(8)), 16)
    assert parse_shards("0,2,4-5", "8") == ((0, 2, 4, 5), 8)
    assert parse_shards(None, None) == (None, None)
    assert parse_shards("", "4") == (None, 4)
    assert replace(Settings(), shard_ids=(0, 1, 2, 5), shard_count=8).shard_label == "shards 0-2,5 of 8"
    with pytest.raises(SettingsError, match="needs SEGMENT_BOT_SHARD_COUNT"):
        parse_shards("0-7", None)
    with pytest.raises(SettingsError, match="run from 0 to 15 of 16"):
        parse_shards("8-16", "16")
    with pytest.raises(SettingsError, match="must look like 0-7"):
        parse_shards("zero", "16")
    with pytest.raises(SettingsError, match="positive whole number"):
        parse_shards("0", "-2")


def test_run_takes_its_shards_from_the_command_line_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[Settings] = []
    monkeypatch.setattr("bot.discord_app.runner.run", lambda settings: started.append(settings) or 0)
    monkeypatch.setenv("SEGMENT_BOT_SHARDS", "0-3")
    monkeypatch.setenv("SEGMENT_BOT_SHARD_COUNT", "8")
    assert main(["run"]) == 0
    assert main(["run", "--shards", "4-7"]) == 0  # the count still from the environment
    assert [(s.shard_ids, s.shard_count) for s in started] == [((0, 1, 2, 3), 8), ((4, 5, 6, 7), 8)]
    monkeypatch.delenv("SEGMENT_BOT_SHARD_COUNT")
    monkeypatch.delenv("SEGMENT_BOT_SHARDS")
    assert main(["run", "--shards", "0-7"]) == 2
    assert "needs SEGMENT_BOT_SHARD_COUNT (--shard-count)" in capsys.readouterr().err
