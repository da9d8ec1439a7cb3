"""The bot: a thin discord.py client over the catalog, the store and the per-server settings."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from ..core.catalog import CatalogService
from ..core.storage import Storage
from ..settings import Settings
from .checks import NotAllowed
from .command_sync import sync_if_changed
from .guild_settings import GuildSettingsCache

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.discord_app.cogs.segment", "bot.discord_app.cogs.episodes", "bot.discord_app.cogs.moderation")


class SegmentTree(app_commands.CommandTree["SegmentBot"]):
    async def on_error(self, interaction: discord.Interaction[SegmentBot], error: app_commands.AppCommandError) -> None:
        """Every failure ends as a short reply to the user, never as "The application did not respond"."""
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"You're asking quickly; try again in {max(1, round(error.retry_after))} s."
        elif isinstance(error, NotAllowed):
            message = str(error)
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use this command here."
        elif isinstance(error, app_commands.TransformerError):
            message = f"I couldn't read the option {error.value!r}."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed (guild %s, user %s)", command, interaction.guild_id, interaction.user.id,
                      exc_info=error)  # fmt: skip
            message = "Something went wrong on my side; it has been logged. Please try again."
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Reply privately, whether or not the interaction was already answered or deferred."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.exception("could not send an error reply")


class SegmentBot(commands.Bot):
    def __init__(
        self, settings: Settings, store: Storage, catalog: CatalogService, *, force_sync: bool = False, **options: Any
    ) -> None:
        """`options` go to discord.py's client as they are (tests shorten guild_ready_timeout)."""
        super().__init__(
            command_prefix=commands.when_mentioned,  # no text commands; discord.py requires a prefix
            intents=discord.Intents(guilds=True),
            tree_cls=SegmentTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            chunk_guilds_at_startup=False,
            **options,
        )
        self.settings = settings
        self.store = store
        self.catalog = catalog
        self.guild_settings = GuildSettingsCache(store)
        self.force_sync = force_sync

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await sync_if_changed(self, force=self.force_sync)

    async def on_ready(self) -> None:
        catalog = self.catalog.current
        log.info("logged in as %s; serving %d episodes, %d chapters", self.user, len(catalog.episodes), catalog.chapter_count)
