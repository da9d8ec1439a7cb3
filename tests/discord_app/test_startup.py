"""Starting and stopping: tokens, .env, signals, and the database closed on the way out."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot.core import yielding
from bot.core.search import VectorCache
from bot.discord_app import runner
from bot.discord_app.runner import serve
from bot.settings import Settings
from tests.support.bots import Server, StartBot
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import REPO
from tests.support.ports import unused_port


def _run_bot(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SEGMENT_BOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=cwd, env={**clean, "PYTHONPATH": str(REPO), **env},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_missing_token_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    result = _run_bot(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: DISCORD_TOKEN is not set. Put your bot token in .env (see .env.example) or the environment."
    ]


def test_token_and_settings_come_from_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISCORD_TOKEN", "DISCORD_DEV_GUILD_ID", "SEGMENT_BOT_DATA_DIR", "SEGMENT_BOT_COOLDOWN"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-dotenv\nDISCORD_DEV_GUILD_ID=123\nSEGMENT_BOT_COOLDOWN=2/10\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEGMENT_BOT_DATA_DIR", "elsewhere")  # the environment wins over .env
    settings = Settings.from_env()
    assert (settings.token, settings.dev_guild_id, settings.data_dir) == ("from-dotenv", 123, Path("elsewhere"))
    assert (settings.cooldown_uses, settings.cooldown_seconds) == (2, 10.0)


def test_malformed_setting_is_named(tmp_path: Path) -> None:
    result = _run_bot(tmp_path, DISCORD_TOKEN="x", SEGMENT_BOT_COOLDOWN="lots")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: SEGMENT_BOT_COOLDOWN must look like 5/30 (uses per seconds), not 'lots'"


async def test_rejected_token_is_one_clear_line_and_exit_2(
    fake_discord: FakeDiscord, server: Server, bot_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await serve(bot_settings, "not-the-token") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Discord rejected the token in DISCORD_TOKEN.") and "Traceback" not in err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_signal_shuts_down_cleanly_and_closes_the_database(
    fake_discord: FakeDiscord, server: Server, bot_settings: Settings, signum: int
) -> None:
    running = asyncio.create_task(serve(replace(bot_settings), fake_discord.token))
    await fake_discord.wait_until(lambda: fake_discord.sync_count or None, "the bot to log in and sync")
    os.kill(os.getpid(), signum)
    assert await asyncio.wait_for(running, timeout=10) == 0
    # SQLite removes the write-ahead log when the last connection closes cleanly.
    assert bot_settings.database.exists()
    assert not Path(f"{bot_settings.database}-wal").exists()


async def test_no_network_at_start_is_retried_with_one_log_line_per_attempt(
    fake_discord: FakeDiscord, server: Server, bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    monkeypatch.setattr(runner, "FIRST_RETRY_DELAY", 0.01)
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{unused_port()}/api/v10")
    caplog.set_level(logging.WARNING, logger="bot.discord_app.runner")
    caplog.set_level(logging.INFO, logger="bot.discord_app.client")
    running = asyncio.create_task(serve(bot_settings, fake_discord.token))

    def attempts() -> list[str]:
        return [r.getMessage() for r in caplog.records if "cannot reach Discord" in r.getMessage()]

    while len(attempts()) < 3:
        assert not running.done(), running
        await asyncio.sleep(0.01)
    assert all(not r.exc_info for r in caplog.records)  # one line each, no traceback
    assert "attempt 1, retrying in 0.01 s" in attempts()[0] and "attempt 2" in attempts()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", fake_discord.api_url)  # the network is back
    while not any("logged in as" in r.getMessage() for r in caplog.records):  # on_ready
        assert not running.done(), running
        await asyncio.sleep(0.05)
    answer = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    assert answer.embeds[0]["title"].startswith("01:15:45")
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, timeout=10) == 0


async def test_sync_pushes_the_commands_and_ends_cleanly(
    fake_discord: FakeDiscord, server: Server, bot_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await runner._sync(bot_settings, fake_discord.token) == 0
    assert fake_discord.sync_count >= 1
    assert "Traceback" not in capsys.readouterr().err


async def test_a_bot_closed_before_it_logged_in_closes_cleanly(bot_settings: Settings) -> None:
    async with runner.open_bot(bot_settings) as bot:  # a failure at start leaves it so
        assert bot.catalog.current.index.search("ketamine dose").results


async def test_sync_without_network_gives_up_after_a_few_attempts_with_one_line(
    bot_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(runner, "FIRST_RETRY_DELAY", 0.01)
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{unused_port()}/api/v10")
    assert await runner._sync(bot_settings, "fake-bot-token") == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"error: could not reach Discord in {runner.SYNC_ATTEMPTS} attempts; check the network and run `python -m bot sync` again."
    ]


async def test_sigterm_while_waiting_for_the_network_stops_at_once(
    bot_settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(runner, "FIRST_RETRY_DELAY", 30.0)
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{unused_port()}/api/v10")
    caplog.set_level(logging.WARNING, logger="bot.discord_app.runner")
    running = asyncio.create_task(serve(bot_settings, "fake-bot-token"))
    # Waiting for the first failed attempt, not a fixed time: the catalog may take a while to load
    # (the model's first use in a new process), and a SIGTERM before the bot's handler is installed
    # would end the test run itself.
    async with asyncio.timeout(60):
        while not any("cannot reach Discord" in r.getMessage() for r in caplog.records):
            assert not running.done(), running
            await asyncio.sleep(0.05)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, timeout=5) == 0


async def test_a_damaged_vector_cache_beside_the_database_costs_one_warning_and_is_written_anew(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """It stopped the start after the database opened, whose thread then kept the process alive:
    no login, no exit (issue 20, item 11)."""
    cache = bot_settings.database.with_name("bot.db.vectors")
    cache.write_bytes(b"PK\x03\x04" + os.urandom(3000))  # a broken zip, as a damaged .npz was
    with caplog.at_level(logging.WARNING):
        async with start_bot():
            response = await (await fake_discord.slash("segment", {"query": "ketamine dose"})).response()
    assert response.embeds[0]["title"].startswith("01:26:04")
    assert [r.getMessage() for r in caplog.records if "vector cache" in r.getMessage()] == [
        f"{cache}: vector cache damaged (not a vector cache file); kept 0 vectors, the rest is embedded anew"
    ]
    assert len(VectorCache(cache)) >= 20  # the seed episode's chapters and the episode, embedded anew


def test_a_start_that_fails_unexpectedly_ends_with_one_clear_line_and_exit_1(
    bot_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a traceback and a process that lingers: a service manager must see the failure and restart it."""

    def broken_open_bot(settings: Settings) -> object:
        raise ValueError("the weights are not what they claim")

    monkeypatch.setattr(runner, "open_bot", broken_open_bot)
    # The run ends as a process ends, stopping paced work for good; this test process goes on.
    monkeypatch.setattr(yielding, "_stopping", False)
    # Nor does it leave its log handler on the root logger, writing to this test's closed stderr.
    monkeypatch.setattr(runner, "setup_logging", lambda *args, **kwargs: None)
    assert runner.run(replace(bot_settings, token="fake-bot-token")) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "error: the bot stopped on an unexpected error (ValueError: the weights are not what they claim); "
        "the log above has the details"
    )
