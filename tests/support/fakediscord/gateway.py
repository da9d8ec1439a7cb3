"""The fake gateway: one websocket endpoint speaking Discord's gateway protocol (v10, JSON).

Sends plain TEXT frames although discord.py asks for zlib-stream: it only inflates binary
frames. Serves any number of shards at once, each its own session (the `shard` of its IDENTIFY,
[0, 1] when it names none), in one process or several: a guild's events go to the session of
shard (guild_id >> 22) % shard_count, as Discord routes them. Keeps every dispatch of a session so that a RESUME replays what the client missed, as
Discord does; a session the test made non-resumable answers RESUME with INVALID_SESSION and the
client IDENTIFYs afresh.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

JSON = dict[str, Any]

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 0, 1, 2, 6, 9, 10, 11
# Close codes: 4000 "unknown error, reconnect" (discord.py resumes), 4004 "authentication failed"
# (discord.py gives up), 1001 "going away" (the fake is shutting down).
CLOSE_DROPPED, CLOSE_AUTH_FAILED, CLOSE_GOING_AWAY = 4000, 4004, 1001


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule for which shard carries a guild."""
    return (guild_id >> 22) % shard_count


@dataclass
class _Session:
    id: str
    shard: tuple[int, int] = (0, 1)  # (shard id, shard count)
    seq: int = 0
    # Every dispatch so far as (seq, frame text), for RESUME replays. Kept serialized so that
    # later changes to the dicts it was built from cannot rewrite history.
    sent: list[tuple[int, str]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    # Dispatches and replays go out under this lock so frames leave in sequence order.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class FakeGateway:
    def __init__(
        self,
        *,
        check_token: Callable[[str], bool],
        identify_events: Callable[[str, tuple[int, int]], list[tuple[str, JSON]]],
        heartbeat_interval_ms: int,
    ) -> None:
        self._check_token = check_token
        # Builds READY and the GUILD_CREATEs for a new session id and shard, from the fake's state then.
        self._identify_events = identify_events
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._sessions: dict[str, _Session] = {}
        self._current: dict[int, _Session] = {}  # by shard id
        # Guilds a test moved to another shard than Discord's rule gives (move_guild), as a
        # resharding moves them between processes: guild id -> shard id.
        self.moved: dict[int, int] = {}
        self._sockets: set[web.WebSocketResponse] = set()
        self._connected = asyncio.Event()
        # How each connection started, in order: "identify" or "resume".
        self.connections: list[str] = []
        # Every IDENTIFY with a valid token as (shard id, shard count, event-loop time received),
        # for tests of Discord's identify rate (one per 5 s per max_concurrency bucket).
        self.identifies: list[tuple[int, int, float]] = []
        # Seconds between an IDENTIFY and its READY, as a busy Discord takes: a test can stop a
        # bot while its shards are identifying.
        self.identify_delay = 0.0

    @property
    def has_session(self) -> bool:
        return bool(self._current)

    @property
    def shards(self) -> list[tuple[int, int]]:
        """The (shard id, shard count) of every session logged in now, in shard order."""
        return sorted(session.shard for session in self._current.values())

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        session: _Session | None = None
        try:
            await ws.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}))
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    break
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                if op == HEARTBEAT:
                    await ws.send_str(json.dumps({"op": HEARTBEAT_ACK}))
                elif op == IDENTIFY:
                    session = await self._identify(ws, data)
                elif op == RESUME:
                    session = await self._resume(ws, data)
                # Presence updates (3), voice (4) and member requests (8) are accepted and
                # ignored: the fake has no presences, voice or member lists to answer with.
        finally:
            self._sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: JSON) -> _Session | None:
        if not self._check_token(data.get("token", "")):
            await ws.close(code=CLOSE_AUTH_FAILED, message=b"Authentication failed.")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        self.identifies.append((shard_id, shard_count, asyncio.get_running_loop().time()))
        if self.identify_delay:
            await asyncio.sleep(self.identify_delay)
        session = _Session(id=secrets.token_hex(16), shard=(shard_id, shard_count), ws=ws)
        self._sessions[session.id] = session
        self._current[shard_id] = session
        async with session.lock:
            for event, payload in self._identify_events(session.id, session.shard):
                await self._send(session, event, payload)
        self._connected_as("identify")
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> _Session | None:
        session = self._sessions.get(data.get("session_id", ""))
        if session is None or not self._check_token(data.get("token", "")):
            # d=false: not resumable, the client must IDENTIFY again.
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return None
        async with session.lock:
            session.ws = ws
            last_seen = data.get("seq") or 0
            for seq, text in session.sent:
                if seq > last_seen:
                    await ws.send_str(text)
            await self._send(session, "RESUMED", {})
        self._connected_as("resume")
        return session

    def _connected_as(self, how: str) -> None:
        self.connections.append(how)
        self._connected.set()

    async def _send(self, session: _Session, event: str, data: JSON) -> None:
        session.seq += 1
        text = json.dumps({"op": DISPATCH, "t": event, "s": session.seq, "d": data})
        session.sent.append((session.seq, text))
        if session.ws is not None and not session.ws.closed:
            await session.ws.send_str(text)

    def _session_for(self, guild_id: int | None) -> _Session:
        if not self._current:
            raise AssertionError("no client is logged in to the fake gateway: use `async with fake.running(client)`")
        if guild_id is None:
            return self._current[min(self._current)]
        for session in self._current.values():
            if self.carries(session.shard, guild_id):
                return session
        raise AssertionError(f"no client has logged in the shard of guild {guild_id} (shards now: {self.shards})")

    def carries(self, shard: tuple[int, int], guild_id: int) -> bool:
        """Whether this (shard id, shard count) carries the guild's events."""
        return self.moved.get(guild_id, shard_of(guild_id, shard[1])) == shard[0]

    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> None:
        """Send an event to the session of the guild's shard (the lowest shard's without a guild),
        or keep it for the RESUME if that session is disconnected."""
        session = self._session_for(guild_id)
        async with session.lock:
            await self._send(session, event, data)

    async def drop(self, *, resumable: bool, timeout: float) -> str:
        """Close the lowest shard's websocket and wait until it is back; returns "resume" or "identify"."""
        session = self._current[min(self._current)] if self._current else None
        if session is None or session.ws is None:
            raise AssertionError("no client is connected to the fake gateway")
        if not resumable:
            del self._sessions[session.id]
            del self._current[session.shard[0]]
        self._connected.clear()
        ws, session.ws = session.ws, None
        await ws.close(code=CLOSE_DROPPED, message=b"Dropped by the test.")
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"the client did not reconnect to the fake gateway within {timeout} s") from None
        return self.connections[-1]

    async def close_all(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=CLOSE_GOING_AWAY, message=b"Fake Discord is shutting down.")
