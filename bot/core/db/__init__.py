"""The database: SQLite for one process, PostgreSQL for many, behind one interface (base.Storage).

`SEGMENT_BOT_DATABASE` holding a `postgresql://` URL selects PostgreSQL (postgres.py, for many
processes sharing one database, coordinated by cluster.py); anything else is a file path for
SQLite (sqlite.py, the default for one process). Both keep the same tables through the same
numbered migrations (migrations/<dialect>/), and both stand behind `Storage`.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.db.base import (
    CATALOG_VERSION_KEY,
    DATABASE_ERRORS,
    NO_SETTINGS,
    Cluster,
    DatabaseUnavailable,
    GuildSettings,
    Storage,
    is_postgres,
)
from bot.core.db.cluster import PostgresCluster, SingleProcess
from bot.core.db.postgres import PostgresStore
from bot.core.db.sqlite import SqliteStore

__all__ = [
    "CATALOG_VERSION_KEY", "DATABASE_ERRORS", "NO_SETTINGS", "Cluster", "DatabaseUnavailable", "GuildSettings",
    "SingleProcess", "Storage",
    "is_postgres", "open_cluster", "open_storage",
]  # fmt: skip


async def open_storage(database: Path | str) -> Storage:
    """The store for this setting, migrated to the latest schema."""
    if is_postgres(database):
        try:
            return await PostgresStore.open(str(database))
        except DATABASE_ERRORS as error:  # the URL's password is not in asyncpg's messages
            raise DatabaseUnavailable(f"cannot open the PostgreSQL database: {error}") from error
    # A damaged, unwritable or newer SQLite file does not stop the bot: see SqliteStore.open_or_recover.
    return await SqliteStore.open_or_recover(Path(database))


def open_cluster(database: Path | str, *, name: str) -> Cluster:
    """The cluster for this database setting; `name` labels this process's connections."""
    if is_postgres(database):
        return PostgresCluster(str(database), name=name)
    return SingleProcess()
