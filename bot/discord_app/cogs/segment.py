"""/segment: the question, its autocomplete, and the answer embed (or an episode's card, for a question about a whole episode)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import MISSING

from bot.discord_app import replies
from bot.discord_app.choices import MAX_QUERY, chapter_choices, episode_choices, never_fails
from bot.discord_app.teaching_views import answer_view, pick_view

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

RELATED = 3


def _cooldown(interaction: discord.Interaction[SegmentBot]) -> app_commands.Cooldown:
    settings = interaction.client.settings
    return app_commands.Cooldown(settings.cooldown_uses, settings.cooldown_seconds)


class Segment(commands.Cog):
    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    async def _allowed_channels(self, interaction: discord.Interaction) -> tuple[int, ...] | None:
        """The channels /segment answers in, when this is not one of them; None when it may answer.

        Channels deleted since an admin listed them are ignored, so a list of only deleted
        channels restricts nothing.
        """
        if interaction.guild is None:
            return None
        listed = (await self.bot.guild_settings.get(interaction.guild.id)).channel_ids
        existing = tuple(c for c in listed if interaction.guild.get_channel(c) is not None)
        if not existing or interaction.channel_id in existing:
            return None
        return existing

    @app_commands.command(name="segment", description="Find the moment in an episode that covers your question")
    @app_commands.describe(
        query="What you want to hear about, e.g. ketamine dose",
        episode="Search only this episode (optional)",
    )
    @app_commands.autocomplete(episode=episode_choices)
    @app_commands.checks.dynamic_cooldown(_cooldown)
    async def segment(
        self,
        interaction: discord.Interaction[SegmentBot],
        query: app_commands.Range[str, 1, MAX_QUERY],
        episode: str | None = None,
    ) -> None:
        elsewhere = await self._allowed_channels(interaction)
        if elsewhere:
            await interaction.response.send_message(replies.channels_note(elsewhere), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)
            return
        index = self.bot.catalog.current.index
        if episode is not None and index.episode(episode) is None:
            await interaction.response.send_message(replies.unknown_episode_text(episode), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)
            return
        query = query[:MAX_QUERY]
        answer = index.search(query, episode=episode, limit=RELATED + 1)
        if answer.episodes:  # a question about a whole episode: the episode's card
            named, *others = answer.episodes
            await interaction.response.send_message(embed=replies.episode_card(named, others), allowed_mentions=replies.NO_MENTIONS)
            return
        teaching, guild_id = self.bot.teaching, interaction.guild_id
        if guild_id is not None and episode is None:  # what the server taught (bot/core/teaching)
            answer = (await teaching.taught(guild_id)).adjust(query, answer, index, limit=RELATED + 1)
        if not answer.results:
            text = replies.no_match_text(query, answer.suggestions)
            menu = pick_view(teaching.shown(guild_id, query, answer.suggestions), answer.suggestions) if guild_id and answer.suggestions else MISSING
            await interaction.response.send_message(text, ephemeral=True, view=menu, allowed_mentions=replies.NO_MENTIONS)
            if guild_id is not None:
                await teaching.missed(guild_id, query)
            return
        best, *related = answer.results
        buttons = answer_view(teaching.shown(guild_id, query, answer.results), 0) if guild_id is not None else MISSING
        await interaction.response.send_message(embed=replies.answer_embed(best, related), view=buttons, allowed_mentions=replies.NO_MENTIONS)

    @segment.autocomplete("query")
    @never_fails
    async def query_suggestions(self, interaction: discord.Interaction[SegmentBot], current: str) -> list[app_commands.Choice[str]]:
        elsewhere = await self._allowed_channels(interaction)
        if elsewhere:
            note = replies.channels_choice(interaction.guild, elsewhere)
            return [app_commands.Choice(name=note, value=note)]
        catalog = self.bot.catalog.current
        episode = getattr(interaction.namespace, "episode", None)
        if episode is not None and catalog.index.episode(episode) is None:
            episode = None
        return chapter_choices(catalog, current, episode)

async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Segment(bot))
