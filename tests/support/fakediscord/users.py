"""FakeDiscord: the fake server, and the users a test plays on it.

`slash()`, `autocomplete()`, `click()` and `select()` act as a member would; each builds the
interaction Discord would send, dispatches it to the bot over the gateway and returns it, for the
test to read the bot's response from.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from .interactions import (
    ATTACHMENT,
    CHANNEL,
    MENTIONABLE,
    ROLE,
    USER,
    FakeInteraction,
    command_data,
    find_component,
)
from .models import (
    Callback,
    Channel,
    Guild,
    Member,
    SentMessage,
    Upload,
)
from .server import BUTTON, STRING_SELECT, FakeDiscordServer

if TYPE_CHECKING:
    pass

JSON = dict[str, Any]


class FakeDiscord(FakeDiscordServer):
    """The fake Discord a test runs its bot against (see FakeDiscordServer for what it records)."""

    # -- playing users -------------------------------------------------------------------------

    async def slash(self, command: str, options: Mapping[str, Any] | None = None, *,
                    guild: Guild | int | None = None, channel: Channel | int | None = None,
                    member: Member | None = None) -> FakeInteraction:
        """Invoke a synced slash command, e.g. slash("config channels add", {"channel": ch}).

        Option values are plain values, or Member/Channel/Role (or their ids) for user, channel
        and role options. Without guild/channel/member: the channel's guild, else the only
        guild; its first channel; a plain member named "member".
        """
        target_guild, target_channel, target_member = self._context(guild, channel, member)
        name, *path = command.removeprefix("/").split()
        data = command_data(self._synced_command(name, target_guild), path, options or {}, focused=None,
                            resolve=self._resolver(target_guild, target_member))
        return await self._dispatch(2, data, target_guild, target_channel, target_member,
                                    label="/" + " ".join([name, *path]))

    async def autocomplete(self, command: str, options: Mapping[str, Any], *, focused: str,
                           guild: Guild | int | None = None, channel: Channel | int | None = None,
                           member: Member | None = None, timeout: float | None = None) -> list[JSON]:
        """Ask for autocomplete choices while the user types into option `focused`; returns the
        choices the bot answered ([{"name": ..., "value": ...}, ...])."""
        target_guild, target_channel, target_member = self._context(guild, channel, member)
        name, *path = command.removeprefix("/").split()
        data = command_data(self._synced_command(name, target_guild), path, options, focused=focused,
                            resolve=self._resolver(target_guild, target_member))
        interaction = await self._dispatch(4, data, target_guild, target_channel, target_member,
                                           label="/" + " ".join([name, *path]) + f" (autocomplete {focused!r})")
        return await interaction.choices(timeout)

    async def click(self, message: SentMessage | Callback | int, custom_id: str, *,
                    member: Member | None = None) -> FakeInteraction:
        """Press the button `custom_id` on a message the bot sent (a followup, channel message,
        a Callback that created a message, or a message id), as the message is now."""
        return await self._use_component(message, custom_id, BUTTON, {}, member)

    async def select(self, message: SentMessage | Callback | int, custom_id: str, values: list[str], *,
                     member: Member | None = None) -> FakeInteraction:
        """Choose `values` in the string select menu `custom_id` on a message the bot sent."""
        return await self._use_component(message, custom_id, STRING_SELECT, {"values": list(values)}, member)

    async def _use_component(self, message: SentMessage | Callback | int, custom_id: str, component_type: int,
                             extra: JSON, member: Member | None) -> FakeInteraction:
        message_id = message.message_id if isinstance(message, Callback) else getattr(message, "id", message)
        stored = self.messages.get(message_id) if isinstance(message_id, int) else None
        if stored is None:
            raise AssertionError(f"no message {message_id!r} to use (deleted, or the response created none)")
        component = find_component(stored["components"], custom_id)
        kind = "button" if component_type == BUTTON else "string select"
        # Checks Discord's client makes before it lets a user act.
        if component is None or component["type"] != component_type:
            raise AssertionError(f"message {message_id} has no {kind} with custom_id {custom_id!r}")
        if component.get("disabled"):
            raise AssertionError(f"the {kind} {custom_id!r} on message {message_id} is disabled")
        if component_type == STRING_SELECT:
            offered = [option["value"] for option in component.get("options") or []]
            low, high = component.get("min_values", 1), component.get("max_values", 1)
            if not set(extra["values"]) <= set(offered) or not low <= len(extra["values"]) <= high:
                raise AssertionError(f"select {custom_id!r} takes {low} to {high} of {offered}, not {extra['values']}")
        target_channel = self._channel(int(stored["channel_id"]))
        target_guild, _, target_member = self._context(None, target_channel, member)
        data = {"custom_id": custom_id, "component_type": component_type, **extra}
        return await self._dispatch(3, data, target_guild, target_channel, target_member,
                                    label=f"{kind} {custom_id!r}", message=copy.deepcopy(stored))

    def _context(self, guild: Guild | int | None, channel: Channel | int | None,
                 member: Member | None) -> tuple[Guild, Channel, Member]:
        if channel is not None:
            target_channel = self._channel(channel)
            target_guild = self.guilds[target_channel.guild_id]
            if guild is not None and self._guild(guild) is not target_guild:
                raise AssertionError(f"channel {target_channel.id} is not in guild {self._guild(guild).id}")
        else:
            if guild is None and len(self.guilds) != 1:
                raise AssertionError(f"say which guild: the fake has {len(self.guilds)}")
            target_guild = self._guild(guild) if guild is not None else next(iter(self.guilds.values()))
            if not target_guild.channels:
                raise AssertionError(f"guild {target_guild.id} has no channel: add one with fake.add_channel(guild)")
            target_channel = next(iter(target_guild.channels.values()))
        if member is None:
            if target_guild.id not in self._default_members:
                self._default_members[target_guild.id] = self.add_member(target_guild)
            member = self._default_members[target_guild.id]
        if member.guild_id != target_guild.id:
            raise AssertionError(f"member {member.name} is not in guild {target_guild.id}")
        return target_guild, target_channel, member

    def _synced_command(self, name: str, guild: Guild) -> JSON:
        # Discord's client offers the guild's commands and the global ones.
        for scope in (guild.id, None):
            for definition in self._rest.commands.get(scope, []):
                if definition["name"] == name and definition.get("type", 1) == 1:
                    return definition
        synced = {scope: [d["name"] for d in defs] for scope, defs in self._rest.commands.items()}
        raise AssertionError(f"/{name} was never synced (synced by scope, None = global: {synced})")

    def _attach(self, upload: Upload, resolved: JSON) -> str:
        """A file attached to an option: a new attachment id in `resolved`, its URL served by the fake."""
        if not isinstance(upload, Upload):
            raise AssertionError(f"an attachment option takes an Upload, not {type(upload).__name__}")
        attachment_id = self.new_id()
        self.uploads[attachment_id] = upload
        url = f"http://127.0.0.1:{self.port}/cdn/attachments/{attachment_id}/{upload.filename}"
        resolved.setdefault("attachments", {})[str(attachment_id)] = {
            "id": str(attachment_id), "filename": upload.filename, "size": len(upload.data),
            "content_type": upload.content_type, "url": url, "proxy_url": url,
        }  # fmt: skip
        return str(attachment_id)

    async def _serve_upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(int(request.match_info["attachment_id"]))
        if upload is None or upload.filename != request.match_info["filename"]:
            return web.Response(status=404)
        return web.Response(body=upload.data, headers={"Content-Type": upload.content_type})

    def _resolver(self, guild: Guild, invoker: Member) -> Callable[[int, Any, JSON], str]:
        def resolve(kind: int, value: Any, resolved: JSON) -> str:
            if kind == ATTACHMENT:
                return self._attach(value, resolved)
            ident = value.user_id if isinstance(value, Member) else int(getattr(value, "id", value))
            key = str(ident)
            if kind in (USER, MENTIONABLE) and ident in guild.members:
                member = guild.members[ident]
                resolved.setdefault("users", {})[key] = payloads.user(member.user_id, member.name, bot=member.bot)
                member_payload = payloads.member(member)
                del member_payload["user"]  # resolved members come without their user
                resolved.setdefault("members", {})[key] = member_payload
            elif kind in (ROLE, MENTIONABLE) and ident in guild.roles:
                resolved.setdefault("roles", {})[key] = payloads.role(guild.roles[ident])
            elif kind == CHANNEL and ident in guild.channels:
                channel = guild.channels[ident]
                # A resolved channel carries the invoking member's permissions in it.
                resolved.setdefault("channels", {})[key] = {
                    "id": key, "name": channel.name, "type": channel.type, "parent_id": None,
                    "permissions": str(invoker.permissions),
                }
            else:
                raise AssertionError(f"nothing in guild {guild.id} has id {ident} for an option of type {kind}")
            return key

        return resolve

    async def _dispatch(self, kind: int, data: JSON, guild: Guild, channel: Channel, member: Member, *,
                        label: str, message: JSON | None = None) -> FakeInteraction:
        interaction_id = self.new_id()
        token = f"fake-interaction-{interaction_id}-{secrets.token_urlsafe(16)}"
        payload = payloads.interaction(interaction_id=interaction_id, interaction_type=kind, token=token,
                                       app_id=self.app_id, guild=guild, channel_obj=channel, member_obj=member,
                                       data=data, message_obj=message)
        interaction = FakeInteraction(
            fake=self, id=interaction_id, token=token, type=kind, label=label, payload=payload,
            channel_id=channel.id, created_at=self.now(),
            # A component interaction's @original is the message that carries the component.
            original_message_id=None if message is None else int(message["id"]),
        )
        self.interactions[interaction_id] = interaction
        self.interactions_by_token[token] = interaction
        await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=guild.id)
        return interaction
