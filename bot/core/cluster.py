"""Many processes, one bot: what one process's changes tell the others, and work done only once.

A bot on SQLite is one process, and `SingleProcess` says so: nothing to hear, every job is its
own. A bot on PostgreSQL may be many processes (shard ranges on several machines), and
`PostgresCluster` joins them:

- Fan-out. One connection LISTENs to the notifications the PostgreSQL store sends with each write
  (store_pg.py): `settings:<guild>` makes every process forget that server's cached settings,
  `catalog:<version>` makes every process load the stored catalog. A check of the catalog version
  every `check_every` seconds, and on every reconnect (when notifications may have been missed,
  which also forgets all cached settings), is the fallback.
- Once-only work. `lead(name, work)` runs `work` in exactly one process at a time: the one holding
  a session-level advisory lock. When that process dies its connection closes, PostgreSQL frees
  the lock, and the next process that asks (every `retry_every` seconds) takes the work over.
  `exclusive(name)` is the one-shot form: a block that no two processes run at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable, Protocol

from .storage import is_postgres

log = logging.getLogger(__name__)

CatalogChanged = Callable[[], Awaitable[object]]
SettingsChanged = Callable[[int | None], None]  # a server's id, or None for every server


class Cluster(Protocol):
    async def start(self, on_catalog: CatalogChanged, on_settings: SettingsChanged) -> None:
        """Begin calling back when another process changes the catalog or a server's settings."""

    def exclusive(self, name: str) -> contextlib.AbstractAsyncContextManager[None]:
        """A block that no two processes run at the same time."""

    async def lead(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run `work` whenever this process is the one process that may; returns when `work` does."""

    def leads(self, name: str) -> bool:
        """Whether this process runs `name`'s work now."""

    async def close(self) -> None: ...


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


def open_cluster(database: Path | str, *, name: str) -> Cluster:
    """The cluster for this database setting; `name` labels this process's connections."""
    if is_postgres(database):
        from .cluster_pg import PostgresCluster

        return PostgresCluster(str(database), name=name)
    return SingleProcess()
