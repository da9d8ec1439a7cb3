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

from bot.core.db import DATABASE_ERRORS

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

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
    try:
        last = await bot.store.get_meta(key)
    except DATABASE_ERRORS as error:  # a database fault must not stop a start: sync, as if it were the first
        log.error("cannot read the hash of the last command sync (%s); syncing", error)
        last = None
    if not force and last == digest:
        log.info("slash commands unchanged since the last sync to %s; not syncing", scope)
        return False
    synced = await bot.tree.sync(guild=guild)
    log.info("synced %d slash commands to %s", len(synced), scope)
    try:
        await bot.store.set_meta(key, digest)
    except DATABASE_ERRORS as error:
        log.error("the database cannot keep the synced commands' hash (%s); the next start syncs again", error)
    return True
