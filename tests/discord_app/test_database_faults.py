"""Faults of the database: a damaged, unwritable or full database never stops the bot from
starting and answering from the data folder, loses no settings it could read, and every change
it cannot save is answered clearly."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.db.sqlite import SqliteStore
from bot.settings import Settings
from tests.support.bots import Server, StartBot
from tests.support.fakediscord import FakeDiscord


async def ask(fake_discord: FakeDiscord, question: str = "habenula") -> str:
    answer = await (await fake_discord.slash("segment", {"query": question})).response()
    return answer.embeds[0]["title"]


async def admin(fake_discord: FakeDiscord, server: Server, command: str, options: dict | None = None) -> str:
    return (await (await fake_discord.slash(command, options or {}, member=server.admin)).response()).content


def damage(path: Path) -> bytes:
    """Overwrite the middle of the file, as a failing disk or a careless copy would."""
    data = bytearray(path.read_bytes())
    data[100 : len(data) - 100] = b"\xa5" * (len(data) - 200)
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("kind", ["garbage", "damaged pages"])
async def test_a_damaged_database_is_kept_aside_and_the_bot_serves_the_data_folder(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings,
    kind: str, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    if kind == "garbage":
        bot_settings.database.write_bytes(b"this is not a database\n" * 200)
    else:
        async with start_bot():
            pass
    broken = damage(bot_settings.database) if kind != "garbage" else bot_settings.database.read_bytes()
    with caplog.at_level(logging.ERROR):
        async with start_bot():
            assert (await ask(fake_discord)).startswith("01:15:45")
            assert "added" in await admin(fake_discord, server, "config channels add", {"channel": server.general})
    [aside] = bot_settings.database.parent.glob("bot.db.damaged-*")
    assert aside.read_bytes() == broken  # kept as it was, for whoever wants to recover it
    assert f"moved it to {aside}" in caplog.text
    async with await SqliteStore.open(bot_settings.database) as store:  # the new database works
        assert (await store.guild_settings(server.guild.id)).channel_ids == (server.general.id,)


async def test_a_database_that_cannot_be_written_is_used_from_memory_with_its_settings(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    async with start_bot():
        await admin(fake_discord, server, "config channels add", {"channel": server.general})
    opened = SqliteStore.open

    async def read_only(path: Path | str) -> SqliteStore:
        if path == bot_settings.database:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return await opened(path)

    monkeypatch.setattr(SqliteStore, "open", read_only)
    with caplog.at_level(logging.ERROR):
        async with start_bot():
            assert "only in <#" in await admin(fake_discord, server, "config channels list")  # settings kept
            assert (await ask(fake_discord)).startswith("01:15:45")
            assert "added" in await admin(fake_discord, server, "config channels add", {"channel": server.offtopic})
    assert "cannot be written (attempt to write a readonly database); working from a copy in memory" in caplog.text


async def test_an_unreachable_database_path_still_starts(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings
) -> None:
    settings = replace(bot_settings, database=bot_settings.database.parent / "no-such-folder" / "bot.db")
    async with start_bot(settings):
        assert (await ask(fake_discord)).startswith("01:15:45")


async def test_settings_that_cannot_be_saved_are_answered_clearly_and_questions_go_on(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot
) -> None:
    async with start_bot() as bot:
        await bot.store._db.execute("PRAGMA query_only = ON")  # every write now fails
        reply = await admin(fake_discord, server, "config channels add", {"channel": server.general})
        assert reply.startswith("I couldn't save that: the bot's database cannot be written right now. Nothing changed")
        assert "/segment answers in every channel" in await admin(fake_discord, server, "config channels list")
        assert (await ask(fake_discord)).startswith("01:15:45")


async def test_a_full_disk_during_reload_serves_the_new_catalog_and_says_it_was_not_saved(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings
) -> None:
    async with start_bot() as bot:
        async with bot.store._db.execute("PRAGMA page_count") as cursor:
            [pages] = await cursor.fetchone()
        await bot.store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        seed = bot_settings.data_dir / "huberman-ketamine.json"
        shutil.copy(seed, bot_settings.data_dir / "copy.json")
        text = (bot_settings.data_dir / "copy.json").read_text(encoding="utf-8")
        (bot_settings.data_dir / "copy.json").write_text(text.replace('"huberman-ketamine"', '"copy"', 1), encoding="utf-8")
        report = (await (await fake_discord.slash("reload", member=server.admin)).followup()).content
        assert "now serving 2 episodes" in report
        assert "**Not saved to the database** (database or disk is full)" in report
        assert len(bot.catalog.current.episodes) == 2


async def test_a_database_that_cannot_keep_the_command_hash_does_not_stop_the_start(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    async def disk_full(self: SqliteStore, key: str, value: str) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteStore, "set_meta", disk_full)
    with caplog.at_level(logging.ERROR):
        async with start_bot():  # a new database: the commands are synced, and their hash cannot be kept
            assert (await ask(fake_discord)).startswith("01:15:45")
    assert "cannot keep the synced commands' hash (database or disk is full); the next start syncs again" in caplog.text


async def test_settings_that_cannot_be_read_leave_questions_answered(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    async with start_bot():
        pass
    with sqlite3.connect(bot_settings.database) as db:
        db.execute("DROP TABLE guild_channels")  # every read of the channel lists fails
    with caplog.at_level(logging.ERROR):
        async with start_bot():
            assert "cannot read the servers' settings" in caplog.text
            assert (await ask(fake_discord)).startswith("01:15:45")
    assert f"cannot read the settings of guild {server.guild.id}" in caplog.text


async def test_a_database_from_a_newer_bot_is_left_untouched_and_the_bot_still_serves(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    with sqlite3.connect(bot_settings.database) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute("PRAGMA user_version = 999")
    before = bot_settings.database.read_bytes()
    with caplog.at_level(logging.ERROR):
        async with start_bot():
            assert (await ask(fake_discord)).startswith("01:15:45")
    assert bot_settings.database.read_bytes() == before
    assert "newer than this bot" in caplog.text and "left untouched" in caplog.text
