"""The fake's REST API under /api/v10: the routes discord.py uses for login, command sync,
interaction responses, followups and channel messages.

Every request passes through one middleware that applies armed faults, checks the bot token
and logs the request. Anything the bot sends is checked against Discord's limits; a request
Discord would refuse is answered with Discord's error and recorded as a `Violation`.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from .limits import check_callback, check_commands, check_message, is_empty_message
from .models import Callback, RequestRecord, SentMessage, Violation

if TYPE_CHECKING:
    from .interactions import FakeInteraction
    from .users import FakeDiscord

JSON = dict[str, Any]
API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

EPHEMERAL = 1 << 6
LOADING = 1 << 7  # the "Bot is thinking..." placeholder a deferral (type 5) creates
# Message types: a reply to a slash command, and an ordinary message.
CHAT_INPUT_COMMAND_MESSAGE, DEFAULT_MESSAGE = 20, 0


def json_response(payload: Any, status: int = 200) -> web.Response:
    # Not web.json_response: it sends "application/json; charset=utf-8", and discord.py compares
    # the header with "application/json" exactly, so it would hand the bot a str.
    return web.Response(status=status, body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


async def read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """The JSON body and any uploaded files (discord.py sends files as multipart with the JSON
    in a `payload_json` field)."""
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files = {item.filename: item.file.read() for item in form.values() if isinstance(item, web.FileField)}
        return json.loads(str(form["payload_json"])), files
    raw = await request.read()
    return (json.loads(raw) if raw else {}), {}


class RestApi:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        # Synced command definitions per scope (None = global, else a guild id), as returned.
        self.commands: dict[int | None, list[JSON]] = {}
        # Discord keeps a command's id when it is synced again under the same name and type.
        self._command_ids: dict[tuple[int | None, int, str], int] = {}

    def app(self) -> web.Application:
        api = web.Application(middlewares=[self._middleware])
        add = api.router.add_route
        add("GET", "/users/@me", self.get_me)
        add("GET", "/oauth2/applications/@me", self.get_application)
        add("GET", "/gateway/bot", self.get_bot_gateway)
        for path in ("/applications/{app_id}/commands", "/applications/{app_id}/guilds/{guild_id}/commands"):
            add("GET", path, self.get_commands)
            add("PUT", path, self.put_commands)
        add("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback)
        add("POST", "/webhooks/{app_id}/{token}", self.create_followup)
        add("*", "/webhooks/{app_id}/{token}/messages/{message_id}", self.webhook_message)
        add("POST", "/channels/{channel_id}/messages", self.create_channel_message)
        add("*", "/{tail:.*}", self.unhandled)  # last: anything the fake does not implement
        return api

    # -- plumbing ------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path.removeprefix(API_PREFIX)
        fault = self.fake.faults.take(request.method, path)
        if fault is not None and fault.status is not None:
            response: web.StreamResponse = fault.refusal()
        elif not self._authorized(request, path):
            response = json_response({"message": "401: Unauthorized", "code": 0}, 401)
        else:
            response = await handler(request)
            if fault is not None:
                await asyncio.sleep(fault.delay)  # the work is done; only the answer is late
        self.fake.requests.append(RequestRecord(request.method, path, response.status))
        return response

    def _authorized(self, request: web.Request, path: str) -> bool:
        # Interaction callbacks and webhooks carry their credential in the URL; discord.py sends
        # no Authorization header there.
        if path.startswith(("/interactions/", "/webhooks/")):
            return True
        return request.headers.get("Authorization") == f"Bot {self.fake.token}"

    def _refuse(self, request: web.Request, status: int, code: int, message: str, *,
                errors: JSON | None = None, interaction: FakeInteraction | None = None) -> web.Response:
        """Answer as Discord would, and record the refusal for the test."""
        violation = Violation(
            method=request.method,
            path=request.path.removeprefix(API_PREFIX),
            status=status,
            code=code,
            message=message,
            errors=errors or {},
            interaction_id=None if interaction is None else interaction.id,
        )
        self.fake.violations.append(violation)
        self.fake.notify()
        body: JSON = {"code": code, "message": message}
        if errors:
            body["errors"] = errors
        return json_response(body, status)

    def _invalid_message(self, request: web.Request, body: JSON, files: dict[str, bytes], *,
                         creates: bool, interaction: FakeInteraction | None) -> web.Response | None:
        errors = check_message(body)
        if errors:
            return self._refuse(request, 400, 50035, "Invalid Form Body", errors=errors, interaction=interaction)
        if creates and is_empty_message(body, len(files)):
            return self._refuse(request, 400, 50006, "Cannot send an empty message", interaction=interaction)
        return None

    def _create_message(self, channel_id: int, body: JSON, files: dict[str, bytes],
                        interaction: FakeInteraction | None) -> JSON:
        message_id = self.fake.new_id()
        replies_to_command = interaction is not None and interaction.type == 2
        message = payloads.message(
            message_id=message_id,
            channel_id=channel_id,
            author=self.fake.bot_user,
            body=body,
            attachments=self._attachments(files),
            message_type=CHAT_INPUT_COMMAND_MESSAGE if replies_to_command else DEFAULT_MESSAGE,
            webhook_id=None if interaction is None else self.fake.app_id,
        )
        self.fake.messages[message_id] = message
        return message

    def _edit_message(self, message: JSON, body: JSON, files: dict[str, bytes]) -> None:
        for key, empty in (("content", ""), ("embeds", []), ("components", [])):
            if key in body:
                message[key] = body[key] if body[key] is not None else empty
        if "attachments" in body or files:
            kept = {str(item.get("id")) for item in body.get("attachments") or []}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in kept] + self._attachments(files)
        # Editing a deferred response replaces the "thinking" placeholder.
        message["flags"] &= ~LOADING
        message["edited_timestamp"] = payloads.now_iso()

    def _attachments(self, files: dict[str, bytes]) -> list[JSON]:
        attachments = []
        for filename, data in files.items():
            attachment_id = self.fake.new_id()
            # Points at the fake, which does not serve it: nothing may reach the real CDN.
            url = f"{self.fake.api_url}/attachments/{attachment_id}/{filename}"
            attachments.append({"id": str(attachment_id), "filename": filename, "size": len(data),
                                "url": url, "proxy_url": url})
        return attachments

    def _sent(self, message: JSON, body: JSON, files: dict[str, bytes]) -> SentMessage:
        return SentMessage(id=int(message["id"]), channel_id=int(message["channel_id"]), data=body,
                           files=files, at=self.fake.now())

    # -- login ---------------------------------------------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(self.fake.bot_user)

    async def get_application(self, request: web.Request) -> web.Response:
        owner = payloads.user(self.fake.owner_id, "owner")
        return json_response(payloads.application(app_id=self.fake.app_id, name=self.fake.bot_name, owner=owner))

    async def get_bot_gateway(self, request: web.Request) -> web.Response:
        # Only AutoShardedClient asks: where to connect and how many shards Discord recommends.
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": self.fake.max_concurrency}
        return json_response({"url": self.fake.gateway_url, "shards": self.fake.shard_count, "session_start_limit": limit})

    # -- command sync --------------------------------------------------------------------------

    @staticmethod
    def _scope(request: web.Request) -> int | None:
        guild_id = request.match_info.get("guild_id")
        return None if guild_id is None else int(guild_id)

    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.commands.get(self._scope(request), []))

    async def put_commands(self, request: web.Request) -> web.Response:
        self.fake.sync_count += 1
        scope = self._scope(request)
        definitions, _ = await read_body(request)
        if not isinstance(definitions, list):
            errors = {"_errors": [{"code": "LIST_TYPE_CONVERT", "message": "Only iterables may be used in a ListType"}]}
            return self._refuse(request, 400, 50035, "Invalid Form Body", errors=errors)
        errors = check_commands(definitions)
        if errors:
            return self._refuse(request, 400, 50035, "Invalid Form Body", errors=errors)
        stored = []
        for definition in definitions:
            key = (scope, definition.get("type", 1), definition["name"])
            command_id = self._command_ids.setdefault(key, self.fake.new_id())
            # Discord echoes each command with its ids; user/message commands get description "".
            entry = {"description": "", **copy.deepcopy(definition), "id": str(command_id),
                     "application_id": str(self.fake.app_id), "version": str(self.fake.new_id())}
            if entry.get("default_member_permissions") is not None:
                # A bitfield: Discord returns it as a string, whatever type it was sent as.
                entry["default_member_permissions"] = str(entry["default_member_permissions"])
            if scope is not None:
                entry["guild_id"] = str(scope)
            stored.append(entry)
        self.commands[scope] = stored
        self.fake.notify()
        return json_response(stored)

    # -- interaction responses -----------------------------------------------------------------

    async def interaction_callback(self, request: web.Request) -> web.Response:
        interaction = self.fake.interactions.get(int(request.match_info["interaction_id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            return self._refuse(request, 404, 10062, "Unknown interaction")
        body, files = await read_body(request)
        if self.fake.now() - interaction.created_at > self.fake.response_deadline:
            # The token died at the deadline: to Discord the interaction no longer exists.
            return self._refuse(request, 404, 10062, "Unknown interaction", interaction=interaction)
        if interaction.callbacks:
            return self._refuse(request, 400, 40060, "Interaction has already been acknowledged.",
                                interaction=interaction)
        errors = check_callback(interaction.type, body)
        if errors:
            return self._refuse(request, 400, 50035, "Invalid Form Body", errors=errors, interaction=interaction)

        callback_type, data = body["type"], body.get("data") or {}
        message: JSON | None = None
        if callback_type == 4:
            if is_empty_message(data, len(files)):
                return self._refuse(request, 400, 50006, "Cannot send an empty message", interaction=interaction)
            message = self._create_message(interaction.channel_id, data, files, interaction)
        elif callback_type == 5:
            placeholder = {"flags": (data.get("flags") or 0) | LOADING}
            message = self._create_message(interaction.channel_id, placeholder, {}, interaction)
        elif callback_type in (6, 7):
            # A component interaction's response is the message that carries the component.
            message = self.fake.messages.get(interaction.original_message_id or 0)
            if callback_type == 7 and message is not None:
                self._edit_message(message, data, files)
        if message is not None:
            interaction.original_message_id = int(message["id"])

        interaction.callbacks.append(Callback(type=callback_type, data=data, at=self.fake.now(),
                                              message_id=None if message is None else int(message["id"])))
        self.fake.notify()
        if callback_type == 8:
            return web.Response(status=204)
        # discord.py posts with ?with_response=1 and requires this body for types 4 and 5.
        summary: JSON = {"id": str(interaction.id), "type": interaction.type,
                         "response_message_loading": callback_type == 5,
                         "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL)}
        answer: JSON = {"interaction": summary}
        if message is not None:
            summary["response_message_id"] = message["id"]
            answer["resource"] = {"type": callback_type, "message": message}
        return json_response(answer)

    def _webhook_owner(self, request: web.Request) -> FakeInteraction | web.Response:
        """The interaction whose token the URL carries, or Discord's refusal."""
        interaction = self.fake.interactions_by_token.get(request.match_info["token"])
        if interaction is None:
            return self._refuse(request, 404, 10015, "Unknown Webhook")
        if self.fake.now() - interaction.created_at > self.fake.token_lifetime:
            return self._refuse(request, 401, 50027, "Invalid Webhook Token", interaction=interaction)
        if not interaction.callbacks:
            # The token only works as a webhook once the interaction has been answered.
            return self._refuse(request, 404, 10015, "Unknown Webhook", interaction=interaction)
        return interaction

    async def create_followup(self, request: web.Request) -> web.Response:
        interaction = self._webhook_owner(request)
        if isinstance(interaction, web.Response):
            return interaction
        body, files = await read_body(request)
        refusal = self._invalid_message(request, body, files, creates=True, interaction=interaction)
        if refusal is not None:
            return refusal
        message = self._create_message(interaction.channel_id, body, files, interaction)
        interaction.followups.append(self._sent(message, body, files))
        self.fake.notify()
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(message)
        return web.Response(status=204)

    async def webhook_message(self, request: web.Request) -> web.Response:
        """GET, PATCH or DELETE webhooks/{app}/{token}/messages/{@original|id}."""
        interaction = self._webhook_owner(request)
        if isinstance(interaction, web.Response):
            return interaction
        raw_id = request.match_info["message_id"]
        message_id = interaction.original_message_id if raw_id == "@original" else int(raw_id)
        message = self.fake.messages.get(message_id or 0)
        if message is None:
            return self._refuse(request, 404, 10008, "Unknown Message", interaction=interaction)
        if request.method == "GET":
            return json_response(message)
        if request.method == "DELETE":
            del self.fake.messages[int(message["id"])]
            return web.Response(status=204)
        body, files = await read_body(request)
        refusal = self._invalid_message(request, body, files, creates=False, interaction=interaction)
        if refusal is not None:
            return refusal
        self._edit_message(message, body, files)
        interaction.edits.append(self._sent(message, body, files))
        self.fake.notify()
        return json_response(message)

    # -- channels ------------------------------------------------------------------------------

    async def create_channel_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        if channel_id not in self.fake.channels:
            return self._refuse(request, 404, 10003, "Unknown Channel")
        body, files = await read_body(request)
        refusal = self._invalid_message(request, body, files, creates=True, interaction=None)
        if refusal is not None:
            return refusal
        message = self._create_message(channel_id, body, files, None)
        self.fake.channel_messages.append(self._sent(message, body, files))
        self.fake.notify()
        return json_response(message)

    async def unhandled(self, request: web.Request) -> web.Response:
        self.fake.unhandled.append(f"{request.method} {request.path.removeprefix(API_PREFIX)}")
        return json_response({"message": "404: Not Found", "code": 0}, 404)
