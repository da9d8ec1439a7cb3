"""The project's bot on the fake Discord, as the fixtures in tests/conftest.py hand it to a test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import AsyncContextManager, Callable

import discord

from bot.discord_app.client import SegmentBot
from tests.support.fakediscord import Channel, Guild, Member, Role

StartBot = Callable[..., AsyncContextManager[SegmentBot]]

MANAGE_GUILD = discord.Permissions(manage_guild=True).value | discord.Permissions.general().value


@dataclass
class Server:
    """One guild as a test sees it: channels, a moderator role, and members of each kind."""

    guild: Guild
    general: Channel
    offtopic: Channel
    mod_role: Role
    member: Member  # plain member
    admin: Member  # has Manage Server
    moderator: Member  # has the role that /config mod-role may name, no Manage Server
