"""A crowd opening /segment at once: every autocomplete answered, none past Discord's deadline.

The functional version of `python -m benchmarks.load` (which measures 500 on 100,000 chapters and
reports the latencies): fewer interactions, a smaller catalog, and no timing asserted beyond the
deadline the fake enforces as Discord does.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.load import crowd
from benchmarks.synthetic import benchmark_questions, write_catalog
from bot.settings import Settings
from tests.support.bots import Server, StartBot
from tests.support.fakediscord import FakeDiscord


async def test_150_autocompletes_from_75_members_at_once_are_all_answered_in_time(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "catalog"
    write_catalog(folder, 40)  # about 1,000 chapters, the seed episode among them
    members = [fake_discord.add_member(server.guild, f"listener-{i}") for i in range(75)]
    _, typed, _ = benchmark_questions(40, 75)
    async with start_bot(replace(bot_settings, data_dir=folder)):
        result = await crowd(fake_discord, members, server.general, typed, count=150, seconds=1.0)
    assert result.unanswered == 0  # a late answer is refused by the fake, as by Discord
    assert len(result.empty_ms) == 75 and len(result.typed_ms) == 75


async def test_50_questions_at_once_on_a_busy_host_are_all_answered_in_time(
    fake_discord: FakeDiscord, server: Server, start_bot: StartBot, bot_settings: Settings, tmp_path: Path
) -> None:
    """Fifty /segment at once while another process keeps a core busy: each answer's work (its
    sentence vector, its matrix products) runs on one thread, so it never waits for the busy core,
    and none delays the acknowledgement of those behind it past Discord's deadline (issue 20, item 17).
    With two BLAS threads, fifty question vectors took 5-21 s on such a host."""
    folder = tmp_path / "catalog"
    write_catalog(folder, 40)
    members = [fake_discord.add_member(server.guild, f"asker-{i}") for i in range(50)]
    questions, _, _ = benchmark_questions(40, 50)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        async with start_bot(replace(bot_settings, data_dir=folder)):
            sent = await asyncio.gather(*(
                fake_discord.slash("segment", {"query": q[:100]}, member=m, channel=server.general) for q, m in zip(questions, members)
            ))  # fmt: skip
            responses = await asyncio.gather(*(interaction.response(timeout=5) for interaction in sent))
    finally:
        busy.kill()
        busy.wait()
    assert len(responses) == 50 and not fake_discord.take_violations()  # a late one is refused, as by Discord
