"""The bot: a thin discord.py client over the catalog, the store and the per-server settings."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from ..core.catalog import CatalogService
from ..core.feeds.service import FeedReport, FeedService
from ..core.store import Store
from ..settings import Settings
from .checks import NotAllowed
from .cogs.feeds import announcement
from .command_sync import sync_if_changed
from .guild_settings import GuildSettingsCache

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discord_app.cogs.segment", "bot.discord_app.cogs.episodes", "bot.discord_app.cogs.moderation",
    "bot.discord_app.cogs.feeds",
)  # fmt: skip


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
        elif isinstance(getattr(error, "original", None), sqlite3.Error):
            log.error("the database refused a settings change (guild %s): %s", interaction.guild_id, error.original)  # type: ignore[attr-defined]
            message = ("I couldn't save that: the bot's database cannot be written right now. Nothing changed, "
                       "and I keep answering questions; the bot's operator will find the reason in its log.")  # fmt: skip
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
        self, settings: Settings, store: Store, catalog: CatalogService, *, force_sync: bool = False, **options: Any
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
        self.feeds = FeedService(store, catalog, settings.feed_limits(), announce=self.announce_feed_news)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            if extension not in self.extensions:  # a login retried after a network failure runs this again
                await self.load_extension(extension)
        await sync_if_changed(self, force=self.force_sync)
        self.feeds.start_polling()  # the one place polling starts; close() stops it

    async def close(self) -> None:
        await self.feeds.close()
        await super().close()

    async def announce_feed_news(self, report: FeedReport) -> None:
        """Post a feed's new episodes, or that it was paused, in its announcement channel, without pinging anyone."""
        feed = report.state
        channel = self.get_channel(feed.announce_channel_id or 0)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("announcement channel %s of %s is gone; not announced", feed.announce_channel_id, feed.url)
            return
        await channel.send(announcement(report), allowed_mentions=discord.AllowedMentions.none())

    async def on_ready(self) -> None:
        catalog = self.catalog.current
        log.info("logged in as %s; serving %d episodes, %d chapters", self.user, len(catalog.episodes), catalog.chapter_count)
