"""/episode transcript end to end, through the fake Discord: a moderator gives an episode its
transcript; what cannot be used is refused and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord, Upload

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "transcripts" / "fixtures"


async def test_a_moderator_uploads_a_transcript_and_the_episode_serves_with_it(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    upload = Upload("ketamine.srt", (FIXTURES / "subrip-speakers.srt").read_bytes())
    done = await fake_discord.slash("episode transcript", {"episode": "huberman-ketamine", "file": upload}, member=server.admin)
    reply = (await done.followup()).content
    assert reply.startswith("Transcript of **Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity** saved: "
                            "SubRip, 6 cues, 2 speakers, until 01:00:02.")  # fmt: skip
    assert "⚠ line 14: ends before it starts" in reply and "⚠ line 22: a timing line that cannot be read" in reply
    assert "Catalog reloaded: 0 episodes added, 1 changed." in reply
    written = bot_settings.data_dir / "huberman-ketamine.transcript.srt"
    assert "Speaker 1: Can you hear me?" in written.read_text(encoding="utf-8")
    (served,) = segment_bot.catalog.current.episodes
    assert served.transcript is not None and served.transcript[0].text == "Can you hear me?"

    again = Upload("ketamine.vtt", (FIXTURES / "webvtt-voices.vtt").read_bytes())
    done = await fake_discord.slash("episode transcript", {"episode": "huberman-ketamine", "file": again}, member=server.admin)
    assert "saved: WebVTT, 5 cues, 2 speakers" in (await done.followup()).content
    assert not written.exists() and (bot_settings.data_dir / "huberman-ketamine.transcript.vtt").is_file()


@pytest.mark.parametrize(
    ("upload", "message"),
    [(Upload("notes.txt", b"We talked about tides.\n"), "No transcript saved:\n```\nnotes.txt: not a transcript"),
     (Upload("late.vtt", b"WEBVTT\n\n09:00:00.000 --> 09:00:02.000\nToo late.\n"), "no cue with words is left within the episode's length"),
     (Upload("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "a binary file, not a transcript")],
)  # fmt: skip
async def test_an_upload_that_is_no_transcript_says_why_and_changes_nothing(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings, upload: Upload, message: str
) -> None:
    before = segment_bot.catalog.current
    done = await fake_discord.slash("episode transcript", {"episode": "huberman-ketamine", "file": upload}, member=server.admin)
    reply = await done.followup()
    assert reply.ephemeral and message in reply.content
    assert segment_bot.catalog.current is before
    assert sorted(p.name for p in bot_settings.data_dir.iterdir() if p.is_file()) == ["huberman-ketamine.json"]


async def test_an_unknown_episode_and_a_plain_member_are_refused_before_any_download(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server
) -> None:
    upload = Upload("t.vtt", (FIXTURES / "webvtt-voices.vtt").read_bytes())
    unknown = await fake_discord.slash("episode transcript", {"episode": "nope", "file": upload}, member=server.admin)
    assert "nope" in (await unknown.response()).content
    member = await fake_discord.slash("episode transcript", {"episode": "huberman-ketamine", "file": upload}, member=server.member)
    assert "Only moderators" in (await member.response()).content
    assert fake_discord.requests_to("GET /cdn/attachments/{id}/{name}") == []


async def test_an_answer_shows_a_summary_drawn_from_the_transcript_and_the_episodes_note(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    episode_file = bot_settings.data_dir / "huberman-ketamine.json"
    raw = json.loads(episode_file.read_text(encoding="utf-8"))
    next(c for c in raw["chapters"] if c["start"] == "01:15:45")["summary"] = ""
    episode_file.write_text(json.dumps(raw), encoding="utf-8")
    said = ("[01:15:50] Host: The habenula is a small brain area that can push the brain toward pro-depressive states.\n"
            "[01:16:05] Host: Ketamine seems to quiet bursting in the habenula, which may be part of how it lifts mood.\n")  # fmt: skip
    upload = Upload("habenula.txt", said.encode())
    done = await fake_discord.slash("episode transcript", {"episode": "huberman-ketamine", "file": upload}, member=server.admin)
    assert "saved: text with times, 2 cues, 1 speakers" in (await done.followup()).content
    answer = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    embed = answer.embeds[0]
    assert embed["title"].startswith("01:15:45")
    assert "From the transcript: “The habenula is a small brain area that can push the brain toward pro-depressive states." in embed["description"]
    assert embed["footer"]["text"] == raw["note"]
