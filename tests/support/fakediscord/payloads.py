"""JSON builders for the objects the fake Discord sends to discord.py.

Every builder returns exactly the keys discord.py 2.7 reads (several are required, a missing
one raises KeyError deep inside the gateway loop), and nothing the bot could mistake for real
data. Snowflakes travel as strings, as on the wire.
"""

from __future__ import annotations

import datetime
import itertools
import time
from typing import Any

from .models import Channel, Guild, Member, Role

JSON = dict[str, Any]

# Milliseconds between the Unix epoch and Discord's epoch (2015-01-01), used in snowflakes.
DISCORD_EPOCH_MS = 1_420_070_400_000

# What Discord reports as the upload limit of a guild without boosts (25 MiB). discord.py
# requires the key on every interaction.
ATTACHMENT_SIZE_LIMIT = 25 * 1024 * 1024

# Interaction types (Discord's numbering).
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4


class Snowflakes:
    """Issues unique snowflakes that also carry a real creation time.

    A real timestamp keeps `discord.utils.snowflake_time(id)` meaningful for the bot; the
    counter in the low bits keeps ids unique within one millisecond.
    """

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) + next(self._counter)

    def on_shard(self, shard_id: int, shard_count: int) -> int:
        """A fresh snowflake that Discord routes to this shard: (id >> 22) % shard_count == shard_id."""
        fresh = self()
        ms = fresh >> 22
        return ((ms + (shard_id - ms) % shard_count) << 22) + (fresh & ((1 << 22) - 1))


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def user(user_id: int, name: str, *, bot: bool = False) -> JSON:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def role(r: Role) -> JSON:
    return {
        "id": str(r.id),
        "name": r.name,
        "permissions": str(r.permissions),
        "position": r.position,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def channel(c: Channel) -> JSON:
    return {
        "id": str(c.id),
        "guild_id": str(c.guild_id),
        "type": c.type,
        "name": c.name,
        "position": c.position,
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "permission_overwrites": [],
    }


def member(m: Member, *, with_permissions: bool = True) -> JSON:
    """A guild member. Interactions carry `permissions` (the member's computed permissions in
    the channel); GUILD_CREATE member lists do not."""
    payload: JSON = {
        "user": user(m.user_id, m.name, bot=m.bot),
        "roles": [str(role_id) for role_id in m.roles],
        "nick": None,
        "avatar": None,
        "joined_at": m.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_permissions:
        payload["permissions"] = str(m.permissions)
    return payload


def guild_create(g: Guild, channels: list[Channel]) -> JSON:
    return {
        "id": str(g.id),
        "name": g.name,
        "unavailable": False,
        "owner_id": str(g.owner_id),
        "joined_at": g.created_at,
        "large": False,
        "member_count": len(g.members),
        "roles": [role(r) for r in g.roles.values()],
        "channels": [channel(c) for c in channels],
        "members": [member(m, with_permissions=False) for m in g.members.values()],
        "threads": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "voice_states": [],
        "presences": [],
        "preferred_locale": "en-US",
    }


def ready(*, bot_user: JSON, app_id: int, guild_ids: list[int], session_id: str, resume_url: str,
          shard: tuple[int, int]) -> JSON:
    # Guilds arrive as unavailable stubs; the GUILD_CREATEs that follow fill them in, and
    # discord.py fires on_ready `guild_ready_timeout` seconds after the last one.
    return {
        "v": 10,
        "user": bot_user,
        "guilds": [{"id": str(gid), "unavailable": True} for gid in guild_ids],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": list(shard),
        "application": {"id": str(app_id), "flags": 0},
    }


def application(*, app_id: int, name: str, owner: JSON) -> JSON:
    return {
        "id": str(app_id),
        "name": name,
        "description": "",
        "icon": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": owner,
        "verify_key": "0" * 64,
        "flags": 0,
    }


def message(
    *,
    message_id: int,
    channel_id: int,
    author: JSON,
    body: JSON,
    attachments: list[JSON],
    message_type: int,
    webhook_id: int | None,
) -> JSON:
    """A message created from what the bot sent (the JSON body of a POST)."""
    payload: JSON = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": message_type,
        "author": author,
        "content": body.get("content") or "",
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "attachments": attachments,
        "flags": body.get("flags") or 0,
        "tts": bool(body.get("tts")),
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
    }
    if webhook_id is not None:
        payload["webhook_id"] = str(webhook_id)
        payload["application_id"] = str(webhook_id)
    return payload


def interaction(
    *,
    interaction_id: int,
    interaction_type: int,
    token: str,
    app_id: int,
    guild: Guild,
    channel_obj: Channel,
    member_obj: Member,
    data: JSON,
    message_obj: JSON | None = None,
) -> JSON:
    """An INTERACTION_CREATE payload for a guild interaction."""
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(app_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "guild_id": str(guild.id),
        "channel_id": str(channel_obj.id),
        "channel": channel(channel_obj),
        "member": member(member_obj),
        "app_permissions": str(guild.bot_permissions),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "data": data,
    }
    if message_obj is not None:
        payload["message"] = message_obj
    return payload
