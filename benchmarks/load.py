"""`python -m benchmarks.load`: a crowd opening /segment at once, through the fake Discord.

Each time a member opens /segment, Discord asks for suggestions with an empty box; every keystroke
asks again. This sends 500 autocomplete interactions (half empty, half typed, as people type them)
from 250 members within 2 seconds to the project's own bot, logged in to the fake Discord of
tests/support/fakediscord over a catalog of about 100,000 chapters, and measures each one the way Discord
does: from the dispatch of the interaction to the arrival of the answer, against the 3-second
deadline. The fake runs in the same process and event loop as the bot, so its own work counts
against the bot's figures.

It also times a cold start (a fresh process: imports, database, catalog, first answer) twice over
the same folder: with a new database, and again with nothing changed since.

    python -m benchmarks.load                  # generate the 100k catalog in a temporary folder
    python -m benchmarks.load --folder DIR     # or use a folder of episode files
    python -m benchmarks.load --json           # one JSON object instead of the table

`python -m benchmarks` runs it at its 100k size and prints the rows under its own table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

import discord
import yarl

from bot.discord_app.runner import open_bot
from bot.settings import Settings
from tests.support.fakediscord import Channel, FakeDiscord, Member  # the fake Discord lives with the tests

from .measure import percentiles

ROOT = Path(__file__).resolve().parents[1]
from .synthetic import DEFAULT_SEED, benchmark_questions, episodes_for, write_catalog  # noqa: E402

CHAPTERS = 100_000
AUTOCOMPLETES = 500
MEMBERS = 250
SECONDS = 2.0
DEADLINE = 3.0  # Discord's: the first response within 3 s of the interaction


@dataclass
class Crowd:
    """What a crowd of autocompletes got: latency (dispatch to answer) of each, by kind."""

    empty_ms: list[float]
    typed_ms: list[float]
    unanswered: int  # no answer, or one past the deadline (the fake refuses it, as Discord does)
    spread_s: float  # from the first dispatch to the last

    @property
    def answered(self) -> int:
        """Answers the fake accepted: each within the deadline."""
        return len(self.empty_ms) + len(self.typed_ms)


async def crowd(
    fake: FakeDiscord, members: Sequence[Member], channel: Channel, typed: Sequence[str], *, count: int, seconds: float
) -> Crowd:
    """`count` autocompletes of /segment's query, evenly over `seconds`, members taking turns;
    every other one with an empty box, the rest typing `typed` in turn."""
    inputs = ["" if i % 2 == 0 else typed[(i // 2) % len(typed)] for i in range(count)]
    loop = asyncio.get_running_loop()
    began = loop.time()

    async def one(i: int) -> None:
        await asyncio.sleep(max(0.0, began + seconds * i / count - loop.time()))
        await fake.autocomplete("segment", {"query": inputs[i]}, focused="query",
                                member=members[i % len(members)], channel=channel, timeout=DEADLINE + 2)  # fmt: skip

    outcomes = await asyncio.gather(*(one(i) for i in range(count)), return_exceptions=True)
    sent = [x for x in fake.interactions.values() if x.type == 4][-count:]
    empty_ms: list[float] = []
    typed_ms: list[float] = []
    for interaction in sent:
        if interaction.callbacks:
            latency = (interaction.callbacks[0].at - interaction.created_at) * 1000
            query = next(o["value"] for o in interaction.payload["data"]["options"] if o["name"] == "query")
            (typed_ms if query else empty_ms).append(latency)
    fake.take_violations()  # a late answer is counted below, not a test failure here
    return Crowd(
        empty_ms, typed_ms, unanswered=sum(1 for x in outcomes if isinstance(x, BaseException)),
        spread_s=max(x.created_at for x in sent) - min(x.created_at for x in sent),
    )  # fmt: skip


async def _crowd_on_catalog(folder: Path, workdir: Path, count: int, members: int, seconds: float) -> dict[str, Any]:
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        guild = fake.add_guild("Podcast Fans")
        channel = fake.add_channel(guild, "general")
        crowd_members = [fake.add_member(guild, f"listener-{i}") for i in range(members)]
        settings = replace(Settings(), data_dir=folder, database=workdir / "load.db", token=fake.token)
        async with open_bot(settings, guild_ready_timeout=0.05) as bot:
            async with fake.running(bot):
                chapters = bot.catalog.current.chapter_count
                _, partials, _ = benchmark_questions(len(bot.catalog.current.episodes), count, seed=DEFAULT_SEED)
                result = await crowd(fake, crowd_members, channel, partials, count=count, seconds=seconds)
    finally:
        await fake.stop()
    return {
        "chapters": chapters, "autocompletes": count, "members": members, "seconds": seconds,
        "spread_s": result.spread_s, "answered": result.answered, "unanswered": result.unanswered,
        "empty": percentiles(result.empty_ms), "typed": percentiles(result.typed_ms),
        "all": percentiles(result.empty_ms + result.typed_ms),
    }  # fmt: skip


def cold_start(folder: Path, database: Path) -> float:
    """Seconds for a fresh process to open the database, load the catalog and answer a question."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "benchmarks.load", "--start-once", str(folder), str(database)],
                   cwd=ROOT, check=True)  # fmt: skip
    return time.perf_counter() - began


async def _start_once(folder: Path, database: Path) -> None:
    settings = replace(Settings(), data_dir=folder, database=database)
    async with open_bot(settings) as bot:
        assert bot.catalog.current.index.search("ketamine dose").results


def measure(folder: Path, *, count: int = AUTOCOMPLETES, members: int = MEMBERS, seconds: float = SECONDS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="segment-load-") as work:
        workdir = Path(work)
        result = asyncio.run(_crowd_on_catalog(folder, workdir, count, members, seconds))
        database = workdir / "start.db"
        result["cold_start_new_db_s"] = cold_start(folder, database)
        result["cold_start_unchanged_s"] = cold_start(folder, database)
    return result


def measure_in_subprocess(folder: Path) -> dict[str, Any]:
    """measure() in a fresh process, as python -m benchmarks measures each size."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.load", "--folder", str(folder), "--json"],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the load test failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def section(x: dict[str, Any]) -> str:
    """The load test's rows, as markdown, for the benchmark's report."""

    def p(stats: dict[str, float]) -> str:
        return f"{stats['p50']:.1f} / {stats['p99']:.1f}"

    met = x["unanswered"] == 0 and x["answered"] == x["autocompletes"]
    return "\n".join([
        f"Load through the fake Discord ({x['chapters']:,} chapters): {x['autocompletes']} autocompletes of /segment, "
        f"half with an empty box, from {x['members']} members within {x['spread_s']:.2f} s; each timed from its "
        "dispatch to the answer's arrival, bot and fake in one event loop (`python -m benchmarks.load`).",
        "",
        "| load | measured |",
        "|---|---|",
        f"| answered within Discord's 3 s deadline | {x['answered']} of {x['autocompletes']} |",
        f"| all: p50 / p99 ms | {p(x['all'])} |",
        f"| empty box: p50 / p99 ms | {p(x['empty'])} |",
        f"| typed: p50 / p99 ms | {p(x['typed'])} |",
        f"| cold start to first answer, new database / nothing changed since: s | "
        f"{x['cold_start_new_db_s']:.2f} / {x['cold_start_unchanged_s']:.2f} |",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| 100k: {x['autocompletes']} autocompletes from {x['members']} members within 2 s, all answered within 3 s "
        f"| {x['answered']} answered in time, p99 {x['all']['p99']:.0f} ms | {'✅' if met else '❌'} |",
        f"| 100k: cold start to first answer ≤ 5 s when nothing changed since the last start "
        f"| {x['cold_start_unchanged_s']:.2f} s | {'✅' if x['cold_start_unchanged_s'] <= 5 else '❌'} |",
    ]) + "\n"  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--folder", type=Path, metavar="DIR", help="episode files (default: generate ~100k chapters)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--start-once", nargs=2, type=Path, metavar=("DIR", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.start_once:
        asyncio.run(_start_once(*args.start_once))
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="segment-load-catalog-"))
    try:
        folder = args.folder
        if folder is None:
            folder = workdir / "catalog"
            print(f"generating {episodes_for(CHAPTERS):,} synthetic episodes ...", file=sys.stderr, flush=True)
            write_catalog(folder, episodes_for(CHAPTERS))
        result = measure(folder)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result) if args.json else section(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
