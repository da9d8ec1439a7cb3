"""/teach and /teaching: moderators teach the bot a question's chapter, undo any teaching, read
what members could not find, and clear the server's teaching. Every reply here is private.

The work is the core's (bot/core/teaching); the member buttons are in teaching_views.py.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app import replies
from bot.discord_app.checks import MANAGE_SERVER, ModeratorGroup, is_moderator, moderators_only
from bot.discord_app.choices import MAX_QUERY, Choices, chapter_choices, never_fails

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

PAIRS_WAIT = 2.0  # seconds the undo suggestions wait for the database (Discord waits 3)


class Teach(commands.Cog):
    teaching = ModeratorGroup(
        name="teaching", description="What members taught the bot, and what they could not find (moderators)",
        guild_only=True, default_permissions=MANAGE_SERVER,
    )  # fmt: skip

    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    @app_commands.command(name="teach", description="Answer questions like this one with this chapter (moderators)")
    @app_commands.describe(phrase="A question as members ask it, e.g. ED pills", chapter="The chapter that answers it")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @moderators_only()
    async def teach(self, interaction: discord.Interaction[SegmentBot], phrase: app_commands.Range[str, 1, MAX_QUERY], chapter: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a slow database must not miss Discord's 3 s
        match = self.bot.catalog.current.index.chapter(chapter)
        if match is None:
            await _reply(interaction, f"There is no chapter **{replies.echo(chapter)}**; pick one from the list as you type.")
            return
        await self.bot.teaching.vote(interaction.guild_id, phrase, match.chapter_id, interaction.user.id, 1, moderator=True)  # type: ignore[arg-type]
        await _reply(interaction, replies.taught_text(phrase, match))

    @teach.autocomplete("chapter")
    @never_fails
    async def chapter_suggestions(self, interaction: discord.Interaction[SegmentBot], current: str) -> Choices:
        return chapter_choices(self.bot.catalog.current, current)

    @teaching.command(name="undo", description="Forget a question's taught or voted chapter")
    @app_commands.describe(pair="The question and chapter to forget, as you type")
    async def undo(self, interaction: discord.Interaction[SegmentBot], pair: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a slow database must not miss Discord's 3 s
        forgotten = await self.bot.teaching.undo(interaction.guild_id, pair)  # type: ignore[arg-type]
        if forgotten is None:
            await _reply(interaction, "There is no such teaching (any more); pick one from the list as you type.")
            return
        await _reply(interaction, f"Forgotten: **{replies.echo(forgotten.question)}** → `{forgotten.chapter_id}` and every vote on it.")

    @undo.autocomplete("pair")
    @never_fails
    async def pair_suggestions(self, interaction: discord.Interaction[SegmentBot], current: str) -> Choices:
        if interaction.guild_id is None or not await is_moderator(interaction):
            return []
        index, typed = self.bot.catalog.current.index, current.casefold()
        choices = []
        for p in await asyncio.wait_for(self.bot.teaching.pairs(interaction.guild_id), PAIRS_WAIT):
            found = index.chapter(p.chapter_id)
            title = found.chapter.title if found else p.chapter_id
            name = replies.pair_choice_name(p.question, title, p.helped, p.not_this, p.moderator)
            if typed in name.casefold():
                choices.append(app_commands.Choice(name=name, value=p.key))
        return choices[:25]

    @teaching.command(name="report", description="What members could not find lately: no answer, or voted down")
    async def report(self, interaction: discord.Interaction[SegmentBot]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a slow database must not miss Discord's 3 s
        groups = await self.bot.teaching.report(interaction.guild_id)  # type: ignore[arg-type]
        await _reply(interaction, replies.report_text(groups, self.bot.teaching.limits.report_days))

    @teaching.command(name="clear", description="Delete everything the bot keeps of this server's teaching")
    @app_commands.describe(confirm="True to delete every vote, taught answer and unanswered question of this server")
    async def clear(self, interaction: discord.Interaction[SegmentBot], confirm: bool) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a slow database must not miss Discord's 3 s
        if not confirm:
            await _reply(interaction, "Nothing deleted (confirm was False).")
            return
        removed = await self.bot.teaching.clear(interaction.guild_id)  # type: ignore[arg-type]
        await _reply(interaction, f"Deleted {removed} record(s): this server's votes, teaching and unanswered questions.")


async def _reply(interaction: discord.Interaction, text: str) -> None:
    await replies.followup(interaction, text)


async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Teach(bot))
