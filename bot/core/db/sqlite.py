"""The SQLite database: the last good catalog, per-server settings and the bot's own bookkeeping.

One aiosqlite connection, opened before the bot starts and handed to whoever needs it. The schema
is versioned with `PRAGMA user_version`: MIGRATIONS[n], the file numbered n + 1 in migrations/sqlite/,
takes a database from version n to n + 1, so an old database is upgraded in place on open.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import Iterator, Sequence

import aiosqlite

from bot.core.db.base import (
    CATALOG_DIGEST_KEY,
    FEED_COLUMNS,
    MIGRATIONS_FOLDER,
    NO_SETTINGS,
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

MIGRATIONS = read_migrations(MIGRATIONS_FOLDER / "sqlite")


def _chapter_rows(episodes: Sequence[Episode]) -> Iterator[tuple[object, ...]]:
    for e in episodes:  # what the episode files hold: chapters found in a transcript are found again at load
        for position, c in enumerate(e.published_chapters):
            yield (e.id, position, c.start, c.title, c.kind, c.summary, json.dumps(c.keywords))


class NewerSchema(RuntimeError):
    """The database was written by a newer version of the bot; it is left as it is."""


class SqliteStore:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        # One connection means one transaction at a time: without this, a settings write that
        # commits while a catalog replacement is between its statements would commit half of it.
        self._writing = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        db = await aiosqlite.connect(path)
        try:
            store = cls(db)
            await store._known_version()  # before anything is written to a file this bot may not know
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA foreign_keys = ON")
            await store._migrate()
        except BaseException:
            await db.close()
            raise
        return store

    @classmethod
    async def open_or_recover(cls, path: Path) -> SqliteStore:
        """SqliteStore.open(path), or the best database the bot can still work with, saying why.

        The data folder can rebuild the catalog, so no database fault stops a start. A damaged
        file is moved aside (kept, never deleted: its settings may be recoverable) and a new one
        started in its place. A file that cannot be written (read-only, full disk, unreachable
        folder) is copied into memory when it can be read: the bot serves with its settings, and
        changes made now last until it stops.
        """
        try:
            return await cls._open_checked(path)
        except NewerSchema as error:
            log.error("database %s: %s; left untouched, working from an empty database in memory "
                      "(run the newer bot, or point SEGMENT_BOT_DATABASE elsewhere)", path, error)  # fmt: skip
            return await cls._in_memory_copy(path, copy=False)
        except sqlite3.DatabaseError as error:
            if _is_damaged(error):
                try:
                    aside = _move_aside(path)
                    log.error("database %s is damaged (%s); moved it to %s and started a new one", path, error, aside)
                    return await cls._open_checked(path)
                except (OSError, sqlite3.Error) as second:
                    error = second
            log.error(
                "database %s cannot be written (%s); working from a copy in memory: the catalog is "
                "rebuilt from the data folder, and settings changed now are lost when the bot stops",
                path, error,
            )  # fmt: skip
            return await cls._in_memory_copy(path)

    @classmethod
    async def _open_checked(cls, path: Path) -> SqliteStore:
        """SqliteStore.open, then SQLite's quick check of every page (a fraction of a second at 100,000
        chapters), so that damage inside the file is found at start, not by a member's question."""
        store = await cls.open(path)
        try:
            async with store._db.execute("PRAGMA quick_check(1)") as cursor:
                row = await cursor.fetchone()
        except BaseException:
            await store.close()
            raise
        if row is None or row[0] != "ok":
            await store.close()
            raise sqlite3.DatabaseError(f"database disk image is malformed ({row[0] if row else 'no answer'})")
        return store

    @classmethod
    async def _in_memory_copy(cls, path: Path, *, copy: bool = True) -> SqliteStore:
        # A named in-memory database, so that a second connection (in this thread) can copy the
        # file into the one the Store keeps.
        memory = f"file:segment-bot-{id(path)}-{time.monotonic_ns()}?mode=memory&cache=shared"
        db = await aiosqlite.connect(memory, uri=True)
        try:
            await db.execute("PRAGMA foreign_keys = ON")  # per connection, as in open(): a removed feed takes its items
            if copy:
                _copy_file(path, memory)
            store = cls(db)
            await store._migrate()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> SqliteStore:
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        await self.close()

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _known_version(self) -> int:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise NewerSchema(f"database schema version {version} is newer than this bot ({len(MIGRATIONS)})")
        return version

    async def _migrate(self) -> None:
        version = await self._known_version()
        for number in range(version, len(MIGRATIONS)):
            # executescript commits first, so each step and its version bump form one script. The
            # migration gets lines of its own: a file ending in a "-- comment" would swallow the bump.
            await self._db.executescript(f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1}; COMMIT;")

    # ---- the catalog ------------------------------------------------------------------------

    async def replace_catalog(self, episodes: Sequence[Episode], *, digest: str | None = None) -> None:
        """Store `episodes` as the whole catalog, in one transaction: all of it or none of it.

        `digest` names what the catalog was made from (catalog_digest() gives it back), so that a
        start with nothing changed need not write it all again.
        """
        async with self._writing:
            try:
                await self._db.execute("BEGIN")
                await self._db.execute("DELETE FROM chapters")
                await self._db.execute("DELETE FROM episodes")
                # Rows are made one at a time in the database's thread as SQLite takes them: 100,000
                # chapters turned into rows at once would hold up the event loop and the memory.
                await self._db.executemany("INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", episodes_as_rows(episodes))
                await self._db.executemany("INSERT INTO chapters VALUES (?, ?, ?, ?, ?, ?, ?)", _chapter_rows(episodes))
                await self._db.execute("DELETE FROM meta WHERE key = ?", (CATALOG_DIGEST_KEY,))
                if digest is not None:
                    await self._db.execute("INSERT INTO meta VALUES (?, ?)", (CATALOG_DIGEST_KEY, digest_entry(digest, len(MIGRATIONS))))
                await self._db.commit()
            except BaseException:
                await self._db.rollback()
                raise

    async def catalog_digest(self) -> str | None:
        """The digest the stored catalog was written with, if this schema wrote it."""
        return digest_from_entry(await self.get_meta(CATALOG_DIGEST_KEY), len(MIGRATIONS))

    async def load_catalog(self) -> list[Episode]:
        chapters: dict[str, list[Chapter]] = {}
        async with self._db.execute(
            "SELECT episode_id, start, title, kind, summary, keywords FROM chapters ORDER BY episode_id, position"
        ) as cursor:
            async for episode_id, start, title, kind, summary, keywords in cursor:
                chapters.setdefault(episode_id, []).append(Chapter(start, title, kind, summary, tuple(json.loads(keywords))))
        async with self._db.execute(
            "SELECT id, title, podcast, duration, description, url, note, people, published, number, transcript_url,"
            " transcript_type FROM episodes ORDER BY position"
        ) as cursor:
            return [
                Episode(id=row[0], title=row[1], podcast=row[2], duration=row[3], chapters=tuple(chapters.get(row[0], ())),
                        description=row[4], url=row[5], note=row[6], people=tuple(json.loads(row[7])), published=row[8],
                        number=row[9], transcript_url=row[10], transcript_type=row[11])  # fmt: skip
                async for row in cursor
            ]

    # ---- per-server settings ----------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        return (await self._settings("WHERE guild_id = ?", (guild_id,))).get(guild_id, NO_SETTINGS)

    async def all_guild_settings(self) -> dict[int, GuildSettings]:
        return await self._settings("", ())

    async def _settings(self, where: str, params: tuple[object, ...]) -> dict[int, GuildSettings]:
        channels = f"SELECT guild_id, channel_id FROM guild_channels {where} ORDER BY guild_id, channel_id"
        async with self._db.execute(channels, params) as cursor:
            channel_rows = await cursor.fetchall()
        async with self._db.execute(f"SELECT guild_id, mod_role_id FROM guild_settings {where}", params) as cursor:
            role_rows = await cursor.fetchall()
        return settings_by_guild(channel_rows, role_rows)  # type: ignore[arg-type]

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was not listed yet."""
        return await self._write("INSERT OR IGNORE INTO guild_channels VALUES (?, ?)", (guild_id, channel_id)) > 0

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was listed."""
        return await self._write("DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)) > 0

    async def clear_channels(self, guild_id: int) -> int:
        return await self._write("DELETE FROM guild_channels WHERE guild_id = ?", (guild_id,))

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None:
        await self._write(
            "INSERT INTO guild_settings (guild_id, mod_role_id) VALUES (?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET mod_role_id = excluded.mod_role_id",
            (guild_id, role_id),
        )

    # ---- feed state (a feed's validators, health and the episodes it wrote) -----------------------

    async def feeds(self) -> list[FeedState]:
        async with self._db.execute(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY url") as cursor:
            return [feed_state(row) async for row in cursor]

    async def feed(self, url: str) -> FeedState | None:
        async with self._db.execute(f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)) as cursor:
            row = await cursor.fetchone()
        return feed_state(row) if row else None

    async def save_feed(self, state: FeedState) -> None:
        """Insert the feed or update every field of it."""
        values = feed_values(state)
        # An upsert, not INSERT OR REPLACE: a replace deletes the row first, and with it (cascade) the feed's items.
        updates = ", ".join(f"{c} = excluded.{c}" for c in FEED_COLUMNS.split(", ")[1:])
        await self._write(
            f"INSERT INTO feeds ({FEED_COLUMNS}) VALUES ({', '.join('?' * len(values))}) ON CONFLICT (url) DO UPDATE SET {updates}",
            values,
        )

    async def remove_feed(self, url: str) -> bool:
        """True when the feed was known; its episode files stay in the data folder."""
        return await self._write("DELETE FROM feeds WHERE url = ?", (url,)) > 0

    async def feed_items(self, url: str) -> dict[str, FeedItem]:
        """The episodes the feed wrote, by guid."""
        async with self._db.execute(
            "SELECT guid, episode_id, path, written, source_digest FROM feed_items WHERE feed_url = ?", (url,)
        ) as cursor:
            return {row[0]: FeedItem(*row) async for row in cursor}

    async def save_feed_items(self, url: str, items: Sequence[FeedItem]) -> None:
        """Insert or update these items of the feed, in one transaction."""
        async with self._writing:
            try:
                await self._db.executemany(
                    "INSERT OR REPLACE INTO feed_items VALUES (?, ?, ?, ?, ?, ?)",
                    [(url, i.guid, i.episode_id, i.path, i.written, i.source_digest) for i in items],
                )
                await self._db.commit()
            except BaseException:
                await self._db.rollback()
                raise

    # ---- bookkeeping ------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        async with self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def set_meta(self, key: str, value: str) -> None:
        await self._write("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    async def run_sql(self, sql: str, *args: object) -> int:
        return await self._write(sql, args)

    async def read_sql(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        async with self._db.execute(sql, args) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def _write(self, sql: str, params: tuple[object, ...]) -> int:
        """One statement in its own transaction; the number of rows it changed."""
        async with self._writing:
            cursor = await self._db.execute(sql, params)
            await self._db.commit()
            return cursor.rowcount


def _is_damaged(error: sqlite3.DatabaseError) -> bool:
    """A file SQLite cannot read as a database, as opposed to one it cannot write."""
    text = str(error)
    return "not a database" in text or "malformed" in text


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its journal files) out of the way; the new name."""
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(Path(f"{aside}{suffix}"))
    return aside


def _copy_file(path: Path, memory: str) -> None:
    """Copy the database at `path`, read only, into the in-memory database `memory`, if it can be read."""
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(memory, uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    except sqlite3.Error as error:
        log.error("database %s cannot be read either (%s); starting with no settings", path, error)
