"""FakeDiscord: a Discord stand-in on loopback that the real discord.py client logs into.

A test builds a small world (guilds, channels, roles, members), runs its bot against the fake
with `running()`, plays users with `slash()`, `autocomplete()` and `click()`, and reads back
what the bot sent. See tests/README.md for a walk-through.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web

from . import payloads
from .faults import Faults, compile_route
from .gateway import FakeGateway
from .interactions import (
    FakeInteraction,
)
from .models import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    PLAIN_MEMBER_PERMISSIONS,
    Channel,
    Guild,
    Member,
    RequestRecord,
    Role,
    SentMessage,
    Upload,
    Violation,
)
from .rest import API_PREFIX, RestApi

if TYPE_CHECKING:
    import discord

JSON = dict[str, Any]
T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="discord.Client")

# Component types a user can act on through the helpers.
BUTTON, STRING_SELECT = 2, 3

# Client options that keep a test fast: on_ready fires `guild_ready_timeout` seconds after the
# last GUILD_CREATE (default 2 s), and the fake does not answer member-chunk requests.
FAST_CLIENT_OPTIONS: dict[str, Any] = {"guild_ready_timeout": 0.05, "chunk_guilds_at_startup": False}


def _bits(permissions: int | str | Any) -> int:
    """A permission bitfield from an int, a string (as on the wire) or a discord.Permissions."""
    return int(getattr(permissions, "value", permissions))


class FakeDiscordServer:
    """REST API and gateway of a fake Discord, plus the test's handles on both (the users a test
    plays are added by users.FakeDiscord, the class tests use).

    Records, for tests to read: `violations` (requests refused for breaking Discord's rules),
    `requests` (every REST request with its status), `unhandled` (requests to routes the fake
    does not implement), `sync_count` (command sync PUTs received), `channel_messages`,
    `messages` (every message by id, as it is now) and `interactions` (by id).
    """

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_name: str = "FakeBot",
        response_deadline: float = 3.0,
        token_lifetime: float = 15 * 60,
        wait_timeout: float = 5.0,
        heartbeat_interval_ms: int = 41_250,
    ) -> None:
        self.new_id = payloads.Snowflakes()
        # The only token the fake accepts; any other gets 401 on login (LoginFailure).
        self.token = token
        self.bot_name = bot_name
        # A bot's user id is its application id.
        self.app_id = self.new_id()
        self.owner_id = self.new_id()
        self.bot_user = payloads.user(self.app_id, bot_name, bot=True)
        # Seconds from dispatch within which the first response must arrive (Discord: 3).
        self.response_deadline = response_deadline
        # Seconds an interaction token stays valid for followups and edits (Discord: 15 min).
        self.token_lifetime = token_lifetime
        # Default timeout of every waiting helper.
        self.wait_timeout = wait_timeout

        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.interactions_by_token: dict[str, FakeInteraction] = {}
        self.channel_messages: list[SentMessage] = []
        self.violations: list[Violation] = []
        self.requests: list[RequestRecord] = []
        self.unhandled: list[str] = []
        self.sync_count = 0
        # What GET /gateway/bot recommends: the shard count of a client that asks (AutoShardedClient).
        self.shard_count = 1
        # Its session_start_limit.max_concurrency: shards identify in this many buckets (shard id
        # % max_concurrency), one IDENTIFY per 5 s in each (gateway.identifies records them).
        self.max_concurrency = 1
        self.faults = Faults()

        # Files users attached to attachment options, by attachment id, served at cdn_url.
        self.uploads: dict[int, Upload] = {}
        self._default_members: dict[int, Member] = {}
        self._rest = RestApi(self)
        self.gateway = FakeGateway(
            check_token=lambda token: token == self.token,
            identify_events=self._identify_events,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Replaced on every notify(); waiters hold the old one, which is then set.
        self._changed = asyncio.Event()
        self._client_task: asyncio.Task[None] | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free 127.0.0.1 port."""
        app = web.Application()
        app.add_subapp(API_PREFIX, self._rest.app())
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/cdn/attachments/{attachment_id}/{filename}", self._serve_upload)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """The value for discord.http.Route.BASE."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The value for DiscordWebSocket.DEFAULT_GATEWAY (and the resume_gateway_url)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @contextlib.asynccontextmanager
    async def running(self, client: ClientT, token: str | None = None, *,
                      ready_timeout: float = 10.0) -> AsyncIterator[ClientT]:
        """Run `client.start(token)` in a task until the block ends.

        Enters once the client is ready (after its setup_hook and on_ready). If the client
        fails before that (LoginFailure, CommandSyncFailure from a sync in setup_hook, ...), that
        exception is raised here. On exit the client is closed, and an exception that ended
        `client.start()` while the block ran is raised (or noted on the block's own error).
        """
        task = asyncio.create_task(client.start(self.token if token is None else token), name="fake-discord-client")
        task.add_done_callback(lambda _: self.notify())  # wake waiters: a dead client answers nothing
        self._client_task = task
        try:
            ready = await self._wait_ready(client, task, ready_timeout)
        except BaseException:
            await self._stop_client(client, task)
            raise
        if not ready:
            failure = await self._stop_client(client, task)
            raise failure or AssertionError("client.start() returned before the client became ready")
        try:
            yield client
        except BaseException as error:
            failure = await self._stop_client(client, task)
            if failure is not None:
                error.add_note(f"client.start() had also failed: {failure!r}")
            raise
        failure = await self._stop_client(client, task)
        if failure is not None:
            raise failure

    async def _wait_ready(self, client: discord.Client, task: asyncio.Task[None], timeout: float) -> bool:
        # Polled: before login has run, the client has no event to wait on (wait_until_ready
        # raises), and the fake cannot see on_ready.
        deadline = self.now() + timeout
        while not client.is_ready():
            if task.done():
                return False
            if self.now() > deadline:
                raise AssertionError(f"the client was not ready within {timeout} s")
            await asyncio.sleep(0.01)
        return True

    async def _stop_client(self, client: discord.Client, task: asyncio.Task[None]) -> BaseException | None:
        """Close the client; return the exception that ended client.start(), if any."""
        self._client_task = None
        await client.close()
        done, _ = await asyncio.wait({task}, timeout=10)
        if not done:
            task.cancel()
            return AssertionError("client.start() did not return within 10 s of client.close()")
        return None if task.cancelled() else task.exception()

    def assert_clean(self) -> None:
        """Fail if the bot broke a rule or used a route the fake lacks, and the test did not take it."""
        problems = [str(violation) for violation in self.violations]
        problems += [f"{route}: the fake does not implement this route" for route in self.unhandled]
        if problems:
            raise AssertionError("fake Discord saw problems the test did not take:\n" + "\n".join(problems))

    # -- waiting -------------------------------------------------------------------------------

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def notify(self) -> None:
        """Something was recorded: wake every waiter so it re-checks."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait_until(self, check: Callable[[], T | None], what: str, timeout: float | None = None) -> T:
        """Return check()'s first non-None result, re-checked after every change the fake records.

        On timeout: AssertionError("<what> within <timeout> s"). Fails at once if the client
        started by `running()` has stopped, since nothing more can arrive.
        """
        timeout = self.wait_timeout if timeout is None else timeout
        deadline = self.now() + timeout
        while True:
            result = check()
            if result is not None:
                return result
            task = self._client_task
            if task is not None and task.done():
                reason = "cancelled" if task.cancelled() else repr(task.exception())
                raise AssertionError(f"{what}: the client stopped ({reason})")
            remaining = deadline - self.now()
            if remaining <= 0:
                raise AssertionError(f"{what} within {timeout} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def channel_message(self, channel: Channel | int, index: int = 0,
                              timeout: float | None = None) -> SentMessage:
        """The index-th message the bot posted in a channel (POST channels/{id}/messages)."""
        channel_id = self._channel(channel).id

        def check() -> SentMessage | None:
            posted = [m for m in self.channel_messages if m.channel_id == channel_id]
            return posted[index] if len(posted) > index else None

        return await self.wait_until(check, f"bot posted no message #{index} in channel {channel_id}", timeout)

    # -- the world -----------------------------------------------------------------------------

    def add_guild(self, name: str = "Test Guild", *,
                  everyone_permissions: int | str | Any = PLAIN_MEMBER_PERMISSIONS,
                  bot_permissions: int | str | Any = PLAIN_MEMBER_PERMISSIONS, shard: int | None = None) -> Guild:
        """A guild with its @everyone role and the bot as a member. Add guilds, channels, roles
        and members before `running()`: the client learns them from GUILD_CREATE at login.
        `shard`: an id that Discord routes to this shard of `shard_count`."""
        guild_id = self.new_id() if shard is None else self.new_id.on_shard(shard, self.shard_count)
        guild = Guild(id=guild_id, name=name, owner_id=self.owner_id, created_at=payloads.now_iso(),
                      bot_permissions=_bits(bot_permissions))
        guild.roles[guild.id] = Role(guild.id, guild.id, "@everyone", _bits(everyone_permissions), position=0)
        guild.members[self.app_id] = Member(guild.id, self.app_id, self.bot_name, roles=(),
                                            permissions=guild.bot_permissions, joined_at=guild.created_at, bot=True)
        self.guilds[guild.id] = guild
        return guild

    def add_channel(self, guild: Guild | int, name: str = "general", *, type: int = 0) -> Channel:
        target = self._guild(guild)
        channel = Channel(self.new_id(), target.id, name, type=type, position=len(target.channels))
        target.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_role(self, guild: Guild | int, name: str, *, permissions: int | str | Any = 0) -> Role:
        target = self._guild(guild)
        role = Role(self.new_id(), target.id, name, _bits(permissions), position=len(target.roles))
        target.roles[role.id] = role
        return role

    def add_member(self, guild: Guild | int, name: str = "member", *, roles: tuple[Role, ...] | list[Role] = (),
                   permissions: int | str | Any | None = None) -> Member:
        """A member who can use commands. `permissions` is what interactions report as the
        member's permissions; by default it is computed from @everyone and the roles, as Discord
        does (an administrator gets every permission)."""
        target = self._guild(guild)
        if permissions is None:
            computed = target.everyone.permissions
            for role in roles:
                computed |= role.permissions
            permissions = ALL_PERMISSIONS if computed & ADMINISTRATOR else computed
        member = Member(target.id, self.new_id(), name, roles=tuple(role.id for role in roles),
                        permissions=_bits(permissions), joined_at=payloads.now_iso())
        target.members[member.user_id] = member
        return member

    def _guild(self, guild: Guild | int) -> Guild:
        guild_id = guild.id if isinstance(guild, Guild) else int(guild)
        if guild_id not in self.guilds:
            raise AssertionError(f"no guild {guild_id}: create it with fake.add_guild()")
        return self.guilds[guild_id]

    def _channel(self, channel: Channel | int) -> Channel:
        channel_id = channel.id if isinstance(channel, Channel) else int(channel)
        if channel_id not in self.channels:
            raise AssertionError(f"no channel {channel_id}: create it with fake.add_channel(guild)")
        return self.channels[channel_id]

    def _identify_events(self, session_id: str, shard: tuple[int, int]) -> list[tuple[str, JSON]]:
        guilds = [g for g in self.guilds.values() if self.gateway.carries(shard, g.id)]
        ready = payloads.ready(bot_user=self.bot_user, app_id=self.app_id, guild_ids=[g.id for g in guilds],
                               session_id=session_id, resume_url=self.gateway_url, shard=shard)
        creates = [("GUILD_CREATE", payloads.guild_create(g, list(g.channels.values()))) for g in guilds]
        return [("READY", ready), *creates]

    # -- reading what the bot sent -------------------------------------------------------------

    def synced_commands(self, guild: Guild | int | None = None) -> list[JSON]:
        """The command definitions last synced globally (guild=None) or for a guild, as the fake
        returned them (with id, application_id, version)."""
        scope = None if guild is None else self._guild(guild).id
        return copy.deepcopy(self._rest.commands.get(scope, []))

    def requests_to(self, route: str) -> list[RequestRecord]:
        """Requests that matched a route such as "POST /interactions/{id}/{token}/callback"."""
        method, pattern = compile_route(route)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    def take_violations(self) -> list[Violation]:
        """Take every recorded violation (the fixture then no longer reports them)."""
        taken, self.violations[:] = list(self.violations), []
        return taken

    # -- faults --------------------------------------------------------------------------------

    def rate_limit(self, route: str, *, retry_after: float = 0.1, times: int = 1) -> None:
        """Answer the next `times` requests to `route` with 429 and `retry_after` (discord.py
        sleeps that long and retries)."""
        self.faults.arm(route, times=times, status=429, retry_after=retry_after)

    def server_error(self, route: str, *, status: int = 500, times: int = 1) -> None:
        """Answer the next `times` requests to `route` with a 5xx (discord.py retries 500, 502,
        504 after 1 s, 3 s, 5 s, ...)."""
        self.faults.arm(route, times=times, status=status)

    def slow(self, route: str, *, seconds: float, times: int = 1) -> None:
        """Handle the next `times` requests to `route` normally but answer `seconds` late."""
        self.faults.arm(route, times=times, delay=seconds)

    async def move_guild(self, guild: Guild | int, shard: int) -> None:
        """Move a guild to another shard's session, as a resharding does: GUILD_DELETE on the shard
        that carried it, GUILD_CREATE on `shard`, whose session carries its events from now on."""
        target = self._guild(guild)
        await self.gateway.dispatch("GUILD_DELETE", {"id": str(target.id)}, guild_id=target.id)
        self.gateway.moved[target.id] = shard
        await self.gateway.dispatch("GUILD_CREATE", payloads.guild_create(target, list(target.channels.values())),
                                    guild_id=target.id)  # fmt: skip

    async def drop_gateway(self, *, resumable: bool = True, timeout: float | None = None) -> str:
        """Close the client's gateway websocket and wait until it is connected again.

        Returns "resume" (the client RESUMEd and got RESUMED) or "identify" (with
        resumable=False the fake forgets the session, answers the RESUME with INVALID_SESSION,
        and the client IDENTIFYs; discord.py sleeps 5 s before such a re-IDENTIFY unless the
        client overrides `before_identify_hook`). Events dispatched meanwhile are replayed on
        RESUME, as Discord does.
        """
        return await self.gateway.drop(resumable=resumable, timeout=self.wait_timeout if timeout is None else timeout)
