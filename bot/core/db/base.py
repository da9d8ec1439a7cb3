"""What both databases share: the interfaces (`Storage`, `Cluster`), the errors, and the helpers
that turn records into rows and back.

sqlite.py, postgres.py and cluster.py each import only this module; the package's `__init__`
picks the implementations for a setting.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import json
import re
import sqlite3
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Awaitable, Callable, Iterable, Iterator, Protocol, Sequence

import asyncpg

from bot.core.episodes import Episode
from bot.core.feeds.state import FeedItem, FeedState

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# The meta key of the catalog's version, where a database shared by processes keeps one.
CATALOG_VERSION_KEY = "catalog-version"
# What a failed read or write raises, in either database: callers that keep serving through a
# database fault (a full disk, a lost server) catch these and nothing broader.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError, OSError)


# The meta key of the digest of the files the stored catalog was read from, with the schema it was
# written under ("3:abc..."): a start whose files have that digest need not store the catalog again.
CATALOG_DIGEST_KEY = "catalog-digest"
# The feeds table's columns, in FeedState's field order, in both dialects.
FEED_COLUMNS = (
    "url, folder, podcast, interval, etag, last_modified, body_digest, last_attempt, last_success, "
    "last_error, failing_since, paused, episode_count, announce_channel_id, failures"
)


# One folder of .sql files per dialect (package data, so they ship in the wheel). The file numbered
# n takes a database from schema version n - 1 to n; the version number is the count of files run.
MIGRATIONS_FOLDER: Traversable = importlib.resources.files("bot.core.db") / "migrations"
_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


class BadMigrations(RuntimeError):
    """A dialect's migration files are missing, misnumbered or unreadable: the install is broken."""


def read_migrations(folder: Traversable) -> tuple[str, ...]:
    """The SQL of `folder`'s NNNN_what_it_does.sql files, in their order: element n takes a database
    from version n to n + 1. The numbers run from 1 with no gap, since a skipped or repeated number
    would make the same version mean different schemas in the two dialects."""
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".sql")) if folder.is_dir() else []
    if not names:
        raise BadMigrations(f"no migrations in {folder}: was the package installed without its .sql files?")
    migrations: list[str] = []
    for name in names:
        match = _MIGRATION_NAME.fullmatch(name)
        if match is None:
            raise BadMigrations(f"{folder / name}: a migration is named NNNN_what_it_does.sql (4 digits, lower case)")
        if int(match[1]) != len(migrations) + 1:
            raise BadMigrations(f"{folder / name}: numbered {int(match[1])} after migration {len(migrations)}; "
                                "the numbers run 1, 2, 3... with no gap and no repeat")  # fmt: skip
        try:
            migrations.append((folder / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise BadMigrations(f"cannot read migration {folder / name}: {error}") from error
    return tuple(migrations)


def digest_entry(digest: str, schema: int) -> str:
    return f"{schema}:{digest}"


def digest_from_entry(entry: str | None, schema: int) -> str | None:
    """The digest in a CATALOG_DIGEST_KEY value, if this schema wrote it."""
    written_under, _, digest = (entry or "").partition(":")
    return digest if written_under == str(schema) else None


def episodes_as_rows(episodes: Sequence[Episode]) -> Iterator[tuple[object, ...]]:
    """The episodes table's rows, in both dialects (people as JSON text in both)."""
    for position, e in enumerate(episodes):
        yield (e.id, position, e.podcast, e.title, e.duration, e.description, e.url, e.note,
               json.dumps(e.people), e.published, e.number, e.transcript_url, e.transcript_type)  # fmt: skip


def feed_values(state: FeedState) -> tuple[object, ...]:
    """A feed's row, for FEED_COLUMNS."""
    return (
        state.url, state.folder, state.podcast, state.interval, state.etag, state.last_modified, state.body_digest,
        state.last_attempt, state.last_success, state.last_error, state.failing_since, bool(state.paused),
        state.episode_count, state.announce_channel_id, state.failures,
    )  # fmt: skip


def feed_state(row: Sequence[object]) -> FeedState:
    state = FeedState(*row)  # type: ignore[arg-type]  # the columns are FeedState's fields, in order
    state.paused = bool(state.paused)
    return state


@dataclass(frozen=True)
class GuildSettings:
    """One server's settings: where /segment answers (every channel when none), who may /reload."""

    channel_ids: tuple[int, ...] = ()
    mod_role_id: int | None = None


NO_SETTINGS = GuildSettings()


def settings_by_guild(
    channel_rows: Iterable[Sequence[int]], role_rows: Iterable[Sequence[int | None]]
) -> dict[int, GuildSettings]:
    """Servers' settings from (guild, channel) rows in channel order and (guild, mod role) rows,
    in both dialects; servers with no settings are left out."""
    channels: dict[int, list[int]] = {}
    for guild_id, channel_id in channel_rows:
        channels.setdefault(guild_id, []).append(channel_id)
    roles = {int(guild_id): role_id for guild_id, role_id in role_rows if guild_id is not None and role_id is not None}
    return {g: GuildSettings(tuple(channels.get(g, ())), roles.get(g)) for g in channels.keys() | roles.keys()}


class DatabaseUnavailable(Exception):
    """The PostgreSQL database cannot be reached (after RECONNECT_SECONDS of trying) or refuses the
    bot; the message says why. SQLite never raises it: see Store.open_or_recover."""


def is_postgres(database: Path | str) -> bool:
    return isinstance(database, str) and database.startswith(POSTGRES_SCHEMES)


class Storage(Protocol):
    """The database's whole interface; a new kind of record adds its methods here and in both stores."""

    async def close(self) -> None: ...

    async def schema_version(self) -> int: ...

    async def replace_catalog(self, episodes: Sequence[Episode], *, digest: str | None = None) -> str | None:
        """Store the whole catalog atomically; the new catalog version where the database keeps one.

        `digest` names the files the catalog was read from; catalog_digest() gives it back, so a
        start with nothing changed need not write the catalog again."""

    async def catalog_digest(self) -> str | None: ...

    async def load_catalog(self) -> list[Episode]: ...

    async def guild_settings(self, guild_id: int) -> GuildSettings: ...

    async def all_guild_settings(self) -> dict[int, GuildSettings]:
        """Every server's settings (the servers with none left out), read at once."""

    async def add_channel(self, guild_id: int, channel_id: int) -> bool: ...

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool: ...

    async def clear_channels(self, guild_id: int) -> int: ...

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None: ...

    async def feeds(self) -> list[FeedState]: ...

    async def feed(self, url: str) -> FeedState | None: ...

    async def save_feed(self, state: FeedState) -> None: ...

    async def remove_feed(self, url: str) -> bool: ...

    async def feed_items(self, url: str) -> dict[str, FeedItem]: ...

    async def save_feed_items(self, url: str, items: Sequence[FeedItem]) -> None: ...

    async def get_meta(self, key: str) -> str | None: ...

    async def set_meta(self, key: str, value: str) -> None: ...

    async def run_sql(self, sql: str, *args: object) -> int:
        """One write in its own transaction; the rows it changed. For records whose SQL is written
        once for both dialects (bot/core/teaching/store.py): `?` placeholders, portable statements."""

    async def read_sql(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        """The rows of one query, written as for run_sql."""


# PostgreSQL: the channel its notifications travel on, and how long a lost server is retried.
NOTIFY_CHANNEL = "segment_bot"
RECONNECT_SECONDS = 30.0
# The errors of a lost or restarting server, as opposed to errors in what was asked.
CONNECTION_LOST = (
    OSError,  # refused, reset, timed out
    asyncpg.PostgresConnectionError,  # the connection closed under a statement
    asyncpg.exceptions.OperatorInterventionError,  # the server shutting down or still starting
)


CatalogChanged = Callable[[], Awaitable[object]]
SettingsChanged = Callable[[int | None], Awaitable[object]]  # a server's id, or None for every server


class Cluster(Protocol):
    async def start(self, on_catalog: CatalogChanged, on_settings: SettingsChanged) -> None:
        """Begin calling back when another process changes the catalog or a server's settings."""

    def exclusive(self, name: str) -> contextlib.AbstractAsyncContextManager[None]:
        """A block that no two processes run at the same time."""

    async def lead(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run `work` whenever this process is the one process that may; returns when `work` does."""

    def leads(self, name: str) -> bool:
        """Whether this process runs `name`'s work now."""

    async def take_turn(self, name: str, every: float) -> None:
        """Return when `every` seconds have passed since the last turn at `name`, in any process."""

    async def close(self) -> None: ...
