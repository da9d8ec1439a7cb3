"""An episode published without chapters, with a transcript: /episodes lists the chapters found in
the transcript marked as automatic, and /segment answers with the moment in one, named as automatic."""

from __future__ import annotations

import shutil

from bot.core.episodes import Episode
from bot.core.episodes.codec import dump_episode
from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord, Upload
from tests.support.paths import THREE_TOPICS


async def _add_unchaptered_episode(bot: SegmentBot, settings: Settings) -> None:
    episode = Episode(id="three-topics", title="Bees, Bread and Volcanoes", podcast="Test Cast", duration=1080,
                      chapters=(), url="https://www.youtube.com/watch?v=abcdefghijk")  # fmt: skip
    (settings.data_dir / "three-topics.json").write_text(dump_episode(episode), encoding="utf-8")
    shutil.copy(THREE_TOPICS, settings.data_dir / "three-topics.transcript.vtt")
    assert (await bot.catalog.reload()).ok


def _custom_id(components: list[dict], label: str) -> str:
    return next(c["custom_id"] for row in components for c in row["components"] if label in (c.get("label"), c.get("placeholder")))


async def test_episodes_lists_the_found_chapters_marked_automatic(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    await _add_unchaptered_episode(segment_bot, bot_settings)
    listing = await (await fake_discord.slash("episodes", member=server.member)).response()
    lines = listing.embeds[0]["description"].splitlines()
    assert "**Bees, Bread and Volcanoes** — Test Cast · 3 chapters (automatic)" in lines
    assert any(line.endswith("· 22 chapters") for line in lines)  # published chapters: no mark
    choose = _custom_id(listing.components, "Choose an episode to see its chapters")
    chosen = (await (await fake_discord.select(listing, choose, ["three-topics"], member=server.member)).response()).embeds[0]
    first, second, third, note = chosen["description"].splitlines()
    assert first.startswith("[00:00:00](https://www.youtube.com/watch?v=abcdefghijk&t=0) ") and "honey" in first.lower()
    assert second.startswith("[00:06:00](") and third.startswith("[00:12:00](")
    assert note == "*Chapters found automatically in the transcript, titled from its words: none were published.*"


async def test_segment_answers_with_the_moment_and_names_the_automatic_chapter(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    await _add_unchaptered_episode(segment_bot, bot_settings)
    response = await (await fake_discord.slash("segment", {"query": "dutch oven lid bake bread"}, member=server.member)).response()
    (embed,) = response.embeds
    assert embed["title"].startswith("00:06:00 · ") and embed["title"].endswith(" (automatic chapter)")
    assert "Dutch oven" in embed["description"] and embed["url"].startswith("https://www.youtube.com/watch?v=abcdefghijk&t=")
    published = (await (await fake_discord.slash("segment", {"query": "ketamine nasal spray"})).response()).embeds[0]
    assert "automatic" not in published["title"]


async def test_a_transcript_uploaded_for_a_feed_episode_without_chapters_gives_it_automatic_chapters(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    podcast = bot_settings.data_dir / "test-cast"  # where a followed feed writes its episodes
    podcast.mkdir()
    episode = Episode(id="three-topics", title="Bees, Bread and Volcanoes", podcast="Test Cast", duration=1080, chapters=())
    (podcast / "three-topics.json").write_text(dump_episode(episode), encoding="utf-8")
    assert (await segment_bot.catalog.reload()).ok
    upload = Upload("three-topics.vtt", THREE_TOPICS.read_bytes())
    done = await fake_discord.slash("episode transcript", {"episode": "three-topics", "file": upload}, member=server.admin)
    reply = (await done.followup()).content
    assert "saved: WebVTT, 72 cues, 2 speakers, until 00:17:57. No chapter list was published: 3 automatic chapters found in it." in reply
    served = segment_bot.catalog.current.index.episode("three-topics")
    assert served is not None and served.chapters_automatic and [c.start for c in served.chapters] == [0, 360, 720]
    assert (podcast / "three-topics.transcript.vtt").is_file() and '"chapters": []' in (podcast / "three-topics.json").read_text()
