"""Many processes, one bot: what one process's changes tell the others, and work done only once.

A bot on SQLite is one process, and `SingleProcess` says so: nothing to hear, every job is its
own. A bot on PostgreSQL may be many processes (shard ranges on several machines), and
`PostgresCluster` joins them:

- Fan-out. One connection LISTENs to the notifications the PostgreSQL store sends with each write
  (postgres.py): `settings:<guild>` makes every process read that server's settings again,
  `catalog:<version>` makes every process load the stored catalog. A check of the catalog version
  every `check_every` seconds, and on every reconnect (when notifications may have been missed,
  which also reads every server's settings again), is the fallback.
- Once-only work. `lead(name, work)` runs `work` in exactly one process at a time: the one holding
  a session-level advisory lock. When that process dies its connection closes, PostgreSQL frees
  the lock, and the next process that asks (every `retry_every` seconds) takes the work over.
  `exclusive(name)` is the one-shot form: a block that no two processes run at once.
- Turns. `take_turn(name, every)` returns when `every` seconds have passed since the last turn at
  `name` of any process: Discord allows one IDENTIFY per 5 s in each bucket across the whole bot.
  The time of the last turn is kept in the meta table (the database's clock, one for every
  machine), read and written under a transaction-level advisory lock; the lock goes with the
  transaction when its process dies, and a holder that vanished without closing its connection
  is ended by the server after `every` + TURN_GRACE seconds (idle_in_transaction_session_timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator, Awaitable, Callable

import asyncpg

from bot.core.db.base import (
    CONNECTION_LOST,
    DATABASE_ERRORS,
    NOTIFY_CHANNEL,
    RECONNECT_SECONDS,
    CatalogChanged,
    SettingsChanged,
)

log = logging.getLogger(__name__)

# A turn is kept this much longer than asked: the turn is taken a little before Discord receives
# the IDENTIFY it is for, and one process's send can be slower than the next one's.
TURN_MARGIN = 0.25
TURN_GRACE = 10.0  # seconds a turn's holder may go silent before the server ends its session


def turn_key(name: str) -> str:
    """The advisory lock (hashtext of it) and meta key of the turns at `name`."""
    return f"segment-bot:turn:{name}"


class SingleProcess:
    """The cluster of a bot that is one process: no one else to hear from or to wait for."""

    def __init__(self) -> None:
        self._leading: set[str] = set()
        self._turns: dict[str, float] = {}  # name -> event-loop time of its last turn
        self._turn_locks: dict[str, asyncio.Lock] = {}

    async def take_turn(self, name: str, every: float) -> None:
        async with self._turn_locks.setdefault(name, asyncio.Lock()):
            loop = asyncio.get_running_loop()
            last = self._turns.get(name)
            if last is not None:
                await asyncio.sleep(last + every + TURN_MARGIN - loop.time())
            self._turns[name] = loop.time()

    async def start(self, on_catalog: CatalogChanged, on_settings: SettingsChanged) -> None:
        pass

    @contextlib.asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        yield

    async def lead(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        self._leading.add(name)
        try:
            await work()
        finally:
            self._leading.discard(name)

    def leads(self, name: str) -> bool:
        return name in self._leading

    async def close(self) -> None:
        pass


class PostgresCluster:
    def __init__(self, url: str, *, name: str, check_every: float = 30.0, retry_every: float = 1.0) -> None:
        self._url = url
        self._name = name  # shown in pg_stat_activity.application_name: which process holds what
        self.check_every = check_every  # the fallback for missed notifications
        self.retry_every = retry_every  # how soon a free lock is taken, a lost connection retried
        self._leading: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def _connect(self) -> tuple[asyncpg.Connection, asyncio.Event]:
        """A connection of its own (a pooled one would lose its LISTEN and locks on release), and an
        event set when it is lost."""
        connection = await asyncpg.connect(self._url, server_settings={"application_name": self._name[:63]})
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        return connection, lost

    async def _until_lost(self, connection: asyncpg.Connection, lost: asyncio.Event, every: float,
                          tick: Callable[[], Awaitable[object]] | None = None) -> None:
        """Return when the connection is lost; ping it (and call `tick`) every `every` seconds, since
        a connection whose peer vanished silently is noticed only when used."""
        while not lost.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lost.wait(), every)
            if lost.is_set():
                return
            try:
                await connection.fetchval("SELECT 1", timeout=max(every, 2.0))
            except (*CONNECTION_LOST, TimeoutError):
                return
            if tick is not None:
                await tick()

    # ---- fan-out ----------------------------------------------------------------------------

    async def start(self, on_catalog: CatalogChanged, on_settings: SettingsChanged) -> None:
        connected = asyncio.Event()
        task = asyncio.create_task(self._listen(on_catalog, on_settings, connected), name="cluster-listen")
        self._tasks.add(task)
        # Serve at once if the database is slow to answer; the listener catches up when it connects.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(connected.wait(), RECONNECT_SECONDS)

    async def _listen(self, on_catalog: CatalogChanged, on_settings: SettingsChanged, connected: asyncio.Event) -> None:
        def heard(_connection: object, _pid: int, _channel: str, payload: str) -> None:
            kind, _, value = payload.partition(":")
            if kind == "settings" and value.isdigit():
                self._spawn(on_settings(int(value)), "cluster-settings")
            elif kind == "catalog":
                self._spawn(on_catalog(), "cluster-catalog")

        while True:
            connection = None
            try:
                connection, lost = await self._connect()
                await connection.add_listener(NOTIFY_CHANNEL, heard)
                # Whatever changed while nobody listened: read every server's settings again, catch up.
                await on_settings(None)
                await on_catalog()
                connected.set()
                await self._until_lost(connection, lost, self.check_every, on_catalog)
                log.warning("lost the PostgreSQL connection that hears other processes; reconnecting")
            except CONNECTION_LOST as error:
                log.warning("cannot listen to PostgreSQL (%s); retrying in %.0f s", error, self.retry_every)
            except Exception:
                # Whatever failed, other processes' changes must keep reaching this one.
                log.exception("listening to other processes failed; starting again in %.0f s", self.retry_every)
            finally:
                if connection is not None:
                    connection.terminate()
            await asyncio.sleep(self.retry_every)

    def _spawn(self, work: Awaitable[object], name: str) -> None:
        async def logged() -> None:
            try:
                await work
            except Exception:
                log.exception("%s failed", name)

        task = asyncio.create_task(logged(), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- once-only work ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        connection, _ = await self._connect()
        try:
            await connection.execute("SELECT pg_advisory_lock(hashtext($1))", f"segment-bot:{name}")
            yield
        finally:
            await connection.close()  # the end of the session frees its lock

    async def lead(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        key = f"segment-bot:{name}"
        while True:
            connection = None
            running: asyncio.Task[None] | None = None
            try:
                connection, lost = await self._connect()
                while not await connection.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", key):
                    await asyncio.sleep(self.retry_every)
                log.info("%s: this process runs %s now", self._name, name)
                self._leading.add(name)
                running = asyncio.create_task(work(), name=name)
                watching = asyncio.create_task(self._until_lost(connection, lost, self.retry_every))
                await asyncio.wait((running, watching), return_when=asyncio.FIRST_COMPLETED)
                watching.cancel()
                if running.done():
                    running.result()  # raises what `work` raised
                    return
                log.warning("%s: lost the lock of %s with the database connection; stopping it", self._name, name)
            except CONNECTION_LOST as error:
                log.warning("%s: cannot reach PostgreSQL for %s (%s); retrying", self._name, name, error)
            except Exception:
                log.exception("%s: %s failed; it starts again in %.0f s", self._name, name, self.retry_every)
            finally:
                self._leading.discard(name)
                if running is not None and not running.done():
                    running.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await running
                if connection is not None:
                    connection.terminate()
            await asyncio.sleep(self.retry_every)

    def leads(self, name: str) -> bool:
        return name in self._leading

    # ---- turns ------------------------------------------------------------------------------

    async def take_turn(self, name: str, every: float) -> None:
        try:
            await self._take_turn(name, every)
        except DATABASE_ERRORS as error:
            log.warning("%s: cannot reach PostgreSQL for a turn at %s (%s); waiting %g s, as alone",
                        self._name, name, error, every)  # fmt: skip
            await asyncio.sleep(every + TURN_MARGIN)

    async def _take_turn(self, name: str, every: float) -> None:
        key = turn_key(name)
        connection, _ = await self._connect()
        try:
            async with connection.transaction():
                grace = int((every + TURN_MARGIN + TURN_GRACE) * 1000)
                await connection.execute(f"SET LOCAL idle_in_transaction_session_timeout = {grace}")
                await connection.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)
                last = await connection.fetchval("SELECT value FROM meta WHERE key = $1", key)
                now = await connection.fetchval("SELECT extract(epoch FROM clock_timestamp())::float8")
                if last is not None:
                    await asyncio.sleep(float(last) + every + TURN_MARGIN - now)
                await connection.execute(
                    "INSERT INTO meta VALUES ($1, extract(epoch FROM clock_timestamp())::text) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", key,
                )  # fmt: skip
        finally:
            connection.terminate()

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
