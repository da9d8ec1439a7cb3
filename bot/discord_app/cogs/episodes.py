"""/episodes: browse the catalog, then a chosen episode's chapters, paged with buttons; /episode add,
which adds an episode from a show-notes file, and /episode transcript, which gives an episode its
transcript (moderators)."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.catalog import Catalog
from bot.core.episodes import Episode, InvalidData
from bot.core.shownotes.upload import MAX_UPLOAD, UploadRefused, episode_from_upload
from bot.core.transcripts import MAX_TRANSCRIPT_BYTES
from bot.core.transcripts.storing import save_transcript
from bot.discord_app import replies
from bot.discord_app.checks import MANAGE_SERVER, moderators_only
from bot.discord_app.choices import episode_choices

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

EPISODES_PER_PAGE = 10
CHAPTERS_PER_PAGE = 15
BROWSE_MINUTES = 10  # well inside the 15 minutes an interaction token can edit its message


class Browser(discord.ui.View):
    """One private message that shows either a page of episodes or a page of one episode's chapters.

    It keeps the catalog it was opened with, so a reload meanwhile cannot shift its pages.
    """

    def __init__(self, catalog: Catalog, owner_id: int, episode: Episode | None = None) -> None:
        super().__init__(timeout=BROWSE_MINUTES * 60)
        self.catalog = catalog
        self.owner_id = owner_id
        self.episode = episode
        self.page = 0
        self.opened_by: discord.Interaction | None = None
        self._layout()

    @property
    def page_count(self) -> int:
        if self.episode is not None:
            return max(1, math.ceil(len(self.episode.chapters) / CHAPTERS_PER_PAGE))
        return max(1, math.ceil(len(self.catalog.episodes) / EPISODES_PER_PAGE))

    def embed(self) -> discord.Embed:
        if self.episode is not None:
            first = self.page * CHAPTERS_PER_PAGE
            chapters = list(enumerate(self.episode.chapters))[first : first + CHAPTERS_PER_PAGE]
            return replies.chapter_list_page(self.episode, chapters, self.page, self.page_count)
        first = self.page * EPISODES_PER_PAGE
        episodes = self.catalog.episodes[first : first + EPISODES_PER_PAGE]
        return replies.episode_list_page(episodes, self.page, self.page_count, len(self.catalog.episodes))

    def _layout(self) -> None:
        """Show only the controls that do something on this page."""
        self.clear_items()
        if self.page_count > 1:
            self.previous.disabled = self.page == 0
            self.next.disabled = self.page >= self.page_count - 1
            self.add_item(self.previous)
            self.add_item(self.next)
        if self.episode is None:
            first = self.page * EPISODES_PER_PAGE
            self.choose.options = [
                discord.SelectOption(label=replies.clip(e.title, 100), description=replies.clip(e.podcast, 100), value=e.id)
                for e in self.catalog.episodes[first : first + EPISODES_PER_PAGE]
            ]
            if self.choose.options:
                self.add_item(self.choose)
        elif len(self.catalog.episodes) > 1:
            self.add_item(self.back)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("Use /episodes to browse on your own.", ephemeral=True)
            return False
        return True

    async def _show(self, interaction: discord.Interaction) -> None:
        self._layout()
        await interaction.response.edit_message(embed=self.embed(), view=self, allowed_mentions=replies.NO_MENTIONS)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[Browser]) -> None:
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Browser]) -> None:
        self.page = min(self.page_count - 1, self.page + 1)
        await self._show(interaction)

    @discord.ui.button(label="All episodes", style=discord.ButtonStyle.primary)
    async def back(self, interaction: discord.Interaction, button: discord.ui.Button[Browser]) -> None:
        self.episode, self.page = None, 0
        await self._show(interaction)

    @discord.ui.select(placeholder="Choose an episode to see its chapters")
    async def choose(self, interaction: discord.Interaction, select: discord.ui.Select[Browser]) -> None:
        chosen = self.catalog.index.episode(select.values[0])  # by id, not a scan of the catalog
        self.episode, self.page = chosen, 0
        await self._show(interaction)

    async def on_timeout(self) -> None:
        if self.opened_by is not None:
            try:
                await self.opened_by.edit_original_response(view=None)
            except discord.HTTPException:
                pass  # the message is gone or the token expired; nothing left to tidy


class Episodes(commands.Cog):
    episode = app_commands.Group(
        name="episode", description="Add an episode from its show notes, or its transcript (moderators)",
        guild_only=True, default_permissions=MANAGE_SERVER,
    )  # fmt: skip

    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    @app_commands.command(name="episodes", description="List the episodes, or one episode's chapters")
    @app_commands.describe(episode="Show this episode's chapters (optional)")
    @app_commands.autocomplete(episode=episode_choices)
    async def episodes(self, interaction: discord.Interaction[SegmentBot], episode: str | None = None) -> None:
        catalog = self.bot.catalog.current
        if not catalog.episodes:
            await interaction.response.send_message("No episodes are loaded yet.", ephemeral=True)
            return
        chosen = catalog.index.episode(episode) if episode is not None else None
        if episode is not None and chosen is None:
            await interaction.response.send_message(replies.unknown_episode_text(episode), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)
            return
        if chosen is None and len(catalog.episodes) == 1:
            chosen = catalog.episodes[0]  # a list of one is a detour
        view = Browser(catalog, interaction.user.id, chosen)
        view.opened_by = interaction
        await interaction.response.send_message(embed=view.embed(), view=view, ephemeral=True, allowed_mentions=replies.NO_MENTIONS)

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
                f"show notes of at most {MAX_UPLOAD // 1024} KB are read.", ephemeral=True, allowed_mentions=replies.NO_MENTIONS,
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
            await replies.followup(interaction, f"Could not download the file from Discord ({error.status}); try again.")
            return
        except UploadRefused as error:
            await replies.followup(interaction, "Nothing added:\n```\n" + str(error).replace("`", "'") + "\n```")
            return
        reload = await self.bot.catalog.reload()
        await replies.followup(interaction, replies.upload_text(uploaded.episode, uploaded.warnings) + "\n" + replies.reload_line(reload))

    @episode.command(name="transcript", description="Give an episode its transcript (WebVTT, SubRip, JSON, HTML, text)")
    @app_commands.describe(
        episode="The episode the transcript is of",
        file="The transcript: WebVTT, SubRip, Podcasting 2.0 JSON or HTML, YouTube captions, or text with times",
    )
    @app_commands.autocomplete(episode=episode_choices)
    @moderators_only()
    async def episode_transcript(self, interaction: discord.Interaction[SegmentBot], episode: str, file: discord.Attachment) -> None:
        name = discord.utils.escape_markdown(replies.clip(file.filename, 100))
        chosen = self.bot.catalog.current.index.episode(episode)
        path = self.bot.catalog.episode_file(episode) if chosen is not None else None
        if chosen is None or path is None:
            await interaction.response.send_message(replies.unknown_episode_text(episode), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)
            return
        if file.size > MAX_TRANSCRIPT_BYTES:
            await interaction.response.send_message(f"{name} is {file.size // 1_000_000} MB; transcripts of at most "
                                                    f"{MAX_TRANSCRIPT_BYTES // 1_000_000} MB are read.", ephemeral=True)  # fmt: skip
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await file.read()
            # Reading megabytes of cues and writing the file take a while: not on the event loop.
            transcript, _ = await asyncio.to_thread(save_transcript, data, Path(Path(file.filename).name), chosen, path)
        except discord.HTTPException as error:
            await replies.followup(interaction, f"Could not download the file from Discord ({error.status}); try again.")
            return
        except InvalidData as error:
            problems = [str(p).replace("`", "'") for p in error.problems]
            await replies.followup(interaction, "No transcript saved:\n```\n" + replies.lines_within(problems, 1500) + "\n```")
            return
        except OSError as error:  # a full or read-only disk: nothing changed, and the moderator hears why
            await replies.followup(interaction, f"No transcript saved: cannot write beside {path.name} ({error.strerror or error}).")
            return
        reload = await self.bot.catalog.reload()
        served = self.bot.catalog.current.index.episode(episode) or chosen  # with the chapters found in it, if any
        await replies.followup(interaction, replies.transcript_text(served, transcript) + "\n" + replies.reload_line(reload))


async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Episodes(bot))
