"""Fixtures of the fake Discord's own tests: a guild and EchoBot."""

from __future__ import annotations

import pytest

from tests.support.echo_bot import EchoBot
from tests.support.fakediscord import FakeDiscord, Guild


@pytest.fixture
def guild(fake_discord: FakeDiscord) -> Guild:
    guild = fake_discord.add_guild("Podcast Fans")
    fake_discord.add_channel(guild, "general")
    return guild


@pytest.fixture
def bot(guild: Guild) -> EchoBot:
    return EchoBot(guild)
