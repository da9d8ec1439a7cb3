"""/episodes end to end: the catalog list, choosing an episode, paging with buttons; and /episode add,
a moderator uploading show notes."""

from __future__ import annotations

import json

import pytest

from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord, Upload
from tests.support.feedserver import corpus_file


def _custom_id(components: list[dict], label: str) -> str:
    for row in components:
        for component in row["components"]:
            if component.get("label") == label or component.get("placeholder") == label:
                return component["custom_id"]
    raise AssertionError(f"no component {label!r} in {components}")


def _labels(components: list[dict]) -> list[str]:
    return [c.get("label") or c.get("placeholder") for row in components for c in row["components"]]


async def _grow_catalog(bot: SegmentBot, settings: Settings, count: int) -> None:
    raw = json.loads((settings.data_dir / "huberman-ketamine.json").read_text())
    for n in range(count):
        (settings.data_dir / f"ep-{n:02d}.json").write_text(json.dumps(dict(raw, id=f"ep-{n:02d}", title=f"Episode {n:02d}")))
    assert (await bot.catalog.reload()).ok


async def test_one_episode_catalog_shows_its_chapters_paged(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    interaction = await fake_discord.slash("episodes", member=server.member)
    first = await interaction.response()
    assert first.ephemeral
    page = first.embeds[0]
    assert page["title"] == "Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity"
    assert page["description"].splitlines()[0] == "[00:00:00](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=0) Ketamine"
    assert len(page["description"].splitlines()) == 15
    assert page["footer"]["text"].startswith("Page 1 of 2 · Not medical advice")
    assert _labels(first.components) == ["◀ Previous", "Next ▶"]

    turned = await (await fake_discord.click(first, _custom_id(first.components, "Next ▶"), member=server.member)).response()
    assert turned.type == 7  # the same message, updated
    lines = turned.embeds[0]["description"].splitlines()
    assert lines[0].startswith("[01:15:45](") and lines[-1].startswith("[01:40:40](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=6040) Zero-Cost Support")
    assert "`01:02:28` Sponsor: LMNT *(sponsor)*" not in lines  # that one was on page 1
    assert turned.embeds[0]["footer"]["text"].startswith("Page 2 of 2")


async def test_many_episodes_are_listed_then_one_is_chosen(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    await _grow_catalog(segment_bot, bot_settings, 12)
    first = await (await fake_discord.slash("episodes", member=server.member)).response()
    assert first.embeds[0]["title"] == "Episodes (13)"
    assert first.embeds[0]["footer"]["text"].startswith("Page 1 of 2")
    choose = _custom_id(first.components, "Choose an episode to see its chapters")
    chosen = await (await fake_discord.select(first, choose, ["ep-03"], member=server.member)).response()
    assert chosen.embeds[0]["title"] == "Episode 03"
    assert "All episodes" in _labels(chosen.components)
    back = await (await fake_discord.click(first, _custom_id(chosen.components, "All episodes"), member=server.member)).response()
    assert back.embeds[0]["title"] == "Episodes (13)"


async def test_episode_option_goes_straight_to_the_chapters(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings: Settings
) -> None:
    await _grow_catalog(segment_bot, bot_settings, 2)
    response = await (await fake_discord.slash("episodes", {"episode": "ep-01"})).response()
    assert response.embeds[0]["title"] == "Episode 01"


async def test_someone_else_cannot_turn_your_pages(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    first = await (await fake_discord.slash("episodes", member=server.member)).response()
    other = await (await fake_discord.click(first, _custom_id(first.components, "Next ▶"), member=server.admin)).response()
    assert other.ephemeral and "your own" in other.content


# ---- /episode add -------------------------------------------------------------------------------

NOTES = """Light, Sleep and Mood

Podcast: Test Cast
Duration: 45:00

How morning light sets the clock that decides when we sleep, and what that does to mood.

00:00 Welcome
03:10 Morning light and the circadian clock
21:45 Light at night
40:00 Questions
"""


async def test_a_moderator_uploads_show_notes_and_sees_what_was_read(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    upload = Upload("light-sleep-mood.txt", NOTES.encode())
    added = await fake_discord.slash("episode add", {"file": upload}, member=server.admin)
    reply = (await added.followup()).content
    assert reply.startswith("Added **Light, Sleep and Mood** (Test Cast, 00:45:00, id `light-sleep-mood`), 4 chapters:")
    assert "`00:03:10` Morning light and the circadian clock" in reply and "Catalog reloaded: 1 episodes added" in reply
    written = json.loads((bot_settings.data_dir / "test-cast" / "light-sleep-mood.json").read_text())
    assert written["title"] == "Light, Sleep and Mood"
    answer = await (await fake_discord.slash("segment", {"query": "light at night"})).response()
    assert answer.embeds[0]["title"].endswith("Light at night")


async def test_an_uploaded_chapters_json_with_a_title(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    data = corpus_file("chapters/jupiterbroadcasting_linux-unplugged_0650.chapters.json").read_bytes()
    added = await fake_discord.slash("episode add", {"file": Upload("lup-650.json", data, "application/json"),
                                                      "podcast": "LINUX Unplugged", "title": "This Old Network"},
                                     member=server.admin)  # fmt: skip
    reply = (await added.followup()).content
    expected = [c for c in json.loads(data)["chapters"] if c.get("toc") is not False]
    assert reply.startswith("Added **This Old Network** (LINUX Unplugged") and f"{len(expected)} chapters:" in reply


@pytest.mark.parametrize(
    ("upload", "message"),
    [(Upload("notes.txt", b"Just a title\n\nNo chapters here at all.\n"), "no chapter list found"),
     (Upload("notes.txt", "Titel\n\n00:00 Café\n".encode("latin-1")), "not UTF-8 text"),
     (Upload("huberman-ketamine.txt", NOTES.encode()), "an episode with the id 'huberman-ketamine' exists"),
     (Upload("big.txt", b"x" * (600 * 1024)), "show notes of at most 512 KB"),
     (Upload("---.txt", NOTES.encode()), "cannot make an episode id from the file name '---.txt'")],
    ids=["no chapters", "not utf-8", "id taken", "too big", "no id in the name"],
)  # fmt: skip
async def test_an_upload_that_makes_no_episode_says_why_and_changes_nothing(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, upload: Upload, message: str
) -> None:
    before = segment_bot.catalog.current
    interaction = await fake_discord.slash("episode add", {"file": upload, "podcast": "Test Cast"}, member=server.admin)
    first = await interaction.response()
    reply = first.content if first.content else (await interaction.followup()).content
    assert message in reply
    assert segment_bot.catalog.current is before


async def test_an_upload_the_data_folder_cannot_take_says_so_and_changes_nothing(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    (bot_settings.data_dir / "test-cast").write_text("a file where the podcast's folder would go\n")
    before = segment_bot.catalog.current
    interaction = await fake_discord.slash("episode add", {"file": Upload("light.txt", NOTES.encode())}, member=server.admin)
    reply = (await interaction.followup()).content
    assert reply.startswith("Nothing added:") and "cannot write test-cast/light.json" in reply
    assert segment_bot.catalog.current is before


async def test_a_plain_member_cannot_upload(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    interaction = await fake_discord.slash("episode add", {"file": Upload("x.txt", NOTES.encode())}, member=server.member)
    assert "Only moderators" in (await interaction.response()).content
    assert fake_discord.requests_to("GET /cdn/attachments/{id}/{name}") == []
