"""Shared fixtures. The fake Discord lives in tests/support/fakediscord/ (see tests/README.md)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import discord
import pytest
import yarl

from bot.discord_app.client import SegmentBot
from bot.discord_app.runner import open_bot
from bot.settings import Settings
from tests.support.bots import MANAGE_GUILD, Server, StartBot
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import REPO
from tests.support.postgres import PostgresServer, PostgresUnavailable

pytest_plugins = ["tests.support.shared_data", "pytester"]  # the skip count for want of ../shared/; pytester tests it


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord on a free 127.0.0.1 port, with discord.py pointed at it.

    Route.BASE redirects REST, interaction callbacks and webhooks alike; DEFAULT_GATEWAY the
    websocket. Afterwards the test fails if the fake refused anything the bot sent, or saw a
    route it does not implement, that the test did not take (fake.take_violations(),
    interaction.violation()).
    """
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_url)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    try:
        yield fake
    finally:
        await fake.stop()
    fake.assert_clean()


# -- PostgreSQL -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session (tests/support/postgres.py); skips where none can start."""
    try:
        server = PostgresServer.create()
    except PostgresUnavailable as error:
        pytest.skip(str(error))
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop("immediate")
        server.remove()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a fresh, empty database on that server."""
    return postgres_server.new_database()


# -- the project's own bot on the fake -------------------------------------------------------------
@pytest.fixture
def server(fake_discord: FakeDiscord) -> Server:
    guild = fake_discord.add_guild("Podcast Fans")
    general = fake_discord.add_channel(guild, "general")
    offtopic = fake_discord.add_channel(guild, "off-topic")
    mod_role = fake_discord.add_role(guild, "Mods")
    return Server(
        guild=guild, general=general, offtopic=offtopic, mod_role=mod_role,
        member=fake_discord.add_member(guild, "listener"),
        admin=fake_discord.add_member(guild, "admin", permissions=MANAGE_GUILD),
        moderator=fake_discord.add_member(guild, "mod", roles=[mod_role]),
    )  # fmt: skip


@pytest.fixture
def bot_settings(tmp_path: Path) -> Settings:
    """Settings as `python -m bot run` reads them, over a copy of data/ and a fresh database."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    return replace(Settings(), data_dir=data, database=tmp_path / "bot.db", token="fake-bot-token")


@pytest.fixture
def start_bot(fake_discord: FakeDiscord, server: Server, bot_settings: Settings) -> StartBot:
    """Start the project's bot (the object `python -m bot run` runs) on the fake; usable twice
    in one test, to restart it over the same database."""

    @contextlib.asynccontextmanager
    async def start(settings: Settings = bot_settings) -> AsyncIterator[SegmentBot]:
        async with open_bot(settings, guild_ready_timeout=0.05) as bot:
            async with fake_discord.running(bot) as running:
                yield running

    return start


@pytest.fixture
async def segment_bot(start_bot: StartBot) -> AsyncIterator[SegmentBot]:
    async with start_bot() as bot:
        yield bot
