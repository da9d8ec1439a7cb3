"""The PostgreSQL store against a real server: the same behaviour as the SQLite store, the same
migrations, notifications other processes act on, and a database restart that loses nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.core.db import CATALOG_VERSION_KEY, is_postgres, open_storage, postgres
from bot.core.db import sqlite as sqlite_store
from bot.core.db.base import NOTIFY_CHANNEL
from bot.core.db.postgres import PostgresStore

# The SQLite store's behaviour tests, run again here against PostgreSQL through the `store`
# fixture below: one description of what a store does, two stores held to it.
from tests.core.db.test_sqlite import (  # noqa: F401
    episode,
    test_catalog_comes_back_exactly_as_stored,
    test_channels_are_kept_per_server,
    test_every_servers_settings_are_read_at_once,
    test_feed_state_is_updated_in_place_and_removed_with_its_items,
    test_meta_values_are_stored_and_overwritten,
    test_mod_role_is_set_changed_and_cleared_per_server,
    test_removing_and_clearing_channels,
    test_replacing_the_catalog_drops_what_the_new_one_lacks,
    test_settings_survive_a_catalog_replacement,
    test_the_files_digest_is_kept_with_the_catalog_it_names,
)
from tests.support.postgres import PostgresServer


@pytest.fixture
async def store(postgres_url: str) -> AsyncIterator[PostgresStore]:
    async with await PostgresStore.open(postgres_url) as opened:
        yield opened


def test_both_dialects_have_the_same_numbered_migrations() -> None:
    assert len(postgres.MIGRATIONS) == len(sqlite_store.MIGRATIONS)


def test_the_setting_chooses_the_database() -> None:
    assert is_postgres("postgresql://bot@db/segments") and is_postgres("postgres://db/segments")
    assert not is_postgres("segment-bot.db") and not is_postgres("/srv/postgresql/bot.db")


async def test_a_new_database_is_migrated_once_even_by_processes_starting_together(postgres_url: str) -> None:
    stores = await asyncio.gather(*(open_storage(postgres_url) for _ in range(3)))
    try:
        assert [await s.schema_version() for s in stores] == [len(postgres.MIGRATIONS)] * 3
    finally:
        for s in stores:
            await s.close()


async def test_a_failing_replacement_leaves_the_previous_catalog(store: PostgresStore) -> None:
    previous = [episode("a"), episode("b")]
    await store.replace_catalog(previous)
    with pytest.raises(asyncpg.UniqueViolationError):
        await store.replace_catalog([episode("c"), episode("c")])
    assert await store.load_catalog() == previous


async def test_writes_tell_other_processes_what_changed(store: PostgresStore, postgres_url: str) -> None:
    listener = await asyncpg.connect(postgres_url)
    heard: asyncio.Queue[str] = asyncio.Queue()
    await listener.add_listener(NOTIFY_CHANNEL, lambda *args: heard.put_nowait(args[-1]))
    try:
        await store.add_channel(7, 70)
        assert await asyncio.wait_for(heard.get(), 5) == "settings:7"
        await store.set_mod_role(8, 80)
        assert await asyncio.wait_for(heard.get(), 5) == "settings:8"
        version = await store.replace_catalog([episode("a")])
        assert await asyncio.wait_for(heard.get(), 5) == f"catalog:{version}"
        assert await store.get_meta(CATALOG_VERSION_KEY) == version
        # The same catalog stored again (another process starting): same version, no one told.
        assert await store.replace_catalog([episode("a")]) == version
        with pytest.raises(asyncpg.UniqueViolationError):
            await store.replace_catalog([episode("c"), episode("c")])
        await store.clear_channels(7)
        assert await asyncio.wait_for(heard.get(), 5) == "settings:7"  # nothing from the failed replacement
    finally:
        await listener.close()


async def test_a_database_restart_loses_no_write(store: PostgresStore, postgres_server: PostgresServer) -> None:
    await store.add_channel(1, 10)
    postgres_server.stop()
    # Written while the server is down: the store retries until it is back.
    write = asyncio.create_task(store.add_channel(1, 20))
    await asyncio.sleep(0.5)
    assert not write.done()
    await asyncio.to_thread(postgres_server.start)
    assert await asyncio.wait_for(write, 20) is True
    assert (await store.guild_settings(1)).channel_ids == (10, 20)
