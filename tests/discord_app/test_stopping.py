"""A stop (SIGTERM, as systemd or Docker sends it; SIGINT, as Ctrl+C) ends a real bot process
within seconds at any moment of its life, with exit status 0 and a clean log: while Discord is slow
to log in, while its shards connect or identify, while it serves, during a reload. A service
manager kills what has not stopped after 10 to 20 s, and a killed bot loses the end of its work."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import pytest

from tests.support.bot_process import BotProcess, eventually, logged, start_bot_process
from tests.support.fakediscord import FakeDiscord

# Generous against a busy machine; a bot that does not stop never exits at all (it retried
# "Session is closed" every 5 s until it was killed).
STOP_WITHIN = 10.0


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "bot.db")
    return request.getfixturevalue("postgres_url")


async def stopped_cleanly(bot: BotProcess, signum: int = signal.SIGTERM) -> float:
    """Stop the bot; the seconds it took, once its exit status and log say it stopped cleanly."""
    status, seconds = await bot.stop(signum, within=STOP_WITHIN)
    log = bot.log_text()
    assert status == 0, log
    assert f"received {signal.Signals(signum).name}; shutting down" in log
    assert log.rstrip().endswith("stopped; database closed"), log[-3000:]
    assert "Traceback" not in log and "Session is closed" not in log, log
    return seconds


async def test_a_stop_while_shards_connect_ends_the_process(fake_discord: FakeDiscord, database: str, tmp_path: Path) -> None:
    # Three shards in one process: after the first has identified, the second waits its turn
    # (Discord allows one IDENTIFY per 5 s), and that is when the stop comes.
    fake_discord.shard_count = 3
    bot = await start_bot_process(fake_discord, database, tmp_path, args=("--shards", "0-2", "--shard-count", "3"))
    await eventually(lambda: _identified(fake_discord, 1), within=30, what="the first shard identifying")
    await asyncio.sleep(0.5)
    assert len(fake_discord.gateway.identifies) == 1  # the second shard is still waiting for its turn
    await stopped_cleanly(bot)


async def _identified(fake: FakeDiscord, count: int) -> bool:
    return len(fake.gateway.identifies) >= count


async def test_a_stop_while_discord_answers_an_identify_late(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake_discord.gateway.identify_delay = 60.0  # READY would come after a minute
    bot = await start_bot_process(fake_discord, tmp_path / "bot.db", tmp_path)
    await eventually(lambda: _identified(fake_discord, 1), within=30, what="the shard identifying")
    await stopped_cleanly(bot)


async def test_a_stop_while_discord_is_slow_to_log_in(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake_discord.slow("GET /users/@me", seconds=60)
    bot = await start_bot_process(fake_discord, tmp_path / "bot.db", tmp_path)
    await logged(bot, "catalog loaded from")  # what comes next is the login
    await asyncio.sleep(1.0)
    assert not fake_discord.gateway.identifies
    await stopped_cleanly(bot)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_while_serving(fake_discord: FakeDiscord, tmp_path: Path, signum: int) -> None:
    bot = await start_bot_process(fake_discord, tmp_path / "bot.db", tmp_path)
    await logged(bot, "shard 0 of 1 ready")
    await stopped_cleanly(bot, signum)


async def test_a_stop_during_a_reload(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    guild = fake_discord.add_guild("Podcast Fans")
    fake_discord.add_channel(guild, "general")
    admin = fake_discord.add_member(guild, "admin", permissions=0x20 | 0x800)  # Manage Server, Send Messages
    bot = await start_bot_process(fake_discord, tmp_path / "bot.db", tmp_path)
    await logged(bot, "shard 0 of 1 ready")
    _many_episodes(bot.data_dir, 400)
    reload = await fake_discord.slash("reload", member=admin)
    await reload.response()  # deferred: the reload runs
    await asyncio.sleep(0.3)
    assert not reload.followups, "the reload ended before the stop; make it longer"
    await stopped_cleanly(bot)


def _many_episodes(data_dir: Path, count: int) -> None:
    """`count` more episodes of the seed's chapters: a reload that reads and indexes for a while."""
    raw = json.loads((data_dir / "huberman-ketamine.json").read_text(encoding="utf-8"))
    for n in range(count):
        (data_dir / f"copy-{n}.json").write_text(json.dumps(dict(raw, id=f"copy-{n}", title=f"Copy {n}")), encoding="utf-8")
