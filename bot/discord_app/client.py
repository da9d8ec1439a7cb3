"""The bot: a thin discord.py client over the catalog, the store and the per-server settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Awaitable, Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.catalog import CatalogService
from bot.core.db import DATABASE_ERRORS, Cluster, SingleProcess, Storage
from bot.core.feeds.service import FeedReport, FeedService
from bot.core.teaching import Teaching
from bot.discord_app import replies
from bot.discord_app.checks import NotAllowed
from bot.discord_app.command_sync import sync_if_changed
from bot.discord_app.guild_settings import GuildSettingsCache
from bot.discord_app.teaching_views import PickMenu, VoteButton
from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discord_app.cogs.segment", "bot.discord_app.cogs.episodes", "bot.discord_app.cogs.reload",
    "bot.discord_app.cogs.config", "bot.discord_app.cogs.feeds", "bot.discord_app.cogs.teach",
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
        elif isinstance(getattr(error, "original", None), DATABASE_ERRORS):
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
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=replies.NO_MENTIONS)
        else:
            await interaction.response.send_message(message, ephemeral=True, allowed_mentions=replies.NO_MENTIONS)
    except discord.HTTPException:
        log.exception("could not send an error reply")


# The name under which once-only work is led (cluster.py): the process that holds it runs the
# jobs of ONCE_ONLY_JOBS, each a coroutine function taking the bot; another process takes over
# when it dies. Work that must not run in every process of a sharded bot goes there.
LEADER = "once-only work"
ONCE_ONLY_JOBS: tuple[Callable[["SegmentBot"], Awaitable[None]], ...] = (
    lambda bot: bot.feeds.poll_forever(),  # feeds are polled by one process, not by each
    lambda bot: bot.teaching.purge_forever(),  # the teaching's retention limit, kept by one process
)


class SegmentBot(commands.AutoShardedBot):
    def __init__(
        self, settings: Settings, store: Storage, catalog: CatalogService, *, force_sync: bool = False,
        cluster: Cluster | None = None, **options: Any,
    ) -> None:
        """`options` go to discord.py's client as they are (tests shorten guild_ready_timeout)."""
        super().__init__(
            command_prefix=commands.when_mentioned,  # no text commands; discord.py requires a prefix
            intents=discord.Intents(guilds=True),
            tree_cls=SegmentTree,
            allowed_mentions=replies.NO_MENTIONS,
            help_command=None,
            chunk_guilds_at_startup=False,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
            shard_count=settings.shard_count,
            **options,
        )
        self.settings = settings
        self.store = store
        self.catalog = catalog
        self.guild_settings = GuildSettingsCache(store)
        self.force_sync = force_sync
        self.feeds = FeedService(store, catalog, settings.feed_limits(), announce=self.announce_feed_news)
        self.cluster = cluster or SingleProcess()
        self.teaching = Teaching(store, settings.teaching_limits(), key=settings.member_key)
        self._leading: asyncio.Task[None] | None = None
        self._identify_buckets = 1  # Discord's max_concurrency, read when the shards connect
        self._began_login = False  # discord.py's AutoShardedClient.close() needs what login() sets up

    async def setup_hook(self) -> None:
        self.add_dynamic_items(VoteButton, PickMenu)  # the teaching components, whichever message holds them
        for extension in EXTENSIONS:
            if extension not in self.extensions:  # a login retried after a network failure runs this again
                await self.load_extension(extension)
        # Processes starting together sync one after the other, so the hash spares all but the first.
        async with self.cluster.exclusive("command sync"):
            await sync_if_changed(self, force=self.force_sync)

    async def login(self, token: str) -> None:
        self._began_login = True
        await super().login(token)

    async def connect(self, *, reconnect: bool = True) -> None:
        """Read every server's settings, hear the other processes and take a turn at the once-only
        work, then serve the shards.

        Not in setup_hook: `python -m bot sync` logs in (and so runs setup_hook) without serving,
        and must not poll feeds or take the once-only work from the processes that serve."""
        if self._leading is None:
            await self.guild_settings.load()
            await self.teaching.start()
            await self.cluster.start(on_catalog=self.catalog.follow, on_settings=self.guild_settings.refresh)
            self._leading = asyncio.create_task(self.cluster.lead(LEADER, self._once_only_work), name=LEADER)
            self._identify_buckets = await self._max_concurrency()
        await super().connect(reconnect=reconnect)

    async def _max_concurrency(self) -> int:
        """In how many buckets shards may identify at once (Discord's session_start_limit)."""
        try:
            return max(1, (await self.fetch_session_start_limits()).max_concurrency)
        except (discord.HTTPException, OSError, asyncio.TimeoutError) as error:
            log.warning("cannot read Discord's identify concurrency (%s); identifying one shard at a time", error)
            return 1

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for this shard's turn to IDENTIFY: Discord allows one per 5 s in each bucket (shard id
        modulo max_concurrency) across the whole bot, every process included. discord.py's own wait
        knows only this process: processes starting together would identify at once."""
        bucket = (shard_id or 0) % self._identify_buckets
        loop = asyncio.get_running_loop()
        began = loop.time()
        await self.cluster.take_turn(f"identify {bucket}", self.settings.identify_seconds)
        if (waited := loop.time() - began) > 1.0:
            log.info("shard %s waited %.1f s for its turn to identify (bucket %d)", shard_id, waited, bucket)

    async def _once_only_work(self) -> None:
        await asyncio.gather(*(job(self) for job in ONCE_ONLY_JOBS))
        await asyncio.Event().wait()  # hold the role while this process lives, jobs or none

    @property
    def leads_once_only_work(self) -> bool:
        return self.cluster.leads(LEADER)

    async def close(self) -> None:
        if self._leading is not None:
            self._leading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._leading
        await self.cluster.close()
        await self.feeds.close()
        if self._began_login:
            await super().close()
        else:  # a bot closed before it ever logged in (a failure at start) has only its HTTP client open
            await self.http.close()

    async def announce_feed_news(self, report: FeedReport) -> None:
        """Post a feed's new episodes, or that it was paused, in its announcement channel, without pinging anyone."""
        feed = report.state
        channel = self.get_channel(feed.announce_channel_id or 0)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("announcement channel %s of %s is gone; not announced", feed.announce_channel_id, feed.url)
            return
        await channel.send(replies.announcement(report), allowed_mentions=replies.NO_MENTIONS)

    async def on_ready(self) -> None:
        catalog = self.catalog.current
        log.info("logged in as %s (%s); serving %d episodes, %d chapters",
                 self.user, self.settings.shard_label, len(catalog.episodes), catalog.chapter_count)  # fmt: skip

    async def on_shard_ready(self, shard_id: int) -> None:
        log.info("shard %d of %d ready", shard_id, self.shard_count)
