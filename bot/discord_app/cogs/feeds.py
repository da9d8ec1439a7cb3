"""/feed add|remove|list|set|refresh and /episode add, for moderators (the /reload rule, checked in code).

Everything here answers privately. Work that may take longer than Discord's 3 seconds (fetching a
feed, reading an upload, reloading) is deferred first. A feed paused after days of failures with no
announcement channel to say so (none set, or it is gone) heads every /feed reply until a moderator
refreshes or removes it; /feed list shows paused feeds first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.feeds.service import FeedRefused
from bot.discord_app import replies
from bot.discord_app.checks import MANAGE_SERVER, is_moderator, moderators_only
from bot.discord_app.choices import never_fails

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot



class Feeds(commands.Cog):
    feed = app_commands.Group(
        name="feed", description="Podcast feeds whose episodes the bot keeps up to date (moderators)",
        guild_only=True, default_permissions=MANAGE_SERVER,
    )  # fmt: skip
    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    async def _noticed(self, text: str) -> str:
        """`text` headed by a notice of the paused feeds nobody was told of, within a message's limit.
        Asked after the command's work: a feed it just refreshed back to life or removed is not named."""
        untold = [
            state for state in await self.bot.feeds.feeds()
            if state.paused and self.bot.get_channel(state.announce_channel_id or 0) is None
        ]  # fmt: skip
        return replies.clip(replies.paused_notice(untold) + text, replies.MAX_CONTENT)

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
            await replies.followup(interaction, await self._noticed(f"Not added: {error}"))
            return
        state, result = report.state, report.result
        with_chapters = sum(1 for e in result.added if e.chapters)
        text = (f"Following **{replies.clip(state.podcast, 100)}**: {len(result.added)} episodes imported "
                f"({with_chapters} with chapters, {len(result.transcripts)} with transcripts), checked every {state.interval // 60} min"
                + (f", new episodes announced in <#{state.announce_channel_id}>" if state.announce_channel_id else "")
                + ".\n" + replies.reload_line(report.reload) + replies.feed_warnings(report))  # fmt: skip
        await replies.followup(interaction, await self._noticed(text))

    @feed.command(name="remove", description="Stop following a feed (its episodes stay)")
    @app_commands.describe(url="The feed's address, as /feed list shows it")
    @moderators_only()
    async def feed_remove(self, interaction: discord.Interaction[SegmentBot], url: str) -> None:
        if await self.bot.feeds.remove(url):
            text = f"No longer following <{url}>. Its episodes stay in the catalog."
        else:
            text = "No feed with that address is followed; see /feed list."
        await interaction.response.send_message(await self._noticed(text), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)

    @feed.command(name="list", description="The feeds followed: last success, last error, episodes")
    @moderators_only()
    async def feed_list(self, interaction: discord.Interaction[SegmentBot]) -> None:
        feeds = sorted(await self.bot.feeds.feeds(), key=lambda state: not state.paused)  # paused first
        text = "\n".join(map(replies.feed_status_text, feeds)) if feeds else "No feeds followed yet; add one with /feed add."
        await interaction.response.send_message(replies.lines_within(text.split("\n"), replies.MAX_CONTENT),
                                                ephemeral=True, allowed_mentions=replies.NO_MENTIONS)  # fmt: skip

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
            text = replies.feed_status_text(state) + (f"\nNew episodes are announced in <#{state.announce_channel_id}>." if state.announce_channel_id else "")
        await interaction.response.send_message(await self._noticed(text), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)

    @feed.command(name="refresh", description="Check a feed now (or all of them), even a paused one")
    @app_commands.describe(url="The feed's address; leave empty to check every feed")
    @moderators_only()
    async def feed_refresh(self, interaction: discord.Interaction[SegmentBot], url: str | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            reports = [await self.bot.feeds.refresh(url)] if url else await self.bot.feeds.refresh_all()
        except FeedRefused as error:
            await replies.followup(interaction, await self._noticed(str(error)))
            return
        lines = []
        for report in reports:
            result = report.result
            outcome = f"error: {result.error}" if result.error else f"{len(result.added)} new, {len(result.updated)} updated"
            outcome += f", {len(result.transcripts)} transcripts written" if result.transcripts else ""
            lines.append(f"**{replies.clip(report.state.podcast or report.state.url, 100)}**: {outcome}")
        if reports and reports[0].reload is not None:
            lines.append(replies.reload_line(reports[0].reload))
        text = replies.lines_within(lines, replies.MAX_CONTENT) if lines else "No feeds followed yet; add one with /feed add."
        await replies.followup(interaction, await self._noticed(text))

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


async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Feeds(bot))
