"""A crowd opening /segment at once: every autocomplete answered, none past Discord's deadline.

The functional version of `python -m benchmarks.load` (which measures 500 on 100,000 chapters and
reports the latencies): fewer interactions, a smaller catalog, and no timing asserted beyond the
deadline the fake enforces as Discord does.
"""

from __future__ import annotations

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
