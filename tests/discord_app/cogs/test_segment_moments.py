"""/segment answers with the moment it is said when the episode has a transcript: on the fake Discord."""

from __future__ import annotations

import shutil

from bot.discord_app.client import SegmentBot
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import SEED_TRANSCRIPT

DOSES = "Doses & Routes of Administration; “K-holes”; Risk & Caution"


async def _with_transcript(segment_bot: SegmentBot, bot_settings) -> None:
    shutil.copy(SEED_TRANSCRIPT, bot_settings.data_dir / "huberman-ketamine.transcript.vtt")
    assert (await segment_bot.catalog.reload()).ok


async def test_the_answer_starts_where_it_is_said_names_the_chapter_and_quotes_the_speaker(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings
) -> None:
    await _with_transcript(segment_bot, bot_settings)
    interaction = await fake_discord.slash("segment", {"query": "half a milligram per kilogram infusion"}, member=server.member)
    response = await interaction.response()
    assert response.type == 4 and not response.ephemeral and response.allowed_mentions == {"parse": []}
    (embed,) = response.embeds
    assert embed["title"] == f"01:26:04 · {DOSES}"  # the chapter that holds the moment
    assert embed["url"] == "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5247"  # 3 s before the words
    first, said, *_ = embed["description"].splitlines()
    assert first.startswith("[01:27:27](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5247) in this chapter")
    assert said.startswith("> **Andrew:** “A sub-anesthetic infusion is usually about half a milligram")
    assert embed["footer"]["text"].startswith("Not medical advice")


async def test_a_question_the_chapters_answer_starts_at_the_moment_inside_the_chapter(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings
) -> None:
    await _with_transcript(segment_bot, bot_settings)
    embed = (await (await fake_discord.slash("segment", {"query": "learned helplessness"})).response()).embeds[0]
    assert embed["title"].startswith("00:15:17 · ")
    assert embed["url"] == "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=917"
    assert "“Learned helplessness is what an animal shows" in embed["description"]


async def test_off_topic_is_still_declined_and_autocomplete_still_names_chapters(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings
) -> None:
    await _with_transcript(segment_bot, bot_settings)
    response = await (await fake_discord.slash("segment", {"query": "best pizza recipe"})).response()
    assert response.ephemeral and not response.embeds
    choices = await fake_discord.autocomplete("segment", {"query": "dos"}, focused="query")
    assert choices and choices[0]["name"].startswith("01:26:04 · Doses")
