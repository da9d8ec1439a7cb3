"""Permission checks, applied in code on every call.

`default_permissions` on a command only hides it by default; server admins can change that, so it
is never the check itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot


# The permission a moderator command asks for by default (a hint only: see the module's docstring).
MANAGE_SERVER = discord.Permissions(manage_guild=True)


class NotAllowed(app_commands.CheckFailure):
    """A check failed; the message is shown to the user as it is."""


class ManageServerGroup(app_commands.Group):
    """A command group usable only with Manage Server, for it and every subcommand below it."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.guild is None or not interaction.permissions.manage_guild:
            raise NotAllowed("Only members with **Manage Server** can change this bot's settings.")
        return True


async def is_moderator(interaction: discord.Interaction[SegmentBot]) -> bool:
    """Manage Server, or the moderator role an admin set with /config mod-role, in a server."""
    if interaction.guild is None:
        return False
    if interaction.permissions.manage_guild:
        return True
    settings = await interaction.client.guild_settings.get(interaction.guild.id)
    member = interaction.user
    return bool(settings.mod_role_id and isinstance(member, discord.Member) and member.get_role(settings.mod_role_id))


MODERATORS_ONLY = "Only moderators can do this: members with **Manage Server** or the server's moderator role."


class ModeratorGroup(app_commands.Group):
    """A command group usable only by moderators (as /reload), for every subcommand below it."""

    async def interaction_check(self, interaction: discord.Interaction[SegmentBot]) -> bool:
        if not await is_moderator(interaction):
            raise NotAllowed(MODERATORS_ONLY)
        return True


def moderators_only() -> app_commands.Check:
    """The check of is_moderator(), with the reason shown to whoever fails it."""

    async def predicate(interaction: discord.Interaction[SegmentBot]) -> bool:
        if interaction.guild is None:
            raise NotAllowed("This command works in a server only.")
        if await is_moderator(interaction):
            return True
        raise NotAllowed(MODERATORS_ONLY)

    return app_commands.check(predicate)
