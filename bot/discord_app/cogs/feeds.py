"""/feed add|remove|list|set|refresh and /episode add, for moderators (the /reload rule, checked in code).

Everything here answers privately. Work that may take longer than Discord's 3 seconds (fetching a
feed, reading an upload, reloading) is deferred first.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...core.catalog import ReloadResult
from ...core.episodes import Episode, format_timestamp
from ...core.feeds.service import FeedRefused, FeedReport
from ...core.feeds.state import FeedState
from ...core.feeds.upload import MAX_UPLOAD, UploadRefused, episode_from_upload
from .. import replies
from ..checks import is_moderator, moderators_only
from ..choices import never_fails

if TYPE_CHECKING:
    from ..client import SegmentBot

NONE = discord.AllowedMentions.none()
MANAGE_SERVER = discord.Permissions(manage_guild=True)


class Feeds(commands.Cog):
    feed = app_commands.Group(
        name="feed", description="Podcast feeds whose episodes the bot keeps up to date (moderators)",
        guild_only=True, default_permissions=MANAGE_SERVER,
    )  # fmt: skip
    episode = app_commands.Group(
        name="episode", description="Add an episode from its show notes (moderators)",
        guild_only=True, default_permissions=MANAGE_SERVER,
    )  # fmt: skip

    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    @feed.command(name="add", description="Follow a podcast feed: import its episodes and keep them current")
    @app_commands.describe(
        url="The feed's address (RSS or Atom), http:// or https://",
        announce="A channel where new episodes are announced (no pings)",
        every="Minutes between checks (default 60, at least 5)",
    )
    @moderators_only()
    async def feed_add(
        self, interaction: discord.Interaction[SegmentBot], url: app_commands.Range[str, 1, 500],
        announce: discord.TextChannel | None = None, every: app_commands.Range[int, 5, 10080] | None = None,
    ) -> None:  # fmt: skip
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            report = await self.bot.feeds.add(
                url, interval=every * 60 if every else None, announce_channel_id=announce.id if announce else None
            )
        except FeedRefused as error:
            await self._followup(interaction, f"Not added: {error}")
            return
        state, result = report.state, report.result
        with_chapters = sum(1 for e in result.added if e.chapters)
        text = (f"Following **{replies.clip(state.podcast, 100)}**: {len(result.added)} episodes imported "
                f"({with_chapters} with chapters), checked every {state.interval // 60} min"
                + (f", new episodes announced in <#{state.announce_channel_id}>" if state.announce_channel_id else "")
                + ".\n" + self._reload_line(report.reload) + self._warnings(report))  # fmt: skip
        await self._followup(interaction, text)

    @feed.command(name="remove", description="Stop following a feed (its episodes stay)")
    @app_commands.describe(url="The feed's address, as /feed list shows it")
    @moderators_only()
    async def feed_remove(self, interaction: discord.Interaction[SegmentBot], url: str) -> None:
        if await self.bot.feeds.remove(url):
            text = f"No longer following <{url}>. Its episodes stay in the catalog."
        else:
            text = "No feed with that address is followed; see /feed list."
        await interaction.response.send_message(replies.clip(text, replies.MAX_CONTENT), ephemeral=True, allowed_mentions=NONE)

    @feed.command(name="list", description="The feeds followed: last success, last error, episodes")
    @moderators_only()
    async def feed_list(self, interaction: discord.Interaction[SegmentBot]) -> None:
        feeds = await self.bot.feeds.feeds()
        text = "\n".join(map(status_text, feeds)) if feeds else "No feeds followed yet; add one with /feed add."
        await interaction.response.send_message(replies.lines_within(text.split("\n"), replies.MAX_CONTENT),
                                                ephemeral=True, allowed_mentions=NONE)  # fmt: skip

    @feed.command(name="set", description="Change how often a feed is checked, or where its new episodes are announced")
    @app_commands.describe(url="The feed's address, as /feed list shows it", every="Minutes between checks (at least 5)",
                           announce="A channel where new episodes are announced (no pings)")  # fmt: skip
    @moderators_only()
    async def feed_set(
        self, interaction: discord.Interaction[SegmentBot], url: str,
        every: app_commands.Range[int, 5, 10080] | None = None, announce: discord.TextChannel | None = None,
    ) -> None:  # fmt: skip
        try:
            state = await self.bot.feeds.set_options(
                url, interval=every * 60 if every else None, announce_channel_id=announce.id if announce else None
            )
        except FeedRefused as error:
            text = str(error)
        else:
            text = status_text(state) + (f"\nNew episodes are announced in <#{state.announce_channel_id}>." if state.announce_channel_id else "")
        await interaction.response.send_message(replies.clip(text, replies.MAX_CONTENT), ephemeral=True, allowed_mentions=NONE)

    @feed.command(name="refresh", description="Check a feed now (or all of them), even a paused one")
    @app_commands.describe(url="The feed's address; leave empty to check every feed")
    @moderators_only()
    async def feed_refresh(self, interaction: discord.Interaction[SegmentBot], url: str | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            reports = [await self.bot.feeds.refresh(url)] if url else await self.bot.feeds.refresh_all()
        except FeedRefused as error:
            await self._followup(interaction, str(error))
            return
        lines = []
        for report in reports:
            result = report.result
            outcome = f"error: {result.error}" if result.error else f"{len(result.added)} new, {len(result.updated)} updated"
            lines.append(f"**{replies.clip(report.state.podcast or report.state.url, 100)}**: {outcome}")
        if reports and reports[0].reload is not None:
            lines.append(self._reload_line(reports[0].reload))
        await self._followup(interaction, replies.lines_within(lines, replies.MAX_CONTENT) if lines else
                             "No feeds followed yet; add one with /feed add.")  # fmt: skip

    @feed_remove.autocomplete("url")
    @feed_set.autocomplete("url")
    @feed_refresh.autocomplete("url")
    @never_fails
    async def feed_url_choices(self, interaction: discord.Interaction[SegmentBot], current: str) -> list[app_commands.Choice[str]]:
        # discord.py runs no command check for autocomplete: the list of feeds is for moderators only.
        if not await is_moderator(interaction):
            return []
        typed = current.casefold()
        return [
            app_commands.Choice(name=replies.clip(f"{state.podcast or '?'} · {state.url}", replies.MAX_CHOICE), value=state.url)
            for state in await self.bot.feeds.feeds()
            # A choice's value holds at most 100 characters; a longer address is typed in full.
            if len(state.url) <= replies.MAX_CHOICE and (typed in state.url.casefold() or typed in state.podcast.casefold())
        ][:25]

    @episode.command(name="add", description="Add an episode from a show-notes file or a chapters JSON")
    @app_commands.describe(
        file="Show notes as text (title on the first line) or a Podcasting 2.0 chapters JSON",
        podcast="The podcast's name, unless the notes have a 'Podcast: NAME' line",
        title="The episode's title, for a file without a title line (a chapters JSON)",
    )
    @moderators_only()
    async def episode_add(
        self, interaction: discord.Interaction[SegmentBot], file: discord.Attachment,
        podcast: app_commands.Range[str, 1, 100] | None = None, title: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:  # fmt: skip
        if file.size > MAX_UPLOAD:
            await interaction.response.send_message(
                f"{discord.utils.escape_markdown(replies.clip(file.filename, 100))} is {file.size // 1024} KB; "
                f"show notes of at most {MAX_UPLOAD // 1024} KB are read.", ephemeral=True, allowed_mentions=NONE,
            )  # fmt: skip
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        known = {e.id for e in self.bot.catalog.current.episodes}
        try:
            data = await file.read()
            # Reading half a megabyte of notes and writing the file take a while: not on the event loop.
            uploaded = await asyncio.to_thread(
                episode_from_upload, data, file.filename, self.bot.catalog.data_dir, known, podcast=podcast, title=title
            )
        except discord.HTTPException as error:
            await self._followup(interaction, f"Could not download the file from Discord ({error.status}); try again.")
            return
        except UploadRefused as error:
            await self._followup(interaction, "Nothing added:\n```\n" + str(error).replace("`", "'") + "\n```")
            return
        reload = await self.bot.catalog.reload()
        await self._followup(interaction, read_text(uploaded.episode, uploaded.warnings) + "\n" + self._reload_line(reload))

    # ---- text ---------------------------------------------------------------------------------

    @staticmethod
    def _reload_line(result: ReloadResult | None) -> str:
        if result is None:
            return "Nothing new to load."
        if result.ok:
            return f"Catalog reloaded: {len(result.changes.episodes_added)} episodes added, {len(result.changes.episodes_changed)} changed."
        return (f"The data folder has {len(result.problems)} problem(s), so the previous catalog keeps serving; "
                "see /reload for the list.")  # fmt: skip

    @staticmethod
    def _warnings(report: FeedReport) -> str:
        warnings = report.result.warnings
        if not warnings:
            return ""
        return f"\n{len(warnings)} warning(s), e.g. {replies.clip(warnings[0], 300)}"

    @staticmethod
    async def _followup(interaction: discord.Interaction[SegmentBot], text: str) -> None:
        await interaction.followup.send(replies.clip(text, replies.MAX_CONTENT), ephemeral=True, allowed_mentions=NONE)


def status_text(state: FeedState) -> str:
    """One feed in /feed list: what a moderator checks first."""
    success = f"<t:{int(state.last_success)}:R>" if state.last_success else "never"
    paused = " · **paused** (kept failing; /feed refresh to retry)" if state.paused else ""
    error = f"\n  last error: {replies.clip(state.last_error, 200)}" if state.last_error else ""
    return (f"**{replies.clip(state.podcast or '?', 100)}** <{replies.clip(state.url, 300)}>{paused}\n"
            f"  {state.episode_count} episodes · last success {success} · every {state.interval // 60} min{error}")  # fmt: skip


def read_text(episode: Episode, warnings: list[str]) -> str:
    """What the reader made of an upload, for the moderator to check."""
    head = (f"Added **{replies.clip(episode.title, 200)}** ({replies.clip(episode.podcast, 100)}, "
            f"{format_timestamp(episode.duration)}, id `{episode.id}`), {len(episode.chapters)} chapters:")  # fmt: skip
    chapters = [f"`{c.timestamp}` {replies.clip(c.title, 120)}" + (f" ({c.kind})" if c.kind != "content" else "") for c in episode.chapters]
    notes = [f"⚠ {replies.clip(w, 200)}" for w in warnings]
    return head + "\n" + replies.lines_within(chapters + notes, 1400)


def announcement(report: FeedReport) -> str:
    """For the announcement channel: new episodes (title, link, chapter count), or that the feed was paused."""
    lines = []
    if report.paused_now:
        lines.append(f"The feed of **{replies.clip(report.state.podcast or '?', 100)}** is paused: "
                     f"{replies.clip(report.state.last_error or '?', 300)}. A moderator can /feed refresh it once it works again.")  # fmt: skip
    for episode in report.announced:
        link = f" <{episode.url}>" if episode.url else ""
        lines.append(f"New episode of **{replies.clip(episode.podcast, 100)}**: {replies.clip(episode.title, 200)}"
                     f" ({len(episode.chapters)} chapters){link}")  # fmt: skip
    return replies.lines_within(lines, replies.MAX_CONTENT)


async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Feeds(bot))
