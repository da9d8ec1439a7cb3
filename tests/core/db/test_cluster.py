"""The processes' meeting point in PostgreSQL (bot/core/db/cluster.py), tested with several
clusters in one process: notifications, the fallback when they are missed, and once-only work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest

from bot.core.db.cluster import PostgresCluster
from bot.core.db.postgres import PostgresStore
from tests.support.ports import unused_port


async def until(check: Callable[[], bool], within: float = 5.0) -> None:
    async def wait() -> None:
        while not check():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), within)


@pytest.fixture
async def clusters(postgres_url: str) -> AsyncIterator[Callable[[str], PostgresCluster]]:
    made: list[PostgresCluster] = []

    def make(name: str) -> PostgresCluster:
        made.append(PostgresCluster(postgres_url, name=name, check_every=0.3, retry_every=0.1))
        return made[-1]

    yield make
    for cluster in made:
        await cluster.close()


@pytest.fixture
def unused_url() -> str:
    """A PostgreSQL URL where no server listens."""
    return f"postgresql://postgres@127.0.0.1:{unused_port()}/postgres"


async def terminate(url: str, application_name: str) -> None:
    """Cut a process's connections from the server side, as a crash or a network fault does."""
    admin = await asyncpg.connect(url)
    try:
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                            application_name)  # fmt: skip
    finally:
        await admin.close()


async def test_changes_are_heard_and_missed_ones_caught_up(clusters: Callable[[str], PostgresCluster], postgres_url: str) -> None:
    settings_heard: list[int | None] = []
    catalog_checks: list[float] = []

    async def on_catalog() -> None:
        catalog_checks.append(asyncio.get_running_loop().time())

    async def on_settings(guild_id: int | None) -> None:
        settings_heard.append(guild_id)

    await clusters("listener").start(on_catalog=on_catalog, on_settings=on_settings)
    assert settings_heard == [None]  # on connecting: whatever is in memory may be stale
    async with await PostgresStore.open(postgres_url) as store:
        await store.add_channel(5, 50)
        await until(lambda: settings_heard[-1] == 5)

        checks = len(catalog_checks)
        await store.replace_catalog([])
        await until(lambda: len(catalog_checks) > checks)

        # With no notification at all (one lost between connections), the catalog is still
        # checked every check_every seconds.
        checks = len(catalog_checks)
        await until(lambda: len(catalog_checks) >= checks + 2, within=3)

        # A lost connection: it reconnects, reads every server's settings again, and catches up.
        heard = len(settings_heard)
        await terminate(postgres_url, "listener")
        await until(lambda: None in settings_heard[heard:])
        await store.add_channel(6, 60)
        await until(lambda: settings_heard[-1] == 6)


async def test_once_only_work_runs_in_one_place_and_moves_when_that_place_is_lost(
    clusters: Callable[[str], PostgresCluster], postgres_url: str
) -> None:
    running: list[str] = []

    def job(name: str) -> Callable[[], Awaitable[None]]:
        async def work() -> None:
            running.append(name)
            try:
                await asyncio.Event().wait()
            finally:
                running.remove(name)

        return work

    first, second = clusters("first"), clusters("second")
    tasks = [asyncio.create_task(first.lead("polling", job("first")))]
    await until(lambda: running == ["first"])
    tasks.append(asyncio.create_task(second.lead("polling", job("second"))))
    await asyncio.sleep(0.5)
    assert running == ["first"] and first.leads("polling") and not second.leads("polling")

    await terminate(postgres_url, "first")  # its lock goes with its connection
    await until(lambda: running == ["second"])
    assert second.leads("polling") and not first.leads("polling")
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert running == []


async def test_failing_once_only_work_starts_again(clusters: Callable[[str], PostgresCluster]) -> None:
    attempts = 0

    async def flaky() -> None:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise RuntimeError("the feed host is down")

    await asyncio.wait_for(clusters("worker").lead("polling", flaky), 5)
    assert attempts == 3


async def test_exclusive_blocks_never_overlap(clusters: Callable[[str], PostgresCluster]) -> None:
    inside = 0
    most = 0

    async def sync(cluster: PostgresCluster) -> None:
        nonlocal inside, most
        async with cluster.exclusive("command sync"):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.1)
            inside -= 1

    await asyncio.gather(*(sync(clusters(f"process {n}")) for n in range(3)))
    assert most == 1


async def test_turns_are_paced_across_processes(clusters: Callable[[str], PostgresCluster], postgres_url: str) -> None:
    await (await PostgresStore.open(postgres_url)).close()  # the tables, as a bot's start makes them
    loop = asyncio.get_running_loop()
    taken: list[float] = []

    async def turn(cluster: PostgresCluster) -> None:
        await cluster.take_turn("identify 0", 0.3)
        taken.append(loop.time())

    first, second = clusters("first"), clusters("second")
    await asyncio.gather(*(turn(cluster) for cluster in (first, second, first, second)))
    taken.sort()
    assert min(later - earlier for earlier, later in zip(taken, taken[1:])) >= 0.3


async def test_a_turn_without_the_database_waits_as_one_process_would(unused_url: str) -> None:
    loop = asyncio.get_running_loop()
    began = loop.time()
    await PostgresCluster(unused_url, name="alone").take_turn("identify 0", 0.3)
    assert loop.time() - began >= 0.3
