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
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator, Awaitable, Callable

import asyncpg

from bot.core.db.base import CONNECTION_LOST, NOTIFY_CHANNEL, RECONNECT_SECONDS, CatalogChanged, SettingsChanged

log = logging.getLogger(__name__)


class SingleProcess:
    """The cluster of a bot that is one process: no one else to hear from or to wait for."""

    def __init__(self) -> None:
        self._leading: set[str] = set()

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

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
