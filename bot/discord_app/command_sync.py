"""Sync slash commands only when their definitions changed, to spare Discord's daily create budget.

The hash of exactly what a sync would send is kept in the database per application and scope
(global, or the development server), so an unchanged restart sends nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from .client import SegmentBot

log = logging.getLogger(__name__)


async def sync_if_changed(bot: SegmentBot, *, force: bool) -> bool:
    """Sync when the definitions differ from the last sync (or `force`); True when synced."""
    guild = discord.Object(bot.settings.dev_guild_id) if bot.settings.dev_guild_id else None
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands(guild=guild)]
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    key = f"command-hash:{bot.application_id}:{guild.id if guild else 'global'}"
    scope = f"server {guild.id}" if guild else "all servers"
    if not force and await bot.store.get_meta(key) == digest:
        log.info("slash commands unchanged since the last sync to %s; not syncing", scope)
        return False
    synced = await bot.tree.sync(guild=guild)
    await bot.store.set_meta(key, digest)
    log.info("synced %d slash commands to %s", len(synced), scope)
    return True
