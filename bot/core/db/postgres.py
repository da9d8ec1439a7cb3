"""The PostgreSQL store: what sqlite.py keeps, shared by every process of a sharded bot.

Same tables, same numbered migrations (migrations/postgres/ holds migrations/sqlite/ in PostgreSQL's
dialect; the version is kept in the schema_version table), same methods (base.Storage). Two things
only a shared database needs:

- Every write that other processes must see sends a notification in its own transaction
  (PostgreSQL delivers it at commit, never for a rolled-back write): `settings:<guild id>` when a
  server's settings change, `catalog:<version>` when the catalog is replaced. cluster.py listens.
- A database restart costs no write: a statement that fails because the connection was lost is
  retried on a new one for up to RECONNECT_SECONDS, and the pool replaces dead connections itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import logging
import re
from typing import Any, Awaitable, Callable, Iterator, Sequence, TypeVar

import asyncpg

from bot.core.db.base import (
    CATALOG_DIGEST_KEY,
    CATALOG_VERSION_KEY,
    CONNECTION_LOST,
    FEED_COLUMNS,
    MIGRATIONS_FOLDER,
    NO_SETTINGS,
    NOTIFY_CHANNEL,
    RECONNECT_SECONDS,
    GuildSettings,
    digest_entry,
    digest_from_entry,
    episodes_as_rows,
    feed_state,
    feed_values,
    read_migrations,
    settings_by_guild,
)
from bot.core.episodes import Chapter, Episode
from bot.core.feeds.state import FeedItem, FeedState

log = logging.getLogger(__name__)

CLOSE_SECONDS = 3.0

MIGRATIONS = read_migrations(MIGRATIONS_FOLDER / "postgres")

T = TypeVar("T")


def _chapter_rows(episodes: Sequence[Episode]) -> Iterator[tuple[object, ...]]:
    # As sqlite.py's, but keywords as a text array instead of JSON text.
    for e in episodes:
        for position, c in enumerate(e.published_chapters):
            yield (e.id, position, c.start, c.title, c.kind, c.summary, list(c.keywords))


class PostgresStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, url: str) -> PostgresStore:
        pool = await _retrying(lambda: asyncpg.create_pool(url, min_size=1, max_size=4))
        store = cls(pool)
        try:
            await store._run(_migrate)
        except BaseException:
            await pool.close()
            raise
        return store

    async def close(self) -> None:
        # A connection still busy (a question's read retrying through an outage, a catalog being
        # written) would hold a stop up: after CLOSE_SECONDS the pool is closed under it (asyncpg
        # terminates a pool whose close() is cancelled).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._pool.close(), CLOSE_SECONDS)

    async def __aenter__(self) -> PostgresStore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _run(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """`work` on a pooled connection, again on a new one if the connection was lost."""

        async def attempt() -> T:
            async with self._pool.acquire() as connection:
                return await work(connection)

        return await _retrying(attempt)

    async def schema_version(self) -> int:
        return await self._run(_schema_version)

    # ---- the catalog ------------------------------------------------------------------------

    async def replace_catalog(self, episodes: Sequence[Episode], *, digest: str | None = None) -> str:
        """The catalog's version is a digest of its content: every process starting with the same
        data folder stores it, and all but the first change nothing and make no one reload.
        `digest` (of the files it was read from) is kept for catalog_digest()."""
        # Rows are made in a worker thread: 100,000 chapters turned into rows would hold up the
        # event loop, and with it every question, for a tenth of a second.
        episode_rows, chapter_rows, version = await asyncio.to_thread(_rows_and_digest, episodes)

        async def replace(db: asyncpg.Connection) -> str:
            async with db.transaction():
                await db.execute("SELECT pg_advisory_xact_lock(hashtext('segment-bot:catalog'))")
                await db.execute("DELETE FROM meta WHERE key = $1", CATALOG_DIGEST_KEY)
                if digest is not None:
                    await _upsert_meta(db, CATALOG_DIGEST_KEY, digest_entry(digest, len(MIGRATIONS)))
                if await db.fetchval("SELECT value FROM meta WHERE key = $1", CATALOG_VERSION_KEY) == version:
                    return version
                await db.execute("DELETE FROM chapters")
                await db.execute("DELETE FROM episodes")
                await db.copy_records_to_table("episodes", records=episode_rows)
                await db.copy_records_to_table("chapters", records=chapter_rows)
                await _upsert_meta(db, CATALOG_VERSION_KEY, version)
                await db.execute("SELECT pg_notify($1, $2)", NOTIFY_CHANNEL, f"catalog:{version}")
            return version

        return await self._run(replace)

    async def catalog_digest(self) -> str | None:
        """The digest the stored catalog was written with, if this schema wrote it."""
        return digest_from_entry(await self.get_meta(CATALOG_DIGEST_KEY), len(MIGRATIONS))

    async def load_catalog(self) -> list[Episode]:
        async def load(db: asyncpg.Connection) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
            async with db.transaction(isolation="repeatable_read", readonly=True):  # one consistent catalog
                chapter_rows = await db.fetch(
                    "SELECT episode_id, start, title, kind, summary, keywords FROM chapters ORDER BY episode_id, position"
                )
                episode_rows = await db.fetch(
                    "SELECT id, title, podcast, duration, description, url, note, people, published, number,"
                    " transcript_url, transcript_type FROM episodes ORDER BY position"
                )
            return chapter_rows, episode_rows

        # Off the event loop, as in replace_catalog: building 100,000 chapters takes a while.
        return await asyncio.to_thread(_episodes, *await self._run(load))

    # ---- per-server settings ----------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        return (await self._settings("WHERE guild_id = $1", guild_id)).get(guild_id, NO_SETTINGS)

    async def all_guild_settings(self) -> dict[int, GuildSettings]:
        return await self._settings("")

    async def _settings(self, where: str, *args: Any) -> dict[int, GuildSettings]:
        async def read(db: asyncpg.Connection) -> dict[int, GuildSettings]:
            async with db.transaction(isolation="repeatable_read", readonly=True):  # both tables as of one moment
                channels = f"SELECT guild_id, channel_id FROM guild_channels {where} ORDER BY guild_id, channel_id"
                channel_rows = await db.fetch(channels, *args)
                role_rows = await db.fetch(f"SELECT guild_id, mod_role_id FROM guild_settings {where}", *args)
            return settings_by_guild(channel_rows, role_rows)

        return await self._run(read)

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was not listed yet."""
        sql = "INSERT INTO guild_channels VALUES ($1, $2) ON CONFLICT DO NOTHING"
        return await self._settings_write(guild_id, sql, guild_id, channel_id) > 0

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was listed."""
        sql = "DELETE FROM guild_channels WHERE guild_id = $1 AND channel_id = $2"
        return await self._settings_write(guild_id, sql, guild_id, channel_id) > 0

    async def clear_channels(self, guild_id: int) -> int:
        return await self._settings_write(guild_id, "DELETE FROM guild_channels WHERE guild_id = $1", guild_id)

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None:
        sql = ("INSERT INTO guild_settings (guild_id, mod_role_id) VALUES ($1, $2) "
               "ON CONFLICT (guild_id) DO UPDATE SET mod_role_id = excluded.mod_role_id")  # fmt: skip
        await self._settings_write(guild_id, sql, guild_id, role_id)

    async def _settings_write(self, guild_id: int, sql: str, *args: Any) -> int:
        """One statement and its notification in one transaction; the number of rows it changed."""

        async def write(db: asyncpg.Connection) -> int:
            async with db.transaction():
                status = await db.execute(sql, *args)
                await db.execute("SELECT pg_notify($1, $2)", NOTIFY_CHANNEL, f"settings:{guild_id}")
            return int(status.rsplit(" ", 1)[-1])  # "INSERT 0 1", "DELETE 2"

        return await self._run(write)

    # ---- feeds ------------------------------------------------------------------------------

    async def feeds(self) -> list[FeedState]:
        return [feed_state(tuple(row)) for row in await self._fetch(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY url")]

    async def feed(self, url: str) -> FeedState | None:
        rows = await self._fetch(f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = $1", url)
        return feed_state(tuple(rows[0])) if rows else None

    async def save_feed(self, state: FeedState) -> None:
        """Insert the feed or update every field of it (its items stay)."""
        columns = FEED_COLUMNS.split(", ")
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        places = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
        sql = f"INSERT INTO feeds ({FEED_COLUMNS}) VALUES ({places}) ON CONFLICT (url) DO UPDATE SET {updates}"
        await self._run(lambda db: db.execute(sql, *feed_values(state)))

    async def remove_feed(self, url: str) -> bool:
        """True when the feed was known; its episode files stay in the data folder."""
        status = await self._run(lambda db: db.execute("DELETE FROM feeds WHERE url = $1", url))
        return status != "DELETE 0"

    async def feed_items(self, url: str) -> dict[str, FeedItem]:
        """The episodes the feed wrote, by guid."""
        rows = await self._fetch(
            "SELECT guid, episode_id, path, written, source_digest FROM feed_items WHERE feed_url = $1", url
        )
        return {row[0]: FeedItem(*row) for row in rows}

    async def save_feed_items(self, url: str, items: Sequence[FeedItem]) -> None:
        """Insert or update these items of the feed, in one transaction."""
        sql = ("INSERT INTO feed_items VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (feed_url, guid) DO UPDATE SET "
               "episode_id = excluded.episode_id, path = excluded.path, written = excluded.written, "
               "source_digest = excluded.source_digest")  # fmt: skip
        rows = [(url, i.guid, i.episode_id, i.path, i.written, i.source_digest) for i in items]

        async def save(db: asyncpg.Connection) -> None:
            async with db.transaction():
                await db.executemany(sql, rows)

        await self._run(save)

    # ---- bookkeeping ------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        rows = await self._fetch("SELECT value FROM meta WHERE key = $1", key)
        return rows[0][0] if rows else None

    async def set_meta(self, key: str, value: str) -> None:
        await self._run(lambda db: _upsert_meta(db, key, value))

    async def run_sql(self, sql: str, *args: object) -> int:
        status = await self._run(lambda db: db.execute(_numbered(sql), *args))
        return int(status.rsplit(" ", 1)[-1]) if status[-1:].isdigit() else 0

    async def read_sql(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        return [tuple(row) for row in await self._fetch(_numbered(sql), *args)]

    async def _fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return await self._run(lambda db: db.fetch(sql, *args))


def _numbered(sql: str) -> str:
    """SQLite's `?` placeholders as PostgreSQL's `$1, $2...` (the portable SQL has no `?` in its literals)."""
    count = itertools.count(1)
    return re.sub(r"\?", lambda _: f"${next(count)}", sql)


def _rows_and_digest(episodes: Sequence[Episode]) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], str]:
    episode_rows, chapter_rows = list(episodes_as_rows(episodes)), list(_chapter_rows(episodes))
    digest = hashlib.sha256(json.dumps([episode_rows, chapter_rows], ensure_ascii=False).encode()).hexdigest()
    return episode_rows, chapter_rows, digest


def _episodes(chapter_rows: list[asyncpg.Record], episode_rows: list[asyncpg.Record]) -> list[Episode]:
    chapters: dict[str, list[Chapter]] = {}
    for episode_id, start, title, kind, summary, keywords in chapter_rows:
        chapters.setdefault(episode_id, []).append(Chapter(start, title, kind, summary, tuple(keywords)))
    return [
        Episode(id=r[0], title=r[1], podcast=r[2], duration=r[3], chapters=tuple(chapters.get(r[0], ())),
                description=r[4], url=r[5], note=r[6], people=tuple(json.loads(r[7])), published=r[8], number=r[9],
                transcript_url=r[10], transcript_type=r[11])  # fmt: skip
        for r in episode_rows
    ]


async def _upsert_meta(db: asyncpg.Connection, key: str, value: str) -> None:
    await db.execute("INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)


async def _schema_version(db: asyncpg.Connection) -> int:
    await db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    return int(await db.fetchval("SELECT coalesce(max(version), 0) FROM schema_version"))


async def _migrate(db: asyncpg.Connection) -> None:
    # Processes starting together take turns: the first migrates, the others find it done.
    async with db.transaction():
        await db.execute("SELECT pg_advisory_xact_lock(hashtext('segment-bot:migrate'))")
        version = await _schema_version(db)
        if version > len(MIGRATIONS):
            raise RuntimeError(f"database schema version {version} is newer than this bot ({len(MIGRATIONS)})")
        for number in range(version, len(MIGRATIONS)):
            await db.execute(MIGRATIONS[number])
            await db.execute("DELETE FROM schema_version")
            await db.execute("INSERT INTO schema_version VALUES ($1)", number + 1)


async def _retrying(attempt: Callable[[], Awaitable[T]]) -> T:
    """`attempt()`, repeated while the database is unreachable, for up to RECONNECT_SECONDS."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + RECONNECT_SECONDS
    delay = 0.1
    while True:
        try:
            return await attempt()
        except CONNECTION_LOST as error:
            if loop.time() + delay > give_up:
                raise
            log.warning("PostgreSQL connection lost (%s); retrying in %.1f s", error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
