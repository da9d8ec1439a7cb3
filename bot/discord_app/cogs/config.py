"""/config: this bot's settings for a server, for its admins (Manage Server). Every reply here is private."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord_app import replies
from bot.discord_app.checks import MANAGE_SERVER, ManageServerGroup

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot


class Config(commands.Cog):
    config = ManageServerGroup(
        name="config", description="This bot's settings for the server (Manage Server)",
        guild_only=True, default_permissions=MANAGE_SERVER,
    )  # fmt: skip
    channels = ManageServerGroup(name="channels", description="Channels where /segment answers", parent=config)
    mod_role = ManageServerGroup(name="mod-role", description="The role whose members may /reload", parent=config)

    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    @channels.command(name="add", description="Answer /segment in this channel (once any are listed, only there)")
    async def channels_add(self, interaction: discord.Interaction[SegmentBot], channel: discord.TextChannel) -> None:
        added = await self.bot.guild_settings.add_channel(interaction.guild_id, channel.id)  # type: ignore[arg-type]
        text = f"{channel.mention} added." if added else f"{channel.mention} was already listed."
        await self._reply(interaction, text + " " + await self._channels_text(interaction))

    @channels.command(name="remove", description="Stop answering /segment in this channel")
    async def channels_remove(self, interaction: discord.Interaction[SegmentBot], channel: discord.TextChannel) -> None:
        removed = await self.bot.guild_settings.remove_channel(interaction.guild_id, channel.id)  # type: ignore[arg-type]
        text = f"{channel.mention} removed." if removed else f"{channel.mention} was not listed."
        await self._reply(interaction, text + " " + await self._channels_text(interaction))

    @channels.command(name="list", description="Show the channels where /segment answers")
    async def channels_list(self, interaction: discord.Interaction[SegmentBot]) -> None:
        await self._reply(interaction, await self._channels_text(interaction))

    @channels.command(name="clear", description="Answer /segment in every channel again")
    async def channels_clear(self, interaction: discord.Interaction[SegmentBot]) -> None:
        await self.bot.guild_settings.clear_channels(interaction.guild_id)  # type: ignore[arg-type]
        await self._reply(interaction, "Channel list cleared: /segment answers in every channel.")

    @mod_role.command(name="set", description="Members with this role may use /reload")
    async def mod_role_set(self, interaction: discord.Interaction[SegmentBot], role: discord.Role) -> None:
        await self.bot.guild_settings.set_mod_role(interaction.guild_id, role.id)  # type: ignore[arg-type]
        await self._reply(interaction, f"Moderator role set to {role.mention}. Members with Manage Server can always reload.")

    @mod_role.command(name="clear", description="Only members with Manage Server may use /reload")
    async def mod_role_clear(self, interaction: discord.Interaction[SegmentBot]) -> None:
        await self.bot.guild_settings.set_mod_role(interaction.guild_id, None)  # type: ignore[arg-type]
        await self._reply(interaction, "Moderator role cleared: only members with Manage Server can reload.")

    @config.command(name="show", description="Show this server's settings for the bot")
    async def show(self, interaction: discord.Interaction[SegmentBot]) -> None:
        settings = await self.bot.guild_settings.get(interaction.guild_id)  # type: ignore[arg-type]
        role = "none (Manage Server only)"
        if settings.mod_role_id:
            found = interaction.guild.get_role(settings.mod_role_id) if interaction.guild else None
            role = found.mention if found else f"a deleted role ({settings.mod_role_id}); set another or clear it"
        catalog = self.bot.catalog.current
        guild = interaction.guild
        shard = f"{guild.shard_id} of {self.bot.shard_count}" if guild else "?"
        runs = "runs" if self.bot.leads_once_only_work else "leaves to another process"
        text = (
            f"**Channels**: {await self._channels_text(interaction)}\n"
            f"**Moderator role**: {role}\n"
            f"**Catalog**: {len(catalog.episodes)} episodes, {catalog.chapter_count} chapters\n"
            f"**Shard**: {shard}, served by the process of {self.bot.settings.shard_label}, which {runs} the once-only work"
        )
        await self._reply(interaction, text)

    async def _channels_text(self, interaction: discord.Interaction[SegmentBot]) -> str:
        listed = (await self.bot.guild_settings.get(interaction.guild_id)).channel_ids  # type: ignore[arg-type]
        if not listed:
            return "/segment answers in every channel."
        guild = interaction.guild
        names = [
            f"<#{c}>" if guild and guild.get_channel(c) else f"a deleted channel ({c}, ignored)" for c in listed
        ]
        return replies.clip("/segment answers only in " + ", ".join(names) + ".", 1500)

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(replies.clip(text, replies.MAX_CONTENT), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)


async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Config(bot))
