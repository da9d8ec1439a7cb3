"""Per-server settings (answer channels, moderator role) in memory, so that no question waits on the database.

Every server's settings are read when the bot connects and kept: a question, its autocomplete and a
permission check read memory only, so a database that is down or slow (a PostgreSQL restart, an
outage) delays no answer and changes no answer. What another process changes arrives as a
notification (cluster.py) and that server's settings are read again; when the listener reconnects
after an outage every server's are read again. Until a read succeeds the settings in memory stay:
they are refreshed, never dropped.

A write goes to the database first, within WRITE_SECONDS (Discord shows "The application did not
respond" after 3 s), and then to memory; a write the database cannot take in time fails with one
of DATABASE_ERRORS, which the command tree answers with "I couldn't save that".
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Awaitable, TypeVar

from bot.core.db import DATABASE_ERRORS, NO_SETTINGS, GuildSettings, Storage

log = logging.getLogger(__name__)

T = TypeVar("T")

# The longest a settings change waits for the database before it is answered "couldn't save".
WRITE_SECONDS = 1.5
# The longest a question waits for a server's settings when the start could not read them all.
READ_SECONDS = 0.5


class GuildSettingsCache:
    def __init__(self, store: Storage) -> None:
        self._store = store
        self._settings: dict[int, GuildSettings] = {}
        # True once every server's settings were read: a server not in memory then has none.
        self._complete = False
        # Every read takes a number when it starts, and memory keeps the newest read's result: a
        # read that started before a change (and may not show it) never overwrites one that started
        # after it. What each server's settings in memory were read by, and the last read of all.
        self._reads = itertools.count(1)
        self._read_by: dict[int, int] = {}
        self._all_read_by = 0

    async def get(self, guild_id: int) -> GuildSettings:
        settings = self._settings.get(guild_id)
        if settings is not None:
            return settings
        if self._complete:
            return NO_SETTINGS
        # The start could not read every server's settings: read this one, but never for long.
        try:
            return await asyncio.wait_for(self.refresh(guild_id), READ_SECONDS)
        except DATABASE_ERRORS as error:  # TimeoutError is one (an OSError)
            log.error("cannot read the settings of guild %s (%s); using none for now",
                      guild_id, str(error) or "no answer in time")  # fmt: skip
            return NO_SETTINGS

    async def load(self) -> None:
        """Read every server's settings, at the start; a failure is logged and the bot serves on."""
        try:
            await self.refresh()
        except DATABASE_ERRORS as error:
            log.error("cannot read the servers' settings (%s); each server's is read when it is first used", error)
        else:
            log.info("settings of %d servers loaded", len(self._settings))

    async def refresh(self, guild_id: int | None = None) -> GuildSettings:
        """Read a server's settings again (None: every server's), after another process changed them
        or the database came back; the server's settings (NO_SETTINGS for None). Raises what the
        database raises, and then memory keeps what it had."""
        read = next(self._reads)
        if guild_id is None:
            every = await self._store.all_guild_settings()
            if read > self._all_read_by:
                for guild in self._settings.keys() | every.keys():
                    self._keep(guild, every.get(guild, NO_SETTINGS), read)
                self._all_read_by = read
                self._complete = True
            return NO_SETTINGS
        settings = await self._store.guild_settings(guild_id)
        self._keep(guild_id, settings, read)
        return settings

    def _keep(self, guild_id: int, settings: GuildSettings, read: int) -> None:
        """Keep what `read` brought, unless a later read brought this server's settings already (a
        server not in memory was, as of the last read of all, a server with none)."""
        if read > self._read_by.get(guild_id, self._all_read_by):
            self._settings[guild_id] = settings
            self._read_by[guild_id] = read

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        return await self._write(guild_id, self._store.add_channel(guild_id, channel_id))

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        return await self._write(guild_id, self._store.remove_channel(guild_id, channel_id))

    async def clear_channels(self, guild_id: int) -> int:
        return await self._write(guild_id, self._store.clear_channels(guild_id))

    async def set_mod_role(self, guild_id: int, role_id: int | None) -> None:
        await self._write(guild_id, self._store.set_mod_role(guild_id, role_id))

    async def _write(self, guild_id: int, write: Awaitable[T]) -> T:
        """`write` within WRITE_SECONDS, then the server's settings as stored now (other processes
        may have changed them too)."""
        try:
            result = await asyncio.wait_for(write, WRITE_SECONDS)
        except TimeoutError:
            raise TimeoutError(f"the database did not answer within {WRITE_SECONDS:g} s") from None
        try:
            await asyncio.wait_for(self.refresh(guild_id), WRITE_SECONDS)
        except DATABASE_ERRORS as error:
            # Saved, but not read back: memory must not keep the settings from before the change.
            log.error("saved the settings of guild %s but cannot read them back (%s)", guild_id, str(error) or "no answer in time")
            self._settings.pop(guild_id, None)
            self._complete = False
        return result
