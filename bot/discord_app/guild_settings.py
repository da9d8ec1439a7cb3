"""Per-server settings (answer channels, moderator role), cached so autocomplete never waits on disk."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.db import DATABASE_ERRORS, Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GuildSettings:
    channel_ids: tuple[int, ...] = ()
    mod_role_id: int | None = None


class GuildSettingsCache:
    """Reads go to memory after the first; every write goes to the database first, then the cache."""

    def __init__(self, store: Storage) -> None:
        self._store = store
        self._cache: dict[int, GuildSettings] = {}
        # Counts forget() calls: a read that a forget() overtook must not cache what it read.
        self._forgotten = 0

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is None:
            forgotten = self._forgotten
            try:
                cached = GuildSettings(tuple(await self._store.channels(guild_id)), await self._store.mod_role(guild_id))
            except DATABASE_ERRORS as error:
                # Questions go on: answered as in a server with no settings until the database reads again.
                log.error("cannot read the settings of guild %s (%s); using none for now", guild_id, error)
                return GuildSettings()
            if forgotten == self._forgotten:  # not changed by another process while it was read
                self._cache[guild_id] = cached
        return cached

    def forget(self, guild_id: int | None) -> None:
        """Drop a server's cached settings (None: every server's), after another process changed them."""
        self._forgotten += 1
        if guild_id is None:
            self._cache.clear()
        else:
            self._cache.pop(guild_id, None)

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        added = await self._store.add_channel(guild_id, channel_id)
        self.forget(guild_id)
        return added

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        removed = await self._store.remove_channel(guild_id, channel_id)
        self.forget(guild_id)
        return removed

    async def clear_channels(self, guild_id: int) -> int:
        cleared = await self._store.clear_channels(guild_id)
        self.forget(guild_id)
        return cleared

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None:
        await self._store.set_mod_role(guild_id, role_id)
        self.forget(guild_id)
