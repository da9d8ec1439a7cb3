"""`python -m benchmarks.cluster`: how fast one process's changes reach the others over PostgreSQL.

Starts a throwaway PostgreSQL server (tests/support/postgres.py) and `--processes` follower processes, each
holding what a bot process holds for this: the PostgreSQL store, the catalog service, the cached
per-server settings, and the cluster listener (bot/core/db/cluster.py). Then measures:

- settings: the time from the start of a settings write in this process until every follower's
  settings cache returns the new value (each follower reads its cache every 2 ms, as a question
  would), over `--changes` writes;
- reload fan-out: a cold reload of a synthetic catalog of about `--size` chapters in this process
  (read, validate, index, store), then the time until every follower serves it (loaded from
  PostgreSQL and indexed), and the followers' peak memory.

Prints the rows and returns them for `python -m benchmarks` (one call in its __main__).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.core.catalog import CatalogService
from bot.core.db.cluster import PostgresCluster
from bot.core.db.postgres import PostgresStore
from bot.discord_app.guild_settings import GuildSettingsCache

from .synthetic import episodes_for, write_catalog

ROOT = Path(__file__).resolve().parents[1]
GUILD = 1
SETTINGS_TARGET_P99_S = 1.0
FANOUT_TARGET_S = 10.0


# ---- a follower process ---------------------------------------------------------------------------


async def follow(url: str) -> None:
    """Report on stdout, as JSON lines, each settings value and catalog this process comes to serve."""
    store = await PostgresStore.open(url)
    catalog = CatalogService(store, Path("/nonexistent"))  # never reads a folder: it follows
    settings = GuildSettingsCache(store)

    def say(**fields: Any) -> None:
        print(json.dumps(fields), flush=True)

    async def on_catalog() -> None:
        if await catalog.follow():
            say(kind="catalog", at=time.time(), chapters=catalog.current.chapter_count,
                rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # fmt: skip

    cluster = PostgresCluster(url, name="benchmark follower")
    await cluster.start(on_catalog=on_catalog, on_settings=settings.refresh)
    say(kind="ready")
    seen: tuple[int, ...] = ()
    while True:
        channels = (await settings.get(GUILD)).channel_ids
        if channels != seen:
            seen = channels
            say(kind="settings", at=time.time(), latest=max(channels, default=0))
        await asyncio.sleep(0.002)


# ---- the measurement ------------------------------------------------------------------------------


class Followers:
    def __init__(self, processes: list[asyncio.subprocess.Process]) -> None:
        self.processes = processes
        self.events: asyncio.Queue[tuple[int, dict[str, Any]]] = asyncio.Queue()
        self._readers = [asyncio.create_task(self._read(n, p)) for n, p in enumerate(processes)]

    @classmethod
    async def start(cls, url: str, count: int) -> Followers:
        processes = [
            await asyncio.create_subprocess_exec(sys.executable, "-m", "benchmarks.cluster", "--follow", url,
                                                 cwd=ROOT, stdout=asyncio.subprocess.PIPE)  # fmt: skip
            for _ in range(count)
        ]
        followers = cls(processes)
        await followers.collect("ready", count, timeout=60)
        return followers

    async def _read(self, number: int, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for line in process.stdout:
            self.events.put_nowait((number, json.loads(line)))

    async def collect(self, kind: str, count: int, *, timeout: float, **match: Any) -> list[dict[str, Any]]:
        """The next `count` events of this kind (and matching fields), one per follower at most."""
        found: dict[int, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while len(found) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                number, event = await asyncio.wait_for(self.events.get(), remaining)
            except TimeoutError:
                break
            if event["kind"] == kind and all(event.get(k) == v for k, v in match.items()):
                found[number] = event
        return list(found.values())

    async def stop(self) -> None:
        for process in self.processes:
            process.kill()
            await process.wait()
        for reader in self._readers:
            reader.cancel()


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else math.nan


async def measure(url: str, processes: int, changes: int, chapters: int) -> dict[str, Any]:
    store = await PostgresStore.open(url)
    followers = await Followers.start(url, processes)
    try:
        latencies: list[float] = []
        missed = 0
        for change in range(1, changes + 1):
            began = time.time()
            await store.add_channel(GUILD, change)
            seen = await followers.collect("settings", processes, timeout=5, latest=change)
            latencies += [event["at"] - began for event in seen]
            missed += processes - len(seen)
            await asyncio.sleep(0.01)

        folder = Path(tempfile.mkdtemp(prefix="segment-bench-cluster-"))
        try:
            write_catalog(folder, episodes_for(chapters))
            began = time.time()
            result = await CatalogService(store, folder).reload()
            stored = time.time()
            served = await followers.collect("catalog", processes, timeout=120)
            load = os.getloadavg()[0]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        await followers.stop()
        await store.close()
    return {
        "processes": processes, "changes": changes, "settings_p50": _p(latencies, 0.5),
        "settings_p99": _p(latencies, 0.99), "settings_missed": missed,
        "chapters": result.ok and served and served[0]["chapters"], "reload_s": stored - began,
        "fanout_s": max((e["at"] for e in served), default=math.inf) - stored if len(served) == processes else math.inf,
        "follower_rss_mb": max((e["rss_mb"] for e in served), default=math.nan), "load": load,
        "cores": os.cpu_count(),
    }  # fmt: skip


def rows(figures: dict[str, Any]) -> str:
    """The benchmark table's rows for these figures."""
    n = figures["processes"]
    settings_ok = figures["settings_p99"] < SETTINGS_TARGET_P99_S and not figures["settings_missed"]
    fanout_ok = figures["fanout_s"] < FANOUT_TARGET_S
    missed = f" ({figures['settings_missed']} not seen within 5 s)" if figures["settings_missed"] else ""
    return "\n".join([
        "| across processes (PostgreSQL) | measured | target | met |",
        "|---|---|---|---|",
        f"| settings change visible in all {n} other processes: p50 / p99 ms ({figures['changes']} changes) "
        f"| {figures['settings_p50'] * 1000:.1f} / {figures['settings_p99'] * 1000:.1f}{missed} "
        f"| p99 < {SETTINGS_TARGET_P99_S * 1000:.0f} ms | {'✅' if settings_ok else '❌'} |",
        f"| /reload at {figures['chapters']:,} chapters: stored by the reloading process, s | {figures['reload_s']:.2f} | | |",
        f"| ... then all {n} other processes serving it, s | {figures['fanout_s']:.2f} "
        f"| < {FANOUT_TARGET_S:.0f} s | {'✅' if fanout_ok else '❌'} |",
        f"| peak memory of a following process at that size, MB | {figures['follower_rss_mb']:.0f} | | |",
        # Every follower loads and indexes the catalog at once: on one small machine they share its
        # cores with each other and with whatever else runs, which the fan-out figure includes.
        f"| (the machine: {figures['cores']} cores, load average {figures['load']:.1f} after the fan-out) | | | |",
    ])  # fmt: skip


def run(processes: int = 4, changes: int = 200, chapters: int = 100_000) -> str:
    """Start PostgreSQL, measure, stop it; the table rows (or a line saying why there are none)."""
    from tests.support.postgres import PostgresServer, PostgresUnavailable  # the throwaway server the tests use

    try:
        server = PostgresServer.create()
    except PostgresUnavailable as error:
        return f"Across processes: not measured: {error}"
    try:
        return rows(asyncio.run(measure(server.new_database(), processes, changes, chapters)))
    finally:
        server.stop("immediate")
        server.remove()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--processes", type=int, default=4, metavar="N", help="following processes (default 4)")
    parser.add_argument("--changes", type=int, default=200, metavar="N", help="settings writes timed (default 200)")
    parser.add_argument("--chapters", type=int, default=100_000, metavar="N", help="catalog size for the reload (default 100,000)")
    parser.add_argument("--follow", metavar="URL", help=argparse.SUPPRESS)  # a follower process
    args = parser.parse_args(argv)
    if args.follow:
        asyncio.run(follow(args.follow))
        return 0
    print(run(args.processes, args.changes, args.chapters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
