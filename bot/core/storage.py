"""What the bot keeps in a database, whichever database it is, and how the setting picks one.

`SEGMENT_BOT_DATABASE` holding a `postgresql://` URL selects PostgreSQL (store_pg.py, for many
processes sharing one database); anything else is a file path for SQLite (store.py, the default
for one process). Both keep the same tables through the same numbered migrations, each in its own
dialect, and both stand behind `Storage`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, Sequence

from .episodes import Episode

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# The meta key of the catalog's version, where a database shared by processes keeps one.
CATALOG_VERSION_KEY = "catalog-version"


def is_postgres(database: Path | str) -> bool:
    return isinstance(database, str) and database.startswith(POSTGRES_SCHEMES)


class Storage(Protocol):
    """The database's whole interface; a new kind of record adds its methods here and in both stores."""

    async def close(self) -> None: ...

    async def schema_version(self) -> int: ...

    async def replace_catalog(self, episodes: Sequence[Episode]) -> str | None:
        """Store the whole catalog atomically; the new catalog version where the database keeps one."""

    async def load_catalog(self) -> list[Episode]: ...

    async def channels(self, guild_id: int) -> list[int]: ...

    async def add_channel(self, guild_id: int, channel_id: int) -> bool: ...

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool: ...

    async def clear_channels(self, guild_id: int) -> int: ...

    async def mod_role(self, guild_id: int) -> int | None: ...

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None: ...

    async def get_meta(self, key: str) -> str | None: ...

    async def set_meta(self, key: str, value: str) -> None: ...


async def open_storage(database: Path | str) -> Storage:
    """The store for this setting, migrated to the latest schema."""
    if is_postgres(database):
        from .store_pg import PostgresStore  # asyncpg loads only where PostgreSQL is used

        return await PostgresStore.open(str(database))
    from .store import Store

    return await Store.open(database)
