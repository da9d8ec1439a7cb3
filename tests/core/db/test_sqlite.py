"""The SQLite store: the last good catalog, per-server settings, and a schema that upgrades itself."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest

from bot.core.db import GuildSettings
from bot.core.db.sqlite import MIGRATIONS, SqliteStore
from bot.core.episodes import Chapter, Episode
from bot.core.feeds.state import FeedItem, FeedState


def episode(episode_id: str, chapters: int = 3, **fields: str) -> Episode:
    return Episode(
        id=episode_id, title=f"Title of {episode_id}", podcast="Test Cast", duration=3600,
        chapters=tuple(
            Chapter(60 * i, f"Chapter {i}", "content", f"Summary {i}.", (f"kw{i}", "two words")) for i in range(chapters)
        ),
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with await SqliteStore.open(tmp_path / "bot.db") as opened:
        yield opened


def pragma(path: Path, name: str) -> object:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


# --- schema ----------------------------------------------------------------------------------------


async def test_new_database_gets_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with await SqliteStore.open(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
        assert await store.load_catalog() == []
    assert pragma(path, "user_version") == len(MIGRATIONS)
    assert pragma(path, "journal_mode") == "wal"


async def test_reopening_keeps_the_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with await SqliteStore.open(path) as store:
        await store.replace_catalog([episode("a")])
        await store.add_channel(1, 10)
        await store.set_meta("last_sync", "abc")
    async with await SqliteStore.open(path) as store:
        assert [e.id for e in await store.load_catalog()] == ["a"]
        assert (await store.guild_settings(1)).channel_ids == (10,)
        assert await store.get_meta("last_sync") == "abc"
        assert await store.schema_version() == len(MIGRATIONS)


async def test_database_from_a_newer_bot_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        db.commit()
    with pytest.raises(RuntimeError, match="newer than this bot"):
        await SqliteStore.open(path)
    assert pragma(path, "user_version") == len(MIGRATIONS) + 1
    with closing(sqlite3.connect(path)) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["future"]


# --- the catalog ---------------------------------------------------------------------------------


async def test_catalog_comes_back_exactly_as_stored(store: SqliteStore) -> None:
    episodes = [
        episode("zeta", url="https://example.com/z", note="Not advice.", description="About zeta."),
        episode("alpha", chapters=1),
    ]
    kinds = (Chapter(0, "Intro", "intro"), Chapter(30, "Sponsor: AG1", "sponsor"), Chapter(500, "Closing", "outro"))
    episodes.append(Episode("kinds", "K", "P", 600, kinds))
    episodes.append(Episode(
        "from-a-feed", "F", "P", 0, (), people=("Ann", "Bob"), published="2024-03-31", number=7,
        transcript_url="https://example.com/7.srt", transcript_type="application/srt",
    ))  # fmt: skip
    await store.replace_catalog(episodes)
    assert await store.load_catalog() == episodes  # same order, every field, keywords as a tuple


async def test_replacing_the_catalog_drops_what_the_new_one_lacks(store: SqliteStore) -> None:
    await store.replace_catalog([episode("a"), episode("b", chapters=5)])
    await store.replace_catalog([episode("b", chapters=2), episode("c")])
    assert [(e.id, len(e.chapters)) for e in await store.load_catalog()] == [("b", 2), ("c", 3)]


async def test_replacement_that_fails_leaves_the_previous_catalog(store: SqliteStore) -> None:
    previous = [episode("a"), episode("b")]
    await store.replace_catalog(previous)
    with pytest.raises(sqlite3.IntegrityError):
        await store.replace_catalog([episode("c"), episode("c")])  # the second insert breaks the primary key
    assert await store.load_catalog() == previous


async def test_settings_written_during_a_failing_replacement_do_not_commit_half_a_catalog(store: SqliteStore) -> None:
    """A moderator changes a channel while a reload is storing the catalog, and the store write fails:
    the catalog in SQLite (what the bot falls back to on a broken data folder) must be the previous one."""
    previous = [episode("a"), episode("b")]
    await store.replace_catalog(previous)

    async def failing_replacement() -> None:
        with pytest.raises(sqlite3.IntegrityError):
            await store.replace_catalog([episode("c"), episode("c")])

    await asyncio.gather(failing_replacement(), store.add_channel(1, 10))
    assert (await store.guild_settings(1)).channel_ids == (10,)
    assert await store.load_catalog() == previous


# --- per-server settings ---------------------------------------------------------------------------


async def test_channels_are_kept_per_server(store: SqliteStore) -> None:
    assert await store.add_channel(1, 30) is True
    assert await store.add_channel(1, 10) is True
    assert await store.add_channel(1, 10) is False  # already listed
    assert await store.add_channel(2, 99) is True
    assert (await store.guild_settings(1)).channel_ids == (10, 30)
    assert (await store.guild_settings(2)).channel_ids == (99,)
    assert (await store.guild_settings(3)).channel_ids == ()


async def test_removing_and_clearing_channels(store: SqliteStore) -> None:
    for channel in (10, 20, 30):
        await store.add_channel(1, channel)
    await store.add_channel(2, 10)
    assert await store.remove_channel(1, 20) is True
    assert await store.remove_channel(1, 20) is False
    assert (await store.guild_settings(1)).channel_ids == (10, 30)
    assert await store.clear_channels(1) == 2
    assert (await store.guild_settings(1)).channel_ids == ()
    assert (await store.guild_settings(2)).channel_ids == (10,)


async def test_mod_role_is_set_changed_and_cleared_per_server(store: SqliteStore) -> None:
    assert (await store.guild_settings(1)).mod_role_id is None
    await store.set_mod_role(1, 500)
    await store.set_mod_role(2, 600)
    await store.set_mod_role(1, 501)
    assert [(await store.guild_settings(g)).mod_role_id for g in (1, 2)] == [501, 600]
    await store.set_mod_role(1, None)
    assert [(await store.guild_settings(g)).mod_role_id for g in (1, 2)] == [None, 600]


async def test_every_servers_settings_are_read_at_once(store: SqliteStore) -> None:
    await store.add_channel(1, 30)
    await store.add_channel(1, 10)
    await store.set_mod_role(1, 500)
    await store.set_mod_role(2, 600)
    await store.add_channel(3, 7)
    await store.set_mod_role(3, None)
    await store.add_channel(4, 8)
    await store.clear_channels(4)  # a server whose settings were all undone has none
    assert await store.all_guild_settings() == {
        1: GuildSettings((10, 30), 500), 2: GuildSettings((), 600), 3: GuildSettings((7,), None),
    }  # fmt: skip


async def test_meta_values_are_stored_and_overwritten(store: SqliteStore) -> None:
    assert await store.get_meta("commands_hash") is None
    await store.set_meta("commands_hash", "one")
    await store.set_meta("commands_hash", "two")
    assert await store.get_meta("commands_hash") == "two"


async def test_settings_survive_a_catalog_replacement(store: SqliteStore) -> None:
    await store.add_channel(1, 10)
    await store.set_mod_role(1, 500)
    await store.replace_catalog([episode("a")])
    assert (await store.guild_settings(1)).channel_ids == (10,)
    assert (await store.guild_settings(1)).mod_role_id == 500


# --- feed state ----------------------------------------------------------------------------------


async def test_feed_state_and_its_items_survive_a_restart(tmp_path: Path) -> None:
    state = FeedState("https://example.com/feed.xml", "test-cast", "Test Cast", interval=600, etag='"abc"')
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        await store.save_feed(state)
        await store.save_feed_items(state.url, [FeedItem("guid-1", "test-cast-1", "test-cast/test-cast-1.json", "{}", "d1")])
        state.failed("HTTP 500", now=1000.0)
        await store.save_feed(state)  # an update keeps the feed's items
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        [again] = await store.feeds()
        assert again == state and again.last_error == "HTTP 500" and again.paused is False
        assert (await store.feed_items(state.url))["guid-1"].episode_id == "test-cast-1"
        assert await store.remove_feed(state.url)
        assert await store.feed(state.url) is None and await store.feed_items(state.url) == {}


async def test_feed_state_is_updated_in_place_and_removed_with_its_items(store: SqliteStore) -> None:
    state = FeedState("https://example.com/feed.xml", "test-cast", "Test Cast", interval=600, etag='"abc"')
    await store.save_feed(state)
    await store.save_feed_items(state.url, [FeedItem("guid-1", "test-cast-1", "test-cast/test-cast-1.json", "{}", "d1")])
    await store.save_feed_items(state.url, [FeedItem("guid-1", "test-cast-1", "test-cast/test-cast-1.json", "{}", "d2")])
    state.failed("HTTP 500", now=1000.0)
    await store.save_feed(state)  # an update keeps the feed's items
    assert await store.feeds() == [state] and await store.feed(state.url) == state
    assert (await store.feed_items(state.url))["guid-1"].source_digest == "d2"
    assert await store.remove_feed(state.url) and not await store.remove_feed(state.url)
    assert await store.feed(state.url) is None and await store.feed_items(state.url) == {}


async def test_a_read_only_database_served_from_memory_still_removes_a_feed_with_its_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = FeedState("https://example.com/feed.xml", "test-cast", "Test Cast")
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        await store.save_feed(state)
        await store.save_feed_items(state.url, [FeedItem("guid-1", "test-cast-1", "test-cast/test-cast-1.json", "{}", "d1")])

    async def read_only(path: Path | str) -> SqliteStore:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SqliteStore, "open", read_only)
    async with await SqliteStore.open_or_recover(tmp_path / "bot.db") as store:
        assert list(await store.feed_items(state.url)) == ["guid-1"]  # the copy holds what the file held
        assert await store.remove_feed(state.url)
        assert await store.feed_items(state.url) == {}  # a feed added again later starts afresh


async def test_the_files_digest_is_kept_with_the_catalog_it_names(store: SqliteStore) -> None:
    assert await store.catalog_digest() is None
    await store.replace_catalog([episode("a")], digest="files-1")
    assert await store.catalog_digest() == "files-1"
    await store.replace_catalog([episode("a")])  # a catalog from elsewhere: no digest claims it
    assert await store.catalog_digest() is None


async def test_a_database_from_before_feeds_is_upgraded_keeping_its_catalog(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(f"BEGIN; {MIGRATIONS[0]} PRAGMA user_version = 1; COMMIT;")
        db.execute("INSERT INTO episodes VALUES ('old', 0, 'P', 'Old', 600, '', NULL, NULL)")
        db.commit()
    async with await SqliteStore.open(path) as store:
        [old] = await store.load_catalog()
        assert (old.id, old.people, old.published) == ("old", (), None)
        assert await store.feeds() == []
