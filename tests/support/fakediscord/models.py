"""The fake's world (guilds, channels, roles, members) and its records of what the bot did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .limits import flatten_errors

# Permission bits (Discord's numbering) that the fake needs by name.
ADMINISTRATOR = 1 << 3
# Discord sends every permission bit for an administrator; 2**53 - 1 covers all bits Discord
# defines today and stays within what JSON clients parse exactly.
ALL_PERMISSIONS = (1 << 53) - 1
# What a plain member may do in a fresh guild: view channels, send messages, embed links,
# attach files, read history, add reactions, use application commands.
PLAIN_MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 6) | (1 << 31)

# Channel types the fake creates.
GUILD_TEXT = 0


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int


@dataclass
class Channel:
    id: int
    guild_id: int
    name: str
    type: int = GUILD_TEXT
    position: int = 0


@dataclass
class Member:
    guild_id: int
    user_id: int
    name: str
    roles: tuple[int, ...]
    # The member's computed permissions in the channel, sent as `member.permissions` on every
    # interaction: this is what discord.py exposes as `interaction.permissions`.
    permissions: int
    joined_at: str
    bot: bool = False


@dataclass(frozen=True)
class Upload:
    """A file a user attaches to an attachment option; the fake serves it as Discord's CDN would."""

    filename: str
    data: bytes
    content_type: str = "text/plain; charset=utf-8"


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    created_at: str
    # The bot's own permissions in the guild, sent as `app_permissions` on interactions.
    bot_permissions: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)

    @property
    def everyone(self) -> Role:
        # Discord gives @everyone the guild's own id.
        return self.roles[self.id]


class _MessageFields:
    """Read-only views of a message body (content, embeds, ...), shared by the records."""

    data: dict[str, Any]

    @property
    def content(self) -> str | None:
        return self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.data.get("components") or []

    @property
    def flags(self) -> int:
        return self.data.get("flags") or 0

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & 64)

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.data.get("allowed_mentions")


@dataclass
class Callback(_MessageFields):
    """An accepted initial response: POST interactions/{id}/{token}/callback."""

    type: int
    # The callback's `data` exactly as the bot sent it ({} when it sent none, e.g. a bare defer).
    data: dict[str, Any]
    # The message this response created (types 4, 5) or updated (type 7); what `click` needs.
    message_id: int | None
    at: float  # event-loop time it was accepted

    @property
    def choices(self) -> list[dict[str, Any]]:
        return self.data.get("choices") or []


@dataclass
class SentMessage(_MessageFields):
    """A followup, an edit or a channel message, as the bot sent it."""

    id: int
    channel_id: int
    # The JSON body of the request exactly as the bot sent it (for an edit: only the changes).
    data: dict[str, Any]
    # Uploaded files: filename -> bytes.
    files: dict[str, bytes]
    at: float


@dataclass(frozen=True)
class Violation:
    """A request the fake refused because the bot broke one of Discord's rules."""

    method: str
    path: str
    status: int
    code: int
    message: str
    # Discord's nested `errors` object ({} for errors that have none, such as 10062).
    errors: dict[str, Any]
    interaction_id: int | None

    @property
    def fields(self) -> dict[str, str]:
        """The errors flattened the way discord.py prints them: {"data.content": "Must be ..."}."""
        return flatten_errors(self.errors)

    def __str__(self) -> str:
        detail = "".join(f"\n  In {key}: {text}" for key, text in self.fields.items())
        return f"{self.method} {self.path} -> {self.status} (code {self.code}) {self.message}{detail}"


@dataclass(frozen=True)
class RequestRecord:
    """One REST request as it reached the fake (path relative to /api/v10, without query)."""

    method: str
    path: str
    status: int
