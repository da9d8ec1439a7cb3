"""EchoBot: a throwaway bot with known answers, for the tests of the fake Discord itself.

The project's own bot is tested elsewhere; this one exercises each kind of interaction the fake
implements (commands, groups, options, buttons, selects, deferrals, files).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from tests.support.fakediscord import (
    FAST_CLIENT_OPTIONS,
    Guild,
)

MANAGE_GUILD = 1 << 5


class NextPageView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Previous", custom_id="previous", disabled=True)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button[NextPageView]) -> None:
        raise AssertionError("Discord does not let anyone press a disabled button")

    @discord.ui.button(label="Next", custom_id="next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button[NextPageView]) -> None:
        await interaction.response.edit_message(content=f"page 2 for {interaction.user.name}", view=None)


class EpisodePicker(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(custom_id="episode", placeholder="Choose an episode",
                       options=[discord.SelectOption(label="Ketamine", value="ep-01"),
                                discord.SelectOption(label="Sleep", value="ep-02")])
    async def choose(self, interaction: discord.Interaction, select: discord.ui.Select[EpisodePicker]) -> None:
        await interaction.response.edit_message(content=f"chose {select.values[0]}", view=None)


def add_test_commands(tree: app_commands.CommandTree[EchoBot], guild: discord.abc.Snowflake) -> None:
    @tree.command(description="Repeat text back")
    @app_commands.describe(text="What to repeat")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, allowed_mentions=discord.AllowedMentions.none())

    @echo.autocomplete("text")
    async def echo_complete(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
        if current == "many":
            return [Choice(name=f"option {n}", value=f"option-{n}") for n in range(26)]
        if current == "long":
            return [Choice(name="x" * 101, value="x")]
        return [Choice(name=f"{current} {n}", value=f"{current}-{n}") for n in ("one", "two")]

    @tree.command(description="Reply with one embed")
    async def embed(interaction: discord.Interaction, title: str = "Title", description: str = "",
                    fields: int = 0, field_value: str = "value") -> None:
        card = discord.Embed(title=title, description=description or None)
        for n in range(fields):
            card.add_field(name=f"field {n}", value=field_value)
        await interaction.response.send_message(embed=card)

    @tree.command(description="Answer after a delay")
    async def slow(interaction: discord.Interaction, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await interaction.response.send_message("done")

    @tree.command(description="Defer, follow up, edit the original")
    async def think(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("first followup")
        await interaction.edit_original_response(content="edited")
        original = await interaction.original_response()
        await interaction.followup.send(f"original says {original.content}")

    @tree.command(description="Post a message with a button")
    async def buttons(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("page 1", view=NextPageView())

    @tree.command(description="Post a message with a select menu")
    async def pick(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pick one", view=EpisodePicker())

    @tree.command(description="Post text in this channel, with a file")
    async def announce(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message("posting", ephemeral=True)
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.channel.send(text, file=discord.File(io.BytesIO(text.encode()), filename="note.txt"))

    @tree.command(description="Never answers")
    async def ignore(interaction: discord.Interaction) -> None:
        pass

    config = app_commands.Group(name="config", description="Bot settings for this server",
                                default_permissions=discord.Permissions(manage_guild=True))
    channels = app_commands.Group(name="channels", description="Channels the bot answers in", parent=config)

    @channels.command(name="add", description="Answer in a channel")
    async def add_channel(interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message("You need Manage Server.", ephemeral=True)
            return
        await interaction.response.send_message(f"Added {channel.mention}.")

    tree.add_command(config, guild=guild)


class EchoBot(commands.Bot):
    """Syncs global commands and one guild's commands in setup_hook, like a real bot might."""

    def __init__(self, guild: Guild, *, extra_global: Sequence[app_commands.Command[Any, ..., None]] = ()) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         **FAST_CLIENT_OPTIONS)
        self.guild = discord.Object(id=guild.id)
        self.extra_global = list(extra_global)
        # Errors raised inside commands (such as HTTPException from a refused reply).
        self.errors: asyncio.Queue[app_commands.AppCommandError] = asyncio.Queue()
        self.tree.error(self.record_error)

    async def record_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.errors.put_nowait(error)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py sleeps 5 s before every IDENTIFY but the first (Discord's identify limit);
        # the fake has no such limit.
        pass

    async def setup_hook(self) -> None:
        add_test_commands(self.tree, self.guild)
        for command in self.extra_global:
            self.tree.add_command(command)
        await self.tree.sync()
        await self.tree.sync(guild=self.guild)

    async def next_error(self) -> Exception:
        error = await asyncio.wait_for(self.errors.get(), 5)
        return error.original if isinstance(error, app_commands.CommandInvokeError) else error
